"""Tutorials as the rest of the application sees them: immutable, validated content."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ent_coach.domain.text import words


@dataclass(frozen=True, slots=True)
class Source:
    publisher: str
    title: str
    url: str
    section: str | None = None


@dataclass(frozen=True, slots=True)
class Heading:
    """A level-2 or level-3 heading, with the anchor the renderer gives it."""

    level: int
    text: str
    anchor: str


@dataclass(frozen=True, slots=True)
class Tutorial:
    id: str
    title: str
    summary: str
    themes: tuple[str, ...]
    audiences: tuple[str, ...]
    duration_minutes: int
    level: str
    content_version: int
    last_reviewed: dt.date
    sources: tuple[Source, ...]
    body: str
    path: Path
    body_first_line: int
    headings: tuple[Heading, ...] = field(default=())

    @property
    def word_count(self) -> int:
        return len(words(self.body))


def content_version(tutorials: list[Tutorial]) -> str:
    """Content is versioned by its newest review date and its size."""
    if not tutorials:
        return "—"
    newest = max(t.last_reviewed for t in tutorials)
    return f"{newest:%Y.%m.%d} ({len(tutorials)} tutoriels)"


class TutorialStatus:
    """Reading status shown in the library (nouveau / en cours / terminé)."""

    NEW = "nouveau"
    IN_PROGRESS = "en-cours"
    COMPLETED = "termine"

    LABELS: dict[str, str] = {  # noqa: RUF012 - constant lookup table
        NEW: "Nouveau",
        IN_PROGRESS: "En cours",
        COMPLETED: "Terminé",
    }
