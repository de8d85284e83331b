"""pytest-qt fixtures: the real main window over a temporary data folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from ent_coach.ui.bootstrap import build_context, open_database
from ent_coach.ui.context import AppContext
from ent_coach.ui.main_window import MainWindow
from ent_coach.ui.ops import shutdown_tasks, task_manager
from ent_coach.ui.paint_job import running_jobs


@pytest.fixture
def wait_ops(qtbot) -> Callable[[], None]:
    """Wait until every database op and every painting job (PDFs) has come back to the GUI
    thread."""

    def wait() -> None:
        qtbot.waitUntil(
            lambda: task_manager().pending == 0 and running_jobs() == 0, timeout=20_000
        )

    return wait


@pytest.fixture
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer message boxes automatically (Yes / Open) and record their titles."""
    seen: list[str] = []

    def answer(parent, title, text, *args, **kwargs):
        seen.append(f"{title}: {text}")
        buttons = args[0] if args else kwargs.get("buttons")
        if buttons is not None and buttons & QMessageBox.StandardButton.Open:
            return QMessageBox.StandardButton.Open
        return QMessageBox.StandardButton.Yes

    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(answer))
    return seen


def make_window(qtbot, data_dir: Path) -> tuple[MainWindow, AppContext]:
    store = open_database(data_dir)
    assert store is not None
    context = build_context(data_dir, store)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.start()
    return window, context


@pytest.fixture
def app_window(qtbot, isolated_data_dir: Path, wait_ops) -> Iterator[tuple[MainWindow, AppContext]]:
    window, context = make_window(qtbot, isolated_data_dir)
    wait_ops()
    yield window, context
    window.close()
    wait_ops()
    shutdown_tasks()
    context.profiles._store.close()
