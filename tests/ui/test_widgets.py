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


def test_confirm_offers_yes_with_the_safe_answer_as_default(monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from ent_coach.ui.widgets import confirm

    asked = []

    def question(parent, title, text, buttons, default):
        asked.append((buttons, default))
        return QMessageBox.StandardButton.Yes if "oui" in text else default

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    yes, no, cancel = (
        QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Cancel,
    )  # fmt: skip
    assert confirm(None, "Titre", "Répondre oui ?") is True
    assert confirm(None, "Titre", "Répondre non ?") is False
    assert confirm(None, "Titre", "Annuler ?", no=cancel) is False
    assert asked == [(yes | no, no), (yes | no, no), (yes | cancel, cancel)]
