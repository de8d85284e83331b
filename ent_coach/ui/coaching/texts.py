"""French wording shared by the « Séances » screens: file names and filters, import outcomes,
plan summaries (translatable, unlike the domain's constant labels)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from ent_coach.content.atomic_file import os_reason
from ent_coach.domain.coaching import SeancePlan, display_code
from ent_coach.domain.text import slugify
from ent_coach.ui.pathways.texts import clock

_CONTEXT = "Seances"

PLAN_FILE_FILTER = "Plan de séance ENT Coach (*.json)"
BUNDLE_FILE_FILTER = "Progression ENT Coach (*.zip)"
CSV_FILE_FILTER = "Tableau CSV (*.csv)"
PDF_FILE_FILTER = "Document PDF (*.pdf)"
XAPI_FILE_FILTER = "Déclarations xAPI (*.json)"


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def french_date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def plan_file_name(code: str) -> str:
    return f"seance-{code}.json"


def bundle_file_name(
    seance_code: str | None, today: dt.date, *, pseudonym: str, display_name: str | None
) -> str:
    """« progression-K7P4QX-2026-03-10-lea-martin.zip », or with the start of the pseudonym
    when the name stays out of the file (« …-3f9a2c1d.zip »); « progression-complete-… » for
    everything. Each trainee's own name: 25 files saved to one USB key never replace each
    other (the pseudonym is inside the file anyway)."""
    who = slugify(display_name)[:_WHO_MAX].strip("-") if display_name else ""
    who = who or slugify(pseudonym)[:8] or "stagiaire"
    return f"progression-{seance_code or 'complete'}-{today.isoformat()}-{who}.zip"


_WHO_MAX = 40


def csv_file_name(code: str) -> str:
    return f"seance-{code}-tableau.csv"


def report_file_name(code: str) -> str:
    return f"seance-{code}-rapport.pdf"


def statements_file_name(code: str) -> str:
    return f"seance-{code}-xapi.json"


def seance_line(plan: SeancePlan) -> str:
    """« Séance du 10/03/2026 — Découvrir l'ENT (K7P-4QX) »."""
    return (
        tr("Séance du %1 — %2 (%3)")
        .replace("%1", french_date(plan.date))
        .replace("%2", plan.title)
        .replace("%3", display_code(plan.code))
    )


def items_summary(count: int, minutes: int) -> str:
    """« 5 éléments · 1 h 35 au total »."""
    items = (tr("%1 élément") if count <= 1 else tr("%1 éléments")).replace("%1", str(count))
    return tr("%1 · %2 au total").replace("%1", items).replace("%2", clock(minutes))


def participants_count(count: int) -> str:
    if count == 0:
        return tr("aucun participant")
    return (tr("%1 participant") if count == 1 else tr("%1 participants")).replace("%1", str(count))


def describe_error(error: Exception) -> str:
    """French text for a refusal: our errors carry theirs, a system error is worded here."""
    if isinstance(error, OSError) and not isinstance(error, ValueError):
        reason = os_reason(error)
        where = f" ({error.filename})" if error.filename else ""
        return tr("Erreur d'accès au fichier%1 : %2").replace("%1", where).replace("%2", reason)
    return str(error)
