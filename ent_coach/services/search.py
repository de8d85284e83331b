"""Search over the tutorial library (index built on first use, off the GUI thread)."""

from __future__ import annotations

import threading

from ent_coach.domain.tutorials import Tutorial
from ent_coach.store.search_index import SearchDocument, SearchHit, SearchIndex


def documents_for(tutorials: list[Tutorial]) -> list[SearchDocument]:
    from ent_coach.content.render import plain_text  # the Markdown stack loads on first search

    return [
        SearchDocument(id=t.id, title=t.title, summary=t.summary, body=plain_text(t.body))
        for t in tutorials
    ]


class TutorialSearch:
    def __init__(self, tutorials: list[Tutorial]) -> None:
        self._tutorials = tutorials
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()

    def _ensure_index(self) -> SearchIndex:
        with self._lock:
            if self._index is None:
                self._index = SearchIndex(documents_for(self._tutorials))
            return self._index

    def warm_up(self) -> None:
        self._ensure_index()

    def search(self, text: str, *, limit: int = 30) -> list[SearchHit]:
        return self._ensure_index().search(text, limit=limit)
