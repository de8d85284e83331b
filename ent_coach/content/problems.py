"""Content problems reported as ``file:line: message`` (French), like a compiler."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    path: Path
    line: int
    message: str

    def format(self, *, relative_to: Path | None = None) -> str:
        shown = self.path
        if relative_to is not None:
            try:
                shown = self.path.relative_to(relative_to)
            except ValueError:
                shown = self.path
        return f"{shown}:{self.line}: {self.message}"


class ContentError(Exception):
    """Raised when content cannot be loaded at all; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems
