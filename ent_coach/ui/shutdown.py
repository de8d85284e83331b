"""An end of session closes the application as the person would: nothing typed is lost.

A logout ends the processes of the session: the session manager first asks the application to
save (``QGuiApplication.commitDataRequest``), then SIGTERM (systemd-logind) or SIGHUP (the
terminal going away) arrives. By default either signal kills the process at once, without
``closeEvent``: the note being typed, the reading time not yet flushed and a clean close of
the database would be lost.

A Python signal handler only runs when the interpreter gets control, which may be long
while Qt waits for events. The well-known pattern is used instead: the C-level handler
writes the signal's number to one end of a socket pair (``signal.set_wakeup_fd``), and a
``QSocketNotifier`` on the other end wakes the Qt event loop, which then closes every window
(each saves what it holds in its ``closeEvent``) and quits; ``run_gui`` closes the database
after the loop.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier, Qt, Slot
from PySide6.QtGui import QGuiApplication, QSessionManager
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

# SIGHUP does not exist on Windows, where a logout goes through the session manager only.
END_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class SessionEndGuard(QObject):
    """Saves on the session manager's request; closes cleanly on SIGTERM / SIGHUP.

    ``save`` writes what is pending without closing anything (the session manager may still
    cancel the logout); a signal closes every window, then quits the event loop.
    """

    def __init__(self, save: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self._closing = False
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._notifier = QSocketNotifier(
            self._reader.fileno(), QSocketNotifier.Type.Read, self
        )
        self._notifier.activated.connect(self._on_wake_up)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous_handlers = {
            number: signal.signal(number, _note_signal) for number in END_SIGNALS
        }
        application = QGuiApplication.instance()
        if isinstance(application, QGuiApplication):
            # Direct: the session manager waits for the answer inside this call.
            application.commitDataRequest.connect(
                self._on_commit_data, Qt.ConnectionType.DirectConnection
            )

    @property
    def closing(self) -> bool:
        return self._closing

    @Slot(QSessionManager)
    def _on_commit_data(self, _manager: QSessionManager) -> None:
        log.info("Fin de session demandée : enregistrement de ce qui est en cours.")
        self._save()

    @Slot()
    def _on_wake_up(self) -> None:
        try:
            received = self._reader.recv(64)
        except OSError:  # nothing left to read: a spurious wake-up
            return
        if received and not self._closing:
            self.close_all(signal_number=received[0])

    def close_all(self, *, signal_number: int | None = None) -> None:
        """Close every window as the person would (each saves its state), then quit."""
        self._closing = True
        log.info("Signal %s reçu : fermeture propre de l'application.", signal_number)
        QApplication.closeAllWindows()
        QApplication.quit()

    def uninstall(self) -> None:
        """Give the signals back their previous handlers (the event loop has ended)."""
        for number, handler in self._previous_handlers.items():
            signal.signal(number, handler)
        self._previous_handlers = {}
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()


def _note_signal(_number: int, _frame: object) -> None:
    # Nothing to do here: the C-level handler has already written the signal's number to the
    # wake-up socket; this Python handler only replaces the default, which kills the process.
    return


def install(save: Callable[[], None], parent: QObject | None = None) -> SessionEndGuard:
    return SessionEndGuard(save, parent)
