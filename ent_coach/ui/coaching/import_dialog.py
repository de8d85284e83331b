"""Importing trainees' progress files into a séance: a progress bar, « Annuler », and a
result per file (imported, already known, rejected and why).

The import runs on the application's single database worker (``ui/ops.py``), not on a
thread of its own: every write then goes through the one door, so SQLite never sees two
writers from this process. Other database work waits meanwhile, which is acceptable because
this dialog is modal and shows the progress. The worker reports progress through a signal,
which Qt delivers on the GUI thread; cancelling sets an event the service polls between
files, so a file is always imported entirely or not at all.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.text import plural
from ent_coach.services.coaching import CANCELLED_MESSAGE
from ent_coach.ui.coaching import texts
from ent_coach.ui.ops import CollectionOp
from ent_coach.ui.widgets import heading_label, muted_label

if TYPE_CHECKING:
    from ent_coach.services.coaching import ImportResult
    from ent_coach.ui.context import AppContext


def outcome_label(outcome: str) -> str:
    return {
        "importe": texts.tr("Importé"),
        "deja-connu": texts.tr("Déjà connu"),
        "refuse": texts.tr("Refusé"),
    }.get(str(outcome), str(outcome))


def result_label(result: ImportResult) -> str:
    """A file left aside by « Annuler » was not refused: it can simply be imported later."""
    if result.message == CANCELLED_MESSAGE:
        return texts.tr("Non traité")
    return outcome_label(result.outcome)


class _Relay(QObject):
    """Carries progress from the worker thread to the GUI thread (queued connection)."""

    progressed = Signal(int, int)


class ImportProgressDialog(QDialog):
    """Runs ``CoachingService.import_bundles`` for ``paths`` as soon as it is built.

    ``results`` holds the service's answer once done; ``imported_any`` says whether the
    dashboard has something new to show.
    """

    FILE, OUTCOME, PARTICIPANT, NEW, MESSAGE = range(5)

    def __init__(self, context: AppContext, code: str, paths: Sequence[Path], *, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Importer des progressions"))
        self._paths = list(paths)
        self._cancel = threading.Event()
        self._running = False
        self.results: list[ImportResult] | None = None
        self.error: Exception | None = None

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.bar = QProgressBar(self)
        # Busy until the service has counted the files (folders are expanded there).
        self.bar.setRange(0, 0)
        self.bar.setAccessibleName(self.tr("Avancement de l'import"))
        self.bar.setFormat(self.tr("Fichiers lus : %v sur %m"))
        self.table = QTableWidget(0, 5, self)
        self.table.setAccessibleName(self.tr("Résultat par fichier"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Fichier"),
                self.tr("Résultat"),
                self.tr("Participant"),
                self.tr("Ajouts"),
                self.tr("Détail"),
            ]
        )
        # A short heading for a column of numbers leaves the room to « Détail ».
        self.table.horizontalHeaderItem(self.NEW).setToolTip(self.tr("Nouvelles déclarations enregistrées"))
        # File names differ by their end (date, participant): cut them in the middle. The
        # details wrap on as many lines as they need, readable without a mouse.
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        for column in (self.OUTCOME, self.PARTICIPANT, self.NEW):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Sized once filled, at most a third of the table (long names would squeeze the details).
        header.setSectionResizeMode(self.FILE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.MESSAGE, QHeaderView.ResizeMode.Stretch)
        # Row heights are measured when filled; measure again once the details column has its
        # real width, or a one-line detail keeps the height of a wrapped one (and vice versa).
        header.sectionResized.connect(self._column_resized)
        self.table.hide()
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.note = muted_label(
            self.tr(
                "Chaque fichier est importé en entier ou pas du tout. Réimporter un fichier déjà reçu "
                "ne crée pas de doublon."
            ),
            self,
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Annuler"))
        self.close_button = self.buttons.addButton(self.tr("&Fermer"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button.hide()
        self.buttons.rejected.connect(self._cancel_or_close)
        self.buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(self.tr("Import des progressions"), level=3, parent=self))
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        # Within a small main window (800 × 560) rather than over its edges.
        self.resize(min(820, max(600, parent.window().width() - 40)), 460)

        self._relay = _Relay(self)
        self._relay.progressed.connect(self._on_progress)
        self._start(context, code)

    # -- running ------------------------------------------------------------------------------

    def _start(self, context: AppContext, code: str) -> None:
        profile = context.require_profile()
        service = context.coaching
        paths = tuple(self._paths)
        relay, cancel = self._relay, self._cancel
        self._running = True
        self.status.setText(
            self.tr("Import en cours… Vous pouvez annuler : le fichier en cours sera importé en entier ou pas du tout.")
        )

        def progress(done: int, total: int) -> None:
            # Called on the worker thread: only a signal may cross to the widgets.
            relay.progressed.emit(done, total)

        def work() -> list[ImportResult]:
            return service.import_bundles(profile, code, paths, progress=progress, cancelled=cancel.is_set)

        CollectionOp(parent=self, op=work).success(self._finished).failure(self._failed).run()

    @property
    def running(self) -> bool:
        return self._running

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.bar.setMaximum(max(1, total))
        self.bar.setValue(min(done, total))

    def _finished(self, results: list[ImportResult]) -> None:
        self._running = False
        self.results = list(results)
        if self.bar.maximum() == 0 or self.bar.value() <= 0:
            # No file was read (an empty folder, or cancelled at once): « 1 fichier(s) sur
            # 1 » or « 0 fichier(s) sur 30 » would say otherwise.
            self.bar.setRange(0, 1)
            self.bar.setValue(0)
            self.bar.setFormat(self.tr("Aucun fichier lu"))
        elif not self._cancel.is_set():
            self.bar.setValue(self.bar.maximum())
        self._show_results(self.results)

    def _failed(self, error: Exception) -> None:
        self._running = False
        self.error = error
        self.results = []
        self.bar.setRange(0, 1)
        self.status.setText(
            self.tr("L'import s'est arrêté : %1\nRien n'a été enregistré pour le fichier en cours.").replace(
                "%1", texts.describe_error(error)
            )
        )
        self._become_closable()

    def _show_results(self, results: list[ImportResult]) -> None:
        self.table.setRowCount(len(results))
        for row, result in enumerate(results):
            cells = {
                self.FILE: result.path.name,
                self.OUTCOME: result_label(result),
                self.PARTICIPANT: result.participant or "—",
                self.NEW: str(result.new_statements),
                self.MESSAGE: result.message,
            }
            for column, text in cells.items():
                cell = QTableWidgetItem(text)
                if column == self.NEW:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                cell.setToolTip(result.message if column == self.MESSAGE else str(result.path))
                self.table.setItem(row, column, cell)
        self.table.show()
        header = self.table.horizontalHeader()
        file_width = max(header.sectionSizeHint(self.FILE), self.table.sizeHintForColumn(self.FILE))
        self.table.setColumnWidth(self.FILE, min(file_width, self.table.viewport().width() // 3))
        self.table.resizeRowsToContents()
        skipped = sum(1 for r in results if r.message == CANCELLED_MESSAGE)
        counts = {
            outcome: sum(1 for r in results if str(r.outcome) == outcome)
            for outcome in ("importe", "deja-connu", "refuse")
        }
        counts["refuse"] -= skipped  # not refused: left for later by « Annuler »
        parts = [
            plural(counts["importe"], self.tr("%n importé"), self.tr("%n importés")),
            plural(counts["deja-connu"], self.tr("%n déjà connu"), self.tr("%n déjà connus")),
            plural(counts["refuse"], self.tr("%n refusé"), self.tr("%n refusés")),
        ]
        text = self.tr("Résultat : %1.").replace("%1", ", ".join(parts))
        if skipped:
            text += " " + plural(
                skipped,
                self.tr("Import annulé : %n fichier non traité, rien n'en a été enregistré."),
                self.tr("Import annulé : %n fichiers non traités, rien n'en a été enregistré."),
            )
        self.summary.setText(text)
        # « Annuler » pressed during the last file stops nothing: that import is complete.
        self.status.setText(self.tr("Import annulé.") if skipped else self.tr("Import terminé."))
        self._become_closable()

    def _become_closable(self) -> None:
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()

    @Slot(int, int, int)
    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        if column == self.MESSAGE:
            # Once the header has laid the columns out: measured inside the signal, the rows
            # would still see the old width.
            QTimer.singleShot(0, self.table, self.table.resizeRowsToContents)

    # -- cancelling and closing ------------------------------------------------------------------

    @Slot()
    def _cancel_or_close(self) -> None:
        if self._running:
            self.cancel()
        else:
            self.accept()

    def cancel(self) -> None:
        """Ask the service to stop after the file in progress (imported whole or not at all)."""
        if self._running and not self._cancel.is_set():
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.status.setText(
                self.tr("Annulation… Le fichier en cours sera importé en entier ou pas du tout, puis l'import s'arrêtera.")
            )

    def reject(self) -> None:
        # Escape while running cancels instead of hiding a dialog whose work goes on.
        if self._running:
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._running:
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)

    @property
    def imported_any(self) -> bool:
        return any(str(result.outcome) == "importe" for result in self.results or ())
