"""Open the SQLite store safely: check, back up, migrate, then hand out sessions.

Opening order: make sure the folder and the file are writable; refuse a file that is not
SQLite or fails a quick integrity check; refuse, untouched, a schema written by a newer
version; copy the file aside before any migration; run Alembic up to head (a new file follows
the same path). A store opened ``read_only`` (commands that only read) skips the writing checks
and writes nothing, so it works on a full disk or a read-only file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ent_coach.content.atomic_file import os_reason
from ent_coach.store.errors import (
    CorruptDatabaseError,
    DatabaseReadOnlyError,
    DataDirUnwritableError,
    NewerDatabaseError,
    StoreWriteError,
    french_sqlite_message,
    french_sqlite_reason,
)
from ent_coach.store.schema_version import KNOWN_REVISIONS, SCHEMA_HEAD

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

SQLITE_MAGIC = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm")

# SQLite's own (English) words for a failure are logged at INFO: the person reads French
# messages, the log keeps the detail, and a command line without a log prints nothing extra.
log = logging.getLogger(__name__)

log = logging.getLogger(__name__)


def _now_tag() -> str:
    return dt.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")


def ensure_writable_dir(directory: Path) -> None:
    probe = directory / f".ecriture-{os.getpid()}.tmp"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"ok")
    except OSError as exc:
        raise DataDirUnwritableError(directory, os_reason(exc)) from exc
    finally:
        # Also when the write failed (disk full): the empty file must not stay behind.
        with contextlib.suppress(OSError):
            probe.unlink(missing_ok=True)


def ensure_writable_file(path: Path) -> None:
    """The database and its WAL files, when they exist, can be written: a read-only file in a
    writable folder would otherwise fail every save later, once notes are typed.

    Asked with access(2), not by opening the file: closing a descriptor on the database would
    drop the locks SQLite holds on it in this process."""
    for candidate in (path, *(path.with_name(path.name + suffix) for suffix in SIDE_FILES)):
        if candidate.exists() and not os.access(candidate, os.W_OK):
            raise DatabaseReadOnlyError(candidate, "écriture non autorisée")


def read_revision(path: Path) -> str | None:
    """Schema revision of an existing file (None for a new or empty file).

    Opened read-only so a refused file is never modified. Raises CorruptDatabaseError for
    a file that is not an ENT Coach SQLite database.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise CorruptDatabaseError(path, "en-tête SQLite absent")
    try:
        connection = sqlite3.connect(_read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise CorruptDatabaseError(path, french_sqlite_reason(exc), str(exc)) from exc
    try:
        check = connection.execute("PRAGMA quick_check").fetchone()
        if not check or check[0] != "ok":
            raise CorruptDatabaseError(
                path, "le contrôle d'intégrité a trouvé des pages endommagées",
                f"quick_check: {check[0] if check else '?'}",
            )  # fmt: skip
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            if tables:
                raise CorruptDatabaseError(path, "base SQLite d'une autre application")
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(path, french_sqlite_reason(exc), str(exc)) from exc
    finally:
        connection.close()


def _read_only_uri(path: Path) -> str:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not any(path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-journal")):
        # Nothing is pending in a WAL or journal, so the file alone is the database: reading it
        # as immutable keeps SQLite from creating -wal/-shm files beside it (a file we may
        # refuse, a full disk where even those cannot be made).
        uri += "&immutable=1"
    return uri


def move_aside(path: Path) -> Path:
    """Rename an unreadable database (and its WAL files) to a dated name; never delete it."""
    target = path.with_name(f"{path.name}.illisible-{_now_tag()}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.illisible-{_now_tag()}-{counter}")
        counter += 1
    path.rename(target)
    for suffix in SIDE_FILES:
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            sidecar.rename(target.with_name(target.name + suffix))
    return target


def backup_before_migration(path: Path, revision: str | None) -> Path:
    """Consistent copy via SQLite's backup API (includes anything still in the WAL)."""
    target = path.with_name(f"{path.name}.avant-migration-{revision or 'vide'}-{_now_tag()}")
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    return target


def _make_engine(path: Path, *, read_only: bool = False) -> Engine:
    # SQLAlchemy is imported here, not at module level: a normal start shows the home screen
    # from plain-SQL reads first, and the ORM loads on the worker thread right after.
    from sqlalchemy import create_engine, event

    if read_only:
        uri = _read_only_uri(path)
        engine = create_engine(
            f"sqlite:///{path}",
            creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=5),
        )
    else:
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"check_same_thread": False, "timeout": 5},
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        if read_only:
            cursor.execute("PRAGMA query_only=ON")
            cursor.close()
            return
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted content is overwritten with zeros, whatever the SQLite library's default.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # 16 MB of page cache instead of SQLite's 2 MB: an import of a séance's progress
        # inserts into a primary-key index that quickly outgrows 2 MB, and each evicted page
        # was read back for the next file (about a fifth of the import's time).
        cursor.execute("PRAGMA cache_size=-16384")
        cursor.close()

    return engine


