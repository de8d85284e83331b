"""Opening the SQLite store: one creation path, guarded versions, backups, clear failures."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from ent_coach import paths
from ent_coach.content.tutorials import load_tutorials
from ent_coach.domain.taxonomy import Role
from ent_coach.services.library import LibraryService
from ent_coach.services.profiles import ProfileService
from ent_coach.store.database import (
    Store,
    ensure_writable_dir,
    move_aside,
    open_store,
    read_revision,
)
from ent_coach.store.errors import (
    CorruptDatabaseError,
    DataDirUnwritableError,
    NewerDatabaseError,
    StoreWriteError,
    french_sqlite_message,
)
from ent_coach.store.models import Base
from ent_coach.store.schema_version import KNOWN_REVISIONS, SCHEMA_HEAD

APP_TABLES = {"app_state", "profiles", "statements", "activity_progress", "notes"}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path: Path) -> list[Path]:
    return [
        p
        for p in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))
        if p.exists()
    ]


def raw_tables(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    finally:
        connection.close()


def make_closed_store(path: Path) -> None:
    """A database at head, fully checkpointed (no -wal left) once closed."""
    open_store(path).close()
    assert not sidecars(path)


# --- creation and migrations ----------------------------------------------------------------


def test_alembic_head_is_the_declared_schema_head() -> None:
    scripts = ScriptDirectory(str(paths.migrations_dir()))
    assert scripts.get_heads() == [SCHEMA_HEAD]
    in_order = [script.revision for script in reversed(list(scripts.walk_revisions()))]
    assert tuple(in_order) == KNOWN_REVISIONS


def test_new_file_is_migrated_to_head(store: Store, store_path: Path) -> None:
    assert store_path.parent == paths.default_data_dir()
    assert raw_tables(store_path) >= APP_TABLES | {"alembic_version"}
    with store.engine.connect() as connection:
        version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert version == SCHEMA_HEAD
    assert store.backup_path is None


def test_migrated_schema_matches_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_reopening_at_head_keeps_data_and_makes_no_backup(store_path: Path) -> None:
    first = open_store(store_path)
    ProfileService(first).create(display_name="Camille", role=Role.ENSEIGNANT)
    first.close()
    second = open_store(store_path)
    try:
        assert [p.display_name for p in ProfileService(second).list()] == ["Camille"]
        assert second.backup_path is None
        assert not list(store_path.parent.glob("*.avant-migration-*"))
    finally:
        second.close()


def test_connections_use_wal_and_foreign_keys(store: Store) -> None:
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with store.session() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_reader_is_query_only_and_sees_committed_writes(store: Store) -> None:
    with store.reader() as connection:
        assert connection.execute("SELECT count(*) FROM profiles").fetchone() == (0,)
    ProfileService(store).create(display_name="Camille", role=Role.ENSEIGNANT)
    with store.reader() as connection:
        assert connection.execute("SELECT count(*) FROM profiles").fetchone() == (1,)
    with pytest.raises(StoreWriteError), store.reader() as connection:
        connection.execute("DELETE FROM profiles")
    with store.reader() as connection:
        assert connection.execute("SELECT count(*) FROM profiles").fetchone() == (1,)


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(StoreWriteError), store.session() as session:
        session.execute(
            text(
                "INSERT INTO notes (profile_id, tutorial_id, text, updated_at) "
                "VALUES (999, 'agenda', 'orpheline', '2026-01-01 00:00:00')"
            )
        )
    with store.session() as session:
        assert session.execute(text("SELECT count(*) FROM notes")).scalar() == 0


def test_empty_file_is_treated_as_new(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"")
    assert read_revision(store_path) is None
    opened = open_store(store_path)
    try:
        assert opened.backup_path is None
        assert raw_tables(store_path) >= APP_TABLES
    finally:
        opened.close()


def test_backup_is_made_before_migrating_an_older_database(store_path: Path) -> None:
    # An Alembic-managed file with no revision yet: older than head, and not empty.
    store_path.parent.mkdir(parents=True)
    connection = sqlite3.connect(store_path)
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    connection.commit()
    connection.close()
    before = digest(store_path)
    assert read_revision(store_path) is None

    opened = open_store(store_path)
    try:
        backup = opened.backup_path
        assert backup is not None
        assert backup.parent == store_path.parent
        assert re.fullmatch(
            re.escape(store_path.name)
            + r"\.avant-migration-vide-\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}",
            backup.name,
        )
        assert raw_tables(store_path) >= APP_TABLES
    finally:
        opened.close()
    assert raw_tables(backup) == {"alembic_version"}
    assert digest(backup) == before
    check = sqlite3.connect(backup)
    try:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        check.close()


# --- files this version must refuse ----------------------------------------------------------


def test_newer_database_is_refused_untouched(store_path: Path) -> None:
    make_closed_store(store_path)
    connection = sqlite3.connect(store_path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    assert not sidecars(store_path)
    before = digest(store_path)

    with pytest.raises(NewerDatabaseError) as caught:
        open_store(store_path)

    assert "plus récente" in str(caught.value)
    assert "9999_future" in str(caught.value)
    assert caught.value.revision == "9999_future"
    assert digest(store_path) == before
    assert not sidecars(store_path)
    assert not list(store_path.parent.glob("*.avant-migration-*"))


def test_non_sqlite_file_is_corrupt_and_can_be_moved_aside(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    garbage = os.urandom(8192)
    store_path.write_bytes(garbage)

    with pytest.raises(CorruptDatabaseError) as caught:
        open_store(store_path)
    assert store_path.name in str(caught.value)
    assert "n'est pas une base ENT Coach lisible" in str(caught.value)
    assert store_path.read_bytes() == garbage

    moved = move_aside(store_path)
    assert moved.parent == store_path.parent
    assert re.fullmatch(
        re.escape(store_path.name) + r"\.illisible-\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}(-\d+)?",
        moved.name,
    )
    assert moved.read_bytes() == garbage
    assert not store_path.exists()

    # The freed path now opens as a new database.
    fresh = open_store(store_path)
    fresh.close()
    assert moved.read_bytes() == garbage


def test_move_aside_never_overwrites_an_earlier_copy(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"premier")
    first = move_aside(store_path)
    store_path.write_bytes(b"second")
    second = move_aside(store_path)
    assert first != second
    assert first.read_bytes() == b"premier"
    assert second.read_bytes() == b"second"


def test_sqlite_header_with_garbage_is_corrupt(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    with pytest.raises(CorruptDatabaseError):
        open_store(store_path)


def test_database_of_another_application_is_corrupt(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    connection = sqlite3.connect(store_path)
    connection.execute("CREATE TABLE recettes (nom TEXT)")
    connection.execute("INSERT INTO recettes VALUES ('tarte')")
    connection.commit()
    connection.close()
    before = digest(store_path)
    with pytest.raises(CorruptDatabaseError) as caught:
        open_store(store_path)
    assert "autre application" in str(caught.value)
    assert digest(store_path) == before


def test_unwritable_data_dir(tmp_path: Path) -> None:
    blocker = tmp_path / "un-fichier"
    blocker.write_text("pas un dossier", encoding="utf-8")
    with pytest.raises(DataDirUnwritableError) as caught:
        ensure_writable_dir(blocker / "donnees")
    message = str(caught.value)
    assert "n'est pas accessible en écriture" in message
    assert "--data-dir" in message
    with pytest.raises(DataDirUnwritableError):
        open_store(blocker / "donnees" / "ent-coach.sqlite3")


def test_ensure_writable_dir_creates_the_folder_and_leaves_no_probe(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b"
    ensure_writable_dir(target)
    assert target.is_dir()
    assert list(target.iterdir()) == []


# --- the statement log ------------------------------------------------------------------------


def test_statements_cannot_be_updated(store: Store) -> None:
    profile = ProfileService(store).create(display_name="Alex", role=Role.ENSEIGNANT)
    with store.session() as session:
        session.execute(
            text(
                "INSERT INTO statements (id, profile_id, verb, activity_id, timestamp, payload) "
                "VALUES ('s1', :p, 'v', 'a', '2026-01-01T00:00:00+00:00', '{}')"
            ),
            {"p": profile.id},
        )
    with pytest.raises(StoreWriteError) as caught, store.session() as session:
        session.execute(text("UPDATE statements SET payload = '{\"faux\": 1}'"))
    assert "append-only" in str(caught.value)
    with store.session() as session:
        assert session.execute(text("SELECT payload FROM statements")).scalar() == "{}"
    # Raw SQLite, bypassing the application, is refused too.
    connection = sqlite3.connect(store.path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            connection.execute("UPDATE statements SET verb = 'autre'")
    finally:
        connection.close()


# --- a full disk ----------------------------------------------------------------------------


def fill_disk(store: Store) -> None:
    """From now on every connection is capped at the pages the file has: any write that needs
    one more page fails exactly as SQLite does on a full disk."""

    @event.listens_for(store.engine, "connect")
    def _cap_pages(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    store.engine.dispose()  # pooled connections predate the cap


def test_full_disk_on_library_write(store: Store, tutorial_factory) -> None:
    tutorial_factory.write("agenda", tutorial_factory.text("agenda", title="L'agenda de la classe"))
    library = LibraryService(store, load_tutorials(tutorial_factory.directory).tutorials)
    profile = ProfileService(store).create(display_name="Dominique", role=Role.ENSEIGNANT)
    library.open_tutorial(profile, "agenda")
    library.save_note(profile, "agenda", "Première note, déjà enregistrée.")

    fill_disk(store)
    with pytest.raises(StoreWriteError) as caught:
        library.save_note(profile, "agenda", "Une note bien plus longue. " * 700)
    assert "disque est plein" in str(caught.value)

    note = library.note(profile, "agenda")
    assert note is not None
    assert note.text == "Première note, déjà enregistrée."
    assert library.states(profile)["agenda"].status == "en-cours"
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_full_disk_on_profile_write(store: Store) -> None:
    service = ProfileService(store)
    service.create(display_name="Déjà là", role=Role.FORMATEUR)
    fill_disk(store)
    created = ["Déjà là"]
    with pytest.raises(StoreWriteError) as caught:
        for number in range(2000):
            service.create(display_name=f"Personne {number}", role=Role.ENSEIGNANT)
            created.append(f"Personne {number}")
    assert "disque est plein" in str(caught.value)
    assert sorted(p.display_name for p in service.list()) == sorted(created)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


# --- French messages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (sqlite3.OperationalError("database or disk is full"), "disque est plein"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "lecture seule"),
        (sqlite3.OperationalError("database is locked"), "occupée par un autre programme"),
        (sqlite3.OperationalError("disk I/O error"), "Erreur d'écriture sur le disque"),
        (sqlite3.IntegrityError("UNIQUE constraint failed"), "L'enregistrement a échoué"),
    ],
)
def test_french_sqlite_message(error: Exception, expected: str) -> None:
    assert expected in french_sqlite_message(error)
    wrapped = OperationalError("INSERT ...", {}, error)
    assert expected in french_sqlite_message(wrapped)
    assert "annulé" in french_sqlite_message(wrapped)
