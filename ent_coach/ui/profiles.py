"""Welcome and profile screens: create a profile, pick one, unlock it with its PIN, manage."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.profiles import DISPLAY_NAME_MAX, Profile, ProfileError
from ent_coach.domain.taxonomy import Role
from ent_coach.ui.context import AppContext
from ent_coach.ui.hub import Changes
from ent_coach.ui.ops import CollectionOp, QueryOp, call_in_worker
from ent_coach.ui.settings import Option, Settings
from ent_coach.ui.widgets import confirm, error_label, heading_label, muted_label

PIN_VALIDATOR_PATTERN = r"\d{0,8}"


class ProfileForm(QWidget):
    """Name, role and optional PIN; ``values()`` raises ProfileError with a French message."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(DISPLAY_NAME_MAX)
        self.name_edit.setPlaceholderText(self.tr("Prénom ou pseudonyme"))
        self.name_edit.setAccessibleName(self.tr("Nom affiché"))
        self.role_combo = QComboBox()
        self.role_combo.setAccessibleName(self.tr("Rôle"))
        for role in Role:
            self.role_combo.addItem(role.label, role.value)
        self.pin_edit = self._pin_field(self.tr("Code PIN (facultatif)"))
        self.pin_confirm = self._pin_field(self.tr("Confirmer le code PIN"))
        self.error = error_label()

        form = QFormLayout()
        form.addRow(self.tr("&Nom affiché :"), self.name_edit)
        form.addRow(self.tr("&Rôle :"), self.role_combo)
        form.addRow(self.tr("Code &PIN :"), self.pin_edit)
        form.addRow(self.tr("Confir&mation :"), self.pin_confirm)
        hint = QLabel(
            self.tr(
                "Le code PIN (4 à 8 chiffres) est utile sur un ordinateur partagé. "
                "Aucune adresse électronique n'est demandée : vos données restent sur cet ordinateur."
            )
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        for edit in (self.name_edit, self.pin_edit, self.pin_confirm):
            edit.returnPressed.connect(self.submitted)

    def _pin_field(self, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setMaxLength(8)
        edit.setValidator(QRegularExpressionValidator(PIN_VALIDATOR_PATTERN, edit))
        edit.setAccessibleName(accessible)
        edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        return edit

    def values(self) -> tuple[str, Role, str | None]:
        pin = self.pin_edit.text()
        if pin != self.pin_confirm.text():
            raise ProfileError(self.tr("Les deux codes PIN saisis sont différents."))
        return self.name_edit.text(), Role(self.role_combo.currentData()), pin or None

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))


