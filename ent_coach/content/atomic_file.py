"""Writing a file so that it is either the old one or the complete new one, never half; and
reading one a person hands over without reading more than its format allows, and only when it
is a regular file itself (never what a symbolic link points to, a folder, a device or a pipe).

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
import struct
import zipfile
import zlib
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
    if isinstance(error, NotRegularFileError):
        return error.reason
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


class NotRegularFileError(OSError):
    """What was to be read is a symbolic link, a folder or a special file (device, pipe):
    refused whatever it points to. ``reason`` is French, e.g. « c'est un dossier »."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(errno.EINVAL, reason, str(path))
        self.reason = reason


LINK_REASON = "c'est un lien symbolique ; choisissez le fichier lui-même"
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
# Without O_NONBLOCK, opening a named pipe would wait for a writer forever; it changes nothing
# for a regular file.
_OPEN_FLAGS = os.O_RDONLY | _NO_FOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def open_regular_file(path: Path) -> BinaryIO:
    """``path`` opened for reading, when it is a regular file and not a symbolic link.

    The link is refused by the opening itself (O_NOFOLLOW) and the kind of file is checked on
    what was opened, so nothing can be swapped in between a check and the reading. Raises
    NotRegularFileError (worded by ``os_reason``) or the OSError of the failed opening."""
    if not _NO_FOLLOW and path.is_symlink():  # no O_NOFOLLOW (Windows): checked just before
        raise NotRegularFileError(path, LINK_REASON)
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError:
        if path.is_symlink():  # ELOOP on Linux and macOS, EMLINK on FreeBSD
            raise NotRegularFileError(path, LINK_REASON) from None
        raise
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            reason = "c'est un dossier" if stat.S_ISDIR(mode) else "ce n'est pas un fichier ordinaire"
            raise NotRegularFileError(path, reason)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_at_most(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` when it is a regular file of at most ``limit`` bytes.

    The size is checked before a byte is read (a huge file is never read), then again on
    what was read, one byte past the limit (a file that grew since is still refused). Raises
    FileTooLargeError, NotRegularFileError for anything but a regular file (a symbolic link
    included, see ``open_regular_file``), or the OSError of the failed read; the caller words
    them."""
    with open_regular_file(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise FileTooLargeError(size, limit)
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise FileTooLargeError(len(raw), limit)
    return raw


# What Python's zip module raises on a damaged archive, besides its own BadZipFile: corrupt or
# truncated deflate data (zlib.error), a member name that is not the UTF-8 its flag announces
# (UnicodeDecodeError, a ValueError), an empty name (IndexError), offsets and sizes out of
# range (ValueError, OverflowError, struct.error), a premature end (EOFError). The readers
# of zip files catch all of these (after their own errors, which are ValueErrors too).
ZIP_DAMAGE: tuple[type[Exception], ...] = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError,
    ValueError, IndexError, OverflowError, struct.error,
)  # fmt: skip
# The compression methods read; ENT Coach writes deflate. Others (bzip2, LZMA) are refused
# rather than decompressed: their failures are worded in English by other modules.
ZIP_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
