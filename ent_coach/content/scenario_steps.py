"""Commands as steps, in the same format as a scenario's reference solution.

A saved sandbox workspace is the list of steps the teacher made, replayed on the scenario's
initial state: it stays readable, survives small content updates, and a step that no longer
applies (an object renamed in a new content version) is detected instead of corrupting the
workspace.
"""

from __future__ import annotations

from typing import Any

from ent_coach.domain.sandbox import commands as cmd
from ent_coach.domain.sandbox.model import Attributes

_BOOLEAN_TEXT = {True: "oui", False: "non"}


def _attributes(attributes: Attributes) -> dict[str, Any]:
    return {
        "donnees_personnelles": attributes.personal_data,
        "photos_eleves": attributes.pupil_photos,
        "autorisation_image": attributes.image_authorisation.value,
        "donnees_sante": attributes.health_data,
    }


def command_to_step(command: cmd.Command) -> dict[str, Any]:
    """The step a scenario file would use for ``command`` (plain JSON-ready values)."""
    c: Any = command
    step: dict[str, Any] = {"action": command.verb}
    match command:
        case cmd.CreateSpace():
            step |= {"objet": c.item_id, "nom": c.name}
        case cmd.CreateApplication():
            step |= {"objet": c.item_id, "parent": c.space, "application": c.app.value}
        case cmd.CreateObject():
            step |= {"objet": c.item_id, "parent": c.parent, "nom": c.name, "type": c.kind.value}
        case cmd.Rename():
            step |= {"objet": c.item_id, "nom": c.name}
        case cmd.Delete():
            step |= {"objet": c.item_id}
        case cmd.Move():
            step |= {"objet": c.item_id, "destination": c.destination}
        case cmd.AddToShare() | cmd.RemoveShare():
            step |= {"objet": c.item_id, "pour": c.principal}
        case cmd.TickLevel() | cmd.UntickLevel():
            step |= {"objet": c.item_id, "pour": c.principal, "droit": c.level.value}
        case cmd.SetShare():
            step |= {
                "objet": c.item_id,
                "pour": c.principal,
                "droits": sorted(level.value for level in c.levels),
            }
        case cmd.ShareMany():
            step |= {
                "objets": list(c.item_ids),
                "partages": [
                    {"avec": s.principal, "droits": sorted(level.value for level in s.levels)}
                    for s in c.shares
                ],
            }
        case cmd.SetVisibility() | cmd.SetPublication() | cmd.SetComments():
            step |= {"objet": c.item_id, "valeur": c.value.value}
        case cmd.SetDraft():
            step |= {"objet": c.item_id, "valeur": _BOOLEAN_TEXT[c.draft]}
        case cmd.SetAttributes():
            step |= {"objet": c.item_id, "attributs": _attributes(c.attributes)}
        case cmd.Embed() | cmd.Unembed():
            step |= {"objet": c.item_id, "document": c.document}
        case cmd.SetInternalCommunication():
            step |= {"groupe": c.group, "valeur": _BOOLEAN_TEXT[c.enabled]}
        case cmd.AddLink() | cmd.RemoveLink():
            step |= {"de": c.source, "vers": c.target}
        case _:
            raise TypeError(f"commande sans format d'étape : {type(command).__name__}")
    return step


class StepError(ValueError):
    """A stored step that cannot be read back, with a French message."""


def step_to_command(step: dict[str, Any]) -> cmd.Command:
    from pydantic import ValidationError

    from ent_coach.content.scenario_schema import StepModel
    from ent_coach.content.scenarios import _step

    try:
        model = StepModel.model_validate(step)
    except ValidationError as exc:
        raise StepError(f"étape illisible : {exc.errors()[0]['msg']}") from exc
    errors: list[tuple[tuple[Any, ...], str]] = []
    command = _step(model, (), errors)
    if command is None:
        raise StepError(errors[0][1] if errors else "étape illisible")
    return command
