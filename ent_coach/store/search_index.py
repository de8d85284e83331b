"""Full-text search with SQLite FTS5, accent- and case-insensitive, in groups of one kind.

The index lives in memory: it holds read-only content (and, for practices, the profile's own
ones), rebuilt in milliseconds, so a content update never touches the user's database.
``remove_diacritics 2`` folds "sécurité" and "securite" to the same token; « œ » and « æ »,
which FTS5 keeps as letters of their own, are written « oe » and « ae » in the index, as the
query folds them.

Each kind of document (tutorial, practice, quiz question…) has its own tables: results are
shown grouped by kind, so ranking within a kind is what matters. The work per kind is bounded
whatever the query, so that typing stays instant on a large corpus:

- matches are counted up to ``COUNT_CAP`` (« plus de 100 résultats » beyond);
- up to that many matches are ranked with bm25 over title, summary and body; a broader query
  ranks the documents with every word in their title or summary (a small second table), then
  gives the others in the order they were added;
- a last word of four letters or more is expanded, from the kind's vocabulary, into the words
  it starts (FTS5 would merge every one of their position lists before the first result);
- snippets are made in Python for the rows shown only (``domain.snippets``): FTS5's
  ``snippet()`` read the whole of a long tutorial for every match.
"""

from __future__ import annotations

import bisect
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ent_coach.domain.snippets import composed, fold_in_place, leading_words, patterns_for, snippet
from ent_coach.domain.text import fold

HIGHLIGHT_START, HIGHLIGHT_END = "\x02", "\x03"
_TOKEN = re.compile(r"\w+", re.UNICODE)
_INDEX_TOKEN = re.compile(r"[^\W_]+")  # FTS5's unicode61: letters and digits
_SNIPPET_TOKENS = 14
# A one-letter prefix would expand to a good part of the vocabulary: it is matched as a word.
_MIN_PREFIX = 2
# Prefixes of 2 and 3 letters have their own FTS5 index; longer ones are expanded here, unless
# they start more words than this (FTS5 then merges them, as for a short prefix).
_NATIVE_PREFIX_MAX, _EXPANSION_MAX = 3, 64
COUNT_CAP = 100
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


@dataclass(frozen=True, slots=True)
class SearchDocument:
    id: str
    title: str
    summary: str
    body: str
    kind: str = ""


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    title: str
    snippet: str
    """Text with matches between HIGHLIGHT_START and HIGHLIGHT_END markers (escape, then mark)."""
    terms: tuple[str, ...]
    """Folded query terms, for locating the match in the page."""
    kind: str = ""


@dataclass(frozen=True, slots=True)
class KindHits:
    """The best hits of one kind, and how many documents of that kind match in all."""

    kind: str
    total: int
    hits: tuple[SearchHit, ...]
    capped: bool = False
    """More than ``total`` match: counting stopped at ``COUNT_CAP``."""


# Small French words that every document contains: required by the query (all terms must
# match) and highlighted in every snippet, they only added noise (« mot de passe »).
_STOP_WORDS = frozenset(
    ["a", "au", "aux", "avec", "ce", "ces", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "n", "ne", "ou", "par", "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sur", "un", "une", "y"]
)


def query_terms(text: str) -> list[str]:
    terms = [fold(token) for token in _TOKEN.findall(text)][:12]
    meaningful = [term for term in terms if term not in _STOP_WORDS]
    # The last word is being typed (« d » may become « droit »); a query of small words only
    # is kept as it is.
    if terms and terms[-1] in _STOP_WORDS and len(terms[-1]) < 3 and text[-1:].isalnum():
        meaningful.append(terms[-1])
    return meaningful or terms


def match_expression(terms: list[str], expansions: list[str] | None = None) -> str:
    """Every term must match; the last one as a prefix so results appear while typing, or
    as any of its ``expansions``. Terms are quoted: FTS5 operators typed by the user are
    plain words."""
    quoted = [f'"{term}"' for term in terms]
    if expansions:
        quoted[-1] = "(" + " OR ".join(f'"{word}"' for word in expansions) + ")"
    elif len(terms[-1]) >= _MIN_PREFIX:
        quoted[-1] += "*"
    return " AND ".join(quoted)


