"""Communication rules: who may write to whom in the messaging, and the default rules.

The model is ODE's visibility graph between groups: directed links (a group's members may
write to the target group's members) and a group's internal rule (« les membres du groupe
peuvent communiquer entre eux »), plus the parent ↔ own-child link. The defaults follow
Edifice's published summary, which the reference notes say to simulate: teachers and staff
see everyone; pupils see their class's teachers, their classmates and all staff; parents see
their child's teachers, all staff and their own children, but neither other parents nor other
pupils.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from ent_coach.domain.sandbox.access import Verdict, member_principals
from ent_coach.domain.sandbox.model import (
    INTERNET,
    STAFF_PROFILES,
    Group,
    GroupKind,
    Profile,
    Workspace,
)
from ent_coach.domain.sandbox.wording import can, to_whom


def default_rules(
    groups: Mapping[str, Group],
) -> tuple[dict[str, Group], frozenset[tuple[str, str]]]:
    """The groups with their default internal rule, and the default links."""
    by_class: dict[str, dict[Profile, str]] = {}
    staff_school = [
        g.id
        for g in groups.values()
        if g.kind is GroupKind.ETABLISSEMENT and g.profile is Profile.PERSONNEL
    ]
    for group in groups.values():
        if group.kind is GroupKind.CLASSE and group.class_name and group.profile:
            by_class.setdefault(group.class_name, {})[group.profile] = group.id
    links: set[tuple[str, str]] = set()
    updated: dict[str, Group] = {}
    for group in groups.values():
        internal = group.internal
        if group.kind is GroupKind.ETABLISSEMENT and group.profile in STAFF_PROFILES:
            internal = True
            links |= {(group.id, other) for other in groups if other != group.id}
        if group.kind is GroupKind.CLASSE and group.class_name:
            teachers = by_class[group.class_name].get(Profile.ENSEIGNANT)
            targets = [*staff_school, *([teachers] if teachers else [])]
            if group.profile is Profile.ELEVE:
                internal = True
                links |= {(group.id, target) for target in targets}
            elif group.profile is Profile.PARENT:
                links |= {(group.id, target) for target in targets}
        if group.kind is GroupKind.LISTE_DIFFUSION:
            internal = False  # broadcast-list members never communicate among themselves
        updated[group.id] = replace(group, internal=internal)
    return updated, frozenset(links)


def _reachable_groups(ws: Workspace, principals: frozenset[str]) -> frozenset[str]:
    """Groups whose members the holder of ``principals`` may write to."""
    out = {
        group_id
        for group_id in principals
        if group_id in ws.groups and ws.groups[group_id].internal
    }
    out |= {target for source, target in ws.links if source in principals}
    return frozenset(out)


def _pairs(ws: Workspace, who: str) -> Iterable[tuple[str | None, frozenset[str]]]:
    """(user id or ``None`` for a typical member, principal set) for each member of ``who``."""
    sets = member_principals(ws, who)
    if who in ws.users:
        return [(who, sets[0])]
    return zip([None, *(u.id for u in ws.personas_in(who))], sets, strict=True)


def can_message(ws: Workspace, *, sender: str, recipient: str) -> Verdict:
    """Can ``sender`` (a user, or every member of a group) write to ``recipient`` (a user, or
    every member of a group)? A sender and a recipient who are the same persona are skipped."""
    if INTERNET in (sender, recipient):
        return Verdict(False, False, (), "La messagerie n'est pas ouverte hors de l'ENT.")
    outcomes: list[bool] = []
    reasons: set[str] = set()
    for sender_id, sender_set in _pairs(ws, sender):
        reachable = _reachable_groups(ws, sender_set)
        children = ws.users[sender_id].children if sender_id else frozenset()
        for recipient_id, recipient_set in _pairs(ws, recipient):
            if sender_id is not None and sender_id == recipient_id:
                continue
            through = sorted(reachable & recipient_set)
            family = recipient_id is not None and (
                recipient_id in children
                or (sender_id is not None and sender_id in ws.users[recipient_id].children)
            )
            outcomes.append(bool(through) or family)
            reasons |= {_why(ws, sender_set, group_id) for group_id in through}
            if family:
                reasons.add("lien parent ↔ enfant")
    allowed = bool(outcomes) and all(outcomes)
    some = any(outcomes)
    target = to_whom(ws, recipient)
    if allowed:
        text = f"{can(ws, sender)} écrire {target} : " + " ; ".join(sorted(reasons)) + "."
    elif some:
        text = (
            f"{can(ws, sender, positive=False)} toujours écrire {target} ; seulement : "
            + " ; ".join(sorted(reasons))
            + "."
        )
    else:
        text = f"{can(ws, sender, positive=False)} écrire {target} : aucune règle ne le permet."
    return Verdict(allowed, some, (), text)


def _why(ws: Workspace, sender_set: frozenset[str], group_id: str) -> str:
    name = ws.groups[group_id].name
    if group_id in sender_set and ws.groups[group_id].internal:
        return f"les membres de « {name} » communiquent entre eux"
    sources = sorted(
        source for source, target in ws.links if target == group_id and source in sender_set
    )
    return " ; ".join(f"lien « {ws.principal_name(s)} » → « {name} »" for s in sources)
