"""One ENT Coach per data folder: a second window is refused with a French message before it
touches the database, the command line waits a moment then says the application is open, and
the lock of a process that died is taken over. Also what a start refuses: a corrupt database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from ent_coach import app, cli, paths
from ent_coach.store.errors import DataDirInUseError
from ent_coach.store.folder_lock import hold_data_dir, lock_data_dir

ROOT = Path(__file__).resolve().parents[2]

_HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from ent_coach.store.folder_lock import lock_data_dir
    lock = lock_data_dir(Path(sys.argv[1]))
    assert lock is not None
    print("held", flush=True)
    sys.stdin.read()
    """
)


def _hold_in_other_process(folder: Path) -> subprocess.Popen[str]:
    """Another ENT Coach: a process holding the folder's lock until its stdin closes."""
    folder.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(folder)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


@pytest.fixture
def held_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "donnees"
    holder = _hold_in_other_process(folder)
    yield folder
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(timeout=10)


def test_a_second_window_on_the_same_folder_is_refused_in_french(
    held_folder: Path, qapp, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(app, "GUI_LOCK_WAIT_MS", 0)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert app.run_gui(data_dir=held_folder) == 2
    assert len(shown) == 1
    assert shown[0].startswith(f"ENT Coach est déjà ouvert avec le dossier de données « {held_folder} »")
    # Refused before the database was opened (or created).
    assert not paths.database_path(held_folder).exists()


def test_the_command_line_waits_then_says_the_application_is_open(
    held_folder: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr(cli, "LOCK_WAIT_MS", 200)
    status = app.main(["--data-dir", str(held_folder), "seance", "report", "ACDEFG"])
    assert status == cli.EXIT_BUSY
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"ENT Coach est ouvert avec le dossier de données « {held_folder} »" in captured.err
    assert "fermez sa fenêtre" in captured.err


def test_the_lock_is_free_again_once_the_other_instance_is_gone(tmp_path: Path) -> None:
    folder = tmp_path / "donnees"
    holder = _hold_in_other_process(folder)
    with pytest.raises(DataDirInUseError):
        lock_data_dir(folder)
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(timeout=10)
    lock = lock_data_dir(folder)
    assert lock is not None
    lock.release()


def test_the_lock_of_a_process_killed_outright_is_taken_over(tmp_path: Path) -> None:
    folder = tmp_path / "donnees"
    holder = _hold_in_other_process(folder)
    os.kill(holder.pid, signal.SIGKILL)  # no clean-up: the lock file stays behind
    holder.wait(timeout=10)
    assert paths.lock_path(folder).exists()
    with hold_data_dir(folder), pytest.raises(DataDirInUseError):
        lock_data_dir(folder)  # now held here: a second holder is refused
    lock = lock_data_dir(folder)  # and free again once released
    assert lock is not None
    lock.release()


def test_a_folder_where_no_lock_can_be_written_is_left_to_the_store_to_report(tmp_path: Path) -> None:
    # The folder does not exist: no lock file can be made, and none is needed to go on.
    assert lock_data_dir(tmp_path / "absent") is None
    assert not (tmp_path / "absent").exists()


# --- an unreadable database at start (in this file: it is about what a start refuses) --------


def test_a_corrupt_database_is_offered_in_french_and_its_setting_aside_is_logged(
    tmp_path: Path, qapp, no_dialogs: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    from ent_coach.ui.bootstrap import open_database

    folder = tmp_path / "donnees"
    folder.mkdir()
    paths.database_path(folder).write_bytes(b"SQLite format 3\x00" + b"\x07" * 4096)
    caplog.set_level("INFO", logger="ent_coach")
    store = open_database(folder)  # « Oui » to « Repartir d'une base neuve ? »
    assert store is not None
    store.close()
    question = no_dialogs[0]
    assert "n'est pas une base ENT Coach lisible" in question
    assert "database" not in question and "malformed" not in question
    [kept] = folder.glob("ent-coach.sqlite3.illisible-*")
    assert any("database" in record.getMessage() for record in caplog.records)  # SQLite's words
    assert any(kept.name in record.getMessage() for record in caplog.records)
