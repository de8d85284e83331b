"""pytest-qt tests of « Auto-évaluation »: a first sitting with the keyboard, the profile it
gives (chart, strengths, suggestions that open the quiz), and a second sitting prefilled."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ent_coach.ui.main_window import ASSESSMENT
from tests.ui.test_screens import create_profile


def _open(qtbot, window, wait_ops):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    wait_ops()
    page = window.assessment
    assert window.stack.currentWidget() is page
    return page


def test_a_first_sitting_gives_a_profile_with_suggestions(qtbot, app_window, wait_ops, no_dialogs) -> None:
    window, context = app_window
    create_profile(window, wait_ops)
    page = _open(qtbot, window, wait_ops)
    view = page.profile_view
    assert not view.chart.isVisible()
    assert "16 compétences du CRCN" in view.status.text()
    assert "Pix" in view.notice.text() and "adaptées" in view.notice.text()

    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page.form
    assert page.stack.currentWidget() is form
    assert form.title.text().startswith("1.1 ")
    assert not form.save.isEnabled()
    assert "Je sais" in form.descriptors[1].text()

    # Rate 1.1 at level 4 with a note, then the next competences with the keyboard.
    form.radios[4].click()
    form.evidence.setPlainText("Je suis l'actualité de l'éducation avec des flux RSS.")
    levels = {"1.2": 2, "1.3": 5, "2.1": 1}
    for competence, level in levels.items():
        qtbot.keyClick(form.radios[1], Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
        assert form.title.text().startswith(competence + " ")
        form.radios[level].click()
    # « Je ne sais pas » leaves the competence out.
    qtbot.keyClick(form.radios[1], Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    form.radios[0].click()
    assert "4 compétences évaluées sur 16" in form.progress.text()
    # Going back shows what was chosen.
    qtbot.keyClick(form.radios[1], Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert form.radios[1].isChecked() and form.title.text().startswith("2.1 ")

    qtbot.keyClick(form.radios[1], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_ops()
    # « Je ne sais pas » is an answer: 16 - 4 rated - 1 unsure are asked about, in one question.
    assert any("11 compétences ne sont pas évaluées" in seen for seen in no_dialogs)
    assert len(no_dialogs) == 1
    assert page.stack.currentWidget() is view

    history = context.assessment.history(context.require_profile())
    assert len(history) == 1
    assert history[0].levels == {"1.1": 4, **levels}
    assert history[0].ratings["2.2"].unsure  # « je ne sais pas » recorded as such
    assert history[0].ratings["1.1"].evidence.startswith("Je suis l'actualité")
    assert view.chart.isVisible()
    description = view.chart.accessibleDescription()
    assert "1. Information et données : 3,7" in description
    assert "3. Création de contenus : non évalué" in description
    html = view.details.text()
    assert "1.3 Traiter des données" in html.split("À travailler")[0]  # a strength
    assert "2.1 Interagir" in html.split("À travailler")[1]  # to work on
    assert "flux RSS" in html  # the note, in the detail table

    # A suggested quiz theme opens training on it in the quiz section.
    quiz_links = [part.split('"')[0] for part in html.split('href="quiz:')[1:]]
    assert quiz_links
    view.details.linkActivated.emit(f"quiz:{quiz_links[0]}")
    wait_ops()
    assert window.stack.currentWidget() is window.quiz
    assert window.quiz.attempt is not None and window.quiz.attempt.theme == quiz_links[0]


def test_a_second_sitting_is_prefilled_and_compared(qtbot, app_window, wait_ops, no_dialogs) -> None:
    window, context = app_window
    create_profile(window, wait_ops)
    page = _open(qtbot, window, wait_ops)
    page.start_new()
    page.form.radios[2].click()
    page.form._submit()
    wait_ops()
    page.start_new()
    form = page.form
    assert form.radios[2].isChecked()  # prefilled from the first sitting
    assert "préremplies" in form.intro.text()
    form.radios[5].click()
    form.save.click()
    wait_ops()
    view = page.profile_view
    assert view.compare.count() == 2 and view.compare.isEnabled()
    assert "(2,0 le " in view.chart.accessibleDescription()
    assert "Vous en avez fait 2" in view.status.text()
    assert "+3" in view.details.text()

    # Leaving a changed sitting asks first; the profile then shows again, unchanged.
    page.start_new()
    form.radios[1].click()
    form.cancel.click()
    assert any("Abandonner" in seen for seen in no_dialogs)
    assert page.stack.currentWidget() is view
    assert len(context.assessment.history(context.require_profile())) == 2


def test_a_new_profile_never_sees_the_previous_ones_profile(qtbot, app_window, wait_ops, no_dialogs) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    page = _open(qtbot, window, wait_ops)
    page.start_new()
    page.form.radios[3].click()
    page.form._submit()
    wait_ops()
    assert page.profile_view.chart.isVisible()
    window.switch_profile()
    create_profile(window, wait_ops, name="Noé")
    window.show_section(ASSESSMENT)
    wait_ops()
    assert not page.profile_view.chart.isVisible()
    assert "Commencer" in page.profile_view.start_button.text()


def _start_at(qtbot, window, wait_ops, size: tuple[int, int]):
    window.resize(*size)
    page = _open(qtbot, window, wait_ops)
    page.start_new()
    qtbot.waitUntil(lambda: page.form.isVisible())
    return page.form


def _fully_in_view(widget, window) -> bool:
    """Visible without scrolling: inside the window and in no scroll area."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QAbstractScrollArea

    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return False
        parent = parent.parentWidget()
    top_left = widget.mapTo(window, widget.rect().topLeft())
    return widget.isVisible() and window.rect().contains(QRect(top_left, widget.size()))


