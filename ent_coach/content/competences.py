"""Load and check a competence framework: ``resources/competences/<id>.yaml``.

Rejected (file and line, in French): a missing field, levels that are not exactly 1 to 8, a
competence id outside its domain, descriptors that skip a level, a suggestion naming a
tutorial, quiz theme or scenario that does not exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ent_coach.content.frontmatter import line_for
from ent_coach.content.problems import Problem
from ent_coach.content.schema import SourceModel, french_errors
from ent_coach.content.yamlfile import read_yaml_file
from ent_coach.domain.competences import (
    Competence,
    CompetenceDomain,
    Framework,
    MasteryLevel,
    Suggestions,
)

LEVEL_COUNT = 8


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LevelModel(_Model):
    level: Annotated[int, Field(ge=1, le=LEVEL_COUNT)]
    band: Annotated[str, Field(min_length=3, max_length=40)]
    summary: Annotated[str, Field(min_length=20, max_length=400)]


class SuggestionsModel(_Model):
    tutorials: list[str] = []
    quiz_themes: list[str] = []
    scenarios: list[str] = []


class CompetenceModel(_Model):
    id: Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]+$")]
    title: Annotated[str, Field(min_length=5, max_length=120)]
    summary: Annotated[str, Field(min_length=20, max_length=400)]
    descriptors: dict[int, Annotated[str, Field(min_length=10, max_length=300)]]
    suggestions: SuggestionsModel = SuggestionsModel()


class DomainModel(_Model):
    id: Annotated[str, Field(pattern=r"^[0-9]+$")]
    title: Annotated[str, Field(min_length=5, max_length=120)]
    competences: Annotated[list[CompetenceModel], Field(min_length=1)]


class FrameworkModel(_Model):
    id: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]
    title: Annotated[str, Field(min_length=5, max_length=120)]
    short_title: Annotated[str, Field(min_length=2, max_length=20)]
    reference: Annotated[str, Field(min_length=5, max_length=200)]
    disclaimer: Annotated[str, Field(min_length=20, max_length=400)]
    last_verified: dt.date
    sources: Annotated[list[SourceModel], Field(min_length=1)]
    levels: Annotated[list[LevelModel], Field(min_length=LEVEL_COUNT, max_length=LEVEL_COUNT)]
    domains: Annotated[list[DomainModel], Field(min_length=1)]


@dataclass(frozen=True)
class KnownContent:
    """Ids a suggestion may name (``None``: not checked)."""

    tutorials: set[str] | None = None
    quiz_themes: set[str] | None = None
    scenarios: set[str] | None = None


@dataclass
class FrameworkSet:
    frameworks: list[Framework] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def load_frameworks(folder: Path, known: KnownContent = KnownContent()) -> FrameworkSet:
    found = FrameworkSet()
    for path in sorted(folder.glob("*.yaml")):
        framework, problems = load_framework(path, known)
        found.problems += problems
        if framework is not None:
            found.frameworks.append(framework)
    return found


def load_framework(
    path: Path, known: KnownContent = KnownContent()
) -> tuple[Framework | None, list[Problem]]:
    document, problems = read_yaml_file(path)
    if document is None:
        return None, problems
    if not isinstance(document.data, dict):
        return None, [Problem(path, 1, "le fichier doit être un dictionnaire de champs")]

    def at(loc: tuple[Any, ...], message: str) -> Problem:
        return Problem(path, line_for(document.key_lines, loc) if loc else 1, message)

    try:
        model = FrameworkModel.model_validate(document.data)
    except ValidationError as exc:
        return None, [at(loc, message) for loc, message in french_errors(exc)]
    errors: list[Problem] = []
    if model.id != path.stem:
        errors.append(at(("id",), f"id : « {model.id} » ne correspond pas au nom du fichier"))
    if [level.level for level in model.levels] != list(range(1, LEVEL_COUNT + 1)):
        errors.append(at(("levels",), "levels : les niveaux 1 à 8 sont attendus, dans l'ordre"))
    seen: set[str] = set()
    for d_index, domain in enumerate(model.domains):
        for c_index, competence in enumerate(domain.competences):
            loc = ("domains", d_index, "competences", c_index)
            if competence.id.split(".")[0] != domain.id:
                errors.append(
                    at(
                        (*loc, "id"),
                        f"la compétence {competence.id} n'appartient pas au domaine {domain.id}",
                    )
                )
            if competence.id in seen:
                errors.append(at((*loc, "id"), f"compétence en double : {competence.id}"))
            seen.add(competence.id)
            levels = sorted(competence.descriptors)
            if not levels or levels != list(range(1, len(levels) + 1)) or levels[-1] > LEVEL_COUNT:
                errors.append(
                    at(
                        (*loc, "descriptors"),
                        "descriptors : des niveaux qui se suivent à partir de 1 sont attendus",
                    )
                )
            for key, ids in (
                ("tutorials", known.tutorials),
                ("quiz_themes", known.quiz_themes),
                ("scenarios", known.scenarios),
            ):
                for index, value in enumerate(getattr(competence.suggestions, key)):
                    if ids is not None and value not in ids:
                        errors.append(
                            at(
                                (*loc, "suggestions", key, index),
                                f"suggestion inconnue ({key}) : {value}",
                            )
                        )
    if errors:
        return None, errors
    return _framework(model), []


def _framework(model: FrameworkModel) -> Framework:
    return Framework(
        id=model.id,
        title=model.title,
        short_title=model.short_title,
        reference=model.reference,
        disclaimer=model.disclaimer,
        levels=tuple(MasteryLevel(lv.level, lv.band, lv.summary) for lv in model.levels),
        domains=tuple(
            CompetenceDomain(
                id=domain.id,
                title=domain.title,
                competences=tuple(
                    Competence(
                        id=c.id,
                        domain=domain.id,
                        title=c.title,
                        summary=c.summary,
                        descriptors=dict(sorted(c.descriptors.items())),
                        suggestions=Suggestions(
                            tuple(c.suggestions.tutorials),
                            tuple(c.suggestions.quiz_themes),
                            tuple(c.suggestions.scenarios),
                        ),
                    )
                    for c in domain.competences
                ),
            )
            for domain in model.domains
        ),
    )
