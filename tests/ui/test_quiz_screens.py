"""pytest-qt tests of the quiz, driven with the keyboard only: a training run with feedback
and a retry, a seeded assessment, the results, the review of answers, resuming."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem

from ent_coach.content.quiz import load_quiz
from ent_coach.domain.quiz.attempts import QuizMode
from ent_coach.domain.quiz.model import QuizItem
from ent_coach.domain.quiz.presentation import presented_order
from ent_coach.services.quiz import QuizService
from ent_coach.ui import settings as options
from ent_coach.ui.quiz.feedback import LETTERS, plural
from ent_coach.ui.quiz.question import QuestionView
from tests.quiz_samples import bank, write_bank
from tests.ui.mnemonics import shared_alt_letters
from tests.ui.test_screens import create_profile
from tests.unit.quiz_answers import right_answer, wrong_answer


@pytest.fixture
def quiz_window(app_window, wait_ops, tmp_path):
    window, context = app_window
    load = load_quiz(write_bank(tmp_path / "quiz", bank(per_theme=4)))
    context.quiz = QuizService(context.profiles._store, lambda: load.bank)
    create_profile(window, wait_ops)
    window.activateWindow()
    return window, context


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier, text: str | None = None) -> None:
    """A key press to whatever has the focus, as a user would type it."""
    target = QApplication.focusWidget()
    assert target is not None, "rien n'a le focus"
    if text is not None:
        qtbot.keyClicks(target, text)
    else:
        qtbot.keyClick(target, key, modifier)


def answer_with_keys(qtbot, item: QuizItem, shown: tuple[str, ...], *, right: bool) -> None:
    view_keys = list(shown)
    if item.is_ordering:
        target = list(item.correct_response) if right else list(reversed(item.correct_response))
        # Move each step into place with Alt+↑, like a user sorting the list.
        for place, key in enumerate(target):
            row = view_keys.index(key)
            press(qtbot, Qt.Key.Key_Home)  # arrows, not digits: digits may be the certainty
            for _ in range(row):
                press(qtbot, Qt.Key.Key_Down)
            for _ in range(row - place):
                press(qtbot, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
            view_keys.insert(place, view_keys.pop(row))
        return
    wanted = set(item.correct_response)
    if not right:
        wanted = {next(k for k in item.keys if k not in item.correct_response)}
    for key in wanted:
        press(qtbot, None, text=LETTERS[shown.index(key)].lower())


def current_item(window) -> tuple[QuizItem, tuple[str, ...]]:
    page = window.quiz
    item = page.items[page.position]
    assert item is not None and page.attempt is not None
    return item, presented_order(item, page.attempt.seed)


def test_training_run_with_the_keyboard_only(quiz_window, wait_ops, qtbot) -> None:
    window, _context = quiz_window
    press(qtbot, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    wait_ops()
    page = window.quiz
    assert window.stack.currentWidget() is page and page.currentWidget() is page.home
    assert page.home.themes.rowCount() == 13
    press(qtbot, Qt.Key.Key_Down)  # second theme
    theme = page.home.themes.item(1, 0).data(Qt.ItemDataRole.UserRole)
    press(qtbot, Qt.Key.Key_Return)
    wait_ops()
    assert page.currentWidget() is page.question
    assert page.attempt is not None and page.attempt.mode is QuizMode.TRAINING
    assert page.attempt.theme == theme
    total = len(page.items)

    # First question: a wrong answer, the correction, then a retry that succeeds.
    item, shown = current_item(window)
    answer_with_keys(qtbot, item, shown, right=False)
    press(qtbot, Qt.Key.Key_Return)
    wait_ops()
    assert page.question.feedback.isVisible()
    text = page.question.feedback.toPlainText()
    assert "Réponse incorrecte" in text and item.explanation[:40] in text
    assert item.sources[0].title in text
    press(qtbot, Qt.Key.Key_R)  # « Réessayer »
    assert not page.question.feedback.isVisible()
    answer_with_keys(qtbot, item, shown, right=True)
    press(qtbot, Qt.Key.Key_Return)
    wait_ops()
    assert "Bonne réponse" in page.question.feedback.toPlainText()
    press(qtbot, Qt.Key.Key_Return)

    for _ in range(1, total):
        item, shown = current_item(window)
        answer_with_keys(qtbot, item, shown, right=True)
        press(qtbot, Qt.Key.Key_Return)
        wait_ops()
        assert "Bonne réponse" in page.question.feedback.toPlainText(), item.id
        press(qtbot, Qt.Key.Key_Return)
    wait_ops()
    assert page.currentWidget() is page.results
    # The first try counts: one miss.
    assert f"{total - 1} bonnes réponses sur {total}" in page.results.score.text()


def test_assessment_with_a_group_code_results_and_review(quiz_window, wait_ops, qtbot) -> None:
    window, context = quiz_window
    window.show_section("quiz")
    wait_ops()
    page = window.quiz
    page.home.tabs.setFocus()
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)  # onglet Évaluation
    assert page.home.tabs.currentIndex() == 1
    page.home.seed_edit.setFocus()
    press(qtbot, None, text="4242")
    press(qtbot, Qt.Key.Key_Return)
    wait_ops()
    attempt = page.attempt
    assert attempt is not None and attempt.seed == 4242 and len(attempt.item_ids) == 20
    for index in range(20):
        item, shown = current_item(window)
        answer_with_keys(qtbot, item, shown, right=index >= 5)
        press(qtbot, Qt.Key.Key_Return)
        wait_ops()
        if index < 19:
            assert not page.question.feedback.isVisible()  # no correction before the end
    wait_ops()
    assert page.currentWidget() is page.results
    assert "15 bonnes réponses sur 20 — 75 %" in page.results.score.text()
    assert "Pas encore" in page.results.verdict.text()
    press(qtbot, Qt.Key.Key_Return)  # « Revoir les réponses »
    wait_ops()
    review = page.review
    assert page.currentWidget() is review
    assert review.questions.count() == 20
    assert "✘" in review.questions.item(0).text()
    first = context.quiz.item(attempt.item_ids[0])
    assert first is not None
    detail = review.detail.toPlainText()
    # Qt's plain text turns the no-break spaces of French typography into ordinary ones.
    assert first.question.replace("\u00a0", " ") in detail and "Réponse incorrecte" in detail
    assert ("votre choix" in detail) or ("vous l'aviez placée" in detail)
    press(qtbot, Qt.Key.Key_Down)
    assert review.questions.currentRow() == 1
    # History and review queue on the home screen.
    review.back_button.click()
    wait_ops()
    assert page.home.history.rowCount() == 1
    assert "15 / 20" in page.home.history.item(0, 3).text()
    assert "Non réussi" in page.home.history.item(0, 4).text()
    assert "reviendront" in page.home.review_label.text()


def test_certainty_is_asked_before_validating(quiz_window, wait_ops, qtbot) -> None:
    window, context = quiz_window
    context.settings.set(options.QUIZ_CBM, True)
    window.show_section("quiz")
    wait_ops()
    page = window.quiz
    assert page.home.cbm.isChecked()
    page.home.trainingRequested.emit("violations")
    wait_ops()
    item, shown = current_item(window)
    answer_with_keys(qtbot, item, shown, right=True)
    press(qtbot, Qt.Key.Key_Return)
    assert "certitude" in page.question.error.text()
    press(qtbot, None, text="3")
    press(qtbot, Qt.Key.Key_Return)
    wait_ops()
    assert "Bonne réponse" in page.question.feedback.toPlainText()
    attempt = context.quiz.resumable(context.profile)
    assert attempt is not None and attempt.answers[0].certainty == 3


def test_an_interrupted_attempt_is_offered_again(quiz_window, wait_ops, qtbot) -> None:
    window, _context = quiz_window
    window.show_section("quiz")
    wait_ops()
    page = window.quiz
    page.home.assessmentRequested.emit(77)
    wait_ops()
    for _ in range(2):
        item, shown = current_item(window)
        answer_with_keys(qtbot, item, shown, right=True)
        press(qtbot, Qt.Key.Key_Return)
        wait_ops()
    press(qtbot, Qt.Key.Key_Escape)  # « Interrompre »
    wait_ops()
    assert page.currentWidget() is page.home
    assert page.home.resume_box.isVisible()
    assert "2 réponses sur 20" in page.home.resume_label.text()
    page.home.resume_button.click()
    wait_ops()
    assert page.currentWidget() is page.question and page.position == 2


# --- « Continuer », « Refaire mes erreurs », results layout, question details -----------


def _run_round(window, qtbot, wait_ops, *, wrong: int) -> None:
    """Answer the round on screen with the keyboard, the first ``wrong`` answers wrong."""
    page = window.quiz
    index = 0
    while page.currentWidget() is page.question:
        item, shown = current_item(window)
        answer_with_keys(qtbot, item, shown, right=index >= wrong)
        press(qtbot, Qt.Key.Key_Return)
        wait_ops()
        if page.currentWidget() is page.question and page.question.next_button.isVisible():
            press(qtbot, Qt.Key.Key_Return)
            wait_ops()
        index += 1


def test_continue_after_a_failed_training_starts_a_new_round(
    quiz_window, wait_ops, qtbot, no_dialogs
) -> None:
    window, _context = quiz_window
    page = window.quiz
    window.open_quiz_theme("violations")  # what « Continuer » does for a training step
    wait_ops()
    first = page.attempt
    assert first is not None
    _run_round(window, qtbot, wait_ops, wrong=2)
    assert page.currentWidget() is page.results and "Pas encore" in page.results.verdict.text()
    window.show_section("accueil")
    window.open_quiz_theme("violations")  # « Continuer » again, the results still behind
    wait_ops()
    assert no_dialogs == []  # no « Un quiz est déjà en cours »
    assert page.currentWidget() is page.question
    assert page.attempt is not None and page.attempt.id != first.id
    assert page.attempt.item_ids != first.item_ids  # a new order on the retake
    page.question.quitRequested.emit()
    wait_ops()
    # Historique: a training round is not « Non réussi ».
    assert page.home.history.item(0, 4).text() == "Entraînement terminé"
    assert page.home.history.item(0, 3).text().startswith("2 / 4")  # two wrong of four


def test_continue_resumes_an_interrupted_attempt(quiz_window, wait_ops, qtbot, no_dialogs) -> None:
    window, _context = quiz_window
    page = window.quiz
    window.open_quiz_theme("harcelement")
    wait_ops()
    attempt = page.attempt
    assert attempt is not None
    item, shown = current_item(window)
    answer_with_keys(qtbot, item, shown, right=True)
    press(qtbot, Qt.Key.Key_Return)
    wait_ops()
    press(qtbot, Qt.Key.Key_Escape)  # « Interrompre »
    wait_ops()
    window.show_section("accueil")
    window.open_quiz_theme("harcelement")
    wait_ops()
    assert page.currentWidget() is page.question
    assert page.attempt is not None and page.attempt.id == attempt.id and page.position == 1
    # Asked from elsewhere while it is on screen: it simply stays.
    window.open_quiz_theme("harcelement")
    wait_ops()
    assert no_dialogs == [] and page.attempt.id == attempt.id and page.position == 1
    # Another quiz is never started over it without asking (here: yes).
    window.open_quiz_theme("violations")
    wait_ops()
    assert len(no_dialogs) == 1 and "1 réponse sur 4" in no_dialogs[0]
    assert page.attempt is not None and page.attempt.theme == "violations"


def _failed_assessment(context, wrong: int):  # type: ignore[no-untyped-def]
    service = context.quiz
    profile = context.profile
    attempt = service.start(profile, QuizMode.ASSESSMENT, seed=31)
    for position, item in enumerate(service.items_of(attempt)):
        response = wrong_answer(item) if position < wrong else right_answer(item)
        service.answer(profile, attempt, position, response)
    return service.finish(profile, attempt.id)


def test_mistakes_of_a_failed_assessment_are_retried_from_the_results(
    quiz_window, wait_ops, qtbot
) -> None:
    window, context = quiz_window
    window.show_section("quiz")
    wait_ops()
    page = window.quiz
    result = _failed_assessment(context, wrong=5)
    page.results.show_result(result)
    page.setCurrentWidget(page.results)
    assert page.results.mistakes_button.isVisible()
    page.results.mistakes_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)  # « Refaire mes erreurs »
    wait_ops()
    assert page.currentWidget() is page.question
    assert page.attempt is not None and page.attempt.mode is QuizMode.MISTAKES
    assert set(page.attempt.item_ids) == {item.id for item in result.missed()}
    _run_round(window, qtbot, wait_ops, wrong=1)
    assert page.currentWidget() is page.results
    assert "4 bonnes réponses sur 5" in page.results.score.text()
    assert page.results.mistakes_button.isVisible()  # one still missed: again, at once
    # The same from the review of a past attempt.
    page.review.show_attempt(result)
    page.setCurrentWidget(page.review)
    page.review.mistakes_button.click()
    wait_ops()
    assert page.attempt is not None and len(page.attempt.item_ids) == 5


@pytest.mark.parametrize("theme", ["clair", "sombre"])
def test_assessment_results_lay_out_at_1024x700(quiz_window, wait_ops, qtbot, theme) -> None:
    window, context = quiz_window
    context.settings.set(options.THEME, theme)
    window._apply_appearance()
    window.resize(1024, 700)
    window.show_section("quiz")
    wait_ops()
    page = window.quiz
    result = _failed_assessment(context, wrong=17)
    assert len({item.theme for item in result.items if item}) == 13
    page.results.show_result(result)
    page.setCurrentWidget(page.results)
    QApplication.processEvents()
    view = page.results
    assert view.themes.isVisible() and view.missed.isVisible()
    assert view.missed.text().count("<li>") == 17
    common = view.themes.parentWidget()
    assert view.missed.parentWidget() is common

    def box(widget):  # type: ignore[no-untyped-def]
        return widget.geometry()

    assert not box(view.themes).intersects(box(view.missed))
    assert box(view.missed).top() >= box(view.themes).bottom()
    # Every theme row shows in full; the report scrolls to the missed list.
    rows = sum(view.themes.rowHeight(row) for row in range(view.themes.rowCount()))
    assert view.themes.viewport().height() >= rows
    for button in (view.back_button, view.mistakes_button, view.review_button):
        assert button.isVisible()
        corner = button.mapTo(window, button.rect().bottomRight())
        assert window.rect().contains(corner)
    view.scroll.ensureWidgetVisible(view.missed)
    assert view.scroll.verticalScrollBar().value() > 0


def _multiple_item(context) -> QuizItem:  # type: ignore[no-untyped-def]
    return next(item for item in context.quiz.bank.items if item.is_multiple)


def test_a_partly_right_multiple_answer_says_how_many_were_right(quiz_window) -> None:
    _window, context = quiz_window
    view = QuestionView()
    item = _multiple_item(context)
    shown = presented_order(item, 3)
    view.show_item(item, shown, position=0, total=1, cbm=False, mode_label="Entraînement")
    right = item.correct_response
    view.show_feedback(False, right[:1], can_retry=True)
    expected = len(right)
    assert f"Réponse incomplète : 1 bonne réponse sur {expected}." in view.feedback.toPlainText()
    wrong = next(key for key in item.keys if key not in right)
    view.show_feedback(False, (*right[:2], wrong), can_retry=True)
    text = view.feedback.toPlainText()
    assert f"2 bonnes réponses sur {expected}, mais aussi 1 réponse fausse cochée" in text


def test_with_certainty_digits_state_it_and_letters_choose(quiz_window, qtbot) -> None:
    _window, context = quiz_window
    view = QuestionView()
    qtbot.addWidget(view)
    view.show()
    item = next(i for i in context.quiz.bank.items if i.format.value == "choix-unique")
    shown = presented_order(item, 5)
    view.show_item(item, shown, position=0, total=1, cbm=True, mode_label="Entraînement")
    assert "(lettre)" in view.instruction.text() and "1, 2 ou 3" in view.instruction.text()
    view.options.setFocus()
    qtbot.keyClicks(view.options, "2")
    assert view.certainty.checkedId() == 2 and view.options.response() == []
    qtbot.keyClicks(view.options, "b")
    assert view.options.response() == [shown[1]] and view.certainty.checkedId() == 2
    view.show_feedback(False, (shown[1],), can_retry=True, certainty=3)
    assert "Très sûr·e et faux : −6 points" in view.feedback.toPlainText()
    view.show_feedback(True, (shown[1],), can_retry=True, certainty=1)
    assert "Peu sûr·e et juste : +1 point," in view.feedback.toPlainText()


def test_the_first_option_does_not_look_chosen(quiz_window, qtbot) -> None:
    _window, context = quiz_window
    view = QuestionView()
    qtbot.addWidget(view)
    view.show()
    item = next(i for i in context.quiz.bank.items if i.format.value == "choix-unique")
    shown = presented_order(item, 5)
    view.show_item(item, shown, position=0, total=1, cbm=False, mode_label="Entraînement")
    options_list = view.options
    options_list.setFocus()
    QApplication.processEvents()

    def drawn_with_focus(row: int) -> bool:
        style = QStyleOptionViewItem()
        style.state = QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_Enabled
        options_list.itemDelegate().initStyleOption(style, options_list.model().index(row, 0))
        return bool(style.state & QStyle.StateFlag.State_HasFocus)

    assert not drawn_with_focus(0) and options_list.selectedItems() == []
    qtbot.keyClick(options_list, Qt.Key.Key_Down)  # the first arrow lands on A
    assert options_list.currentRow() == 0 and options_list.response() == [shown[0]]
    assert drawn_with_focus(0)
    qtbot.keyClick(options_list, Qt.Key.Key_Down)
    assert options_list.response() == [shown[1]]


def test_plurals_are_french() -> None:
    assert plural(0, "%1 bonne réponse", "%1 bonnes réponses") == "0 bonne réponse"
    assert plural(1, "%1 bonne réponse", "%1 bonnes réponses") == "1 bonne réponse"
    assert plural(2, "%1 bonne réponse", "%1 bonnes réponses") == "2 bonnes réponses"


def test_every_quiz_tab_and_the_results_have_distinct_alt_letters(quiz_window, wait_ops) -> None:
    window, context = quiz_window
    window.show_section("quiz")
    wait_ops()
    page = window.quiz
    page.home.trainingRequested.emit("violations")
    wait_ops()
    page.question.quitRequested.emit()  # an attempt pending: « Reprendre » is on screen too
    wait_ops()
    assert page.home.resume_box.isVisible()
    for tab in range(page.home.tabs.count()):
        page.home.tabs.setCurrentIndex(tab)
        assert shared_alt_letters(window) == {}, page.home.tabs.tabText(tab)
    page.results.show_result(_failed_assessment(context, wrong=3))
    page.setCurrentWidget(page.results)
    assert shared_alt_letters(window) == {}
