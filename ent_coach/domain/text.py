"""French text helpers that need no I/O: accent folding and slugs."""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")
# Something that opens an HTML tag or comment: « <b », « </p », « <!-- ». A lone « < » in
# « 3 < 5 » is not markup.
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!]")
# Tab, line feed and carriage return are ordinary text; every other control character, and the
# invisible bidirectional overrides that can disguise text, are not.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case and strip diacritics: ``"Sécurité"`` → ``"securite"``; ``"œ"`` → ``"oe"``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("œ", "oe").replace("æ", "ae"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str) -> str:
    return _NON_SLUG.sub("-", fold(text)).strip("-")


def has_markup(text: str) -> bool:
    """Texts shown as plain text refuse anything that looks like HTML."""
    return _MARKUP.search(text) is not None


def has_invisible_characters(text: str) -> bool:
    return _INVISIBLE.search(text) is not None


def strip_invisible_characters(text: str) -> str:
    return _INVISIBLE.sub("", text)


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


def plural(count: int, one: str, many: str) -> str:
    """The French form of a message for ``count``, ``%n`` replaced by it: 0 and 1 take the
    singular (« 0 tutoriel terminé », « 2 tutoriels terminés »), instead of a lazy
    « tutoriel(s) terminé(s) ». Screens pass both forms through ``tr()``, so that each stays
    translatable."""
    return (one if abs(count) < 2 else many).replace("%n", str(count))