class WelcomePage(QWidget):
    """First screen: create a profile, or choose one of this computer's profiles."""

    profileOpened = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setObjectName("welcomePage")
        title = heading_label(self.tr("Bienvenue dans ENT Coach"), level=1)
        intro = QLabel(
            self.tr(
                "Se former à l'espace numérique de travail, à son rythme et hors ligne : "
                "tutoriels concrets, repères juridiques sourcés, suivi de votre progression."
            )
        )
        intro.setWordWrap(True)

        self.existing_box = QWidget()
        existing_layout = QVBoxLayout(self.existing_box)
        existing_layout.setContentsMargins(0, 0, 0, 0)
        existing_layout.addWidget(heading_label(self.tr("Reprendre avec un profil"), level=2))
        self.profile_list = QListWidget()
        self.profile_list.setAccessibleName(self.tr("Profils de cet ordinateur"))
        self.profile_list.itemActivated.connect(self._on_item_activated)
        self.open_button = QPushButton(self.tr("&Ouvrir ce profil"))
        self.open_button.clicked.connect(self._open_selected)
        existing_layout.addWidget(self.profile_list)
        existing_layout.addWidget(self.open_button, alignment=Qt.AlignmentFlag.AlignRight)

        self.form = ProfileForm()
        self.form.submitted.connect(self._create)
        self.create_button = QPushButton(self.tr("&Créer mon profil"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self._create)
        # A person arriving on a new laptop brings the archive exported from « Mes données ».
        self.import_button = QPushButton(self.tr("&Importer un profil…"))
        self.import_button.setToolTip(
            self.tr("Reprendre ici un profil exporté depuis un autre ordinateur (fichier .zip)")
        )
        self.import_button.clicked.connect(self._import)

        card = QWidget()
        card.setObjectName("card")
        card.setMaximumWidth(620)
        card_layout = QVBoxLayout(card)
        card_layout.addWidget(title)
        card_layout.addWidget(intro)
        card_layout.addSpacing(8)
        card_layout.addWidget(self.existing_box)
        card_layout.addWidget(heading_label(self.tr("Créer un profil"), level=2))
        card_layout.addWidget(self.form)
        card_layout.addWidget(self.create_button, alignment=Qt.AlignmentFlag.AlignRight)
        card_layout.addSpacing(8)
        import_row = QHBoxLayout()
        import_hint = QLabel(self.tr("Vous arrivez d'un autre ordinateur ?"))
        import_hint.setWordWrap(True)
        import_row.addWidget(import_hint, 1)
        import_row.addWidget(self.import_button)
        card_layout.addLayout(import_row)

        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(card)
        column.addStretch(2)
        outer.addLayout(column, 4)
        outer.addStretch(1)

    def refresh(self) -> None:
        QueryOp(parent=self, op=self._context.profiles.list).success(self._show_profiles).run()

    @Slot(object)
    def _show_profiles(self, profiles: list[Profile]) -> None:
        self.profile_list.clear()
        for profile in profiles:
            lock = self.tr(" (protégé par un code PIN)") if profile.has_pin else ""
            item = QListWidgetItem(f"{profile.display_name}{lock} — {profile.role.label}")
            item.setData(Qt.ItemDataRole.UserRole, profile)
            self.profile_list.addItem(item)
        self.existing_box.setVisible(bool(profiles))
        if profiles:
            self.profile_list.setCurrentRow(0)
            self.profile_list.setFocus()
        else:
            self.form.name_edit.setFocus()

    @Slot(QListWidgetItem)
    def _on_item_activated(self, item: QListWidgetItem) -> None:
        self._unlock_and_open(item.data(Qt.ItemDataRole.UserRole))

    @Slot()
    def _open_selected(self) -> None:
        item = self.profile_list.currentItem()
        if item is not None:
            self._unlock_and_open(item.data(Qt.ItemDataRole.UserRole))

    def _unlock_and_open(self, profile: Profile) -> None:
        if profile.has_pin and not ask_pin(self, self._context, profile):
            return
        CollectionOp(parent=self, op=lambda: self._context.profiles.open(profile.id)).success(
            self.profileOpened.emit
        ).run()

    @Slot()
    def _create(self) -> None:
        try:
            name, role, pin = self.form.values()
        except ProfileError as exc:
            self.form.show_error(str(exc))
            return
        self.create_button.setEnabled(False)

        def failed(error: Exception) -> None:
            self.create_button.setEnabled(True)
            self.form.show_error(str(error))

        def created(profile: Profile) -> None:
            self.create_button.setEnabled(True)
            self.form.show_error("")
            for edit in (self.form.name_edit, self.form.pin_edit, self.form.pin_confirm):
                edit.clear()
            self.profileOpened.emit(profile)

        CollectionOp(
            parent=self,
            op=lambda: self._context.profiles.create(display_name=name, role=role, pin=pin),
        ).success(created).failure(failed).run()


    @Slot()
    def _import(self) -> None:
        from ent_coach.ui.mydata import import_profile

        def imported(profile: Profile) -> None:
            CollectionOp(parent=self, op=lambda: self._context.profiles.open(profile.id)).success(
                self.profileOpened.emit
            ).run()

        import_profile(self, self._context, imported)


class PinDialog(QDialog):
    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Code PIN"))
        self.setMinimumWidth(360)  # room for the profile's name and the buttons
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(8)
        self.pin_edit.setValidator(QRegularExpressionValidator(PIN_VALIDATOR_PATTERN, self.pin_edit))
        self.pin_edit.setAccessibleName(self.tr("Code PIN"))
        self.error = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Déverrouiller"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("Saisissez le code PIN du profil « %1 » :").replace("%1", profile.display_name))
        label.setWordWrap(True)
        label.setBuddy(self.pin_edit)
        layout.addWidget(label)
        layout.addWidget(self.pin_edit)
        layout.addWidget(self.error)
        layout.addWidget(buttons)


def ask_pin(parent: QWidget, context: AppContext, profile: Profile) -> bool:
    """Ask until the PIN is right or the person cancels."""
    dialog = PinDialog(profile, parent)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        pin = dialog.pin_edit.text()
        if call_in_worker(lambda pin=pin: context.profiles.verify_pin(profile.id, pin)):
            return True
        dialog.error.setText(dialog.tr("Code PIN incorrect. Réessayez."))
        dialog.error.show()
        dialog.pin_edit.clear()
    return False


class ManageProfilesDialog(QDialog):
    """Rename, change PIN, delete (with confirmation) the profiles of this computer."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setWindowTitle(self.tr("Gérer les profils"))
        self.resize(520, 360)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Profils"))
        self.rename_button = QPushButton(self.tr("&Renommer…"))
        self.pin_button = QPushButton(self.tr("Code &PIN…"))
        self.delete_button = QPushButton(self.tr("&Supprimer…"))
        self.rename_button.clicked.connect(self._rename)
        self.pin_button.clicked.connect(self._change_pin)
        self.delete_button.clicked.connect(self._delete)
        buttons = QVBoxLayout()
        for button in (self.rename_button, self.pin_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Fermer"))
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for profile in call_in_worker(self._context.profiles.list):
            current = self._context.profile is not None and profile.id == self._context.profile.id
            suffix = self.tr(" (profil ouvert)") if current else ""
            item = QListWidgetItem(f"{profile.display_name} — {profile.role.label}{suffix}")
            item.setData(Qt.ItemDataRole.UserRole, profile)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _selected(self) -> Profile | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _unlocked(self, profile: Profile) -> bool:
        is_current = self._context.profile is not None and self._context.profile.id == profile.id
        return is_current or not profile.has_pin or ask_pin(self, self._context, profile)

    def _changed(self) -> None:
        self.refresh()
        self._context.hub.changesApplied.emit(Changes(profile=True), self)

    @Slot()
    def _rename(self) -> None:
        profile = self._selected()
        if profile is None or not self._unlocked(profile):
            return
        name, ok = QInputDialog.getText(
            self, self.tr("Renommer le profil"), self.tr("Nouveau nom affiché :"),
            text=profile.display_name,
        )  # fmt: skip
        if not ok:
            return
        try:
            renamed = call_in_worker(lambda: self._context.profiles.rename(profile.id, name))
        except ProfileError as exc:
            QMessageBox.warning(self, self.tr("Renommer le profil"), str(exc))
            return
        if self._context.profile is not None and self._context.profile.id == renamed.id:
            self._context.profile = renamed
        self._changed()

    @Slot()
    def _change_pin(self) -> None:
        profile = self._selected()
        if profile is None or not self._unlocked(profile):
            return
        pin, ok = QInputDialog.getText(
            self, self.tr("Code PIN"),
            self.tr("Nouveau code PIN (4 à 8 chiffres) ; laissez vide pour le retirer :"),
            QLineEdit.EchoMode.Password,
        )  # fmt: skip
        if not ok:
            return
        try:
            updated = call_in_worker(lambda: self._context.profiles.set_pin(profile.id, pin or None))
        except ProfileError as exc:
            QMessageBox.warning(self, self.tr("Code PIN"), str(exc))
            return
        if self._context.profile is not None and self._context.profile.id == updated.id:
            self._context.profile = updated
        self._changed()

    @Slot()
    def _delete(self) -> None:
        profile = self._selected()
        if profile is None or not self._unlocked(profile):
            return
        if not confirm(
            self,
            self.tr("Supprimer le profil"),
            self.tr(
                "Supprimer définitivement le profil « %1 » ?\n\n"
                "Sa progression, son historique de lecture et ses notes seront effacés de cet "
                "ordinateur. Cette action est irréversible."
            ).replace("%1", profile.display_name),
            no=QMessageBox.StandardButton.Cancel,
        ):
            return
        # Through « Mes données »'s erase: the same copies of the database are reached.
        result = call_in_worker(lambda: self._context.mydata.erase(profile.id))
        if self._context.profile is not None and self._context.profile.id == profile.id:
            self._context.profile = None
        self._changed()
        if result.kept or not result.complete:
            from ent_coach.ui.mydata import report_erasure  # loaded on demand, as the page is

            report_erasure(self, self._context, profile, result, title=self.tr("Supprimer le profil"))


# -- the guided welcome, shown on the home page the first time a profile opens ---------------


def _seen(raw: object) -> bool:
    return str(raw).lower() in ("true", "1", "oui")


def _welcome_option(profile: Profile) -> Option:
    # Keyed by the random pseudonym, never the display name: nothing personal in the file.
    return Option(f"accueil/visite_guidee_vue/{profile.pseudonym}", False, _seen)


def welcome_seen(settings: Settings, profile: Profile) -> bool:
    return bool(settings.get(_welcome_option(profile)))


def mark_welcome_seen(settings: Settings, profile: Profile) -> None:
    settings.set(_welcome_option(profile), True)


class GuidedWelcome(QFrame):
    """A short tour of the sections for a first-time user, dismissed for good with its
    button or Échap (the home page owns the shortcut).

    Signal: ``dismissed()`` — the person has read it; never show it again for this profile.
    """

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = heading_label(self.tr("Bienvenue ! Voici comment ENT Coach est organisé"), level=2, parent=self)
        sections = (
            (self.tr("Parcours"), self.tr(
                "un chemin guidé fait pour votre rôle ; « Continuer » ouvre toujours la "
                "prochaine étape, où qu'elle soit."
            )),
            (self.tr("Tutoriels"), self.tr("des fiches courtes et sourcées sur chaque service de l'ENT.")),
            (self.tr("Quiz juridique"), self.tr(
                "RGPD, droit à l'image, modération : chaque réponse est expliquée."
            )),
            (self.tr("Bac à sable"), self.tr("réglez un ENT simulé sans risque pour vos élèves.")),
            (self.tr("Auto-évaluation et Bonnes pratiques"), self.tr(
                "faites le point sur vos compétences et trouvez des idées de séances."
            )),
            (self.tr("Séances"), self.tr(
                "rejoignez la demi-journée de votre formateur avec son plan, puis renvoyez-lui votre "
                "progression par fichier ; formateurs : préparez et suivez vos séances."
            )),
            (self.tr("Mes données"), self.tr("ce qui est enregistré, et seulement sur cet ordinateur.")),
        )  # fmt: skip
        items = "".join(f"<li><b>{escape(name)}</b> : {escape(text)}</li>" for name, text in sections)
        self.body = QLabel(f"<ul style='margin-left:-20px'>{items}</ul>", self)
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        hint = muted_label(
            self.tr("Les sections sont à gauche, accessibles aussi au clavier : Ctrl+1 pour l'accueil, Ctrl+2 pour les parcours, et ainsi de suite."), self
        )
        self.dismiss_button = QPushButton(self.tr("C&ompris, masquer ce guide"), self)
        self.dismiss_button.setToolTip(self.tr("Ce guide ne s'affichera plus (Échap)"))
        self.dismiss_button.clicked.connect(self.dismissed)
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        row.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addLayout(row)

    def greet(self, profile: Profile) -> None:
        self.title.setText(
            self.tr("Bienvenue, %1 ! Voici comment ENT Coach est organisé").replace("%1", profile.display_name)
        )
