"""The séance dashboard, computed from the participants' xAPI statements alone.

The screen, the CSV and the PDF report all read the same ``Dashboard`` and the same
``matrix_table``, so they cannot disagree (a well-known complaint about coach reports).
Statements come from other laptops: every field is read defensively, and anything odd is
treated as absent rather than trusted.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ent_coach.domain import statements as xapi
from ent_coach.domain.coaching import (
    HELP_ASSESSMENT_BELOW,
    HELP_SCENARIO_FAILURES,
    HELP_TIME_FACTOR,
    AnswerReview,
    Cell,
    Dashboard,
    ItemStatus,
    MissedItem,
    Participant,
    ParticipantRow,
    ParticipantStatements,
    PlanItem,
    SeancePlan,
)
from ent_coach.domain.pathways import PASS_MARK, StepKind
from ent_coach.domain.quiz.attempts import QuizMode

SCORE_BINS = 10
NO_TIME = "—"
PARTICIPANT_HEADER = "Participant"
DONE_HEADER = "Terminés"
TIME_HEADER = "Temps"

_COMPLETED = xapi.COMPLETED.id
_EXPERIENCED = xapi.EXPERIENCED.id
_PASSED = xapi.PASSED.id
_FAILED = xapi.FAILED.id
_ATTEMPTED = xapi.ATTEMPTED.id
_ANSWERED = xapi.ANSWERED.id
_FINISHING_VERBS = frozenset({_COMPLETED, _PASSED, _FAILED})
_QUESTION_PREFIX = xapi.question_iri("")
_ASSESSMENT_IRI = xapi.quiz_iri(QuizMode.ASSESSMENT.value)
# Stored scores are rounded to four decimals: compare with the same slack as pathways.
_SCORE_EPSILON = 1e-6
_NUMBER = r"(\d+(?:\.\d+)?)"
_DURATION = re.compile(rf"^P(?:{_NUMBER}D)?(?:T(?:{_NUMBER}H)?(?:{_NUMBER}M)?(?:{_NUMBER}S)?)?$")
_EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)
# Lower-case name particles left out of projector initials (« Anne de La Tour » → « AT »).
_NAME_PARTICLES = frozenset({"de", "du", "des", "la", "le", "d'", "van", "von"})
_MAX_INITIALS = 3


# --- formatting shared by the screen, the CSV and the PDF ------------------------------------


def percent(scaled: float) -> int:
    """0.845 → 85: halves round up, as people expect (``round`` would give 84)."""
    return math.floor(scaled * 100 + 0.5)


def format_minutes(seconds: float) -> str:
    """« 12 min », « 1 h 05 min »; « — » when nothing was recorded."""
    if not _finite_number(seconds) or seconds <= 0:
        return NO_TIME
    minutes = math.floor(seconds / 60 + 0.5)
    if minutes == 0:
        return "< 1 min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def anonymised_label(index: int) -> str:
    """« Participant 3 » for the row at ``index`` (counted from 0, shown from 1)."""
    return f"Participant {index + 1}"


def participant_initials(participant: Participant, index: int) -> str:
    """Projector mode: « LM » for « Léa Martin »; « P3 » (row ``index`` from 0) without a name."""
    words = re.split(r"[\s\-]+", (participant.display_name or "").strip())
    named = [word for word in words if word[:1].isalpha()]
    kept = [word for word in named if word.lower() not in _NAME_PARTICLES] or named
    initials = "".join(word[0].upper() for word in kept)[:_MAX_INITIALS]
    return initials or f"P{index + 1}"


def cell_text(cell: Cell) -> str:
    """« Terminé · 85 % », « Besoin d'aide »: the status, and the best score when there is one."""
    if cell.score is None:
        return cell.status.label
    return f"{cell.status.label} · {percent(cell.score)} %"


def matrix_header(plan: SeancePlan) -> list[str]:
    items = [f"{number}. {item.title}" for number, item in enumerate(plan.items, start=1)]
    return [PARTICIPANT_HEADER, *items, DONE_HEADER, TIME_HEADER]


def matrix_table(dashboard: Dashboard, *, anonymise: bool) -> tuple[list[str], list[list[str]]]:
    """The header and one row of text per participant: exactly what the on-screen matrix
    shows and what the CSV holds."""
    plan = dashboard.plan
    rows: list[list[str]] = []
    for index, row in enumerate(dashboard.rows):
        name = anonymised_label(index) if anonymise else row.participant.label(index)
        cells = [cell_text(row.cells[item.id]) for item in plan.items]
        rows.append(
            [
                name,
                *cells,
                f"{row.done_count}/{len(plan.items)}",
                format_minutes(row.total_seconds),
            ]
        )
    return matrix_header(plan), rows


