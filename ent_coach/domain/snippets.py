"""Snippets of a search result: a few words around the first match, the matches marked.

Folded query terms (« securite ») must find the written words (« Sécurité »): the text is
folded character for character, so a match found in the folded text is at the same place in
the written one, and only near the match is the text cut into words. This costs microseconds
where SQLite's own ``snippet()`` read and scored a whole 1,000-word tutorial for every result
shown.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

from ent_coach.domain.text import fold

_TOKEN = re.compile(r"\w+")
# Characters looked at on either side of the first match to cut the window: enough for the
# words wanted, a small slice of a long text.
_BEFORE_CHARS, _AFTER_CHARS = 120, 400


@functools.cache
def _fold_table() -> dict[int, str]:
    """Each Latin letter to its folded letter, one character for one: the folded text keeps
    the positions of the written one (« œ » and « æ », two letters once folded, stay)."""
    table = {}
    for code in range(0x41, 0x250):  # Basic Latin to Latin Extended-B
        folded = fold(chr(code))
        if len(folded) == 1 and folded != chr(code):
            table[code] = folded
    table[ord("Œ")], table[ord("Æ")] = "œ", "æ"
    return table


def fold_in_place(text: str) -> str:
    """``text`` lower-cased and without accents, character for character. ``text`` must be
    NFC (see ``composed``)."""
    return text.translate(_fold_table())


def composed(text: str) -> str:
    """``text`` as NFC: in a decomposed « é » (e + accent) the accent is not a letter and the
    word would look cut in two."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


@functools.cache
def term_pattern(term: str, *, prefix: bool) -> re.Pattern[str]:
    """A pattern finding, in a text folded in place, the words that fold to ``term`` (or
    start with it, as a prefix)."""
    body = re.escape(term).replace("oe", "(?:oe|œ)").replace("ae", "(?:ae|æ)")
    end = r"\w*" if prefix else r"(?!\w)"
    # No look-behind in front: a pattern that starts with its letters is searched for much
    # faster; ``_word_matches`` checks that a match starts a word.
    return re.compile(body + end)


def _starts_word(folded: str, start: int) -> bool:
    return start == 0 or not (folded[start - 1].isalnum() or folded[start - 1] == "_")


def _word_matches(pattern: re.Pattern[str], folded: str) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` that start a word."""
    return (found for found in pattern.finditer(folded) if _starts_word(folded, found.start()))


def _first_word_match(pattern: re.Pattern[str], folded: str) -> int | None:
    found = pattern.search(folded)
    while found is not None and not _starts_word(folded, found.start()):
        found = pattern.search(folded, found.end())
    return None if found is None else found.start()


def patterns_for(terms: tuple[str, ...], *, last_is_prefix: bool) -> tuple[re.Pattern[str], ...]:
    return tuple(
        term_pattern(term, prefix=last_is_prefix and index == len(terms) - 1)
        for index, term in enumerate(terms)
    )


def snippet(
    text: str, folded: str, patterns: tuple[re.Pattern[str], ...], *, words: int, start: str, end: str
) -> str | None:
    """About ``words`` words of ``text`` around its first match, each match between ``start``
    and ``end``, « … » where the text is cut; None when nothing matches. ``folded`` is
    ``fold_in_place(text)``, kept by the caller: folding a long text costs more than the rest."""
    firsts = [_first_word_match(pattern, folded) for pattern in patterns]
    if all(found is None for found in firsts):
        return None
    first = min(found for found in firsts if found is not None)
    # Cut at word boundaries: a few words before the match, the rest after it.
    low = max(0, first - _BEFORE_CHARS)
    tokens = list(_TOKEN.finditer(text, low, min(len(text), first + _AFTER_CHARS)))
    at = next(index for index, token in enumerate(tokens) if token.start() >= first)
    begin = max(0, at - words // 4)
    if low > 0 and begin == 0 and len(tokens) > 1:
        begin = 1  # the slice may start inside a word
    chosen = tokens[begin : begin + words]
    left, right = chosen[0].start(), chosen[-1].end()
    marked = _mark(text[left:right], folded[left:right], patterns, start, end)
    before = "…" if left > 0 else ""
    after = "…" if right < len(text.rstrip()) else ""
    return before + " ".join(marked.split()) + after


def _mark(window: str, folded: str, patterns: tuple[re.Pattern[str], ...], start: str, end: str) -> str:
    spans = sorted({found.span() for pattern in patterns for found in _word_matches(pattern, folded)})
    out, position = [], 0
    for low, high in spans:
        if low < position:
            continue  # overlapping matches of two terms: the first wins
        out += [window[position:low], start, window[low:high], end]
        position = high
    out.append(window[position:])
    return "".join(out)


def leading_words(text: str, words: int) -> str:
    """The first ``words`` words of ``text``, with « … » when there is more."""
    tokens = list(_TOKEN.finditer(text, 0, min(len(text), 40 * words)))
    if len(tokens) <= words:
        return " ".join(text.split())
    return " ".join(text[: tokens[words - 1].end()].split()) + "…"
