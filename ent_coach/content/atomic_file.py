"""Writing a file so that it is either the old one or the complete new one, never half; and
reading one a person hands over without reading more than its format allows.

Every file ENT Coach hands to a person (plan, progress, profile archive, practices) or keeps for
itself (the tutorial index) is written this way: a temporary file in the same folder, flushed to
disk, then renamed over the target. On any failure the temporary file goes and the error is
raised for the caller to word.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """``write`` fills the temporary file; the target is replaced only once it is complete."""
    import tempfile  # not needed on the way to the first screen

    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def write_bytes_atomically(path: Path, data: bytes) -> None:
    write_atomically(path, lambda handle: handle.write(data))


# Python words system errors in English (« No space left on device »): the messages ENT Coach
# shows are French from end to end, so the usual causes are named in French.
_FRENCH_REASONS = {
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.ENOSPC: "disque plein",
    errno.EDQUOT: "quota de disque dépassé",
    errno.EROFS: "support en lecture seule",
    errno.EISDIR: "c'est un dossier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EEXIST: "le fichier existe déjà",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.EIO: "erreur d'entrée-sortie du support",
    errno.EBUSY: "fichier en cours d'utilisation",
}


def os_reason(error: OSError) -> str:
    """The cause of a failed file operation, in French when it is a usual one."""
    return _FRENCH_REASONS.get(error.errno or -1) or error.strerror or str(error)


def cannot_write(path: Path, error: OSError) -> str:
    return (
        f"Impossible d'enregistrer le fichier « {path.name} » ({os_reason(error)}) : vérifiez que "
        "le dossier est accessible en écriture et que le disque n'est pas plein."
    )


class FileTooLargeError(ValueError):
    """The file is larger than ``limit``; ``size`` is what was found (for the message)."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size} octets pour {limit} au plus")
        self.size = size
        self.limit = limit


def read_at_most(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` when it is a regular file of at most ``limit`` bytes.

    The size is checked before a byte is read (a huge file is never opened), then again on
    what was read, one byte past the limit (a file that grew since is still refused). Raises
    FileTooLargeError, IsADirectoryError for anything but a regular file, or the OSError of
    the failed read; the caller words them."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "ce n'est pas un fichier", str(path))
    if info.st_size > limit:
        raise FileTooLargeError(info.st_size, limit)
    with path.open("rb") as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise FileTooLargeError(len(raw), limit)
    return raw
