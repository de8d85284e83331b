"""Quiz engine: scoring (with certainty-based marking), presentation, draws, review boxes."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ent_coach.content.quiz import load_quiz
from ent_coach.domain.quiz.draw import DrawError, draw_assessment, draw_training
from ent_coach.domain.quiz.model import QUIZ_THEMES, QuizItem, degree_of_role
from ent_coach.domain.quiz.presentation import presented_order
from ent_coach.domain.quiz.review import INTERVALS_DAYS, ReviewState, next_state
from ent_coach.domain.quiz.scoring import (
    MarkedAnswer,
    PartialAnswer,
    cbm_mark,
    confident_misconceptions,
    is_complete,
    is_correct,
    partial_answer,
    score_attempt,
)
from ent_coach.domain.taxonomy import Role
from tests.quiz_samples import bank, write_bank


@pytest.fixture
def items() -> list[QuizItem]:
    return _ITEMS


def _of_format(items: list[QuizItem], fmt: str) -> QuizItem:
    return next(item for item in items if item.format == fmt)


# --- scoring ---------------------------------------------------------------------------


def test_single_choice_is_right_only_with_the_correct_key(items: list[QuizItem]) -> None:
    item = _of_format(items, "choix-unique")
    (right,) = item.correct_response
    assert is_correct(item, [right])
    for key in item.keys:
        if key != right:
            assert not is_correct(item, [key])


def test_multiple_answers_need_exactly_the_correct_set(items: list[QuizItem]) -> None:
    item = _of_format(items, "choix-multiple")
    right = list(item.correct_response)
    assert is_correct(item, list(reversed(right)))  # order of ticking does not matter
    assert not is_correct(item, right[:1])  # partly right is wrong
    wrong = next(key for key in item.keys if key not in right)
    assert not is_correct(item, [*right, wrong])


def test_ordering_needs_the_exact_sequence(items: list[QuizItem]) -> None:
    item = _of_format(items, "ordre")
    assert is_correct(item, list(item.keys))
    swapped = list(item.keys)
    swapped[0], swapped[1] = swapped[1], swapped[0]
    assert not is_correct(item, swapped)
    assert not is_complete(item, item.keys[:-1])


def test_a_single_answer_item_needs_one_choice_to_validate(items: list[QuizItem]) -> None:
    item = _of_format(items, "scenario")
    assert not is_complete(item, [])
    assert not is_complete(item, list(item.keys[:2]))
    assert not is_complete(item, ["z"])
    assert is_complete(item, [item.keys[0]])


@given(st.booleans(), st.sampled_from([1, 2, 3]))
def test_cbm_marks_follow_the_published_scale(correct: bool, certainty: int) -> None:
    mark = cbm_mark(correct, certainty)
    assert mark == ({1: 1, 2: 2, 3: 3} if correct else {1: 0, 2: -2, 3: -6})[certainty]


@given(st.sampled_from([1, 2, 3]))
def test_a_right_answer_always_outscores_a_wrong_one(certainty: int) -> None:
    assert cbm_mark(True, 1) > cbm_mark(False, certainty)


def test_cbm_rejects_an_unknown_certainty() -> None:
    with pytest.raises(ValueError, match="certitude"):
        cbm_mark(True, 4)


answers = st.lists(
    st.builds(
        MarkedAnswer,
        item_id=st.text(min_size=1, max_size=5),
        theme=st.sampled_from(list(QUIZ_THEMES)),
        correct=st.booleans(),
        certainty=st.one_of(st.none(), st.sampled_from([1, 2, 3])),
    ),
    max_size=30,
)


@given(answers, st.integers(min_value=0, max_value=10))
def test_attempt_score_counts_right_answers_over_all_questions(
    marked: list[MarkedAnswer], unanswered: int
) -> None:
    total = len(marked) + unanswered
    score = score_attempt(marked, total)
    assert score.raw == sum(a.correct for a in marked)
    assert score.max == total
    assert 0.0 <= score.scaled <= 1.0
    rated = [a for a in marked if a.certainty is not None]
    if rated:
        assert score.cbm_total == sum(cbm_mark(a.correct, a.certainty or 1) for a in rated)
        assert -6 * len(rated) <= (score.cbm_total or 0) <= 3 * len(rated)
    else:
        assert score.cbm_total is None


@pytest.mark.parametrize(("raw", "passed"), [(15, False), (16, True), (20, True), (0, False)])
def test_pass_mark_is_80_percent_inclusive(raw: int, passed: bool) -> None:
    marked = [MarkedAnswer(str(n), "violations", n < raw) for n in range(20)]
    assert score_attempt(marked, 20).passed() is passed


def test_confident_misconceptions_are_wrong_answers_given_with_certainty() -> None:
    marked = [
        MarkedAnswer("a", "violations", False, 3),
        MarkedAnswer("b", "violations", False, 1),
        MarkedAnswer("c", "violations", True, 3),
        MarkedAnswer("d", "violations", False, 2),
    ]
    assert [a.item_id for a in confident_misconceptions(marked)] == ["a", "d"]


# --- presentation ------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**9))
def test_option_order_is_a_reproducible_permutation(seed: int) -> None:
    for item in _ITEMS:
        shown = presented_order(item, seed)
        assert sorted(shown) == sorted(item.keys)
        assert shown == presented_order(item, seed)
        if item.is_ordering:
            assert shown != item.keys  # never shown already solved


def test_unshuffled_items_keep_the_file_order(items: list[QuizItem]) -> None:
    from dataclasses import replace

    item = replace(_of_format(items, "choix-unique"), shuffle=False)
    assert presented_order(item, 123) == item.keys


# --- draws -------------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**9))
def test_assessment_draw_covers_every_theme_and_is_reproducible(seed: int) -> None:
    drawn = draw_assessment(_ITEMS, seed)
    assert len(drawn) == 20
    assert len({item.id for item in drawn}) == 20
    assert {item.theme for item in drawn} == set(QUIZ_THEMES)
    assert [i.id for i in drawn] == [i.id for i in draw_assessment(list(reversed(_ITEMS)), seed)]
    per_level = Counter(item.difficulty for item in drawn)
    assert max(per_level.values()) - min(per_level.values()) <= 2


def test_different_seeds_give_different_draws() -> None:
    draws = {tuple(i.id for i in draw_assessment(_ITEMS, seed)) for seed in range(10)}
    assert len(draws) > 1


def test_assessment_draw_refuses_a_bank_too_small() -> None:
    with pytest.raises(DrawError, match="ne compte que"):
        draw_assessment(_ITEMS[:5], 1)


def test_training_draw_stays_in_its_theme() -> None:
    drawn = draw_training(_ITEMS, "violations", 7)
    assert drawn and all(item.theme == "violations" for item in drawn)
    assert [i.difficulty for i in drawn] == sorted(i.difficulty for i in drawn)
    with pytest.raises(DrawError):
        draw_training(_ITEMS, "inconnu", 7)


# --- review boxes ------------------------------------------------------------------------

TODAY = dt.date(2026, 11, 29)


def test_a_missed_item_comes_back_the_next_day() -> None:
    state = next_state(None, item_id="x", correct=False, today=TODAY)
    assert state == ReviewState("x", 1, TODAY + dt.timedelta(days=1))


def test_a_right_answer_outside_review_adds_nothing() -> None:
    assert next_state(None, item_id="x", correct=True, today=TODAY) is None


def test_right_answers_when_due_climb_the_boxes_then_retire_the_item() -> None:
    state = next_state(None, item_id="x", correct=False, today=TODAY)
    day = TODAY
    seen_intervals = []
    while state is not None:
        day = state.due
        previous = state
        state = next_state(state, item_id="x", correct=True, today=day)
        if state is not None:
            seen_intervals.append((state.due - day).days)
            assert state.box == previous.box + 1
    assert seen_intervals == list(INTERVALS_DAYS[1:])


def test_answering_before_the_due_date_does_not_skip_the_spacing() -> None:
    state = ReviewState("x", 2, TODAY + dt.timedelta(days=3))
    assert next_state(state, item_id="x", correct=True, today=TODAY) == state


@given(st.integers(min_value=1, max_value=len(INTERVALS_DAYS)), st.integers(0, 30))
def test_a_wrong_answer_always_sends_back_to_box_one(box: int, offset: int) -> None:
    state = ReviewState("x", box, TODAY + dt.timedelta(days=offset))
    assert next_state(state, item_id="x", correct=False, today=TODAY) == ReviewState(
        "x", 1, TODAY + dt.timedelta(days=1)
    )


def _load_items() -> list[QuizItem]:
    import tempfile

    # Items keep their file path only for messages: the folder can go once they are loaded.
    with tempfile.TemporaryDirectory() as folder:
        load = load_quiz(write_bank(Path(folder) / "quiz", bank(per_theme=5)))
    assert not load.problems
    return load.items


_ITEMS = _load_items()


# --- partly right answers, retake order, school levels ----------------------------------


def test_a_partly_right_multiple_answer_counts_its_right_options(items: list[QuizItem]) -> None:
    item = _of_format(items, "choix-multiple")
    right = list(item.correct_response)
    wrong = [key for key in item.keys if key not in right]
    assert partial_answer(item, right[:1]) == PartialAnswer(right=1, expected=len(right), wrong=0)
    assert partial_answer(item, right[:1] + wrong[:1]) == PartialAnswer(1, len(right), 1)
    assert partial_answer(item, right) is None  # right, not partial
    assert partial_answer(item, wrong[:1]) is None  # nothing right in it
    assert partial_answer(_of_format(items, "choix-unique"), ["a"]) is None


def _leveled(theme: str, levels: list[tuple[str, int]]) -> list[QuizItem]:
    return [
        replace(_ITEMS[0], id=f"{theme}-{n}", themes=(theme,), degree=degree, difficulty=level)
        for n, (degree, level) in enumerate(levels)
    ]


def test_a_retake_never_repeats_the_previous_order() -> None:
    pool = _leveled("violations", [("tous", 1), ("tous", 1), ("tous", 2), ("tous", 2)])
    previous = [item.id for item in draw_training(pool, "violations", 1)]
    for seed in range(2, 40):
        again = [item.id for item in draw_training(pool, "violations", seed, previous=previous)]
        assert sorted(again) == sorted(previous)
        assert again != previous, seed


def test_training_asks_the_learners_level_first_then_easier_first() -> None:
    pool = _leveled(
        "droit-image",
        [("premier", 1), ("second", 3), ("tous", 2), ("premier", 2), ("second", 1), ("tous", 1)],
    )
    for seed in range(20):
        drawn = draw_training(pool, "droit-image", seed, degree="second")
        assert [item.suits("second") for item in drawn] == [True] * 4 + [False] * 2
        assert [item.difficulty for item in drawn[:4]] == [1, 1, 2, 3]


def test_assessment_prefers_the_learners_level_only_when_asked() -> None:
    leveled = [
        replace(item, degree="premier" if n % 2 else "second") for n, item in enumerate(_ITEMS)
    ]
    for seed in range(10):
        drawn = draw_assessment(leveled, seed, degree="second")
        assert all(item.degree == "second" for item in drawn)
        assert draw_assessment(leveled, seed) == draw_assessment(leveled, seed)
    assert any(
        item.degree == "premier" for seed in range(10) for item in draw_assessment(leveled, seed)
    )


def test_each_role_maps_to_its_level() -> None:
    assert degree_of_role(Role.STAGIAIRE_1D) == "premier"
    assert degree_of_role(Role.STAGIAIRE_2D) == "second"
    assert degree_of_role(Role.DIRECTION) == "second"
    assert degree_of_role(Role.ENSEIGNANT) is None
    assert degree_of_role(Role.FORMATEUR) is None
