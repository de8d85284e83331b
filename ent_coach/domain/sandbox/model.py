"""The simulated school: profiles, groups, personas, the item tree (spaces → applications →
objects) and their shares.

Everything is frozen: a command returns a new :class:`Workspace` that shares every unchanged
item with the old one, so keeping the previous workspace is a cheap and exact undo.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from ent_coach.domain.sandbox.apps import AppKind
from ent_coach.domain.sandbox.rights import Level

# The anonymous visitor who reaches a public blog or Pages project by its link.
INTERNET = "internet"
INTERNET_LABEL = "Internaute (hors ENT)"


class Profile(StrEnum):
    ENSEIGNANT = "enseignant"
    ELEVE = "eleve"
    PARENT = "parent"
    PERSONNEL = "personnel"
    INVITE = "invite"

    @property
    def label(self) -> str:
        return PROFILE_LABELS[self]


PROFILE_LABELS: dict[Profile, str] = {
    Profile.ENSEIGNANT: "Enseignant",
    Profile.ELEVE: "Élève",
    Profile.PARENT: "Parent",
    Profile.PERSONNEL: "Personnel",
    Profile.INVITE: "Invité",
}
STAFF_PROFILES = frozenset({Profile.ENSEIGNANT, Profile.PERSONNEL})


class GroupKind(StrEnum):
    """Group types of the ENT directory (``ProfileGroup`` at two levels, manual, community…)."""

    ETABLISSEMENT = "etablissement"  # « Élèves de l'établissement »: every pupil of the school
    CLASSE = "classe"  # « Parents de la classe 4B »
    MANUEL = "manuel"  # created by an administrator
    COMMUNAUTE = "communaute"  # the read / contrib / manager lists a community creates
    LISTE_DIFFUSION = "liste-diffusion"  # members hidden and never communicate


@dataclass(frozen=True, slots=True)
class Group:
    """``within``: groups every member also belongs to (a class group sits within the school's
    group of the same profile). ``internal``: « les membres peuvent communiquer entre eux »."""

    id: str
    name: str
    kind: GroupKind
    profile: Profile | None = None
    class_name: str | None = None
    within: frozenset[str] = frozenset()
    internal: bool = False


@dataclass(frozen=True, slots=True)
class User:
    """A named persona; ``children`` links a parent to their children (user ids)."""

    id: str
    name: str
    profile: Profile
    groups: frozenset[str] = frozenset()
    children: frozenset[str] = frozenset()


class ItemKind(StrEnum):
    ESPACE = "espace"
    APPLICATION = "application"
    DOSSIER = "dossier"
    DOCUMENT = "document"
    RESSOURCE = "ressource"  # a blog, a news feed, a forum category, a wiki, a wall…

    @property
    def label(self) -> str:
        return ITEM_KIND_LABELS[self]


ITEM_KIND_LABELS: dict[ItemKind, str] = {
    ItemKind.ESPACE: "espace",
    ItemKind.APPLICATION: "application",
    ItemKind.DOSSIER: "dossier",
    ItemKind.DOCUMENT: "document",
    ItemKind.RESSOURCE: "ressource",
}
CONTAINER_KINDS = frozenset({ItemKind.ESPACE, ItemKind.APPLICATION})


class Visibility(StrEnum):
    PRIVE = "prive"
    PUBLIC = "public"


class Publication(StrEnum):
    """Blog « Circuit de publication »; the server default is validation (``RESTRAINT``)."""

    IMMEDIATE = "immediate"
    VALIDATION = "validation"


class Comments(StrEnum):
    """Blog comment type; the server default at creation is disabled (``NONE``)."""

    DESACTIVES = "desactives"
    IMMEDIATS = "immediats"
    MODERES = "moderes"


class ImageAuthorisation(StrEnum):
    """Which image-right authorisation the families signed: none, for the ENT only, or for a
    publication on the internet (a start-of-year ENT form does not cover a public site)."""

    AUCUNE = "aucune"
    ENT = "ent"
    INTERNET = "internet"


SETTING_LABELS: dict[str, str] = {
    "visibilite": "visibilité",
    "publication": "circuit de publication",
    "commentaires": "commentaires",
    "brouillon": "brouillon",
}
VALUE_LABELS: dict[str, str] = {
    Visibility.PRIVE: "privé",
    Visibility.PUBLIC: "public",
    Publication.IMMEDIATE: "publication immédiate",
    Publication.VALIDATION: "billets soumis à validation",
    Comments.DESACTIVES: "désactivés",
    Comments.IMMEDIATS: "publiés immédiatement",
    Comments.MODERES: "modérés avant publication",
    ImageAuthorisation.AUCUNE: "aucune autorisation",
    ImageAuthorisation.ENT: "autorisation pour l'ENT seulement",
    ImageAuthorisation.INTERNET: "autorisation pour une publication sur internet",
}


@dataclass(frozen=True, slots=True)
class Attributes:
    """What a document (or a resource as a whole) holds, for the risk checks."""

    personal_data: bool = False
    pupil_photos: bool = False
    image_authorisation: ImageAuthorisation = ImageAuthorisation.AUCUNE
    health_data: bool = False


@dataclass(frozen=True, slots=True)
class Share:
    """One row of the share panel: a user or group and the levels ticked for it."""

    principal: str
    levels: frozenset[Level]


@dataclass(frozen=True, slots=True)
class Item:
    """A node of the tree. ``shares`` is kept sorted by principal so that equal states compare
    equal whatever the order of the clicks."""

    id: str
    name: str
    kind: ItemKind
    app: AppKind | None = None
    owner: str | None = None
    parent: str | None = None
    shares: tuple[Share, ...] = ()
    visibility: Visibility = Visibility.PRIVE
    publication: Publication = Publication.VALIDATION
    comments: Comments = Comments.DESACTIVES
    draft: bool = False
    attributes: Attributes = Attributes()
    embedded: frozenset[str] = frozenset()

    def share_for(self, principal: str) -> Share | None:
        for share in self.shares:
            if share.principal == principal:
                return share
        return None

    def with_share(self, principal: str, levels: frozenset[Level]) -> Item:
        """This item with ``principal``'s row set to ``levels`` (removed when empty)."""
        rows = [share for share in self.shares if share.principal != principal]
        if levels:
            rows.append(Share(principal, frozenset(levels)))
        return replace(self, shares=tuple(sorted(rows, key=lambda share: share.principal)))

    def setting(self, name: str) -> str:
        if name == "brouillon":
            return "oui" if self.draft else "non"
        value: Any = {
            "visibilite": self.visibility,
            "publication": self.publication,
            "commentaires": self.comments,
        }[name]
        return str(value)


