"""xAPI statement shapes: durations, actor, verbs, activity, context."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from ent_coach.domain import statements as xapi


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "PT0S"),
        (0.4, "PT0S"),
        (-12, "PT0S"),
        (1, "PT1S"),
        (59, "PT59S"),
        (59.6, "PT1M"),
        (60, "PT1M"),
        (61, "PT1M1S"),
        (3600, "PT1H"),
        (3605, "PT1H5S"),
        (3660, "PT1H1M"),
        (3723, "PT1H2M3S"),
        (90061, "PT25H1M1S"),
    ],
)
def test_iso_duration(seconds: float, expected: str) -> None:
    assert xapi.iso_duration(seconds) == expected


def test_actor_is_a_pseudonymous_account() -> None:
    assert xapi.actor(install_id="abc123", pseudonym="p-42") == {
        "objectType": "Agent",
        "account": {"homePage": "https://ent-coach.example/install/abc123", "name": "p-42"},
    }


def _statement(verb: xapi.Verb, **extra: object) -> dict:  # type: ignore[type-arg]
    return xapi.tutorial_statement(
        verb=verb,
        actor_=xapi.actor(install_id="abc123", pseudonym="p-42"),
        tutorial_id="blog-de-classe",
        title="Tenir un blog de classe",
        content_version=3,
        timestamp=dt.datetime(
            2026, 3, 4, 10, 30, 15, 999, tzinfo=dt.timezone(dt.timedelta(hours=1))
        ),
        **extra,  # type: ignore[arg-type]
    )


def test_experienced_statement_shape() -> None:
    statement = _statement(xapi.EXPERIENCED)
    assert uuid.UUID(statement["id"]).version == 4
    assert statement["actor"]["account"]["name"] == "p-42"
    assert statement["verb"] == {
        "id": "http://adlnet.gov/expapi/verbs/experienced",
        "display": {"fr-FR": "a consulté"},
    }
    assert statement["object"] == {
        "objectType": "Activity",
        "id": "https://ent-coach.example/xapi/tutorials/blog-de-classe",
        "definition": {
            "type": "http://adlnet.gov/expapi/activities/lesson",
            "name": {"fr-FR": "Tenir un blog de classe"},
        },
    }
    assert statement["context"] == {
        "language": "fr-FR",
        "platform": "ENT Coach",
        "extensions": {"https://ent-coach.example/xapi/extensions/content-version": 3},
    }
    assert statement["timestamp"] == "2026-03-04T10:30:15+01:00"
    assert "result" not in statement


def test_completed_statement_has_completion_and_duration() -> None:
    statement = _statement(xapi.COMPLETED, duration_seconds=754)
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"
    assert statement["result"] == {"completion": True, "duration": "PT12M34S"}


def test_completed_without_duration() -> None:
    assert _statement(xapi.COMPLETED)["result"] == {"completion": True}


def test_duration_alone_on_experienced() -> None:
    assert _statement(xapi.EXPERIENCED, duration_seconds=5)["result"] == {"duration": "PT5S"}


def test_each_statement_gets_a_new_id() -> None:
    assert _statement(xapi.EXPERIENCED)["id"] != _statement(xapi.EXPERIENCED)["id"]


def test_tutorial_iri() -> None:
    assert xapi.tutorial_iri("agenda") == "https://ent-coach.example/xapi/tutorials/agenda"
