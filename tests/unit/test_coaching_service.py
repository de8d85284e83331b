"""Séances on real temporary databases: the tutor's plan, a trainee on another laptop, progress
bundles imported as a union (idempotent, order-independent, all or nothing), hostile files,
the dashboard and the exports."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ent_coach import paths
from ent_coach.content.practices import load_practices
from ent_coach.content.progress_bundle import read_bundle, write_bundle
from ent_coach.content.seance_plan_file import read_plan
from ent_coach.domain import statements as xapi
from ent_coach.domain.coaching import ItemStatus, PlanItem, is_valid_code
from ent_coach.domain.coaching_dashboard import matrix_table
from ent_coach.domain.pathways import InstalledContent, Pathway, StepKind
from ent_coach.domain.profiles import Profile
from ent_coach.domain.quiz.attempts import QuizMode
from ent_coach.domain.quiz.model import QUIZ_THEMES, QuizBank
from ent_coach.domain.taxonomy import Role
from ent_coach.domain.tutorials import Tutorial
from ent_coach.domain.xapi_validation import statement_fingerprint
from ent_coach.services.coaching import (
    CANCELLED_MESSAGE,
    UNREADABLE_FILE,
    CoachingError,
    CoachingService,
    ImportOutcome,
    canonical_json,
)
from ent_coach.services.library import LibraryService
from ent_coach.services.pathways import PathwayService
from ent_coach.services.profiles import ProfileService
from ent_coach.services.quiz import QuizService
from ent_coach.services.sandbox import SandboxContent, SandboxService
from ent_coach.store.database import Store, open_store
from ent_coach.store.models import Base
from tests.unit import fuzzing
from tests.unit.quiz_answers import right_answer

TUTORIAL = "qu-est-ce-qu-un-ent"
SCENARIO = "blog-de-la-4b"
OTHER_THEME = "droit-image"
DATE = dt.date(2026, 3, 17)
T0 = dt.datetime(2026, 3, 17, 9, 0, tzinfo=dt.UTC)
SEANCE_TABLES = ("seances", "seance_participants", "seance_statements")


# --- content and services -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def installed(tutorials: list[Tutorial], sandbox_content: SandboxContent) -> InstalledContent:
    practices = load_practices(paths.resources_dir() / "practices").practices
    return InstalledContent(
        tutorials=frozenset(t.id for t in tutorials),
        quiz_themes=frozenset(QUIZ_THEMES),
        scenarios=frozenset(s.id for s in sandbox_content.scenarios),
        practices=frozenset(p.id for p in practices),
    )




class Laptop:
    """One computer: a store and the real services the screens use."""

    def __init__(
        self,
        store: Store,
        *,
        tutorials: list[Tutorial],
        sandbox_content: SandboxContent,
        pathways: tuple[Pathway, ...],
        installed: InstalledContent,
        quiz_bank: QuizBank,
    ) -> None:
        self.store = store
        self.library = LibraryService(store, tutorials)
        self.quiz = QuizService(store, lambda: quiz_bank)
        self.sandbox = SandboxService(store, lambda: sandbox_content)
        self.sandbox_content = sandbox_content
        self.pathways = PathwayService(store, lambda: pathways, lambda: installed)
        self.coaching = CoachingService(
            store,
            app_version="9.9.9",
            content_version="2026.03.01 (10 tutoriels)",
            installed=lambda: installed,
            question_titles=lambda: {item.id: item.title for item in quiz_bank.items},
            pathways=self.pathways,
        )
        self.profiles = ProfileService(store)

    def profile(self, name: str, role: Role = Role.STAGIAIRE_2D) -> Profile:
        return self.profiles.create(display_name=name, role=role)


@pytest.fixture
def laptop_factory(
    tmp_path: Path,
    tutorials: list[Tutorial],
    sandbox_content: SandboxContent,
    shipped_pathways: tuple[Pathway, ...],
    installed: InstalledContent,
    quiz_bank: QuizBank,
) -> Iterator:
    opened: list[Store] = []

    def make(name: str) -> Laptop:
        store = open_store(tmp_path / name / "ent-coach.sqlite3")
        opened.append(store)
        return Laptop(
            store, tutorials=tutorials, sandbox_content=sandbox_content,
            pathways=shipped_pathways, installed=installed, quiz_bank=quiz_bank,
        )  # fmt: skip

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def tutor_laptop(laptop_factory) -> Laptop:
    return laptop_factory("formateur")


@pytest.fixture
def tutor(tutor_laptop: Laptop) -> Profile:
    return tutor_laptop.profile("Camille Formatrice", Role.FORMATEUR)


def plan_items() -> list[PlanItem]:
    return [
        PlanItem(id="", kind=StepKind.TUTORIAL, title="Qu'est-ce qu'un ENT ?", minutes=10,
                 reference=TUTORIAL),
        PlanItem(id="", kind=StepKind.QUIZ_ASSESSMENT, title="Évaluation RGPD", minutes=20,
                 pass_mark=0.6),
        PlanItem(id="", kind=StepKind.SCENARIO, title="Le blog de la 4e B", minutes=25,
                 reference=SCENARIO),
    ]  # fmt: skip


def create(laptop: Laptop, tutor: Profile, **changes: Any):
    fields: dict[str, Any] = {
        "title": "Prise en main de l'ENT", "date": DATE, "place": "INSPE, salle 12",
        "tutor_note": "Apportez votre ordinateur chargé.", "items": plan_items(),
    }  # fmt: skip
    fields.update(changes)
    return laptop.coaching.create_seance(tutor, **fields)


# --- synthetic bundles ----------------------------------------------------------------------------


def tutorial_done(pseudonym: str, minutes: int = 0) -> list[dict[str, Any]]:
    actor = xapi.actor(install_id="stagiaire", pseudonym=pseudonym)
    return [
        xapi.tutorial_statement(
            verb=verb, actor_=actor, tutorial_id=TUTORIAL, title="Qu'est-ce qu'un ENT ?",
            content_version=2, timestamp=T0 + dt.timedelta(minutes=minutes + offset),
            duration_seconds=120 if verb is xapi.COMPLETED else None,
        )
        for offset, verb in enumerate((xapi.EXPERIENCED, xapi.COMPLETED))
    ]


def scenario_failed(pseudonym: str, attempt: int) -> dict[str, Any]:
    return xapi.scenario_verdict_statement(
        actor_=xapi.actor(install_id="stagiaire", pseudonym=pseudonym),
        registration=str(uuid.uuid4()), scenario_id=SCENARIO, title="Le blog de la 4e B",
        attempt=attempt, goals_met=1, goals_total=3, checks_failed=["objectif-2"], actions=4,
        hints_shown=0, solution_seen=False, duration_seconds=60,
        timestamp=T0 + dt.timedelta(minutes=30 + attempt),
    )  # fmt: skip


def bundle_file(
    folder: Path,
    name: str,
    statements: list[dict[str, Any]],
    *,
    pseudonym: str,
    display_name: str | None = None,
    seance_code: str | None = None,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    write_bundle(
        path, statements=statements, pseudonym=pseudonym, display_name=display_name,
        seance_code=seance_code, app_version="9.9.9", content_version="x",
        created_at=T0 + dt.timedelta(hours=2),
    )  # fmt: skip
    return path


def seance_content(store: Store) -> tuple:
    """What the séance tables say, without import times or row ids (which record when and in
    which order files came, not what they hold)."""
    with store.reader() as connection:
        participants = sorted(
            connection.execute(
                "SELECT s.code, p.pseudonym, p.display_name FROM seance_participants p "
                "JOIN seances s ON s.id = p.seance_id"
            ).fetchall()
        )
        statements = sorted(
            connection.execute(
                "SELECT s.code, p.pseudonym, t.statement_id, t.fingerprint, t.timestamp, t.payload "
                "FROM seance_statements t JOIN seances s ON s.id = t.seance_id "
                "JOIN seance_participants p ON p.id = t.participant_id"
            ).fetchall()
        )
    return participants, statements


def table_dump(store: Store) -> str:
    """Every row of every table: a refused file must leave this byte-identical."""
    digest = hashlib.sha256()
    with store.reader() as connection:
        for table in sorted(Base.metadata.tables):
            for row in connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):
                digest.update(repr(row).encode())
    return digest.hexdigest()


# --- séances: create, update, delete ----------------------------------------------------------


def test_create_numbers_items_draws_a_seed_and_lists_the_seance(
    tutor_laptop: Laptop, tutor: Profile
) -> None:
    plan = create(tutor_laptop, tutor)
    assert is_valid_code(plan.code)
    assert [item.id for item in plan.items] == ["i1", "i2", "i3"]
    assessment = plan.items[1]
    assert assessment.seed is not None and 0 <= assessment.seed <= 999_999_999
    assert plan.items[0].seed is None
    assert tutor_laptop.coaching.plan(tutor, plan.code) == plan
    [summary] = tutor_laptop.coaching.seances(tutor)
    assert (summary.code, summary.title, summary.items, summary.participants) == (
        plan.code, "Prise en main de l'ENT", 3, 0,
    )  # fmt: skip
    other = tutor_laptop.profile("Noé")
    assert tutor_laptop.coaching.seances(other) == []
    with pytest.raises(CoachingError, match="introuvable"):
        tutor_laptop.coaching.plan(other, plan.code)


def test_seances_are_listed_newest_date_first(tutor_laptop: Laptop, tutor: Profile) -> None:
    create(tutor_laptop, tutor, title="Ancienne", date=dt.date(2025, 11, 4))
    create(tutor_laptop, tutor, title="Prochaine", date=dt.date(2026, 5, 2))
    create(tutor_laptop, tutor, title="Récente", date=dt.date(2026, 1, 20))
    assert [s.title for s in tutor_laptop.coaching.seances(tutor)] == [
        "Prochaine", "Récente", "Ancienne",
    ]  # fmt: skip


def test_update_keeps_code_ids_and_seed_and_continues_numbering(
    tutor_laptop: Laptop, tutor: Profile
) -> None:
    plan = create(tutor_laptop, tutor)
    _, assessment, scenario = plan.items
    practice = PlanItem(id="", kind=StepKind.QUIZ_THEME, title="Droit à l'image", minutes=15,
                        reference=OTHER_THEME)  # fmt: skip
    updated = tutor_laptop.coaching.update_seance(
        tutor, plan.code, title="Nouveau titre", date=DATE, place="Salle 3", tutor_note="",
        items=[scenario, practice, assessment],
    )  # fmt: skip
    assert updated.code == plan.code
    assert [item.id for item in updated.items] == ["i3", "i4", "i2"]  # i1 is never reused
    assert updated.item("i2").seed == assessment.seed
    assert tutor_laptop.coaching.plan(tutor, plan.code).title == "Nouveau titre"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"title": "  "}, "titre"),
        ({"items": []}, "élément"),
        ({"title": "x" * 200}, "titre"),
        ({"items": [PlanItem(id="", kind=StepKind.TUTORIAL, title="Sans référence", minutes=5)]},
         "élément 1"),
        ({"items": [PlanItem(id="", kind=StepKind.TUTORIAL, title="Trop long", minutes=999,
                             reference=TUTORIAL)]}, "élément 1"),
    ],
)  # fmt: skip
def test_invalid_seances_are_refused_in_french(
    tutor_laptop: Laptop, tutor: Profile, changes: dict[str, Any], expected: str
) -> None:
    with pytest.raises(CoachingError) as caught:
        create(tutor_laptop, tutor, **changes)
    assert expected in str(caught.value).lower()
    assert tutor_laptop.coaching.seances(tutor) == []


def test_delete_removes_the_seance_with_its_imported_progress(
    tutor_laptop: Laptop, tutor: Profile, tmp_path: Path
) -> None:
    plan = create(tutor_laptop, tutor)
    path = bundle_file(tmp_path / "in", "lea.zip", tutorial_done("p-lea"), pseudonym="p-lea")
    tutor_laptop.coaching.import_bundles(tutor, plan.code, [path])
    tutor_laptop.coaching.delete_seance(tutor, plan.code)
    assert seance_content(tutor_laptop.store) == ([], [])
    with pytest.raises(CoachingError):
        tutor_laptop.coaching.plan(tutor, plan.code)


def test_deleting_the_tutor_profile_erases_the_seances(
    tutor_laptop: Laptop, tutor: Profile, tmp_path: Path
) -> None:
    plan = create(tutor_laptop, tutor)
    path = bundle_file(tmp_path / "in", "lea.zip", tutorial_done("p-lea"), pseudonym="p-lea")
    tutor_laptop.coaching.import_bundles(tutor, plan.code, [path])
    tutor_laptop.profiles.delete(tutor.id)
    with tutor_laptop.store.reader() as connection:
        for table in SEANCE_TABLES:
            assert connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0, table


# --- two laptops: plan out, progress back -------------------------------------------------------


def test_plan_to_trainee_and_progress_back_to_the_dashboard(
    laptop_factory, tutor_laptop: Laptop, tutor: Profile, tmp_path: Path
) -> None:
    plan = create(tutor_laptop, tutor)
    plan_path = tmp_path / "cle-usb" / f"seance-{plan.code}.json"
    plan_path.parent.mkdir()
    tutor_laptop.coaching.export_plan(tutor, plan.code, plan_path)
    assert read_plan(plan_path) == plan

    trainee_laptop = laptop_factory("stagiaire")
    lea = trainee_laptop.profile("Léa Martin")
    imported = trainee_laptop.coaching.import_plan(lea, plan_path)
    assert imported.plan == plan and imported.missing == [] and not imported.replaced
    assert trainee_laptop.coaching.received_plan(plan.code) == plan
    [first, *_] = trainee_laptop.pathways.overview(lea)
    assert first.pathway.id == plan.pathway_id and first.followed and not first.recommended
    assert trainee_laptop.pathways.recommended(lea.role).id != plan.pathway_id
    assert trainee_laptop.coaching.import_plan(lea, plan_path).replaced

    # The trainee works through the real services.
    trainee_laptop.library.open_tutorial(lea, TUTORIAL)
    trainee_laptop.library.complete_tutorial(lea, TUTORIAL)
    seed = plan.item("i2").seed
    attempt = trainee_laptop.quiz.start(lea, QuizMode.ASSESSMENT, seed=seed)
    for position, item in enumerate(trainee_laptop.quiz.items_of(attempt)):
        trainee_laptop.quiz.answer(lea, attempt, position, right_answer(item))
    trainee_laptop.quiz.finish(lea, attempt.id)
    sitting = trainee_laptop.sandbox.open_scenario(lea, SCENARIO)
    scenario = next(s for s in trainee_laptop.sandbox_content.scenarios if s.id == SCENARIO)
    for command in scenario.solution:
        sitting.history.execute(command)
    assert trainee_laptop.sandbox.verify(lea, sitting).passed
    # Not part of the séance: another training, and an assessment drawn with another seed.
    other = trainee_laptop.quiz.start(lea, QuizMode.TRAINING, theme=OTHER_THEME, seed=5)
    trainee_laptop.quiz.answer(lea, other, 0, right_answer(trainee_laptop.quiz.items_of(other)[0]))
    trainee_laptop.quiz.finish(lea, other.id)
    trainee_laptop.pathways.record_progress(lea)

    bundle_path = tmp_path / "cle-usb" / "progression-lea.zip"
    manifest = trainee_laptop.coaching.export_bundle(
        lea, bundle_path, seance_code=plan.code, include_name=True
    )
    assert manifest.display_name == "Léa Martin" and manifest.seance_code == plan.code
    sent = read_bundle(bundle_path).statements
    objects = {s["object"]["id"] for s in sent}
    assert xapi.quiz_iri("entrainement", OTHER_THEME) not in objects
    parents = {p["id"] for s in sent for p in s.get("context", {}).get("contextActivities", {})
               .get("parent", [])}  # fmt: skip
    assert xapi.quiz_iri("entrainement", OTHER_THEME) not in parents
    assert xapi.quiz_iri("evaluation") in parents  # the answered questions go with the attempt
    assert xapi.pathway_step_iri(plan.pathway_id, "i1") in objects
    everything = trainee_laptop.coaching.export_bundle(
        lea, tmp_path / "tout.zip", seance_code=None, include_name=False
    )
    assert everything.display_name is None and everything.seance_code is None
    assert everything.counts["statements"] > manifest.counts["statements"]

    [result] = tutor_laptop.coaching.import_bundles(tutor, plan.code, [bundle_path])
    assert result.outcome is ImportOutcome.IMPORTED, result.message
    assert result.new_statements == manifest.counts["statements"]
    assert result.participant == "Léa Martin"
    dashboard = tutor_laptop.coaching.dashboard(tutor, plan.code)
    [row] = dashboard.rows
    assert row.participant.display_name == "Léa Martin"
    assert {item_id: cell.status for item_id, cell in row.cells.items()} == {
        "i1": ItemStatus.DONE, "i2": ItemStatus.DONE, "i3": ItemStatus.DONE,
    }  # fmt: skip
    assert dashboard.completion == {"i1": 1, "i2": 1, "i3": 1}
    assert tutor_laptop.coaching.seances(tutor)[0].participants == 1


def test_a_trainee_stuck_on_a_scenario_needs_help(
    tutor_laptop: Laptop, tutor: Profile, tmp_path: Path
) -> None:
    plan = create(tutor_laptop, tutor)
    stuck = [scenario_failed("p-noe", attempt) for attempt in (1, 2, 3)]
    path = bundle_file(tmp_path, "noe.zip", stuck, pseudonym="p-noe", seance_code=plan.code)
    tutor_laptop.coaching.import_bundles(tutor, plan.code, [path])
    [row] = tutor_laptop.coaching.dashboard(tutor, plan.code).rows
    assert row.cells["i3"].status is ItemStatus.NEEDS_HELP
    assert row.cells["i1"].status is ItemStatus.NOT_STARTED
    assert row.participant.label(0) == "Participant 1"


def test_export_bundle_for_a_seance_not_on_this_laptop_is_refused(
    tutor_laptop: Laptop, tmp_path: Path
) -> None:
    lea = tutor_laptop.profile("Léa")
    with pytest.raises(CoachingError, match="importez d'abord le plan"):
        tutor_laptop.coaching.export_bundle(
            lea, tmp_path / "x.zip", seance_code="ACDEFG", include_name=False
        )
    assert not (tmp_path / "x.zip").exists()


def test_whole_progress_exports_an_older_self_assessment_saved_without_time_offset(
    tutor_laptop: Laptop, tmp_path: Path
) -> None:
    from sqlalchemy import select

    from ent_coach.store.models import StatementRow
    from ent_coach.store.progress import append_statement

    lea = tutor_laptop.profile("Léa")
    statement = xapi.self_assessment_statement(
        actor_=xapi.actor(install_id="x", pseudonym=lea.pseudonym),
        registration=str(uuid.uuid4()),
        framework_id="crcn",
        title="Auto-évaluation : CRCN",
        levels={"1.1": 3},
        competences_total=16,
        timestamp=dt.datetime(2026, 3, 1, 9, 30),  # naive, as versions before this one wrote it
    )
    with tutor_laptop.store.session() as session:
        append_statement(session, profile_id=lea.id, statement=statement)

    tutor_laptop.coaching.export_bundle(lea, tmp_path / "tout.zip", seance_code=None, include_name=False)

    sent = read_bundle(tmp_path / "tout.zip").statements
    assert [s["id"] for s in sent] == [statement["id"]]
    assert dt.datetime.fromisoformat(sent[0]["timestamp"]).tzinfo is not None
    with tutor_laptop.store.session() as session:  # what is stored is left as it was
        payload = session.scalars(select(StatementRow.payload)).one()
    assert json.loads(payload)["timestamp"] == "2026-03-01T09:30:00"


# --- importing: union, idempotence, all or nothing ---------------------------------------------


def test_same_file_twice_is_already_known_and_a_later_file_adds_only_news(
    tutor_laptop: Laptop, tutor: Profile, tmp_path: Path
) -> None:
    plan = create(tutor_laptop, tutor)
    morning = tutorial_done("p-lea")
    first = bundle_file(tmp_path / "a", "lea.zip", morning, pseudonym="p-lea")
    later = bundle_file(tmp_path / "b", "lea.zip", [*morning, scenario_failed("p-lea", 1)],
                        pseudonym="p-lea", display_name="Léa")  # fmt: skip
    results = tutor_laptop.coaching.import_bundles(tutor, plan.code, [first, first, later, later])
    assert [(r.outcome, r.new_statements) for r in results] == [
        (ImportOutcome.IMPORTED, 2), (ImportOutcome.ALREADY_KNOWN, 0),
        (ImportOutcome.IMPORTED, 1), (ImportOutcome.ALREADY_KNOWN, 0),
    ]  # fmt: skip
    assert results[1].message.startswith("Rien de nouveau")
    [participant] = tutor_laptop.coaching.participants(tutor, plan.code)
    assert participant.display_name == "Léa"  # the later file carried the name


@pytest.fixture
def union_files(tmp_path: Path) -> list[Path]:
    lea = tutorial_done("p-lea")
    noe = [scenario_failed("p-noe", n) for n in (1, 2)]
    folder = tmp_path / "union"
    return [
        bundle_file(folder, "lea-matin.zip", lea[:1], pseudonym="p-lea", display_name="Léa"),
        bundle_file(folder, "lea-soir.zip", lea, pseudonym="p-lea", display_name="Léa"),
        bundle_file(folder, "noe-1.zip", noe[:1], pseudonym="p-noe"),
        bundle_file(folder, "noe-2.zip", noe, pseudonym="p-noe"),
    ]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_order_and_any_repetition_gives_the_same_seance(
    tutor_laptop: Laptop, tutor: Profile, union_files: list[Path], data: st.DataObject
) -> None:
    reference = create(tutor_laptop, tutor)
    tutor_laptop.coaching.import_bundles(tutor, reference.code, union_files)
    expected = _content_of(tutor_laptop.store, reference.code)
    picked = data.draw(st.lists(st.sampled_from(union_files), min_size=len(union_files),
                                max_size=12))  # fmt: skip
    order = data.draw(st.permutations([*union_files, *picked]))
    trial = create(tutor_laptop, tutor)
    results = tutor_laptop.coaching.import_bundles(tutor, trial.code, order)
    assert all(r.outcome is not ImportOutcome.REJECTED for r in results)
    assert _content_of(tutor_laptop.store, trial.code) == expected
    assert len(expected[1]) == 4


def _content_of(store: Store, code: str) -> tuple:
    participants, statements = seance_content(store)
    return (
        [row[1:] for row in participants if row[0] == code],
        [row[1:] for row in statements if row[0] == code],
    )


def test_a_file_whose_last_statement_conflicts_imports_nothing(
    tutor_laptop: Laptop, tutor: Profile, tmp_path: Path
) -> None:
    plan = create(tutor_laptop, tutor)
    known = tutorial_done("p-lea")
    tutor_laptop.coaching.import_bundles(
        tutor, plan.code, [bundle_file(tmp_path / "a", "lea.zip", known, pseudonym="p-lea")]
    )
    before = table_dump(tutor_laptop.store)
    altered = json.loads(json.dumps(known[1]))
    altered["result"]["duration"] = "PT9M"  # same id, different content
    news = [scenario_failed("p-lea", n) for n in (1, 2, 3)]
    path = bundle_file(tmp_path / "b", "lea.zip", [*news, altered], pseudonym="p-lea")
    [result] = tutor_laptop.coaching.import_bundles(tutor, plan.code, [path])
    assert result.outcome is ImportOutcome.REJECTED
    assert f"la déclaration {known[1]['id']} a déjà été importée avec un contenu différent" in (
        result.message
    )
    assert table_dump(tutor_laptop.store) == before


def many_scenario_verdicts(pseudonym: str, count: int) -> list[dict[str, Any]]:
    return [scenario_failed(pseudonym, attempt) for attempt in range(1, count + 1)]


def test_a_large_file_is_written_and_checked_in_chunks_under_a_low_variable_limit(
    tutor_laptop: Laptop, tutor: Profile, tmp_path: Path
) -> None:
    """2,500 statements under SQLite's oldest limit of 999 bound values per statement: the
    insert is split (249 rows per statement) and the look-up of known ids is not."""
    import sqlite3

    from sqlalchemy import event

    tutor_laptop.store.engine.dispose()  # the next connections get the lower limit

    @event.listens_for(tutor_laptop.store.engine, "connect")
    def _low_limit(connection: sqlite3.Connection, _record: object) -> None:
        connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)

    plan = create(tutor_laptop, tutor)
    statements = many_scenario_verdicts("p-lea", 2500)
    path = bundle_file(tmp_path / "a", "lea.zip", statements, pseudonym="p-lea")
    [first] = tutor_laptop.coaching.import_bundles(tutor, plan.code, [path])
    assert (first.outcome, first.new_statements) == (ImportOutcome.IMPORTED, 2500)
    _, stored = _content_of(tutor_laptop.store, plan.code)
    assert sorted(row[1] for row in stored) == sorted(s["id"] for s in statements)
    assert {row[4] for row in stored} == {canonical_json(s) for s in statements}

    [again] = tutor_laptop.coaching.import_bundles(tutor, plan.code, [path])
    assert again.outcome is ImportOutcome.ALREADY_KNOWN
    before = table_dump(tutor_laptop.store)
    altered = json.loads(json.dumps(statements[-1]))
    altered["result"]["duration"] = "PT9M"
    path = bundle_file(
        tmp_path / "b", "lea.zip", [*many_scenario_verdicts("p-lea", 1200), altered],
        pseudonym="p-lea",
    )  # fmt: skip
    [conflict] = tutor_laptop.coaching.import_bundles(tutor, plan.code, [path])
    assert conflict.outcome is ImportOutcome.REJECTED
    assert statements[-1]["id"] in conflict.message
    assert table_dump(tutor_laptop.store) == before


def test_an_import_restores_the_interpreter_settings_even_when_it_fails(
    tutor_laptop: Laptop, tutor: Profile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc
    import sys

    import ent_coach.services.coaching as coaching_module

    plan = create(tutor_laptop, tutor)
    files = [bundle_file(tmp_path, f"{p}.zip", tutorial_done(p), pseudonym=p) for p in ("a", "b")]
    interval = sys.getswitchinterval()
    seen: list[tuple[bool, float]] = []
    tutor_laptop.coaching.import_bundles(
        tutor, plan.code, files,
        progress=lambda *_: seen.append((gc.isenabled(), sys.getswitchinterval())),
    )  # fmt: skip
    assert seen == [(False, coaching_module._IMPORT_SWITCH_INTERVAL)] * 3  # 0, 1 and 2 done
    assert (gc.isenabled(), sys.getswitchinterval()) == (True, interval)

    def broken(*_: object) -> None:
        raise MemoryError

    monkeypatch.setattr(coaching_module, "_read_file", broken)
    with pytest.raises(MemoryError):
        tutor_laptop.coaching.import_bundles(tutor, plan.code, files)
    assert (gc.isenabled(), sys.getswitchinterval()) == (True, interval)


def test_a_bundle_for_another_seance_is_refused_naming_both_codes(
    tutor_laptop: Laptop, tutor: Profile, tmp_path: Path
) -> None:
    plan = create(tutor_laptop, tutor)
    other = create(tutor_laptop, tutor, title="Autre séance")
    path = bundle_file(tmp_path, "lea.zip", tutorial_done("p-lea"), pseudonym="p-lea",
                       seance_code=other.code)  # fmt: skip
    before = table_dump(tutor_laptop.store)
    [result] = tutor_laptop.coaching.import_bundles(tutor, plan.code, [path])
    assert result.outcome is ImportOutcome.REJECTED
    shown = [f"{c[:3]}-{c[3:]}" for c in (plan.code, other.code)]
    assert all(code in result.message for code in shown)
    assert table_dump(tutor_laptop.store) == before


def _rewrite(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def hostile_files(folder: Path, good: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    files["octets"] = folder / "octets.zip"
    files["octets"].write_bytes(random.Random(3).randbytes(4000))
    files["json"] = folder / "pas-un-zip.zip"
    files["json"].write_text('{"format": "ent-coach-progression"}', encoding="utf-8")
    data = good.read_bytes()
    files["tronque"] = folder / "tronque.zip"
    files["tronque"].write_bytes(data[: len(data) // 2])

    def tamper(members: dict[str, bytes]) -> None:
        statements = json.loads(members["statements.json"])
        statements[0]["timestamp"] = "2026-03-17T10:59:00+00:00"
        members["statements.json"] = json.dumps(statements).encode()

    files["somme"] = _rewrite(good, folder / "somme.zip", tamper)

    def newer(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        manifest["version"] = 99
        members["manifest.json"] = json.dumps(manifest).encode()

    files["version"] = _rewrite(good, folder / "version.zip", newer)

    def escape(members: dict[str, bytes]) -> None:
        members["../evil.txt"] = b"x"

    files["chemin"] = _rewrite(good, folder / "chemin.zip", escape)

    def invalid(members: dict[str, bytes]) -> None:
        statements = json.loads(members["statements.json"])
        del statements[0]["actor"]
        members["statements.json"] = json.dumps(statements).encode()
        manifest = json.loads(members["manifest.json"])
        manifest["statements_sha256"] = hashlib.sha256(members["statements.json"]).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()

    files["invalide"] = _rewrite(good, folder / "invalide.zip", invalid)
    files["enorme"] = folder / "enorme.zip"
    with files["enorme"].open("wb") as handle:
        handle.truncate(500 * 1024 * 1024)  # sparse: nothing written to disk
    files["absent"] = folder / "absent.zip"
    return files


def test_every_hostile_file_is_refused_and_changes_nothing(
    tutor_laptop: Laptop, tutor: Profile, tmp_path: Path
) -> None:
    plan = create(tutor_laptop, tutor)
    good = bundle_file(tmp_path / "ok", "ok.zip", tutorial_done("p-lea"), pseudonym="p-lea")
    tutor_laptop.coaching.import_bundles(tutor, plan.code, [good])
    fresh = bundle_file(tmp_path / "ok", "neuf.zip", tutorial_done("p-zoe"), pseudonym="p-zoe")
    files = hostile_files(tmp_path / "hostiles", fresh)
    before = table_dump(tutor_laptop.store)
    results = tutor_laptop.coaching.import_bundles(tutor, plan.code, list(files.values()))
    expected = {
        "octets": "n'est pas un fichier de progression", "json": "n'est pas un fichier de progression",
        "tronque": "tronquée", "somme": "somme de contrôle", "version": "plus récente",
        "chemin": "chemin", "invalide": "déclaration n° 1", "enorme": "trop volumineux",
        "absent": "absent.zip",
    }  # fmt: skip
    assert list(expected) == list(files)
    for name, result in zip(files, results, strict=True):
        assert result.outcome is ImportOutcome.REJECTED, name
        assert expected[name] in result.message, (name, result.message)
    assert table_dump(tutor_laptop.store) == before


def test_folders_cancel_and_progress(tutor_laptop: Laptop, tutor: Profile, tmp_path: Path) -> None:
    plan = create(tutor_laptop, tutor)
    folder = tmp_path / "recus"
    bundle_file(folder / "groupe-b", "b.zip", tutorial_done("p-b"), pseudonym="p-b")
    bundle_file(folder, "a.zip", tutorial_done("p-a"), pseudonym="p-a")
    bundle_file(folder, "c.zip", tutorial_done("p-c"), pseudonym="p-c")
    (folder / "notes.txt").write_text("pas un fichier de progression", encoding="utf-8")
    empty = tmp_path / "vide"
    empty.mkdir()
    seen: list[tuple[int, int]] = []
    results = tutor_laptop.coaching.import_bundles(
        tutor, plan.code, [folder, empty], progress=lambda d, t: seen.append((d, t)),
        cancelled=lambda: len(seen) >= 3,
    )  # fmt: skip
    assert [r.path.name for r in results] == ["vide", "a.zip", "c.zip", "b.zip"]
    assert results[0].outcome is ImportOutcome.REJECTED and "aucun fichier" in results[0].message
    assert [r.outcome for r in results[1:3]] == [ImportOutcome.IMPORTED] * 2
    assert (results[3].outcome, results[3].message) == (ImportOutcome.REJECTED, CANCELLED_MESSAGE)
    assert seen == [(0, 3), (1, 3), (2, 3)]
    assert len(tutor_laptop.coaching.participants(tutor, plan.code)) == 2


def test_remove_participant_takes_their_statements(
    tutor_laptop: Laptop, tutor: Profile, tmp_path: Path
) -> None:
    plan = create(tutor_laptop, tutor)
    files = [bundle_file(tmp_path, f"{p}.zip", tutorial_done(p), pseudonym=p) for p in ("p1", "p2")]
    tutor_laptop.coaching.import_bundles(tutor, plan.code, files)
    tutor_laptop.coaching.remove_participant(tutor, plan.code, "p1")
    participants, statements = _content_of(tutor_laptop.store, plan.code)
    assert [p[0] for p in participants] == ["p2"]
    assert {s[0] for s in statements} == {"p2"}
    with pytest.raises(CoachingError):
        tutor_laptop.coaching.remove_participant(tutor, plan.code, "p1")


def test_stored_fingerprint_is_the_validator_fingerprint() -> None:
    statement = tutorial_done("p-lea")[1]
    text = canonical_json(statement)
    assert hashlib.sha256(text.encode()).hexdigest() == statement_fingerprint(statement)
    assert json.loads(text) == statement


# --- exports ------------------------------------------------------------------------------------


@pytest.fixture
def imported_seance(tutor_laptop: Laptop, tutor: Profile, tmp_path: Path) -> str:
    plan = create(tutor_laptop, tutor)
    files = [
        bundle_file(tmp_path / "in", "lea.zip", tutorial_done("p-lea"), pseudonym="p-lea",
                    display_name="Léa Martin"),
        bundle_file(tmp_path / "in", "noe.zip", [scenario_failed("p-noe", 1)],
                    pseudonym="p-noe", display_name="Noé Durand"),
    ]  # fmt: skip
    tutor_laptop.coaching.import_bundles(tutor, plan.code, files)
    return plan.code


def test_csv_matches_the_matrix_with_bom_semicolons_and_crlf(
    tutor_laptop: Laptop, tutor: Profile, imported_seance: str, tmp_path: Path
) -> None:
    target = tmp_path / "tableau.csv"
    tutor_laptop.coaching.export_csv(tutor, imported_seance, target, anonymise=False)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data[3:].decode("utf-8").split("\r\n")
    header, rows = matrix_table(tutor_laptop.coaching.dashboard(tutor, imported_seance),
                                anonymise=False)  # fmt: skip
    assert lines[0] == ";".join(header)
    assert lines[1].split(";") == rows[0] and rows[0][0] == "Léa Martin"
    assert lines[1].split(";")[1] == "Terminé"
    assert lines[-1] == "" and len(lines) == 4
    anonymous = tmp_path / "anonyme.csv"
    tutor_laptop.coaching.export_csv(tutor, imported_seance, anonymous, anonymise=True)
    text = anonymous.read_bytes().decode("utf-8-sig")
    assert "Léa" not in text and "Noé" not in text and "Martin" not in text
    assert "Participant 1;" in text and "Participant 2;" in text


def test_statements_export_is_a_json_array_of_every_statement(
    tutor_laptop: Laptop, tutor: Profile, imported_seance: str, tmp_path: Path
) -> None:
    target = tmp_path / "declarations.json"
    count = tutor_laptop.coaching.export_statements(tutor, imported_seance, target)
    statements = json.loads(target.read_text(encoding="utf-8"))
    assert count == len(statements) == 3
    assert {s["actor"]["account"]["name"] for s in statements} == {"p-lea", "p-noe"}


def test_a_failed_export_leaves_the_previous_file(
    tutor_laptop: Laptop, tutor: Profile, imported_seance: str, tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "tableau.csv"
    target.write_bytes(b"ancien")

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("ent_coach.content.atomic_file.os.replace", full_disk)
    with pytest.raises(CoachingError, match=r"tableau\.csv"):
        tutor_laptop.coaching.export_csv(tutor, imported_seance, target, anonymise=False)
    assert target.read_bytes() == b"ancien"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("tableau")) == [
        "tableau.csv"
    ]
    assert not list(tmp_path.glob("*.tmp"))  # the temporary file went too


# --- received plans as pathways --------------------------------------------------------------


def test_a_received_plan_appears_at_once_and_is_never_recommended(
    laptop_factory, tutor_laptop: Laptop, tutor: Profile, tmp_path: Path
) -> None:
    plan = create(tutor_laptop, tutor)
    plan_path = tmp_path / "plan.json"
    tutor_laptop.coaching.export_plan(tutor, plan.code, plan_path)
    trainee = laptop_factory("stagiaire")
    lea, noe = trainee.profile("Léa"), trainee.profile("Noé", Role.ENSEIGNANT)
    before = {p.id for p in trainee.pathways.pathways()}
    trainee.coaching.import_plan(lea, plan_path)
    assert {p.id for p in trainee.pathways.pathways()} - before == {plan.pathway_id}
    pathway = trainee.pathways.pathway(plan.pathway_id)
    assert [step.id for step in pathway.steps] == ["i1", "i2", "i3"]
    assert pathway.step("i2").seed == plan.item("i2").seed
    # Another profile of the laptop sees it, not followed, after its role's pathways.
    rows = trainee.pathways.overview(noe)
    seance_row = next(row for row in rows if row.pathway.id == plan.pathway_id)
    assert not seance_row.followed and not seance_row.recommended
    assert rows[-1].pathway.id == plan.pathway_id or rows.index(seance_row) > 0


OWN_TITLE = "Projet Confidentielle-4242 herbier"


def _read_practice(laptop: Laptop, profile: Profile, practice_id: str, title: str) -> None:
    """What opening a practice records (PracticeService.mark_read), for a given title."""
    from ent_coach.store.progress import record_activity

    statement = xapi.practice_read_statement(
        actor_=xapi.actor(install_id=laptop.profiles.install_id(), pseudonym=profile.pseudonym),
        practice_id=practice_id, title=title, timestamp=dt.datetime.now().astimezone(),
    )  # fmt: skip
    with laptop.store.session() as session:
        record_activity(
            session, profile_id=profile.id, activity_id=xapi.practice_iri(practice_id),
            kind=xapi.PRACTICE_KIND, now=dt.datetime.now(), completed=True, statement=statement,
        )  # fmt: skip


def _every_byte(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return path.read_bytes() + b"".join(archive.read(name) for name in archive.namelist())


def test_a_pseudonym_only_bundle_carries_no_practice_title_the_person_typed(
    laptop_factory, installed: InstalledContent, tmp_path: Path
) -> None:
    laptop = laptop_factory("stagiaire")
    zoe = laptop.profile("Zoé")
    shipped = sorted(installed.practices)[0]
    _read_practice(laptop, zoe, "projet-confidentielle-4242-herbier-k3x9", OWN_TITLE)
    _read_practice(laptop, zoe, shipped, "Titre d'une pratique fournie")

    anonymous = tmp_path / "anonyme.zip"
    laptop.coaching.export_bundle(zoe, anonymous, seance_code=None, include_name=False)
    raw = _every_byte(anonymous).lower()
    assert b"confidentielle" not in raw and b"herbier" not in raw
    sent = {s["object"]["id"]: s["object"]["definition"]["name"]["fr-FR"]
            for s in read_bundle(anonymous).statements}  # fmt: skip
    assert sent[xapi.practice_iri(shipped)] == "Titre d'une pratique fournie"
    [own] = [iri for iri in sent if iri != xapi.practice_iri(shipped)]
    assert sent[own] == "Pratique personnelle"
    # The same practice keeps the same neutral id in the next file.
    again = tmp_path / "anonyme-2.zip"
    laptop.coaching.export_bundle(zoe, again, seance_code=None, include_name=False)
    assert own in {s["object"]["id"] for s in read_bundle(again).statements}

    # With the person's agreement to send their name, their own texts go as they are.
    named = tmp_path / "nomme.zip"
    laptop.coaching.export_bundle(zoe, named, seance_code=None, include_name=True)
    assert OWN_TITLE in {s["object"]["definition"]["name"]["fr-FR"] for s in read_bundle(named).statements}
# --- files that cannot be read, links, reading in batches, two windows at once ------------------


def test_an_undecodable_member_name_is_refused_in_french_and_the_batch_goes_on(
    tutor_laptop: Laptop, tutor: Profile, tmp_path: Path
) -> None:
    """Before: the zip module's UnicodeDecodeError escaped, the batch stopped (later files
    unprocessed) and the dialog showed the English codec error."""
    plan = create(tutor_laptop, tutor)
    first = bundle_file(tmp_path, "a.zip", tutorial_done("p-a"), pseudonym="p-a")
    source = bundle_file(tmp_path / "source", "b.zip", tutorial_done("p-b"), pseudonym="p-b")
    broken = tmp_path / "b.zip"
    broken.write_bytes(fuzzing.undecodable_name(source.read_bytes(), "statements.json", at=3))
    last = bundle_file(tmp_path, "c.zip", tutorial_done("p-c"), pseudonym="p-c")
    results = tutor_laptop.coaching.import_bundles(tutor, plan.code, [first, broken, last])
    assert [r.outcome for r in results] == [
        ImportOutcome.IMPORTED, ImportOutcome.REJECTED, ImportOutcome.IMPORTED
    ]
    assert "« b.zip » est une archive endommagée" in results[1].message
    assert "codec" not in results[1].message
    assert {p.pseudonym for p in tutor_laptop.coaching.participants(tutor, plan.code)} == {
        "p-a", "p-c"
    }


def test_symbolic_links_are_refused_also_inside_folders(
    tutor_laptop: Laptop, tutor: Profile, tmp_path: Path
) -> None:
    plan = create(tutor_laptop, tutor)
    elsewhere = bundle_file(tmp_path / "ailleurs", "x.zip", tutorial_done("p-x"), pseudonym="p-x")
    folder = tmp_path / "recus"
    bundle_file(folder, "a.zip", tutorial_done("p-a"), pseudonym="p-a")
    (folder / "b.zip").symlink_to(elsewhere)
    (folder / "sous-dossier").symlink_to(elsewhere.parent)  # not followed: could lead anywhere
    direct = tmp_path / "direct.zip"
    direct.symlink_to(elsewhere)
    before = table_dump(tutor_laptop.store)
    results = tutor_laptop.coaching.import_bundles(tutor, plan.code, [folder, direct])
    assert [(r.path.name, r.outcome) for r in results] == [
        ("a.zip", ImportOutcome.IMPORTED),
        ("b.zip", ImportOutcome.REJECTED),
        ("direct.zip", ImportOutcome.REJECTED),
    ]
    for result in results[1:]:
        assert f"« {result.path.name} » est refusé : c'est un lien symbolique" in result.message
    assert [p.pseudonym for p in tutor_laptop.coaching.participants(tutor, plan.code)] == ["p-a"]
    assert table_dump(tutor_laptop.store) != before


def _tampered(source: Path, target: Path) -> Path:
    """The last statement changed after the checksum was computed: found only at the end."""

    def change(members: dict[str, bytes]) -> None:
        statements = json.loads(members["statements.json"])
        statements[-1]["timestamp"] = "2026-03-17T11:59:00+00:00"
        members["statements.json"] = json.dumps(statements, separators=(",", ":")).encode()

    return _rewrite(source, target, change)


def test_a_file_is_written_batch_by_batch_and_undone_when_refused_at_its_end(
    tutor_laptop: Laptop, tutor: Profile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory: a file is read, checked and written a window at a time (before, a file at the
    limits took 2 GB, read whole); a refusal found at its end (the checksum) undoes every
    batch already written: all or nothing per file still holds."""
    from ent_coach.content import progress_bundle
    from ent_coach.store import coaching as queries

    monkeypatch.setattr(progress_bundle, "_WINDOW_BYTES", 4096)
    inserts: list[int] = []
    real_insert = queries.insert_statements

    def counted(session, **kwargs):  # type: ignore[no-untyped-def]
        inserts.append(len(kwargs["rows"]))
        return real_insert(session, **kwargs)

    monkeypatch.setattr(queries, "insert_statements", counted)
    plan = create(tutor_laptop, tutor)
    statements = many_scenario_verdicts("p-lea", 300)
    good = bundle_file(tmp_path / "a", "lea.zip", statements, pseudonym="p-lea")
    bad = _tampered(good, tmp_path / "lea-modifie.zip")
    before = table_dump(tutor_laptop.store)
    [refused] = tutor_laptop.coaching.import_bundles(tutor, plan.code, [bad])
    assert refused.outcome is ImportOutcome.REJECTED
    assert "somme de contrôle" in refused.message
    assert len(inserts) > 10  # batches were written before the refusal…
    assert table_dump(tutor_laptop.store) == before  # …and all of them undone

    inserts.clear()
    [imported] = tutor_laptop.coaching.import_bundles(tutor, plan.code, [good])
    assert (imported.outcome, imported.new_statements) == (ImportOutcome.IMPORTED, 300)
    assert len(inserts) > 10 and max(inserts) < 40 and sum(inserts) == 300
    _, stored = _content_of(tutor_laptop.store, plan.code)
    assert {row[4] for row in stored} == {canonical_json(s) for s in statements}


