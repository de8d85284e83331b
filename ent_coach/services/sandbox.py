"""Sandbox use cases: open a scenario or a free-mode template where the learner left it, save
each action, give hints and the solution, verify, and record the statements.

A workspace is saved as the learner's steps, replayed on the content's initial state when it
is reopened. A step that no longer applies after a content update (an object renamed or
removed) is caught: the workspace restarts from the initial state with a message, never a
crash and never a half-replayed state.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from ent_coach.content.scenario_steps import StepError, command_to_step, step_to_command
from ent_coach.domain import statements as xapi
from ent_coach.domain.profiles import Profile
from ent_coach.domain.sandbox.checks import Finding, run_checks
from ent_coach.domain.sandbox.commands import Command, CommandError
from ent_coach.domain.sandbox.goals import Goal
from ent_coach.domain.sandbox.history import History
from ent_coach.domain.sandbox.model import Workspace
from ent_coach.domain.sandbox.saved import SandboxMode, SavedWorkspace
from ent_coach.domain.sandbox.scenario import Evaluation, Scenario, Template, evaluate
from ent_coach.store.database import Store

SCENARIO_KIND = "scenario"


class SandboxError(ValueError):
    """A request the sandbox cannot honour, with a French message for the learner."""


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


@dataclass(frozen=True)
class SandboxContent:
    scenarios: tuple[Scenario, ...]
    templates: tuple[Template, ...]


@dataclass
class SandboxSession:
    """One sitting on a scenario or a template: the undoable history and the help used."""

    mode: SandboxMode
    ref_id: str
    title: str
    text: str  # the brief of a scenario, the description of a template
    history: History
    risk_checks: tuple[str, ...]
    tutorials: tuple[str, ...]
    goals: tuple[Goal, ...] = ()
    hints: tuple[str, ...] = ()
    solution: tuple[Command, ...] = ()
    recommended_actions: int = 0
    hints_shown: int = 0
    solution_seen: bool = False
    attempt: int = 1
    passed: bool = False
    registration: str = field(default_factory=lambda: str(uuid.uuid4()))
    restore_notice: str | None = None
    started: float = field(default_factory=time.monotonic)

    @property
    def is_scenario(self) -> bool:
        return self.mode is SandboxMode.SCENARIO

    def findings(self) -> tuple[Finding, ...]:
        return run_checks(self.history.current, self.risk_checks)

    def evaluation(self) -> Evaluation:
        return evaluate(self.history.current, goals=self.goals, risk_checks=self.risk_checks)

    def saved(self, now: dt.datetime) -> SavedWorkspace:
        return SavedWorkspace(
            mode=self.mode,
            ref_id=self.ref_id,
            steps=tuple(command_to_step(command) for command in self.history.commands),
            hints_shown=self.hints_shown,
            solution_seen=self.solution_seen,
            attempt=self.attempt,
            passed=self.passed,
            updated_at=now,
        )


@dataclass(frozen=True, slots=True)
class Verification:
    evaluation: Evaluation
    actions: int
    recommended_actions: int

    @property
    def passed(self) -> bool:
        return self.evaluation.passed


def failed_checks(evaluation: Evaluation) -> list[str]:
    """Goals not met (``objectif-N``, numbered from 1) then the risks left, for statements."""
    goals = [f"objectif-{i}" for i, result in enumerate(evaluation.goals, 1) if not result.met]
    risks = sorted({finding.check_id for finding in evaluation.findings})
    return goals + risks


def _writes():
    from ent_coach.store import profiles, progress, sandbox

    return profiles, progress, sandbox


class SandboxService:
    def __init__(self, store: Store, load_content: Callable[[], SandboxContent]) -> None:
        self._store = store
        self._load_content = load_content
        self._content: SandboxContent | None = None
        self._lock = threading.Lock()

    # --- content -----------------------------------------------------------------------

    @property
    def content(self) -> SandboxContent:
        with self._lock:
            if self._content is None:
                self._content = self._load_content()
            return self._content

    def scenario(self, scenario_id: str) -> Scenario:
        for scenario in self.content.scenarios:
            if scenario.id == scenario_id:
                return scenario
        raise SandboxError(f"Scénario introuvable : « {scenario_id} ».")

    def template(self, template_id: str) -> Template:
        for template in self.content.templates:
            if template.id == template_id:
                return template
        raise SandboxError(f"Modèle introuvable : « {template_id} ».")

    # --- progress ----------------------------------------------------------------------

    def saved_workspaces(self, profile: Profile) -> dict[tuple[SandboxMode, str], SavedWorkspace]:
        _, _, sandbox = _writes()
        with self._store.session() as session:
            rows = sandbox.all_saved(session, profile_id=profile.id)
        return {(saved.mode, saved.ref_id): saved for saved in rows}

    # --- opening -----------------------------------------------------------------------

    def open_scenario(self, profile: Profile, scenario_id: str) -> SandboxSession:
        """The scenario where the learner left it; a new sitting (attempt) is recorded."""
        scenario = self.scenario(scenario_id)
        sitting = SandboxSession(
            mode=SandboxMode.SCENARIO,
            ref_id=scenario.id,
            title=scenario.title,
            text=scenario.brief,
            history=History(scenario.initial),
            risk_checks=scenario.risk_checks,
            tutorials=scenario.tutorials,
            goals=scenario.goals,
            hints=scenario.hints,
            solution=scenario.solution,
            recommended_actions=scenario.recommended_actions,
        )
        return self._open(profile, sitting)

    def open_template(self, profile: Profile, template_id: str) -> SandboxSession:
        template = self.template(template_id)
        sitting = SandboxSession(
            mode=SandboxMode.LIBRE,
            ref_id=template.id,
            title=template.title,
            text=template.description,
            history=History(template.initial),
            risk_checks=template.risk_checks,
            tutorials=template.tutorials,
        )
        return self._open(profile, sitting)

    def _open(self, profile: Profile, sitting: SandboxSession) -> SandboxSession:
        profiles, progress, sandbox = _writes()
        now = _now()
        with self._store.session() as session:
            saved = sandbox.load(
                session, profile_id=profile.id, mode=sitting.mode, ref_id=sitting.ref_id
            )
            if saved is not None:
                sitting.hints_shown = min(saved.hints_shown, len(sitting.hints))
                sitting.solution_seen = saved.solution_seen
                sitting.passed = saved.passed
                sitting.attempt = saved.attempt + 1
                sitting.restore_notice = _replay(sitting, saved)
            if sitting.is_scenario:
                statement = xapi.scenario_attempted_statement(
                    actor_=xapi.actor(
                        install_id=profiles.install_id(session), pseudonym=profile.pseudonym
                    ),
                    registration=sitting.registration,
                    scenario_id=sitting.ref_id,
                    title=sitting.title,
                    attempt=sitting.attempt,
                    timestamp=now,
                )
                progress.record_activity(
                    session, profile_id=profile.id, activity_id=xapi.scenario_iri(sitting.ref_id),
                    kind=SCENARIO_KIND, now=now, statement=statement, new_attempt=True,
                )  # fmt: skip
            sandbox.save(session, profile_id=profile.id, saved=sitting.saved(now))
        return sitting

    # --- working -----------------------------------------------------------------------

    def save(self, profile: Profile, sitting: SandboxSession) -> None:
        """Write the current steps and help used (after every action, undo, redo, reset)."""
        _, _, sandbox = _writes()
        with self._store.session() as session:
            sandbox.save(session, profile_id=profile.id, saved=sitting.saved(_now()))

    def next_hint(self, profile: Profile, sitting: SandboxSession) -> str:
        """Reveal the next hint (they are progressive) and remember how many were shown."""
        if not sitting.hints:
            raise SandboxError("Ce travail n'a pas d'indice.")
        if sitting.hints_shown < len(sitting.hints):
            sitting.hints_shown += 1
            self.save(profile, sitting)
        return sitting.hints[sitting.hints_shown - 1]

    def reveal_solution(self, profile: Profile, sitting: SandboxSession) -> list[str]:
        """The reference solution as French sentences; recorded as seen."""
        if not sitting.solution:
            raise SandboxError("Ce travail n'a pas de solution de référence.")
        sitting.solution_seen = True
        self.save(profile, sitting)
        return describe_steps(sitting.history.initial, sitting.solution)

    def verify(self, profile: Profile, sitting: SandboxSession) -> Verification:
        """Evaluate goals and risks on the current workspace and record passed / failed."""
        if not sitting.is_scenario:
            raise SandboxError("Le mode libre n'a pas d'objectifs à vérifier.")
        profiles, progress, sandbox = _writes()
        evaluation = sitting.evaluation()
        now = _now()
        met = sum(result.met for result in evaluation.goals)
        with self._store.session() as session:
            statement = xapi.scenario_verdict_statement(
                actor_=xapi.actor(
                    install_id=profiles.install_id(session), pseudonym=profile.pseudonym
                ),
                registration=sitting.registration,
                scenario_id=sitting.ref_id,
                title=sitting.title,
                attempt=sitting.attempt,
                goals_met=met,
                goals_total=len(evaluation.goals),
                checks_failed=failed_checks(evaluation),
                actions=sitting.history.action_count,
                hints_shown=sitting.hints_shown,
                solution_seen=sitting.solution_seen,
                duration_seconds=time.monotonic() - sitting.started,
                timestamp=now,
            )
            progress.record_activity(
                session, profile_id=profile.id, activity_id=xapi.scenario_iri(sitting.ref_id),
                kind=SCENARIO_KIND, now=now, statement=statement, completed=evaluation.passed,
            )  # fmt: skip
            if evaluation.passed:
                sitting.passed = True
            sandbox.save(session, profile_id=profile.id, saved=sitting.saved(now))
        return Verification(evaluation, sitting.history.action_count, sitting.recommended_actions)


def describe_steps(initial: Workspace, commands: tuple[Command, ...]) -> list[str]:
    """Each command as « Partager … », described on the workspace it applies to."""
    lines: list[str] = []
    ws = initial
    for command in commands:
        text = command.describe(ws)
        lines.append(text[:1].upper() + text[1:])
        ws = command.apply(ws)
    return lines


def _replay(sitting: SandboxSession, saved: SavedWorkspace) -> str | None:
    """Replay the saved steps; on the first one that fails, start again from the initial
    state and say why (the content changed since the work was saved)."""
    if saved.steps is None:
        return (
            "Votre travail enregistré sur ce "
            f"{'scénario' if sitting.is_scenario else 'modèle'} était illisible : "
            "il repart de son état initial."
        )
    for number, step in enumerate(saved.steps, 1):
        try:
            sitting.history.execute(step_to_command(step))
        except (StepError, CommandError) as exc:
            sitting.history.reset()
            what = "scénario" if sitting.is_scenario else "modèle"
            return (
                f"Ce {what} a changé depuis votre dernière séance : votre étape {number} ne "
                f"s'applique plus ({exc}). Le travail repart de l'état initial ; vos indices "
                "et votre réussite éventuelle sont conservés."
            )
    return None
