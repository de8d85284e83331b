"""Checks the installed application can run: content loads, tutorials render, the database
migrates. Used by ``ent-coach self-test`` on the frozen bundle."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ent_coach import paths
from ent_coach.content.render import render_tutorial
from ent_coach.content.tutorials import check_tutorials
from ent_coach.services.profiles import ProfileService
from ent_coach.services.search import TutorialSearch
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
        hits = TutorialSearch(checked.tutorials).search("ENT")
        if checked.tutorials and not hits:
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
