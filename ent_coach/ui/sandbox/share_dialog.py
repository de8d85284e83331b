"""The share dialog, as in an ENT: one row per user or group, one box per right.

It behaves like the real share panel: adding someone pre-ticks Read and Comment, ticking a
right ticks what it needs, unticking one unticks what depends on it. With several objects
selected, it starts empty and replaces their shares (the ENT's multi-object share).
Nothing changes until « Enregistrer »; the changes then become undoable commands.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.sandbox import commands as cmd
from ent_coach.domain.sandbox.model import Item, Share, Workspace
from ent_coach.domain.sandbox.rights import REQUIRES, Level, close_levels, untick
from ent_coach.ui.widgets import muted_label

PRINCIPAL_ROLE = Qt.ItemDataRole.UserRole


def principal_choices(ws: Workspace) -> list[tuple[str, str]]:
    """(id, label) of every group then every persona, as the ENT's search field lists them."""
    groups = sorted(ws.groups.values(), key=lambda g: g.name.casefold())
    users = sorted(ws.users.values(), key=lambda u: u.name.casefold())
    return [(g.id, f"{g.name} (groupe)") for g in groups] + [(u.id, u.name) for u in users]


def implications_text(item: Item) -> str:
    assert item.app is not None
    spec = item.app.spec
    parts = []
    for level, label in spec.levels.items():
        needed = [spec.levels[r] for r in spec.levels if r in REQUIRES[level]]  # column order
        if needed:
            parts.append(f"« {label} » coche aussi {', '.join(f'« {n} »' for n in needed)}")
    implied = "; ".join(parts)
    preticked = ", ".join(
        f"« {spec.levels[level]} »" for level in spec.levels if level in spec.preticked
    )
    text = f"Comme dans l'ENT : {implied}." if implied else ""
    if preticked:
        text += f" Ajouter une personne ou un groupe coche d'office {preticked}."
    return text.strip()


