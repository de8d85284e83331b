"""Dark variant of the tutorial diagrams: a dark page, light text, colours kept recognisable."""

from __future__ import annotations

import colorsys

from ent_coach.content.diagram_colours import dark_colour, dark_variant


def _hls(colour: str) -> tuple[float, float, float]:
    digits = colour.lstrip("#")
    return colorsys.rgb_to_hls(*(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)))


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    digits = colour.lstrip("#")
    r, g, b = (channel(int(digits[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_white_page_becomes_dark_and_dark_text_light() -> None:
    page, text = dark_colour("#ffffff"), dark_colour("#202124")
    assert _hls(page)[1] < 0.2
    assert _hls(text)[1] > 0.8
    assert _contrast(page, text) >= 7


def test_hue_is_kept_for_pale_boxes_and_strong_strokes() -> None:
    for colour in ("#e6f4ea", "#188038", "#1a56db", "#b45309", "#fef7e0"):
        before, after = _hls(colour), _hls(dark_colour(colour))
        assert abs(before[0] - after[0]) < 0.02, colour


def test_strokes_and_text_stay_readable_on_the_dark_page() -> None:
    page = dark_colour("#ffffff")
    for colour in ("#1a56db", "#b3261e", "#1b7a3a", "#3c4043", "#4b5563", "#b45309"):
        assert _contrast(page, dark_colour(colour)) >= 3, colour


def test_variant_rewrites_hex_short_hex_and_named_colours_only() -> None:
    svg = '<svg><rect fill="white" stroke="#000"/><text fill="#202124">#1 des élèves</text></svg>'
    dark = dark_variant(svg)
    assert 'fill="white"' not in dark and 'stroke="#000"' not in dark
    assert "#1 des élèves" in dark  # not a colour: kept as written
    assert dark.count("#") == svg.count("#") + 1  # white became a hex colour
