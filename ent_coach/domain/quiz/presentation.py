"""The order in which options are shown, reproducible from a seed.

An attempt stores one seed; each item's option order derives from it and the item id. A past
attempt can then be reviewed with the options exactly as they were shown, and a tutor who fixes
the seed gives a whole group the same questions in the same order.
"""

from __future__ import annotations

import hashlib
import random

from ent_coach.domain.quiz.model import QuizItem


def derived_seed(seed: int, *parts: str) -> int:
    """A stable seed for a sub-draw (Python's ``hash`` changes between runs, this does not)."""
    digest = hashlib.sha256("|".join((str(seed), *parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def presented_order(item: QuizItem, seed: int) -> tuple[str, ...]:
    """Option keys in display order. Items marked ``shuffle: false`` keep the file order
    (natural orders such as durations), except ordering items, which are always shuffled."""
    keys = list(item.keys)
    if not item.shuffle and not item.is_ordering:
        return tuple(keys)
    rng = random.Random(derived_seed(seed, item.id))
    rng.shuffle(keys)
    if item.is_ordering and len(keys) > 1 and tuple(keys) == item.keys:
        # Shown already in the right order, the exercise would be empty: rotate by one.
        keys = keys[1:] + keys[:1]
    return tuple(keys)


# The largest seed a person may type or a plan file may carry.
MAX_SEED = 999_999_999


def new_seed() -> int:
    """A fresh seed for an attempt, small enough to be read out to a group (six digits)."""
    return random.SystemRandom().randrange(100_000, 1_000_000)
