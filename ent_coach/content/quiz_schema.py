"""Pydantic schema of quiz items (``resources/quiz/*.yaml``), with French messages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ent_coach.content.schema import SourceModel
from ent_coach.content.sources import is_official_url
from ent_coach.domain.quiz.model import ANY_DEGREE, DEGREES, QUIZ_THEMES, QuizFormat

QUIZ_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
FORMATS = ", ".join(fmt.value for fmt in QuizFormat)

Text = Annotated[str, Field(min_length=2, max_length=600)]


class OptionModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: Annotated[str, Field(min_length=1, max_length=400)]
    correct: bool = False
    feedback: Annotated[str, Field(min_length=10, max_length=800)]


class StepModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: Annotated[str, Field(min_length=1, max_length=400)]
    feedback: Annotated[str, Field(min_length=10, max_length=800)]


class QuizItemModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: Annotated[str, Field(pattern=QUIZ_ID_PATTERN, max_length=80)]
    format: str
    themes: Annotated[list[str], Field(min_length=1, max_length=2)]
    difficulty: int
    # The school level of the situation: premier (école), second (collège, lycée) or tous.
    degre: str = ANY_DEGREE
    title: Annotated[str, Field(min_length=5, max_length=100)]
    situation: Annotated[str, Field(min_length=20, max_length=1200)] | None = None
    question: Annotated[str, Field(min_length=5, max_length=600)]
    options: list[OptionModel] | None = None
    steps: list[StepModel] | None = None
    # For ``ordre`` only: the right order as step numbers (1-based) when the steps are not
    # listed in the right order. Without it, the order of ``steps`` is the answer.
    answer: list[int] | None = None
    explanation: Annotated[str, Field(min_length=20, max_length=1500)]
    sources: Annotated[list[SourceModel], Field(min_length=1)]
    last_verified: dt.date
    volatile: bool = False
    shuffle: bool = True

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if value not in {fmt.value for fmt in QuizFormat}:
            raise ValueError(f"format inconnu : {value} (formats possibles : {FORMATS})")
        return value

    @field_validator("themes")
    @classmethod
    def _known_themes(cls, value: list[str]) -> list[str]:
        unknown = [theme for theme in value if theme not in QUIZ_THEMES]
        if unknown:
            raise ValueError(
                f"thème inconnu : {', '.join(unknown)} "
                f"(thèmes possibles : {', '.join(QUIZ_THEMES)})"
            )
        if len(set(value)) != len(value):
            raise ValueError("thème répété")
        return value

    @field_validator("difficulty")
    @classmethod
    def _known_difficulty(cls, value: int) -> int:
        if value not in (1, 2, 3):
            raise ValueError(f"difficulté inconnue : {value} (1, 2 ou 3)")
        return value

    @field_validator("degre", mode="before")
    @classmethod
    def _known_degree(cls, value: object) -> object:
        if not isinstance(value, str) or value not in DEGREES:
            raise ValueError(f"degré inconnu : {value} (degrés possibles : {', '.join(DEGREES)})")
        return value

    @field_validator("sources")
    @classmethod
    def _one_official_source(cls, value: list[SourceModel]) -> list[SourceModel]:
        if not any(is_official_url(str(source.url)) for source in value):
            raise ValueError(
                "aucune source officielle (Légifrance, CNIL, Éduscol, ministère, académie…) : "
                "une réponse ne peut pas reposer sur une source secondaire seule"
            )
        return value

    @model_validator(mode="after")
    def _answers_fit_the_format(self) -> QuizItemModel:
        fmt = QuizFormat(self.format)
        if fmt is QuizFormat.ORDERING:
            _ordering_rules(self)
        else:
            _choice_rules(self, fmt)
        if fmt is QuizFormat.SCENARIO and not self.situation:
            raise ValueError("une mise en situation demande le champ « situation »")
        if fmt is not QuizFormat.SCENARIO and self.situation:
            raise ValueError("le champ « situation » est réservé au format « scenario »")
        return self


def _ordering_rules(item: QuizItemModel) -> None:
    if item.options is not None:
        raise ValueError("une question « ordre » liste ses étapes dans « steps », pas « options »")
    if not item.steps or not 3 <= len(item.steps) <= 6:
        raise ValueError("une question « ordre » demande de 3 à 6 étapes (« steps »)")
    _no_duplicates([step.text for step in item.steps], "étape")
    if item.answer is not None and sorted(item.answer) != list(range(1, len(item.steps) + 1)):
        raise ValueError(
            f"la réponse {item.answer} n'est pas une permutation des étapes "
            f"1 à {len(item.steps)} : chaque étape doit y figurer une fois"
        )


def _choice_rules(item: QuizItemModel, fmt: QuizFormat) -> None:
    if item.steps is not None or item.answer is not None:
        raise ValueError("les champs « steps » et « answer » sont réservés au format « ordre »")
    options = item.options or []
    low, high = (4, 5) if fmt is QuizFormat.MULTIPLE else (3, 4)
    if fmt is QuizFormat.TRUE_FALSE:
        low = 2
    if not low <= len(options) <= high:
        raise ValueError(f"le format « {fmt.value} » demande de {low} à {high} options")
    _no_duplicates([option.text for option in options], "option")
    correct = sum(option.correct for option in options)
    if fmt is QuizFormat.MULTIPLE:
        if correct < 2 or correct == len(options):
            raise ValueError(
                "une question à réponses multiples demande au moins deux options correctes "
                "et au moins une fausse"
            )
    elif correct != 1:
        raise ValueError(
            f"le format « {fmt.value} » demande exactement une option correcte ({correct} ici)"
        )
    if fmt is QuizFormat.TRUE_FALSE:
        starts = {option.text.split()[0].rstrip(".,:;!") for option in options}
        if starts != {"Vrai", "Faux"}:
            raise ValueError(
                "un vrai-faux justifié propose des options qui commencent par « Vrai » ou "
                "« Faux », et les deux doivent apparaître"
            )


def _no_duplicates(texts: list[str], what: str) -> None:
    seen: set[str] = set()
    for text in texts:
        key = " ".join(text.casefold().split())
        if key in seen:
            raise ValueError(f"{what} en double : « {text} »")
        seen.add(key)
