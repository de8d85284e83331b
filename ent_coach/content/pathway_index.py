"""A quick-start index of what the home's « Continuer » needs: the bundled pathways and the
ids of the installed scenarios and practices (a step naming missing content is shown as
unavailable, so these ids are needed to find the next step).

Reading them meant parsing every pathway, scenario and practice file, and importing their
schemas: the home's next step appeared about a second after the window. As for the
tutorials' index, the result is kept as JSON beside the user's data, keyed by the
application version and the name, size and modification time of every file read; any
difference, or an index that is missing or unreadable, means the files are read again and the
index rewritten. The index never decides what a pathway says.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ent_coach.content.atomic_file import write_bytes_atomically
from ent_coach.domain.pathways import ChecklistItem, Pathway, PathwayOrder, PathwayStep, StepKind
from ent_coach.domain.taxonomy import Role
from ent_coach.domain.tutorials import Source

log = logging.getLogger(__name__)

# Change when the way pathways are read changes, so older indexes are set aside.
INDEX_FORMAT = 1


@dataclass(frozen=True, slots=True)
class HomeContent:
    pathways: tuple[Pathway, ...]
    scenario_ids: frozenset[str]
    practice_ids: frozenset[str]


def fingerprint(directories: Iterable[Path], app_version: str) -> list[Any]:
    files: list[list[Any]] = []
    for directory in directories:
        for root, _dirs, names in os.walk(directory):
            for name in names:
                info = os.stat(os.path.join(root, name))
                relative = os.path.relpath(os.path.join(root, name), directory.parent)
                files.append([relative, info.st_size, info.st_mtime_ns])
    return [INDEX_FORMAT, app_version, sorted(files)]


def load_indexed_home_content(
    directories: Iterable[Path],
    index_path: Path,
    *,
    app_version: str,
    read_files: Callable[[], HomeContent],
) -> HomeContent:
    """The content from the index when it matches the files, else from ``read_files`` (and
    the index is rewritten; failing to write it only costs time at the next start)."""
    key = fingerprint(directories, app_version)
    cached = _read_index(index_path, key)
    if cached is not None:
        return cached
    content = read_files()
    _write_index(index_path, key, content)
    return content


def _read_index(index_path: Path, key: list[Any]) -> HomeContent | None:
    try:
        data = json.loads(index_path.read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        return HomeContent(
            pathways=tuple(_pathway(item) for item in data["pathways"]),
            scenario_ids=frozenset(str(i) for i in data["scenarios"]),
            practice_ids=frozenset(str(i) for i in data["practices"]),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("index des parcours illisible, relu depuis les fichiers : %s", exc)
        return None


def _write_index(index_path: Path, key: list[Any], content: HomeContent) -> None:
    payload = {
        "key": key,
        "pathways": [_record(pathway) for pathway in content.pathways],
        "scenarios": sorted(content.scenario_ids),
        "practices": sorted(content.practice_ids),
    }
    try:
        index_path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(index_path, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    except OSError as exc:
        log.warning("index des parcours non enregistré : %s", exc)


def _record(pathway: Pathway) -> dict[str, Any]:
    return {
        "id": pathway.id,
        "title": pathway.title,
        "roles": [role.value for role in pathway.roles],
        "goal": pathway.goal,
        "duration_minutes": pathway.duration_minutes,
        "order": pathway.order.value,
        "recommended_for": [role.value for role in pathway.recommended_for],
        "sources": [[s.publisher, s.title, s.url, s.section] for s in pathway.sources],
        "steps": [
            {
                "id": step.id,
                "kind": step.kind.value,
                "title": step.title,
                "minutes": step.minutes,
                "reference": step.reference,
                "pass_mark": step.pass_mark,
                "instructions": step.instructions,
                "checklist": [[item.id, item.text] for item in step.checklist],
                "seed": step.seed,
            }
            for step in pathway.steps
        ],
    }


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _pathway(item: dict[str, Any]) -> Pathway:
    return Pathway(
        id=str(item["id"]),
        title=str(item["title"]),
        roles=tuple(Role(value) for value in item["roles"]),
        goal=str(item["goal"]),
        duration_minutes=int(item["duration_minutes"]),
        order=PathwayOrder(item["order"]),
        recommended_for=tuple(Role(value) for value in item["recommended_for"]),
        sources=tuple(Source(publisher=p, title=t, url=u, section=s) for p, t, u, s in item["sources"]),
        steps=tuple(
            PathwayStep(
                id=str(step["id"]),
                kind=StepKind(step["kind"]),
                title=str(step["title"]),
                minutes=int(step["minutes"]),
                reference=_optional_str(step["reference"]),
                pass_mark=_optional_float(step["pass_mark"]),
                instructions=_optional_str(step["instructions"]),
                checklist=tuple(ChecklistItem(id=str(i), text=str(t)) for i, t in step["checklist"]),
                seed=_optional_int(step["seed"]),
            )
            for step in item["steps"]
        ),
    )
