"""A debounce with a maximum wait: work done after a pause in a burst of events, and at the
latest some time after the first event of the burst, however long the burst lasts.

A plain debounce (a single-shot timer restarted on each event) starves while events keep
coming: a person typing steadily would never see a note saved. The second timer, started by
the first event and not restarted, bounds the wait.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot


class Debouncer(QObject):
    """Calls ``action`` ``delay_ms`` after the last ``poke``, or ``max_wait_ms`` after the
    first unsaved one, whichever comes first."""

    def __init__(
        self,
        parent: QObject,
        *,
        delay_ms: int,
        max_wait_ms: int,
        action: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self._action = action
        self._quiet = QTimer(self, singleShot=True, interval=delay_ms)
        self._deadline = QTimer(self, singleShot=True, interval=max_wait_ms)
        self._quiet.timeout.connect(self._fire)
        self._deadline.timeout.connect(self._fire)

    @property
    def pending(self) -> bool:
        return self._quiet.isActive() or self._deadline.isActive()

    def poke(self) -> None:
        """An event of the burst: wait for a pause, but no later than the deadline."""
        self._quiet.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def flush(self) -> None:
        """Run the pending action now (before leaving); nothing if nothing is pending."""
        if self.pending:
            self._fire()

    def cancel(self) -> None:
        self._quiet.stop()
        self._deadline.stop()

    @Slot()
    def _fire(self) -> None:
        self.cancel()
        self._action()
