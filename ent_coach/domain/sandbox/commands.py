"""Every user action on the sandbox as a command: validated, applied to an immutable workspace,
labelled in French for the Edit menu (« Annuler : partager … »).

A command never mutates: ``apply`` returns a new workspace or raises :class:`CommandError`
with a message for the user. The share commands reproduce the share panel's behaviour,
including its traps (pre-ticked Read + Comment, multi-item share that overwrites, a move that
drops the moved item's own shares).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, replace
from typing import ClassVar

from ent_coach.domain.sandbox.apps import AppKind
from ent_coach.domain.sandbox.model import (
    CONTAINER_KINDS,
    VALUE_LABELS,
    Attributes,
    Comments,
    Group,
    Item,
    ItemKind,
    Publication,
    Share,
    Visibility,
    Workspace,
)
from ent_coach.domain.sandbox.rights import REQUIRES, Level, close_levels, untick


class CommandError(ValueError):
    """A command that cannot be applied; the message is shown to the user as is."""


class Command(ABC):
    __slots__ = ()
    verb: ClassVar[str]

    @abstractmethod
    def apply(self, ws: Workspace) -> Workspace: ...

    @abstractmethod
    def describe(self, ws: Workspace) -> str:
        """Infinitive phrase, e.g. « partager « Blog de la 4B » avec Parents de la classe 4B »."""


# --- helpers ---------------------------------------------------------------------------------


def _item(ws: Workspace, item_id: str) -> Item:
    item = ws.items.get(item_id)
    if item is None:
        raise CommandError(f"objet inconnu : « {item_id} »")
    return item


def _shareable(ws: Workspace, item_id: str) -> Item:
    item = _item(ws, item_id)
    if item.kind in CONTAINER_KINDS or item.app is None or not item.app.spec.shareable:
        raise CommandError(f"« {item.name} » ne se partage pas")
    return item


def _principal(ws: Workspace, principal: str) -> None:
    if not ws.is_principal(principal):
        raise CommandError(f"utilisateur ou groupe inconnu : « {principal} »")


def _offered(item: Item, levels: frozenset[Level]) -> None:
    assert item.app is not None
    spec = item.app.spec
    # A level the app does not show is fine when implied by one it does (blog « Gérer » holds
    # the generic publish level): rows read back from a share can be written again as is.
    implied = {req for level in levels if level in spec.levels for req in REQUIRES[level]}
    missing = sorted(
        level.value for level in levels if level not in spec.levels and level not in implied
    )
    if missing:
        raise CommandError(f"{spec.label} ne propose pas le droit : {', '.join(missing)}")


def _q(ws: Workspace, item_id: str) -> str:
    return f"« {ws.item_name(item_id)} »"


def _new_id(ws: Workspace, item_id: str) -> None:
    if item_id in ws.items or ws.is_principal(item_id):
        raise CommandError(f"l'identifiant « {item_id} » est déjà utilisé")


# --- tree ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CreateSpace(Command):
    verb: ClassVar[str] = "creer-espace"
    item_id: str
    name: str

    def apply(self, ws: Workspace) -> Workspace:
        _new_id(ws, self.item_id)
        return ws.with_items({self.item_id: Item(self.item_id, self.name, ItemKind.ESPACE)})

    def describe(self, ws: Workspace) -> str:
        return f"créer l'espace « {self.name} »"


@dataclass(frozen=True, slots=True)
class CreateApplication(Command):
    verb: ClassVar[str] = "creer-application"
    item_id: str
    space: str
    app: AppKind

    def apply(self, ws: Workspace) -> Workspace:
        _new_id(ws, self.item_id)
        if _item(ws, self.space).kind is not ItemKind.ESPACE:
            raise CommandError("une application se crée dans un espace")
        item = Item(
            self.item_id, self.app.spec.label, ItemKind.APPLICATION, self.app, None, self.space
        )
        return ws.with_items({self.item_id: item})

    def describe(self, ws: Workspace) -> str:
        return f"ajouter l'application {self.app.spec.label} à {_q(ws, self.space)}"


@dataclass(frozen=True, slots=True)
class CreateObject(Command):
    """A resource in an application, or a folder / document in the espace documentaire.
    New objects are private to their owner (the player) until shared, as in the ENT."""

    verb: ClassVar[str] = "creer-objet"
    item_id: str
    parent: str
    name: str
    kind: ItemKind = ItemKind.RESSOURCE

    def apply(self, ws: Workspace) -> Workspace:
        _new_id(ws, self.item_id)
        parent = _item(ws, self.parent)
        if parent.app is None or parent.kind not in (ItemKind.APPLICATION, ItemKind.DOSSIER):
            raise CommandError("un objet se crée dans une application ou un dossier")
        folders = parent.app.spec.has_folders
        if folders != (self.kind in (ItemKind.DOSSIER, ItemKind.DOCUMENT)) or (
            self.kind in CONTAINER_KINDS
        ):
            raise CommandError(f"{parent.app.spec.label} ne contient pas ce type d'objet")
        item = Item(self.item_id, self.name, self.kind, parent.app, ws.player, self.parent)
        return ws.with_items({self.item_id: item})

    def describe(self, ws: Workspace) -> str:
        return f"créer {self.kind.label} « {self.name} »"


@dataclass(frozen=True, slots=True)
class Rename(Command):
    verb: ClassVar[str] = "renommer"
    item_id: str
    name: str

    def apply(self, ws: Workspace) -> Workspace:
        if not self.name.strip():
            raise CommandError("le nom ne peut pas être vide")
        return ws.with_items({self.item_id: replace(_item(ws, self.item_id), name=self.name)})

    def describe(self, ws: Workspace) -> str:
        return f"renommer {_q(ws, self.item_id)} en « {self.name} »"


@dataclass(frozen=True, slots=True)
class Delete(Command):
    verb: ClassVar[str] = "supprimer"
    item_id: str

    def apply(self, ws: Workspace) -> Workspace:
        _item(ws, self.item_id)
        gone = {self.item_id, *ws.descendants(self.item_id)}
        changes: dict[str, Item | None] = dict.fromkeys(gone)
        for item in ws.items.values():
            if item.id not in gone and item.embedded & gone:
                changes[item.id] = replace(item, embedded=item.embedded - gone)
        return ws.with_items(changes)

    def describe(self, ws: Workspace) -> str:
        return f"supprimer {_q(ws, self.item_id)}"


@dataclass(frozen=True, slots=True)
class Move(Command):
    """Moving a workspace item drops its own shares (and those of what it contains): it then
    has exactly the rights of the destination folder (``workspace.documents.warning.move``)."""

    verb: ClassVar[str] = "deplacer"
    item_id: str
    destination: str

    def apply(self, ws: Workspace) -> Workspace:
        item = _item(ws, self.item_id)
        target = _item(ws, self.destination)
        if item.kind not in (ItemKind.DOSSIER, ItemKind.DOCUMENT):
            raise CommandError("seuls les dossiers et les documents se déplacent")
        if target.app is not item.app or target.kind not in (
            ItemKind.DOSSIER,
            ItemKind.APPLICATION,
        ):
            raise CommandError("la destination doit être un dossier du même espace documentaire")
        moved = {item.id, *ws.descendants(item.id)}
        if target.id in moved:
            raise CommandError("impossible de déplacer un dossier dans lui-même")
        changes: dict[str, Item | None] = {
            i: replace(ws.items[i], shares=()) for i in moved if ws.items[i].shares
        }
        changes[item.id] = replace(item, parent=target.id, shares=())
        # Keep the moved subtree after the destination's children in tree order.
        for moved_id in [item.id, *ws.descendants(item.id)]:
            changes[moved_id] = changes.get(moved_id, ws.items[moved_id])
        return ws.with_items({k: None for k in changes}).with_items(changes)

    def describe(self, ws: Workspace) -> str:
        return f"déplacer {_q(ws, self.item_id)} vers {_q(ws, self.destination)}"


# --- shares ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddToShare(Command):
    """Add a user or group to the share panel: Read and Comment come pre-ticked."""

    verb: ClassVar[str] = "ajouter-au-partage"
    item_id: str
    principal: str

    def apply(self, ws: Workspace) -> Workspace:
        item = _shareable(ws, self.item_id)
        _principal(ws, self.principal)
        if item.share_for(self.principal) is not None:
            raise CommandError(f"{ws.principal_name(self.principal)} figure déjà dans le partage")
        assert item.app is not None
        return ws.with_items({item.id: item.with_share(self.principal, item.app.spec.preticked)})

    def describe(self, ws: Workspace) -> str:
        return f"partager {_q(ws, self.item_id)} avec {ws.principal_name(self.principal)}"


@dataclass(frozen=True, slots=True)
class TickLevel(Command):
    """Tick a box; what it requires is ticked too (Gérer ticks everything below)."""

    verb: ClassVar[str] = "cocher"
    item_id: str
    principal: str
    level: Level

    def apply(self, ws: Workspace) -> Workspace:
        item = _shareable(ws, self.item_id)
        _principal(ws, self.principal)
        _offered(item, frozenset({self.level}))
        current = item.share_for(self.principal)
        levels = close_levels({self.level, *(current.levels if current else ())})
        return ws.with_items({item.id: item.with_share(self.principal, levels)})

    def describe(self, ws: Workspace) -> str:
        item = _item(ws, self.item_id)
        label = item.app.spec.level_label(self.level) if item.app else self.level.value
        return f"cocher {label} pour {ws.principal_name(self.principal)} sur {_q(ws, self.item_id)}"


@dataclass(frozen=True, slots=True)
class UntickLevel(Command):
    """Untick a box; every right that requires it is unticked too. Unticking the last box
    removes the row."""

    verb: ClassVar[str] = "decocher"
    item_id: str
    principal: str
    level: Level

    def apply(self, ws: Workspace) -> Workspace:
        item = _shareable(ws, self.item_id)
        current = item.share_for(self.principal)
        if current is None:
            raise CommandError(f"{ws.principal_name(self.principal)} ne figure pas dans le partage")
        _offered(item, frozenset({self.level}))
        levels = untick(current.levels, self.level)
        return ws.with_items({item.id: item.with_share(self.principal, levels)})

    def describe(self, ws: Workspace) -> str:
        item = _item(ws, self.item_id)
        label = item.app.spec.level_label(self.level) if item.app else self.level.value
        return (
            f"décocher {label} pour {ws.principal_name(self.principal)} sur {_q(ws, self.item_id)}"
        )


@dataclass(frozen=True, slots=True)
class SetShare(Command):
    """Set one row to exactly these levels (closed under implication; empty removes it)."""

    verb: ClassVar[str] = "definir-droits"
    item_id: str
    principal: str
    levels: frozenset[Level]

    def apply(self, ws: Workspace) -> Workspace:
        item = _shareable(ws, self.item_id)
        _principal(ws, self.principal)
        _offered(item, self.levels)
        return ws.with_items({item.id: item.with_share(self.principal, close_levels(self.levels))})

    def describe(self, ws: Workspace) -> str:
        return (
            f"modifier les droits de {ws.principal_name(self.principal)} sur {_q(ws, self.item_id)}"
        )


@dataclass(frozen=True, slots=True)
class RemoveShare(Command):
    verb: ClassVar[str] = "retirer-du-partage"
    item_id: str
    principal: str

    def apply(self, ws: Workspace) -> Workspace:
        item = _shareable(ws, self.item_id)
        if item.share_for(self.principal) is None:
            raise CommandError(f"{ws.principal_name(self.principal)} ne figure pas dans le partage")
        return ws.with_items({item.id: item.with_share(self.principal, frozenset())})

    def describe(self, ws: Workspace) -> str:
        return f"retirer {ws.principal_name(self.principal)} du partage de {_q(ws, self.item_id)}"


@dataclass(frozen=True, slots=True)
class ShareMany(Command):
    """Share several selected items at once: each item's existing shares are REPLACED by the
    ones set in the dialog (``share.varyingrights``), the bulk-share trap."""

    verb: ClassVar[str] = "partager-plusieurs"
    item_ids: tuple[str, ...]
    shares: tuple[Share, ...]

    def apply(self, ws: Workspace) -> Workspace:
        if not self.item_ids:
            raise CommandError("aucun objet sélectionné")
        rows: list[Share] = []
        for share in self.shares:
            _principal(ws, share.principal)
            rows.append(Share(share.principal, close_levels(share.levels)))
        ordered = tuple(sorted(rows, key=lambda share: share.principal))
        changes: dict[str, Item | None] = {}
        for item_id in self.item_ids:
            item = _shareable(ws, item_id)
            for share in self.shares:
                _offered(item, share.levels)
            changes[item_id] = replace(item, shares=ordered)
        return ws.with_items(changes)

    def describe(self, ws: Workspace) -> str:
        return f"partager {len(self.item_ids)} objets à la fois"


# --- settings --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SetVisibility(Command):
    verb: ClassVar[str] = "visibilite"
    item_id: str
    value: Visibility

    def apply(self, ws: Workspace) -> Workspace:
        item = _item(ws, self.item_id)
        if item.app is None or item.kind in CONTAINER_KINDS or not item.app.spec.can_be_public:
            raise CommandError(f"« {item.name} » ne peut pas être rendu public")
        return ws.with_items({item.id: replace(item, visibility=self.value)})

    def describe(self, ws: Workspace) -> str:
        return f"rendre {_q(ws, self.item_id)} {VALUE_LABELS[self.value]}"


@dataclass(frozen=True, slots=True)
class SetPublication(Command):
    verb: ClassVar[str] = "publication"
    item_id: str
    value: Publication

    def apply(self, ws: Workspace) -> Workspace:
        item = _item(ws, self.item_id)
        if (
            item.app is None
            or item.kind in CONTAINER_KINDS
            or not item.app.spec.publication_setting
        ):
            raise CommandError(f"« {item.name} » n'a pas de circuit de publication")
        return ws.with_items({item.id: replace(item, publication=self.value)})

    def describe(self, ws: Workspace) -> str:
        return f"passer {_q(ws, self.item_id)} en {VALUE_LABELS[self.value]}"


@dataclass(frozen=True, slots=True)
class SetComments(Command):
    verb: ClassVar[str] = "commentaires"
    item_id: str
    value: Comments

    def apply(self, ws: Workspace) -> Workspace:
        item = _item(ws, self.item_id)
        if item.app is None or item.kind in CONTAINER_KINDS or not item.app.spec.comment_setting:
            raise CommandError(f"« {item.name} » n'a pas de réglage des commentaires")
        return ws.with_items({item.id: replace(item, comments=self.value)})

    def describe(self, ws: Workspace) -> str:
        return f"régler les commentaires de {_q(ws, self.item_id)} : {VALUE_LABELS[self.value]}"


@dataclass(frozen=True, slots=True)
class SetDraft(Command):
    """Publish (``draft=False``) or unpublish a cahier de textes entry."""

    verb: ClassVar[str] = "brouillon"
    item_id: str
    draft: bool

    def apply(self, ws: Workspace) -> Workspace:
        item = _item(ws, self.item_id)
        if item.app is None or item.kind in CONTAINER_KINDS or not item.app.spec.has_draft:
            raise CommandError(f"« {item.name} » n'a pas d'état brouillon")
        return ws.with_items({item.id: replace(item, draft=self.draft)})

    def describe(self, ws: Workspace) -> str:
        verb = "repasser en brouillon" if self.draft else "publier"
        return f"{verb} {_q(ws, self.item_id)}"


@dataclass(frozen=True, slots=True)
class SetAttributes(Command):
    verb: ClassVar[str] = "attributs"
    item_id: str
    attributes: Attributes

    def apply(self, ws: Workspace) -> Workspace:
        item = _item(ws, self.item_id)
        if item.kind in CONTAINER_KINDS:
            raise CommandError("un espace ou une application n'a pas de contenu à décrire")
        return ws.with_items({item.id: replace(item, attributes=self.attributes)})

    def describe(self, ws: Workspace) -> str:
        return f"modifier la description du contenu de {_q(ws, self.item_id)}"


@dataclass(frozen=True, slots=True)
class Embed(Command):
    """Insert a workspace document into a blog, a Pages project, a wiki or a wall."""

    verb: ClassVar[str] = "integrer"
    item_id: str
    document: str

    def apply(self, ws: Workspace) -> Workspace:
        item = _item(ws, self.item_id)
        document = _item(ws, self.document)
        if document.kind is not ItemKind.DOCUMENT:
            raise CommandError("seul un document de l'espace documentaire peut être intégré")
        if item.kind is not ItemKind.RESSOURCE or item.app is AppKind.ESPACE_DOCUMENTAIRE:
            raise CommandError(f"« {item.name} » ne peut pas intégrer de document")
        return ws.with_items({item.id: replace(item, embedded=item.embedded | {document.id})})

    def describe(self, ws: Workspace) -> str:
        return f"intégrer {_q(ws, self.document)} dans {_q(ws, self.item_id)}"


@dataclass(frozen=True, slots=True)
class Unembed(Command):
    verb: ClassVar[str] = "retirer-integration"
    item_id: str
    document: str

    def apply(self, ws: Workspace) -> Workspace:
        item = _item(ws, self.item_id)
        if self.document not in item.embedded:
            raise CommandError(f"{_q(ws, self.document)} n'est pas intégré à « {item.name} »")
        return ws.with_items({item.id: replace(item, embedded=item.embedded - {self.document})})

    def describe(self, ws: Workspace) -> str:
        return f"retirer {_q(ws, self.document)} de {_q(ws, self.item_id)}"


# --- communication rules ---------------------------------------------------------------------


def _group(ws: Workspace, group_id: str) -> Group:
    group = ws.groups.get(group_id)
    if group is None:
        raise CommandError(f"groupe inconnu : « {group_id} »")
    return group


@dataclass(frozen=True, slots=True)
class SetInternalCommunication(Command):
    verb: ClassVar[str] = "communication-interne"
    group: str
    enabled: bool

    def apply(self, ws: Workspace) -> Workspace:
        return ws.with_group(replace(_group(ws, self.group), internal=self.enabled))

    def describe(self, ws: Workspace) -> str:
        state = "autoriser" if self.enabled else "interdire"
        return f"{state} la communication entre les membres de « {ws.principal_name(self.group)} »"


@dataclass(frozen=True, slots=True)
class AddLink(Command):
    verb: ClassVar[str] = "ajouter-lien"
    source: str
    target: str

    def apply(self, ws: Workspace) -> Workspace:
        _group(ws, self.source)
        _group(ws, self.target)
        if self.source == self.target:
            raise CommandError("un lien relie deux groupes différents")
        return replace(ws, links=ws.links | {(self.source, self.target)})

    def describe(self, ws: Workspace) -> str:
        names = ws.principal_name(self.source), ws.principal_name(self.target)
        return f"permettre à « {names[0]} » d'écrire à « {names[1]} »"


@dataclass(frozen=True, slots=True)
class RemoveLink(Command):
    verb: ClassVar[str] = "retirer-lien"
    source: str
    target: str

    def apply(self, ws: Workspace) -> Workspace:
        if (self.source, self.target) not in ws.links:
            raise CommandError("ce lien de communication n'existe pas")
        return replace(ws, links=ws.links - {(self.source, self.target)})

    def describe(self, ws: Workspace) -> str:
        names = ws.principal_name(self.source), ws.principal_name(self.target)
        return f"retirer le lien « {names[0]} » → « {names[1]} »"


COMMAND_TYPES: dict[str, type[Command]] = {
    cls.verb: cls
    for cls in (
        CreateSpace,
        CreateApplication,
        CreateObject,
        Rename,
        Delete,
        Move,
        AddToShare,
        TickLevel,
        UntickLevel,
        SetShare,
        RemoveShare,
        ShareMany,
        SetVisibility,
        SetPublication,
        SetComments,
        SetDraft,
        SetAttributes,
        Embed,
        Unembed,
        SetInternalCommunication,
        AddLink,
        RemoveLink,
    )
}
