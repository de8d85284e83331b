"""Effective rights: the one question the checker, the goals and « Voir comme… » all ask.

``explain(ws, who=…, action=…, target=…)`` answers whether a user, or every member of a group,
may do an action on an object, and through which grants: the owner's full rights, direct
shares, shares inherited from parent folders, a public blog or Pages project, or a document
embedded in one. Rights only add up (no deny rule), as in ODE: the union over every matching
share, closed under the level implications.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ent_coach.domain.sandbox.apps import AppKind
from ent_coach.domain.sandbox.model import (
    CONTAINER_KINDS,
    INTERNET,
    Comments,
    Item,
    ItemKind,
    Publication,
    Visibility,
    Workspace,
)
from ent_coach.domain.sandbox.rights import ALL_LEVELS, Action, Level, close_levels
from ent_coach.domain.sandbox.wording import can


class GrantKind(StrEnum):
    PROPRIETAIRE = "proprietaire"
    PARTAGE = "partage"
    HERITAGE = "heritage"
    PUBLIC = "public"
    INTEGRATION = "integration"


@dataclass(frozen=True, slots=True, order=True)
class Grant:
    """Why someone holds levels on an object: ``principal`` received ``levels`` through
    ``via`` (the object itself, a parent folder, or the public resource embedding it)."""

    kind: GrantKind
    principal: str
    via: str
    levels: frozenset[Level]

    def describe(self, ws: Workspace) -> str:
        who = ws.principal_name(self.principal)
        via = ws.item_name(self.via)
        item = ws.items.get(self.via)
        spec = item.app.spec if item is not None and item.app is not None else None
        labels = ", ".join(
            spec.level_label(level) if spec else level.value
            for level in sorted(self.levels, key=_level_order)
            if spec is None or level in spec.levels
        )
        if self.kind is GrantKind.PROPRIETAIRE:
            return f"{who} est propriétaire de « {via} » (tous les droits)"
        if self.kind is GrantKind.PARTAGE:
            return f"« {via} » est partagé avec « {who} » ({labels})"
        if self.kind is GrantKind.HERITAGE:
            return f"hérité du dossier « {via} », partagé avec « {who} » ({labels})"
        if self.kind is GrantKind.PUBLIC:
            return f"« {via} » est public : tout le monde peut le lire, même hors de l'ENT"
        return f"intégré à « {via} », qui est public : le document devient public lui aussi"


def _level_order(level: Level) -> int:
    return list(Level).index(level)


@dataclass(frozen=True, slots=True)
class Verdict:
    """``allowed``: the user (or every member of the group) may; ``some``: at least one may.
    ``grants`` are the grants that give the needed level; ``reason`` says it in French."""

    allowed: bool
    some: bool
    grants: tuple[Grant, ...]
    reason: str


def member_principals(ws: Workspace, who: str) -> list[frozenset[str]]:
    """The principal sets to evaluate for ``who``: a user's own set; for a group, a typical
    member (the group and what it sits within) plus every named persona in it."""
    cache: dict[str, list[frozenset[str]]] = ws._cache.setdefault("member-principals", {})
    found = cache.get(who)
    if found is not None:
        return found
    if who == INTERNET:
        found = [frozenset({INTERNET})]
    elif who in ws.users:
        found = [_user_principals(ws, who)]
    elif who in ws.groups:
        typical = ws.group_closure([who])
        found = [typical, *(_user_principals(ws, user.id) for user in ws.personas_in(who))]
    else:
        raise KeyError(who)
    cache[who] = found
    return found


def _user_principals(ws: Workspace, user_id: str) -> frozenset[str]:
    return frozenset({user_id}) | ws.group_closure(ws.users[user_id].groups)


def grants_on(ws: Workspace, item_id: str) -> tuple[Grant, ...]:
    """Every grant on an object, for whoever holds it (cached: the workspace is immutable)."""
    cache: dict[str, tuple[Grant, ...]] = ws._cache.setdefault("grants", {})
    found = cache.get(item_id)
    if found is None:
        found = tuple(_compute_grants(ws, ws.items[item_id]))
        cache[item_id] = found
    return found


def _compute_grants(ws: Workspace, item: Item) -> list[Grant]:
    out: list[Grant] = []
    if item.kind in CONTAINER_KINDS:
        return out
    if item.owner is not None:
        out.append(Grant(GrantKind.PROPRIETAIRE, item.owner, item.id, ALL_LEVELS))
    out.extend(Grant(GrantKind.PARTAGE, s.principal, item.id, s.levels) for s in item.shares)
    # Workspace folders: an item holds the shares of every folder above it.
    if item.app is AppKind.ESPACE_DOCUMENTAIRE:
        for ancestor_id in ws.ancestors(item.id):
            ancestor = ws.items[ancestor_id]
            if ancestor.kind is not ItemKind.DOSSIER:
                break
            out.extend(
                Grant(GrantKind.HERITAGE, s.principal, ancestor.id, s.levels)
                for s in ancestor.shares
            )
    read = frozenset({Level.LIRE})
    if (
        item.visibility is Visibility.PUBLIC
        and item.app is not None
        and item.app.spec.can_be_public
    ):
        out.append(Grant(GrantKind.PUBLIC, INTERNET, item.id, read))
    for embedder_id in ws.embedders(item.id):
        embedder = ws.items[embedder_id]
        if embedder.visibility is Visibility.PUBLIC:
            out.append(Grant(GrantKind.INTEGRATION, INTERNET, embedder.id, read))
    return out


def _applies(grant: Grant, principals: frozenset[str]) -> bool:
    # Public exposure reaches everyone, logged in or not.
    return grant.principal == INTERNET or grant.principal in principals


def _required(action: Action, item: Item) -> tuple[Level | None, str | None]:
    """The level an action needs on this item, or why the item forbids it whatever the rights."""
    spec = item.app.spec if item.app is not None else None
    if spec is None or item.kind in CONTAINER_KINDS:
        return None, "ce n'est pas un objet de l'ENT"
    if action is Action.VOIR:
        return Level.LIRE, None
    if action is Action.CONTRIBUER:
        return Level.CONTRIBUER, None
    if action is Action.PUBLIER_SANS_VALIDATION:
        if spec.direct_level is None:  # the blog rule
            immediate = item.publication is Publication.IMMEDIATE
            return (Level.CONTRIBUER if immediate else Level.GERER), None
        return spec.direct_level, None
    if action is Action.COMMENTER:
        if Level.COMMENTER not in spec.levels:
            return None, f"l'application {spec.label} n'a pas de commentaires"
        if spec.comment_setting and item.comments is Comments.DESACTIVES:
            return None, "les commentaires sont désactivés"
        return Level.COMMENTER, None
    if action is Action.MODERER:
        return spec.moderation_level, None
    return Level.GERER, None


def _decide(
    ws: Workspace, item: Item, action: Action, principals: frozenset[str]
) -> tuple[bool, list[Grant]]:
    needed, _ = _required(action, item)
    if needed is None:
        return False, []
    grants = [g for g in grants_on(ws, item.id) if _applies(g, principals)]
    levels = close_levels(level for g in grants for level in g.levels)
    if needed not in levels:
        return False, []
    if action is Action.VOIR and item.draft and item.owner not in principals:
        return False, []  # a draft (cahier de textes) is seen by its author only
    return True, [g for g in grants if needed in close_levels(g.levels)]


def principal_can(ws: Workspace, *, principal: str, action: Action, target: str) -> bool:
    """What one share row (a user or group id, taken alone) lets its holder do: the risk
    checks ask this of each row rather than of every persona."""
    return _decide(ws, ws.items[target], action, frozenset({principal}))[0]


def explain(ws: Workspace, *, who: str, action: Action, target: str) -> Verdict:
    """Can ``who`` (a user, every member of a group, or ``INTERNET``) do ``action`` on
    ``target``, and through which grants?"""
    item = ws.items[target]
    results = [_decide(ws, item, action, p) for p in member_principals(ws, who)]
    allowed = all(ok for ok, _ in results)
    some = any(ok for ok, _ in results)
    grants = tuple(sorted({g for _, found in results for g in found}))
    return Verdict(allowed, some, grants, _reason(ws, item, who, action, allowed, some, grants))


def _reason(
    ws: Workspace,
    item: Item,
    who: str,
    action: Action,
    allowed: bool,
    some: bool,
    grants: tuple[Grant, ...],
) -> str:
    what = f"{action.phrase} « {item.name} »"
    if grants:
        why = " ; ".join(grant.describe(ws) for grant in grants)
        if allowed:
            return f"{can(ws, who)} {what} : {why}."
        name = ws.principal_name(who)
        return f"Certains membres seulement du groupe « {name} » peuvent {what} : {why}."
    _, blocked = _required(action, item)
    if blocked is not None:
        return f"{can(ws, who, positive=False)} {what} : {blocked}."
    if action is Action.VOIR and item.draft and not some:
        return f"{can(ws, who, positive=False)} {what} : c'est encore un brouillon."
    return f"{can(ws, who, positive=False)} {what} : aucun partage ne le permet."


def actions_of(ws: Workspace, *, who: str, target: str) -> frozenset[Action]:
    """Every action ``who`` may do on ``target`` (for all members, if a group)."""
    item = ws.items[target]
    principals = member_principals(ws, who)
    return frozenset(
        action for action in Action if all(_decide(ws, item, action, p)[0] for p in principals)
    )


@dataclass(frozen=True, slots=True)
class SeenItem:
    """One line of « Voir comme… »: an object (or a space / application leading to one) and
    what the persona may do with it; containers carry no action."""

    item_id: str
    depth: int
    actions: frozenset[Action]


def see_as(ws: Workspace, *, who: str) -> tuple[SeenItem, ...]:
    """The tree as ``who`` sees it: visible objects, and the containers on their way."""
    out: list[SeenItem] = []

    def visit(item_id: str, depth: int) -> bool:
        item = ws.items[item_id]
        actions = (
            frozenset() if item.kind in CONTAINER_KINDS else actions_of(ws, who=who, target=item_id)
        )
        position = len(out)
        out.append(SeenItem(item_id, depth, actions))
        shown_child = False
        for child in ws.children(item_id):
            shown_child = visit(child, depth + 1) or shown_child
        if Action.VOIR in actions or shown_child:
            return True
        del out[position:]
        return False

    for root in ws.children(None):
        visit(root, 0)
    return tuple(out)
