"""Split a Markdown file into YAML front matter and body, keeping line numbers for messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

try:  # The C loader is several times faster; fall back where libyaml is absent.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class FrontMatterError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class Document:
    """Parsed file: the front matter values, where each key sits, and the body."""

    data: dict[str, Any]
    key_lines: dict[tuple[Any, ...], int]
    body: str
    body_first_line: int


def split_document(text: str, *, with_lines: bool = True) -> Document:
    """``with_lines=False`` skips the second YAML pass that maps keys to lines (only needed
    to point at errors)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(1, "en-tête YAML absent : le fichier doit commencer par « --- »")
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            closing = index
            break
    else:
        raise FrontMatterError(1, "en-tête YAML non fermé : ligne « --- » de fin introuvable")
    yaml_text = "".join(lines[1:closing])
    try:
        node = yaml.compose(yaml_text, Loader=_Loader) if with_lines else None
        data = yaml.load(yaml_text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise FrontMatterError(line, f"en-tête YAML illisible : {problem}") from exc
    if not isinstance(data, dict):
        raise FrontMatterError(2, "l'en-tête YAML doit être un dictionnaire de champs")
    key_lines: dict[tuple[Any, ...], int] = {}
    _collect_lines(node, (), key_lines, offset=2)
    return Document(
        data=data,
        key_lines=key_lines,
        body="".join(lines[closing + 1 :]),
        body_first_line=closing + 2,
    )


def _collect_lines(
    node: yaml.Node | None, path: tuple[Any, ...], out: dict[tuple[Any, ...], int], *, offset: int
) -> None:
    """Map every key path (as pydantic reports it) to its 1-based line in the file."""
    if node is None:
        return
    out.setdefault(path, node.start_mark.line + offset)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, key_node.value)
            out[child] = key_node.start_mark.line + offset
            _collect_lines(value_node, child, out, offset=offset)
            out[child] = key_node.start_mark.line + offset
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_lines(item, (*path, index), out, offset=offset)


def line_for(key_lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int:
    """Closest known line for a pydantic error location (falls back to its parents)."""
    current = tuple(loc)
    while current:
        if current in key_lines:
            return key_lines[current]
        current = current[:-1]
    return key_lines.get((), 2)
