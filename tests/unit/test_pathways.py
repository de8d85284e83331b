"""Guided pathways: the shipped files are valid and cover every role, step states follow the
recorded facts, locking and percentages behave, and each kind of bad file is rejected with
its file and line."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from ent_coach import paths
from ent_coach.cli import check_content
from ent_coach.content.pathways import KnownPathwayContent, load_pathways
from ent_coach.domain.pathways import (
    ChecklistItem,
    InstalledContent,
    Pathway,
    PathwayOrder,
    PathwayStep,
    ProgressFacts,
    StepKind,
    StepState,
    pathway_progress,
    pathways_for_role,
    recommended_pathway,
)
from ent_coach.domain.quiz.model import QUIZ_THEMES
from ent_coach.domain.taxonomy import Role

ROOT = paths.bundle_root()


def _shipped_known() -> KnownPathwayContent:
    return KnownPathwayContent(
        tutorials=frozenset(p.stem for p in (ROOT / "tutorials").glob("*.md")),
        quiz_themes=frozenset(QUIZ_THEMES),
        scenarios=frozenset(p.stem for p in (ROOT / "resources" / "scenarios").glob("*.yaml")),
        practices=frozenset(p.stem for p in (ROOT / "resources" / "practices").glob("*.yaml")),
    )


def _shipped() -> list[Pathway]:
    found = load_pathways(ROOT / "resources" / "pathways", _shipped_known())
    assert [problem.format() for problem in found.problems] == []
    return found.pathways


# --- the shipped pathways ---------------------------------------------------------------------


def test_the_shipped_pathways_are_seven_or_more_and_all_valid() -> None:
    pathways = _shipped()
    assert len(pathways) >= 7
    assert len({p.id for p in pathways}) == len(pathways)
    for pathway in pathways:
        assert len(pathway.kinds) >= 3, pathway.id
        assert StepKind.ACTIVITY in pathway.kinds, pathway.id
        assert 60 <= pathway.steps_minutes <= 240, pathway.id
        for step in pathway.steps:
            if step.kind is StepKind.ACTIVITY:
                assert 2 <= len(step.checklist) <= 6 and step.instructions


def test_every_role_gets_its_own_recommended_pathway() -> None:
    pathways = _shipped()
    for role in Role:
        pathway = recommended_pathway(pathways, role)
        assert pathway is not None, role
        assert role in pathway.roles and role in pathway.recommended_for
        assert pathways_for_role(pathways, role)[0] is pathway
    assert recommended_pathway(pathways, Role.STAGIAIRE_2D).id == "premiers-pas-dans-l-ent"
    assert recommended_pathway(pathways, Role.STAGIAIRE_1D).id == "l-ent-a-l-ecole"


def test_a_role_without_an_explicit_recommendation_falls_back_to_its_first_pathway() -> None:
    first = _pathway(pathway_id="a", roles=(Role.ENSEIGNANT,))
    second = _pathway(pathway_id="b", roles=(Role.ENSEIGNANT,))
    assert recommended_pathway([first, second], Role.ENSEIGNANT) is first
    assert recommended_pathway([first, second], Role.DIRECTION) is None


def test_check_content_counts_the_pathways(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_content(None) == 0
    out = capsys.readouterr().out
    assert f"{len(_shipped())} parcours." in out
    assert "bonnes pratiques" in out


# --- step states from facts ------------------------------------------------------------------

T0 = dt.datetime(2026, 3, 2, 9, 0)


def _step(kind: StepKind, step_id: str | None = None, **fields: Any) -> PathwayStep:
    references = {
        StepKind.TUTORIAL: "blog-de-classe",
        StepKind.QUIZ_THEME: "droit-image",
        StepKind.SCENARIO: "blog-de-la-4b",
        StepKind.PRACTICE: "ecole-charte-ent-de-la-classe",
    }
    if kind is StepKind.ACTIVITY:
        fields.setdefault(
            "checklist", (ChecklistItem("un", "Premier point"), ChecklistItem("deux", "Second"))
        )
    return PathwayStep(
        id=step_id or kind.value,
        kind=kind,
        title=f"Étape {kind.value}",
        minutes=fields.pop("minutes", 10),
        reference=references.get(kind),
        **fields,
    )


def _pathway(
    *steps: PathwayStep,
    order: PathwayOrder = PathwayOrder.SEQUENTIAL,
    pathway_id: str = "essai",
    roles: tuple[Role, ...] = (Role.ENSEIGNANT,),
) -> Pathway:
    return Pathway(
        id=pathway_id,
        title="Un parcours d'essai",
        roles=roles,
        goal="Un objectif assez long pour un parcours d'essai.",
        duration_minutes=sum(step.minutes for step in steps),
        order=order,
        steps=steps or tuple(_step(kind) for kind in StepKind),
    )


def _state(step: PathwayStep, facts: ProgressFacts) -> StepState:
    # Free order: the state comes from the facts alone.
    progress = pathway_progress(_pathway(step, order=PathwayOrder.FREE), facts)
    return progress.steps[0].state


@pytest.mark.parametrize(
    ("kind", "done", "in_progress"),
    [
        (
            StepKind.TUTORIAL,
            ProgressFacts(completed_tutorials=frozenset({"blog-de-classe"})),
            ProgressFacts(opened_tutorials=frozenset({"blog-de-classe"})),
        ),
        (
            StepKind.QUIZ_THEME,
            ProgressFacts(passed_trainings={"droit-image": 0.8}),
            ProgressFacts(attempted_trainings=frozenset({"droit-image"})),
        ),
        (
            StepKind.QUIZ_ASSESSMENT,
            ProgressFacts(best_assessment_score=0.8),
            ProgressFacts(best_assessment_score=0.75),
        ),
        (
            StepKind.SCENARIO,
            ProgressFacts(passed_scenarios=frozenset({"blog-de-la-4b"})),
            ProgressFacts(attempted_scenarios=frozenset({"blog-de-la-4b"})),
        ),
        (
            StepKind.ACTIVITY,
            ProgressFacts(ticked_items={("essai", "activite"): frozenset({"un", "deux"})}),
            ProgressFacts(ticked_items={("essai", "activite"): frozenset({"un"})}),
        ),
        (StepKind.SELF_ASSESSMENT, ProgressFacts(self_assessment_dates=(T0,)), None),
        (
            StepKind.PRACTICE,
            ProgressFacts(practices_read=frozenset({"ecole-charte-ent-de-la-classe"})),
            None,
        ),
    ],
)
def test_each_kind_of_fact_completes_its_step(
    kind: StepKind, done: ProgressFacts, in_progress: ProgressFacts | None
) -> None:
    step = _step(kind)
    assert _state(step, ProgressFacts()) is StepState.TODO
    assert _state(step, done) is StepState.DONE
    if in_progress is not None:
        assert _state(step, in_progress) is StepState.IN_PROGRESS


def test_facts_about_other_content_complete_nothing() -> None:
    other = ProgressFacts(
        completed_tutorials=frozenset({"forum"}),
        passed_trainings={"violations": 1.0},
        passed_scenarios=frozenset({"forum-debat-4b"}),
        practices_read=frozenset({"college-forum-debat-emc"}),
        # Ticks of the same step id in another pathway, and unknown item ids.
        ticked_items={
            ("autre", "activite"): frozenset({"un", "deux"}),
            ("essai", "activite"): frozenset({"trois"}),
        },
    )
    for kind in (
        StepKind.TUTORIAL,
        StepKind.QUIZ_THEME,
        StepKind.SCENARIO,
        StepKind.PRACTICE,
        StepKind.ACTIVITY,
    ):
        assert _state(_step(kind), other) is StepState.TODO, kind


def test_quiz_steps_compare_the_best_score_with_their_pass_mark() -> None:
    assessment = _step(StepKind.QUIZ_ASSESSMENT, pass_mark=0.9)
    assert _state(assessment, ProgressFacts(best_assessment_score=0.85)) is StepState.IN_PROGRESS
    assert _state(assessment, ProgressFacts(best_assessment_score=0.9)) is StepState.DONE
    # 16/20 stored as 0.8 must pass the default 80 % mark, even with float noise.
    default = _step(StepKind.QUIZ_ASSESSMENT)
    assert _state(default, ProgressFacts(best_assessment_score=0.7999999)) is StepState.DONE
    training = _step(StepKind.QUIZ_THEME, pass_mark=0.9)
    passed_low = ProgressFacts(passed_trainings={"droit-image": 0.8})
    assert _state(training, passed_low) is StepState.IN_PROGRESS
    progress = pathway_progress(_pathway(training), passed_low)
    assert progress.steps[0].score == 0.8


def test_a_self_assessment_counts_only_once_the_pathway_is_started() -> None:
    opening = _step(StepKind.SELF_ASSESSMENT, "ouverture")
    closing = _step(StepKind.SELF_ASSESSMENT, "cloture")
    pathway = _pathway(opening, _step(StepKind.TUTORIAL), closing, order=PathwayOrder.FREE)
    before = T0 - dt.timedelta(days=30)
    after = T0 + dt.timedelta(days=1)
    started = {"essai": T0}

    old_only = pathway_progress(
        pathway, ProgressFacts(self_assessment_dates=(before,), started_at=started)
    )
    assert old_only.of("ouverture").state is StepState.TODO

    one = pathway_progress(
        pathway, ProgressFacts(self_assessment_dates=(before, after), started_at=started)
    )
    assert one.of("ouverture").state is StepState.DONE
    assert one.of("cloture").state is StepState.TODO  # the closing one needs a second

    two = pathway_progress(
        pathway,
        ProgressFacts(
            self_assessment_dates=(after, after + dt.timedelta(days=40)), started_at=started
        ),
    )
    assert two.of("cloture").state is StepState.DONE


# --- order, percentages, next step -------------------------------------------------------------


def _three_steps(order: PathwayOrder) -> Pathway:
    return _pathway(
        _step(StepKind.TUTORIAL, minutes=10),
        _step(StepKind.SCENARIO, minutes=20),
        _step(StepKind.ACTIVITY, minutes=30),
        order=order,
    )


def test_sequential_order_locks_every_step_after_the_first_not_done() -> None:
    facts = ProgressFacts(
        opened_tutorials=frozenset({"blog-de-classe"}),
        ticked_items={("essai", "activite"): frozenset({"un"})},
    )
    progress = pathway_progress(_three_steps(PathwayOrder.SEQUENTIAL), facts)
    assert [p.state for p in progress.steps] == [
        StepState.IN_PROGRESS,
        StepState.LOCKED,
        StepState.LOCKED,
    ]
    assert progress.steps[2].ticked == frozenset({"un"})  # locked, but nothing is forgotten
    assert progress.next_step is not None and progress.next_step.step.id == "tutoriel"


def test_free_order_locks_nothing() -> None:
    progress = pathway_progress(_three_steps(PathwayOrder.FREE), ProgressFacts())
    assert [p.state for p in progress.steps] == [StepState.TODO] * 3


def test_a_step_done_out_of_order_shows_as_done_and_counts() -> None:
    facts = ProgressFacts(passed_scenarios=frozenset({"blog-de-la-4b"}))
    progress = pathway_progress(_three_steps(PathwayOrder.SEQUENTIAL), facts)
    assert [p.state for p in progress.steps] == [
        StepState.TODO,
        StepState.DONE,
        StepState.LOCKED,
    ]
    assert progress.done_count == 1


def test_percentages_by_steps_and_by_minutes_and_time_left() -> None:
    pathway = _three_steps(PathwayOrder.SEQUENTIAL)
    nothing = pathway_progress(pathway, ProgressFacts())
    assert (nothing.percent_steps, nothing.percent_minutes, nothing.minutes_remaining) == (
        0,
        0,
        60,
    )
    facts = ProgressFacts(
        completed_tutorials=frozenset({"blog-de-classe"}),
        passed_scenarios=frozenset({"blog-de-la-4b"}),
    )
    two = pathway_progress(pathway, facts)
    assert two.percent_steps == 66  # rounded down: 100 only when really finished
    assert two.percent_minutes == 50
    assert two.minutes_remaining == 30
    assert two.next_step is not None and two.next_step.step.id == "activite"
    assert not two.completed

    ticked = ProgressFacts(
        completed_tutorials=facts.completed_tutorials,
        passed_scenarios=facts.passed_scenarios,
        ticked_items={("essai", "activite"): frozenset({"un", "deux"})},
    )
    full = pathway_progress(pathway, ticked)
    assert (full.percent_steps, full.percent_minutes, full.minutes_remaining) == (100, 100, 0)
    assert full.completed and full.next_step is None


def test_next_step_in_free_order_is_the_first_not_done() -> None:
    facts = ProgressFacts(completed_tutorials=frozenset({"blog-de-classe"}))
    progress = pathway_progress(_three_steps(PathwayOrder.FREE), facts)
    assert progress.next_step is not None and progress.next_step.step.id == "scenario"


# --- content updates ----------------------------------------------------------------------------


def test_a_step_whose_content_was_removed_is_unavailable_and_never_blocks() -> None:
    pathway = _three_steps(PathwayOrder.SEQUENTIAL)
    installed = InstalledContent(
        tutorials=frozenset(),  # the tutorial of the first step is gone
        scenarios=frozenset({"blog-de-la-4b"}),
    )
    facts = ProgressFacts(
        completed_tutorials=frozenset({"blog-de-classe"}),  # done before the update
        passed_scenarios=frozenset({"blog-de-la-4b"}),
    )
    progress = pathway_progress(pathway, facts, installed)
    assert [p.state for p in progress.steps] == [
        StepState.UNAVAILABLE,
        StepState.DONE,
        StepState.TODO,
    ]
    assert progress.available_count == 2 and progress.unavailable_count == 1
    assert progress.percent_steps == 50
    assert progress.percent_minutes == 40  # 20 of the 50 minutes still installed
    assert progress.next_step is not None and progress.next_step.step.id == "activite"

    # Nothing done yet: the first *available* step is open, not locked behind the gone one.
    fresh = pathway_progress(pathway, ProgressFacts(), installed)
    assert fresh.steps[1].state is StepState.TODO

    finished = ProgressFacts(
        passed_scenarios=frozenset({"blog-de-la-4b"}),
        ticked_items={("essai", "activite"): frozenset({"un", "deux"})},
    )
    assert pathway_progress(pathway, finished, installed).completed


def test_every_step_unavailable_gives_zero_and_no_next_step() -> None:
    pathway = _pathway(_step(StepKind.TUTORIAL), _step(StepKind.PRACTICE))
    gone = InstalledContent(tutorials=frozenset(), practices=frozenset())
    progress = pathway_progress(pathway, ProgressFacts(), gone)
    assert (progress.percent_steps, progress.percent_minutes, progress.next_step) == (0, 0, None)
    assert not progress.completed


def test_the_loader_keeps_a_pathway_whose_only_problem_is_a_missing_reference(
    tmp_path: Path,
) -> None:
    data = _valid_data()
    data["steps"][0]["reference"] = "tutoriel-retire"
    _write(tmp_path, data)
    found = load_pathways(tmp_path, _known())
    (problem,) = found.problems
    assert "tutoriel inconnu : tutoriel-retire" in problem.message
    (pathway,) = found.pathways
    progress = pathway_progress(pathway, ProgressFacts(), _known())
    assert progress.steps[0].state is StepState.UNAVAILABLE


# --- bad files --------------------------------------------------------------------------------


def _known() -> KnownPathwayContent:
    return KnownPathwayContent(
        tutorials=frozenset({"blog-de-classe", "rgpd-les-bases"}),
        quiz_themes=frozenset(QUIZ_THEMES),
        scenarios=frozenset({"blog-de-la-4b"}),
        practices=frozenset({"ecole-charte-ent-de-la-classe"}),
    )


_VALID: dict[str, Any] = {
    "id": "essai",
    "title": "Un parcours d'essai valide",
    "roles": ["enseignant", "stagiaire-2d"],
    "recommended_for": ["enseignant"],
    "goal": "Un objectif clair et assez long pour passer la validation.",
    "duration": 90,
    "order": "sequentielle",
    "steps": [
        {"id": "lire", "kind": "tutoriel", "reference": "blog-de-classe",
         "title": "Lire le tutoriel du blog", "minutes": 12},
        {"id": "quiz", "kind": "quiz-theme", "reference": "droit-image",
         "title": "S'entraîner au droit à l'image", "minutes": 12},
        {"id": "bac-a-sable", "kind": "scenario", "reference": "blog-de-la-4b",
         "title": "Régler le blog de la 4B", "minutes": 15},
        {"id": "pratique", "kind": "pratique", "reference": "ecole-charte-ent-de-la-classe",
         "title": "Lire une bonne pratique", "minutes": 10},
        {"id": "evaluation", "kind": "quiz-evaluation", "title": "Passer l'évaluation",
         "minutes": 11, "pass_mark": 80},
        {"id": "dans-l-ent", "kind": "activite", "title": "Ouvrir le blog de la classe",
         "minutes": 30, "instructions": "Dans votre ENT, ouvrez le blog de votre classe.",
         "checklist": [
             {"id": "prive", "text": "Le blog n'est visible que de la classe."},
             {"id": "valide", "text": "Les billets des élèves sont soumis à validation."},
         ]},
    ],
}  # fmt: skip


def _valid_data() -> dict[str, Any]:
    return copy.deepcopy(_VALID)


def _write(folder: Path, data: dict[str, Any], name: str | None = None) -> Path:
    path = folder / f"{name or data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _reject(tmp_path: Path, data: dict[str, Any], message: str, line_start: str) -> None:
    """The file is reported once, with ``message``, at a line starting with ``line_start``."""
    path = _write(tmp_path, data)
    found = load_pathways(tmp_path, _known())
    assert len(found.problems) == 1, [p.format() for p in found.problems]
    (problem,) = found.problems
    assert problem.path == path
    assert message in problem.message
    line = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert line.strip().lstrip("- ").startswith(line_start), (problem.line, line)


def test_the_valid_example_loads(tmp_path: Path) -> None:
    _write(tmp_path, _valid_data())
    found = load_pathways(tmp_path, _known())
    assert found.problems == []
    (pathway,) = found.pathways
    assert pathway.order is PathwayOrder.SEQUENTIAL
    assert pathway.steps[4].effective_pass_mark == 0.8
    assert pathway.steps[5].checklist[1].id == "valide"


@pytest.mark.parametrize(
    ("step", "reference", "message"),
    [
        (0, "tutoriel-absent", "tutoriel inconnu : tutoriel-absent"),
        (1, "theme-absent", "thème de quiz inconnu : theme-absent"),
        (2, "scenario-absent", "scénario inconnu : scenario-absent"),
        (3, "pratique-absente", "bonne pratique inconnue : pratique-absente"),
    ],
)
def test_an_unknown_reference_is_reported_at_its_line(
    tmp_path: Path, step: int, reference: str, message: str
) -> None:
    data = _valid_data()
    data["steps"][step]["reference"] = reference
    _reject(tmp_path, data, message, f"reference: {reference}")


def test_a_duplicate_step_id_is_rejected(tmp_path: Path) -> None:
    data = _valid_data()
    data["steps"][2]["id"] = "lire"
    _reject(tmp_path, data, "étape en double : lire", "id: lire")
    assert load_pathways(tmp_path, _known()).pathways == []


def test_fewer_than_three_kinds_are_rejected(tmp_path: Path) -> None:
    data = _valid_data()
    data["steps"] = [
        {"id": f"lire-{n}", "kind": "tutoriel", "reference": "blog-de-classe",
         "title": "Lire le tutoriel", "minutes": 15}
        for n in range(3)
    ] + [data["steps"][5]]  # fmt: skip
    data["duration"] = 75
    _reject(tmp_path, data, "au moins 3 types d'étapes", "steps:")


@pytest.mark.parametrize(("minutes", "duration"), [(5, 60), (120, 240)])
def test_a_pathway_shorter_than_one_hour_or_longer_than_four_is_rejected(
    tmp_path: Path, minutes: int, duration: int
) -> None:
    data = _valid_data()
    for step in data["steps"]:
        step["minutes"] = minutes
    data["duration"] = duration
    _reject(tmp_path, data, "un parcours dure de 60 à 240 min", "steps:")


def test_a_stated_duration_too_far_from_the_steps_is_rejected(tmp_path: Path) -> None:
    data = _valid_data()
    data["duration"] = 120  # the steps add up to 90 minutes
    _reject(tmp_path, data, "les étapes totalisent 90 min", "duration:")
    data["duration"] = 99  # within the 10 minutes of slack
    _write(tmp_path, data)
    assert load_pathways(tmp_path, _known()).problems == []


def test_a_stated_duration_outside_one_to_four_hours_is_rejected(tmp_path: Path) -> None:
    data = _valid_data()
    data["duration"] = 300
    _reject(tmp_path, data, "duration : valeur hors limites (au plus 240)", "duration:")


@pytest.mark.parametrize(
    ("where", "field"),
    [((), "goal"), (("steps", 1), "title"), (("steps", 5), "instructions")],
)
def test_markup_is_rejected(tmp_path: Path, where: tuple[Any, ...], field: str) -> None:
    data = _valid_data()
    target = data if not where else data[where[0]][where[1]]
    target[field] = "Un texte avec une <b>balise</b> HTML dedans."
    _reject(tmp_path, data, "pas de balise HTML", f"{field}:")


def test_markup_in_a_checklist_item_is_rejected(tmp_path: Path) -> None:
    data = _valid_data()
    data["steps"][5]["checklist"][0]["text"] = "<script>alert(1)</script> Le blog est privé."
    _reject(tmp_path, data, "pas de balise HTML", "text:")


def test_a_checklist_of_more_than_six_items_is_rejected(tmp_path: Path) -> None:
    data = _valid_data()
    data["steps"][5]["checklist"] = [
        {"id": f"point-{n}", "text": f"Le point numéro {n} est vérifié."} for n in range(7)
    ]
    _reject(tmp_path, data, "de 2 à 6 éléments (trouvés : 7)", "checklist:")


def test_a_checklist_of_one_item_is_rejected(tmp_path: Path) -> None:
    data = _valid_data()
    del data["steps"][5]["checklist"][1]
    _reject(tmp_path, data, "(trouvés : 1)", "checklist:")


def test_an_unknown_role_is_rejected(tmp_path: Path) -> None:
    data = _valid_data()
    data["roles"] = ["enseignant", "inspecteur"]
    _reject(tmp_path, data, "rôle inconnu : inspecteur", "inspecteur")
    assert load_pathways(tmp_path, _known()).pathways == []


@pytest.mark.parametrize(
    ("step", "field", "value", "message"),
    [
        (5, "pass_mark", 80, "pass_mark réservé aux quiz"),
        (1, "pass_mark", 60, "80 au moins"),
        (4, "reference", "blog-de-classe", "pas de reference"),
        (0, "checklist", [{"id": "a", "text": "Un point vérifié."}] * 2, "réservée aux activités"),
        (0, "kind", "lecture", "type d'étape inconnu : lecture"),
    ],
)
def test_a_field_that_does_not_suit_the_kind_is_rejected(
    tmp_path: Path, step: int, field: str, value: Any, message: str
) -> None:
    data = _valid_data()
    data["steps"][step][field] = value
    _reject(tmp_path, data, message, f"{field}:")


def test_a_missing_reference_is_reported_at_the_step(tmp_path: Path) -> None:
    data = _valid_data()
    del data["steps"][2]["reference"]
    _reject(tmp_path, data, "reference (scénario) obligatoire", "id: bac-a-sable")


def test_two_pathways_recommended_for_one_role_are_reported(tmp_path: Path) -> None:
    _write(tmp_path, _valid_data())
    second = _valid_data()
    second["id"] = "second"
    path = _write(tmp_path, second)
    (problem,) = load_pathways(tmp_path, _known()).problems
    assert problem.path == path and "déjà recommandé par essai.yaml" in problem.message
    line = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert line.startswith("recommended_for:")


def test_an_id_that_differs_from_the_file_name_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, _valid_data(), name="autre-nom")
    (problem,) = load_pathways(tmp_path, _known()).problems
    assert problem.path == path and "ne correspond pas au nom du fichier" in problem.message


def test_unreadable_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "casse.yaml").write_text("id: casse\ntitle: [non fermé\n", encoding="utf-8")
    (problem,) = load_pathways(tmp_path, _known()).problems
    assert "YAML illisible" in problem.message and problem.line >= 2


def test_check_content_fails_with_file_and_line_on_a_broken_pathway(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "contenu"
    (root / "tutorials").mkdir(parents=True)
    (root / "resources" / "pathways").mkdir(parents=True)
    path = _write(root / "resources" / "pathways", _valid_data())
    assert check_content(root) == 1
    captured = capsys.readouterr()
    # No tutorial, scenario or practice in this folder: each reference is broken.
    assert "tutoriel inconnu : blog-de-classe" in captured.out
    assert f"{path.name}:" in captured.out and "scénario inconnu" in captured.out
    assert "1 parcours" in captured.err


def test_time_left_at_the_start_is_the_announced_duration() -> None:
    """« Environ 2 h 15 » above « environ 2 h 13 restantes » at 0 % looked wrong: the time
    left is the announced duration, in proportion to the steps' minutes left."""
    from dataclasses import replace

    pathway = replace(_three_steps(PathwayOrder.SEQUENTIAL), duration_minutes=75)  # steps: 60
    assert pathway_progress(pathway, ProgressFacts()).minutes_remaining == 75
    half = ProgressFacts(
        completed_tutorials=frozenset({"blog-de-classe"}),
        passed_scenarios=frozenset({"blog-de-la-4b"}),
    )
    assert pathway_progress(pathway, half).minutes_remaining == 38  # 75 × 30 / 60, rounded
