"""Self-assessment on a competence framework: ratings, the profile drawn from them, and the
competences to work on first. Pure computations over domain objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ent_coach.domain.competences import Competence, Framework
from ent_coach.domain.text import has_markup, strip_invisible_characters

EVIDENCE_MAX_LENGTH = 1000


class AssessmentError(ValueError):
    """A rating that cannot be recorded; the message is French and names the problem."""


@dataclass(frozen=True, slots=True)
class Rating:
    """One competence's answer. ``level`` None: « je ne sais pas me situer », an answer too,
    kept with its note; it counts as not rated in every score."""

    competence_id: str
    level: int | None
    evidence: str = ""

    @property
    def unsure(self) -> bool:
        return self.level is None


@dataclass(frozen=True, slots=True)
class Assessment:
    id: str
    framework_id: str
    created_at: dt.datetime
    ratings: dict[str, Rating] = field(default_factory=dict)

    def level_of(self, competence_id: str) -> int | None:
        rating = self.ratings.get(competence_id)
        return rating.level if rating else None

    @property
    def levels(self) -> dict[str, int]:
        """The competences rated at a level (not those answered « je ne sais pas »)."""
        return {cid: rating.level for cid, rating in self.ratings.items() if rating.level is not None}


@dataclass(frozen=True, slots=True)
class DomainScore:
    domain_id: str
    title: str
    mean: float | None  # None when no competence of the domain was rated
    rated: int
    total: int


def clean_evidence(text: str, competence: Competence) -> str:
    """Plain text, trimmed and bounded: it is shown back in the screens and exported."""
    text = strip_invisible_characters(text.replace("\r\n", "\n")).strip()
    if len(text) > EVIDENCE_MAX_LENGTH:
        raise AssessmentError(
            f"Compétence {competence.id} : la note dépasse {EVIDENCE_MAX_LENGTH} caractères "
            f"({len(text)})."
        )
    if has_markup(text):
        raise AssessmentError(
            f"Compétence {competence.id} : la note ne doit pas contenir de balises HTML."
        )
    return text


def check_ratings(framework: Framework, ratings: dict[str, Rating]) -> dict[str, Rating]:
    """Ratings ready to store: known competences, levels within the framework, clean notes
    (« je ne sais pas me situer » included, with its note)."""
    if not any(rating.level is not None for rating in ratings.values()):
        raise AssessmentError("Évaluez au moins une compétence avant d'enregistrer.")
    checked: dict[str, Rating] = {}
    top = len(framework.levels)
    for competence_id, rating in ratings.items():
        competence = framework.competence(competence_id)
        if competence is None:
            raise AssessmentError(f"Compétence inconnue dans le référentiel : {competence_id}.")
        if rating.level is not None and not 1 <= rating.level <= top:
            raise AssessmentError(
                f"Compétence {competence_id} : le niveau doit être compris entre 1 et {top}."
            )
        checked[competence_id] = Rating(
            competence_id, rating.level, clean_evidence(rating.evidence, competence)
        )
    return checked


def domain_scores(framework: Framework, assessment: Assessment) -> list[DomainScore]:
    """Mean level of the rated competences of each domain, in the framework's order."""
    scores = []
    for domain in framework.domains:
        levels = [
            level
            for competence in domain.competences
            if (level := assessment.level_of(competence.id)) is not None
        ]
        mean = round(sum(levels) / len(levels), 2) if levels else None
        scores.append(
            DomainScore(domain.id, domain.title, mean, len(levels), len(domain.competences))
        )
    return scores


def _rated(framework: Framework, assessment: Assessment) -> list[tuple[Competence, int]]:
    return [
        (competence, level)
        for competence in framework.competences()
        if (level := assessment.level_of(competence.id)) is not None
    ]


def strengths(framework: Framework, assessment: Assessment, *, count: int = 3) -> list[Competence]:
    """The highest-rated competences (framework order breaks ties), only those above the
    weakest level given: when everything is rated the same, nothing stands out."""
    rated = _rated(framework, assessment)
    if not rated or len({level for _, level in rated}) == 1:
        return []
    lowest = min(level for _, level in rated)
    ordered = sorted(
        (pair for pair in rated if pair[1] > lowest), key=lambda pair: -pair[1]
    )  # sorted() is stable: equal levels keep the framework order
    return [competence for competence, _ in ordered[:count]]


def to_work_on(
    framework: Framework, assessment: Assessment, *, count: int = 3
) -> list[Competence]:
    """The lowest-rated competences, those with suggested content first among equals."""
    rated = _rated(framework, assessment)
    ordered = sorted(rated, key=lambda pair: (pair[1], not pair[0].suggestions))
    return [competence for competence, _ in ordered[:count]]


def changes(
    framework: Framework, earlier: Assessment, later: Assessment
) -> dict[str, int]:
    """Level change per competence rated both times (only non-zero changes)."""
    delta = {}
    for competence in framework.competences():
        before, after = earlier.level_of(competence.id), later.level_of(competence.id)
        if before is not None and after is not None and before != after:
            delta[competence.id] = after - before
    return delta