def test_a_cancel_during_a_file_undoes_it(
    tutor_laptop: Laptop, tutor: Profile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ent_coach.content import progress_bundle

    monkeypatch.setattr(progress_bundle, "_WINDOW_BYTES", 4096)
    plan = create(tutor_laptop, tutor)
    path = bundle_file(tmp_path, "lea.zip", many_scenario_verdicts("p-lea", 300), pseudonym="p-lea")
    before = table_dump(tutor_laptop.store)
    asked = iter([False, False, False, True])  # between files, then between batches
    [result] = tutor_laptop.coaching.import_bundles(
        tutor, plan.code, [path], cancelled=lambda: next(asked, True)
    )
    assert (result.outcome, result.message) == (ImportOutcome.REJECTED, CANCELLED_MESSAGE)
    assert table_dump(tutor_laptop.store) == before


def test_a_statement_too_deep_to_store_is_refused_and_the_batch_goes_on(
    tutor_laptop: Laptop, tutor: Profile, tmp_path: Path
) -> None:
    plan = create(tutor_laptop, tutor)
    statements = tutorial_done("p-a")
    deep: Any = 1
    for _ in range(300):
        deep = [deep]
    statements[0]["context"]["extensions"]["http://exemple.fr/profond"] = deep
    deep_file = bundle_file(tmp_path, "a.zip", tutorial_done("p-a"), pseudonym="p-a")

    def deepen(members: dict[str, bytes]) -> None:
        members["statements.json"] = json.dumps(statements).encode()
        manifest = json.loads(members["manifest.json"])
        manifest["statements_sha256"] = hashlib.sha256(members["statements.json"]).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()

    deep_file = _rewrite(deep_file, tmp_path / "profond.zip", deepen)
    other = bundle_file(tmp_path, "b.zip", tutorial_done("p-b"), pseudonym="p-b")
    results = tutor_laptop.coaching.import_bundles(tutor, plan.code, [deep_file, other])
    assert [r.outcome for r in results] == [ImportOutcome.REJECTED, ImportOutcome.IMPORTED]
    assert "trop imbriquée" in results[0].message


def test_an_unexpected_error_on_one_file_is_a_french_refusal_and_the_batch_goes_on(
    tutor_laptop: Laptop, tutor: Profile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import ent_coach.services.coaching as coaching_module

    plan = create(tutor_laptop, tutor)
    files = [bundle_file(tmp_path, f"{p}.zip", tutorial_done(p), pseudonym=p) for p in "abc"]
    real_open = coaching_module.open_bundle

    def failing(path: Path):  # type: ignore[no-untyped-def]
        if path.name == "b.zip":
            raise KeyError("imprévu")
        return real_open(path)

    monkeypatch.setattr(coaching_module, "open_bundle", failing)
    results = tutor_laptop.coaching.import_bundles(tutor, plan.code, files)
    assert [r.outcome for r in results] == [
        ImportOutcome.IMPORTED, ImportOutcome.REJECTED, ImportOutcome.IMPORTED
    ]
    assert results[1].message == f"Le fichier « b.zip » {UNREADABLE_FILE}."
    assert "imprévu" in caplog.text  # the details go to the log


def test_two_windows_importing_the_same_files_never_fail_on_a_duplicate(
    tutor_laptop: Laptop, tutor: Profile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two real connections on one database file, as two windows of ENT Coach (or a window
    and the command line). The second import runs entirely between the first one's look-up
    of the participant and its writes — the interleaving that made the first fail with
    « UNIQUE constraint failed » although everything was imported. Now the first holds the
    write lock from its look-up on: the second waits, then finds the file already imported."""
    import threading

    from ent_coach.store import coaching as queries

    plan = create(tutor_laptop, tutor)
    path = bundle_file(tmp_path, "lea.zip", tutorial_done("p-lea"), pseudonym="p-lea",
                       display_name="Léa")  # fmt: skip
    other_store = open_store(tutor_laptop.store.path)
    other = CoachingService(
        other_store, app_version="9.9.9", content_version="x", installed=InstalledContent,
        question_titles=dict, pathways=PathwayService(other_store, lambda: (), InstalledContent),
    )  # fmt: skip
    second: list[Any] = []
    real_find = queries.find_participant

    def find_then_let_the_other_window_import(session, **kwargs):  # type: ignore[no-untyped-def]
        found = real_find(session, **kwargs)
        if threading.current_thread() is first_thread and not second:
            runner = threading.Thread(
                target=lambda: second.append(other.import_bundles(tutor, plan.code, [path]))
            )
            runner.start()
            runner.join(timeout=1.5)  # before: it finished; now: it waits for the lock
        return found

    monkeypatch.setattr(queries, "find_participant", find_then_let_the_other_window_import)
    first_thread = threading.current_thread()
    try:
        [first] = tutor_laptop.coaching.import_bundles(tutor, plan.code, [path])
        deadline = 30
        while not second and deadline:
            threading.Event().wait(0.2)
            deadline -= 1
    finally:
        other_store.close()
    [[later]] = second
    assert "UNIQUE" not in first.message + later.message
    assert {first.outcome, later.outcome} == {ImportOutcome.IMPORTED, ImportOutcome.ALREADY_KNOWN}
    assert later.message == (
        "Rien de nouveau dans « lea.zip » : la progression de Léa était déjà importée."
    )
    [participant] = tutor_laptop.coaching.participants(tutor, plan.code)
    assert participant.pseudonym == "p-lea"
