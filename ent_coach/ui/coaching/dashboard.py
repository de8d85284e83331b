"""The séance dashboard: who is where in the plan, who needs help, what the group missed.

Made for a tutor in front of a room: a sortable, filterable matrix (participants × plan
items), the « besoin d'aide » rule in plain words, completion and score charts, the most
missed questions, a participant's detail, and a projector mode (large type, no names).
The view only shows a ``Dashboard`` it is given; loading and exporting belong to the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.coaching import NEEDS_HELP_RULES, Dashboard, MissedItem
from ent_coach.domain.pathways import StepKind
from ent_coach.domain.quiz.model import QuizItem
from ent_coach.domain.text import plural
from ent_coach.ui.coaching.charts import CompletionChart, ScoreHistogram, completion_bars
from ent_coach.ui.coaching.matrix_model import (
    ROW_ROLE,
    MatrixFilter,
    MatrixModel,
    NameMode,
    RowFilter,
)
from ent_coach.ui.coaching.participant import ParticipantDialog, QuestionDialog
from ent_coach.ui.widgets import RoomyTabBar, muted_label, scoped_shortcut

PROJECTOR_SCALE = 1.6
MISSED_ROLE = Qt.ItemDataRole.UserRole
# The widest text an item cell usually shows; the column is sized for it.
_WIDEST_CELL = "Besoin d'aide · 100 %"


def _plural(count: int, one: str, many: str) -> str:
    return (one if count <= 1 else many).replace("%1", str(count))


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone() if moment.tzinfo is not None else moment


class ShareSplitter(QSplitter):
    """The matrix above, the charts below, each keeping its share of the height whatever the
    window's size: the matrix first (it is what the tutor watches), more of it when projected
    (the room watches it). A share the tutor sets by dragging the handle is kept, one for
    each mode."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self._shares = {False: 0.7, True: 0.8}  # normal, projected
        self._projecting = False
        self.splitterMoved.connect(self._remember_share)

    def matrix_share(self) -> float:
        return self._shares[self._projecting]

    def set_projecting(self, on: bool) -> None:
        self._projecting = on
        self._apply_share()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_share()

    def _apply_share(self) -> None:
        total = sum(self.sizes())
        if total > 0 and self.count() == 2:
            first = round(total * self._shares[self._projecting])
            self.setSizes([first, total - first])

    @Slot(int, int)
    def _remember_share(self, _position: int, _index: int) -> None:
        sizes = self.sizes()
        if sum(sizes) > 0:
            self._shares[self._projecting] = sizes[0] / sum(sizes)


