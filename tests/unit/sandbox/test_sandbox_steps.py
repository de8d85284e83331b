"""Commands survive a trip through the stored step format unchanged."""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given

from ent_coach.content.scenario_steps import StepError, command_to_step, step_to_command
from ent_coach.domain.sandbox import commands as c
from tests.unit.sandbox.conftest import build_school
from tests.unit.sandbox.test_sandbox_properties import commands

_SCHOOL = build_school()


@given(commands)
def test_every_command_round_trips_through_json(command: c.Command) -> None:
    # Only commands the engine accepts are ever stored (the history keeps executed ones).
    try:
        command.apply(_SCHOOL)
    except c.CommandError:
        assume(False)
    stored = json.loads(json.dumps(command_to_step(command)))
    assert step_to_command(stored) == command


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ({"action": "teleporter", "objet": "blog"}, "action inconnue"),
        ({"action": "cocher", "objet": "blog", "pour": "parents"}, "demande : droit"),
        ({"action": "visibilite", "objet": "blog", "valeur": "partout"}, "inconnue"),
        ({"objet": "blog"}, "illisible"),
    ],
)
def test_unreadable_steps_are_refused_in_french(step: dict, message: str) -> None:
    with pytest.raises(StepError, match=message):
        step_to_command(step)
