"""Leitner boxes for missed items: fixed intervals, which spaced-retrieval research finds as
effective as expanding ones (Latimier, Peyre & Ramus, 2021).

A missed item enters box 1 and comes back the next day; each right answer when it is due moves
it up a box (3, 7 then 14 days); a right answer in the last box retires it. A wrong answer at
any time sends it back to box 1.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

INTERVALS_DAYS: tuple[int, ...] = (1, 3, 7, 14)


@dataclass(frozen=True, slots=True)
class ReviewState:
    item_id: str
    box: int  # 1..len(INTERVALS_DAYS)
    due: dt.date

    def is_due(self, today: dt.date) -> bool:
        return self.due <= today


def next_state(
    current: ReviewState | None, *, item_id: str, correct: bool, today: dt.date
) -> ReviewState | None:
    """The state after an answer; ``None`` means the item is not (or no longer) in review."""
    if not correct:
        return ReviewState(item_id, 1, today + dt.timedelta(days=INTERVALS_DAYS[0]))
    if current is None:
        return None
    if not current.is_due(today):
        return current  # answering early (in training) does not skip the spacing
    box = current.box + 1
    if box > len(INTERVALS_DAYS):
        return None
    return ReviewState(item_id, box, today + dt.timedelta(days=INTERVALS_DAYS[box - 1]))
