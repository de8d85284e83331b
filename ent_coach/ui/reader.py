"""Tutorial reader: rendered page, table of contents, previous / next, completion, notes,
active reading time, PDF export and printing."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QGuiApplication,
    QKeySequence,
    QShortcut,
    QTextDocument,
)
from PySide6.QtWidgets import (
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
from ent_coach.ui import file_dialogs
from ent_coach.ui.context import AppContext
from ent_coach.ui.debounce import Debouncer
from ent_coach.ui.diagrams import diagram_image, shown_widths, sized_html
from ent_coach.ui.hub import Changes
from ent_coach.ui.ops import CollectionOp, QueryOp
from ent_coach.ui.printing import export_pdf, print_document
from ent_coach.ui.theme import is_dark_palette, reader_stylesheet
from ent_coach.ui.widgets import confirm, muted_label, open_external_link, show_saved_file

_PRINT_TEXT_MARGIN_PX = 76  # 2 cm at 96 px per inch

FLUSH_INTERVAL_MS = 30_000
NOTE_SAVE_DELAY_MS = 700
# Marking a tutorial done before reaching its end asks first if less than this share of its
# estimated reading time has passed since it was opened.
MIN_READ_SHARE = 1 / 3
# Typing without a pause still saves the note this long after the first unsaved key.
NOTE_MAX_WAIT_MS = 1000
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


class TutorialBrowser(QTextBrowser):
    """The page: diagrams are drawn from their SVG at the size and pixel ratio shown."""

    def loadResource(self, kind: int, url: QUrl) -> object:
        if kind == QTextDocument.ResourceType.ImageResource:
            image = diagram_image(url, pixel_ratio=self.devicePixelRatioF())
            if image is not None:
                return image
        return super().loadResource(kind, url)


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
    tutorialShown = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._tutorial: Tutorial | None = None
        self._html = ""
        self._completed = False
        self.clock = ReadingClock()

        # « Retour » goes where the reader was opened from: the tutorial a link came from,
        # else the screen that opened it (search, home, a pathway…), not always the library.
        self._history: list[str] = []
        self._origin_label = self.tr("Bibliothèque")
        self.back_button = QPushButton(self.tr("← &Retour"))
        self.back_button.clicked.connect(self._go_back)
        self.previous_button = QPushButton(self.tr("◀ &Précédent"))
        self.previous_button.setAccessibleName(self.tr("Tutoriel précédent dans la bibliothèque"))
        self.previous_button.setToolTip(self.tr("Tutoriel précédent dans la bibliothèque (Ctrl+[)"))
        self.next_button = QPushButton(self.tr("&Suivant ▶"))
        self.next_button.setAccessibleName(self.tr("Tutoriel suivant dans la bibliothèque"))
        self.next_button.setToolTip(self.tr("Tutoriel suivant dans la bibliothèque (Ctrl+])"))
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

        self.browser = TutorialBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName(self.tr("Contenu du tutoriel"))
        self.browser.anchorClicked.connect(self._on_link)
        self.browser.setSearchPaths([str(paths.tutorials_dir())])
        self._reached_end = False
        self._opened = QElapsedTimer()
        self.browser.verticalScrollBar().valueChanged.connect(self._on_scrolled)

        self.toc = QListWidget()
        self.toc.setAccessibleName(self.tr("Sommaire"))
        # Long headings wrap in the narrow side column rather than hiding behind a scroll bar.
        self.toc.setWordWrap(True)
        self.toc.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.toc.itemActivated.connect(self._on_toc)
        self.toc.itemClicked.connect(self._on_toc)

        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("Vos notes sur ce tutoriel, enregistrées au fil de la frappe."))
        self.notes.setAccessibleName(self.tr("Notes personnelles"))
        self.notes.setTabChangesFocus(True)
        self.notes_status = muted_label()
        self._note_saver = Debouncer(
            self, delay_ms=NOTE_SAVE_DELAY_MS, max_wait_ms=NOTE_MAX_WAIT_MS, action=self.save_note
        )
        self.notes.textChanged.connect(self._on_note_edited)
        self._loading_note = False

        # A window dragged wider or narrower: one new layout once the size settles.
        self._image_widths: tuple[int, ...] = ()
        self._refit_timer = QTimer(self, singleShot=True, interval=120)
        self._refit_timer.timeout.connect(self._refit_images)

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

    def _with_facts(self, html: str, tutorial: Tutorial) -> str:
        """The page with « 12 min · Débutant · à jour au 3 mars 2026 » under its title: how
        long, for whom and how recent, before starting to read."""
        from html import escape

        from ent_coach.domain.taxonomy import LEVELS
        from ent_coach.ui.pathways.texts import french_date

        facts = " · ".join((
            self.tr("%1 min de lecture").replace("%1", str(tutorial.duration_minutes)),
            LEVELS.get(tutorial.level, tutorial.level),
            self.tr("à jour au %1").replace("%1", french_date(tutorial.last_reviewed)),
        ))  # fmt: skip
        line = f'<p class="facts">{escape(facts)}</p>'
        end = html.find("</h1>")
        return html[: end + 5] + line + html[end + 5 :] if end >= 0 else line + html

    def set_library_steps_shown(self, shown: bool) -> None:
        """« ◀ Précédent / Suivant ▶ » in library order; hidden while a pathway leads."""
        self.previous_button.setVisible(shown)
        self.next_button.setVisible(shown)

    def set_origin(self, label: str) -> None:
        """Where « Retour » leads once the tutorials followed by link are gone back through
        (« Recherche », « Accueil »…); forgets those tutorials."""
        self._history.clear()
        self._origin_label = label
        self._update_back()

    def _update_back(self) -> None:
        if self._history:
            tutorial = self._context.library.tutorial(self._history[-1])
            where = self.tr("au tutoriel « %1 »").replace("%1", tutorial.title if tutorial else self._history[-1])
        else:
            where = self.tr("à : %1").replace("%1", self._origin_label)
        text = self.tr("Revenir %1 (Alt+←)").replace("%1", where)
        self.back_button.setToolTip(text)
        self.back_button.setAccessibleName(text)

    def show_tutorial(
        self, tutorial_id: str, *, highlight: tuple[str, ...] | None = None, remember: bool = False
    ) -> bool:
        """Show a tutorial; ``remember``: « Retour » comes back to the one shown now."""
        previous = self._tutorial.id if self._tutorial is not None else None
        tutorial = self._context.library.tutorial(tutorial_id)
        if tutorial is None:
            QMessageBox.warning(
                self, self.tr("Tutoriel introuvable"),
                self.tr("Le tutoriel « %1 » n'existe pas dans cette version du contenu.").replace("%1", tutorial_id),
            )  # fmt: skip
            return False
        self.leave()
        if remember and previous is not None and previous != tutorial.id:
            self._history.append(previous)
        self._update_back()
        self._tutorial = tutorial
        self._completed = False
        self._opened = QElapsedTimer()
        self._opened.start()
        self._reached_end = False
        from ent_coach.content.render import render_tutorial  # Markdown loads on first read

        rendered = render_tutorial(tutorial)
        self._html = self._with_facts(rendered.html, tutorial)
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
        self.tutorialShown.emit(tutorial.id)
        return True

    def restyle(self) -> None:
        """Re-apply the reader's colours (after a theme change) without re-opening."""
        if self._tutorial is None:
            return
        bar = self.browser.verticalScrollBar()
        share = bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0
        dark = is_dark_palette(self.palette())
        available = self._page_width()
        self.browser.document().setDefaultStyleSheet(reader_stylesheet(dark=dark))
        # Diagrams get their final size in the HTML itself: the document is laid out once.
        self.browser.setHtml(sized_html(self._html, available=available, dark=dark))
        self._image_widths = shown_widths(self._html, available=available)
        bar.setValue(round(share * bar.maximum()))

    def _page_width(self) -> int:
        """Room for a diagram: the page's width less its margins (Qt rich text has no
        max-width, a wider diagram was cut at its right edge)."""
        margin = int(self.browser.document().documentMargin())
        return self.browser.viewport().width() - 2 * margin - 8

    @Slot()
    def _refit_images(self) -> None:
        """After a resize: lay the page out again only if a diagram's width changes."""
        if self._tutorial is not None and shown_widths(self._html, available=self._page_width()) != self._image_widths:
            self.restyle()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._tutorial is not None:
            self._refit_timer.start()

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
            if self.show_tutorial(target, remember=True) and url.fragment():
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

    def _read_to_the_end(self) -> bool:
        """Whether the page was scrolled to (near) its end since the tutorial was opened."""
        return self._reached_end or self.browser.verticalScrollBar().maximum() == 0

    @Slot(int)
    def _on_scrolled(self, value: int) -> None:
        bar = self.browser.verticalScrollBar()
        if bar.maximum() > 0 and value >= bar.maximum() - bar.pageStep() // 2:
            self._reached_end = True

    def _too_soon_to_complete(self) -> bool:
        """Marked done before its end was reached and well before its reading time: a tap on
        Ctrl+D is not a reading, and it counts for pathways and attestations."""
        if self._tutorial is None or self._read_to_the_end():
            return False
        seconds = self._opened.elapsed() / 1000
        return seconds < self._tutorial.duration_minutes * 60 * MIN_READ_SHARE

    @Slot()
    def _mark_completed(self) -> None:
        if self._tutorial is None or self._completed:
            return
        if self._too_soon_to_complete() and not confirm(
            self, self.tr("Marquer comme terminé"),
            self.tr(
                "Vous n'avez pas encore parcouru ce tutoriel jusqu'à la fin. Le marquer comme "
                "terminé quand même ? Il comptera comme lu dans vos parcours et vos attestations."
            ),
        ):  # fmt: skip
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
        QTimer.singleShot(0, self._refit_images)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.clock.pause()
        self._flush_timer.stop()
        self.flush_reading_time()

    def leave(self) -> None:
        """Save everything about the current tutorial (before switching or closing)."""
        self._note_saver.flush()
        self.flush_reading_time()

    @Slot()
    def _go_back(self) -> None:
        if self._history:
            self.show_tutorial(self._history.pop())
            return
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
        self._note_saver.poke()

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
        chosen = file_dialogs.save_file(
            self, self._context.settings, file_dialogs.PDF,
            title=self.tr("Exporter le tutoriel en PDF"), file_name=f"{self._tutorial.id}.pdf",
            file_filter=self.tr("Document PDF (*.pdf)"), suffix=".pdf",
        )  # fmt: skip
        if chosen is None:
            return
        path = str(chosen)
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
