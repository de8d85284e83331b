"""Copies of the database kept beside it, and how long they stay.

Two kinds of copies sit next to ``ent-coach.sqlite3`` in the data folder:

- a **pre-migration copy** (``….avant-migration-<révision>-<date>``), made before each upgrade
  of the schema so that a failed upgrade loses nothing. Policy: it is deleted at the first
  successful start that comes ``MIGRATION_COPY_DAYS`` days or more after it was made, and
  never more than ``MIGRATION_COPIES_KEPT`` are kept (the newest). Erasing a profile deletes
  every one of them: each holds the erased profile.
- an **unreadable file set aside** (``….illisible-<date>``), the database ENT Coach could not
  read, renamed rather than deleted. ENT Coach cannot read it, so it cannot take one profile
  out of it: it stays until the person deletes it (« Mes données », or when erasing a profile).

Each copy may have ``-wal`` / ``-shm`` companions, counted and deleted with it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

MIGRATION_MARK = ".avant-migration-"
UNREADABLE_MARK = ".illisible-"
MIGRATION_COPY_DAYS = 7
MIGRATION_COPIES_KEPT = 2
SIDECARS = ("-wal", "-shm", "-journal")
_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2})")


class CopyKind(StrEnum):
    MIGRATION = "avant-migration"
    UNREADABLE = "illisible"


@dataclass(frozen=True, slots=True)
class DatabaseCopy:
    """One copy: its file, its kind, when it was made and its size on disk (companions
    included)."""

    path: Path
    kind: CopyKind
    made_at: dt.datetime
    size: int

    @property
    def name(self) -> str:
        return self.path.name


def _kind_of(database: Path, candidate: Path) -> CopyKind | None:
    name = candidate.name
    if any(name.endswith(suffix) for suffix in SIDECARS):
        return None
    if name.startswith(database.name + MIGRATION_MARK):
        return CopyKind.MIGRATION
    if name.startswith(database.name + UNREADABLE_MARK):
        return CopyKind.UNREADABLE
    return None


def _companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in SIDECARS]


def _made_at(path: Path) -> dt.datetime:
    # The date written in the name is when the copy was made; a copy's modification time is
    # the original's when it was renamed aside, so it is only the fallback.
    found = _DATE_IN_NAME.search(path.name)
    if found:
        try:
            return dt.datetime.strptime(found.group(1), "%Y-%m-%d_%H-%M-%S")
        except ValueError:
            pass
    return dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)


def list_copies(database: Path) -> list[DatabaseCopy]:
    """Every copy of ``database`` in its folder, oldest first."""
    copies: list[DatabaseCopy] = []
    try:
        candidates = list(database.parent.iterdir())
    except OSError:
        return []
    for candidate in candidates:
        kind = _kind_of(database, candidate)
        if kind is None or candidate.is_symlink() or not candidate.is_file():
            continue
        try:
            size = sum(part.stat().st_size for part in [candidate, *_companions(candidate)] if part.exists())
            copies.append(DatabaseCopy(candidate, kind, _made_at(candidate), size))
        except OSError:  # vanished meanwhile
            continue
    return sorted(copies, key=lambda copy: (copy.made_at, copy.name))


def remove_copy(copy: DatabaseCopy) -> None:
    """Delete one copy and its companions. Raises OSError."""
    for part in _companions(copy.path):
        part.unlink(missing_ok=True)
    copy.path.unlink(missing_ok=True)


def remove_copies(database: Path, names: set[str] | None = None, *, kind: CopyKind | None = None) -> list[DatabaseCopy]:
    """Delete the copies of ``database`` named in ``names`` (all when None) of ``kind`` (any
    when None); only files that are copies of it are ever touched. Returns those deleted."""
    removed = []
    for copy in list_copies(database):
        if (names is None or copy.name in names) and (kind is None or copy.kind is kind):
            remove_copy(copy)
            removed.append(copy)
    return removed


def expired_migration_copies(copies: list[DatabaseCopy], now: dt.datetime) -> list[DatabaseCopy]:
    """The pre-migration copies the policy no longer keeps at a successful start ``now``."""
    migration = [copy for copy in copies if copy.kind is CopyKind.MIGRATION]
    limit = now - dt.timedelta(days=MIGRATION_COPY_DAYS)
    too_many = migration[: max(0, len(migration) - MIGRATION_COPIES_KEPT)]
    return [copy for copy in migration if copy.made_at <= limit or copy in too_many]


def prune_migration_copies(database: Path, now: dt.datetime | None = None) -> list[DatabaseCopy]:
    """Apply the policy after a successful start; returns the copies deleted."""
    expired = expired_migration_copies(list_copies(database), now or dt.datetime.now())
    for copy in expired:
        remove_copy(copy)
    return expired
