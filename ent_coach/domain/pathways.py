"""Guided pathways (*parcours*): an ordered route through tutorials, quiz training, the
assessment, sandbox scenarios, self-assessment, good practices and tasks in the real ENT.

Everything here is pure: a pathway's progress is computed from ``ProgressFacts`` (what the
profile has done, as read from recorded events by a service) and ``InstalledContent`` (which
referenced content still exists). Nothing is stored about a step's state: it is always derived,
so progress survives content updates and can be rebuilt from the statements.

Completion rules, one per step kind:

- ``tutoriel``: the tutorial is completed; *en cours* once opened.
- ``quiz-theme``: a training on the theme was passed (the quiz's own pass mark, 80 %); a step
  may ask for a higher ``pass_mark``, reached by the best score of a passed training. *En cours*
  once a training on the theme was finished without reaching it.
- ``quiz-evaluation``: the best score of the 20-question assessment reaches the step's pass
  mark (80 % by default); *en cours* after an attempt below it.
- ``scenario``: the sandbox scenario is passed; *en cours* once attempted.
- ``auto-evaluation``: a self-assessment was saved *since the pathway was started* (so that a
  pathway opening with a positioning really starts from today's picture). The n-th
  self-assessment step of a pathway needs n self-assessments since the start, which lets a
  pathway open and close with one. A pathway never started counts every self-assessment.
- ``pratique``: the good practice was opened.
- ``activite``: every checklist item is ticked; *en cours* once one is.

A step whose reference is no longer installed is *indisponible*: it neither blocks the steps
after it nor counts in percentages, and every other step keeps its progress.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ent_coach.domain.quiz.marks import PASS_MARK
from ent_coach.domain.taxonomy import Role
from ent_coach.domain.tutorials import Source

# Pathways are meant to fit in a few sittings: between one and four hours in all.
MIN_PATHWAY_MINUTES = 60
MAX_PATHWAY_MINUTES = 240
CHECKLIST_MIN_ITEMS = 2
CHECKLIST_MAX_ITEMS = 6
# Scores are stored rounded (xAPI ``scaled`` to four decimals): compare with some slack.
_SCORE_EPSILON = 1e-6


class StepKind(StrEnum):
    TUTORIAL = "tutoriel"
    QUIZ_THEME = "quiz-theme"
    QUIZ_ASSESSMENT = "quiz-evaluation"
    SCENARIO = "scenario"
    SELF_ASSESSMENT = "auto-evaluation"
    PRACTICE = "pratique"
    ACTIVITY = "activite"

    @property
    def label(self) -> str:
        return STEP_KIND_LABELS[self]

    @property
    def needs_reference(self) -> bool:
        return self in KINDS_WITH_REFERENCE


STEP_KIND_LABELS: dict[StepKind, str] = {
    StepKind.TUTORIAL: "Tutoriel",
    StepKind.QUIZ_THEME: "Entraînement au quiz",
    StepKind.QUIZ_ASSESSMENT: "Évaluation du quiz",
    StepKind.SCENARIO: "Scénario du bac à sable",
    StepKind.SELF_ASSESSMENT: "Auto-évaluation",
    StepKind.PRACTICE: "Bonne pratique",
    StepKind.ACTIVITY: "Activité dans votre ENT",
}

# What ``reference`` names for each kind; the other kinds have none.
KINDS_WITH_REFERENCE: dict[StepKind, str] = {
    StepKind.TUTORIAL: "tutoriel",
    StepKind.QUIZ_THEME: "thème de quiz",
    StepKind.SCENARIO: "scénario",
    StepKind.PRACTICE: "bonne pratique",
}
QUIZ_KINDS = frozenset({StepKind.QUIZ_THEME, StepKind.QUIZ_ASSESSMENT})


class PathwayOrder(StrEnum):
    SEQUENTIAL = "sequentielle"
    FREE = "libre"

    @property
    def label(self) -> str:
        return ORDER_LABELS[self]


ORDER_LABELS: dict[PathwayOrder, str] = {
    PathwayOrder.SEQUENTIAL: "Étapes dans l'ordre",
    PathwayOrder.FREE: "Étapes dans l'ordre de votre choix",
}


class StepState(StrEnum):
    TODO = "a-faire"
    IN_PROGRESS = "en-cours"
    DONE = "termine"
    LOCKED = "verrouille"
    UNAVAILABLE = "indisponible"

    @property
    def label(self) -> str:
        return STEP_STATE_LABELS[self]


STEP_STATE_LABELS: dict[StepState, str] = {
    StepState.TODO: "À faire",
    StepState.IN_PROGRESS: "En cours",
    StepState.DONE: "Terminé",
    StepState.LOCKED: "Verrouillé",
    StepState.UNAVAILABLE: "Indisponible",
}


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One observable result of a real-ENT activity; ``id`` is stable across content updates
    so that ticks survive a reworded text."""

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class PathwayStep:
    id: str
    kind: StepKind
    title: str
    minutes: int
    reference: str | None = None
    pass_mark: float | None = None  # fraction (0.8 = 80 %), quiz kinds only
    instructions: str | None = None
    checklist: tuple[ChecklistItem, ...] = ()
    # Quiz assessment of a séance plan: the tutor's seed, so the whole group gets the same
    # questions in the same order. Bundled pathways leave it unset (a fresh draw each time).
    seed: int | None = None

    @property
    def effective_pass_mark(self) -> float:
        """The mark a quiz step asks for: its own, or the quiz's pass mark."""
        return self.pass_mark if self.pass_mark is not None else PASS_MARK


