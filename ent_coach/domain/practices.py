"""Good practices: concrete classroom uses of the ENT, shipped or written by a teacher."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

SCHOOL_LEVELS: dict[str, str] = {
    "cycle-1": "Cycle 1 (maternelle)",
    "cycle-2": "Cycle 2 (CP-CE2)",
    "cycle-3": "Cycle 3 (CM1-6e)",
    "cycle-4": "Cycle 4 (5e-3e)",
    "lycee": "Lycée",
}

DISCIPLINES: dict[str, str] = {
    "francais": "Français",
    "mathematiques": "Mathématiques",
    "histoire-geographie": "Histoire-géographie",
    "emc": "Enseignement moral et civique",
    "sciences": "Sciences",
    "langues-vivantes": "Langues vivantes",
    "arts-plastiques": "Arts plastiques",
    "education-musicale": "Éducation musicale",
    "eps": "EPS",
    "technologie": "Technologie",
    "snt-nsi": "SNT / NSI",
    "documentation": "Documentation et EMI",
    "vie-de-classe": "Vie de classe",
    "pluridisciplinaire": "Pluridisciplinaire",
}

SERVICES: dict[str, str] = {
    "blog": "Blog",
    "espace-documentaire": "Espace documentaire",
    "actualites": "Actualités",
    "forum": "Forum",
    "cahier-de-textes": "Cahier de textes",
    "messagerie": "Messagerie",
    "casier": "Casier",
    "wiki": "Wiki",
    "mur-collaboratif": "Mur collaboratif",
    "pages": "Pages",
    "agenda": "Agenda",
    "exercices": "Exercices",
}


class PracticeOrigin(StrEnum):
    SHIPPED = "fournie"
    OWN = "personnelle"


ORIGIN_LABELS: dict[PracticeOrigin, str] = {
    PracticeOrigin.SHIPPED: "Fournie avec ENT Coach",
    PracticeOrigin.OWN: "Pratique personnelle",
}


@dataclass(frozen=True, slots=True)
class PracticeSource:
    publisher: str
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Practice:
    """A practice. Two practices compare equal when their content is the same: where it comes
    from and when it was written are bookkeeping (that is how an import spots an identical
    copy)."""

    id: str
    title: str
    summary: str
    levels: tuple[str, ...]
    disciplines: tuple[str, ...]
    services: tuple[str, ...]
    duration: str
    description: str
    steps: tuple[str, ...]
    benefits: tuple[str, ...]
    vigilance: tuple[str, ...]
    tutorials: tuple[str, ...]
    competences: tuple[str, ...]
    sources: tuple[PracticeSource, ...]
    origin: PracticeOrigin = field(default=PracticeOrigin.SHIPPED, compare=False)
    created_at: dt.datetime | None = field(default=None, compare=False)
    updated_at: dt.datetime | None = field(default=None, compare=False)

    @property
    def is_own(self) -> bool:
        return self.origin is PracticeOrigin.OWN

    def draft(self) -> PracticeDraft:
        """The editable fields, to prefill a form."""
        return PracticeDraft(
            title=self.title,
            summary=self.summary,
            levels=self.levels,
            disciplines=self.disciplines,
            services=self.services,
            duration=self.duration,
            description=self.description,
            steps=self.steps,
            benefits=self.benefits,
            vigilance=self.vigilance,
            tutorials=self.tutorials,
            competences=self.competences,
            sources=self.sources,
        )


@dataclass(frozen=True, slots=True)
class PracticeDraft:
    """What a teacher types in the form: a practice without its id, not yet validated."""

    title: str = ""
    summary: str = ""
    levels: tuple[str, ...] = ()
    disciplines: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    duration: str = ""
    description: str = ""
    steps: tuple[str, ...] = ()
    benefits: tuple[str, ...] = ()
    vigilance: tuple[str, ...] = ()
    tutorials: tuple[str, ...] = ()
    competences: tuple[str, ...] = ()
    sources: tuple[PracticeSource, ...] = ()


@dataclass(frozen=True, slots=True)
class PracticeFilter:
    """The browsing filters; an empty string means « tous »."""

    level: str = ""
    discipline: str = ""
    service: str = ""
    favourites_only: bool = False
    origin: PracticeOrigin | None = None

    @property
    def is_default(self) -> bool:
        return self == PracticeFilter()

    def accepts(self, practice: Practice, favourites: Collection[str]) -> bool:
        if self.level and self.level not in practice.levels:
            return False
        if self.discipline and self.discipline not in practice.disciplines:
            return False
        if self.service and self.service not in practice.services:
            return False
        if self.favourites_only and practice.id not in favourites:
            return False
        return self.origin is None or practice.origin is self.origin


def filter_practices(
    practices: Iterable[Practice],
    criteria: PracticeFilter,
    favourites: Collection[str],
    *,
    matching: list[str] | None = None,
) -> list[Practice]:
    """Practices that pass ``criteria``. ``matching`` (ids of a text search, best first)
    keeps only those and orders them by relevance; without it the input order is kept."""
    kept = [p for p in practices if criteria.accepts(p, favourites)]
    if matching is None:
        return kept
    rank = {practice_id: position for position, practice_id in enumerate(matching)}
    return sorted((p for p in kept if p.id in rank), key=lambda p: rank[p.id])


def labels(ids: Iterable[str], vocabulary: dict[str, str]) -> list[str]:
    """French labels of known ids, in the given order (an unknown id shows as itself)."""
    return [vocabulary.get(value, value) for value in ids]


def practice_count_text(shown: int, total: int) -> str:
    """« 34 pratiques », « 1 pratique », « 3 pratiques sur 34 »."""
    noun = "pratique" if shown <= 1 else "pratiques"
    if shown == total:
        return f"{shown} {noun}"
    return f"{shown} {noun} sur {total}"
