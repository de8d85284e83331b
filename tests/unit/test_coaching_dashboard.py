"""The séance dashboard: one status rule per plan item kind, the « besoin d'aide » reasons, the
séance assessment's seed, times, completion, most-missed questions, score bins and the matrix
text shared by the screen and the CSV — all from statements built by the real builders."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ent_coach.domain import statements as xapi
from ent_coach.domain.coaching import (
    Dashboard,
    ItemStatus,
    Participant,
    ParticipantStatements,
    PlanItem,
    SeancePlan,
    build_dashboard,
)
from ent_coach.domain.coaching_dashboard import (
    anonymised_label,
    compute_dashboard,
    format_minutes,
    matrix_table,
    parse_duration,
    participant_initials,
    score_bin,
)
from ent_coach.domain.pathways import StepKind

ACTOR = xapi.actor(install_id="x", pseudonym="p1")
T0 = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)
SEED = 4242

TUTORIAL = PlanItem(
    id="i1", kind=StepKind.TUTORIAL, title="Publier un document", minutes=10,
    reference="publier-document",
)  # fmt: skip
THEME = PlanItem(
    id="i2", kind=StepKind.QUIZ_THEME, title="Entraînement RGPD", minutes=15, reference="rgpd"
)
ASSESSMENT = PlanItem(
    id="i3", kind=StepKind.QUIZ_ASSESSMENT, title="Évaluation", minutes=20, seed=SEED
)
SCENARIO = PlanItem(
    id="i4", kind=StepKind.SCENARIO, title="Cahier de textes", minutes=15, reference="cdt"
)
PRACTICE = PlanItem(
    id="i5", kind=StepKind.PRACTICE, title="Mots de passe", minutes=5, reference="mdp"
)
ACTIVITY = PlanItem(id="i6", kind=StepKind.ACTIVITY, title="Dans votre ENT", minutes=10)
ALL_ITEMS = (TUTORIAL, THEME, ASSESSMENT, SCENARIO, PRACTICE, ACTIVITY)


def make_plan(*items: PlanItem) -> SeancePlan:
    return SeancePlan(
        code="ACDEFG",
        title="Découvrir l'ENT",
        date=dt.date(2025, 3, 10),
        place="Salle 12",
        items=items or ALL_ITEMS,
    )


PLAN = make_plan()


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


# --- statement builders (the real ones, with test defaults) -----------------------------------


def tutorial(verb: xapi.Verb, *, minute: float = 0, seconds: float | None = None) -> dict:
    return xapi.tutorial_statement(
        verb=verb, actor_=ACTOR, tutorial_id="publier-document", title="Publier",
        content_version=1, timestamp=at(minute), duration_seconds=seconds,
    )  # fmt: skip


def attempt(
    *,
    mode: str = "evaluation",
    theme: str | None = None,
    raw: int,
    max_: int = 20,
    passed: bool | None = None,
    seed: int = SEED,
    seconds: float = 600,
    registration: str | None = None,
    minute: float = 0,
) -> list[dict]:
    return xapi.attempt_statements(
        actor_=ACTOR,
        registration=registration or str(uuid.uuid4()),
        quiz_id=xapi.quiz_iri(mode, theme),
        quiz_name="Quiz",
        raw=raw,
        max_=max_,
        passed=raw / max_ >= 0.8 if passed is None else passed,
        pass_mark=0.8,
        seed=seed,
        duration_seconds=seconds,
        cbm_total=None,
        timestamp=at(minute),
    )


def answer(
    registration: str,
    item_id: str,
    *,
    success: bool,
    position: int,
    try_number: int = 1,
    minute: float = 0,
    mode: str = "evaluation",
    title: str | None = None,
) -> dict:
    return xapi.answered_statement(
        actor_=ACTOR,
        registration=registration,
        quiz_id=xapi.quiz_iri(mode),
        item_id=item_id,
        title=title or f"Question {item_id}",
        interaction_type="choice",
        choices=[("a", "Oui"), ("b", "Non")],
        correct_pattern="a",
        response="a" if success else "b",
        success=success,
        position=position,
        try_number=try_number,
        certainty=None,
        timestamp=at(minute),
    )


def scenario_verdict(*, passed: bool, seconds: float = 300, minute: float = 0) -> dict:
    return xapi.scenario_verdict_statement(
        actor_=ACTOR, registration=str(uuid.uuid4()), scenario_id="cdt", title="CDT",
        attempt=1, goals_met=3 if passed else 1, goals_total=3,
        checks_failed=[] if passed else ["objectif-2"], actions=5, hints_shown=0,
        solution_seen=False, duration_seconds=seconds, timestamp=at(minute),
    )  # fmt: skip


def scenario_attempted(minute: float = 0) -> dict:
    return xapi.scenario_attempted_statement(
        actor_=ACTOR, registration=str(uuid.uuid4()), scenario_id="cdt", title="CDT",
        attempt=1, timestamp=at(minute),
    )  # fmt: skip


def practice_read(practice_id: str = "mdp") -> dict:
    return xapi.practice_read_statement(
        actor_=ACTOR, practice_id=practice_id, title="MDP", timestamp=T0
    )


def step_completed(item: PlanItem, plan: SeancePlan = PLAN) -> dict:
    return xapi.pathway_step_completed_statement(
        actor_=ACTOR, registration="enrolment", pathway_id=plan.pathway_id, step_id=item.id,
        step_title=item.title, step_index=1, step_count=len(plan.items), timestamp=T0,
    )  # fmt: skip


def participant(name: str | None = "Léa Martin", pseudonym: str = "p1") -> Participant:
    return Participant(pseudonym=pseudonym, display_name=name, imported_at=T0)


def dashboard(
    *statement_lists: list[dict[str, Any]],
    plan: SeancePlan = PLAN,
    titles: dict[str, str] | None = None,
) -> Dashboard:
    entries = [
        ParticipantStatements(participant(f"Stagiaire {n}", f"p{n}"), statements)
        for n, statements in enumerate(statement_lists, start=1)
    ]
    return compute_dashboard(plan, entries, now=T0, question_titles=titles)


def cell_of(item: PlanItem, statements: list[dict[str, Any]], plan: SeancePlan = PLAN):
    return dashboard(statements, plan=plan).rows[0].cells[item.id]


# --- tutorials ---------------------------------------------------------------------------------


def test_a_tutorial_is_not_started_without_statements() -> None:
    assert cell_of(TUTORIAL, []).status is ItemStatus.NOT_STARTED


def test_an_opened_tutorial_is_in_progress() -> None:
    assert cell_of(TUTORIAL, [tutorial(xapi.EXPERIENCED)]).status is ItemStatus.IN_PROGRESS


def test_a_completed_tutorial_is_done_with_its_time() -> None:
    cell = cell_of(TUTORIAL, [tutorial(xapi.EXPERIENCED), tutorial(xapi.COMPLETED, seconds=125)])
    assert cell.status is ItemStatus.DONE
    assert cell.seconds == 125
    assert cell.score is None


# --- quiz training on a theme --------------------------------------------------------------------


def test_a_passed_training_on_the_theme_is_done_with_best_score_and_attempts() -> None:
    statements = [
        *attempt(mode="entrainement", theme="rgpd", raw=10, seconds=100),
        *attempt(mode="entrainement", theme="rgpd", raw=17, seconds=200, minute=5),
    ]
    cell = cell_of(THEME, statements)
    assert cell.status is ItemStatus.DONE
    assert cell.score == pytest.approx(0.85)
    assert cell.attempts == 2
    assert cell.seconds == 300


def test_a_finished_training_below_the_mark_is_in_progress() -> None:
    cell = cell_of(THEME, attempt(mode="entrainement", theme="rgpd", raw=10))
    assert cell.status is ItemStatus.IN_PROGRESS
    assert cell.score == pytest.approx(0.5)


def test_a_passed_training_below_the_step_own_higher_mark_is_in_progress() -> None:
    demanding = PlanItem(
        id="i2", kind=StepKind.QUIZ_THEME, title="RGPD", minutes=15, reference="rgpd",
        pass_mark=0.9,
    )  # fmt: skip
    plan = make_plan(demanding)
    passed_at_85 = attempt(mode="entrainement", theme="rgpd", raw=17)
    assert cell_of(demanding, passed_at_85, plan).status is ItemStatus.IN_PROGRESS
    passed_at_90 = attempt(mode="entrainement", theme="rgpd", raw=18)
    assert cell_of(demanding, passed_at_90, plan).status is ItemStatus.DONE


def test_only_a_passed_training_completes_the_step_even_with_a_lower_step_mark() -> None:
    lenient = PlanItem(
        id="i2", kind=StepKind.QUIZ_THEME, title="RGPD", minutes=15, reference="rgpd",
        pass_mark=0.6,
    )  # fmt: skip
    failed_at_70 = attempt(mode="entrainement", theme="rgpd", raw=14, passed=False)
    cell = cell_of(lenient, failed_at_70, make_plan(lenient))
    assert cell.status is ItemStatus.IN_PROGRESS
    assert cell.score == pytest.approx(0.7)


def test_a_training_on_another_theme_does_not_count() -> None:
    cell = cell_of(THEME, attempt(mode="entrainement", theme="droit-image", raw=20))
    assert cell.status is ItemStatus.NOT_STARTED


# --- the séance assessment -------------------------------------------------------------------


def test_an_assessment_reaching_the_mark_is_done() -> None:
    cell = cell_of(ASSESSMENT, [*attempt(raw=9), *attempt(raw=17, minute=30)])
    assert cell.status is ItemStatus.DONE
    assert cell.score == pytest.approx(0.85)
    assert cell.attempts == 2
    assert cell.seconds == 1200


def test_an_assessment_under_half_needs_help_with_the_best_score() -> None:
    cell = cell_of(ASSESSMENT, [*attempt(raw=5), *attempt(raw=7, minute=30)])
    assert cell.status is ItemStatus.NEEDS_HELP
    assert cell.reason == "Meilleur score à l'évaluation : 35 %"


def test_an_assessment_between_half_and_the_mark_is_in_progress() -> None:
    assert cell_of(ASSESSMENT, attempt(raw=10)).status is ItemStatus.IN_PROGRESS
    assert cell_of(ASSESSMENT, attempt(raw=15)).status is ItemStatus.IN_PROGRESS


def test_an_assessment_drawn_with_another_seed_does_not_count() -> None:
    cell = cell_of(ASSESSMENT, attempt(raw=20, seed=SEED + 1))
    assert cell.status is ItemStatus.NOT_STARTED
    assert cell.score is None


def test_unfinished_answers_count_as_in_progress_only_without_a_seed() -> None:
    free = PlanItem(id="i3", kind=StepKind.QUIZ_ASSESSMENT, title="Évaluation", minutes=20)
    answers = [answer("r1", "q1", success=True, position=0)]
    assert cell_of(free, answers, make_plan(free)).status is ItemStatus.IN_PROGRESS
    # With the tutor's seed, an unfinished attempt cannot tell which draw it was.
    assert cell_of(ASSESSMENT, answers).status is ItemStatus.NOT_STARTED


def test_answers_reach_the_seeded_attempt_through_their_registration() -> None:
    statements = [
        answer("right", "q1", success=True, position=0),
        answer("right", "q2", success=False, position=1),
        *attempt(raw=1, max_=2, seed=SEED, registration="right", minute=10),
        answer("other", "q9", success=True, position=0, minute=20),
        *attempt(raw=1, max_=1, seed=SEED + 1, registration="other", minute=30),
    ]
    row = dashboard(statements).rows[0]
    assert [review.item_id for review in row.answers] == ["q1", "q2"]
    assert row.cells[ASSESSMENT.id].score == pytest.approx(0.5)


def test_answer_review_uses_the_latest_finished_attempt_first_tries_in_position_order() -> None:
    statements = [
        answer("first", "q1", success=False, position=0),
        *attempt(raw=0, max_=1, registration="first", minute=5),
        answer("second", "q2", success=True, position=1, minute=11, title="Libellé enregistré"),
        answer("second", "q1", success=False, position=0, minute=10),
        answer("second", "q1", success=True, position=0, try_number=2, minute=12),
        # A second try with no first one on record proves nothing either.
        answer("second", "q3", success=True, position=2, try_number=2, minute=13),
        *attempt(raw=1, max_=2, registration="second", minute=15),
    ]
    dash = dashboard(statements, titles={"q1": "Qui peut voir le cahier de textes ?"})
    reviews = dash.rows[0].answers
    assert [(r.item_id, r.position, r.success) for r in reviews] == [
        ("q1", 1, False),
        ("q2", 2, True),
    ]
    assert reviews[0].question == "Qui peut voir le cahier de textes ?"
    assert reviews[1].question == "Libellé enregistré"
    assert reviews[0].response == "b"


# --- scenarios -------------------------------------------------------------------------------


def test_a_passed_scenario_is_done_even_after_failures() -> None:
    statements = [scenario_verdict(passed=False, minute=n) for n in range(3)]
    cell = cell_of(SCENARIO, [*statements, scenario_verdict(passed=True, minute=4)])
    assert cell.status is ItemStatus.DONE
    assert cell.score == pytest.approx(1.0)
    assert cell.attempts == 4


def test_three_failed_scenario_tries_need_help() -> None:
    statements = [scenario_verdict(passed=False, seconds=60, minute=n) for n in range(3)]
    cell = cell_of(SCENARIO, statements)
    assert cell.status is ItemStatus.NEEDS_HELP
    assert cell.reason == "3 essais échoués sur ce scénario"


def test_two_failed_tries_or_an_opened_scenario_are_in_progress() -> None:
    two = [scenario_verdict(passed=False, seconds=60, minute=n) for n in range(2)]
    assert cell_of(SCENARIO, two).status is ItemStatus.IN_PROGRESS
    assert cell_of(SCENARIO, [scenario_attempted()]).status is ItemStatus.IN_PROGRESS


# --- good practices, activities, step statements ----------------------------------------------


def test_a_read_practice_is_done() -> None:
    assert cell_of(PRACTICE, [practice_read()]).status is ItemStatus.DONE
    assert cell_of(PRACTICE, [practice_read("autre")]).status is ItemStatus.NOT_STARTED


def test_an_activity_is_done_only_by_its_step_statement() -> None:
    assert cell_of(ACTIVITY, []).status is ItemStatus.NOT_STARTED
    assert cell_of(ACTIVITY, [step_completed(ACTIVITY)]).status is ItemStatus.DONE


def test_a_completed_step_means_done_for_every_kind() -> None:
    statements = [step_completed(item) for item in ALL_ITEMS]
    row = dashboard(statements).rows[0]
    assert {cell.status for cell in row.cells.values()} == {ItemStatus.DONE}
    # The step of another séance's pathway says nothing about this one.
    other = make_plan()
    other = SeancePlan(
        code="QRTUVW", title=other.title, date=other.date, place=other.place, items=ALL_ITEMS
    )
    assert cell_of(TUTORIAL, [step_completed(TUTORIAL, other)]).status is ItemStatus.NOT_STARTED


# --- time -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("PT1H2M3.5S", 3723.5),
        ("PT45S", 45),
        ("PT12M", 720),
        ("PT0S", 0),
        ("P1DT1H", 90000),
        ("PT", 0),
        ("P", 0),
        ("12 minutes", 0),
        ("PT-5S", 0),
        (None, 0),
        (42, 0),
    ],
)
def test_durations_are_read_from_iso_8601(text: Any, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "—"), (20, "< 1 min"), (720, "12 min"), (3900, "1 h 05 min"), (7200, "2 h 00 min")],
)
def test_minutes_are_formatted_in_french(seconds: float, text: str) -> None:
    assert format_minutes(seconds) == text


def test_a_step_in_progress_far_longer_than_planned_needs_help() -> None:
    # Two failed tries of 17 min on a 15-minute scenario: 34 min > 2 × 15 min.
    long = [scenario_verdict(passed=False, seconds=17 * 60, minute=n) for n in range(2)]
    cell = cell_of(SCENARIO, long)
    assert cell.status is ItemStatus.NEEDS_HELP
    assert cell.reason == "En cours depuis 34 min pour 15 min prévues"
    exactly_twice = [scenario_verdict(passed=False, seconds=15 * 60, minute=n) for n in range(2)]
    assert cell_of(SCENARIO, exactly_twice).status is ItemStatus.IN_PROGRESS


def test_time_in_progress_runs_to_the_participants_last_activity_on_the_plan() -> None:
    # A tutorial records no time until it is read: opened at 9:00, still unread when the
    # trainee's last statement (a scenario try) came at 9:25, then at 9:21 only.
    stuck = [tutorial(xapi.EXPERIENCED, minute=0), scenario_verdict(passed=True, minute=25)]
    cell = cell_of(TUTORIAL, stuck)
    assert cell.status is ItemStatus.NEEDS_HELP
    assert cell.reason == "En cours depuis 25 min pour 10 min prévues"
    assert cell.seconds == 0  # the time shown stays the time recorded
    still_fine = [tutorial(xapi.EXPERIENCED, minute=0), scenario_verdict(passed=True, minute=20)]
    assert cell_of(TUTORIAL, still_fine).status is ItemStatus.IN_PROGRESS
    # Read at last: done, however long it took.
    done = [*stuck, tutorial(xapi.COMPLETED, minute=26, seconds=60)]
    assert cell_of(TUTORIAL, done).status is ItemStatus.DONE


def test_an_unfinished_assessment_counts_from_its_first_answer() -> None:
    plan = make_plan(ASSESSMENT, SCENARIO)
    registration = str(uuid.uuid4())
    answers = [answer(registration, "q1", success=True, position=0, minute=0)]
    # The séance's assessment draws with a seed: an unfinished attempt counts only without.
    unseeded = make_plan(replace(ASSESSMENT, seed=None), SCENARIO)
    late = [*answers, scenario_attempted(minute=41)]
    cell = cell_of(ASSESSMENT, late, plan=unseeded)
    assert (cell.status, cell.reason) == (
        ItemStatus.NEEDS_HELP, "En cours depuis 41 min pour 20 min prévues"
    )
    assert cell_of(ASSESSMENT, late, plan=plan).status is ItemStatus.NOT_STARTED


def test_a_row_adds_times_counts_done_and_flags_help() -> None:
    statements = [
        tutorial(xapi.COMPLETED, seconds=300),
        *attempt(raw=6, seconds=900),
        practice_read(),
    ]
    row = dashboard(statements).rows[0]
    assert row.total_seconds == 1200
    assert row.done_count == 2
    assert row.needs_help is True
    calm = dashboard([tutorial(xapi.COMPLETED, seconds=300)]).rows[0]
    assert calm.needs_help is False


# --- group figures ---------------------------------------------------------------------------


def test_completion_counts_participants_with_the_item_done() -> None:
    dash = dashboard(
        [tutorial(xapi.COMPLETED), practice_read()],
        [tutorial(xapi.COMPLETED)],
        [tutorial(xapi.EXPERIENCED)],
    )
    assert dash.completion == {"i1": 2, "i2": 0, "i3": 0, "i4": 0, "i5": 1, "i6": 0}
    assert [row.participant.pseudonym for row in dash.rows] == ["p1", "p2", "p3"]


def _assessment_with(answers: list[tuple[str, bool]], *, minute: float, reg: str) -> list[dict]:
    statements = [
        answer(reg, item_id, success=success, position=position, minute=minute)
        for position, (item_id, success) in enumerate(answers)
    ]
    raw = sum(success for _, success in answers)
    return [*statements, *attempt(raw=raw, max_=len(answers), registration=reg, minute=minute + 1)]


def test_most_missed_questions_use_first_tries_of_the_earliest_attempt() -> None:
    first = [
        *_assessment_with([("q1", False), ("q2", True), ("q3", True)], minute=0, reg="a1"),
        answer("a1", "q1", success=True, position=0, try_number=2, minute=0.5),
        # A later attempt, all right: the group's picture keeps the first one.
        *_assessment_with([("q1", True), ("q2", True), ("q3", True)], minute=30, reg="a2"),
    ]
    second = _assessment_with([("q1", False), ("q2", False), ("q3", True)], minute=0, reg="b1")
    third = _assessment_with([("q2", True), ("q0", False)], minute=0, reg="c1")
    dash = dashboard(first, second, third, titles={"q1": "Droit à l'image"})
    summary = [(m.item_id, m.answered, m.correct, m.percent_correct) for m in dash.missed]
    assert summary == [
        ("q1", 2, 0, 0),  # 0 %, answered twice
        ("q0", 1, 0, 0),  # 0 %, answered once
        ("q2", 3, 2, 67),
        ("q3", 2, 2, 100),
    ]
    assert dash.missed[0].question == "Droit à l'image"
    assert dash.missed[1].question == "Question q0"


def test_score_bins_put_edges_in_the_right_tenth() -> None:
    dash = dashboard(
        attempt(raw=0),
        attempt(raw=10),
        attempt(raw=20),
        attempt(raw=9),  # 45 %
        [tutorial(xapi.COMPLETED)],  # no assessment: not in the distribution
    )
    assert dash.score_bins == (1, 0, 0, 0, 1, 1, 0, 0, 0, 1)
    assert [score_bin(s) for s in (0.0, 0.0999, 0.1, 0.4999, 0.5, 0.7, 0.9999, 1.0)] == [
        0, 0, 1, 4, 5, 7, 9, 9,
    ]  # fmt: skip


def test_a_plan_without_assessment_has_no_missed_items_nor_scores() -> None:
    dash = dashboard(attempt(raw=20), plan=make_plan(TUTORIAL))
    assert dash.missed == ()
    assert dash.score_bins == (0,) * 10
    assert dash.rows[0].answers == ()


# --- matrix text, labels and initials ---------------------------------------------------------


def test_matrix_table_shows_labels_scores_done_and_time() -> None:
    plan = make_plan(TUTORIAL, ASSESSMENT, SCENARIO)
    entries = [
        ParticipantStatements(
            participant("Léa Martin"),
            [tutorial(xapi.COMPLETED, seconds=300), *attempt(raw=17, seconds=3600)],
        ),
        ParticipantStatements(participant(None, "p2"), []),
    ]
    dash = compute_dashboard(plan, entries, now=T0)
    header, rows = matrix_table(dash, anonymise=False)
    assert header == [
        "Participant",
        "1. Publier un document",
        "2. Évaluation",
        "3. Cahier de textes",
        "Terminés",
        "Temps",
    ]
    assert rows == [
        ["Léa Martin", "Terminé", "Terminé · 85 %", "Non commencé", "2/3", "1 h 05 min"],
        ["Participant 2", "Non commencé", "Non commencé", "Non commencé", "0/3", "—"],
    ]
    _, anonymous = matrix_table(dash, anonymise=True)
    assert [row[0] for row in anonymous] == ["Participant 1", "Participant 2"]
    assert anonymous[0][1:] == rows[0][1:]


def test_matrix_table_shows_help_without_score_when_there_is_none() -> None:
    plan = make_plan(SCENARIO)
    statements = [scenario_verdict(passed=False, minute=n) for n in range(3)]
    for statement in statements:
        del statement["result"]["score"]
    _, rows = matrix_table(dashboard(statements, plan=plan), anonymise=False)
    assert rows[0][1] == "Besoin d'aide"


def test_labels_and_projector_initials() -> None:
    assert anonymised_label(2) == "Participant 3"
    assert participant_initials(participant("Léa Martin"), 0) == "LM"
    assert participant_initials(participant("Jean-Pierre Dupont"), 0) == "JPD"
    assert participant_initials(participant("Anne de La Tour"), 0) == "AT"
    assert participant_initials(participant("élodie"), 0) == "É"
    assert participant_initials(participant(None), 2) == "P3"
    assert participant_initials(participant("  "), 4) == "P5"


# --- robustness and order ------------------------------------------------------------------


def test_odd_statements_are_ignored_without_crashing() -> None:
    broken_score = attempt(raw=20)
    for statement in broken_score:
        statement["result"]["score"]["scaled"] = "beaucoup"
        statement["timestamp"] = "hier"
        statement["context"]["extensions"] = ["pas", "un", "dict"]
    odd: list[Any] = [
        "pas un dict",
        {},
        {"object": None, "verb": "completed"},
        {"object": {"id": 12}},
        {"object": {"id": xapi.tutorial_iri("publier-document")}, "verb": None, "result": 3},
        {"object": {"id": xapi.scenario_iri("cdt")}, "verb": {"id": xapi.FAILED.id},
         "result": {"duration": 7, "score": {"scaled": True}}},
        answer("r", "q1", success=True, position=0) | {"context": "rien"},
        *broken_score,
        tutorial(xapi.COMPLETED, seconds=60),
    ]  # fmt: skip
    row = dashboard(odd).rows[0]
    assert row.cells[TUTORIAL.id].status is ItemStatus.DONE
    assert row.cells[SCENARIO.id].status is ItemStatus.IN_PROGRESS
    assert row.cells[SCENARIO.id].score is None
    # Without its seed the broken attempt cannot be the séance's assessment.
    assert row.cells[ASSESSMENT.id].status is ItemStatus.NOT_STARTED


def test_a_statement_sent_twice_counts_once() -> None:
    failed = scenario_verdict(passed=False, seconds=60)
    cell = cell_of(SCENARIO, [failed, dict(failed), dict(failed)])
    assert cell.status is ItemStatus.IN_PROGRESS
    assert cell.attempts == 1


def test_build_dashboard_in_the_contract_delegates_here() -> None:
    entries = [ParticipantStatements(participant(), [practice_read()])]
    assert build_dashboard(PLAN, entries, now=T0) == compute_dashboard(PLAN, entries, now=T0)


def _rich_statements() -> list[dict[str, Any]]:
    """A bit of everything, with equal timestamps to make any order dependence show."""
    return [
        tutorial(xapi.EXPERIENCED),
        tutorial(xapi.COMPLETED, seconds=90),
        *attempt(mode="entrainement", theme="rgpd", raw=12, seconds=100),
        *attempt(mode="entrainement", theme="rgpd", raw=18, seconds=100),
        *_assessment_with([("q1", False), ("q2", True)], minute=0, reg="e1"),
        *_assessment_with([("q1", True), ("q2", True)], minute=0, reg="e2"),
        answer("e1", "q1", success=True, position=0, try_number=2),
        # Odd but possible in a hand-edited file: a second first try, later.
        answer("e1", "q2", success=False, position=1, minute=5),
        answer("loose", "q3", success=True, position=0),
        *attempt(raw=20, seed=SEED + 1),
        scenario_attempted(),
        *[scenario_verdict(passed=False, seconds=400) for _ in range(2)],
        practice_read(),
        step_completed(ACTIVITY),
    ]


RICH = _rich_statements()
OTHER = [*attempt(raw=3), scenario_verdict(passed=True), tutorial(xapi.EXPERIENCED)]


@settings(max_examples=60, deadline=None)
@given(first=st.permutations(RICH), second=st.permutations(OTHER))
def test_the_dashboard_does_not_depend_on_statement_order(
    first: list[dict[str, Any]], second: list[dict[str, Any]]
) -> None:
    assert dashboard(first, second) == dashboard(RICH, OTHER)
