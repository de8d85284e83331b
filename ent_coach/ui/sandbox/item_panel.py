"""Settings of the selected item: what it is, who it is shared with, its publication and
comment settings, what it contains and embeds, and the actions that apply to it.

Every change is emitted as a command; the workspace view executes it (undoable)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.sandbox import commands as cmd
from ent_coach.domain.sandbox.apps import AppKind
from ent_coach.domain.sandbox.model import (
    CONTAINER_KINDS,
    VALUE_LABELS,
    Comments,
    ImageAuthorisation,
    Item,
    ItemKind,
    Publication,
    Visibility,
    Workspace,
)
from ent_coach.ui.widgets import heading_label, muted_label

_PUBLICATION_LABELS = {
    Publication.VALIDATION: "Billets soumis à validation",
    Publication.IMMEDIATE: "Publication immédiate",
}
_COMMENT_LABELS = {
    Comments.DESACTIVES: "Désactivés",
    Comments.MODERES: "Modérés avant publication",
    Comments.IMMEDIATS: "Publiés immédiatement",
}
_VISIBILITY_LABELS = {
    Visibility.PRIVE: "Privé (dans l'ENT seulement)",
    Visibility.PUBLIC: "Public (accessible sur internet)",
}


def attributes_text(item: Item) -> str:
    a = item.attributes
    parts = []
    if a.personal_data:
        parts.append("données personnelles")
    if a.health_data:
        parts.append("données de santé")
    if a.pupil_photos:
        parts.append(f"photos d'élèves identifiables ({VALUE_LABELS[a.image_authorisation]})")
    return ", ".join(parts) if parts else "rien de personnel"


def shares_text(ws: Workspace, item: Item) -> str:
    if not item.shares:
        return "Personne d'autre que le propriétaire."
    assert item.app is not None
    spec = item.app.spec
    lines = []
    for share in item.shares:
        labels = [label for level, label in spec.levels.items() if level in share.levels]
        lines.append(f"• {ws.principal_name(share.principal)} : {', '.join(labels)}")
    return "\n".join(lines)


class ItemPanel(QScrollArea):
    commandRequested = Signal(object)
    shareRequested = Signal()
    renameRequested = Signal()
    deleteRequested = Signal()
    moveRequested = Signal()
    createRequested = Signal(str)  # "application", "ressource", "dossier", "document", "espace"
    embedRequested = Signal()
    unembedRequested = Signal()
    describeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(self.tr("Réglages de l'élément sélectionné"))
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        self.title = heading_label("", level=3)
        self.kind = muted_label()
        layout.addWidget(self.title)
        layout.addWidget(self.kind)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.owner = QLabel()
        self.owner.setWordWrap(True)
        form.addRow(self.tr("Propriétaire :"), self.owner)
        self.shares = QLabel()
        self.shares.setWordWrap(True)
        form.addRow(self.tr("Partagé avec :"), self.shares)
        self.visibility = QComboBox()
        for value, label in _VISIBILITY_LABELS.items():
            self.visibility.addItem(label, value)
        self.visibility.activated.connect(self._on_visibility)
        form.addRow(self.tr("&Visibilité :"), self.visibility)
        self.publication = QComboBox()
        for value, label in _PUBLICATION_LABELS.items():
            self.publication.addItem(label, value)
        self.publication.activated.connect(self._on_publication)
        form.addRow(self.tr("Circuit de p&ublication :"), self.publication)
        self.comments = QComboBox()
        for value, label in _COMMENT_LABELS.items():
            self.comments.addItem(label, value)
        self.comments.activated.connect(self._on_comments)
        form.addRow(self.tr("Co&mmentaires :"), self.comments)
        for combo in (self.visibility, self.publication, self.comments):
            # Lets the panel shrink in a small window instead of scrolling sideways.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        self.draft = QCheckBox(self.tr("Brouillon (invisible des destinataires)"))
        self.draft.clicked.connect(self._on_draft)
        form.addRow(self.tr("État :"), self.draft)
        self.content = QLabel()
        self.content.setWordWrap(True)
        form.addRow(self.tr("Contenu :"), self.content)
        self.embedded = QLabel()
        self.embedded.setWordWrap(True)
        form.addRow(self.tr("Documents intégrés :"), self.embedded)
        self._form = form
        layout.addLayout(form)

        self.buttons: dict[str, QPushButton] = {}
        rows = (
            (
                ("partager", self.tr("Partager…"), self.shareRequested.emit),
                ("renommer", self.tr("Renommer…"), self.renameRequested.emit),
                ("supprimer", self.tr("Supprimer…"), self.deleteRequested.emit),
            ),
            (
                ("deplacer", self.tr("Déplacer…"), self.moveRequested.emit),
                ("integrer", self.tr("Intégrer un document…"), self.embedRequested.emit),
                (
                    "retirer-integration",
                    self.tr("Retirer un document…"),
                    self.unembedRequested.emit,
                ),
                ("decrire", self.tr("Décrire le contenu…"), self.describeRequested.emit),
            ),
            (
                (
                    "application",
                    self.tr("Ajouter une application…"),
                    lambda: self.createRequested.emit("application"),
                ),
                ("ressource", self.tr("Créer…"), lambda: self.createRequested.emit("ressource")),
                (
                    "dossier",
                    self.tr("Nouveau dossier…"),
                    lambda: self.createRequested.emit("dossier"),
                ),
                (
                    "document",
                    self.tr("Nouveau document…"),
                    lambda: self.createRequested.emit("document"),
                ),
            ),
        )
        # Two columns, filled with the buttons that apply: fits a small window.
        self._button_grid = QGridLayout()
        for row in rows:
            for key, label, slot in row:
                button = QPushButton(label, body)  # parented: never a window of its own
                button.hide()
                button.clicked.connect(slot)
                self.buttons[key] = button
        layout.addLayout(self._button_grid)
        layout.addStretch(1)
        self._item: Item | None = None

    def _show_row(self, widget: QWidget, visible: bool) -> None:
        self._form.setRowVisible(widget, visible)

    def show_item(
        self, ws: Workspace, item: Item | None, *, free_mode: bool, selection: int = 1
    ) -> None:
        self._item = item
        if item is None:
            self.title.setText(self.tr("Aucun élément sélectionné"))
            self.kind.setText("")
            for widget in (
                self.owner,
                self.shares,
                self.visibility,
                self.publication,
                self.comments,
                self.draft,
                self.content,
                self.embedded,
            ):
                self._show_row(widget, False)
            for button in self.buttons.values():
                button.setVisible(False)
            return
        container = item.kind in CONTAINER_KINDS
        spec = item.app.spec if item.app is not None else None
        self.title.setText(item.name)
        if item.kind is ItemKind.ESPACE:
            kind = self.tr("Espace")
        elif item.kind is ItemKind.APPLICATION:
            kind = self.tr("Application : %1").replace("%1", spec.label if spec else "")
        else:
            kind = f"{item.kind.label.capitalize()} · {spec.label if spec else ''}"
        if selection > 1:
            kind += " " + self.tr("— %1 éléments sélectionnés").replace("%1", str(selection))
        self.kind.setText(kind)
        shareable = not container and spec is not None and spec.shareable
        self._show_row(self.owner, not container)
        self.owner.setText(ws.principal_name(item.owner) if item.owner else "")
        self._show_row(self.shares, shareable)
        self.shares.setText(shares_text(ws, item) if shareable else "")
        self._show_row(self.visibility, not container and bool(spec and spec.can_be_public))
        self.visibility.setCurrentIndex(self.visibility.findData(item.visibility))
        self._show_row(self.publication, not container and bool(spec and spec.publication_setting))
        self.publication.setCurrentIndex(self.publication.findData(item.publication))
        self._show_row(self.comments, not container and bool(spec and spec.comment_setting))
        self.comments.setCurrentIndex(self.comments.findData(item.comments))
        self._show_row(self.draft, not container and bool(spec and spec.has_draft))
        self.draft.setChecked(item.draft)
        self._show_row(self.content, not container)
        self.content.setText(attributes_text(item))
        can_embed = item.kind is ItemKind.RESSOURCE and item.app is not AppKind.ESPACE_DOCUMENTAIRE
        self._show_row(self.embedded, can_embed)
        self.embedded.setText(
            ", ".join(f"« {ws.item_name(d)} »" for d in sorted(item.embedded)) or self.tr("aucun")
        )

        folders = spec is not None and spec.has_folders
        in_folder_app = item.kind in (ItemKind.APPLICATION, ItemKind.DOSSIER) and folders
        visible = {
            "partager": shareable,
            "renommer": True,
            "supprimer": True,
            "deplacer": item.kind in (ItemKind.DOSSIER, ItemKind.DOCUMENT),
            "integrer": can_embed,
            "retirer-integration": can_embed and bool(item.embedded),
            "decrire": free_mode and not container,
            "application": item.kind is ItemKind.ESPACE,
            "ressource": item.kind is ItemKind.APPLICATION
            and not folders
            and bool(spec and spec.shareable),
            "dossier": in_folder_app,
            "document": in_folder_app,
        }
        for button in self.buttons.values():
            self._button_grid.removeWidget(button)
        shown = [button for key, button in self.buttons.items() if visible[key]]
        for index, button in enumerate(shown):
            self._button_grid.addWidget(button, index // 2, index % 2)
        for key, button in self.buttons.items():
            button.setVisible(visible[key])
        if item.kind is ItemKind.APPLICATION and spec is not None:
            self.buttons["ressource"].setText(self.tr("Créer dans %1…").replace("%1", spec.label))

    @Slot(int)
    def _on_visibility(self, index: int) -> None:
        if self._item is not None:
            self.commandRequested.emit(
                cmd.SetVisibility(self._item.id, Visibility(self.visibility.itemData(index)))
            )

    @Slot(int)
    def _on_publication(self, index: int) -> None:
        if self._item is not None:
            self.commandRequested.emit(
                cmd.SetPublication(self._item.id, Publication(self.publication.itemData(index)))
            )

    @Slot(int)
    def _on_comments(self, index: int) -> None:
        if self._item is not None:
            self.commandRequested.emit(
                cmd.SetComments(self._item.id, Comments(self.comments.itemData(index)))
            )

    @Slot(bool)
    def _on_draft(self, checked: bool) -> None:
        if self._item is not None:
            self.commandRequested.emit(cmd.SetDraft(self._item.id, checked))


IMAGE_AUTHORISATION_LABELS = {
    ImageAuthorisation.AUCUNE: "Aucune autorisation signée",
    ImageAuthorisation.ENT: "Autorisation pour l'ENT seulement",
    ImageAuthorisation.INTERNET: "Autorisation pour une publication sur internet",
}
