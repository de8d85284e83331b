"""pytest-qt tests of « Parcours » and the home page's « Continuer »: the catalogue by role,
following, step states, each kind of step opened in its own section, activity checklists,
reviews due and the guided welcome."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from ent_coach.domain.pathways import StepKind, StepState
from ent_coach.domain.quiz.attempts import QuizMode
from ent_coach.domain.taxonomy import Role
from ent_coach.ui.main_window import HOME, PATHWAYS
from tests.ui.test_screens import create_profile

ECOLE = "l-ent-a-l-ecole"  # sequential: tutorial, tutorial, scenario, …
FAMILLES = "associer-les-familles"  # free order, with an activity


def _open_section(qtbot, window, wait_ops):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    wait_ops()
    page = window.pathways
    assert window.stack.currentWidget() is page
    return page


def _follow(window, wait_ops, pathway_id: str):
    page = window.pathways
    window.open_pathway(pathway_id)
    wait_ops()
    assert page.currentWidget() is page.view and page.view.pathway_id == pathway_id
    if not page.view.overview.followed:
        page.view.follow_button.click()
        wait_ops()
    assert page.view.overview.followed
    return page


def _state_text(view, step_id: str) -> str:
    item = view.step_item(step_id)
    assert item is not None
    return item.text(4)


def test_catalogue_shows_the_role_first_and_filters(qtbot, app_window, wait_ops) -> None:
    window, context = app_window
    create_profile(window, wait_ops)  # stagiaire du 2nd degré
    page = _open_section(qtbot, window, wait_ops)
    catalogue = page.catalogue
    shown = catalogue.shown_ids()
    every = context.pathways.pathways()
    assert shown[0] == "premiers-pas-dans-l-ent"  # recommended for the role
    assert all(Role.STAGIAIRE_2D in context.pathways.pathway(pid).roles for pid in shown)
    assert len(shown) < len(every)
    html = catalogue.list.item(0).data(Qt.ItemDataRole.UserRole + 10)
    assert "Recommandé pour vous" in html and "environ 2 h 15" in html
    catalogue.filter_combo.setCurrentIndex(1)  # Tous les publics
    assert len(catalogue.shown_ids()) == len(every)
    # Entrée opens the current pathway.
    catalogue.list.setCurrentRow(0)
    catalogue.list.setFocus()
    qtbot.keyClick(catalogue.list, Qt.Key.Key_Return)
    wait_ops()
    assert page.currentWidget() is page.view
    assert page.view.follow_button.text().replace("&", "") == "Suivre ce parcours"


def test_following_shows_states_and_locks_in_order(qtbot, app_window, wait_ops) -> None:
    window, context = app_window
    create_profile(window, wait_ops)
    page = _follow(window, wait_ops, ECOLE)
    view = page.view
    assert "0 étape sur 9" in view.progress_label.text() and "restantes" in view.progress_label.text()
    assert "À faire" in _state_text(view, "decouvrir-l-ent")
    assert "À venir" in _state_text(view, "comptes")
    assert "terminez d'abord" in view.step_item("comptes").toolTip(4)
    # A locked step does not open: it says why.
    assert not view.open_step("blog")
    assert "vient plus tard" in view.status.text()

    profile = context.require_profile()
    context.library.complete_tutorial(profile, "qu-est-ce-qu-un-ent")
    context.library.open_tutorial(profile, "connexion-et-comptes")
    window.show_section(HOME)
    wait_ops()
    window.show_section(PATHWAYS)  # coming back recomputes the progress
    wait_ops()
    assert "Terminé" in _state_text(view, "decouvrir-l-ent")
    assert "En cours" in _state_text(view, "comptes")
    assert "À venir" in _state_text(view, "scenario-codes")
    assert "1 étape sur 9" in view.progress_label.text()
    assert view.progress.next_step.step.id == "comptes"

    # « Ne plus suivre » keeps the progress; the catalogue shows it no longer followed.
    view.follow_button.click()
    wait_ops()
    assert not view.overview.followed
    assert view.overview.progress.done_count == 1


def test_continue_on_the_pathway_page_opens_the_next_step(qtbot, app_window, wait_ops) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    page = _follow(window, wait_ops, ECOLE)
    page.view.focus_default()
    assert page.view.continue_button.hasFocus()
    qtbot.keyClick(page.view.continue_button, Qt.Key.Key_Return)
    wait_ops()
    assert window.stack.currentWidget() is window.reader
    assert window.reader.tutorial.id == "qu-est-ce-qu-un-ent"


@pytest.mark.parametrize(
    ("pathway_id", "step_id", "kind"),
    [
        (ECOLE, "decouvrir-l-ent", StepKind.TUTORIAL),
        (ECOLE, "quiz-droit-image", StepKind.QUIZ_THEME),
        ("devenir-personne-ressource", "evaluation", StepKind.QUIZ_ASSESSMENT),
        (ECOLE, "scenario-codes", StepKind.SCENARIO),
        ("premiers-pas-dans-l-ent", "se-positionner", StepKind.SELF_ASSESSMENT),
        (FAMILLES, "pratique-informer", StepKind.PRACTICE),
        (FAMILLES, "plan-familles", StepKind.ACTIVITY),
    ],
)
def test_each_kind_of_step_opens_in_its_section(
    qtbot, app_window, wait_ops, no_dialogs, pathway_id: str, step_id: str, kind: StepKind
) -> None:
    window, context = app_window
    create_profile(window, wait_ops)
    step = context.pathways.pathway(pathway_id).step(step_id)
    assert step is not None and step.kind is kind
    window.open_step(pathway_id, step_id)
    wait_ops()
    match kind:
        case StepKind.TUTORIAL:
            assert window.stack.currentWidget() is window.reader
            assert window.reader.tutorial.id == step.reference
        case StepKind.QUIZ_THEME:
            assert window.stack.currentWidget() is window.quiz
            assert window.quiz.attempt.mode is QuizMode.TRAINING
            assert window.quiz.attempt.theme == step.reference
        case StepKind.QUIZ_ASSESSMENT:
            assert window.stack.currentWidget() is window.quiz
            assert window.quiz.attempt.mode is QuizMode.ASSESSMENT
        case StepKind.SCENARIO:
            assert window.stack.currentWidget() is window.sandbox
            assert window.sandbox.sitting.ref_id == step.reference
        case StepKind.SELF_ASSESSMENT:
            assert window.stack.currentWidget() is window.assessment
            assert window.assessment.stack.currentWidget() is window.assessment.form
        case StepKind.PRACTICE:
            assert window.stack.currentWidget() is window.practices
            assert window.practices.current_id() == step.reference
            # Displayed means read: the step is done once the pathway is followed.
            _follow(window, wait_ops, pathway_id)
            assert window.pathways.view.progress.of(step_id).state is StepState.DONE
        case StepKind.ACTIVITY:
            assert window.stack.currentWidget() is window.pathways
            dialog = window.pathways.activity_dialog
            assert dialog is not None and dialog.step.id == step_id and dialog.isVisible()
            dialog.reject()
    assert not [seen for seen in no_dialogs if "erreur" in seen.lower()]


def test_ticking_an_activity_updates_the_pathway_at_once(qtbot, app_window, wait_ops) -> None:
    window, context = app_window
    create_profile(window, wait_ops)
    page = _follow(window, wait_ops, FAMILLES)
    before = page.view.progress_label.text()
    page.view.open_step("plan-familles")  # emits stepRequested, routed by the window
    wait_ops()
    dialog = page.activity_dialog
    assert dialog is not None
    boxes = list(dialog.boxes.values())
    boxes[0].setChecked(True)
    wait_ops()
    assert "En cours" in _state_text(page.view, "plan-familles")
    for box in boxes[1:]:
        box.setChecked(True)
        wait_ops()
    assert "Terminé" in _state_text(page.view, "plan-familles")
    assert page.view.progress_label.text() != before
    assert "1 étape sur 8" in page.view.progress_label.text()
    dialog.note_edit.setPlainText("Réunion de rentrée : présenter l'ENT aux parents.")
    dialog.reject()  # Échap or « Fermer » saves the note
    wait_ops()
    profile = context.require_profile()
    assert context.pathways.note(profile, FAMILLES, "plan-familles").startswith("Réunion de rentrée")
    # Unticking is saved too: the step is no longer done.
    page.open_activity(FAMILLES, "plan-familles")
    wait_ops()
    page.activity_dialog.boxes[next(iter(page.activity_dialog.boxes))].setChecked(False)
    wait_ops()
    assert "En cours" in _state_text(page.view, "plan-familles")
    page.activity_dialog.reject()
    wait_ops()


def test_a_note_too_long_keeps_the_dialog_open(qtbot, app_window, wait_ops) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    page = _follow(window, wait_ops, FAMILLES)
    page.open_activity(FAMILLES, "plan-familles")
    wait_ops()
    dialog = page.activity_dialog
    dialog.note_edit.setPlainText("x" * 2001)
    dialog.reject()
    assert dialog.isVisible()
    assert "trop longue" in dialog.error.text()
    dialog.note_edit.setPlainText("Courte.")
    dialog.reject()
    wait_ops()
    assert page.activity_dialog is None


def test_home_offers_the_recommended_pathway_then_continues_it(qtbot, app_window, wait_ops) -> None:
    window, context = app_window
    create_profile(window, wait_ops)
    home = window.home
    wait_ops()
    assert home.pathway_data is not None and not home.pathway_data.followed
    assert home.next_title.text() == context.pathways.pathway("premiers-pas-dans-l-ent").title
    assert home.next_button.text().replace("&", "") == "Suivre ce parcours"
    home.next_button.click()
    wait_ops()
    assert window.stack.currentWidget() is window.pathways
    assert window.pathways.view.pathway_id == "premiers-pas-dans-l-ent"
    assert window.pathways.view.overview.followed

    window.show_section(HOME)
    wait_ops()
    first = context.pathways.pathway("premiers-pas-dans-l-ent").steps[0]
    assert home.next_title.text() == first.title
    assert "étape 1 sur 10" in home.next_context.text()
    assert len(home.followed_rows) == 1
    assert "0 étape sur 10" in home.followed_rows[0][2].text()
    home.welcome.dismiss_button.click()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    home.next_button.setFocus()
    qtbot.keyClick(home.next_button, Qt.Key.Key_Return)  # Entrée continues
    wait_ops()
    assert window.stack.currentWidget() is window.assessment
    assert window.assessment.stack.currentWidget() is window.assessment.form


def test_home_shows_quiz_items_due_and_starts_the_review(
    qtbot, app_window, wait_ops, monkeypatch, no_dialogs
) -> None:
    window, context = app_window
    create_profile(window, wait_ops)
    profile = context.require_profile()
    service = context.quiz
    attempt = service.start(profile, QuizMode.TRAINING, theme="droit-image", seed=3, cbm=False)
    items = service.items_of(attempt)
    for position, item in enumerate(items):
        response = list(item.correct_response)
        if position < 2:  # two missed: they come back for review
            response = (
                list(reversed(item.correct_response)) if item.is_ordering
                else [next(k for k in item.keys if k not in item.correct_response)]
            )  # fmt: skip
        service.answer(profile, attempt, position, response)
    service.finish(profile, attempt.id)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    monkeypatch.setattr("ent_coach.ui.home._today", lambda: tomorrow)
    monkeypatch.setattr("ent_coach.ui.quiz.page._today", lambda: tomorrow)
    later = dt.datetime.now().astimezone().replace(microsecond=0) + dt.timedelta(days=1)
    monkeypatch.setattr("ent_coach.services.quiz._now", lambda: later)
    window.show_section(HOME)
    wait_ops()
    home = window.home
    assert home.pathway_data.due_reviews >= 2
    assert "questions du quiz à revoir" in home.review_label.text()
    assert home.review_button.isEnabled()
    home.review_button.click()
    wait_ops()
    assert window.stack.currentWidget() is window.quiz
    assert not no_dialogs
    assert window.quiz.attempt is not None and window.quiz.attempt.mode is QuizMode.REVIEW


def test_guided_welcome_shows_once_and_escape_hides_it(qtbot, app_window, wait_ops) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    home = window.home
    assert home.welcome.isVisible()
    assert "Camille" in home.welcome.title.text()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    home.welcome.dismiss_button.setFocus()
    qtbot.keyClick(home.welcome.dismiss_button, Qt.Key.Key_Escape)
    assert not home.welcome.isVisible()
    home.refresh()
    wait_ops()
    assert not home.welcome.isVisible()
    # Another profile still gets it.
    window.switch_profile()
    create_profile(window, wait_ops, name="Dominique")
    assert home.welcome.isVisible()


def test_long_step_titles_wrap_in_a_small_window(qtbot, app_window, wait_ops) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    window.show()
    qtbot.waitExposed(window)
    page = _follow(window, wait_ops, "premiers-pas-dans-l-ent")
    steps = page.view.steps
    longest = max(
        (steps.topLevelItem(row) for row in range(steps.topLevelItemCount())),
        key=lambda item: len(item.text(1)),
    )
    window.resize(1400, 800)
    qtbot.waitUntil(lambda: steps.header().sectionSize(1) > 500)
    one_line = steps.visualItemRect(longest).height()
    window.resize(800, 560)
    qtbot.waitUntil(lambda: steps.header().sectionSize(1) < 300)
    qtbot.waitUntil(lambda: steps.visualItemRect(longest).height() >= 2 * one_line - 4)
    # Wider again: back to one line.
    window.resize(1400, 800)
    qtbot.waitUntil(lambda: steps.visualItemRect(longest).height() == one_line)
