"""« Mes données » screen: paths and counts, export, erase through the dialog, import from the
welcome screen."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMessageBox

from ent_coach.content.profile_archive import DATA_MEMBER
from ent_coach.domain.profiles import Profile
from ent_coach.domain.taxonomy import Role
from ent_coach.services.mydata import MyDataService
from ent_coach.store.database import open_store
from ent_coach.ui.mydata import EraseDialog, ImportPreviewDialog, MyDataPage
from tests.unit.test_mydata import fill_profile


def open_with_data(window, context, wait_ops, name: str = "Léa") -> Profile:
    profile = context.profiles.create(display_name=name, role=Role.STAGIAIRE_2D)
    fill_profile(context.profiles._store, profile, name.upper()[:4].ljust(4, "X"))
    window.open_profile(profile)
    wait_ops()
    return profile


def show_page(window, context, wait_ops) -> MyDataPage:
    page = MyDataPage(context, parent=window)
    window.stack.addWidget(page)
    window.stack.setCurrentWidget(page)
    page.on_shown()
    wait_ops()
    return page


def patch_save(monkeypatch: pytest.MonkeyPatch, target: Path, seen: list[str]) -> None:
    def fake(parent, caption, directory, filter_):
        seen.append(directory)
        return str(target), filter_

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))


def patch_open(monkeypatch: pytest.MonkeyPatch, source: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *args: (str(source), "zip"))
    )


def confirm_import(monkeypatch: pytest.MonkeyPatch, seen: list[ImportPreviewDialog]) -> None:
    def fake_exec(dialog: ImportPreviewDialog) -> int:
        seen.append(dialog)
        dialog.import_button.click()
        return dialog.result()

    monkeypatch.setattr(ImportPreviewDialog, "exec", fake_exec)


def test_page_shows_paths_and_counts(app_window, wait_ops) -> None:
    window, context = app_window
    open_with_data(window, context, wait_ops)
    page = show_page(window, context, wait_ops)
    assert page.data_dir_label.text() == str(context.data_dir)
    assert page.database_label.text() == str(context.database_path)
    assert page.profile_heading.text() == "Pour votre profil « Léa »"
    lines = dict(page.counts_view.lines)
    assert lines["Évènements d'apprentissage"] == 3
    assert lines["« a consulté »"] == 2
    assert lines["« a terminé »"] == 1
    assert lines["Notes de lecture"] == 1
    assert lines["Espaces du bac à sable — scénarios"] == 1
    assert lines["Auto-évaluations"] == 1
    page.reset()
    assert page.counts_view.lines == []


def test_counts_follow_the_open_profile(app_window, wait_ops) -> None:
    window, context = app_window
    open_with_data(window, context, wait_ops)
    page = show_page(window, context, wait_ops)
    empty = context.profiles.create(display_name="Noé", role=Role.ENSEIGNANT)
    window.open_profile(empty)
    page.reset()
    page.on_shown()
    wait_ops()
    assert page.profile_heading.text() == "Pour votre profil « Noé »"
    assert dict(page.counts_view.lines)["Évènements d'apprentissage"] == 0
    assert dict(page.counts_view.lines)["Notes de lecture"] == 0


def test_export_writes_a_zip_that_reimports(app_window, wait_ops, no_dialogs, monkeypatch, tmp_path) -> None:
    window, context = app_window
    profile = open_with_data(window, context, wait_ops)
    page = show_page(window, context, wait_ops)
    target, asked = tmp_path / "sortie" / "mon-export", []
    target.parent.mkdir()
    patch_save(monkeypatch, target, asked)
    page.export_button.click()
    wait_ops()
    written = target.with_name("mon-export.zip")
    assert asked and asked[0].endswith(".zip") and "ent-coach-lea-" in asked[0]
    saved = next(box for box in page.findChildren(QMessageBox) if box.isVisible())
    assert saved.informativeText() == str(written) and "données personnelles" in saved.text()
    with zipfile.ZipFile(written) as archive:
        assert json.loads(archive.read(DATA_MEMBER))["profile"]["pseudonym"] == profile.pseudonym
    fresh = open_store(tmp_path / "autre" / "ent-coach.sqlite3")
    try:
        imported = MyDataService(fresh, data_dir=tmp_path).import_file(written)
        assert MyDataService(fresh, data_dir=tmp_path).counts(imported.id).total == (
            context.mydata.counts(profile.id).total
        )
    finally:
        fresh.close()


def test_erase_dialog_needs_the_checkbox(app_window, wait_ops, qtbot) -> None:
    window, context = app_window
    profile = open_with_data(window, context, wait_ops)
    dialog = EraseDialog(profile, context.mydata.counts(profile.id), window)
    qtbot.addWidget(dialog)
    assert not dialog.erase_button.isEnabled()
    dialog.understood.setChecked(True)
    assert dialog.erase_button.isEnabled()


def test_erase_through_the_dialog_returns_to_welcome(app_window, wait_ops, no_dialogs, monkeypatch) -> None:
    window, context = app_window
    other = context.profiles.create(display_name="Noé", role=Role.ENSEIGNANT)
    profile = open_with_data(window, context, wait_ops)
    page = show_page(window, context, wait_ops)
    shown: list[EraseDialog] = []

    def fake_exec(dialog: EraseDialog) -> int:
        shown.append(dialog)
        dialog.understood.setChecked(True)
        dialog.erase_button.click()
        return dialog.result()

    monkeypatch.setattr(EraseDialog, "exec", fake_exec)
    page.erase_button.click()
    wait_ops()
    assert shown
    assert context.profile is None
    assert window.stack.currentWidget() is window.welcome
    assert context.profiles.get(profile.id) is None
    assert context.profiles.get(other.id) is not None
    wait_ops()
    names = [window.welcome.profile_list.item(i).text() for i in range(window.welcome.profile_list.count())]
    assert not any("Léa" in name for name in names)
    assert any("effacés" in message for message in no_dialogs)


def test_cancelled_erase_keeps_everything(app_window, wait_ops, monkeypatch) -> None:
    window, context = app_window
    profile = open_with_data(window, context, wait_ops)
    page = show_page(window, context, wait_ops)
    monkeypatch.setattr(EraseDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    page.erase_button.click()
    wait_ops()
    assert context.profile is not None and context.profiles.get(profile.id) is not None


def test_import_from_the_welcome_page_opens_the_profile(
    app_window, wait_ops, no_dialogs, monkeypatch, tmp_path
) -> None:
    window, context = app_window
    profile = open_with_data(window, context, wait_ops)
    archive = tmp_path / "lea.zip"
    context.mydata.export(profile.id, archive)
    expected = context.mydata.counts(profile.id)
    context.mydata.erase(profile.id)
    window.switch_profile()
    wait_ops()
    assert window.stack.currentWidget() is window.welcome
    patch_open(monkeypatch, archive)
    previews: list[ImportPreviewDialog] = []
    confirm_import(monkeypatch, previews)
    window.welcome.import_button.click()
    wait_ops()
    assert previews and previews[0].name_edit.text() == "Léa"
    assert context.profile is not None
    assert context.profile.pseudonym == profile.pseudonym
    assert window.stack.currentWidget() is window.home
    assert context.mydata.counts(context.profile.id) == expected


def test_import_of_a_taken_name_proposes_another(
    app_window, wait_ops, no_dialogs, monkeypatch, tmp_path
) -> None:
    window, context = app_window
    profile = open_with_data(window, context, wait_ops)
    archive = tmp_path / "lea.zip"
    context.mydata.export(profile.id, archive)
    context.mydata.erase(profile.id)
    context.profiles.create(display_name="Léa", role=Role.ENSEIGNANT)  # another Léa
    page = show_page(window, context, wait_ops)
    patch_open(monkeypatch, archive)
    previews: list[ImportPreviewDialog] = []
    confirm_import(monkeypatch, previews)
    opened: list[Profile] = []
    page.profileOpened.connect(opened.append)
    page.import_button.click()
    wait_ops()
    assert previews[0].name_note.isVisibleTo(previews[0])
    assert opened and opened[0].display_name == "Léa (2)"
    assert any("L'ouvrir maintenant" in message for message in no_dialogs)


def test_bad_file_is_refused_with_a_message(app_window, wait_ops, no_dialogs, monkeypatch, tmp_path) -> None:
    window, context = app_window
    window.show_welcome()
    wait_ops()
    bad = tmp_path / "pas-un-zip.zip"
    bad.write_text("bonjour", encoding="utf-8")
    patch_open(monkeypatch, bad)
    previews: list[ImportPreviewDialog] = []
    confirm_import(monkeypatch, previews)
    window.welcome.import_button.click()
    wait_ops()
    assert not previews
    assert any("n'est pas une archive ZIP" in message for message in no_dialogs)
    assert context.profiles.list() == []
    assert context.profile is None


def test_archive_of_a_profile_already_here_is_refused(
    app_window, wait_ops, no_dialogs, monkeypatch, tmp_path
) -> None:
    window, context = app_window
    profile = open_with_data(window, context, wait_ops)
    archive = tmp_path / "lea.zip"
    context.mydata.export(profile.id, archive)
    page = show_page(window, context, wait_ops)
    patch_open(monkeypatch, archive)
    previews: list[ImportPreviewDialog] = []
    confirm_import(monkeypatch, previews)
    page.import_button.click()
    wait_ops()
    assert not previews
    assert any("Ce profil est déjà sur cet ordinateur" in message for message in no_dialogs)
    assert len(context.profiles.list()) == 1


def _set_aside_copies(context) -> tuple[Path, Path]:
    """A pre-migration copy, as an upgrade makes it, and an unreadable file set aside."""
    from ent_coach.store.database import backup_before_migration

    database = context.database_path
    migration = backup_before_migration(database, "0005_pathways")
    unreadable = database.with_name(database.name + ".illisible-2026-12-01_10-00-00")
    unreadable.write_bytes(migration.read_bytes())
    return migration, unreadable


def test_the_page_lists_the_copies_of_the_database_and_deletes_one(
    app_window, wait_ops, no_dialogs
) -> None:
    window, context = app_window
    open_with_data(window, context, wait_ops)
    migration, unreadable = _set_aside_copies(context)
    page = show_page(window, context, wait_ops)
    assert [copy.name for copy in page.copies_view.copies] == [unreadable.name, migration.name]
    text = " ".join(label.text() for label in page.copies_view.findChildren(QLabel) if label.isVisibleTo(page))
    assert "Fichier illisible mis de côté · 01/12/2026 à 10:00" in text
    assert "Copie d'avant mise à jour" in text and "ko" in text
    page.copies_view.delete_buttons[0].click()  # confirmed by no_dialogs
    wait_ops()
    assert not unreadable.exists() and migration.exists()
    assert [copy.name for copy in page.copies_view.copies] == [migration.name]


def test_erase_says_what_remains_when_the_unreadable_files_are_kept(
    app_window, wait_ops, no_dialogs, monkeypatch
) -> None:
    window, context = app_window
    open_with_data(window, context, wait_ops)
    migration, unreadable = _set_aside_copies(context)
    page = show_page(window, context, wait_ops)

    def fake_exec(dialog: EraseDialog) -> int:
        assert dialog.remove_unreadable.isVisibleTo(dialog) and dialog.remove_unreadable.isChecked()
        dialog.remove_unreadable.setChecked(False)
        dialog.understood.setChecked(True)
        dialog.erase_button.click()
        return dialog.result()

    monkeypatch.setattr(EraseDialog, "exec", fake_exec)
    page.erase_button.click()
    wait_ops()
    assert not migration.exists()  # it held the profile: gone with it
    message = next(text for text in no_dialogs if "effacés" in text)
    assert "Une copie de la base" in message
    # What remains is named, and its deletion offered at once (answered « Oui » here).
    assert unreadable.name in message and "Les supprimer maintenant ?" in message
    wait_ops()
    assert not unreadable.exists()
    assert page.copies_view.copies == []


def test_deleting_from_the_profile_manager_reaches_the_copies_too(
    app_window, wait_ops, no_dialogs, qtbot
) -> None:
    from ent_coach.ui.profiles import ManageProfilesDialog

    window, context = app_window
    profile = open_with_data(window, context, wait_ops)
    migration, unreadable = _set_aside_copies(context)
    dialog = ManageProfilesDialog(context, window)
    qtbot.addWidget(dialog)
    dialog.delete_button.click()  # « Supprimer le profil », answered « Oui » twice
    wait_ops()
    assert context.profiles.get(profile.id) is None
    assert not migration.exists()
    assert any(unreadable.name in text and "Les supprimer maintenant ?" in text for text in no_dialogs)
    assert not unreadable.exists()
