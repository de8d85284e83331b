"""The sandbox work screen: toolbar, workspace tree, settings of the selected item, and the
side panel (brief, goals, hints and verification, or live warnings in free mode).

The view owns the sitting's undoable history; it executes commands and emits ``changed`` so
the page saves the workspace. Database work (save, verify, hints) is done by the page."""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.sandbox import commands as cmd
from ent_coach.domain.sandbox.apps import AppKind
from ent_coach.domain.sandbox.model import Attributes, ImageAuthorisation, ItemKind, Workspace
from ent_coach.domain.text import plural
from ent_coach.services.sandbox import SandboxSession, Verification
from ent_coach.ui.sandbox.communication import CommunicationDialog
from ent_coach.ui.sandbox.item_panel import IMAGE_AUTHORISATION_LABELS, ItemPanel
from ent_coach.ui.sandbox.report import TUTORIAL_SCHEME, free_mode_html, scenario_html
from ent_coach.ui.sandbox.see_as import SeeAsDialog
from ent_coach.ui.sandbox.share_dialog import ShareDialog
from ent_coach.ui.sandbox.tree import WorkspaceTree
from ent_coach.ui.widgets import confirm, open_external_link


def new_id(ws: Workspace, name: str) -> str:
    """A readable, unused identifier from a name (« Blog de la 6e A » → blog-de-la-6e-a)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "element"
    candidate, suffix = base, 2
    while candidate in ws.items or ws.is_principal(candidate):
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    return candidate


class AttributesDialog(QDialog):
    """Free mode: the teacher says what their document holds, so the checker can warn."""

    def __init__(self, attributes: Attributes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Décrire le contenu"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Ce document ou cette ressource contient :")))
        self.personal = QCheckBox(
            self.tr("des &données personnelles (noms, coordonnées, résultats…)")
        )
        self.personal.setChecked(attributes.personal_data)
        self.health = QCheckBox(self.tr("des données de &santé (PAP, PAI, allergies…)"))
        self.health.setChecked(attributes.health_data)
        self.photos = QCheckBox(self.tr("des &photos d'élèves identifiables"))
        self.photos.setChecked(attributes.pupil_photos)
        form = QFormLayout()
        self.authorisation = QComboBox()
        for value, label in IMAGE_AUTHORISATION_LABELS.items():
            self.authorisation.addItem(label, value)
        self.authorisation.setCurrentIndex(
            self.authorisation.findData(attributes.image_authorisation)
        )
        form.addRow(self.tr("Autorisation des familles :"), self.authorisation)
        for box in (self.personal, self.health, self.photos):
            layout.addWidget(box)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enregistrer"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def attributes(self) -> Attributes:
        return Attributes(
            personal_data=self.personal.isChecked(),
            pupil_photos=self.photos.isChecked(),
            image_authorisation=ImageAuthorisation(self.authorisation.currentData()),
            health_data=self.health.isChecked(),
        )


class WorkspaceView(QWidget):
    changed = Signal()
    verifyRequested = Signal()
    hintRequested = Signal()
    solutionRequested = Signal()
    backRequested = Signal()
    tutorialRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sitting: SandboxSession | None = None
        self.verification: Verification | None = None
        self._verified_state: Workspace | None = None
        self.tutorial_titles: dict[str, str] = {}

        self.toolbar = QToolBar(self.tr("Bac à sable"))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.back_action = self._action(
            self.tr("← Catalogue"),
            QKeySequence(QKeySequence.StandardKey.Back),
            self.backRequested.emit,
        )
        self.toolbar.addSeparator()
        self.undo_action = self._action(
            self.tr("Annuler"), QKeySequence(QKeySequence.StandardKey.Undo), self.undo
        )
        self.redo_action = self._action(self.tr("Rétablir"), QKeySequence("Ctrl+Y"), self.redo)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.reset_action = self._action(self.tr("Réinitialiser…"), None, self.reset)
        self.space_action = self._action(self.tr("Nouvel espace…"), None, self.create_space)
        self.toolbar.addSeparator()
        self.share_action = self._action(
            self.tr("Partager…"), QKeySequence("Ctrl+Shift+S"), self.share_selected
        )
        self.see_as_action = self._action(
            self.tr("Voir comme…"), QKeySequence("Ctrl+Shift+V"), self.see_as
        )
        self.rules_action = self._action(
            self.tr("Communication…"), QKeySequence("Ctrl+Shift+M"), self.communication
        )
        self.verify_action = self._action(
            self.tr("Vérifier"), QKeySequence("Ctrl+Return"), self.verifyRequested.emit,
            on_toolbar=False,
        )  # fmt: skip
        self.verify_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        # Beside the toolbar, not on it: a narrow window pushes a toolbar's last actions into
        # its « ›› » menu, and Vérifier is the one a scenario is played for.
        self.verify_tool = QToolButton()
        self.verify_tool.setDefaultAction(self.verify_action)
        self.verify_tool.setAutoRaise(True)
        self.rename_action = QAction(self.tr("Renommer…"), self)
        self.rename_action.setShortcut(QKeySequence("F2"))
        self.rename_action.triggered.connect(self.rename)
        self.delete_action = QAction(self.tr("Supprimer…"), self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete)

        self.tree = WorkspaceTree()
        self.tree.addAction(self.rename_action)
        self.tree.addAction(self.delete_action)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.tree.insertAction(self.rename_action, self.share_action)
        self.tree.currentItemChanged.connect(lambda *_: self._show_selected())
        self.tree.itemSelectionChanged.connect(self._show_selected)
        self.panel = ItemPanel()
        self.panel.commandRequested.connect(self.execute)
        self.panel.shareRequested.connect(self.share_selected)
        self.panel.renameRequested.connect(self.rename)
        self.panel.deleteRequested.connect(self.delete)
        self.panel.moveRequested.connect(self.move)
        self.panel.createRequested.connect(self.create)
        self.panel.embedRequested.connect(self.embed)
        self.panel.unembedRequested.connect(self.unembed)
        self.panel.describeRequested.connect(self.describe)

        self.report = QTextBrowser()
        self.report.setOpenLinks(False)
        self.report.setAccessibleName(self.tr("Consigne, objectifs et résultat"))
        self.report.anchorClicked.connect(self._on_link)
        self.hint_button = QPushButton(self.tr("Indice"))
        self.hint_button.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.hint_button.clicked.connect(self.hintRequested.emit)
        self.solution_button = QPushButton(self.tr("Voir la solution…"))
        self.solution_button.clicked.connect(self._confirm_solution)
        self.verify_button = QPushButton(self.tr("Vérifier"))
        self.verify_button.setToolTip(self.tr("Vérifier (Ctrl+Entrée)"))
        self.verify_button.clicked.connect(self.verifyRequested.emit)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.report, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint_button)
        buttons.addWidget(self.solution_button)
        buttons.addStretch(1)
        buttons.addWidget(self.verify_button)
        side_layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Dernière action"))
        side_layout.addWidget(self.status)

        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(self.tree)
        middle.addWidget(self.panel)
        middle.setStretchFactor(0, 3)
        middle.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([560, 440])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.setSpacing(0)
        top.addWidget(self.toolbar, 1)
        top.addWidget(self.verify_tool)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    def _action(
        self, text: str, shortcut: QKeySequence | None, slot, *, on_toolbar: bool = True
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setToolTip(
                f"{text} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})"
            )
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        if on_toolbar:
            self.toolbar.addAction(action)
        self.addAction(action)
        return action

    @staticmethod
    def _describe(action: QAction, template: str, description: str | None) -> None:
        """Tooltip and status tip of Annuler / Rétablir: the action's fixed text, or what it
        would undo or redo, with its shortcut."""
        detail = template.replace("%1", description) if description else action.text()
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{detail} ({shortcut})")
        action.setStatusTip(detail)

    # -- sitting -----------------------------------------------------------------------------

    @property
    def ws(self) -> Workspace:
        assert self.sitting is not None
        return self.sitting.history.current

    def open(self, sitting: SandboxSession) -> None:
        self.sitting = sitting
        self.verification = None
        self._verified_state = None
        scenario = sitting.is_scenario
        for widget in (self.hint_button, self.solution_button, self.verify_button):
            widget.setVisible(scenario)
        self.verify_action.setVisible(scenario)
        self.verify_tool.setVisible(scenario)
        self.space_action.setVisible(not scenario)  # building from scratch is free mode's
        self.verify_action.setEnabled(scenario)
        self.status.setText("")
        self.refresh(current=None)
        self.tree.setFocus()

    def refresh(self, *, current: str | None = None) -> None:
        if self.sitting is None:
            return
        history = self.sitting.history
        self.tree.rebuild(self.ws, current=current or self.tree.current_id(), selected=[])
        # Short fixed labels: a long « Annuler : partager … » pushed the other tools into the
        # toolbar's overflow menu. What would be undone or redone is in the tooltip.
        self.undo_action.setEnabled(history.can_undo)
        self._describe(self.undo_action, self.tr("Annuler : %1"), history.undo_description)
        self.redo_action.setEnabled(history.can_redo)
        self._describe(self.redo_action, self.tr("Rétablir : %1"), history.redo_description)
        self.reset_action.setEnabled(history.can_undo or history.can_redo)
        self.hint_button.setText(
            self.tr("Indice (%1/%2)")
            .replace("%1", str(min(self.sitting.hints_shown + 1, len(self.sitting.hints))))
            .replace("%2", str(len(self.sitting.hints)))
        )
        self.hint_button.setEnabled(self.sitting.hints_shown < len(self.sitting.hints))
        self.refresh_report()

    def refresh_report(self) -> None:
        sitting = self.sitting
        if sitting is None:
            return
        scroll = self.report.verticalScrollBar().value()
        if sitting.is_scenario:
            stale = self._verified_state is not None and self._verified_state != self.ws
            html = scenario_html(
                sitting, self.tutorial_titles, verification=self.verification, stale=stale
            )
        else:
            html = free_mode_html(sitting, sitting.findings(), self.tutorial_titles)
        self.report.setHtml(html)
        self.report.verticalScrollBar().setValue(scroll)

    def show_verification(self, verification: Verification) -> None:
        self.verification = verification
        self._verified_state = self.ws
        self.refresh_report()
        # The result is below the goals: bring its heading into view.
        self.report.scrollToAnchor("resultat")
        self.status.setText(
            self.tr("Réussi !")
            if verification.passed
            else self.tr("Pas encore : lisez le résultat à droite.")
        )

    # -- commands ----------------------------------------------------------------------------

    @Slot(object)
    def execute(self, command: cmd.Command) -> bool:
        if self.sitting is None:
            return False
        try:
            label = command.describe(self.ws)
            changed = self.sitting.history.execute(command)
        except cmd.CommandError as exc:
            QMessageBox.warning(
                self, self.tr("Action impossible"), str(exc)[:1].upper() + str(exc)[1:] + "."
            )
            self.refresh()
            return False
        if changed:
            self.status.setText(self.tr("Fait : %1.").replace("%1", label))
            self.refresh()
            self.changed.emit()
        return changed

    def execute_all(self, commands: list[cmd.Command]) -> None:
        for command in commands:
            if not self.execute(command):
                break

    @Slot()
    def undo(self) -> None:
        if self.sitting is None:
            return
        description = self.sitting.history.undo_description
        if self.sitting.history.undo():
            self.status.setText(self.tr("Annulé : %1.").replace("%1", description or ""))
            self.refresh()
            self.changed.emit()

    @Slot()
    def redo(self) -> None:
        if self.sitting is None:
            return
        description = self.sitting.history.redo_description
        if self.sitting.history.redo():
            self.status.setText(self.tr("Rétabli : %1.").replace("%1", description or ""))
            self.refresh()
            self.changed.emit()

    @Slot()
    def reset(self) -> None:
        if self.sitting is None:
            return
        if not confirm(
            self,
            self.tr("Réinitialiser"),
            self.tr(
                "Revenir à l'état initial ? Toutes vos actions sur cet espace seront effacées."
            ),
        ):
            return
        self.sitting.history.reset()
        self.verification = None
        self._verified_state = None
        self.status.setText(self.tr("L'espace est revenu à son état initial."))
        self.refresh()
        self.changed.emit()

    # -- selection ---------------------------------------------------------------------------

    @Slot()
    def _show_selected(self) -> None:
        if self.sitting is None:
            return
        item_id = self.tree.current_id()
        item = self.ws.items.get(item_id) if item_id else None
        selected = self.tree.selected_ids()
        self.panel.show_item(
            self.ws, item, free_mode=not self.sitting.is_scenario, selection=max(1, len(selected))
        )
        self.share_action.setEnabled(bool(self._share_targets()))

    def _shareable(self, ids: list[str]) -> list[str]:
        out = []
        for item_id in ids:
            item = self.ws.items.get(item_id)
            if (
                item is None
                or item.app is None
                or item.kind in (ItemKind.ESPACE, ItemKind.APPLICATION)
                or not item.app.spec.shareable
            ):
                return []
            out.append(item_id)
        if len({self.ws.items[i].app for i in out}) > 1:
            return []
        return out

    def _share_targets(self) -> list[str]:
        """Several selected objects of one application (a multi-object share), else the
        current object alone."""
        selected = self.tree.selected_ids()
        if len(selected) > 1:
            bulk = self._shareable(selected)
            if bulk:
                return bulk
        current = self._current_item_id()
        return self._shareable([current]) if current else []

    def _current_item_id(self) -> str | None:
        return self.tree.current_id()

    # -- dialogs -----------------------------------------------------------------------------

    @Slot()
    def share_selected(self) -> None:
        if self.sitting is None:
            return
        ids = self._share_targets()
        if not ids:
            QMessageBox.information(
                self,
                self.tr("Partager"),
                self.tr(
                    "Sélectionnez un objet qui se partage (un blog, un dossier, un document…), ou plusieurs objets d'une même application."
                ),
            )
            return
        dialog = ShareDialog(self.ws, ids, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.execute_all(dialog.commands())

    @Slot()
    def see_as(self) -> None:
        if self.sitting is not None:
            SeeAsDialog(self.ws, self).exec()

    @Slot()
    def communication(self) -> None:
        if self.sitting is not None:
            CommunicationDialog(lambda: self.ws, self.execute, self).exec()

    @Slot()
    def rename(self) -> None:
        item_id = self._current_item_id()
        if self.sitting is None or item_id is None:
            return
        name, ok = QInputDialog.getText(
            self, self.tr("Renommer"), self.tr("Nouveau nom :"), text=self.ws.item_name(item_id)
        )
        if ok and name.strip():
            self.execute(cmd.Rename(item_id, name.strip()))

    @Slot()
    def delete(self) -> None:
        item_id = self._current_item_id()
        if self.sitting is None or item_id is None:
            return
        count = len(list(self.ws.descendants(item_id)))
        text = self.tr("Supprimer « %1 » ?").replace("%1", self.ws.item_name(item_id))
        if count:
            text += " " + plural(
                count,
                self.tr("Son contenu (%n élément) sera supprimé aussi."),
                self.tr("Son contenu (%n éléments) sera supprimé aussi."),
            )
        text += " " + self.tr("Ctrl+Z annule la suppression.")
        if confirm(
            self,
            self.tr("Supprimer"),
            text,
        ):
            self.execute(cmd.Delete(item_id))

    @Slot()
    def move(self) -> None:
        item_id = self._current_item_id()
        if self.sitting is None or item_id is None:
            return
        ws = self.ws
        item = ws.items[item_id]
        inside = {item_id, *ws.descendants(item_id)}
        targets = [
            other.id for other in ws.items.values()
            if other.app is item.app and other.kind in (ItemKind.DOSSIER, ItemKind.APPLICATION)
            and other.id not in inside and other.id != item.parent
        ]  # fmt: skip
        if not targets:
            QMessageBox.information(
                self,
                self.tr("Déplacer"),
                self.tr(
                    "Aucun autre dossier de cet espace documentaire ne peut recevoir cet élément."
                ),
            )
            return
        labels = [ws.path_label(t) for t in targets]
        choice, ok = QInputDialog.getItem(
            self, self.tr("Déplacer"),
            self.tr("Déplacer « %1 » vers (il prendra les droits de la destination) :").replace("%1", item.name),
            labels, 0, False,
        )  # fmt: skip
        if ok:
            self.execute(cmd.Move(item_id, targets[labels.index(choice)]))

    @Slot()
    def create_space(self) -> None:
        if self.sitting is None:
            return
        name, ok = QInputDialog.getText(
            self,
            self.tr("Nouvel espace"),
            self.tr("Nom de l'espace (par exemple « Classe de 5e B ») :"),
        )
        if ok and name.strip():
            new = new_id(self.ws, name.strip())
            if self.execute(cmd.CreateSpace(new, name.strip())):
                self.refresh(current=new)

    @Slot(str)
    def create(self, kind: str) -> None:
        item_id = self._current_item_id()
        if self.sitting is None or item_id is None:
            return
        ws = self.ws
        if kind == "application":
            apps = list(AppKind)
            labels = [app.spec.label for app in apps]
            choice, ok = QInputDialog.getItem(
                self, self.tr("Ajouter une application"), self.tr("Application :"), labels, 0, False
            )
            if ok:
                app = apps[labels.index(choice)]
                self.execute(
                    cmd.CreateApplication(new_id(ws, f"{app.value}-{item_id}"), item_id, app)
                )
            return
        prompts = {
            "ressource": self.tr("Nom (par exemple « Blog de la classe ») :"),
            "dossier": self.tr("Nom du dossier :"),
            "document": self.tr("Nom du document :"),
        }
        name, ok = QInputDialog.getText(self, self.tr("Créer"), prompts[kind])
        if ok and name.strip():
            new = new_id(ws, name.strip())
            if self.execute(cmd.CreateObject(new, item_id, name.strip(), ItemKind(kind))):
                self.refresh(current=new)

    @Slot()
    def embed(self) -> None:
        item_id = self._current_item_id()
        if self.sitting is None or item_id is None:
            return
        ws = self.ws
        documents = [
            i.id
            for i in ws.items.values()
            if i.kind is ItemKind.DOCUMENT and i.id not in ws.items[item_id].embedded
        ]
        if not documents:
            QMessageBox.information(
                self,
                self.tr("Intégrer un document"),
                self.tr("Aucun document de l'espace documentaire à intégrer."),
            )
            return
        labels = [ws.path_label(d) for d in documents]
        choice, ok = QInputDialog.getItem(
            self, self.tr("Intégrer un document"), self.tr("Document :"), labels, 0, False
        )
        if ok:
            self.execute(cmd.Embed(item_id, documents[labels.index(choice)]))

    @Slot()
    def unembed(self) -> None:
        item_id = self._current_item_id()
        if self.sitting is None or item_id is None:
            return
        ws = self.ws
        documents = sorted(ws.items[item_id].embedded)
        if not documents:
            return
        labels = [ws.item_name(d) for d in documents]
        choice, ok = QInputDialog.getItem(
            self, self.tr("Retirer un document"), self.tr("Document :"), labels, 0, False
        )
        if ok:
            self.execute(cmd.Unembed(item_id, documents[labels.index(choice)]))

    @Slot()
    def describe(self) -> None:
        item_id = self._current_item_id()
        if self.sitting is None or item_id is None or self.sitting.is_scenario:
            return
        dialog = AttributesDialog(self.ws.items[item_id].attributes, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.execute(cmd.SetAttributes(item_id, dialog.attributes()))

    # -- help --------------------------------------------------------------------------------

    def show_hint(self, _hint: str) -> None:
        self.refresh()
        self.report.scrollToAnchor("indices")

    @Slot()
    def _confirm_solution(self) -> None:
        if confirm(
            self,
            self.tr("Voir la solution"),
            self.tr(
                "Afficher la solution de référence ? Essayer d'abord, même en se trompant, aide "
                "à retenir. Le fait d'avoir vu la solution est enregistré avec vos résultats."
            ),
        ):
            self.solutionRequested.emit()

    def show_solution(self, steps: list[str]) -> None:
        lines = "\n".join(f"{number}. {text}" for number, text in enumerate(steps, 1))
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Solution de référence"))
        box.setText(
            self.tr(
                "Une solution possible (toute configuration qui atteint les objectifs sans risque est acceptée) :"
            )
        )
        box.setInformativeText(lines)
        box.setIcon(QMessageBox.Icon.Information)
        box.exec()

    @Slot(QUrl)
    def _on_link(self, url: QUrl) -> None:
        if url.scheme() == TUTORIAL_SCHEME:
            self.tutorialRequested.emit(url.path())
        elif url.scheme() == "https":
            open_external_link(self, url)
