"""One search over everything: results as you type, grouped by kind with a count per kind,
highlighted snippets; ↓ goes into the results, Entrée opens one in the screen that shows it.

A quiz question opens here, as a reading view (question, answer, explanation, sources):
opening a result must not start a quiz attempt, and « Retour aux résultats » keeps the search.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.quiz.model import QuizItem
from ent_coach.services.search import GROUP_SIZE, ResultKind, SearchResults
from ent_coach.store.search_index import HIGHLIGHT_END, HIGHLIGHT_START, KindHits, SearchHit
from ent_coach.ui.context import AppContext
from ent_coach.ui.html_delegate import HTML_ROLE, HtmlDelegate
from ent_coach.ui.ops import QueryOp
from ent_coach.ui.widgets import heading_label, muted_label, open_external_link, scoped_shortcut

SEARCH_DELAY_MS = 150
PENDING_DELAY_MS = 300
_MORE = "plus"  # UserRole of a « show the others » row: (_MORE, kind)


def snippet_html(snippet: str) -> str:
    """Escape the snippet, then turn the index's markers into bold highlights."""
    escaped = html.escape(snippet)
    return escaped.replace(HIGHLIGHT_START, "<b><u>").replace(HIGHLIGHT_END, "</u></b>")


class ResultList(QListWidget):
    """Results with their group headings: the arrow keys skip the headings, and ↑ on the
    first result goes back to the search field."""

    leftAtTop = Signal()

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        current = self.currentRow()
        index = super().moveCursor(action, modifiers)
        row = index.row()
        # Look for a result in the direction of the move; Home and End land on a heading or
        # the last row, and look inwards.
        backwards = action in (
            QAbstractItemView.CursorAction.MoveUp, QAbstractItemView.CursorAction.MovePageUp,
            QAbstractItemView.CursorAction.MoveEnd, QAbstractItemView.CursorAction.MovePrevious,
            QAbstractItemView.CursorAction.MoveLeft,
        )  # fmt: skip
        step = -1 if backwards else 1
        while 0 <= row < self.count() and not self._selectable(row):
            row += step
        if not 0 <= row < self.count():
            # Past the last heading: stay where we were (or leave the list, going up).
            if backwards and action is QAbstractItemView.CursorAction.MoveUp:
                self.leftAtTop.emit()
            row = current
        return self.model().index(row, 0) if row >= 0 else index

    def _selectable(self, row: int) -> bool:
        return bool(self.item(row).flags() & Qt.ItemFlag.ItemIsSelectable)

    def first_result_row(self) -> int:
        return next((row for row in range(self.count()) if self._selectable(row)), -1)


