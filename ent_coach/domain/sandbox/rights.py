"""Share levels, their implications, and the actions a persona may try on an object.

Faithful to ODE/Edifice ``sharing-rights.json`` and the share panel (``sharePanel.ts``): ticking a
level ticks what it requires, unticking a level unticks what depends on it, and adding someone to
a share pre-ticks Read and Comment.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Level(StrEnum):
    """A generic resource right; each application shows it under its own label."""

    LIRE = "lire"
    CONTRIBUER = "contribuer"
    PUBLIER = "publier"
    GERER = "gerer"
    COMMENTER = "commenter"


# Already transitive, so one lookup closes a set (the test suite checks this).
REQUIRES: dict[Level, frozenset[Level]] = {
    Level.LIRE: frozenset(),
    Level.CONTRIBUER: frozenset({Level.LIRE}),
    Level.PUBLIER: frozenset({Level.LIRE, Level.CONTRIBUER}),
    Level.GERER: frozenset({Level.LIRE, Level.CONTRIBUER, Level.PUBLIER}),
    Level.COMMENTER: frozenset({Level.LIRE}),
}

ALL_LEVELS: frozenset[Level] = frozenset(Level)

# Pre-ticked by the share panel when a user or group is added (the ``default`` flags).
PRETICKED: frozenset[Level] = frozenset({Level.LIRE, Level.COMMENTER})


def close_levels(levels: Iterable[Level]) -> frozenset[Level]:
    """The levels plus everything they require (what ticking them ticks)."""
    out: set[Level] = set()
    for level in levels:
        out.add(level)
        out |= REQUIRES[level]
    return frozenset(out)


def untick(levels: Iterable[Level], level: Level) -> frozenset[Level]:
    """Remove ``level`` and every level that requires it (what unticking it unticks)."""
    return frozenset(
        other for other in levels if other is not level and level not in REQUIRES[other]
    )


class Action(StrEnum):
    """What a persona tries to do; the checker answers these, never which boxes are ticked."""

    VOIR = "voir"
    CONTRIBUER = "contribuer"
    PUBLIER_SANS_VALIDATION = "publier-sans-validation"
    COMMENTER = "commenter"
    MODERER = "moderer"
    GERER = "gerer"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]

    @property
    def phrase(self) -> str:
        """The verb with its preposition, before an object: « contribuer à »."""
        return ACTION_PHRASES[self]


ACTION_LABELS: dict[Action, str] = {
    Action.VOIR: "voir",
    Action.CONTRIBUER: "contribuer",
    Action.PUBLIER_SANS_VALIDATION: "publier sans validation",
    Action.COMMENTER: "commenter",
    Action.MODERER: "modérer",
    Action.GERER: "gérer (modifier les réglages, repartager, supprimer)",
}

ACTION_PHRASES: dict[Action, str] = {
    Action.VOIR: "voir",
    Action.CONTRIBUER: "contribuer à",
    Action.PUBLIER_SANS_VALIDATION: "publier sans validation sur",
    Action.COMMENTER: "commenter",
    Action.MODERER: "modérer",
    Action.GERER: "gérer",
}
