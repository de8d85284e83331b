"""Child process for the start-up benchmark: ``app`` runs the real ENT Coach up to a painted
home screen whose « Continuer » card holds the next action (where the person stops waiting);
``baseline`` shows a minimal PySide6 window with a QTextBrowser.
Prints ``ready <resident-memory-bytes>`` once the window is on screen, then exits."""

from __future__ import annotations

import os
import sys


def rss_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def baseline() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTextBrowser

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    browser = QTextBrowser()
    browser.setHtml("<h1>Bonjour</h1><p>Fenêtre minimale de référence.</p>")
    window.setCentralWidget(browser)
    window.resize(1100, 720)
    window.show()
    app.processEvents()
    window.repaint()
    print(f"ready {rss_bytes()}", flush=True)
    return 0


def full_app(data_dir: str) -> int:
    from PySide6.QtWidgets import QApplication

    from ent_coach import app as app_module
    from ent_coach.ui import main_window

    original_start = main_window.MainWindow.start

    def start_and_report(self: main_window.MainWindow) -> None:
        def next_action_shown() -> None:
            assert self.home.next_card.isVisible() and self.home.next_title.text()
            QApplication.processEvents()
            self.repaint()
            print(f"ready {rss_bytes()}", flush=True)
            QApplication.instance().quit()  # type: ignore[union-attr]

        self.home.nextActionShown.connect(next_action_shown)
        original_start(self)

    main_window.MainWindow.start = start_and_report  # type: ignore[method-assign]
    return app_module.main(["--data-dir", data_dir])


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if sys.argv[1] == "baseline":
        raise SystemExit(baseline())
    raise SystemExit(full_app(sys.argv[2]))
