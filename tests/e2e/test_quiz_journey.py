"""A newcomer's quiz journey on the shipped bank: train on a theme, fail an assessment and
retry its mistakes at once, close the application mid-way through another, come back, and see
the missed items return in the spaced review all the same."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ent_coach.domain import statements as xapi
from ent_coach.domain.quiz.model import QuizItem
from ent_coach.domain.taxonomy import Role
from ent_coach.services import quiz as quiz_service
from tests.e2e.test_journeys import close_app, wait_ops
from tests.ui.conftest import make_window


def _answer(window, qtbot, *, right: bool) -> QuizItem:
    page = window.quiz
    item = page.items[page.position]
    assert item is not None
    if right:
        response = list(item.correct_response)
    elif item.is_ordering:
        response = list(reversed(item.correct_response))
    else:
        response = [next(k for k in item.keys if k not in item.correct_response)]
    page.question.answerSubmitted.emit(response, None)
    wait_ops(qtbot)
    if page.currentWidget() is page.question and page.question.next_button.isVisible():
        page.question.nextRequested.emit()
        wait_ops(qtbot)
    return item


def test_quiz_journey_across_restarts(qtbot, isolated_data_dir: Path, monkeypatch) -> None:
    window, context = make_window(qtbot, isolated_data_dir)
    wait_ops(qtbot)
    form = window.welcome.form
    form.name_edit.setText("Sacha")
    form.role_combo.setCurrentIndex(form.role_combo.findData(Role.STAGIAIRE_2D.value))
    window.welcome.create_button.click()
    wait_ops(qtbot)
    window.show_section("quiz")
    wait_ops(qtbot)
    page = window.quiz
    assert len(context.quiz.bank.items) >= 90

    # Training on image rights, all right.
    page.home.trainingRequested.emit("droit-image")
    wait_ops(qtbot)
    trained = len(page.items)
    while page.currentWidget() is page.question:
        _answer(window, qtbot, right=True)
    assert "Réussi" in page.results.verdict.text()

    # An assessment failed: the first six answers wrong.
    page.show_home()
    wait_ops(qtbot)
    page.home.assessmentRequested.emit(2026)
    wait_ops(qtbot)
    missed = []
    for index in range(20):
        item = _answer(window, qtbot, right=index >= 6)
        if index < 6:
            missed.append(item.id)
    assert page.currentWidget() is page.results
    assert "Pas encore" in page.results.verdict.text()

    # The same day, « Refaire mes erreurs » asks the six missed questions again, all right now.
    page.results.mistakes_button.click()
    wait_ops(qtbot)
    assert set(page.attempt.item_ids) == set(missed)
    while page.currentWidget() is page.question:
        _answer(window, qtbot, right=True)
    assert "6 bonnes réponses sur 6" in page.results.score.text()
    assert not page.results.mistakes_button.isVisible()

    # A second assessment, closed after three answers.
    page.show_home()
    wait_ops(qtbot)
    page.home.assessmentRequested.emit(None)
    wait_ops(qtbot)
    for _ in range(3):
        _answer(window, qtbot, right=True)
    close_app(window, context, qtbot)

    # Next day: the unfinished attempt is offered, and the missed items are due.
    tomorrow = dt.datetime.now().astimezone() + dt.timedelta(days=1)
    monkeypatch.setattr(quiz_service, "_now", lambda: tomorrow.replace(microsecond=0))
    monkeypatch.setattr("ent_coach.ui.quiz.page._today", tomorrow.date)
    window, context = make_window(qtbot, isolated_data_dir)
    wait_ops(qtbot)
    window.show_section("quiz")
    wait_ops(qtbot)
    page = window.quiz
    assert page.home.resume_box.isVisible()
    assert "3 réponses sur 20" in page.home.resume_label.text()
    page.home.abandonRequested.emit()  # answered by the patched message box below
    wait_ops(qtbot)
    assert page.home.review_button.isEnabled()
    assert "6 questions à revoir" in page.home.review_label.text()
    page.home.reviewRequested.emit()
    wait_ops(qtbot)
    assert set(page.attempt.item_ids) == set(missed)
    while page.currentWidget() is page.question:
        _answer(window, qtbot, right=True)
    page.show_home()
    wait_ops(qtbot)
    assert "Rien à revoir aujourd'hui" in page.home.review_label.text()
    # Training, failed assessment, its mistakes retried, review.
    assert page.home.history.rowCount() == 4

    profile = context.require_profile()
    with context.profiles._store.reader() as connection:
        verbs = [row[0] for row in connection.execute(
            "SELECT verb FROM statements WHERE profile_id = ? ORDER BY rowid", (profile.id,)
        )]  # fmt: skip
    assert verbs.count(xapi.PASSED.id) == 3  # the training, the mistakes and the review
    assert verbs.count(xapi.FAILED.id) == 1
    assert verbs.count(xapi.ANSWERED.id) == trained + 20 + 6 + 3 + 6
    close_app(window, context, qtbot)


@pytest.fixture(autouse=True)
def _yes_to_dialogs(monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
