"""Checks that an xAPI statement belongs to the subset ENT Coach writes and accepts.

xAPI 1.0.3, narrowed to what ENT Coach's builders (``domain.statements``) produce: a UUID id,
a pseudonymous account as actor, a verb and an activity identified by http(s) IRIs, an
optional result and context, and a timestamp with a UTC offset. A tutor imports tens of
thousands of statements at once, so the checks are plain dict look-ups and a few precompiled
regular expressions: no model object is built per statement.

Problems are French fragments naming the field (« result.score.scaled ») so that a caller can
prefix them with where the statement comes from.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import math
import re
from collections.abc import Callable
from typing import Any

import orjson

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# An absolute http(s) IRI: a host, then anything but spaces and the characters RFC 3987
# forbids. Non-ASCII letters are allowed (an IRI, not a URI).
_IRI = re.compile(r"https?://[^\s/?#<>\"{}|\\^`]+(?:[/?#][^\s<>\"{}|\\^`]*)?")
_IRI_MAX = 2048
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
# ISO 8601 duration as xAPI uses it: P[nY][nM][nW][nD][T[nH][nM][nS]], at least one part.
_DURATION = re.compile(
    r"P(?=\d|T\d)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?"
    r"(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?"
)
_TIMESTAMP_MAX = 40

_TOP_LEVEL = frozenset(
    {"id", "actor", "verb", "object", "result", "context", "timestamp", "version", "stored",
     "authority"}
)
_REQUIRED = ("id", "actor", "verb", "object", "timestamp")
_ACTOR_KEYS = frozenset({"objectType", "account"})
_ACCOUNT_KEYS = frozenset({"homePage", "name"})
_VERB_KEYS = frozenset({"id", "display"})
_OBJECT_KEYS = frozenset({"objectType", "id", "definition"})
_DEFINITION_KEYS = frozenset(
    {"name", "description", "type", "moreInfo", "extensions", "interactionType",
     "correctResponsesPattern", "choices", "scale", "source", "target", "steps"}
)
_INTERACTION_LISTS = ("choices", "scale", "source", "target", "steps")
_RESULT_KEYS = frozenset({"score", "success", "completion", "response", "duration", "extensions"})
_SCORE_KEYS = frozenset({"raw", "min", "max", "scaled"})
_CONTEXT_KEYS = frozenset(
    {"registration", "contextActivities", "extensions", "language", "platform"}
)
_CONTEXT_ACTIVITY_KEYS = frozenset({"parent", "grouping", "category", "other"})
_CONTEXT_ACTIVITY_ITEM_KEYS = frozenset({"objectType", "id", "definition"})


# The same few dozen IRIs (verbs, activity types, extension keys, the install's home page)
# recur in every statement: remembering the valid ones turns most checks into a set look-up.
_KNOWN_IRIS: set[str] = set()
_KNOWN_IRIS_MAX = 4096


def _is_iri(value: object) -> bool:
    if not isinstance(value, str):
        return False
    if value in _KNOWN_IRIS:
        return True
    if len(value) > _IRI_MAX or _IRI.fullmatch(value) is None:
        return False
    if len(_KNOWN_IRIS) < _KNOWN_IRIS_MAX:
        _KNOWN_IRIS.add(value)
    return True


class _ValidValues:
    """A few values already found valid (deep copies: the caller's dicts may change later).

    A bundle repeats one actor and a handful of verbs thousands of times; comparing with a
    known-good value is much cheaper than checking it again.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: list[Any] = []

    def __contains__(self, value: object) -> bool:
        return value in self._values

    def remember(self, value: object) -> None:
        values = [copy.deepcopy(value), *self._values]
        # Rebinding (not mutating) keeps a concurrent reader on a consistent list.
        self._values = values[: self._size]


_VALID_ACTORS = _ValidValues(4)
_VALID_VERBS = _ValidValues(16)


def _is_number(value: object) -> bool:
    # bool is an int in Python, never a score; NaN and infinities slip through json.loads.
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def _unknown(where: str, data: dict[str, Any], allowed: frozenset[str]) -> list[str]:
    if allowed.issuperset(data):
        return []
    extra = [key for key in data if key not in allowed]
    names = ", ".join(f"« {str(key)[:40]} »" for key in sorted(map(str, extra))[:3])
    return [f"« {where} » contient un champ inconnu : {names}"]


def _language_map(where: str, value: object, problems: list[str]) -> None:
    if not isinstance(value, dict) or not value:
        problems.append(f"« {where} » doit être un dictionnaire de langues non vide")
        return
    for tag, text in value.items():
        if not isinstance(tag, str) or _LANGUAGE_TAG.fullmatch(tag) is None:
            problems.append(f"« {where} » : code de langue invalide « {str(tag)[:20]} »")
            return
        if not isinstance(text, str):
            problems.append(f"« {where}.{tag} » doit être un texte")
            return


def _extensions(where: str, value: object, problems: list[str]) -> None:
    if not isinstance(value, dict):
        problems.append(f"« {where} » doit être un dictionnaire")
        return
    for key in value:
        if not _is_iri(key):
            problems.append(f"« {where} » : la clé « {str(key)[:60]} » n'est pas une IRI http(s)")
            return


def _check_actor(actor: object, problems: list[str]) -> None:
    if not isinstance(actor, dict):
        problems.append("« actor » doit être un objet")
        return
    if not _ACTOR_KEYS.issuperset(actor):
        problems.extend(_unknown("actor", actor, _ACTOR_KEYS))
    if actor.get("objectType", "Agent") != "Agent":
        problems.append("« actor.objectType » doit valoir « Agent »")
    account = actor.get("account")
    if not isinstance(account, dict):
        problems.append("« actor.account » manque : un compte pseudonyme est attendu")
        return
    if not _ACCOUNT_KEYS.issuperset(account):
        problems.extend(_unknown("actor.account", account, _ACCOUNT_KEYS))
    if not _is_iri(account.get("homePage")):
        problems.append("« actor.account.homePage » doit être une adresse http(s)")
    name = account.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append("« actor.account.name » doit être un texte non vide")


def _check_verb(verb: object, problems: list[str]) -> None:
    if not isinstance(verb, dict):
        problems.append("« verb » doit être un objet")
        return
    if not _VERB_KEYS.issuperset(verb):
        problems.extend(_unknown("verb", verb, _VERB_KEYS))
    if not _is_iri(verb.get("id")):
        problems.append("« verb.id » doit être une IRI http(s)")
    if "display" in verb:
        _language_map("verb.display", verb["display"], problems)


def _check_definition(where: str, definition: object, problems: list[str]) -> None:
    if not isinstance(definition, dict):
        problems.append(f"« {where} » doit être un objet")
        return
    if not _DEFINITION_KEYS.issuperset(definition):
        problems.extend(_unknown(where, definition, _DEFINITION_KEYS))
    for key in ("name", "description"):
        if key in definition:
            _language_map(f"{where}.{key}", definition[key], problems)
    for key in ("type", "moreInfo"):
        if key in definition and not _is_iri(definition[key]):
            problems.append(f"« {where}.{key} » doit être une IRI http(s)")
    if "extensions" in definition:
        _extensions(f"{where}.extensions", definition["extensions"], problems)
    if "interactionType" in definition and not isinstance(definition["interactionType"], str):
        problems.append(f"« {where}.interactionType » doit être un texte")
    pattern = definition.get("correctResponsesPattern")
    if pattern is not None and (
        not isinstance(pattern, list) or not all(isinstance(text, str) for text in pattern)
    ):
        problems.append(f"« {where}.correctResponsesPattern » doit être une liste de textes")
    for key in _INTERACTION_LISTS:
        components = definition.get(key)
        if components is None:
            continue
        if not isinstance(components, list) or not all(
            isinstance(component, dict) and isinstance(component.get("id"), str)
            for component in components
        ):
            problems.append(f"« {where}.{key} » doit être une liste d'éléments avec un « id »")


def _check_object(obj: object, problems: list[str]) -> None:
    if not isinstance(obj, dict):
        problems.append("« object » doit être un objet")
        return
    if not _OBJECT_KEYS.issuperset(obj):
        problems.extend(_unknown("object", obj, _OBJECT_KEYS))
    if obj.get("objectType", "Activity") != "Activity":
        problems.append("« object.objectType » doit valoir « Activity »")
    if not _is_iri(obj.get("id")):
        problems.append("« object.id » doit être une IRI http(s)")
    if "definition" in obj:
        _check_definition("object.definition", obj["definition"], problems)


def _check_score(score: object, problems: list[str]) -> None:
    if not isinstance(score, dict):
        problems.append("« result.score » doit être un objet")
        return
    if not _SCORE_KEYS.issuperset(score):
        problems.extend(_unknown("result.score", score, _SCORE_KEYS))
    numbers: dict[str, float] = {}
    for key in ("raw", "min", "max", "scaled"):
        if key in score:
            if _is_number(score[key]):
                numbers[key] = score[key]
            else:
                problems.append(f"« result.score.{key} » doit être un nombre")
    low, high, raw = numbers.get("min"), numbers.get("max"), numbers.get("raw")
    if low is not None and high is not None and low >= high:
        problems.append("« result.score.min » doit être inférieur à « result.score.max »")
    if raw is not None and ((low is not None and raw < low) or (high is not None and raw > high)):
        problems.append("« result.score.raw » doit être compris entre « min » et « max »")
    scaled = numbers.get("scaled")
    if scaled is not None and not -1 <= scaled <= 1:
        problems.append("« result.score.scaled » doit être compris entre -1 et 1")


def _check_result(result: object, problems: list[str]) -> None:
    if not isinstance(result, dict):
        problems.append("« result » doit être un objet")
        return
    if not _RESULT_KEYS.issuperset(result):
        problems.extend(_unknown("result", result, _RESULT_KEYS))
    if "score" in result:
        _check_score(result["score"], problems)
    for key in ("success", "completion"):
        if key in result and not isinstance(result[key], bool):
            problems.append(f"« result.{key} » doit valoir true ou false")
    duration = result.get("duration")
    if duration is not None and (
        not isinstance(duration, str) or len(duration) > 64 or _DURATION.fullmatch(duration) is None
    ):
        problems.append("« result.duration » doit être une durée ISO 8601 (par exemple PT1M30S)")
    if "response" in result and not isinstance(result["response"], str):
        problems.append("« result.response » doit être un texte")
    if "extensions" in result:
        _extensions("result.extensions", result["extensions"], problems)


def _check_context_activities(activities: object, problems: list[str]) -> None:
    where = "context.contextActivities"
    if not isinstance(activities, dict):
        problems.append(f"« {where} » doit être un objet")
        return
    if not _CONTEXT_ACTIVITY_KEYS.issuperset(activities):
        problems.extend(_unknown(where, activities, _CONTEXT_ACTIVITY_KEYS))
    for key, items in activities.items():
        if key not in _CONTEXT_ACTIVITY_KEYS:
            continue
        if not isinstance(items, list):
            problems.append(f"« {where}.{key} » doit être une liste d'activités")
            continue
        for item in items:
            if not isinstance(item, dict) or not _is_iri(item.get("id")):
                problems.append(f"« {where}.{key} » : chaque activité doit avoir un « id » IRI")
                break
            if item.get("objectType", "Activity") != "Activity" or any(
                name not in _CONTEXT_ACTIVITY_ITEM_KEYS for name in item
            ):
                problems.append(f"« {where}.{key} » : activité mal formée")
                break
            if "definition" in item:
                _check_definition(f"{where}.{key}.definition", item["definition"], problems)


def _check_context(context: object, problems: list[str]) -> None:
    if not isinstance(context, dict):
        problems.append("« context » doit être un objet")
        return
    if not _CONTEXT_KEYS.issuperset(context):
        problems.extend(_unknown("context", context, _CONTEXT_KEYS))
    registration = context.get("registration")
    if registration is not None and (
        not isinstance(registration, str) or _UUID.fullmatch(registration) is None
    ):
        problems.append("« context.registration » doit être un UUID")
    if "contextActivities" in context:
        _check_context_activities(context["contextActivities"], problems)
    if "extensions" in context:
        _extensions("context.extensions", context["extensions"], problems)
    language = context.get("language")
    if language is not None and (
        not isinstance(language, str) or _LANGUAGE_TAG.fullmatch(language) is None
    ):
        problems.append("« context.language » doit être un code de langue (par exemple fr-FR)")
    if "platform" in context and not isinstance(context["platform"], str):
        problems.append("« context.platform » doit être un texte")


def _timestamp_problem(where: str, value: object) -> str | None:
    if not isinstance(value, str) or len(value) > _TIMESTAMP_MAX:
        return f"« {where} » doit être une date ISO 8601"
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return f"« {where} » n'est pas une date ISO 8601 valide (« {value[:_TIMESTAMP_MAX]} »)"
    if moment.tzinfo is None:
        return f"« {where} » doit indiquer son décalage horaire (par exemple +01:00)"
    return None


def _check_remembered(
    check: Callable[[object, list[str]], None],
    valid: _ValidValues,
    value: object,
    problems: list[str],
) -> None:
    count = len(problems)
    check(value, problems)
    if len(problems) == count:
        valid.remember(value)


def statement_problems(statement: object) -> list[str]:
    """French problems of one statement; an empty list means it is valid."""
    if not isinstance(statement, dict):
        return ["la déclaration n'est pas un objet JSON"]
    problems = _unknown("déclaration", statement, _TOP_LEVEL)
    for key in _REQUIRED:
        if key not in statement:
            problems.append(f"« {key} » manque")
    statement_id = statement.get("id")
    if "id" in statement and (
        not isinstance(statement_id, str) or _UUID.fullmatch(statement_id) is None
    ):
        problems.append("« id » doit être un UUID")
    if "actor" in statement and statement["actor"] not in _VALID_ACTORS:
        _check_remembered(_check_actor, _VALID_ACTORS, statement["actor"], problems)
    if "verb" in statement and statement["verb"] not in _VALID_VERBS:
        _check_remembered(_check_verb, _VALID_VERBS, statement["verb"], problems)
    if "object" in statement:
        # Not remembered: objects vary (one per question), copying each would cost more.
        _check_object(statement["object"], problems)
    if "result" in statement:
        _check_result(statement["result"], problems)
    if "context" in statement:
        _check_context(statement["context"], problems)
    for key in ("timestamp", "stored"):
        if key in statement:
            problem = _timestamp_problem(key, statement[key])
            if problem:
                problems.append(problem)
    version = statement.get("version")
    if version is not None and (not isinstance(version, str) or not version.startswith("1.0")):
        problems.append("« version » doit être une version 1.0.x de xAPI")
    if "authority" in statement and not isinstance(statement["authority"], dict):
        problems.append("« authority » doit être un objet")
    return problems


def statement_fingerprint(statement: dict[str, Any]) -> str:
    """SHA-256 of the statement's canonical JSON: two statements with the same id and a
    different fingerprint are two different records claiming the same identity."""
    return hashlib.sha256(canonical_bytes(statement)).hexdigest()


def canonical_bytes(statement: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON with sorted keys: the form a statement is fingerprinted and stored
    in by the tutor. orjson, because an import encodes tens of thousands of them."""
    return orjson.dumps(statement, option=orjson.OPT_SORT_KEYS)
