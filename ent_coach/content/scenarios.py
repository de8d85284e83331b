"""Load and check sandbox scenarios: ``resources/scenarios/<id>.yaml`` into domain objects.

Besides the schema, a scenario is rejected (with file and line, in French) when a goal or a
step names an unknown object, group or user, a risk id is unknown, the reference solution does
not reach every goal or leaves a risk, the initial state already meets every goal, or a
related tutorial does not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ent_coach.content.frontmatter import line_for
from ent_coach.content.problems import Problem
from ent_coach.content.yamlfile import read_yaml_file
from ent_coach.domain.sandbox import commands as cmd
from ent_coach.domain.sandbox.checks import RISK_CHECKS
from ent_coach.domain.sandbox.communication import default_rules
from ent_coach.domain.sandbox.goals import Can, CanMessage, Goal, SettingIs
from ent_coach.domain.sandbox.model import (
    INTERNET,
    Attributes,
    Comments,
    Group,
    Item,
    ItemKind,
    Publication,
    School,
    Share,
    User,
    Visibility,
    Workspace,
)
from ent_coach.domain.sandbox.rights import Action, close_levels
from ent_coach.domain.sandbox.scenario import Scenario, evaluate

if TYPE_CHECKING:  # pydantic is imported lazily, only when a file is actually read
    from pydantic import BaseModel, ValidationError

    from ent_coach.content.scenario_schema import (
        AttributesModel,
        GoalModel,
        ObjectModel,
        ScenarioModel,
        StepModel,
        WorldModel,
    )
    from ent_coach.domain.sandbox.apps import AppKind

Loc = tuple[Any, ...]


@dataclass
class ScenarioSet:
    scenarios: list[Scenario] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _Problems(Exception):
    """Stops building a scenario; carries (location, message) pairs."""

    def __init__(self, found: list[tuple[Loc, str]]) -> None:
        super().__init__(found)
        self.found = found


def scenarios_dir(root: Path) -> Path:
    """Accept a content root holding ``resources/scenarios/`` or the scenarios folder itself."""
    candidate = root / "resources" / "scenarios"
    return candidate if candidate.is_dir() else root


def _tutorial_ids(root: Path) -> set[str] | None:
    for folder in (root / "tutorials", root.parent.parent / "tutorials"):
        if folder.is_dir():
            return {path.stem for path in folder.glob("*.md")}
    return None


def load_scenarios(root: Path) -> ScenarioSet:
    """Every scenario under ``root`` (a content root or the scenarios folder), sorted by id."""
    folder = scenarios_dir(root)
    tutorials = _tutorial_ids(root)
    found = ScenarioSet()
    seen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.yaml")):
        scenario, problems = load_scenario(path, tutorial_ids=tutorials)
        found.problems.extend(problems)
        if scenario is None:
            continue
        if scenario.id in seen:
            found.problems.append(Problem(path, 1, f"id déjà utilisé par {seen[scenario.id].name}"))
            continue
        seen[scenario.id] = path
        if not problems:
            found.scenarios.append(scenario)
    found.scenarios.sort(key=lambda s: s.id)
    return found


def check_scenarios(root: Path) -> list[Problem]:
    """Problems of every scenario file; an empty list means all scenarios are valid."""
    return sorted(load_scenarios(root).problems)


ModelT = TypeVar("ModelT", bound="BaseModel")
Locate = Callable[[Loc, str], Problem]


def read_model(path: Path, schema: type[ModelT]) -> tuple[ModelT | None, Locate, list[Problem]]:
    """Read a YAML file into ``schema``: the model (or ``None``), a function placing a message
    at a key's line, and the problems found so far (shared by scenarios and templates)."""
    from pydantic import ValidationError

    document, problems = read_yaml_file(path)
    key_lines = document.key_lines if document is not None else {}

    def at(loc: Loc, message: str) -> Problem:
        return Problem(path, line_for(key_lines, loc) if loc else 1, message)

    if document is None:
        return None, at, problems
    if not isinstance(document.data, dict):
        return None, at, [Problem(path, 1, "le fichier doit être un dictionnaire de champs")]
    try:
        return schema.model_validate(document.data), at, []
    except ValidationError as exc:
        return None, at, [at(loc, message) for loc, message in _french(exc)]


