"""Undo / redo / reset for the sandbox (Ctrl+Z, Ctrl+Y, « Réinitialiser »).

Workspaces are immutable and share unchanged items, so the history keeps the workspace before
and after each command: undo and redo restore the exact state, never an approximation.
"""

from __future__ import annotations

from dataclasses import dataclass

from ent_coach.domain.sandbox.commands import Command
from ent_coach.domain.sandbox.model import Workspace


@dataclass(frozen=True, slots=True)
class Step:
    command: Command
    label: str
    before: Workspace
    after: Workspace


class History:
    """The current workspace and the undo and redo stacks.

    ``execute`` raises :class:`~ent_coach.domain.sandbox.commands.CommandError` and leaves
    everything unchanged when a command is refused; a command that changes nothing is not
    recorded (it does not count as an action against the recommended number)."""

    def __init__(self, initial: Workspace) -> None:
        self.initial = initial
        self.current = initial
        self._undo: list[Step] = []
        self._redo: list[Step] = []

    def execute(self, command: Command) -> bool:
        """Apply ``command``; ``True`` if the workspace changed."""
        label = command.describe(self.current)
        after = command.apply(self.current)
        if after == self.current:
            return False
        self._undo.append(Step(command, label, self.current, after))
        self._redo.clear()
        self.current = after
        return True

    def undo(self) -> bool:
        if not self._undo:
            return False
        step = self._undo.pop()
        self._redo.append(step)
        self.current = step.before
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        step = self._redo.pop()
        self._undo.append(step)
        self.current = step.after
        return True

    def reset(self) -> None:
        """Back to the initial workspace; nothing left to undo or redo."""
        self.current = self.initial
        self._undo.clear()
        self._redo.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_description(self) -> str | None:
        """What « Annuler » would undo (« partager « Blog » avec … »), or None."""
        return self._undo[-1].label if self._undo else None

    @property
    def redo_description(self) -> str | None:
        """What « Rétablir » would redo, or None."""
        return self._redo[-1].label if self._redo else None

    @property
    def action_count(self) -> int:
        """Actions that currently shape the workspace (undone ones no longer count)."""
        return len(self._undo)

    @property
    def commands(self) -> tuple[Command, ...]:
        """The commands leading from the initial workspace to the current one (for saving)."""
        return tuple(step.command for step in self._undo)
