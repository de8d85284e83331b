"""Reusable risk checks (the reference's « détecteurs »): settings that expose pupils' data or
open a channel the scenario did not ask for. Each check has an id, a French title and
explanation, a source (publisher, title, https URL taken from the tutorials' sources) and the
tutorial that teaches the fix. Checks read the workspace only, so they are deterministic and
cheap enough to run after every action.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ent_coach.domain.sandbox.access import GrantKind, grants_on, principal_can
from ent_coach.domain.sandbox.apps import AppKind
from ent_coach.domain.sandbox.model import (
    INTERNET,
    STAFF_PROFILES,
    Comments,
    GroupKind,
    ImageAuthorisation,
    Item,
    Profile,
    Visibility,
    Workspace,
)
from ent_coach.domain.sandbox.rights import Action, Level
from ent_coach.domain.sandbox.wording import can, verb3


@dataclass(frozen=True, slots=True)
class RiskSource:
    publisher: str
    title: str
    url: str


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One risk found: which check, on which object or group, said how."""

    check_id: str
    subject: str
    message: str


@dataclass(frozen=True, slots=True)
class RiskCheck:
    id: str
    title: str
    explanation: str
    source: RiskSource
    tutorial: str
    detect: Callable[[Workspace], Iterable[Finding]]

    def run(self, ws: Workspace) -> tuple[Finding, ...]:
        return tuple(sorted(set(self.detect(ws))))


# --- sources (every URL comes from a tutorial's front matter) --------------------------------

_CNIL_SECURITE = RiskSource(
    "CNIL",
    "Sécurité : gérer les habilitations",
    "https://www.cnil.fr/fr/securite-gerer-les-habilitations",
)
_EDIFICE_AIDE = RiskSource(
    "Édifice (éditeur des ENT ONE et NEO)",
    "Aide en ligne des applications : Blog",
    "https://github.com/edificeio/applications-help",
)
_LEGAMEDIA = RiskSource(
    "Éduscol (Légamédia)",
    "Publication en ligne des productions d'élèves",
    "https://eduscol.education.fr/internet-responsable/ressources/legamedia/publication-en-ligne-des-productions-deleves.html",
)
_REUNION_MEDIAS = RiskSource(
    "Académie de La Réunion",
    "Gérer les données personnelles : médias et noms",
    "https://etab.ac-reunion.fr/gerer-les-donnees-personnelles-medias-et-noms/",
)
_PARIS_PHOTOS = RiskSource(
    "Académie de Paris",
    "Publier des photos d'élèves ?",
    "https://www.ac-paris.fr/publier-des-photos-d-eleves-125270",
)
_EDIFICE_COMMUNICATION = RiskSource(
    "Édifice (éditeur des ENT ONE et NEO)",
    "Comprendre les règles de communication dans l'ENT",
    "https://edifice.io/comprendre-les-regles-de-communication-dans-lent",
)


# --- helpers ---------------------------------------------------------------------------------


def _objects(ws: Workspace) -> tuple[Item, ...]:
    return ws.objects()


def _has(ws: Workspace, principal: str, profile: Profile) -> bool:
    return profile in ws.principal_profiles(principal)


def _q(text: str) -> str:
    return f"« {text} »"


def _is_public(ws: Workspace, item: Item) -> bool:
    return any(grant.principal == INTERNET for grant in grants_on(ws, item.id))


# --- detectors -------------------------------------------------------------------------------


def _audience_too_broad(ws: Workspace) -> Iterator[Finding]:
    for item in _objects(ws):
        for share in item.shares:
            group = ws.groups.get(share.principal)
            if group is not None and group.kind is GroupKind.ETABLISSEMENT:
                yield Finding(
                    "audience-trop-large",
                    item.id,
                    f"{_q(item.name)} est partagé avec {_q(group.name)} : tout ce groupe de "
                    "l'établissement y a accès, bien au-delà de la classe concernée.",
                )


def _default_comment_left(ws: Workspace) -> Iterator[Finding]:
    for item in _objects(ws):
        assert item.app is not None
        spec = item.app.spec
        if Level.COMMENTER not in spec.levels:
            continue
        if spec.comment_setting and item.comments is Comments.DESACTIVES:
            continue
        for share in item.shares:
            families = _has(ws, share.principal, Profile.PARENT)
            if Level.COMMENTER in share.levels and (
                families or _has(ws, share.principal, Profile.INVITE)
            ):
                yield Finding(
                    "commentaire-coche-par-defaut",
                    item.id,
                    f"{can(ws, share.principal)} commenter {_q(item.name)} : "
                    "« Commenter » est coché d'office quand on ajoute quelqu'un au partage.",
                )


