"""One question on screen: choose (mouse or keyboard), state a certainty, validate, read the
feedback. Letters or digits choose (letters only when a certainty is asked: digits 1–3 are the
certainty), arrows move, Enter validates, Alt+↑/↓ reorder steps."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.quiz.model import DIFFICULTIES, QUIZ_THEMES, QuizFormat, QuizItem
from ent_coach.domain.quiz.scoring import CERTAINTY_LEVELS
from ent_coach.ui.quiz.feedback import LETTERS, feedback_stylesheet, item_feedback_html
from ent_coach.ui.theme import is_dark_palette
from ent_coach.ui.widgets import (
    error_label,
    heading_label,
    muted_label,
    open_external_link,
    scoped_shortcut,
)

KEY_ROLE = Qt.ItemDataRole.UserRole
TEXT_ROLE = Qt.ItemDataRole.UserRole + 1  # the option text without its number or letter


class OptionList(QListWidget):
    """The options (or steps) of a question. Keyboard: A–F or 1–6 choose an option, Space
    ticks the current one, Alt+↑/↓ move a step, Enter asks to validate."""

    validateRequested = Signal()
    certaintyTyped = Signal(int)  # 1–3 typed while certainty is asked: digits are certainty

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # With certainty marking, digits state the certainty and letters choose, so a « 2 »
        # never picks option B by surprise.
        self.digits_for_certainty = False
        # The cursor (the current option) is drawn only once the keyboard moves it: before
        # that, a highlighted first option would look already chosen.
        self.cursor_shown = False
        self.setItemDelegate(_CursorDelegate(self))
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setSpacing(3)
        self.setAccessibleName(self.tr("Réponses proposées"))
        self.format: QuizFormat = QuizFormat.SINGLE
        self.locked = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.validateRequested.emit()
            return
        if self.locked:
            super().keyPressEvent(event)
            return
        moving = event.modifiers() & (
            Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier
        )
        if self.format is QuizFormat.ORDERING and moving and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_current(-1 if key == Qt.Key.Key_Up else 1)
            return
        text = event.text()
        if self.digits_for_certainty and len(text) == 1 and text.isdigit():
            if text in ("1", "2", "3"):
                self.certaintyTyped.emit(int(text))
            return
        if not self.cursor_shown:
            self.cursor_shown = True  # the keyboard is in use: show where it is
            self.viewport().update()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.format is not QuizFormat.ORDERING:
                # The first arrow lands on the first (or last) option rather than moving past
                # an option the learner could not see was current.
                self.setCurrentRow(0 if key == Qt.Key.Key_Down else self.count() - 1)
                return
        index = self._index_for(text)
        if index is not None and index < self.count():
            self.setCurrentRow(index)
            if self.format is QuizFormat.MULTIPLE:
                self._toggle(self.item(index))
            elif self.format is not QuizFormat.ORDERING:
                self.item(index).setSelected(True)
            return
        if key == Qt.Key.Key_Space and self.format is QuizFormat.MULTIPLE:
            current = self.currentItem()
            if current is not None:
                self._toggle(current)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.cursor_shown = True  # reached by Tab: show where the keyboard is
            self.viewport().update()

    def reset_cursor(self) -> None:
        self.cursor_shown = False
        self.viewport().update()

    def _index_for(self, text: str) -> int | None:
        if len(text) != 1:
            return None
        if text.isdigit() and text != "0":
            return None if self.digits_for_certainty else int(text) - 1
        upper = text.upper()
        return LETTERS.index(upper) if upper in LETTERS else None

    @staticmethod
    def _toggle(item: QListWidgetItem) -> None:
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def move_current(self, delta: int) -> None:
        row = self.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.count():
            return
        item = self.takeItem(row)
        self.insertItem(target, item)
        self.setCurrentRow(target)
        self.renumber()

    def renumber(self) -> None:
        for row in range(self.count()):
            item = self.item(row)
            item.setText(f"{row + 1}. {item.data(TEXT_ROLE)}")

    def response(self) -> list[str]:
        items = [self.item(row) for row in range(self.count())]
        if self.format is QuizFormat.ORDERING:
            return [item.data(KEY_ROLE) for item in items]
        if self.format is QuizFormat.MULTIPLE:
            return [i.data(KEY_ROLE) for i in items if i.checkState() == Qt.CheckState.Checked]
        return [item.data(KEY_ROLE) for item in self.selectedItems()]

    def dropEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().dropEvent(event)
        self.renumber()


class _CursorDelegate(QStyledItemDelegate):
    """Draws the focus frame of the current option only when the list shows its cursor."""

    def initStyleOption(self, option, index) -> None:  # type: ignore[no-untyped-def]
        super().initStyleOption(option, index)
        owner = self.parent()
        if isinstance(owner, OptionList) and not owner.cursor_shown:
            option.state &= ~QStyle.StateFlag.State_HasFocus


class QuestionView(QWidget):
    """Shows one item. The page decides what happens on validation (training: feedback;
    assessment: next question) through ``answerSubmitted``."""

    answerSubmitted = Signal(list, object)  # response keys, certainty or None
    nextRequested = Signal()
    retryRequested = Signal()
    quitRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item: QuizItem | None = None
        self.shown: tuple[str, ...] = ()
        self._cbm = False
        self._answered = False

        self.header = muted_label()
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.setAccessibleName(self.tr("Avancement du quiz"))
        self.title = heading_label("", level=2)
        self.situation = QLabel()
        self.situation.setWordWrap(True)
        self.situation.setFrameShape(QFrame.Shape.StyledPanel)
        self.situation.setMargin(10)
        self.situation.setObjectName("situation")
        self.situation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.question = QLabel()
        self.question.setWordWrap(True)
        font = self.question.font()
        font.setBold(True)
        self.question.setFont(font)
        self.instruction = muted_label()
        self.options = OptionList()
        self.options.validateRequested.connect(self._on_enter)
        self.options.certaintyTyped.connect(self._choose_certainty)
        self.options.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.certainty_box = QFrame()
        certainty_layout = QHBoxLayout(self.certainty_box)
        certainty_layout.setContentsMargins(0, 0, 0, 0)
        certainty_layout.addWidget(QLabel(self.tr("Votre certitude :")))
        self.certainty = QButtonGroup(self)
        for level, label in CERTAINTY_LEVELS.items():
            button = QRadioButton(f"&{level} {label}")
            button.setAccessibleName(self.tr("Certitude %1 : %2").replace("%1", str(level)).replace("%2", label))
            self.certainty.addButton(button, level)
            certainty_layout.addWidget(button)
            button.installEventFilter(self)
        certainty_layout.addStretch(1)

        self.error = error_label()
        self.feedback = QTextBrowser()
        self.feedback.setOpenLinks(False)
        self.feedback.anchorClicked.connect(self._on_link)
        self.feedback.setAccessibleName(self.tr("Correction"))
        self.feedback.hide()

        self.quit_button = QPushButton(self.tr("&Interrompre"))
        self.quit_button.setToolTip(
            self.tr("Revenir à l'accueil du quiz (Échap) ; vous pourrez reprendre plus tard")
        )
        scoped_shortcut(Qt.Key.Key_Escape, self, self.quitRequested.emit)
        self.quit_button.clicked.connect(self.quitRequested)
        self.retry_button = QPushButton(self.tr("&Réessayer"))
        self.retry_button.setToolTip(self.tr("Répondre à nouveau à cette question (R)"))
        self.retry_button.clicked.connect(self.retryRequested)
        self.validate_button = QPushButton(self.tr("&Valider"))
        self.validate_button.setDefault(True)
        self.validate_button.clicked.connect(self._submit)
        self.next_button = QPushButton(self.tr("&Suivant"))
        self.next_button.clicked.connect(self.nextRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.validate_button)
        buttons.addWidget(self.next_button)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.title, self.situation, self.question, self.instruction):
            top_layout.addWidget(widget)
        top_layout.addWidget(self.options, 1)
        top_layout.addWidget(self.certainty_box)
        top_layout.addWidget(self.error)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.feedback)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.progress)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)

    # -- showing ---------------------------------------------------------------------------

    def show_item(
        self, item: QuizItem, shown: tuple[str, ...], *, position: int, total: int,
        cbm: bool, mode_label: str,
    ) -> None:  # fmt: skip
        self.item, self.shown, self._cbm, self._answered = item, shown, cbm, False
        self.header.setText(
            self.tr("%1 · question %2 sur %3 · %4 · %5")
            .replace("%1", mode_label)
            .replace("%2", str(position + 1))
            .replace("%3", str(total))
            .replace("%4", QUIZ_THEMES.get(item.theme, item.theme))
            .replace("%5", DIFFICULTIES[item.difficulty])
        )
        self.progress.setRange(0, total)
        self.progress.setValue(position)
        self.title.setText(item.title)
        self.title.setAccessibleName(item.title)
        self.situation.setVisible(bool(item.situation))
        self.situation.setText(item.situation or "")
        self.question.setText(item.question)
        self.options.format = item.format
        self.options.digits_for_certainty = cbm
        self.instruction.setText(self._instruction(item.format, cbm))
        self._fill_options(item, shown)
        self.options.reset_cursor()
        self.certainty_box.setVisible(cbm)
        self.certainty.setExclusive(False)
        for button in self.certainty.buttons():
            button.setChecked(False)
            button.setEnabled(True)
        self.certainty.setExclusive(True)
        self.error.hide()
        self.feedback.hide()
        self.feedback.clear()
        self._set_answering(True)
        self.options.setFocus()

    def _instruction(self, fmt: QuizFormat, cbm: bool) -> str:
        """How to answer with the keyboard. With certainty marking, digits are the certainty
        (1, 2 or 3), so the options are chosen by letter only."""
        how = self.tr("lettre") if cbm else self.tr("lettre ou chiffre")
        then = (
            self.tr("indiquez votre certitude (1, 2 ou 3), puis Entrée.")
            if cbm
            else self.tr("puis Entrée.")
        )
        if fmt is QuizFormat.MULTIPLE:
            how = self.tr("lettre ou Espace") if cbm else self.tr("lettre, chiffre ou Espace")
            return self.tr("Plusieurs réponses possibles : cochez-les toutes (%1), %2").replace("%1", how).replace("%2", then)
        if fmt is QuizFormat.ORDERING:
            return self.tr("Remettez les étapes dans l'ordre : glissez-les, ou choisissez-en une et déplacez-la avec Alt+↑ / Alt+↓, %1").replace("%1", then)
        if fmt is QuizFormat.TRUE_FALSE:
            return self.tr("Choisissez la bonne réponse et la bonne justification (%1), %2").replace("%1", how).replace("%2", then)
        return self.tr("Une seule réponse : choisissez-la (%1), %2").replace("%1", how).replace("%2", then)

    def _fill_options(self, item: QuizItem, shown: tuple[str, ...]) -> None:
        self.options.clear()
        self.options.locked = False
        ordering = item.format is QuizFormat.ORDERING
        self.options.setSelectionMode(
            QAbstractItemView.SelectionMode.SingleSelection
            if item.format is not QuizFormat.MULTIPLE
            else QAbstractItemView.SelectionMode.NoSelection
        )
        for index, key in enumerate(shown):
            option = item.option(key)
            prefix = f"{index + 1}." if ordering else f"{LETTERS[index]}."
            entry = QListWidgetItem(f"{prefix} {option.text}")
            entry.setData(KEY_ROLE, key)
            entry.setData(TEXT_ROLE, option.text)
            entry.setData(Qt.ItemDataRole.AccessibleTextRole, f"{prefix} {option.text}")
            if item.format is QuizFormat.MULTIPLE:
                entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                entry.setCheckState(Qt.CheckState.Unchecked)
            self.options.addItem(entry)
        self.options.setCurrentRow(0 if ordering or item.format is QuizFormat.MULTIPLE else -1)
        if not ordering and item.format is not QuizFormat.MULTIPLE:
            self.options.clearSelection()
            self.options.setCurrentRow(0, self.options.selectionModel().SelectionFlag.NoUpdate)

    def _set_answering(self, answering: bool) -> None:
        self.validate_button.setVisible(answering)
        self.next_button.setVisible(not answering)
        self.retry_button.setVisible(False)
        self.options.locked = not answering
        self.options.setDragDropMode(
            QAbstractItemView.DragDropMode.InternalMove
            if answering and self.options.format is QuizFormat.ORDERING
            else QAbstractItemView.DragDropMode.NoDragDrop
        )
        for row in range(self.options.count()):
            entry = self.options.item(row)
            flags = entry.flags()
            if self.options.format is QuizFormat.MULTIPLE:
                flags = flags | Qt.ItemFlag.ItemIsUserCheckable if answering else flags & ~Qt.ItemFlag.ItemIsUserCheckable
            entry.setFlags(flags)
        for button in self.certainty.buttons():
            button.setEnabled(answering)

    # -- answering ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the certainty row, digits 1–3 choose and Enter validates."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            text = event.text()
            if text in ("1", "2", "3"):
                button = self.certainty.button(int(text))
                button.setChecked(True)
                button.setFocus()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._on_enter()
                return True
        return super().eventFilter(watched, event)

    @Slot(int)
    def _choose_certainty(self, level: int) -> None:
        """A digit typed in the options: the certainty, while the focus stays on the options."""
        button = self.certainty.button(level)
        if button is not None and button.isEnabled():
            button.setChecked(True)
            self.error.hide()

    @Slot()
    def _on_enter(self) -> None:
        if self._answered:
            if self.next_button.isVisible():
                self.nextRequested.emit()
            return
        if self._cbm and self.options.response() and self.certainty.checkedId() < 0:
            self._show_error(self.tr("Quelle est votre certitude ? Tapez 1, 2 ou 3, puis Entrée."))
            self.certainty.buttons()[0].setFocus()
            return
        self._submit()

    @Slot()
    def _submit(self) -> None:
        response = self.options.response()
        if not response:
            self._show_error(self.tr("Choisissez une réponse avant de valider."))
            self.options.setFocus()
            return
        certainty = self.certainty.checkedId() if self._cbm else None
        if self._cbm and (certainty is None or certainty < 0):
            self._show_error(self.tr("Indiquez votre certitude (1, 2 ou 3) avant de valider."))
            self.certainty.buttons()[0].setFocus()
            return
        self.error.hide()
        self.answerSubmitted.emit(response, certainty)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def show_feedback(
        self, correct: bool, response: tuple[str, ...], *, can_retry: bool,
        certainty: int | None = None,
    ) -> None:  # fmt: skip
        """Training: the correction under the question, then Suivant (or Réessayer)."""
        assert self.item is not None
        self._answered = True
        self._set_answering(False)
        self.retry_button.setVisible(can_retry and not correct)
        self.feedback.document().setDefaultStyleSheet(
            feedback_stylesheet(dark=is_dark_palette(self.palette()))
        )
        hint = self.tr("Entrée : question suivante") + (
            self.tr(" · R : réessayer") if self.retry_button.isVisible() else ""
        )
        self.feedback.setHtml(
            item_feedback_html(self.item, self.shown, response, correct, certainty=certainty)
            + f"<p><i>{hint}</i></p>"
        )
        self.feedback.show()
        self.splitter.setSizes([max(200, self.height() // 3), max(240, self.height() // 2)])
        self.feedback.setFocus()
        self.feedback.verticalScrollBar().setValue(0)

    def lock_answered(self) -> None:
        """Assessment: the answer is kept, no correction until the end."""
        self._answered = True
        self._set_answering(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """After an answer (the correction has the focus): Entrée goes on, R retries."""
        if self._answered:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.nextRequested.emit()
                return
            if event.key() == Qt.Key.Key_R and self.retry_button.isVisible():
                self.retryRequested.emit()
                return
        super().keyPressEvent(event)

    @Slot(QUrl)
    def _on_link(self, url: QUrl) -> None:
        if url.scheme() in ("https", "http"):
            open_external_link(self, url)
