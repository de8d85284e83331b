"""One search over everything a learner can open: tutorials, good practices (the shipped ones
and the profile's own), quiz questions with their explanations, sandbox scenarios, pathways.

The index is built off the GUI thread: the tutorials by ``warm_up`` after the first screen,
the other kinds at the first search (reading their content is what costs). A profile's own practices are a separate batch of the practices' table,
replaced when the profile changes or when a practice is written or deleted, so an edit is
found by the next search.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from ent_coach.store.search_index import (
    KindHits,
    SearchDocument,
    SearchHit,
    SearchIndex,
    query_terms,
)

if TYPE_CHECKING:
    from ent_coach.domain.pathways import Pathway
    from ent_coach.domain.practices import Practice
    from ent_coach.domain.profiles import Profile
    from ent_coach.domain.quiz.model import QuizItem
    from ent_coach.domain.sandbox.scenario import Scenario
    from ent_coach.domain.tutorials import Tutorial

log = logging.getLogger(__name__)

# Results of a kind shown before « more »; a group opened in full shows at most this many.
GROUP_SIZE = 5
GROUP_MAX = 200
_OWN = "perso"
_WORD = re.compile(r"\w+", re.UNICODE)


class ResultKind(StrEnum):
    """What a result opens; the order is the order of the groups on screen."""

    TUTORIAL = "tutoriel"
    PRACTICE = "pratique"
    QUIZ = "question"
    SCENARIO = "scenario"
    PATHWAY = "parcours"


def _none() -> tuple[()]:
    return ()


@dataclass(frozen=True)
class SearchSources:
    """Where the searchable content comes from; each is called once, on the worker."""

    tutorials: Callable[[], Sequence[Tutorial]] = _none
    practices: Callable[[], Sequence[Practice]] = _none
    quiz_items: Callable[[], Sequence[QuizItem]] = _none
    scenarios: Callable[[], Sequence[Scenario]] = _none
    pathways: Callable[[], Sequence[Pathway]] = _none
    own_practices: Callable[[Profile], Sequence[Practice]] = lambda _profile: ()
    own_generation: Callable[[], int] = lambda: 0
    """Changes whenever a profile's own practices may have changed."""


@dataclass(frozen=True, slots=True)
class SearchResults:
    text: str
    groups: tuple[KindHits, ...]
    # For a query of several words with no result: how many results each word alone gives,
    # and whether that count was capped.
    single_words: tuple[tuple[str, int, bool], ...] = field(default=())

    @property
    def total(self) -> int:
        """How many results; more than that when ``capped``."""
        return sum(group.total for group in self.groups)

    @property
    def capped(self) -> bool:
        return any(group.capped for group in self.groups)

    def group(self, kind: ResultKind) -> KindHits | None:
        return next((g for g in self.groups if g.kind == kind), None)

    def hits(self, kind: ResultKind) -> list[SearchHit]:
        group = self.group(kind)
        return list(group.hits) if group else []


def tutorial_document(tutorial: Tutorial) -> SearchDocument:
    from ent_coach.content.render import plain_text  # the Markdown stack loads on first search

    return SearchDocument(
        tutorial.id, tutorial.title, tutorial.summary, plain_text(tutorial.body), ResultKind.TUTORIAL
    )


def documents_for(tutorials: Iterable[Tutorial]) -> list[SearchDocument]:
    return [tutorial_document(t) for t in tutorials]


def practice_document(practice: Practice) -> SearchDocument:
    from ent_coach.services.practices import search_document

    return search_document(practice, kind=ResultKind.PRACTICE)


def quiz_document(item: QuizItem) -> SearchDocument:
    from ent_coach.domain.quiz.model import QUIZ_THEMES

    question = f"{item.situation}\n{item.question}" if item.situation else item.question
    # The options and what each one's feedback says, then the explanation: a learner
    # remembers « l'exception de courte citation » from a feedback, not from the question.
    words = [text for option in item.options for text in (option.text, option.feedback)]
    words += [item.explanation, *(QUIZ_THEMES.get(theme, "") for theme in item.themes)]
    return SearchDocument(item.id, item.title, question, "\n".join(words), ResultKind.QUIZ)


def scenario_document(scenario: Scenario) -> SearchDocument:
    # Goals and brief, never the hints or the solution: a search must not give them away.
    goals = [goal.label for goal in scenario.goals if getattr(goal, "label", None)]
    return SearchDocument(scenario.id, scenario.title, scenario.brief, "\n".join(goals), ResultKind.SCENARIO)


