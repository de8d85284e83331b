"""Details opened from the séance dashboard: one participant (items and answers review) and
one quiz question (options, explanation, sources).

All text coming from bundles or content is shown escaped: a participant's name or a
question title is never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.coaching import AnswerReview, Dashboard, MissedItem, ParticipantRow
from ent_coach.domain.coaching_dashboard import cell_text, format_minutes, percent
from ent_coach.domain.quiz.model import QuizItem
from ent_coach.domain.text import plural
from ent_coach.ui.coaching.matrix_model import status_icon
from ent_coach.ui.pathways.texts import kind_label
from ent_coach.ui.quiz.feedback import feedback_stylesheet, sources_html
from ent_coach.ui.theme import is_dark_palette
from ent_coach.ui.widgets import heading_label, muted_label, open_external_link

QuestionLookup = Callable[[str], QuizItem | None]
RESPONSE_SEPARATOR = "[,]"  # xAPI's separator between the keys of a response


def response_text(item: QuizItem | None, response: str) -> str:
    """The answer given, in words when the question is known (« Vrai » rather than « a »)."""
    keys = [key for key in response.split(RESPONSE_SEPARATOR) if key]
    if not keys:
        return "(sans réponse)"
    if item is None:
        return ", ".join(keys)
    known = {option.key: option.text for option in item.options}
    texts = [known.get(key, key) for key in keys]
    if item.is_ordering:
        return " → ".join(texts)
    return " ; ".join(texts)


def answer_html(answer: AnswerReview, item: QuizItem | None) -> str:
    verdict = (
        "<span class='ok'><b>✔ Bonne réponse</b></span>"
        if answer.success
        else "<span class='ko'><b>✘ Réponse incorrecte</b></span>"
    )
    parts = [
        f"<p><b>{answer.position}. {escape(answer.question)}</b><br>{verdict}<br>",
        f"Réponse donnée : {escape(response_text(item, answer.response))}",
    ]
    if item is not None and not answer.success:
        expected = response_text(item, RESPONSE_SEPARATOR.join(item.correct_response))
        parts.append(f"<br>Réponse attendue : {escape(expected)}")
    parts.append("</p>")
    if item is not None:
        parts.append(f"<p class='muted'><i>À retenir.</i> {escape(item.explanation)}</p>")
    return "".join(parts)


def answers_html(answers: tuple[AnswerReview, ...], lookup: QuestionLookup) -> str:
    if not answers:
        return (
            "<p>Aucune réponse à l'évaluation de la séance n'a été reçue pour ce participant.</p>"
        )
    right = sum(1 for answer in answers if answer.success)
    correct = plural(right, "%n bonne réponse", "%n bonnes réponses")
    head = f"<p>{correct} sur {len(answers)} au premier essai.</p>"
    ordered = sorted(answers, key=lambda answer: answer.position)
    return head + "".join(answer_html(answer, lookup(answer.item_id)) for answer in ordered)


def question_html(missed: MissedItem, item: QuizItem | None) -> str:
    share = (
        f"<p>{missed.percent_correct} % de bonnes réponses au premier essai "
        f"({missed.correct} sur {missed.answered}).</p>"
    )
    if item is None:
        return (
            f"<h3>{escape(missed.question)}</h3>{share}"
            "<p>Cette question ne figure pas dans la banque de questions de cette version "
            "d'ENT Coach : son énoncé et son explication ne peuvent pas être affichés.</p>"
        )
    parts = [f"<h3>{escape(item.title)}</h3>", share]
    if item.situation:
        parts.append(f"<p><i>{escape(item.situation)}</i></p>")
    parts.append(f"<p><b>{escape(item.question)}</b></p>")
    if item.is_ordering:
        steps = "".join(f"<li>{escape(option.text)}</li>" for option in item.options)
        parts.append(f"<p><b>L'ordre attendu</b></p><ol>{steps}</ol>")
    else:
        rows = []
        for option in item.options:
            mark = " — <i>bonne réponse</i>" if option.correct else ""
            css = "ok" if option.correct else ""
            sign = "✔ " if option.correct else ""
            rows.append(
                f"<li class='{css}'><b>{sign}{escape(option.text)}</b>{mark}<br>"
                f"{escape(option.feedback)}</li>"
            )
        parts.append("<ul>" + "".join(rows) + "</ul>")
    parts.append(f"<p><b>À retenir.</b> {escape(item.explanation)}</p>")
    if item.sources:
        parts.append(sources_html(item.sources))
    return "".join(parts)


def _browser(parent: QWidget, name: str) -> QTextBrowser:
    browser = QTextBrowser(parent)
    browser.setOpenLinks(False)
    browser.setAccessibleName(name)
    dark = is_dark_palette(browser.palette())
    browser.document().setDefaultStyleSheet(
        feedback_stylesheet(dark=dark) + " p { margin-bottom: 6px; } .muted { font-style: italic; }"
    )
    browser.anchorClicked.connect(lambda url: _open_link(parent, url))
    return browser


def _open_link(parent: QWidget, url: QUrl) -> None:
    if url.scheme() in ("http", "https"):
        open_external_link(parent, url)


class ParticipantDialog(QDialog):
    """One participant: each plan item's status, time, score and reason, then their answers.

    « Retirer de la séance… » emits ``removeRequested`` and closes; whoever owns the séance
    asks for confirmation and does it."""

    removeRequested = Signal()

    def __init__(
        self,
        parent: QWidget,
        *,
        dashboard: Dashboard,
        row: ParticipantRow,
        label: str,
        question_lookup: QuestionLookup,
        removable: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Détail du participant — %1").replace("%1", label))
        self.setFont(parent.font())  # projector mode's larger type reaches the dialog too
        plan = dashboard.plan
        self.heading = heading_label(label, level=2, parent=self)
        summary = (
            plural(
                row.done_count,
                self.tr("%n élément terminé sur %2 · temps enregistré : %3"),
                self.tr("%n éléments terminés sur %2 · temps enregistré : %3"),
            )
            .replace("%2", str(len(plan.items)))
            .replace("%3", format_minutes(row.total_seconds))
        )
        if row.needs_help:
            summary += self.tr(" · a besoin d'aide")
        self.summary = QLabel(summary, self)
        self.summary.setWordWrap(True)

        headers = [
            self.tr("Élément"), self.tr("Type"), self.tr("État"), self.tr("Temps"),
            self.tr("Tentatives"), self.tr("Motif"),
        ]  # fmt: skip
        self.items = QTableWidget(len(plan.items), len(headers), self)
        self.items.setHorizontalHeaderLabels(headers)
        self.items.setAccessibleName(self.tr("Éléments du plan pour ce participant"))
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items.verticalHeader().hide()
        self.items.setWordWrap(False)  # one line per item; a long reason is in the tooltip
        for number, item in enumerate(plan.items):
            cell = row.cells[item.id]
            state = QTableWidgetItem(status_icon(cell.status), cell_text(cell))
            values = [
                QTableWidgetItem(f"{number + 1}. {item.title}"),
                QTableWidgetItem(kind_label(item.kind)),
                state,
                QTableWidgetItem(format_minutes(cell.seconds)),
                QTableWidgetItem(str(cell.attempts) if cell.attempts else "—"),
                QTableWidgetItem(cell.reason or ""),
            ]
            values[-1].setToolTip(cell.reason or "")
            values[0].setToolTip(item.title)
            if cell.score is not None:
                state.setToolTip(
                    self.tr("Meilleur score : %1 %").replace("%1", str(percent(cell.score)))
                )
            for column, value in enumerate(values):
                self.items.setItem(number, column, value)
        header = self.items.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(headers) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)

        self.answers = _browser(self, self.tr("Réponses à l'évaluation de la séance"))
        self.answers.setHtml(answers_html(row.answers, question_lookup))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Fermer"))
        buttons.rejected.connect(self.reject)
        self.remove_button = buttons.addButton(
            self.tr("&Retirer de la séance…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.remove_button.setToolTip(
            self.tr("Par exemple un fichier importé dans la mauvaise séance")
        )
        self.remove_button.setVisible(removable)
        # Entrée closes the dialog; it must never take someone out of the séance.
        self.remove_button.setAutoDefault(False)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(True)
        close.setDefault(True)
        self.remove_button.clicked.connect(self._request_removal)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.items, 3)
        layout.addWidget(
            heading_label(self.tr("Réponses à l'évaluation de la séance"), level=3, parent=self)
        )
        layout.addWidget(self.answers, 2)
        layout.addWidget(buttons)
        self.resize(860, 640)
        self.items.setFocus()


    @Slot()
    def _request_removal(self) -> None:
        self.accept()
        self.removeRequested.emit()


class QuestionDialog(QDialog):
    """A most-missed question: its options with the right ones marked, explanation, sources."""

    def __init__(self, parent: QWidget, *, missed: MissedItem, item: QuizItem | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Question manquée — %1").replace("%1", missed.question))
        self.setFont(parent.font())
        self.browser = _browser(self, self.tr("Question, réponses et explication"))
        self.browser.setHtml(question_html(missed, item))
        hint = muted_label(
            self.tr("Les bonnes réponses sont marquées « bonne réponse » et d'une coche."), self
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Fermer"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(720, 560)

    def text(self) -> str:
        return self.browser.toPlainText()
