"""pytest-qt tests driving the real screens: first run, reading, completing, notes, search."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ent_coach.domain.taxonomy import Role
from ent_coach.domain.tutorials import TutorialStatus
from ent_coach.ui.library import TUTORIAL_ID_ROLE
from tests.ui.mnemonics import shared_alt_letters
from tests.ui.reading import read_to_the_end


def create_profile(window, wait_ops, *, name: str = "Camille", pin: str = "") -> None:
    form = window.welcome.form
    form.name_edit.setText(name)
    form.role_combo.setCurrentIndex(form.role_combo.findData(Role.STAGIAIRE_2D.value))
    form.pin_edit.setText(pin)
    form.pin_confirm.setText(pin)
    window.welcome.create_button.click()
    wait_ops()


def test_first_run_shows_welcome_then_creates_profile(app_window, wait_ops) -> None:
    window, context = app_window
    assert window.stack.currentWidget() is window.welcome
    assert not window.side.isVisible()
    create_profile(window, wait_ops)
    assert context.profile is not None and context.profile.display_name == "Camille"
    assert context.profile.role is Role.STAGIAIRE_2D
    assert window.stack.currentWidget() is window.home
    wait_ops()
    assert "Camille" in window.home.greeting.text()
    assert f"0 tutoriel terminé sur {len(context.tutorials)}" in window.home.completed_label.text()


def test_profile_form_reports_problems_in_french(app_window, wait_ops) -> None:
    window, context = app_window
    create_profile(window, wait_ops, name="   ")
    assert context.profile is None
    assert "nom affiché est vide" in window.welcome.form.error.text()
    form = window.welcome.form
    form.name_edit.setText("Dominique")
    form.pin_edit.setText("1234")
    form.pin_confirm.setText("1243")
    window.welcome.create_button.click()
    wait_ops()
    assert "différents" in form.error.text()
    form.pin_edit.setText("12")
    form.pin_confirm.setText("12")
    window.welcome.create_button.click()
    wait_ops()
    assert "4 à 8 chiffres" in form.error.text()
    assert context.profile is None


def test_open_tutorial_from_library_mark_done_and_note(app_window, wait_ops, qtbot) -> None:
    window, context = app_window
    create_profile(window, wait_ops)
    window.show_section("tutoriels")
    wait_ops()
    first_index = window.library.proxy.index(0, 0)
    tutorial_id = first_index.data(TUTORIAL_ID_ROLE)
    window.library.view.activated.emit(first_index)
    wait_ops()
    assert window.stack.currentWidget() is window.reader
    assert window.reader.tutorial is not None and window.reader.tutorial.id == tutorial_id
    assert context.library.tutorial(tutorial_id).title in window.reader.browser.toPlainText()
    assert window.reader.toc.count() >= 7  # six sections + sources

    read_to_the_end(window.reader)

    window.reader.complete_button.click()
    wait_ops()
    assert not window.reader.complete_button.isEnabled()
    states = context.library.states(context.profile)
    assert states[tutorial_id].status == TutorialStatus.COMPLETED

    # QTest types ASCII keys only; the accented end is inserted as an input method would.
    qtbot.keyClicks(window.reader.notes, "Relire avant la rentr")
    window.reader.notes.insertPlainText("ée")
    qtbot.waitUntil(lambda: window.reader.notes_status.text() == "Note enregistrée", timeout=5000)
    note = context.library.note(context.profile, tutorial_id)
    assert note is not None and note.text == "Relire avant la rentrée"

    window.show_section("tutoriels")
    wait_ops()
    status_combo = window.library.status_combo
    status_combo.setCurrentIndex(status_combo.findData(TutorialStatus.COMPLETED))
    assert window.library.proxy.rowCount() == 1
    assert window.library.proxy.index(0, 0).data(TUTORIAL_ID_ROLE) == tutorial_id


def test_search_is_accent_insensitive_and_opens_at_match(app_window, wait_ops, qtbot) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.search
    window.search.query_edit.setText("securite")
    with qtbot.waitSignal(window.search.resultsShown, timeout=5000) as shown:
        window.search.run_search()
    assert shown.args[0] > 0
    results = window.search.results
    hit = results.item(results.first_result_row()).data(Qt.ItemDataRole.UserRole)
    assert "sécurité" in hit.snippet.lower() or "securite" in hit.snippet.lower()
    qtbot.keyClick(window.search.query_edit, Qt.Key.Key_Return)
    wait_ops()
    assert window.stack.currentWidget() is window.reader
    assert window.reader.tutorial.id == hit.id
    selected = window.reader.browser.textCursor().selectedText().lower()
    assert selected in ("sécurité", "securite")


def test_internal_link_opens_other_tutorial_and_external_link_asks(app_window, wait_ops, no_dialogs, monkeypatch) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    window, _context = app_window
    create_profile(window, wait_ops)
    window.open_tutorial("blog-de-classe")
    wait_ops()
    window.reader.browser.anchorClicked.emit(QUrl("tutoriel:droit-a-l-image-et-oeuvres-des-eleves"))
    wait_ops()
    assert window.reader.tutorial.id == "droit-a-l-image-et-oeuvres-des-eleves"
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toString())))
    window.reader.browser.anchorClicked.emit(QUrl("https://www.cnil.fr/"))
    assert opened == ["https://www.cnil.fr/"]
    assert any("lien externe" in text.lower() for text in no_dialogs)


def test_pdf_export_writes_a_pdf(app_window, wait_ops, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    window, _context = app_window
    create_profile(window, wait_ops)
    window.open_tutorial("rgpd-les-bases")
    wait_ops()
    target = tmp_path / "fiche"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.reader.pdf_button.click()
    pdf = tmp_path / "fiche.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_size > 10_000


def test_dark_theme_and_text_size_apply(app_window, wait_ops) -> None:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    window, _context = app_window
    create_profile(window, wait_ops)
    window.show_section("reglages")
    before = QApplication.font().pointSizeF()
    dark_button = next(b for b in window.settings_page.theme_group.buttons() if b.property("theme") == "sombre")
    dark_button.setChecked(True)
    assert QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
    window.settings_page.text_scale.setValue(150)
    assert QApplication.font().pointSizeF() > before
    light_button = next(b for b in window.settings_page.theme_group.buttons() if b.property("theme") == "clair")
    light_button.setChecked(True)
    window.settings_page.text_scale.setValue(100)
    assert QApplication.palette().color(QPalette.ColorRole.Base).lightness() > 128


def test_every_section_opens_from_its_shortcut_and_the_sidebar(qtbot, app_window, wait_ops) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    keys = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5,
            Qt.Key.Key_6, Qt.Key.Key_7, Qt.Key.Key_8, Qt.Key.Key_9, Qt.Key.Key_0]  # fmt: skip
    # Rows with a Ctrl+digit shortcut, in the sidebar's order (« Recherche » has Ctrl+K).
    rows = [row for row in range(window.sidebar.count())
            if "Ctrl+" in window.sidebar.item(row).toolTip()
            and "Ctrl+K" not in window.sidebar.item(row).toolTip()]  # fmt: skip
    assert len(rows) == len(keys)
    seen = []
    for row, key in zip(rows, keys, strict=True):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        wait_ops()
        assert window.sidebar.currentRow() == row
        seen.append(window.stack.currentWidget())
        window.activateWindow()
    assert len(set(map(id, seen))) == len(keys)  # ten different pages
    seances = next(row for row in range(window.sidebar.count()) if window.sidebar.item(row).text() == "Séances")
    window.sidebar.setCurrentRow(seances)
    wait_ops()
    assert window.stack.currentWidget() is window.coaching
    window.sidebar.setCurrentRow(window.sidebar.count() - 1)
    wait_ops()
    assert window.stack.currentWidget() is window.about


def test_no_section_shares_an_alt_letter_between_two_visible_controls(
    qtbot, app_window, wait_ops
) -> None:
    """A shared Alt+letter only moves the focus between its controls (Alt+C on the quiz's
    home never started the training, Alt+N on the practices never made a new one)."""
    window, _context = app_window
    create_profile(window, wait_ops)
    window.show()
    qtbot.waitExposed(window)
    shared = {}
    for row in range(window.sidebar.count()):
        window.sidebar.setCurrentRow(row)
        wait_ops()
        letters = shared_alt_letters(window)
        if letters:
            shared[window.sidebar.item(row).text()] = letters
    assert shared == {}
