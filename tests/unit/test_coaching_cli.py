"""The coaching commands through ``ent_coach.app.main`` with ``--data-dir``: a trainee's
laptop exports, the tutor's laptop imports and reports; exit codes and output lines."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ent_coach import paths
from ent_coach.app import main
from ent_coach.cli import build_parser, coaching_service, run_command
from ent_coach.content.progress_bundle import read_bundle
from ent_coach.domain import statements as xapi
from ent_coach.domain.coaching import PlanItem, display_code
from ent_coach.domain.pathways import StepKind
from ent_coach.domain.taxonomy import Role
from ent_coach.services.profiles import ProfileService
from ent_coach.store.database import open_store
from ent_coach.store.progress import append_statement
from tests.unit import fuzzing

TUTORIAL = "qu-est-ce-qu-un-ent"
T0 = dt.datetime(2026, 3, 17, 9, 0, tzinfo=dt.UTC)


def _items() -> list[PlanItem]:
    return [
        PlanItem(id="", kind=StepKind.TUTORIAL, title="Qu'est-ce qu'un ENT ?", minutes=10,
                 reference=TUTORIAL),
        PlanItem(id="", kind=StepKind.QUIZ_THEME, title="Principes du RGPD", minutes=15,
                 reference="principes-rgpd"),
    ]  # fmt: skip


@pytest.fixture
def tutor_dir(tmp_path: Path) -> tuple[Path, str]:
    """A tutor's data folder with one séance; returns (folder, code)."""
    folder = tmp_path / "formateur"
    store = open_store(paths.database_path(folder))
    try:
        tutor = ProfileService(store).create(display_name="Camille", role=Role.FORMATEUR)
        plan = coaching_service(store, folder).create_seance(
            tutor, title="Prise en main", date=dt.date(2026, 3, 17), place="Salle 12",
            tutor_note="", items=_items(),
        )  # fmt: skip
        plan_path = tmp_path / "plan.json"
        coaching_service(store, folder).export_plan(tutor, plan.code, plan_path)
    finally:
        store.close()
    return folder, plan.code


@pytest.fixture
def trainee_dir(tmp_path: Path, tutor_dir: tuple[Path, str]) -> Path:
    """A trainee's laptop: Léa imported the plan and completed the tutorial."""
    folder = tmp_path / "stagiaire"
    store = open_store(paths.database_path(folder))
    try:
        lea = ProfileService(store).create(display_name="Léa Martin", role=Role.STAGIAIRE_1D)
        coaching_service(store, folder).import_plan(lea, tmp_path / "plan.json")
        actor = xapi.actor(install_id="portable", pseudonym=lea.pseudonym)
        with store.session() as session:
            for minutes, verb in enumerate((xapi.EXPERIENCED, xapi.COMPLETED)):
                append_statement(session, profile_id=lea.id, statement=xapi.tutorial_statement(
                    verb=verb, actor_=actor, tutorial_id=TUTORIAL, title="ENT",
                    content_version=2, timestamp=T0 + dt.timedelta(minutes=minutes),
                ))  # fmt: skip
    finally:
        store.close()
    return folder