_REVIEWED_APPS = frozenset({AppKind.BLOG, AppKind.ACTUALITES, AppKind.PAGES})


def _pupils_publish_unreviewed(ws: Workspace) -> Iterator[Finding]:
    for item in _objects(ws):
        if item.app not in _REVIEWED_APPS:
            continue
        for share in item.shares:
            if _has(ws, share.principal, Profile.ELEVE) and principal_can(
                ws, principal=share.principal, action=Action.PUBLIER_SANS_VALIDATION, target=item.id
            ):
                yield Finding(
                    "publication-sans-validation",
                    item.id,
                    f"{verb3(ws, share.principal, 'publie', 'publient')} directement sur "
                    f"{_q(item.name)} : rien n'est relu avant d'être en ligne.",
                )


def _pupil_manager(ws: Workspace) -> Iterator[Finding]:
    for item in _objects(ws):
        for share in item.shares:
            if not _has(ws, share.principal, Profile.ELEVE):
                continue
            for action in (Action.GERER, Action.MODERER):
                if principal_can(ws, principal=share.principal, action=action, target=item.id):
                    yield Finding(
                        "eleve-gestionnaire",
                        item.id,
                        f"{can(ws, share.principal)} {action.phrase} "
                        f"{_q(item.name)} : repartager, supprimer ou effacer les "
                        "contributions des autres.",
                    )
                    break


def _unmoderated_comments(ws: Workspace) -> Iterator[Finding]:
    for item in _objects(ws):
        if item.app is not AppKind.BLOG or item.comments is not Comments.IMMEDIATS:
            continue
        pupils_take_part = any(
            _has(ws, share.principal, Profile.ELEVE)
            and share.levels & {Level.COMMENTER, Level.CONTRIBUER}
            for share in item.shares
        )
        if pupils_take_part:
            yield Finding(
                "commentaires-non-moderes",
                item.id,
                f"Les commentaires de {_q(item.name)} sont publiés sans relecture alors que "
                "des élèves y écrivent.",
            )


def _public_personal_data(ws: Workspace) -> Iterator[Finding]:
    for item in _objects(ws):
        attributes = item.attributes
        if (attributes.personal_data or attributes.health_data) and _is_public(ws, item):
            yield Finding(
                "public-donnees-personnelles",
                item.id,
                f"{_q(item.name)} contient des données personnelles et il est lisible par "
                "n'importe qui sur internet.",
            )


def _photos_without_authorisation(ws: Workspace) -> Iterator[Finding]:
    for item in _objects(ws):
        attributes = item.attributes
        if not attributes.pupil_photos:
            continue
        authorisation = attributes.image_authorisation
        if _is_public(ws, item) and authorisation is not ImageAuthorisation.INTERNET:
            scope = (
                "l'autorisation signée ne couvre que l'ENT"
                if authorisation is ImageAuthorisation.ENT
                else "aucune autorisation n'a été recueillie"
            )
            yield Finding(
                "photos-sans-autorisation",
                item.id,
                f"{_q(item.name)} montre des élèves reconnaissables et il est public, or {scope}.",
            )
        elif authorisation is ImageAuthorisation.AUCUNE and any(
            grant.kind is not GrantKind.PROPRIETAIRE for grant in grants_on(ws, item.id)
        ):
            yield Finding(
                "photos-sans-autorisation",
                item.id,
                f"{_q(item.name)} montre des élèves reconnaissables, est partagé, et aucune "
                "autorisation de droit à l'image n'a été recueillie.",
            )


def _embedded_exposed(ws: Workspace) -> Iterator[Finding]:
    for item in _objects(ws):
        if item.visibility is not Visibility.PUBLIC or not item.embedded:
            continue
        for document_id in sorted(item.embedded):
            document = ws.items.get(document_id)
            if document is not None and document.owner != item.owner:
                owner = ws.principal_name(document.owner) if document.owner else "un tiers"
                yield Finding(
                    "document-integre-expose",
                    document_id,
                    f"{_q(document.name)} appartient à {owner} ; intégré à {_q(item.name)}, "
                    "qui est public, il devient public lui aussi.",
                )


def _in_team(ws: Workspace, principal: str) -> bool:
    """Named staff, or a class / manual group made only of staff: the need-to-know circle."""
    if principal in ws.users:
        return ws.users[principal].profile in STAFF_PROFILES
    group = ws.groups.get(principal)
    if group is None or group.kind not in (GroupKind.CLASSE, GroupKind.MANUEL):
        return False
    profiles = ws.group_profiles(principal)
    return bool(profiles) and profiles <= STAFF_PROFILES


