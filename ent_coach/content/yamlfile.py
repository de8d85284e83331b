"""Read a whole YAML data file, keeping the line of every key for error messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ent_coach.content.atomic_file import os_reason
from ent_coach.content.frontmatter import _collect_lines, _Loader
from ent_coach.content.problems import Problem
from ent_coach.domain.text import french_spacing_tree

MAX_DATA_FILE_BYTES = 2_000_000  # bundled data files are small; anything larger is a mistake


@dataclass(frozen=True, slots=True)
class YamlFile:
    data: Any
    key_lines: dict[tuple[Any, ...], int]


def read_yaml_file(path: Path) -> tuple[YamlFile | None, list[Problem]]:
    try:
        if path.stat().st_size > MAX_DATA_FILE_BYTES:
            return None, [Problem(path, 1, "fichier trop volumineux pour un fichier de données")]
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(path, 1, "le fichier n'est pas encodé en UTF-8")]
    except OSError as exc:
        return None, [Problem(path, 1, f"lecture impossible : {os_reason(exc)}")]
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 1) if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(path, line, f"YAML illisible : {problem}")]
    key_lines: dict[tuple[Any, ...], int] = {}
    _collect_lines(node, (), key_lines, offset=1)
    # Shipped content is prose shown as is: French spacing once here serves every screen.
    return YamlFile(data=french_spacing_tree(data), key_lines=key_lines), []
