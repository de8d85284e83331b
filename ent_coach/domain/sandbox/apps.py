"""The ENT applications the sandbox simulates, and how each one names and uses the share levels.

Labels and workflows follow the reference notes (Edifice/OPEN-ENT-NG sources): e.g. the forum's
``publier`` level is « Modérateur », a news contributor's items wait for a publisher, a blog
contributor publishes directly only when the blog is set to « Publication immédiate ».
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ent_coach.domain.sandbox.rights import PRETICKED, Level


class AppKind(StrEnum):
    BLOG = "blog"
    ESPACE_DOCUMENTAIRE = "espace-documentaire"
    ACTUALITES = "actualites"
    FORUM = "forum"
    CAHIER_DE_TEXTES = "cahier-de-textes"
    MESSAGERIE = "messagerie"
    CASIER = "casier"
    WIKI = "wiki"
    MUR_COLLABORATIF = "mur-collaboratif"
    PAGES = "pages"

    @property
    def spec(self) -> AppSpec:
        return APPS[self]


@dataclass(frozen=True, slots=True)
class AppSpec:
    """What an application offers.

    ``levels`` maps each offered level to its label, in share-panel column order.
    ``direct_level``: level needed to put content online without review; ``None`` means the
    blog rule (contributors publish directly only under immediate publication).
    """

    label: str
    levels: dict[Level, str]
    direct_level: Level | None = Level.CONTRIBUER
    moderation_level: Level = Level.GERER
    comment_setting: bool = False
    publication_setting: bool = False
    can_be_public: bool = False
    has_folders: bool = False
    has_draft: bool = False

    @property
    def shareable(self) -> bool:
        return bool(self.levels)

    @property
    def preticked(self) -> frozenset[Level]:
        return PRETICKED & frozenset(self.levels)

    def level_label(self, level: Level) -> str:
        return self.levels.get(level, level.value)


APPS: dict[AppKind, AppSpec] = {
    AppKind.BLOG: AppSpec(
        label="Blog",
        levels={
            Level.LIRE: "Consulter",
            Level.CONTRIBUER: "Contribuer",
            Level.GERER: "Gérer",
            Level.COMMENTER: "Commenter",
        },
        direct_level=None,
        comment_setting=True,
        publication_setting=True,
        can_be_public=True,
    ),
    AppKind.ESPACE_DOCUMENTAIRE: AppSpec(
        label="Espace documentaire",
        levels={
            Level.LIRE: "Consulter",
            Level.CONTRIBUER: "Contribuer",
            Level.GERER: "Gérer",
            Level.COMMENTER: "Commenter",
        },
        has_folders=True,
    ),
    AppKind.ACTUALITES: AppSpec(
        label="Actualités",
        levels={
            Level.LIRE: "Lire",
            Level.COMMENTER: "Commenter",
            Level.CONTRIBUER: "Contribuer",
            Level.PUBLIER: "Publier",
            Level.GERER: "Gérer",
        },
        direct_level=Level.PUBLIER,
        moderation_level=Level.PUBLIER,
    ),
    AppKind.FORUM: AppSpec(
        label="Forum",
        levels={
            Level.LIRE: "Lecteur",
            Level.CONTRIBUER: "Contributeur",
            Level.PUBLIER: "Modérateur",
            Level.GERER: "Gestionnaire",
        },
        moderation_level=Level.PUBLIER,
    ),
    AppKind.CAHIER_DE_TEXTES: AppSpec(
        label="Cahier de textes",
        levels={Level.LIRE: "Destinataire"},
        direct_level=Level.GERER,
        has_draft=True,
    ),
    AppKind.MESSAGERIE: AppSpec(label="Messagerie", levels={}),
    AppKind.CASIER: AppSpec(label="Casier", levels={}),
    AppKind.WIKI: AppSpec(
        label="Wiki",
        levels={
            Level.LIRE: "Lire",
            Level.CONTRIBUER: "Contribuer",
            Level.GERER: "Gérer",
            Level.COMMENTER: "Commenter",
        },
    ),
    AppKind.MUR_COLLABORATIF: AppSpec(
        label="Mur collaboratif",
        levels={Level.LIRE: "Lecture", Level.CONTRIBUER: "Contribution", Level.GERER: "Gestion"},
    ),
    AppKind.PAGES: AppSpec(
        label="Pages",
        levels={Level.LIRE: "Consulter", Level.CONTRIBUER: "Contribuer", Level.GERER: "Gérer"},
        direct_level=Level.GERER,
        can_be_public=True,
    ),
}
