"""The tutor takes a participant out of a séance (a file imported into the wrong séance):
from the matrix with Suppr or its menu, or from the participant's detail; always after a
question, never while projecting."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ent_coach.content.progress_bundle import read_bundle, write_bundle
from ent_coach.domain.taxonomy import Role
from ent_coach.ui.coaching.participant import ParticipantDialog
from ent_coach.ui.ops import call_in_worker
from tests.ui.mnemonics import shared_alt_letters
from tests.ui.test_coaching_page import make_seance, open_page


def seance_with_two_participants(window, context, wait_ops, tmp_path: Path):
    page = open_page(window, context, wait_ops, name="Léa Martin", role=Role.FORMATEUR)
    profile = context.profile
    plan = call_in_worker(lambda: make_seance(context, profile))
    tutorial = plan.items[0].reference
    call_in_worker(lambda: context.library.complete_tutorial(profile, tutorial))
    bundles = []
    for name, include in (("avec-nom.zip", True), ("anonyme.zip", False)):
        path = tmp_path / name
        call_in_worker(
            lambda path=path, include=include: context.coaching.export_bundle(
                profile, path, seance_code=None, include_name=include
            )
        )
        bundles.append(path)
    # Same laptop, same pseudonym: make the second file another participant's.
    other = tmp_path / "autre"
    other.mkdir()
    bundle = read_bundle(bundles[1])
    # Another trainee's statements: their own ids (the union is keyed by id) and actor.
    statements = [
        {
            **s,
            "id": str(uuid.uuid4()),
            "actor": {**s["actor"], "account": {**s["actor"]["account"], "name": "p-zoe"}},
        }
        for s in bundle.statements
    ]
    write_bundle(
        other / "zoe.zip", statements=statements, pseudonym="p-zoe", display_name="Zoé",
        seance_code=None, app_version="x", content_version="x", created_at=bundle.manifest.created_at,
    )  # fmt: skip
    call_in_worker(
        lambda: context.coaching.import_bundles(profile, plan.code, [bundles[0], other / "zoe.zip"])
    )
    page.host.open_seance(plan.code)
    wait_ops()
    view = page.host.view
    # Progress came in: the séance opens on its dashboard.
    assert view.tabs.currentWidget() is view.dashboard_host
    return page, view, plan


def names(context, plan) -> list[str]:
    participants = call_in_worker(lambda: context.coaching.participants(context.profile, plan.code))
    return [p.display_name or p.pseudonym for p in participants]


def test_suppr_on_the_matrix_removes_after_a_question_but_not_while_projecting(
    app_window, wait_ops, qtbot, tmp_path, no_dialogs
) -> None:
    window, context = app_window
    window.show()
    qtbot.waitExposed(window)
    _page, view, plan = seance_with_two_participants(window, context, wait_ops, tmp_path)
    dashboard = view.dashboard_view
    assert names(context, plan) == ["Léa Martin", "Zoé"]
    table = dashboard.table
    table.setFocus()
    table.setCurrentIndex(dashboard.proxy.index(1, 0))

    # Suppr while typing in the filter only edits the filter.
    dashboard.filter_edit.setFocus()
    qtbot.keyClicks(dashboard.filter_edit, "Zo")
    qtbot.keyClick(dashboard.filter_edit, Qt.Key.Key_Home)
    qtbot.keyClick(dashboard.filter_edit, Qt.Key.Key_Delete)
    assert dashboard.filter_edit.text() == "o" and no_dialogs == []
    dashboard.filter_edit.clear()
    # Nor anywhere else on the page: only on the matrix itself.
    dashboard.tabs.setFocus()
    qtbot.keyClick(dashboard.tabs, Qt.Key.Key_Delete)
    assert no_dialogs == []
    table.setFocus()
    table.setCurrentIndex(dashboard.proxy.index(1, 0))

    dashboard.set_projector_mode(True)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    wait_ops()
    assert no_dialogs == [] and names(context, plan) == ["Léa Martin", "Zoé"]
    dashboard.set_projector_mode(False)

    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    wait_ops()
    assert len(no_dialogs) == 1 and "Retirer « Zoé » de la séance ?" in no_dialogs[0]
    assert names(context, plan) == ["Léa Martin"]
    assert view.status.text() == "La progression de « Zoé » a été retirée de la séance."
    assert dashboard.model.rowCount() == 1


def test_the_participant_detail_offers_removal_with_the_label_on_screen(
    app_window, wait_ops, qtbot, tmp_path, no_dialogs
) -> None:
    window, context = app_window
    _page, view, plan = seance_with_two_participants(window, context, wait_ops, tmp_path)
    dashboard = view.dashboard_view
    dashboard.anonymise_button.click()  # names hidden: the question must not show them
    dashboard.table.setCurrentIndex(dashboard.proxy.index(0, 0))
    dashboard.detail_button.click()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ParticipantDialog))
    assert not dialog.remove_button.isDefault() and not dialog.remove_button.autoDefault()
    dialog.remove_button.click()
    wait_ops()
    assert "Retirer « Participant 1 » de la séance ?" in no_dialogs[0]
    assert "Léa" not in no_dialogs[0]
    assert names(context, plan) == ["Zoé"]


def test_no_two_visible_controls_share_an_alt_letter(
    app_window, wait_ops, qtbot, tmp_path
) -> None:
    """A shared letter only moves the focus between them: Alt+P never turned projection on."""
    window, context = app_window
    window.show()
    qtbot.waitExposed(window)
    page, view, _plan = seance_with_two_participants(window, context, wait_ops, tmp_path)
    for state in ("tableau de bord", "projection", "plan"):
        if state == "projection":
            view.dashboard_view.set_projector_mode(True)
        elif state == "plan":
            view.dashboard_view.set_projector_mode(False)
            view.tabs.setCurrentWidget(view.editor)
        assert shared_alt_letters(page) == {}, state
