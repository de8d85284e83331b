"""Pathway use cases on a real temporary database: facts derived from events recorded by the
real services, locking, following, statements, content updates, erasure and export."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from ent_coach import paths
from ent_coach.content.competences import load_frameworks
from ent_coach.content.pathways import load_pathways
from ent_coach.content.practices import load_practices
from ent_coach.domain import statements as xapi
from ent_coach.domain.assessment import Rating
from ent_coach.domain.competences import Framework
from ent_coach.domain.pathways import (
    ChecklistItem,
    InstalledContent,
    Pathway,
    PathwayOrder,
    PathwayStep,
    StepKind,
    StepState,
)
from ent_coach.domain.practices import Practice
from ent_coach.domain.profiles import Profile
from ent_coach.domain.quiz.attempts import QuizMode
from ent_coach.domain.quiz.model import QUIZ_THEMES, QuizBank
from ent_coach.domain.taxonomy import Role
from ent_coach.domain.tutorials import Tutorial
from ent_coach.services.assessment import AssessmentService
from ent_coach.services.library import LibraryService
from ent_coach.services.mydata import MyDataService
from ent_coach.services.pathways import (
    LOCKED_STEP_MESSAGE,
    NOTE_MAX_CHARS,
    PathwayError,
    PathwayService,
)
from ent_coach.services.practices import PracticeError, PracticeService
from ent_coach.services.profiles import ProfileService
from ent_coach.services.quiz import QuizService
from ent_coach.services.sandbox import SandboxContent, SandboxService
from ent_coach.store.database import Store, open_store
from tests.unit.quiz_answers import right_answer, wrong_answer

TUTORIAL = "qu-est-ce-qu-un-ent"
THEME = "principes-rgpd"
SCENARIO = "blog-de-la-4b"
PATHWAY_TABLES = ("pathway_enrolments", "pathway_ticks", "pathway_notes", "pathway_step_records")


# --- content, loaded once -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def crcn() -> Framework:
    load = load_frameworks(paths.resources_dir() / "competences")
    return next(f for f in load.frameworks if f.id == "crcn")


@pytest.fixture(scope="module")
def shipped_practices() -> tuple[Practice, ...]:
    return tuple(load_practices(paths.resources_dir() / "practices").practices)




# --- services -----------------------------------------------------------------------------------


class World:
    """The real services of one store, as the screens use them."""

    def __init__(
        self,
        store: Store,
        *,
        tutorials: list[Tutorial],
        sandbox_content: SandboxContent,
        crcn: Framework,
        practices: tuple[Practice, ...],
        quiz_bank: QuizBank,
    ) -> None:
        self.store = store
        self.library = LibraryService(store, tutorials)
        self.quiz = QuizService(store, lambda: quiz_bank)
        self.sandbox = SandboxService(store, lambda: sandbox_content)
        self.assessment = AssessmentService(store, lambda: (crcn,))
        self.practices = PracticeService(store, lambda: practices)
        self.sandbox_content = sandbox_content
        self.crcn = crcn
        self.installed = InstalledContent(
            tutorials=frozenset(t.id for t in tutorials),
            quiz_themes=frozenset(QUIZ_THEMES),
            scenarios=frozenset(s.id for s in sandbox_content.scenarios),
            practices=frozenset(p.id for p in practices),
        )

    def pathway_service(
        self, pathways: tuple[Pathway, ...], installed: InstalledContent | None = None
    ) -> PathwayService:
        return PathwayService(
            self.store, lambda: pathways, lambda: installed or self.installed
        )

    # Events, produced through the real services.

    def read_tutorial(self, profile: Profile, *, complete: bool = True) -> None:
        self.library.open_tutorial(profile, TUTORIAL)
        self.library.add_reading_time(profile, TUTORIAL, 95)
        if complete:
            self.library.complete_tutorial(profile, TUTORIAL)

    def train(self, profile: Profile, *, right: int | None = None) -> float:
        """A training on THEME; ``right`` answers right (all by default). Returns the score."""
        attempt = self.quiz.start(profile, QuizMode.TRAINING, theme=THEME, seed=11)
        items = self.quiz.items_of(attempt)
        for position, item in enumerate(items):
            assert item is not None
            good = right is None or position < right
            self.quiz.answer(profile, attempt, position, right_answer(item) if good else wrong_answer(item))
        return self.quiz.finish(profile, attempt.id).score.scaled

    def pass_scenario(self, profile: Profile, *, verify_first: bool = False) -> None:
        sitting = self.sandbox.open_scenario(profile, SCENARIO)
        if verify_first:
            assert not self.sandbox.verify(profile, sitting).passed
        scenario = next(s for s in self.sandbox_content.scenarios if s.id == SCENARIO)
        for command in scenario.solution:
            sitting.history.execute(command)
        assert self.sandbox.verify(profile, sitting).passed

    def self_assess(self, profile: Profile) -> None:
        self.assessment.save(profile, {c.id: Rating(c.id, 3) for c in self.crcn.competences()})


@pytest.fixture
def world(
    store: Store,
    tutorials: list[Tutorial],
    sandbox_content: SandboxContent,
    crcn: Framework,
    shipped_practices: tuple[Practice, ...],
    quiz_bank: QuizBank,
) -> World:
    return World(
        store,
        tutorials=tutorials,
        sandbox_content=sandbox_content,
        crcn=crcn,
        practices=shipped_practices,
        quiz_bank=quiz_bank,
    )


@pytest.fixture
def profile(store: Store) -> Profile:
    return ProfileService(store).create(display_name="Léa", role=Role.STAGIAIRE_2D)


# --- purpose-made pathways ----------------------------------------------------------------------


def _step(kind: StepKind, step_id: str, reference: str | None = None, **fields) -> PathwayStep:
    checklist = fields.pop("checklist", ())
    if kind is StepKind.ACTIVITY and not checklist:
        checklist = (
            ChecklistItem("blog-cree", "Le blog de la classe est créé."),
            ChecklistItem("commentaires", "Les commentaires sont modérés."),
        )
    return PathwayStep(
        id=step_id,
        kind=kind,
        title=f"Étape {step_id}",
        minutes=fields.pop("minutes", 10),
        reference=reference,
        checklist=checklist,
        instructions="Faites-le dans votre ENT." if kind is StepKind.ACTIVITY else None,
        **fields,
    )


def every_kind(practice_id: str, order: PathwayOrder = PathwayOrder.FREE, **steps) -> Pathway:
    chosen = [
        _step(StepKind.TUTORIAL, "lire", TUTORIAL),
        _step(StepKind.QUIZ_THEME, "quiz", THEME),
        _step(StepKind.SCENARIO, "scenario", SCENARIO),
        _step(StepKind.SELF_ASSESSMENT, "positionnement"),
        _step(StepKind.PRACTICE, "pratique", practice_id),
        _step(StepKind.ACTIVITY, "blog"),
    ]
    return Pathway(
        id=steps.get("pathway_id", "tout-en-un"),
        title="Un parcours qui mêle tout",
        roles=(Role.STAGIAIRE_2D,),
        goal="Passer par chaque sorte d'étape pour vérifier la progression.",
        duration_minutes=60,
        order=order,
        steps=tuple(chosen),
    )


def _states(service: PathwayService, profile: Profile, pathway_id: str) -> dict[str, StepState]:
    return {p.step.id: p.state for p in service.progress(profile, pathway_id).steps}


def _statements(store: Store, profile: Profile) -> list[dict]:
    with store.reader() as connection:
        rows = connection.execute(
            "SELECT payload FROM statements WHERE profile_id = ? ORDER BY rowid", (profile.id,)
        ).fetchall()
    return [json.loads(row[0]) for row in rows]


def _rows(store: Store, table: str, profile_id: int) -> int:
    with store.reader() as connection:
        return connection.execute(
            f"SELECT count(*) FROM {table} WHERE profile_id = ?", (profile_id,)
        ).fetchone()[0]


# --- facts from real events ---------------------------------------------------------------------


def test_every_kind_of_step_is_completed_by_the_real_event(
    world: World, profile: Profile, shipped_practices: tuple[Practice, ...]
) -> None:
    practice = shipped_practices[0].id
    service = world.pathway_service((every_kind(practice),))
    assert set(_states(service, profile, "tout-en-un").values()) == {StepState.TODO}

    world.read_tutorial(profile, complete=False)
    assert _states(service, profile, "tout-en-un")["lire"] is StepState.IN_PROGRESS
    world.library.complete_tutorial(profile, TUTORIAL)

    assert world.train(profile, right=0) == 0.0  # a failed training: under way only
    assert _states(service, profile, "tout-en-un")["quiz"] is StepState.IN_PROGRESS
    assert world.train(profile) == 1.0

    world.pass_scenario(profile, verify_first=True)
    world.self_assess(profile)
    assert world.practices.mark_read(profile, practice) is True
    assert world.practices.mark_read(profile, practice) is False  # recorded once only

    service.set_ticked(profile, "tout-en-un", "blog", "blog-cree", True)
    assert _states(service, profile, "tout-en-un")["blog"] is StepState.IN_PROGRESS
    progress = service.set_ticked(profile, "tout-en-un", "blog", "commentaires", True)

    assert {p.step.id: p.state for p in progress.steps} == dict.fromkeys(
        ["lire", "quiz", "scenario", "positionnement", "pratique", "blog"], StepState.DONE
    )
    assert progress.completed and progress.percent_steps == 100 and progress.next_step is None
    assert progress.of("quiz").score == 1.0

    read = [s for s in _statements(world.store, profile) if s["object"]["id"].endswith(practice)]
    assert [s["verb"]["id"] for s in read] == [xapi.EXPERIENCED.id]
    assert read[0]["object"]["id"] == xapi.practice_iri(practice)


def test_a_scenario_opened_but_not_passed_is_under_way(world: World, profile: Profile) -> None:
    service = world.pathway_service((every_kind("x"),))
    world.sandbox.open_scenario(profile, SCENARIO)
    assert _states(service, profile, "tout-en-un")["scenario"] is StepState.IN_PROGRESS


def test_a_quiz_step_asking_more_than_the_pass_mark_needs_that_score(
    world: World, profile: Profile
) -> None:
    strict = Pathway(
        id="exigeant",
        title="Un parcours exigeant",
        roles=(Role.ENSEIGNANT,),
        goal="Réussir l'entraînement sans faute.",
        duration_minutes=60,
        order=PathwayOrder.FREE,
        steps=(
            _step(StepKind.QUIZ_THEME, "quiz", THEME, pass_mark=1.0),
            _step(StepKind.QUIZ_ASSESSMENT, "evaluation", pass_mark=0.9),
        ),
    )
    service = world.pathway_service((strict,))
    score = world.train(profile, right=4)  # 4 of 5: passed at the quiz's mark, not perfect
    assert score == pytest.approx(0.8)
    progress = service.progress(profile, "exigeant")
    assert progress.of("quiz").state is StepState.IN_PROGRESS
    assert progress.of("quiz").score == pytest.approx(score, abs=1e-4)
    assert progress.of("evaluation").state is StepState.TODO
    world.train(profile)
    assert service.progress(profile, "exigeant").of("quiz").state is StepState.DONE


def test_unknown_practice_cannot_be_marked_read(world: World, profile: Profile) -> None:
    with pytest.raises(PracticeError, match="Pratique introuvable"):
        world.practices.mark_read(profile, "pratique-qui-n-existe-pas")
    assert _rows(world.store, "activity_progress", profile.id) == 0


def test_step_times_come_from_the_referenced_activities(
    world: World, profile: Profile, shipped_practices: tuple[Practice, ...]
) -> None:
    service = world.pathway_service((every_kind(shipped_practices[0].id),))
    world.read_tutorial(profile)
    world.train(profile)
    world.pass_scenario(profile)
    times = service.step_times(profile, "tout-en-un")
    assert set(times) == {"lire", "quiz", "scenario", "positionnement", "pratique", "blog"}
    assert times["lire"].seconds == pytest.approx(95)
    assert times["lire"].completed_at is not None
    assert times["quiz"].completed_at is not None and times["quiz"].seconds >= 0
    assert times["scenario"].completed_at is not None
    assert times["positionnement"] == times["positionnement"].__class__("positionnement", 0.0, None)
    assert times["blog"].completed_at is None


# --- locking, errors ----------------------------------------------------------------------------


def _sequential() -> Pathway:
    return Pathway(
        id="dans-l-ordre",
        title="Un parcours dans l'ordre",
        roles=(Role.STAGIAIRE_2D,),
        goal="Lire d'abord, agir ensuite dans l'ENT.",
        duration_minutes=60,
        order=PathwayOrder.SEQUENTIAL,
        steps=(_step(StepKind.TUTORIAL, "lire", TUTORIAL), _step(StepKind.ACTIVITY, "blog")),
    )


def test_a_locked_activity_cannot_be_ticked_until_the_step_before_is_done(
    world: World, profile: Profile
) -> None:
    service = world.pathway_service((_sequential(),))
    assert _states(service, profile, "dans-l-ordre")["blog"] is StepState.LOCKED
    with pytest.raises(PathwayError) as error:
        service.set_ticked(profile, "dans-l-ordre", "blog", "blog-cree", True)
    assert str(error.value) == LOCKED_STEP_MESSAGE
    assert _rows(world.store, "pathway_ticks", profile.id) == 0
    world.read_tutorial(profile)
    progress = service.set_ticked(profile, "dans-l-ordre", "blog", "blog-cree", True)
    assert progress.of("blog").state is StepState.IN_PROGRESS
    assert progress.of("blog").ticked == {"blog-cree"}
    progress = service.set_ticked(profile, "dans-l-ordre", "blog", "blog-cree", False)
    assert progress.of("blog").state is StepState.TODO


@pytest.mark.parametrize(
    ("pathway_id", "step_id", "item_id", "message"),
    [
        ("inconnu", "blog", "blog-cree", "Parcours introuvable : « inconnu »"),
        ("dans-l-ordre", "nulle-part", "blog-cree", "Étape introuvable"),
        ("dans-l-ordre", "blog", "autre-chose", "Élément à cocher introuvable"),
        ("dans-l-ordre", "lire", "blog-cree", "n'a pas de liste à cocher"),
    ],
)
def test_unknown_pathway_step_or_item_gives_a_french_error(
    world: World, profile: Profile, pathway_id: str, step_id: str, item_id: str, message: str
) -> None:
    service = world.pathway_service((_sequential(),))
    with pytest.raises(PathwayError, match=message):
        service.set_ticked(profile, pathway_id, step_id, item_id, True)
    with pytest.raises(PathwayError):
        service.progress(profile, "inconnu")
    with pytest.raises(PathwayError):
        service.follow(profile, "inconnu")


def test_notes_are_plain_text_of_limited_length(world: World, profile: Profile) -> None:
    service = world.pathway_service((_sequential(),))
    assert service.note(profile, "dans-l-ordre", "blog") == ""
    service.save_note(profile, "dans-l-ordre", "blog", "Fait avec la 4e B.\r\nÀ refaire.")
    assert service.note(profile, "dans-l-ordre", "blog") == "Fait avec la 4e B.\nÀ refaire."
    with pytest.raises(PathwayError, match=f"trop longue \\(2001 caractères, {NOTE_MAX_CHARS}"):
        service.save_note(profile, "dans-l-ordre", "blog", "x" * 2001)
    with pytest.raises(PathwayError, match="caractères invisibles"):
        service.save_note(profile, "dans-l-ordre", "blog", "texte\x00caché")
    assert service.note(profile, "dans-l-ordre", "blog") == "Fait avec la 4e B.\nÀ refaire."
    service.save_note(profile, "dans-l-ordre", "blog", "   ")
    assert service.note(profile, "dans-l-ordre", "blog") == ""
    assert _rows(world.store, "pathway_notes", profile.id) == 0
    with pytest.raises(PathwayError, match="Étape introuvable"):
        service.save_note(profile, "dans-l-ordre", "disparue", "texte")


# --- catalogue, following -------------------------------------------------------------------------


def test_follow_stop_and_resume_keep_the_start_ticks_and_notes(
    world: World, profile: Profile
) -> None:
    service = world.pathway_service((_sequential(),))
    first = service.follow(profile, "dans-l-ordre")
    assert first.followed and first.started_at is not None
    again = service.follow(profile, "dans-l-ordre")  # idempotent
    assert again.started_at == first.started_at
    world.read_tutorial(profile)
    service.set_ticked(profile, "dans-l-ordre", "blog", "blog-cree", True)
    service.save_note(profile, "dans-l-ordre", "blog", "Blog créé.")
    with world.store.reader() as connection:
        registration = connection.execute(
            "SELECT registration FROM pathway_enrolments WHERE profile_id = ?", (profile.id,)
        ).fetchone()[0]

    service.stop_following(profile, "dans-l-ordre")
    stopped = service.overview(profile)[0]
    assert not stopped.followed and stopped.started_at == first.started_at
    assert stopped.progress.of("blog").ticked == {"blog-cree"}
    assert service.note(profile, "dans-l-ordre", "blog") == "Blog créé."

    resumed = service.follow(profile, "dans-l-ordre")
    assert resumed.followed and resumed.started_at == first.started_at
    with world.store.reader() as connection:
        assert connection.execute(
            "SELECT registration, stopped_at FROM pathway_enrolments WHERE profile_id = ?",
            (profile.id,),
        ).fetchone() == (registration, None)


def test_overview_lists_followed_then_the_role_s_then_the_others(
    world: World, profile: Profile, shipped_pathways: tuple[Pathway, ...]
) -> None:
    service = world.pathway_service(shipped_pathways)
    recommended = service.recommended(Role.STAGIAIRE_2D)
    assert recommended is not None and Role.STAGIAIRE_2D in recommended.recommended_for
    rows = service.overview(profile)
    assert len(rows) == len(shipped_pathways)
    assert rows[0].pathway.id == recommended.id and rows[0].recommended
    assert sum(row.recommended for row in rows) == 1
    roles = [Role.STAGIAIRE_2D in row.pathway.roles for row in rows]
    assert roles == sorted(roles, reverse=True)  # the role's first, then the others
    other = next(p for p in shipped_pathways if Role.STAGIAIRE_2D not in p.roles)
    service.follow(profile, other.id)
    rows = service.overview(profile)
    assert rows[0].pathway.id == other.id and rows[0].followed
    assert rows[1].pathway.id == recommended.id and not rows[1].followed


def test_every_bundled_pathway_is_fully_available_with_the_installed_content(
    world: World, profile: Profile, shipped_pathways: tuple[Pathway, ...]
) -> None:
    service = world.pathway_service(shipped_pathways)
    for row in service.overview(profile):
        assert row.progress.unavailable_count == 0, row.pathway.id
        assert row.progress.next_step is not None


# --- statements -------------------------------------------------------------------------------


def test_record_progress_sends_each_step_once_then_the_pathway_completion(
    world: World, profile: Profile
) -> None:
    service = world.pathway_service((_sequential(),))
    assert service.record_progress(profile) == []  # nothing followed
    world.read_tutorial(profile)
    assert service.record_progress(profile) == []  # done, but not followed: nothing sent
    service.follow(profile, "dans-l-ordre")
    before = len(_statements(world.store, profile))

    assert service.record_progress(profile) == [("dans-l-ordre", "lire")]
    assert service.record_progress(profile) == []  # idempotent
    service.set_ticked(profile, "dans-l-ordre", "blog", "blog-cree", True)
    service.set_ticked(profile, "dans-l-ordre", "blog", "commentaires", True)
    assert service.record_progress(profile) == [("dans-l-ordre", "blog")]
    assert service.record_progress(profile) == []

    sent = _statements(world.store, profile)[before:]
    verbs = [(s["verb"]["id"].rsplit("/", 1)[-1], s["object"]["id"]) for s in sent]
    pathway_iri = xapi.pathway_iri("dans-l-ordre")
    assert verbs == [
        ("completed", xapi.pathway_step_iri("dans-l-ordre", "lire")),
        ("progressed", pathway_iri),
        ("completed", xapi.pathway_step_iri("dans-l-ordre", "blog")),
        ("progressed", pathway_iri),
        ("completed", pathway_iri),
    ]
    registrations = {s["context"]["registration"] for s in sent}
    assert len(registrations) == 1
    step = sent[0]
    assert step["object"]["definition"]["type"] == xapi.MODULE
    assert step["result"] == {"completion": True}
    parent = step["context"]["contextActivities"]["parent"][0]
    assert parent["id"] == pathway_iri and parent["definition"]["type"] == xapi.COURSE
    assert step["context"]["extensions"] == {xapi.EXT_STEP_INDEX: 1, xapi.EXT_STEP_COUNT: 2}
    assert [s["result"]["extensions"][xapi.EXT_PROGRESS] for s in (sent[1], sent[3])] == [50, 100]
    completed = sent[4]
    assert completed["object"]["definition"]["type"] == xapi.COURSE
    assert completed["result"]["completion"] is True
    assert xapi.EXT_PROGRESS not in json.dumps(completed)
    with world.store.reader() as connection:
        assert connection.execute(
            "SELECT completed_at IS NOT NULL FROM pathway_enrolments WHERE profile_id = ?",
            (profile.id,),
        ).fetchone()[0]
    # A new enrolment after a stop keeps the same registration: still one pathway run.
    service.stop_following(profile, "dans-l-ordre")
    service.follow(profile, "dans-l-ordre")
    assert service.record_progress(profile) == []


def test_a_stopped_pathway_records_nothing(world: World, profile: Profile) -> None:
    service = world.pathway_service((_sequential(),))
    service.follow(profile, "dans-l-ordre")
    service.stop_following(profile, "dans-l-ordre")
    world.read_tutorial(profile)
    assert service.record_progress(profile) == []
    assert _rows(world.store, "pathway_step_records", profile.id) == 0


# --- content updates ---------------------------------------------------------------------------


def _write_pathway(folder: Path, data: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{data['id']}.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def _pathway_file(steps: list[dict]) -> dict:
    return {
        "id": "mis-a-jour",
        "title": "Un parcours mis à jour",
        "roles": ["stagiaire-2d"],
        "goal": "Vérifier qu'une mise à jour du contenu ne casse rien chez l'enseignant.",
        "duration": 60,
        "order": "sequentielle",
        "steps": steps,
    }


def _loader(folder: Path) -> Callable[[], tuple[Pathway, ...]]:
    def load() -> tuple[Pathway, ...]:
        found = load_pathways(folder)
        assert not found.problems, found.problems
        return tuple(found.pathways)

    return load


def test_removed_steps_and_content_leave_the_pathway_usable(
    world: World, profile: Profile, tmp_path: Path
) -> None:
    tutorial = {"id": "lire", "kind": "tutoriel", "reference": TUTORIAL,
                "title": "Lire le tutoriel", "minutes": 20}  # fmt: skip
    gone = {"id": "ancien", "kind": "pratique", "reference": "pratique-retiree",
            "title": "Une pratique retirée", "minutes": 20}  # fmt: skip
    activity = {
        "id": "blog", "kind": "activite", "title": "Créer le blog", "minutes": 20,
        "instructions": "Dans votre ENT réel, créez le blog de la classe.",
        "checklist": [{"id": "blog-cree", "text": "Le blog de la classe est créé."},
                      {"id": "moderation", "text": "Les commentaires sont modérés."}],
    }  # fmt: skip
    quiz = {"id": "quiz", "kind": "quiz-theme", "reference": THEME,
            "title": "S'entraîner sur le RGPD", "minutes": 20}  # fmt: skip
    folder = tmp_path / "v1"
    _write_pathway(folder, _pathway_file([tutorial, activity, quiz]))
    before = PathwayService(world.store, _loader(folder), lambda: world.installed)
    before.follow(profile, "mis-a-jour")
    world.read_tutorial(profile)
    before.set_ticked(profile, "mis-a-jour", "blog", "blog-cree", True)
    before.set_ticked(profile, "mis-a-jour", "blog", "moderation", True)
    before.save_note(profile, "mis-a-jour", "blog", "Fait le 3 mars.")
    assert before.record_progress(profile) == [("mis-a-jour", "lire"), ("mis-a-jour", "blog")]

    # The update removes the activity and puts first a step whose practice is gone.
    folder = tmp_path / "v2"
    _write_pathway(folder, _pathway_file([gone, tutorial, quiz]))
    after = PathwayService(world.store, _loader(folder), lambda: world.installed)
    progress = after.progress(profile, "mis-a-jour")
    assert [p.state for p in progress.steps] == [
        StepState.UNAVAILABLE, StepState.DONE, StepState.TODO
    ]
    assert progress.next_step is not None and progress.next_step.step.id == "quiz"
    assert (progress.done_count, progress.available_count, progress.percent_steps) == (1, 2, 50)
    assert after.overview(profile)[0].followed
    times = after.step_times(profile, "mis-a-jour")
    assert set(times) == {"ancien", "lire", "quiz"} and times["ancien"].seconds == 0
    with pytest.raises(PathwayError, match="Étape introuvable"):
        after.note(profile, "mis-a-jour", "blog")
    assert after.record_progress(profile) == []
    world.train(profile)
    assert after.record_progress(profile) == [("mis-a-jour", "quiz")]
    attestation = after.attestation(profile, "mis-a-jour")
    assert attestation.progress.completed and attestation.completed_at is not None
    assert set(attestation.scores) == {"quiz"}


# --- attestation -------------------------------------------------------------------------------


def test_attestation_gathers_steps_times_and_scores(
    world: World, profile: Profile, shipped_practices: tuple[Practice, ...]
) -> None:
    practice = shipped_practices[0].id
    service = world.pathway_service((every_kind(practice),))
    service.follow(profile, "tout-en-un")
    world.read_tutorial(profile)
    world.train(profile)
    world.pass_scenario(profile)
    world.self_assess(profile)
    world.practices.mark_read(profile, practice)
    partial = service.attestation(profile, "tout-en-un")
    assert not partial.progress.completed and partial.completed_at is None
    for item in ("blog-cree", "commentaires"):
        service.set_ticked(profile, "tout-en-un", "blog", item, True)
    service.record_progress(profile)

    attestation = service.attestation(profile, "tout-en-un", content_version="2026.03")
    assert attestation.display_name == "Léa"
    assert attestation.role_label == Role.STAGIAIRE_2D.label
    assert attestation.progress.completed
    assert attestation.started_at is not None and attestation.completed_at is not None
    assert attestation.started_at <= attestation.completed_at <= attestation.generated_at
    assert attestation.scores == {"quiz": 1.0}
    assert attestation.total_seconds == pytest.approx(sum(t.seconds for t in attestation.times.values()))
    assert attestation.total_seconds >= 95
    assert all(t.completed_at is not None for t in attestation.times.values())
    assert attestation.content_version == "2026.03"


def test_a_self_assessment_before_following_does_not_complete_the_step(
    world: World, profile: Profile, shipped_practices: tuple[Practice, ...]
) -> None:
    service = world.pathway_service((every_kind(shipped_practices[0].id),))
    world.self_assess(profile)
    service.follow(profile, "tout-en-un")
    assert _states(service, profile, "tout-en-un")["positionnement"] is StepState.TODO
    world.self_assess(profile)
    assert _states(service, profile, "tout-en-un")["positionnement"] is StepState.DONE


# --- erasure and export -----------------------------------------------------------------------


def _fill(world: World, profile: Profile) -> PathwayService:
    service = world.pathway_service((_sequential(),))
    service.follow(profile, "dans-l-ordre")
    world.read_tutorial(profile)
    service.set_ticked(profile, "dans-l-ordre", "blog", "blog-cree", True)
    service.save_note(profile, "dans-l-ordre", "blog", "Note du parcours.")
    service.record_progress(profile)
    return service


def test_erasing_a_profile_removes_its_pathway_rows_only(
    world: World, profile: Profile, tmp_path: Path
) -> None:
    other = ProfileService(world.store).create(display_name="Noé", role=Role.ENSEIGNANT)
    _fill(world, profile)
    _fill(world, other)
    MyDataService(world.store, data_dir=tmp_path).erase(profile.id)
    for table in PATHWAY_TABLES:
        assert _rows(world.store, table, profile.id) == 0, table
        assert _rows(world.store, table, other.id) == 1, table


def test_export_then_import_keeps_the_pathway_rows(
    world: World, profile: Profile, tmp_path: Path
) -> None:
    _fill(world, profile)
    target = tmp_path / "export.zip"
    MyDataService(world.store, data_dir=tmp_path).export(profile.id, target)
    fresh = open_store(tmp_path / "ailleurs" / "ent-coach.sqlite3")
    try:
        imported = MyDataService(fresh, data_dir=tmp_path).import_file(target)
        moved = PathwayService(fresh, lambda: (_sequential(),), lambda: world.installed)
        row = moved.overview(imported)[0]
        assert row.followed and row.progress.of("lire").done
        assert row.progress.of("blog").ticked == {"blog-cree"}
        assert moved.note(imported, "dans-l-ordre", "blog") == "Note du parcours."
        assert moved.record_progress(imported) == []  # the records came along
        for table in PATHWAY_TABLES:
            assert _rows(fresh, table, imported.id) == 1, table
    finally:
        fresh.close()


def test_recorded_dates_are_plain_local_times(world: World, profile: Profile) -> None:
    service = _fill(world, profile)
    started = service.overview(profile)[0].started_at
    assert started is not None and started.tzinfo is None
    times = service.step_times(profile, "dans-l-ordre")
    assert times["lire"].completed_at is not None and times["lire"].completed_at.tzinfo is None


def test_following_with_a_profile_erased_meanwhile_is_refused(
    world: World, profile: Profile, tmp_path: Path
) -> None:
    service = world.pathway_service((_sequential(),))
    MyDataService(world.store, data_dir=tmp_path).erase(profile.id)
    with pytest.raises(PathwayError, match="Ce profil n'existe plus"):
        service.follow(profile, "dans-l-ordre")
    assert _rows(world.store, "pathway_enrolments", profile.id) == 0
