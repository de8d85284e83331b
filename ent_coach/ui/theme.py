"""Light / dark / follow-the-system palettes and text size, applied app-wide.

Fusion is used everywhere so both palettes look the same on every platform. Reader colours
come from the palette, so tutorials stay legible in both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyle

_base_point_size: float | None = None


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def is_dark(theme: str) -> bool:
    return theme == "sombre" or (theme == "systeme" and system_prefers_dark())


def _dark_palette() -> QPalette:
    palette = QPalette()
    window, base, text = QColor(37, 39, 43), QColor(28, 30, 33), QColor(232, 232, 232)
    accent = QColor(110, 160, 255)
    palette.setColor(QPalette.ColorRole.Window, window)
    palette.setColor(QPalette.ColorRole.WindowText, text)
    palette.setColor(QPalette.ColorRole.Base, base)
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor(44, 47, 52))
    palette.setColor(QPalette.ColorRole.ToolTipBase, base)
    palette.setColor(QPalette.ColorRole.ToolTipText, text)
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(150, 150, 150))
    palette.setColor(QPalette.ColorRole.Text, text)
    palette.setColor(QPalette.ColorRole.Button, QColor(50, 53, 58))
    palette.setColor(QPalette.ColorRole.ButtonText, text)
    palette.setColor(QPalette.ColorRole.BrightText, QColor(255, 120, 120))
    palette.setColor(QPalette.ColorRole.Link, accent)
    palette.setColor(QPalette.ColorRole.LinkVisited, QColor(190, 150, 255))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(52, 101, 196))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
    palette.setColor(QPalette.ColorRole.Mid, QColor(70, 73, 78))
    palette.setColor(QPalette.ColorRole.Midlight, QColor(60, 63, 68))
    palette.setColor(QPalette.ColorRole.Dark, QColor(20, 21, 23))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(120, 120, 120))
    return palette


def _light_palette() -> QPalette:
    palette = QPalette(QColor(246, 246, 247))
    palette.setColor(QPalette.ColorRole.Base, QColor(255, 255, 255))
    palette.setColor(QPalette.ColorRole.Text, QColor(22, 22, 24))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(22, 22, 24))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(0, 0, 145))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
    palette.setColor(QPalette.ColorRole.Link, QColor(0, 0, 145))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(110, 110, 115))
    # Fusion's default disabled text is barely lighter than normal text: muted hints (shown
    # through the disabled colour) would not look muted. This grey keeps a 5:1 contrast.
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(105, 105, 110))
    return palette


_style: QStyle | None = None  # kept referenced: the application does not own a Python-made style


def apply_theme(app: QApplication, *, theme: str, text_scale: int) -> None:
    global _base_point_size, _style
    dark = is_dark(theme)
    # The outlining proxy is installed only for a dark palette: a Python style is called back
    # for every primitive drawn, which made each paint (and start-up) noticeably slower for
    # the light theme that has no need of it. Replacing a style re-polishes everything, so it
    # is only done when the kind of style has to change.
    # The proxy's module is imported only then: QProxyStyle brings Qt's large style enums.
    # Asking the application for its style costs as much, so the light theme relies on the
    # application having been created with Fusion (``-style Fusion``, see app.py) and only
    # switches back to Fusion after the dark style was installed.
    if dark and _style is None:
        from ent_coach.ui.dark_style import OutlinedIndicators, fusion

        _style = OutlinedIndicators(fusion())
        app.setStyle(_style)
    elif not dark and _style is not None:
        app.setStyle("Fusion")  # made and owned by Qt
        _style = None
    app.setPalette(_dark_palette() if dark else _light_palette())
    if _base_point_size is None:
        _base_point_size = app.font().pointSizeF() if app.font().pointSizeF() > 0 else 10.0
    wanted = _base_point_size * text_scale / 100
    if abs(app.font().pointSizeF() - wanted) > 0.01:
        font = QFont(app.font())
        font.setPointSizeF(wanted)
        app.setFont(font)


def is_dark_palette(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


# The keyboard focus ring: above 3:1 against the window and the list backgrounds of its theme
# (WCAG's contrast for focus indicators); Fusion's own outline is a pale tint of the highlight.
FOCUS_RING_LIGHT = QColor(0, 0, 145)
FOCUS_RING_DARK = QColor(143, 180, 255)


def focus_ring_colour(palette: QPalette) -> QColor:
    return FOCUS_RING_DARK if is_dark_palette(palette) else FOCUS_RING_LIGHT


def reader_stylesheet(*, dark: bool) -> str:
    """CSS for tutorial pages (Qt rich-text subset), for a dark or a light background."""
    link = "#8fb4ff" if dark else "#000091"
    muted = "#b8bcc4" if dark else "#4a4f57"
    callouts = {
        "retenir": "#1e3a5f" if dark else "#e8f0fe",
        "attention": "#5a2a1e" if dark else "#fdecea",
        "astuce": "#1f4a32" if dark else "#e6f4ea",
        "exemple": "#3b3358" if dark else "#f1ecfb",
        "selon-ent": "#4a4020" if dark else "#fff6dd",
    }
    rules = [
        f"a {{ color: {link}; }}",
        "h1 { font-size: 170%; margin-bottom: 4px; }",
        "h2 { font-size: 135%; margin-top: 18px; }",
        "h3 { font-size: 115%; margin-top: 12px; }",
        f"p.resume {{ color: {muted}; font-style: italic; }}",
        f"p.facts {{ color: {muted}; margin-top: 0px; }}",
        "p.encadre-titre { font-weight: bold; margin-bottom: 2px; }",
        "table { border-collapse: collapse; }",
        "th { font-weight: bold; }",
        f"span.image-absente {{ color: {muted}; font-style: italic; }}",
        f"ol.sources {{ color: {muted}; }}",
    ]
    rules += [f"td.encadre-{kind} {{ background-color: {color}; }}" for kind, color in callouts.items()]
    return "\n".join(rules)
