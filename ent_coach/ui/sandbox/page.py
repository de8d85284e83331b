"""The sandbox section: catalogue → workspace, with every database call on the worker."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QMessageBox, QStackedWidget, QWidget

from ent_coach.services.sandbox import SandboxSession, Verification
from ent_coach.ui.context import AppContext
from ent_coach.ui.hub import Changes
from ent_coach.ui.ops import CollectionOp, QueryOp, show_failure
from ent_coach.ui.sandbox.catalogue import SandboxCatalogue
from ent_coach.ui.sandbox.workspace import WorkspaceView


class SandboxPage(QStackedWidget):
    tutorialRequested = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.catalogue = SandboxCatalogue()
        self.workspace = WorkspaceView()
        self.workspace.tutorial_titles = {t.id: t.title for t in context.tutorials}
        self.addWidget(self.catalogue)
        self.addWidget(self.workspace)
        self.catalogue.scenarioRequested.connect(self.open_scenario)
        self.catalogue.templateRequested.connect(self.open_template)
        self.workspace.changed.connect(self._save)
        self.workspace.verifyRequested.connect(self._verify)
        self.workspace.hintRequested.connect(self._hint)
        self.workspace.solutionRequested.connect(self._solution)
        self.workspace.backRequested.connect(self.show_catalogue)
        self.workspace.tutorialRequested.connect(self.tutorialRequested.emit)

    @property
    def sitting(self) -> SandboxSession | None:
        return self.workspace.sitting

    # -- catalogue ---------------------------------------------------------------------------

    def on_shown(self) -> None:
        if self.currentWidget() is self.catalogue:
            self.refresh()

    def reset(self) -> None:
        """Another profile opened: never show the previous one's workspace."""
        self.workspace.sitting = None
        self.setCurrentWidget(self.catalogue)

    def show_catalogue(self) -> None:
        self.setCurrentWidget(self.catalogue)
        self.refresh()

    def refresh(self) -> None:
        profile = self._context.profile
        if profile is None:
            return
        service = self._context.sandbox

        def load():
            return service.content, service.saved_workspaces(profile)

        def show(data) -> None:
            content, saved = data
            self.catalogue.populate(content.scenarios, content.templates, saved)
            if self.currentWidget() is self.catalogue:
                self.catalogue.focus_default()

        QueryOp(parent=self, op=load).success(show).run()

    # -- opening -----------------------------------------------------------------------------

    @Slot(str)
    def open_scenario(self, scenario_id: str) -> None:
        profile = self._context.require_profile()
        service = self._context.sandbox
        CollectionOp(parent=self, op=lambda: service.open_scenario(profile, scenario_id)).success(
            self._show
        ).failure(self._failed).run()

    @Slot(str)
    def open_template(self, template_id: str) -> None:
        profile = self._context.require_profile()
        service = self._context.sandbox
        CollectionOp(parent=self, op=lambda: service.open_template(profile, template_id)).success(
            self._show
        ).failure(self._failed).run()

    def _show(self, sitting: SandboxSession) -> None:
        self.workspace.open(sitting)
        self.setCurrentWidget(self.workspace)
        if sitting.restore_notice:
            QMessageBox.information(self, self.tr("Travail réinitialisé"), sitting.restore_notice)

    def _failed(self, error: Exception) -> None:
        """A scenario gone from the content since the catalogue was shown, or a store error."""
        show_failure(self, error)
        self.refresh()

    # -- working -----------------------------------------------------------------------------

    @Slot()
    def _save(self) -> None:
        sitting, profile = self.sitting, self._context.profile
        if sitting is None or profile is None:
            return
        service = self._context.sandbox
        CollectionOp(parent=self, op=lambda: service.save(profile, sitting)).success(
            lambda _: None
        ).run()

    @Slot()
    def _verify(self) -> None:
        sitting, profile = self.sitting, self._context.profile
        if sitting is None or profile is None or not sitting.is_scenario:
            return
        service = self._context.sandbox

        def shown(verification: Verification) -> None:
            self.workspace.show_verification(verification)
            # A scenario passed may complete a pathway step (the pathway bar offers the next).
            self._context.hub.changesApplied.emit(Changes(progress=True), self)

        CollectionOp(parent=self, op=lambda: service.verify(profile, sitting)).success(shown).run()

    @Slot()
    def _hint(self) -> None:
        sitting, profile = self.sitting, self._context.profile
        if sitting is None or profile is None:
            return
        service = self._context.sandbox
        CollectionOp(parent=self, op=lambda: service.next_hint(profile, sitting)).success(
            self.workspace.show_hint
        ).run()

    @Slot()
    def _solution(self) -> None:
        sitting, profile = self.sitting, self._context.profile
        if sitting is None or profile is None:
            return
        service = self._context.sandbox
        CollectionOp(parent=self, op=lambda: service.reveal_solution(profile, sitting)).success(
            self.workspace.show_solution
        ).run()
