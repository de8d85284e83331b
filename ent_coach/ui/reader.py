"""Tutorial reader: rendered page, table of contents, previous / next, completion, notes,
active reading time, PDF export and printing."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QGuiApplication,
    QImageReader,
    QKeySequence,
    QShortcut,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ent_coach import paths
from ent_coach.content.atomic_file import os_reason
from ent_coach.content.links import INTERNAL_SCHEME
from ent_coach.domain.progress import ActivityProgress, Note
from ent_coach.domain.text import fold, format_duration
from ent_coach.domain.tutorials import Tutorial
from ent_coach.services.library import NOTE_MAX_CHARS
from ent_coach.ui.context import AppContext
from ent_coach.ui.hub import Changes
from ent_coach.ui.ops import CollectionOp, QueryOp
from ent_coach.ui.printing import export_pdf, fit_images, print_document
from ent_coach.ui.theme import is_dark_palette, reader_stylesheet
from ent_coach.ui.widgets import muted_label, open_external_link, show_saved_file

_PRINT_TEXT_MARGIN_PX = 76  # 2 cm at 96 px per inch

FLUSH_INTERVAL_MS = 30_000
NOTE_SAVE_DELAY_MS = 700
_ACCENT_CLASSES = {
    "a": "aàâä", "c": "cç", "e": "eéèêë", "i": "iîï", "o": "oôö", "u": "uùûü", "y": "yÿ",
}  # fmt: skip


def accent_insensitive_pattern(term: str) -> str:
    """Regex matching ``term`` whatever its accents: ``securite`` → ``s[eéèêë]c[uùûü]r…``."""
    parts = []
    for char in fold(term):
        variants = _ACCENT_CLASSES.get(char)
        parts.append(f"[{variants}{variants.upper()}]" if variants else re.escape(char))
    return "".join(parts)


@lru_cache(maxsize=64)
def _natural_size(name: str) -> tuple[int, int] | None:
    reader = QImageReader(str(paths.tutorials_dir() / name))
    size = reader.size()
    return (size.width(), size.height()) if size.isValid() and size.width() > 0 else None


class ReadingClock:
    """Counts time only while the reader is shown and the application is active."""

    def __init__(self) -> None:
        self._timer = QElapsedTimer()
        self._banked_ms = 0

    @property
    def running(self) -> bool:
        return self._timer.isValid()

    def start(self) -> None:
        if not self._timer.isValid():
            self._timer.start()

    def pause(self) -> None:
        if self._timer.isValid():
            self._banked_ms += self._timer.elapsed()
            self._timer.invalidate()

    def take_seconds(self) -> float:
        """Time counted since the last call; keeps running if it was."""
        was_running = self.running
        self.pause()
        seconds, self._banked_ms = self._banked_ms / 1000, 0
        if was_running:
            self.start()
        return seconds


class ReaderPage(QWidget):
    backRequested = Signal()
    tutorialCompleted = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._tutorial: Tutorial | None = None
        self._html = ""
        self._completed = False
        self.clock = ReadingClock()

        self.back_button = QPushButton(self.tr("← &Bibliothèque"))
        self.back_button.setAccessibleName(self.tr("Retour à la bibliothèque"))
        self.back_button.clicked.connect(self._go_back)
        self.previous_button = QPushButton(self.tr("◀ &Précédent"))
        self.previous_button.setAccessibleName(self.tr("Tutoriel précédent"))
        self.next_button = QPushButton(self.tr("&Suivant ▶"))
        self.next_button.setAccessibleName(self.tr("Tutoriel suivant"))
        self.previous_button.clicked.connect(lambda: self._step(-1))
        self.next_button.clicked.connect(lambda: self._step(1))
        self.complete_button = QPushButton(self.tr("&Marquer comme terminé"))
        self.complete_button.clicked.connect(self._mark_completed)
        self.pdf_button = QPushButton(self.tr("Exporter en P&DF…"))
        self.pdf_button.clicked.connect(self._export_pdf)
        self.print_button = QPushButton(self.tr("&Imprimer…"))
        self.print_button.clicked.connect(self._print)
        self.status_label = muted_label()
        # On one line at the top of the side pane: beside the buttons there was no room for it
        # at 1024 px, so it wrapped, made the row taller and moved the buttons.
        self.status_label.setWordWrap(False)

        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName(self.tr("Contenu du tutoriel"))
        self.browser.anchorClicked.connect(self._on_link)
        self.browser.setSearchPaths([str(paths.tutorials_dir())])

        self.toc = QListWidget()
        self.toc.setAccessibleName(self.tr("Sommaire"))
        self.toc.itemActivated.connect(self._on_toc)
        self.toc.itemClicked.connect(self._on_toc)

        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("Vos notes sur ce tutoriel, enregistrées au fil de la frappe."))
        self.notes.setAccessibleName(self.tr("Notes personnelles"))
        self.notes.setTabChangesFocus(True)
        self.notes_status = muted_label()
        self._note_timer = QTimer(self, singleShot=True, interval=NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.save_note)
        self.notes.textChanged.connect(self._on_note_edited)
        self._loading_note = False

        self._flush_timer = QTimer(self, interval=FLUSH_INTERVAL_MS)
        self._flush_timer.timeout.connect(self.flush_reading_time)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        toc_label = QLabel(self.tr("S&ommaire"))
        toc_label.setBuddy(self.toc)
        notes_label = QLabel(self.tr("&Notes"))
        notes_label.setBuddy(self.notes)
        side_layout.addWidget(self.status_label)
        side_layout.addWidget(toc_label)
        side_layout.addWidget(self.toc, 2)
        side_layout.addWidget(notes_label)
        side_layout.addWidget(self.notes, 3)
        side_layout.addWidget(self.notes_status)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.browser)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.previous_button)
        top.addWidget(self.next_button)
        top.addStretch(1)
        top.addWidget(self.complete_button)
        top.addWidget(self.pdf_button)
        top.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        QShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left), self, self._go_back)
        QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_BracketLeft), self, lambda: self._step(-1))
        QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_BracketRight), self, lambda: self._step(1))
        QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_D), self, self._mark_completed)
        QShortcut(QKeySequence.StandardKey.Print, self, self._print)
        QGuiApplication.instance().applicationStateChanged.connect(self._on_app_state)  # type: ignore[union-attr]

    # -- showing a tutorial -------------------------------------------------------------

    @property
    def tutorial(self) -> Tutorial | None:
        return self._tutorial

    def show_tutorial(self, tutorial_id: str, *, highlight: tuple[str, ...] | None = None) -> bool:
        tutorial = self._context.library.tutorial(tutorial_id)
        if tutorial is None:
            QMessageBox.warning(
                self, self.tr("Tutoriel introuvable"),
                self.tr("Le tutoriel « %1 » n'existe pas dans cette version du contenu.").replace("%1", tutorial_id),
            )  # fmt: skip
            return False
        self.leave()
        self._tutorial = tutorial
        self._completed = False
        from ent_coach.content.render import render_tutorial  # Markdown loads on first read

        rendered = render_tutorial(tutorial)
        self._html = rendered.html
        self.restyle()
        self.toc.clear()
        for heading in rendered.headings:
            indent = "    " if heading.level == 3 else ""
            item = QListWidgetItem(indent + heading.text)
            item.setData(Qt.ItemDataRole.UserRole, heading.anchor)
            self.toc.addItem(item)
        self._update_navigation()
        self._show_status(None)
        self._load_note(tutorial)
        if highlight:
            self.highlight_terms(highlight)
        else:
            self.browser.verticalScrollBar().setValue(0)
        profile = self._context.require_profile()
        CollectionOp(parent=self, op=lambda: self._context.library.open_tutorial(profile, tutorial.id)).success(
            self._on_opened
        ).run()
        self.clock = ReadingClock()
        if self.isVisible():
            self._resume_clock()
        return True

    def restyle(self) -> None:
        """Re-apply the reader's colours (after a theme change) without re-opening."""
        if self._tutorial is None:
            return
        position = self.browser.verticalScrollBar().value()
        self.browser.document().setDefaultStyleSheet(reader_stylesheet(dark=is_dark_palette(self.palette())))
        self.browser.setHtml(self._html)
        self._fit_images()
        self.browser.verticalScrollBar().setValue(position)

    def _fit_images(self) -> None:
        """Shrink diagrams wider than the page (Qt rich text has no max-width)."""
        document = self.browser.document()
        available = self.browser.viewport().width() - 2 * int(document.documentMargin()) - 8
        fit_images(document, available, _natural_size)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._tutorial is not None:
            self._fit_images()

    def highlight_terms(self, terms: tuple[str, ...]) -> bool:
        """Scroll to the first match of the search terms (accent-insensitive) and select it."""
        from PySide6.QtCore import QRegularExpression

        for term in terms:
            pattern = QRegularExpression(
                accent_insensitive_pattern(term),
                QRegularExpression.PatternOption.CaseInsensitiveOption,
            )
            cursor = self.browser.document().find(pattern)
            if not cursor.isNull():
                self.browser.setTextCursor(cursor)
                self.browser.ensureCursorVisible()
                return True
        return False

    def _update_navigation(self) -> None:
        ids = [t.id for t in self._context.tutorials]
        index = ids.index(self._tutorial.id) if self._tutorial and self._tutorial.id in ids else -1
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(0 <= index < len(ids) - 1)

    def _step(self, delta: int) -> None:
        if self._tutorial is None:
            return
        ids = [t.id for t in self._context.tutorials]
        index = ids.index(self._tutorial.id) + delta
        if 0 <= index < len(ids):
            self.show_tutorial(ids[index])

    @Slot(object)
    def _on_opened(self, progress: ActivityProgress) -> None:
        self._show_status(progress)
        self._context.hub.changesApplied.emit(Changes(progress=True), self)

    def _show_status(self, progress: ActivityProgress | None) -> None:
        self._completed = bool(progress and progress.completed)
        self.complete_button.setEnabled(not self._completed)
        self.complete_button.setText(
            self.tr("✓ Terminé") if self._completed else self.tr("&Marquer comme terminé")
        )
        if progress and progress.time_spent_seconds >= 60:
            self.status_label.setText(
                self.tr("Temps de lecture : %1").replace("%1", format_duration(progress.time_spent_seconds))
            )
        else:
            self.status_label.setText("")
        self.status_label.setVisible(bool(self.status_label.text()))

    # -- links and table of contents ----------------------------------------------------

    @Slot(QUrl)
    def _on_link(self, url: QUrl) -> None:
        if url.scheme() == INTERNAL_SCHEME:
            target = url.path()
            if self.show_tutorial(target) and url.fragment():
                self.browser.scrollToAnchor(url.fragment())
        elif not url.scheme() and url.fragment():
            self.browser.scrollToAnchor(url.fragment())
        elif url.scheme() in ("https", "http", "mailto"):
            self._open_external(url)

    def _open_external(self, url: QUrl) -> None:
        open_external_link(self, url)

    @Slot(QListWidgetItem)
    def _on_toc(self, item: QListWidgetItem) -> None:
        self.browser.scrollToAnchor(item.data(Qt.ItemDataRole.UserRole))

    # -- completion and reading time -----------------------------------------------------

    @Slot()
    def _mark_completed(self) -> None:
        if self._tutorial is None or self._completed:
            return
        profile = self._context.require_profile()
        tutorial_id = self._tutorial.id
        seconds = self.clock.take_seconds()

        def done(progress: ActivityProgress) -> None:
            self._show_status(progress)
            self.tutorialCompleted.emit(tutorial_id)
            self._context.hub.changesApplied.emit(Changes(progress=True), self)

        CollectionOp(
            parent=self,
            op=lambda: self._context.library.complete_tutorial(profile, tutorial_id, unflushed_seconds=seconds),
        ).success(done).run()

    def flush_reading_time(self) -> None:
        if self._tutorial is None or self._context.profile is None:
            return
        seconds = self.clock.take_seconds()
        if seconds >= 1:
            profile, tutorial_id = self._context.profile, self._tutorial.id
            CollectionOp(
                parent=self, op=lambda: self._context.library.add_reading_time(profile, tutorial_id, seconds)
            ).success(lambda _: None).run()

    def _resume_clock(self) -> None:
        if self._tutorial is not None and QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive:
            self.clock.start()
        self._flush_timer.start()

    @Slot(Qt.ApplicationState)
    def _on_app_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive and self.isVisible():
            self.clock.start()
        else:
            self.clock.pause()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._resume_clock()
        # Sizes are only final once shown: fit diagrams to the real page width then.
        QTimer.singleShot(0, self._fit_images)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.clock.pause()
        self._flush_timer.stop()
        self.flush_reading_time()

    def leave(self) -> None:
        """Save everything about the current tutorial (before switching or closing)."""
        if self._note_timer.isActive():
            self._note_timer.stop()
            self.save_note()
        self.flush_reading_time()

    @Slot()
    def _go_back(self) -> None:
        self.leave()
        self.backRequested.emit()

    # -- notes -----------------------------------------------------------------------------

    def _load_note(self, tutorial: Tutorial) -> None:
        profile = self._context.require_profile()
        self._loading_note = True
        self.notes.setPlainText("")
        self._loading_note = False
        self.notes_status.setText("")

        def loaded(note: Note | None) -> None:
            if self._tutorial is None or self._tutorial.id != tutorial.id:
                return
            self._loading_note = True
            self.notes.setPlainText(note.text if note else "")
            self._loading_note = False
            if note:
                self.notes_status.setText(
                    self.tr("Enregistrée le %1").replace("%1", note.updated_at.strftime("%d/%m/%Y à %H:%M"))
                )

        QueryOp(parent=self, op=lambda: self._context.library.note(profile, tutorial.id)).success(loaded).run()

    @Slot()
    def _on_note_edited(self) -> None:
        if self._loading_note:
            return
        self.notes_status.setText(self.tr("Modification en cours…"))
        self._note_timer.start()

    @Slot()
    def save_note(self) -> None:
        if self._tutorial is None or self._context.profile is None:
            return
        text = self.notes.toPlainText()
        if len(text) > NOTE_MAX_CHARS:
            self.notes_status.setText(
                self.tr("Note trop longue : %1 caractères au plus. Elle n'est pas enregistrée.").replace(
                    "%1", f"{NOTE_MAX_CHARS:,}".replace(",", " ")
                )
            )
            return
        profile, tutorial_id = self._context.profile, self._tutorial.id

        def saved(_: object) -> None:
            self.notes_status.setText(self.tr("Note enregistrée"))
            self._context.hub.changesApplied.emit(Changes(notes=True), self)

        def failed(error: Exception) -> None:
            self.notes_status.setText(str(error))

        CollectionOp(
            parent=self, op=lambda: self._context.library.save_note(profile, tutorial_id, text)
        ).success(saved).failure(failed).run()

    # -- handouts ----------------------------------------------------------------------------

    def _printable_document(self) -> QTextDocument:
        """A fresh, light-coloured document for paper, whatever the screen's palette."""
        from ent_coach.content.render import render_tutorial

        assert self._tutorial is not None
        document = QTextDocument()
        document.setDefaultStyleSheet(reader_stylesheet(dark=False))
        document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, self._tutorial.title)
        document.setBaseUrl(QUrl.fromLocalFile(str(paths.tutorials_dir()) + "/"))
        document.setHtml(render_tutorial(self._tutorial).html)
        # A 2 cm margin inside the page's: lines of a comfortable length for reading.
        document.setDocumentMargin(_PRINT_TEXT_MARGIN_PX)
        return document

    @Slot()
    def _export_pdf(self) -> None:
        if self._tutorial is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Exporter le tutoriel en PDF"), f"{self._tutorial.id}.pdf", self.tr("Document PDF (*.pdf)")
        )
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            title = self._tutorial.title
            export_pdf(self._printable_document(), path, title=title, footer=title)
        except OSError as exc:
            QMessageBox.warning(
                self, self.tr("Export PDF"),
                self.tr("Impossible d'écrire le fichier « %1 » : %2").replace("%1", path).replace("%2", os_reason(exc)),
            )  # fmt: skip
            return
        show_saved_file(
            self, Path(path), title=self.tr("Export PDF"), text=self.tr("Le tutoriel a été enregistré en PDF.")
        )

    @Slot()
    def _print(self) -> None:
        if self._tutorial is not None:
            print_document(self, self._printable_document())
