"""Imports only go downward: domain ← content ← store ← services ← ui ← app.

Every module under ``ent_coach/`` is parsed with ``ast`` (function-level and ``TYPE_CHECKING``
imports included) and each crossing is reported as ``file:line: imports X (rule)``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import ent_coach

PACKAGE_DIR = Path(ent_coach.__file__).resolve().parent
ROOT = PACKAGE_DIR.parent

# Rank of each layer; a module may only import ent_coach layers of lower or equal rank.
LAYER_RANK = {"domain": 0, "content": 1, "store": 2, "services": 3, "ui": 4, "app": 5}
# Modules outside the layers: where they sit in the order.
#   paths: the one place that knows file locations, usable from every layer, imports nothing.
#   cli: headless commands, may use services but never the GUI.
#   __init__ / __main__: the package itself and ``python -m ent_coach`` (starts the app).
OTHER_RANK = {"paths": 0, "__init__": 0, "cli": 3, "__main__": 5}
QT_PACKAGES = ("PySide6", "shiboken6")
FORBIDDEN_THIRD_PARTY = {
    "domain": ("sqlalchemy", "alembic", "sqlite3", "yaml", "markdown", "nh3", "pydantic",
               "platformdirs", *QT_PACKAGES),
    "content": ("sqlalchemy", "alembic", "sqlite3", *QT_PACKAGES),
}  # fmt: skip


@dataclass(frozen=True)
class Import:
    line: int
    module: str


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def known_module(name: str) -> bool:
    relative = Path(*name.split("."))
    return (ROOT / relative).with_suffix(".py").is_file() or (
        ROOT / relative / "__init__.py"
    ).is_file()


def imports_of(path: Path, source: str) -> list[Import]:
    tree = ast.parse(source, filename=str(path))
    name = module_name(path)
    package = name if is_package(path) else name.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(Import(node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                # "from ent_coach import ui" imports the module ent_coach.ui.
                candidate = f"{base}.{alias.name}"
                found.append(Import(node.lineno, candidate if known_module(candidate) else base))
    return found


def layer_of(module: str) -> str:
    """``domain``…``app`` for layered modules, else the top-level module name in the package."""
    parts = module.split(".")
    if len(parts) == 1:
        return "__init__"
    return parts[1]


def rank_of(layer: str) -> int:
    return LAYER_RANK.get(layer, OTHER_RANK.get(layer, 0))


def violations(module: str, path: str, imports: list[Import]) -> list[str]:
    """Every rule broken by one module, as ``file:line: imports X (rule)``."""
    out: list[str] = []
    layer = layer_of(module)
    in_gui = layer in ("ui", "app")
    for item in imports:
        top = item.module.split(".")[0]
        where = f"{path}:{item.line}: imports {item.module}"
        if top in QT_PACKAGES and not in_gui:
            out.append(f"{where} (Qt only in ent_coach/ui and ent_coach/app.py)")
        if top in FORBIDDEN_THIRD_PARTY.get(layer, ()) and top not in QT_PACKAGES:
            out.append(f"{where} ({layer} must not import {top})")
        if top != "ent_coach" or item.module == "ent_coach":
            continue
        target = layer_of(item.module)
        if target == "ui" and not in_gui:
            out.append(f"{where} (only ent_coach/app.py and ent_coach/ui may import ent_coach.ui)")
        elif rank_of(target) > rank_of(layer):
            out.append(f"{where} ({layer} is below {target})")
    return out


def all_modules() -> list[tuple[str, Path]]:
    return [
        (module_name(path), path)
        for path in sorted(PACKAGE_DIR.rglob("*.py"))
        if "__pycache__" not in path.parts
    ]


def test_every_layer_is_scanned() -> None:
    layers = {layer_of(name) for name, _ in all_modules()}
    assert {"domain", "content", "store", "services", "paths", "cli"} <= layers


def test_imports_only_go_downward() -> None:
    problems: list[str] = []
    for name, path in all_modules():
        imports = imports_of(path, path.read_text(encoding="utf-8"))
        problems.extend(violations(name, str(path.relative_to(ROOT)), imports))
    assert not problems, "Layering violations:\n" + "\n".join(problems)


# --- the checker itself catches what it should ---------------------------------------------


def _check(module: str, source: str) -> list[str]:
    path = ROOT / Path(*module.split(".")).with_suffix(".py")
    return violations(module, f"{module}.py", imports_of(path, source))


def test_checker_flags_qt_below_ui() -> None:
    [message] = _check("ent_coach.services.example", "from PySide6.QtCore import QObject\n")
    assert message.startswith("ent_coach.services.example.py:1: imports PySide6.QtCore")
    assert _check("ent_coach.domain.example", "\n\nimport shiboken6\n")[0].startswith(
        "ent_coach.domain.example.py:3: imports shiboken6"
    )
    assert _check("ent_coach.ui.example", "from PySide6.QtCore import QObject\n") == []
    assert _check("ent_coach.app", "from PySide6.QtWidgets import QApplication\n") == []


def test_checker_flags_imports_of_ui() -> None:
    assert _check("ent_coach.services.example", "from ent_coach import ui\n")
    assert _check("ent_coach.cli", "import ent_coach.ui.main_window\n")
    assert _check("ent_coach.app", "from ent_coach.ui.main_window import MainWindow\n") == []
    assert _check("ent_coach.ui.example", "from . import hub\n") == []


def test_checker_flags_upward_imports_including_lazy_and_relative_ones() -> None:
    assert _check("ent_coach.domain.example", "from ent_coach.content import render\n")
    assert _check("ent_coach.content.example", "def f():\n    from ent_coach.store import models\n")
    assert _check("ent_coach.store.example", "from ..services import library\n")
    assert _check("ent_coach.services.example", "from ent_coach import app\n")
    assert (
        _check(
            "ent_coach.store.example", "from ent_coach.domain import text\nfrom . import models\n"
        )
        == []
    )
    assert _check("ent_coach.services.example", "from ent_coach import paths\n") == []


def test_checker_flags_heavy_libraries_in_domain() -> None:
    for library in ("sqlalchemy", "yaml", "markdown", "nh3", "pydantic"):
        [message] = _check("ent_coach.domain.example", f"import {library}\n")
        assert f"domain must not import {library}" in message
    assert _check("ent_coach.content.example", "from sqlalchemy.orm import Session\n")
    assert _check("ent_coach.content.example", "import yaml\nimport markdown\n") == []
