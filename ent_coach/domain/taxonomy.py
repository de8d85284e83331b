"""Themes, audiences (roles) and levels shared by all content and by profiles."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A profile's role; also the audience a piece of content is written for."""

    STAGIAIRE_1D = "stagiaire-1d"
    STAGIAIRE_2D = "stagiaire-2d"
    ENSEIGNANT = "enseignant"
    FORMATEUR = "formateur"
    DIRECTION = "direction"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.STAGIAIRE_1D: "Stagiaire du 1er degré",
    Role.STAGIAIRE_2D: "Stagiaire du 2nd degré",
    Role.ENSEIGNANT: "Enseignant·e",
    Role.FORMATEUR: "Formateur·rice / tuteur·rice",
    Role.DIRECTION: "Personnel de direction",
}

THEMES: dict[str, str] = {
    "decouvrir": "Découvrir l'ENT",
    "services": "Les services de l'ENT",
    "communiquer": "Communiquer",
    "publier": "Publier et modérer",
    "organiser": "Organiser ses espaces",
    "familles": "Associer les familles",
    "pedagogie": "Faire travailler les élèves",
    "droit": "Cadre juridique et RGPD",
    "securite": "Sécurité et comptes",
    "accompagner": "Accompagner et former",
}

LEVELS: dict[str, str] = {
    "debutant": "Débutant",
    "intermediaire": "Intermédiaire",
    "avance": "Avancé",
}

CALLOUT_KINDS: dict[str, str] = {
    "retenir": "À retenir",
    "attention": "Attention",
    "astuce": "Astuce",
    "exemple": "Exemple",
    "selon-ent": "Selon votre ENT",
}
