"""Full-text search over tutorials with SQLite FTS5, accent- and case-insensitive.

The index lives in memory: tutorials are read-only content, rebuilt in a few milliseconds,
and keeping them out of the user's database means a content update never touches it.
``remove_diacritics 2`` folds "sécurité" and "securite" to the same token.
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


@dataclass(frozen=True, slots=True)
class SearchDocument:
    id: str
    title: str
    summary: str
    body: str


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    title: str
    snippet: str
    """Text with matches between HIGHLIGHT_START and HIGHLIGHT_END markers (escape, then mark)."""
    terms: tuple[str, ...]
    """Folded query terms, for locating the match in the page."""


def query_terms(text: str) -> list[str]:
    return [fold(token) for token in _TOKEN.findall(text)][:12]


class SearchIndex:
    def __init__(self, documents: Iterable[SearchDocument]) -> None:
        # One connection shared by the GUI's worker thread and tests: guarded by a lock.
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5("
            "id UNINDEXED, title, summary, body, "
            "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
        )
        self._db.executemany(
            "INSERT INTO docs (id, title, summary, body) VALUES (?, ?, ?, ?)",
            ((d.id, d.title, d.summary, d.body) for d in documents),
        )
        self._db.commit()

    def search(self, text: str, *, limit: int = 30) -> list[SearchHit]:
        terms = query_terms(text)
        if not terms:
            return []
        # Every term must match; the last one as a prefix so results appear while typing.
        match = " ".join(f'"{term}"' for term in terms[:-1])
        match = f'{match} "{terms[-1]}"*'.strip()
        with self._lock:
            # Column -1 lets FTS5 pick the column (summary or body) that best shows the match.
            rows = self._db.execute(
                "SELECT id, title, snippet(docs, -1, ?, ?, '…', 14) "
                "FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0.0, 10.0, 4.0, 1.0) LIMIT ?",
                (HIGHLIGHT_START, HIGHLIGHT_END, match, limit),
            ).fetchall()
        return [SearchHit(doc_id, title, snippet, tuple(terms)) for doc_id, title, snippet in rows]

    def close(self) -> None:
        self._db.close()
