"""Keyboard conventions applied to the whole application from one place.

- Tab and Maj+Tab leave any list, table or tree in one press: arrows move inside a view, Tab
  moves between controls (Qt's tables walk cell by cell by default: leaving the library took
  more than a hundred presses). Ctrl+Tab is no longer swallowed by a view either: it reaches
  the tabbed pane around it, else it leaves the view like Tab.
- A focus ring, drawn around the control that has the keyboard focus, in a colour that stands
  out in both themes (Fusion's own indicator is a faint outline). Shown when the focus moves
  otherwise than by a click (Tab, a shortcut, a screen opening on its first field).

Both follow ``QApplication.focusChanged``, so every view and control, present or future, in the
main window or in a dialog, is covered without any per-screen code.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, Slot
from PySide6.QtGui import QGuiApplication, QKeyEvent, QPainter, QPaintEvent, QRegion
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QApplication, QWidget
from shiboken6 import isValid

from ent_coach.ui.theme import focus_ring_colour

_TAMED = "_entCoachTabLeaves"  # dynamic property: the view already follows the conventions


class FocusRing(QWidget):
    """A ring just outside the widget that has the keyboard focus, in the focus colour of the
    current palette, following it as it moves, scrolls, hides or shows.

    The ring lives in the nearest window or scroll-area viewport around the widget, above
    everything there: placed among the widget's siblings (as Qt's QFocusFrame does with
    Fusion), it was clipped by every container without margins (a radio button showed a
    bottom line only)."""

    WIDTH = 2

    def __init__(self) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._widget: QWidget | None = None
        self._watched: list[QWidget] = []

    def widget(self) -> QWidget | None:
        return self._widget

    def set_widget(self, widget: QWidget | None) -> None:
        self._unwatch()
        self._widget = widget
        if widget is None:
            self.hide()
            return
        host = widget.parentWidget()
        chain = [widget]
        while host is not None and not _is_host(host):
            chain.append(host)
            host = host.parentWidget()
        if host is None:
            self.hide()
            return
        if self.parentWidget() is not host:
            self.setParent(host)
        self._watched = chain
        for watched in chain:
            watched.installEventFilter(self)
        widget.destroyed.connect(self._widget_destroyed)
        self._place()

    def _unwatch(self) -> None:
        for watched in self._watched:
            if isValid(watched):
                watched.removeEventFilter(self)
        if self._widget is not None and isValid(self._widget):
            self._widget.destroyed.disconnect(self._widget_destroyed)
        self._watched = []

    @Slot()
    def _widget_destroyed(self) -> None:
        self._watched, self._widget = [], None
        self.hide()

    def _place(self) -> None:
        widget, host = self._widget, self.parentWidget()
        if widget is None or host is None or not widget.isVisible():
            self.hide()
            return
        width = self.WIDTH
        top_left = widget.mapTo(host, QPoint(0, 0))
        outer = QRect(top_left, widget.size()).adjusted(-width, -width, width, width)
        self.setGeometry(outer)
        local = QRect(0, 0, outer.width(), outer.height())
        self.setMask(QRegion(local).subtracted(QRegion(local.adjusted(width, width, -width, -width))))
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _MOVES:
            self._place()
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), focus_ring_colour(QApplication.palette()))


_MOVES = (
    QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide,
    QEvent.Type.ParentChange, QEvent.Type.ZOrderChange,
)  # fmt: skip


def _is_host(widget: QWidget) -> bool:
    """A window, or the viewport of a scroll area (the ring scrolls and is clipped with it)."""
    if widget.isWindow():
        return True
    area = widget.parentWidget()
    return isinstance(area, QAbstractScrollArea) and area.viewport() is widget


class _CtrlTabPasser(QObject):
    """Ctrl+Tab on a view: offered to the widgets around it (a tabbed pane changes tab), and
    if none takes it, the focus leaves the view as with Tab."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QAbstractItemView):
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        if key_event.key() not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            return False
        if not key_event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        backwards = key_event.key() == Qt.Key.Key_Backtab or bool(
            key_event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        )
        parent = watched.parentWidget()
        if parent is not None:
            offered = QKeyEvent(QEvent.Type.KeyPress, key_event.key(), key_event.modifiers())
            offered.ignore()
            QApplication.sendEvent(parent, offered)  # goes up the parents until accepted
            if offered.isAccepted():
                return True
        plain = QKeyEvent(
            QEvent.Type.KeyPress,
            Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab,
            Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(watched, plain)
        return True


class KeyboardConventions(QObject):
    """Installed once on the application (``install``); see the module docstring."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("keyboardConventions")
        self._ring: FocusRing | None = None  # made on the first focus change
        self._ctrl_tab = _CtrlTabPasser(self)
        app.focusChanged.connect(self._on_focus_changed)

    @property
    def ring(self) -> FocusRing | None:
        return self._ring

    @Slot(QWidget, QWidget)
    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, QAbstractItemView):
            self.tame_view(new)
        self._place_ring(new)

    def tame_view(self, view: QAbstractItemView) -> None:
        if view.property(_TAMED):
            return
        view.setProperty(_TAMED, True)
        view.setTabKeyNavigation(False)
        view.installEventFilter(self._ctrl_tab)

    def _place_ring(self, widget: QWidget | None) -> None:
        if self._ring is None:
            self._ring = FocusRing()
            self._ring.setObjectName("focusRing")
            self._ring.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            # The frame lives among its widget's siblings: it goes when their window goes.
            self._ring.destroyed.connect(self._forget_ring)
        # A click shows where the focus went already; the ring is for focus moved otherwise
        # (Tab, a shortcut, a screen opening on its first field), like the web's :focus-visible.
        clicked = QGuiApplication.mouseButtons() != Qt.MouseButton.NoButton
        if widget is None or clicked or widget.isWindow() or _in_popup(widget):
            self._ring.set_widget(None)
            return
        self._ring.set_widget(widget)


    @Slot()
    def _forget_ring(self) -> None:
        self._ring = None


def _in_popup(widget: QWidget) -> bool:
    """Menus and the lists that drop down from combo boxes draw their own current item."""
    return widget.window().windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)


def install(app: QApplication) -> KeyboardConventions:
    """The application's conventions, installed on the first call only."""
    existing = app.findChild(KeyboardConventions, "keyboardConventions")
    return existing if existing is not None else KeyboardConventions(app)
