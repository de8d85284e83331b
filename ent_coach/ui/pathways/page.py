"""The « Parcours » section: catalogue → pathway page → (activity dialog); every database
call on the worker.

Signal: ``stepRequested(str, str)`` — open that step (pathway id, step id) in the section
that shows it; the main window routes it (``MainWindow.open_step``) and hands activities
back to ``open_activity``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QMessageBox, QStackedWidget, QWidget

from ent_coach.content.atomic_file import os_reason
from ent_coach.domain.pathways import PathwayProgress, StepKind
from ent_coach.domain.profiles import Profile
from ent_coach.ui import file_dialogs
from ent_coach.ui.context import AppContext
from ent_coach.ui.hub import Changes
from ent_coach.ui.ops import CollectionOp, QueryOp
from ent_coach.ui.pathways.activity import ActivityDialog
from ent_coach.ui.pathways.attestation import attestation_document, default_file_name
from ent_coach.ui.pathways.catalogue import PathwayCatalogue
from ent_coach.ui.pathways.view import PathwayView
from ent_coach.ui.printing import export_pdf
from ent_coach.ui.widgets import show_saved_file

if TYPE_CHECKING:
    from ent_coach.services.pathways import Attestation, PathwayOverview, StepTime


class PathwaysPage(QStackedWidget):
    stepRequested = Signal(str, str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._generation = 0  # drops answers that arrive after a profile change
        self.activity_dialog: ActivityDialog | None = None
        self.catalogue = PathwayCatalogue(self)
        self.view = PathwayView(self)
        self.addWidget(self.catalogue)
        self.addWidget(self.view)
        self.catalogue.pathwayRequested.connect(self.show_pathway)
        self.view.backRequested.connect(self.show_catalogue)
        self.view.followRequested.connect(self._set_followed)
        self.view.stepRequested.connect(self._step_requested)
        self.view.attestationRequested.connect(self.save_attestation)

    # -- section life --------------------------------------------------------------------

    def on_shown(self) -> None:
        """Coming back to the section: record what was done elsewhere, then reload."""
        self.refresh(record=True)

    def reset(self) -> None:
        """The profile changed: forget everything shown."""
        self._generation += 1
        if self.activity_dialog is not None:
            self.activity_dialog.reject()
            self.activity_dialog = None
        self.catalogue.clear()
        self.view.overview = None
        self.setCurrentWidget(self.catalogue)

    def refresh(self, *, record: bool = False) -> None:
        profile = self._context.profile
        if profile is None:
            return
        if self.currentWidget() is self.view and self.view.pathway_id is not None:
            self._load_pathway(self.view.pathway_id, record=record)
        else:
            self._load_catalogue(profile, record=record)

    def _load_catalogue(self, profile: Profile, *, record: bool) -> None:
        service = self._context.pathways
        generation = self._generation

        def load() -> list[PathwayOverview]:
            if record:
                service.record_progress(profile)
            return service.overview(profile)

        def show(rows: list[PathwayOverview]) -> None:
            if generation != self._generation:
                return
            self.catalogue.populate(rows, profile.role)
            if self.currentWidget() is self.catalogue:
                self.catalogue.focus_list()

        CollectionOp(parent=self, op=load).success(show).run()

    def show_catalogue(self) -> None:
        self.setCurrentWidget(self.catalogue)
        self.refresh()

    # -- one pathway -------------------------------------------------------------------------

    @Slot(str)
    def show_pathway(self, pathway_id: str) -> None:
        self._load_pathway(pathway_id, record=False, focus=True)

    def _load_pathway(
        self, pathway_id: str, *, record: bool, focus: bool = False, then=None  # type: ignore[no-untyped-def]
    ) -> None:
        profile = self._context.require_profile()
        service = self._context.pathways
        generation = self._generation

        def load() -> tuple[PathwayOverview, dict[str, StepTime]] | None:
            if record:
                service.record_progress(profile)
            overview = next((o for o in service.overview(profile) if o.pathway.id == pathway_id), None)
            if overview is None:
                return None
            return overview, service.step_times(profile, pathway_id)

        def show(loaded: tuple[PathwayOverview, dict[str, StepTime]] | None) -> None:
            if generation != self._generation:
                return
            if not (focus or then) and self.currentWidget() is not self.view:
                return  # a background reload, and the person went back to the catalogue
            if loaded is None:
                QMessageBox.information(
                    self,
                    self.tr("Parcours introuvable"),
                    self.tr("Ce parcours n'existe plus dans cette version d'ENT Coach."),
                )
                self.show_catalogue()
                return
            self.view.show_overview(*loaded)
            self.setCurrentWidget(self.view)
            if focus:
                self.view.focus_default()
            if then is not None:
                then()

        CollectionOp(parent=self, op=load).success(show).run()

    @Slot(bool)
    def _set_followed(self, followed: bool) -> None:
        pathway_id = self.view.pathway_id
        if pathway_id is None:
            return
        self.set_followed(pathway_id, followed)

    def set_followed(self, pathway_id: str, followed: bool, then=None) -> None:  # type: ignore[no-untyped-def]
        profile = self._context.require_profile()
        service = self._context.pathways

        def write() -> None:
            if followed:
                service.follow(profile, pathway_id)
            else:
                service.stop_following(profile, pathway_id)

        def done(_: object) -> None:
            self._context.hub.changesApplied.emit(Changes(progress=True), self)
            if self.view.pathway_id == pathway_id and self.currentWidget() is self.view:
                self._load_pathway(pathway_id, record=True, then=then)
            elif then is not None:
                then()

        CollectionOp(parent=self, op=write).success(done).run()

    @Slot(str)
    def _step_requested(self, step_id: str) -> None:
        overview = self.view.overview
        if overview is None:
            return
        pathway_id = overview.pathway.id
        if not overview.followed:
            # « Continuer » on a pathway not followed yet: following it is what the person means.
            self.set_followed(pathway_id, True, then=lambda: self.stepRequested.emit(pathway_id, step_id))
            return
        self.stepRequested.emit(pathway_id, step_id)

    # -- activities --------------------------------------------------------------------------

    def open_activity(self, pathway_id: str, step_id: str) -> None:
        """Show the pathway, then the dialog of its activity step ``step_id``."""
        profile = self._context.require_profile()
        service = self._context.pathways

        def open_dialog() -> None:
            progress = self.view.progress
            step_progress = progress.of(step_id) if progress is not None else None
            if step_progress is None or step_progress.step.kind is not StepKind.ACTIVITY:
                return
            QueryOp(parent=self, op=lambda: service.note(profile, pathway_id, step_id)).success(
                lambda note: self._show_activity(profile, pathway_id, step_id, note)
            ).run()

        if self.view.pathway_id == pathway_id and self.currentWidget() is self.view:
            open_dialog()
        else:
            self._load_pathway(pathway_id, record=True, then=open_dialog)

    def _show_activity(self, profile: Profile, pathway_id: str, step_id: str, note: str) -> None:
        progress = self.view.progress
        step_progress = progress.of(step_id) if progress is not None else None
        if step_progress is None or self.view.pathway_id != pathway_id:
            return
        if self.activity_dialog is not None:
            self.activity_dialog.reject()
        dialog = ActivityDialog(
            self._context, profile, pathway_id, step_progress.step, step_progress.state,
            step_progress.ticked, note, self,
        )  # fmt: skip
        dialog.progressChanged.connect(self._activity_progress)
        dialog.finished.connect(lambda _result: self._activity_closed(dialog))
        self.activity_dialog = dialog
        dialog.open()

    @Slot(object)
    def _activity_progress(self, progress: PathwayProgress) -> None:
        if self.view.pathway_id == progress.pathway.id:
            self.view.show_progress(progress)

    def _activity_closed(self, dialog: ActivityDialog) -> None:
        if self.activity_dialog is dialog:
            self.activity_dialog = None
        dialog.deleteLater()
        self.refresh(record=True)  # a completed checklist is recorded as a completed step
        self.view.focus_default()

    # -- attestation ---------------------------------------------------------------------------

    @Slot()
    def save_attestation(self) -> None:
        pathway_id = self.view.pathway_id
        if pathway_id is None:
            return
        profile = self._context.require_profile()
        service = self._context.pathways
        version = self._context.content_version

        def load() -> Attestation:
            service.record_progress(profile)
            return service.attestation(profile, pathway_id, content_version=version)

        CollectionOp(parent=self, op=load).success(self._ask_and_save).run()

    def _ask_and_save(self, attestation: Attestation) -> None:
        chosen = file_dialogs.save_file(
            self, self._context.settings, file_dialogs.ATTESTATION,
            title=self.tr("Enregistrer l'attestation de suivi"), file_name=default_file_name(attestation),
            file_filter=self.tr("Document PDF (*.pdf)"), suffix=".pdf",
        )  # fmt: skip
        if chosen is None:
            return
        path = str(chosen)
        try:
            export_pdf(attestation_document(attestation), path)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Attestation de suivi"),
                self.tr("Impossible d'écrire le fichier « %1 » : %2")
                .replace("%1", path)
                .replace("%2", os_reason(exc)),
            )
            return
        self.view.status.setText(
            self.tr("Attestation enregistrée : %1").replace("%1", Path(path).name)
        )
        show_saved_file(
            self,
            Path(path),
            title=self.tr("Attestation de suivi"),
            text=self.tr("L'attestation de suivi a été enregistrée en PDF."),
        )
