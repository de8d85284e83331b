"""« Voir comme… »: the workspace as a persona, a group or an internet visitor sees it, with
what they may do on each object and why."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.sandbox.access import explain, see_as
from ent_coach.domain.sandbox.model import INTERNET, INTERNET_LABEL, Workspace
from ent_coach.domain.sandbox.rights import Action

ITEM_ROLE = Qt.ItemDataRole.UserRole


def viewer_choices(ws: Workspace) -> list[tuple[str, str]]:
    """Personas first (the question is « what does Léa see? »), then groups, then internet."""
    users = sorted(ws.users.values(), key=lambda u: u.name.casefold())
    groups = sorted(ws.groups.values(), key=lambda g: g.name.casefold())
    return (
        [(u.id, u.name) for u in users if u.id != ws.player]
        + [(g.id, f"Tout membre de « {g.name} »") for g in groups]
        + [(INTERNET, INTERNET_LABEL)]
    )


def actions_text(actions: frozenset[Action]) -> str:
    if not actions:
        return ""
    return ", ".join(action.label for action in Action if action in actions)


class SeeAsDialog(QDialog):
    def __init__(
        self, ws: Workspace, parent: QWidget | None = None, *, who: str | None = None
    ) -> None:
        super().__init__(parent)
        self._ws = ws
        self.setWindowTitle(self.tr("Voir comme…"))
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.viewer = QComboBox()
        for principal, label in viewer_choices(ws):
            self.viewer.addItem(label, principal)
        self.viewer.setAccessibleName(self.tr("Voir l'espace comme"))
        form.addRow(self.tr("&Voir l'espace comme :"), self.viewer)
        layout.addLayout(form)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Ce qui est visible"), self.tr("Peut")])
        self.tree.setAccessibleName(self.tr("Ce que voit cette personne"))
        self.tree.currentItemChanged.connect(self._explain_current)
        layout.addWidget(self.tree, 1)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason.setAccessibleName(self.tr("Pourquoi"))
        layout.addWidget(self.reason)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Fermer"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.viewer.currentIndexChanged.connect(self._show)
        if who is not None:
            index = self.viewer.findData(who)
            if index >= 0:
                self.viewer.setCurrentIndex(index)
        self._show()
        self.viewer.setFocus()

    def current_viewer(self) -> str:
        return self.viewer.currentData()

    @Slot()
    def _show(self) -> None:
        who = self.current_viewer()
        self.tree.clear()
        parents: dict[int, QTreeWidgetItem] = {}
        seen = see_as(self._ws, who=who)
        for line in seen:
            item = self._ws.items[line.item_id]
            row = QTreeWidgetItem([item.name, actions_text(line.actions)])
            row.setData(0, ITEM_ROLE, line.item_id)
            if line.depth == 0:
                self.tree.addTopLevelItem(row)
            else:
                parents[line.depth - 1].addChild(row)
            parents[line.depth] = row
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        name = self.viewer.currentText()
        if seen:
            self.empty.setText("")
            self.empty.hide()
            # Start on the first object (not a space): « Pourquoi » then explains something.
            rows = self.tree.findItems(
                "*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive
            )
            first = next((r for r in rows if r.text(1)), self.tree.topLevelItem(0))
            self.tree.setCurrentItem(first)
        else:
            self.empty.setText(
                self.tr("%1 ne voit rien de cet espace de travail.").replace("%1", name)
            )
            self.empty.show()
            self.reason.setText("")

    @Slot()
    def _explain_current(self) -> None:
        row = self.tree.currentItem()
        if row is None:
            self.reason.setText("")
            return
        item_id = row.data(0, ITEM_ROLE)
        item = self._ws.items[item_id]
        if item.app is None or item.kind.value in ("espace", "application"):
            self.reason.setText(self.tr("Chemin vers un objet visible."))
            return
        verdict = explain(self._ws, who=self.current_viewer(), action=Action.VOIR, target=item_id)
        self.reason.setText(self.tr("Pourquoi : %1").replace("%1", verdict.reason))
