"""Quiz items as the rest of the application sees them: immutable, validated content."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ent_coach.domain.taxonomy import Role
from ent_coach.domain.tutorials import Source

# Quiz themes are finer than tutorial themes: they follow the legal topics a teacher meets.
QUIZ_THEMES: dict[str, str] = {
    "principes-rgpd": "Principes du RGPD",
    "responsabilites": "Qui est responsable ?",
    "bases-legales": "Bases légales, consentement et mineurs",
    "droits-personnes": "Droits des personnes",
    "conservation": "Durées de conservation",
    "droit-image": "Droit à l'image et à la voix",
    "droit-auteur": "Œuvres des élèves et droit d'auteur",
    "outils-hors-cadre": "Outils hors du cadre institutionnel",
    "violations": "Violations de données",
    "chartes-moderation": "Chartes, modération et signalements",
    "harcelement": "Harcèlement scolaire",
    "gar-educonnect": "GAR, ÉduConnect et minimisation",
    "securite-comptes": "Mots de passe et sécurité des comptes",
}

DIFFICULTIES: dict[int, str] = {1: "Connaître", 2: "Appliquer", 3: "Analyser"}

# The school level an item's situation belongs to: an école (1er degré), a collège or lycée
# (2nd degré), or any teacher. A trainee is asked the items of their own level first.
FIRST_DEGREE = "premier"
SECOND_DEGREE = "second"
ANY_DEGREE = "tous"
DEGREES: dict[str, str] = {
    FIRST_DEGREE: "1er degré",
    SECOND_DEGREE: "2nd degré",
    ANY_DEGREE: "Tous niveaux",
}


class QuizFormat(StrEnum):
    SINGLE = "choix-unique"
    MULTIPLE = "choix-multiple"
    TRUE_FALSE = "vrai-faux"
    SCENARIO = "scenario"
    ORDERING = "ordre"

    @property
    def label(self) -> str:
        return FORMAT_LABELS[self]


FORMAT_LABELS: dict[QuizFormat, str] = {
    QuizFormat.SINGLE: "Choix unique",
    QuizFormat.MULTIPLE: "Réponses multiples",
    QuizFormat.TRUE_FALSE: "Vrai ou faux justifié",
    QuizFormat.SCENARIO: "Mise en situation",
    QuizFormat.ORDERING: "Remise en ordre",
}

OPTION_KEYS = "abcdef"

# A profile's role says which level to favour; a teacher or a trainer may work in either.
ROLE_DEGREES: dict[Role, str] = {
    Role.STAGIAIRE_1D: FIRST_DEGREE,
    Role.STAGIAIRE_2D: SECOND_DEGREE,
    Role.DIRECTION: SECOND_DEGREE,  # « personnel de direction »: chefs d'établissement
}


def degree_of_role(role: Role) -> str | None:
    """The level whose items a profile sees first, or None when every level suits it."""
    return ROLE_DEGREES.get(role)


@dataclass(frozen=True, slots=True)
class Option:
    """One option, or one step of an ordering item. ``key`` is its letter in the file order
    (a, b, c…), which never depends on the order shown to the learner."""

    key: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True, slots=True)
class QuizItem:
    id: str
    format: QuizFormat
    themes: tuple[str, ...]
    difficulty: int
    title: str
    situation: str | None
    question: str
    # For an ordering item, the steps in the right order.
    options: tuple[Option, ...]
    explanation: str
    sources: tuple[Source, ...]
    last_verified: dt.date
    volatile: bool
    shuffle: bool
    path: Path | None = None
    line: int = 1
    degree: str = ANY_DEGREE  # a key of DEGREES

    def suits(self, degree: str | None) -> bool:
        """Whether the item fits a learner of ``degree`` (None: any learner)."""
        return degree is None or self.degree in (ANY_DEGREE, degree)

    @property
    def theme(self) -> str:
        """The main theme, which the item counts for in draws and mastery."""
        return self.themes[0]

    @property
    def is_ordering(self) -> bool:
        return self.format is QuizFormat.ORDERING

    @property
    def is_multiple(self) -> bool:
        return self.format is QuizFormat.MULTIPLE

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(option.key for option in self.options)

    @property
    def correct_response(self) -> tuple[str, ...]:
        """Keys of the right answer: the right steps in order for an ordering item,
        the correct options in key order otherwise."""
        if self.is_ordering:
            return self.keys
        return tuple(option.key for option in self.options if option.correct)

    def option(self, key: str) -> Option:
        for option in self.options:
            if option.key == key:
                return option
        raise KeyError(key)


@dataclass(frozen=True, slots=True)
class QuizBank:
    items: tuple[QuizItem, ...]

    def by_id(self) -> dict[str, QuizItem]:
        return {item.id: item for item in self.items}

    def of_theme(self, theme: str) -> list[QuizItem]:
        return [item for item in self.items if item.theme == theme]

    def themes(self) -> list[str]:
        """Themes that have at least one item, in the canonical order."""
        present = {item.theme for item in self.items}
        return [theme for theme in QUIZ_THEMES if theme in present]
