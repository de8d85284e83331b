"""pytest-qt tests of the application-wide keyboard conventions: Tab leaves every list and table
in one press (arrows still move inside), Ctrl+Tab is not swallowed, and the focus ring."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)

from ent_coach.ui.keyboard import KeyboardConventions
from ent_coach.ui.main_window import LIBRARY, QUIZ
from ent_coach.ui.theme import _dark_palette, _light_palette, focus_ring_colour
from tests.ui.test_screens import create_profile


def _inside(widget: QWidget | None, view: QWidget) -> bool:
    while widget is not None:
        if widget is view:
            return True
        widget = widget.parentWidget()
    return False


def _leaves_in_one_press(qtbot, view: QAbstractItemView) -> None:
    view.setFocus()
    assert QApplication.focusWidget() is view
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Down)  # arrows still move inside the view
    assert view.currentIndex().row() == 1 and QApplication.focusWidget() is view
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert not _inside(QApplication.focusWidget(), view), view.accessibleName()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert not _inside(QApplication.focusWidget(), view), view.accessibleName()


def _activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_tab_leaves_the_library_the_quiz_tables_and_the_pathway_steps(qtbot, app_window, wait_ops) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    _activate(qtbot, window)

    window.show_section(LIBRARY)
    wait_ops()
    assert window.library.view.model().rowCount() > 20
    _leaves_in_one_press(qtbot, window.library.view)

    window.show_section(QUIZ)
    wait_ops()
    home = window.quiz.home
    assert home.themes.rowCount() > 2
    _leaves_in_one_press(qtbot, home.themes)
    home.tabs.setCurrentIndex(3)
    history = home.history
    history.setRowCount(3)  # as after three attempts: each cell a stop for Qt's default Tab
    for row in range(3):
        for column in range(history.columnCount()):
            history.setItem(row, column, QTableWidgetItem(f"{row}-{column}"))
    _leaves_in_one_press(qtbot, history)

    window.open_pathway("premiers-pas-dans-l-ent")
    wait_ops()
    steps = window.pathways.view.steps
    assert steps.topLevelItemCount() > 2
    _leaves_in_one_press(qtbot, steps)


def test_ctrl_tab_reaches_the_tabs_around_a_table_or_leaves_the_view(qtbot, app_window, wait_ops) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    _activate(qtbot, window)
    window.show_section(QUIZ)
    wait_ops()
    home = window.quiz.home
    home.tabs.setCurrentIndex(0)
    home.themes.setFocus()
    qtbot.keyClick(home.themes, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert home.tabs.currentIndex() == 1  # the quiz's tabs changed, as Ctrl+Tab promises

    window.show_section(LIBRARY)
    wait_ops()
    view = window.library.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert not _inside(QApplication.focusWidget(), view)


def test_the_focus_ring_follows_the_keyboard_in_both_themes(qtbot, app_window, wait_ops) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    _activate(qtbot, window)
    conventions = QApplication.instance().findChild(KeyboardConventions)
    button = next(b for b in window.home.findChildren(QPushButton) if b.isVisible() and b.isEnabled())
    button.setFocus(Qt.FocusReason.TabFocusReason)
    ring = conventions.ring
    assert ring is not None and ring.isVisible() and ring.widget() is button
    # The ring lies just outside the button and is painted in the theme's focus colour.
    placed = QRect(button.mapTo(ring.parentWidget(), QPoint(0, 0)), button.size())
    assert ring.geometry() == placed.adjusted(-2, -2, 2, 2)
    image = ring.grab().toImage()
    assert image.pixelColor(0, image.height() // 2) == focus_ring_colour(QApplication.palette())
    window.sidebar.setFocus()
    assert ring.widget() is window.sidebar


def test_the_focus_ring_is_not_clipped_by_a_container_without_margins(qtbot, app_window, wait_ops) -> None:
    """A level of the self-assessment sits at the very edge of its box: its whole ring shows."""
    window, _context = app_window
    create_profile(window, wait_ops)
    _activate(qtbot, window)
    window.show_section("auto-evaluation")
    wait_ops()
    window.assessment.start_new()
    form = window.assessment.form
    qtbot.waitUntil(form.radios[1].hasFocus)
    ring = QApplication.instance().findChild(KeyboardConventions).ring
    assert ring.widget() is form.radios[1] and ring.isVisible()
    host = ring.parentWidget()
    assert not form.levels_box.isAncestorOf(host)  # above the box that would clip it
    visible = ring.visibleRegion().boundingRect()
    assert visible.size() == ring.size()  # all four sides
    # Placed on the radio, and moved with it when the levels scroll.
    def expected() -> QRect:
        return QRect(form.radios[1].mapTo(host, QPoint(0, 0)), form.radios[1].size()).adjusted(-2, -2, 2, 2)

    assert ring.geometry() == expected()
    form.scroll.verticalScrollBar().setValue(40)
    assert ring.geometry() == expected()


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def _contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_focus_ring_contrasts_with_its_backgrounds_in_both_themes(qtbot) -> None:
    from PySide6.QtGui import QPalette

    for palette in (_light_palette(), _dark_palette()):
        ring = focus_ring_colour(palette)
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase):
            assert _contrast(ring, palette.color(role)) >= 3.0, (ring.name(), role)