@dataclass(frozen=True, slots=True)
class Pathway:
    id: str
    title: str
    roles: tuple[Role, ...]
    goal: str
    duration_minutes: int
    order: PathwayOrder
    steps: tuple[PathwayStep, ...]
    recommended_for: tuple[Role, ...] = ()
    sources: tuple[Source, ...] = ()

    def step(self, step_id: str) -> PathwayStep | None:
        return next((step for step in self.steps if step.id == step_id), None)

    @property
    def kinds(self) -> frozenset[StepKind]:
        return frozenset(step.kind for step in self.steps)

    @property
    def steps_minutes(self) -> int:
        return sum(step.minutes for step in self.steps)


@dataclass(frozen=True, slots=True)
class InstalledContent:
    """Ids of the content a step may reference; ``None`` means « not known, assume present »."""

    tutorials: frozenset[str] | None = None
    quiz_themes: frozenset[str] | None = None
    scenarios: frozenset[str] | None = None
    practices: frozenset[str] | None = None

    def ids_for(self, kind: StepKind) -> frozenset[str] | None:
        return {
            StepKind.TUTORIAL: self.tutorials,
            StepKind.QUIZ_THEME: self.quiz_themes,
            StepKind.SCENARIO: self.scenarios,
            StepKind.PRACTICE: self.practices,
        }.get(kind)

    def has(self, step: PathwayStep) -> bool:
        if not step.kind.needs_reference:
            return True
        ids = self.ids_for(step.kind)
        return ids is None or step.reference in ids


