"""Markdown to safe HTML: sanitising, images never fetched, in-app links, callouts, anchors."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ent_coach.content.links import classify_image, classify_link
from ent_coach.content.render import plain_text, render_markdown, render_tutorial, sanitize_html
from ent_coach.domain.tutorials import Source, Tutorial

_FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "style", "form", "input", "svg", "math"}
_DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
_EVENT_ATTRIBUTE = re.compile(r"\son\w+=", re.IGNORECASE)


class _Elements(HTMLParser):
    """Every start tag with its attributes, as a browser-like parser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html_text: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html_text)
    parser.close()
    return parser.elements


def assert_safe(html_text: str) -> None:
    lowered = html_text.lower()
    assert "<script" not in lowered
    assert "<iframe" not in lowered
    for tag, attrs in elements(html_text):
        assert tag not in _FORBIDDEN_TAGS, html_text
        for name, value in attrs.items():
            assert not name.startswith("on"), html_text
            if name in ("href", "src"):
                compact = re.sub(r"\s", "", value or "").lower()
                assert not compact.startswith(_DANGEROUS_SCHEMES), html_text


def images(html_text: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in elements(html_text) if tag == "img"]


def links(html_text: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in elements(html_text) if tag == "a"]


# --- raw HTML and dangerous URLs ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "gone"),
    [
        ("<script>alert('x')</script>", "alert"),
        ('<iframe src="https://exemple.fr/page"></iframe>', "exemple.fr"),
        ('<object data="https://exemple.fr/anim.swf"></object>', "anim.swf"),
        ('<embed src="https://exemple.fr/anim.swf">', "anim.swf"),
        ("<style>body { display: none }</style>", "display"),
        ('<form action="https://exemple.fr"><input name="mot"></form>', "action"),
    ],
)
def test_dangerous_elements_are_removed(raw: str, gone: str) -> None:
    html_text = render_markdown(f"Avant\n\n{raw}\n\nAprès").html
    assert_safe(html_text)
    assert gone not in html_text
    assert "Avant" in html_text
    assert "Après" in html_text


@pytest.mark.parametrize(
    "raw",
    [
        '<div onclick="alert(1)">clic</div>',
        '<p onmouseover="alert(1)">survol</p>',
        '<img src="images/schema.svg" onerror="alert(1)" alt="schéma">',
        '<span OnClick="alert(1)">majuscules</span>',
    ],
)
def test_event_attributes_are_removed(raw: str) -> None:
    html_text = render_markdown(raw).html
    assert_safe(html_text)
    assert not _EVENT_ATTRIBUTE.search(html_text)
    assert "alert" not in html_text


@pytest.mark.parametrize(
    "markdown_text",
    [
        "[lien](javascript:alert(1))",
        "[lien](JaVaScRiPt:alert(1))",
        "[lien](data:text/html;base64,PHNjcmlwdD4=)",
        "[lien](file:///etc/passwd)",
        '<a href="javascript:alert(1)">lien</a>',
        '<a href="data:text/html,bonjour">lien</a>',
        '<a href="file:///C:/Users/">lien</a>',
    ],
)
def test_dangerous_link_targets_are_dropped(markdown_text: str) -> None:
    html_text = render_markdown(markdown_text).html
    assert_safe(html_text)
    [link] = links(html_text)
    assert "href" not in link
    assert "lien" in html_text


@pytest.mark.parametrize(
    "markdown_text",
    [
        "![fichier](file:///etc/image.png)",
        "![données](data:image/png;base64,AAAA)",
        '<img src="file:///etc/image.png" alt="fichier">',
        '<img src="data:image/png;base64,AAAA" alt="données">',
        "![remontée](images/../../secret.png)",
    ],
)
def test_file_and_data_images_are_not_displayed(markdown_text: str) -> None:
    html_text = render_markdown(markdown_text).html
    assert_safe(html_text)
    assert all(
        classify_image(img.get("src") or "") == "local"
        for img in images(html_text)
        if img.get("src")
    )
    assert "file:" not in html_text
    assert "data:" not in html_text


