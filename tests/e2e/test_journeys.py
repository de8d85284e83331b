"""Whole user journeys across application restarts, on the real window and a real database."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from ent_coach import paths
from ent_coach.domain.taxonomy import Role
from ent_coach.domain.tutorials import TutorialStatus
from ent_coach.ui import profiles as profile_screens
from ent_coach.ui.bootstrap import StartupFailure, open_database
from ent_coach.ui.ops import shutdown_tasks, task_manager
from tests.ui.conftest import make_window
from tests.ui.reading import read_to_the_end


def close_app(window, context, qtbot) -> None:
    window.close()
    qtbot.waitUntil(lambda: task_manager().pending == 0, timeout=10_000)
    shutdown_tasks()
    context.profiles._store.close()


def wait_ops(qtbot) -> None:
    qtbot.waitUntil(lambda: task_manager().pending == 0, timeout=10_000)


def test_progress_time_and_notes_survive_restart(qtbot, isolated_data_dir: Path) -> None:
    window, context = make_window(qtbot, isolated_data_dir)
    wait_ops(qtbot)
    form = window.welcome.form
    form.name_edit.setText("Lou")
    form.role_combo.setCurrentIndex(form.role_combo.findData(Role.STAGIAIRE_1D.value))
    window.welcome.create_button.click()
    wait_ops(qtbot)
    window.open_tutorial("blog-de-classe")
    wait_ops(qtbot)
    window.reader.clock._banked_ms = 95_000
    window.reader.notes.setPlainText("Modérer les commentaires des parents.")
    read_to_the_end(window.reader)
    window.reader.complete_button.click()
    wait_ops(qtbot)
    window.open_tutorial("forum")  # leaves the first one, saving its note
    wait_ops(qtbot)
    close_app(window, context, qtbot)

    window, context = make_window(qtbot, isolated_data_dir)
    wait_ops(qtbot)
    assert context.profile is not None and context.profile.display_name == "Lou"
    assert window.stack.currentWidget() is window.home
    states = context.library.states(context.profile)
    assert states["blog-de-classe"].status == TutorialStatus.COMPLETED
    assert states["blog-de-classe"].time_spent_seconds >= 95
    assert states["forum"].status == TutorialStatus.IN_PROGRESS
    assert window.home.continue_title.text() == "En cours : " + context.library.tutorial("forum").title
    window.open_tutorial("blog-de-classe")
    wait_ops(qtbot)
    assert window.reader.notes.toPlainText() == "Modérer les commentaires des parents."
    assert not window.reader.complete_button.isEnabled()
    close_app(window, context, qtbot)


def test_pin_protected_profile_asks_for_its_pin_on_restart(qtbot, isolated_data_dir: Path, monkeypatch) -> None:
    window, context = make_window(qtbot, isolated_data_dir)
    wait_ops(qtbot)
    form = window.welcome.form
    form.name_edit.setText("Sam")
    form.pin_edit.setText("2468")
    form.pin_confirm.setText("2468")
    window.welcome.create_button.click()
    wait_ops(qtbot)
    close_app(window, context, qtbot)

    attempts = iter(["1111", "2468"])

    def fake_exec(dialog: QDialog) -> int:
        dialog.pin_edit.setText(next(attempts))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(profile_screens.PinDialog, "exec", fake_exec)
    window, context = make_window(qtbot, isolated_data_dir)
    wait_ops(qtbot)
    assert context.profile is not None and context.profile.display_name == "Sam"
    close_app(window, context, qtbot)

    monkeypatch.setattr(profile_screens.PinDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    window, context = make_window(qtbot, isolated_data_dir)
    wait_ops(qtbot)
    assert context.profile is None
    assert window.stack.currentWidget() is window.welcome
    close_app(window, context, qtbot)


def test_corrupt_database_is_moved_aside_and_a_fresh_one_started(isolated_data_dir: Path, monkeypatch) -> None:
    isolated_data_dir.mkdir(parents=True)
    database = paths.database_path(isolated_data_dir)
    database.write_bytes(b"ceci n'est pas une base SQLite" * 100)
    asked: list[str] = []

    def yes(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(yes))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(yes))
    store = open_database(isolated_data_dir)
    assert store is not None
    store.close()
    assert "n'est pas une base ENT Coach lisible" in asked[0]
    kept = [p for p in isolated_data_dir.iterdir() if ".illisible-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"ceci n'est pas")


def test_database_from_newer_version_stops_start_untouched(isolated_data_dir: Path) -> None:
    import sqlite3

    isolated_data_dir.mkdir(parents=True)
    database = paths.database_path(isolated_data_dir)
    connection = sqlite3.connect(database)
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    connection.execute("INSERT INTO alembic_version VALUES ('9999_futur')")
    connection.commit()
    connection.close()
    before = database.read_bytes()
    with pytest.raises(StartupFailure, match="plus récente"):
        open_database(isolated_data_dir)
    assert database.read_bytes() == before
