"""Sandbox checks on a large workspace: 50 groups, 500 objects, every goal and risk check.

The checker runs after every user action, on a new workspace (empty caches), so each round
applies one share change and then evaluates. Prints the median and 95th percentile in ms and
the ratio to a baseline measured in the same run: a plain loop of dict look-ups over the same
number of objects and share rows. Target: median ≤ 5 ms. Never asserts on time.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ent_coach.domain.sandbox import (  # noqa: E402
    RISK_CHECKS,
    Action,
    AppKind,
    Attributes,
    Can,
    CanMessage,
    Comments,
    Group,
    GroupKind,
    ImageAuthorisation,
    Item,
    ItemKind,
    Level,
    Profile,
    School,
    SettingIs,
    Share,
    User,
    Workspace,
    default_rules,
    evaluate,
)
from ent_coach.domain.sandbox.commands import SetShare  # noqa: E402

CLASSES = [f"{level}{letter}" for level in (6, 5, 4, 3, 2) for letter in "ABC"]  # 15 classes
ROUNDS = 200
READ = frozenset({Level.LIRE})


def build_workspace() -> Workspace:
    groups = [
        Group("eleves-etab", "Élèves de l'établissement", GroupKind.ETABLISSEMENT, Profile.ELEVE),
        Group("parents-etab", "Parents de l'établissement", GroupKind.ETABLISSEMENT, Profile.PARENT),
        Group("profs-etab", "Enseignants de l'établissement", GroupKind.ETABLISSEMENT, Profile.ENSEIGNANT),
        Group("perso-etab", "Personnels de l'établissement", GroupKind.ETABLISSEMENT, Profile.PERSONNEL),
        Group("projet", "Projet inter-classes", GroupKind.MANUEL, Profile.ELEVE),
    ]  # fmt: skip
    users: list[User] = [User("prof", "Mme Prof", Profile.ENSEIGNANT, frozenset({"profs-etab"}))]
    items: list[Item] = []
    for klass in CLASSES:
        k = klass.lower()
        for prefix, profile, parent in (
            ("eleves", Profile.ELEVE, "eleves-etab"),
            ("parents", Profile.PARENT, "parents-etab"),
            ("profs", Profile.ENSEIGNANT, "profs-etab"),
        ):
            groups.append(
                Group(f"{prefix}-{k}", f"{prefix} {klass}", GroupKind.CLASSE, profile, klass, frozenset({parent}))
            )  # fmt: skip
        users += [
            User(f"eleve-{k}", f"Élève {klass}", Profile.ELEVE, frozenset({f"eleves-{k}"})),
            User(f"parent-{k}", f"Parent {klass}", Profile.PARENT, frozenset({f"parents-{k}"}),
                 frozenset({f"eleve-{k}"})),
        ]  # fmt: skip
        space, docs = f"espace-{k}", f"docs-{k}"
        items += [
            Item(space, f"Classe {klass}", ItemKind.ESPACE),
            Item(f"app-blog-{k}", "Blog", ItemKind.APPLICATION, AppKind.BLOG, None, space),
            Item(f"app-forum-{k}", "Forum", ItemKind.APPLICATION, AppKind.FORUM, None, space),
            Item(docs, "Documents", ItemKind.APPLICATION, AppKind.ESPACE_DOCUMENTAIRE, None, space),
        ]
        items.append(
            Item(f"blog-{k}", f"Blog {klass}", ItemKind.RESSOURCE, AppKind.BLOG, "prof",
                 f"app-blog-{k}", (Share(f"eleves-{k}", frozenset({Level.LIRE, Level.CONTRIBUER})),
                                   Share(f"parents-{k}", READ)),
                 comments=Comments.MODERES, embedded=frozenset({f"doc-{k}-0-0"}))
        )  # fmt: skip
        items.append(
            Item(f"forum-{k}", f"Forum {klass}", ItemKind.RESSOURCE, AppKind.FORUM, "prof",
                 f"app-forum-{k}", (Share(f"eleves-{k}", frozenset({Level.LIRE, Level.CONTRIBUER})),))
        )  # fmt: skip
        items.append(Item(f"app-wiki-{k}", "Wiki", ItemKind.APPLICATION, AppKind.WIKI, None, space))
        items.append(
            Item(f"wiki-{k}", f"Wiki {klass}", ItemKind.RESSOURCE, AppKind.WIKI, "prof",
                 f"app-wiki-{k}", (Share(f"eleves-{k}", frozenset({Level.LIRE, Level.CONTRIBUER})),))
        )  # fmt: skip
        for f in range(3):
            folder = f"dossier-{k}-{f}"
            items.append(
                Item(folder, f"Dossier {f}", ItemKind.DOSSIER, AppKind.ESPACE_DOCUMENTAIRE, "prof",
                     docs, (Share(f"eleves-{k}", READ),))
            )  # fmt: skip
            for d in range(9):
                attributes = Attributes(
                    personal_data=d == 1,
                    pupil_photos=d == 2,
                    image_authorisation=ImageAuthorisation.ENT,
                    health_data=d == 3,
                )
                shares = (Share("profs-etab", READ),) if d == 3 else ()
                items.append(
                    Item(f"doc-{k}-{f}-{d}", f"Document {d}", ItemKind.DOCUMENT,
                         AppKind.ESPACE_DOCUMENTAIRE, "prof", folder, shares, attributes=attributes)
                )  # fmt: skip
    items += [
        Item("vie-scolaire", "Vie scolaire", ItemKind.ESPACE),
        Item(
            "app-actus",
            "Actualités",
            ItemKind.APPLICATION,
            AppKind.ACTUALITES,
            None,
            "vie-scolaire",
        ),
    ]
    items += [
        Item(f"fil-{n}", f"Fil {n}", ItemKind.RESSOURCE, AppKind.ACTUALITES, "prof", "app-actus",
             (Share("parents-etab", READ), Share("profs-etab", frozenset({Level.CONTRIBUER}))))
        for n in range(5)
    ]  # fmt: skip
    by_id, links = default_rules({g.id: g for g in groups})
    return Workspace(
        School("Cité scolaire de test"),
        by_id,
        {u.id: u for u in users},
        {i.id: i for i in items},
        links,
        "prof",
    )


def build_goals() -> tuple:
    goals: list = []
    for klass in CLASSES[:10]:
        k = klass.lower()
        goals += [
            Can(f"parents-{k}", Action.VOIR, f"blog-{k}", True),
            Can(f"parents-{k}", Action.COMMENTER, f"blog-{k}", False),
            Can(f"eleves-{k}", Action.PUBLIER_SANS_VALIDATION, f"blog-{k}", False),
            Can("eleves-etab", Action.VOIR, f"doc-{k}-1-4", False),
            CanMessage(f"parent-{k}", "parents-etab", False),
            SettingIs(f"blog-{k}", "publication", "validation"),
        ]
    return tuple(goals)


def baseline(ws: Workspace) -> None:
    """Comparable plain work: one dict look-up per object and per share row."""
    found = 0
    groups = dict(ws.groups)
    for item in ws.items.values():
        if item.owner in groups:
            found += 1
        for share in item.shares:
            if share.principal in groups:
                found += 1


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def measure(rounds: int = ROUNDS) -> dict[str, float]:
    ws = build_workspace()
    assert len(ws.groups) == 50, len(ws.groups)
    objects = [
        i for i in ws.items.values() if i.kind not in (ItemKind.ESPACE, ItemKind.APPLICATION)
    ]
    assert len(objects) == 500, len(objects)
    goals = build_goals()
    checks = tuple(RISK_CHECKS)
    evaluate(ws, goals=goals, risk_checks=checks)  # warm imports and code paths
    timings, base = [], []
    for number in range(rounds):
        # A new workspace after each action: nothing cached from the previous round.
        levels = READ if number % 2 else frozenset({Level.LIRE, Level.COMMENTER})
        ws = SetShare("blog-6a", "parents-6a", levels).apply(ws)
        started = time.perf_counter()
        evaluate(ws, goals=goals, risk_checks=checks)
        timings.append(time.perf_counter() - started)
        started = time.perf_counter()
        baseline(ws)
        base.append(time.perf_counter() - started)
    median = statistics.median(timings) * 1000
    base_median = statistics.median(base) * 1000
    return {
        "median_ms": median,
        "p95_ms": _percentile(timings, 0.95) * 1000,
        "baseline_ms": base_median,
        "ratio": median / base_median,
        "goals": float(len(goals)),
        "checks": float(len(checks)),
    }


def main() -> int:
    result = measure()
    print(
        f"Bac à sable, 50 groupes, 500 objets, {result['goals']:.0f} objectifs et "
        f"{result['checks']:.0f} contrôles de risque :"
    )
    print(f"  médiane {result['median_ms']:.2f} ms (cible ≤ 5 ms), p95 {result['p95_ms']:.2f} ms")
    print(
        f"  référence (boucle de look-ups de dictionnaire) {result['baseline_ms']:.3f} ms, "
        f"rapport {result['ratio']:.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
