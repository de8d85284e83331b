"""Run by ``test_session_end.py`` in a child process: the real entry point (``app.main``) with
a data folder; once the window is up, open a tutorial, read it a little, type a note without
pausing, then send this very process the signal named on the command line (as a logout
does) right after the last key, before the note's save delay has run out."""

from __future__ import annotations

import os
import signal
import sys

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ent_coach.app import main
from ent_coach.ui.main_window import MainWindow

READING_MS = 1500  # reading time is only flushed from one second on


def _window() -> MainWindow | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)), None)


def _when_ready(data_dir: str, signal_name: str, note: str) -> None:
    window = _window()
    if window is None or window._context.profile is None:  # the last profile reopens first
        QTimer.singleShot(50, lambda: _when_ready(data_dir, signal_name, note))
        return
    window.activateWindow()
    window.open_tutorial(window._context.tutorials[0].id)

    def type_then_signal() -> None:
        window.reader.notes.setFocus()
        QTest.keyClicks(window.reader.notes, note)
        print("typed", flush=True)
        os.kill(os.getpid(), getattr(signal, signal_name))

    QTimer.singleShot(READING_MS, type_then_signal)


if __name__ == "__main__":
    directory, name, text = sys.argv[1:4]
    application = QApplication([sys.argv[0], "-style", "Fusion"])
    QTimer.singleShot(0, lambda: _when_ready(directory, name, text))
    raise SystemExit(main(["--data-dir", directory]))