def load_scenario(
    path: Path, *, tutorial_ids: set[str] | None = None
) -> tuple[Scenario | None, list[Problem]]:
    """One scenario, fully checked. ``tutorial_ids``: known tutorials (``None``: not checked)."""
    from ent_coach.content.scenario_schema import ScenarioModel

    model, at, problems = read_model(path, ScenarioModel)
    if model is None:
        return None, problems
    try:
        scenario = _build(model, path, tutorial_ids)
    except _Problems as exc:
        return None, [at(loc, message) for loc, message in exc.found]
    semantic = [at(loc, message) for loc, message in _semantic(scenario)]
    return (None if semantic else scenario), semantic


def _french(exc: ValidationError) -> list[tuple[Loc, str]]:
    """The shared French messages, plus the kinds they do not cover (enums, literals…)."""
    from ent_coach.content.schema import french_errors

    out = []
    for (loc, message), item in zip(french_errors(exc), exc.errors(include_url=False), strict=True):
        kind = item["type"]
        field_name = ".".join(str(part) for part in loc)
        if kind in ("enum", "literal_error"):
            expected = (item.get("ctx") or {}).get("expected", "")
            expected = expected.replace("'", "").replace(" or ", ", ")
            message = f"{field_name} : valeur inconnue (valeurs possibles : {expected})"
        elif kind in ("bool_type", "bool_parsing"):
            message = f"{field_name} : true ou false est attendu"
        elif kind == "value_error" and loc and isinstance(loc[-1], int):
            message = f"{field_name} : {message.split(' : ', 1)[-1]}"
        out.append((loc, message))
    return out


# --- building the domain objects -------------------------------------------------------------


def _build(model: ScenarioModel, path: Path, tutorial_ids: set[str] | None) -> Scenario:
    errors: list[tuple[Loc, str]] = []
    ws = world(model, path, tutorial_ids, errors)
    goals = tuple(
        _goal(goal, ("objectifs", i), ws, errors) for i, goal in enumerate(model.objectifs)
    )
    for index, risk in enumerate(model.risques):
        if risk not in RISK_CHECKS:
            errors.append(
                (("risques", index), f"risque inconnu : {risk} (connus : {', '.join(RISK_CHECKS)})")
            )
    steps = tuple(_step(step, ("solution", i), errors) for i, step in enumerate(model.solution))
    if errors:
        raise _Problems(errors)
    return Scenario(
        id=model.id,
        title=model.titre,
        brief=model.consigne,
        initial=ws,
        goals=tuple(g for g in goals if g is not None),
        risk_checks=tuple(model.risques),
        hints=(model.indices[0], model.indices[1], model.indices[2]),
        solution=tuple(s for s in steps if s is not None),
        recommended_actions=model.actions_recommandees,
        tutorials=tuple(model.tutoriels),
    )


def world(
    model: WorldModel,
    path: Path,
    tutorial_ids: set[str] | None,
    errors: list[tuple[Loc, str]],
) -> Workspace:
    """The checks a scenario and a template share: id = file name, known tutorials, and the
    school, groups, users and spaces built into a workspace."""
    if model.id != path.stem:
        errors.append((("id",), f"id : « {model.id} » ne correspond pas au nom du fichier"))
    for index, tutorial in enumerate(model.tutoriels):
        if tutorial_ids is not None and tutorial not in tutorial_ids:
            errors.append((("tutoriels", index), f"tutoriel inconnu : {tutorial}"))
    return _workspace(model, errors)


