"""Checks the installed application can run: content loads, tutorials render, the database
migrates. Used by ``ent-coach self-test`` on the frozen bundle."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from ent_coach import paths, system_libs
from ent_coach.content.render import render_tutorial
from ent_coach.content.tutorials import check_tutorials
from ent_coach.services.profiles import ProfileService
from ent_coach.services.search import SearchService, SearchSources
from ent_coach.store.database import open_store


def run_self_test() -> list[str]:
    """Every failure as a French line; an empty list means all is well."""
    failures: list[str] = []
    checked = check_tutorials(paths.tutorials_dir())
    failures.extend(p.format(relative_to=paths.bundle_root()) for p in checked.problems)
    if not checked.tutorials:
        failures.append("aucun tutoriel chargé")
    for tutorial in checked.tutorials:
        try:
            if "<h1" not in render_tutorial(tutorial).html:
                failures.append(f"{tutorial.id} : rendu vide")
        except Exception as exc:
            failures.append(f"{tutorial.id} : rendu impossible ({exc})")
    try:
        found = SearchService(SearchSources(tutorials=lambda: checked.tutorials)).search("ENT")
        if checked.tutorials and not found.total:
            failures.append("recherche : aucun résultat pour « ENT »")
    except Exception as exc:
        failures.append(f"recherche impossible ({exc})")
    try:
        from ent_coach.content.sandbox_templates import load_templates
        from ent_coach.content.scenarios import load_scenarios

        scenarios = load_scenarios(paths.bundle_root())
        templates = load_templates(paths.bundle_root())
        for problem in [*scenarios.problems, *templates.problems]:
            failures.append(problem.format(relative_to=paths.bundle_root()))
        if not scenarios.scenarios or not templates.templates:
            failures.append("bac à sable : aucun scénario ou aucun modèle chargé")
    except Exception as exc:
        failures.append(f"bac à sable : chargement impossible ({exc})")
    failures.extend(_check_guidance_content({t.id for t in checked.tutorials}))
    failures.extend(check_display_libraries())
    with tempfile.TemporaryDirectory() as folder:
        try:
            store = open_store(Path(folder) / "auto-test.sqlite3")
            try:
                ProfileService(store).install_id()
            finally:
                store.close()
        except Exception as exc:
            failures.append(f"base de données : migration impossible ({exc})")
    return failures


def check_display_libraries() -> list[str]:
    """Linux: every system library Qt's X11 display plug-in needs is installed, else the
    window could not open (the same French message the application gives then)."""
    if not sys.platform.startswith("linux"):
        return []
    missing = system_libs.diagnose(system_libs.qt_plugin_path("xcb"))
    if not missing:
        return []
    return [system_libs.missing_libraries_message(missing, system_libs.linux_family())]


def _check_guidance_content(tutorial_ids: set[str]) -> list[str]:
    """Competence frameworks, good practices and pathways load, and every pathway step
    names content that is installed."""
    failures: list[str] = []
    root = paths.bundle_root()
    resources = paths.resources_dir()
    competence_ids: set[str] | None = None
    try:
        from ent_coach.content.competences import load_frameworks

        frameworks = load_frameworks(resources / "competences")
        failures.extend(p.format(relative_to=root) for p in frameworks.problems)
        if not frameworks.frameworks:
            failures.append("référentiel de compétences : aucun référentiel chargé")
        competence_ids = {c.id for f in frameworks.frameworks for c in f.competences()}
    except Exception as exc:
        failures.append(f"référentiel de compétences : chargement impossible ({exc})")
    practice_ids: set[str] = set()
    try:
        from ent_coach.content.practices import load_practices

        practices = load_practices(
            resources / "practices", tutorial_ids=tutorial_ids, competence_ids=competence_ids
        )
        failures.extend(p.format(relative_to=root) for p in practices.problems)
        if not practices.practices:
            failures.append("bonnes pratiques : aucune pratique chargée")
        practice_ids = {practice.id for practice in practices.practices}
    except Exception as exc:
        failures.append(f"bonnes pratiques : chargement impossible ({exc})")
    try:
        from ent_coach.content.pathways import KnownPathwayContent, load_pathways
        from ent_coach.content.scenarios import load_scenarios
        from ent_coach.domain.quiz.model import QUIZ_THEMES

        known = KnownPathwayContent(
            tutorials=frozenset(tutorial_ids),
            quiz_themes=frozenset(QUIZ_THEMES),
            scenarios=frozenset(s.id for s in load_scenarios(root).scenarios),
            practices=frozenset(practice_ids),
        )
        pathways = load_pathways(resources / "pathways", known)
        failures.extend(p.format(relative_to=root) for p in pathways.problems)
        if not pathways.pathways:
            failures.append("parcours : aucun parcours chargé")
    except Exception as exc:
        failures.append(f"parcours : chargement impossible ({exc})")
    return failures
