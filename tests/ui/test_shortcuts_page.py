"""« Raccourcis clavier » (F1): every shortcut of the main window and its sections is listed,
described and grouped by section; the list has no entry for a shortcut that does not exist."""

from __future__ import annotations

from html import unescape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ent_coach.ui import qt_french
from ent_coach.ui.coaching.dashboard import DashboardView
from ent_coach.ui.main_window import (
    ABOUT,
    ASSESSMENT,
    LIBRARY,
    MY_DATA,
    PATHWAYS,
    PRACTICES,
    QUIZ,
    SANDBOX,
    SEANCES,
    SEARCH,
    SETTINGS,
)
from ent_coach.ui.shortcuts_page import DESCRIPTIONS, live_shortcuts, native_keys, owner_of
from tests.ui.test_screens import create_profile


def _shown_text(window) -> str:
    return unescape(window.shortcuts_page.table.text())


def test_f1_lists_every_shortcut_of_every_section(qtbot, app_window, wait_ops) -> None:
    window, _context = app_window
    qt_french.install(QApplication.instance())  # as the application does: « Maj », « Échap »
    create_profile(window, wait_ops)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    wait_ops()
    page = window.shortcuts_page
    assert window.stack.currentWidget() is page and page.scroll.hasFocus()
    listed_before = {(entry.owner, entry.keys) for entry in page.entries}
    # Every screen built, as after a long session, a séance's dashboard included.
    for key in (PATHWAYS, LIBRARY, QUIZ, SANDBOX, ASSESSMENT, PRACTICES, SEANCES, SEARCH, MY_DATA, SETTINGS):
        window.show_section(key)
    window.reader  # noqa: B018  (built on first use)
    DashboardView(window.coaching, question_lookup=lambda _item: None)
    window.show_shortcuts()
    wait_ops()
    shown = _shown_text(window)
    entries = {(entry.owner, entry.keys): entry for entry in page.entries}

    live = live_shortcuts(window)
    assert len(live) > 40
    for holder, keys in live:
        entry = entries[(owner_of(holder), keys)]
        assert entry.description, f"{entry.owner} {keys}: no description in the F1 list"
        assert native_keys(keys) in shown and entry.description in shown
    # Nothing listed that the application does not have.
    found = {(owner_of(holder), keys) for holder, keys in live}
    assert set(DESCRIPTIONS) - found == set()
    # Before the sections were built, the same list (from the descriptions).
    assert listed_before == set(entries)

    # Grouped by section, with the section's words.
    assert "<h3>Partout</h3>" in window.shortcuts_page.table.text()
    for words in ("Aller à « Quiz juridique »", "Changer de profil", "Tutoriel suivant",
                  "Vérifier le scénario", "Compétence suivante", "Quitter le mode projection"):  # fmt: skip
        assert words in shown, words
    assert "Ctrl+Maj+P" in shown and "Entrée" in shown and "Retour" not in shown


def test_the_list_opens_from_about_and_from_the_profile_menu(qtbot, app_window, wait_ops) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    window.show_section(ABOUT)
    window.about.shortcuts_button.click()
    wait_ops()
    assert window.stack.currentWidget() is window.shortcuts_page
    window.show_section(ABOUT)
    assert window.shortcuts_action in window.profile_button.menu().actions()
    window.shortcuts_action.trigger()
    wait_ops()
    assert window.stack.currentWidget() is window.shortcuts_page
