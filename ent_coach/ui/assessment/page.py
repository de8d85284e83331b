"""The « Auto-évaluation » section: the profile, or the questionnaire of a new sitting."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from ent_coach.domain.assessment import Assessment, Rating
from ent_coach.domain.quiz.model import QUIZ_THEMES
from ent_coach.ui.assessment.form import AssessmentForm
from ent_coach.ui.assessment.profile_view import ProfileData, ProfileView
from ent_coach.ui.context import AppContext
from ent_coach.ui.hub import Changes
from ent_coach.ui.ops import QueryOp, show_failure
from ent_coach.ui.widgets import scoped_shortcut


class AssessmentPage(QWidget):
    """Signals ask the main window to open suggested content in its own section."""

    tutorialRequested = Signal(str)
    quizThemeRequested = Signal(str)
    scenarioRequested = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._data: ProfileData | None = None
        self._start_pending = False  # a sitting asked before the data was loaded
        self._loading = 0  # loads on the worker not back yet
        self.profile_view = ProfileView(self)
        self.profile_view.startRequested.connect(self.start_new)
        self.profile_view.linkRequested.connect(self._open_link)
        self.form = AssessmentForm(self)
        self.form.submitted.connect(self._save)
        self.form.cancelled.connect(self._show_profile)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.profile_view)
        self.stack.addWidget(self.form)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.stack)
        scoped_shortcut(QKeySequence.StandardKey.New, self, self._new_from_shortcut)

    # -- section life ------------------------------------------------------------------

    def on_shown(self) -> None:
        if self.stack.currentWidget() is self.form:
            return  # keep a sitting in progress as it is
        self.refresh()

    def reset(self) -> None:
        self._data = None
        self._start_pending = False
        self.profile_view.announce("")
        self.stack.setCurrentWidget(self.profile_view)

    def refresh(self) -> None:
        profile = self._context.require_profile()
        context = self._context

        def load() -> ProfileData:
            service = context.assessment
            framework = service.framework()
            history = service.history(profile)
            wanted = [c.suggestions for c in framework.competences()]
            tutorials = {
                tid: tutorial.title
                for s in wanted
                for tid in s.tutorials
                if (tutorial := context.library.tutorial(tid)) is not None
            }
            themes = {t: QUIZ_THEMES[t] for s in wanted for t in s.quiz_themes if t in QUIZ_THEMES}
            scenarios = {}
            known = {scenario.id: scenario.title for scenario in context.sandbox.content.scenarios}
            for s in wanted:
                scenarios.update({sid: known[sid] for sid in s.scenarios if sid in known})
            return ProfileData(framework, history, tutorials, themes, scenarios)

        self._loading += 1

        def failed(error: Exception) -> None:
            self._loading -= 1
            self._start_pending = False
            show_failure(self, error)

        QueryOp(parent=self, op=load).success(self._show_data).failure(failed).run()

    def _show_data(self, data: ProfileData) -> None:
        self._loading -= 1
        self._data = data
        self.profile_view.show_data(data)
        if self._start_pending and self._loading == 0:
            self._start_pending = False
            self.start_new()
            return
        self.stack.setCurrentWidget(self.profile_view)
        self.profile_view.start_button.setFocus()

    # -- a new sitting -----------------------------------------------------------------

    @Slot()
    def _new_from_shortcut(self) -> None:
        if self.stack.currentWidget() is self.profile_view:
            self.start_new()

    @Slot()
    def start_new(self) -> None:
        if self._data is None:
            return
        previous = self._data.history[-1] if self._data.history else None
        self.profile_view.announce("")
        self.form.start(self._data.framework, previous)
        self.stack.setCurrentWidget(self.form)

    def start_when_loaded(self) -> None:
        """A new sitting asked from elsewhere (a pathway step): starts as soon as the
        framework and history are loaded; a sitting already on screen is kept."""
        if self.stack.currentWidget() is self.form:
            return
        if self._loading == 0 and self._data is not None:
            self.start_new()
            return
        self._start_pending = True
        if self._loading == 0:
            self.refresh()

    @Slot(object)
    def _save(self, ratings: dict[str, Rating]) -> None:
        profile = self._context.require_profile()
        service = self._context.assessment

        def saved(_assessment: Assessment) -> None:
            # Said on the profile that follows, not in a second box after the confirmation.
            self.profile_view.announce(
                self.tr(
                    "Votre auto-évaluation est enregistrée. Votre profil montre maintenant vos "
                    "points forts et des contenus pour progresser."
                )
            )
            self.refresh()
            self._context.hub.changesApplied.emit(Changes(progress=True), self)

        QueryOp(parent=self, op=lambda: service.save(profile, ratings)).success(saved).failure(
            lambda error: show_failure(self, error)
        ).run()

    @Slot()
    def _show_profile(self) -> None:
        self.stack.setCurrentWidget(self.profile_view)
        self.profile_view.start_button.setFocus()

    @Slot(str)
    def _open_link(self, link: str) -> None:
        kind, _, target = link.partition(":")
        signal = {
            "tutoriel": self.tutorialRequested,
            "quiz": self.quizThemeRequested,
            "scenario": self.scenarioRequested,
        }.get(kind)
        if signal is not None and target:
            signal.emit(target)
