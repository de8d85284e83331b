"""Classify link and image targets in tutorials (shared by the checker and the renderer;
kept free of heavy imports so loading content stays fast)."""

from __future__ import annotations

import re

INTERNAL_SCHEME = "tutoriel"
_SAFE_IMAGE = re.compile(r"^images/[A-Za-z0-9._-]+\.(?:svg|png|jpe?g|gif|webp)$")
_TUTORIAL_LINK = re.compile(r"^(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)\.md(?:#(?P<anchor>[\w-]+))?$")


def classify_link(href: str) -> tuple[str, str]:
    """Kind of a Markdown link target: ``internal``, ``anchor``, ``external`` or ``invalid``,
    with its normalised form."""
    href = href.strip()
    match = _TUTORIAL_LINK.match(href)
    if match:
        anchor = match["anchor"]
        return "internal", f"{INTERNAL_SCHEME}:{match['id']}" + (f"#{anchor}" if anchor else "")
    if href.startswith("#") and len(href) > 1:
        return "anchor", href
    if href.startswith(("https://", "http://", "mailto:")):
        return "external", href
    return "invalid", href


def classify_image(src: str) -> str:
    """``local`` (bundled under images/), ``remote`` (never fetched) or ``invalid``."""
    if src.startswith(("http://", "https://", "//")):
        return "remote"
    if _SAFE_IMAGE.match(src) and ".." not in src:
        return "local"
    return "invalid"
