"""French plurals: one helper, and no lazy « (s) » / « (e) » left in what the screens say."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ent_coach.domain.text import plural

ROOT = Path(__file__).resolve().parents[2] / "ent_coach"
# The screens and the messages services hand to them.
CHECKED = [ROOT / "ui", ROOT / "services"]
SKIPPED: list[Path] = []
LAZY = re.compile(r"\w\((?:s|e|es|x)\)")


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 tutoriel terminé"), (1, "1 tutoriel terminé"), (2, "2 tutoriels terminés"),
     (26, "26 tutoriels terminés")],
)  # fmt: skip
def test_zero_and_one_take_the_singular(count: int, expected: str) -> None:
    assert plural(count, "%n tutoriel terminé", "%n tutoriels terminés") == expected


def _lazy_literals() -> list[str]:
    found = []
    for folder in CHECKED:
        for path in sorted(folder.rglob("*.py")):
            if any(path.is_relative_to(skipped) for skipped in SKIPPED):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    for match in LAZY.finditer(node.value):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {match.group()}")
    return found


def test_no_string_shown_to_users_uses_a_lazy_plural_or_gender_mark() -> None:
    assert _lazy_literals() == []
