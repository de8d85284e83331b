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


# --- Quiz ---------------------------------------------------------------------------------

ANSWERED = Verb("http://adlnet.gov/expapi/verbs/answered", "a répondu")
PASSED = Verb("http://adlnet.gov/expapi/verbs/passed", "a réussi")
FAILED = Verb("http://adlnet.gov/expapi/verbs/failed", "a échoué")

ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
EXT_ATTEMPT_SEED = f"{IRI_ROOT}/xapi/extensions/seed"
EXT_QUESTION_POSITION = f"{IRI_ROOT}/xapi/extensions/question-position"
EXT_TRY = f"{IRI_ROOT}/xapi/extensions/try"
EXT_CERTAINTY = f"{IRI_ROOT}/xapi/extensions/certainty"
EXT_CBM_SCORE = f"{IRI_ROOT}/xapi/extensions/cbm-score"
EXT_MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"


def quiz_iri(mode: str, theme: str | None = None) -> str:
    """One quiz activity per mode, and per theme in training: a pathway step can then ask
    for « the training on image rights » or « the assessment » and find its statements."""
    base = f"{IRI_ROOT}/xapi/quizzes/{mode}"
    return f"{base}/{theme}" if theme else base


def question_iri(item_id: str) -> str:
    return f"{IRI_ROOT}/xapi/quizzes/questions/{item_id}"


def _base(
    verb: Verb, actor_: dict[str, Any], obj: dict[str, Any], timestamp: dt.datetime
) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "actor": actor_,
        "verb": {"id": verb.id, "display": {"fr-FR": verb.display}},
        "object": {"objectType": "Activity", **obj},
        "timestamp": timestamp.isoformat(timespec="seconds"),
    }


def answered_statement(
    *,
    actor_: dict[str, Any],
    registration: str,
    quiz_id: str,
    item_id: str,
    title: str,
    interaction_type: str,
    choices: list[tuple[str, str]],
    correct_pattern: str,
    response: str,
    success: bool,
    position: int,
    try_number: int,
    certainty: int | None,
    timestamp: dt.datetime,
) -> dict[str, Any]:
    """A cmi.interaction answer. ``choices`` is (key, text) in the order shown; the response
    and the correct pattern use xAPI's ``[,]`` separator."""
    list_name = "steps" if interaction_type == "sequencing" else "choices"
    definition: dict[str, Any] = {
        "type": INTERACTION,
        "name": {"fr-FR": title},
        "interactionType": interaction_type,
        "correctResponsesPattern": [correct_pattern],
        list_name: [{"id": key, "description": {"fr-FR": text}} for key, text in choices],
    }
    extensions: dict[str, Any] = {EXT_QUESTION_POSITION: position + 1, EXT_TRY: try_number}
    result: dict[str, Any] = {
        "response": response,
        "success": success,
        "score": {"raw": int(success), "min": 0, "max": 1, "scaled": float(success)},
    }
    if certainty is not None:
        result["extensions"] = {EXT_CERTAINTY: certainty}
    statement = _base(
        ANSWERED, actor_, {"id": question_iri(item_id), "definition": definition}, timestamp
    )
    statement["result"] = result
    statement["context"] = {
        "registration": registration,
        "language": "fr-FR",
        "platform": PLATFORM,
        "contextActivities": {"parent": [{"objectType": "Activity", "id": quiz_id}]},
        "extensions": extensions,
    }
    return statement


def attempt_statements(
    *,
    actor_: dict[str, Any],
    registration: str,
    quiz_id: str,
    quiz_name: str,
    raw: int,
    max_: int,
    passed: bool,
    pass_mark: float,
    seed: int,
    duration_seconds: float,
    cbm_total: int | None,
    timestamp: dt.datetime,
) -> list[dict[str, Any]]:
    """``completed`` with the score, then ``passed`` or ``failed`` (cmi5 order, one
    registration per attempt)."""
    scaled = round(raw / max_, 4) if max_ else 0.0
    score = {"raw": raw, "min": 0, "max": max_, "scaled": scaled}
    obj = {"id": quiz_id, "definition": {"type": ASSESSMENT, "name": {"fr-FR": quiz_name}}}
    context = {
        "registration": registration,
        "language": "fr-FR",
        "platform": PLATFORM,
        "extensions": {EXT_ATTEMPT_SEED: seed},
    }
    completed = _base(COMPLETED, actor_, obj, timestamp)
    completed["result"] = {
        "completion": True,
        "score": score,
        "duration": iso_duration(duration_seconds),
    }
    if cbm_total is not None:
        completed["result"]["extensions"] = {EXT_CBM_SCORE: cbm_total}
    completed["context"] = context
    verdict = _base(PASSED if passed else FAILED, actor_, obj, timestamp)
    verdict["result"] = {"success": passed, "score": score}
    verdict["context"] = {
        **context,
        "extensions": {**context["extensions"], EXT_MASTERY_SCORE: pass_mark},
    }
    return [completed, verdict]


