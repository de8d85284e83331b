"""Render tutorial Markdown to safe HTML for the reader and for PDF handouts.

Three guarantees, whatever the author wrote:
- raw HTML is sanitised by a safelist (no script, iframe, object, style or event attribute);
- remote images are never fetched: they are replaced by their description;
- links become either in-app links (``tutoriel:ID#ancre``), page anchors, or external
  ``https``/``mailto`` links the UI opens only after confirmation.
The output uses the HTML subset Qt's rich-text engine understands (callouts become one-cell
tables), styled by class from the UI's stylesheet so both light and dark palettes work.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from functools import lru_cache

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ent_coach.content.links import INTERNAL_SCHEME, classify_image, classify_link
from ent_coach.domain.taxonomy import CALLOUT_KINDS
from ent_coach.domain.text import french_spacing, french_spacing_html, slugify
from ent_coach.domain.tutorials import Heading, Source, Tutorial

_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "small",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u",
    "ul",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "table": {"width", "cellpadding", "cellspacing", "border"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}


@dataclass(frozen=True, slots=True)
class RenderedTutorial:
    html: str
    headings: tuple[Heading, ...]


class _RewriteTree(Treeprocessor):
    """Rewrites links, images and callouts in Markdown's element tree before serialising."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "a":
                    self._rewrite_link(child)
                elif child.tag == "img":
                    replacement = self._rewrite_image(child)
                    if replacement is not None:
                        replacement.tail = child.tail
                        parent[index] = replacement
                elif child.tag == "div" and "admonition" in (child.get("class") or ""):
                    parent[index] = self._callout_table(child)

    @staticmethod
    def _rewrite_link(link: etree.Element) -> None:
        kind, target = classify_link(link.get("href", ""))
        if kind == "invalid":
            link.attrib.pop("href", None)
            link.set("class", "lien-invalide")
        else:
            link.set("href", target)
            if kind == "external":
                link.set("class", "lien-externe")

    @staticmethod
    def _rewrite_image(image: etree.Element) -> etree.Element | None:
        src = image.get("src", "")
        if classify_image(src) == "local":
            return None
        span = etree.Element("span", {"class": "image-absente"})
        alt = image.get("alt") or "image"
        span.text = f"[Image non affichée : {alt}]"
        return span

    @staticmethod
    def _callout_table(div: etree.Element) -> etree.Element:
        classes = (div.get("class") or "").split()
        kind = next((c for c in classes if c in CALLOUT_KINDS), "retenir")
        table = etree.Element(
            "table",
            {"class": f"encadre encadre-{kind}", "width": "100%", "cellpadding": "10",
             "cellspacing": "0"},
        )  # fmt: skip
        cell = etree.SubElement(etree.SubElement(table, "tr"), "td", {"class": f"encadre-{kind}"})
        for child in list(div):
            if child.tag == "p" and "admonition-title" in (child.get("class") or ""):
                child.attrib.pop("class")
                child.set("class", "encadre-titre")
            cell.append(child)
        return table


class _EntCoachExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Priority below 'inline' (20) so links and images already exist as elements.
        md.treeprocessors.register(_RewriteTree(md), "ent_coach_rewrite", 5)


def _slug(value: str, separator: str) -> str:
    return slugify(value).replace("-", separator)


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            "tables",
            "admonition",
            "sane_lists",
            "toc",
            _EntCoachExtension(),
        ],
        extension_configs={"toc": {"slugify": _slug, "toc_depth": "2-3"}},
        output_format="html",
    )


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if classify_image(value) == "local" else None
    if tag == "a" and attribute == "href":
        # Internal links were already rewritten to the tutoriel: scheme by the tree pass.
        rewritten = value.startswith(f"{INTERNAL_SCHEME}:")
        return value if rewritten or classify_link(value)[0] != "invalid" else None
    return value


def sanitize_html(raw_html: str) -> str:
    return nh3.clean(
        raw_html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "mailto", INTERNAL_SCHEME},
        attribute_filter=_attribute_filter,
        link_rel=None,
        strip_comments=True,
    )


def render_markdown(text: str) -> RenderedTutorial:
    md = _converter()
    md.reset()
    body_html = md.convert(text)
    headings = tuple(_flatten_toc(md.toc_tokens))  # type: ignore[attr-defined]
    # French spacing last, on text nodes only, so links, attributes and code keep their bytes.
    return RenderedTutorial(html=french_spacing_html(sanitize_html(body_html)), headings=headings)


def _flatten_toc(tokens: list[dict]) -> list[Heading]:
    out: list[Heading] = []
    for token in tokens:
        text = french_spacing(html.unescape(token["name"]))
        out.append(Heading(level=token["level"], text=text, anchor=token["id"]))
        out.extend(_flatten_toc(token.get("children", [])))
    return out


def sources_html(sources: tuple[Source, ...]) -> str:
    items = []
    for source in sources:
        parts = [html.escape(source.publisher), f"« {html.escape(source.title)} »"]
        if source.section:
            parts.append(html.escape(source.section))
        url = html.escape(source.url, quote=True)
        items.append(
            f'<li>{", ".join(parts)}. <a class="lien-externe" href="{url}">{url}</a></li>'
        )
    return '<h2 id="sources">Sources</h2><ol class="sources">' + "".join(items) + "</ol>"


def render_tutorial(tutorial: Tutorial) -> RenderedTutorial:
    """Full page: title, summary, body, then the sources from the front matter."""
    rendered = render_markdown(tutorial.body)
    header = (
        f'<h1 id="haut">{html.escape(french_spacing(tutorial.title))}</h1>'
        f'<p class="resume">{html.escape(french_spacing(tutorial.summary))}</p>'
    )
    page = header + rendered.html + french_spacing_html(sources_html(tutorial.sources))
    headings = (*rendered.headings, Heading(level=2, text="Sources", anchor="sources"))
    return RenderedTutorial(html=page, headings=headings)


_TAG = re.compile(r"<[^>]+>")


def plain_text(markdown_text: str) -> str:
    """Searchable text of a Markdown body: markup, link targets and callout syntax removed."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r'^!!!\s+\S+\s*(?:"([^"]*)")?', r"\1", text, flags=re.MULTILINE)
    text = _TAG.sub(" ", text)
    text = re.sub(r"[#*_`>|~-]+", " ", text)
    return " ".join(text.split())
