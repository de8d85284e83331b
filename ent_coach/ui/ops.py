"""Database work off the GUI thread, through one door.

``QueryOp(parent=w, op=lambda: service.read(...)).success(on_done).run()`` runs ``op`` on the
single database worker thread and calls ``on_done(result)`` back on the GUI thread.

Rule: never touch a widget inside ``op``; ops receive and return plain data only. One worker
thread serialises every database access, so SQLite never sees two writers from this process.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from ent_coach.store.errors import StoreError

log = logging.getLogger(__name__)


class _Worker(QObject):
    finished = Signal(int, object, object)

    @Slot(int, object)
    def execute(self, token: int, func: Callable[[], Any]) -> None:
        try:
            result = func()
        except Exception as exc:
            log.debug("op failed:\n%s", traceback.format_exc())
            self.finished.emit(token, None, exc)
        else:
            self.finished.emit(token, result, None)


class TaskManager(QObject):
    """Owns the worker thread; dispatches results to the right callbacks on the GUI thread."""

    _submit = Signal(int, object)
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("ent-coach-db")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.execute)
        self._worker.finished.connect(self._on_finished)
        self._callbacks: dict[int, tuple[Callable[[Any], None] | None, Callable[[Exception], None] | None]] = {}
        self._tokens = itertools.count(1)
        self._thread.start()

    def submit(
        self,
        func: Callable[[], Any],
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[Exception], None] | None,
    ) -> None:
        token = next(self._tokens)
        self._callbacks[token] = (on_success, on_failure)
        self._submit.emit(token, func)

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    @Slot(int, object, object)
    def _on_finished(self, token: int, result: object, error: object) -> None:
        on_success, on_failure = self._callbacks.pop(token, (None, None))
        if error is None:
            if on_success is not None:
                on_success(result)
        elif on_failure is not None:
            on_failure(error)  # type: ignore[arg-type]
        else:
            log.error("Opération en arrière-plan échouée : %s", error)
        if not self._callbacks:
            self.idle.emit()

    def shutdown(self) -> None:
        self._thread.quit()
        self._thread.wait(5000)


_manager: TaskManager | None = None


def task_manager() -> TaskManager:
    global _manager
    if _manager is None:
        _manager = TaskManager()
    return _manager


def shutdown_tasks() -> None:
    global _manager
    if _manager is not None:
        _manager.shutdown()
        _manager = None


def show_failure(parent: QWidget | None, error: Exception) -> None:
    """Default failure handler: a French message box; store errors carry their own wording."""
    text = str(error) if isinstance(error, (StoreError, ValueError)) else (
        f"Une erreur inattendue s'est produite : {error}"
    )  # fmt: skip
    QMessageBox.warning(parent, parent.tr("ENT Coach") if parent else "ENT Coach", text)


class QueryOp:
    """Fluent wrapper: ``.success(cb)``, ``.failure(cb)``, then ``.run()``."""

    def __init__(self, *, parent: QWidget | None, op: Callable[[], Any]) -> None:
        self._parent = parent
        self._op = op
        self._success: Callable[[Any], None] | None = None
        self._failure: Callable[[Exception], None] | None = None

    def success(self, callback: Callable[[Any], None]) -> QueryOp:
        self._success = callback
        return self

    def failure(self, callback: Callable[[Exception], None]) -> QueryOp:
        self._failure = callback
        return self

    def run(self) -> None:
        parent = self._parent
        failure = self._failure or (lambda error: show_failure(parent, error))
        task_manager().submit(self._op, self._success, failure)


# Writes go through the same single worker; the name tells the reader an op changes data.
CollectionOp = QueryOp


def call_in_worker(func: Callable[[], Any]) -> Any:
    """Run ``func`` on the database worker and wait for it, keeping the GUI responsive.

    For modal dialogs whose next step needs the answer (PIN check, rename): the work still
    happens on the one database thread. Raises whatever ``func`` raised.
    """
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def done(result: Any) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(error: Exception) -> None:
        outcome["error"] = error
        loop.quit()

    task_manager().submit(func, done, failed)
    if not outcome:
        loop.exec()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")
