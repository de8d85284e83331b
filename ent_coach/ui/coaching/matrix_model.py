"""The séance matrix as a Qt model: participants × plan items, then « Terminés » and « Temps ».

Display text comes from ``matrix_table`` (the CSV's source too, so screen and CSV cannot
differ); everything else a cell needs (status, sort key, tooltip) is computed once per
dashboard, never while painting.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from ent_coach.domain.coaching import Cell, Dashboard, ItemStatus, ParticipantRow
from ent_coach.domain.coaching_dashboard import (
    format_minutes,
    matrix_table,
    participant_initials,
    percent,
)
from ent_coach.domain.text import fold

_CONTEXT = "Seances"

ROW_ROLE = Qt.ItemDataRole.UserRole  # source row (index into Dashboard.rows)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2  # ItemStatus value of an item cell

# Ascending order puts those who need help first, then progress from nothing to done.
STATUS_RANK: dict[ItemStatus, int] = {
    ItemStatus.NEEDS_HELP: 0,
    ItemStatus.NOT_STARTED: 1,
    ItemStatus.IN_PROGRESS: 2,
    ItemStatus.DONE: 3,
}

# Mid-tone colours that read on a white and on a near-black base alike; the shape of the
# mark and the cell text carry the status too, so colour is never the only cue.
STATUS_COLOURS: dict[ItemStatus, QColor] = {
    ItemStatus.NOT_STARTED: QColor(140, 140, 146),
    ItemStatus.IN_PROGRESS: QColor(214, 140, 10),
    ItemStatus.DONE: QColor(40, 160, 80),
    ItemStatus.NEEDS_HELP: QColor(222, 56, 50),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class NameMode(StrEnum):
    """How participants are named on screen."""

    NAMES = "noms"
    NUMBERS = "numeros"  # « Participant 3 », as in the anonymised CSV
    INITIALS = "initiales"  # projector mode: « LM », « P3 »


class RowFilter(StrEnum):
    ALL = "tous"
    NEEDS_HELP = "besoin-d-aide"
    NOT_STARTED = "pas-commence"


_icons: dict[ItemStatus, QIcon] = {}


def status_icon(status: ItemStatus) -> QIcon:
    """A ring (not started), a half disc (in progress), a disc (done) or a warning triangle."""
    if status in _icons:
        return _icons[status]
    size = 32
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = STATUS_COLOURS[status]
    margin = 5.0
    if status is ItemStatus.NOT_STARTED:
        painter.setPen(QPen(colour, 3))
        painter.drawEllipse(QPointF(16, 16), 16 - margin, 16 - margin)
    elif status is ItemStatus.IN_PROGRESS:
        painter.setPen(QPen(colour, 3))
        painter.drawEllipse(QPointF(16, 16), 16 - margin, 16 - margin)
        half = QPainterPath()
        half.moveTo(16, margin)
        half.arcTo(margin, margin, size - 2 * margin, size - 2 * margin, 90, 180)
        half.closeSubpath()
        painter.fillPath(half, colour)
    elif status is ItemStatus.DONE:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QPointF(16, 16), 16 - margin, 16 - margin)
    else:
        triangle = QPainterPath()
        triangle.moveTo(16, 3)
        triangle.lineTo(30, 28)
        triangle.lineTo(2, 28)
        triangle.closeSubpath()
        painter.fillPath(triangle, colour)
        painter.setPen(QPen(QColor(255, 255, 255), 3.4))
        painter.drawLine(QPointF(16, 11), QPointF(16, 19))
        painter.drawPoint(QPointF(16, 24))
    painter.end()
    _icons[status] = QIcon(pixmap)
    return _icons[status]


def cell_tooltip(item_header: str, cell: Cell) -> str:
    lines = [item_header, cell.status.label]
    if cell.reason:
        lines.append(tr("Motif : %1").replace("%1", cell.reason))
    if cell.score is not None:
        lines.append(tr("Meilleur score : %1 %").replace("%1", str(percent(cell.score))))
    if cell.attempts:
        lines.append(tr("Tentatives : %1").replace("%1", str(cell.attempts)))
    lines.append(tr("Temps : %1").replace("%1", format_minutes(cell.seconds)))
    return "\n".join(lines)


def cell_sort_key(cell: Cell) -> float:
    """Status first (see STATUS_RANK), then best score, then time spent."""
    score = percent(cell.score) if cell.score is not None else 0
    return STATUS_RANK[cell.status] * 1e9 + score * 1e6 + min(cell.seconds, 999_999.0)


def row_started(row: ParticipantRow) -> bool:
    return any(cell.status is not ItemStatus.NOT_STARTED for cell in row.cells.values())


class MatrixModel(QAbstractTableModel):
    """Participants × plan items.

    Attributes:
        _dashboard: the dashboard shown (``None`` → no rows).
        _header: column titles from ``matrix_table``.
        _text: display text per row and column, from ``matrix_table`` (names as the mode says).
        _cells: per row, the plan items' cells in column order.
        _name_mode: how the participant column names people.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._dashboard: Dashboard | None = None
        self._header: list[str] = []
        self._text: list[list[str]] = []
        self._cells: list[list[Cell]] = []
        self._name_mode = NameMode.NAMES

    # -- content ---------------------------------------------------------------------------

    def set_dashboard(self, dashboard: Dashboard | None, name_mode: NameMode) -> None:
        self.beginResetModel()
        self._dashboard = dashboard
        self._name_mode = name_mode
        if dashboard is None:
            self._header, self._text, self._cells = [], [], []
        else:
            self._header, self._text = self._table(dashboard, name_mode)
            items = dashboard.plan.items
            self._cells = [[row.cells[item.id] for item in items] for row in dashboard.rows]
        self.endResetModel()

    def set_name_mode(self, name_mode: NameMode) -> None:
        if name_mode is self._name_mode:
            return
        self._name_mode = name_mode
        if self._dashboard is None:
            return
        _header, text = self._table(self._dashboard, name_mode)
        for row, values in enumerate(text):
            self._text[row][0] = values[0]
        if self._text:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._text) - 1, 0))

    def name_mode(self) -> NameMode:
        return self._name_mode

    @staticmethod
    def _table(dashboard: Dashboard, name_mode: NameMode) -> tuple[list[str], list[list[str]]]:
        header, rows = matrix_table(dashboard, anonymise=name_mode is not NameMode.NAMES)
        if name_mode is NameMode.INITIALS:
            for index, (values, row) in enumerate(zip(rows, dashboard.rows, strict=True)):
                values[0] = participant_initials(row.participant, index)
        return header, rows

    def dashboard(self) -> Dashboard | None:
        return self._dashboard

    def participant_row(self, source_row: int) -> ParticipantRow | None:
        if self._dashboard is None or not 0 <= source_row < len(self._dashboard.rows):
            return None
        return self._dashboard.rows[source_row]

    def label(self, source_row: int) -> str:
        """The participant as currently shown (name, number or initials)."""
        return self._text[source_row][0]

    def header_texts(self) -> list[str]:
        return list(self._header)

    @property
    def item_count(self) -> int:
        return len(self._dashboard.plan.items) if self._dashboard else 0

    def done_column(self) -> int:
        return self.item_count + 1

    def time_column(self) -> int:
        return self.item_count + 2

    # -- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._text)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._header)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text[row][column]
        is_item = 1 <= column <= self.item_count
        if role == Qt.ItemDataRole.DecorationRole:
            return status_icon(self._cells[row][column - 1].status) if is_item else None
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if is_item:
                return cell_tooltip(self._header[column], self._cells[row][column - 1])
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self._header[column]} : {self._text[row][column]}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column > self.item_count:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == STATUS_ROLE and is_item:
            return self._cells[row][column - 1].status.value
        if role == ROW_ROLE:
            return row
        return None

    def _sort_key(self, row: int, column: int) -> Any:
        assert self._dashboard is not None
        participant_row = self._dashboard.rows[row]
        if column == 0:
            if self._name_mode is NameMode.NAMES:
                return fold(self._text[row][0])
            return float(row)  # numbers and initials follow the import order
        if column == self.done_column():
            return float(participant_row.done_count)
        if column == self.time_column():
            return float(participant_row.total_seconds)
        return cell_sort_key(self._cells[row][column - 1])

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._header):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._header[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class MatrixFilter(QSortFilterProxyModel):
    """Sorts on SORT_ROLE; keeps the rows matching the text typed and the status chosen."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._row_filter = RowFilter.ALL
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = fold(text.strip())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_row_filter(self, row_filter: RowFilter) -> None:
        self.beginFilterChange()
        self._row_filter = RowFilter(row_filter)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def row_filter(self) -> RowFilter:
        return self._row_filter

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        if not isinstance(model, MatrixModel):
            return True
        row = model.participant_row(source_row)
        if row is None:
            return False
        if self._row_filter is RowFilter.NEEDS_HELP and not row.needs_help:
            return False
        if self._row_filter is RowFilter.NOT_STARTED and row_started(row):
            return False
        # Only what is on screen is searched: with names hidden, typing a name finds nobody.
        return not self._needle or self._needle in fold(model.label(source_row))
