"""Statements and the progress summaries derived from them, written in one transaction."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ent_coach.domain.progress import ActivityProgress, ProgressStatus
from ent_coach.domain.statements import COMPLETED
from ent_coach.store.models import ActivityProgressRow, NoteRow, StatementRow


def append_statement(session: Session, *, profile_id: int, statement: dict[str, Any]) -> None:
    session.add(
        StatementRow(
            id=statement["id"],
            profile_id=profile_id,
            verb=statement["verb"]["id"],
            activity_id=statement["object"]["id"],
            timestamp=statement["timestamp"],
            payload=json.dumps(statement, ensure_ascii=False, separators=(",", ":")),
        )
    )


def record_activity(
    session: Session,
    *,
    profile_id: int,
    activity_id: str,
    kind: str,
    now: dt.datetime,
    statement: dict[str, Any] | None = None,
    completed: bool = False,
    extra_seconds: float = 0.0,
    new_attempt: bool = False,
) -> ActivityProgress:
    """Append the statement (if any) and update the summary in the caller's transaction."""
    if statement is not None:
        append_statement(session, profile_id=profile_id, statement=statement)
    row = session.get(ActivityProgressRow, (profile_id, activity_id))
    if row is None:
        row = ActivityProgressRow(
            profile_id=profile_id,
            activity_id=activity_id,
            kind=kind,
            status=ProgressStatus.IN_PROGRESS,
            attempts=0,
            time_spent_seconds=0.0,
            first_seen_at=now,
            last_seen_at=now,
        )
        session.add(row)
    row.last_seen_at = now
    row.time_spent_seconds = (row.time_spent_seconds or 0.0) + max(0.0, extra_seconds)
    if new_attempt:
        row.attempts = (row.attempts or 0) + 1
    if completed and row.status != ProgressStatus.COMPLETED:
        row.status = ProgressStatus.COMPLETED
        row.completed_at = now
    session.flush()
    return _progress(row)


def _progress(row: ActivityProgressRow) -> ActivityProgress:
    return ActivityProgress(
        activity_id=row.activity_id,
        kind=row.kind,
        status=row.status,
        attempts=row.attempts,
        time_spent_seconds=row.time_spent_seconds,
        first_seen_at=row.first_seen_at,
        last_seen_at=row.last_seen_at,
        completed_at=row.completed_at,
    )


def progress_by_activity(
    session: Session, *, profile_id: int, kind: str
) -> dict[str, ActivityProgress]:
    rows = session.scalars(
        select(ActivityProgressRow).where(
            ActivityProgressRow.profile_id == profile_id, ActivityProgressRow.kind == kind
        )
    )
    return {row.activity_id: _progress(row) for row in rows}


def statements_for(session: Session, *, profile_id: int) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(StatementRow.payload)
        .where(StatementRow.profile_id == profile_id)
        .order_by(StatementRow.timestamp, StatementRow.id)
    )
    return [json.loads(payload) for payload in rows]


def count_statements(session: Session, *, profile_id: int) -> int:
    return session.scalar(
        select(func.count()).select_from(StatementRow).where(StatementRow.profile_id == profile_id)
    ) or 0


def rebuild_completion(session: Session, *, profile_id: int) -> set[str]:
    """Activities completed according to the log alone (summaries can always be rebuilt)."""
    rows = session.scalars(
        select(StatementRow.activity_id).where(
            StatementRow.profile_id == profile_id, StatementRow.verb == COMPLETED.id
        )
    )
    return set(rows)



def save_note(
    session: Session, *, profile_id: int, tutorial_id: str, text: str, now: dt.datetime
) -> None:
    row = session.get(NoteRow, (profile_id, tutorial_id))
    if not text.strip():
        if row is not None:
            session.delete(row)
        return
    if row is None:
        session.add(NoteRow(profile_id=profile_id, tutorial_id=tutorial_id, text=text, updated_at=now))
    else:
        row.text = text
        row.updated_at = now