class ShareDialog(QDialog):
    def __init__(self, ws: Workspace, item_ids: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = ws
        self._item_ids = list(item_ids)
        self._items = [ws.items[item_id] for item_id in item_ids]
        self._bulk = len(self._items) > 1
        first = self._items[0]
        assert first.app is not None
        self._spec = first.app.spec
        self._levels = list(self._spec.levels)
        self._before: dict[str, frozenset[Level]] = (
            {} if self._bulk else {share.principal: share.levels for share in first.shares}
        )
        self.rows: dict[str, frozenset[Level]] = dict(self._before)

        if self._bulk:
            self.setWindowTitle(self.tr("Partager %1 objets").replace("%1", str(len(self._items))))
        else:
            self.setWindowTitle(self.tr("Partager « %1 »").replace("%1", first.name))
        self.resize(720, 440)

        layout = QVBoxLayout(self)
        if self._bulk:
            warning = QLabel(
                self.tr(
                    "Attention : les partages actuels de ces %1 objets seront remplacés par ceux "
                    "définis ici, comme dans l'ENT lors d'un partage multiple."
                ).replace("%1", str(len(self._items)))
            )
            warning.setWordWrap(True)
            warning.setStyleSheet("font-weight: bold;")
            layout.addWidget(warning)

        add_row = QHBoxLayout()
        self.who = QComboBox()
        self.who.setEditable(True)
        self.who.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.who.setAccessibleName(self.tr("Personne ou groupe à ajouter"))
        for principal, label in principal_choices(ws):
            self.who.addItem(label, principal)
        self.who.setCurrentIndex(-1)
        self.who.lineEdit().setPlaceholderText(self.tr("Rechercher une personne ou un groupe…"))
        completer = self.who.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
        self.add_button = QPushButton(self.tr("Ajouter au partage"))
        self.add_button.clicked.connect(self._add_selected)
        add_label = QLabel(self.tr("&Partager avec :"))
        add_label.setBuddy(self.who)
        add_row.addWidget(add_label)
        add_row.addWidget(self.who, 1)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)

        self.table = QTableWidget(0, len(self._levels) + 1)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Personne ou groupe"), *(self._spec.levels[level] for level in self._levels)]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(self.tr("Droits par personne ou groupe"))
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.verticalHeader().setVisible(False)
        self.table.itemChanged.connect(self._on_item_changed)
        layout.addWidget(self.table, 1)

        remove_row = QHBoxLayout()
        self.remove_button = QPushButton(self.tr("Retirer du partage"))
        self.remove_button.clicked.connect(self._remove_current)
        remove_row.addWidget(self.remove_button)
        remove_row.addStretch(1)
        layout.addLayout(remove_row)
        self.table.installEventFilter(self)

        help_text = muted_label(
            implications_text(first)
            + " "
            + self.tr("Espace coche ou décoche la case courante ; Suppr retire la ligne.")
        )
        layout.addWidget(help_text)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Enregistrer"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill()
        self.who.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Suppr (or Retour arrière) on the table removes the current row, as in a list."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            self._remove_current()
            return True
        return super().eventFilter(watched, event)

    # -- rows ------------------------------------------------------------------------------

    def _fill(self) -> None:
        self.table.blockSignals(True)
        current = self.table.currentRow()
        self.table.setRowCount(0)
        for principal in sorted(self.rows, key=lambda p: self._ws.principal_name(p).casefold()):
            row = self.table.rowCount()
            self.table.insertRow(row)
            name = QTableWidgetItem(self._ws.principal_name(principal))
            name.setData(PRINCIPAL_ROLE, principal)
            self.table.setItem(row, 0, name)
            for column, level in enumerate(self._levels, 1):
                box = QTableWidgetItem()
                box.setFlags(
                    Qt.ItemFlag.ItemIsUserCheckable
                    | Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                )
                ticked = level in self.rows[principal]
                box.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
                label = self._spec.levels[level]
                box.setData(
                    Qt.ItemDataRole.AccessibleTextRole, f"{label} : {'oui' if ticked else 'non'}"
                )
                self.table.setItem(row, column, box)
        self.table.resizeColumnsToContents()
        if self.table.rowCount():
            self.table.setCurrentCell(max(0, min(current, self.table.rowCount() - 1)), 1)
        self.table.blockSignals(False)
        self.remove_button.setEnabled(bool(self.rows))

    def principal_at(self, row: int) -> str:
        return self.table.item(row, 0).data(PRINCIPAL_ROLE)

    @Slot()
    def _add_selected(self) -> None:
        index = self.who.currentIndex()
        text = self.who.currentText().strip()
        if index < 0 or self.who.itemText(index) != text:
            index = self.who.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            return
        self.add(self.who.itemData(index))
        self.who.setCurrentIndex(-1)
        self.who.clearEditText()

    def add(self, principal: str) -> None:
        if principal not in self.rows:
            self.rows[principal] = self._spec.preticked
        self._fill()
        for row in range(self.table.rowCount()):
            if self.principal_at(row) == principal:
                self.table.setCurrentCell(row, 1)
        self.table.setFocus()

    def set_level(self, principal: str, level: Level, ticked: bool) -> None:
        current = self.rows.get(principal, frozenset())
        # The same closure as the engine's TickLevel / UntickLevel commands.
        levels = close_levels({*current, level}) if ticked else untick(current, level)
        if levels:
            self.rows[principal] = levels
        else:
            self.rows.pop(principal, None)
        self._fill()

    @Slot(QTableWidgetItem)
    def _on_item_changed(self, box: QTableWidgetItem) -> None:
        if box.column() == 0:
            return
        level = self._levels[box.column() - 1]
        self.set_level(
            self.principal_at(box.row()), level, box.checkState() == Qt.CheckState.Checked
        )

    @Slot()
    def _remove_current(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.rows.pop(self.principal_at(row), None)
        self._fill()

    # -- result ----------------------------------------------------------------------------

    def commands(self) -> list[cmd.Command]:
        """What « Enregistrer » does, as undoable commands."""
        if self._bulk:
            shares = tuple(Share(p, levels) for p, levels in sorted(self.rows.items()))
            return [cmd.ShareMany(tuple(self._item_ids), shares)]
        item_id = self._item_ids[0]
        out: list[cmd.Command] = []
        for principal in sorted(set(self._before) | set(self.rows)):
            before = self._before.get(principal)
            after = self.rows.get(principal)
            if after == before:
                continue
            if after is None:
                out.append(cmd.RemoveShare(item_id, principal))
            elif before is None:
                out.append(cmd.AddToShare(item_id, principal))
                if after != self._spec.preticked:
                    out.append(cmd.SetShare(item_id, principal, after))
            else:
                out.append(cmd.SetShare(item_id, principal, after))
        return out
