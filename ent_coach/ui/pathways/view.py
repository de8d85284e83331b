"""One pathway: its goal, the follow button, progress, the steps with their state and time
spent, and « Continuer ».

Signals (the page acts on them):
- ``backRequested()`` — back to the catalogue;
- ``followRequested(bool)`` — follow (True) or stop following (False) this pathway;
- ``stepRequested(str)`` — open that step (its id); only emitted for a step that can be opened;
- ``attestationRequested()`` — produce the attestation of this pathway.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.pathways import PathwayOrder, PathwayProgress, StepProgress, StepState
from ent_coach.ui.pathways import texts
from ent_coach.ui.widgets import heading_label, muted_label, scoped_shortcut

if TYPE_CHECKING:
    from ent_coach.services.pathways import PathwayOverview, StepTime

ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = 6
NUMBER, TITLE, KIND, MINUTES, STATE, SPENT = range(COLUMNS)



class _WrappedTitleDelegate(QStyledItemDelegate):
    """Measures a title wrapped at its column's width (QTreeView asks without the width)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        style = self._tree.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self._tree) + 1
        width = self._tree.header().sectionSize(index.column()) - 2 * margin
        if width <= 0:
            return size
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        bounds = option.fontMetrics.boundingRect(
            QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(size.width(), max(size.height(), bounds.height() + 2 * margin))

class PathwayView(QWidget):
    backRequested = Signal()
    followRequested = Signal(bool)
    stepRequested = Signal(str)
    attestationRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overview: PathwayOverview | None = None
        self.times: dict[str, StepTime] = {}

        self.back_button = QPushButton(self.tr("← &Tous les parcours"), self)
        self.back_button.setToolTip(self.tr("Revenir à la liste des parcours (Alt+Flèche gauche)"))
        self.back_button.clicked.connect(self.backRequested)
        scoped_shortcut("Alt+Left", self, self.backRequested.emit)
        self.title = heading_label("", level=1, parent=self)
        self.goal = QLabel(self)
        self.goal.setWordWrap(True)
        self.meta = muted_label("", self)

        self.follow_button = QPushButton(self)
        self.follow_button.clicked.connect(self._toggle_follow)
        self.attestation_button = QPushButton(self)
        self.attestation_button.clicked.connect(self.attestationRequested)

        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setAccessibleName(self.tr("Progression dans le parcours"))
        self.progress_label = QLabel(self)
        self.progress_label.setWordWrap(True)

        self.next_label = QLabel(self)
        self.next_label.setWordWrap(True)
        self.continue_button = QPushButton(self.tr("&Continuer"), self)
        self.continue_button.setAutoDefault(True)
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self._continue)

        self.steps = QTreeWidget(self)
        self.steps.setAccessibleName(self.tr("Étapes du parcours"))
        self.steps.setColumnCount(COLUMNS)
        self.steps.setHeaderLabels(
            [self.tr("N°"), self.tr("Étape"), self.tr("Type"), self.tr("Durée"),
             self.tr("État"), self.tr("Temps passé")]
        )  # fmt: skip
        self.steps.setRootIsDecorated(False)
        # Long step titles wrap onto a second line rather than being cut in a small window.
        self.steps.setUniformRowHeights(False)
        self.steps.setWordWrap(True)
        self.steps.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.steps.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.steps.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.steps.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (NUMBER, KIND, MINUTES, STATE, SPENT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # A tree computes row heights once, without the column's width: the title column's
        # delegate measures the wrapped title at that width, and the rows are laid out again
        # when the column changes width, so a long title gets its second line.
        self.steps.setItemDelegateForColumn(TITLE, _WrappedTitleDelegate(self.steps))
        header.sectionResized.connect(self._title_resized)
        self.steps.itemActivated.connect(self._open_item)
        self.status = QLabel(self)
        self.status.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        top.addWidget(self.attestation_button)
        top.addWidget(self.follow_button)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_bar, 1)
        progress_row.addWidget(self.progress_label, 2)
        next_row = QHBoxLayout()
        next_row.addWidget(self.next_label, 1)
        next_row.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.goal)
        layout.addWidget(self.meta)
        layout.addLayout(progress_row)
        layout.addLayout(next_row)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.status)
        self.setTabOrder(self.continue_button, self.steps)

    # -- showing -------------------------------------------------------------------------

    @property
    def pathway_id(self) -> str | None:
        return self.overview.pathway.id if self.overview is not None else None

    @property
    def progress(self) -> PathwayProgress | None:
        return self.overview.progress if self.overview is not None else None

    def show_overview(self, overview: PathwayOverview, times: dict[str, StepTime]) -> None:
        same = self.pathway_id == overview.pathway.id
        current = self._current_step_id() if same else None
        self.overview, self.times = overview, times
        pathway = overview.pathway
        self.title.setText(pathway.title)
        self.title.setAccessibleName(pathway.title)
        self.goal.setText(pathway.goal)
        order = (
            self.tr("étapes dans l'ordre de votre choix")
            if pathway.order is PathwayOrder.FREE
            else self.tr("étapes dans l'ordre")
        )
        roles = ", ".join(role.label for role in pathway.roles)
        self.meta.setText(
            " · ".join(
                (
                    texts.about(pathway.duration_minutes).capitalize(),
                    texts.steps_count(len(pathway.steps)),
                    order,
                    self.tr("pour : %1").replace("%1", roles),
                )
            )
        )
        self.follow_button.setText(
            self.tr("&Ne plus suivre") if overview.followed else self.tr("&Suivre ce parcours")
        )
        self.follow_button.setToolTip(
            self.tr("Vos cases cochées et vos notes sont conservées.") if overview.followed else ""
        )
        self.show_progress(overview.progress)
        if current is not None:
            self._select(current)
        self.status.clear()

    def show_progress(self, progress: PathwayProgress) -> None:
        """Redraw progress and steps (after ticking an activity, without reloading the rest)."""
        if self.overview is not None and self.overview.progress is not progress:
            self.overview = replace(self.overview, progress=progress)
        followed = self.overview is not None and self.overview.followed
        self.progress_bar.setValue(progress.percent_steps)
        self.progress_bar.setFormat(self.tr("%p %"))
        self.progress_label.setText(texts.progress_summary(progress))
        self.attestation_button.setVisible(followed)
        self.attestation_button.setText(
            self.tr("&Attestation de suivi…") if progress.completed else self.tr("&Aperçu de l'attestation…")
        )
        nxt = progress.next_step
        if nxt is None:
            self.next_label.setText(
                self.tr("Bravo : vous avez terminé toutes les étapes de ce parcours.")
                if progress.completed
                else self.tr("Aucune étape disponible pour l'instant.")
            )
        else:
            self.next_label.setText(
                self.tr("Prochaine étape : %1 (%2, %3)")
                .replace("%1", nxt.step.title)
                .replace("%2", texts.kind_label(nxt.step.kind).lower())
                .replace("%3", texts.clock(nxt.step.minutes))
            )
        self.continue_button.setEnabled(nxt is not None)
        self.continue_button.setToolTip(
            self.tr("Ouvrir la prochaine étape (Entrée)")
            if followed or nxt is None
            else self.tr("Commence à suivre ce parcours et ouvre sa première étape (Entrée)")
        )
        self._fill_steps(progress)

    def _fill_steps(self, progress: PathwayProgress) -> None:
        current = self._current_step_id()
        self.steps.clear()
        blocker: StepProgress | None = None
        for number, step_progress in enumerate(progress.steps, start=1):
            step = step_progress.step
            state = step_progress.state
            time = self.times.get(step.id)
            item = QTreeWidgetItem(
                [
                    str(number),
                    step.title,
                    texts.kind_label(step.kind),
                    texts.clock(step.minutes),
                    f"{texts.STATE_MARKS[state]} {texts.state_label(state)}",
                    texts.spent(time.seconds) if time is not None else "—",
                ]
            )
            item.setData(NUMBER, ID_ROLE, step.id)
            item.setTextAlignment(NUMBER, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(TITLE, step.title)
            item.setToolTip(STATE, self._state_tip(step_progress, blocker))
            if state is StepState.UNAVAILABLE:
                item.setForeground(TITLE, self.palette().placeholderText())
            self.steps.addTopLevelItem(item)
            if state not in (StepState.DONE, StepState.UNAVAILABLE) and blocker is None:
                blocker = step_progress
        self._select(current or (progress.next_step.step.id if progress.next_step else None))

    def _state_tip(self, progress: StepProgress, blocker: StepProgress | None) -> str:
        match progress.state:
            case StepState.LOCKED:
                title = blocker.step.title if blocker is not None else ""
                return self.tr(
                    "À venir : ce parcours se suit dans l'ordre, terminez d'abord l'étape « %1 ». "
                    "Ce que vous faites déjà ailleurs dans l'application compte quand même."
                ).replace("%1", title)
            case StepState.UNAVAILABLE:
                return self.tr(
                    "Indisponible : le contenu de cette étape n'est plus installé. Elle ne compte "
                    "pas dans la progression."
                )
            case StepState.DONE:
                time = self.times.get(progress.step.id)
                if time is not None and time.completed_at is not None:
                    return self.tr("Terminée le %1").replace("%1", texts.french_date(time.completed_at))
                return self.tr("Terminée")
            case StepState.IN_PROGRESS:
                if progress.score is not None:
                    return self.tr("Commencée · meilleur score : %1").replace("%1", texts.percent(progress.score))
                return self.tr("Commencée, pas encore terminée")
        return self.tr("À faire")

    def _current_step_id(self) -> str | None:
        item = self.steps.currentItem()
        return item.data(NUMBER, ID_ROLE) if item is not None else None

    def _select(self, step_id: str | None) -> None:
        for row in range(self.steps.topLevelItemCount()):
            item = self.steps.topLevelItem(row)
            if item.data(NUMBER, ID_ROLE) == step_id:
                self.steps.setCurrentItem(item)
                return
        if self.steps.topLevelItemCount():
            self.steps.setCurrentItem(self.steps.topLevelItem(0))

    def step_item(self, step_id: str) -> QTreeWidgetItem | None:
        for row in range(self.steps.topLevelItemCount()):
            item = self.steps.topLevelItem(row)
            if item.data(NUMBER, ID_ROLE) == step_id:
                return item
        return None

    def focus_default(self) -> None:
        if self.continue_button.isEnabled():
            self.continue_button.setFocus()
        else:
            self.steps.setFocus()

    # -- acting --------------------------------------------------------------------------

    @Slot()
    def _toggle_follow(self) -> None:
        if self.overview is not None:
            self.followRequested.emit(not self.overview.followed)

    @Slot()
    def _continue(self) -> None:
        progress = self.progress
        if progress is not None and progress.next_step is not None:
            self.stepRequested.emit(progress.next_step.step.id)

    @Slot(int, int, int)
    def _title_resized(self, column: int, _old: int, _new: int) -> None:
        if column == TITLE:
            self.steps.doItemsLayout()

    @Slot(QTreeWidgetItem, int)
    def _open_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.open_step(item.data(NUMBER, ID_ROLE))

    def open_step(self, step_id: str) -> bool:
        """Ask to open ``step_id``; a locked or unavailable step says why instead."""
        progress = self.progress.of(step_id) if self.progress is not None else None
        if progress is None:
            return False
        if progress.state is StepState.LOCKED:
            self.status.setText(
                self.tr("Cette étape vient plus tard : ce parcours se suit dans l'ordre, terminez d'abord les précédentes.")
            )
            return False
        if progress.state is StepState.UNAVAILABLE:
            self.status.setText(
                self.tr("Cette étape n'est plus disponible : son contenu a été retiré de cette version.")
            )
            return False
        self.status.clear()
        self.stepRequested.emit(step_id)
        return True