def test_remote_markdown_image_becomes_a_described_span() -> None:
    html_text = render_markdown("Voici ![le logo de l'ENT](https://exemple.fr/logo.png) ici.").html
    assert images(html_text) == []
    assert "exemple.fr" not in html_text
    assert (
        '<p>Voici <span class="image-absente">[Image non affichée\u00a0: le logo de l\'ENT]</span>'
        " ici.</p>" in html_text
    )


def test_protocol_relative_image_is_remote() -> None:
    html_text = render_markdown("![carte](//exemple.fr/carte.png)").html
    assert images(html_text) == []
    assert "[Image non affichée\u00a0: carte]" in html_text


def test_raw_html_remote_image_is_never_loaded() -> None:
    html_text = render_markdown('<img src="https://exemple.fr/pixel.gif" alt="pixel">').html
    assert all(not img.get("src") for img in images(html_text))
    assert "exemple.fr" not in html_text


def test_local_image_is_kept() -> None:
    html_text = render_markdown("![Schéma des droits](images/droits-partage.svg)").html
    assert images(html_text) == [{"alt": "Schéma des droits", "src": "images/droits-partage.svg"}]


# --- links, callouts, anchors, tables -------------------------------------------------------


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("blog-de-classe.md#pas-a-pas", "tutoriel:blog-de-classe#pas-a-pas"),
        ("blog-de-classe.md", "tutoriel:blog-de-classe"),
        ("#objectifs", "#objectifs"),
    ],
)
def test_internal_links_become_in_app_links(href: str, expected: str) -> None:
    html_text = render_markdown(f"[voir]({href})").html
    [link] = links(html_text)
    assert link["href"] == expected
    assert link.get("class") != "lien-externe"


def test_external_links_are_marked() -> None:
    html_text = render_markdown(
        "[CNIL](https://www.cnil.fr) et [écrire](mailto:aide@exemple.fr)"
    ).html
    assert links(html_text) == [
        {"class": "lien-externe", "href": "https://www.cnil.fr"},
        {"class": "lien-externe", "href": "mailto:aide@exemple.fr"},
    ]


def test_classify_link_and_image() -> None:
    assert classify_link("autre.md#ancre") == ("internal", "tutoriel:autre#ancre")
    assert classify_link("  https://a.fr ") == ("external", "https://a.fr")
    assert classify_link("#") == ("invalid", "#")
    assert classify_link("Autre.md")[0] == "invalid"
    assert classify_link("../autre.md")[0] == "invalid"
    assert classify_image("images/a.png") == "local"
    assert classify_image("images/sous/a.png") == "invalid"
    assert classify_image("images/a.exe") == "invalid"
    assert classify_image("http://a.fr/a.png") == "remote"


@pytest.mark.parametrize("kind", ["retenir", "attention", "astuce", "exemple", "selon-ent"])
def test_callouts_become_classed_tables(kind: str) -> None:
    html_text = render_markdown(f'!!! {kind} "Titre de l\'encadré"\n    Contenu important.\n').html
    tables = [attrs for tag, attrs in elements(html_text) if tag == "table"]
    assert tables and f"encadre-{kind}" in (tables[0].get("class") or "").split()
    cells = [attrs for tag, attrs in elements(html_text) if tag == "td"]
    assert cells[0].get("class") == f"encadre-{kind}"
    assert '<p class="encadre-titre">' in html_text
    assert "Contenu important." in html_text
    assert "<div" not in html_text


def test_headings_get_accent_free_anchors() -> None:
    rendered = render_markdown("## Sécurité des élèves\n\ntexte\n\n### Droit à l'image\n\ntexte\n")
    assert 'id="securite-des-eleves"' in rendered.html
    assert 'id="droit-a-l-image"' in rendered.html
    assert [(h.level, h.text, h.anchor) for h in rendered.headings] == [
        (2, "Sécurité des élèves", "securite-des-eleves"),
        (3, "Droit à l'image", "droit-a-l-image"),
    ]


def test_tables_render() -> None:
    html_text = render_markdown("| Profil | Droit |\n|---|---|\n| Parent | lecture |\n").html
    tags = [tag for tag, _ in elements(html_text)]
    for tag in ("table", "thead", "th", "tbody", "td"):
        assert tag in tags
    assert "<td>Parent</td>" in html_text


