"""Pathway facts read in plain SQL: enrolments, ticks, recorded steps, and everything a
pathway's progress is derived from (see ``store.pathways`` for where each fact comes from).

These run on a stdlib ``sqlite3`` connection, so that the home's « Continuer » (the next step
of the current pathway) is found at start-up without waiting for SQLAlchemy to import; the
ORM module hands its session's own connection to the same functions, so there is one way of
reading them. Returns domain dataclasses.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ent_coach.domain import statements as xapi
from ent_coach.domain.pathways import ProgressFacts
from ent_coach.domain.progress import ProgressStatus
from ent_coach.domain.quiz.attempts import QuizMode

TUTORIAL_KIND = "tutorial"
SCENARIO_KIND = "scenario"
_TRAINING_PREFIX = xapi.quiz_iri(QuizMode.TRAINING.value) + "/"
_ASSESSMENT_IRI = xapi.quiz_iri(QuizMode.ASSESSMENT.value)
_SCENARIO_PREFIX = xapi.scenario_iri("")
_PRACTICE_PREFIX = xapi.practice_iri("")
_DURATION = re.compile(r"^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$")


def _datetime(value: Any) -> dt.datetime | None:
    """A date as the ORM writes it in SQLite (« 2026-12-08 09:30:00.000000 »)."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


# --- shapes --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Enrolment:
    pathway_id: str
    registration: str
    started_at: dt.datetime
    stopped_at: dt.datetime | None
    completed_at: dt.datetime | None

    @property
    def followed(self) -> bool:
        return self.stopped_at is None


@dataclass(frozen=True, slots=True)
class QuizVerdict:
    """One finished quiz attempt as its ``passed`` / ``failed`` statement tells it."""

    passed: bool
    scaled: float
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class ActivityTimes:
    """Time spent and completion dates per referenced activity, for step times."""

    tutorial_seconds: dict[str, float] = field(default_factory=dict)
    tutorial_completed: dict[str, dt.datetime] = field(default_factory=dict)
    # Theme → verdicts, oldest first; ``None`` key: the assessment.
    quiz_verdicts: dict[str | None, list[QuizVerdict]] = field(default_factory=dict)
    quiz_seconds: dict[str | None, float] = field(default_factory=dict)
    scenario_seconds: dict[str, float] = field(default_factory=dict)
    scenario_completed: dict[str, dt.datetime] = field(default_factory=dict)
    practice_completed: dict[str, dt.datetime] = field(default_factory=dict)
    self_assessment_dates: tuple[dt.datetime, ...] = ()
    tick_dates: dict[tuple[str, str, str], dt.datetime] = field(default_factory=dict)


# --- enrolments, ticks and recorded steps ---------------------------------------------------


def enrolments(connection: sqlite3.Connection, *, profile_id: int) -> dict[str, Enrolment]:
    rows = connection.execute(
        "SELECT pathway_id, registration, started_at, stopped_at, completed_at "
        "FROM pathway_enrolments WHERE profile_id = ?",
        (profile_id,),
    )
    return {
        row[0]: Enrolment(
            pathway_id=row[0], registration=row[1], started_at=_datetime(row[2]),  # type: ignore[arg-type]
            stopped_at=_datetime(row[3]), completed_at=_datetime(row[4]),
        )
        for row in rows
    }  # fmt: skip


def ticked_items(connection: sqlite3.Connection, *, profile_id: int) -> dict[tuple[str, str], frozenset[str]]:
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    rows = connection.execute(
        "SELECT pathway_id, step_id, item_id FROM pathway_ticks WHERE profile_id = ?", (profile_id,)
    )
    for pathway_id, step_id, item_id in rows:
        found[(pathway_id, step_id)].add(item_id)
    return {key: frozenset(items) for key, items in found.items()}


def recorded_steps(connection: sqlite3.Connection, *, profile_id: int, pathway_id: str) -> dict[str, dt.datetime]:
    """Step id → when its completion was recorded as a statement."""
    rows = connection.execute(
        "SELECT step_id, recorded_at FROM pathway_step_records WHERE profile_id = ? AND pathway_id = ?",
        (profile_id, pathway_id),
    )
    return {step_id: _datetime(recorded_at) for step_id, recorded_at in rows}  # type: ignore[misc]


