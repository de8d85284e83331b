"""One ENT Coach at a time per data folder: a QLockFile beside the database.

Two windows on the same database would each keep their own view of it (the profile being
edited, the séance on screen) and overwrite each other. The lock holds the process id; a lock
left by a process that no longer runs (crash, power cut) is taken over, whatever its age.
The command line takes the same lock, so it never writes under an open window.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QLockFile

from ent_coach import paths
from ent_coach.store.errors import DataDirInUseError

log = logging.getLogger(__name__)


def lock_data_dir(directory: Path, *, wait_ms: int = 0) -> QLockFile | None:
    """Take ``directory``'s lock, waiting up to ``wait_ms`` for it; the caller unlocks.

    Raises DataDirInUseError when another running ENT Coach keeps it. Where no lock can be
    written (read-only folder, full disk) returns None: opening the database then reports
    the folder's problem, and read-only commands still work.
    """
    lock = QLockFile(str(paths.lock_path(directory)))
    lock.setStaleLockTime(0)  # stale only when its process is gone, never because of its age
    if lock.tryLock(wait_ms):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        raise DataDirInUseError(directory)
    log.info("Verrou du dossier de données impossible à poser (%s)", lock.error().name)
    return None


@contextlib.contextmanager
def hold_data_dir(directory: Path, *, wait_ms: int = 0) -> Iterator[None]:
    """``lock_data_dir`` for a ``with`` block (the command line)."""
    lock = lock_data_dir(directory, wait_ms=wait_ms)
    try:
        yield
    finally:
        if lock is not None:
            lock.unlock()
