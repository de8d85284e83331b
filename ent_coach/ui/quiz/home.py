"""Quiz home: training by theme (with mastery bars), assessment, review, history."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.quiz.attempts import Attempt, QuizMode
from ent_coach.domain.quiz.draw import ASSESSMENT_SIZE
from ent_coach.domain.quiz.model import QUIZ_THEMES
from ent_coach.domain.quiz.presentation import MAX_SEED
from ent_coach.domain.quiz.scoring import PASS_MARK
from ent_coach.services.quiz import AttemptResult, ThemeMastery
from ent_coach.ui.quiz.feedback import plural
from ent_coach.ui.widgets import RoomyTabBar, heading_label, muted_label

THEME_ROLE = Qt.ItemDataRole.UserRole


def _date(attempt: Attempt) -> str:
    moment = attempt.finished_at or attempt.started_at
    return moment.strftime("%d/%m/%Y %H:%M")


class QuizHome(QWidget):
    trainingRequested = Signal(str)
    assessmentRequested = Signal(object)  # seed or None
    reviewRequested = Signal()
    resumeRequested = Signal()
    abandonRequested = Signal()
    attemptRequested = Signal(str)
    cbmToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = heading_label(self.tr("Quiz juridique et RGPD"), level=1)
        self.intro = muted_label()

        self.resume_box = QFrame()
        self.resume_box.setFrameShape(QFrame.Shape.StyledPanel)
        resume_layout = QHBoxLayout(self.resume_box)
        self.resume_label = QLabel()
        self.resume_label.setWordWrap(True)
        self.resume_button = QPushButton(self.tr("&Reprendre"))
        self.resume_button.clicked.connect(self.resumeRequested)
        self.abandon_button = QPushButton(self.tr("A&bandonner"))
        self.abandon_button.clicked.connect(self.abandonRequested)
        resume_layout.addWidget(self.resume_label, 1)
        resume_layout.addWidget(self.resume_button)
        resume_layout.addWidget(self.abandon_button)
        self.resume_box.hide()

        self.cbm = QCheckBox(self.tr("Indiquer ma certit&ude pour chaque réponse (notation selon le degré de certitude)"))
        self.cbm.setToolTip(
            self.tr(
                "Bonne réponse : +1, +2 ou +3 selon votre certitude ; réponse fausse : 0, −2 ou −6. "
                "Être très sûr·e ne rapporte que si vous l'êtes vraiment."
            )
        )
        self.cbm.toggled.connect(self.cbmToggled)

        self.tabs = QTabWidget()
        self.tabs.setTabBar(RoomyTabBar())
        self.tabs.addTab(self._training_tab(), self.tr("Entraînement"))
        self.tabs.addTab(self._assessment_tab(), self.tr("Évaluation"))
        self.tabs.addTab(self._review_tab(), self.tr("Révision"))
        self.tabs.addTab(self._history_tab(), self.tr("Historique"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.resume_box)
        layout.addWidget(self.cbm)
        layout.addWidget(self.tabs, 1)

    # -- tabs ------------------------------------------------------------------------------

    def _training_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(
            muted_label(
                self.tr(
                    "Choisissez un thème : dix questions au plus, corrigées une à une avec "
                    "l'explication et la source. Vous pouvez réessayer autant que vous voulez. "
                    "La barre montre les questions du thème auxquelles votre dernière réponse était juste."
                )
            )
        )
        self.themes = QTableWidget(0, 3)
        self.themes.setHorizontalHeaderLabels([self.tr("Thème"), self.tr("Questions"), self.tr("Maîtrise")])
        self.themes.setAccessibleName(self.tr("Thèmes et maîtrise"))
        self.themes.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.themes.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.themes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.themes.verticalHeader().hide()
        header = self.themes.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, 220)
        self.themes.activated.connect(lambda _index: self._start_training())
        self.train_button = QPushButton(self.tr("&Commencer l'entraînement"))
        self.train_button.clicked.connect(self._start_training)
        layout.addWidget(self.themes, 1)
        layout.addWidget(self.train_button, alignment=Qt.AlignmentFlag.AlignLeft)
        return tab

    def _assessment_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(
            muted_label(
                self.tr(
                    "%1 questions tirées sur tous les thèmes, de difficulté équilibrée. La correction "
                    "détaillée vient à la fin. Seuil de réussite : %2 %. Ce n'est pas une certification."
                )
                .replace("%1", str(ASSESSMENT_SIZE))
                .replace("%2", str(round(PASS_MARK * 100)))
            )
        )
        form = QFormLayout()
        self.seed_edit = QLineEdit()
        self.seed_edit.setValidator(QIntValidator(0, MAX_SEED, self))
        self.seed_edit.setPlaceholderText(self.tr("facultatif"))
        self.seed_edit.setMaximumWidth(160)
        self.seed_edit.setAccessibleName(self.tr("Code de tirage"))
        self.seed_edit.returnPressed.connect(self._start_assessment)
        form.addRow(self.tr("Code de &tirage :"), self.seed_edit)
        layout.addLayout(form)
        layout.addWidget(
            muted_label(
                self.tr(
                    "En séance, le formateur donne un code : avec le même code, tout le groupe a les "
                    "mêmes questions dans le même ordre. Sans code, le tirage est nouveau à chaque fois."
                )
            )
        )
        self.assess_button = QPushButton(self.tr("Commencer l'é&valuation"))
        self.assess_button.clicked.connect(self._start_assessment)
        layout.addWidget(self.assess_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return tab

    def _review_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(
            muted_label(
                self.tr(
                    "Une question manquée revient le lendemain, puis après 3, 7 et 14 jours tant que "
                    "vous y répondez juste ; une erreur la ramène au début."
                )
            )
        )
        self.review_label = QLabel()
        self.review_label.setWordWrap(True)
        self.review_button = QPushButton(self.tr("Ré&viser maintenant"))
        self.review_button.clicked.connect(self.reviewRequested)
        layout.addWidget(self.review_label)
        layout.addWidget(self.review_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return tab

    def _history_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.history = QTableWidget(0, 5)
        self.history.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Mode"), self.tr("Thème"), self.tr("Score"), self.tr("Résultat")]
        )
        self.history.setAccessibleName(self.tr("Tentatives passées"))
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().hide()
        self.history.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.history.activated.connect(self._open_attempt)
        self.history_empty = muted_label(self.tr("Aucune tentative terminée pour l'instant."))
        self.review_attempt_button = QPushButton(self.tr("Revoir les ré&ponses"))
        self.review_attempt_button.clicked.connect(lambda: self._open_attempt(self.history.currentIndex()))
        layout.addWidget(self.history_empty)
        layout.addWidget(self.history, 1)
        layout.addWidget(self.review_attempt_button, alignment=Qt.AlignmentFlag.AlignLeft)
        return tab

    # -- filling ---------------------------------------------------------------------------

    def populate(
        self,
        *,
        item_count: int,
        mastery: list[ThemeMastery],
        due: int,
        waiting: int,
        history: list[AttemptResult],
        pending: Attempt | None,
        cbm: bool,
    ) -> None:
        self.intro.setText(
            self.tr(
                "%1 questions sur %2 thèmes. Chaque réponse est expliquée et s'appuie sur une source "
                "officielle (CNIL, Légifrance, Éduscol, académies)."
            )
            .replace("%1", str(item_count))
            .replace("%2", str(len(mastery)))
        )
        self.cbm.blockSignals(True)
        self.cbm.setChecked(cbm)
        self.cbm.blockSignals(False)
        self._fill_mastery(mastery)
        self._fill_review(due, waiting)
        self._fill_history(history)
        self._fill_pending(pending)

    def _fill_mastery(self, mastery: list[ThemeMastery]) -> None:
        current = self.themes.currentRow()
        self.themes.setRowCount(len(mastery))
        for row, entry in enumerate(mastery):
            name = QTableWidgetItem(entry.label)
            name.setData(THEME_ROLE, entry.theme)
            self.themes.setItem(row, 0, name)
            count = QTableWidgetItem(str(entry.total))
            count.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.themes.setItem(row, 1, count)
            bar = QProgressBar()
            bar.setRange(0, max(1, entry.total))
            bar.setValue(entry.mastered)
            bar.setFormat(self.tr("%1 / %2").replace("%1", str(entry.mastered)).replace("%2", str(entry.total)))
            bar.setAccessibleName(
                self.tr("Maîtrise : %1 sur %2, %3 déjà répondues")
                .replace("%1", str(entry.mastered))
                .replace("%2", str(entry.total))
                .replace("%3", str(entry.answered))
            )
            self.themes.setCellWidget(row, 2, bar)
        self.themes.setCurrentCell(max(0, current), 0)

    def _fill_review(self, due: int, waiting: int) -> None:
        if due:
            text = plural(
                due,
                self.tr("%1 question à revoir aujourd'hui."),
                self.tr("%1 questions à revoir aujourd'hui."),
            )
        elif waiting:
            text = plural(
                waiting,
                self.tr("Rien à revoir aujourd'hui ; %1 question reviendra les prochains jours."),
                self.tr("Rien à revoir aujourd'hui ; %1 questions reviendront les prochains jours."),
            ) + " " + self.tr(
                "Pour reprendre tout de suite les erreurs d'une tentative : « Refaire mes erreurs » "
                "à la fin de la tentative, ou dans Historique."
            )
        else:
            text = self.tr("Aucune question manquée à revoir. Les questions que vous manquerez apparaîtront ici.")
        if due and waiting > due:
            text += " " + plural(
                waiting - due, self.tr("%1 autre plus tard."), self.tr("%1 autres plus tard.")
            )
        self.review_label.setText(text)
        self.review_button.setEnabled(due > 0)
        self.tabs.setTabText(2, self.tr("Révision (%1)").replace("%1", str(due)) if due else self.tr("Révision"))

    def _fill_history(self, history: list[AttemptResult]) -> None:
        self.history.setRowCount(len(history))
        for row, result in enumerate(history):
            attempt = result.attempt
            theme = QUIZ_THEMES.get(attempt.theme or "", "") if attempt.mode is QuizMode.TRAINING else (
                self.tr("Tous les thèmes") if attempt.mode is QuizMode.ASSESSMENT
                else self.tr("Questions manquées") if attempt.mode is QuizMode.MISTAKES
                else self.tr("Questions à revoir")
            )  # fmt: skip
            verdict = self._verdict(result)
            score = f"{result.score.raw} / {result.score.max} ({result.score.percent} %)"
            cells = [_date(attempt), attempt.mode.label, theme, score, verdict]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(THEME_ROLE, attempt.id)
                self.history.setItem(row, column, cell)
        self.history.resizeColumnsToContents()
        self.history.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.history_empty.setVisible(not history)
        self.review_attempt_button.setEnabled(bool(history))
        if history:
            self.history.setCurrentCell(0, 0)

    def _verdict(self, result: AttemptResult) -> str:
        """Only the assessment is passed or failed; other rounds are practice."""
        mode = result.attempt.mode
        if mode is QuizMode.ASSESSMENT:
            return self.tr("Réussi") if result.passed else self.tr("Non réussi")
        if mode is QuizMode.TRAINING:
            return self.tr("Entraînement terminé")
        if mode is QuizMode.MISTAKES:
            return self.tr("Reprise terminée")
        return self.tr("Révision terminée")

    def _fill_pending(self, pending: Attempt | None) -> None:
        self.resume_box.setVisible(pending is not None)
        if pending is None:
            return
        what = pending.mode.label
        if pending.mode is QuizMode.TRAINING and pending.theme:
            what += f" « {QUIZ_THEMES.get(pending.theme, pending.theme)} »"
        # « commencé le… » agrees with « tentative », feminine whatever the mode.
        answered = len(pending.first_tries())
        self.resume_label.setText(
            self.tr("Tentative en cours — %1, commencée le %2 : %3 sur %4. Vos réponses sont enregistrées.")
            .replace("%1", what)
            .replace("%2", pending.started_at.strftime("%d/%m/%Y à %H:%M"))
            .replace("%3", plural(answered, self.tr("%1 réponse"), self.tr("%1 réponses")))
            .replace("%4", str(len(pending.item_ids)))
        )

    # -- actions ---------------------------------------------------------------------------

    @Slot()
    def _start_training(self) -> None:
        row = self.themes.currentRow()
        if row < 0:
            return
        self.trainingRequested.emit(self.themes.item(row, 0).data(THEME_ROLE))

    @Slot()
    def _start_assessment(self) -> None:
        text = self.seed_edit.text().strip()
        self.assessmentRequested.emit(int(text) if text else None)

    def _open_attempt(self, index) -> None:  # type: ignore[no-untyped-def]
        if not index.isValid():
            return
        item = self.history.item(index.row(), 0)
        if item is not None:
            self.attemptRequested.emit(item.data(THEME_ROLE))

    def focus_default(self) -> None:
        if self.resume_box.isVisible():
            self.resume_button.setFocus()
        else:
            self.tabs.currentWidget().setFocus()
            if self.tabs.currentIndex() == 0:
                self.themes.setFocus()
