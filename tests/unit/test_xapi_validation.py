"""The xAPI validator: every statement ENT Coach writes passes it and Ralph's independent
models; broken statements each get a French problem naming the field."""

from __future__ import annotations

import copy
import datetime as dt
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement

from ent_coach.domain import statements as xapi
from ent_coach.domain.xapi_validation import statement_fingerprint, statement_problems

PARIS = dt.timezone(dt.timedelta(hours=1))
WHEN = dt.datetime(2026, 3, 10, 10, 14, 40, tzinfo=PARIS)
PSEUDONYM = "7c1d9e52-0f3a-4b8e-9d2c-5a6b7c8d9e0f"


def builder_statements(pseudonym: str = PSEUDONYM, *, when: dt.datetime = WHEN) -> list[dict[str, Any]]:
    """One statement of every shape ENT Coach's builders produce."""
    actor = xapi.actor(install_id="3f2a", pseudonym=pseudonym)
    registration = str(uuid.uuid4())
    statements: list[dict[str, Any]] = [
        xapi.tutorial_statement(
            verb=xapi.EXPERIENCED, actor_=actor, tutorial_id="blog-de-classe",
            title="Tenir un blog de classe", content_version=3, timestamp=when,
        ),
        xapi.tutorial_statement(
            verb=xapi.COMPLETED, actor_=actor, tutorial_id="blog-de-classe",
            title="Tenir un blog de classe", content_version=3, timestamp=when,
            duration_seconds=312,
        ),
        xapi.answered_statement(
            actor_=actor, registration=registration,
            quiz_id=xapi.quiz_iri("evaluation"), item_id="droit-image-03",
            title="Diffusion d'une photo d'élève", interaction_type="choice",
            choices=[("a", "Rien"), ("b", "L'autorisation écrite des représentants légaux")],
            correct_pattern="b", response="b", success=True, position=2, try_number=1,
            certainty=2, timestamp=when,
        ),
        xapi.answered_statement(
            actor_=actor, registration=registration,
            quiz_id=xapi.quiz_iri("entrainement", "rgpd"), item_id="ordre-01",
            title="Remettez les étapes dans l'ordre", interaction_type="sequencing",
            choices=[("x", "Premier"), ("y", "Second")], correct_pattern="x[,]y",
            response="y[,]x", success=False, position=0, try_number=2, certainty=None,
            timestamp=when,
        ),
        *xapi.attempt_statements(
            actor_=actor, registration=registration, quiz_id=xapi.quiz_iri("evaluation"),
            quiz_name="Évaluation", raw=16, max_=20, passed=True, pass_mark=0.7, seed=42,
            duration_seconds=552, cbm_total=11, timestamp=when,
        ),
        *xapi.attempt_statements(
            actor_=actor, registration=str(uuid.uuid4()), quiz_id=xapi.quiz_iri("evaluation"),
            quiz_name="Évaluation", raw=3, max_=20, passed=False, pass_mark=0.7, seed=7,
            duration_seconds=100, cbm_total=None, timestamp=when,
        ),
        xapi.scenario_attempted_statement(
            actor_=actor, registration=registration, scenario_id="creer-espace-classe",
            title="Créer l'espace de classe", attempt=1, timestamp=when,
        ),
        xapi.scenario_verdict_statement(
            actor_=actor, registration=registration, scenario_id="creer-espace-classe",
            title="Créer l'espace de classe", attempt=1, goals_met=5, goals_total=6,
            checks_failed=["objectif-6"], actions=14, hints_shown=1, solution_seen=False,
            duration_seconds=760, timestamp=when,
        ),
        xapi.scenario_verdict_statement(
            actor_=actor, registration=registration, scenario_id="creer-espace-classe",
            title="Créer l'espace de classe", attempt=2, goals_met=6, goals_total=6,
            checks_failed=[], actions=3, hints_shown=0, solution_seen=True,
            duration_seconds=60, timestamp=when,
        ),
        xapi.self_assessment_statement(
            actor_=actor, registration=registration, framework_id="crcn-edu",
            title="CRCN Édu", levels={"1.1": 2, "2.3": 4}, competences_total=2, timestamp=when,
        ),
        xapi.practice_read_statement(
            actor_=actor, practice_id="cahier-de-textes-partage", title="Un cahier partagé",
            timestamp=when,
        ),
        xapi.pathway_step_completed_statement(
            actor_=actor, registration=registration, pathway_id="seance-K7P4QX",
            step_id="i1", step_title="Lire le tutoriel", step_index=1, step_count=4,
            timestamp=when,
        ),
        xapi.pathway_progressed_statement(
            actor_=actor, registration=registration, pathway_id="seance-K7P4QX",
            title="Séance", percent=25, timestamp=when,
        ),
        xapi.pathway_completed_statement(
            actor_=actor, registration=registration, pathway_id="seance-K7P4QX",
            title="Séance", duration_seconds=3600, timestamp=when,
        ),
        xapi.pathway_completed_statement(
            actor_=actor, registration=registration, pathway_id="stagiaire-2d",
            title="Parcours", duration_seconds=None, timestamp=when,
        ),
    ]
    return statements


