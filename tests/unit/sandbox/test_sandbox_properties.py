"""Property tests of the engine (hypothesis): implications are closed, adding a share never
removes a right, undo after any command sequence restores the exact state, checks are
deterministic."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ent_coach.domain.sandbox import (
    INTERNET,
    RISK_CHECKS,
    Action,
    Attributes,
    Comments,
    History,
    ImageAuthorisation,
    ItemKind,
    Level,
    Publication,
    Share,
    Visibility,
    Workspace,
    actions_of,
    close_levels,
    run_checks,
    untick,
)
from ent_coach.domain.sandbox import commands as c
from ent_coach.domain.sandbox.rights import REQUIRES

from .conftest import build_school

SCHOOL = build_school()
PRINCIPALS = sorted([*SCHOOL.groups, *SCHOOL.users])
OBJECTS = sorted(i.id for i in SCHOOL.items.values() if i.kind not in ("espace", "application"))
WORKSPACE_ITEMS = sorted(
    i.id for i in SCHOOL.items.values() if i.kind in (ItemKind.DOSSIER, ItemKind.DOCUMENT)
)
DESTINATIONS = [
    *sorted(i for i in WORKSPACE_ITEMS if SCHOOL.items[i].kind == "dossier"),
    "app-docs",
]
GROUPS = sorted(SCHOOL.groups)

levels = st.frozensets(st.sampled_from(list(Level)), max_size=3)
objects = st.sampled_from(OBJECTS)
principals = st.sampled_from(PRINCIPALS)

commands = st.one_of(
    st.builds(c.AddToShare, objects, principals),
    st.builds(c.TickLevel, objects, principals, st.sampled_from(list(Level))),
    st.builds(c.UntickLevel, objects, principals, st.sampled_from(list(Level))),
    st.builds(c.SetShare, objects, principals, levels),
    st.builds(c.RemoveShare, objects, principals),
    st.builds(
        c.ShareMany,
        st.lists(objects, min_size=1, max_size=3, unique=True).map(tuple),
        st.lists(st.builds(Share, principals, levels.filter(bool)), max_size=2).map(tuple),
    ),
    st.builds(c.Move, st.sampled_from(WORKSPACE_ITEMS), st.sampled_from(DESTINATIONS)),
    st.builds(c.SetVisibility, objects, st.sampled_from(list(Visibility))),
    st.builds(c.SetPublication, objects, st.sampled_from(list(Publication))),
    st.builds(c.SetComments, objects, st.sampled_from(list(Comments))),
    st.builds(c.SetDraft, objects, st.booleans()),
    st.builds(
        c.SetAttributes,
        objects,
        st.builds(
            Attributes,
            st.booleans(),
            st.booleans(),
            st.sampled_from(list(ImageAuthorisation)),
            st.booleans(),
        ),
    ),
    st.builds(c.Embed, objects, st.sampled_from(WORKSPACE_ITEMS)),
    st.builds(c.Unembed, objects, st.sampled_from(WORKSPACE_ITEMS)),
    st.builds(c.Rename, objects, st.sampled_from(["Nouveau nom", "", "Autre"])),
    st.builds(c.Delete, objects),
    st.builds(
        c.CreateObject,
        st.sampled_from(["neuf-1", "neuf-2"]),
        st.sampled_from(["app-docs", "app-blog", "ressources"]),
        st.just("Nouvel objet"),
        st.sampled_from([ItemKind.RESSOURCE, ItemKind.DOCUMENT, ItemKind.DOSSIER]),
    ),
    st.builds(c.SetInternalCommunication, st.sampled_from(GROUPS), st.booleans()),
    st.builds(c.AddLink, st.sampled_from(GROUPS), st.sampled_from(GROUPS)),
    st.builds(c.RemoveLink, st.sampled_from(GROUPS), st.sampled_from(GROUPS)),
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _run(history: History, sequence: list[c.Command], *, live: bool = False) -> list[Workspace]:
    """Execute what the engine accepts; return the state after each accepted command.
    ``live``: run every check after each command, as the screen does (fills the caches)."""
    states = [history.current]
    for command in sequence:
        before = history.current
        try:
            changed = history.execute(command)
        except c.CommandError:
            assert history.current is before  # a refused command changes nothing
            continue
        if changed:
            states.append(history.current)
        if live:
            run_checks(history.current, RISK_CHECKS)
            _matrix(history.current)
    return states


def _matrix(ws: Workspace) -> set[tuple[str, str, Action]]:
    out: set[tuple[str, str, Action]] = set()
    objects_now = [i for i in ws.items.values() if i.kind not in ("espace", "application")]
    for who in [*ws.groups, *ws.users, INTERNET]:
        for item in objects_now:
            out |= {(who, item.id, a) for a in actions_of(ws, who=who, target=item.id)}
    return out


def test_requires_table_is_transitive() -> None:
    for level, required in REQUIRES.items():
        for other in required:
            assert REQUIRES[other] <= required, (level, other)


@given(levels)
def test_closing_is_idempotent_and_closed(chosen: frozenset[Level]) -> None:
    closed = close_levels(chosen)
    assert chosen <= closed and close_levels(closed) == closed
    for level in closed:
        assert REQUIRES[level] <= closed
        assert all(REQUIRES[other] <= untick(closed, level) for other in untick(closed, level))


@SETTINGS
@given(st.lists(commands, max_size=12))
def test_every_share_row_stays_closed_under_implication(sequence: list[c.Command]) -> None:
    history = History(SCHOOL)
    _run(history, sequence)
    for item in history.current.items.values():
        for share in item.shares:
            assert share.levels and close_levels(share.levels) == share.levels


@SETTINGS
@given(st.lists(commands, max_size=12))
def test_undo_restores_every_previous_state_exactly_and_redo_replays(
    sequence: list[c.Command],
) -> None:
    history = History(SCHOOL)
    states = _run(history, sequence)
    final = history.current
    for expected in reversed(states[:-1]):
        assert history.undo()
        assert history.current == expected
    assert history.current == SCHOOL and not history.can_undo
    while history.redo():
        pass
    assert history.current == final


@SETTINGS
@given(st.lists(commands, max_size=8), objects, principals, levels.filter(bool))
def test_adding_a_share_never_removes_a_right(
    sequence: list[c.Command], target: str, who: str, added: frozenset[Level]
) -> None:
    history = History(SCHOOL)
    _run(history, sequence)
    ws = history.current
    if target not in ws.items:
        return
    item = ws.items[target]
    if item.app is None or not set(added) <= set(item.app.spec.levels):
        return
    current = item.share_for(who)
    grown = c.SetShare(target, who, added | (current.levels if current else frozenset()))
    assert _matrix(ws) <= _matrix(grown.apply(ws))
    if current is None:
        assert _matrix(ws) <= _matrix(c.AddToShare(target, who).apply(ws))


@SETTINGS
@given(st.lists(commands, max_size=12))
def test_checks_are_deterministic(sequence: list[c.Command]) -> None:
    history = History(build_school())
    _run(history, sequence, live=True)
    ws = history.current
    first = run_checks(ws, RISK_CHECKS)
    # A rebuilt, equal workspace has empty caches: same findings, same order.
    rebuilt = replace(ws, items=dict(ws.items), groups=dict(ws.groups))
    assert rebuilt == ws
    # Rights carried over from earlier workspaces (see Workspace.with_items) match a recompute.
    assert _matrix(rebuilt) == _matrix(ws)
    assert (
        run_checks(rebuilt, sorted(RISK_CHECKS, reverse=True))
        == first
        == run_checks(ws, RISK_CHECKS)
    )
