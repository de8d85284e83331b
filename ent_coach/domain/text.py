"""French text helpers that need no I/O: accent folding and slugs."""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case and strip diacritics: ``"Sécurité"`` → ``"securite"``; ``"œ"`` → ``"oe"``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("œ", "oe").replace("æ", "ae"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str) -> str:
    return _NON_SLUG.sub("-", fold(text)).strip("-")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def format_duration(seconds: float) -> str:
    """Human French duration: ``"moins d'une minute"``, ``"12 min"``, ``"1 h 05"``."""
    total_minutes = int(seconds // 60)
    if total_minutes < 1:
        return "moins d'une minute"
    hours, minutes = divmod(total_minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d}"
    return f"{minutes} min"
