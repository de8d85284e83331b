"""Start-up steps that may need to talk to the person: opening the database safely, and
assembling the application context."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from ent_coach import APP_NAME, __version__, paths
from ent_coach.content.atomic_file import os_reason
from ent_coach.content.tutorial_index import load_indexed_tutorials
from ent_coach.domain.tutorials import content_version
from ent_coach.services.library import LibraryService
from ent_coach.services.profiles import ProfileService
from ent_coach.services.search import SearchService, SearchSources
from ent_coach.store.database import Store, move_aside, open_store
from ent_coach.store.errors import CorruptDatabaseError, StoreError
from ent_coach.ui.context import AppContext
from ent_coach.ui.hub import Hub
from ent_coach.ui.settings import Settings
from ent_coach.ui.widgets import confirm

if TYPE_CHECKING:
    from ent_coach.content.pathway_index import HomeContent
    from ent_coach.domain.competences import Framework
    from ent_coach.domain.pathways import InstalledContent, Pathway
    from ent_coach.domain.practices import Practice
    from ent_coach.domain.quiz.model import QuizBank
    from ent_coach.domain.tutorials import Tutorial
    from ent_coach.services.assessment import AssessmentService
    from ent_coach.services.coaching import CoachingService
    from ent_coach.services.mydata import MyDataService
    from ent_coach.services.pathways import PathwayService
    from ent_coach.services.practices import PracticeService
    from ent_coach.services.quiz import QuizService
    from ent_coach.services.sandbox import SandboxContent, SandboxService

log = logging.getLogger(__name__)


class StartupFailure(Exception):
    """The application cannot start; the message is French and complete."""


def open_database(data_dir: Path) -> Store | None:
    """Open the store, asking what to do with an unreadable file. None if the person declines."""
    path = paths.database_path(data_dir)
    try:
        return open_store(path)
    except CorruptDatabaseError as error:
        log.warning("Base illisible « %s » : %s", path, error.detail)
        if not confirm(
            None,
            APP_NAME,
            f"{error}\n\nLe fichier sera conservé sous un autre nom (il n'est jamais supprimé) "
            "et ENT Coach repartira d'une base neuve, sans profil.\n\nRepartir d'une base neuve ?",
            no=QMessageBox.StandardButton.Cancel,
        ):
            log.info("Base illisible laissée en place : la personne a refusé de repartir d'une base neuve")
            return None
        try:
            kept = move_aside(path)
        except OSError as exc:
            log.error("Mise de côté de « %s » impossible : %s", path, exc)
            raise StartupFailure(
                f"Impossible de mettre le fichier de côté ({os_reason(exc)}). Rien n'a été modifié."
            ) from exc
        log.warning("Base illisible mise de côté sous « %s » ; ENT Coach repart d'une base neuve", kept)
        QMessageBox.information(None, APP_NAME, f"L'ancien fichier a été conservé sous le nom :\n{kept}")
        try:
            return open_store(path)
        except StoreError as again:
            raise StartupFailure(str(again)) from again
    except StoreError as error:
        raise StartupFailure(str(error)) from error


def _quiz_service(store: Store) -> QuizService:
    from ent_coach.services.quiz import QuizService

    return QuizService(store, _load_quiz_bank)


def _load_quiz_bank() -> QuizBank:
    """Bundled items were validated by ``check-content``; an item that fails anyway (a
    locally edited file) is left out and logged rather than breaking the quiz."""
    from ent_coach.content.quiz import load_quiz

    load = load_quiz(paths.resources_dir() / "quiz")
    for problem in load.problems:
        log.warning("Question de quiz ignorée : %s", problem.format())
    return load.bank


def _sandbox_service(store: Store) -> SandboxService:
    from ent_coach.services.sandbox import SandboxService

    return SandboxService(store, _load_sandbox_content)


def _load_sandbox_content() -> SandboxContent:
    """Bundled scenarios and templates were validated by ``check-content``; one that fails
    anyway is left out and logged rather than breaking the sandbox."""
    from ent_coach.content.sandbox_templates import load_templates
    from ent_coach.content.scenarios import load_scenarios
    from ent_coach.services.sandbox import SandboxContent

    root = paths.bundle_root()
    scenarios = load_scenarios(root)
    templates = load_templates(root)
    for problem in [*scenarios.problems, *templates.problems]:
        log.warning("Contenu du bac à sable ignoré : %s", problem.format())
    return SandboxContent(tuple(scenarios.scenarios), tuple(templates.templates))


def _load_frameworks() -> tuple[Framework, ...]:
    from ent_coach.content.competences import load_frameworks

    load = load_frameworks(paths.resources_dir() / "competences")
    for problem in load.problems:
        log.warning("Référentiel de compétences ignoré : %s", problem.format())
    return tuple(load.frameworks)


def _assessment_service(store: Store) -> AssessmentService:
    from ent_coach.services.assessment import AssessmentService

    return AssessmentService(store, _load_frameworks)


def _load_practices() -> tuple[Practice, ...]:
    from ent_coach.content.practices import load_practices

    load = load_practices(paths.resources_dir() / "practices")
    for problem in load.problems:
        log.warning("Bonne pratique ignorée : %s", problem.format())
    return tuple(load.practices)


def _practice_service(store: Store) -> PracticeService:
    from ent_coach.services.practices import PracticeService

    return PracticeService(store, _load_practices)


def _load_pathways() -> tuple[Pathway, ...]:
    """Bundled pathways were validated by ``check-content``; a file that fails anyway (a
    locally edited one) is left out and logged. A step naming missing content is kept: the
    pathway shows it as unavailable."""
    from ent_coach.content.pathways import load_pathways

    load = load_pathways(paths.resources_dir() / "pathways")
    for problem in load.problems:
        log.warning("Parcours : %s", problem.format())
    return tuple(load.pathways)


def _installed_content(tutorials: list[Tutorial], home: Callable[[], HomeContent]) -> InstalledContent:
    """What pathway steps may reference in this installation (built on first use)."""
    from ent_coach.domain.pathways import InstalledContent
    from ent_coach.domain.quiz.model import QUIZ_THEMES

    content = home()
    return InstalledContent(
        tutorials=frozenset(tutorial.id for tutorial in tutorials),
        quiz_themes=frozenset(QUIZ_THEMES),
        scenarios=content.scenario_ids,
        practices=content.practice_ids,
    )


def _home_content_loader(
    data_dir: Path, read: Callable[[], HomeContent]
) -> Callable[[], HomeContent]:
    """The pathways and installed ids, from the quick-start index when it is current (read
    once, on first use, from whichever thread asks first)."""
    lock = threading.Lock()
    loaded: list[HomeContent] = []

    def load() -> HomeContent:
        from ent_coach.content.pathway_index import load_indexed_home_content

        with lock:
            if not loaded:
                resources = paths.resources_dir()
                loaded.append(
                    load_indexed_home_content(
                        (resources / "pathways", resources / "scenarios", resources / "practices",
                         paths.tutorials_dir()),
                        paths.home_index_path(data_dir),
                        app_version=__version__,
                        read_files=read,
                    )
                )  # fmt: skip
            return loaded[0]

    return load


def _pathway_service(
    store: Store, pathways: Callable[[], tuple[Pathway, ...]], installed: Callable[[], InstalledContent]
) -> PathwayService:
    from ent_coach.services.pathways import PathwayService

    return PathwayService(store, pathways, installed)


def _coaching_service(
    store: Store, pathways: Callable[[], PathwayService], installed: Callable[[], InstalledContent],
    quiz: Callable[[], QuizService], content_version: str,
) -> CoachingService:
    from ent_coach.services.coaching import CoachingService

    def question_titles() -> dict[str, str]:
        return {item.id: item.title for item in quiz().bank.items}

    return CoachingService(
        store,
        app_version=__version__,
        content_version=content_version,
        installed=installed,
        question_titles=question_titles,
        pathways=pathways(),
    )


def _mydata_service(store: Store, data_dir: Path) -> MyDataService:
    from ent_coach.services.mydata import MyDataService

    return MyDataService(store, data_dir=data_dir)


def _read_tutorial_files(directory: Path) -> list[Tutorial]:
    # Imported here: the YAML reader is only needed when the quick-start index is out of date.
    from ent_coach.content.tutorials import load_tutorials

    return load_tutorials(directory, validate=False).tutorials


def _search_sources(tutorials: list[Tutorial], context: Callable[[], AppContext]) -> SearchSources:
    """Everything the search covers, read through the services on first search or warm-up."""
    return SearchSources(
        tutorials=lambda: tutorials,
        practices=lambda: context().practices.shipped,
        quiz_items=lambda: context().quiz.bank.items,
        scenarios=lambda: context().sandbox.content.scenarios,
        pathways=lambda: context().pathways.pathways(),
        own_practices=lambda profile: context().practices.own_practices(profile),
        own_generation=lambda: context().practices.generation,
    )


def build_context(data_dir: Path, store: Store) -> AppContext:
    tutorials = load_indexed_tutorials(
        paths.tutorials_dir(),
        paths.tutorial_index_path(data_dir),
        app_version=__version__,
        read_files=_read_tutorial_files,
    )
    context: AppContext | None = None

    def read_home_content() -> HomeContent:
        from ent_coach.content.pathway_index import HomeContent

        assert context is not None
        return HomeContent(
            pathways=_load_pathways(),
            scenario_ids=frozenset(scenario.id for scenario in context.sandbox.content.scenarios),
            practice_ids=frozenset(practice.id for practice in context.practices.shipped),
        )

    home_content = _home_content_loader(data_dir, read_home_content)

    def installed() -> InstalledContent:
        return _installed_content(tutorials, home_content)

    context = AppContext(
        data_dir=data_dir,
        database_path=store.path,
        settings=Settings(paths.settings_path(data_dir)),
        hub=Hub(),
        profiles=ProfileService(store),
        library=LibraryService(store, tutorials),
        search=SearchService(_search_sources(tutorials, lambda: context)),  # type: ignore[arg-type]
        quiz_factory=lambda: _quiz_service(store),
        sandbox_factory=lambda: _sandbox_service(store),
        assessment_factory=lambda: _assessment_service(store),
        practices_factory=lambda: _practice_service(store),
        mydata_factory=lambda: _mydata_service(store, data_dir),
        pathways_factory=lambda: _pathway_service(store, lambda: home_content().pathways, installed),
        coaching_factory=lambda: _coaching_service(
            store,
            lambda: context.pathways,  # type: ignore[union-attr]
            installed,
            lambda: context.quiz,  # type: ignore[union-attr]
            content_version(tutorials),
        ),
        tutorials=tutorials,
        content_version=content_version(tutorials),
    )
    return context
