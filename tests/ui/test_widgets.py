"""Small shared widgets: the error red follows the theme, scoped shortcuts stay scoped."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget

from ent_coach.ui.theme import apply_theme
from ent_coach.ui.widgets import ERROR_RED_DARK, ERROR_RED_LIGHT, error_label, scoped_shortcut


def test_the_error_red_follows_the_theme(qtbot) -> None:
    app = QApplication.instance()
    parent = QWidget()
    qtbot.addWidget(parent)
    label = error_label(parent)
    try:
        apply_theme(app, theme="clair", text_scale=100)
        assert ERROR_RED_LIGHT in label.styleSheet()
        apply_theme(app, theme="sombre", text_scale=100)
        qtbot.waitUntil(lambda: ERROR_RED_DARK in label.styleSheet())
        assert error_label(parent).styleSheet() == label.styleSheet()
    finally:
        apply_theme(app, theme="clair", text_scale=100)
    qtbot.waitUntil(lambda: ERROR_RED_LIGHT in label.styleSheet())


def test_a_scoped_shortcut_works_only_in_its_widget(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    target = QPushButton("Cible", window)
    other = QPushButton("Autre", window)
    layout = QVBoxLayout(window)
    layout.addWidget(target)
    layout.addWidget(other)
    fired: list[str] = []
    shortcut = scoped_shortcut("Ctrl+J", target, lambda: fired.append("j"), Qt.ShortcutContext.WidgetShortcut)
    assert shortcut.context() is Qt.ShortcutContext.WidgetShortcut
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    other.setFocus()
    qtbot.keyClick(other, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert fired == []
    target.setFocus()
    qtbot.keyClick(target, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert fired == ["j"]
