"""Séance queries: the tutor's séances, imported participants and their statements, and the
plans a trainee received. Return domain dataclasses, never ORM rows.

Imported statements are written with plain SQL in a few multi-row inserts, and known ids are
looked up in one query: an import of 60,000 statements must not build one ORM object per
statement, and the calls into SQLite are long ones, made without Python's interpreter lock.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ent_coach.content.seance_plan_file import plan_from_dict, plan_to_dict
from ent_coach.domain.coaching import Participant, SeancePlan
from ent_coach.store.errors import StoreBusyError, french_sqlite_message
from ent_coach.store.models import (
    ReceivedPlanRow,
    SeanceParticipantRow,
    SeanceRow,
    SeanceStatementRow,
)


@dataclass(frozen=True, slots=True)
class StoredSeance:
    id: str
    profile_id: int
    plan: SeancePlan
    created_at: dt.datetime
    updated_at: dt.datetime
    participants: int = 0


@dataclass(frozen=True, slots=True)
class StoredParticipant:
    id: int
    pseudonym: str
    display_name: str | None


def plan_json(plan: SeancePlan) -> str:
    return json.dumps(plan_to_dict(plan), ensure_ascii=False, separators=(",", ":"))


def _plan_of(text: str) -> SeancePlan:
    # Validated again on the way out: a row edited by hand never reaches a screen unchecked.
    return plan_from_dict(json.loads(text))


def _stored(row: SeanceRow, participants: int = 0) -> StoredSeance:
    return StoredSeance(
        id=row.id,
        profile_id=row.profile_id,
        plan=_plan_of(row.plan),
        created_at=row.created_at,
        updated_at=row.updated_at,
        participants=participants,
    )


# --- séances ----------------------------------------------------------------------------------


def code_taken(session: Session, code: str) -> bool:
    return session.scalar(select(func.count()).where(SeanceRow.code == code)) != 0


def insert_seance(
    session: Session, *, seance_id: str, profile_id: int, plan: SeancePlan, now: dt.datetime
) -> None:
    session.add(
        SeanceRow(
            id=seance_id,
            profile_id=profile_id,
            code=plan.code,
            title=plan.title,
            date=plan.date.isoformat(),
            place=plan.place,
            tutor_note=plan.tutor_note,
            plan=plan_json(plan),
            created_at=now,
            updated_at=now,
        )
    )
    session.flush()


def update_seance(session: Session, *, seance_id: str, plan: SeancePlan, now: dt.datetime) -> None:
    row = session.get_one(SeanceRow, seance_id)
    row.title = plan.title
    row.date = plan.date.isoformat()
    row.place = plan.place
    row.tutor_note = plan.tutor_note
    row.plan = plan_json(plan)
    row.updated_at = now
    session.flush()


def find_seance(
    session: Session, *, code: str, profile_id: int | None = None
) -> StoredSeance | None:
    """The séance with ``code`` (owned by ``profile_id`` when given)."""
    query = select(SeanceRow).where(SeanceRow.code == code)
    if profile_id is not None:
        query = query.where(SeanceRow.profile_id == profile_id)
    row = session.scalars(query).first()
    return _stored(row) if row is not None else None


def seances_of(session: Session, *, profile_id: int) -> list[StoredSeance]:
    counts = (
        select(SeanceParticipantRow.seance_id, func.count().label("n"))
        .group_by(SeanceParticipantRow.seance_id)
        .subquery()
    )
    rows = session.execute(
        select(SeanceRow, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.seance_id == SeanceRow.id)
        .where(SeanceRow.profile_id == profile_id)
    )
    return [_stored(row, count) for row, count in rows]


def delete_seance(session: Session, *, seance_id: str) -> None:
    # Children first: explicit, whatever the foreign-key pragma of whoever opened the file.
    session.execute(delete(SeanceStatementRow).where(SeanceStatementRow.seance_id == seance_id))
    session.execute(delete(SeanceParticipantRow).where(SeanceParticipantRow.seance_id == seance_id))
    session.execute(delete(SeanceRow).where(SeanceRow.id == seance_id))


# --- participants and statements --------------------------------------------------------------


def begin_immediate(session: Session) -> None:
    """Take the database's write lock now, before the transaction reads anything.

    Python's sqlite3 starts a transaction only at the first write, so a look-up followed by
    an insert is not one step for another program: two windows importing the same file both
    found no participant, and the second failed on « UNIQUE constraint failed ». With the lock
    taken first, the second waits (the connection's busy timeout), then finds what the first
    wrote. Raises StoreBusyError when the lock is still held after that wait."""
    from sqlalchemy.exc import OperationalError

    try:
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")
    except OperationalError as exc:
        text = str(exc.orig).lower()
        if "locked" in text or "busy" in text:
            raise StoreBusyError(french_sqlite_message(exc)) from exc
        raise


def participants(session: Session, *, seance_id: str) -> list[Participant]:
    """In import order (the order of first import)."""
    rows = session.scalars(
        select(SeanceParticipantRow)
        .where(SeanceParticipantRow.seance_id == seance_id)
        .order_by(SeanceParticipantRow.id)
    )
    return [
        Participant(
            pseudonym=row.pseudonym,
            display_name=row.display_name,
            imported_at=row.first_imported_at,
        )
        for row in rows
    ]


def find_participant(
    session: Session, *, seance_id: str, pseudonym: str
) -> StoredParticipant | None:
    row = session.scalars(
        select(SeanceParticipantRow).where(
            SeanceParticipantRow.seance_id == seance_id,
            SeanceParticipantRow.pseudonym == pseudonym,
        )
    ).first()
    return StoredParticipant(row.id, row.pseudonym, row.display_name) if row else None


def save_participant(
    session: Session,
    *,
    seance_id: str,
    existing: StoredParticipant | None,
    pseudonym: str,
    display_name: str | None,
    app_version: str,
    content_version: str,
    now: dt.datetime,
) -> int:
    """Create the participant, or update ``existing`` (as ``find_participant`` gave it in
    this session: no second query); a file carrying a name updates it. Returns its id."""
    if existing is None:
        row = SeanceParticipantRow(
            seance_id=seance_id,
            pseudonym=pseudonym,
            display_name=display_name,
            first_imported_at=now,
            last_imported_at=now,
            app_version=app_version,
            content_version=content_version,
        )
        session.add(row)
    else:
        row = session.get_one(SeanceParticipantRow, existing.id)
        if display_name is not None:
            row.display_name = display_name
        row.last_imported_at = now
        row.app_version = app_version
        row.content_version = content_version
    session.flush()
    return row.id


def known_fingerprints(
    session: Session, *, seance_id: str, statement_ids: Sequence[str]
) -> dict[str, str]:
    """statement id → fingerprint, for the ids already imported into the séance.

    One query whatever the number of ids, which travel as one JSON array (no bound-variable
    limit, and the lookup runs without Python's interpreter lock, as the insert does)."""
    if not statement_ids:
        return {}
    rows = session.connection().exec_driver_sql(
        _KNOWN_FINGERPRINTS, (seance_id, orjson.dumps(list(statement_ids)).decode("utf-8"))
    )
    return {statement_id: fingerprint for statement_id, fingerprint in rows}


_KNOWN_FINGERPRINTS = (
    "SELECT statement_id, fingerprint FROM seance_statements "
    "WHERE seance_id = ?1 AND statement_id IN (SELECT value FROM json_each(?2))"
)


def insert_statements(
    session: Session,
    *,
    seance_id: str,
    participant_id: int,
    rows: Sequence[tuple[str, str, str, str]],
) -> None:
    """``rows``: (statement id, fingerprint, timestamp, payload JSON).

    Written as multi-row ``INSERT … VALUES`` statements of up to ``_ROWS_PER_INSERT`` rows:
    SQLite then inserts a whole chunk in one call, during which Python's interpreter lock is
    free and the import's reading thread keeps working. Row by row (``executemany``) the two
    threads passed the lock back and forth at every row, and the import ran no faster with
    two threads than with one."""
    connection = session.connection()
    per_insert = _rows_per_insert(connection.connection.driver_connection)
    for start in range(0, len(rows), per_insert):
        chunk = rows[start : start + per_insert]
        parameters: list[str | int] = [seance_id, participant_id]
        for row in chunk:
            parameters.extend(row)
        connection.exec_driver_sql(_insert_sql(len(chunk)), tuple(parameters))


_ROWS_PER_INSERT = 2000


def _rows_per_insert(connection: Any) -> int:
    # Four bound values per row, two for the whole statement; SQLite's limit on bound
    # values is 32,766 on current builds and may be as low as 999 on old ones.
    limit = connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return max(1, min(_ROWS_PER_INSERT, (limit - 2) // 4))


@functools.lru_cache(maxsize=8)
def _insert_sql(rows: int) -> str:
    # ?1 and ?2 are the séance and the participant; the bare « ? » that follow number on
    # from 3, four per row.
    return (
        "INSERT INTO seance_statements "
        "(seance_id, statement_id, participant_id, fingerprint, timestamp, payload) "
        "SELECT ?1, column1, ?2, column2, column3, column4 FROM (VALUES "
        + ",".join(["(?, ?, ?, ?)"] * rows)
        + ")"
    )


def statements_by_participant(
    session: Session, *, seance_id: str
) -> dict[str, list[dict[str, Any]]]:
    """pseudonym → statements (in time order), for every participant of the séance."""
    out: dict[str, list[dict[str, Any]]] = {}
    for pseudonym, payload in session.execute(
        select(SeanceParticipantRow.pseudonym, SeanceStatementRow.payload)
        .join(SeanceParticipantRow, SeanceParticipantRow.id == SeanceStatementRow.participant_id)
        .where(SeanceStatementRow.seance_id == seance_id)
        .order_by(SeanceStatementRow.timestamp, SeanceStatementRow.statement_id)
    ):
        out.setdefault(pseudonym, []).append(orjson.loads(payload))
    return out


def statement_payloads(session: Session, *, seance_id: str) -> list[str]:
    """Every imported statement as stored JSON, by time then id (a stable export)."""
    return list(
        session.scalars(
            select(SeanceStatementRow.payload)
            .where(SeanceStatementRow.seance_id == seance_id)
            .order_by(SeanceStatementRow.timestamp, SeanceStatementRow.statement_id)
        )
    )


def remove_participant(session: Session, *, participant_id: int) -> None:
    session.execute(
        delete(SeanceStatementRow).where(SeanceStatementRow.participant_id == participant_id)
    )
    session.execute(delete(SeanceParticipantRow).where(SeanceParticipantRow.id == participant_id))


# --- plans received by a trainee --------------------------------------------------------------


def save_received_plan(session: Session, *, plan: SeancePlan, now: dt.datetime) -> bool:
    """Store (or replace) the plan; True when a plan with that code was already there."""
    row = session.get(ReceivedPlanRow, plan.code)
    if row is None:
        session.add(ReceivedPlanRow(code=plan.code, plan=plan_json(plan), imported_at=now))
        session.flush()
        return False
    row.plan = plan_json(plan)
    row.imported_at = now
    session.flush()
    return True


def received_plan(session: Session, *, code: str) -> SeancePlan | None:
    row = session.get(ReceivedPlanRow, code)
    return _plan_of(row.plan) if row is not None else None


def received_plan_rows(session: Session) -> list[tuple[str, str]]:
    """(code, plan JSON) of every received plan, oldest import first."""
    rows = session.execute(
        select(ReceivedPlanRow.code, ReceivedPlanRow.plan).order_by(
            ReceivedPlanRow.imported_at, ReceivedPlanRow.code
        )
    )
    return [(code, plan) for code, plan in rows]


def plan_from_json(text: str) -> SeancePlan:
    return _plan_of(text)


def assessment_registrations(session: Session, *, profile_id: int, seed: int | None) -> set[str]:
    """Registrations (attempt ids) of the profile's quiz assessments drawn with ``seed`` (all
    of them when ``seed`` is None), finished or not."""
    from ent_coach.store.models import QuizAttemptRow

    query = select(QuizAttemptRow.id).where(
        QuizAttemptRow.profile_id == profile_id, QuizAttemptRow.mode == "evaluation"
    )
    if seed is not None:
        query = query.where(QuizAttemptRow.seed == seed)
    return set(session.scalars(query))
