"""The one way files are written (whole or not at all) and file errors worded in French."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from ent_coach.content import atomic_file
from ent_coach.content.atomic_file import (
    FileTooLargeError,
    NotRegularFileError,
    cannot_write,
    os_reason,
    read_at_most,
    write_atomically,
    write_bytes_atomically,
)


def test_the_target_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    target.write_bytes(b"ancien")
    write_bytes_atomically(target, b"nouveau")
    assert target.read_bytes() == b"nouveau"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_a_failure_while_writing_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "progression.zip"
    target.write_bytes(b"ancien")

    def half_then_fail(handle) -> None:  # type: ignore[no-untyped-def]
        handle.write(b"moitie")
        raise RuntimeError("panne simulée")

    with pytest.raises(RuntimeError):
        write_atomically(target, half_then_fail)
    assert target.read_bytes() == b"ancien"
    assert [p.name for p in tmp_path.iterdir()] == ["progression.zip"]


def test_a_missing_folder_is_an_oserror_worded_in_french(tmp_path: Path) -> None:
    target = tmp_path / "absent" / "rapport.csv"
    with pytest.raises(OSError) as caught:
        write_bytes_atomically(target, b"x")
    message = cannot_write(target, caught.value)
    assert "« rapport.csv »" in message and "introuvable" in message


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "disque plein"), (errno.EROFS, "support en lecture seule"), (errno.EACCES, "accès refusé")],
)
def test_usual_causes_are_named_in_french(code: int, words: str) -> None:
    assert os_reason(OSError(code, "English text")) == words


def test_an_unusual_cause_keeps_the_system_text() -> None:
    assert os_reason(OSError(errno.EXDEV, "Invalid cross-device link")) == "Invalid cross-device link"
    assert os_reason(OSError("sans numéro")) == "sans numéro"


def test_read_at_most_returns_a_file_within_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(b"x" * 10)
    assert read_at_most(path, 10) == b"x" * 10


def test_read_at_most_refuses_a_big_file_without_opening_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "gros.zip"
    with path.open("wb") as handle:
        handle.truncate(5000)
    monkeypatch.setattr(Path, "open", lambda *_a, **_k: pytest.fail("must not be opened"))
    with pytest.raises(FileTooLargeError) as caught:
        read_at_most(path, 4096)
    assert (caught.value.size, caught.value.limit) == (5000, 4096)


def test_read_at_most_refuses_a_file_grown_since_its_size_was_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "grandit.json"
    path.write_bytes(b"x" * 20)
    small = os.stat_result((0o100644, 0, 0, 1, 0, 0, 5, 0, 0, 0))  # a regular file of 5 bytes
    monkeypatch.setattr(atomic_file.os, "fstat", lambda *_a, **_k: small)
    with pytest.raises(FileTooLargeError) as caught:
        read_at_most(path, 10)
    assert caught.value.size == 11  # one byte past the limit is all that was read


def test_read_at_most_refuses_a_folder_and_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotRegularFileError) as caught:
        read_at_most(tmp_path, 10)
    assert os_reason(caught.value) == "c'est un dossier"
    with pytest.raises(FileNotFoundError):
        read_at_most(tmp_path / "absent.json", 10)


def test_read_at_most_refuses_a_symbolic_link_even_to_a_good_file(tmp_path: Path) -> None:
    """« Anything but a regular file refused »: a link is not followed, whatever it points to
    (a file, a folder, nothing)."""
    target = tmp_path / "plan.json"
    target.write_bytes(b"{}")
    for name, points_to in (("lien.json", target), ("vers-dossier", tmp_path), ("casse", tmp_path / "absent")):
        link = tmp_path / name
        link.symlink_to(points_to)
        with pytest.raises(NotRegularFileError) as caught:
            read_at_most(link, 10)
        assert "lien symbolique" in os_reason(caught.value)
    assert read_at_most(target, 10) == b"{}"


def test_read_at_most_refuses_a_named_pipe_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "tube.json"
    os.mkfifo(pipe)
    with pytest.raises(NotRegularFileError) as caught:
        read_at_most(pipe, 10)
    assert os_reason(caught.value) == "ce n'est pas un fichier ordinaire"


def test_a_link_swapped_in_after_a_check_is_still_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check is the opening itself: a file replaced by a link between a look at it and
    its opening is refused (no window between checking and reading)."""
    target = tmp_path / "secret.txt"
    target.write_bytes(b"secret")
    path = tmp_path / "plan.json"
    path.write_bytes(b"{}")
    real_open = os.open

    def swap_then_open(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(name) == path:
            path.unlink()
            path.symlink_to(target)
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(atomic_file.os, "open", swap_then_open)
    with pytest.raises(NotRegularFileError):
        read_at_most(path, 100)
