"""Fixtures for unit tests: purpose-made tutorial files in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from ent_coach import paths
from ent_coach.content.pathways import load_pathways
from ent_coach.content.quiz import load_quiz
from ent_coach.content.sandbox_templates import load_templates
from ent_coach.content.scenarios import load_scenarios
from ent_coach.content.tutorials import REQUIRED_SECTIONS, load_tutorials
from ent_coach.domain.pathways import Pathway
from ent_coach.domain.quiz.model import QuizBank
from ent_coach.domain.tutorials import Tutorial
from ent_coach.services.sandbox import SandboxContent
from tests.quiz_samples import bank, write_bank

_SENTENCE = (
    "Le professeur prépare son espace de classe puis vérifie les droits de chaque groupe "
    "avant de publier un document pour les élèves et leurs familles."
)


class TutorialFactory:
    """Writes valid tutorials (every check passes) that tests then break one way at a time."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    @staticmethod
    def text(
        tutorial_id: str = "exemple-valide",
        *,
        title: str = "Un tutoriel d'exemple valide",
        summary: str = "Un résumé assez long pour passer la validation.",
        extra_body: str = "",
    ) -> str:
        front = (
            "---\n"
            f"id: {tutorial_id}\n"
            f'title: "{title}"\n'
            f'summary: "{summary}"\n'
            "themes: [decouvrir, services]\n"
            "audiences: [stagiaire-1d, enseignant]\n"
            "duration: 8\n"
            "level: debutant\n"
            "content_version: 2\n"
            "last_reviewed: 2026-01-15\n"
            "sources:\n"
            '  - publisher: "Éduscol"\n'
            '    title: "Les espaces numériques de travail"\n'
            '    url: "https://eduscol.education.fr/ent"\n'
            '    section: "§ Généralités"\n'
            "---\n"
        )
        paragraph = " ".join([_SENTENCE] * 5)
        sections = "".join(f"\n## {name}\n\n{paragraph}\n" for name in REQUIRED_SECTIONS)
        return front + sections + extra_body

    def write(self, tutorial_id: str = "exemple-valide", text: str | None = None) -> Path:
        path = self.directory / f"{tutorial_id}.md"
        path.write_text(text if text is not None else self.text(tutorial_id), encoding="utf-8")
        return path


@pytest.fixture
def tutorial_factory(tmp_path: Path) -> TutorialFactory:
    return TutorialFactory(tmp_path / "contenu" / "tutorials")


# --- the shipped content, loaded once for the service tests that compose it ---------------------


@pytest.fixture(scope="session")
def tutorials() -> list[Tutorial]:
    return load_tutorials(paths.tutorials_dir(), validate=False).tutorials


@pytest.fixture(scope="session")
def sandbox_content() -> SandboxContent:
    root = paths.bundle_root()
    return SandboxContent(
        tuple(load_scenarios(root).scenarios), tuple(load_templates(root).templates)
    )


@pytest.fixture(scope="session")
def shipped_pathways() -> tuple[Pathway, ...]:
    load = load_pathways(paths.resources_dir() / "pathways")
    assert not load.problems
    return tuple(load.pathways)


@pytest.fixture
def quiz_bank(tmp_path: Path) -> QuizBank:
    # Five items per theme: a training can then pass (≥ 80 %) without being perfect.
    load = load_quiz(write_bank(tmp_path / "quiz", bank(per_theme=5)))
    assert not load.problems
    return load.bank
