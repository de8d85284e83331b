"""pytest-qt tests of the quiz, driven with the keyboard only: a training run with feedback
and a retry, a seeded assessment, the results, the review of answers, resuming."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ent_coach.content.quiz import load_quiz
from ent_coach.domain.quiz.attempts import QuizMode
from ent_coach.domain.quiz.model import QuizItem
from ent_coach.domain.quiz.presentation import presented_order
from ent_coach.services.quiz import QuizService
from ent_coach.ui import settings as options
from ent_coach.ui.quiz.feedback import LETTERS
from tests.quiz_samples import bank, write_bank
from tests.ui.test_screens import create_profile


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
            press(qtbot, None, text=str(row + 1))
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
    assert f"{total - 1} bonne(s) réponse(s) sur {total}" in page.results.score.text()


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
    assert "15 bonne(s) réponse(s) sur 20 — 75 %" in page.results.score.text()
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
    assert "2 réponse(s) sur 20" in page.home.resume_label.text()
    page.home.resume_button.click()
    wait_ops()
    assert page.currentWidget() is page.question and page.position == 2