@dataclass(frozen=True, slots=True)
class School:
    name: str
    uai: str = "0000000A"
    kind: str = "college"


def _frozen_mapping(values: Mapping[str, Any]) -> Mapping[str, Any]:
    return values if isinstance(values, MappingProxyType) else MappingProxyType(dict(values))


@dataclass(frozen=True)
class Workspace:
    """The whole simulated ENT. ``player`` is the persona the learner plays (the owner of what
    they create); ``links`` are directed communication links between groups."""

    school: School
    groups: Mapping[str, Group]
    users: Mapping[str, User]
    items: Mapping[str, Item]
    links: frozenset[tuple[str, str]] = frozenset()
    player: str | None = None
    _cache: dict[str, Any] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "groups", _frozen_mapping(self.groups))
        object.__setattr__(self, "users", _frozen_mapping(self.users))
        object.__setattr__(self, "items", _frozen_mapping(self.items))

    __hash__ = None  # type: ignore[assignment]  # holds mappings; compared, never hashed

    # --- edits (each returns a new workspace) ---------------------------------------------

    def with_items(self, changes: Mapping[str, Item | None]) -> Workspace:
        """Items replaced, added (at the end, keeping tree order) or removed (``None``).

        The checker runs after every action, so the per-item grants computed on this workspace
        are carried over, except for what the change can affect: the changed items, what they
        contain (before and after), and the documents they embed (before and after)."""
        items = dict(self.items)
        for item_id, item in changes.items():
            if item is None:
                items.pop(item_id, None)
            else:
                items[item_id] = item
        result = replace(self, items=items)
        grants: dict[str, Any] | None = self._cache.get("grants")
        if grants:
            stale = set(changes)
            for item_id, item in changes.items():
                stale.update(self.descendants(item_id) if item_id in self.items else ())
                stale.update(result.descendants(item_id) if item is not None else ())
                old = self.items.get(item_id)
                stale.update(old.embedded if old is not None else ())
                stale.update(item.embedded if item is not None else ())
            result._cache["grants"] = {k: v for k, v in grants.items() if k not in stale}
        return result

    def with_group(self, group: Group) -> Workspace:
        return replace(self, groups={**self.groups, group.id: group})

    # --- look-ups ---------------------------------------------------------------------------

    def is_principal(self, principal: str) -> bool:
        return principal in self.groups or principal in self.users

    def principal_name(self, principal: str) -> str:
        if principal == INTERNET:
            return INTERNET_LABEL
        if principal in self.groups:
            return self.groups[principal].name
        if principal in self.users:
            return self.users[principal].name
        return principal

    def item_name(self, item_id: str) -> str:
        item = self.items.get(item_id)
        return item.name if item is not None else item_id

    def children(self, item_id: str | None) -> tuple[str, ...]:
        """Direct children in tree order (``None``: the top-level spaces)."""
        index: dict[str | None, list[str]] | None = self._cache.get("children")
        if index is None:
            index = {}
            for item in self.items.values():
                index.setdefault(item.parent, []).append(item.id)
            self._cache["children"] = index
        return tuple(index.get(item_id, ()))

    def descendants(self, item_id: str) -> Iterator[str]:
        for child in self.children(item_id):
            yield child
            yield from self.descendants(child)

    def ancestors(self, item_id: str) -> Iterator[str]:
        """Parents from the nearest up to the root."""
        parent = self.items[item_id].parent
        while parent is not None and parent in self.items:
            yield parent
            parent = self.items[parent].parent

    def path_label(self, item_id: str) -> str:
        names = [self.item_name(a) for a in reversed(list(self.ancestors(item_id)))]
        return " › ".join([*names, self.item_name(item_id)])

    def embedders(self, item_id: str) -> tuple[str, ...]:
        """Resources that embed this document."""
        index: dict[str, list[str]] | None = self._cache.get("embedders")
        if index is None:
            index = {}
            for item in self.items.values():
                for embedded in sorted(item.embedded):
                    index.setdefault(embedded, []).append(item.id)
            self._cache["embedders"] = index
        return tuple(index.get(item_id, ()))

    def group_closure(self, group_ids: Iterable[str]) -> frozenset[str]:
        """The groups plus every group they sit within."""
        closures: dict[str, frozenset[str]] = self._cache.setdefault("closure", {})
        out: set[str] = set()
        for group_id in group_ids:
            cached = closures.get(group_id)
            if cached is None:
                cached = self._closure_of(group_id)
                closures[group_id] = cached
            out |= cached
        return frozenset(out)

    def _closure_of(self, group_id: str) -> frozenset[str]:
        seen: set[str] = set()
        todo = [group_id]
        while todo:
            current = todo.pop()
            if current in seen or current not in self.groups:
                continue
            seen.add(current)
            todo.extend(self.groups[current].within)
        return frozenset(seen)

    def personas_in(self, group_id: str) -> tuple[User, ...]:
        """Named personas belonging to the group (directly or through ``within``)."""
        index: dict[str, list[User]] | None = self._cache.get("members")
        if index is None:
            index = {}
            for user in self.users.values():
                for group in sorted(self.group_closure(user.groups)):
                    index.setdefault(group, []).append(user)
            self._cache["members"] = index
        return tuple(index.get(group_id, ()))

    def group_profiles(self, group_id: str) -> frozenset[Profile]:
        """Profiles present in a group: its own profile and its personas'."""
        cache: dict[str, frozenset[Profile]] = self._cache.setdefault("profiles", {})
        found = cache.get(group_id)
        if found is None:
            group = self.groups[group_id]
            profiles = {user.profile for user in self.personas_in(group_id)}
            if group.profile is not None:
                profiles.add(group.profile)
            found = cache[group_id] = frozenset(profiles)
        return found

    def objects(self) -> tuple[Item, ...]:
        """Every item that can carry rights (not the spaces and application nodes)."""
        found: tuple[Item, ...] | None = self._cache.get("objects")
        if found is None:
            found = tuple(i for i in self.items.values() if i.kind not in CONTAINER_KINDS)
            self._cache["objects"] = found
        return found

    def principal_profiles(self, principal: str) -> frozenset[Profile]:
        if principal in self.users:
            return frozenset({self.users[principal].profile})
        if principal in self.groups:
            return self.group_profiles(principal)
        return frozenset()
