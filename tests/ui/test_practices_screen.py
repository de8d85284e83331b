"""pytest-qt tests of the « Bonnes pratiques » screen: browse, search, filter, favourites, own
practices through the form, export, delete, import with preview, and a refused file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox

from ent_coach.ui.practices.exchange import ExportDialog, ImportPreviewDialog
from ent_coach.ui.practices.form import PracticeFormDialog
from ent_coach.ui.practices.page import ID_ROLE, PracticesPage
from tests.ui.test_screens import create_profile


@pytest.fixture
def page(app_window, wait_ops, qtbot) -> PracticesPage:
    window, context = app_window
    create_profile(window, wait_ops)
    practices_page = PracticesPage(context, parent=window)
    window.stack.addWidget(practices_page)
    window.stack.setCurrentWidget(practices_page)
    practices_page.on_shown()
    wait_ops()
    return practices_page


def shown_ids(page: PracticesPage) -> list[str]:
    return [page.list.item(row).data(ID_ROLE) for row in range(page.list.count())]


def select(page: PracticesPage, practice_id: str) -> None:
    ids = shown_ids(page)
    page.list.setCurrentRow(ids.index(practice_id))


def fill_valid(dialog: PracticeFormDialog, title: str) -> None:
    dialog.title_edit.setText(title)
    dialog.summary_edit.setText("Les élèves déposent chaque semaine une photo de feuille légendée.")
    dialog.level_boxes["cycle-2"].setChecked(True)
    dialog.discipline_list.set_checked(("sciences",))
    dialog.service_list.set_checked(("mur-collaboratif",))
    dialog.duration_edit.setText("Une période")
    dialog.description_edit.setPlainText(
        "Chaque lundi, un binôme photographie une feuille ramassée dans la cour et la légende."
    )
    dialog.steps_edit.setPlainText("1. Créer le mur de la classe\n2. Publier chaque lundi")
    dialog.benefits_edit.setPlainText("Les élèves observent avec précision.")
    dialog.vigilance_edit.setPlainText("Aucune photo d'élève : seulement les feuilles.")


def own_rows(context) -> list[tuple]:
    connection = sqlite3.connect(context.database_path)
    try:
        return list(connection.execute("SELECT * FROM own_practices ORDER BY id"))
    finally:
        connection.close()


def test_browse_search_filter_and_favourite(app_window, page, wait_ops, qtbot) -> None:
    window, context = app_window
    total = len(context.practices.shipped)
    assert page.count_label.text() == f"{total} pratiques"
    assert page.list.count() == total
    first = page.current_practice()
    assert first is not None and first.title in page.details.toPlainText()
    assert "Points de vigilance" in page.details.toPlainText()
    assert not page.edit_button.isEnabled() and "seules vos pratiques" in page.edit_button.toolTip()

    page.search_edit.setText("moderation")
    qtbot.waitUntil(lambda: page.list.count() < total, timeout=5000)
    wait_ops()
    found = shown_ids(page)
    assert found and set(found) <= set(context.practices.search(context.profile, "modération"))
    assert page.count_label.text() == f"{len(found)} pratiques sur {total}"

    page.level_combo.setCurrentIndex(page.level_combo.findData("cycle-3"))
    levels = [page._catalogue.get(i).levels for i in shown_ids(page)]
    assert levels and all("cycle-3" in found_levels for found_levels in levels)
    page.service_combo.setCurrentIndex(page.service_combo.findData("casier"))
    page.search_edit.setText("zzzzqqq")
    page.run_search()
    wait_ops()
    assert page.list_stack.currentWidget() is page.empty_state
    assert "Aucune pratique ne correspond" in page.empty_label.text()
    page.reset_filters_button.click()
    wait_ops()
    assert page.list.count() == total and page.search_edit.text() == ""
    assert page.level_combo.currentIndex() == 0

    # Favourite with the keyboard shortcut, then filter on favourites.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.list.setFocus()
    page.list.setCurrentRow(2)
    chosen = page.current_id()
    assert page.favourite_button.text() == "☆ Ajouter aux favoris"
    qtbot.keyClick(page.list, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    wait_ops()
    assert context.practices.favourites(context.profile) == {chosen}
    assert page.current_id() == chosen
    assert page.favourite_button.text() == "★ Retirer des favoris"
    assert page.list.currentItem().data(Qt.ItemDataRole.UserRole + 10).startswith("<b>★ ")
    page.favourites_check.setChecked(True)
    assert shown_ids(page) == [chosen]
    page.favourite_button.click()
    wait_ops()
    assert context.practices.favourites(context.profile) == set()
    assert page.list_stack.currentWidget() is page.empty_state

    # Ctrl+F searches this page (not the whole application); Entrée goes to the details.
    page.favourites_check.setChecked(False)
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_edit.hasFocus()
    assert window.stack.currentWidget() is page
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Return)
    assert page.details.hasFocus()


def test_related_tutorial_link_asks_the_window_to_open_it(page, qtbot) -> None:
    with qtbot.waitSignal(page.tutorialRequested) as signal:
        page.details.anchorClicked.emit(QUrl("tutoriel:blog"))
    assert signal.args == ["blog"]


def test_own_practice_create_edit_export_delete_import(
    app_window, page, wait_ops, qtbot, no_dialogs, monkeypatch, tmp_path: Path
) -> None:
    window, context = app_window
    total = len(context.practices.shipped)
    attempts: list[str] = []

    def create(dialog: PracticeFormDialog) -> int:
        fill_valid(dialog, "Mur")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        attempts.append(dialog._errors["title"].text())
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert dialog.saved is None
        dialog.title_edit.setText("Un herbier partagé sur le mur")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        return dialog.result()

    monkeypatch.setattr(PracticeFormDialog, "exec", create)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(page.list, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wait_ops()
    assert attempts == ["Texte trop court (5 caractères au moins)"]
    practice = page.current_practice()
    assert practice is not None and practice.is_own
    assert practice.title == "Un herbier partagé sur le mur"
    assert practice.steps == ("Créer le mur de la classe", "Publier chaque lundi")
    assert page.count_label.text() == f"{total + 1} pratiques"
    assert "Pratique personnelle" in page.details.toPlainText()
    assert page.edit_button.isEnabled() and page.delete_button.isEnabled()
    page.origin_combo.setCurrentIndex(page.origin_combo.findData("personnelle"))
    assert shown_ids(page) == [practice.id]

    def edit(dialog: PracticeFormDialog) -> int:
        assert dialog.title_edit.text() == practice.title  # prefilled
        dialog.duration_edit.setText("Toute l'année")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        return dialog.result()

    monkeypatch.setattr(PracticeFormDialog, "exec", edit)
    page.edit_button.click()
    wait_ops()
    assert page.current_id() == practice.id
    assert "Toute l'année" in page.details.toPlainText()

    # Export: the current practice is preselected; the save dialog is answered by the test.
    target = tmp_path / "partage.json"
    monkeypatch.setattr(ExportDialog, "exec", lambda dialog: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(target), ""))
    )
    page.export_button.click()
    wait_ops()
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [p["id"] for p in document["practices"]] == [practice.id]
    saved = next(box for box in page.findChildren(QMessageBox) if box.isVisible())
    assert "1 pratique exportée" in saved.text() and saved.informativeText() == str(target)
    saved.reject()
    window.activateWindow()  # the message had the focus; the shortcuts need the window's
    qtbot.waitUntil(window.isActiveWindow)

    # Delete with the keyboard: the confirmation names the practice.
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Delete)
    wait_ops()
    assert any(f"« {practice.title} »" in message for message in no_dialogs)
    assert context.practices.own_practices(context.profile) == []
    assert page.list_stack.currentWidget() is page.empty_state
    assert "pas encore de pratique personnelle" in page.empty_label.text()

    # Import the file back, through the preview.
    previews: list[str] = []

    def accept_preview(dialog: ImportPreviewDialog) -> int:
        dialog.show()
        previews.append(dialog.table.item(0, dialog.STATE).text())
        assert dialog.import_button.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportPreviewDialog, "exec", accept_preview)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kwargs: (str(target), ""))
    )
    page.import_button.click()
    wait_ops()
    assert previews == ["nouvelle"]
    assert any("1 pratique ajoutée" in message for message in no_dialogs)
    restored = context.practices.own_practices(context.profile)
    assert [p.id for p in restored] == [practice.id]
    assert restored[0].duration == "Toute l'année"
    assert shown_ids(page) == [practice.id]


def test_a_bad_file_gives_a_message_and_changes_nothing(
    app_window, page, wait_ops, no_dialogs, monkeypatch, tmp_path: Path
) -> None:
    _window, context = app_window
    before = own_rows(context)
    bad = tmp_path / "piege.json"
    bad.write_text(
        json.dumps(
            {
                "format": "ent-coach-pratiques",
                "version": 1,
                "practices": [{"id": "piege", "title": "<script>alert(1)</script> titre"}],
            }
        ),
        encoding="utf-8",
    )
    opened: list[object] = []
    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda dialog: opened.append(dialog) or 1)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kwargs: (str(bad), ""))
    )
    page.import_button.click()
    wait_ops()
    assert not opened
    message = next(m for m in no_dialogs if m.startswith("Import impossible"))
    assert "pratique n° 1 (« piege »)" in message and "balises HTML" in message
    assert "Rien n'a été importé" in message
    newer = tmp_path / "futur.json"
    newer.write_text(json.dumps({"format": "ent-coach-pratiques", "version": 99}), encoding="utf-8")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kwargs: (str(newer), ""))
    )
    page.import_button.click()
    wait_ops()
    assert any("version plus récente d'ENT Coach" in m for m in no_dialogs)
    assert own_rows(context) == before


def test_reset_forgets_what_was_shown(page, wait_ops) -> None:
    page.search_edit.setText("blog")
    page.run_search()
    wait_ops()
    page.reset()
    assert page.list.count() == 0 and page.search_edit.text() == ""
    assert page.count_label.text() == ""
    assert not page.favourite_button.isEnabled()
