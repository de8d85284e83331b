"""Tutorial diagrams on screen: drawn from their SVG at the size they are shown and at the
screen's pixel ratio (crisp text at any zoom), in a dark variant for the dark theme.

The reader's HTML names each diagram with the width it is shown at and the theme
(``images/x.svg?largeur=640&theme=sombre``) and carries that size in ``width`` / ``height``,
so the document is laid out once, with its final image sizes. Resizing images after
``setHtml`` (the earlier way) left every block after the first diagram without lines: the
end of ten tutorials was never shown."""

from __future__ import annotations

import re
from functools import lru_cache

from PySide6.QtCore import QByteArray, QUrl, QUrlQuery
from PySide6.QtGui import QImage, QImageReader, QPainter
from PySide6.QtSvg import QSvgRenderer

from ent_coach import paths
from ent_coach.content.diagram_colours import dark_variant

_IMG_TAG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"?#]+\.svg)"')
_MIN_WIDTH = 120
WIDTH_KEY, THEME_KEY, DARK = "largeur", "theme", "sombre"


@lru_cache(maxsize=64)
def natural_size(name: str) -> tuple[int, int] | None:
    """A diagram's own size in pixels, from its file; None when it cannot be read."""
    size = QImageReader(str(paths.tutorials_dir() / name)).size()
    return (size.width(), size.height()) if size.isValid() and size.width() > 0 else None


def shown_width(natural_width: int, available: int) -> int:
    """Never wider than the page, never enlarged, never so small it cannot be read."""
    return min(natural_width, max(_MIN_WIDTH, available))


def sized_html(html: str, *, available: int, dark: bool) -> str:
    """``html`` with every SVG diagram sized for a page ``available`` pixels wide."""

    def size_tag(match: re.Match[str]) -> str:
        tag = match.group(0)
        src = _SRC.search(tag)
        natural = natural_size(src.group(1)) if src else None
        if src is None or natural is None:
            return tag
        width = shown_width(natural[0], available)
        height = round(width * natural[1] / natural[0])
        query = f"{WIDTH_KEY}={width}" + (f"&amp;{THEME_KEY}={DARK}" if dark else "")
        tag = tag.replace(src.group(0), f' src="{src.group(1)}?{query}"', 1)
        return tag[:-1].rstrip("/ ") + f' width="{width}" height="{height}">'

    return _IMG_TAG.sub(size_tag, html)


def shown_widths(html: str, *, available: int) -> tuple[int, ...]:
    """The widths ``sized_html`` would give: equal tuples mean the same layout of images."""
    widths = []
    for tag in _IMG_TAG.findall(html):
        src = _SRC.search(tag)
        natural = natural_size(src.group(1)) if src else None
        if natural is not None:
            widths.append(shown_width(natural[0], available))
    return tuple(widths)


def diagram_image(url: QUrl, *, pixel_ratio: float) -> QImage | None:
    """The image for a diagram address made by ``sized_html``; None for anything else."""
    if not url.path().endswith(".svg"):
        return None
    query = QUrlQuery(url)
    try:
        width = int(query.queryItemValue(WIDTH_KEY))
    except ValueError:
        return None
    return _render(url.path(), width, query.queryItemValue(THEME_KEY) == DARK, round(pixel_ratio * 100))


@lru_cache(maxsize=24)
def _render(name: str, width: int, dark: bool, ratio_percent: int) -> QImage | None:
    path = (paths.tutorials_dir() / name).resolve()
    if paths.tutorials_dir().resolve() not in path.parents or not path.is_file():
        return None
    source = path.read_text(encoding="utf-8")
    renderer = QSvgRenderer(QByteArray((dark_variant(source) if dark else source).encode("utf-8")))
    natural = renderer.defaultSize()
    if not renderer.isValid() or natural.width() <= 0:
        return None
    ratio = ratio_percent / 100
    height = width * natural.height() / natural.width()
    image = QImage(round(width * ratio), round(height * ratio), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    renderer.render(painter)
    painter.end()
    image.setDevicePixelRatio(ratio)
    return image
