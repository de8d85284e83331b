"""Shared test configuration: no test may touch a real user's data, and Qt never needs a screen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Set by the test configuration, not by the person running the tests; before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ent_coach import paths
from ent_coach.store.database import Store, open_store


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the data directory (and the XDG folders settings may use) at a temporary folder."""
    data_dir = tmp_path / "donnees-utilisateur"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data_dir))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return data_dir


@pytest.fixture
def store_path(isolated_data_dir: Path) -> Path:
    return paths.database_path(isolated_data_dir)


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    """A freshly migrated store in the temporary data directory, closed after the test."""
    opened = open_store(store_path)
    try:
        yield opened
    finally:
        opened.close()