def _run_migrations(engine: Engine) -> None:
    # Imported here: Alembic is only needed when the schema is behind, not on every start.
    from alembic import command
    from alembic.config import Config

    from ent_coach.paths import migrations_dir

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class Store:
    """An open database.

    ``session()`` gives one ORM unit of work, committed or rolled back whole (writes).
    ``reader()`` gives a read-only stdlib connection for the plain-SQL reads of ``store.reads``.
    The SQLAlchemy engine is created on first use.
    """

    def __init__(self, path: Path, engine: Engine | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._engine = engine
        self._sessions = None
        self._read_connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._read_lock = threading.Lock()
        self.backup_path: Path | None = None

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._engine = _make_engine(self.path, read_only=self.read_only)
            return self._engine

    def warm_up(self) -> None:
        """Load the ORM and open the engine ahead of the first write."""
        from ent_coach.store import models  # noqa: F401 - imports the mapped classes

        with self.engine.connect():
            pass

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        from sqlalchemy.exc import DBAPIError
        from sqlalchemy.orm import sessionmaker

        if self._sessions is None:
            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        session = self._sessions()
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            log.info("SQLite a refusé l'écriture : %s", exc.orig)
            raise StoreWriteError(french_sqlite_message(exc)) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextlib.contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        # One shared read connection; the lock keeps a test or a dialog calling from another
        # thread from interleaving with the worker.
        with self._read_lock:
            if self._read_connection is None:
                if self.read_only:
                    connection = sqlite3.connect(
                        _read_only_uri(self.path), uri=True, check_same_thread=False, timeout=5
                    )
                else:
                    connection = sqlite3.connect(self.path, check_same_thread=False, timeout=5)
                connection.execute("PRAGMA query_only = ON")
                connection.execute("PRAGMA secure_delete = ON")
                self._read_connection = connection
            try:
                yield self._read_connection
            except sqlite3.Error as exc:
                log.info("SQLite a refusé la lecture : %s", exc)
                raise StoreWriteError(
                    f"Lecture de la base impossible ({french_sqlite_reason(exc)})."
                ) from exc

    def close(self) -> None:
        if self._read_connection is not None:
            self._read_connection.close()
            self._read_connection = None
        if self._engine is not None:
            self._engine.dispose()


def open_store(path: Path, *, read_only: bool = False) -> Store:
    """Open (creating or upgrading) the database at ``path``; see the module docstring.

    ``read_only``: for commands that only read; an existing database at the current schema
    is opened without writing anything beside it (still upgraded first when it is older).
    """
    if not read_only:
        ensure_writable_dir(path.parent)
        ensure_writable_file(path)
    revision = read_revision(path)
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise NewerDatabaseError(path, revision)
    if read_only:
        if revision == SCHEMA_HEAD:
            return Store(path, read_only=True)
        ensure_writable_dir(path.parent)  # an upgrade writes
        ensure_writable_file(path)
    backup: Path | None = None
    if revision != SCHEMA_HEAD and path.exists() and path.stat().st_size > 0:
        backup = backup_before_migration(path, revision)
    engine = None
    if revision != SCHEMA_HEAD:
        from sqlalchemy.exc import DBAPIError

        engine = _make_engine(path)
        try:
            _run_migrations(engine)
        except DBAPIError as exc:
            engine.dispose()
            raise StoreWriteError(
                "La mise à jour de la base a échoué ; elle a été annulée. "
                + french_sqlite_message(exc)
            ) from exc
    store = Store(path, engine)
    store.backup_path = backup
    _finish_start(store)
    return store


def _finish_start(store: Store) -> None:
    """After a successful opening: finish an erase left unfinished (a reader kept it from
    completing, or the process stopped), then apply the pre-migration copies' policy."""
    from ent_coach.store import copies, erasure

    with store.reader() as connection:
        pending = erasure.is_pending(connection)
    if pending:
        erasure.compact(store.path)
    try:
        for copy in copies.prune_migration_copies(store.path):
            log.info("Copie d'avant mise à jour supprimée (politique de conservation) : %s", copy.name)
    except OSError as exc:  # a copy that cannot be deleted now is tried again next start
        log.warning("Copie d'avant mise à jour non supprimée : %s", os_reason(exc))