class QuestionView(QWidget):
    """A quiz question to read: its situation, the options marked right or wrong with their
    feedback, the explanation and the sources; training on its theme is one click away."""

    backRequested = Signal()
    quizThemeRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = ""
        self.back_button = QPushButton(self.tr("← Retour aux résultats"))
        self.back_button.setToolTip(self.tr("Retour aux résultats (Échap)"))
        self.back_button.clicked.connect(self.backRequested)
        self.train_button = QPushButton(self.tr("S'entraîner sur ce thème"))
        self.train_button.setDefault(True)
        self.train_button.clicked.connect(lambda: self.quizThemeRequested.emit(self._theme))
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(self.tr("Question du quiz"))
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._open_link)
        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        bar.addWidget(self.train_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        scoped_shortcut(Qt.Key.Key_Escape, self, self.backRequested.emit)
        self.setFocusProxy(self.browser)

    def show_item(self, item: QuizItem) -> None:
        from ent_coach.domain.quiz.model import QUIZ_THEMES
        from ent_coach.ui.quiz.feedback import feedback_stylesheet
        from ent_coach.ui.theme import is_dark_palette

        self._theme = item.theme
        theme = QUIZ_THEMES.get(item.theme, item.theme)
        self.train_button.setText(self.tr("S'entraîner sur ce thème : %1").replace("%1", theme))
        self.browser.document().setDefaultStyleSheet(feedback_stylesheet(dark=is_dark_palette(self.palette())))
        self.browser.setHtml(self.item_html(item, theme))

    def item_html(self, item: QuizItem, theme: str) -> str:
        from ent_coach.ui.quiz.feedback import LETTERS, sources_html

        about = self.tr("Question du quiz · %1 · %2").replace("%1", theme).replace("%2", item.format.label)
        parts = [f"<h2>{html.escape(item.title)}</h2>", f"<p><i>{html.escape(about)}</i></p>"]
        if item.situation:
            parts.append(f"<p><i>{html.escape(item.situation)}</i></p>")
        parts.append(f"<p><b>{html.escape(item.question)}</b></p>")
        if item.is_ordering:
            expected = html.escape(self.tr("L'ordre attendu"))
            parts.append(f"<p><b>{expected}</b></p><ol>")
            for option in item.options:
                parts.append(f"<li><b>{html.escape(option.text)}</b><br>{html.escape(option.feedback)}</li>")
            parts.append("</ol>")
        else:
            parts.append("<ul>")
            right, wrong = self.tr("bonne réponse"), self.tr("mauvaise réponse")
            for letter, option in zip(LETTERS, item.options, strict=False):
                # Right answers in the « right » colour; the others plain (none was chosen).
                css, mark = ("ok", right) if option.correct else ("", wrong)
                parts.append(
                    f'<li class="{css}"><b>{letter}. {html.escape(option.text)}</b> — <i>{mark}</i><br>'
                    f"{html.escape(option.feedback)}</li>"
                )
            parts.append("</ul>")
        remember = html.escape(self.tr("À retenir."))
        parts.append(f"<p><b>{remember}</b> {html.escape(item.explanation)}</p>")
        if item.sources:
            parts.append(sources_html(item.sources))
        return "".join(parts)

    @Slot(QUrl)
    def _open_link(self, url: QUrl) -> None:
        open_external_link(self, url)


class SearchPage(QWidget):
    openTutorialRequested = Signal(str, object)
    practiceRequested = Signal(str)
    scenarioRequested = Signal(str)
    pathwayRequested = Signal(str)
    quizThemeRequested = Signal(str)
    resultsShown = Signal(int)
    questionShown = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._generation = 0
        self._expanded: set[str] = set()
        self._focus_group: str | None = None
        self._shown_text = ""
        self._prepared = False
        self._kind_labels = {
            ResultKind.TUTORIAL: self.tr("Tutoriels"),
            ResultKind.PRACTICE: self.tr("Bonnes pratiques"),
            ResultKind.QUIZ: self.tr("Questions du quiz"),
            ResultKind.SCENARIO: self.tr("Scénarios du bac à sable"),
            ResultKind.PATHWAY: self.tr("Parcours"),
        }
        self.query_edit = QLineEdit()
        self.query_edit.setPlaceholderText(
            self.tr("Tutoriels, bonnes pratiques, questions du quiz, scénarios, parcours (ex. : sécurité, webradio)")
        )
        self.query_edit.setAccessibleName(self.tr("Rechercher"))
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.installEventFilter(self)
        self.results = ResultList()
        self.results.setAccessibleName(self.tr("Résultats de la recherche"))
        self.results.setWordWrap(True)
        self.results.setItemDelegate(HtmlDelegate(self.results))
        self.results.setUniformItemSizes(False)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.itemActivated.connect(self._open)
        self.results.leftAtTop.connect(self.focus_query)
        self.summary = muted_label()
        self.summary.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setAccessibleName(self.tr("Aide de la recherche"))
        self.question_view = QuestionView()
        self.question_view.backRequested.connect(self.show_results)
        self.question_view.quizThemeRequested.connect(self.quizThemeRequested)
        # Said only when a search takes a while (the first one, while the index is built).
        self._pending = QTimer(self, singleShot=True, interval=PENDING_DELAY_MS)
        self._pending.timeout.connect(lambda: self.summary.setText(self.tr("Recherche en cours…")))
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.query_edit.textChanged.connect(self._on_text_changed)
        self.query_edit.returnPressed.connect(self._open_current)

        self.list_page = QWidget()
        list_layout = QVBoxLayout(self.list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.query_edit)
        list_layout.addWidget(self.summary)
        list_layout.addWidget(self.results, 1)
        list_layout.addWidget(self.message, 1)
        self.body = QStackedWidget()
        self.body.addWidget(self.list_page)
        self.body.addWidget(self.question_view)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(self.tr("Recherche"), level=1))
        layout.addWidget(self.body, 1)
        self.setFocusProxy(self.query_edit)
        self._show_message(self._help_html())

    # -- searching ------------------------------------------------------------------------

    def focus_query(self) -> None:
        self.show_results()
        self.query_edit.setFocus()
        self.query_edit.selectAll()

    def on_shown(self) -> None:
        """Back on the page: the same query again, as results may have changed (a practice
        written or edited meanwhile), the cursor kept on the same result."""
        self.focus_query()
        if self.query_edit.text().strip():
            self.run_search()
        elif not self._prepared:
            # Read the content while the first words are typed.
            self._prepared = True
            QueryOp(parent=self, op=self._context.search.prepare).success(lambda _: None).run()

    @Slot(str)
    def _on_text_changed(self, _text: str) -> None:
        self._expanded.clear()  # a new query shows every kind's best results again
        self._timer.start()

    @Slot()
    def run_search(self) -> None:
        self._timer.stop()
        text = self.query_edit.text()
        self._generation += 1
        generation = self._generation
        if not text.strip():
            self._show(SearchResults(text, ()), generation)
            return
        search, profile, expanded = self._context.search, self._context.profile, set(self._expanded)
        self._pending.start()
        QueryOp(parent=self, op=lambda: search.search(text, profile=profile, expanded=expanded)).success(
            lambda found: self._show(found, generation)
        ).run()

    def _show(self, found: SearchResults, generation: int) -> None:
        if generation != self._generation:
            return  # a newer query is on its way; drop stale results
        self._pending.stop()
        self.show_results()
        # The same query shown again (back on the page): the cursor stays on its result.
        current = self.results.currentItem()
        same = found.text == self._shown_text
        previous = current.data(Qt.ItemDataRole.UserRole) if current is not None and same else None
        self._shown_text = found.text
        self.results.clear()
        for group in found.groups:
            self._add_group(group)
        text = found.text.strip()
        if not text:
            self.summary.clear()
            self._show_message(self._help_html())
        elif found.groups:
            self.message.hide()
            self.results.show()
            count = self._count_text(found.total, found.capped)
            count = count[:1].upper() + count[1:]
            self.summary.setText(self.tr("%1 — ↓ pour parcourir, Entrée pour ouvrir.").replace("%1", count))
            self._select_after_show(previous)
        else:
            self.summary.clear()
            self._show_message(self._empty_html(found))
        self.resultsShown.emit(found.total)

    def _count_text(self, total: int, capped: bool = False) -> str:
        if capped:
            return self.tr("plus de %1 résultats").replace("%1", str(total))
        if total == 0:
            return self.tr("aucun résultat")
        return self.tr("1 résultat") if total == 1 else self.tr("%1 résultats").replace("%1", str(total))

    def _add_group(self, group: KindHits) -> None:
        label = self._kind_labels.get(ResultKind(group.kind), group.kind)
        count = self._count_text(group.total, group.capped)
        heading = QListWidgetItem(f"{label} : {count}", self.results)
        heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
        heading.setData(HTML_ROLE, f"<b>{html.escape(label)}</b> · {html.escape(count)}")
        for hit in group.hits:
            item = QListWidgetItem(hit.title, self.results)
            item.setData(Qt.ItemDataRole.UserRole, hit)
            item.setData(HTML_ROLE, f"<b>{html.escape(hit.title)}</b><br>{snippet_html(hit.snippet)}")
            item.setToolTip(hit.title)
        others = group.total - len(group.hits)
        if (others > 0 or group.capped) and group.kind not in self._expanded:
            if group.capped:
                text = self.tr("Afficher plus de résultats")
            elif others == 1:
                text = self.tr("Afficher l'autre résultat")
            else:
                text = self.tr("Afficher les %1 autres résultats").replace("%1", str(others))
            more = QListWidgetItem(text, self.results)
            more.setData(Qt.ItemDataRole.UserRole, (_MORE, group.kind))
            more.setData(HTML_ROLE, f"<i>{html.escape(text)} ▸</i>")

    def _select_after_show(self, previous: object) -> None:
        row = self.results.first_result_row()
        if isinstance(previous, SearchHit):
            row = next(
                (r for r in range(self.results.count())
                 if isinstance(hit := self.results.item(r).data(Qt.ItemDataRole.UserRole), SearchHit)
                 and (hit.kind, hit.id) == (previous.kind, previous.id)),
                row,
            )  # fmt: skip
        if self._focus_group is not None:
            # After « show the others »: on the first result that was not shown before.
            hits = [
                r for r in range(self.results.count())
                if isinstance(hit := self.results.item(r).data(Qt.ItemDataRole.UserRole), SearchHit)
                and hit.kind == self._focus_group
            ]  # fmt: skip
            if len(hits) > GROUP_SIZE:
                row = hits[GROUP_SIZE]
            self._focus_group = None
            self.results.setFocus()
        self.results.setCurrentRow(row)
        self.results.scrollToItem(self.results.item(row))

    def _show_message(self, text: str) -> None:
        self.results.hide()
        self.message.setText(text)
        self.message.show()

    def _help_html(self) -> str:
        return "<p>" + html.escape(self.tr(
            "Saisissez un ou plusieurs mots. La recherche couvre les tutoriels, les bonnes pratiques "
            "(les vôtres comprises), les questions du quiz et leurs explications, les scénarios du "
            "bac à sable et les parcours ; les accents et les majuscules sont ignorés."
        )) + "</p>"  # fmt: skip

    def _empty_html(self, found: SearchResults) -> str:
        parts = [
            "<p><b>" + html.escape(self.tr("Aucun résultat pour « %1 ».").replace("%1", found.text.strip())) + "</b></p>",
            "<p>" + html.escape(self.tr(
                "Essayez un autre mot, plus court ou plus courant, ou vérifiez l'orthographe "
                "(les accents et les majuscules sont ignorés)."
            )) + "</p>",
        ]  # fmt: skip
        if found.single_words:
            counts = [
                self.tr("« %1 » : %2").replace("%1", word).replace("%2", self._count_text(total, capped))
                for word, total, capped in found.single_words
            ]
            parts.append(
                "<p>" + html.escape(self.tr("Tous les mots doivent figurer ensemble. Chaque mot seul donne : %1.")
                .replace("%1", ", ".join(counts))) + "</p>"
            )  # fmt: skip
        parts.append("<p>" + html.escape(self.tr(
            "La recherche couvre les tutoriels, les bonnes pratiques, les questions du quiz et leurs "
            "explications, les scénarios du bac à sable et les parcours. Pour parcourir une section, "
            "ouvrez-la dans la barre de gauche (Bonnes pratiques : Ctrl+7)."
        )) + "</p>")  # fmt: skip
        return "".join(parts)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        # Wrapped snippets change height with the width: ask the view to measure again.
        self.results.doItemsLayout()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.query_edit and event.type() == QEvent.Type.KeyPress:
            key = event.key() if isinstance(event, QKeyEvent) else None
            if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.results.isVisible():
                row = self.results.currentRow()
                if row < 0 or not self.results._selectable(row):
                    row = self.results.first_result_row()
                if row >= 0:
                    self.results.setCurrentRow(row)
                    self.results.setFocus()
                    return True
        return super().eventFilter(watched, event)

    # -- opening ----------------------------------------------------------------------------

    @Slot(QListWidgetItem)
    def _open(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(data, tuple) and data and data[0] == _MORE:
            self._expanded.add(data[1])
            self._focus_group = data[1]
            self.run_search()
            return
        if not isinstance(data, SearchHit):
            return
        match ResultKind(data.kind):
            case ResultKind.TUTORIAL:
                self.openTutorialRequested.emit(data.id, data.terms)
            case ResultKind.PRACTICE:
                self.practiceRequested.emit(data.id)
            case ResultKind.SCENARIO:
                self.scenarioRequested.emit(data.id)
            case ResultKind.PATHWAY:
                self.pathwayRequested.emit(data.id)
            case ResultKind.QUIZ:
                self.show_question(data.id)

    @Slot()
    def _open_current(self) -> None:
        if self.results.isHidden():
            return
        item = self.results.currentItem()
        if item is None or not self.results._selectable(self.results.row(item)):
            row = self.results.first_result_row()
            item = self.results.item(row) if row >= 0 else None
        if item is not None:
            self._open(item)

    def show_question(self, item_id: str) -> None:
        context = self._context

        def shown(item: QuizItem | None) -> None:
            if item is None:
                return  # left the bank with a content update since the index was built
            self.question_view.show_item(item)
            self.body.setCurrentWidget(self.question_view)
            self.question_view.setFocus()
            self.questionShown.emit(item.id)

        QueryOp(parent=self, op=lambda: context.quiz.item(item_id)).success(shown).run()

    @Slot()
    def show_results(self) -> None:
        if self.body.currentWidget() is not self.list_page:
            self.body.setCurrentWidget(self.list_page)
            self.results.setFocus()
