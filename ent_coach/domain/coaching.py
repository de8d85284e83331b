"""Coaching half-days (« séances »): the tutor's plan, and what the group did with it.

Pure: no Qt, no database, no files. The tutor's plan is handed to trainees as a file; each
trainee sends back a progress bundle (their xAPI statements); the dashboard is computed here
from those statements alone, so the screen, the CSV and the PDF report always agree.

A plan becomes, on a trainee's laptop, a temporary pathway (id ``seance-<code>``), so the
home's « Continuer », step states and step statements work as for any pathway.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ent_coach.domain.pathways import Pathway, PathwayOrder, PathwayStep, StepKind
from ent_coach.domain.taxonomy import Role

# Codes avoid letters and digits that are easily confused when read aloud or projected
# (0/O, 1/I/L, 5/S, 2/Z, 8/B).
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
SEANCE_PATHWAY_PREFIX = "seance-"
PLAN_MAX_ITEMS = 40
TITLE_MAX_CHARS = 120
PLACE_MAX_CHARS = 120

# Step kinds a plan may hold. Self-assessment is left out: it is personal and never sent.
PLAN_KINDS = (
    StepKind.TUTORIAL,
    StepKind.QUIZ_THEME,
    StepKind.QUIZ_ASSESSMENT,
    StepKind.SCENARIO,
    StepKind.PRACTICE,
    StepKind.ACTIVITY,
)

# « Besoin d'aide » rules, shown on screen with these figures (see NEEDS_HELP_RULES).
HELP_SCENARIO_FAILURES = 3
HELP_ASSESSMENT_BELOW = 0.5
HELP_TIME_FACTOR = 2.0


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a person types (spaces, dashes, lower case) → the stored code."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def is_valid_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def display_code(code: str) -> str:
    """« K7P-4QX »: easier to read aloud and to copy from a projector."""
    return f"{code[:3]}-{code[3:]}" if len(code) == CODE_LENGTH else code


# One item of a séance plan is a pathway step: a plan becomes a pathway on the trainee's laptop
# as it is. Item ids are stable within the plan (``i1``, ``i2``…); the quiz assessment carries
# the tutor's ``seed`` so every participant gets the same questions in the same order.
PlanItem = PathwayStep


@dataclass(frozen=True, slots=True)
class SeancePlan:
    code: str
    title: str
    date: dt.date
    place: str
    items: tuple[PlanItem, ...]
    tutor_note: str = ""  # shown to trainees under the title; plain text

    @property
    def pathway_id(self) -> str:
        return SEANCE_PATHWAY_PREFIX + self.code

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.items)

    def item(self, item_id: str) -> PlanItem | None:
        return next((item for item in self.items if item.id == item_id), None)


def plan_as_pathway(plan: SeancePlan) -> Pathway:
    """The plan as a free-order pathway for every role (a séance is done in the room, in the
    order the tutor announces; nothing is locked)."""
    where = f"{display_code(plan.code)}, {plan.place}" if plan.place else display_code(plan.code)
    goal = f"{plan.title} ({where})." + (f" {plan.tutor_note}" if plan.tutor_note else "")
    return Pathway(
        id=plan.pathway_id,
        title=f"Séance du {plan.date:%d/%m/%Y} — plan du formateur",
        roles=tuple(Role),
        goal=goal,
        duration_minutes=plan.minutes,
        order=PathwayOrder.FREE,
        steps=plan.items,
    )


def is_seance_pathway(pathway_id: str) -> bool:
    return pathway_id.startswith(SEANCE_PATHWAY_PREFIX)


class ItemStatus(StrEnum):
    NOT_STARTED = "non-commence"
    IN_PROGRESS = "en-cours"
    DONE = "termine"
    NEEDS_HELP = "besoin-d-aide"

    @property
    def label(self) -> str:
        return ITEM_STATUS_LABELS[self]


ITEM_STATUS_LABELS: dict[ItemStatus, str] = {
    ItemStatus.NOT_STARTED: "Non commencé",
    ItemStatus.IN_PROGRESS: "En cours",
    ItemStatus.DONE: "Terminé",
    ItemStatus.NEEDS_HELP: "Besoin d'aide",
}

NEEDS_HELP_RULES: tuple[str, ...] = (
    f"un scénario échoué {HELP_SCENARIO_FAILURES} fois ou plus sans réussite ;",
    f"une évaluation du quiz terminée sous {int(HELP_ASSESSMENT_BELOW * 100)} % de réussite ;",
    f"une étape en cours depuis plus de {HELP_TIME_FACTOR:g} fois sa durée prévue (jusqu'à la "
    "dernière activité reçue du participant).",
)


@dataclass(frozen=True, slots=True)
class Participant:
    """An imported trainee, kept apart from the laptop's own profiles."""

    pseudonym: str
    display_name: str | None  # None when the trainee sent only their pseudonym
    imported_at: dt.datetime

    def label(self, index: int) -> str:
        """Name if given, else « Participant n » (n from 1, in the séance's order)."""
        return self.display_name or f"Participant {index + 1}"


@dataclass(frozen=True, slots=True)
class Cell:
    """One participant × plan item."""

    status: ItemStatus
    seconds: float = 0.0  # time recorded on the item
    score: float | None = None  # best scaled score (quiz items, scenarios)
    attempts: int = 0
    reason: str | None = None  # why « besoin d'aide », in French


@dataclass(frozen=True, slots=True)
class AnswerReview:
    """One answered question of the séance assessment, for the participant's detail."""

    item_id: str  # quiz item id
    question: str
    response: str  # as recorded (xAPI response, keys joined with ``[,]``)
    success: bool
    position: int  # 1-based, in the order shown


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    participant: Participant
    cells: Mapping[str, Cell]  # plan item id → cell
    total_seconds: float
    done_count: int
    needs_help: bool
    answers: tuple[AnswerReview, ...] = ()


@dataclass(frozen=True, slots=True)
class MissedItem:
    """A quiz question of the séance assessment, by share of correct first answers."""

    item_id: str
    question: str
    answered: int
    correct: int

    @property
    def percent_correct(self) -> int:
        return round(100 * self.correct / self.answered) if self.answered else 0


@dataclass(frozen=True, slots=True)
class Dashboard:
    plan: SeancePlan
    rows: tuple[ParticipantRow, ...]  # in import order (stable)
    completion: Mapping[str, int]  # plan item id → participants with the item done
    missed: tuple[MissedItem, ...]  # most-missed first
    score_bins: tuple[int, ...]  # séance assessment best scores in 10 bins: [0,10), … [90,100]
    generated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ParticipantStatements:
    participant: Participant
    statements: Sequence[dict[str, Any]] = field(default_factory=tuple)


def build_dashboard(
    plan: SeancePlan,
    participants: Sequence[ParticipantStatements],
    *,
    now: dt.datetime,
    question_titles: Mapping[str, str] | None = None,
) -> Dashboard:
    """Every cell, completion per item, most-missed questions and the score distribution,
    from the participants' statements alone. Implemented in ``coaching_dashboard``."""
    from ent_coach.domain.coaching_dashboard import compute_dashboard

    return compute_dashboard(plan, participants, now=now, question_titles=question_titles)