def _health_beyond_team(ws: Workspace) -> Iterator[Finding]:
    for item in _objects(ws):
        if not item.attributes.health_data:
            continue
        for grant in grants_on(ws, item.id):
            if grant.kind is GrantKind.PROPRIETAIRE or _in_team(ws, grant.principal):
                continue
            yield Finding(
                "donnees-sante-hors-equipe",
                item.id,
                f"{_q(item.name)} contient des données de santé et "
                f"{verb3(ws, grant.principal, 'y a', 'y ont', capital=False)} accès : seuls les membres de "
                "l'équipe qui en ont besoin devraient le voir.",
            )


def _channels(ws: Workspace, profile: Profile, check_id: str, who: str) -> Iterator[Finding]:
    for group in ws.groups.values():
        if group.internal and profile in ws.group_profiles(group.id):
            if profile is Profile.ELEVE and group.kind is not GroupKind.ETABLISSEMENT:
                continue  # classmates and project groups: the intended, limited channel
            yield Finding(
                check_id,
                group.id,
                f"Les membres de {_q(group.name)} peuvent s'écrire entre eux : {who} de "
                "tout ce groupe peuvent se contacter.",
            )
    for source, target in sorted(ws.links):
        if profile in ws.principal_profiles(source) and profile in ws.principal_profiles(target):
            yield Finding(
                check_id,
                source,
                f"Le lien {_q(ws.principal_name(source))} → {_q(ws.principal_name(target))} "
                f"permet à des {who} d'écrire à d'autres {who}.",
            )


def _pupil_channels(ws: Workspace) -> Iterator[Finding]:
    return _channels(ws, Profile.ELEVE, "messagerie-eleves-ouverte", "élèves")


def _parent_channels(ws: Workspace) -> Iterator[Finding]:
    return _channels(ws, Profile.PARENT, "parents-entre-eux", "parents")


def _school_parents_linked(ws: Workspace) -> Iterator[Finding]:
    for group in ws.groups.values():
        if group.kind is not GroupKind.ETABLISSEMENT or group.profile is not Profile.PARENT:
            continue
        targets = sorted(target for source, target in ws.links if source == group.id)
        for target in targets:
            yield Finding(
                "groupe-parents-etablissement-lie",
                group.id,
                f"{_q(group.name)} est relié à {_q(ws.principal_name(target))} : il faut "
                "relier les groupes de parents de chaque classe, pas celui de l'établissement.",
            )
        if group.internal:
            yield Finding(
                "groupe-parents-etablissement-lie",
                group.id,
                f"Les membres de {_q(group.name)} peuvent s'écrire : toutes les familles de "
                "l'établissement peuvent se contacter.",
            )


# --- the library -----------------------------------------------------------------------------

