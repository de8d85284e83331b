"""Pydantic schema of a sandbox scenario file (``resources/scenarios/<id>.yaml``).

Keys are French, like the content authors. The schema checks shapes and closed vocabularies;
cross-references (unknown groups, objects, risk ids…) and the semantic checks (the reference
solution passes, the initial state does not) are done by :mod:`ent_coach.content.scenarios`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ent_coach.domain.sandbox.apps import AppKind
from ent_coach.domain.sandbox.model import (
    Comments,
    GroupKind,
    ImageAuthorisation,
    ItemKind,
    Profile,
    Publication,
    Visibility,
)
from ent_coach.domain.sandbox.rights import Action, Level

SCENARIO_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Ident = Annotated[str, Field(pattern=SCENARIO_ID_PATTERN, max_length=80)]
Name = Annotated[str, Field(min_length=1, max_length=120)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SchoolModel(_Model):
    nom: Name
    uai: Annotated[str, Field(pattern=r"^[0-9]{7}[A-Z]$")] = "0000000A"
    type: Literal["ecole", "college", "lycee"] = "college"


class GroupModel(_Model):
    id: Ident
    nom: Name
    type: GroupKind
    profil: Profile | None = None
    classe: Annotated[str, Field(max_length=20)] | None = None
    dans: list[Ident] = []


class UserModel(_Model):
    id: Ident
    nom: Name
    profil: Profile
    groupes: list[Ident] = []
    enfants: list[Ident] = []


class LinkModel(_Model):
    de: Ident
    vers: Ident


class CommunicationModel(_Model):
    par_defaut: bool = True
    liens: list[LinkModel] = []
    internes: list[Ident] = []


class ShareModel(_Model):
    avec: Ident
    droits: Annotated[list[Level], Field(min_length=1)]


class AttributesModel(_Model):
    donnees_personnelles: bool = False
    photos_eleves: bool = False
    autorisation_image: ImageAuthorisation = ImageAuthorisation.AUCUNE
    donnees_sante: bool = False


class ObjectModel(_Model):
    id: Ident
    nom: Name
    type: Literal[ItemKind.RESSOURCE, ItemKind.DOSSIER, ItemKind.DOCUMENT] = ItemKind.RESSOURCE
    proprietaire: Ident | None = None
    partages: list[ShareModel] = []
    visibilite: Visibility = Visibility.PRIVE
    publication: Publication = Publication.VALIDATION
    commentaires: Comments = Comments.DESACTIVES
    brouillon: bool = False
    attributs: AttributesModel = AttributesModel()
    integre: list[Ident] = []
    contenu: list[ObjectModel] = []


class ApplicationModel(_Model):
    id: Ident
    application: AppKind
    nom: Name | None = None
    objets: list[ObjectModel] = []


class SpaceModel(_Model):
    id: Ident
    nom: Name
    applications: list[ApplicationModel] = []


SETTINGS: dict[str, tuple[str, ...]] = {
    "visibilite": tuple(Visibility),
    "publication": tuple(Publication),
    "commentaires": tuple(Comments),
    "brouillon": ("oui", "non"),
}
MESSAGE_ACTION = "ecrire"


class GoalModel(_Model):
    """Three shapes: ``qui`` + ``action`` + ``objet`` + ``attendu`` (a right); ``qui`` +
    ``action: ecrire`` + ``destinataire`` + ``attendu`` (messaging); ``objet`` + ``reglage`` +
    ``valeur`` (a setting). ``libelle`` overrides the generated French label."""

    qui: Ident | None = None
    action: str | None = None
    objet: Ident | None = None
    destinataire: Ident | None = None
    attendu: bool | None = None
    reglage: str | None = None
    valeur: str | None = None
    libelle: Annotated[str, Field(min_length=5, max_length=200)] | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> GoalModel:
        if self.reglage is not None:
            if self.objet is None or self.valeur is None:
                raise ValueError(
                    "un objectif de réglage demande « objet », « reglage » et « valeur »"
                )
            if self.reglage not in SETTINGS:
                raise ValueError(
                    f"réglage inconnu : {self.reglage} (réglages possibles : {', '.join(SETTINGS)})"
                )
            if self.valeur not in SETTINGS[self.reglage]:
                raise ValueError(
                    f"valeur inconnue pour {self.reglage} : {self.valeur} "
                    f"(valeurs possibles : {', '.join(SETTINGS[self.reglage])})"
                )
            return self
        actions = [action.value for action in Action]
        if self.qui is None or self.action is None or self.attendu is None:
            raise ValueError("un objectif de droit demande « qui », « action » et « attendu »")
        if self.action == MESSAGE_ACTION:
            if self.destinataire is None:
                raise ValueError("l'action « ecrire » demande un « destinataire »")
        elif self.action not in actions:
            raise ValueError(
                f"action inconnue : {self.action} "
                f"(actions possibles : {', '.join([*actions, MESSAGE_ACTION])})"
            )
        elif self.objet is None:
            raise ValueError(f"l'action « {self.action} » demande un « objet »")
        return self


class StepModel(_Model):
    """One command of the reference solution; which keys it needs depends on ``action``."""

    action: str
    objet: Ident | None = None
    objets: list[Ident] | None = None
    nom: Name | None = None
    parent: Ident | None = None
    type: Literal[ItemKind.RESSOURCE, ItemKind.DOSSIER, ItemKind.DOCUMENT] | None = None
    application: AppKind | None = None
    pour: Ident | None = None
    droit: Level | None = None
    droits: list[Level] | None = None
    partages: list[ShareModel] | None = None
    destination: Ident | None = None
    valeur: str | None = None
    document: Ident | None = None
    groupe: Ident | None = None
    de: Ident | None = None
    vers: Ident | None = None
    attributs: AttributesModel | None = None


class WorldModel(_Model):
    """What a scenario and a free-mode template both describe: who plays, the school, its
    groups and personas, the communication rules and the spaces."""

    id: Ident
    titre: Annotated[str, Field(min_length=5, max_length=120)]
    joueur: Ident
    etablissement: SchoolModel
    groupes: Annotated[list[GroupModel], Field(min_length=1)]
    utilisateurs: Annotated[list[UserModel], Field(min_length=1)]
    communication: CommunicationModel = CommunicationModel()
    espaces: Annotated[list[SpaceModel], Field(min_length=1)]
    tutoriels: list[Ident] = []


class ScenarioModel(WorldModel):
    consigne: Annotated[str, Field(min_length=40, max_length=2000)]
    objectifs: Annotated[list[GoalModel], Field(min_length=1)]
    risques: list[str] = []
    indices: Annotated[
        list[Annotated[str, Field(min_length=10, max_length=300)]],
        Field(min_length=3, max_length=3),
    ]
    solution: Annotated[list[StepModel], Field(min_length=1)]
    actions_recommandees: Annotated[int, Field(ge=1, le=50)]


class TemplateModel(WorldModel):
    """A free-mode starting workspace (``resources/scenarios/modeles/<id>.yaml``): the same
    world as a scenario, no goals; every risk check runs unless ``risques`` narrows them."""

    description: Annotated[str, Field(min_length=40, max_length=1200)]
    risques: list[str] | None = None
