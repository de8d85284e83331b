"""Headless commands: ``check-content``, ``self-test``, and the coaching files (``bundle
export``, ``bundle import``, ``seance report``). No Qt is imported here: the PDF report is
drawn by the UI layer, handed in by ``app.py`` as ``report_pdf``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ent_coach import __version__, paths
from ent_coach.content.atomic_file import os_reason
from ent_coach.domain.text import plural
from ent_coach.store.errors import DataDirInUseError
from ent_coach.store.folder_lock import hold_data_dir

if TYPE_CHECKING:
    from ent_coach.domain.coaching import Dashboard
    from ent_coach.domain.profiles import Profile
    from ent_coach.services.coaching import CoachingService
    from ent_coach.store.database import Store

# write_report_pdf(dashboard, path, *, anonymise) from ent_coach.ui.coaching.report.
ReportPdfWriter = Callable[..., None]

EXIT_OK = 0
EXIT_FAILED = 1  # a file refused, an export that could not be written
EXIT_USAGE = 2  # unknown séance or profile, no data folder
EXIT_BUSY = 3  # ENT Coach is open with this data folder
# A command waits this long for a window or another command to release the data folder.
LOCK_WAIT_MS = 3000


def _count(count: int, one: str, many: str) -> str:
    """« 1 tutoriel », « 26 tutoriels » (French: 0 and 1 take the singular)."""
    return plural(count, f"%n {one}", f"%n {many}")


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
    _add_coaching_commands(commands)
    return parser


def _add_coaching_commands(commands: argparse._SubParsersAction) -> None:
    bundle = commands.add_parser(
        "bundle", help="fichiers de progression d'une séance de coaching (export, import)"
    )
    actions = bundle.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export", help="exporter la progression d'un profil pour le formateur"
    )
    export.add_argument("--profile", required=True, metavar="NOM", help="nom du profil")
    export.add_argument(
        "--seance", metavar="CODE",
        help="seulement ce qui concerne cette séance (plan importé) ; par défaut toute la progression",
    )  # fmt: skip
    export.add_argument(
        "--pseudonyme-seul", dest="pseudonym_only", action="store_true",
        help="ne pas mettre le nom du profil dans le fichier (le formateur verra « Participant n »)",
    )  # fmt: skip
    export.add_argument("--out", required=True, type=Path, metavar="FICHIER", help="fichier .zip à écrire")
    imports = actions.add_parser(
        "import", help="importer des progressions dans une séance (une ligne par fichier)"
    )
    imports.add_argument("--seance", required=True, metavar="CODE", help="code de la séance")
    imports.add_argument(
        "paths", nargs="+", type=Path, metavar="FICHIER_OU_DOSSIER",
        help="fichiers .zip, ou dossiers (tous les .zip qu'ils contiennent)",
    )  # fmt: skip
    seance = commands.add_parser("seance", help="séances de coaching (rapport)")
    seance_actions = seance.add_subparsers(dest="seance_command", metavar="ACTION", required=True)
    report = seance_actions.add_parser(
        "report", help="résumé d'une séance ; tableau CSV et rapport PDF sur demande"
    )
    report.add_argument("code", metavar="CODE", help="code de la séance")
    report.add_argument("--csv", type=Path, metavar="FICHIER", help="écrire le tableau (CSV)")
    report.add_argument("--pdf", type=Path, metavar="FICHIER", help="écrire le rapport (PDF)")
    report.add_argument(
        "--anonyme", action="store_true",
        help="remplacer les noms par « Participant n » dans le CSV et le PDF",
    )  # fmt: skip


def check_content(directory: Path | None) -> int:
    from ent_coach.content.quiz import check_quiz
    from ent_coach.content.tutorials import check_tutorials, resolve_tutorials_dir

    root = directory if directory is not None else paths.bundle_root()
    tutorials = check_tutorials(resolve_tutorials_dir(root))
    problems = list(tutorials.problems)
    counts = [_count(len(tutorials.tutorials), "tutoriel", "tutoriels")]
    quiz_root = root / "resources" / "quiz"
    if quiz_root.is_dir():
        quiz = check_quiz(quiz_root)
        problems += quiz.problems
        counts.append(_count(len(quiz.items), "question de quiz", "questions de quiz"))
    scenario_ids: set[str] = set()
    if (root / "resources" / "scenarios").is_dir():
        from ent_coach.content.scenarios import load_scenarios

        scenarios = load_scenarios(root)
        problems += sorted(scenarios.problems)
        counts.append(_count(len(scenarios.scenarios), "scénario du bac à sable", "scénarios du bac à sable"))
        scenario_ids = {scenario.id for scenario in scenarios.scenarios}
        from ent_coach.content.sandbox_templates import load_templates

        templates = load_templates(root)
        problems += sorted(templates.problems)
        counts.append(_count(len(templates.templates), "modèle du mode libre", "modèles du mode libre"))
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
        counts.append(_count(competences, "compétence de référentiel", "compétences de référentiel"))
    if (root / "resources" / "practices").is_dir():
        from ent_coach.content.practices import load_practices

        practices = load_practices(
            root / "resources" / "practices",
            tutorial_ids={t.id for t in tutorials.tutorials},
            competence_ids=competence_ids,
        )
        problems += practices.problems
        counts.append(_count(len(practices.practices), "bonne pratique", "bonnes pratiques"))
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
        print(f"{_count(len(problems), 'problème', 'problèmes')} ; chargés : {summary}.", file=sys.stderr)
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


# --- coaching ---------------------------------------------------------------------------------


class UsageError(Exception):
    """Bad arguments for this laptop (unknown séance or profile); the message is French."""


def _open_existing_store(data_dir: Path | None, *, read_only: bool = False) -> Store:
    """``read_only`` for commands that only read: they then work on a full disk."""
    from ent_coach.store.database import open_store
    from ent_coach.store.errors import StoreError

    directory = (data_dir or paths.default_data_dir()).expanduser().resolve()
    path = paths.database_path(directory)
    if not path.exists():
        raise UsageError(f"Aucune donnée ENT Coach dans « {directory} » (base absente).")
    try:
        return open_store(path, read_only=read_only)
    except StoreError as error:
        raise UsageError(str(error)) from error


def _load_tutorials(data_dir: Path | None) -> list:
    from ent_coach.content.tutorial_index import load_indexed_tutorials
    from ent_coach.content.tutorials import load_tutorials

    directory = (data_dir or paths.default_data_dir()).expanduser().resolve()
    return load_indexed_tutorials(
        paths.tutorials_dir(),
        paths.tutorial_index_path(directory),
        app_version=__version__,
        read_files=lambda folder: load_tutorials(folder, validate=False).tutorials,
    )


def coaching_service(store: Store, data_dir: Path | None) -> CoachingService:
    """The service with the installed content loaded only when a command needs it."""
    from ent_coach.domain.pathways import InstalledContent
    from ent_coach.domain.tutorials import content_version
    from ent_coach.services.coaching import CoachingService
    from ent_coach.services.pathways import PathwayService

    tutorials = _load_tutorials(data_dir)

    def load_pathways() -> tuple:
        from ent_coach.content.pathways import load_pathways as load

        return tuple(load(paths.resources_dir() / "pathways").pathways)

    def installed() -> InstalledContent:
        from ent_coach.content.practices import load_practices
        from ent_coach.content.scenarios import load_scenarios
        from ent_coach.domain.quiz.model import QUIZ_THEMES

        practices = load_practices(paths.resources_dir() / "practices")
        return InstalledContent(
            tutorials=frozenset(t.id for t in tutorials),
            quiz_themes=frozenset(QUIZ_THEMES),
            scenarios=frozenset(s.id for s in load_scenarios(paths.bundle_root()).scenarios),
            practices=frozenset(p.id for p in practices.practices),
        )

    def question_titles() -> dict[str, str]:
        from ent_coach.content.quiz import load_quiz

        return {item.id: item.title for item in load_quiz(paths.resources_dir() / "quiz").bank.items}

    return CoachingService(
        store,
        app_version=__version__,
        content_version=content_version(tutorials),
        installed=installed,
        question_titles=question_titles,
        pathways=PathwayService(store, load_pathways, installed),
    )


def _profile_named(store: Store, name: str) -> Profile:
    from ent_coach.services.profiles import ProfileService

    profiles = ProfileService(store).list()
    wanted = name.strip().casefold()
    for profile in profiles:
        if profile.display_name.casefold() == wanted:
            return profile
    known = ", ".join(f"« {p.display_name} »" for p in profiles) or "aucun"
    raise UsageError(f"Profil introuvable : « {name} ». Profils sur cet ordinateur : {known}.")


def _seance_owner(service: CoachingService, code: str) -> Profile:
    owner = service.owner(code)
    if owner is None:
        raise UsageError(
            f"Aucune séance de code « {code} » sur cet ordinateur : vérifiez le code donné par "
            "le formateur (six caractères, par exemple K7P-4QX)."
        )
    return owner


def bundle_export(args: argparse.Namespace) -> int:
    from ent_coach.domain.coaching import display_code

    store = _open_existing_store(args.data_dir)  # records pathway progress before exporting
    try:
        profile = _profile_named(store, args.profile)
        service = coaching_service(store, args.data_dir)
        try:
            manifest = service.export_bundle(
                profile, args.out, seance_code=args.seance, include_name=not args.pseudonym_only
            )
        except ValueError as error:  # CoachingError, BundleError: French messages
            if args.seance and service.received_plan(args.seance) is None:
                raise UsageError(str(error)) from error
            print(str(error), file=sys.stderr)
            return EXIT_FAILED
    finally:
        store.close()
    scope = (
        f"séance {display_code(manifest.seance_code)}" if manifest.seance_code else "toute la progression"
    )
    who = "avec le nom" if manifest.display_name else "identifiant anonyme seulement"
    count = manifest.counts.get("statements", 0)
    print(f"Progression exportée ({scope}, {who}) : {_count(count, 'déclaration', 'déclarations')} dans {args.out}")
    return EXIT_OK


def bundle_import(args: argparse.Namespace) -> int:
    from ent_coach.services.coaching import ImportOutcome

    store = _open_existing_store(args.data_dir)
    try:
        service = coaching_service(store, args.data_dir)
        owner = _seance_owner(service, args.seance)
        results = service.import_bundles(owner, args.seance, args.paths)
    finally:
        store.close()
    tally = dict.fromkeys(ImportOutcome, 0)
    for result in results:
        tally[result.outcome] += 1
        who = f" — {result.participant}" if result.participant else ""
        match result.outcome:
            case ImportOutcome.IMPORTED:
                added = _count(result.new_statements, "nouvelle déclaration", "nouvelles déclarations")
                print(f"importé : {result.path.name} — {added}{who}")
            case ImportOutcome.ALREADY_KNOWN:
                print(f"déjà connu : {result.path.name}{who}")
            case ImportOutcome.REJECTED:
                print(f"refusé : {result.path.name} ({result.message})")
    print(
        f"{_count(len(results), 'fichier', 'fichiers')} : "
        f"{_count(tally[ImportOutcome.IMPORTED], 'importé', 'importés')}, "
        f"{_count(tally[ImportOutcome.ALREADY_KNOWN], 'déjà connu', 'déjà connus')}, "
        f"{_count(tally[ImportOutcome.REJECTED], 'refusé', 'refusés')}."
    )
    return EXIT_FAILED if tally[ImportOutcome.REJECTED] else EXIT_OK


def seance_report(args: argparse.Namespace, report_pdf: ReportPdfWriter | None) -> int:
    from ent_coach.domain.coaching import display_code

    if args.pdf is not None and report_pdf is None:
        raise UsageError("Le rapport PDF n'est pas disponible depuis ce point d'entrée.")
    store = _open_existing_store(args.data_dir, read_only=True)
    try:
        service = coaching_service(store, args.data_dir)
        owner = _seance_owner(service, args.code)
        dashboard: Dashboard = service.dashboard(owner, args.code)
        try:
            if args.csv is not None:
                service.export_csv(owner, args.code, args.csv, anonymise=args.anonyme)
            if args.pdf is not None:
                assert report_pdf is not None
                report_pdf(dashboard, args.pdf, anonymise=args.anonyme)
        except (ValueError, OSError) as error:
            message = str(error) if isinstance(error, ValueError) else os_reason(error)
            print(f"Export impossible : {message}", file=sys.stderr)
            return EXIT_FAILED
    finally:
        store.close()
    plan = dashboard.plan
    helped = sum(1 for row in dashboard.rows if row.needs_help)
    print(f"Séance {display_code(plan.code)} — {plan.title} ({plan.date:%d/%m/%Y})")
    print(f"{_count(len(dashboard.rows), 'participant', 'participants')}, "
          f"{_count(len(plan.items), 'élément', 'éléments')} ; "
          f"besoin d'aide : {helped}.")  # fmt: skip
    for number, item in enumerate(plan.items, start=1):
        done = dashboard.completion.get(item.id, 0)
        print(f"  {number}. {item.title} : {done}/{len(dashboard.rows)} {'terminé' if done < 2 else 'terminés'}")
    for written in (args.csv, args.pdf):
        if written is not None:
            print(f"Écrit : {written}")
    return EXIT_OK


def run_command(args: argparse.Namespace, *, report_pdf: ReportPdfWriter | None = None) -> int:
    """The commands that open the database hold the data folder's lock (store.folder_lock):
    never while a window, or another command, uses the same folder."""
    if args.command == "check-content":
        return check_content(args.directory)
    if args.command == "self-test":
        return self_test()
    directory = (args.data_dir or paths.default_data_dir()).expanduser().resolve()
    try:
        # A folder that does not exist has no database to protect (and must not be created).
        with hold_data_dir(directory, wait_ms=LOCK_WAIT_MS):
            if args.command == "bundle":
                return bundle_export(args) if args.bundle_command == "export" else bundle_import(args)
            if args.command == "seance":
                return seance_report(args, report_pdf)
    except DataDirInUseError:
        print(
            f"ENT Coach est ouvert avec le dossier de données « {directory} » (toujours après "
            f"{LOCK_WAIT_MS // 1000} s d'attente) : fermez sa fenêtre, ou attendez la fin de "
            "l'autre commande, puis relancez celle-ci.",
            file=sys.stderr,
        )
        return EXIT_BUSY
    except UsageError as error:
        print(str(error), file=sys.stderr)
        return EXIT_USAGE
    raise AssertionError(args.command)
