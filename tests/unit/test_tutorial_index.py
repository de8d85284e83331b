"""The quick-start tutorial index: same tutorials as reading the files, rebuilt on any change."""

from __future__ import annotations

import os
from pathlib import Path

from ent_coach import paths
from ent_coach.content.tutorial_index import load_indexed_tutorials
from ent_coach.content.tutorials import load_tutorials
from ent_coach.domain.tutorials import Tutorial
from tests.unit.conftest import TutorialFactory


class CountingReader:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, directory: Path) -> list[Tutorial]:
        self.calls += 1
        return load_tutorials(directory, validate=False).tutorials


def _load(directory: Path, index: Path, reader: CountingReader, version: str = "1.0") -> list[Tutorial]:
    return load_indexed_tutorials(directory, index, app_version=version, read_files=reader)


def test_second_start_uses_the_index_and_gets_identical_tutorials(
    tutorial_factory: TutorialFactory, tmp_path: Path
) -> None:
    tutorial_factory.write("premier")
    tutorial_factory.write("second", tutorial_factory.text("second", title="Un second tutoriel"))
    index, reader = tmp_path / "cache" / "index.json", CountingReader()

    first = _load(tutorial_factory.directory, index, reader)
    second = _load(tutorial_factory.directory, index, reader)

    assert reader.calls == 1 and index.exists()
    assert second == first and len(first) == 2
    assert second[0].headings and second[0].sources[0].section == "§ Généralités"


def test_a_changed_added_or_removed_file_or_a_new_version_rereads_the_files(
    tutorial_factory: TutorialFactory, tmp_path: Path
) -> None:
    path = tutorial_factory.write("premier")
    index, reader = tmp_path / "index.json", CountingReader()
    _load(tutorial_factory.directory, index, reader)

    path.write_text(tutorial_factory.text("premier", title="Un titre corrigé depuis"), encoding="utf-8")
    assert _load(tutorial_factory.directory, index, reader)[0].title == "Un titre corrigé depuis"
    assert reader.calls == 2

    tutorial_factory.write("ajoute")
    assert len(_load(tutorial_factory.directory, index, reader)) == 2
    (tutorial_factory.directory / "ajoute.md").unlink()
    assert len(_load(tutorial_factory.directory, index, reader)) == 1
    _load(tutorial_factory.directory, index, reader, version="2.0")
    assert reader.calls == 5


def test_same_size_edit_with_a_new_modification_time_is_seen(
    tutorial_factory: TutorialFactory, tmp_path: Path
) -> None:
    path = tutorial_factory.write("premier", tutorial_factory.text("premier", title="Titre numéro AAA"))
    index, reader = tmp_path / "index.json", CountingReader()
    _load(tutorial_factory.directory, index, reader)
    stamp = path.stat().st_mtime_ns
    path.write_text(tutorial_factory.text("premier", title="Titre numéro BBB"), encoding="utf-8")
    os.utime(path, ns=(stamp + 1_000_000_000, stamp + 1_000_000_000))

    assert _load(tutorial_factory.directory, index, reader)[0].title == "Titre numéro BBB"


def test_a_damaged_index_is_ignored_and_rewritten(tutorial_factory: TutorialFactory, tmp_path: Path) -> None:
    tutorial_factory.write("premier")
    index, reader = tmp_path / "index.json", CountingReader()
    expected = _load(tutorial_factory.directory, index, reader)
    for damage in (b"{ pas du json", b"\xff\xfe", b'{"key": 3}', index.read_bytes()[:-40]):
        index.write_bytes(damage)
        assert _load(tutorial_factory.directory, index, reader) == expected
    assert reader.calls == 5
    assert _load(tutorial_factory.directory, index, reader) == expected and reader.calls == 5


def test_an_index_that_cannot_be_written_only_costs_time(tutorial_factory: TutorialFactory, tmp_path: Path) -> None:
    tutorial_factory.write("premier")
    blocker = tmp_path / "fichier"
    blocker.write_text("un fichier à la place du dossier", encoding="utf-8")
    reader = CountingReader()

    assert len(_load(tutorial_factory.directory, blocker / "index.json", reader)) == 1
    assert len(_load(tutorial_factory.directory, blocker / "index.json", reader)) == 1
    assert reader.calls == 2 and not list(tmp_path.glob("**/*.tmp"))


def test_the_shipped_tutorials_round_trip_through_the_index(tmp_path: Path) -> None:
    reader = CountingReader()
    from_files = _load(paths.tutorials_dir(), tmp_path / "index.json", reader)
    from_index = _load(paths.tutorials_dir(), tmp_path / "index.json", reader)
    assert reader.calls == 1 and from_index == from_files and len(from_files) >= 20
