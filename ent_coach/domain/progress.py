"""Progress summaries as upper layers see them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class ProgressStatus:
    IN_PROGRESS = "en-cours"
    COMPLETED = "termine"


@dataclass(frozen=True, slots=True)
class ActivityProgress:
    activity_id: str
    kind: str
    status: str
    attempts: int
    time_spent_seconds: float
    first_seen_at: dt.datetime
    last_seen_at: dt.datetime
    completed_at: dt.datetime | None

    @property
    def completed(self) -> bool:
        return self.status == ProgressStatus.COMPLETED


@dataclass(frozen=True, slots=True)
class Note:
    tutorial_id: str
    text: str
    updated_at: dt.datetime
