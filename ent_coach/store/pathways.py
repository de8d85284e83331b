"""Pathway enrolments, checklist ticks, step notes and recorded step completions; and the
facts a pathway's progress is derived from, read from what the other services record.

Where each fact comes from (see the services that record them):

- tutorials: ``activity_progress`` rows of kind ``tutorial`` (opened), ``termine`` (completed);
- quiz: the ``passed`` / ``failed`` verdicts on the quiz IRIs (training per theme, assessment)
  with their scaled score, and the ``completed`` statements' durations;
- scenarios: ``activity_progress`` rows of kind ``scenario`` (attempted / passed), and the
  verdicts' durations;
- self-assessments: the dates of the saved sittings;
- practices: ``activity_progress`` rows of kind ``practice`` (read);
- activities: the ticks stored here.

Returns domain dataclasses, never ORM rows.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from sqlalchemy.orm import Session

from ent_coach.domain.pathways import ProgressFacts
from ent_coach.store import pathway_reads
from ent_coach.store.models import (
    PathwayEnrolmentRow,
    PathwayNoteRow,
    PathwayStepRecordRow,
    PathwayTickRow,
)
from ent_coach.store.pathway_reads import (  # noqa: F401 (re-exported for the services)
    SCENARIO_KIND,
    TUTORIAL_KIND,
    ActivityTimes,
    Enrolment,
    QuizVerdict,
    duration_seconds,
)

# --- enrolments -----------------------------------------------------------------------------


def enrol(
    session: Session, *, profile_id: int, pathway_id: str, registration: str, now: dt.datetime
) -> Enrolment:
    """Start following, or resume a stopped enrolment (same registration, same start)."""
    row = session.get(PathwayEnrolmentRow, (profile_id, pathway_id))
    if row is None:
        row = PathwayEnrolmentRow(
            profile_id=profile_id,
            pathway_id=pathway_id,
            registration=registration,
            started_at=now,
        )
        session.add(row)
    row.stopped_at = None
    session.flush()
    return Enrolment(
        pathway_id=row.pathway_id, registration=row.registration, started_at=row.started_at,
        stopped_at=row.stopped_at, completed_at=row.completed_at,
    )  # fmt: skip


def stop(session: Session, *, profile_id: int, pathway_id: str, now: dt.datetime) -> None:
    row = session.get(PathwayEnrolmentRow, (profile_id, pathway_id))
    if row is not None and row.stopped_at is None:
        row.stopped_at = now
        session.flush()


def mark_completed(session: Session, *, profile_id: int, pathway_id: str, now: dt.datetime) -> None:
    row = session.get(PathwayEnrolmentRow, (profile_id, pathway_id))
    if row is not None and row.completed_at is None:
        row.completed_at = now
        session.flush()


# --- ticks, notes, records --------------------------------------------------------------------


def set_tick(
    session: Session,
    *,
    profile_id: int,
    pathway_id: str,
    step_id: str,
    item_id: str,
    ticked: bool,
    now: dt.datetime,
) -> None:
    key = (profile_id, pathway_id, step_id, item_id)
    row = session.get(PathwayTickRow, key)
    if ticked and row is None:
        session.add(
            PathwayTickRow(
                profile_id=profile_id,
                pathway_id=pathway_id,
                step_id=step_id,
                item_id=item_id,
                ticked_at=now,
            )
        )
    elif not ticked and row is not None:
        session.delete(row)
    session.flush()


def note(session: Session, *, profile_id: int, pathway_id: str, step_id: str) -> str:
    row = session.get(PathwayNoteRow, (profile_id, pathway_id, step_id))
    return row.text if row is not None else ""


def save_note(
    session: Session, *, profile_id: int, pathway_id: str, step_id: str, text: str, now: dt.datetime
) -> None:
    """An empty text removes the note."""
    row = session.get(PathwayNoteRow, (profile_id, pathway_id, step_id))
    if not text.strip():
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(
            PathwayNoteRow(
                profile_id=profile_id, pathway_id=pathway_id, step_id=step_id, text=text,
                updated_at=now,
            )
        )  # fmt: skip
    else:
        row.text = text
        row.updated_at = now
    session.flush()


def add_step_record(
    session: Session, *, profile_id: int, pathway_id: str, step_id: str, now: dt.datetime
) -> None:
    session.add(
        PathwayStepRecordRow(
            profile_id=profile_id, pathway_id=pathway_id, step_id=step_id, recorded_at=now
        )
    )
    session.flush()


# --- reads: the same plain-SQL queries, on the session's own connection ---------------------


def _connection(session: Session) -> sqlite3.Connection:
    """The session's DB-API connection: the reads see what this transaction wrote."""
    return session.connection().connection.dbapi_connection  # type: ignore[return-value]


def enrolments(session: Session, *, profile_id: int) -> dict[str, Enrolment]:
    return pathway_reads.enrolments(_connection(session), profile_id=profile_id)


def ticked_items(session: Session, *, profile_id: int) -> dict[tuple[str, str], frozenset[str]]:
    return pathway_reads.ticked_items(_connection(session), profile_id=profile_id)


def recorded_steps(session: Session, *, profile_id: int, pathway_id: str) -> dict[str, dt.datetime]:
    return pathway_reads.recorded_steps(_connection(session), profile_id=profile_id, pathway_id=pathway_id)


def activity_times(session: Session, *, profile_id: int) -> ActivityTimes:
    return pathway_reads.activity_times(_connection(session), profile_id=profile_id)


def progress_facts(session: Session, *, profile_id: int) -> ProgressFacts:
    return pathway_reads.progress_facts(_connection(session), profile_id=profile_id)
