"""Read queries in plain SQL over the same schema, returning domain dataclasses.

Reads that the home screen needs at start-up live here: they run on a stdlib ``sqlite3``
connection, so the first screen is populated without waiting for SQLAlchemy to import.
Writes go through the ORM (``store.profiles``, ``store.progress``) in one transaction each.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from ent_coach.domain.profiles import Profile
from ent_coach.domain.progress import ActivityProgress, Note
from ent_coach.domain.taxonomy import Role
from ent_coach.domain.text import fold

LAST_PROFILE_KEY = "last_profile_id"
_PROFILE_COLUMNS = "id, pseudonym, display_name, role, locale, pin_hash, created_at, last_used_at"


def _datetime(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _profile(row: tuple) -> Profile:  # type: ignore[type-arg]
    return Profile(
        id=row[0],
        pseudonym=row[1],
        display_name=row[2],
        role=Role(row[3]),
        locale=row[4],
        has_pin=row[5] is not None,
        created_at=_datetime(row[6]),  # type: ignore[arg-type]
        last_used_at=_datetime(row[7]),
    )


def list_profiles(connection: sqlite3.Connection) -> list[Profile]:
    # Sorted in Python: SQLite's lower() ignores accents' place in French order ("Émilie" < "Zoé").
    rows = connection.execute(f"SELECT {_PROFILE_COLUMNS} FROM profiles")
    return sorted((_profile(row) for row in rows), key=lambda p: (fold(p.display_name), p.id))


def get_profile(connection: sqlite3.Connection, profile_id: int) -> Profile | None:
    row = connection.execute(f"SELECT {_PROFILE_COLUMNS} FROM profiles WHERE id = ?", (profile_id,)).fetchone()
    return _profile(row) if row else None


def pin_hash_of(connection: sqlite3.Connection, profile_id: int) -> str | None:
    row = connection.execute("SELECT pin_hash FROM profiles WHERE id = ?", (profile_id,)).fetchone()
    return row[0] if row else None


def last_profile(connection: sqlite3.Connection) -> Profile | None:
    row = connection.execute("SELECT value FROM app_state WHERE key = ?", (LAST_PROFILE_KEY,)).fetchone()
    if row is None or not str(row[0]).isdigit():
        return None
    return get_profile(connection, int(row[0]))


def progress_by_activity(
    connection: sqlite3.Connection, *, profile_id: int, kind: str
) -> dict[str, ActivityProgress]:
    rows = connection.execute(
        "SELECT activity_id, kind, status, attempts, time_spent_seconds, first_seen_at, "
        "last_seen_at, completed_at FROM activity_progress WHERE profile_id = ? AND kind = ?",
        (profile_id, kind),
    )
    return {
        row[0]: ActivityProgress(
            activity_id=row[0], kind=row[1], status=row[2], attempts=row[3],
            time_spent_seconds=row[4], first_seen_at=_datetime(row[5]),  # type: ignore[arg-type]
            last_seen_at=_datetime(row[6]),  # type: ignore[arg-type]
            completed_at=_datetime(row[7]),
        )
        for row in rows
    }


def noted_tutorial_ids(connection: sqlite3.Connection, *, profile_id: int) -> set[str]:
    rows = connection.execute("SELECT tutorial_id FROM notes WHERE profile_id = ?", (profile_id,))
    return {row[0] for row in rows}


def get_note(connection: sqlite3.Connection, *, profile_id: int, tutorial_id: str) -> Note | None:
    row = connection.execute(
        "SELECT tutorial_id, text, updated_at FROM notes WHERE profile_id = ? AND tutorial_id = ?",
        (profile_id, tutorial_id),
    ).fetchone()
    return Note(row[0], row[1], _datetime(row[2])) if row else None  # type: ignore[arg-type]
