"""Typed settings in one registry, stored in the data folder (so portable mode keeps them).

User preferences (group ``preferences``) are kept apart from window state (group ``fenetre``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings


@dataclass(frozen=True, slots=True)
class Option:
    key: str
    default: Any
    type: Callable[[Any], Any]
    choices: tuple[Any, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None


THEME = Option("preferences/theme", "systeme", str, choices=("clair", "sombre", "systeme"))
TEXT_SCALE = Option("preferences/taille_texte", 100, int, minimum=80, maximum=200)


def _flag(raw: Any) -> bool:
    """INI files store booleans as text: "false" must not read as true."""
    if isinstance(raw, str):
        if raw.lower() in ("true", "1", "oui"):
            return True
        if raw.lower() in ("false", "0", "non", ""):
            return False
        raise ValueError(raw)
    return bool(raw)


QUIZ_CBM = Option("preferences/quiz_certitude", False, _flag)
OPTIONS = (THEME, TEXT_SCALE, QUIZ_CBM)

# The last folder used for each kind of file (group ``dossiers``): a file dialog opens where
# the previous file of its kind was saved or read. Empty: the Documents folder.
FOLDER_KINDS = (
    "pdf", "attestation", "archive-profil", "pratiques", "plan-seance", "progression", "export-seance",
)  # fmt: skip
LAST_FOLDERS = {kind: Option(f"dossiers/{kind}", "", str) for kind in FOLDER_KINDS}


class Settings:
    def __init__(self, path: Path) -> None:
        self._qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    def get(self, option: Option) -> Any:
        raw = self._qsettings.value(option.key, option.default)
        try:
            value = option.type(raw)
        except (TypeError, ValueError):
            return option.default
        if option.choices is not None and value not in option.choices:
            return option.default
        if option.minimum is not None and value < option.minimum:
            return option.minimum
        if option.maximum is not None and value > option.maximum:
            return option.maximum
        return value

    def set(self, option: Option, value: Any) -> None:
        self._qsettings.setValue(option.key, value)
        self._qsettings.sync()

    def window_state(self, name: str) -> QByteArray | None:
        value = self._qsettings.value(f"fenetre/{name}")
        return value if isinstance(value, QByteArray) else None

    def set_window_state(self, name: str, value: QByteArray) -> None:
        self._qsettings.setValue(f"fenetre/{name}", value)

    def sync(self) -> None:
        self._qsettings.sync()
