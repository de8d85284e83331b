"""A quick-start index of the installed tutorials.

Reading the tutorials' YAML front matter, and importing PyYAML to do it, was the largest piece of
start-up work after Qt itself. The trusted tutorial set is therefore also kept as JSON beside the
user's data, keyed by the application version and by the name, size and modification time of every
tutorial file. Any difference, or an index that is missing or unreadable, means the files are read
again and the index rewritten; the index never decides what a tutorial says.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ent_coach.content.atomic_file import write_bytes_atomically
from ent_coach.domain.tutorials import Heading, Source, Tutorial

log = logging.getLogger(__name__)

# Change when the way tutorials are read changes, so older indexes are set aside.
INDEX_FORMAT = 1


def fingerprint(directory: Path, app_version: str) -> list[Any]:
    files = []
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.name.endswith(".md") and entry.is_file():
                info = entry.stat()
                files.append([entry.name, info.st_size, info.st_mtime_ns])
    return [INDEX_FORMAT, app_version, sorted(files)]


def load_indexed_tutorials(
    directory: Path,
    index_path: Path,
    *,
    app_version: str,
    read_files: Callable[[Path], list[Tutorial]],
) -> list[Tutorial]:
    """The tutorials from the index when it matches the files, else from ``read_files``
    (and the index is rewritten; failing to write it only costs time at the next start)."""
    key = fingerprint(directory, app_version)
    cached = _read_index(index_path, key, directory)
    if cached is not None:
        return cached
    tutorials = read_files(directory)
    _write_index(index_path, key, tutorials, directory)
    return tutorials


def _read_index(index_path: Path, key: list[Any], directory: Path) -> list[Tutorial] | None:
    try:
        data = json.loads(index_path.read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        return [_tutorial(item, directory) for item in data["tutorials"]]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("index des tutoriels illisible, relu depuis les fichiers : %s", exc)
        return None


def _write_index(index_path: Path, key: list[Any], tutorials: list[Tutorial], directory: Path) -> None:
    payload = {"key": key, "tutorials": [_record(t, directory) for t in tutorials]}
    try:
        index_path.parent.mkdir(parents=True, exist_ok=True)
        # Atomic: a reader sees the old index or the new one.
        write_bytes_atomically(index_path, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    except OSError as exc:
        log.warning("index des tutoriels non enregistré : %s", exc)


def _record(tutorial: Tutorial, directory: Path) -> dict[str, Any]:
    return {
        "id": tutorial.id,
        "title": tutorial.title,
        "summary": tutorial.summary,
        "themes": list(tutorial.themes),
        "audiences": list(tutorial.audiences),
        "duration_minutes": tutorial.duration_minutes,
        "level": tutorial.level,
        "content_version": tutorial.content_version,
        "last_reviewed": tutorial.last_reviewed.isoformat(),
        "sources": [[s.publisher, s.title, s.url, s.section] for s in tutorial.sources],
        "body": tutorial.body,
        # Relative, so a portable copy moved to another folder keeps its index.
        "file": tutorial.path.relative_to(directory).as_posix(),
        "body_first_line": tutorial.body_first_line,
        "headings": [[h.level, h.text, h.anchor] for h in tutorial.headings],
    }


def _tutorial(item: dict[str, Any], directory: Path) -> Tutorial:
    return Tutorial(
        id=str(item["id"]),
        title=str(item["title"]),
        summary=str(item["summary"]),
        themes=tuple(str(t) for t in item["themes"]),
        audiences=tuple(str(a) for a in item["audiences"]),
        duration_minutes=int(item["duration_minutes"]),
        level=str(item["level"]),
        content_version=int(item["content_version"]),
        last_reviewed=dt.date.fromisoformat(item["last_reviewed"]),
        sources=tuple(Source(publisher=p, title=t, url=u, section=s) for p, t, u, s in item["sources"]),
        body=str(item["body"]),
        path=directory / str(item["file"]),
        body_first_line=int(item["body_first_line"]),
        headings=tuple(Heading(level=int(lv), text=str(tx), anchor=str(an)) for lv, tx, an in item["headings"]),
    )
