"""French wording shared by the pathway screens and the home page: durations, progress,
step kinds and states (translatable, unlike the domain's constant labels)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from ent_coach.domain.pathways import PathwayProgress, StepKind, StepState

_CONTEXT = "Parcours"
_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def kind_label(kind: StepKind) -> str:
    return {
        StepKind.TUTORIAL: tr("Tutoriel"),
        StepKind.QUIZ_THEME: tr("Entraînement au quiz"),
        StepKind.QUIZ_ASSESSMENT: tr("Évaluation du quiz"),
        StepKind.SCENARIO: tr("Scénario du bac à sable"),
        StepKind.SELF_ASSESSMENT: tr("Auto-évaluation"),
        StepKind.PRACTICE: tr("Bonne pratique"),
        StepKind.ACTIVITY: tr("Activité dans votre ENT"),
    }[kind]


def state_label(state: StepState) -> str:
    return {
        StepState.TODO: tr("À faire"),
        StepState.IN_PROGRESS: tr("En cours"),
        StepState.DONE: tr("Terminé"),
        # Not « Verrouillé »: what is done elsewhere in the application counts anyway, only
        # the pathway's page keeps its order.
        StepState.LOCKED: tr("À venir"),
        StepState.UNAVAILABLE: tr("Indisponible"),
    }[state]


# A small symbol before the state, so that the state reads at a glance without colour.
STATE_MARKS: dict[StepState, str] = {
    StepState.TODO: "○",
    StepState.IN_PROGRESS: "◐",
    StepState.DONE: "✓",
    StepState.LOCKED: "…",
    StepState.UNAVAILABLE: "—",
}


def clock(minutes: int) -> str:
    """« 45 min », « 2 h », « 1 h 05 »."""
    hours, rest = divmod(max(0, int(minutes)), 60)
    if not hours:
        return tr("%1 min").replace("%1", str(rest))
    if not rest:
        return tr("%1 h").replace("%1", str(hours))
    return tr("%1 h %2").replace("%1", str(hours)).replace("%2", f"{rest:02d}")


def about(minutes: int) -> str:
    """« environ 2 h 15 »."""
    return tr("environ %1").replace("%1", clock(minutes))


def steps_count(count: int) -> str:
    return (tr("%1 étape") if count <= 1 else tr("%1 étapes")).replace("%1", str(count))


def progress_summary(progress: PathwayProgress) -> str:
    """« 4 étapes sur 10 · environ 1 h 05 restantes », or « … · parcours terminé »."""
    done = (tr("%1 étape sur %2") if progress.done_count <= 1 else tr("%1 étapes sur %2"))
    done = done.replace("%1", str(progress.done_count)).replace("%2", str(progress.available_count))
    if progress.completed:
        return tr("%1 · parcours terminé").replace("%1", done)
    left = tr("%1 restantes").replace("%1", about(progress.minutes_remaining))
    return f"{done} · {left}"


def spent(seconds: float) -> str:
    """Time spent on a step: « — » when nothing was recorded."""
    minutes = int(seconds // 60)
    if seconds <= 0:
        return "—"
    if minutes < 1:
        return tr("moins d'une minute")
    return clock(minutes)


def french_date(moment: dt.datetime | dt.date | None) -> str:
    """« 3 mars 2025 », whatever the system locale."""
    if moment is None:
        return "—"
    day = "1er" if moment.day == 1 else str(moment.day)
    return f"{day} {tr(_MONTHS[moment.month - 1])} {moment.year}"


def percent(score: float | None) -> str:
    return "—" if score is None else f"{round(score * 100)} %"
