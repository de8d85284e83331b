"""Tutorial library: browse by theme and audience, filter by status, sort, open."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.taxonomy import LEVELS, ROLE_LABELS, THEMES, Role
from ent_coach.domain.text import fold, format_duration, plural
from ent_coach.domain.tutorials import Tutorial, TutorialStatus
from ent_coach.services.library import TutorialState
from ent_coach.ui.context import AppContext
from ent_coach.ui.hub import Changes
from ent_coach.ui.ops import QueryOp
from ent_coach.ui.widgets import heading_label, muted_label

ANY = ""
TUTORIAL_ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class TutorialTableModel(QAbstractTableModel):
    """Rows are tutorials, with the current profile's reading state.

    Attributes:
        _tutorials: the library, in content order.
        _states: reading state by tutorial id; empty until the first query returns.
    """

    COLUMNS = ("Titre", "Thèmes", "Durée", "Niveau", "État")
    TITLE, THEMES_COL, DURATION, LEVEL, STATUS = range(5)

    def __init__(self, tutorials: list[Tutorial], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tutorials = tutorials
        self._states: dict[str, TutorialState] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._tutorials)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def status_of(self, tutorial_id: str) -> str:
        state = self._states.get(tutorial_id)
        return state.status if state else TutorialStatus.NEW

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        tutorial = self._tutorials[index.row()]
        column = index.column()
        if role == TUTORIAL_ID_ROLE:
            return tutorial.id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TITLE:
                return tutorial.title
            if column == self.THEMES_COL:
                return ", ".join(THEMES[t] for t in tutorial.themes)
            if column == self.DURATION:
                return f"{tutorial.duration_minutes} min"
            if column == self.LEVEL:
                return LEVELS[tutorial.level]
            if column == self.STATUS:
                return TutorialStatus.LABELS[self.status_of(tutorial.id)]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TITLE:
            return tutorial.summary
        if role == Qt.ItemDataRole.ToolTipRole and column == self.STATUS:
            state = self._states.get(tutorial.id)
            if state and state.time_spent_seconds:
                return self.tr("Temps de lecture : %1").replace(
                    "%1", format_duration(state.time_spent_seconds)
                )
        if role == SORT_ROLE:
            if column == self.TITLE:
                return fold(tutorial.title)
            if column == self.DURATION:
                return tutorial.duration_minutes
            if column == self.LEVEL:
                return list(LEVELS).index(tutorial.level)
            if column == self.STATUS:
                order = [TutorialStatus.IN_PROGRESS, TutorialStatus.NEW, TutorialStatus.COMPLETED]
                return order.index(self.status_of(tutorial.id))
            return fold(self.data(index, Qt.ItemDataRole.DisplayRole) or "")
        return None

    def tutorial_at(self, row: int) -> Tutorial:
        return self._tutorials[row]

    def set_states(self, states: dict[str, TutorialState]) -> None:
        """New reading states; the filter proxy re-evaluates rows when the page re-filters."""
        self._states = states
        if self._tutorials:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._tutorials) - 1, len(self.COLUMNS) - 1)
            )


class TutorialFilterModel(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = ANY
        self.audience = ANY
        self.status = ANY
        self.text = ""
        self.setSortRole(SORT_ROLE)

    def set_filters(self, *, theme: str, audience: str, status: str, text: str) -> None:
        self.beginFilterChange()
        self.theme, self.audience, self.status, self.text = theme, audience, status, fold(text.strip())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model: TutorialTableModel = self.sourceModel()  # type: ignore[assignment]
        tutorial = model.tutorial_at(source_row)
        if self.theme and self.theme not in tutorial.themes:
            return False
        if self.audience and self.audience not in tutorial.audiences:
            return False
        if self.status and model.status_of(tutorial.id) != self.status:
            return False
        return not self.text or self.text in fold(f"{tutorial.title} {tutorial.summary}")


class LibraryPage(QWidget):
    openTutorialRequested = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model = TutorialTableModel(context.tutorials, self)
        self.proxy = TutorialFilterModel(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filtrer par titre…"))
        self.filter_edit.setAccessibleName(self.tr("Filtrer les tutoriels par titre"))
        self.filter_edit.setClearButtonEnabled(True)
        self.theme_combo = self._combo(self.tr("Thème"), self.tr("Tous les thèmes"), THEMES)
        self.audience_combo = self._combo(
            self.tr("Public"), self.tr("Tous les publics"),
            {role.value: label for role, label in ROLE_LABELS.items()},
        )  # fmt: skip
        self.status_combo = self._combo(self.tr("État"), self.tr("Tous les états"), TutorialStatus.LABELS)
        for combo in (self.theme_combo, self.audience_combo, self.status_combo):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.filter_edit.textChanged.connect(self._apply_filters)

        self.view = QTreeView()
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.setUniformRowHeights(True)
        self.view.setAccessibleName(self.tr("Liste des tutoriels"))
        self.view.sortByColumn(TutorialTableModel.TITLE, Qt.SortOrder.AscendingOrder)
        header = self.view.header()
        header.setSectionResizeMode(TutorialTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        # Fixed widths from the font, not ResizeToContents: the latter measures every row.
        metrics = self.view.fontMetrics()
        widths = {1: "Cadre juridique et RGPD, Publier", 2: "60 min", 3: "Intermédiaire", 4: "En cours"}
        for column, sample in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 28)
        header.setStretchLastSection(False)
        self.view.activated.connect(self._on_activated)
        self.count_label = muted_label()

        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 2)
        for label_text, combo in (
            (self.tr("T&hème :"), self.theme_combo),
            (self.tr("P&ublic :"), self.audience_combo),
            (self.tr("É&tat :"), self.status_combo),
        ):
            label = QLabel(label_text)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(self.tr("Tutoriels"), level=1))
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self._stale = True
        context.hub.changesApplied.connect(self._on_changes)
        self._apply_filters()

    def _combo(self, name: str, any_label: str, items: dict[str, str]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.addItem(any_label, ANY)
        for key, label in items.items():
            combo.addItem(label, key)
        return combo

    def set_audience(self, role: Role | None) -> None:
        index = self.audience_combo.findData(role.value if role else ANY)
        self.audience_combo.setCurrentIndex(max(0, index))

    def mark_stale(self) -> None:
        """Reading states changed or profile switched: reload now if shown, else when shown."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        profile = self._context.profile
        if profile is None:
            return
        QueryOp(parent=self, op=lambda: self._context.library.states(profile)).success(
            self._on_states
        ).run()

    @Slot(object)
    def _on_states(self, states: dict[str, TutorialState]) -> None:
        self.model.set_states(states)
        self._apply_filters()

    @Slot(object, object)
    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.progress or changes.notes or changes.profile:
            self.mark_stale()

    @Slot()
    def _apply_filters(self) -> None:
        self.proxy.set_filters(
            theme=self.theme_combo.currentData(),
            audience=self.audience_combo.currentData(),
            status=self.status_combo.currentData(),
            text=self.filter_edit.text(),
        )
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(
            plural(
                shown, self.tr("%n tutoriel affiché sur %2"), self.tr("%n tutoriels affichés sur %2")
            ).replace("%2", str(total))
        )

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        self.openTutorialRequested.emit(index.data(TUTORIAL_ID_ROLE))

    def focus_list(self) -> None:
        self.view.setFocus()
        if not self.view.currentIndex().isValid() and self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 0))
