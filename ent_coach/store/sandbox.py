"""Saved sandbox workspaces. Returns domain dataclasses, never ORM rows."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ent_coach.domain.sandbox.saved import SandboxMode, SavedWorkspace
from ent_coach.store.models import SandboxWorkspaceRow


def _steps(text: str) -> tuple[dict[str, Any], ...] | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, list) or not all(isinstance(step, dict) for step in data):
        return None
    return tuple(data)


def _saved(row: SandboxWorkspaceRow) -> SavedWorkspace:
    return SavedWorkspace(
        mode=SandboxMode(row.mode),
        ref_id=row.ref_id,
        steps=_steps(row.steps),
        hints_shown=row.hints_shown,
        solution_seen=row.solution_seen,
        attempt=row.attempt,
        passed=row.passed,
        updated_at=row.updated_at,
    )


def load(
    session: Session, *, profile_id: int, mode: SandboxMode, ref_id: str
) -> SavedWorkspace | None:
    row = session.get(SandboxWorkspaceRow, (profile_id, mode.value, ref_id))
    return None if row is None else _saved(row)


def all_saved(session: Session, *, profile_id: int) -> list[SavedWorkspace]:
    rows = session.scalars(
        select(SandboxWorkspaceRow).where(SandboxWorkspaceRow.profile_id == profile_id)
    )
    return [_saved(row) for row in rows]


def save(session: Session, *, profile_id: int, saved: SavedWorkspace) -> None:
    """Insert or replace the row, in the caller's transaction."""
    row = session.get(SandboxWorkspaceRow, (profile_id, saved.mode.value, saved.ref_id))
    if row is None:
        row = SandboxWorkspaceRow(profile_id=profile_id, mode=saved.mode.value, ref_id=saved.ref_id)
        session.add(row)
    row.steps = json.dumps(list(saved.steps or ()), ensure_ascii=False, separators=(",", ":"))
    row.hints_shown = saved.hints_shown
    row.solution_seen = saved.solution_seen
    row.attempt = saved.attempt
    row.passed = saved.passed
    row.updated_at = saved.updated_at
    session.flush()