# --- facts --------------------------------------------------------------------------------------


def _local(timestamp: str) -> dt.datetime | None:
    """A statement's timestamp as a naive local time, like every date the store keeps."""
    try:
        value = dt.datetime.fromisoformat(timestamp)
    except (TypeError, ValueError):
        return None
    return value.astimezone().replace(tzinfo=None) if value.tzinfo else value


def duration_seconds(text: Any) -> float:
    """Seconds of an xAPI ``PT…H…M…S`` duration; 0 when absent or unreadable."""
    match = _DURATION.match(text) if isinstance(text, str) else None
    if match is None:
        return 0.0
    hours, minutes, seconds = (float(part) if part else 0.0 for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _quiz_key(activity_id: str) -> tuple[bool, str | None]:
    """(is a quiz step's activity, theme or None for the assessment)."""
    if activity_id == _ASSESSMENT_IRI:
        return True, None
    if activity_id.startswith(_TRAINING_PREFIX):
        return True, activity_id[len(_TRAINING_PREFIX) :]
    return False, None


def _like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _statements(connection: sqlite3.Connection, profile_id: int, verbs: tuple[str, ...]) -> list[dict[str, Any]]:
    marks = ", ".join("?" * len(verbs))
    rows = connection.execute(
        f"SELECT payload FROM statements WHERE profile_id = ? AND verb IN ({marks}) "
        "AND (activity_id LIKE ? ESCAPE '\\' OR activity_id LIKE ? ESCAPE '\\') "
        "ORDER BY timestamp, id",
        (profile_id, *verbs, _like_prefix(xapi.quiz_iri("")), _like_prefix(_SCENARIO_PREFIX)),
    )
    out = []
    for (payload,) in rows:
        try:
            statement = json.loads(payload)
        except ValueError:
            continue
        if isinstance(statement, dict):
            out.append(statement)
    return out


def _scaled(statement: dict[str, Any]) -> float | None:
    score = (statement.get("result") or {}).get("score") or {}
    value = score.get("scaled")
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _strip(activity_id: str, prefix: str) -> str | None:
    return activity_id[len(prefix) :] if activity_id.startswith(prefix) else None


def activity_times(connection: sqlite3.Connection, *, profile_id: int) -> ActivityTimes:
    tutorial_seconds: dict[str, float] = {}
    completed: dict[str, dict[str, dt.datetime]] = {
        TUTORIAL_KIND: {}, SCENARIO_KIND: {}, xapi.PRACTICE_KIND: {}
    }  # fmt: skip
    prefixes = {
        TUTORIAL_KIND: "",
        SCENARIO_KIND: _SCENARIO_PREFIX,
        xapi.PRACTICE_KIND: _PRACTICE_PREFIX,
    }
    rows = connection.execute(
        "SELECT kind, activity_id, time_spent_seconds, status, completed_at "
        "FROM activity_progress WHERE profile_id = ?",
        (profile_id,),
    )
    for kind, activity_id, time_spent, status, completed_at in rows:
        if kind == TUTORIAL_KIND:
            tutorial_seconds[activity_id] = time_spent or 0.0
        ref = _strip(activity_id, prefixes[kind]) if kind in prefixes else None
        if ref and status == ProgressStatus.COMPLETED and completed_at is not None:
            completed[kind][ref] = _datetime(completed_at)  # type: ignore[assignment]
    quiz_verdicts: dict[str | None, list[QuizVerdict]] = {}
    quiz_seconds: dict[str | None, float] = {}
    sitting_seconds: dict[tuple[str, str], float] = {}
    verbs = (xapi.PASSED.id, xapi.FAILED.id, xapi.COMPLETED.id)
    for statement in _statements(connection, profile_id, verbs):
        activity = str((statement.get("object") or {}).get("id", ""))
        verb = str((statement.get("verb") or {}).get("id", ""))
        result = statement.get("result") or {}
        is_quiz, theme = _quiz_key(activity)
        scenario_id = _strip(activity, _SCENARIO_PREFIX)
        if is_quiz and verb == xapi.COMPLETED.id:
            seconds = duration_seconds(result.get("duration"))
            quiz_seconds[theme] = quiz_seconds.get(theme, 0.0) + seconds
        elif is_quiz:
            scaled = _scaled(statement)
            at = _local(str(statement.get("timestamp", "")))
            if scaled is not None and at is not None:
                verdict = QuizVerdict(passed=verb == xapi.PASSED.id, scaled=scaled, at=at)
                quiz_verdicts.setdefault(theme, []).append(verdict)
        elif scenario_id and verb != xapi.COMPLETED.id:
            # Each verification carries the time since the sitting began: keep the longest
            # per sitting (registration), then add the sittings up.
            registration = str((statement.get("context") or {}).get("registration", ""))
            key = (scenario_id, registration)
            seconds = duration_seconds(result.get("duration"))
            sitting_seconds[key] = max(sitting_seconds.get(key, 0.0), seconds)
    scenario_seconds: dict[str, float] = {}
    for (scenario_id, _), seconds in sitting_seconds.items():
        scenario_seconds[scenario_id] = scenario_seconds.get(scenario_id, 0.0) + seconds
    assessment_dates = [
        _datetime(row[0])
        for row in connection.execute(
            "SELECT created_at FROM assessments WHERE profile_id = ? ORDER BY created_at", (profile_id,)
        )
    ]
    ticks = connection.execute(
        "SELECT pathway_id, step_id, item_id, ticked_at FROM pathway_ticks WHERE profile_id = ?",
        (profile_id,),
    )
    return ActivityTimes(
        tutorial_seconds=tutorial_seconds,
        tutorial_completed=completed[TUTORIAL_KIND],
        quiz_verdicts=quiz_verdicts,
        quiz_seconds=quiz_seconds,
        scenario_seconds=scenario_seconds,
        scenario_completed=completed[SCENARIO_KIND],
        practice_completed=completed[xapi.PRACTICE_KIND],
        self_assessment_dates=tuple(assessment_dates),  # type: ignore[arg-type]
        tick_dates={(p, s, i): _datetime(at) for p, s, i, at in ticks},  # type: ignore[misc]
    )


def progress_facts(connection: sqlite3.Connection, *, profile_id: int) -> ProgressFacts:
    """Everything the profile has done that a pathway step may ask for."""
    times = activity_times(connection, profile_id=profile_id)
    opened_tutorials: set[str] = set()
    attempted_scenarios: set[str] = set()
    for kind, activity_id in connection.execute(
        "SELECT kind, activity_id FROM activity_progress WHERE profile_id = ? AND kind IN (?, ?)",
        (profile_id, TUTORIAL_KIND, SCENARIO_KIND),
    ):
        if kind == TUTORIAL_KIND:
            opened_tutorials.add(activity_id)
        elif scenario_id := _strip(activity_id, _SCENARIO_PREFIX):
            attempted_scenarios.add(scenario_id)
    passed_trainings: dict[str, float] = {}
    attempted_trainings: set[str] = set()
    best_assessment: float | None = None
    for theme, verdicts in times.quiz_verdicts.items():
        if theme is None:
            best_assessment = max(v.scaled for v in verdicts)
            continue
        attempted_trainings.add(theme)
        passed = [v.scaled for v in verdicts if v.passed]
        if passed:
            passed_trainings[theme] = max(passed)
    return ProgressFacts(
        completed_tutorials=frozenset(times.tutorial_completed),
        opened_tutorials=frozenset(opened_tutorials),
        passed_trainings=passed_trainings,
        attempted_trainings=frozenset(attempted_trainings),
        best_assessment_score=best_assessment,
        passed_scenarios=frozenset(times.scenario_completed),
        attempted_scenarios=frozenset(attempted_scenarios),
        self_assessment_dates=times.self_assessment_dates,
        practices_read=frozenset(times.practice_completed),
        ticked_items=ticked_items(connection, profile_id=profile_id),
        started_at={
            pathway_id: enrolment.started_at
            for pathway_id, enrolment in enrolments(connection, profile_id=profile_id).items()
        },
    )
