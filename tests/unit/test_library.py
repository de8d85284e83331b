"""Reading use cases against a real temporary store: statements, progress, notes, restarts."""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ent_coach.content.tutorials import load_tutorials
from ent_coach.domain import statements as xapi
from ent_coach.domain.profiles import Profile
from ent_coach.domain.taxonomy import Role
from ent_coach.domain.tutorials import Tutorial, TutorialStatus
from ent_coach.services.library import NOTE_MAX_CHARS, TUTORIAL_KIND, LibraryService
from ent_coach.services.profiles import ProfileService
from ent_coach.store import progress as progress_queries
from ent_coach.store.database import Store, open_store

DISPLAY_NAME = "Zénobie Lecture"
_OFFSET_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


@dataclass
class App:
    """What the application holds after start-up: a store and the services on top of it."""

    store: Store
    library: LibraryService
    profiles: ProfileService


@pytest.fixture
def tutorials(tutorial_factory) -> list[Tutorial]:
    for tutorial_id, title in [
        ("agenda", "L'agenda de la classe"),
        ("blog-de-classe", "Tenir un blog de classe"),
        ("messagerie", "La messagerie de l'ENT"),
    ]:
        tutorial_factory.write(tutorial_id, tutorial_factory.text(tutorial_id, title=title))
    loaded = load_tutorials(tutorial_factory.directory)
    assert loaded.problems == []
    return loaded.tutorials


def start_app(path: Path, tutorials: list[Tutorial]) -> App:
    store = open_store(path)
    return App(store, LibraryService(store, tutorials), ProfileService(store))


@pytest.fixture
def app(store_path: Path, tutorials: list[Tutorial]) -> Iterator[App]:
    started = start_app(store_path, tutorials)
    yield started
    started.store.close()


@pytest.fixture
def profile(app: App) -> Profile:
    return app.profiles.create(display_name=DISPLAY_NAME, role=Role.STAGIAIRE_2D)


def statements(app: App, profile: Profile) -> list[dict]:  # type: ignore[type-arg]
    with app.store.session() as session:
        return progress_queries.statements_for(session, profile_id=profile.id)


def test_tutorials_keep_the_title_order(app: App) -> None:
    # L'agenda…, La messagerie…, Tenir un blog…: by title, accents and apostrophes folded.
    assert [t.id for t in app.library.tutorials] == ["agenda", "messagerie", "blog-de-classe"]
    assert app.library.tutorial("agenda") is not None
    assert app.library.tutorial("absent") is None


def test_new_profile_sees_everything_new(app: App, profile: Profile) -> None:
    states = app.library.states(profile)
    assert {s.status for s in states.values()} == {TutorialStatus.NEW}
    assert all(s.time_spent_seconds == 0 and s.last_seen_at is None for s in states.values())


def test_open_marks_in_progress_and_records_experienced(app: App, profile: Profile) -> None:
    progress = app.library.open_tutorial(profile, "agenda")
    assert progress.status == TutorialStatus.IN_PROGRESS
    assert progress.attempts == 1
    assert progress.kind == TUTORIAL_KIND
    assert app.library.states(profile)["agenda"].status == TutorialStatus.IN_PROGRESS
    assert app.library.states(profile)["blog-de-classe"].status == TutorialStatus.NEW
    [statement] = statements(app, profile)
    assert statement["verb"]["id"] == xapi.EXPERIENCED.id
    assert statement["object"]["id"] == xapi.tutorial_iri("agenda")
    assert app.library.open_tutorial(profile, "agenda").attempts == 2
    assert len(statements(app, profile)) == 2


def test_unknown_tutorial(app: App, profile: Profile) -> None:
    with pytest.raises(KeyError):
        app.library.open_tutorial(profile, "absent")
    with pytest.raises(KeyError):
        app.library.save_note(profile, "absent", "texte")


def test_reading_time_accumulates_without_statements(app: App, profile: Profile) -> None:
    app.library.open_tutorial(profile, "agenda")
    app.library.add_reading_time(profile, "agenda", 30)
    app.library.add_reading_time(profile, "agenda", 45.5)
    app.library.add_reading_time(profile, "agenda", 0.4)  # below a second: not worth a write
    assert app.library.states(profile)["agenda"].time_spent_seconds == pytest.approx(75.5)
    assert len(statements(app, profile)) == 1
    assert app.library.home_summary(profile).total_reading_seconds == pytest.approx(75.5)


