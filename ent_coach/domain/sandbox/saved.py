"""What is kept of a learner's sandbox work between sittings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class SandboxMode(StrEnum):
    SCENARIO = "scenario"
    LIBRE = "libre"


@dataclass(frozen=True, slots=True)
class SavedWorkspace:
    """The steps made since the initial state (in the scenario solution format), how much
    help was used, and the sitting counter used as the xAPI attempt number.

    ``steps`` is ``None`` when the stored text could not be read at all."""

    mode: SandboxMode
    ref_id: str
    steps: tuple[dict[str, Any], ...] | None
    hints_shown: int
    solution_seen: bool
    attempt: int
    passed: bool
    updated_at: dt.datetime
