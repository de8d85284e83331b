"""One ENT Coach at a time per data folder: a window, or a command that opens the database.

Two windows on the same database would each keep their own view of it (the profile being
edited, the séance on screen) and overwrite each other; a command importing files under an
open window would do the same. The lock is the operating system's own on ``ent-coach.lock``
(``flock`` on Linux and macOS, ``msvcrt.locking`` on Windows): the system releases it when its
process ends, however it ends (crash, kill -9, power cut), so a dead process's lock is always
taken over. The file itself stays; only the lock on it matters.

Chosen over Qt's QLockFile, whose ``fdatasync`` on every start cost 12 ms or more here (the
start-up benchmark counts), and which the command line, without Qt, could not share.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ent_coach import paths
from ent_coach.store.errors import DataDirInUseError

log = logging.getLogger(__name__)

POLL_SECONDS = 0.1
# What the system says when another process holds the lock (flock: EWOULDBLOCK; Windows:
# EACCES or EDEADLOCK); any other error means locks are not available there.
_HELD_ELSEWHERE = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK}


class FolderLock:
    """A held lock; ``release()`` (or the end of the process) frees it."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle: BinaryIO | None = handle

    def release(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                _unlock(self._handle)
            self._handle.close()
            self._handle = None


def lock_data_dir(directory: Path, *, wait_ms: int = 0) -> FolderLock | None:
    """Take ``directory``'s lock, waiting up to ``wait_ms`` for another instance to let go.

    Raises DataDirInUseError when another running ENT Coach keeps it. Where no lock file can
    be opened (a folder that does not exist or is read-only) returns None: opening the
    database then reports the folder's problem, and read-only commands still work.
    """
    try:
        handle = open(paths.lock_path(directory), "a+b")  # noqa: SIM115 - kept open while held
    except OSError as exc:
        log.info("Verrou du dossier de données impossible à poser : %s", exc)
        return None
    deadline = time.monotonic() + wait_ms / 1000
    while True:
        try:
            _lock(handle)
            return FolderLock(handle)
        except OSError as exc:
            if exc.errno not in _HELD_ELSEWHERE:  # a file system without locks: go on
                log.info("Verrou du dossier de données impossible à poser : %s", exc)
                handle.close()
                return None
            if time.monotonic() >= deadline:
                handle.close()
                raise DataDirInUseError(directory) from None
            time.sleep(POLL_SECONDS)


@contextlib.contextmanager
def hold_data_dir(directory: Path, *, wait_ms: int = 0) -> Iterator[None]:
    """``lock_data_dir`` for a ``with`` block."""
    lock = lock_data_dir(directory, wait_ms=wait_ms)
    try:
        yield
    finally:
        if lock is not None:
            lock.release()


if sys.platform == "win32":
    import msvcrt

    def _lock(handle: BinaryIO) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: BinaryIO) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: BinaryIO) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: BinaryIO) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


