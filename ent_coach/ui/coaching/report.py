"""The séance report (« Rapport de séance ») and the participants' « attestations de suivi »,
as PDF files written atomically.

The HTML is built by plain functions (tested on their own); the matrix text comes from
``matrix_table``, as on screen and in the CSV. Charts are the screen's painting code rendered
to images with paper colours. Paper is always light, whatever the screen's palette.

Needs a QGuiApplication (fonts, images): the command line calls ``ensure_application``.
Touches no widget: the screens run these functions on a painting thread (``ui/paint_job.py``).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication, QTextDocument

from ent_coach.domain.coaching import (
    NEEDS_HELP_RULES,
    Dashboard,
    ItemStatus,
    ParticipantRow,
    display_code,
)
from ent_coach.domain.coaching_dashboard import (
    anonymised_label,
    format_minutes,
    matrix_table,
    percent,
)
from ent_coach.domain.pathways import StepKind
from ent_coach.domain.text import plural, slugify
from ent_coach.ui.coaching.charts import (
    bin_labels,
    completion_bars,
    completion_image,
    histogram_image,
)
from ent_coach.ui.coaching.texts import tr
from ent_coach.ui.pathways.texts import clock, french_date, kind_label
from ent_coach.ui.printing import PAPER_STYLE, export_pdf

# Translated where it is used (``tr(ATTESTATION_DISCLAIMER)``); tests compare with the French.
ATTESTATION_DISCLAIMER = (
    "Ce document atteste le suivi d'une séance de formation dans ENT Coach. Il ne constitue "
    "ni une certification ni une attestation officielle de compétences (voir Pix et Pix+ Édu)."
)
COMPLETION_IMAGE = QUrl("seance://avancement.png")
HISTOGRAM_IMAGE = QUrl("seance://scores.png")
MATRIX_ITEMS_PER_TABLE = 4  # an A4 page in portrait holds the name and four item columns
MISSED_IN_REPORT = 10
_FILE_STEM_MAX = 60

_STYLE = PAPER_STYLE + """
body { font-size: 10pt; }
h3 { font-size: 11pt; margin-top: 13px; }
td.num { text-align: right; }
table.matrix { font-size: 8pt; }
"""

_app: QGuiApplication | None = None


def ensure_application() -> None:
    """A headless Qt application for the command line (PDFs need fonts). Does nothing when
    the desktop application (or a test) already made one."""
    global _app
    if QGuiApplication.instance() is None:
        _app = QGuiApplication([sys.argv[0] if sys.argv else "ent-coach", "-platform", "offscreen"])


def _when(moment: dt.datetime) -> str:
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return tr("%1 à %2").replace("%1", french_date(local)).replace("%2", f"{local:%H:%M}")


def _table(
    headers: list[str],
    rows: list[list[str]],
    *,
    numeric: frozenset[int] = frozenset(),
    css: str = "",
) -> str:
    head = "".join(f"<th>{escape(text)}</th>" for text in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td class='num'>{escape(text)}</td>"
            if column in numeric
            else f"<td>{escape(text)}</td>"
            for column, text in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f"<table class='{css}' width='100%' border='1' cellspacing='0' cellpadding='3'>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _seance_lines(dashboard: Dashboard) -> str:
    plan = dashboard.plan
    place = f" · {escape(plan.place)}" if plan.place else ""
    return (
        f"<p><b>{escape(plan.title)}</b></p>"
        "<p>"
        + escape(tr("Le %1").replace("%1", french_date(plan.date)))
        + place
        + " · "
        + escape(tr("code de séance"))
        + f" <b>{escape(display_code(plan.code))}</b></p>"
    )


def _label(row_index: int, row: ParticipantRow, *, anonymise: bool) -> str:
    return anonymised_label(row_index) if anonymise else row.participant.label(row_index)


def completion_text(done: int, total: int) -> str:
    """« 18/23 (78 %) »."""
    share = round(100 * done / total) if total else 0
    return f"{done}/{total} ({share} %)"


def score_summary(bins: tuple[int, ...]) -> str:
    """« Meilleurs scores : 20–29 % : 4 participants ; 80–89 % : 2 participants. »"""
    if not any(bins):
        return tr("Aucune évaluation de la séance terminée.")
    parts = [
        (tr("%1 % : %2 participants") if count > 1 else tr("%1 % : %2 participant"))
        .replace("%1", label)
        .replace("%2", str(count))
        for label, count in zip(bin_labels(), bins, strict=False)
        if count
    ]
    return tr("Meilleur score de chaque participant, par tranche de 10 % — %1.").replace(
        "%1", " ; ".join(parts)
    )


def has_assessment(dashboard: Dashboard) -> bool:
    return any(item.kind is StepKind.QUIZ_ASSESSMENT for item in dashboard.plan.items)


def matrix_html(dashboard: Dashboard, *, anonymise: bool) -> str:
    """The on-screen matrix, cut into tables of a few items that fit the page width; the
    totals close the last one when there is room, else they get a table of their own."""
    header, rows = matrix_table(dashboard, anonymise=anonymise)
    item_count = len(dashboard.plan.items)
    totals = [item_count + 1, item_count + 2]
    groups: list[tuple[str, list[int]]] = []
    for start in range(0, item_count, MATRIX_ITEMS_PER_TABLE):
        stop = min(start + MATRIX_ITEMS_PER_TABLE, item_count)
        title = (
            tr("Éléments %1 à %2").replace("%1", str(start + 1)).replace("%2", str(stop))
            if stop > start + 1
            else tr("Élément %1").replace("%1", str(stop))
        )
        groups.append((title, list(range(1 + start, 1 + stop))))
    if groups and len(groups[-1][1]) <= MATRIX_ITEMS_PER_TABLE - 2:
        groups[-1][1].extend(totals)
    else:
        groups.append((tr("Totaux"), totals))
    parts = []
    for title, group in groups:
        columns = [0, *group]
        if len(groups) > 1:
            parts.append(f"<h3>{escape(title)}</h3>")
        numeric = frozenset(i for i, column in enumerate(columns) if column > item_count)
        parts.append(
            _table(
                [header[c] for c in columns],
                [[row[c] for c in columns] for row in rows],
                numeric=numeric,
                css="matrix",
            )
        )
    return "".join(parts)


def report_html(dashboard: Dashboard, *, anonymise: bool, with_images: bool = True) -> str:
    plan = dashboard.plan
    total = len(dashboard.rows)
    parts = [
        f"<html><head><title>{escape(tr('Rapport de séance'))}</title></head><body>",
        f"<h1>{escape(tr('Rapport de séance'))}</h1>",
        _seance_lines(dashboard),
    ]
    if plan.tutor_note:
        parts.append(f"<p class='muted'>{escape(plan.tutor_note)}</p>")

    parts.append(f"<h2>{escape(tr('Plan'))}</h2>")
    parts.append(
        _table(
            [tr("N°"), tr("Élément"), tr("Type"), tr("Durée prévue")],
            [
                [str(number), item.title, kind_label(item.kind), clock(item.minutes)]
                for number, item in enumerate(plan.items, start=1)
            ],
        )
    )
    total_time = tr("Durée totale prévue : %1.").replace("%1", clock(plan.minutes))
    parts.append(f"<p>{escape(total_time)}</p>")

    parts.append(f"<h2>{escape(tr('Participation'))}</h2>")
    helped = [(index, row) for index, row in enumerate(dashboard.rows) if row.needs_help]
    people = tr("1 participant") if total == 1 else tr("%1 participants").replace("%1", str(total))
    with_help = tr("%1 avec au moins un « besoin d'aide ».").replace("%1", str(len(helped)))
    parts.append(f"<p>{escape(people)} · {escape(with_help)}</p>")
    parts.append(
        _table(
            [tr("Élément"), tr("Terminé")],
            [
                [
                    f"{number}. {item.title}",
                    completion_text(dashboard.completion.get(item.id, 0), total),
                ]
                for number, item in enumerate(plan.items, start=1)
            ],
            numeric=frozenset({1}),
        )
    )
    if with_images:
        parts.append(f"<p><img src='{COMPLETION_IMAGE.toString()}' width='520'></p>")

    parts.append(f"<h2>{escape(tr('Tableau de suivi'))}</h2>")
    if anonymise:
        hidden = tr("Noms masqués : les participants sont numérotés dans l'ordre d'import.")
        parts.append(f"<p class='muted'>{escape(hidden)}</p>")
    parts.append(matrix_html(dashboard, anonymise=anonymise))

    if has_assessment(dashboard):
        parts.append(f"<h2>{escape(tr('Évaluation de la séance'))}</h2>")
        parts.append(f"<p>{escape(score_summary(dashboard.score_bins))}</p>")
        if with_images and any(dashboard.score_bins):
            parts.append(f"<p><img src='{HISTOGRAM_IMAGE.toString()}' width='520'></p>")
        parts.append(f"<h3>{escape(tr('Questions les plus manquées'))}</h3>")
        if dashboard.missed:
            parts.append(
                _table(
                    [tr("Question"), tr("Bonnes réponses"), tr("Réponses")],
                    [
                        [missed.question, f"{missed.percent_correct} %", str(missed.answered)]
                        for missed in dashboard.missed[:MISSED_IN_REPORT]
                    ],
                    numeric=frozenset({1, 2}),
                )
            )
            first_try = tr("Part de bonnes réponses au premier essai.")
            parts.append(f"<p class='muted'>{escape(first_try)}</p>")
        else:
            no_answer = tr("Aucune réponse reçue à l'évaluation de la séance.")
            parts.append(f"<p>{escape(no_answer)}</p>")

    heading = tr("Besoin d'aide")
    parts.append(f"<h2>{escape(heading)}</h2>")
    rule = tr("Un élément est marqué « besoin d'aide » pour %1").replace(
        "%1", " ".join(NEEDS_HELP_RULES)
    )
    parts.append(f"<p class='muted'>{escape(rule)}</p>")
    if helped:
        lines = []
        for index, row in helped:
            reasons = [
                f"{number}. {item.title} : {row.cells[item.id].reason or ItemStatus.NEEDS_HELP.label}"
                for number, item in enumerate(plan.items, start=1)
                if row.cells[item.id].status is ItemStatus.NEEDS_HELP
            ]
            lines.append(
                f"<li><b>{escape(_label(index, row, anonymise=anonymise))}</b> — "
                f"{escape(' ; '.join(reasons))}</li>"
            )
        parts.append("<ul>" + "".join(lines) + "</ul>")
    else:
        nobody = tr("Aucun participant n'a besoin d'aide.")
        parts.append(f"<p>{escape(nobody)}</p>")

    generated = tr("Généré par ENT Coach le %1.").replace("%1", _when(dashboard.generated_at))
    parts.append(f"<p class='muted'>{escape(generated)}</p>")
    parts.append("</body></html>")
    return "".join(parts)


def _document(title: str, html: str) -> QTextDocument:
    document = QTextDocument()
    document.setDefaultStyleSheet(_STYLE)
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    document.setHtml(html)
    return document


def report_document(dashboard: Dashboard, *, anonymise: bool) -> QTextDocument:
    document = QTextDocument()
    document.setDefaultStyleSheet(_STYLE)
    document.setMetaInformation(
        QTextDocument.MetaInformation.DocumentTitle,
        tr("Rapport de séance — %1").replace("%1", dashboard.plan.title),
    )
    # Resources first: the HTML refers to them by URL.
    document.addResource(
        QTextDocument.ResourceType.ImageResource,
        COMPLETION_IMAGE,
        completion_image(completion_bars(dashboard)),
    )
    document.addResource(
        QTextDocument.ResourceType.ImageResource,
        HISTOGRAM_IMAGE,
        histogram_image(dashboard.score_bins),
    )
    document.setHtml(report_html(dashboard, anonymise=anonymise))
    return document


def write_report_pdf(dashboard: Dashboard, path: Path, *, anonymise: bool) -> None:
    """Raises OSError when the file cannot be written (the previous file is then untouched)."""
    ensure_application()
    export_pdf(report_document(dashboard, anonymise=anonymise), Path(path))


# -- attestations -----------------------------------------------------------------------------


def _row_index(dashboard: Dashboard, pseudonym: str) -> int:
    for index, row in enumerate(dashboard.rows):
        if row.participant.pseudonym == pseudonym:
            return index
    raise KeyError(f"aucun participant « {pseudonym} » dans cette séance")


def attestation_html(dashboard: Dashboard, row_index: int, *, anonymise: bool = False) -> str:
    plan = dashboard.plan
    row = dashboard.rows[row_index]
    rows = []
    for number, item in enumerate(plan.items, start=1):
        cell = row.cells[item.id]
        rows.append(
            [
                str(number),
                item.title,
                kind_label(item.kind),
                cell.status.label,
                format_minutes(cell.seconds),
                f"{percent(cell.score)} %" if cell.score is not None else "—",
            ]
        )
    total = (
        format_minutes(row.total_seconds)
        if row.total_seconds >= 1
        else tr("non mesuré (activités faites hors d'ENT Coach)")
    )
    done = (
        plural(row.done_count, tr("%n élément terminé sur %2"), tr("%n éléments terminés sur %2"))
        .replace("%2", str(len(plan.items)))
    )
    produced = tr("Document produit par ENT Coach le %1.").replace(
        "%1", _when(dashboard.generated_at)
    )
    title = tr("Attestation de suivi")
    followed = tr("%1 a suivi la séance de formation :")
    name = escape(_label(row_index, row, anonymise=anonymise))
    return (
        f"<html><head><title>{escape(title)}</title></head><body>"
        f"<h1>{escape(title)}</h1>"
        f"<p>{escape(followed).replace('%1', f'<b>{name}</b>')}</p>"
        f"{_seance_lines(dashboard)}"
        f"<h2>{escape(tr('Éléments du plan'))}</h2>"
        + _table(
            [tr("N°"), tr("Élément"), tr("Type"), tr("État"), tr("Temps"), tr("Score")],
            rows,
            numeric=frozenset({4, 5}),
        )
        + f"<p><b>{escape(tr('Temps total enregistré :'))}</b> {escape(total)} · {escape(done)}.</p>"
        f"<p class='notice'>{escape(tr(ATTESTATION_DISCLAIMER))}</p>"
        # Left blank for the tutor, who signs the printed page. Empty lines, not CSS margins:
        # those are not scaled to the PDF's resolution and come out a hair thin.
        "<p>&nbsp;</p>"
        f"<p>{escape(tr('Fait à ……………………………, le ……………………'))}</p>"
        f"<p>{escape(tr('Nom et signature du formateur ou de la formatrice :'))}</p>"
        "<p>&nbsp;</p><p>&nbsp;</p><p>&nbsp;</p>"
        f"<p class='muted'>{escape(produced)}</p>"
        "</body></html>"
    )


def write_attestation_pdf(
    dashboard: Dashboard, pseudonym: str, path: Path, *, anonymise: bool = False
) -> None:
    """Raises KeyError for a pseudonym not in the séance, OSError when the file cannot be
    written. ``anonymise``: « Participant n » instead of the name."""
    index = _row_index(dashboard, pseudonym)
    ensure_application()
    label = _label(index, dashboard.rows[index], anonymise=anonymise)
    document = _document(
        tr("Attestation de suivi — %1").replace("%1", label),
        attestation_html(dashboard, index, anonymise=anonymise),
    )
    export_pdf(document, Path(path))


def attestation_file_names(dashboard: Dashboard, *, anonymise: bool = False) -> list[str]:
    """One safe, distinct file name per participant: « attestation-K7P4QX-lea-martin.pdf »."""
    names: list[str] = []
    taken: set[str] = set()
    for index, row in enumerate(dashboard.rows):
        stem = slugify(_label(index, row, anonymise=anonymise))[:_FILE_STEM_MAX].strip("-")
        stem = stem or f"participant-{index + 1}"
        name, suffix = f"attestation-{dashboard.plan.code}-{stem}", 2
        candidate = name
        while candidate in taken:
            candidate, suffix = f"{name}-{suffix}", suffix + 1
        taken.add(candidate)
        names.append(f"{candidate}.pdf")
    return names


def write_attestations(
    dashboard: Dashboard,
    folder: Path,
    *,
    anonymise: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Path]:
    """One PDF per participant in ``folder`` (created if needed); returns the files written,
    fewer than the participants when ``cancelled()`` became true (each file written is
    complete). Raises OSError when the folder or a file cannot be written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    names = attestation_file_names(dashboard, anonymise=anonymise)
    total = len(names)
    for row, name in zip(dashboard.rows, names, strict=True):
        if cancelled is not None and cancelled():
            break
        target = folder / name
        write_attestation_pdf(dashboard, row.participant.pseudonym, target, anonymise=anonymise)
        written.append(target)
        if progress is not None:
            progress(len(written), total)
    return written
