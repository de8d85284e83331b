"""Erased means erased everywhere: in the database file while another connection reads, after
an interrupted erase, and in the copies of the database kept beside it."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from ent_coach.domain.profiles import Profile
from ent_coach.domain.taxonomy import Role
from ent_coach.services.mydata import MyDataService
from ent_coach.services.profiles import ProfileService
from ent_coach.store import copies, erasure
from ent_coach.store import profiles as profile_queries
from ent_coach.store.copies import CopyKind
from ent_coach.store.database import Store, backup_before_migration, open_store
from tests.unit.test_mydata import fill_profile

NAME = "Zoé Confidentielle-4242"
SECRET = "Note secrète ZOE9"


@pytest.fixture
def zoe(store: Store) -> Profile:
    profile = ProfileService(store).create(display_name=NAME, role=Role.ENSEIGNANT)
    fill_profile(store, profile, "ZOE9")
    return profile


@pytest.fixture
def stays(store: Store) -> Profile:
    profile = ProfileService(store).create(display_name="Autre Profil", role=Role.ENSEIGNANT)
    fill_profile(store, profile, "AUTR")
    return profile


@pytest.fixture
def service(store: Store, tmp_path: Path) -> MyDataService:
    return MyDataService(store, data_dir=tmp_path)


def traces(folder: Path, *markers: str) -> dict[str, int]:
    """Occurrences of each marker in every file of the folder (the WAL included)."""
    found: dict[str, int] = {}
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            count = sum(data.count(marker.encode()) for marker in markers)
            if count:
                found[path.name] = count
    return found


def main_file_holds(path: Path, marker: str) -> bool:
    return marker.encode() in path.read_bytes()


def _reading_connection(path: Path) -> sqlite3.Connection:
    """Another program in the middle of a read: its snapshot keeps the old pages alive."""
    connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    connection.execute("BEGIN")
    connection.execute("SELECT count(*) FROM profiles").fetchone()
    return connection


# --- the database file ------------------------------------------------------------------------


def test_every_connection_overwrites_deleted_content(store: Store) -> None:
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    with store.reader() as reader:
        assert reader.execute("PRAGMA secure_delete").fetchone()[0] == 1


def test_an_erase_blocked_by_a_reader_says_so_and_completes_at_next_start(
    service: MyDataService, store: Store, zoe: Profile, stays: Profile, monkeypatch
) -> None:
    monkeypatch.setattr(erasure, "CHECKPOINT_ATTEMPTS", 2)
    reader = _reading_connection(store.path)
    try:
        result = service.erase(zoe.id)
        assert result is not None and result.complete is False
        with store.reader() as connection:
            assert erasure.is_pending(connection)
    finally:
        reader.close()
    store.close()
    # Next start: the marker is found and the erase finished, then nothing is left anywhere.
    reopened = open_store(store.path)
    try:
        with reopened.reader() as connection:
            assert not erasure.is_pending(connection)
        assert traces(store.path.parent, NAME, SECRET, zoe.pseudonym) == {}
        assert main_file_holds(store.path, "Note secrète AUTR")
    finally:
        reopened.close()


def test_an_erase_retries_the_checkpoint_until_the_reader_is_done(
    service: MyDataService, store: Store, zoe: Profile, stays: Profile
) -> None:
    reader = _reading_connection(store.path)
    finishing = threading.Timer(0.8, reader.rollback)
    finishing.start()
    try:
        result = service.erase(zoe.id)
    finally:
        finishing.join()
        reader.close()
    assert result.complete is True
    # While the application is still open, the file and its log hold nothing of the profile.
    assert traces(store.path.parent, NAME, SECRET, zoe.pseudonym) == {}
    with store.reader() as connection:
        assert not erasure.is_pending(connection)


class Stopped(BaseException):
    """The process stopped (logout, power cut) between the DELETE and the VACUUM."""


def test_an_interrupted_erase_is_finished_at_next_start(
    store: Store, zoe: Profile, stays: Profile, monkeypatch
) -> None:
    # A SQLite built without SECURE_DELETE, the library's default: the deleted rows stay in
    # free pages until a VACUUM.
    with store.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA secure_delete=OFF")
        with Session(bind=connection) as session:
            profile_queries.delete_profile(session, zoe.id)
            session.commit()
        connection.commit()
    monkeypatch.setattr(erasure, "compact", lambda _path: (_ for _ in ()).throw(Stopped()))
    with pytest.raises(Stopped):
        ProfileService(store).delete(zoe.id)  # stopped before its VACUUM
    store.close()
    assert main_file_holds(store.path, SECRET)  # the simulated residue is really there
    monkeypatch.undo()

    reopened = open_store(store.path)
    try:
        assert not main_file_holds(store.path, SECRET)
        assert traces(store.path.parent, NAME, SECRET, zoe.pseudonym) == {}
        assert ProfileService(reopened).get(stays.id) is not None
        with reopened.reader() as connection:
            assert not erasure.is_pending(connection)
    finally:
        reopened.close()


# --- copies of the database ---------------------------------------------------------------------


def _copy(database: Path, suffix: str, content: bytes = b"copie") -> Path:
    path = database.with_name(database.name + suffix)
    path.write_bytes(content)
    return path


def test_pre_migration_copies_are_kept_a_week_and_two_at_most(store: Store) -> None:
    database = store.path
    now = dt.datetime(2026, 12, 8, 10, 0, 0)
    old = _copy(database, ".avant-migration-0004_assessments_practices-2026-11-20_09-00-00")
    recent = [
        _copy(database, f".avant-migration-0005_pathways-2026-12-0{day}_09-00-00")
        for day in (5, 6, 7)
    ]
    unreadable = _copy(database, ".illisible-2026-10-01_08-00-00")
    _copy(database, ".illisible-2026-10-01_08-00-00-wal")

    removed = copies.prune_migration_copies(database, now)

    assert {copy.name for copy in removed} == {old.name, recent[0].name}
    assert not old.exists() and not recent[0].exists()
    assert recent[1].exists() and recent[2].exists()
    assert unreadable.exists()  # only the person deletes a file set aside
    listed = copies.list_copies(database)
    assert [(copy.name, copy.kind) for copy in listed] == [
        (unreadable.name, CopyKind.UNREADABLE),
        (recent[1].name, CopyKind.MIGRATION),
        (recent[2].name, CopyKind.MIGRATION),
    ]
    assert listed[0].size == len(b"copie") * 2  # with its -wal companion
    assert listed[0].made_at == dt.datetime(2026, 10, 1, 8, 0, 0)


def test_a_successful_start_applies_the_policy(store_path: Path) -> None:
    open_store(store_path).close()
    expired = _copy(store_path, ".avant-migration-0005_pathways-2020-01-01_00-00-00")
    today = dt.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    fresh = _copy(store_path, f".avant-migration-0005_pathways-{today}")
    open_store(store_path).close()
    assert not expired.exists()
    assert fresh.exists()


def test_erase_reaches_the_copies_of_the_database(
    service: MyDataService, store: Store, zoe: Profile, stays: Profile
) -> None:
    # As an upgrade does, then an unreadable file set aside earlier holding the profile too.
    migration = backup_before_migration(store.path, "0005_pathways")
    unreadable = store.path.with_name(store.path.name + ".illisible-2026-12-01_10-00-00")
    shutil.copyfile(migration, unreadable)
    assert traces(store.path.parent, SECRET).keys() >= {migration.name, unreadable.name}
    assert {copy.name for copy in service.copies()} == {migration.name, unreadable.name}

    result = service.erase(zoe.id)

    assert result.complete
    assert result.removed == (migration.name,)
    assert result.kept == (unreadable.name,)  # said plainly: it may still hold the profile
    assert not migration.exists() and unreadable.exists()

    service.delete_copies({unreadable.name})
    assert service.copies() == []
    assert traces(store.path.parent, NAME, SECRET, zoe.pseudonym) == {}
    assert main_file_holds(store.path, "Note secrète AUTR")


def test_erase_can_delete_the_unreadable_files_at_once(
    service: MyDataService, store: Store, zoe: Profile
) -> None:
    unreadable = store.path.with_name(store.path.name + ".illisible-2026-12-01_10-00-00")
    shutil.copyfile(backup_before_migration(store.path, "0006_seances"), unreadable)
    result = service.erase(zoe.id, remove_unreadable=True)
    assert unreadable.name in result.removed and result.kept == ()
    assert traces(store.path.parent, NAME, SECRET, zoe.pseudonym) == {}


def test_only_copies_of_the_database_are_ever_deleted(service: MyDataService, store: Store) -> None:
    neighbour = store.path.with_name("mes-notes.avant-migration-perso.txt")
    neighbour.write_text("à moi")
    assert service.delete_copies({neighbour.name, store.path.name}) == []
    assert neighbour.exists() and store.path.exists()
