"""Favourite practices and the practices a teacher wrote or imported, per profile.

Own practices are stored as JSON and validated by the content schema when read back: a row that
no longer passes (edited by hand, written by a buggy version) is skipped and logged, so one bad
row never breaks the screen. Returns domain dataclasses, never ORM rows.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ent_coach.content.practices import (
    FieldProblem,
    OwnPracticeInvalid,
    own_practice_data,
    validate_own_practice,
)
from ent_coach.domain.practices import Practice
from ent_coach.domain.progress import ProgressStatus
from ent_coach.domain.statements import PRACTICE_KIND, practice_iri
from ent_coach.store.models import ActivityProgressRow, OwnPracticeRow, PracticeFavouriteRow
from ent_coach.store.progress import record_activity

log = logging.getLogger(__name__)


def favourite_ids(session: Session, *, profile_id: int) -> set[str]:
    return set(
        session.scalars(
            select(PracticeFavouriteRow.practice_id).where(
                PracticeFavouriteRow.profile_id == profile_id
            )
        )
    )


def set_favourite(
    session: Session, *, profile_id: int, practice_id: str, favourite: bool, now: dt.datetime
) -> None:
    row = session.get(PracticeFavouriteRow, (profile_id, practice_id))
    if favourite and row is None:
        session.add(
            PracticeFavouriteRow(profile_id=profile_id, practice_id=practice_id, added_at=now)
        )
    elif not favourite and row is not None:
        session.delete(row)
    session.flush()


def _practice(row: OwnPracticeRow) -> Practice | None:
    try:
        data = json.loads(row.data)
        practice = validate_own_practice(data, created_at=row.created_at, updated_at=row.updated_at)
    except (ValueError, OwnPracticeInvalid) as exc:
        log.warning("Pratique personnelle « %s » ignorée (illisible) : %s", row.id, exc)
        return None
    if practice.id != row.id:
        log.warning("Pratique personnelle « %s » ignorée : identifiant incohérent", row.id)
        return None
    return practice


def own_practices(session: Session, *, profile_id: int) -> list[Practice]:
    rows = session.scalars(select(OwnPracticeRow).where(OwnPracticeRow.profile_id == profile_id))
    return [practice for row in rows if (practice := _practice(row)) is not None]


def own_practice(session: Session, *, profile_id: int, practice_id: str) -> Practice | None:
    row = session.get(OwnPracticeRow, (profile_id, practice_id))
    return None if row is None else _practice(row)


def own_ids(session: Session, *, profile_id: int) -> set[str]:
    """Every own id, readable or not: a new id must not collide with a skipped row."""
    return set(
        session.scalars(select(OwnPracticeRow.id).where(OwnPracticeRow.profile_id == profile_id))
    )


def save_own(
    session: Session, *, profile_id: int, practice: Practice, now: dt.datetime
) -> Practice:
    """Insert or replace, keeping the creation date; returns the practice as stored."""
    row = session.get(OwnPracticeRow, (profile_id, practice.id))
    if row is None:
        row = OwnPracticeRow(profile_id=profile_id, id=practice.id, created_at=now)
        session.add(row)
    row.data = json.dumps(
        own_practice_data(practice.id, practice), ensure_ascii=False, separators=(",", ":")
    )
    row.updated_at = now
    session.flush()
    stored = _practice(row)
    if stored is None:  # the caller validated already; refuse rather than store a bad row
        raise OwnPracticeInvalid(
            [FieldProblem("", "Pratique : les données enregistrées ne se relisent pas")]
        )
    return stored


def delete_own(session: Session, *, profile_id: int, practice_id: str) -> bool:
    result = session.execute(
        delete(OwnPracticeRow).where(
            OwnPracticeRow.profile_id == profile_id, OwnPracticeRow.id == practice_id
        )
    )
    session.execute(
        delete(PracticeFavouriteRow).where(
            PracticeFavouriteRow.profile_id == profile_id,
            PracticeFavouriteRow.practice_id == practice_id,
        )
    )
    return bool(result.rowcount)


def mark_read(
    session: Session,
    *,
    profile_id: int,
    practice_id: str,
    statement: dict[str, Any],
    now: dt.datetime,
) -> bool:
    """Record that the practice was read, only the first time: the statement and a completed
    ``practice`` summary. True when it was newly recorded."""
    activity_id = practice_iri(practice_id)
    row = session.get(ActivityProgressRow, (profile_id, activity_id))
    if row is not None and row.status == ProgressStatus.COMPLETED:
        return False
    record_activity(
        session, profile_id=profile_id, activity_id=activity_id, kind=PRACTICE_KIND, now=now,
        statement=statement, completed=True, new_attempt=True,
    )  # fmt: skip
    return True
