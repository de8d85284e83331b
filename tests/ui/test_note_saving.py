"""The reader's note is saved while the person types without pausing, and when the session
manager asks for data before a logout."""

from __future__ import annotations

from PySide6.QtTest import QTest

from ent_coach.ui import shutdown
from ent_coach.ui.reader import NOTE_SAVE_DELAY_MS
from tests.ui.test_screens import create_profile

KEY_INTERVAL_MS = 150  # about 7 characters a second, well under the save delay


def _open_first_tutorial(window, context, wait_ops) -> str:
    create_profile(window, wait_ops)
    tutorial_id = context.tutorials[0].id
    window.open_tutorial(tutorial_id)
    wait_ops()
    return tutorial_id


def test_steady_typing_saves_the_note_before_any_pause(app_window, wait_ops, qtbot) -> None:
    window, context = app_window
    tutorial_id = _open_first_tutorial(window, context, wait_ops)
    typed = "Relire le guide de la vie scolaire"
    for char in typed:
        QTest.keyClicks(window.reader.notes, char)
        qtbot.wait(KEY_INTERVAL_MS)
    assert KEY_INTERVAL_MS * len(typed) > 3 * NOTE_SAVE_DELAY_MS  # a long burst, no pause
    wait_ops()
    note = context.library.note(context.profile, tutorial_id)
    assert note is not None and typed.startswith(note.text) and len(note.text) >= 5


def test_the_session_managers_request_saves_the_note_and_keeps_the_window(
    app_window, wait_ops
) -> None:
    window, context = app_window
    tutorial_id = _open_first_tutorial(window, context, wait_ops)
    guard = shutdown.install(window.save_pending)
    try:
        QTest.keyClicks(window.reader.notes, "Avant la deconnexion")
        guard._on_commit_data(None)  # what commitDataRequest calls, just before a logout
        note = context.library.note(context.profile, tutorial_id)
        assert note is not None and note.text == "Avant la deconnexion"
        assert window.isVisible() and not guard.closing
    finally:
        guard.uninstall()
