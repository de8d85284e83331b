"""Quick-start index of the pathways: same pathways as the files, rebuilt when they change."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ent_coach import paths
from ent_coach.content.pathway_index import HomeContent, load_indexed_home_content
from ent_coach.content.pathways import load_pathways


def _read(directory: Path) -> HomeContent:
    return HomeContent(
        pathways=tuple(load_pathways(directory).pathways),
        scenario_ids=frozenset({"a", "b"}),
        practice_ids=frozenset({"p"}),
    )


def test_index_gives_back_the_same_pathways(tmp_path: Path) -> None:
    directory = paths.resources_dir() / "pathways"
    index = tmp_path / "index.json"
    calls: list[int] = []

    def read() -> HomeContent:
        calls.append(1)
        return _read(directory)

    first = load_indexed_home_content([directory], index, app_version="1", read_files=read)
    second = load_indexed_home_content([directory], index, app_version="1", read_files=read)
    assert calls == [1]  # the second came from the index
    assert second == first
    assert len(second.pathways) >= 8 and second.scenario_ids == {"a", "b"}


def test_changed_file_or_version_or_damaged_index_reads_the_files_again(tmp_path: Path) -> None:
    directory = tmp_path / "pathways"
    directory.mkdir()
    source = paths.resources_dir() / "pathways" / "premiers-pas-dans-l-ent.yaml"
    copy = directory / source.name
    copy.write_bytes(source.read_bytes())
    index = tmp_path / "index.json"
    calls: list[int] = []

    def read() -> HomeContent:
        calls.append(1)
        return _read(directory)

    load_indexed_home_content([directory], index, app_version="1", read_files=read)
    load_indexed_home_content([directory], index, app_version="2", read_files=read)
    assert len(calls) == 2
    copy.write_text(copy.read_text(encoding="utf-8").replace("Premiers pas", "Tout premiers pas"), encoding="utf-8")
    os.utime(copy, ns=(1, 1))
    changed = load_indexed_home_content([directory], index, app_version="2", read_files=read)
    assert len(calls) == 3 and "Tout premiers pas" in changed.pathways[0].title
    index.write_text("{pas du json", encoding="utf-8")
    load_indexed_home_content([directory], index, app_version="2", read_files=read)
    assert len(calls) == 4
    data = json.loads(index.read_text(encoding="utf-8"))
    data["pathways"][0]["steps"][0]["kind"] = "inconnu"
    index.write_text(json.dumps(data), encoding="utf-8")
    again = load_indexed_home_content([directory], index, app_version="2", read_files=read)
    assert len(calls) == 5 and again == changed
