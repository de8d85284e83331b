"""The sandbox engine: a small, faithful simulation of an ODE/Edifice ENT's rights model.

Pure Python (stdlib only). ``model`` holds the immutable workspace, ``rights`` the share levels
and their implications, ``access`` the effective-rights question and « Voir comme… »,
``communication`` the messaging rules, ``commands`` and ``history`` the undoable user actions,
``goals`` and ``checks`` what a scenario verifies, ``scenario`` the verdict.
"""

from __future__ import annotations

from ent_coach.domain.sandbox.access import (
    Grant,
    GrantKind,
    SeenItem,
    Verdict,
    actions_of,
    explain,
    grants_on,
    see_as,
)
from ent_coach.domain.sandbox.apps import APPS, AppKind, AppSpec
from ent_coach.domain.sandbox.checks import RISK_CHECKS, Finding, RiskCheck, RiskSource, run_checks
from ent_coach.domain.sandbox.commands import COMMAND_TYPES, Command, CommandError
from ent_coach.domain.sandbox.communication import can_message, default_rules
from ent_coach.domain.sandbox.goals import Can, CanMessage, Goal, GoalResult, SettingIs
from ent_coach.domain.sandbox.history import History
from ent_coach.domain.sandbox.model import (
    INTERNET,
    Attributes,
    Comments,
    Group,
    GroupKind,
    ImageAuthorisation,
    Item,
    ItemKind,
    Profile,
    Publication,
    School,
    Share,
    User,
    Visibility,
    Workspace,
)
from ent_coach.domain.sandbox.rights import Action, Level, close_levels, untick
from ent_coach.domain.sandbox.scenario import Evaluation, Scenario, Template, evaluate, play

__all__ = [
    "APPS",
    "COMMAND_TYPES",
    "INTERNET",
    "RISK_CHECKS",
    "Action",
    "AppKind",
    "AppSpec",
    "Attributes",
    "Can",
    "CanMessage",
    "Command",
    "CommandError",
    "Comments",
    "Evaluation",
    "Finding",
    "Goal",
    "GoalResult",
    "Grant",
    "GrantKind",
    "Group",
    "GroupKind",
    "History",
    "ImageAuthorisation",
    "Item",
    "ItemKind",
    "Level",
    "Profile",
    "Publication",
    "RiskCheck",
    "RiskSource",
    "Scenario",
    "School",
    "SeenItem",
    "SettingIs",
    "Share",
    "Template",
    "User",
    "Verdict",
    "Visibility",
    "Workspace",
    "actions_of",
    "can_message",
    "close_levels",
    "default_rules",
    "evaluate",
    "explain",
    "grants_on",
    "play",
    "run_checks",
    "see_as",
    "untick",
]
