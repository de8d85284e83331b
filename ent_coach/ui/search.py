"""Full-text search page: results as you type, highlighted snippets, open at the match."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ent_coach.domain.text import plural
from ent_coach.store.search_index import HIGHLIGHT_END, HIGHLIGHT_START, SearchHit
from ent_coach.ui.context import AppContext
from ent_coach.ui.html_delegate import HTML_ROLE, HtmlDelegate
from ent_coach.ui.ops import QueryOp
from ent_coach.ui.widgets import heading_label, muted_label

SEARCH_DELAY_MS = 150


def snippet_html(snippet: str) -> str:
    """Escape the snippet, then turn the index's markers into bold highlights."""
    escaped = html.escape(snippet)
    return escaped.replace(HIGHLIGHT_START, "<b><u>").replace(HIGHLIGHT_END, "</u></b>")


class SearchPage(QWidget):
    openTutorialRequested = Signal(str, object)
    resultsShown = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.query_edit = QLineEdit()
        self.query_edit.setPlaceholderText(self.tr("Rechercher dans tous les tutoriels (ex. : sécurité, blog, droit à l'image)"))
        self.query_edit.setAccessibleName(self.tr("Rechercher"))
        self.query_edit.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Résultats de la recherche"))
        self.results.setWordWrap(True)
        self.results.setItemDelegate(HtmlDelegate(self.results))
        self.results.setUniformItemSizes(False)
        self.results.itemActivated.connect(self._open)
        self.summary = muted_label()
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.query_edit.textChanged.connect(lambda _: self._timer.start())
        self.query_edit.returnPressed.connect(self._open_first)
        self._generation = 0

        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(self.tr("Recherche"), level=1))
        layout.addWidget(self.query_edit)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        self.setFocusProxy(self.query_edit)

    def focus_query(self) -> None:
        self.query_edit.setFocus()
        self.query_edit.selectAll()

    @Slot()
    def run_search(self) -> None:
        text = self.query_edit.text()
        self._generation += 1
        generation = self._generation
        if not text.strip():
            self._show([], generation, text)
            return
        QueryOp(parent=self, op=lambda: self._context.search.search(text)).success(
            lambda hits: self._show(hits, generation, text)
        ).run()

    def _show(self, hits: list[SearchHit], generation: int, text: str) -> None:
        if generation != self._generation:
            return  # a newer query is on its way; drop stale results
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(hit.title, self.results)
            item.setData(Qt.ItemDataRole.UserRole, hit)
            item.setData(HTML_ROLE, f"<b>{html.escape(hit.title)}</b><br>{snippet_html(hit.snippet)}")
            item.setToolTip(hit.title)
        if not text.strip():
            self.summary.setText(self.tr("Saisissez un ou plusieurs mots ; les accents et majuscules sont ignorés."))
        elif hits:
            self.summary.setText(
                plural(
                    len(hits),
                    self.tr("%n résultat — Entrée l'ouvre."),
                    self.tr("%n résultats — Entrée ouvre le premier."),
                )
            )
            self.results.setCurrentRow(0)
        else:
            self.summary.setText(self.tr("Aucun tutoriel ne contient « %1 ».").replace("%1", text.strip()))
        self.resultsShown.emit(len(hits))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # Wrapped snippets change height with the width: ask the view to measure again.
        self.results.doItemsLayout()

    @Slot(QListWidgetItem)
    def _open(self, item: QListWidgetItem) -> None:
        hit: SearchHit = item.data(Qt.ItemDataRole.UserRole)
        self.openTutorialRequested.emit(hit.id, hit.terms)

    @Slot()
    def _open_first(self) -> None:
        item = self.results.currentItem() or self.results.item(0)
        if item is not None:
            self._open(item)
