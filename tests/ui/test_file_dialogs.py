"""File dialogs: each kind of file opens where the last one of its kind was, every dialog goes
through the one helper, and Qt's own labels read French."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel, QWidget

import ent_coach
from ent_coach.ui import file_dialogs, qt_french
from ent_coach.ui.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "reglages.ini")


def test_each_kind_of_file_reopens_in_its_last_folder(qtbot, settings, tmp_path, monkeypatch) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    starts: list[str] = []
    answers: list[str] = []

    def dialog(_parent, _title, start, _filter):  # type: ignore[no-untyped-def]
        starts.append(start)
        return answers.pop(0), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(dialog))
    pdfs, archives = tmp_path / "pdf", tmp_path / "archives"
    pdfs.mkdir()
    archives.mkdir()

    answers.append(str(pdfs / "tutoriel"))
    saved = file_dialogs.save_file(
        parent, settings, file_dialogs.PDF, title="PDF", file_name="blog.pdf", file_filter="*.pdf", suffix=".pdf"
    )
    assert saved == pdfs / "tutoriel.pdf"  # the suffix added to a name typed without it
    # Never the program's folder: the first time, the Documents folder.
    assert Path(starts[-1]) == file_dialogs.documents_folder() / "blog.pdf"

    answers.append(str(archives / "profil.zip"))
    file_dialogs.open_file(parent, settings, file_dialogs.PROFILE_ARCHIVE, title="Archive", file_filter="*.zip")
    assert Path(starts[-1]) == file_dialogs.documents_folder()

    answers.append("")  # cancelled: nothing remembered
    assert file_dialogs.save_file(
        parent, settings, file_dialogs.PDF, title="PDF", file_name="rgpd.pdf", file_filter="*.pdf"
    ) is None
    assert Path(starts[-1]) == pdfs / "rgpd.pdf"  # the PDF's own folder, not the archive's
    answers.append("")
    file_dialogs.open_file(parent, settings, file_dialogs.PROFILE_ARCHIVE, title="Archive", file_filter="*.zip")
    assert Path(starts[-1]) == archives

    # Remembered in the settings file, for the next start.
    again = Settings(settings._qsettings.fileName())  # type: ignore[arg-type]
    assert file_dialogs.start_folder(again, file_dialogs.PDF) == pdfs
    # A folder since removed: back to the Documents folder.
    pdfs.rmdir()
    assert file_dialogs.start_folder(again, file_dialogs.PDF) == file_dialogs.documents_folder()


def test_no_screen_opens_a_file_dialog_but_through_the_helper() -> None:
    package = Path(ent_coach.__file__).parent
    helper = package / "ui" / "file_dialogs.py"
    direct = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path != helper and "QFileDialog." in path.read_text(encoding="utf-8")
    ]
    assert direct == []


def test_qt_file_dialog_labels_and_buttons_read_french(qtbot) -> None:
    app = QApplication.instance()
    assert qt_french.install(app)
    assert qt_french.install(app)  # a second call installs nothing more
    dialog = QFileDialog(None, "Ouvrir")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = {label.text().replace("&", "") for label in dialog.findChildren(QLabel)}
    assert {"Voir dans\u00a0:", "Nom de fichier\u00a0:", "Fichiers de type\u00a0:"} <= labels
    box = dialog.findChild(QDialogButtonBox)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Annuler"


def test_the_complement_leaves_every_other_text_as_written(qtbot) -> None:
    from PySide6.QtCore import QCoreApplication

    qt_french.install(QApplication.instance())
    assert QCoreApplication.translate("MyDataPage", "Pour votre profil « %1 »") == "Pour votre profil « %1 »"
    assert QCoreApplication.translate("QMessageBox", "Pas une chaîne de Qt") == "Pas une chaîne de Qt"
