"""The search screen driven from the keyboard: Ctrl+K, a word, ↓, Entrée opens the result in
the screen that shows it; a quiz question is shown to read, without starting an attempt; an
empty result says so and suggests what to try."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ent_coach.services.search import GROUP_SIZE, ResultKind
from ent_coach.store.search_index import SearchHit
from tests.ui.test_screens import create_profile

WEBRADIO = "college-journal-webradio-validation"


def search_for(window, qtbot, text: str) -> int:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.search
    assert QApplication.focusWidget() is window.search.query_edit
    with qtbot.waitSignal(window.search.resultsShown, timeout=10_000) as shown:
        if text.isascii():
            qtbot.keyClicks(window.search.query_edit, text)
        else:  # the test library types ASCII only
            window.search.query_edit.setText(text)
    return shown.args[0]


def current_hit(window) -> SearchHit:  # type: ignore[no-untyped-def]
    return window.search.results.currentItem().data(Qt.ItemDataRole.UserRole)


def test_ctrl_k_webradio_down_enter_opens_the_practice(app_window, wait_ops, qtbot) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    assert search_for(window, qtbot, "webradio") >= 1
    results = window.search.results
    headings = [results.item(r).text() for r in range(results.count()) if not results._selectable(r)]
    assert headings[0] == "Bonnes pratiques\u00a0: 1 résultat"
    qtbot.keyClick(window.search.query_edit, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is results
    assert current_hit(window).id == WEBRADIO
    qtbot.keyClick(results, Qt.Key.Key_Return)
    wait_ops()
    qtbot.waitUntil(lambda: window.practices.current_practice() is not None, timeout=10_000)
    assert window.stack.currentWidget() is window.practices
    assert window.practices.current_practice().id == WEBRADIO


def test_arrows_skip_headings_and_up_from_the_first_result_returns_to_the_field(app_window, wait_ops, qtbot) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    search_for(window, qtbot, "securite")
    results = window.search.results
    qtbot.keyClick(window.search.query_edit, Qt.Key.Key_Down)
    seen = [current_hit(window)]
    for _ in range(GROUP_SIZE + 2):
        qtbot.keyClick(results, Qt.Key.Key_Down)
        seen.append(results.currentItem().data(Qt.ItemDataRole.UserRole))
    assert all(results.currentItem() is not None for _ in seen)
    # Never on a heading: every stop is a result or a « show the others » row.
    assert all(isinstance(data, SearchHit | tuple) for data in seen)
    assert {data.kind for data in seen if isinstance(data, SearchHit)} >= {ResultKind.TUTORIAL}
    qtbot.keyClick(results, Qt.Key.Key_Home)
    assert results.currentRow() == results.first_result_row()
    qtbot.keyClick(results, Qt.Key.Key_Up)
    assert QApplication.focusWidget() is window.search.query_edit


def test_show_the_others_lists_the_whole_group(app_window, wait_ops, qtbot) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    search_for(window, qtbot, "ENT")
    results = window.search.results
    more = next(
        r for r in range(results.count())
        if isinstance(results.item(r).data(Qt.ItemDataRole.UserRole), tuple)
    )  # fmt: skip
    kind = results.item(more).data(Qt.ItemDataRole.UserRole)[1]
    with qtbot.waitSignal(window.search.resultsShown, timeout=10_000):
        results.itemActivated.emit(results.item(more))
    hits = [
        results.item(r).data(Qt.ItemDataRole.UserRole) for r in range(results.count())
        if isinstance(results.item(r).data(Qt.ItemDataRole.UserRole), SearchHit)
    ]  # fmt: skip
    assert sum(hit.kind == kind for hit in hits) > GROUP_SIZE
    # The cursor is on the first result that was not shown before.
    assert current_hit(window).kind == kind
    assert [h for h in hits if h.kind == kind].index(current_hit(window)) == GROUP_SIZE


def test_a_quiz_question_opens_to_read_without_starting_an_attempt(app_window, wait_ops, qtbot) -> None:
    window, context = app_window
    create_profile(window, wait_ops)
    item = context.quiz.bank.items[0]
    search_for(window, qtbot, item.title)
    results = window.search.results
    row = next(
        r for r in range(results.count())
        if isinstance(hit := results.item(r).data(Qt.ItemDataRole.UserRole), SearchHit) and hit.id == item.id
    )  # fmt: skip
    results.setCurrentRow(row)
    results.setFocus()
    with qtbot.waitSignal(window.search.questionShown, timeout=10_000):
        qtbot.keyClick(results, Qt.Key.Key_Return)
    view = window.search.question_view
    assert window.search.body.currentWidget() is view
    text = view.browser.toPlainText()

    def plain(value: str) -> str:  # Qt's plain text shows no-break spaces as spaces
        return value.replace("\u00a0", " ")

    assert plain(item.question) in text and plain(item.explanation) in text
    assert "bonne réponse" in text
    assert "Sources" in text
    assert context.quiz.resumable(context.profile) is None
    # Échap: back to the same results, on the same row.
    qtbot.keyClick(view.browser, Qt.Key.Key_Escape)
    assert window.search.body.currentWidget() is window.search.list_page
    assert results.currentRow() == row
    # « S'entraîner sur ce thème » goes to the quiz on that theme.
    with qtbot.waitSignal(window.search.questionShown, timeout=10_000):
        qtbot.keyClick(results, Qt.Key.Key_Return)
    view.train_button.click()
    wait_ops()
    assert window.stack.currentWidget() is window.quiz


def test_an_empty_result_says_so_and_suggests_what_to_try(app_window, wait_ops, qtbot) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    assert search_for(window, qtbot, "zorglub") == 0
    page = window.search
    assert page.results.isHidden() and page.message.isVisible()
    message = page.message.text()
    assert "Aucun résultat pour «\u00a0zorglub\u00a0»" in message
    assert "Essayez un autre mot" in message
    assert "bonnes pratiques" in message and "questions du quiz" in message
    # Several words: what each one alone gives.
    page.query_edit.clear()
    with qtbot.waitSignal(page.resultsShown, timeout=10_000):
        qtbot.keyClicks(page.query_edit, "zorglub webradio")
    message = page.message.text()
    assert "«\u00a0zorglub\u00a0»\u00a0: aucun" in message
    assert "«\u00a0webradio\u00a0»\u00a0:" in message
    # Entrée on an empty result does nothing.
    qtbot.keyClick(page.query_edit, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is page


def test_a_tutorial_opens_in_the_reader(app_window, wait_ops, qtbot) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    search_for(window, qtbot, "securite")
    qtbot.keyClick(window.search.query_edit, Qt.Key.Key_Down)
    hit = current_hit(window)
    assert hit.kind == ResultKind.TUTORIAL
    qtbot.keyClick(window.search.results, Qt.Key.Key_Return)
    wait_ops()
    assert window.stack.currentWidget() is window.reader
    assert window.reader.tutorial.id == hit.id


def test_back_on_the_search_a_practice_written_meanwhile_is_found(app_window, wait_ops, qtbot) -> None:
    from tests.unit.test_global_search import own_draft

    window, context = app_window
    create_profile(window, wait_ops)
    assert search_for(window, qtbot, "herbier") == 0
    practice = context.practices.create(context.profile, own_draft("Un herbier sur le mur"))
    window.show_section("bonnes-pratiques")
    wait_ops()
    with qtbot.waitSignal(window.search.resultsShown, timeout=10_000) as shown:
        qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert shown.args[0] == 1
    qtbot.keyClick(window.search.query_edit, Qt.Key.Key_Down)
    assert current_hit(window).id == practice.id


def _open_hit(window, qtbot, wait_ops, kind: ResultKind, title: str, item_id: str) -> None:  # type: ignore[no-untyped-def]
    search_for(window, qtbot, title)
    results = window.search.results

    def row() -> int | None:
        return next(
            (r for r in range(results.count())
             if isinstance(hit := results.item(r).data(Qt.ItemDataRole.UserRole), SearchHit)
             and (hit.kind, hit.id) == (kind, item_id)),
            None,
        )  # fmt: skip

    # Back on the page, the previous query runs again first: wait for this one's results.
    qtbot.waitUntil(lambda: row() is not None, timeout=10_000)
    results.setCurrentRow(row())
    results.setFocus()
    qtbot.keyClick(results, Qt.Key.Key_Return)
    wait_ops()


def test_a_scenario_and_a_pathway_open_in_their_sections(app_window, wait_ops, qtbot) -> None:
    window, context = app_window
    create_profile(window, wait_ops)
    scenario = context.sandbox.content.scenarios[0]
    _open_hit(window, qtbot, wait_ops, ResultKind.SCENARIO, scenario.title, scenario.id)
    assert window.stack.currentWidget() is window.sandbox
    qtbot.waitUntil(lambda: window.sandbox.sitting is not None, timeout=10_000)
    assert window.sandbox.sitting.ref_id == scenario.id

    pathway = context.pathways.pathways()[0]
    _open_hit(window, qtbot, wait_ops, ResultKind.PATHWAY, pathway.title, pathway.id)
    assert window.stack.currentWidget() is window.pathways
    qtbot.waitUntil(lambda: window.pathways.view.pathway_id == pathway.id, timeout=10_000)
