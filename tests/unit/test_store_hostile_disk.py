"""The database on faulty storage: a read-only database file is refused at start with a message
naming it; a full disk leaves no temporary file behind and still lets read-only commands work;
a corrupt database is described in French (SQLite's English words kept for the log)."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from ent_coach.app import main
from ent_coach.store import database
from ent_coach.store.database import ensure_writable_dir, open_store
from ent_coach.store.errors import (
    CorruptDatabaseError,
    DatabaseReadOnlyError,
    DataDirUnwritableError,
    StoreWriteError,
    french_sqlite_message,
)
from tests.unit.test_coaching_cli import tutor_dir  # noqa: F401 - a tutor's folder with one séance


def _disk_full_for(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing a new file in ``folder`` fails as on a full disk: the file is created (an inode
    is free), the bytes do not fit."""
    real_write_bytes = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        if self.parent == folder:
            self.touch()
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real_write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)


def test_a_full_disk_leaves_no_probe_file_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "donnees"
    folder.mkdir()
    _disk_full_for(folder, monkeypatch)
    for _ in range(3):  # three refused starts
        with pytest.raises(DataDirUnwritableError) as caught:
            ensure_writable_dir(folder)
        assert "disque plein" in str(caught.value)
    assert list(folder.iterdir()) == []


def test_a_report_works_on_a_full_disk_and_writes_nothing_there(
    tutor_dir: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, capsys  # noqa: F811
) -> None:
    folder, code = tutor_dir
    before = sorted(p.name for p in folder.iterdir())
    _disk_full_for(folder, monkeypatch)
    assert main(["--data-dir", str(folder), "seance", "report", code]) == 0
    captured = capsys.readouterr()
    assert "Prise en main" in captured.out
    assert captured.err == ""
    # Neither a probe file nor SQLite's -wal/-shm files (which a full disk could not hold);
    # only the empty lock file, which needs no space (and is not needed when it cannot be made).
    after = sorted(p.name for p in folder.iterdir() if p.name != "ent-coach.lock")
    assert after == before


def test_a_command_that_writes_is_still_refused_clearly_on_a_full_disk(
    tutor_dir: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys  # noqa: F811
) -> None:
    folder, code = tutor_dir
    _disk_full_for(folder, monkeypatch)
    assert main(["--data-dir", str(folder), "bundle", "import", "--seance", code, str(tmp_path)]) == 2
    assert "disque plein" in capsys.readouterr().err
    assert not list(folder.glob(".ecriture-*"))


def test_a_read_only_database_file_is_refused_at_start_naming_the_file(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_store(store_path).close()
    real_access = os.access

    def read_only_file(path, mode, *args, **kwargs):  # as a file without write permission
        if Path(path) == store_path and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(database.os, "access", read_only_file)
    with pytest.raises(DatabaseReadOnlyError) as caught:
        open_store(store_path)
    message = str(caught.value)
    assert f"Le fichier de la base « {store_path} » est en lecture seule (écriture non autorisée)" in message
    assert "dossier de données" not in message.split(":")[0]
    # Reading stays possible (a report on a read-only copy).
    open_store(store_path, read_only=True).close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through file permissions")
def test_a_read_only_database_file_for_real(store_path: Path) -> None:
    open_store(store_path).close()
    store_path.chmod(0o444)
    try:
        with pytest.raises(DatabaseReadOnlyError):
            open_store(store_path)
    finally:
        store_path.chmod(0o644)


def test_a_corrupt_database_is_described_in_french_with_sqlites_words_for_the_log(
    store_path: Path,
) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4096)
    with pytest.raises(CorruptDatabaseError) as caught:
        open_store(store_path)
    message = str(caught.value)
    assert message.startswith(f"Le fichier « {store_path.name} » n'est pas une base ENT Coach lisible (")
    for english in ("database", "malformed", "file is", "error"):
        assert english not in message
    assert "database" in caught.value.detail  # SQLite's own words, for the log


def test_a_damaged_page_is_described_in_french(store_path: Path) -> None:
    open_store(store_path).close()
    data = bytearray(store_path.read_bytes())
    page = 4096
    data[2 * page + 8 : 3 * page] = b"\xff" * (page - 8)  # a table page's cells overwritten
    store_path.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabaseError) as caught:
        open_store(store_path)
    assert str(caught.value).endswith("(le contrôle d'intégrité a trouvé des pages endommagées).")
    assert "out of range" in caught.value.detail  # SQLite's report, for the log


def test_a_database_damaged_while_open_is_reported_in_french() -> None:
    message = french_sqlite_message(sqlite3.DatabaseError("database disk image is malformed"))
    assert message.startswith("La base de données est endommagée")
    assert "malformed" not in message


def test_a_read_failure_is_worded_in_french(store_path: Path) -> None:
    store = open_store(store_path)
    try:
        with pytest.raises(StoreWriteError) as caught, store.reader():
            raise sqlite3.DatabaseError("database disk image is malformed")
        assert str(caught.value) == "Lecture de la base impossible (fichier endommagé)."
    finally:
        store.close()