def _workspace(model: WorldModel, errors: list[tuple[Loc, str]]) -> Workspace:
    ids: dict[str, Loc] = {}

    def claim(identifier: str, loc: Loc) -> None:
        if identifier in ids or identifier == INTERNET:
            errors.append((loc, f"id déjà utilisé : {identifier}"))
        ids[identifier] = loc

    groups: dict[str, Group] = {}
    for index, g in enumerate(model.groupes):
        claim(g.id, ("groupes", index, "id"))
        groups[g.id] = Group(g.id, g.nom, g.type, g.profil, g.classe, frozenset(g.dans))
    for index, g in enumerate(model.groupes):
        for j, parent in enumerate(g.dans):
            if parent not in groups:
                errors.append((("groupes", index, "dans", j), f"groupe inconnu : {parent}"))
    users: dict[str, User] = {}
    for index, u in enumerate(model.utilisateurs):
        claim(u.id, ("utilisateurs", index, "id"))
        users[u.id] = User(u.id, u.nom, u.profil, frozenset(u.groupes), frozenset(u.enfants))
    for index, u in enumerate(model.utilisateurs):
        for j, group in enumerate(u.groupes):
            if group not in groups:
                errors.append((("utilisateurs", index, "groupes", j), f"groupe inconnu : {group}"))
        for j, child in enumerate(u.enfants):
            if child not in users:
                errors.append(
                    (("utilisateurs", index, "enfants", j), f"utilisateur inconnu : {child}")
                )
    if model.joueur not in users:
        errors.append((("joueur",), f"utilisateur inconnu : {model.joueur}"))

    links: frozenset[tuple[str, str]] = frozenset()
    if model.communication.par_defaut:
        groups, links = default_rules(groups)
    for index, link in enumerate(model.communication.liens):
        for key in ("de", "vers"):
            if getattr(link, key) not in groups:
                errors.append(
                    (
                        ("communication", "liens", index, key),
                        f"groupe inconnu : {getattr(link, key)}",
                    )
                )
        links |= {(link.de, link.vers)}
    for index, group_id in enumerate(model.communication.internes):
        if group_id not in groups:
            errors.append((("communication", "internes", index), f"groupe inconnu : {group_id}"))
        else:
            groups[group_id] = replace(groups[group_id], internal=True)

    items: dict[str, Item] = {}
    pending: list[tuple[Loc, ObjectModel, Item]] = []
    for s_index, space in enumerate(model.espaces):
        claim(space.id, ("espaces", s_index, "id"))
        items[space.id] = Item(space.id, space.nom, ItemKind.ESPACE)
        for a_index, app in enumerate(space.applications):
            loc = ("espaces", s_index, "applications", a_index)
            claim(app.id, (*loc, "id"))
            name = app.nom or app.application.spec.label
            items[app.id] = Item(
                app.id, name, ItemKind.APPLICATION, app.application, None, space.id
            )
            for o_index, obj in enumerate(app.objets):
                for entry in _objects(obj, (*loc, "objets", o_index), app.id, app.application):
                    obj_loc, obj_model, parent_id = entry
                    claim(obj_model.id, (*obj_loc, "id"))
                    item = _object(obj_model, parent_id, app.application, model.joueur)
                    items[item.id] = item
                    pending.append((obj_loc, obj_model, item))
    for obj_loc, obj_model, item in pending:
        _check_object(obj_loc, obj_model, item, users, groups, items, errors)
    return Workspace(
        School(model.etablissement.nom, model.etablissement.uai, model.etablissement.type),
        groups,
        users,
        items,
        links,
        model.joueur,
    )


def _objects(
    obj: ObjectModel, loc: Loc, parent: str, app: AppKind
) -> Iterator[tuple[Loc, ObjectModel, str]]:
    yield loc, obj, parent
    for index, child in enumerate(obj.contenu):
        yield from _objects(child, (*loc, "contenu", index), obj.id, app)


def _object(obj: ObjectModel, parent: str, app: AppKind, player: str) -> Item:
    return Item(
        id=obj.id,
        name=obj.nom,
        kind=ItemKind(obj.type),
        app=app,
        owner=obj.proprietaire or player,
        parent=parent,
        shares=tuple(
            sorted(
                (Share(s.avec, close_levels(s.droits)) for s in obj.partages),
                key=lambda share: share.principal,
            )
        ),
        visibility=obj.visibilite,
        publication=obj.publication,
        comments=obj.commentaires,
        draft=obj.brouillon,
        attributes=_attributes(obj.attributs),
        embedded=frozenset(obj.integre),
    )


def _attributes(model: AttributesModel) -> Attributes:
    return Attributes(
        personal_data=model.donnees_personnelles,
        pupil_photos=model.photos_eleves,
        image_authorisation=model.autorisation_image,
        health_data=model.donnees_sante,
    )