BUILT = builder_statements()


@pytest.mark.parametrize("statement", BUILT, ids=lambda s: s["verb"]["id"].rsplit("/", 1)[-1])
def test_every_built_statement_is_valid_here_and_for_ralph(statement: dict[str, Any]) -> None:
    assert statement_problems(statement) == []
    BaseXapiStatement.model_validate(statement)


def test_ralph_really_rejects_a_broken_statement() -> None:
    """Otherwise the test above could never fail."""
    broken = copy.deepcopy(BUILT[1])
    broken["result"]["score"] = {"raw": 5, "min": 0, "max": 1}
    with pytest.raises(ValidationError):
        BaseXapiStatement.model_validate(broken)
    del broken["actor"]
    with pytest.raises(ValidationError):
        BaseXapiStatement.model_validate(broken)


def test_tolerated_lrs_fields_and_utc_timestamps_pass() -> None:
    statement = copy.deepcopy(BUILT[0])
    statement["timestamp"] = "2026-03-10T09:14:40Z"
    statement["stored"] = "2026-03-10T09:15:00.123+00:00"
    statement["version"] = "1.0.3"
    statement["authority"] = {"objectType": "Agent", "account": statement["actor"]["account"]}
    assert statement_problems(statement) == []
    BaseXapiStatement.model_validate(statement)