def _indexed(text: str) -> str:
    return text.translate(_LIGATURES)


@dataclass
class _Kind:
    """The tables of one kind and what is known of its documents."""

    table: str
    heads: str  # title and summary only: ranks a broad query cheaply
    vocabulary: Counter[str] = field(default_factory=Counter)  # word → documents holding it
    _sorted: list[str] | None = None

    def words(self) -> list[str]:
        if self._sorted is None:
            self._sorted = sorted(word for word, count in self.vocabulary.items() if count > 0)
        return self._sorted

    def expansions(self, prefix: str) -> list[str] | None:
        """The words starting with ``prefix``; None when FTS5 should expand it itself."""
        if len(prefix) <= _NATIVE_PREFIX_MAX or not _INDEX_TOKEN.fullmatch(prefix):
            return None
        words = self.words()
        start = bisect.bisect_left(words, prefix)
        end = bisect.bisect_left(words, prefix + "\U0010ffff", start)
        return words[start:end] if end - start <= _EXPANSION_MAX else None


@dataclass(frozen=True, slots=True)
class _Stored:
    id: str
    title: str
    summary: str
    body: str
    folded: tuple[str, str]  # summary and body folded in place, for snippets
    words: frozenset[str]


def _snippet(
    summary: str, body: str, folded: tuple[str, str], patterns: tuple[re.Pattern[str], ...]
) -> str:
    """The summary's words around the match when it holds one, else the body's; a title-only
    match shows the summary's start (the title is shown above it anyway)."""
    for text, text_folded in zip((summary, body), folded, strict=True):
        found = snippet(
            text, text_folded, patterns, words=_SNIPPET_TOKENS, start=HIGHLIGHT_START, end=HIGHLIGHT_END
        )
        if found is not None:
            return found
    return leading_words(summary, _SNIPPET_TOKENS)


