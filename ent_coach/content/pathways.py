"""Load and check guided pathways: ``resources/pathways/<id>.yaml`` into domain objects.

A pathway is rejected (file and line, in French) when a field is missing or out of bounds, a
role is unknown, two steps share an id, it mixes fewer than three step kinds, its steps add up
to less than one hour or more than four, its stated duration is far from that sum, a field
does not suit the step's kind (a reference, a pass mark, a checklist), or a text holds markup.

A step naming content that does not exist is reported too, but the pathway is still returned:
after a content update the application shows that step as unavailable instead of hiding a
pathway a teacher is following. ``check-content`` fails on every problem alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ent_coach.content.frontmatter import line_for
from ent_coach.content.problems import Problem
from ent_coach.content.schema import SourceModel, french_errors
from ent_coach.content.yamlfile import read_yaml_file
from ent_coach.domain.pathways import (
    CHECKLIST_MAX_ITEMS,
    CHECKLIST_MIN_ITEMS,
    KINDS_WITH_REFERENCE,
    MAX_PATHWAY_MINUTES,
    MIN_PATHWAY_MINUTES,
    QUIZ_KINDS,
    ChecklistItem,
    InstalledContent,
    Pathway,
    PathwayOrder,
    PathwayStep,
    StepKind,
)
from ent_coach.domain.quiz.scoring import PASS_MARK
from ent_coach.domain.taxonomy import Role
from ent_coach.domain.text import has_markup
from ent_coach.domain.tutorials import Source

# The ids a step may name, per kind (``None``: not checked). The same shape the application
# uses at run time to mark steps whose content is gone, hence one class for both.
KnownPathwayContent = InstalledContent

MIN_STEP_KINDS = 3
# The stated duration is what the catalogue shows; it may round the sum of the steps, within
# 10 % of the stated duration and never less than 10 minutes of slack.
DURATION_SLACK_RATIO = 0.10
DURATION_SLACK_MIN = 10

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID = Annotated[str, Field(pattern=ID_PATTERN, max_length=60)]
_STEP_ID = Annotated[str, Field(pattern=ID_PATTERN, max_length=40)]
_ROLE_IDS = [role.value for role in Role]
# « tutoriel inconnu », « bonne pratique inconnue »: the message agrees with the noun.
_UNKNOWN_REFERENCE: dict[StepKind, str] = {
    StepKind.TUTORIAL: "tutoriel inconnu",
    StepKind.QUIZ_THEME: "thème de quiz inconnu",
    StepKind.SCENARIO: "scénario inconnu",
    StepKind.PRACTICE: "bonne pratique inconnue",
}


def _plain(value: Any) -> Any:
    """Pathway texts are shown as plain text: refuse anything that looks like HTML."""
    if isinstance(value, str) and has_markup(value):
        raise ValueError("texte brut attendu : pas de balise HTML")
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ChecklistItemModel(_Model):
    id: _STEP_ID
    text: Annotated[str, Field(min_length=10, max_length=200)]

    _plain_text = field_validator("text")(_plain)


class StepModel(_Model):
    id: _STEP_ID
    kind: str
    title: Annotated[str, Field(min_length=5, max_length=120)]
    minutes: Annotated[int, Field(ge=1, le=120)]
    reference: Annotated[str, Field(min_length=1, max_length=80)] | None = None
    pass_mark: Annotated[int, Field(ge=50, le=100)] | None = None  # percent
    instructions: Annotated[str, Field(min_length=10, max_length=600)] | None = None
    checklist: list[ChecklistItemModel] | None = None

    _plain_text = field_validator("title", "instructions")(_plain)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        kinds = [kind.value for kind in StepKind]
        if value not in kinds:
            raise ValueError(f"type d'étape inconnu : {value} (possibles : {', '.join(kinds)})")
        return value


class PathwayModel(_Model):
    id: _ID
    title: Annotated[str, Field(min_length=10, max_length=100)]
    roles: Annotated[list[str], Field(min_length=1, max_length=len(Role))]
    recommended_for: list[str] = []
    goal: Annotated[str, Field(min_length=30, max_length=500)]
    duration: Annotated[int, Field(ge=MIN_PATHWAY_MINUTES, le=MAX_PATHWAY_MINUTES)]
    order: str
    steps: Annotated[list[StepModel], Field(min_length=3, max_length=20)]
    sources: Annotated[list[SourceModel], Field(max_length=4)] = []

    _plain_text = field_validator("title", "goal")(_plain)

    @field_validator("order")
    @classmethod
    def _known_order(cls, value: str) -> str:
        orders = [order.value for order in PathwayOrder]
        if value not in orders:
            raise ValueError(f"ordre inconnu : {value} (possibles : {', '.join(orders)})")
        return value


@dataclass
class PathwaySet:
    pathways: list[Pathway] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def get(self, pathway_id: str) -> Pathway | None:
        return next((p for p in self.pathways if p.id == pathway_id), None)


def duration_slack(stated_minutes: int) -> int:
    """How far the sum of the steps may be from the stated duration, in minutes."""
    return max(DURATION_SLACK_MIN, round(stated_minutes * DURATION_SLACK_RATIO))


def load_pathways(folder: Path, known: KnownPathwayContent | None = None) -> PathwaySet:
    """Every pathway in ``folder``, sorted by title (a pathway with only missing references is
    kept, see the module docstring); references are not checked when ``known`` is ``None``."""
    known = known if known is not None else KnownPathwayContent()
    found = PathwaySet()
    recommended: dict[str, str] = {}  # role → the file recommending it first
    for path in sorted(folder.glob("*.yaml")):
        loaded = _load_one(path, known)
        found.problems += loaded.problems
        if loaded.pathway is None:
            continue
        for role in loaded.pathway.recommended_for:
            if role in recommended:
                found.problems.append(
                    Problem(
                        path,
                        loaded.recommended_line,
                        f"recommended_for : le rôle {role} est déjà recommandé par "
                        f"{recommended[role]} (un seul parcours recommandé par rôle)",
                    )
                )
            else:
                recommended[role] = path.name
        if loaded.keep:
            found.pathways.append(loaded.pathway)
    found.pathways.sort(key=lambda p: p.title.casefold())
    return found


@dataclass
class _Loaded:
    """One file's outcome. ``keep`` is false when a problem other than a missing reference
    was found: the pathway is then only used for the checks across files."""

    pathway: Pathway | None
    problems: list[Problem]
    keep: bool = False
    recommended_line: int = 1


def _load_one(path: Path, known: KnownPathwayContent) -> _Loaded:
    document, problems = read_yaml_file(path)
    if document is None:
        return _Loaded(None, problems)
    if not isinstance(document.data, dict):
        return _Loaded(None, [Problem(path, 1, "le fichier doit être un dictionnaire de champs")])

    def at(loc: tuple[Any, ...], message: str) -> Problem:
        return Problem(path, line_for(document.key_lines, loc) if loc else 1, message)

    try:
        model = PathwayModel.model_validate(document.data)
    except ValidationError as exc:
        return _Loaded(None, [at(loc, message) for loc, message in french_errors(exc)])
    errors = _structure_errors(model, path, at)
    missing = _reference_errors(model, known, at)
    if any(role not in _ROLE_IDS for role in [*model.roles, *model.recommended_for]):
        return _Loaded(None, errors + missing)  # no pathway can hold an unknown role
    return _Loaded(
        _pathway(model),
        errors + missing,
        keep=not errors,
        recommended_line=line_for(document.key_lines, ("recommended_for",)),
    )


def _structure_errors(model: PathwayModel, path: Path, at) -> list[Problem]:
    errors: list[Problem] = []
    if model.id != path.stem:
        errors.append(at(("id",), f"id : « {model.id} » ne correspond pas au nom du fichier"))
    for index, role in enumerate(model.roles):
        if role not in _ROLE_IDS:
            errors.append(
                at(
                    ("roles", index),
                    f"roles : rôle inconnu : {role} (possibles : {', '.join(_ROLE_IDS)})",
                )
            )
    for index, role in enumerate(model.recommended_for):
        if role not in model.roles:
            errors.append(
                at(
                    ("recommended_for", index),
                    f"recommended_for : {role} doit aussi figurer dans roles",
                )
            )
    seen: set[str] = set()
    for index, step in enumerate(model.steps):
        if step.id in seen:
            errors.append(at(("steps", index, "id"), f"étape en double : {step.id}"))
        seen.add(step.id)
        errors += _step_errors(step, ("steps", index), at)
    kinds = {step.kind for step in model.steps}
    if len(kinds) < MIN_STEP_KINDS:
        errors.append(
            at(
                ("steps",),
                f"steps : au moins {MIN_STEP_KINDS} types d'étapes différents sont attendus "
                f"(trouvés : {', '.join(sorted(kinds))})",
            )
        )
    total = sum(step.minutes for step in model.steps)
    if not MIN_PATHWAY_MINUTES <= total <= MAX_PATHWAY_MINUTES:
        errors.append(
            at(
                ("steps",),
                f"steps : les étapes totalisent {total} min ; un parcours dure de "
                f"{MIN_PATHWAY_MINUTES} à {MAX_PATHWAY_MINUTES} min",
            )
        )
    elif abs(total - model.duration) > duration_slack(model.duration):
        errors.append(
            at(
                ("duration",),
                f"duration : {model.duration} min annoncées, mais les étapes totalisent "
                f"{total} min (écart permis : {duration_slack(model.duration)} min)",
            )
        )
    return errors


def _step_errors(step: StepModel, loc: tuple[Any, ...], at) -> list[Problem]:
    errors: list[Problem] = []
    kind = StepKind(step.kind)
    if kind.needs_reference and step.reference is None:
        what = KINDS_WITH_REFERENCE[kind]
        errors.append(at(loc, f"étape {step.id} : reference ({what}) obligatoire"))
    if not kind.needs_reference and step.reference is not None:
        errors.append(
            at((*loc, "reference"), f"étape {step.id} : pas de reference pour une étape {kind}")
        )
    if step.pass_mark is not None:
        if kind not in QUIZ_KINDS:
            errors.append(at((*loc, "pass_mark"), f"étape {step.id} : pass_mark réservé aux quiz"))
        elif kind is StepKind.QUIZ_THEME and step.pass_mark < round(PASS_MARK * 100):
            # A training counts once passed, at the quiz's own mark: a lower one means nothing.
            errors.append(
                at(
                    (*loc, "pass_mark"),
                    f"étape {step.id} : pass_mark d'un entraînement : "
                    f"{round(PASS_MARK * 100)} au moins",
                )
            )
    if kind is StepKind.ACTIVITY:
        items = step.checklist or []
        if not CHECKLIST_MIN_ITEMS <= len(items) <= CHECKLIST_MAX_ITEMS:
            errors.append(
                at(
                    (*loc, "checklist") if step.checklist is not None else loc,
                    f"étape {step.id} : la liste à cocher compte de {CHECKLIST_MIN_ITEMS} à "
                    f"{CHECKLIST_MAX_ITEMS} éléments (trouvés : {len(items)})",
                )
            )
        if step.instructions is None:
            errors.append(at(loc, f"étape {step.id} : instructions obligatoires pour une activité"))
        item_ids: set[str] = set()
        for index, item in enumerate(items):
            if item.id in item_ids:
                errors.append(
                    at((*loc, "checklist", index, "id"), f"élément à cocher en double : {item.id}")
                )
            item_ids.add(item.id)
    elif step.checklist is not None:
        errors.append(
            at((*loc, "checklist"), f"étape {step.id} : liste à cocher réservée aux activités")
        )
    return errors


def _reference_errors(model: PathwayModel, known: KnownPathwayContent, at) -> list[Problem]:
    errors: list[Problem] = []
    for index, step in enumerate(model.steps):
        kind = StepKind(step.kind)
        ids = known.ids_for(kind)
        if step.reference is None or ids is None or step.reference in ids:
            continue
        errors.append(
            at(
                ("steps", index, "reference"),
                f"étape {step.id} : {_UNKNOWN_REFERENCE[kind]} : {step.reference}",
            )
        )
    return errors


def _pathway(model: PathwayModel) -> Pathway:
    return Pathway(
        id=model.id,
        title=model.title,
        roles=tuple(Role(role) for role in model.roles),
        goal=model.goal,
        duration_minutes=model.duration,
        order=PathwayOrder(model.order),
        steps=tuple(
            PathwayStep(
                id=step.id,
                kind=StepKind(step.kind),
                title=step.title,
                minutes=step.minutes,
                reference=step.reference,
                pass_mark=step.pass_mark / 100 if step.pass_mark is not None else None,
                instructions=step.instructions,
                checklist=tuple(ChecklistItem(i.id, i.text) for i in step.checklist or ()),
            )
            for step in model.steps
        ),
        recommended_for=tuple(Role(role) for role in model.recommended_for),
        sources=tuple(Source(s.publisher, s.title, str(s.url), s.section) for s in model.sources),
    )
