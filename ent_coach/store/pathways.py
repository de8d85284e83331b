"""Pathway enrolments, checklist ticks, step notes and recorded step completions; and the
facts a pathway's progress is derived from, read from what the other services record.

Where each fact comes from (see the services that record them):

- tutorials: ``activity_progress`` rows of kind ``tutorial`` (opened), ``termine`` (completed);
- quiz: the ``passed`` / ``failed`` verdicts on the quiz IRIs (training per theme, assessment)
  with their scaled score, and the ``completed`` statements' durations;
- scenarios: ``activity_progress`` rows of kind ``scenario`` (attempted / passed), and the
  verdicts' durations;
- self-assessments: the dates of the saved sittings;
- practices: ``activity_progress`` rows of kind ``practice`` (read);
- activities: the ticks stored here.

Returns domain dataclasses, never ORM rows.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ent_coach.domain import statements as xapi
from ent_coach.domain.pathways import ProgressFacts
from ent_coach.domain.progress import ProgressStatus
from ent_coach.domain.quiz.attempts import QuizMode
from ent_coach.store.models import (
    ActivityProgressRow,
    AssessmentRow,
    PathwayEnrolmentRow,
    PathwayNoteRow,
    PathwayStepRecordRow,
    PathwayTickRow,
    StatementRow,
)

TUTORIAL_KIND = "tutorial"
SCENARIO_KIND = "scenario"
_TRAINING_PREFIX = xapi.quiz_iri(QuizMode.TRAINING.value) + "/"
_ASSESSMENT_IRI = xapi.quiz_iri(QuizMode.ASSESSMENT.value)
_SCENARIO_PREFIX = xapi.scenario_iri("")
_PRACTICE_PREFIX = xapi.practice_iri("")
_DURATION = re.compile(r"^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$")


# --- domain shapes --------------------------------------------------------------------------


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


# --- enrolments -----------------------------------------------------------------------------


def _enrolment(row: PathwayEnrolmentRow) -> Enrolment:
    return Enrolment(
        pathway_id=row.pathway_id,
        registration=row.registration,
        started_at=row.started_at,
        stopped_at=row.stopped_at,
        completed_at=row.completed_at,
    )


def enrolments(session: Session, *, profile_id: int) -> dict[str, Enrolment]:
    rows = session.scalars(
        select(PathwayEnrolmentRow).where(PathwayEnrolmentRow.profile_id == profile_id)
    )
    return {row.pathway_id: _enrolment(row) for row in rows}


def enrol(
    session: Session, *, profile_id: int, pathway_id: str, registration: str, now: dt.datetime
) -> Enrolment:
    """Start following, or resume a stopped enrolment (same registration, same start)."""
    row = session.get(PathwayEnrolmentRow, (profile_id, pathway_id))
    if row is None:
        row = PathwayEnrolmentRow(
            profile_id=profile_id,
            pathway_id=pathway_id,
            registration=registration,
            started_at=now,
        )
        session.add(row)
    row.stopped_at = None
    session.flush()
    return _enrolment(row)


def stop(session: Session, *, profile_id: int, pathway_id: str, now: dt.datetime) -> None:
    row = session.get(PathwayEnrolmentRow, (profile_id, pathway_id))
    if row is not None and row.stopped_at is None:
        row.stopped_at = now
        session.flush()


def mark_completed(session: Session, *, profile_id: int, pathway_id: str, now: dt.datetime) -> None:
    row = session.get(PathwayEnrolmentRow, (profile_id, pathway_id))
    if row is not None and row.completed_at is None:
        row.completed_at = now
        session.flush()


# --- ticks, notes, records --------------------------------------------------------------------


def ticked_items(session: Session, *, profile_id: int) -> dict[tuple[str, str], frozenset[str]]:
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for pathway_id, step_id, item_id in session.execute(
        select(PathwayTickRow.pathway_id, PathwayTickRow.step_id, PathwayTickRow.item_id).where(
            PathwayTickRow.profile_id == profile_id
        )
    ):
        found[(pathway_id, step_id)].add(item_id)
    return {key: frozenset(items) for key, items in found.items()}


def set_tick(
    session: Session,
    *,
    profile_id: int,
    pathway_id: str,
    step_id: str,
    item_id: str,
    ticked: bool,
    now: dt.datetime,
) -> None:
    key = (profile_id, pathway_id, step_id, item_id)
    row = session.get(PathwayTickRow, key)
    if ticked and row is None:
        session.add(
            PathwayTickRow(
                profile_id=profile_id,
                pathway_id=pathway_id,
                step_id=step_id,
                item_id=item_id,
                ticked_at=now,
            )
        )
    elif not ticked and row is not None:
        session.delete(row)
    session.flush()


def note(session: Session, *, profile_id: int, pathway_id: str, step_id: str) -> str:
    row = session.get(PathwayNoteRow, (profile_id, pathway_id, step_id))
    return row.text if row is not None else ""


def save_note(
    session: Session, *, profile_id: int, pathway_id: str, step_id: str, text: str, now: dt.datetime
) -> None:
    """An empty text removes the note."""
    row = session.get(PathwayNoteRow, (profile_id, pathway_id, step_id))
    if not text.strip():
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(
            PathwayNoteRow(
                profile_id=profile_id, pathway_id=pathway_id, step_id=step_id, text=text,
                updated_at=now,
            )
        )  # fmt: skip
    else:
        row.text = text
        row.updated_at = now
    session.flush()


def recorded_steps(session: Session, *, profile_id: int, pathway_id: str) -> dict[str, dt.datetime]:
    """Step id → when its completion was recorded as a statement."""
    rows = session.execute(
        select(PathwayStepRecordRow.step_id, PathwayStepRecordRow.recorded_at).where(
            PathwayStepRecordRow.profile_id == profile_id,
            PathwayStepRecordRow.pathway_id == pathway_id,
        )
    )
    return {step_id: recorded_at for step_id, recorded_at in rows}


def add_step_record(
    session: Session, *, profile_id: int, pathway_id: str, step_id: str, now: dt.datetime
) -> None:
    session.add(
        PathwayStepRecordRow(
            profile_id=profile_id, pathway_id=pathway_id, step_id=step_id, recorded_at=now
        )
    )
    session.flush()


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


def _statements(session: Session, profile_id: int, verbs: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(StatementRow.payload)
        .where(StatementRow.profile_id == profile_id, StatementRow.verb.in_(verbs))
        .where(
            StatementRow.activity_id.startswith(xapi.quiz_iri(""))
            | StatementRow.activity_id.startswith(_SCENARIO_PREFIX)
        )
        .order_by(StatementRow.timestamp, StatementRow.id)
    )
    out = []
    for payload in rows:
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


def activity_times(session: Session, *, profile_id: int) -> ActivityTimes:
    tutorial_seconds: dict[str, float] = {}
    completed: dict[str, dict[str, dt.datetime]] = {
        TUTORIAL_KIND: {}, SCENARIO_KIND: {}, xapi.PRACTICE_KIND: {}
    }  # fmt: skip
    prefixes = {
        TUTORIAL_KIND: "",
        SCENARIO_KIND: _SCENARIO_PREFIX,
        xapi.PRACTICE_KIND: _PRACTICE_PREFIX,
    }
    for row in session.scalars(
        select(ActivityProgressRow).where(ActivityProgressRow.profile_id == profile_id)
    ):
        if row.kind == TUTORIAL_KIND:
            tutorial_seconds[row.activity_id] = row.time_spent_seconds or 0.0
        ref = _strip(row.activity_id, prefixes[row.kind]) if row.kind in prefixes else None
        if ref and row.status == ProgressStatus.COMPLETED and row.completed_at is not None:
            completed[row.kind][ref] = row.completed_at
    quiz_verdicts: dict[str | None, list[QuizVerdict]] = {}
    quiz_seconds: dict[str | None, float] = {}
    sitting_seconds: dict[tuple[str, str], float] = {}
    verbs = (xapi.PASSED.id, xapi.FAILED.id, xapi.COMPLETED.id)
    for statement in _statements(session, profile_id, verbs):
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
    assessment_dates = session.scalars(
        select(AssessmentRow.created_at)
        .where(AssessmentRow.profile_id == profile_id)
        .order_by(AssessmentRow.created_at)
    )
    ticks = session.execute(
        select(
            PathwayTickRow.pathway_id,
            PathwayTickRow.step_id,
            PathwayTickRow.item_id,
            PathwayTickRow.ticked_at,
        ).where(PathwayTickRow.profile_id == profile_id)
    )
    return ActivityTimes(
        tutorial_seconds=tutorial_seconds,
        tutorial_completed=completed[TUTORIAL_KIND],
        quiz_verdicts=quiz_verdicts,
        quiz_seconds=quiz_seconds,
        scenario_seconds=scenario_seconds,
        scenario_completed=completed[SCENARIO_KIND],
        practice_completed=completed[xapi.PRACTICE_KIND],
        self_assessment_dates=tuple(assessment_dates),
        tick_dates={(p, s, i): at for p, s, i, at in ticks},
    )


def progress_facts(session: Session, *, profile_id: int) -> ProgressFacts:
    """Everything the profile has done that a pathway step may ask for."""
    times = activity_times(session, profile_id=profile_id)
    opened_tutorials: set[str] = set()
    attempted_scenarios: set[str] = set()
    for kind, activity_id in session.execute(
        select(ActivityProgressRow.kind, ActivityProgressRow.activity_id).where(
            ActivityProgressRow.profile_id == profile_id,
            ActivityProgressRow.kind.in_((TUTORIAL_KIND, SCENARIO_KIND)),
        )
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
        ticked_items=ticked_items(session, profile_id=profile_id),
        started_at={
            pathway_id: enrolment.started_at
            for pathway_id, enrolment in enrolments(session, profile_id=profile_id).items()
        },
    )
