"""Full-text search with SQLite FTS5, accent- and case-insensitive, in groups of one kind.

The index lives in memory: it holds read-only content (and, for practices, the profile's own
ones), rebuilt in milliseconds, so a content update never touches the user's database.
``remove_diacritics 2`` folds "sécurité" and "securite" to the same token.

Each kind of document (tutorial, practice, quiz question…) has its own table: results are shown
grouped by kind, so ranking within a kind is what matters, and a kind's count and best few
results are two cheap queries on its table. Snippets are made for the rows shown only: asking
FTS5 for a snippet of every match before ``LIMIT`` is what made a broad query slow.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from ent_coach.domain.text import fold

HIGHLIGHT_START, HIGHLIGHT_END = "\x02", "\x03"
_TOKEN = re.compile(r"\w+", re.UNICODE)
_SNIPPET_TOKENS = 14
# A one-letter prefix would expand to a good part of the vocabulary: it is matched as a word.
_MIN_PREFIX = 2


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


def query_terms(text: str) -> list[str]:
    return [fold(token) for token in _TOKEN.findall(text)][:12]


def match_expression(terms: list[str]) -> str:
    """Every term must match; the last one as a prefix so results appear while typing.
    Terms are quoted: FTS5 operators typed by the user are plain words."""
    quoted = [f'"{term}"' for term in terms]
    if len(terms[-1]) >= _MIN_PREFIX:
        quoted[-1] += "*"
    return " ".join(quoted)


def _pick_snippet(summary: str, body: str) -> str:
    if HIGHLIGHT_START in summary or HIGHLIGHT_START not in body:
        return summary
    return body


class SearchIndex:
    def __init__(self, documents: Iterable[SearchDocument] = ()) -> None:
        # One connection shared by the GUI's worker thread and tests: guarded by a lock.
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._tables: dict[str, str] = {}  # kind → table name
        self._batches: dict[tuple[str, str], list[int]] = {}  # (kind, batch) → rowids
        self.add(documents)

    def _table(self, kind: str) -> str:
        table = self._tables.get(kind)
        if table is None:
            table = f"docs{len(self._tables)}"
            self._db.execute(
                f"CREATE VIRTUAL TABLE {table} USING fts5("
                "id UNINDEXED, title, summary, body, "
                "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
            )
            # A match in the title counts most, then the summary; the id is never searched.
            self._db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('rank', 'bm25(0.0, 10.0, 4.0, 1.0)')")
            self._tables[kind] = table
        return table

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
                table = self._table(kind)
                self._db.executemany(f"DELETE FROM {table} WHERE rowid = ?", ((r,) for r in rowids))
            self._insert(documents, batch)
            self._db.commit()

    def _insert(self, documents: Iterable[SearchDocument], batch: str) -> None:
        for document in documents:
            table = self._table(document.kind)
            cursor = self._db.execute(
                f"INSERT INTO {table} (id, title, summary, body) VALUES (?, ?, ?, ?)",
                (document.id, document.title, document.summary, document.body),
            )
            self._batches.setdefault((document.kind, batch), []).append(cursor.lastrowid or 0)

    def kinds(self) -> list[str]:
        with self._lock:
            return list(self._tables)

    def search(self, text: str, *, limit: int = 30, kind: str = "") -> list[SearchHit]:
        """The best ``limit`` hits of one kind, best first."""
        found = self.search_kinds(text, limit=limit, kinds=[kind])
        return list(found[0].hits) if found else []

    def search_kinds(
        self, text: str, *, limit: int | dict[str, int] = 5, kinds: Iterable[str] | None = None
    ) -> list[KindHits]:
        """For each kind with a match (in ``kinds`` order, default: the order they were
        added), its total count and best hits; ``limit`` may differ per kind."""
        terms = query_terms(text)
        if not terms:
            return []
        match = match_expression(terms)
        out = []
        with self._lock:
            for kind in self._tables if kinds is None else kinds:
                table = self._tables.get(kind)
                if table is None:
                    continue
                wanted = limit if isinstance(limit, int) else limit.get(kind, 5)
                total, hits = self._search_table(table, kind, match, tuple(terms), wanted)
                if total:
                    out.append(KindHits(kind, total, hits))
        return out

    def _search_table(
        self, table: str, kind: str, match: str, terms: tuple[str, ...], limit: int
    ) -> tuple[int, tuple[SearchHit, ...]]:
        (total,) = self._db.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", (match,)).fetchone()
        if not total or limit <= 0:
            return total, ()
        best = [
            rowid
            for (rowid,) in self._db.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rank LIMIT ?", (match, limit)
            )
        ]
        # The summary's snippet when it holds a match, else the body's; a title-only match
        # shows the summary's start (the title is shown anyway). Two named columns cost less
        # than column -1, which makes a candidate snippet of every column.
        marks = ",".join("?" * len(best))
        markers = (HIGHLIGHT_START, HIGHLIGHT_END)
        rows = {
            rowid: (doc_id, title, _pick_snippet(summary, body))
            for rowid, doc_id, title, summary, body in self._db.execute(
                f"SELECT rowid, id, title, snippet({table}, 2, ?, ?, '…', {_SNIPPET_TOKENS}), "
                f"snippet({table}, 3, ?, ?, '…', {_SNIPPET_TOKENS}) "
                f"FROM {table} WHERE {table} MATCH ? AND rowid IN ({marks})",
                (*markers, *markers, match, *best),
            )
        }
        hits = tuple(SearchHit(*rows[rowid], terms, kind) for rowid in best if rowid in rows)
        return total, hits

    def close(self) -> None:
        with self._lock:
            self._db.close()
