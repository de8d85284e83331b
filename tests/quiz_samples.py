"""Purpose-made quiz items for tests: valid YAML that tests then break one way at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ent_coach.domain.quiz.model import QUIZ_THEMES

SOURCE = {
    "publisher": "CNIL",
    "title": "Les bases du RGPD",
    "url": "https://www.cnil.fr/fr/rgpd-de-quoi-parle-t-on",
    "section": "Principes",
}


def item(
    item_id: str,
    *,
    theme: str = "principes-rgpd",
    fmt: str = "choix-unique",
    difficulty: int = 1,
    correct: int | tuple[int, ...] = 0,
) -> dict[str, Any]:
    """A valid item; ``correct`` is the index (or indexes) of the right option(s)."""
    right = {correct} if isinstance(correct, int) else set(correct)
    data: dict[str, Any] = {
        "id": item_id,
        "format": fmt,
        "themes": [theme],
        "difficulty": difficulty,
        "title": f"Question {item_id}",
        "question": "Quelle est la bonne réponse à cette question ?",
        "explanation": "Une explication assez longue pour passer la validation du schéma.",
        "sources": [dict(SOURCE)],
        "last_verified": "2026-11-29",
    }
    if fmt == "ordre":
        data["steps"] = [
            {"text": f"Étape {n}", "feedback": f"L'étape {n} vient à cette place."}
            for n in range(1, 5)
        ]
        return data
    count = 5 if fmt == "choix-multiple" else 4
    if fmt == "choix-multiple" and len(right) < 2:
        right = {0, 2}
    texts = [f"Option {chr(65 + n)}" for n in range(count)]
    if fmt == "vrai-faux":
        texts = ["Vrai, car c'est écrit.", "Faux, car rien ne l'impose.", "Faux, car c'est interdit."]
        count = 3
    data["options"] = [
        {
            "text": texts[n],
            "correct": n in right,
            "feedback": f"Explication de l'option {n + 1}, juste ou fausse.",
        }
        for n in range(count)
    ]
    if fmt == "scenario":
        data["situation"] = "Un parent vous écrit au sujet des photos de la sortie scolaire."
    return data


def bank(per_theme: int = 4) -> dict[str, list[dict[str, Any]]]:
    """Items for every theme, formats and difficulties mixed, at least 40 % scenarios."""
    formats = ["scenario", "choix-unique", "scenario", "choix-multiple", "ordre", "vrai-faux"]
    out: dict[str, list[dict[str, Any]]] = {}
    for t, theme in enumerate(QUIZ_THEMES):
        out[theme] = [
            item(
                f"{theme}-{n}",
                theme=theme,
                fmt=formats[(t + n) % len(formats)] if n else "scenario",
                difficulty=1 + (t + n) % 3,
                correct=(t + n) % 4 if formats[(t + n) % len(formats)] != "vrai-faux" else 1,
            )
            for n in range(per_theme)
        ]
    return out


def write_bank(directory: Path, files: dict[str, list[dict[str, Any]]]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for theme, items in files.items():
        (directory / f"{theme}.yaml").write_text(
            yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return directory
