"""The workspace tree (spaces → applications → objects) and the one-line summary of each row."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyle, QTreeWidget, QTreeWidgetItem, QWidget

from ent_coach.domain.sandbox.model import (
    CONTAINER_KINDS,
    Item,
    ItemKind,
    Visibility,
    Workspace,
)

ITEM_ID_ROLE = Qt.ItemDataRole.UserRole


def share_summary(ws: Workspace, item: Item) -> str:
    """« Privé », « Public · 2 partages », « Hérite du dossier »… for the tree's second column."""
    if item.kind in CONTAINER_KINDS:
        return item.app.spec.label if item.app is not None else "Espace"
    parts = []
    if item.visibility is Visibility.PUBLIC:
        parts.append("Public")
    if item.shares:
        count = len(item.shares)
        parts.append(f"{count} partage{'s' if count > 1 else ''}")
    parent = ws.items.get(item.parent) if item.parent else None
    if parent is not None and parent.kind is ItemKind.DOSSIER:
        parts.append("hérite du dossier")
    if item.draft:
        parts.append("brouillon")
    return " · ".join(parts) if parts else "Privé"


class WorkspaceTree(QTreeWidget):
    """Keeps expansion and selection when rebuilt after every action."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels([self.tr("Élément"), self.tr("Accès")])
        self.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        self.setAccessibleName(self.tr("Arborescence de l'espace de travail"))
        self.setUniformRowHeights(True)
        self.header().setStretchLastSection(True)
        style = self.style()
        self._icons: dict[ItemKind, QIcon] = {
            ItemKind.ESPACE: style.standardIcon(QStyle.StandardPixmap.SP_DriveNetIcon),
            ItemKind.APPLICATION: style.standardIcon(QStyle.StandardPixmap.SP_FileDialogListView),
            ItemKind.DOSSIER: style.standardIcon(QStyle.StandardPixmap.SP_DirIcon),
            ItemKind.DOCUMENT: style.standardIcon(QStyle.StandardPixmap.SP_FileIcon),
            ItemKind.RESSOURCE: style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView),
        }
        self._collapsed: set[str] = set()
        self.itemCollapsed.connect(lambda row: self._collapsed.add(row.data(0, ITEM_ID_ROLE)))
        self.itemExpanded.connect(lambda row: self._collapsed.discard(row.data(0, ITEM_ID_ROLE)))

    def selected_ids(self) -> list[str]:
        return [row.data(0, ITEM_ID_ROLE) for row in self.selectedItems()]

    def current_id(self) -> str | None:
        row = self.currentItem()
        return None if row is None else row.data(0, ITEM_ID_ROLE)

    def rebuild(self, ws: Workspace, *, current: str | None, selected: list[str]) -> None:
        self.blockSignals(True)
        self.clear()
        rows: dict[str, QTreeWidgetItem] = {}

        def add(item_id: str, parent: QTreeWidgetItem | None) -> None:
            item = ws.items[item_id]
            row = QTreeWidgetItem([item.name, share_summary(ws, item)])
            row.setData(0, ITEM_ID_ROLE, item_id)
            row.setIcon(0, self._icons[item.kind])
            row.setToolTip(0, ws.path_label(item_id))
            if parent is None:
                self.addTopLevelItem(row)
            else:
                parent.addChild(row)
            rows[item_id] = row
            for child in ws.children(item_id):
                add(child, row)

        for root in ws.children(None):
            add(root, None)
        for item_id, row in rows.items():
            row.setExpanded(item_id not in self._collapsed)
        self.resizeColumnToContents(0)
        target = current if current in rows else next(iter(rows), None)
        if target is not None:
            self.setCurrentItem(rows[target])
        for item_id in selected:
            if item_id in rows:
                rows[item_id].setSelected(True)
        self.blockSignals(False)
        self.currentItemChanged.emit(self.currentItem(), None)