def _check_object(
    loc: Loc,
    obj: ObjectModel,
    item: Item,
    users: dict[str, User],
    groups: dict[str, Group],
    items: dict[str, Item],
    errors: list[tuple[Loc, str]],
) -> None:
    assert item.app is not None
    spec = item.app.spec
    folders = spec.has_folders
    if folders != (item.kind in (ItemKind.DOSSIER, ItemKind.DOCUMENT)):
        errors.append(
            ((*loc, "type"), f"type : {spec.label} ne contient pas d'objet « {item.kind} »")
        )
    if obj.contenu and item.kind is not ItemKind.DOSSIER:
        errors.append(((*loc, "contenu"), "contenu : seul un dossier contient d'autres objets"))
    if item.owner not in users:
        errors.append(((*loc, "proprietaire"), f"utilisateur inconnu : {item.owner}"))
    if obj.partages and not spec.shareable:
        errors.append(((*loc, "partages"), f"partages : {spec.label} ne se partage pas"))
    for index, share in enumerate(obj.partages):
        if share.avec not in users and share.avec not in groups:
            errors.append(
                ((*loc, "partages", index, "avec"), f"utilisateur ou groupe inconnu : {share.avec}")
            )
        missing = [level.value for level in share.droits if level not in spec.levels]
        if spec.shareable and missing:
            errors.append(
                (
                    (*loc, "partages", index, "droits"),
                    f"droits : {spec.label} ne propose pas : {', '.join(missing)}",
                )
            )
    settings = (
        (obj.visibilite is not Visibility.PRIVE and not spec.can_be_public, "visibilite"),
        (
            obj.publication is not Publication.VALIDATION and not spec.publication_setting,
            "publication",
        ),
        (obj.commentaires is not Comments.DESACTIVES and not spec.comment_setting, "commentaires"),
        (obj.brouillon and not spec.has_draft, "brouillon"),
    )
    for wrong, key in settings:
        if wrong:
            errors.append(((*loc, key), f"{key} : réglage sans effet pour {spec.label}"))
    for index, embedded in enumerate(obj.integre):
        target = items.get(embedded)
        if target is None or target.kind is not ItemKind.DOCUMENT:
            errors.append(((*loc, "integre", index), f"document inconnu : {embedded}"))


def _goal(goal: GoalModel, loc: Loc, ws: Workspace, errors: list[tuple[Loc, str]]) -> Goal | None:
    def known_principal(key: str, value: str, *, internet: bool) -> bool:
        if ws.is_principal(value) or (internet and value == INTERNET):
            return True
        errors.append(((*loc, key), f"{key} : utilisateur ou groupe inconnu : {value}"))
        return False

    def known_item(value: str) -> bool:
        if value in ws.items and ws.items[value].kind not in (
            ItemKind.ESPACE,
            ItemKind.APPLICATION,
        ):
            return True
        errors.append(((*loc, "objet"), f"objet : objet inconnu : {value}"))
        return False

    if goal.reglage is not None:
        return (
            SettingIs(goal.objet, goal.reglage, goal.valeur, goal.libelle)
            if known_item(goal.objet)
            else None
        )
    if goal.action == "ecrire":
        ok = known_principal("qui", goal.qui, internet=False)
        ok = known_principal("destinataire", goal.destinataire, internet=False) and ok
        return CanMessage(goal.qui, goal.destinataire, goal.attendu, goal.libelle) if ok else None
    ok = known_principal("qui", goal.qui, internet=True)
    ok = known_item(goal.objet) and ok
    return (
        Can(goal.qui, Action(goal.action), goal.objet, goal.attendu, goal.libelle) if ok else None
    )


# Keys each solution step needs, and how they become a command.
_STEP_KEYS: dict[str, tuple[str, ...]] = {
    "creer-espace": ("objet", "nom"),
    "creer-application": ("objet", "parent", "application"),
    "creer-objet": ("objet", "parent", "nom"),
    "renommer": ("objet", "nom"),
    "supprimer": ("objet",),
    "deplacer": ("objet", "destination"),
    "ajouter-au-partage": ("objet", "pour"),
    "cocher": ("objet", "pour", "droit"),
    "decocher": ("objet", "pour", "droit"),
    "definir-droits": ("objet", "pour", "droits"),
    "retirer-du-partage": ("objet", "pour"),
    "partager-plusieurs": ("objets", "partages"),
    "visibilite": ("objet", "valeur"),
    "publication": ("objet", "valeur"),
    "commentaires": ("objet", "valeur"),
    "brouillon": ("objet", "valeur"),
    "attributs": ("objet", "attributs"),
    "integrer": ("objet", "document"),
    "retirer-integration": ("objet", "document"),
    "communication-interne": ("groupe", "valeur"),
    "ajouter-lien": ("de", "vers"),
    "retirer-lien": ("de", "vers"),
}
_ENUM_VALUES: dict[str, type] = {
    "visibilite": Visibility,
    "publication": Publication,
    "commentaires": Comments,
}
_BOOLEAN = {"oui": True, "non": False}