# --- reading statements defensively -----------------------------------------------------------


def _finite_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def parse_duration(text: Any) -> float:
    """ISO 8601 duration (``PT1H2M3.5S``, xAPI's form) in seconds; 0 when absent or odd."""
    return _duration_seconds(text) if isinstance(text, str) else 0.0


@functools.lru_cache(maxsize=4096)  # the same few durations recur across a whole group
def _duration_seconds(text: str) -> float:
    text = text.strip()
    match = _DURATION.match(text)
    # « P » and « PT » alone match the pattern but say nothing.
    if match is None or text.endswith(("P", "T")):
        return 0.0
    days, hours, minutes, seconds = (float(part) if part else 0.0 for part in match.groups())
    return days * 86400 + hours * 3600 + minutes * 60 + seconds


def _timestamp(value: Any) -> dt.datetime:
    """Aware UTC time for ordering; a missing or odd timestamp sorts first."""
    if not isinstance(value, str):
        return _EPOCH
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return _EPOCH
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _scaled(scaled: Any) -> float | None:
    if not _finite_number(scaled):
        return None
    return min(1.0, max(0.0, float(scaled)))


def _seed(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _whole_number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(slots=True)
class _Fact:
    """A statement that concerns the plan: its id, verb, result and context checked once (a
    missing or odd part becomes empty); the rest is read on demand, since most statements
    never need it and 300 participants × 200 statements must stay fast."""

    id: str
    verb: str
    result: dict[str, Any]
    context: dict[str, Any]
    statement: dict[str, Any]

    @property
    def at(self) -> dt.datetime:
        return _timestamp(self.statement.get("timestamp"))

    @property
    def extensions(self) -> dict[str, Any]:
        return _dict(self.context.get("extensions"))

    @property
    def registration(self) -> str:
        registration = self.context.get("registration")
        return registration if isinstance(registration, str) else ""

    @property
    def scaled(self) -> float | None:
        score = self.result.get("score")
        return _scaled(score.get("scaled")) if isinstance(score, dict) else None

    @property
    def seconds(self) -> float:
        duration = self.result.get("duration")
        return _duration_seconds(duration) if isinstance(duration, str) else 0.0

    @property
    def seed(self) -> int | None:
        return _seed(self.extensions.get(xapi.EXT_ATTEMPT_SEED))


def _fact(statement: dict[str, Any], statement_id: str | None, verb_id: str) -> _Fact:
    result = statement.get("result")
    context = statement.get("context")
    return _Fact(
        statement_id or "",
        verb_id,
        result if isinstance(result, dict) else {},
        context if isinstance(context, dict) else {},
        statement,
    )


def _parents(statement: dict[str, Any]) -> Iterable[str]:
    context_activities = _dict(_dict(statement.get("context")).get("contextActivities"))
    parents = context_activities.get("parent")
    if isinstance(parents, dict):
        parents = [parents]
    if not isinstance(parents, list):
        return ()
    return (text for parent in parents if (text := _text(_dict(parent).get("id"))))


def _by_time(fact: _Fact) -> tuple[dt.datetime, str]:
    return fact.at, fact.id


@dataclass(slots=True)
class _Index:
    """One participant's statements that concern the plan, by object id (built in one pass)."""

    by_object: dict[str, list[_Fact]] = field(default_factory=dict)
    assessment_answers: list[_Fact] = field(default_factory=list)
    _last_activity: dt.datetime | None = None

    def facts(self, object_id: str) -> list[_Fact]:
        return self.by_object.get(object_id, [])

    def last_activity(self) -> dt.datetime:
        """The time of the participant's latest statement on the plan (``_EPOCH`` if none).

        Computed on first use: only items still in progress need it."""
        if self._last_activity is None:
            moments = [fact.at for facts in self.by_object.values() for fact in facts]
            moments.extend(fact.at for fact in self.assessment_answers)
            self._last_activity = max(moments, default=_EPOCH)
        return self._last_activity


def _index(statements: Sequence[Any], relevant: frozenset[str]) -> _Index:
    index = _Index()
    by_object = index.by_object
    answers = index.assessment_answers
    with_answers = _ASSESSMENT_IRI in relevant
    seen: set[str] = set()
    for statement in statements:
        if not isinstance(statement, dict):
            continue
        obj = statement.get("object")
        object_id = obj.get("id") if isinstance(obj, dict) else None
        if not isinstance(object_id, str):
            continue
        if object_id in relevant:
            bucket = by_object.get(object_id)
            if bucket is None:
                bucket = by_object[object_id] = []
        elif (
            with_answers
            and object_id.startswith(_QUESTION_PREFIX)
            and _ASSESSMENT_IRI in _parents(statement)
        ):
            bucket = answers
        else:
            continue
        # A statement sent twice (two bundles of the same trainee) counts once.
        statement_id = statement.get("id")
        if isinstance(statement_id, str):
            if statement_id in seen:
                continue
            seen.add(statement_id)
        else:
            statement_id = None
        verb = statement.get("verb")
        verb_id = verb.get("id") if isinstance(verb, dict) else None
        if not isinstance(verb_id, str):
            verb_id = ""
        if bucket is not answers or verb_id == _ANSWERED:
            bucket.append(_fact(statement, statement_id, verb_id))
    # Nothing else depends on the order statements came in: rules use any/max/sets, and
    # durations are added with ``math.fsum`` (exact, so even the last digits never move).
    index.assessment_answers.sort(key=_by_time)
    return index


# --- the séance assessment's attempts ----------------------------------------------------------


@dataclass(slots=True)
class _Attempt:
    """One quiz attempt (one registration) of the assessment."""

    registration: str
    seeds: set[int] = field(default_factory=set)
    finished: bool = False
    best: float | None = None
    durations: list[float] = field(default_factory=list)
    started: dt.datetime | None = None
    finished_at: dt.datetime = _EPOCH
    answers: list[_Fact] = field(default_factory=list)

    def see(self, moment: dt.datetime) -> None:
        if self.started is None or moment < self.started:
            self.started = moment


def _assessment_attempts(index: _Index, seed: int | None) -> list[_Attempt]:
    """The attempts that count for the séance: with a seed, only finished ones drawn with it
    (answers reach them by registration); without, every attempt, unfinished ones too."""
    attempts: dict[str, _Attempt] = {}
    for fact in index.facts(_ASSESSMENT_IRI):
        if fact.verb not in _FINISHING_VERBS:
            continue
        attempt = attempts.setdefault(fact.registration, _Attempt(fact.registration))
        moment = fact.at
        attempt.see(moment)
        attempt.finished = True
        attempt.finished_at = max(attempt.finished_at, moment)
        drawn_with = fact.seed
        if drawn_with is not None:
            attempt.seeds.add(drawn_with)
        scaled = fact.scaled
        if scaled is not None and (attempt.best is None or scaled > attempt.best):
            attempt.best = scaled
        if fact.verb == _COMPLETED:
            attempt.durations.append(fact.seconds)
    for fact in index.assessment_answers:
        attempt = attempts.setdefault(fact.registration, _Attempt(fact.registration))
        attempt.see(fact.at)
        attempt.answers.append(fact)
    if seed is None:
        return list(attempts.values())
    return [attempt for attempt in attempts.values() if attempt.finished and seed in attempt.seeds]


def _first_tries(attempt: _Attempt) -> list[_Fact]:
    """One answer per position: the first try (later tries follow feedback and prove nothing)."""
    by_position: dict[int, _Fact] = {}
    for fact in attempt.answers:  # sorted by time then id
        extensions = fact.extensions
        try_number = _whole_number(extensions.get(xapi.EXT_TRY))
        if try_number not in (None, 1):
            continue
        position = _whole_number(extensions.get(xapi.EXT_QUESTION_POSITION)) or 0
        by_position.setdefault(position, fact)
    return [by_position[position] for position in sorted(by_position)]


def _question_item_id(fact: _Fact) -> str:
    object_id = _text(_dict(fact.statement.get("object")).get("id")) or ""
    return object_id.removeprefix(_QUESTION_PREFIX)


def _question_title(fact: _Fact, item_id: str, titles: Mapping[str, str]) -> str:
    if item_id in titles:
        return titles[item_id]
    name = _dict(_dict(_dict(fact.statement.get("object")).get("definition")).get("name"))
    text = _text(name.get("fr-FR")) or next(
        (value for value in name.values() if isinstance(value, str)), None
    )
    return text or item_id


def _answer_reviews(
    attempts: list[_Attempt], titles: Mapping[str, str]
) -> tuple[AnswerReview, ...]:
    """The latest finished attempt's first answers, else the latest attempt's."""
    finished = [attempt for attempt in attempts if attempt.finished]
    if finished:
        chosen = max(finished, key=lambda a: (a.finished_at, a.registration))
    elif attempts:
        chosen = max(attempts, key=lambda a: (a.started or _EPOCH, a.registration))
    else:
        return ()
    reviews = []
    for fact in _first_tries(chosen):
        item_id = _question_item_id(fact)
        result = fact.result
        extensions = fact.extensions
        reviews.append(
            AnswerReview(
                item_id=item_id,
                question=_question_title(fact, item_id, titles),
                response=_text(result.get("response")) or "",
                success=result.get("success") is True,
                position=_whole_number(extensions.get(xapi.EXT_QUESTION_POSITION)) or 0,
            )
        )
    return tuple(reviews)


# --- one cell per kind ---------------------------------------------------------------------


def _pass_mark(item: PlanItem) -> float:
    return item.pass_mark if item.pass_mark is not None else PASS_MARK


def _registration_key(fact: _Fact) -> str:
    # A statement without a registration is an attempt of its own.
    return fact.registration or f"#{fact.id}"


# Cells are frozen: the plain ones are shared rather than built 12,000 times.
_NOT_STARTED = Cell(ItemStatus.NOT_STARTED)
_IN_PROGRESS = Cell(ItemStatus.IN_PROGRESS)
_DONE = Cell(ItemStatus.DONE)


def _tutorial_cell(item: PlanItem, facts: list[_Fact]) -> Cell:
    completed = [fact for fact in facts if fact.verb == _COMPLETED]
    if completed:
        return Cell(ItemStatus.DONE, seconds=math.fsum(fact.seconds for fact in completed))
    if any(fact.verb == _EXPERIENCED for fact in facts):
        return _IN_PROGRESS
    return _NOT_STARTED


def _quiz_theme_cell(item: PlanItem, facts: list[_Fact]) -> Cell:
    mark = _pass_mark(item) - _SCORE_EPSILON
    durations: list[float] = []
    best: float | None = None
    passed = False
    registrations: set[str] = set()
    for fact in facts:  # one pass: a busy trainee may have dozens of trainings
        if fact.verb not in _FINISHING_VERBS:
            continue
        registrations.add(_registration_key(fact))
        scaled = fact.scaled
        if scaled is not None:
            best = scaled if best is None else max(best, scaled)
            passed = passed or (fact.verb == _PASSED and scaled >= mark)
        if fact.verb == _COMPLETED:
            durations.append(fact.seconds)
    if not registrations:
        return _NOT_STARTED
    status = ItemStatus.DONE if passed else ItemStatus.IN_PROGRESS
    return Cell(status, seconds=math.fsum(durations), score=best, attempts=len(registrations))


def _assessment_cell(item: PlanItem, attempts: list[_Attempt]) -> Cell:
    finished = [attempt for attempt in attempts if attempt.finished]
    seconds = math.fsum(duration for attempt in finished for duration in attempt.durations)
    best = max((a.best for a in finished if a.best is not None), default=None)
    if best is not None and best >= _pass_mark(item) - _SCORE_EPSILON:
        return Cell(ItemStatus.DONE, seconds=seconds, score=best, attempts=len(finished))
    if finished:
        if best is not None and best < HELP_ASSESSMENT_BELOW - _SCORE_EPSILON:
            shown = percent(best)
            return Cell(
                ItemStatus.NEEDS_HELP, seconds=seconds, score=best, attempts=len(finished),
                reason=f"Meilleur score à l'évaluation : {shown} %",
            )  # fmt: skip
        return Cell(ItemStatus.IN_PROGRESS, seconds=seconds, score=best, attempts=len(finished))
    if attempts:  # answered questions of an unfinished attempt (only when no seed is asked)
        return _IN_PROGRESS
    return _NOT_STARTED


def _scenario_cell(item: PlanItem, facts: list[_Fact]) -> Cell:
    durations: list[float] = []
    best: float | None = None
    passes = failures = 0
    opened = False
    for fact in facts:
        if fact.verb == _ATTEMPTED:
            opened = True
            continue
        if fact.verb not in (_PASSED, _FAILED):
            continue
        if fact.verb == _PASSED:
            passes += 1
        else:
            failures += 1
        durations.append(fact.seconds)
        scaled = fact.scaled
        if scaled is not None:
            best = scaled if best is None else max(best, scaled)
    verdicts = passes + failures
    seconds = math.fsum(durations)
    if passes:
        return Cell(ItemStatus.DONE, seconds=seconds, score=best, attempts=verdicts)
    if failures >= HELP_SCENARIO_FAILURES:
        return Cell(
            ItemStatus.NEEDS_HELP, seconds=seconds, score=best, attempts=verdicts,
            reason=f"{failures} essais échoués sur ce scénario",
        )  # fmt: skip
    if verdicts or opened:
        return Cell(ItemStatus.IN_PROGRESS, seconds=seconds, score=best, attempts=verdicts)
    return _NOT_STARTED


def _practice_cell(item: PlanItem, facts: list[_Fact]) -> Cell:
    if any(fact.verb == _EXPERIENCED for fact in facts):
        return _DONE
    return _NOT_STARTED


def _activity_cell(item: PlanItem, facts: list[_Fact]) -> Cell:
    # Completion of an ENT activity is only known from its step statement (checked by caller).
    return _NOT_STARTED


_CELL_RULES: dict[StepKind, Callable[[PlanItem, list[_Fact]], Cell]] = {
    StepKind.TUTORIAL: _tutorial_cell,
    StepKind.QUIZ_THEME: _quiz_theme_cell,
    StepKind.SCENARIO: _scenario_cell,
    StepKind.PRACTICE: _practice_cell,
    StepKind.ACTIVITY: _activity_cell,
}


def _object_iri(item: PlanItem) -> str | None:
    """The activity whose statements tell an item's progress (the step's own aside)."""
    reference = item.reference or ""
    match item.kind:
        case StepKind.TUTORIAL:
            return xapi.tutorial_iri(reference)
        case StepKind.QUIZ_THEME:
            return xapi.quiz_iri(QuizMode.TRAINING.value, reference)
        case StepKind.QUIZ_ASSESSMENT:
            return _ASSESSMENT_IRI
        case StepKind.SCENARIO:
            return xapi.scenario_iri(reference)
        case StepKind.PRACTICE:
            return xapi.practice_iri(reference)
    return None


@dataclass(frozen=True, slots=True)
class _Target:
    """A plan item with its IRIs, computed once per dashboard rather than once per cell."""

    item: PlanItem
    object_iri: str | None
    step_iri: str


def _targets(plan: SeancePlan) -> tuple[_Target, ...]:
    return tuple(
        _Target(item, _object_iri(item), xapi.pathway_step_iri(plan.pathway_id, item.id))
        for item in plan.items
    )


def _with_time_rule(item: PlanItem, cell: Cell, started: Callable[[], dt.datetime | None], index: _Index) -> Cell:
    """An item still in progress after far longer than planned: someone may be stuck.

    The time in progress is the longer of the time recorded on the item (quiz and scenario
    tries) and the time from the item's first statement to the participant's latest one on
    the plan: a tutorial opened at 9:05 and still not read at their last action, at 9:50,
    has been in progress for 45 minutes, though a tutorial records no time until it is read.
    Only statements count, never the time of import, so a file imported late changes nothing.
    """
    if cell.status is not ItemStatus.IN_PROGRESS or item.minutes <= 0:
        return cell
    planned = item.minutes * 60
    limit = HELP_TIME_FACTOR * planned
    in_progress = cell.seconds
    if in_progress <= limit:
        first = started()
        if first is not None and first != _EPOCH:
            in_progress = max(in_progress, (index.last_activity() - first).total_seconds())
    if in_progress <= limit:
        return cell
    reason = (
        f"En cours depuis {format_minutes(in_progress)} pour {format_minutes(planned)} prévues"
    )
    return Cell(
        ItemStatus.NEEDS_HELP, seconds=cell.seconds, score=cell.score,
        attempts=cell.attempts, reason=reason,
    )  # fmt: skip


def _first_moment(facts: Iterable[_Fact]) -> dt.datetime | None:
    return min((fact.at for fact in facts), default=None)


def _cell(target: _Target, index: _Index, assessment: list[_Attempt] | None) -> Cell:
    item = target.item
    if item.kind is StepKind.QUIZ_ASSESSMENT:
        cell = _assessment_cell(item, assessment or [])
    elif item.kind in _CELL_RULES and target.object_iri is not None:
        cell = _CELL_RULES[item.kind](item, index.facts(target.object_iri))
    else:  # a kind plans do not hold (self-assessment): only its step statement tells
        cell = _NOT_STARTED
    step_facts = index.by_object.get(target.step_iri)
    step_done = step_facts is not None and any(fact.verb == _COMPLETED for fact in step_facts)
    if step_done and cell.status is not ItemStatus.DONE:
        return Cell(ItemStatus.DONE, seconds=cell.seconds, score=cell.score, attempts=cell.attempts)

    def started() -> dt.datetime | None:
        if item.kind is StepKind.QUIZ_ASSESSMENT:
            moments = [a.started for a in assessment or () if a.started is not None]
            return min(moments, default=None)
        facts = [*index.facts(target.object_iri or ""), *(step_facts or ())]
        return _first_moment(facts)

    return _with_time_rule(item, cell, started, index)


# --- the whole dashboard ------------------------------------------------------------------


def seance_assessment(plan: SeancePlan) -> PlanItem | None:
    """The plan's quiz assessment (the first, should a plan hold two)."""
    return next((item for item in plan.items if item.kind is StepKind.QUIZ_ASSESSMENT), None)


@dataclass(slots=True)
class _MissedTally:
    question: str
    answered: int = 0
    correct: int = 0


def _tally_missed(
    tallies: dict[str, _MissedTally], attempts: list[_Attempt], titles: Mapping[str, str]
) -> None:
    """Count the first answers of the participant's earliest attempt, once per question."""
    if not attempts:
        return
    earliest = min(attempts, key=lambda a: (a.started or _EPOCH, a.registration))
    seen: set[str] = set()
    for fact in _first_tries(earliest):
        item_id = _question_item_id(fact)
        if not item_id or item_id in seen:
            continue
        seen.add(item_id)
        tally = tallies.setdefault(item_id, _MissedTally(_question_title(fact, item_id, titles)))
        tally.answered += 1
        if fact.result.get("success") is True:
            tally.correct += 1


def _missed(tallies: Mapping[str, _MissedTally]) -> tuple[MissedItem, ...]:
    items = [
        MissedItem(item_id=item_id, question=t.question, answered=t.answered, correct=t.correct)
        for item_id, t in tallies.items()
    ]
    # By the percent shown on screen; among equals, the question most people met comes first.
    items.sort(key=lambda m: (m.percent_correct, -m.answered, m.item_id))
    return tuple(items)


def score_bin(scaled: float) -> int:
    """[0, 10 %) → 0 … [90 %, 100 %] → 9."""
    tenths = math.floor(round(min(1.0, max(0.0, scaled)) * 100, 6) / 10)
    return min(tenths, SCORE_BINS - 1)


def compute_dashboard(
    plan: SeancePlan,
    participants: Sequence[ParticipantStatements],
    *,
    now: dt.datetime,
    question_titles: Mapping[str, str] | None = None,
) -> Dashboard:
    """Every cell, completion per item, most-missed questions and the score distribution."""
    titles = question_titles or {}
    targets = _targets(plan)
    relevant = frozenset(
        iri for target in targets for iri in (target.object_iri, target.step_iri) if iri
    )
    assessment_item = seance_assessment(plan)
    rows: list[ParticipantRow] = []
    completion = dict.fromkeys((item.id for item in plan.items), 0)
    tallies: dict[str, _MissedTally] = {}
    bins = [0] * SCORE_BINS
    for entry in participants:
        index = _index(entry.statements or (), relevant)
        attempts = _assessment_attempts(index, assessment_item.seed) if assessment_item else None
        cells = {target.item.id: _cell(target, index, attempts) for target in targets}
        for item_id, cell in cells.items():
            if cell.status is ItemStatus.DONE:
                completion[item_id] += 1
        answers: tuple[AnswerReview, ...] = ()
        if assessment_item is not None and attempts is not None:
            answers = _answer_reviews(attempts, titles)
            _tally_missed(tallies, attempts, titles)
            score = cells[assessment_item.id].score
            if score is not None:
                bins[score_bin(score)] += 1
        rows.append(
            ParticipantRow(
                participant=entry.participant,
                cells=cells,
                total_seconds=math.fsum(cell.seconds for cell in cells.values()),
                done_count=sum(1 for cell in cells.values() if cell.status is ItemStatus.DONE),
                needs_help=any(cell.status is ItemStatus.NEEDS_HELP for cell in cells.values()),
                answers=answers,
            )
        )
    return Dashboard(
        plan=plan,
        rows=tuple(rows),
        completion=completion,
        missed=_missed(tallies),
        score_bins=tuple(bins),
        generated_at=now,
    )
