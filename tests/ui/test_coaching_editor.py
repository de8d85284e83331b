"""pytest-qt tests of the séance plan editor and the progress import dialog: keyboard access,
what counts as an unsaved change, saving twice or while typing, and readable results."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ent_coach.domain.coaching import PlanItem
from ent_coach.domain.pathways import StepKind
from ent_coach.domain.taxonomy import Role
from ent_coach.services.coaching import CANCELLED_MESSAGE, ImportOutcome, ImportResult
from ent_coach.ui.coaching.editor import PATHWAY_STEP, AddItemDialog, load_plan_content
from ent_coach.ui.ops import call_in_worker, task_manager
from tests.ui.test_coaching_page import make_seance, open_page


def open_seance(window, context, wait_ops, qtbot):
    page = open_page(window, context, wait_ops, name="Léa Martin", role=Role.FORMATEUR)
    plan = call_in_worker(lambda: make_seance(context, context.profile))
    page.host.open_seance(plan.code)
    wait_ops()
    return page, page.host.view, plan


def hold_worker() -> threading.Event:
    """Keep the database worker busy until the event is set: ops queue behind it."""
    release = threading.Event()
    task_manager().submit(lambda: release.wait(10), None, None)
    return release


def answer_question(monkeypatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def answer(parent, title, text, *args, **kwargs):
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    return asked


def test_alt_letters_of_the_plan_reach_one_button_each(app_window, wait_ops, qtbot) -> None:
    window, context = app_window
    page, view, plan = open_seance(window, context, wait_ops, qtbot)
    editor = view.editor
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    editor.title_edit.setFocus()
    editor.title_edit.setText("Découvrir l'ENT, deuxième séance")
    editor.table.selectRow(0)  # « Descendre » enabled: it used to share Alt+E with « Enregistrer »
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not editor.is_dirty(), timeout=2000)  # a mnemonic clicks after 100 ms
    wait_ops()
    assert call_in_worker(lambda: context.coaching.plan(context.profile, plan.code)).title == (
        "Découvrir l'ENT, deuxième séance"
    )
    # Alt+M is « ← Mes séances » (« Monter » used to share it).
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.host.currentWidget() is page.host.list, timeout=2000)
    wait_ops()
    assert [item.kind for item in call_in_worker(lambda: context.coaching.plan(context.profile, plan.code)).items] == [
        item.kind for item in plan.items
    ]


def test_undoing_an_edit_or_a_move_leaves_nothing_to_save(app_window, wait_ops, qtbot) -> None:
    window, context = app_window
    _page, view, _plan = open_seance(window, context, wait_ops, qtbot)
    editor = view.editor
    qtbot.keyClicks(editor.title_edit, "x")
    assert editor.is_dirty() and "non enregistrées" in editor.status.text()
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Backspace)
    assert not editor.is_dirty() and editor.status.text() == ""

    editor.table.selectRow(1)
    editor.move_selected(-1)
    assert editor.is_dirty()
    editor.move_selected(1)
    assert not editor.is_dirty()

    # Alt+Bas in a form field is not « Descendre », Suppr outside the list is not « Retirer »:
    # the plan stays as it is.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    items = editor.items
    editor.date_edit.setFocus()
    qtbot.keyClick(editor.date_edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    editor.save_button.setFocus()
    qtbot.keyClick(editor.save_button, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(editor.save_button, Qt.Key.Key_Delete)
    assert editor.items == items
    editor.load(view.plan, select=1)
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert editor.is_dirty() and editor.selected_row() == 0
    editor.move_selected(1)
    assert not editor.is_dirty()

    # A change made by code (not only by typing) counts too.
    editor.place_edit.setText("Salle des professeurs")
    assert editor.is_dirty()


def test_saving_twice_quickly_creates_one_seance(app_window, wait_ops, qtbot) -> None:
    window, context = app_window
    page = open_page(window, context, wait_ops, name="Léa Martin", role=Role.FORMATEUR)
    page.host.new_seance()
    editor = page.host.view.editor
    editor.title_edit.setText("Prendre en main l'ENT")
    editor.append_item(PlanItem("", StepKind.QUIZ_ASSESSMENT, "Évaluation", 20, pass_mark=0.8))
    release = hold_worker()
    editor.save()
    editor.save()  # Ctrl+S again before the worker answered
    release.set()
    wait_ops()
    assert len(call_in_worker(lambda: context.coaching.seances(context.profile))) == 1
    assert editor.code is not None and not editor.is_dirty()


def test_typing_during_a_save_is_kept_and_saved_next_time(app_window, wait_ops, qtbot) -> None:
    window, context = app_window
    page = open_page(window, context, wait_ops, name="Léa Martin", role=Role.FORMATEUR)
    page.host.new_seance()
    editor = page.host.view.editor
    editor.title_edit.setText("Prendre en main")
    editor.append_item(PlanItem("", StepKind.QUIZ_ASSESSMENT, "Évaluation", 20, pass_mark=0.8))
    release = hold_worker()
    editor.save()
    editor.title_edit.setText("Prendre en main l'ENT")  # still typing while the worker writes
    release.set()
    wait_ops()
    assert editor.title_edit.text() == "Prendre en main l'ENT"
    assert editor.code is not None and editor.is_dirty()
    editor.save()
    wait_ops()
    summaries = call_in_worker(lambda: context.coaching.seances(context.profile))
    assert [s.title for s in summaries] == ["Prendre en main l'ENT"]
    assert not editor.is_dirty()


def test_leaving_with_changes_offers_to_save_them(app_window, wait_ops, qtbot, monkeypatch) -> None:
    window, context = app_window
    page, view, plan = open_seance(window, context, wait_ops, qtbot)
    editor = view.editor
    editor.table.selectRow(2)

    editor.title_edit.setText("")
    answer_question(monkeypatch, QMessageBox.StandardButton.Yes)
    view.back_button.click()  # « Oui » with an empty title: the reason is shown, nothing lost
    assert page.host.currentWidget() is view
    assert editor.error.isVisible() and "titre" in editor.error.text()

    editor.title_edit.setText("Nouveau titre")
    asked = answer_question(monkeypatch, QMessageBox.StandardButton.Yes)
    view.back_button.click()  # « Oui »: saved, then the list
    wait_ops()
    assert any("Nouveau titre" in text for text in asked)
    assert page.host.currentWidget() is page.host.list
    assert call_in_worker(lambda: context.coaching.plan(context.profile, plan.code)).title == "Nouveau titre"

    page.host.open_seance(plan.code)
    wait_ops()
    editor.title_edit.setText("Titre abandonné")
    answer_question(monkeypatch, QMessageBox.StandardButton.No)
    view.back_button.click()  # « Non »: the list, the change dropped
    wait_ops()
    assert page.host.currentWidget() is page.host.list
    assert call_in_worker(lambda: context.coaching.plan(context.profile, plan.code)).title == "Nouveau titre"


def test_plan_rows_are_as_tall_as_their_titles(app_window, wait_ops, qtbot) -> None:
    window, context = app_window
    window.resize(800, 560)
    _page, view, _plan = open_seance(window, context, wait_ops, qtbot)
    table = view.editor.table
    qtbot.waitExposed(table)

    def fitted() -> bool:
        floor = table.verticalHeader().minimumSectionSize()
        return all(
            table.rowHeight(row) <= max(table.sizeHintForRow(row), floor) for row in range(table.rowCount())
        )

    # Measured when filled, before the title column had its width, rows were several lines
    # too tall and the table showed one item at 800×560.
    qtbot.waitUntil(fitted, timeout=2000)


def test_the_filter_never_leaves_a_hidden_choice_to_add(app_window, wait_ops) -> None:
    window, context = app_window
    page = open_page(window, context, wait_ops, name="Léa Martin", role=Role.FORMATEUR)
    content = call_in_worker(lambda: load_plan_content(context))
    dialog = AddItemDialog(content, [], parent=page)
    dialog.select_kind(StepKind.TUTORIAL.value)
    first = dialog.choices.currentItem()
    assert first is not None
    other = next(
        dialog.choices.item(i)
        for i in range(dialog.choices.count())
        if first.text().casefold() not in dialog.choices.item(i).text().casefold()
    )
    dialog.filter_edit.setText(other.text())
    current = dialog.choices.currentItem()
    assert current is not None and not current.isHidden() and current.text() == other.text()
    chosen = dialog.chosen()
    assert chosen is not None and chosen.title == other.text()  # what Entrée adds is what is seen

    dialog.filter_edit.setText("zzz aucun titre")
    assert not dialog.add_button.isEnabled() and dialog.chosen() is None
    assert "zzz aucun titre" in dialog.hint.text()

    # Another pathway's steps are filtered by the words already typed.
    dialog.select_kind(PATHWAY_STEP)
    dialog.filter_edit.setText("zzz aucun titre")
    dialog.pathway_combo.setCurrentIndex(1 if dialog.pathway_combo.currentIndex() == 0 else 0)
    assert all(dialog.choices.item(i).isHidden() for i in range(dialog.choices.count()))
    dialog.deleteLater()


def test_import_of_nothing_says_so_and_details_are_readable(
    app_window, wait_ops, qtbot, tmp_path
) -> None:
    window, context = app_window
    _page, view, _plan = open_seance(window, context, wait_ops, qtbot)
    empty = tmp_path / "vide"
    empty.mkdir()
    files = []
    for index in range(2):
        path = tmp_path / f"progression-{index}-avec-un-nom-de-fichier-assez-long.zip"
        path.write_bytes(b"rien")
        files.append(path)
    dialog = view.start_import([empty])
    assert dialog is not None
    wait_ops()
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    assert dialog.bar.text() == "Aucun fichier lu"  # was « 1 fichier(s) sur 1 »
    dialog.close_button.click()
    wait_ops()

    dialog = view.start_import(files)
    assert dialog is not None
    wait_ops()
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    qtbot.waitExposed(dialog)
    table = dialog.table
    # The whole detail is on screen, not cut by « … » behind a tooltip.
    qtbot.waitUntil(
        lambda: all(table.rowHeight(row) >= table.sizeHintForRow(row) for row in range(table.rowCount())),
        timeout=2000,
    )
    assert table.columnWidth(dialog.MESSAGE) > table.columnWidth(dialog.FILE)
    dialog.close_button.click()
    wait_ops()


def test_cancel_pressed_during_the_last_file_still_reports_a_complete_import(
    app_window, wait_ops, qtbot, tmp_path
) -> None:
    window, context = app_window
    _page, view, _plan = open_seance(window, context, wait_ops, qtbot)
    release = hold_worker()
    dialog = view.start_import([tmp_path / "progression.zip"])
    assert dialog is not None
    dialog.cancel()  # pressed while the only file was being imported: nothing is left over
    release.set()
    wait_ops()
    imported = [ImportResult(Path("progression.zip"), ImportOutcome.IMPORTED, "3 nouvelles", "Camille", 3)]
    dialog._finished(imported)
    assert dialog.status.text() == "Import terminé."
    skipped = [ImportResult(Path("b.zip"), ImportOutcome.REJECTED, CANCELLED_MESSAGE, None, 0)]
    dialog._finished(imported + skipped)
    assert dialog.status.text() == "Import annulé."
    assert dialog.table.item(1, dialog.OUTCOME).text() == "Non traité"
    dialog.close_button.click()
    wait_ops()