Edit = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Edit:
    def edit(statement: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target = statement
        for part in parents:
            target = target[part]
        target[last] = value

    return edit


def _delete(path: str) -> Edit:
    def edit(statement: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target = statement
        for part in parents:
            target = target[part]
        del target[last]

    return edit


# (name, index of the built statement to break, edit, words the French problem must hold)
BROKEN: list[tuple[str, int, Edit, str]] = [
    ("missing actor", 1, _delete("actor"), "« actor » manque"),
    ("missing id", 1, _delete("id"), "« id » manque"),
    ("missing verb", 1, _delete("verb"), "« verb » manque"),
    ("missing object", 1, _delete("object"), "« object » manque"),
    ("missing timestamp", 1, _delete("timestamp"), "« timestamp » manque"),
    ("unknown top-level key", 1, _set("attachments", []), "champ inconnu : « attachments »"),
    ("id not a uuid", 1, _set("id", "12345"), "« id » doit être un UUID"),
    ("id not a string", 1, _set("id", 12), "« id » doit être un UUID"),
    ("actor not an object", 1, _set("actor", "Léa"), "« actor » doit être un objet"),
    ("actor with mbox", 1, _set("actor.mbox", "mailto:lea@example.org"), "« actor » contient"),
    ("actor group", 1, _set("actor.objectType", "Group"), "« actor.objectType »"),
    ("actor without account", 1, _delete("actor.account"), "« actor.account » manque"),
    ("home page not http", 1, _set("actor.account.homePage", "ftp://x"), "homePage"),
    ("empty account name", 1, _set("actor.account.name", "  "), "« actor.account.name »"),
    ("bad verb IRI", 1, _set("verb.id", "completed"), "« verb.id » doit être une IRI"),
    ("verb IRI with space", 1, _set("verb.id", "http://a b/c"), "« verb.id »"),
    ("verb display not a map", 1, _set("verb.display", "a terminé"), "« verb.display »"),
    ("bad language tag", 1, _set("verb.display", {"fr FR": "x"}), "code de langue"),
    ("object agent", 1, _set("object.objectType", "Agent"), "« object.objectType »"),
    ("object id missing", 1, _delete("object.id"), "« object.id »"),
    ("definition type", 1, _set("object.definition.type", "lesson"), "definition.type"),
    ("definition not an object", 1, _set("object.definition", []), "« object.definition »"),
    ("result not an object", 1, _set("result", True), "« result » doit être un objet"),
    ("score raw above max", 4, _set("result.score.raw", 25), "« result.score.raw »"),
    ("score raw below min", 4, _set("result.score.raw", -1), "« result.score.raw »"),
    ("score scaled out of range", 4, _set("result.score.scaled", 1.5), "entre -1 et 1"),
    ("score min above max", 4, _set("result.score.min", 30), "« result.score.min »"),
    ("score not a number", 4, _set("result.score.raw", "16"), "doit être un nombre"),
    ("score is a bool", 4, _set("result.score.raw", True), "doit être un nombre"),
    ("score NaN", 4, _set("result.score.scaled", float("nan")), "doit être un nombre"),
    ("unknown score key", 4, _set("result.score.percent", 80), "« result.score » contient"),
    ("success not bool", 5, _set("result.success", "oui"), "« result.success »"),
    ("completion not bool", 4, _set("result.completion", 1), "« result.completion »"),
    ("bad duration", 4, _set("result.duration", "9 minutes"), "durée ISO 8601"),
    ("empty duration", 4, _set("result.duration", "PT"), "durée ISO 8601"),
    ("response not text", 2, _set("result.response", ["b"]), "« result.response »"),
    ("extension key not IRI", 2, _set("result.extensions", {"certainty": 2}), "n'est pas une IRI"),
    ("bad registration", 2, _set("context.registration", "abc"), "« context.registration »"),
    ("parent not a list", 2, _set("context.contextActivities.parent", {"id": "https://x.fr"}),
     "doit être une liste"),
    ("parent without id", 2, _set("context.contextActivities.parent", [{}]), "« id » IRI"),
    ("unknown context activities", 2, _set("context.contextActivities.sibling", []),
     "contextActivities » contient"),
    ("context extension key", 4, _set("context.extensions", {"seed": 1}), "context.extensions"),
    ("bad language", 2, _set("context.language", "français !"), "« context.language »"),
    ("platform not text", 2, _set("context.platform", 3), "« context.platform »"),
    ("unknown context key", 2, _set("context.instructor", {}), "« context » contient"),
    ("bad timestamp", 1, _set("timestamp", "hier à midi"), "n'est pas une date ISO 8601"),
    ("timestamp without offset", 1, _set("timestamp", "2026-03-10T10:14:40"), "décalage horaire"),
    ("timestamp not text", 1, _set("timestamp", 1710000000), "« timestamp »"),
    ("bad stored", 1, _set("stored", "2026-13-10T10:14:40+01:00"), "« stored »"),
    ("old version", 1, _set("version", "0.95"), "« version »"),
]


@pytest.mark.parametrize(("name", "index", "edit", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_statement_gets_a_french_problem(
    name: str, index: int, edit: Edit, expected: str
) -> None:
    statement = copy.deepcopy(BUILT[index])
    edit(statement)
    problems = statement_problems(statement)
    assert problems, name
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize("value", [None, [], "statement", 3])
def test_a_statement_must_be_an_object(value: object) -> None:
    assert statement_problems(value) == ["la déclaration n'est pas un objet JSON"]


def test_fingerprint_ignores_key_order_but_not_content() -> None:
    statement = copy.deepcopy(BUILT[4])
    reordered = dict(reversed(list(statement.items())))
    assert statement_fingerprint(reordered) == statement_fingerprint(statement)
    changed = copy.deepcopy(statement)
    changed["result"]["score"]["raw"] = 15
    assert statement_fingerprint(changed) != statement_fingerprint(statement)
    assert len(statement_fingerprint(statement)) == 64


def test_speed_is_measured(capsys: pytest.CaptureFixture[str]) -> None:
    """A micro-measure printed for the report (never asserted: timings vary by machine)."""
    sample = [copy.deepcopy(s) for s in BUILT] * 200
    start = time.perf_counter()
    for statement in sample:
        statement_problems(statement)
    elapsed = time.perf_counter() - start
    with capsys.disabled():
        print(f"\nstatement_problems: {elapsed / len(sample) * 1e6:.1f} µs per statement")
    assert all(not statement_problems(statement) for statement in sample[: len(BUILT)])


def test_a_remembered_valid_actor_cannot_be_changed_behind_the_validator() -> None:
    """Valid actors and verbs are remembered to go faster: as copies, so a caller editing
    its dict afterwards cannot make an invalid one pass."""
    statement = copy.deepcopy(BUILT[0])
    assert statement_problems(statement) == []
    statement["actor"]["account"]["homePage"] = "pas une adresse"
    statement["verb"]["id"] = "pas une IRI"
    problems = statement_problems(copy.deepcopy(statement))
    assert any("homePage" in problem for problem in problems)
    assert any("« verb.id »" in problem for problem in problems)
    assert statement_problems(copy.deepcopy(BUILT[0])) == []
