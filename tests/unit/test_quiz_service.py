"""Quiz use cases on a real temporary database: attempts, statements, resume, review queue."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ent_coach.content.quiz import load_quiz
from ent_coach.domain import statements as xapi
from ent_coach.domain.profiles import Profile
from ent_coach.domain.quiz.attempts import AttemptStatus, QuizMode
from ent_coach.domain.quiz.model import QUIZ_THEMES, QuizBank
from ent_coach.domain.quiz.presentation import presented_order
from ent_coach.domain.taxonomy import Role
from ent_coach.services.profiles import ProfileService
from ent_coach.services.quiz import QuizError, QuizService
from ent_coach.store.database import Store, open_store
from tests.quiz_samples import bank, write_bank
from tests.unit.quiz_answers import right_answer, wrong_answer


@pytest.fixture
def quiz_bank(tmp_path: Path) -> QuizBank:
    load = load_quiz(write_bank(tmp_path / "quiz", bank(per_theme=4)))
    assert not load.problems
    return load.bank


@pytest.fixture
def service(store: Store, quiz_bank: QuizBank) -> QuizService:
    return QuizService(store, lambda: quiz_bank)


@pytest.fixture
def profile(store: Store) -> Profile:
    return ProfileService(store).create(display_name="Camille", role=Role.STAGIAIRE_2D)


def _statements(store: Store, profile: Profile) -> list[dict]:
    with store.reader() as connection:
        rows = connection.execute(
            "SELECT payload FROM statements WHERE profile_id = ? ORDER BY rowid", (profile.id,)
        ).fetchall()
    return [json.loads(row[0]) for row in rows]


def test_assessment_pass_writes_answers_then_completed_and_passed(
    service: QuizService, store: Store, profile: Profile
) -> None:
    attempt = service.start(profile, QuizMode.ASSESSMENT, seed=4242)
    assert len(attempt.item_ids) == 20
    for position, item in enumerate(service.items_of(attempt)):
        assert item is not None
        response = right_answer(item) if position < 16 else wrong_answer(item)
        service.answer(profile, attempt, position, response)
    result = service.finish(profile, attempt.id)
    assert (result.score.raw, result.score.max, result.passed) == (16, 20, True)
    statements = _statements(store, profile)
    answered = [s for s in statements if s["verb"]["id"] == xapi.ANSWERED.id]
    assert len(answered) == 20
    first = answered[0]
    assert first["object"]["definition"]["type"] == xapi.INTERACTION
    assert first["context"]["registration"] == attempt.id
    assert first["result"]["success"] is True
    assert first["context"]["contextActivities"]["parent"][0]["id"] == xapi.quiz_iri("evaluation")
    shown = [c["id"] for c in first["object"]["definition"].get("choices", [])] or [
        c["id"] for c in first["object"]["definition"]["steps"]
    ]
    first_item = service.item(attempt.item_ids[0])
    assert first_item is not None
    assert tuple(shown) == presented_order(first_item, attempt.seed)
    verbs = [s["verb"]["id"] for s in statements[-2:]]
    assert verbs == [xapi.COMPLETED.id, xapi.PASSED.id]
    assert statements[-1]["result"]["score"] == {"raw": 16, "min": 0, "max": 20, "scaled": 0.8}
    assert statements[-1]["context"]["extensions"][xapi.EXT_MASTERY_SCORE] == 0.8


def test_assessment_fail_and_missed_items_enter_review(
    service: QuizService, store: Store, profile: Profile
) -> None:
    attempt = service.start(profile, QuizMode.ASSESSMENT, seed=7)
    items = service.items_of(attempt)
    for position, item in enumerate(items):
        assert item is not None
        service.answer(profile, attempt, position, wrong_answer(item) if position < 5 else right_answer(item))
    result = service.finish(profile, attempt.id)
    assert not result.passed and result.score.raw == 15
    assert _statements(store, profile)[-1]["verb"]["id"] == xapi.FAILED.id
    queue = service.review_queue(profile)
    assert {s.item_id for s in queue} == {item.id for item in items[:5] if item}
    today = dt.date.today()
    assert service.due_items(profile, today) == []
    tomorrow = today + dt.timedelta(days=1)
    due = service.due_items(profile, tomorrow)
    assert len(due) == 5
    review = service.start(profile, QuizMode.REVIEW, today=tomorrow)
    assert set(review.item_ids) == {item.id for item in due}
    for position, item in enumerate(service.items_of(review)):
        assert item is not None
        service.answer(profile, review, position, right_answer(item), today=tomorrow)
    assert {s.box for s in service.review_queue(profile)} == {2}
    assert service.due_items(profile, tomorrow) == []


def test_review_with_nothing_due_is_refused(service: QuizService, profile: Profile) -> None:
    with pytest.raises(QuizError, match="Aucune question à réviser"):
        service.start(profile, QuizMode.REVIEW)


def test_same_seed_gives_the_same_questions_on_another_laptop(
    tmp_path: Path, service: QuizService, profile: Profile, quiz_bank: QuizBank
) -> None:
    mine = service.start(profile, QuizMode.ASSESSMENT, seed=123456)
    other_store = open_store(tmp_path / "autre-portable.sqlite3")
    try:
        other_profile = ProfileService(other_store).create(display_name="Lou", role=Role.ENSEIGNANT)
        theirs = QuizService(other_store, lambda: quiz_bank).start(
            other_profile, QuizMode.ASSESSMENT, seed=123456
        )
    finally:
        other_store.close()
    assert theirs.item_ids == mine.item_ids


def test_training_allows_retries_but_scores_the_first_try(
    service: QuizService, profile: Profile
) -> None:
    attempt = service.start(profile, QuizMode.TRAINING, theme="droit-image", seed=1)
    assert {service.item(i).theme for i in attempt.item_ids} == {"droit-image"}  # type: ignore[union-attr]
    items = service.items_of(attempt)
    first = items[0]
    assert first is not None
    outcome = service.answer(profile, attempt, 0, wrong_answer(first))
    assert not outcome.answer.correct
    retry = service.answer(profile, attempt, 0, right_answer(first))
    assert retry.answer.correct and retry.answer.try_number == 2
    for position, item in enumerate(items[1:], start=1):
        assert item is not None
        service.answer(profile, attempt, position, right_answer(item))
    result = service.finish(profile, attempt.id)
    assert result.score.raw == len(items) - 1
    # The retry does not take the item out of review: it was missed.
    assert first.id in {s.item_id for s in service.review_queue(profile)}


def test_assessment_refuses_a_second_answer(service: QuizService, profile: Profile) -> None:
    attempt = service.start(profile, QuizMode.ASSESSMENT, seed=3)
    item = service.items_of(attempt)[0]
    assert item is not None
    service.answer(profile, attempt, 0, right_answer(item))
    with pytest.raises(QuizError, match="déjà reçu une réponse"):
        service.answer(profile, attempt, 0, wrong_answer(item))


def test_incomplete_answers_and_missing_certainty_are_refused(
    service: QuizService, profile: Profile
) -> None:
    attempt = service.start(profile, QuizMode.ASSESSMENT, seed=3, cbm=True)
    item = service.items_of(attempt)[0]
    assert item is not None
    with pytest.raises(QuizError, match="Réponse incomplète"):
        service.answer(profile, attempt, 0, [], certainty=2)
    with pytest.raises(QuizError, match="certitude"):
        service.answer(profile, attempt, 0, right_answer(item))
    outcome = service.answer(profile, attempt, 0, right_answer(item), certainty=3)
    assert outcome.answer.certainty == 3


def test_certainty_marking_totals_and_statement(
    service: QuizService, store: Store, profile: Profile
) -> None:
    attempt = service.start(profile, QuizMode.TRAINING, theme="violations", seed=5, cbm=True)
    items = service.items_of(attempt)
    assert items[0] is not None and items[1] is not None
    service.answer(profile, attempt, 0, right_answer(items[0]), certainty=3)
    service.answer(profile, attempt, 1, wrong_answer(items[1]), certainty=3)
    result = service.finish(profile, attempt.id)
    assert result.score.cbm_total == 3 - 6
    completed = [s for s in _statements(store, profile) if s["verb"]["id"] == xapi.COMPLETED.id]
    assert completed[-1]["result"]["extensions"][xapi.EXT_CBM_SCORE] == -3


def test_an_interrupted_attempt_is_resumed_with_its_answers(
    store_path: Path, quiz_bank: QuizBank, store: Store, profile: Profile
) -> None:
    service = QuizService(store, lambda: quiz_bank)
    attempt = service.start(profile, QuizMode.ASSESSMENT, seed=99)
    for position in range(3):
        item = service.items_of(attempt)[position]
        assert item is not None
        service.answer(profile, attempt, position, right_answer(item))
    store.close()  # the application is closed mid-attempt
    reopened = open_store(store_path)
    try:
        again = QuizService(reopened, lambda: quiz_bank)
        pending = again.resumable(profile)
        assert pending is not None and pending.id == attempt.id
        assert pending.next_position == 3
        assert len(pending.first_tries()) == 3
        again.abandon(profile, pending.id)
        assert again.resumable(profile) is None
        abandoned = again.attempt(profile, attempt.id)
        assert abandoned is not None and abandoned.status is AttemptStatus.ABANDONED
        assert len(abandoned.answers) == 3  # abandoning keeps what was answered
    finally:
        reopened.close()


def test_starting_a_new_attempt_abandons_the_unfinished_one(
    service: QuizService, profile: Profile
) -> None:
    first = service.start(profile, QuizMode.ASSESSMENT, seed=1)
    service.start(profile, QuizMode.TRAINING, theme="harcelement", seed=2)
    old = service.attempt(profile, first.id)
    assert old is not None and old.status is AttemptStatus.ABANDONED


def test_history_and_mastery(service: QuizService, profile: Profile) -> None:
    attempt = service.start(profile, QuizMode.TRAINING, theme="conservation", seed=11)
    items = service.items_of(attempt)
    for position, item in enumerate(items):
        assert item is not None
        service.answer(profile, attempt, position, right_answer(item) if position else wrong_answer(item))
    service.finish(profile, attempt.id)
    (entry,) = service.history(profile)
    assert entry.attempt.id == attempt.id and entry.score.raw == len(items) - 1
    mastery = {m.theme: m for m in service.mastery(profile)}
    assert set(mastery) == set(QUIZ_THEMES)
    assert mastery["conservation"].answered == len(items)
    assert mastery["conservation"].mastered == len(items) - 1
    assert mastery["violations"].answered == 0


def test_bad_seed_and_theme_are_refused_in_french(service: QuizService, profile: Profile) -> None:
    with pytest.raises(QuizError, match="code de tirage"):
        service.start(profile, QuizMode.ASSESSMENT, seed=-1)
    with pytest.raises(QuizError, match="Thème inconnu"):
        service.start(profile, QuizMode.TRAINING, theme="astrologie")


def test_deleting_a_profile_removes_its_attempts(
    service: QuizService, store: Store, profile: Profile
) -> None:
    attempt = service.start(profile, QuizMode.ASSESSMENT, seed=5)
    item = service.items_of(attempt)[0]
    assert item is not None
    service.answer(profile, attempt, 0, wrong_answer(item))
    ProfileService(store).delete(profile.id)
    with store.reader() as connection:
        for table in ("quiz_attempts", "quiz_answers", "quiz_review"):
            assert connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


def _finish_with(service: QuizService, profile: Profile, attempt, wrong: int):  # type: ignore[no-untyped-def]
    """Answer the first ``wrong`` questions wrongly and the others rightly, then finish."""
    for position, item in enumerate(service.items_of(attempt)):
        assert item is not None
        response = wrong_answer(item) if position < wrong else right_answer(item)
        service.answer(profile, attempt, position, response)
    return service.finish(profile, attempt.id)


def test_mistakes_of_a_failed_assessment_can_be_retried_today(
    service: QuizService, profile: Profile
) -> None:
    source = _finish_with(service, profile, service.start(profile, QuizMode.ASSESSMENT, seed=7), 6)
    assert not source.passed
    missed = {item.id for item in source.missed()}
    assert len(missed) == 6
    before = service.review_queue(profile)
    assert service.due_items(profile, dt.date.today()) == []  # the spaced review waits
    retry = service.retry_mistakes(profile, source.attempt.id)
    assert retry.mode is QuizMode.MISTAKES and set(retry.item_ids) == missed
    items = service.items_of(retry)
    first = items[0]
    assert first is not None
    service.answer(profile, retry, 0, wrong_answer(first))
    service.answer(profile, retry, 0, right_answer(first))  # retries are free, as in training
    for position, item in enumerate(items[1:], start=1):
        assert item is not None
        service.answer(profile, retry, position, right_answer(item))
    result = service.finish(profile, retry.id)
    assert result.score.raw == 5 and [item.id for item in result.missed()] == [first.id]
    # Right answers before their date leave the spaced review as it was.
    assert service.review_queue(profile) == before
    with pytest.raises(QuizError, match="Aucune question manquée"):
        perfect = _finish_with(
            service, profile, service.start(profile, QuizMode.TRAINING, theme="violations"), 0
        )
        service.retry_mistakes(profile, perfect.attempt.id)


def test_continuing_resumes_the_unfinished_attempt_of_the_same_kind(
    service: QuizService, profile: Profile
) -> None:
    training = service.start(profile, QuizMode.TRAINING, theme="harcelement")
    first = service.items_of(training)[0]
    assert first is not None
    service.answer(profile, training, 0, right_answer(first))
    again = service.continue_or_start(profile, QuizMode.TRAINING, theme="harcelement")
    assert again.id == training.id and again.next_position == 1
    other = service.continue_or_start(profile, QuizMode.TRAINING, theme="violations")
    assert other.id != training.id and other.theme == "violations"
    finished = _finish_with(service, profile, other, 2)
    assert not finished.passed
    # After a finished round below the mark, « Continuer » gives a new round.
    retake = service.continue_or_start(profile, QuizMode.TRAINING, theme="violations")
    assert retake.id != other.id and retake.status is AttemptStatus.IN_PROGRESS
    assert retake.item_ids != other.item_ids and set(retake.item_ids) == set(other.item_ids)
    seeded = service.continue_or_start(profile, QuizMode.ASSESSMENT, seed=5)
    assert service.continue_or_start(profile, QuizMode.ASSESSMENT, seed=5).id == seeded.id
    assert service.continue_or_start(profile, QuizMode.ASSESSMENT, seed=6).id != seeded.id


def test_a_trainee_is_asked_the_items_of_their_level_first(
    tmp_path: Path, store: Store, profile: Profile
) -> None:
    files = bank(per_theme=4)
    for n, entry in enumerate(files["droit-image"]):
        entry["degre"] = ("premier", "second", "tous", "premier")[n]
    load = load_quiz(write_bank(tmp_path / "niveaux", files))
    assert not load.problems
    service = QuizService(store, lambda: load.bank)
    ecole = ProfileService(store).create(display_name="Inès", role=Role.STAGIAIRE_1D)
    for learner, own, suited in ((profile, "second", 2), (ecole, "premier", 3)):
        attempt = service.start(learner, QuizMode.TRAINING, theme="droit-image")
        degrees = [item.degree for item in service.items_of(attempt) if item is not None]
        fitting = sum(degree in (own, "tous") for degree in degrees)
        assert all(degree in (own, "tous") for degree in degrees[:fitting]), degrees
        assert fitting == suited and len(degrees) == 4  # the other level last, not left out