class DashboardView(QWidget):
    """Shows one séance's dashboard. ``question_lookup(item_id)`` gives a quiz item from the
    bank already loaded (or ``None`` when this version of the application lacks it)."""

    anonymisedChanged = Signal(bool)
    projectorModeChanged = Signal(bool)
    # The tutor asks to take a participant out of the séance: (pseudonym, label on screen).
    # Never while projecting: the room would see the question.
    removalRequested = Signal(str, str)

    def __init__(
        self, parent: QWidget, *, question_lookup: Callable[[str], QuizItem | None]
    ) -> None:
        super().__init__(parent)
        self._lookup = question_lookup
        self._dashboard: Dashboard | None = None
        self._projector = False
        self._anonymised_before_projection = False
        self._dialog: QDialog | None = None

        self.model = MatrixModel(self)
        self.proxy = MatrixFilter(self)
        self.proxy.setSourceModel(self.model)

        self.stack = QStackedWidget(self)
        self.empty_hint = QLabel(self)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setEnabled(False)  # muted, in both palettes
        self.content = QWidget(self)
        self.stack.addWidget(self.empty_hint)
        self.stack.addWidget(self.content)
        self._build_content()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.initials_button.hide()
        self.numbers_button.hide()
        self.set_dashboard(None)

    # -- building --------------------------------------------------------------------------

    def _build_content(self) -> None:
        self.summary = QLabel(self.content)
        self.summary.setWordWrap(True)
        bold = QFont()
        bold.setBold(True)  # only the weight is set: the size still follows projector mode
        self.summary.setFont(bold)
        self.generated = muted_label("", self.content)
        self.generated.setWordWrap(True)

        self.anonymise_button = QPushButton(self.tr("Masquer les &noms"), self.content)
        self.anonymise_button.setCheckable(True)
        self.anonymise_button.setToolTip(
            self.tr(
                "Remplace les noms par « Participant 1 », « Participant 2 »… comme dans l'export anonymisé."
            )
        )
        self.anonymise_button.toggled.connect(self._on_anonymise_toggled)
        self.projector_button = QPushButton(self.tr("Mode pro&jection"), self.content)
        self.projector_button.setCheckable(True)
        self.projector_button.setToolTip(
            self.tr(
                "Grands caractères pour le vidéoprojecteur ; les noms sont remplacés par des initiales ou des numéros."
            )
        )
        self.projector_button.toggled.connect(self.set_projector_mode)
        self.initials_button = QPushButton(self.tr("Initiales"), self.content)
        self.numbers_button = QPushButton(self.tr("Numéros"), self.content)
        self.initials_button.setToolTip(
            self.tr("En projection, montrer les initiales des participants")
        )
        self.numbers_button.setToolTip(
            self.tr("En projection, montrer « Participant 1 », « Participant 2 »…")
        )
        self.label_group = QButtonGroup(self)
        self.label_group.setExclusive(True)
        for button in (self.initials_button, self.numbers_button):
            button.setCheckable(True)
            self.label_group.addButton(button)
        self.initials_button.setChecked(True)
        self.label_group.buttonToggled.connect(self._on_label_choice)

        toggles = QHBoxLayout()
        toggles.addWidget(self.generated, 1)
        toggles.addWidget(self.anonymise_button)
        toggles.addWidget(self.projector_button)
        toggles.addWidget(self.initials_button)
        toggles.addWidget(self.numbers_button)

        self.rule = muted_label(
            self.tr("« Besoin d'aide » signale %1").replace("%1", " ".join(NEEDS_HELP_RULES)),
            self.content,
        )

        self.filter_edit = QLineEdit(self.content)
        self.filter_edit.setPlaceholderText(self.tr("Filtrer les participants"))
        self.filter_edit.setAccessibleName(self.tr("Filtrer les participants"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(self.filter_edit.fontMetrics().horizontalAdvance("M") * 12)
        self.filter_edit.textChanged.connect(self._on_filter_text)
        self.filter_combo = QComboBox(self.content)
        self.filter_combo.setAccessibleName(self.tr("Participants à afficher"))
        for label, value in (
            (self.tr("Tous"), RowFilter.ALL),
            (self.tr("Besoin d'aide"), RowFilter.NEEDS_HELP),
            (self.tr("Pas encore commencé"), RowFilter.NOT_STARTED),
        ):
            self.filter_combo.addItem(label, value.value)
        self.filter_combo.setToolTip(
            self.tr("« Pas encore commencé » : aucun élément du plan commencé.")
        )
        self.filter_combo.currentIndexChanged.connect(self._on_filter_combo)
        show_label = QLabel(self.tr("&Afficher :"), self.content)
        show_label.setBuddy(self.filter_combo)
        self.shown_count = muted_label("", self.content)
        self.shown_count.setWordWrap(False)
        self.detail_button = QPushButton(self.tr("&Détail du participant…"), self.content)
        self.detail_button.clicked.connect(self._open_current_participant)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 2)
        filters.addWidget(show_label)
        filters.addWidget(self.filter_combo)
        filters.addWidget(self.shown_count, 1)
        filters.addWidget(self.detail_button)

        self.table = QTableView(self.content)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Tableau de suivi des participants"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # import order until asked
        self.table.setSortingEnabled(True)
        self.table.activated.connect(self._open_participant)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._matrix_menu)
        scoped_shortcut(
            QKeySequence.StandardKey.Delete, self.table, self._request_removal_of_current,
            Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.table.selectionModel().currentRowChanged.connect(self._update_detail_button)

        self.tabs = QTabWidget(self.content)
        self.tabs.setTabBar(RoomyTabBar(self.tabs))
        self.tabs.addTab(self._completion_tab(), self.tr("Avancement par élément"))
        self.tabs.addTab(self._scores_tab(), self.tr("Scores à l'évaluation"))
        self.tabs.addTab(self._missed_tab(), self.tr("Questions les plus manquées"))

        self.splitter = ShareSplitter(self.content)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.tabs)
        self.splitter.setChildrenCollapsible(False)
        self._fit_charts_minimum()

        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(toggles)
        layout.addWidget(self.rule)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        QWidget.setTabOrder(self.filter_edit, self.filter_combo)
        QWidget.setTabOrder(self.filter_combo, self.detail_button)
        QWidget.setTabOrder(self.detail_button, self.table)
        QWidget.setTabOrder(self.table, self.tabs)
        self._leave_shortcut = scoped_shortcut(
            Qt.Key.Key_Escape, self, lambda: self.set_projector_mode(False)
        )
        self._leave_shortcut.setEnabled(False)

    def _fit_charts_minimum(self) -> None:
        # The charts may shrink to their tab bar and about three lines (each tab scrolls):
        # their own minimum, that of the missed-questions list, left the matrix two rows in
        # a small window.
        lines = self.tabs.fontMetrics().height() * 3
        self.tabs.setMinimumHeight(self.tabs.tabBar().sizeHint().height() + lines)

    def _completion_tab(self) -> QWidget:
        self.completion_chart = CompletionChart(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.completion_chart)
        return scroll

    def _scores_tab(self) -> QWidget:
        tab = QWidget(self)
        self.histogram = ScoreHistogram(tab)
        self.scores_note = muted_label("", tab)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.histogram)
        layout.addWidget(self.scores_note)
        layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(tab)
        return scroll

    def _missed_tab(self) -> QWidget:
        tab = QWidget(self)
        self.missed_list = QTreeWidget(tab)
        self.missed_list.setRootIsDecorated(False)
        self.missed_list.setUniformRowHeights(True)
        self.missed_list.setAlternatingRowColors(True)
        self.missed_list.setAccessibleName(self.tr("Questions les plus manquées"))
        self.missed_list.setHeaderLabels(
            [self.tr("Question"), self.tr("Bonnes réponses"), self.tr("Réponses")]
        )
        self.missed_list.header().setStretchLastSection(False)
        self.missed_list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            self.missed_list.header().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.missed_list.itemActivated.connect(self._open_question)
        self.missed_note = muted_label(
            self.tr(
                "Part de bonnes réponses au premier essai de l'évaluation de la séance. "
                "Double-cliquez ou appuyez sur Entrée pour voir la question et son explication."
            ),
            tab,
        )
        layout = QVBoxLayout(tab)
        layout.addWidget(self.missed_list, 1)
        layout.addWidget(self.missed_note)
        return tab

    # -- public API ------------------------------------------------------------------------

    def set_dashboard(self, dashboard: Dashboard | None) -> None:
        self._dashboard = dashboard
        self._close_dialog()
        if dashboard is None or not dashboard.rows:
            self.empty_hint.setText(self._empty_text(dashboard))
            self.stack.setCurrentWidget(self.empty_hint)
            self.model.set_dashboard(None, self._name_mode())
            self._update_shown_count()
            return
        self.model.set_dashboard(dashboard, self._name_mode())
        self.summary.setText(self._summary_text(dashboard))
        self.generated.setText(
            self.tr("Calculé le %1").replace(
                "%1", _local(dashboard.generated_at).strftime("%d/%m/%Y à %H:%M")
            )
        )
        self.completion_chart.set_bars(completion_bars(dashboard))
        has_assessment = any(item.kind is StepKind.QUIZ_ASSESSMENT for item in dashboard.plan.items)
        self.histogram.set_bins(dashboard.score_bins)
        self.histogram.setVisible(has_assessment)
        self.scores_note.setText(
            self.tr(
                "Meilleur score de chaque participant à l'évaluation de la séance, par tranche de 10 %."
            )
            if has_assessment
            else self.tr("Le plan de cette séance ne comporte pas d'évaluation du quiz.")
        )
        self._fill_missed(dashboard, has_assessment)
        self._fit_columns()
        self._update_shown_count()
        self._update_detail_button()
        self.stack.setCurrentWidget(self.content)

    def dashboard(self) -> Dashboard | None:
        return self._dashboard

    def anonymised(self) -> bool:
        """Names hidden: by the « Masquer les noms » toggle, or by projector mode."""
        return self._name_mode() is not NameMode.NAMES

    def set_anonymised(self, on: bool) -> None:
        if self._projector:
            # Projection always hides names; the choice applies again when it ends.
            self._anonymised_before_projection = on
            return
        self.anonymise_button.setChecked(on)

    def projector_mode(self) -> bool:
        return self._projector

    @Slot(bool)
    def set_projector_mode(self, on: bool) -> None:
        if on == self._projector:
            return
        was_anonymised = self.anonymised()
        self._projector = on
        self.projector_button.setChecked(on)
        if on:
            self._anonymised_before_projection = self.anonymise_button.isChecked()
            self.anonymise_button.blockSignals(True)
            self.anonymise_button.setChecked(True)
            self.anonymise_button.blockSignals(False)
            big = QFont()  # only the size is set: everything else still follows the application
            big.setPointSizeF(self._base_point_size() * PROJECTOR_SCALE)
            self.setFont(big)
        else:
            self.anonymise_button.blockSignals(True)
            self.anonymise_button.setChecked(self._anonymised_before_projection)
            self.anonymise_button.blockSignals(False)
            self.setFont(QFont())  # an empty font: inherit everything again
        self.anonymise_button.setEnabled(not on)
        self.projector_button.setText(
            self.tr("Quitter la pro&jection (Échap)") if on else self.tr("Mode pro&jection")
        )
        self._leave_shortcut.setEnabled(on)
        self.initials_button.setVisible(on)
        self.numbers_button.setVisible(on)
        self.detail_button.setVisible(not on)  # Entrée still opens it; the room needs no button
        self.model.set_name_mode(self._name_mode())
        self._fit_columns()
        self._update_shown_count()
        self._fit_charts_minimum()
        self.splitter.set_projecting(on)
        self.projectorModeChanged.emit(on)
        if self.anonymised() != was_anonymised:
            self.anonymisedChanged.emit(self.anonymised())

    def name_mode(self) -> NameMode:
        return self._name_mode()

    def set_projector_labels(self, mode: NameMode) -> None:
        """Initials or numbers while projecting."""
        (self.numbers_button if mode is NameMode.NUMBERS else self.initials_button).setChecked(True)

    # -- slots -----------------------------------------------------------------------------

    @Slot(bool)
    def _on_anonymise_toggled(self, on: bool) -> None:
        if self._projector:
            return
        self.model.set_name_mode(self._name_mode())
        self._fit_columns()
        self._update_shown_count()
        self.anonymisedChanged.emit(on)

    @Slot()
    def _on_label_choice(self) -> None:
        if self._projector:
            self.model.set_name_mode(self._name_mode())
            self._fit_columns()

    @Slot(str)
    def _on_filter_text(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_shown_count()

    @Slot(int)
    def _on_filter_combo(self, _index: int) -> None:
        self.proxy.set_row_filter(RowFilter(self.filter_combo.currentData()))
        self._update_shown_count()

    @Slot(QModelIndex)
    def _open_participant(self, index: QModelIndex) -> None:
        if not index.isValid() or self._dashboard is None:
            return
        source_row = int(self.proxy.data(index, ROW_ROLE))
        row = self.model.participant_row(source_row)
        if row is None:
            return
        label = self.model.label(source_row)
        dialog = ParticipantDialog(
            self,
            dashboard=self._dashboard,
            row=row,
            label=label,
            question_lookup=self._lookup,
            removable=not self._projector,
        )
        pseudonym = row.participant.pseudonym
        dialog.removeRequested.connect(lambda: self.removalRequested.emit(pseudonym, label))
        self._show_dialog(dialog)

    @Slot()
    def _request_removal_of_current(self) -> None:
        index = self.table.currentIndex()
        if self._projector or not index.isValid() or self._dashboard is None:
            return
        source_row = int(self.proxy.data(index, ROW_ROLE))
        row = self.model.participant_row(source_row)
        if row is not None:
            self.removalRequested.emit(row.participant.pseudonym, self.model.label(source_row))

    @Slot(QPoint)
    def _matrix_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        self.table.setCurrentIndex(index)
        menu = QMenu(self.table)
        menu.addAction(self.tr("&Détail du participant…"), self._open_current_participant)
        remove = menu.addAction(self.tr("&Retirer de la séance…"), self._request_removal_of_current)
        remove.setEnabled(not self._projector)
        menu.exec(self.table.viewport().mapToGlobal(position))

    @Slot()
    def _open_current_participant(self) -> None:
        self._open_participant(self.table.currentIndex())

    @Slot()
    def _update_detail_button(self) -> None:
        self.detail_button.setEnabled(self.table.currentIndex().isValid())

    @Slot(QTreeWidgetItem, int)
    def _open_question(self, item: QTreeWidgetItem, _column: int) -> None:
        missed = item.data(0, MISSED_ROLE)
        if not isinstance(missed, MissedItem):
            return
        self._show_dialog(QuestionDialog(self, missed=missed, item=self._lookup(missed.item_id)))

    # -- helpers ---------------------------------------------------------------------------

    def _name_mode(self) -> NameMode:
        if self._projector:
            return NameMode.NUMBERS if self.numbers_button.isChecked() else NameMode.INITIALS
        return NameMode.NUMBERS if self.anonymise_button.isChecked() else NameMode.NAMES

    def _base_point_size(self) -> float:
        parent = self.parentWidget()
        size = (parent.font() if parent is not None else QFont()).pointSizeF()
        return size if size > 0 else 10.0

    def _show_dialog(self, dialog: QDialog) -> None:
        self._close_dialog()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._forget_dialog)
        self._dialog = dialog
        dialog.open()

    @Slot()
    def _forget_dialog(self) -> None:
        self._dialog = None

    def _close_dialog(self) -> None:
        if self._dialog is not None:
            self._dialog.close()
            self._dialog = None

    def open_dialog(self) -> QDialog | None:
        """The participant or question dialog currently open (for the page and for tests)."""
        return self._dialog

    def _empty_text(self, dashboard: Dashboard | None) -> str:
        if dashboard is None:
            return self.tr(
                "Aucun tableau de bord à afficher pour l'instant.\n"
                "Choisissez une séance et importez les fichiers de progression des participants."
            )
        return self.tr(
            "Aucune progression importée pour la séance « %1 ».\n"
            "Importez les fichiers envoyés par les participants pour voir qui avance et qui bloque."
        ).replace("%1", dashboard.plan.title)

    def _summary_text(self, dashboard: Dashboard) -> str:
        people = _plural(len(dashboard.rows), self.tr("%1 participant"), self.tr("%1 participants"))
        items = _plural(len(dashboard.plan.items), self.tr("%1 élément"), self.tr("%1 éléments"))
        helped = sum(1 for row in dashboard.rows if row.needs_help)
        if helped == 0:
            help_text = self.tr("personne n'a besoin d'aide")
        else:
            help_text = _plural(
                helped, self.tr("%1 a besoin d'aide"), self.tr("%1 ont besoin d'aide")
            )
        return f"{people} · {items} · {help_text}"

    def _fill_missed(self, dashboard: Dashboard, has_assessment: bool) -> None:
        self.missed_list.clear()
        for missed in dashboard.missed:
            row = QTreeWidgetItem(
                [missed.question, f"{missed.percent_correct} %", str(missed.answered)]
            )
            row.setData(0, MISSED_ROLE, missed)
            row.setToolTip(0, missed.question)
            for column in (1, 2):
                row.setTextAlignment(
                    column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
            self.missed_list.addTopLevelItem(row)
        if not has_assessment:
            self.missed_note.setText(
                self.tr("Le plan de cette séance ne comporte pas d'évaluation du quiz.")
            )
        elif not dashboard.missed:
            self.missed_note.setText(
                self.tr("Aucune réponse à l'évaluation de la séance pour l'instant.")
            )
        else:
            self.missed_note.setText(
                self.tr(
                    "Part de bonnes réponses au premier essai de l'évaluation de la séance. "
                    "Double-cliquez ou appuyez sur Entrée pour voir la question et son explication."
                )
            )
        if self.missed_list.topLevelItemCount():
            self.missed_list.setCurrentItem(self.missed_list.topLevelItem(0))

    def _fit_columns(self) -> None:
        """Sizes from font metrics, computed once: never from the 300 × 40 cells' contents."""
        if self.model.columnCount() == 0:
            return
        metrics = QFontMetrics(self.table.font())
        icon = metrics.height()
        self.table.setIconSize(
            self.table.iconSize().scaled(icon, icon, Qt.AspectRatioMode.KeepAspectRatio)
        )
        self.table.verticalHeader().setDefaultSectionSize(int(metrics.height() * 1.7))
        padding = 3 * metrics.averageCharWidth()
        labels = [self.model.label(row) for row in range(self.model.rowCount())]
        name_width = max((metrics.horizontalAdvance(label) for label in labels), default=0)
        name_width = max(name_width, metrics.horizontalAdvance(self.model.header_texts()[0]))
        header = self.table.horizontalHeader()
        header.resizeSection(0, min(name_width + padding, 24 * metrics.averageCharWidth()))
        cell_width = metrics.horizontalAdvance(_WIDEST_CELL) + icon + padding
        for column in range(1, self.model.item_count + 1):
            header.resizeSection(column, cell_width)
        for column in (self.model.done_column(), self.model.time_column()):
            text = self.model.header_texts()[column]
            header.resizeSection(
                column,
                max(metrics.horizontalAdvance(text), metrics.horizontalAdvance("10 h 00 min"))
                + padding,
            )

    def _update_shown_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if total == shown:
            self.shown_count.setText("")
        else:
            self.shown_count.setText(
                plural(shown, self.tr("%n affiché sur %2"), self.tr("%n affichés sur %2")).replace(
                    "%2", str(total)
                )
            )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_columns()
