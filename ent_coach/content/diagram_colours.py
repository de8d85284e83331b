"""Dark-theme variant of a tutorial diagram (SVG): the same drawing with its lightness
inverted, hue and saturation kept, so that a white page becomes a dark one, dark text
becomes light, and a pale green box stays recognisably green.

Diagrams are drawn for a white page. Shown as they are in the dark theme they were bright
white slabs in a dark window; inverting them outright would turn the greens purple."""

from __future__ import annotations

import colorsys
import re

_HEX_COLOUR = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_NAMED = {"white": "#ffffff", "black": "#000000"}
_NAMED_ATTRIBUTE = re.compile(r'((?:fill|stroke|stop-color|color)=")(white|black)(")')
# Lightness of the page in the dark variant: slightly lighter than the dark window, so the
# diagram reads as a figure, and the lightest text stays below pure white (glare).
_DARKEST, _LIGHTEST = 0.13, 0.93


def _expand(hex_digits: str) -> str:
    return "".join(c * 2 for c in hex_digits) if len(hex_digits) == 3 else hex_digits


def dark_colour(colour: str) -> str:
    """``#rrggbb`` (or ``#rgb``) with its lightness inverted within the dark page's range."""
    digits = _expand(colour.lstrip("#"))
    red, green, blue = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    inverted = _DARKEST + (1.0 - lightness) * (_LIGHTEST - _DARKEST)
    # Strong mid-tone colours (arrows, outlines, coloured titles) would sink to the middle
    # and lose contrast against the dark page: keep them on the light side.
    if saturation > 0.35 and 0.25 < lightness < 0.65:
        inverted = max(inverted, 0.62)
    red, green, blue = colorsys.hls_to_rgb(hue, inverted, saturation)
    return "#{:02x}{:02x}{:02x}".format(*(round(channel * 255) for channel in (red, green, blue)))


def dark_variant(svg: str) -> str:
    """The SVG source with every colour written as hex or as white/black remapped."""
    svg = _NAMED_ATTRIBUTE.sub(lambda m: m.group(1) + _NAMED[m.group(2)] + m.group(3), svg)
    return _HEX_COLOUR.sub(lambda m: dark_colour(m.group(0)), svg)