@dataclass(frozen=True, slots=True)
class ProgressFacts:
    """What one profile has done, as read from its recorded events.

    ``passed_trainings`` maps a quiz theme to the best scaled score (0–1) among the *passed*
    trainings on it; ``attempted_trainings`` lists the themes with any finished training.
    ``best_assessment_score`` is the best scaled score of a finished assessment.
    ``ticked_items`` maps (pathway id, step id) to the checklist item ids ticked.
    ``started_at`` maps a pathway id to when the profile started following it.
    """

    completed_tutorials: frozenset[str] = frozenset()
    opened_tutorials: frozenset[str] = frozenset()
    passed_trainings: Mapping[str, float] = field(default_factory=dict)
    attempted_trainings: frozenset[str] = frozenset()
    best_assessment_score: float | None = None
    passed_scenarios: frozenset[str] = frozenset()
    attempted_scenarios: frozenset[str] = frozenset()
    self_assessment_dates: tuple[dt.datetime, ...] = ()
    practices_read: frozenset[str] = frozenset()
    ticked_items: Mapping[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    started_at: Mapping[str, dt.datetime] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StepProgress:
    step: PathwayStep
    state: StepState
    score: float | None = None  # best scaled score, quiz steps only
    ticked: frozenset[str] = frozenset()  # checklist item ids ticked, activities only

    @property
    def done(self) -> bool:
        return self.state is StepState.DONE

    @property
    def available(self) -> bool:
        return self.state is not StepState.UNAVAILABLE


@dataclass(frozen=True, slots=True)
class PathwayProgress:
    pathway: Pathway
    steps: tuple[StepProgress, ...]
    next_step: StepProgress | None  # what « Continuer » opens; None when nothing is left
    done_count: int
    available_count: int
    percent_steps: int
    percent_minutes: int
    minutes_remaining: int

    @property
    def completed(self) -> bool:
        """Every step still installed is done (and there is at least one)."""
        return self.available_count > 0 and self.done_count == self.available_count

    @property
    def unavailable_count(self) -> int:
        return len(self.steps) - self.available_count

    def of(self, step_id: str) -> StepProgress | None:
        return next((p for p in self.steps if p.step.id == step_id), None)


def _reaches(score: float | None, mark: float) -> bool:
    return score is not None and score + _SCORE_EPSILON >= mark


def _own_state(
    step: PathwayStep, facts: ProgressFacts, *, pathway_id: str, self_assessments_needed: int
) -> StepProgress:
    """A step's state from the facts alone, before sequential locking."""
    reference = step.reference or ""
    match step.kind:
        case StepKind.TUTORIAL:
            if reference in facts.completed_tutorials:
                return StepProgress(step, StepState.DONE)
            opened = reference in facts.opened_tutorials
            return StepProgress(step, StepState.IN_PROGRESS if opened else StepState.TODO)
        case StepKind.QUIZ_THEME:
            best = facts.passed_trainings.get(reference)
            if _reaches(best, step.effective_pass_mark):
                return StepProgress(step, StepState.DONE, score=best)
            tried = best is not None or reference in facts.attempted_trainings
            state = StepState.IN_PROGRESS if tried else StepState.TODO
            return StepProgress(step, state, score=best)
        case StepKind.QUIZ_ASSESSMENT:
            best = facts.best_assessment_score
            if _reaches(best, step.effective_pass_mark):
                return StepProgress(step, StepState.DONE, score=best)
            state = StepState.IN_PROGRESS if best is not None else StepState.TODO
            return StepProgress(step, state, score=best)
        case StepKind.SCENARIO:
            if reference in facts.passed_scenarios:
                return StepProgress(step, StepState.DONE)
            tried = reference in facts.attempted_scenarios
            return StepProgress(step, StepState.IN_PROGRESS if tried else StepState.TODO)
        case StepKind.SELF_ASSESSMENT:
            started = facts.started_at.get(pathway_id)
            saved = [d for d in facts.self_assessment_dates if started is None or d >= started]
            done = len(saved) >= self_assessments_needed
            return StepProgress(step, StepState.DONE if done else StepState.TODO)
        case StepKind.PRACTICE:
            done = reference in facts.practices_read
            return StepProgress(step, StepState.DONE if done else StepState.TODO)
        case StepKind.ACTIVITY:
            wanted = {item.id for item in step.checklist}
            ticked = frozenset(facts.ticked_items.get((pathway_id, step.id), frozenset()) & wanted)
            if wanted and ticked == wanted:
                return StepProgress(step, StepState.DONE, ticked=ticked)
            state = StepState.IN_PROGRESS if ticked else StepState.TODO
            return StepProgress(step, state, ticked=ticked)
    raise AssertionError(step.kind)  # pragma: no cover - every kind is matched above


def pathway_progress(
    pathway: Pathway, facts: ProgressFacts, installed: InstalledContent | None = None
) -> PathwayProgress:
    """Each step's state, the next step, percentages and the time left.

    In sequential order, every step after the first one not done is locked — except steps
    already done, which always show as done. Unavailable steps are skipped for locking,
    percentages and time.
    """
    installed = installed if installed is not None else InstalledContent()
    states: list[StepProgress] = []
    self_assessments = 0
    blocked = False
    for step in pathway.steps:
        if not installed.has(step):
            states.append(StepProgress(step, StepState.UNAVAILABLE))
            continue
        if step.kind is StepKind.SELF_ASSESSMENT:
            self_assessments += 1
        progress = _own_state(
            step, facts, pathway_id=pathway.id, self_assessments_needed=self_assessments
        )
        if not progress.done:
            if blocked:
                progress = StepProgress(
                    step, StepState.LOCKED, score=progress.score, ticked=progress.ticked
                )
            blocked = pathway.order is PathwayOrder.SEQUENTIAL
        states.append(progress)
    available = [p for p in states if p.available]
    done = [p for p in available if p.done]
    total_minutes = sum(p.step.minutes for p in available)
    done_minutes = sum(p.step.minutes for p in done)
    return PathwayProgress(
        pathway=pathway,
        steps=tuple(states),
        next_step=next(
            (p for p in available if p.state in (StepState.TODO, StepState.IN_PROGRESS)), None
        ),
        done_count=len(done),
        available_count=len(available),
        # Rounded down: 100 % only when everything is really done.
        percent_steps=len(done) * 100 // len(available) if available else 0,
        percent_minutes=done_minutes * 100 // total_minutes if total_minutes else 0,
        minutes_remaining=_minutes_left(pathway, total_minutes, done_minutes),
    )


def _minutes_left(pathway: Pathway, total_minutes: int, done_minutes: int) -> int:
    """Time left on the pathway's own announced duration (« environ 2 h 15 »), in proportion
    to the steps' minutes left: the sum of the steps' minutes may differ from it by a few
    minutes, and « environ 2 h 13 restantes » at 0 % under « environ 2 h 15 » looked wrong."""
    if total_minutes <= 0:
        return 0
    announced = pathway.duration_minutes or pathway.steps_minutes
    return round(announced * (total_minutes - done_minutes) / total_minutes)


def pathways_for_role(pathways: Iterable[Pathway], role: Role) -> list[Pathway]:
    """The pathways written for ``role``, the recommended one first, then in the given order."""
    chosen = [pathway for pathway in pathways if role in pathway.roles]
    return sorted(chosen, key=lambda pathway: role not in pathway.recommended_for)


def recommended_pathway(pathways: Iterable[Pathway], role: Role) -> Pathway | None:
    """The pathway recommended for ``role``: the one whose ``recommended_for`` names it, else
    the first written for that role; ``None`` only when no pathway is written for it."""
    chosen = pathways_for_role(pathways, role)
    return chosen[0] if chosen else None