def _step(step: StepModel, loc: Loc, errors: list[tuple[Loc, str]]) -> cmd.Command | None:
    verb = step.action
    if verb not in _STEP_KEYS:
        errors.append(
            ((*loc, "action"), f"action inconnue : {verb} (possibles : {', '.join(_STEP_KEYS)})")
        )
        return None
    given = {key for key, value in step.model_dump(exclude={"action"}).items() if value is not None}
    missing = [key for key in _STEP_KEYS[verb] if key not in given]
    extra = sorted(given - set(_STEP_KEYS[verb]) - {"type"})
    if missing:
        errors.append((loc, f"l'action « {verb} » demande : {', '.join(missing)}"))
    if extra:
        errors.append((loc, f"l'action « {verb} » n'utilise pas : {', '.join(extra)}"))
    if missing or extra:
        return None
    value = step.valeur
    if verb in _ENUM_VALUES:
        enum = _ENUM_VALUES[verb]
        if value not in {member.value for member in enum}:
            allowed = ", ".join(member.value for member in enum)
            errors.append(((*loc, "valeur"), f"valeur : {value} inconnue (possibles : {allowed})"))
            return None
        value = enum(value)
    elif verb in ("brouillon", "communication-interne"):
        if value not in _BOOLEAN:
            errors.append(((*loc, "valeur"), "valeur : « oui » ou « non » est attendu"))
            return None
        value = _BOOLEAN[value]
    return _command(verb, step, value)


def _command(verb: str, s: StepModel, value: Any) -> cmd.Command:
    builders: dict[str, Any] = {
        "creer-espace": lambda: cmd.CreateSpace(s.objet, s.nom),
        "creer-application": lambda: cmd.CreateApplication(s.objet, s.parent, s.application),
        "creer-objet": lambda: cmd.CreateObject(
            s.objet, s.parent, s.nom, ItemKind(s.type or "ressource")
        ),
        "renommer": lambda: cmd.Rename(s.objet, s.nom),
        "supprimer": lambda: cmd.Delete(s.objet),
        "deplacer": lambda: cmd.Move(s.objet, s.destination),
        "ajouter-au-partage": lambda: cmd.AddToShare(s.objet, s.pour),
        "cocher": lambda: cmd.TickLevel(s.objet, s.pour, s.droit),
        "decocher": lambda: cmd.UntickLevel(s.objet, s.pour, s.droit),
        "definir-droits": lambda: cmd.SetShare(s.objet, s.pour, frozenset(s.droits)),
        "retirer-du-partage": lambda: cmd.RemoveShare(s.objet, s.pour),
        "partager-plusieurs": lambda: cmd.ShareMany(
            tuple(s.objets), tuple(Share(p.avec, frozenset(p.droits)) for p in s.partages)
        ),
        "visibilite": lambda: cmd.SetVisibility(s.objet, value),
        "publication": lambda: cmd.SetPublication(s.objet, value),
        "commentaires": lambda: cmd.SetComments(s.objet, value),
        "brouillon": lambda: cmd.SetDraft(s.objet, value),
        "attributs": lambda: cmd.SetAttributes(s.objet, _attributes(s.attributs)),
        "integrer": lambda: cmd.Embed(s.objet, s.document),
        "retirer-integration": lambda: cmd.Unembed(s.objet, s.document),
        "communication-interne": lambda: cmd.SetInternalCommunication(s.groupe, value),
        "ajouter-lien": lambda: cmd.AddLink(s.de, s.vers),
        "retirer-lien": lambda: cmd.RemoveLink(s.de, s.vers),
    }
    return builders[verb]()


# --- semantic checks -------------------------------------------------------------------------


def _semantic(scenario: Scenario) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    ws = scenario.initial
    start = evaluate(ws, goals=scenario.goals, risk_checks=scenario.risk_checks)
    if start.goals_met:
        problems.append((("objectifs",), "l'état initial atteint déjà tous les objectifs"))
    for index, command in enumerate(scenario.solution):
        try:
            ws = command.apply(ws)
        except cmd.CommandError as exc:
            problems.append((("solution", index), f"solution, étape {index + 1} : {exc}"))
            return problems
    end = evaluate(ws, goals=scenario.goals, risk_checks=scenario.risk_checks)
    for index, result in enumerate(end.goals):
        if not result.met:
            problems.append(
                (("objectifs", index), f"la solution n'atteint pas l'objectif : {result.label}")
            )
    for finding in end.findings:
        problems.append(
            (("risques",), f"la solution laisse un risque ({finding.check_id}) : {finding.message}")
        )
    if len(scenario.solution) > scenario.recommended_actions:
        problems.append(
            (
                ("actions_recommandees",),
                f"actions_recommandees : {scenario.recommended_actions} est inférieur au nombre "
                f"d'étapes de la solution ({len(scenario.solution)})",
            )
        )
    return problems
