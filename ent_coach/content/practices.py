"""Load and check good practices: ``resources/practices/<id>.yaml`` into domain objects.

A practice is rejected (file and line, in French) when a field is missing or out of bounds,
a level, discipline or service is unknown, a related tutorial or competence does not exist,
a source is not https or none is official, or the text holds markup (plain text only).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

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
    PracticeSource,
)

PRACTICE_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!]")

Text = Annotated[str, Field(min_length=3, max_length=400)]


def _plain(value: Any) -> Any:
    texts = value if isinstance(value, list) else [value]
    for text in texts:
        if isinstance(text, str) and _MARKUP.search(text):
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