def test_complete_records_an_xapi_statement(app: App, profile: Profile) -> None:
    app.library.open_tutorial(profile, "blog-de-classe")
    progress = app.library.complete_tutorial(profile, "blog-de-classe", unflushed_seconds=65)
    assert progress.completed
    assert progress.completed_at is not None
    assert app.library.states(profile)["blog-de-classe"].status == TutorialStatus.COMPLETED

    completed = [s for s in statements(app, profile) if s["verb"]["id"] == xapi.COMPLETED.id]
    [statement] = completed
    assert uuid.UUID(statement["id"])
    assert statement["actor"]["objectType"] == "Agent"
    assert statement["actor"]["account"]["name"] == profile.pseudonym
    assert statement["actor"]["account"]["homePage"].endswith(
        "/install/" + app.profiles.install_id()
    )
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"
    assert statement["object"]["id"] == xapi.tutorial_iri("blog-de-classe")
    assert statement["object"]["definition"]["name"] == {"fr-FR": "Tenir un blog de classe"}
    assert statement["context"]["extensions"][xapi.EXT_CONTENT_VERSION] == 2
    assert statement["result"]["completion"] is True
    assert statement["result"]["duration"] == "PT1M5S"
    assert _OFFSET_TIMESTAMP.match(statement["timestamp"]), statement["timestamp"]

    # Pseudonymous: the display name is nowhere in what is stored or exported.
    for item in statements(app, profile):
        assert DISPLAY_NAME not in json.dumps(item, ensure_ascii=False)
    raw = sqlite3.connect(app.store.path)
    try:
        payloads = [row[0] for row in raw.execute("SELECT payload FROM statements")]
    finally:
        raw.close()
    assert payloads
    assert all(DISPLAY_NAME not in payload for payload in payloads)


def test_completing_twice_keeps_one_completed_statement(app: App, profile: Profile) -> None:
    app.library.open_tutorial(profile, "agenda")
    first = app.library.complete_tutorial(profile, "agenda")
    second = app.library.complete_tutorial(profile, "agenda", unflushed_seconds=20)
    assert second.completed_at == first.completed_at
    verbs = [s["verb"]["id"] for s in statements(app, profile)]
    assert verbs.count(xapi.COMPLETED.id) == 1
    # The extra reading time is still counted.
    assert app.library.states(profile)["agenda"].time_spent_seconds == pytest.approx(20)


def test_reopening_a_completed_tutorial_keeps_it_completed(app: App, profile: Profile) -> None:
    app.library.complete_tutorial(profile, "agenda")
    assert app.library.open_tutorial(profile, "agenda").completed
    assert app.library.states(profile)["agenda"].status == TutorialStatus.COMPLETED


def test_notes(app: App, profile: Profile) -> None:
    assert app.library.note(profile, "agenda") is None
    app.library.save_note(profile, "agenda", "Penser à partager l'agenda en lecture.")
    note = app.library.note(profile, "agenda")
    assert note is not None
    assert note.text == "Penser à partager l'agenda en lecture."
    assert app.library.states(profile)["agenda"].has_note
    app.library.save_note(profile, "agenda", "Texte remplacé.")
    note = app.library.note(profile, "agenda")
    assert note is not None
    assert note.text == "Texte remplacé."
    app.library.save_note(profile, "agenda", "   \n ")
    assert app.library.note(profile, "agenda") is None
    assert not app.library.states(profile)["agenda"].has_note


def test_too_long_note_is_refused_and_nothing_changes(app: App, profile: Profile) -> None:
    app.library.save_note(profile, "agenda", "Courte.")
    app.library.save_note(profile, "agenda", "x" * NOTE_MAX_CHARS)
    with pytest.raises(ValueError, match="La note est trop longue"):
        app.library.save_note(profile, "agenda", "x" * (NOTE_MAX_CHARS + 1))
    note = app.library.note(profile, "agenda")
    assert note is not None
    assert note.text == "x" * NOTE_MAX_CHARS


