"""Load and check good practices: ``resources/practices/<id>.yaml`` into domain objects,
and the schema of the practices teachers write themselves.

A shipped practice is rejected (file and line, in French) when a field is missing or out of
bounds, a level, discipline or service is unknown, a related tutorial or competence does not
exist, a source is not https or none is official, or the text holds markup (plain text only).

An own practice (``OwnPracticeModel``) follows the same shape with a teacher's bounds: a
shorter description is fine, sources are optional, and any markup or control character is
refused. It is checked when saved, when read back from the database and when imported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from ent_coach.content.frontmatter import line_for
from ent_coach.content.problems import Problem
from ent_coach.content.schema import SourceModel, french_errors
from ent_coach.content.sources import is_official_url
from ent_coach.content.yamlfile import read_yaml_file
from ent_coach.domain.practices import (
    DISCIPLINES,
    SCHOOL_LEVELS,
    SERVICES,
    Practice,
    PracticeDraft,
    PracticeOrigin,
    PracticeSource,
)
from ent_coach.domain.text import has_invisible_characters, has_markup

PRACTICE_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Text = Annotated[str, Field(min_length=3, max_length=400)]


def _plain(value: Any) -> Any:
    texts = value if isinstance(value, list) else [value]
    for text in texts:
        if isinstance(text, str) and has_markup(text):
            raise ValueError("texte brut attendu : pas de balise HTML")
    return value


def _known(values: list[str], vocabulary: dict[str, str], what: str) -> list[str]:
    unknown = [value for value in values if value not in vocabulary]
    if unknown:
        raise ValueError(
            f"{what} inconnu(s) : {', '.join(unknown)} (possibles : {', '.join(vocabulary)})"
        )
    return values


class PracticeModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: Annotated[str, Field(pattern=PRACTICE_ID_PATTERN, max_length=60)]
    title: Annotated[str, Field(min_length=10, max_length=100)]
    summary: Annotated[str, Field(min_length=20, max_length=200)]
    levels: Annotated[list[str], Field(min_length=1, max_length=5)]
    disciplines: Annotated[list[str], Field(min_length=1, max_length=3)]
    services: Annotated[list[str], Field(min_length=1, max_length=4)]
    duration: Annotated[str, Field(min_length=3, max_length=60)]
    description: Annotated[str, Field(min_length=100, max_length=1200)]
    steps: Annotated[list[Text], Field(min_length=3, max_length=10)]
    benefits: Annotated[list[Text], Field(min_length=1, max_length=6)]
    vigilance: Annotated[list[Text], Field(min_length=1, max_length=6)]
    tutorials: Annotated[list[str], Field(max_length=4)] = []
    competences: Annotated[list[str], Field(max_length=4)] = []
    sources: Annotated[list[SourceModel], Field(min_length=1, max_length=4)]
    last_verified: dt.date

    _plain_text = field_validator(
        "title", "summary", "duration", "description", "steps", "benefits", "vigilance"
    )(_plain)

    @field_validator("levels")
    @classmethod
    def _levels(cls, value: list[str]) -> list[str]:
        return _known(value, SCHOOL_LEVELS, "niveau")

    @field_validator("disciplines")
    @classmethod
    def _disciplines(cls, value: list[str]) -> list[str]:
        return _known(value, DISCIPLINES, "discipline")

    @field_validator("services")
    @classmethod
    def _services(cls, value: list[str]) -> list[str]:
        return _known(value, SERVICES, "service")


@dataclass
class PracticeSet:
    practices: list[Practice] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def practice_from_model(model: PracticeModel) -> Practice:
    return Practice(
        id=model.id,
        title=model.title,
        summary=model.summary,
        levels=tuple(model.levels),
        disciplines=tuple(model.disciplines),
        services=tuple(model.services),
        duration=model.duration,
        description=model.description,
        steps=tuple(model.steps),
        benefits=tuple(model.benefits),
        vigilance=tuple(model.vigilance),
        tutorials=tuple(model.tutorials),
        competences=tuple(model.competences),
        sources=tuple(PracticeSource(s.publisher, s.title, str(s.url)) for s in model.sources),
    )


def load_practices(
    folder: Path, *, tutorial_ids: set[str] | None = None, competence_ids: set[str] | None = None
) -> PracticeSet:
    """Every practice in ``folder``, sorted by title; ids not checked when ``None``."""
    found = PracticeSet()
    for path in sorted(folder.glob("*.yaml")):
        document, problems = read_yaml_file(path)
        found.problems += problems
        if document is None:
            continue
        if not isinstance(document.data, dict):
            found.problems.append(
                Problem(path, 1, "le fichier doit être un dictionnaire de champs")
            )
            continue

        def at(loc: tuple[Any, ...], message: str, document=document, path=path) -> Problem:
            return Problem(path, line_for(document.key_lines, loc) if loc else 1, message)

        try:
            model = PracticeModel.model_validate(document.data)
        except ValidationError as exc:
            found.problems += [at(loc, message) for loc, message in french_errors(exc)]
            continue
        errors: list[Problem] = []
        if model.id != path.stem:
            errors.append(at(("id",), f"id : « {model.id} » ne correspond pas au nom du fichier"))
        for index, tutorial in enumerate(model.tutorials):
            if tutorial_ids is not None and tutorial not in tutorial_ids:
                errors.append(at(("tutorials", index), f"tutoriel inconnu : {tutorial}"))
        for index, competence in enumerate(model.competences):
            if competence_ids is not None and competence not in competence_ids:
                errors.append(at(("competences", index), f"compétence inconnue : {competence}"))
        if not any(is_official_url(str(source.url)) for source in model.sources):
            errors.append(at(("sources",), "sources : au moins une source officielle est attendue"))
        found.problems += errors
        if not errors:
            found.practices.append(practice_from_model(model))
    ids = [practice.id for practice in found.practices]
    if len(ids) != len(set(ids)):  # cannot happen with id == file name, kept as a guard
        found.problems.append(Problem(folder, 1, "identifiants de pratiques en double"))
    found.practices.sort(key=lambda p: p.title.casefold())
    return found


# --- practices written by a teacher ----------------------------------------------------------

OWN_ID_MAX = 60
REFERENCE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9.-]{0,79}$"

FIELD_LABELS: dict[str, str] = {
    "id": "Identifiant",
    "title": "Titre",
    "summary": "Résumé",
    "levels": "Niveaux",
    "disciplines": "Disciplines",
    "services": "Services ENT",
    "duration": "Durée",
    "description": "Description",
    "steps": "Étapes",
    "benefits": "Ce que cela apporte",
    "vigilance": "Points de vigilance",
    "tutorials": "Tutoriels liés",
    "competences": "Compétences liées",
    "sources": "Source",
}
_SOURCE_LABELS = {"publisher": "éditeur", "title": "titre", "url": "adresse", "section": "section"}

_CHECKED_LISTS = {"levels", "disciplines", "services", "tutorials", "competences"}
_LINE_LISTS = {"steps", "benefits", "vigilance"}


def _plain_line(value: str) -> str:
    # Checked line by line so that the message says which line of a list is wrong.
    return _plain_own(value)


OwnText = Annotated[str, Field(min_length=3, max_length=400), AfterValidator(_plain_line)]


def _plain_own(value: Any) -> Any:
    texts = value if isinstance(value, list) else [value]
    for text in texts:
        if not isinstance(text, str):
            continue
        if has_markup(text):
            raise ValueError("le texte ne doit pas contenir de balises HTML")
        if has_invisible_characters(text):
            raise ValueError("le texte contient un caractère de contrôle interdit")
    return value


def _no_blank_items(value: list[str]) -> list[str]:
    if any(not item for item in value):
        raise ValueError("une ligne est vide")
    return value


class OwnSourceModel(SourceModel):
    _plain_text = field_validator("publisher", "title", "section")(_plain_own)


class OwnPracticeModel(PracticeModel):
    """A teacher's practice: same fields as a shipped one, a teacher's bounds."""

    id: Annotated[str, Field(pattern=PRACTICE_ID_PATTERN, min_length=3, max_length=OWN_ID_MAX)]
    title: Annotated[str, Field(min_length=5, max_length=100)]
    summary: Annotated[str, Field(min_length=10, max_length=200)]
    duration: Annotated[str, Field(min_length=2, max_length=60)]
    description: Annotated[str, Field(min_length=40, max_length=1200)]
    steps: Annotated[list[OwnText], Field(min_length=1, max_length=10)]
    benefits: Annotated[list[OwnText], Field(min_length=1, max_length=6)]
    vigilance: Annotated[list[OwnText], Field(min_length=1, max_length=6)]
    tutorials: Annotated[
        list[Annotated[str, Field(pattern=REFERENCE_ID_PATTERN)]], Field(max_length=4)
    ] = []
    competences: Annotated[
        list[Annotated[str, Field(pattern=REFERENCE_ID_PATTERN)]], Field(max_length=4)
    ] = []
    sources: Annotated[list[OwnSourceModel], Field(max_length=4)] = []
    last_verified: dt.date | None = None

    _plain_text = field_validator("title", "summary", "duration", "description")(_plain_own)
    _no_blank = field_validator("steps", "benefits", "vigilance")(_no_blank_items)


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One problem in a teacher's practice: the field (a key of ``FIELD_LABELS``) and a French
    message that names it."""

    field: str
    message: str


