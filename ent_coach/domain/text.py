"""French text helpers that need no I/O: accent folding, slugs and French spacing."""

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


# French typography: a no-break space (U+00A0) goes before « ; : ! ? » and after « so that
# the sign never starts a line on its own. Only an ordinary space already there is replaced
# (a colon with no space before it is a time, a URL or a code, never touched); inside the
# guillemets a missing space is added, since « and » are never written without one.
NBSP = "\u00a0"
_SPACE_BEFORE = re.compile(r"(?<=\S)[ \t]+(?=[;:!?»])")
_SPACE_AFTER_OPENING = re.compile(r"«[ \t]*(?=\S)")
_MISSING_BEFORE_CLOSING = re.compile(r"(?<=[^\s\u00a0\u202f«])»")
_HTML_PIECES = re.compile(r"(<[^>]*>)")
# Text nodes cut by inline tags: « <em>mot</em> : » puts the space at a node's edge.
_LEADING_SPACE = re.compile(r"^[ \t]+(?=[;:!?»])")
_TRAILING_OPENING = re.compile(r"«[ \t]+$")
_VERBATIM_TAGS = re.compile(r"<\s*(/?)\s*(code|pre|kbd|script|style)\b", re.IGNORECASE)


def french_spacing(text: str) -> str:
    """Plain text with no-break spaces before ``; : ! ? »`` and after ``«``."""
    if not text:
        return text
    text = _SPACE_BEFORE.sub(NBSP, text)
    text = _SPACE_AFTER_OPENING.sub("«" + NBSP, text)
    return _MISSING_BEFORE_CLOSING.sub(NBSP + "»", text)


def french_spacing_html(markup: str) -> str:
    """The same, in the text between tags only: tags, attributes and code stay as they are."""
    out: list[str] = []
    verbatim = 0
    for piece in _HTML_PIECES.split(markup):
        if piece.startswith("<"):
            tag = _VERBATIM_TAGS.match(piece)
            if tag:
                verbatim = max(0, verbatim - 1) if tag.group(1) else verbatim + 1
            out.append(piece)
        elif verbatim or not piece:
            out.append(piece)
        else:
            text = french_spacing(piece)
            if out:  # after a tag, a space at the start of the node follows a word
                text = _LEADING_SPACE.sub(NBSP, text)
            out.append(_TRAILING_OPENING.sub("«" + NBSP, text))
    return "".join(out)


def french_spacing_tree(value: object) -> object:
    """Every string in parsed YAML data (dict keys are left alone: they are field names)."""
    if isinstance(value, str):
        return french_spacing(value)
    if isinstance(value, list):
        return [french_spacing_tree(item) for item in value]
    if isinstance(value, dict):
        return {key: french_spacing_tree(item) for key, item in value.items()}
    return value
def plural(count: int, one: str, many: str) -> str:
    """The French form of a message for ``count``, ``%n`` replaced by it: 0 and 1 take the
    singular (« 0 tutoriel terminé », « 2 tutoriels terminés »), instead of a lazy
    « tutoriel(s) terminé(s) ». Screens pass both forms through ``tr()``, so that each stays
    translatable."""
    return (one if abs(count) < 2 else many).replace("%n", str(count))
