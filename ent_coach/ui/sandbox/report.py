"""The side panel's HTML: the brief, the goals checklist, the hints shown, the result of
« Vérifier » and the live risk warnings. Links: ``tutoriel:<id>`` opens a tutorial, https
links are sources (opened after a confirmation)."""

from __future__ import annotations

from html import escape

from ent_coach.domain.sandbox.checks import RISK_CHECKS, Finding
from ent_coach.domain.sandbox.goals import GoalResult
from ent_coach.domain.sandbox.model import Workspace
from ent_coach.domain.text import plural
from ent_coach.services.sandbox import SandboxSession, Verification

TUTORIAL_SCHEME = "tutoriel"
_OK = "✔"
_NOT_OK = "✘"
_OPEN = "☐"


def _tutorial_link(tutorial_id: str, titles: dict[str, str]) -> str:
    title = titles.get(tutorial_id, tutorial_id)
    return f'<a href="{TUTORIAL_SCHEME}:{escape(tutorial_id)}">{escape(title)}</a>'


def findings_html(findings: tuple[Finding, ...], titles: dict[str, str], *, live: bool) -> str:
    """Each risk: what was found, why it matters, the source and the tutorial that helps."""
    if not findings:
        text = (
            "Aucune alerte : rien dans cette configuration n'expose les données des élèves "
            "au-delà de ce qui est nécessaire."
            if live
            else "Aucun risque détecté."
        )
        return f"<p>{_OK} {escape(text)}</p>"
    parts = []
    for finding in findings:
        check = RISK_CHECKS[finding.check_id]
        parts.append(
            f"<li><b>{escape(check.title)}</b><br>{escape(finding.message)}"
            f"<br><i>Pourquoi : </i>{escape(check.explanation)}"
            f'<br><small>Source : <a href="{escape(check.source.url)}">'
            f"{escape(check.source.publisher)} — {escape(check.source.title)}</a>"
            f" · Pour aller plus loin : {_tutorial_link(check.tutorial, titles)}</small></li>"
        )
    return "<ul>" + "".join(parts) + "</ul>"


def _goals_html(
    sitting: SandboxSession, results: tuple[GoalResult, ...] | None, ws: Workspace
) -> str:
    rows = []
    for index, goal in enumerate(sitting.goals):
        if results is None:
            label = goal.label or goal.describe(ws)
            rows.append(f"<li>{_OPEN} {escape(label)}</li>")
            continue
        result = results[index]
        mark, state = (_OK, "atteint") if result.met else (_NOT_OK, "non atteint")
        rows.append(
            f"<li>{mark} <b>{state}</b> — {escape(result.label)}"
            f"<br><small>{escape(result.explanation)}</small></li>"
        )
    return "<ul>" + "".join(rows) + "</ul>"


def scenario_html(
    sitting: SandboxSession,
    titles: dict[str, str],
    *,
    verification: Verification | None,
    stale: bool,
) -> str:
    ws = sitting.history.current
    html = [f"<h2>{escape(sitting.title)}</h2>"]
    if sitting.restore_notice:
        html.append(f"<p><b>Attention : </b>{escape(sitting.restore_notice)}</p>")
    html.append(f"<h3>Consigne</h3><p>{escape(sitting.text)}</p>")
    if sitting.passed:
        html.append(f"<p>{_OK} <b>Scénario déjà réussi.</b> Vous pouvez le refaire librement.</p>")
    verified = verification is not None and not stale
    if verification is not None and verified:
        evaluation = verification.evaluation
        if verification.passed:
            verdict = f"{_OK} Réussi : tous les objectifs sont atteints et aucun risque ne reste."
        elif evaluation.goals_met:
            verdict = f"{_NOT_OK} Presque : les objectifs sont atteints, mais un risque reste."
        else:
            missing = sum(not result.met for result in evaluation.goals)
            verdict = f"{_NOT_OK} Pas encore : " + plural(
                missing, "%n objectif non atteint.", "%n objectifs non atteints."
            )
        html.append(
            f'<h3><a name="resultat"></a>Résultat de la vérification</h3><p><b>{escape(verdict)}</b></p>'
            f"<p>Actions effectuées : {verification.actions} "
            f"(recommandé : {verification.recommended_actions} au plus).</p>"
        )
    html.append("<h3>Objectifs</h3>")
    if verification is not None and stale:
        html.append(
            "<p><i>Vous avez modifié l'espace depuis la dernière vérification : "
            "vérifiez de nouveau.</i></p>"
        )
    results = verification.evaluation.goals if verification is not None and verified else None
    html.append(_goals_html(sitting, results, ws))
    if verification is not None and verified:
        html.append("<h3>Risques</h3>")
        html.append(findings_html(verification.evaluation.findings, titles, live=False))
    if sitting.hints_shown:
        html.append('<h3><a name="indices"></a>Indices</h3><ol>')
        html += [f"<li>{escape(hint)}</li>" for hint in sitting.hints[: sitting.hints_shown]]
        html.append("</ol>")
    if sitting.tutorials:
        links = ", ".join(_tutorial_link(t, titles) for t in sitting.tutorials)
        html.append(f"<h3>Tutoriels liés</h3><p>{links}</p>")
    return "".join(html)


def free_mode_html(
    sitting: SandboxSession, findings: tuple[Finding, ...], titles: dict[str, str]
) -> str:
    html = [f"<h2>Mode libre : {escape(sitting.title)}</h2>"]
    if sitting.restore_notice:
        html.append(f"<p><b>Attention : </b>{escape(sitting.restore_notice)}</p>")
    html.append(f"<p>{escape(sitting.text)}</p>")
    count = len(findings)
    heading = "Alertes" if count != 1 else "Alerte"
    html.append(f"<h3>{heading} ({count})</h3>")
    html.append(
        "<p><small>Le vérificateur relit la configuration après chaque action. Une alerte "
        "n'interdit rien : elle signale un réglage à justifier.</small></p>"
    )
    html.append(findings_html(findings, titles, live=True))
    if sitting.tutorials:
        links = ", ".join(_tutorial_link(t, titles) for t in sitting.tutorials)
        html.append(f"<h3>Tutoriels liés</h3><p>{links}</p>")
    return "".join(html)
