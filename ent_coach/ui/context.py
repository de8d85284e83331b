"""What every screen needs, handed down from the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ent_coach.domain.profiles import Profile
from ent_coach.domain.tutorials import Tutorial
from ent_coach.services.library import LibraryService
from ent_coach.services.profiles import ProfileService
from ent_coach.services.search import SearchService
from ent_coach.ui.hub import Hub
from ent_coach.ui.settings import Settings

if TYPE_CHECKING:
    from ent_coach.services.assessment import AssessmentService
    from ent_coach.services.coaching import CoachingService
    from ent_coach.services.mydata import MyDataService
    from ent_coach.services.pathways import PathwayService
    from ent_coach.services.practices import PracticeService
    from ent_coach.services.quiz import QuizService
    from ent_coach.services.sandbox import SandboxService


@dataclass
class AppContext:
    data_dir: Path
    database_path: Path
    settings: Settings
    hub: Hub
    profiles: ProfileService
    library: LibraryService
    search: SearchService
    # Built on first use: the quiz is not on the way to the first screen (start-up time).
    quiz_factory: Callable[[], QuizService]
    sandbox_factory: Callable[[], SandboxService]
    assessment_factory: Callable[[], AssessmentService]
    practices_factory: Callable[[], PracticeService]
    mydata_factory: Callable[[], MyDataService]
    pathways_factory: Callable[[], PathwayService]
    coaching_factory: Callable[[], CoachingService]
    tutorials: list[Tutorial]
    content_version: str
    profile: Profile | None = field(default=None)
    _quiz: QuizService | None = field(default=None, repr=False)
    _sandbox: SandboxService | None = field(default=None, repr=False)
    _assessment: AssessmentService | None = field(default=None, repr=False)
    _practices: PracticeService | None = field(default=None, repr=False)
    _mydata: MyDataService | None = field(default=None, repr=False)
    _pathways: PathwayService | None = field(default=None, repr=False)
    _coaching: CoachingService | None = field(default=None, repr=False)

    @property
    def quiz(self) -> QuizService:
        if self._quiz is None:
            self._quiz = self.quiz_factory()
        return self._quiz

    @quiz.setter
    def quiz(self, service: QuizService) -> None:
        self._quiz = service

    @property
    def sandbox(self) -> SandboxService:
        if self._sandbox is None:
            self._sandbox = self.sandbox_factory()
        return self._sandbox

    @sandbox.setter
    def sandbox(self, service: SandboxService) -> None:
        self._sandbox = service

    @property
    def assessment(self) -> AssessmentService:
        if self._assessment is None:
            self._assessment = self.assessment_factory()
        return self._assessment

    @property
    def practices(self) -> PracticeService:
        if self._practices is None:
            self._practices = self.practices_factory()
        return self._practices

    @property
    def mydata(self) -> MyDataService:
        if self._mydata is None:
            self._mydata = self.mydata_factory()
        return self._mydata

    @property
    def pathways(self) -> PathwayService:
        if self._pathways is None:
            self._pathways = self.pathways_factory()
        return self._pathways

    @property
    def coaching(self) -> CoachingService:
        if self._coaching is None:
            self._coaching = self.coaching_factory()
        return self._coaching

    def warm_up(self) -> None:
        """Work done once, off the GUI thread, after the first screen: load the ORM, build
        the search index of the tutorials."""
        self.profiles.warm_up()
        self.search.warm_up()

    def require_profile(self) -> Profile:
        if self.profile is None:
            raise RuntimeError("no profile open")
        return self.profile