def pathway_document(pathway: Pathway) -> SearchDocument:
    steps = [text for step in pathway.steps for text in (step.title, step.instructions or "")]
    return SearchDocument(pathway.id, pathway.title, pathway.goal, "\n".join(steps), ResultKind.PATHWAY)


class SearchService:
    def __init__(self, sources: SearchSources) -> None:
        self._sources = sources
        self._index: SearchIndex | None = None
        self._pathway_ids: tuple[str, ...] = ()
        self._own_key: tuple[int, str, int] | None = None
        self._complete = False
        self._lock = threading.Lock()

    def _ensure_index(self, *, everything: bool = True) -> SearchIndex:
        """The index, tutorials first; the other kinds when ``everything`` is wanted (they
        need the quiz, sandbox, practices and pathways content read, which takes seconds on
        a slow laptop: the first search pays it, not the start-up)."""
        sources = self._sources
        if self._index is None:
            index = SearchIndex()  # one table per kind, created in the order of the groups
            self._add(index, ResultKind.TUTORIAL, lambda: documents_for(sources.tutorials()))
            self._index = index
        if everything and not self._complete:
            for kind, documents in (
                (ResultKind.PRACTICE, lambda: [practice_document(p) for p in sources.practices()]),
                (ResultKind.QUIZ, lambda: [quiz_document(item) for item in sources.quiz_items()]),
                (ResultKind.SCENARIO, lambda: [scenario_document(s) for s in sources.scenarios()]),
            ):
                self._add(self._index, kind, documents)
            self._complete = True
        return self._index

    @staticmethod
    def _add(index: SearchIndex, kind: ResultKind, documents: Callable[[], Iterable[SearchDocument]]) -> None:
        try:
            index.add(documents())
        except Exception:  # content that cannot be read must not take the search down
            log.exception("Recherche : contenu « %s » non indexé", kind)

    def _refresh(self, index: SearchIndex, profile: Profile | None) -> None:
        # Séance plans received as pathways come and go: compare their ids (a handful).
        pathways = tuple(self._sources.pathways())
        ids = tuple(p.id for p in pathways)
        if ids != self._pathway_ids or ResultKind.PATHWAY not in index.kinds():
            index.replace(ResultKind.PATHWAY, "", (pathway_document(p) for p in pathways))
            self._pathway_ids = ids
        # The pseudonym too: a deleted profile's number may be given to the next one.
        key = (profile.id, profile.pseudonym, self._sources.own_generation()) if profile else None
        if key != self._own_key:
            own = self._sources.own_practices(profile) if profile is not None else ()
            index.replace(ResultKind.PRACTICE, _OWN, (practice_document(p) for p in own))
            self._own_key = key

    def warm_up(self) -> None:
        """Index the tutorials (after the first screen: the rest waits for a search)."""
        with self._lock:
            self._ensure_index(everything=False)

    def prepare(self) -> None:
        """Index every kind now (the search page was opened: words are on their way)."""
        with self._lock:
            self._ensure_index()

    def search(
        self,
        text: str,
        *,
        profile: Profile | None = None,
        expanded: Iterable[str] = (),
    ) -> SearchResults:
        """Every kind's count and best ``GROUP_SIZE`` hits (``GROUP_MAX`` for the kinds in
        ``expanded``), in the order of ``ResultKind``."""
        with self._lock:
            index = self._ensure_index()
            self._refresh(index, profile)
        limits = {kind.value: GROUP_SIZE for kind in ResultKind}
        limits.update({kind: GROUP_MAX for kind in expanded})
        kinds = [kind.value for kind in ResultKind]
        groups = tuple(index.search_kinds(text, limit=limits, kinds=kinds))
        single: tuple[tuple[str, int, bool], ...] = ()
        words = list(dict.fromkeys(_WORD.findall(text)))[: len(query_terms(text))]
        if not groups and len(words) > 1:
            # Counts only: cheap, and they tell which word to drop.
            alone = [(word, index.search_kinds(word, limit=0, kinds=kinds)) for word in words]
            single = tuple(
                (word, sum(g.total for g in groups), any(g.capped for g in groups)) for word, groups in alone
            )
        return SearchResults(text, groups, single)