# --- sandbox -----------------------------------------------------------------------------------

ATTEMPTED = Verb("http://adlnet.gov/expapi/verbs/attempted", "a tenté")
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
EXT_ATTEMPT = f"{IRI_ROOT}/xapi/extensions/attempt"
EXT_CHECKS_FAILED = f"{IRI_ROOT}/xapi/extensions/checks-failed"
EXT_HINTS_SHOWN = f"{IRI_ROOT}/xapi/extensions/hints-shown"
EXT_SOLUTION_SEEN = f"{IRI_ROOT}/xapi/extensions/solution-seen"
EXT_ACTIONS = f"{IRI_ROOT}/xapi/extensions/actions"


def scenario_iri(scenario_id: str) -> str:
    return f"{IRI_ROOT}/xapi/sandbox/scenarios/{scenario_id}"


def _simulation(scenario_id: str, title: str) -> dict[str, Any]:
    return {
        "id": scenario_iri(scenario_id),
        "definition": {"type": SIMULATION, "name": {"fr-FR": title}},
    }


def _sandbox_context(registration: str, attempt: int) -> dict[str, Any]:
    return {
        "registration": registration,
        "language": "fr-FR",
        "platform": PLATFORM,
        "extensions": {EXT_ATTEMPT: attempt},
    }


def scenario_attempted_statement(
    *,
    actor_: dict[str, Any],
    registration: str,
    scenario_id: str,
    title: str,
    attempt: int,
    timestamp: dt.datetime,
) -> dict[str, Any]:
    """The learner opened a scenario to work on it (one registration per sitting)."""
    statement = _base(ATTEMPTED, actor_, _simulation(scenario_id, title), timestamp)
    statement["context"] = _sandbox_context(registration, attempt)
    return statement


def scenario_verdict_statement(
    *,
    actor_: dict[str, Any],
    registration: str,
    scenario_id: str,
    title: str,
    attempt: int,
    goals_met: int,
    goals_total: int,
    checks_failed: list[str],
    actions: int,
    hints_shown: int,
    solution_seen: bool,
    duration_seconds: float,
    timestamp: dt.datetime,
) -> dict[str, Any]:
    """``passed`` or ``failed`` after « Vérifier »: the score counts the goals met; the failed
    checks name the goals not met (``objectif-N``) and the risks left (their check ids)."""
    passed = not checks_failed
    scaled = round(goals_met / goals_total, 4) if goals_total else 0.0
    statement = _base(
        PASSED if passed else FAILED, actor_, _simulation(scenario_id, title), timestamp
    )
    statement["result"] = {
        "success": passed,
        "completion": passed,
        "score": {"raw": goals_met, "min": 0, "max": goals_total, "scaled": scaled},
        "duration": iso_duration(duration_seconds),
        "extensions": {
            EXT_CHECKS_FAILED: list(checks_failed),
            EXT_ACTIONS: actions,
            EXT_HINTS_SHOWN: hints_shown,
            EXT_SOLUTION_SEEN: solution_seen,
        },
    }
    statement["context"] = _sandbox_context(registration, attempt)
    return statement


# --- self-assessment ------------------------------------------------------------------

EXT_SELF_RATINGS = f"{IRI_ROOT}/xapi/extensions/self-ratings"
SELF_ASSESSMENT_KIND = "self-assessment"


def self_assessment_iri(framework_id: str) -> str:
    return f"{IRI_ROOT}/xapi/self-assessment/{framework_id}"


def self_assessment_statement(
    *,
    actor_: dict[str, Any],
    registration: str,
    framework_id: str,
    title: str,
    levels: dict[str, int],
    competences_total: int,
    timestamp: dt.datetime,
) -> dict[str, Any]:
    """``completed`` once a self-assessment is saved. The result carries the level given to
    each competence; the teacher's evidence notes stay on the computer (they are personal
    text and a statement may be handed to a tutor)."""
    statement = _base(
        COMPLETED,
        actor_,
        {
            "id": self_assessment_iri(framework_id),
            "definition": {"type": ASSESSMENT, "name": {"fr-FR": title}},
        },
        timestamp,
    )
    statement["result"] = {
        "completion": len(levels) == competences_total,
        "extensions": {EXT_SELF_RATINGS: dict(levels)},
    }
    statement["context"] = {
        "registration": registration,
        "language": "fr-FR",
        "platform": PLATFORM,
    }
    return statement


