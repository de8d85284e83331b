"""What every screen needs, handed down from the composition root."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ent_coach.domain.profiles import Profile
from ent_coach.domain.tutorials import Tutorial
from ent_coach.services.library import LibraryService
from ent_coach.services.profiles import ProfileService
from ent_coach.services.quiz import QuizService
from ent_coach.services.search import TutorialSearch
from ent_coach.ui.hub import Hub
from ent_coach.ui.settings import Settings


@dataclass
class AppContext:
    data_dir: Path
    database_path: Path
    settings: Settings
    hub: Hub
    profiles: ProfileService
    library: LibraryService
    search: TutorialSearch
    quiz: QuizService
    tutorials: list[Tutorial]
    content_version: str
    profile: Profile | None = field(default=None)

    def warm_up(self) -> None:
        """Work done once, off the GUI thread, after the first screen: load the ORM, build
        the search index."""
        self.profiles.warm_up()
        self.search.warm_up()

    def require_profile(self) -> Profile:
        if self.profile is None:
            raise RuntimeError("no profile open")
        return self.profile
