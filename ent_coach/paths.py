"""The one place that knows where bundled files and user data live.

Correct in a source checkout, an installed wheel and a PyInstaller bundle: bundled content
(``tutorials/``, ``resources/``) sits beside the package in a checkout and under
``sys._MEIPASS`` when frozen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "ent-coach"
DATABASE_FILE_NAME = "ent-coach.sqlite3"
SETTINGS_FILE_NAME = "reglages.ini"
DATA_DIR_ENV = "ENT_COACH_DATA_DIR"


def bundle_root() -> Path:
    """Folder holding ``tutorials/`` and ``resources/``."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def tutorials_dir() -> Path:
    return bundle_root() / "tutorials"


def resources_dir() -> Path:
    return bundle_root() / "resources"


def migrations_dir() -> Path:
    return Path(__file__).resolve().parent / "store" / "migrations"


def default_data_dir() -> Path:
    """User data folder: ``$ENT_COACH_DATA_DIR`` if set (tests, portable launchers), else the
    platform's user data directory."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    # Imported lazily: platformdirs is only needed when no folder is given.
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_DIR_NAME, appauthor=False, roaming=True))


def database_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_FILE_NAME


def lock_path(data_dir: Path) -> Path:
    """Held by the one ENT Coach using this folder (window or command line)."""
    return data_dir / "ent-coach.lock"


def settings_path(data_dir: Path) -> Path:
    return data_dir / SETTINGS_FILE_NAME


def tutorial_index_path(data_dir: Path) -> Path:
    """Quick-start index of the installed tutorials (rebuilt from them whenever they change)."""
    return data_dir / "cache" / "index-tutoriels.json"


def home_index_path(data_dir: Path) -> Path:
    """Quick-start index of the pathways and installed content ids (rebuilt whenever the
    content changes)."""
    return data_dir / "cache" / "index-parcours.json"
