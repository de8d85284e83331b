"""A right and a wrong answer to any quiz item, for tests that take a quiz."""

from __future__ import annotations

from ent_coach.domain.quiz.model import QuizItem


def right_answer(item: QuizItem) -> list[str]:
    return list(item.correct_response)


def wrong_answer(item: QuizItem) -> list[str]:
    if item.is_ordering:
        return list(reversed(item.keys))
    return [next(key for key in item.keys if key not in item.correct_response)]
