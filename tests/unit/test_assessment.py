"""Self-assessment: the profile computed from ratings, validation, saving and history."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from ent_coach import paths
from ent_coach.content.competences import load_frameworks
from ent_coach.domain import statements as xapi
from ent_coach.domain.assessment import (
    Assessment,
    AssessmentError,
    Rating,
    changes,
    domain_scores,
    strengths,
    to_work_on,
)
from ent_coach.domain.competences import Framework
from ent_coach.domain.profiles import Profile
from ent_coach.domain.taxonomy import Role
from ent_coach.services.assessment import AssessmentService
from ent_coach.services.profiles import ProfileService
from ent_coach.store.database import Store


@pytest.fixture(scope="module")
def crcn() -> Framework:
    load = load_frameworks(paths.resources_dir() / "competences")
    assert not load.problems
    return next(f for f in load.frameworks if f.id == "crcn")


@pytest.fixture
def service(store: Store, crcn: Framework) -> AssessmentService:
    return AssessmentService(store, lambda: (crcn,))


@pytest.fixture
def profile(store: Store) -> Profile:
    return ProfileService(store).create(display_name="Léa", role=Role.STAGIAIRE_2D)


def _sitting(levels: dict[str, int]) -> Assessment:
    ratings = {cid: Rating(cid, level) for cid, level in levels.items()}
    return Assessment("a", "crcn", dt.datetime(2026, 11, 1), ratings)


def test_domain_scores_are_the_mean_of_the_rated_competences(crcn: Framework) -> None:
    scores = domain_scores(crcn, _sitting({"1.1": 2, "1.2": 3, "1.3": 5, "2.1": 4}))
    by_domain = {score.domain_id: score for score in scores}
    assert [score.domain_id for score in scores] == ["1", "2", "3", "4", "5"]
    assert by_domain["1"].mean == pytest.approx(10 / 3, abs=0.01)
    assert (by_domain["1"].rated, by_domain["1"].total) == (3, 3)
    assert by_domain["2"].mean == 4 and by_domain["2"].rated == 1
    assert by_domain["3"].mean is None and by_domain["3"].rated == 0


def test_strengths_and_competences_to_work_on(crcn: Framework) -> None:
    sitting = _sitting({"1.1": 5, "2.2": 1, "3.4": 4, "4.1": 1, "5.1": 2, "1.3": 5})
    assert [c.id for c in strengths(crcn, sitting)] == ["1.1", "1.3", "3.4"]
    weakest = [c.id for c in to_work_on(crcn, sitting)]
    assert weakest[:2] == ["2.2", "4.1"] and weakest[2] == "5.1"
    # The same level everywhere: nothing stands out as a strength.
    assert strengths(crcn, _sitting({c.id: 3 for c in crcn.competences()})) == []


def test_changes_between_two_sittings(crcn: Framework) -> None:
    before = _sitting({"1.1": 2, "1.2": 3, "2.1": 1})
    after = _sitting({"1.1": 4, "1.2": 3, "4.1": 2})
    assert changes(crcn, before, after) == {"1.1": 2}


def test_every_competence_suggests_existing_content(crcn: Framework) -> None:
    from ent_coach.content.competences import KnownContent
    from ent_coach.content.scenarios import load_scenarios
    from ent_coach.content.tutorials import load_tutorials
    from ent_coach.domain.quiz.model import QUIZ_THEMES

    known = KnownContent(
        tutorials={t.id for t in load_tutorials(paths.tutorials_dir(), validate=False).tutorials},
        quiz_themes=set(QUIZ_THEMES),
        scenarios={s.id for s in load_scenarios(paths.bundle_root()).scenarios},
    )
    load = load_frameworks(paths.resources_dir() / "competences", known)
    assert load.problems == []
    suggested = [c for c in crcn.competences() if c.suggestions]
    assert len(suggested) >= 10
    for competence in suggested:
        assert set(competence.suggestions.tutorials) <= known.tutorials
        assert set(competence.suggestions.quiz_themes) <= known.quiz_themes
        assert set(competence.suggestions.scenarios) <= known.scenarios


@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        ({}, "au moins une compétence"),
        ({"9.9": Rating("9.9", 2)}, "Compétence inconnue"),
        ({"1.1": Rating("1.1", 0)}, "entre 1 et 8"),
        ({"1.1": Rating("1.1", 9)}, "entre 1 et 8"),
        ({"1.1": Rating("1.1", 2, "<script>alert(1)</script>")}, "balises HTML"),
        ({"1.1": Rating("1.1", 2, "x" * 1001)}, "dépasse 1000 caractères"),
    ],
)
def test_bad_ratings_are_refused_and_nothing_is_written(
    service: AssessmentService, profile: Profile, store: Store, ratings: dict, message: str
) -> None:
    with pytest.raises(AssessmentError, match=message):
        service.save(profile, ratings)
    with sqlite3.connect(store.path) as db:
        for table in ("assessments", "assessment_ratings", "statements"):
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)


def test_sittings_are_kept_and_recorded_as_statements(
    service: AssessmentService, profile: Profile, store: Store, crcn: Framework
) -> None:
    first = service.save(profile, {"1.1": Rating("1.1", 2, "  Une veille RSS \r\n"), "4.1": Rating("4.1", 1)})
    second = service.save(profile, {c.id: Rating(c.id, 3) for c in crcn.competences()})
    history = service.history(profile)
    assert [a.id for a in history] == [first.id, second.id]
    assert history[0].ratings["1.1"] == Rating("1.1", 2, "Une veille RSS")
    assert history[0].level_of("4.1") == 1 and history[0].level_of("2.2") is None
    assert len(history[1].ratings) == 16

    with sqlite3.connect(store.path) as db:
        payloads = [json.loads(p) for (p,) in db.execute("SELECT payload FROM statements ORDER BY timestamp")]
        progress = db.execute(
            "SELECT kind, status, attempts FROM activity_progress WHERE activity_id = ?",
            (xapi.self_assessment_iri("crcn"),),
        ).fetchone()
    assert [s["verb"]["id"] for s in payloads] == [xapi.COMPLETED.id] * 2
    assert payloads[0]["object"]["id"] == xapi.self_assessment_iri("crcn")
    assert payloads[0]["result"]["extensions"][xapi.EXT_SELF_RATINGS] == {"1.1": 2, "4.1": 1}
    assert payloads[0]["result"]["completion"] is False
    assert payloads[1]["result"]["completion"] is True
    assert payloads[0]["context"]["registration"] == first.id
    # The evidence note is personal text: it stays in the local table, not in the statement.
    assert "veille" not in json.dumps(payloads)
    assert progress == (xapi.SELF_ASSESSMENT_KIND, "termine", 2)


def test_a_note_given_with_je_ne_sais_pas_is_kept(
    service: AssessmentService, profile: Profile, store: Store, crcn: Framework
) -> None:
    saved = service.save(
        profile,
        {
            "1.1": Rating("1.1", 3),
            "3.4": Rating("3.4", None, " Jamais programmé, à voir en stage. "),
            "4.1": Rating("4.1", None),
        },
    )
    (sitting,) = service.history(profile)
    assert sitting.ratings["3.4"] == Rating("3.4", None, "Jamais programmé, à voir en stage.")
    assert sitting.ratings["3.4"].unsure and sitting.ratings["4.1"].unsure
    # « Je ne sais pas » counts as not rated everywhere.
    assert sitting.levels == {"1.1": 3} and sitting.level_of("3.4") is None
    scores = {score.domain_id: score for score in domain_scores(crcn, sitting)}
    assert scores["3"].rated == 0 and scores["3"].mean is None
    with sqlite3.connect(store.path) as db:
        rows = db.execute(
            "SELECT competence_id, level, evidence FROM assessment_ratings WHERE assessment_id = ? "
            "ORDER BY competence_id", (saved.id,),
        ).fetchall()
        (payload,) = db.execute("SELECT payload FROM statements").fetchone()
    assert rows == [("1.1", 3, None), ("3.4", 0, "Jamais programmé, à voir en stage."), ("4.1", 0, None)]
    assert json.loads(payload)["result"]["extensions"][xapi.EXT_SELF_RATINGS] == {"1.1": 3}
    # Only « je ne sais pas » answers: nothing to record yet.
    with pytest.raises(AssessmentError, match="au moins une compétence"):
        service.save(profile, {"3.4": Rating("3.4", None, "à voir")})


def test_sittings_belong_to_their_profile_and_go_with_it(
    service: AssessmentService, profile: Profile, store: Store
) -> None:
    other = ProfileService(store).create(display_name="Tom", role=Role.ENSEIGNANT)
    service.save(profile, {"1.1": Rating("1.1", 2, "preuve")})
    service.save(other, {"2.1": Rating("2.1", 4)})
    assert [list(a.ratings) for a in service.history(other)] == [["2.1"]]
    ProfileService(store).delete(profile.id)
    assert service.history(other) and len(service.history(other)) == 1
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT count(*) FROM assessments").fetchone() == (1,)
        assert db.execute("SELECT count(*) FROM assessment_ratings").fetchone() == (1,)


def test_missing_framework_gives_a_french_message(store: Store, profile: Profile) -> None:
    service = AssessmentService(store, lambda: ())
    with pytest.raises(AssessmentError, match="référentiel de compétences n'a pas pu être chargé"):
        service.history(profile)


@pytest.mark.parametrize(
    ("text", "markup", "invisible"),
    [
        ("3 < 5 et 7 > 2", False, False),
        ("<b>gras</b>", True, False),
        ("<!-- commentaire -->", True, False),
        ("ligne\tune\nligne deux\r\n", False, False),
        ("bip\x07", False, True),
        ("txt\u202egnp.exe", False, True),
    ],
)
def test_plain_text_rules_shared_by_notes_practices_and_pathways(
    text: str, markup: bool, invisible: bool
) -> None:
    from ent_coach.domain.text import (
        has_invisible_characters,
        has_markup,
        strip_invisible_characters,
    )

    assert has_markup(text) is markup
    assert has_invisible_characters(text) is invisible
    assert not has_invisible_characters(strip_invisible_characters(text))
