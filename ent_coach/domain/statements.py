"""xAPI 1.0.3 statement shapes (see the design's learning-systems notes, §6).

Statements are plain dicts, ready to be stored as JSON or sent to any Learning Record Store.
The actor is always a pseudonymous account: no name or e-mail ever leaves a profile.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

IRI_ROOT = "https://ent-coach.example"
PLATFORM = "ENT Coach"
EXT_CONTENT_VERSION = f"{IRI_ROOT}/xapi/extensions/content-version"


@dataclass(frozen=True, slots=True)
class Verb:
    id: str
    display: str


EXPERIENCED = Verb("http://adlnet.gov/expapi/verbs/experienced", "a consulté")
COMPLETED = Verb("http://adlnet.gov/expapi/verbs/completed", "a terminé")

LESSON = "http://adlnet.gov/expapi/activities/lesson"


def tutorial_iri(tutorial_id: str) -> str:
    return f"{IRI_ROOT}/xapi/tutorials/{tutorial_id}"


def actor(*, install_id: str, pseudonym: str) -> dict[str, Any]:
    return {
        "objectType": "Agent",
        "account": {"homePage": f"{IRI_ROOT}/install/{install_id}", "name": pseudonym},
    }


def iso_duration(seconds: float) -> str:
    """xAPI durations are ISO 8601: ``PT1H2M3S``."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT"
    if hours:
        text += f"{hours}H"
    if minutes:
        text += f"{minutes}M"
    if secs or text == "PT":
        text += f"{secs}S"
    return text


def tutorial_statement(
    *,
    verb: Verb,
    actor_: dict[str, Any],
    tutorial_id: str,
    title: str,
    content_version: int,
    timestamp: dt.datetime,
    duration_seconds: float | None = None,
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if verb is COMPLETED:
        result["completion"] = True
    if duration_seconds is not None:
        result["duration"] = iso_duration(duration_seconds)
    statement: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": actor_,
        "verb": {"id": verb.id, "display": {"fr-FR": verb.display}},
        "object": {
            "objectType": "Activity",
            "id": tutorial_iri(tutorial_id),
            "definition": {"type": LESSON, "name": {"fr-FR": title}},
        },
        "context": {
            "language": "fr-FR",
            "platform": PLATFORM,
            "extensions": {EXT_CONTENT_VERSION: content_version},
        },
        "timestamp": timestamp.isoformat(timespec="seconds"),
    }
    if result:
        statement["result"] = result
    return statement
