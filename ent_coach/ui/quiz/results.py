"""After an attempt: score, per-theme results, confident misconceptions; and the review of any
past attempt, answer by answer, with the options in the order they were shown."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.quiz.attempts import QuizMode
from ent_coach.domain.quiz.model import QUIZ_THEMES
from ent_coach.domain.quiz.presentation import presented_order
from ent_coach.domain.quiz.scoring import CERTAINTY_LEVELS, confident_misconceptions, theme_results
from ent_coach.services.quiz import AttemptResult, quiz_name
from ent_coach.ui.quiz.feedback import feedback_stylesheet, item_feedback_html, plural
from ent_coach.ui.theme import is_dark_palette
from ent_coach.ui.widgets import heading_label, muted_label, open_external_link


class ResultsView(QWidget):
    reviewRequested = Signal(str)
    mistakesRequested = Signal(str)  # attempt id: ask its missed questions again, now
    backRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._attempt_id = ""
        self.heading = heading_label("", level=1)
        self.score = heading_label("", level=2)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.themes = QTableWidget(0, 2)
        self.themes.setHorizontalHeaderLabels([self.tr("Thème"), self.tr("Réponses justes")])
        self.themes.setAccessibleName(self.tr("Résultat par thème"))
        self.themes.verticalHeader().hide()
        self.themes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.themes.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.themes.setTabKeyNavigation(False)
        self.themes.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a report, nothing to choose in it
        self.themes.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.themes.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.themes.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.themes.horizontalHeader().resizeSection(1, 200)
        self.cbm = QLabel()
        self.cbm.setWordWrap(True)
        self.missed = QLabel()
        self.missed.setWordWrap(True)
        self.missed.setTextFormat(Qt.TextFormat.RichText)
        self.misconceptions = QLabel()
        self.misconceptions.setWordWrap(True)
        self.misconceptions.setTextFormat(Qt.TextFormat.RichText)
        self.review_button = QPushButton(self.tr("&Revoir les réponses"))
        self.review_button.setDefault(True)
        self.review_button.clicked.connect(lambda: self.reviewRequested.emit(self._attempt_id))
        self.mistakes_button = QPushButton(self.tr("Re&faire mes erreurs"))
        self.mistakes_button.setToolTip(
            self.tr("Reposer tout de suite les questions manquées, dans un nouvel ordre")
        )
        self.mistakes_button.clicked.connect(lambda: self.mistakesRequested.emit(self._attempt_id))
        self.back_button = QPushButton(self.tr("Retour au &quiz"))
        self.back_button.clicked.connect(self.backRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.mistakes_button)
        buttons.addWidget(self.review_button)

        # The report scrolls as a whole (13 themes and a long list of missed questions do not
        # fit at 1024×700); the buttons stay in view below it.
        report = QWidget()
        report_layout = QVBoxLayout(report)
        report_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.heading, self.score, self.verdict, self.themes, self.missed, self.cbm,
                       self.misconceptions):  # fmt: skip
            report_layout.addWidget(widget)
        report_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(report)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)

    def show_result(self, result: AttemptResult) -> None:
        attempt = result.attempt
        self._attempt_id = attempt.id
        self.heading.setText(quiz_name(attempt.mode, attempt.theme))
        self.score.setText(
            plural(result.score.raw, self.tr("%1 bonne réponse"), self.tr("%1 bonnes réponses"))
            + self.tr(" sur %1 — %2 %")
            .replace("%1", str(result.score.max))
            .replace("%2", str(result.score.percent))
        )
        missed_items = result.missed()
        self.mistakes_button.setVisible(bool(missed_items))
        self.verdict.setText(self._verdict(result, bool(missed_items)))
        marked = result.marked()
        per_theme = theme_results(marked)
        self.themes.setRowCount(len(per_theme))
        for row, theme in enumerate(t for t in QUIZ_THEMES if t in per_theme):
            right, asked = per_theme[theme]
            self.themes.setItem(row, 0, QTableWidgetItem(QUIZ_THEMES[theme]))
            bar = QProgressBar()
            bar.setRange(0, asked)
            bar.setValue(right)
            bar.setFormat(f"{right} / {asked}")
            bar.setAccessibleName(
                plural(right, self.tr("%1 juste"), self.tr("%1 justes"))
                + self.tr(" sur %1").replace("%1", str(asked))
            )
            self.themes.setCellWidget(row, 1, bar)
        # As tall as its rows: the results read as a short report, not an empty grid; the
        # scroll area, not the table, scrolls when the report is long.
        self.themes.resizeRowsToContents()
        height = self.themes.horizontalHeader().sizeHint().height() + 2 * self.themes.frameWidth()
        height += sum(self.themes.rowHeight(row) for row in range(self.themes.rowCount()))
        self.themes.setFixedHeight(height)
        score = result.score
        self.cbm.setVisible(score.cbm_total is not None)
        if score.cbm_total is not None:
            self.cbm.setText(
                self.tr("Score de certitude : %1 (au plus %2). Il récompense une confiance justifiée et pénalise une erreur affirmée avec assurance.")
                .replace("%1", str(score.cbm_total).replace("-", "−"))  # a real minus sign
                .replace("%2", str(score.cbm_max))
            )
        by_id = {item.id: item for item in result.items if item is not None}
        missed = [a for a in marked if not a.correct]
        self.missed.setVisible(bool(missed))
        if missed:
            titles = "".join(
                f"<li>{escape(by_id[a.item_id].title if a.item_id in by_id else a.item_id)}</li>"
                for a in missed
            )
            self.missed.setText(
                self.tr("<b>Questions manquées</b> — leur correction est dans « Revoir les réponses » ; "
                        "« Refaire mes erreurs » les repose tout de suite :")
                + f"<ul>{titles}</ul>"
            )
        confident = confident_misconceptions(marked)
        self.misconceptions.setVisible(bool(confident))
        if confident:
            lines = "".join(
                f"<li>{escape(by_id[a.item_id].title if a.item_id in by_id else a.item_id)} "
                f"({CERTAINTY_LEVELS[a.certainty or 1].lower()})</li>"
                for a in confident
            )
            self.misconceptions.setText(
                self.tr("<b>Idées fausses affirmées avec certitude</b> — à revoir en priorité :")
                + f"<ul>{lines}</ul>"
            )
        self.scroll.verticalScrollBar().setValue(0)
        self.review_button.setFocus()

    def _verdict(self, result: AttemptResult, missed: bool) -> str:
        mode = result.attempt.mode
        mark = str(round(result.pass_mark * 100))
        if mode is QuizMode.REVIEW:
            return self.tr("Les questions justes montent d'une boîte ; les autres reviendront demain.")
        if mode is QuizMode.MISTAKES:
            if not missed:
                return self.tr("Toutes justes cette fois. Elles reviendront quand même en révision aux "
                               "dates prévues, pour que la mémoire s'ancre.")
            return self.tr("Les questions encore manquées reviendront en révision à partir de demain ; "
                           "vous pouvez aussi les refaire dès maintenant.")
        if result.passed:
            return self.tr("Réussi : vous atteignez le seuil de %1 %.").replace("%1", mark)
        return self.tr("Pas encore : le seuil est de %1 %. Refaites vos erreurs dès maintenant ; "
                       "elles reviendront aussi en révision à partir de demain.").replace("%1", mark)


class AttemptReview(QWidget):
    """A past attempt, answer by answer, as it was shown."""

    backRequested = Signal()
    mistakesRequested = Signal(str)  # attempt id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._result: AttemptResult | None = None
        self.heading = heading_label("", level=2)
        self.summary = muted_label()
        self.questions = QListWidget()
        self.questions.setAccessibleName(self.tr("Questions de la tentative"))
        self.questions.setWordWrap(True)
        self.questions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.questions.currentRowChanged.connect(self._show)
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(self._on_link)
        self.detail.setAccessibleName(self.tr("Question et correction"))
        splitter = QSplitter()
        splitter.addWidget(self.questions)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([260, 640])
        self.back_button = QPushButton(self.tr("Retour au &quiz"))
        self.back_button.clicked.connect(self.backRequested)
        self.mistakes_button = QPushButton(self.tr("Re&faire mes erreurs"))
        self.mistakes_button.setToolTip(
            self.tr("Reposer tout de suite les questions manquées, dans un nouvel ordre")
        )
        self.mistakes_button.clicked.connect(self._ask_mistakes)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.mistakes_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    def show_attempt(self, result: AttemptResult) -> None:
        self._result = result
        attempt = result.attempt
        moment = (attempt.finished_at or attempt.started_at).strftime("%d/%m/%Y à %H:%M")
        self.heading.setText(
            self.tr("%1 du %2").replace("%1", quiz_name(attempt.mode, attempt.theme)).replace("%2", moment)
        )
        self.summary.setText(
            self.tr("%1 / %2 — code de tirage %3. Les options sont dans l'ordre où elles vous ont été présentées.")
            .replace("%1", str(result.score.raw))
            .replace("%2", str(result.score.max))
            .replace("%3", str(attempt.seed))
        )
        self.mistakes_button.setVisible(bool(result.missed()))
        answers = attempt.first_tries()
        self.questions.clear()
        for position, item in enumerate(result.items):
            answer = answers.get(position)
            mark = "—" if answer is None else ("✔" if answer.correct else "✘")
            title = item.title if item else self.tr("Question retirée de la banque")
            status = (
                self.tr("sans réponse") if answer is None
                else self.tr("juste") if answer.correct else self.tr("fausse")
            )  # fmt: skip
            entry = QListWidgetItem(f"{position + 1}. {mark} {title}")
            entry.setData(Qt.ItemDataRole.AccessibleTextRole, f"{position + 1}. {title}, {status}")
            self.questions.addItem(entry)
        self.questions.setCurrentRow(0)
        self.questions.setFocus()

    @Slot()
    def _ask_mistakes(self) -> None:
        if self._result is not None:
            self.mistakesRequested.emit(self._result.attempt.id)

    @Slot(int)
    def _show(self, position: int) -> None:
        result = self._result
        if result is None or position < 0 or position >= len(result.items):
            self.detail.clear()
            return
        item = result.items[position]
        if item is None:
            self.detail.setHtml(self.tr("<p>Cette question a été retirée de la banque depuis cette tentative.</p>"))
            return
        answer = result.attempt.first_tries().get(position)
        shown = presented_order(item, result.attempt.seed)
        self.detail.document().setDefaultStyleSheet(feedback_stylesheet(dark=is_dark_palette(self.palette())))
        if answer is None:
            html = item_feedback_html(item, shown, (), None, with_question=True)
        else:
            html = item_feedback_html(
                item, shown, answer.response, answer.correct, with_question=True,
                certainty=answer.certainty,
            )  # fmt: skip
        self.detail.setHtml(html)

    @Slot(QUrl)
    def _on_link(self, url: QUrl) -> None:
        if url.scheme() in ("https", "http"):
            open_external_link(self, url)
