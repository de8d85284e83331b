"""Which items an attempt asks, and in which order.

The assessment draw covers every theme and balances difficulty; it is a pure function of the
bank and the seed, so a tutor's seed gives the whole group the same 20 questions in the same
order, on every laptop.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

from ent_coach.domain.quiz.model import QuizItem
from ent_coach.domain.quiz.presentation import derived_seed

ASSESSMENT_SIZE = 20
TRAINING_SIZE = 10


class DrawError(ValueError):
    """The bank cannot provide the requested draw."""


def draw_assessment(
    items: Sequence[QuizItem], seed: int, size: int = ASSESSMENT_SIZE, *, degree: str | None = None
) -> list[QuizItem]:
    """``size`` items, at least one per theme, difficulties as even as the bank allows.

    With a ``degree``, items of that level (or of every level) are preferred wherever the
    bank allows; without one (a group sharing a seed), the draw ignores levels, so the same
    seed gives the same questions in the same order to everyone."""
    pool = sorted(items, key=lambda item: item.id)  # independent of file and load order
    themes = sorted({item.theme for item in pool})
    if len(pool) < size:
        count = f"{len(pool)} question" + ("s" if len(pool) > 1 else "")
        raise DrawError(f"la banque ne compte que {count}, {size} sont demandées")
    if len(themes) > size:
        raise DrawError(f"{len(themes)} thèmes ne tiennent pas dans un tirage de {size} questions")
    rng = random.Random(derived_seed(seed, "evaluation"))
    targets = _difficulty_targets(pool, size)
    chosen: list[QuizItem] = []
    per_difficulty: Counter[int] = Counter()
    per_theme: Counter[str] = Counter()

    def pick(candidates: list[QuizItem]) -> None:
        # Prefer the difficulty furthest below its target, then chance decides.
        def need(item: QuizItem) -> int:
            return per_difficulty[item.difficulty] - targets.get(item.difficulty, 0)

        suited = [item for item in candidates if item.suits(degree)]
        candidates = suited or candidates
        best = min(need(item) for item in candidates)
        choice = rng.choice([item for item in candidates if need(item) == best])
        chosen.append(choice)
        per_difficulty[choice.difficulty] += 1
        per_theme[choice.theme] += 1

    theme_order = themes[:]
    rng.shuffle(theme_order)
    for theme in theme_order:
        pick([item for item in pool if item.theme == theme])
    while len(chosen) < size:
        taken = {item.id for item in chosen}
        remaining = [item for item in pool if item.id not in taken]
        fewest = min(per_theme[item.theme] for item in remaining)
        pick([item for item in remaining if per_theme[item.theme] == fewest])
    rng.shuffle(chosen)
    return chosen


def _difficulty_targets(pool: Sequence[QuizItem], size: int) -> dict[int, int]:
    """An even split of ``size`` over the difficulties present (1, 2, 3 → 7, 7, 6 for 20)."""
    levels = sorted({item.difficulty for item in pool})
    base, extra = divmod(size, len(levels))
    return {level: base + (1 if index < extra else 0) for index, level in enumerate(levels)}


def draw_training(
    items: Sequence[QuizItem],
    theme: str,
    seed: int,
    size: int = TRAINING_SIZE,
    *,
    degree: str | None = None,
    previous: Sequence[str] = (),
) -> list[QuizItem]:
    """Up to ``size`` items of one theme: the learner's level first, easier ones first within
    it so a session builds up, chance deciding among equals. ``previous`` is the order of the
    last round on the theme: a retake never repeats it when another order exists."""
    pool = sorted((item for item in items if item.theme == theme), key=lambda item: item.id)
    if not pool:
        raise DrawError(f"aucune question pour le thème « {theme} »")
    rng = random.Random(derived_seed(seed, "entrainement", theme))
    own = [item for item in pool if item.suits(degree)]
    other = [item for item in pool if not item.suits(degree)]
    chosen = rng.sample(own, min(size, len(own)))
    chosen += rng.sample(other, min(size - len(chosen), len(other)))
    ordered = _ramp(chosen, degree, rng)
    for _ in range(_RESHUFFLES):
        if tuple(item.id for item in ordered) != tuple(previous):
            break
        ordered = _ramp(chosen, degree, rng)
    return ordered


_RESHUFFLES = 20  # enough for any band larger than one item; bands of one cannot change


def _ramp(chosen: Sequence[QuizItem], degree: str | None, rng: random.Random) -> list[QuizItem]:
    """The learner's level first, then by difficulty, in a random order within each band."""
    shuffled = list(chosen)
    rng.shuffle(shuffled)
    return sorted(shuffled, key=lambda item: (not item.suits(degree), item.difficulty))


def draw_mistakes(items: Sequence[QuizItem], seed: int) -> list[QuizItem]:
    """The questions missed in an attempt, in a new order (as a review)."""
    chosen = sorted(items, key=lambda item: item.id)
    random.Random(derived_seed(seed, "erreurs")).shuffle(chosen)
    return chosen


def order_review(items: Sequence[QuizItem], seed: int) -> list[QuizItem]:
    """Due items in a shuffled order, so the same item is not always first."""
    chosen = sorted(items, key=lambda item: item.id)
    random.Random(derived_seed(seed, "revision")).shuffle(chosen)
    return chosen
