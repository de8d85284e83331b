"""Scenario goals: predicates on the *resulting* effective rights and settings, never on the
clicks that led there (Flexbox Froggy's outcome check).

``Can(who, action, target, expected)`` reads ``peut(qui, action, objet) == attendu``. With
``expected=True`` every member of a group must be able to; with ``expected=False`` no member
may (« un parent de 4B ne peut pas commenter » must hold for each parent of 4B).
"""

from __future__ import annotations

from dataclasses import dataclass

from ent_coach.domain.sandbox.access import explain
from ent_coach.domain.sandbox.communication import can_message
from ent_coach.domain.sandbox.model import SETTING_LABELS, VALUE_LABELS, Workspace
from ent_coach.domain.sandbox.rights import Action
from ent_coach.domain.sandbox.wording import can, to_whom


@dataclass(frozen=True, slots=True)
class GoalResult:
    met: bool
    label: str
    explanation: str


@dataclass(frozen=True, slots=True)
class Can:
    who: str
    action: Action
    target: str
    expected: bool
    label: str | None = None

    def evaluate(self, ws: Workspace) -> GoalResult:
        if self.target not in ws.items:
            # A deleted object is out of everyone's reach: « nobody may » holds, « they may »
            # does not.
            return _deleted(ws, self.target, self.label or self.describe(ws), met=not self.expected)
        verdict = explain(ws, who=self.who, action=self.action, target=self.target)
        met = verdict.allowed if self.expected else not verdict.some
        return GoalResult(met, self.label or self.describe(ws), verdict.reason)

    def describe(self, ws: Workspace) -> str:
        lead = can(ws, self.who, positive=self.expected)
        return f"{lead} {self.action.phrase} « {ws.item_name(self.target)} »"

    def names(self) -> tuple[str, ...]:
        return (self.who, self.target)


@dataclass(frozen=True, slots=True)
class CanMessage:
    sender: str
    recipient: str
    expected: bool
    label: str | None = None

    def evaluate(self, ws: Workspace) -> GoalResult:
        verdict = can_message(ws, sender=self.sender, recipient=self.recipient)
        met = verdict.allowed if self.expected else not verdict.some
        return GoalResult(met, self.label or self.describe(ws), verdict.reason)

    def describe(self, ws: Workspace) -> str:
        lead = can(ws, self.sender, positive=self.expected)
        return f"{lead} écrire {to_whom(ws, self.recipient)}"

    def names(self) -> tuple[str, ...]:
        return (self.sender, self.recipient)


@dataclass(frozen=True, slots=True)
class SettingIs:
    """A setting of an object: ``visibilite``, ``publication``, ``commentaires``, ``brouillon``."""

    target: str
    setting: str
    value: str
    label: str | None = None

    def evaluate(self, ws: Workspace) -> GoalResult:
        if self.target not in ws.items:
            return _deleted(ws, self.target, self.label or self.describe(ws))
        current = ws.items[self.target].setting(self.setting)
        shown = VALUE_LABELS.get(current, current)
        return GoalResult(
            current == self.value,
            self.label or self.describe(ws),
            f"Actuellement : {SETTING_LABELS[self.setting]} = {shown}.",
        )

    def describe(self, ws: Workspace) -> str:
        value = VALUE_LABELS.get(self.value, self.value)
        return f"« {ws.item_name(self.target)} » : {SETTING_LABELS[self.setting]} = {value}"

    def names(self) -> tuple[str, ...]:
        return (self.target,)


def _deleted(ws: Workspace, target: str, label: str, *, met: bool = False) -> GoalResult:
    """A goal about an object the teacher deleted: checked on the result, never a crash."""
    if met:
        return GoalResult(
            True, label, f"« {ws.item_name(target)} » a été supprimé : plus personne n'y a accès."
        )
    return GoalResult(
        False,
        label,
        f"« {ws.item_name(target)} » n'existe plus : il a été supprimé. "
        "Si c'était une erreur, annulez la suppression (Ctrl+Z).",
    )


Goal = Can | CanMessage | SettingIs
