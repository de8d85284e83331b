"""« Rejoindre une séance »: a trainee imports the tutor's plan (it becomes a pathway on the
home) and, at the end, saves their progress to a file for the tutor."""

from __future__ import annotations

import datetime as dt
from functools import partial
from html import escape as html_escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.coaching import SEANCE_PATHWAY_PREFIX, is_seance_pathway
from ent_coach.ui import file_dialogs
from ent_coach.ui.coaching import texts
from ent_coach.ui.hub import Changes
from ent_coach.ui.ops import CollectionOp, QueryOp, show_failure
from ent_coach.ui.widgets import heading_label, muted_label

# Apostrophes stay as typed (a label's text is read back by tests and screen readers).
escape = partial(html_escape, quote=False)

if TYPE_CHECKING:
    from ent_coach.ui.context import AppContext


def open_folder(folder: Path) -> None:
    """Show a folder in the system's file manager (a separate function so tests replace it)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class SendProgressDialog(QDialog):
    """Which progress to send (one séance or everything) and under which name."""

    def __init__(
        self, seances: list[tuple[str, str]], *, display_name: str, preselect: str | None, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Envoyer ma progression"))
        self.seance_combo = QComboBox(self)
        self.seance_combo.setAccessibleName(self.tr("Progression à envoyer"))
        for code, title in seances:
            self.seance_combo.addItem(title, code)
        self.seance_combo.addItem(self.tr("Toute ma progression"), "")
        index = self.seance_combo.findData(preselect) if preselect else 0
        self.seance_combo.setCurrentIndex(max(0, index))

        self.anonymous_radio = QRadioButton(self.tr("Seulement un identifiant &anonyme (recommandé)"), self)
        self.name_radio = QRadioButton(self.tr("Inclure mon &nom (%1)").replace("%1", display_name), self)
        self.anonymous_radio.setChecked(True)  # privacy first: the name is an explicit choice
        group = QButtonGroup(self)
        group.addButton(self.anonymous_radio)
        group.addButton(self.name_radio)
        anonymous_hint = muted_label(
            self.tr(
                "Le formateur vous verra comme « Participant 1 », « Participant 2 »… "
                "Il ne saura pas qui vous êtes, sauf si vous le lui dites. Les titres des pratiques "
                "que vous avez rédigées deviennent « Pratique personnelle »."
            ),
            self,
        )
        name_hint = muted_label(
            self.tr("Le formateur verra votre nom dans son tableau de bord et sur votre attestation de suivi, "
                    "et les titres des pratiques que vous avez rédigées."),
            self,
        )
        for hint in (anonymous_hint, name_hint):
            hint.setIndent(24)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton(
            self.tr("&Enregistrer le fichier…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        seance_label = QLabel(self.tr("&Séance :"), self)
        seance_label.setBuddy(self.seance_combo)
        form.addRow(seance_label, self.seance_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(self.tr("Que voulez-vous envoyer ?"), level=3, parent=self))
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(QLabel(self.tr("Comment le formateur vous verra-t-il ?"), self))
        layout.addWidget(self.anonymous_radio)
        layout.addWidget(anonymous_hint)
        layout.addWidget(self.name_radio)
        layout.addWidget(name_hint)
        layout.addWidget(
            muted_label(
                self.tr(
                    "Le fichier contient vos activités dans ENT Coach (tutoriels, quiz, scénarios, étapes), "
                    "jamais vos notes personnelles ni votre code PIN."
                ),
                self,
            )
        )
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(560, 380)

    def seance_code(self) -> str | None:
        return str(self.seance_combo.currentData()) or None

    def include_name(self) -> bool:
        return self.name_radio.isChecked()


class JoinPanel(QWidget):
    """The trainee's side. ``pathwayRequested(pathway_id)`` asks to show the séance pathway."""

    pathwayRequested = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._generation = 0
        self._seances: list[tuple[str, str]] = []  # received plans: code, title
        self._last_pathway: str | None = None
        self._last_code: str | None = None
        self._saved_path: Path | None = None

        intro = muted_label(
            self.tr(
                "Votre formateur vous remet un fichier de plan (sur une clé USB, par exemple). "
                "Une fois importé, la séance apparaît comme un parcours sur votre accueil, avec « Continuer ». "
                "Aucune connexion à Internet n'est nécessaire."
            ),
            self,
        )
        self.import_button = QPushButton(self.tr("&Importer le plan de séance…"), self)
        self.plan_result = QLabel(self)
        self.plan_result.setWordWrap(True)
        self.plan_result.setTextFormat(Qt.TextFormat.RichText)
        self.open_pathway_button = QPushButton(self.tr("&Ouvrir le parcours de la séance"), self)
        self.open_pathway_button.hide()
        self.received_label = muted_label("", self)

        self.send_button = QPushButton(self.tr("&Envoyer ma progression au formateur…"), self)
        self.send_result = QLabel(self)
        self.send_result.setWordWrap(True)
        self.send_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = QPushButton(self.tr("Ouvrir le &dossier"), self)
        self.open_folder_button.hide()

        receive = self._card()
        receive_layout = QVBoxLayout(receive)
        receive_layout.addWidget(heading_label(self.tr("1. Recevoir le plan"), level=3, parent=receive))
        receive_layout.addWidget(intro)
        receive_layout.addLayout(self._row(self.import_button))
        receive_layout.addWidget(self.plan_result)
        receive_layout.addLayout(self._row(self.open_pathway_button))
        receive_layout.addWidget(self.received_label)

        send = self._card()
        send_layout = QVBoxLayout(send)
        send_layout.addWidget(heading_label(self.tr("2. Envoyer ma progression"), level=3, parent=send))
        send_layout.addWidget(
            muted_label(
                self.tr(
                    "Quand le formateur le demande, enregistrez votre progression dans un fichier et "
                    "remettez-le-lui : il verra où en est le groupe, sans rien installer de plus."
                ),
                send,
            )
        )
        send_layout.addLayout(self._row(self.send_button))
        send_layout.addWidget(self.send_result)
        send_layout.addLayout(self._row(self.open_folder_button))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(receive)
        layout.addWidget(send)
        layout.addStretch(1)

        self.import_button.clicked.connect(self.import_plan)
        self.open_pathway_button.clicked.connect(self._open_pathway)
        self.send_button.clicked.connect(self.send_progress)
        self.open_folder_button.clicked.connect(self._open_folder)

    def _card(self) -> QFrame:
        frame = QFrame(self)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        return frame

    @staticmethod
    def _row(widget: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(widget)
        row.addStretch(1)
        return row

    # -- life ------------------------------------------------------------------------------------

    def reset(self) -> None:
        self._generation += 1
        self._seances = []
        self._last_pathway = self._last_code = None
        self._saved_path = None
        self.plan_result.clear()
        self.send_result.clear()
        self.received_label.clear()
        self.open_pathway_button.hide()
        self.open_folder_button.hide()

    def refresh(self) -> None:
        """Reload the received plans (the séance pathways this profile can see)."""
        profile = self._context.profile
        if profile is None:
            return
        pathways = self._context.pathways
        generation = self._generation

        def load() -> list[tuple[str, str]]:
            return [
                (row.pathway.id.removeprefix(SEANCE_PATHWAY_PREFIX), row.pathway.title)
                for row in pathways.overview(profile)
                if is_seance_pathway(row.pathway.id)
            ]

        def show(seances: list[tuple[str, str]]) -> None:
            if generation == self._generation:
                self._set_seances(seances)

        QueryOp(parent=self, op=load).success(show).run()

    def _set_seances(self, seances: list[tuple[str, str]]) -> None:
        self._seances = seances
        if seances:
            self.received_label.setText(
                self.tr("Séances reçues : %1").replace("%1", " ; ".join(title for _code, title in seances))
            )
        else:
            self.received_label.setText(self.tr("Vous n'avez encore reçu aucun plan de séance."))

    # -- the plan ---------------------------------------------------------------------------------

    @Slot()
    def import_plan(self) -> None:
        path = file_dialogs.open_file(
            self, self._context.settings, file_dialogs.SEANCE_PLAN,
            title=self.tr("Importer le plan de séance"), file_filter=texts.PLAN_FILE_FILTER,
        )  # fmt: skip
        if path is None:
            return
        profile = self._context.require_profile()
        service = self._context.coaching
        generation = self._generation

        def done(result) -> None:  # type: ignore[no-untyped-def]  # PlanImport
            if generation != self._generation:
                return
            plan = result.plan
            self._last_pathway = plan.pathway_id
            self._last_code = plan.code
            lines = [
                "<p><b>"
                + escape(
                    (self.tr("Plan mis à jour : %1") if result.replaced else self.tr("Plan importé : %1")).replace(
                        "%1", texts.seance_line(plan)
                    )
                )
                + "</b></p>"
            ]
            if result.missing:
                lines.append(
                    "<p>"
                    + escape(
                        self.tr(
                            "Certains éléments du plan ne sont pas disponibles dans votre version "
                            "d'ENT Coach ; le reste de la séance est utilisable :"
                        )
                    )
                    + "</p><ul>"
                    + "".join(f"<li>{escape(line)}</li>" for line in result.missing)
                    + "</ul>"
                )
            else:
                lines.append(
                    "<p>" + escape(self.tr("La séance est sur votre accueil : « Continuer » vous y mène.")) + "</p>"
                )
            self.plan_result.setText("".join(lines))
            self.open_pathway_button.show()
            self.open_pathway_button.setFocus()
            self._context.hub.changesApplied.emit(Changes(progress=True), self)
            self.refresh()

        def failed(error: Exception) -> None:
            if generation != self._generation:
                return
            self.open_pathway_button.hide()
            if isinstance(error, (ValueError, OSError)):
                self.plan_result.setText(
                    "<p><b>"
                    + escape(self.tr("Ce plan n'a pas pu être importé."))
                    + "</b></p><p>"
                    + escape(texts.describe_error(error))
                    + "</p>"
                )
            else:
                show_failure(self, error)

        CollectionOp(parent=self, op=lambda: service.import_plan(profile, path)).success(done).failure(failed).run()

    @Slot()
    def _open_pathway(self) -> None:
        if self._last_pathway is not None:
            self.pathwayRequested.emit(self._last_pathway)

    # -- progress ---------------------------------------------------------------------------------

    @Slot()
    def send_progress(self) -> None:
        profile = self._context.require_profile()
        dialog = SendProgressDialog(
            self._seances, display_name=profile.display_name, preselect=self._last_code, parent=self
        )
        accepted = dialog.exec()
        code, include_name = dialog.seance_code(), dialog.include_name()
        dialog.deleteLater()
        if not accepted:
            return
        suggested = texts.bundle_file_name(
            code, dt.date.today(), pseudonym=profile.pseudonym,
            display_name=profile.display_name if include_name else None,
        )  # fmt: skip
        path = file_dialogs.save_file(
            self, self._context.settings, file_dialogs.PROGRESS,
            title=self.tr("Enregistrer ma progression"), file_name=suggested,
            file_filter=texts.BUNDLE_FILE_FILTER, suffix=".zip",
        )  # fmt: skip
        if path is None:
            return
        service = self._context.coaching
        generation = self._generation

        def done(_manifest: object) -> None:
            if generation != self._generation:
                return
            self._saved_path = path
            self.send_result.setText(
                self.tr("Votre progression est enregistrée dans :\n%1\nRemettez ce fichier à votre formateur.").replace(
                    "%1", str(path)
                )
            )
            self.open_folder_button.show()

        def failed(error: Exception) -> None:
            if generation != self._generation:
                return
            self.open_folder_button.hide()
            if isinstance(error, (ValueError, OSError)):
                self.send_result.setText(
                    self.tr("Le fichier n'a pas pu être enregistré : %1").replace("%1", texts.describe_error(error))
                )
            else:
                show_failure(self, error)

        CollectionOp(
            parent=self,
            op=lambda: service.export_bundle(profile, path, seance_code=code, include_name=include_name),
        ).success(done).failure(failed).run()

    @Slot()
    def _open_folder(self) -> None:
        if self._saved_path is not None:
            open_folder(self._saved_path.parent)