class OwnPracticeInvalid(ValueError):
    """An own practice that fails the schema; ``problems`` names each field."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(problem.message for problem in problems))


def _problems(error: ValidationError) -> list[FieldProblem]:
    problems = []
    details = error.errors(include_url=False)
    for detail, (loc, text) in zip(details, french_errors(error), strict=True):
        # french_errors prefixes the dotted location; a teacher reads the field's French name.
        message = text.split(" : ", 1)[1] if " : " in text else text
        top = str(loc[0]) if loc else ""
        if detail["type"] == "too_short" and len(loc) == 1:
            minimum = (detail.get("ctx") or {}).get("min_length", 1)
            if top in _CHECKED_LISTS:
                message = "cochez au moins une case"
            elif top in _LINE_LISTS:
                message = f"écrivez au moins {minimum} ligne{'s' if minimum > 1 else ''}"
        elif detail["type"] == "too_long" and len(loc) == 1 and top in _CHECKED_LISTS:
            maximum = (detail.get("ctx") or {}).get("max_length")
            message = f"{maximum} au plus"
        elif detail["type"] == "too_long" and len(loc) == 1 and top in _LINE_LISTS:
            maximum = (detail.get("ctx") or {}).get("max_length")
            message = f"{maximum} lignes au plus"
        where = FIELD_LABELS.get(top, top or "Pratique")
        if top in ("steps", "benefits", "vigilance") and len(loc) > 1:
            where = f"{where}, ligne {int(loc[1]) + 1}"
        elif top == "sources" and len(loc) > 2:
            where = f"{where} {int(loc[1]) + 1}, {_SOURCE_LABELS.get(str(loc[2]), loc[2])}"
        elif top in ("tutorials", "competences") and len(loc) > 1:
            where = f"{where}, n° {int(loc[1]) + 1}"
        problems.append(FieldProblem(top, f"{where} : {message}"))
    return problems


def own_practice_data(practice_id: str, draft: PracticeDraft | Practice) -> dict[str, Any]:
    """The JSON-ready fields of an own practice (stored in the database, written to files)."""
    return {
        "id": practice_id,
        "title": draft.title,
        "summary": draft.summary,
        "levels": list(draft.levels),
        "disciplines": list(draft.disciplines),
        "services": list(draft.services),
        "duration": draft.duration,
        "description": draft.description,
        "steps": list(draft.steps),
        "benefits": list(draft.benefits),
        "vigilance": list(draft.vigilance),
        "tutorials": list(draft.tutorials),
        "competences": list(draft.competences),
        "sources": [
            {"publisher": s.publisher, "title": s.title, "url": s.url} for s in draft.sources
        ],
    }


def validate_own_practice(
    data: Any,
    *,
    created_at: dt.datetime | None = None,
    updated_at: dt.datetime | None = None,
) -> Practice:
    """An own practice from its JSON fields; raises ``OwnPracticeInvalid`` naming each field."""
    if not isinstance(data, dict):
        raise OwnPracticeInvalid(
            [FieldProblem("", "Pratique : un dictionnaire de champs est attendu")]
        )
    try:
        model = OwnPracticeModel.model_validate(data, strict=False)
    except ValidationError as exc:
        raise OwnPracticeInvalid(_problems(exc)) from None
    practice = practice_from_model(model)
    return Practice(
        **{name: getattr(practice, name) for name in _CONTENT_FIELDS},
        origin=PracticeOrigin.OWN,
        created_at=created_at,
        updated_at=updated_at,
    )


_CONTENT_FIELDS = (
    "id", "title", "summary", "levels", "disciplines", "services", "duration", "description",
    "steps", "benefits", "vigilance", "tutorials", "competences", "sources",
)  # fmt: skip