RISK_CHECKS: dict[str, RiskCheck] = {
    check.id: check
    for check in (
        RiskCheck(
            "audience-trop-large",
            "Public trop large",
            "Un partage avec un groupe de tout l'établissement (« Élèves de l'établissement », "
            "« Parents de l'établissement »…) donne accès à des centaines de personnes qui n'en "
            "ont pas besoin, et les notifie toutes. Ne donnez accès qu'aux personnes qui en ont "
            "besoin : partagez avec le groupe de la classe.",
            _CNIL_SECURITE,
            "espace-documentaire-et-partages",
            _audience_too_broad,
        ),
        RiskCheck(
            "commentaire-coche-par-defaut",
            "« Commenter » laissé coché pour les familles",
            "Quand on ajoute un groupe dans la fenêtre de partage, « Consulter » et "
            "« Commenter » sont cochés d'office. Beaucoup de blogs de classe deviennent ainsi "
            "commentables par les parents sans que l'enseignant l'ait voulu. Décochez "
            "« Commenter » si les familles doivent seulement lire.",
            _EDIFICE_AIDE,
            "blog-de-classe",
            _default_comment_left,
        ),
        RiskCheck(
            "publication-sans-validation",
            "Des élèves publient sans relecture",
            "En « Publication immédiate », le billet d'un contributeur est en ligne dès qu'il "
            "l'envoie. Quand des élèves écrivent, choisissez « Billets soumis à validation » : "
            "l'enseignant, responsable de ce qui est publié, relit avant la mise en ligne.",
            _LEGAMEDIA,
            "blog-de-classe",
            _pupils_publish_unreviewed,
        ),
        RiskCheck(
            "eleve-gestionnaire",
            "Un élève peut gérer ou modérer",
            "Le droit « Gérer » permet de modifier les réglages, de repartager et de supprimer "
            "la ressource ; « Modérateur » permet d'effacer les messages des autres. Ces droits "
            "restent aux adultes qui animent l'espace.",
            _EDIFICE_AIDE,
            "blog-de-classe",
            _pupil_manager,
        ),
        RiskCheck(
            "commentaires-non-moderes",
            "Commentaires publiés sans modération là où écrivent des élèves",
            "Avec des commentaires « publiés immédiatement », un message blessant ou une "
            "information personnelle est visible de tous avant que l'enseignant ne le voie. "
            "Là où des élèves écrivent, choisissez des commentaires modérés avant publication, "
            "ou désactivez-les.",
            _LEGAMEDIA,
            "harcelement-et-moderation",
            _unmoderated_comments,
        ),
        RiskCheck(
            "public-donnees-personnelles",
            "Objet public contenant des données personnelles",
            "Un blog ou un site public est lisible par n'importe qui, hors de l'ENT, et peut "
            "être indexé par les moteurs de recherche. Il ne doit contenir ni nom de famille "
            "d'élève ni autre donnée personnelle.",
            _REUNION_MEDIAS,
            "rgpd-les-bases",
            _public_personal_data,
        ),
        RiskCheck(
            "photos-sans-autorisation",
            "Photos d'élèves sans autorisation adaptée",
            "Publier l'image d'un élève reconnaissable exige l'autorisation écrite et préalable "
            "de ses représentants légaux, précise sur le support, la finalité et la durée. Une "
            "autorisation donnée pour l'ENT ne vaut pas pour une publication sur internet.",
            _PARIS_PHOTOS,
            "droit-a-l-image-et-oeuvres-des-eleves",
            _photos_without_authorisation,
        ),
        RiskCheck(
            "document-integre-expose",
            "Document d'un tiers exposé par un objet public",
            "Rendre un blog public rend publics les documents qui y sont intégrés, y compris "
            "ceux d'autres utilisateurs. Retirez du blog public les documents qui ne sont pas "
            "les vôtres ou qui ne doivent pas sortir de l'ENT.",
            _EDIFICE_AIDE,
            "blog-de-classe",
            _embedded_exposed,
        ),
        RiskCheck(
            "donnees-sante-hors-equipe",
            "Données de santé au-delà de l'équipe concernée",
            "Un PAP, un PAI ou une note de santé ne doit être visible que des personnes qui en "
            "ont besoin pour accompagner l'élève : partagez-le avec les membres nommés de "
            "l'équipe, jamais avec un groupe d'élèves, de parents ou tout l'établissement.",
            _CNIL_SECURITE,
            "rgpd-les-bases",
            _health_beyond_team,
        ),
        RiskCheck(
            "messagerie-eleves-ouverte",
            "Messagerie ouverte entre élèves",
            "Par défaut, un élève n'écrit qu'aux élèves de sa classe, à ses enseignants et au "
            "personnel. Ouvrir la communication entre tous les élèves, ou entre classes, crée "
            "un canal propice au harcèlement. Pour un projet, préférez un groupe dédié.",
            _EDIFICE_COMMUNICATION,
            "messagerie-et-regles-de-communication",
            _pupil_channels,
        ),
        RiskCheck(
            "parents-entre-eux",
            "Parents pouvant s'écrire entre eux",
            "Les parents voient les enseignants de leurs enfants, le personnel et leurs "
            "propres enfants, mais pas les autres parents. Une règle qui les relie entre eux "
            "expose leurs coordonnées et ouvre des échanges que l'école ne maîtrise pas.",
            _EDIFICE_COMMUNICATION,
            "messagerie-et-regles-de-communication",
            _parent_channels,
        ),
        RiskCheck(
            "groupe-parents-etablissement-lie",
            "Groupe « Parents de l'établissement » relié",
            "Relier le groupe de tous les parents de l'établissement, par exemple à la "
            "direction, permet aux parents de toute l'école de communiquer entre eux. Reliez "
            "plutôt les groupes de parents de chaque classe.",
            _EDIFICE_COMMUNICATION,
            "messagerie-et-regles-de-communication",
            _school_parents_linked,
        ),
    )
}


def run_checks(ws: Workspace, check_ids: Iterable[str]) -> tuple[Finding, ...]:
    """Findings of the given checks, in a stable order."""
    found: list[Finding] = []
    for check_id in sorted(set(check_ids)):
        found.extend(RISK_CHECKS[check_id].run(ws))
    return tuple(found)