def test_navigation_note_and_save_stay_in_view_at_1024_by_700(qtbot, app_window, wait_ops, no_dialogs) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    form = _start_at(qtbot, window, wait_ops, (1024, 700))
    qtbot.wait(50)  # once laid out, Niveau 1 has the focus and the title is still in view
    assert form.radios[1].hasFocus() and form.scroll.verticalScrollBar().value() == 0
    for _ in range(3):
        for widget in (form.previous, form.next, form.save, form.evidence):
            assert _fully_in_view(widget, window), widget.text() if hasattr(widget, "text") else "note"
        form.scroll.verticalScrollBar().setValue(form.scroll.verticalScrollBar().maximum())
        form.next.click()
        assert form.scroll.verticalScrollBar().value() == 0  # each competence from its top

    # Whole competence names: a name wider than its column takes two lines, none is cut.
    column = form.tree.columnWidth(0)
    metrics = form.tree.fontMetrics()
    wrapped = 0
    for item in form._competence_items():
        if metrics.horizontalAdvance(item.text(0)) > column - 12:
            assert form.tree.visualItemRect(item).height() >= 2 * metrics.lineSpacing(), item.text(0)
            wrapped += 1
    assert wrapped  # « 2.4 S'insérer dans le monde professionnel » at least, at this width


def test_the_keyboard_lands_on_niveau_1_or_the_chosen_level_for_each_competence(
    qtbot, app_window, wait_ops, no_dialogs
) -> None:
    from PySide6.QtWidgets import QApplication

    window, _context = app_window
    create_profile(window, wait_ops)
    form = _start_at(qtbot, window, wait_ops, (1024, 700))
    assert QApplication.focusWidget() is form.radios[1]
    # ↓ ↓ then Espace chooses Niveau 3; Entrée goes on, with the keyboard on Niveau 1.
    qtbot.keyClick(form.radios[1], Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert form.radios[3].isChecked()
    qtbot.keyClick(form.radios[3], Qt.Key.Key_Return)
    assert form.title.text().startswith("1.2 ")
    assert QApplication.focusWidget() is form.radios[1]
    # Back with the list: Tab from it lands on the level chosen there, or on Niveau 1.
    form.tree.setFocus()
    qtbot.keyClick(form.tree, Qt.Key.Key_Up)
    assert form.title.text().startswith("1.1 ")
    qtbot.keyClick(form.tree, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.radios[3]
    form.tree.setFocus()
    qtbot.keyClick(form.tree, Qt.Key.Key_Down)
    qtbot.keyClick(form.tree, Qt.Key.Key_Down)
    assert form.title.text().startswith("1.3 ")
    qtbot.keyClick(form.tree, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.radios[1]
    # From a level, Tab goes to the note, then to the navigation.
    qtbot.keyClick(form.radios[1], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.evidence


def test_a_note_with_je_ne_sais_pas_is_saved_and_shown(qtbot, app_window, wait_ops, no_dialogs) -> None:
    window, context = app_window
    create_profile(window, wait_ops)
    page = _open(qtbot, window, wait_ops)
    page.start_new()
    form = page.form
    form.radios[2].click()
    while not form.title.text().startswith("3.4 "):
        form.next.click()
    form.radios[0].click()
    form.evidence.setPlainText("Jamais programmé, à voir en stage.")
    form.save.click()
    wait_ops()
    (sitting,) = context.assessment.history(context.require_profile())
    assert sitting.ratings["3.4"].unsure
    assert sitting.ratings["3.4"].evidence == "Jamais programmé, à voir en stage."
    assert "à voir en stage" in page.profile_view.details.text()
    # One question (the competences left out), then the profile says it is saved: no second box.
    assert len(no_dialogs) == 1 and "ne sont pas évaluées" in no_dialogs[0]
    assert page.profile_view.saved_notice.isVisible()
    assert "enregistrée" in page.profile_view.saved_notice.text()
    # Prefilled next time, note included.
    page.start_new()
    while not form.title.text().startswith("3.4 "):
        form.next.click()
    assert form.radios[0].isChecked() and "stage" in form.evidence.toPlainText()
