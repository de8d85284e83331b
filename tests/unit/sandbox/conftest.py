"""A small but complete simulated school for the sandbox engine tests."""

from __future__ import annotations

import pytest

from ent_coach.domain.sandbox import (
    AppKind,
    Group,
    GroupKind,
    Item,
    ItemKind,
    Level,
    Profile,
    School,
    Share,
    User,
    Workspace,
    default_rules,
)


def build_school() -> Workspace:
    """Two classes (4B, 4C), every profile, one object per application, default rules."""
    groups = [
        Group("eleves-etab", "Élèves de l'établissement", GroupKind.ETABLISSEMENT, Profile.ELEVE),
        Group(
            "parents-etab", "Parents de l'établissement", GroupKind.ETABLISSEMENT, Profile.PARENT
        ),
        Group(
            "enseignants-etab",
            "Enseignants de l'établissement",
            GroupKind.ETABLISSEMENT,
            Profile.ENSEIGNANT,
        ),
        Group(
            "personnels-etab",
            "Personnels de l'établissement",
            GroupKind.ETABLISSEMENT,
            Profile.PERSONNEL,
        ),
        Group("invites", "Invités du club", GroupKind.MANUEL, Profile.INVITE),
    ]
    for klass in ("4B", "4C"):
        low = klass.lower()
        for profile, plural, school_group in (
            (Profile.ELEVE, "Élèves", "eleves-etab"),
            (Profile.PARENT, "Parents", "parents-etab"),
            (Profile.ENSEIGNANT, "Enseignants", "enseignants-etab"),
        ):
            prefix = school_group.split("-")[0]
            groups.append(
                Group(
                    f"{prefix}-{low}",
                    f"{plural} de la classe {klass}",
                    GroupKind.CLASSE,
                    profile,
                    klass,
                    frozenset({school_group}),
                )
            )
    by_id, links = default_rules({g.id: g for g in groups})
    users = [
        User("durand", "Mme Durand", Profile.ENSEIGNANT, frozenset({"enseignants-4b"})),
        User("roche", "M. Roche", Profile.ENSEIGNANT, frozenset({"enseignants-4c"})),
        User("lea", "Léa", Profile.ELEVE, frozenset({"eleves-4b"})),
        User("hugo", "Hugo", Profile.ELEVE, frozenset({"eleves-4b"})),
        User("tom", "Tom", Profile.ELEVE, frozenset({"eleves-4c"})),
        User(
            "bernard", "M. Bernard", Profile.PARENT, frozenset({"parents-4b"}), frozenset({"lea"})
        ),
        User(
            "martin", "Mme Martin", Profile.PARENT, frozenset({"parents-4b"}), frozenset({"hugo"})
        ),
        User("petit", "Mme Petit", Profile.PARENT, frozenset({"parents-4c"}), frozenset({"tom"})),
        User("cpe", "M. Leroy (CPE)", Profile.PERSONNEL, frozenset({"personnels-etab"})),
        User("artiste", "Mme Costa (intervenante)", Profile.INVITE, frozenset({"invites"})),
    ]
    read = frozenset({Level.LIRE})
    items = [
        Item("classe", "Classe de 4B", ItemKind.ESPACE),
        Item("app-blog", "Blog", ItemKind.APPLICATION, AppKind.BLOG, None, "classe"),
        Item("blog", "Blog de la 4B", ItemKind.RESSOURCE, AppKind.BLOG, "durand", "app-blog"),
        Item(
            "app-docs",
            "Documents",
            ItemKind.APPLICATION,
            AppKind.ESPACE_DOCUMENTAIRE,
            None,
            "classe",
        ),
        Item(
            "ressources",
            "4B – Ressources",
            ItemKind.DOSSIER,
            AppKind.ESPACE_DOCUMENTAIRE,
            "durand",
            "app-docs",
            (Share("eleves-4b", read),),
        ),
        Item(
            "cours", "Cours", ItemKind.DOCUMENT, AppKind.ESPACE_DOCUMENTAIRE, "durand", "ressources"
        ),
        Item(
            "corriges",
            "Corrigés",
            ItemKind.DOSSIER,
            AppKind.ESPACE_DOCUMENTAIRE,
            "durand",
            "ressources",
        ),
        Item(
            "corrige",
            "Corrigé 1",
            ItemKind.DOCUMENT,
            AppKind.ESPACE_DOCUMENTAIRE,
            "durand",
            "corriges",
        ),
        Item("prive", "Privé", ItemKind.DOSSIER, AppKind.ESPACE_DOCUMENTAIRE, "durand", "app-docs"),
        Item(
            "photo",
            "Photo de classe",
            ItemKind.DOCUMENT,
            AppKind.ESPACE_DOCUMENTAIRE,
            "durand",
            "prive",
        ),
        Item(
            "fiche",
            "Fiche de M. Roche",
            ItemKind.DOCUMENT,
            AppKind.ESPACE_DOCUMENTAIRE,
            "roche",
            "app-docs",
        ),
    ]
    for app, item_id in (
        (AppKind.ACTUALITES, "fil"),
        (AppKind.FORUM, "forum"),
        (AppKind.WIKI, "wiki"),
        (AppKind.MUR_COLLABORATIF, "mur"),
        (AppKind.PAGES, "site"),
        (AppKind.CAHIER_DE_TEXTES, "seance"),
        (AppKind.CASIER, "casier"),
        (AppKind.MESSAGERIE, "messagerie"),
    ):
        items.append(
            Item(f"app-{item_id}", app.spec.label, ItemKind.APPLICATION, app, None, "classe")
        )
        items.append(
            Item(
                item_id,
                f"{app.spec.label} de la 4B",
                ItemKind.RESSOURCE,
                app,
                "durand",
                f"app-{item_id}",
            )
        )
    return Workspace(
        School("Collège de test"),
        by_id,
        {u.id: u for u in users},
        {i.id: i for i in items},
        links,
        "durand",
    )


@pytest.fixture(scope="session")
def school() -> Workspace:
    """Immutable, so one instance is safely shared by every test (and by hypothesis)."""
    return build_school()