class SearchIndex:
    def __init__(self, documents: Iterable[SearchDocument] = ()) -> None:
        # One connection shared by the GUI's worker thread and tests: guarded by a lock.
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._kinds: dict[str, _Kind] = {}
        self._batches: dict[tuple[str, str], list[int]] = {}  # (kind, batch) → rowids
        self._stored: dict[tuple[str, int], _Stored] = {}
        self._next_rowid = 1
        self.add(documents)

    def _kind(self, kind: str) -> _Kind:
        found = self._kinds.get(kind)
        if found is None:
            table = f"docs{len(self._kinds)}"
            found = _Kind(table, f"{table}_heads")
            tokenizer = "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'"
            self._db.execute(f"CREATE VIRTUAL TABLE {found.table} USING fts5(title, summary, body, {tokenizer})")
            self._db.execute(f"CREATE VIRTUAL TABLE {found.heads} USING fts5(title, summary, {tokenizer})")
            # A match in the title counts most, then the summary.
            for name, weights in ((found.table, "10.0, 4.0, 1.0"), (found.heads, "10.0, 4.0")):
                self._db.execute(f"INSERT INTO {name} ({name}, rank) VALUES ('rank', 'bm25({weights})')")
            self._kinds[kind] = found
        return found

    def add(self, documents: Iterable[SearchDocument], *, batch: str = "") -> None:
        """Add documents; those of one ``batch`` can later be replaced together."""
        with self._lock:
            self._insert(documents, batch)
            self._db.commit()

    def replace(self, kind: str, batch: str, documents: Iterable[SearchDocument]) -> None:
        """Put ``documents`` in place of the batch's previous ones (a profile's own practices
        after an edit), in one transaction: a search sees the old batch or the new one."""
        with self._lock:
            rowids = self._batches.pop((kind, batch), [])
            if rowids:
                tables = self._kind(kind)
                for name in (tables.table, tables.heads):
                    self._db.executemany(f"DELETE FROM {name} WHERE rowid = ?", ((r,) for r in rowids))
                for rowid in rowids:
                    stored = self._stored.pop((kind, rowid))
                    tables.vocabulary.subtract(stored.words)
                tables._sorted = None
            self._insert(documents, batch)
            self._db.commit()

    def _insert(self, documents: Iterable[SearchDocument], batch: str) -> None:
        for document in documents:
            tables = self._kind(document.kind)
            title, summary, body = (composed(text) for text in (document.title, document.summary, document.body))
            rowid = self._next_rowid
            self._next_rowid += 1
            indexed = (_indexed(title), _indexed(summary), _indexed(body))
            self._db.execute(f"INSERT INTO {tables.table} (rowid, title, summary, body) VALUES (?, ?, ?, ?)", (rowid, *indexed))
            self._db.execute(f"INSERT INTO {tables.heads} (rowid, title, summary) VALUES (?, ?, ?)", (rowid, *indexed[:2]))
            folded = (fold_in_place(summary), fold_in_place(body))
            words = frozenset(_INDEX_TOKEN.findall(fold_in_place(" ".join(indexed)).lower()))
            tables.vocabulary.update(words)
            tables._sorted = None
            self._stored[(document.kind, rowid)] = _Stored(document.id, title, summary, body, folded, words)
            self._batches.setdefault((document.kind, batch), []).append(rowid)

    def kinds(self) -> list[str]:
        with self._lock:
            return list(self._kinds)

    def search(self, text: str, *, limit: int = 30, kind: str = "") -> list[SearchHit]:
        """The best ``limit`` hits of one kind, best first."""
        found = self.search_kinds(text, limit=limit, kinds=[kind])
        return list(found[0].hits) if found else []

    def search_kinds(
        self, text: str, *, limit: int | dict[str, int] = 5, kinds: Iterable[str] | None = None
    ) -> list[KindHits]:
        """For each kind with a match (in ``kinds`` order, default: the order they were
        added), its count and best hits; ``limit`` may differ per kind."""
        terms = query_terms(text)
        if not terms:
            return []
        out = []
        with self._lock:
            for kind in list(self._kinds) if kinds is None else kinds:
                tables = self._kinds.get(kind)
                if tables is None:
                    continue
                wanted = limit if isinstance(limit, int) else limit.get(kind, 5)
                found = self._search_kind(kind, tables, terms, wanted)
                if found is not None:
                    out.append(found)
        return out

    def _search_kind(self, kind: str, tables: _Kind, terms: list[str], limit: int) -> KindHits | None:
        expansions = tables.expansions(terms[-1])
        if expansions == []:
            return None  # no word of this kind starts that way
        match = match_expression(terms, expansions)
        table = tables.table
        (total,) = self._db.execute(
            f"SELECT count(*) FROM (SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT ?)", (match, COUNT_CAP + 1)
        ).fetchone()
        if not total:
            return None
        capped = total > COUNT_CAP
        if limit <= 0:
            best: list[int] = []
        elif not capped:
            best = self._rowids(f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rank LIMIT ?", match, limit)
        else:
            heads = tables.heads
            best = self._rowids(f"SELECT rowid FROM {heads} WHERE {heads} MATCH ? ORDER BY rank LIMIT ?", match, limit)
            if len(best) < limit:
                chosen = set(best)
                more = self._rowids(f"SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT ?", match, 2 * limit)
                best += [rowid for rowid in more if rowid not in chosen][: limit - len(best)]
        patterns = patterns_for(tuple(terms), last_is_prefix=len(terms[-1]) >= _MIN_PREFIX)
        hits = []
        for rowid in best:
            stored = self._stored[(kind, rowid)]
            text = _snippet(stored.summary, stored.body, stored.folded, patterns)
            hits.append(SearchHit(stored.id, stored.title, text, tuple(terms), kind))
        return KindHits(kind, min(total, COUNT_CAP), tuple(hits), capped)

    def _rowids(self, sql: str, match: str, limit: int) -> list[int]:
        return [rowid for (rowid,) in self._db.execute(sql, (match, limit))]

    def close(self) -> None:
        with self._lock:
            self._db.close()
