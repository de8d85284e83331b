"""Scoring: right or wrong, certainty-based marking, attempt totals.

Certainty-based marking follows Gardner-Medwin's scheme: +1/+2/+3 when right and 0/−2/−6 when
wrong at certainty 1/2/3. Choosing 3 only pays above about 80 % confidence, so the marks reward
honest self-assessment and expose confident misconceptions, the real risk in legal matters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ent_coach.domain.quiz.marks import PASS_MARK
from ent_coach.domain.quiz.model import QuizItem

CERTAINTY_LEVELS: dict[int, str] = {1: "Peu sûr·e", 2: "Assez sûr·e", 3: "Très sûr·e"}
CBM_RIGHT = {1: 1, 2: 2, 3: 3}
CBM_WRONG = {1: 0, 2: -2, 3: -6}


def normalise_response(item: QuizItem, response: Iterable[str]) -> tuple[str, ...]:
    """A response as stored: chosen keys in key order, or the steps in the learner's order."""
    keys = list(response)
    if item.is_ordering:
        return tuple(keys)
    return tuple(sorted(set(keys)))


def is_correct(item: QuizItem, response: Sequence[str]) -> bool:
    return normalise_response(item, response) == item.correct_response


def is_complete(item: QuizItem, response: Sequence[str]) -> bool:
    """Whether a response can be validated: an ordering uses every step once; a
    single-answer item has exactly one choice; a multiple-answer item at least one."""
    keys = list(response)
    if item.is_ordering:
        return sorted(keys) == sorted(item.keys)
    if any(key not in item.keys for key in keys):
        return False
    if item.is_multiple:
        return len(set(keys)) >= 1
    return len(set(keys)) == 1


@dataclass(frozen=True, slots=True)
class PartialAnswer:
    """A multiple-answer response that is wrong but not all wrong."""

    right: int  # correct options ticked
    expected: int  # correct options in the item
    wrong: int  # wrong options ticked


def partial_answer(item: QuizItem, response: Sequence[str]) -> PartialAnswer | None:
    """How much of a wrong multiple-answer response was right; None when the item is not a
    multiple-answer one, the response is right, or no right option was ticked."""
    if not item.is_multiple or is_correct(item, response):
        return None
    chosen = set(response)
    expected = set(item.correct_response)
    right = len(chosen & expected)
    if right == 0:
        return None
    return PartialAnswer(right=right, expected=len(expected), wrong=len(chosen - expected))


def cbm_mark(correct: bool, certainty: int) -> int:
    if certainty not in CBM_RIGHT:
        raise ValueError(f"certitude inconnue : {certainty}")
    return CBM_RIGHT[certainty] if correct else CBM_WRONG[certainty]


@dataclass(frozen=True, slots=True)
class MarkedAnswer:
    item_id: str
    theme: str
    correct: bool
    certainty: int | None = None


@dataclass(frozen=True, slots=True)
class AttemptScore:
    raw: int
    max: int
    cbm_total: int | None
    cbm_max: int | None

    @property
    def scaled(self) -> float:
        return self.raw / self.max if self.max else 0.0

    @property
    def percent(self) -> int:
        return round(self.scaled * 100)

    def passed(self, pass_mark: float = PASS_MARK) -> bool:
        # Compare in integers: 16/20 must pass at 80 % even though 16/20 is 0.8000000001.
        return self.max > 0 and self.raw * 100 >= round(pass_mark * 100) * self.max


def score_attempt(answers: Sequence[MarkedAnswer], question_count: int) -> AttemptScore:
    """Score over every question of the attempt: an unanswered one counts as wrong."""
    raw = sum(1 for answer in answers if answer.correct)
    rated = [answer for answer in answers if answer.certainty is not None]
    if rated:
        cbm_total = sum(cbm_mark(answer.correct, answer.certainty or 1) for answer in rated)
        cbm_max = 3 * question_count
    else:
        cbm_total = cbm_max = None
    return AttemptScore(raw=raw, max=question_count, cbm_total=cbm_total, cbm_max=cbm_max)


def confident_misconceptions(answers: Sequence[MarkedAnswer]) -> list[MarkedAnswer]:
    """Wrong answers given with high certainty: what the learner most needs to revisit."""
    return [a for a in answers if not a.correct and a.certainty is not None and a.certainty >= 2]


def theme_results(answers: Sequence[MarkedAnswer]) -> dict[str, tuple[int, int]]:
    """(right, asked) per theme for one attempt."""
    out: dict[str, tuple[int, int]] = {}
    for answer in answers:
        right, asked = out.get(answer.theme, (0, 0))
        out[answer.theme] = (right + int(answer.correct), asked + 1)
    return out
