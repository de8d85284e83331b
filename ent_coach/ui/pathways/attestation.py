"""The « attestation de suivi »: a printable French summary of a pathway followed (steps,
dates, time, quiz scores), saved as PDF. Explicitly not a certification."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtGui import QTextDocument

from ent_coach.domain.pathways import QUIZ_KINDS, StepState
from ent_coach.domain.text import slugify
from ent_coach.ui.pathways import texts
from ent_coach.ui.printing import PAPER_STYLE

if TYPE_CHECKING:
    from ent_coach.services.pathways import Attestation

DISCLAIMER = (
    "Ce document atteste le suivi d'un parcours d'autoformation dans ENT Coach. Il ne constitue "
    "ni une certification ni une attestation officielle de compétences (voir Pix et Pix+ Édu)."
)

_STYLE = PAPER_STYLE


def default_file_name(attestation: Attestation) -> str:
    return f"attestation-{slugify(attestation.pathway.id)}.pdf"


def attestation_html(attestation: Attestation) -> str:
    tr = texts.tr
    pathway, progress = attestation.pathway, attestation.progress
    rows = []
    for number, step_progress in enumerate(progress.steps, start=1):
        step = step_progress.step
        time = attestation.times.get(step.id)
        score = attestation.scores.get(step.id, step_progress.score)
        done_on = (
            time.completed_at.strftime("%d/%m/%Y")  # short: the column stays narrow
            if time is not None and time.completed_at is not None and step_progress.done
            else "—"
        )
        state = step_progress.state
        # On paper, « verrouillé » means nothing: it is simply not done yet.
        shown_state = StepState.TODO if state is StepState.LOCKED else state
        rows.append(
            "<tr>"
            f"<td>{number}</td>"
            f"<td>{escape(step.title)}</td>"
            f"<td>{escape(texts.kind_label(step.kind))}</td>"
            f"<td>{escape(texts.state_label(shown_state))}</td>"
            f"<td>{escape(done_on)}</td>"
            f"<td>{escape(texts.spent(time.seconds) if time is not None else '—')}</td>"
            f"<td>{escape(texts.percent(score) if step.kind in QUIZ_KINDS else '')}</td>"
            "</tr>"
        )
    if progress.completed:
        status = tr("Parcours terminé le %1.").replace("%1", texts.french_date(attestation.completed_at))
    else:
        status = tr("Parcours en cours : %1.").replace("%1", texts.progress_summary(progress))
    started = tr("Commencé le %1.").replace("%1", texts.french_date(attestation.started_at))
    version = (
        tr(" · version du contenu %1").replace("%1", attestation.content_version)
        if attestation.content_version
        else ""
    )
    heading = tr("Attestation de suivi") if progress.completed else tr(
        "Attestation de suivi — parcours en cours"
    )
    # Widths keep the step title readable; the other columns hold short values.
    header = "".join(
        f"<th width='{width}%'>{escape(label)}</th>"
        for label, width in (
            (tr("N°"), 6), (tr("Étape"), 30), (tr("Type"), 18), (tr("État"), 10),
            (tr("Terminée le"), 14), (tr("Temps"), 11), (tr("Score"), 11),
        )
    )  # fmt: skip
    total = (
        texts.spent(attestation.total_seconds)
        if attestation.total_seconds >= 1
        else tr("non mesuré (activités faites hors d'ENT Coach)")
    )
    unavailable = (
        f"<p class='muted'>{escape(tr('Les étapes indisponibles ne comptent pas : leur contenu a été retiré de cette version.'))}</p>"
        if progress.unavailable_count
        else ""
    )
    return (
        f"<html><head><title>{escape(heading)}</title></head><body>"
        f"<h1>{escape(heading)}</h1>"
        f"<p><b>{escape(attestation.display_name)}</b> — {escape(attestation.role_label)}</p>"
        f"<h2>{escape(pathway.title)}</h2>"
        f"<p><i>{escape(tr('Objectif :'))}</i> {escape(pathway.goal)}</p>"
        f"<p>{escape(started)} {escape(status)}</p>"
        f"<table width='100%' border='1' cellspacing='0' cellpadding='4'><thead><tr>{header}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"{unavailable}"
        f"<p><b>{escape(tr('Temps total enregistré :'))}</b> {escape(total)}"
        f" · {escape(texts.progress_summary(progress))}</p>"
        f"<p class='notice'>{escape(tr(DISCLAIMER))}</p>"
        f"<p class='muted'>{escape(tr('Document produit par ENT Coach le %1').replace('%1', texts.french_date(attestation.generated_at)))}"
        f"{escape(version)}.</p>"
        "</body></html>"
    )


def attestation_document(attestation: Attestation) -> QTextDocument:
    """A light document for paper, whatever the screen's palette."""
    document = QTextDocument()
    document.setDefaultStyleSheet(_STYLE)
    heading = texts.tr("Attestation de suivi")
    document.setMetaInformation(
        QTextDocument.MetaInformation.DocumentTitle, f"{heading} — {attestation.pathway.title}"
    )
    document.setHtml(attestation_html(attestation))
    return document
