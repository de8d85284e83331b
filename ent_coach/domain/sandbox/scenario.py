"""A sandbox scenario and its verdict: goals met or not, risks found, against the result only."""

from __future__ import annotations

from dataclasses import dataclass

from ent_coach.domain.sandbox.checks import Finding, run_checks
from ent_coach.domain.sandbox.commands import Command
from ent_coach.domain.sandbox.goals import Goal, GoalResult
from ent_coach.domain.sandbox.model import Workspace


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title: str
    brief: str
    initial: Workspace
    goals: tuple[Goal, ...]
    risk_checks: tuple[str, ...]
    hints: tuple[str, str, str]
    solution: tuple[Command, ...]
    recommended_actions: int
    tutorials: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Template:
    """A free-mode starting point: a workspace to build on, checked live for risks only."""

    id: str
    title: str
    description: str
    initial: Workspace
    risk_checks: tuple[str, ...]
    tutorials: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Evaluation:
    goals: tuple[GoalResult, ...]
    findings: tuple[Finding, ...]

    @property
    def goals_met(self) -> bool:
        return all(result.met for result in self.goals)

    @property
    def passed(self) -> bool:
        """Every goal met and no risk left (a risk blocks success, as a « must-not »)."""
        return self.goals_met and not self.findings


def evaluate(ws: Workspace, *, goals: tuple[Goal, ...], risk_checks: tuple[str, ...]) -> Evaluation:
    return Evaluation(
        goals=tuple(goal.evaluate(ws) for goal in goals),
        findings=run_checks(ws, risk_checks),
    )


def play(initial: Workspace, commands: tuple[Command, ...]) -> Workspace:
    """The workspace after applying commands in order (raises CommandError on a bad one)."""
    ws = initial
    for command in commands:
        ws = command.apply(ws)
    return ws
