"""The risk-check library: each check fires on the risky setting and stays quiet once fixed;
every source is an https URL already cited by a tutorial, every linked tutorial exists."""

from __future__ import annotations

import pytest

from ent_coach import paths
from ent_coach.domain.sandbox import (
    RISK_CHECKS,
    Attributes,
    Comments,
    ImageAuthorisation,
    Level,
    Publication,
    Visibility,
    Workspace,
    run_checks,
)
from ent_coach.domain.sandbox.commands import (
    AddLink,
    AddToShare,
    Command,
    Embed,
    RemoveLink,
    SetAttributes,
    SetComments,
    SetInternalCommunication,
    SetPublication,
    SetShare,
    SetVisibility,
    UntickLevel,
)

L = Level


def _apply(ws: Workspace, *commands: Command) -> Workspace:
    for command in commands:
        ws = command.apply(ws)
    return ws


# check id -> (commands making the risk, commands fixing it afterwards)
CASES: dict[str, tuple[tuple[Command, ...], tuple[Command, ...]]] = {
    "audience-trop-large": (
        (SetShare("blog", "parents-etab", frozenset({L.LIRE})),),
        (SetShare("blog", "parents-etab", frozenset()),),
    ),
    "commentaire-coche-par-defaut": (
        (SetComments("blog", Comments.MODERES), AddToShare("blog", "parents-4b")),
        (UntickLevel("blog", "parents-4b", L.COMMENTER),),
    ),
    "publication-sans-validation": (
        (
            SetShare("blog", "eleves-4b", frozenset({L.CONTRIBUER})),
            SetPublication("blog", Publication.IMMEDIATE),
        ),
        (SetPublication("blog", Publication.VALIDATION),),
    ),
    "eleve-gestionnaire": (
        (SetShare("forum", "eleves-4b", frozenset({L.PUBLIER})),),
        (SetShare("forum", "eleves-4b", frozenset({L.CONTRIBUER})),),
    ),
    "commentaires-non-moderes": (
        (
            SetShare("blog", "eleves-4b", frozenset({L.COMMENTER})),
            SetComments("blog", Comments.IMMEDIATS),
        ),
        (SetComments("blog", Comments.MODERES),),
    ),
    "public-donnees-personnelles": (
        (
            SetAttributes("blog", Attributes(personal_data=True)),
            SetVisibility("blog", Visibility.PUBLIC),
        ),
        (SetAttributes("blog", Attributes()),),
    ),
    "photos-sans-autorisation": (
        (
            SetAttributes(
                "photo", Attributes(pupil_photos=True, image_authorisation=ImageAuthorisation.ENT)
            ),
            Embed("blog", "photo"),
            SetVisibility("blog", Visibility.PUBLIC),
        ),
        (
            SetAttributes(
                "photo",
                Attributes(pupil_photos=True, image_authorisation=ImageAuthorisation.INTERNET),
            ),
        ),
    ),
    "document-integre-expose": (
        (Embed("blog", "fiche"), SetVisibility("blog", Visibility.PUBLIC)),
        (SetVisibility("blog", Visibility.PRIVE),),
    ),
    "donnees-sante-hors-equipe": (
        (
            SetAttributes("fiche", Attributes(health_data=True)),
            SetShare("fiche", "enseignants-etab", frozenset({L.LIRE})),
        ),
        (
            SetShare("fiche", "enseignants-etab", frozenset()),
            SetShare("fiche", "enseignants-4b", frozenset({L.LIRE})),
            SetShare("fiche", "durand", frozenset({L.LIRE})),
        ),
    ),
    "messagerie-eleves-ouverte": (
        (AddLink("eleves-4b", "eleves-4c"),),
        (),
    ),
    "parents-entre-eux": (
        (SetInternalCommunication("parents-4b", True),),
        (SetInternalCommunication("parents-4b", False),),
    ),
    "groupe-parents-etablissement-lie": (
        (AddLink("parents-etab", "personnels-etab"),),
        (),
    ),
}


def test_every_check_has_a_case() -> None:
    assert set(CASES) == set(RISK_CHECKS)


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_check_fires_then_clears(school: Workspace, check_id: str) -> None:
    assert run_checks(school, RISK_CHECKS) == ()  # the test school starts clean
    risky, fix = CASES[check_id]
    if not fix:  # the fix for an added link is removing it
        link = risky[0]
        assert isinstance(link, AddLink)
        fix = (RemoveLink(link.source, link.target),)
    ws = _apply(school, *risky)
    findings = RISK_CHECKS[check_id].run(ws)
    assert findings, check_id
    assert all(f.check_id == check_id and f.message.endswith(".") for f in findings)
    assert RISK_CHECKS[check_id].run(_apply(ws, *fix)) == ()


def test_default_rules_raise_no_communication_risk(school: Workspace) -> None:
    ids = ("messagerie-eleves-ouverte", "parents-entre-eux", "groupe-parents-etablissement-lie")
    assert run_checks(school, ids) == ()


def test_photos_shared_without_any_authorisation_inside_the_ent(school: Workspace) -> None:
    ws = _apply(
        school,
        SetAttributes("cours", Attributes(pupil_photos=True)),
    )
    assert RISK_CHECKS["photos-sans-autorisation"].run(ws)  # shared with 4B through the folder


def _tutorial_urls() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in paths.tutorials_dir().glob("*.md"))


@pytest.mark.parametrize("check_id", sorted(RISK_CHECKS))
def test_check_metadata(check_id: str) -> None:
    check = RISK_CHECKS[check_id]
    assert check.id == check_id
    assert len(check.title) >= 10 and len(check.explanation) >= 80
    assert check.source.url.startswith("https://")
    assert f'"{check.source.url}"' in _tutorial_urls(), "URL not cited by any tutorial"
    assert (paths.tutorials_dir() / f"{check.tutorial}.md").is_file()


def test_checks_are_sorted_and_stable(school: Workspace) -> None:
    ws = _apply(school, *CASES["audience-trop-large"][0], *CASES["parents-entre-eux"][0])
    found = run_checks(ws, reversed(sorted(RISK_CHECKS)))
    assert found == run_checks(ws, RISK_CHECKS) == run_checks(ws, sorted(RISK_CHECKS))
    assert list(found) == sorted(found)
    assert {f.check_id for f in found} == {"audience-trop-large", "parents-entre-eux"}
