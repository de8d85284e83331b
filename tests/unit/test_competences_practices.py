"""The CRCN framework data and the good practices: the shipped files are complete and valid,
and each kind of bad file is rejected with its line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ent_coach import paths
from ent_coach.content.competences import KnownContent, load_frameworks
from ent_coach.content.practices import load_practices
from ent_coach.domain.practices import DISCIPLINES, SCHOOL_LEVELS
from ent_coach.domain.quiz.model import QUIZ_THEMES

ROOT = paths.bundle_root()
CRCN_IDS = [
    "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4",
    "4.1", "4.2", "4.3", "5.1", "5.2",
]  # fmt: skip


def _known() -> KnownContent:
    return KnownContent(
        tutorials={p.stem for p in (ROOT / "tutorials").glob("*.md")},
        quiz_themes=set(QUIZ_THEMES),
        scenarios={p.stem for p in (ROOT / "resources" / "scenarios").glob("*.yaml")},
    )


def test_the_crcn_has_five_domains_sixteen_competences_and_eight_levels() -> None:
    found = load_frameworks(ROOT / "resources" / "competences", _known())
    assert not found.problems
    crcn = next(f for f in found.frameworks if f.id == "crcn")
    assert [d.title for d in crcn.domains] == [
        "Information et données",
        "Communication et collaboration",
        "Création de contenus",
        "Protection et sécurité",
        "Environnement numérique",
    ]
    assert [c.id for c in crcn.competences()] == CRCN_IDS
    assert crcn.competence("4.2").title == "Protéger les données personnelles et la vie privée"
    assert [level.band for level in crcn.levels] == ["Novice"] * 2 + ["Indépendant"] * 2 + [
        "Avancé"
    ] * 2 + ["Expert"] * 2
    for competence in crcn.competences():
        assert competence.descriptor(1, crcn)
        # Past its own descriptors, a competence shows the level's general summary.
        assert competence.descriptor(8, crcn) == crcn.level(8).summary
    assert "Pix" in crcn.disclaimer
    # The ENT-centred competences lead somewhere.
    for competence_id in ("2.2", "4.2", "2.1", "4.1"):
        assert crcn.competence(competence_id).suggestions


def test_the_shipped_practices_are_thirty_or_more_and_varied() -> None:
    crcn_ids = set(CRCN_IDS)
    found = load_practices(
        ROOT / "resources" / "practices",
        tutorial_ids={p.stem for p in (ROOT / "tutorials").glob("*.md")},
        competence_ids=crcn_ids,
    )
    assert not found.problems
    practices = found.practices
    assert len(practices) >= 30
    levels = {level for p in practices for level in p.levels}
    assert levels == set(SCHOOL_LEVELS)
    assert len({d for p in practices for d in p.disciplines}) >= 10
    assert len({s for p in practices for s in p.services}) >= 10
    for practice in practices:
        assert set(practice.disciplines) <= set(DISCIPLINES)
        assert practice.vigilance and practice.steps and practice.sources


def _practice(**changes) -> dict:
    data = yaml.safe_load(
        (ROOT / "resources" / "practices" / "ecole-charte-ent-de-la-classe.yaml").read_text(
            encoding="utf-8"
        )
    )
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"disciplines": ["cuisine"]}, "discipline inconnu(s) : cuisine"),
        ({"levels": ["cycle-9"]}, "niveau inconnu(s) : cycle-9"),
        ({"summary": "Un <script>alert(1)</script> dans le résumé"}, "pas de balise HTML"),
        ({"tutorials": ["tutoriel-fantome"]}, "tutoriel inconnu : tutoriel-fantome"),
        ({"competences": ["9.9"]}, "compétence inconnue : 9.9"),
        ({"id": "autre-id"}, "ne correspond pas au nom du fichier"),
        (
            {
                "sources": [
                    {"publisher": "Blog", "title": "Un blog", "url": "https://exemple.org/x"}
                ]
            },
            "au moins une source officielle",
        ),
        (
            {"sources": [{"publisher": "CNIL", "title": "Page", "url": "http://www.cnil.fr/x"}]},
            "https://",
        ),
    ],
)
def test_a_bad_practice_is_rejected_with_a_french_message(
    tmp_path: Path, changes: dict, message: str
) -> None:
    path = tmp_path / "ecole-charte-ent-de-la-classe.yaml"
    path.write_text(yaml.safe_dump(_practice(**changes), allow_unicode=True), encoding="utf-8")
    found = load_practices(
        tmp_path, tutorial_ids={"harcelement-et-moderation"}, competence_ids=set(CRCN_IDS)
    )
    assert not found.practices
    assert any(message in problem.message for problem in found.problems), found.problems
    assert all(problem.line >= 1 for problem in found.problems)


def test_a_bad_framework_is_rejected(tmp_path: Path) -> None:
    data = yaml.safe_load(
        (ROOT / "resources" / "competences" / "crcn.yaml").read_text(encoding="utf-8")
    )
    data["levels"] = data["levels"][:7]
    data["domains"][0]["competences"][0]["id"] = "2.9"
    data["domains"][1]["competences"][0]["suggestions"] = {"scenarios": ["scenario-fantome"]}
    (tmp_path / "crcn.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    found = load_frameworks(tmp_path, _known())
    assert not found.frameworks
    messages = " | ".join(p.message for p in found.problems)
    assert "levels" in messages
    data["levels"] = yaml.safe_load(
        (ROOT / "resources" / "competences" / "crcn.yaml").read_text(encoding="utf-8")
    )["levels"]
    (tmp_path / "crcn.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    messages = " | ".join(p.message for p in load_frameworks(tmp_path, _known()).problems)
    assert "n'appartient pas au domaine 1" in messages
    assert "suggestion inconnue (scenarios) : scenario-fantome" in messages
