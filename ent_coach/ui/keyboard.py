"""Keyboard conventions applied to the whole application from one place.

- Tab and Maj+Tab leave any list, table or tree in one press: arrows move inside a view, Tab
  moves between controls (Qt's tables walk cell by cell by default: leaving the library took
  more than a hundred presses). Ctrl+Tab is no longer swallowed by a view either: it reaches
  the tabbed pane around it, else it leaves the view like Tab.
- A focus ring, drawn around the control that has the keyboard focus, in a colour that stands
  out in both themes (Fusion's own indicator is a faint outline).

Both follow ``QApplication.focusChanged``, so every view and control, present or future, in the
main window or in a dialog, is covered without any per-screen code.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QGuiApplication, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFocusFrame, QWidget

from ent_coach.ui.theme import focus_ring_colour

_TAMED = "_entCoachTabLeaves"  # dynamic property: the view already follows the conventions


class FocusRing(QFocusFrame):
    """Qt's focus frame (a ring just outside the focused widget, following it as it moves),
    painted in the focus colour of the current palette rather than in the style's."""

    def paintEvent(self, _event: QPaintEvent) -> None:
        # The frame's mask leaves only a ring of the style's focus-frame margin (2 px) around
        # the widget: filling the whole rectangle paints just that ring.
        painter = QPainter(self)
        painter.fillRect(self.rect(), focus_ring_colour(QApplication.palette()))


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
            self._ring.setWidget(None)  # type: ignore[arg-type]
            self._ring.hide()
            return
        self._ring.setWidget(widget)
        self._ring.show()


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
