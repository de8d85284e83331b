"""A digital-competence framework (the CRCN): domains, competences, the eight mastery levels,
and the content suggested for each competence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MasteryLevel:
    level: int
    band: str  # Novice, Indépendant, Avancé, Expert
    summary: str


@dataclass(frozen=True, slots=True)
class Suggestions:
    tutorials: tuple[str, ...] = ()
    quiz_themes: tuple[str, ...] = ()
    scenarios: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.tutorials or self.quiz_themes or self.scenarios)


@dataclass(frozen=True, slots=True)
class Competence:
    id: str  # "2.2"
    domain: str  # "2"
    title: str
    summary: str
    descriptors: dict[int, str]  # "Je sais…" per level, where the framework gives one
    suggestions: Suggestions

    def descriptor(self, level: int, framework: Framework) -> str:
        """This competence's own statement for the level, else the level's general summary."""
        return self.descriptors.get(level) or framework.level(level).summary


@dataclass(frozen=True, slots=True)
class CompetenceDomain:
    id: str
    title: str
    competences: tuple[Competence, ...]


@dataclass(frozen=True, slots=True)
class Framework:
    id: str
    title: str
    short_title: str
    reference: str
    disclaimer: str
    levels: tuple[MasteryLevel, ...]
    domains: tuple[CompetenceDomain, ...]

    def level(self, level: int) -> MasteryLevel:
        return self.levels[level - 1]

    def competences(self) -> tuple[Competence, ...]:
        return tuple(c for domain in self.domains for c in domain.competences)

    def competence(self, competence_id: str) -> Competence | None:
        return next((c for c in self.competences() if c.id == competence_id), None)
