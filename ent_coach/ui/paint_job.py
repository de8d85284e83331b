"""Long Qt painting (PDF files) off the GUI thread, behind a modal progress dialog.

A séance's attestations for 300 participants took about 25 seconds to paint, and the window
froze meanwhile. Qt allows this work in another thread: QPainter may paint onto QImage and
PDF devices in any thread, and QTextDocument is reentrant (Qt's « Thread-Support in Qt
Modules »). So a job builds its own documents and images in its thread, touches no widget and
no database (database work goes through ``ops.py``), and reports through signals that Qt
delivers on the GUI thread.

``PaintJob(parent=w, title=…, label=…, job=work).success(done).failure(failed).run()`` where
``work(progress, cancelled)`` may call ``progress(done, total)`` and should stop early when
``cancelled()`` is true.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

# Jobs still running, kept referenced until their result reaches the GUI thread.
_running: set[PaintJob] = set()


class _Relay(QObject):
    # Emitted from the job's thread; the receivers live on the GUI thread (queued).
    progressed = Signal(int, int)
    finished = Signal(object, object)  # result, error


class _Thread(QThread):
    def __init__(self, work: Callable[[], None]) -> None:
        super().__init__()
        self._work_function = work

    def run(self) -> None:
        self._work_function()


class PaintJob(QObject):
    def __init__(
        self,
        *,
        parent: QWidget,
        title: str,
        label: str,
        job: Callable[[Progress, Cancelled], Any],
        cancellable: bool = True,
    ) -> None:
        super().__init__(parent)
        self._job = job
        self._cancel = threading.Event()
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[Exception], None] | None = None
        self._thread: _Thread | None = None
        self.dialog = QProgressDialog(label, self.tr("Annuler") if cancellable else "", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        bar = QProgressBar(self.dialog)
        bar.setFormat(self.tr("%v sur %m"))
        self.dialog.setBar(bar)
        self.dialog.setMinimumWidth(self.dialog.fontMetrics().horizontalAdvance("M") * 36)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)  # a report of a few pages shows no dialog at all
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self._cancel.set)
        self._relay = _Relay()
        self._relay.progressed.connect(self._show_progress)
        self._relay.finished.connect(self._finish)

    def success(self, callback: Callable[[Any], None]) -> PaintJob:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[Exception], None]) -> PaintJob:
        self._on_failure = callback
        return self

    def run(self) -> None:
        _running.add(self)
        # A QThread, not a Python thread: QTextDocument starts timers while laying out,
        # which need the event dispatcher a QThread has (a plain thread printed warnings).
        self._thread = _Thread(self._work)
        self._thread.setObjectName("ent-coach-pdf")
        self._thread.start()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _work(self) -> None:
        relay = self._relay
        try:
            result = self._job(relay.progressed.emit, self._cancel.is_set)
        except Exception as error:  # reported on the GUI thread, as ops.py does
            log.debug("paint job failed:\n%s", traceback.format_exc())
            relay.finished.emit(None, error)
        else:
            relay.finished.emit(result, None)

    @Slot(int, int)
    def _show_progress(self, done: int, total: int) -> None:
        if self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    @Slot(object, object)
    def _finish(self, result: object, error: object) -> None:
        if self._thread is not None:
            self._thread.wait()  # it has just emitted its last signal: returns at once
        _running.discard(self)
        self.dialog.close()
        self.dialog.deleteLater()
        if isinstance(error, Exception):
            if self._on_failure is not None:
                self._on_failure(error)
            else:
                raise error
        elif self._on_success is not None:
            self._on_success(result)
        self.deleteLater()


def running_jobs() -> int:
    """How many jobs have not reported yet (tests wait for 0)."""
    return len(_running)
