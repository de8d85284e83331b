"""Good practices: concrete classroom uses of the ENT, shipped or written by a teacher."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class PracticeSource:
    publisher: str
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Practice:
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
