"""Pydantic schema of tutorial front matter, with French error messages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, field_validator

from ent_coach.domain.taxonomy import LEVELS, THEMES, Role

TUTORIAL_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
AUDIENCE_IDS = {role.value for role in Role}


class SourceModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    publisher: Annotated[str, Field(min_length=2, max_length=120)]
    title: Annotated[str, Field(min_length=3, max_length=300)]
    url: HttpUrl
    section: Annotated[str, Field(max_length=200)] | None = None

    @field_validator("url")
    @classmethod
    def _https_only(cls, value: HttpUrl) -> HttpUrl:
        if value.scheme != "https":
            raise ValueError("l'adresse d'une source doit commencer par https://")
        return value


class TutorialFrontMatter(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: Annotated[str, Field(pattern=TUTORIAL_ID_PATTERN, max_length=80)]
    title: Annotated[str, Field(min_length=5, max_length=120)]
    summary: Annotated[str, Field(min_length=10, max_length=200)]
    themes: Annotated[list[str], Field(min_length=1, max_length=3)]
    audiences: Annotated[list[str], Field(min_length=1)]
    duration: Annotated[int, Field(ge=1, le=60)]
    level: str
    content_version: Annotated[int, Field(ge=1)]
    last_reviewed: dt.date
    sources: Annotated[list[SourceModel], Field(min_length=1)]

    @field_validator("themes")
    @classmethod
    def _known_themes(cls, value: list[str]) -> list[str]:
        unknown = [theme for theme in value if theme not in THEMES]
        if unknown:
            raise ValueError(
                f"thème inconnu : {', '.join(unknown)} (thèmes possibles : {', '.join(THEMES)})"
            )
        return value

    @field_validator("audiences")
    @classmethod
    def _known_audiences(cls, value: list[str]) -> list[str]:
        unknown = [aud for aud in value if aud not in AUDIENCE_IDS]
        if unknown:
            raise ValueError(
                f"public inconnu : {', '.join(unknown)} "
                f"(publics possibles : {', '.join(sorted(AUDIENCE_IDS))})"
            )
        return value

    @field_validator("level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value not in LEVELS:
            raise ValueError(f"niveau inconnu : {value} (niveaux possibles : {', '.join(LEVELS)})")
        return value


_FRENCH_MESSAGES: dict[str, str] = {
    "missing": "champ obligatoire absent",
    "extra_forbidden": "champ inconnu",
    "string_type": "une chaîne de caractères est attendue",
    "int_type": "un nombre entier est attendu",
    "int_parsing": "un nombre entier est attendu",
    "list_type": "une liste est attendue",
    "date_type": "une date AAAA-MM-JJ est attendue",
    "date_from_datetime_parsing": "une date AAAA-MM-JJ est attendue",
    "date_parsing": "une date AAAA-MM-JJ est attendue",
    "url_parsing": "adresse web invalide",
    "url_scheme": "l'adresse doit commencer par https://",
    "model_type": "un dictionnaire de champs est attendu",
    "string_pattern_mismatch": "format invalide (minuscules, chiffres et tirets seulement)",
}


def french_errors(error: ValidationError) -> list[tuple[tuple[Any, ...], str]]:
    """Each validation error as (location, French message)."""
    out: list[tuple[tuple[Any, ...], str]] = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        kind = item["type"]
        ctx = item.get("ctx") or {}
        if kind == "value_error":
            message = str(ctx.get("error", item["msg"]))
        elif kind == "string_too_short":
            message = f"texte trop court ({ctx.get('min_length')} caractères au moins)"
        elif kind == "string_too_long":
            message = f"texte trop long ({ctx.get('max_length')} caractères au plus)"
        elif kind == "too_short":
            message = f"liste trop courte ({ctx.get('min_length')} élément(s) au moins)"
        elif kind == "too_long":
            message = f"liste trop longue ({ctx.get('max_length')} éléments au plus)"
        elif kind in ("greater_than_equal", "less_than_equal"):
            bound = ctx.get("ge", ctx.get("le"))
            word = "au moins" if kind == "greater_than_equal" else "au plus"
            message = f"valeur hors limites ({word} {bound})"
        else:
            message = _FRENCH_MESSAGES.get(kind, item["msg"])
        field = ".".join(str(part) for part in loc) or "en-tête"
        out.append((loc, f"{field} : {message}"))
    return out