def test_notes_belong_to_one_profile(app: App, profile: Profile) -> None:
    other = app.profiles.create(display_name="Autre Personne", role=Role.ENSEIGNANT)
    app.library.save_note(profile, "agenda", "La mienne.")
    assert app.library.note(other, "agenda") is None
    app.library.open_tutorial(profile, "agenda")
    assert app.library.states(other)["agenda"].status == TutorialStatus.NEW


def test_everything_survives_a_restart(store_path: Path, tutorials: list[Tutorial]) -> None:
    first = start_app(store_path, tutorials)
    profile = first.profiles.create(display_name=DISPLAY_NAME, role=Role.ENSEIGNANT)
    first.library.open_tutorial(profile, "agenda")
    first.library.add_reading_time(profile, "agenda", 90)
    first.library.open_tutorial(profile, "messagerie")
    first.library.complete_tutorial(profile, "messagerie", unflushed_seconds=12)
    first.library.save_note(profile, "agenda", "À relire avant la réunion.")
    before = first.library.states(profile)
    first.store.close()

    second = start_app(store_path, tutorials)
    try:
        reopened = second.profiles.last_profile()
        assert reopened is not None
        assert reopened.id == profile.id
        states = second.library.states(reopened)
        assert states == before
        assert states["agenda"].status == TutorialStatus.IN_PROGRESS
        assert states["agenda"].time_spent_seconds == pytest.approx(90)
        assert states["agenda"].has_note
        assert states["messagerie"].status == TutorialStatus.COMPLETED
        assert states["messagerie"].time_spent_seconds == pytest.approx(12)
        assert states["blog-de-classe"].status == TutorialStatus.NEW
        note = second.library.note(reopened, "agenda")
        assert note is not None
        assert note.text == "À relire avant la réunion."
        assert len(statements(second, reopened)) == 3
    finally:
        second.store.close()


def test_home_summary(app: App, profile: Profile) -> None:
    empty = app.library.home_summary(profile)
    assert (empty.completed_count, empty.total_count) == (0, 3)
    assert empty.continue_reading is None
    assert empty.recent == ()

    app.library.open_tutorial(profile, "agenda")
    app.library.add_reading_time(profile, "agenda", 100)
    app.library.open_tutorial(profile, "blog-de-classe")
    app.library.complete_tutorial(profile, "blog-de-classe")

    summary = app.library.home_summary(profile)
    assert summary.completed_count == 1
    assert summary.total_count == 3
    assert summary.continue_reading is not None
    assert summary.continue_reading.id == "agenda"
    assert {t.id for t in summary.recent} == {"agenda", "blog-de-classe"}
    assert summary.total_reading_seconds == pytest.approx(100)


def test_completion_can_be_rebuilt_from_statements(app: App, profile: Profile) -> None:
    app.library.open_tutorial(profile, "agenda")
    app.library.complete_tutorial(profile, "agenda")
    app.library.open_tutorial(profile, "blog-de-classe")
    app.library.complete_tutorial(profile, "messagerie")
    other = app.profiles.create(display_name="Autre Personne", role=Role.ENSEIGNANT)
    app.library.complete_tutorial(other, "blog-de-classe")

    with app.store.session() as session:
        rebuilt = progress_queries.rebuild_completion(session, profile_id=profile.id)
        summaries = progress_queries.progress_by_activity(
            session, profile_id=profile.id, kind=TUTORIAL_KIND
        )
        count = progress_queries.count_statements(session, profile_id=profile.id)
    from_summaries = {xapi.tutorial_iri(a) for a, p in summaries.items() if p.completed}
    assert (
        rebuilt == from_summaries == {xapi.tutorial_iri("agenda"), xapi.tutorial_iri("messagerie")}
    )
    assert count == 4


def test_completion_statement_carries_the_whole_reading_time(app: App, profile: Profile) -> None:
    app.library.open_tutorial(profile, "agenda")
    app.library.add_reading_time(profile, "agenda", 120)  # flushed earlier by the reader
    app.library.complete_tutorial(profile, "agenda", unflushed_seconds=30)
    [statement] = [s for s in statements(app, profile) if s["verb"]["id"] == xapi.COMPLETED.id]
    assert statement["result"]["duration"] == "PT2M30S"
    assert app.library.states(profile)["agenda"].time_spent_seconds == pytest.approx(150)
