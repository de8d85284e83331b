"""Quiz attempts, answers and review boxes. Returns domain dataclasses, never ORM rows."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ent_coach.domain.quiz.attempts import Answer, Attempt, AttemptStatus, QuizMode
from ent_coach.domain.quiz.review import ReviewState
from ent_coach.store.models import (
    ActivityProgressRow,
    QuizAnswerRow,
    QuizAttemptRow,
    QuizReviewRow,
)


def create_attempt(session: Session, *, profile_id: int, attempt: Attempt) -> None:
    session.add(
        QuizAttemptRow(
            id=attempt.id,
            profile_id=profile_id,
            mode=attempt.mode.value,
            theme=attempt.theme,
            seed=attempt.seed,
            item_ids=json.dumps(list(attempt.item_ids)),
            cbm=attempt.cbm,
            status=attempt.status.value,
            started_at=attempt.started_at,
        )
    )
    session.flush()


def add_answer(session: Session, *, attempt_id: str, answer: Answer) -> None:
    session.add(
        QuizAnswerRow(
            attempt_id=attempt_id,
            position=answer.position,
            try_number=answer.try_number,
            item_id=answer.item_id,
            response=json.dumps(list(answer.response)),
            correct=answer.correct,
            certainty=answer.certainty,
            answered_at=answer.answered_at,
        )
    )
    session.flush()


def next_try_number(session: Session, *, attempt_id: str, position: int) -> int:
    rows = session.scalars(
        select(QuizAnswerRow.try_number).where(
            QuizAnswerRow.attempt_id == attempt_id, QuizAnswerRow.position == position
        )
    ).all()
    return max(rows, default=0) + 1


def close_attempt(
    session: Session,
    *,
    attempt_id: str,
    status: AttemptStatus,
    finished_at: dt.datetime,
    raw: int | None = None,
    max_: int | None = None,
    cbm_total: int | None = None,
) -> None:
    row = session.get(QuizAttemptRow, attempt_id)
    if row is None:
        raise LookupError(attempt_id)
    row.status = status.value
    row.finished_at = finished_at
    row.score_raw = raw
    row.score_max = max_
    row.cbm_total = cbm_total
    session.flush()


def _attempt(row: QuizAttemptRow, answers: list[QuizAnswerRow]) -> Attempt:
    return Attempt(
        id=row.id,
        mode=QuizMode(row.mode),
        theme=row.theme,
        seed=row.seed,
        item_ids=tuple(json.loads(row.item_ids)),
        cbm=row.cbm,
        status=AttemptStatus(row.status),
        started_at=row.started_at,
        finished_at=row.finished_at,
        answers=tuple(
            Answer(
                position=a.position,
                item_id=a.item_id,
                response=tuple(json.loads(a.response)),
                correct=a.correct,
                certainty=a.certainty,
                answered_at=a.answered_at,
                try_number=a.try_number,
            )
            for a in answers
        ),
    )


def load_attempt(session: Session, *, profile_id: int, attempt_id: str) -> Attempt | None:
    row = session.get(QuizAttemptRow, attempt_id)
    if row is None or row.profile_id != profile_id:
        return None
    answers = session.scalars(
        select(QuizAnswerRow)
        .where(QuizAnswerRow.attempt_id == attempt_id)
        .order_by(QuizAnswerRow.position, QuizAnswerRow.try_number)
    ).all()
    return _attempt(row, list(answers))


def attempts_of(
    session: Session, *, profile_id: int, status: AttemptStatus | None = None
) -> list[Attempt]:
    """Attempts, newest first, with their answers."""
    query = select(QuizAttemptRow).where(QuizAttemptRow.profile_id == profile_id)
    if status is not None:
        query = query.where(QuizAttemptRow.status == status.value)
    rows = session.scalars(query.order_by(QuizAttemptRow.started_at.desc())).all()
    if not rows:
        return []
    by_attempt: dict[str, list[QuizAnswerRow]] = {row.id: [] for row in rows}
    answers = session.scalars(
        select(QuizAnswerRow)
        .where(QuizAnswerRow.attempt_id.in_(list(by_attempt)))
        .order_by(QuizAnswerRow.position, QuizAnswerRow.try_number)
    )
    for answer in answers:
        by_attempt[answer.attempt_id].append(answer)
    return [_attempt(row, by_attempt[row.id]) for row in rows]


def last_item_order(
    session: Session, *, profile_id: int, mode: QuizMode, theme: str | None
) -> tuple[str, ...]:
    """The questions of the newest attempt of a mode (and theme), in the order asked."""
    query = select(QuizAttemptRow.item_ids).where(
        QuizAttemptRow.profile_id == profile_id, QuizAttemptRow.mode == mode.value
    )
    if theme is not None:
        query = query.where(QuizAttemptRow.theme == theme)
    latest = session.scalars(query.order_by(QuizAttemptRow.started_at.desc()).limit(1)).first()
    return () if latest is None else tuple(json.loads(latest))


def latest_results(session: Session, *, profile_id: int) -> dict[str, bool]:
    """Whether the last scored answer to each item was right (first tries only)."""
    rows = session.execute(
        select(QuizAnswerRow.item_id, QuizAnswerRow.correct)
        .join(QuizAttemptRow, QuizAttemptRow.id == QuizAnswerRow.attempt_id)
        .where(QuizAttemptRow.profile_id == profile_id, QuizAnswerRow.try_number == 1)
        .order_by(QuizAnswerRow.answered_at)
    )
    return {item_id: bool(correct) for item_id, correct in rows}


def review_state(session: Session, *, profile_id: int, item_id: str) -> ReviewState | None:
    row = session.get(QuizReviewRow, (profile_id, item_id))
    return None if row is None else ReviewState(row.item_id, row.box, row.due)


def save_review_state(
    session: Session, *, profile_id: int, item_id: str, state: ReviewState | None
) -> None:
    if state is None:
        session.execute(
            delete(QuizReviewRow).where(
                QuizReviewRow.profile_id == profile_id, QuizReviewRow.item_id == item_id
            )
        )
        return
    row = session.get(QuizReviewRow, (profile_id, item_id))
    if row is None:
        session.add(
            QuizReviewRow(profile_id=profile_id, item_id=item_id, box=state.box, due=state.due)
        )
    else:
        row.box, row.due = state.box, state.due
    session.flush()


def review_states(session: Session, *, profile_id: int) -> list[ReviewState]:
    rows = session.scalars(
        select(QuizReviewRow)
        .where(QuizReviewRow.profile_id == profile_id)
        .order_by(QuizReviewRow.due, QuizReviewRow.item_id)
    )
    return [ReviewState(row.item_id, row.box, row.due) for row in rows]


def update_best_score(
    session: Session, *, profile_id: int, activity_id: str, scaled: float
) -> None:
    row = session.get(ActivityProgressRow, (profile_id, activity_id))
    if row is not None and (row.best_score is None or scaled > row.best_score):
        row.best_score = scaled
        session.flush()
