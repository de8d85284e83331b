"""Attempts: a mode, a seed, the ordered item ids, and the answers given so far."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class QuizMode(StrEnum):
    TRAINING = "entrainement"
    ASSESSMENT = "evaluation"
    REVIEW = "revision"
    MISTAKES = "erreurs"  # the questions missed in one attempt, asked again at once

    @property
    def label(self) -> str:
        return MODE_LABELS[self]

    @property
    def practice(self) -> bool:
        """Corrected question by question, with free retries (not a test)."""
        return self in (QuizMode.TRAINING, QuizMode.MISTAKES)


MODE_LABELS: dict[QuizMode, str] = {
    QuizMode.TRAINING: "Entraînement",
    QuizMode.ASSESSMENT: "Évaluation",
    QuizMode.REVIEW: "Révision",
    QuizMode.MISTAKES: "Reprise des erreurs",
}


class AttemptStatus(StrEnum):
    IN_PROGRESS = "en-cours"
    FINISHED = "terminee"
    ABANDONED = "abandonnee"


@dataclass(frozen=True, slots=True)
class Answer:
    position: int  # 0-based index of the question in the attempt
    item_id: str
    response: tuple[str, ...]
    correct: bool
    certainty: int | None
    answered_at: dt.datetime
    try_number: int = 1  # training allows free retries; only the first try is scored


@dataclass(frozen=True, slots=True)
class Attempt:
    id: str  # UUID, also the xAPI registration
    mode: QuizMode
    theme: str | None
    seed: int
    item_ids: tuple[str, ...]
    cbm: bool
    status: AttemptStatus
    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    answers: tuple[Answer, ...] = field(default=())

    def first_tries(self) -> dict[int, Answer]:
        return {a.position: a for a in self.answers if a.try_number == 1}

    @property
    def next_position(self) -> int:
        """The first question not yet answered, where a resumed attempt starts again."""
        answered = self.first_tries()
        for position in range(len(self.item_ids)):
            if position not in answered:
                return position
        return len(self.item_ids)
