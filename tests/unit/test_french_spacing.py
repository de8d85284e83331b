"""French spacing: a no-break space before « ; : ! ? » and after «, everywhere content is shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ent_coach.content.competences import load_frameworks
from ent_coach.content.pathways import load_pathways
from ent_coach.content.practices import load_practices
from ent_coach.content.quiz import load_quiz
from ent_coach.content.render import render_markdown, render_tutorial
from ent_coach.content.scenarios import load_scenarios
from ent_coach.content.tutorials import load_tutorials
from ent_coach.domain.text import NBSP, french_spacing, french_spacing_html

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Que faites-vous ?", f"Que faites-vous{NBSP}?"),
        ("Attention : deux points", f"Attention{NBSP}: deux points"),
        ("Oui ; non ! Vraiment ?", f"Oui{NBSP}; non{NBSP}! Vraiment{NBSP}?"),
        ("le bouton « Partager »", f"le bouton «{NBSP}Partager{NBSP}»"),
        ("le bouton «Partager»", f"le bouton «{NBSP}Partager{NBSP}»"),
        ("deux espaces  : un seul insécable", f"deux espaces{NBSP}: un seul insécable"),
    ],
)
def test_ordinary_spaces_become_no_break_spaces(raw: str, expected: str) -> None:
    assert french_spacing(raw) == expected


@pytest.mark.parametrize(
    "untouched",
    [
        "https://www.cnil.fr/fr/cookies?page=1",
        "spip.php?article323&lang=fr",
        "à 10:30",
        "Note:pas d'espace",
        "",
        "!!! retenir",
        "ligne\n: début de ligne",
    ],
)
def test_urls_times_and_unspaced_signs_are_left_alone(untouched: str) -> None:
    assert french_spacing(untouched) == untouched


@given(st.text(alphabet=" ab:;!?«»\u00a0\n"))
def test_french_spacing_is_idempotent(text: str) -> None:
    once = french_spacing(text)
    assert french_spacing(once) == once


def test_html_attributes_and_code_keep_their_spaces() -> None:
    markup = (
        '<p title="Voir : ceci">Lien : <a href="https://ex.fr/?a=1">ici</a> '
        "<code>x ? y : z</code> fin ?</p>"
    )
    assert french_spacing_html(markup) == (
        f'<p title="Voir : ceci">Lien{NBSP}: <a href="https://ex.fr/?a=1">ici</a> '
        f"<code>x ? y : z</code> fin{NBSP}?</p>"
    )


def test_rendered_markdown_has_french_spacing_but_code_is_verbatim() -> None:
    rendered = render_markdown("## Pourquoi ?\n\nCliquez sur « Publier » : c'est tout.\n\n`a : b`")
    assert f"Pourquoi{NBSP}?" in rendered.html
    assert f"«{NBSP}Publier{NBSP}»{NBSP}:" in rendered.html
    assert "<code>a : b</code>" in rendered.html
    assert rendered.headings[0].text == f"Pourquoi{NBSP}?"


def _ordinary_space_problems(text: str) -> list[str]:
    # An ordinary space before a colon or a closing guillemet, or after an opening one, is a
    # place where the line can break and leave the sign alone on the next line.
    return [m.group(0) for m in re.finditer(r".{0,15}(?: [:»]|« ).{0,15}", text)]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if hasattr(value, "__dataclass_fields__"):
        return [s for name in value.__dataclass_fields__ for s in _strings(getattr(value, name))]
    return []


def test_shipped_content_once_loaded_has_no_breakable_space_at_colons_or_guillemets() -> None:
    found: list[str] = []
    for tutorial in load_tutorials(ROOT / "tutorials").tutorials:
        page = re.sub(r"<[^>]*>", "", render_tutorial(tutorial).html)
        found += [f"{tutorial.id}: {p}" for p in _ordinary_space_problems(page)]
    loaded: list[object] = [
        load_quiz(ROOT / "resources" / "quiz").items,
        load_practices(ROOT / "resources" / "practices").practices,
        load_scenarios(ROOT).scenarios,
        load_pathways(ROOT / "resources" / "pathways").pathways,
        load_frameworks(ROOT / "resources" / "competences").frameworks,
    ]
    for value in loaded:
        for text in _strings(value):
            found += _ordinary_space_problems(text)
    assert found == []


def test_spaces_at_the_edge_of_inline_tags_are_handled() -> None:
    assert french_spacing_html("<p>un <strong>forum</strong> : « <em>mot</em> »</p>") == (
        f"<p>un <strong>forum</strong>{NBSP}: «{NBSP}<em>mot</em>{NBSP}»</p>"
    )


def test_shipped_content_writes_eduscol_with_its_accent_outside_addresses() -> None:
    offenders = []
    for path in [*ROOT.glob("tutorials/*.md"), *ROOT.glob("resources/**/*.yaml")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            prose = re.sub(r"\S*://\S*|^\s*-?\s*id:.*$|^\s*#.*$", "", line)
            if re.search(r"\bEduscol\b|\beduscol\b", prose):
                offenders.append(f"{path.name}:{number}")
    assert offenders == []
