"""Layout checks shared by the screen tests: what a user would see as broken on a small screen.

``layout_problems(window)`` walks the visible widgets of a window and reports, in words:
- two visible sibling widgets whose rectangles overlap (one painted over the other);
- a visible control cut off by a parent that cannot scroll (out of the window, or clipped by
  a container too small for it), whereas a control inside a scroll area's content is fine:
  scrolling reaches it;
- a button or a one-line label narrower than its text (the text is cut);
- a toolbar action pushed into the toolbar's « ›› » overflow menu;
- a window that could not take the size asked for (its layout needs more room).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFocusFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRubberBand,
    QScrollArea,
    QScrollBar,
    QSizeGrip,
    QTextEdit,
    QToolBar,
    QWidget,
)

from ent_coach.ui.keyboard import FocusRing

# Widgets the user acts on: each must be reachable, inside the window or by scrolling.
CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QTextEdit,
    QPlainTextEdit,
    QAbstractItemView,
    QAbstractSlider,
)


# Helpers drawn over other widgets on purpose (Qt's, and the application's focus ring).
_OVERLAYS = (QFocusFrame, QRubberBand, QSizeGrip, FocusRing)

# Rounding of fractional layouts: a one-pixel touch is not an overlap.
_TOLERANCE = 1


def describe(widget: QWidget) -> str:
    """A short, readable name for a widget in a failure message."""
    name = widget.objectName() or widget.accessibleName()
    text = ""
    if hasattr(widget, "text"):
        try:
            text = str(widget.text())[:40]
        except TypeError:
            text = ""
    parts = [type(widget).__name__]
    if name:
        parts.append(f"#{name}")
    if text:
        parts.append(f"« {text} »")
    return " ".join(parts)


def _shrunk(rect: QRect) -> QRect:
    return rect.adjusted(_TOLERANCE, _TOLERANCE, -_TOLERANCE, -_TOLERANCE)


def _visible_children(widget: QWidget) -> list[QWidget]:
    return [
        child
        for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if child.isVisible()
        and not child.isWindow()
        and not isinstance(child, _OVERLAYS)
        and child.width() > 0
        and child.height() > 0
    ]


def overlapping_siblings(root: QWidget) -> list[str]:
    """Pairs of visible sibling widgets painted over each other, anywhere under ``root``."""
    problems = []
    for parent in [root, *root.findChildren(QWidget)]:
        if not parent.isVisible() or (parent.isWindow() and parent is not root):
            continue
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, QScrollArea):
            continue  # item views and text edits place their own viewport and bars
        children = _visible_children(parent)
        for index, first in enumerate(children):
            for second in children[index + 1 :]:
                if _shrunk(first.geometry()).intersects(_shrunk(second.geometry())):
                    problems.append(
                        f"{describe(first)} {_rect(first.geometry())} et {describe(second)} "
                        f"{_rect(second.geometry())} se chevauchent dans {describe(parent)}"
                    )
    return problems


def _rect(rect: QRect) -> str:
    return f"[{rect.x()},{rect.y()} {rect.width()}×{rect.height()}]"


def _scroll_content(widget: QWidget) -> bool:
    """True for the content widget of a QScrollArea: it may be larger than what is shown."""
    viewport = widget.parentWidget()
    area = viewport.parentWidget() if viewport is not None else None
    return isinstance(area, QScrollArea) and area.widget() is widget


def unreachable_controls(window: QWidget) -> list[str]:
    """Visible controls cut off by a parent that cannot scroll them into view."""
    problems = []
    for control in window.findChildren(QWidget):
        if not isinstance(control, CONTROLS) or not control.isVisible():
            continue
        if isinstance(control, QScrollBar) or _inside_item_view(control, window):
            continue  # a view's own bars and editors are placed by the view
        rect = control.rect()
        widget = control
        while widget is not window:
            parent = widget.parentWidget()
            if parent is None:
                break
            rect = rect.translated(widget.pos())
            if _scroll_content(widget):
                # Reachable by scrolling as long as it is inside the content widget.
                break
            if not parent.rect().contains(_shrunk(rect)):
                outside = "la fenêtre" if parent is window else describe(parent)
                problems.append(
                    f"{describe(control)} {_rect(rect)} dépasse de {outside} {_rect(parent.rect())}"
                )
                break
            widget = parent
    return problems


def _inside_item_view(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def cut_texts(window: QWidget) -> list[str]:
    """Buttons and one-line labels squeezed below their minimum size: their text is cut."""
    problems = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or _inside_item_view(widget, window):
            continue
        if not isinstance(widget, (QAbstractButton, QLabel)) or not widget.text():
            continue  # an icon-only button (a line edit's clear button) is sized by Qt
        if isinstance(widget, QAbstractButton) or not widget.wordWrap():
            needed = widget.minimumSizeHint()
            if widget.width() + _TOLERANCE < needed.width():
                problems.append(
                    f"{describe(widget)} fait {widget.width()} px de large pour "
                    f"{needed.width()} px de texte"
                )
    return problems


def overflowing_toolbars(window: QWidget) -> list[str]:
    """Toolbar actions hidden in the « ›› » extension menu for lack of room."""
    problems = []
    for toolbar in window.findChildren(QToolBar):
        if not toolbar.isVisible():
            continue
        for action in toolbar.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            button = toolbar.widgetForAction(action)
            if button is None or not button.isVisible():
                problems.append(
                    f"« {action.text()} » est rejetée dans le menu ›› de la barre {toolbar.windowTitle()!r}"
                )
    return problems


def layout_problems(window: QWidget, size: QSize | None = None) -> list[str]:
    """Everything above for ``window``, laid out first; with ``size``, the window must also
    have taken that size (a layout needing more room makes it grow past the screen)."""
    QApplication.processEvents()
    problems = []
    if size is not None and window.size() != size:
        problems.append(
            f"la fenêtre fait {window.width()}×{window.height()} au lieu de "
            f"{size.width()}×{size.height()} (taille minimale {window.minimumSizeHint().width()}"
            f"×{window.minimumSizeHint().height()})"
        )
    problems += overlapping_siblings(window)
    problems += unreachable_controls(window)
    problems += cut_texts(window)
    problems += overflowing_toolbars(window)
    return problems
