"""A logout (SIGTERM, SIGHUP) saves the note being typed and the reading time, and closes
the database cleanly, as closing the window does."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ent_coach import paths
from ent_coach.domain.taxonomy import Role
from ent_coach.services.profiles import ProfileService
from ent_coach.store.database import open_store

DRIVER = Path(__file__).with_name("session_end_driver.py")
NOTE = "Penser au cahier de textes avant lundi"


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_a_logout_signal_saves_the_note_and_reading_time(tmp_path: Path, signal_name: str) -> None:
    data_dir = tmp_path / "donnees"
    store = open_store(paths.database_path(data_dir))
    ProfileService(store).create(display_name="Léa", role=Role.ENSEIGNANT)
    store.close()
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(Path(__file__).resolve().parents[2]), environment.get("PYTHONPATH", "")]
    )
    finished = subprocess.run(
        [sys.executable, str(DRIVER), str(data_dir), signal_name, NOTE],
        env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "typed" in finished.stdout, finished.stderr
    assert finished.returncode == 0, finished.stderr
    database = paths.database_path(data_dir)
    # A clean close checkpoints and removes the write-ahead log.
    assert not database.with_name(database.name + "-wal").exists()
    with sqlite3.connect(database) as connection:
        notes = [row[0] for row in connection.execute("SELECT text FROM notes")]
        seconds = connection.execute(
            "SELECT COALESCE(SUM(time_spent_seconds), 0) FROM activity_progress"
        ).fetchone()[0]
    assert notes == [NOTE]
    assert seconds >= 1