def test_export_then_import_then_report(
    tutor_dir: tuple[Path, str], trainee_dir: Path, tmp_path: Path, capsys
) -> None:
    folder, code = tutor_dir
    bundle = tmp_path / "cle" / "lea.zip"
    bundle.parent.mkdir()
    status = main(["--data-dir", str(trainee_dir), "bundle", "export", "--profile", "léa martin",
                   "--seance", display_code(code).lower(), "--out", str(bundle)])  # fmt: skip
    out = capsys.readouterr().out
    assert status == 0
    assert f"séance {display_code(code)}" in out and "avec le nom" in out
    assert read_bundle(bundle).manifest.display_name == "Léa Martin"

    anonymous = tmp_path / "cle" / "anonyme.zip"
    assert main(["--data-dir", str(trainee_dir), "bundle", "export", "--profile", "Léa Martin",
                 "--pseudonyme-seul", "--out", str(anonymous)]) == 0  # fmt: skip
    assert read_bundle(anonymous).manifest.display_name is None
    capsys.readouterr()

    assert main(["--data-dir", str(folder), "bundle", "import", "--seance", code, str(bundle)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "importé : lea.zip — 2 nouvelles déclarations — Léa Martin",
        "1 fichier : 1 importé, 0 déjà connu, 0 refusé.",
    ]

    # The folder again (the whole progression holds the same statements): known, a success.
    assert main(["--data-dir", str(folder), "bundle", "import", "--seance", code,
                 str(bundle.parent)]) == 0  # fmt: skip
    assert capsys.readouterr().out.splitlines() == [
        "déjà connu : anonyme.zip — identifiant " + read_bundle(anonymous).manifest.pseudonym[:8],
        "déjà connu : lea.zip — Léa Martin",
        "2 fichiers : 0 importé, 2 déjà connus, 0 refusé.",
    ]

    csv_path = tmp_path / "tableau.csv"
    assert main(["--data-dir", str(folder), "seance", "report", code, "--csv", str(csv_path),
                 "--anonyme"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "1 participant, 2 éléments" in out
    assert "1. Qu'est-ce qu'un ENT ? : 1/1 terminé" in out
    text = csv_path.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf") and "Léa".encode() not in text
    assert b"Participant 1;Termin" in text


def test_a_refused_file_gives_its_reason_and_exit_status_1(
    tutor_dir: tuple[Path, str], tmp_path: Path, capsys
) -> None:
    folder, code = tutor_dir
    broken = tmp_path / "casse.zip"
    broken.write_text(json.dumps({"pas": "un zip"}), encoding="utf-8")
    assert main(["--data-dir", str(folder), "bundle", "import", "--seance", code, str(broken)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("refusé : casse.zip (")
    assert "1 refusé." in out


def test_a_damaged_file_in_a_batch_is_a_refused_line_and_the_batch_goes_on(
    tutor_dir: tuple[Path, str], trainee_dir: Path, tmp_path: Path, capsys
) -> None:
    """A member name that is not the UTF-8 its flag announces (a corrupted USB copy) stopped
    ``bundle import`` with a traceback; the files after it were never imported."""
    folder, code = tutor_dir
    good = tmp_path / "b-lea.zip"
    assert main(["--data-dir", str(trainee_dir), "bundle", "export", "--profile", "Léa Martin",
                 "--out", str(good)]) == 0  # fmt: skip
    damaged = tmp_path / "a-copie.zip"
    damaged.write_bytes(fuzzing.undecodable_name(good.read_bytes(), "manifest.json", at=0))
    capsys.readouterr()
    status = main(["--data-dir", str(folder), "bundle", "import", "--seance", code,
                   str(damaged), str(good)])  # fmt: skip
    captured = capsys.readouterr()
    assert status == 1
    lines = captured.out.splitlines()
    assert lines[0].startswith("refusé : a-copie.zip (Le fichier « a-copie.zip » est une archive")
    assert lines[1:] == [
        "importé : b-lea.zip — 2 nouvelles déclarations — Léa Martin",
        "2 fichiers : 1 importé, 0 déjà connu, 1 refusé.",
    ]
    assert "Traceback" not in captured.err and "codec" not in captured.out


@pytest.mark.parametrize(
    "arguments",
    [
        ["bundle", "import", "--seance", "ACDEFG", "x.zip"],
        ["seance", "report", "ACDEFG"],
        ["bundle", "export", "--profile", "Inconnu", "--out", "x.zip"],
    ],
)
def test_unknown_seance_or_profile_is_a_usage_error(
    tutor_dir: tuple[Path, str], arguments: list[str], capsys
) -> None:
    folder, _ = tutor_dir
    assert main(["--data-dir", str(folder), *arguments]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "introuvable" in captured.err or "Aucune séance" in captured.err


def test_a_data_folder_without_database_is_a_usage_error_and_stays_empty(
    tmp_path: Path, capsys
) -> None:
    empty = tmp_path / "vide"
    assert main(["--data-dir", str(empty), "seance", "report", "ACDEFG"]) == 2
    assert "Aucune donnée ENT Coach" in capsys.readouterr().err
    assert not empty.exists()


def test_export_for_a_seance_whose_plan_was_not_imported_is_a_usage_error(
    trainee_dir: Path, tmp_path: Path, capsys
) -> None:
    status = main(["--data-dir", str(trainee_dir), "bundle", "export", "--profile", "Léa Martin",
                   "--seance", "ACDEFG", "--out", str(tmp_path / "x.zip")])  # fmt: skip
    assert status == 2
    assert "importez d'abord le plan" in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()


def test_report_pdf_is_drawn_by_the_writer_handed_in(
    tutor_dir: tuple[Path, str], tmp_path: Path, capsys
) -> None:
    folder, code = tutor_dir
    drawn: list[tuple[str, Path, bool]] = []

    def writer(dashboard, path: Path, *, anonymise: bool) -> None:
        drawn.append((dashboard.plan.code, path, anonymise))
        path.write_bytes(b"%PDF-1.4")

    target = tmp_path / "rapport.pdf"
    args = build_parser().parse_args(
        ["--data-dir", str(folder), "seance", "report", code, "--pdf", str(target), "--anonyme"]
    )
    assert run_command(args, report_pdf=writer) == 0
    assert drawn == [(code, target, True)]
    assert f"Écrit : {target}" in capsys.readouterr().out
    # Without a writer (an entry point without the GUI layer), a clear usage error.
    assert run_command(args) == 2
    assert "PDF" in capsys.readouterr().err
