"""Fixtures for unit tests: purpose-made tutorial files in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from ent_coach.content.tutorials import REQUIRED_SECTIONS

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
