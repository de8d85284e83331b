"""Every file dialog of the application: it opens in the last folder used for its kind of file
(remembered in the settings), else in the Documents folder, never in the program's folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from ent_coach.ui.settings import LAST_FOLDERS, Settings

PDF = "pdf"  # a tutorial exported in PDF
ATTESTATION = "attestation"  # pathway and séance attestations
PROFILE_ARCHIVE = "archive-profil"  # « Mes données » export and profile import
PRACTICES = "pratiques"  # files of good practices
SEANCE_PLAN = "plan-seance"  # a séance's plan, exported by the tutor, imported by a trainee
PROGRESS = "progression"  # progress files sent by trainees, read by the tutor
SEANCE_EXPORT = "export-seance"  # a séance's table, statements and report


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def start_folder(settings: Settings, kind: str) -> Path:
    """The last folder used for ``kind`` if it still exists, else the Documents folder."""
    remembered = settings.get(LAST_FOLDERS[kind])
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    return documents_folder()


def remember(settings: Settings, kind: str, chosen: Path) -> None:
    folder = chosen if chosen.is_dir() else chosen.parent
    settings.set(LAST_FOLDERS[kind], str(folder))


def _with_suffix(path: Path, suffix: str | None) -> Path:
    if suffix is None or path.suffix.lower() == suffix:
        return path
    return path.with_name(path.name + suffix)


def save_file(
    parent: QWidget,
    settings: Settings,
    kind: str,
    *,
    title: str,
    file_name: str,
    file_filter: str,
    suffix: str | None = None,
) -> Path | None:
    """A file to write, ``file_name`` suggested in the kind's folder; ``suffix`` is added
    when the name typed lacks it. None when cancelled."""
    start = start_folder(settings, kind) / file_name
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(start), file_filter)
    if not chosen:
        return None
    path = _with_suffix(Path(chosen), suffix)
    remember(settings, kind, path)
    return path


def open_file(parent: QWidget, settings: Settings, kind: str, *, title: str, file_filter: str) -> Path | None:
    chosen, _filter = QFileDialog.getOpenFileName(parent, title, str(start_folder(settings, kind)), file_filter)
    if not chosen:
        return None
    remember(settings, kind, Path(chosen))
    return Path(chosen)


def open_files(parent: QWidget, settings: Settings, kind: str, *, title: str, file_filter: str) -> list[Path]:
    names, _filter = QFileDialog.getOpenFileNames(parent, title, str(start_folder(settings, kind)), file_filter)
    paths = [Path(name) for name in names]
    if paths:
        remember(settings, kind, paths[0])
    return paths


def choose_folder(parent: QWidget, settings: Settings, kind: str, *, title: str) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start_folder(settings, kind)))
    if not chosen:
        return None
    settings.set(LAST_FOLDERS[kind], chosen)
    return Path(chosen)