def test_render_tutorial_adds_title_summary_and_sources(tmp_path: Path) -> None:
    tutorial = Tutorial(
        id="exemple",
        title="Titre <avec> chevrons",
        summary="Un résumé.",
        themes=("decouvrir",),
        audiences=("enseignant",),
        duration_minutes=5,
        level="debutant",
        content_version=1,
        last_reviewed=dt.date(2026, 1, 1),
        sources=(
            Source(
                publisher="CNIL", title="Le RGPD", url="https://www.cnil.fr/rgpd", section="art. 6"
            ),
            Source(
                publisher="Éduscol", title="Les ENT", url="https://eduscol.education.fr/ent?a=1&b=2"
            ),
        ),
        body="## Objectifs\n\nApprendre.\n",
        path=tmp_path / "exemple.md",
        body_first_line=12,
    )
    rendered = render_tutorial(tutorial)
    assert rendered.html.startswith('<h1 id="haut">Titre &lt;avec&gt; chevrons</h1>')
    assert '<p class="resume">Un résumé.</p>' in rendered.html
    assert '<h2 id="sources">Sources</h2>' in rendered.html
    hrefs = [link["href"] for link in links(rendered.html)]
    assert hrefs == ["https://www.cnil.fr/rgpd", "https://eduscol.education.fr/ent?a=1&b=2"]
    assert "art. 6" in rendered.html
    assert rendered.html.index("Objectifs") < rendered.html.index('id="sources"')
    assert [h.anchor for h in rendered.headings] == ["objectifs", "sources"]


def test_plain_text_strips_markup_and_link_targets() -> None:
    text = plain_text(
        "## Titre\n\nUn **mot** et [un lien](https://cible.fr) ![une image](images/a.png)\n\n"
        '!!! retenir "À retenir"\n    <b>gras</b>\n'
    )
    assert "cible.fr" not in text
    assert "images/a.png" not in text
    for word in ("Titre", "mot", "un lien", "une image", "À retenir", "gras"):
        assert word in text
    for mark in ("#", "*", "<b>", "!!!"):
        assert mark not in text


# --- properties -----------------------------------------------------------------------------

_WRAPPERS = [
    "<script>{}</script>",
    "<iframe src='javascript:{}'></iframe>",
    '<a href="javascript:{}">x</a>',
    '<a href=" JaVaScRiPt:{}">x</a>',
    '<img src=x onerror="{}">',
    '<div onclick="{}">y</div>',
    "<object data='{}'></object>",
    '<embed src="{}">',
    "<style>{}</style>",
    '<a href="data:text/html,{}">d</a>',
    '<svg onload="{}"></svg>',
    '<p><a href="#" onmouseover="{}">z</a></p>',
    "<scr<script>ipt>{}</script>",
]


@given(st.text())
def test_sanitize_never_lets_active_content_through_arbitrary_text(text: str) -> None:
    assert_safe(sanitize_html(text))


@given(st.sampled_from(_WRAPPERS), st.text())
def test_sanitize_never_lets_active_content_through_dangerous_tags(wrapper: str, text: str) -> None:
    assert_safe(sanitize_html(wrapper.format(text)))


# Without ':', '=' or '&' the text itself cannot spell a scheme or an attribute, so the
# literal strings below can only come from markup that survived sanitising.
_PLAIN = st.text(st.characters(blacklist_characters=":=&", blacklist_categories=("Cs",)))


@given(st.sampled_from(_WRAPPERS), _PLAIN)
def test_sanitized_output_contains_no_dangerous_strings(wrapper: str, text: str) -> None:
    for source in (text, wrapper.format(text)):
        output = sanitize_html(source).lower()
        assert "<script" not in output
        assert "<iframe" not in output
        assert "javascript:" not in output
        assert not _EVENT_ATTRIBUTE.search(output)


@given(st.text(max_size=300))
def test_render_markdown_output_is_always_safe(text: str) -> None:
    assert_safe(render_markdown(text).html)
