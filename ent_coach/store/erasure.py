"""Erasing for good inside the database file.

A deleted row can survive on disk in three places: in the free pages of the file (every
connection sets ``secure_delete``, which overwrites them with zeros, and VACUUM rewrites the
file without them), in the write-ahead log, and in the main file's old pages for as long as
another connection (a second window, a command) still reads an older snapshot: the
checkpoint that copies the new pages over them cannot complete until that reader is done.

So an erase records a marker (``PENDING_ERASE_KEY`` in ``app_state``) in the same
transaction as its DELETE; ``compact`` then runs VACUUM and retries the checkpoint, and only
a complete one clears the marker. When the checkpoint still cannot complete, or the process
is stopped between the DELETE and the VACUUM, the next start finds the marker and finishes.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

log = logging.getLogger(__name__)

PENDING_ERASE_KEY = "effacement_a_terminer"
# Each attempt waits this long for readers (SQLite's busy handler), then a short pause:
# about five seconds in all before the erase is reported as finishing at the next start.
CHECKPOINT_WAIT_MS = 400
CHECKPOINT_ATTEMPTS = 10
CHECKPOINT_PAUSE_S = 0.1


def is_pending(connection: sqlite3.Connection) -> bool:
    """Whether an erase was not finished (any connection, read-only is enough)."""
    try:
        row = connection.execute(
            "SELECT 1 FROM app_state WHERE key = ?", (PENDING_ERASE_KEY,)
        ).fetchone()
    except sqlite3.OperationalError:  # no app_state table yet: nothing was ever erased
        return False
    return row is not None


def checkpoint(connection: sqlite3.Connection, attempts: int | None = None) -> bool:
    """Copy the whole write-ahead log into the file and empty it, retrying while another
    connection reads an older snapshot. True when it completed."""
    attempts = attempts or CHECKPOINT_ATTEMPTS
    connection.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
    for attempt in range(attempts):
        try:
            busy, _log_frames, _copied = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.OperationalError:  # a writer holds the lock: same as busy
            busy = 1
        if busy == 0:
            return True
        if attempt + 1 < attempts:
            time.sleep(CHECKPOINT_PAUSE_S)
    return False


def compact(path: Path) -> bool:
    """Finish an erase: VACUUM, then a complete checkpoint, then clear the marker.

    True when nothing of the erased rows is left in the file or its log; False when another
    connection kept the checkpoint from completing (the marker stays: the next start
    finishes the work).
    """
    connection = sqlite3.connect(path, isolation_level=None, timeout=CHECKPOINT_WAIT_MS / 1000)
    try:
        connection.execute("PRAGMA secure_delete = ON")
        try:
            connection.execute("VACUUM")
        except sqlite3.OperationalError as exc:
            log.warning("Effacement : compactage de la base remis au prochain démarrage (%s).", exc)
            return False
        if not checkpoint(connection):
            log.warning(
                "Effacement : la base est lue par un autre programme ; il sera achevé au "
                "prochain démarrage."
            )
            return False
        connection.execute("DELETE FROM app_state WHERE key = ?", (PENDING_ERASE_KEY,))
        # Only the marker's page is in the log now; empty it too when nobody is reading.
        checkpoint(connection, attempts=1)
        return True
    finally:
        connection.close()
