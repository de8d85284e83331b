"""Free-mode templates: ``resources/scenarios/modeles/<id>.yaml`` into domain templates.

A template describes a school and its spaces like a scenario does, without goals or solution.
It is rejected (file and line, in French) when it names unknown groups, users, objects, risk
checks or tutorials, exactly like a scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ent_coach.content.problems import Problem
from ent_coach.content.scenarios import Loc, _tutorial_ids, read_model, scenarios_dir, world
from ent_coach.domain.sandbox.checks import RISK_CHECKS
from ent_coach.domain.sandbox.scenario import Template

TEMPLATES_FOLDER = "modeles"


@dataclass
class TemplateSet:
    templates: list[Template] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def templates_dir(root: Path) -> Path:
    return scenarios_dir(root) / TEMPLATES_FOLDER


def load_templates(root: Path) -> TemplateSet:
    """Every template under ``root`` (a content root or the scenarios folder), sorted by id."""
    folder = templates_dir(root)
    tutorials = _tutorial_ids(root)
    if tutorials is None:  # the scenarios folder itself was given
        tutorials = _tutorial_ids(folder.parent)
    found = TemplateSet()
    seen: set[str] = set()
    for path in sorted(folder.glob("*.yaml")):
        template, problems = load_template(path, tutorial_ids=tutorials)
        found.problems.extend(problems)
        if template is None:
            continue
        if template.id in seen:
            found.problems.append(Problem(path, 1, f"id déjà utilisé : {template.id}"))
            continue
        seen.add(template.id)
        found.templates.append(template)
    found.templates.sort(key=lambda t: t.id)
    return found


def load_template(
    path: Path, *, tutorial_ids: set[str] | None = None
) -> tuple[Template | None, list[Problem]]:
    from ent_coach.content.scenario_schema import TemplateModel

    model, at, problems = read_model(path, TemplateModel)
    if model is None:
        return None, problems
    errors: list[tuple[Loc, str]] = []
    ws = world(model, path, tutorial_ids, errors)
    checks = tuple(RISK_CHECKS) if model.risques is None else tuple(model.risques)
    for index, risk in enumerate(model.risques or ()):
        if risk not in RISK_CHECKS:
            errors.append((("risques", index), f"risque inconnu : {risk}"))
    if errors:
        return None, [at(loc, message) for loc, message in errors]
    template = Template(
        id=model.id,
        title=model.titre,
        description=model.description,
        initial=ws,
        risk_checks=checks,
        tutorials=tuple(model.tutoriels),
    )
    return template, []
