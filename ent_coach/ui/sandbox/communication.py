"""« Règles de communication » (the ENT's local administration console): which groups'
members may write to each other, the links between groups, and a « qui peut écrire à
qui ? » tester. Each change is an undoable command applied at once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.sandbox import commands as cmd
from ent_coach.domain.sandbox.communication import can_message
from ent_coach.domain.sandbox.model import Workspace

ID_ROLE = Qt.ItemDataRole.UserRole


class CommunicationDialog(QDialog):
    def __init__(
        self,
        current: Callable[[], Workspace],
        execute: Callable[[cmd.Command], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._current = current
        self._execute = execute
        self.setWindowTitle(self.tr("Règles de communication"))
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Ces règles décident qui peut écrire à qui dans la messagerie de l'ENT. Les "
                "changements s'appliquent aussitôt ; Ctrl+Z dans l'espace de travail les annule."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        internal_box = QGroupBox(self.tr("Les membres peuvent communiquer entre eux"))
        internal_layout = QVBoxLayout(internal_box)
        self.internal = QListWidget()
        self.internal.setAccessibleName(self.tr("Groupes dont les membres peuvent s'écrire"))
        self.internal.itemChanged.connect(self._on_internal)
        internal_layout.addWidget(self.internal)
        layout.addWidget(internal_box, 1)

        links_box = QGroupBox(self.tr("Liens entre groupes (« peut écrire à »)"))
        links_layout = QVBoxLayout(links_box)
        self.links = QListWidget()
        self.links.setAccessibleName(self.tr("Liens de communication"))
        links_layout.addWidget(self.links)
        add_row = QHBoxLayout()
        self.link_from = QComboBox()
        self.link_from.setAccessibleName(self.tr("Groupe qui écrit"))
        self.link_to = QComboBox()
        self.link_to.setAccessibleName(self.tr("Groupe destinataire"))
        add_link = QPushButton(self.tr("Ajouter le lien"))
        add_link.clicked.connect(self._add_link)
        remove_link = QPushButton(self.tr("Retirer le lien sélectionné"))
        remove_link.clicked.connect(self._remove_link)
        add_row.addWidget(self.link_from, 1)
        add_row.addWidget(QLabel("→"))
        add_row.addWidget(self.link_to, 1)
        add_row.addWidget(add_link)
        links_layout.addLayout(add_row)
        links_layout.addWidget(remove_link, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(links_box, 1)

        test_box = QGroupBox(self.tr("Tester : qui peut écrire à qui ?"))
        grid = QGridLayout(test_box)
        self.sender = QComboBox()
        self.sender.setAccessibleName(self.tr("Expéditeur"))
        self.recipient = QComboBox()
        self.recipient.setAccessibleName(self.tr("Destinataire"))
        self.answer = QLabel()
        self.answer.setWordWrap(True)
        grid.addWidget(QLabel(self.tr("De :")), 0, 0)
        grid.addWidget(self.sender, 0, 1)
        grid.addWidget(QLabel(self.tr("À :")), 1, 0)
        grid.addWidget(self.recipient, 1, 1)
        grid.addWidget(self.answer, 2, 0, 1, 2)
        self.sender.currentIndexChanged.connect(self._test)
        self.recipient.currentIndexChanged.connect(self._test)
        layout.addWidget(test_box)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Fermer"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        ws = current()
        groups = sorted(ws.groups.values(), key=lambda g: g.name.casefold())
        for combo in (self.link_from, self.link_to):
            for group in groups:
                combo.addItem(group.name, group.id)
        users = sorted(ws.users.values(), key=lambda u: u.name.casefold())
        for combo in (self.sender, self.recipient):
            for user in users:
                combo.addItem(user.name, user.id)
            for group in groups:
                combo.addItem(f"Tout membre de « {group.name} »", group.id)
        if self.recipient.count() > 1:
            self.recipient.setCurrentIndex(1)
        self.refresh()

    def refresh(self) -> None:
        ws = self._current()
        self.internal.blockSignals(True)
        self.internal.clear()
        for group in sorted(ws.groups.values(), key=lambda g: g.name.casefold()):
            row = QListWidgetItem(group.name)
            row.setData(ID_ROLE, group.id)
            row.setFlags(
                Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
            )
            row.setCheckState(Qt.CheckState.Checked if group.internal else Qt.CheckState.Unchecked)
            self.internal.addItem(row)
        self.internal.blockSignals(False)
        self.links.clear()
        for source, target in sorted(
            ws.links, key=lambda pair: (ws.principal_name(pair[0]), ws.principal_name(pair[1]))
        ):
            row = QListWidgetItem(f"{ws.principal_name(source)} → {ws.principal_name(target)}")
            row.setData(ID_ROLE, (source, target))
            self.links.addItem(row)
        self._test()

    @Slot(QListWidgetItem)
    def _on_internal(self, row: QListWidgetItem) -> None:
        enabled = row.checkState() == Qt.CheckState.Checked
        self._execute(cmd.SetInternalCommunication(row.data(ID_ROLE), enabled))
        self.refresh()

    @Slot()
    def _add_link(self) -> None:
        self._execute(cmd.AddLink(self.link_from.currentData(), self.link_to.currentData()))
        self.refresh()

    @Slot()
    def _remove_link(self) -> None:
        row = self.links.currentItem()
        if row is None:
            return
        source, target = row.data(ID_ROLE)
        self._execute(cmd.RemoveLink(source, target))
        self.refresh()

    @Slot()
    def _test(self) -> None:
        sender, recipient = self.sender.currentData(), self.recipient.currentData()
        if sender is None or recipient is None:
            return
        verdict = can_message(self._current(), sender=sender, recipient=recipient)
        answer = (
            self.tr("Oui")
            if verdict.allowed
            else (self.tr("En partie") if verdict.some else self.tr("Non"))
        )
        self.answer.setText(f"<b>{answer}.</b> {verdict.reason}")
