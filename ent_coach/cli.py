"""Headless commands: ``check-content`` and ``self-test``. No Qt is imported here."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ent_coach import __version__, paths


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ent-coach",
        description="ENT Coach : se former à l'ENT, hors ligne.",
    )
    parser.add_argument("--version", action="version", version=f"ENT Coach {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DOSSIER",
        help="garder toutes les données dans DOSSIER (mode portable, par exemple sur une clé USB)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE")
    check = commands.add_parser(
        "check-content", help="valider tout le contenu (fichier:ligne: message par problème)"
    )
    check.add_argument(
        "directory", nargs="?", type=Path, metavar="DOSSIER",
        help="dossier du contenu (contenant tutorials/) ; par défaut le contenu fourni",
    )  # fmt: skip
    commands.add_parser("self-test", help="vérifier que l'application installée fonctionne")
    return parser


def check_content(directory: Path | None) -> int:
    from ent_coach.content.quiz import check_quiz
    from ent_coach.content.tutorials import check_tutorials, resolve_tutorials_dir

    root = directory if directory is not None else paths.bundle_root()
    tutorials = check_tutorials(resolve_tutorials_dir(root))
    problems = list(tutorials.problems)
    counts = [f"{len(tutorials.tutorials)} tutoriel(s)"]
    quiz_root = root / "resources" / "quiz"
    if quiz_root.is_dir():
        quiz = check_quiz(quiz_root)
        problems += quiz.problems
        counts.append(f"{len(quiz.items)} question(s) de quiz")
    scenario_ids: set[str] = set()
    if (root / "resources" / "scenarios").is_dir():
        from ent_coach.content.scenarios import load_scenarios

        scenarios = load_scenarios(root)
        problems += sorted(scenarios.problems)
        counts.append(f"{len(scenarios.scenarios)} scénario(s) du bac à sable")
        scenario_ids = {scenario.id for scenario in scenarios.scenarios}
        from ent_coach.content.sandbox_templates import load_templates

        templates = load_templates(root)
        problems += sorted(templates.problems)
        counts.append(f"{len(templates.templates)} modèle(s) du mode libre")
    competence_ids: set[str] | None = None
    practice_ids: set[str] = set()
    if (root / "resources" / "competences").is_dir():
        from ent_coach.content.competences import KnownContent, load_frameworks
        from ent_coach.domain.quiz.model import QUIZ_THEMES

        known = KnownContent(
            tutorials={t.id for t in tutorials.tutorials},
            quiz_themes=set(QUIZ_THEMES),
            scenarios=scenario_ids,
        )
        frameworks = load_frameworks(root / "resources" / "competences", known)
        problems += frameworks.problems
        competence_ids = {c.id for f in frameworks.frameworks for c in f.competences()}
        competences = sum(len(f.competences()) for f in frameworks.frameworks)
        counts.append(f"{competences} compétence(s) de référentiel")
    if (root / "resources" / "practices").is_dir():
        from ent_coach.content.practices import load_practices

        practices = load_practices(
            root / "resources" / "practices",
            tutorial_ids={t.id for t in tutorials.tutorials},
            competence_ids=competence_ids,
        )
        problems += practices.problems
        counts.append(f"{len(practices.practices)} bonne(s) pratique(s)")
        practice_ids = {practice.id for practice in practices.practices}
    if (root / "resources" / "pathways").is_dir():
        from ent_coach.content.pathways import KnownPathwayContent, load_pathways
        from ent_coach.domain.quiz.model import QUIZ_THEMES

        # Content absent from this folder is unknown: a step naming it is a broken reference.
        pathways = load_pathways(
            root / "resources" / "pathways",
            KnownPathwayContent(
                tutorials=frozenset(t.id for t in tutorials.tutorials),
                quiz_themes=frozenset(QUIZ_THEMES),
                scenarios=frozenset(scenario_ids),
                practices=frozenset(practice_ids),
            ),
        )
        problems += pathways.problems
        counts.append(f"{len(pathways.pathways)} parcours")
    for problem in problems:
        print(problem.format(relative_to=Path.cwd()))
    summary = ", ".join(counts)
    if problems:
        print(f"{len(problems)} problème(s) ; chargé(s) : {summary}.", file=sys.stderr)
        return 1
    print(f"Contenu valide : {summary}.")
    return 0


def self_test() -> int:
    from ent_coach.services.selftest import run_self_test

    failures = run_self_test()
    for line in failures:
        print(f"ÉCHEC : {line}")
    if failures:
        return 1
    print(f"Auto-test réussi (ENT Coach {__version__}).")
    return 0


def run_command(args: argparse.Namespace) -> int:
    if args.command == "check-content":
        return check_content(args.directory)
    if args.command == "self-test":
        return self_test()
    raise AssertionError(args.command)