# --- good practices -------------------------------------------------------------------

PRACTICE_KIND = "practice"


def practice_iri(practice_id: str) -> str:
    return f"{IRI_ROOT}/xapi/practices/{practice_id}"


def practice_read_statement(
    *, actor_: dict[str, Any], practice_id: str, title: str, timestamp: dt.datetime
) -> dict[str, Any]:
    """``experienced`` the first time a good practice is opened (a pathway step asks for it)."""
    statement = _base(
        EXPERIENCED,
        actor_,
        {"id": practice_iri(practice_id), "definition": {"type": LESSON, "name": {"fr-FR": title}}},
        timestamp,
    )
    statement["context"] = {"language": "fr-FR", "platform": PLATFORM}
    return statement


# --- pathways ---------------------------------------------------------------------------

PROGRESSED = Verb("http://adlnet.gov/expapi/verbs/progressed", "a progressé")
MODULE = "http://adlnet.gov/expapi/activities/module"
COURSE = "http://adlnet.gov/expapi/activities/course"
EXT_STEP_INDEX = f"{IRI_ROOT}/xapi/extensions/step-index"
EXT_STEP_COUNT = f"{IRI_ROOT}/xapi/extensions/step-count"
EXT_PROGRESS = "https://w3id.org/xapi/cmi5/result/extensions/progress"


def pathway_iri(pathway_id: str) -> str:
    return f"{IRI_ROOT}/xapi/pathways/{pathway_id}"


def pathway_step_iri(pathway_id: str, step_id: str) -> str:
    # The step's id, not its position: a content update that inserts a step keeps the IRIs.
    return f"{pathway_iri(pathway_id)}/steps/{step_id}"


def _course(pathway_id: str, title: str | None = None) -> dict[str, Any]:
    definition: dict[str, Any] = {"type": COURSE}
    if title is not None:
        definition["name"] = {"fr-FR": title}
    return {"id": pathway_iri(pathway_id), "definition": definition}


def _pathway_context(registration: str) -> dict[str, Any]:
    return {"registration": registration, "language": "fr-FR", "platform": PLATFORM}


def pathway_step_completed_statement(
    *,
    actor_: dict[str, Any],
    registration: str,
    pathway_id: str,
    step_id: str,
    step_title: str,
    step_index: int,
    step_count: int,
    timestamp: dt.datetime,
) -> dict[str, Any]:
    """``completed`` on the step (a ``module``) with the pathway (a ``course``) as parent;
    ``step_index`` counts from 1."""
    statement = _base(
        COMPLETED,
        actor_,
        {
            "id": pathway_step_iri(pathway_id, step_id),
            "definition": {"type": MODULE, "name": {"fr-FR": step_title}},
        },
        timestamp,
    )
    statement["result"] = {"completion": True}
    statement["context"] = {
        **_pathway_context(registration),
        "contextActivities": {"parent": [{"objectType": "Activity", **_course(pathway_id)}]},
        "extensions": {EXT_STEP_INDEX: step_index, EXT_STEP_COUNT: step_count},
    }
    return statement


def pathway_progressed_statement(
    *,
    actor_: dict[str, Any],
    registration: str,
    pathway_id: str,
    title: str,
    percent: int,
    timestamp: dt.datetime,
) -> dict[str, Any]:
    """``progressed`` on the pathway with the cmi5 ``progress`` extension (0–100)."""
    statement = _base(PROGRESSED, actor_, _course(pathway_id, title), timestamp)
    statement["result"] = {"extensions": {EXT_PROGRESS: max(0, min(100, int(percent)))}}
    statement["context"] = _pathway_context(registration)
    return statement


def pathway_completed_statement(
    *,
    actor_: dict[str, Any],
    registration: str,
    pathway_id: str,
    title: str,
    duration_seconds: float | None,
    timestamp: dt.datetime,
) -> dict[str, Any]:
    """``completed`` once on the pathway; no ``progress`` extension here (cmi5 §9.5.5.1)."""
    statement = _base(COMPLETED, actor_, _course(pathway_id, title), timestamp)
    statement["result"] = {"completion": True}
    if duration_seconds is not None:
        statement["result"]["duration"] = iso_duration(duration_seconds)
    statement["context"] = _pathway_context(registration)
    return statement
