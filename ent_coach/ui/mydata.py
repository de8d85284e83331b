"""« Mes données »: what ENT Coach stores, where and why, what it never does; the counts for
the open profile; export, import and erase.

Signals of ``MyDataPage``:
- ``profileOpened(Profile)``: the person imported a profile and chose to open it; the main
  window opens it as if picked on the welcome screen.
Erasing sets ``context.profile = None`` and broadcasts ``Changes(profile=True)``: the main
window then shows the welcome screen.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ent_coach.content.profile_archive import DataCounts
from ent_coach.domain.profiles import DISPLAY_NAME_MAX, Profile, ProfileError
from ent_coach.domain.text import plural
from ent_coach.services.mydata import (
    ArchiveError,
    CopyKind,
    DatabaseCopy,
    Erasure,
    ImportPreview,
    NameTakenError,
)
from ent_coach.store.copies import MIGRATION_COPIES_KEPT, MIGRATION_COPY_DAYS
from ent_coach.store.errors import StoreError
from ent_coach.ui import file_dialogs
from ent_coach.ui.context import AppContext
from ent_coach.ui.hub import Changes
from ent_coach.ui.ops import CollectionOp, QueryOp, call_in_worker, show_failure
from ent_coach.ui.widgets import confirm, error_label, heading_label, muted_label, show_saved_file

ARCHIVE_FILTER = "Archive ENT Coach (*.zip)"
_SMALL_NUMBERS = {1: "une", 2: "deux", 3: "trois", 4: "quatre", 5: "cinq"}  # said in words
# Below this width the profile's panel and the explanations are stacked, not side by side.
TWO_COLUMNS_MIN_WIDTH = 880


def _plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that never interprets markup (names and paths come from the person)."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _rich_label(body: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(body, parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    return label


def _bullets(items: list[str]) -> str:
    return "<ul style='margin-left:-20px'>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def count_lines(counts: DataCounts, tr: Callable[[str], str]) -> list[tuple[str, int, bool]]:
    """(label, count, is a sub-line) in display order: learning events then the categories."""
    lines = [(tr("Évènements d'apprentissage"), counts.total_events, False)]
    lines += [(f"« {line.label} »", line.count, True) for line in counts.events]
    lines += [(line.label, line.count, False) for line in counts.categories]
    return lines


class CountsView(QFrame):
    """Two columns, category and number, with learning events broken down by verb."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._grid = QGridLayout(self)
        self._grid.setColumnStretch(0, 1)
        self._grid.setHorizontalSpacing(16)
        self._grid.setVerticalSpacing(4)
        self.lines: list[tuple[str, int]] = []

    def clear(self) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # at once: deleteLater waits for the event loop
                widget.deleteLater()
        self.lines = []

    def show_counts(self, counts: DataCounts) -> None:
        self.clear()
        lines: list[tuple[str, int | None, bool]] = list(count_lines(counts, self.tr))
        if not counts.events:
            lines.insert(1, (self.tr("aucun pour l'instant"), None, True))
        for row, (label, count, sub) in enumerate(lines):
            name = _plain_label(label, self)
            if count is None:  # a note, not a count
                name.setEnabled(False)
            number = QLabel("" if count is None else str(count), self)
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if sub:
                name.setContentsMargins(18, 0, 0, 0)
            elif row == 0:
                for widget in (name, number):
                    font = QFont(widget.font())
                    font.setBold(True)
                    widget.setFont(font)
            if count is not None:
                name.setAccessibleName(f"{label} : {count}")
                self.lines.append((label, count))
            self._grid.addWidget(name, row, 0)
            self._grid.addWidget(number, row, 1)


def copy_details(copy: DatabaseCopy, tr: Callable[[str], str]) -> str:
    """« Copie d'avant mise à jour · 08/12/2026 à 10:00 · 216,0 ko »."""
    kind = (
        tr("Copie d'avant mise à jour") if copy.kind is CopyKind.MIGRATION
        else tr("Fichier illisible mis de côté")
    )  # fmt: skip
    french = QLocale(QLocale.Language.French, QLocale.Country.France)  # « 216,0 ko »
    size = french.formattedDataSize(copy.size, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)
    return f"{kind} · {copy.made_at.strftime('%d/%m/%Y à %H:%M')} · {size}"


class CopiesView(QFrame):
    """The copies of the database in the data folder: name, kind, date, size, and a button
    to delete each one. ``deleteRequested(str)`` carries the copy's file name."""

    deleteRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._grid = QGridLayout(self)
        self._grid.setColumnStretch(0, 1)
        self._grid.setHorizontalSpacing(12)
        self.copies: list[DatabaseCopy] = []
        self.delete_buttons: list[QPushButton] = []
        # Left blank until the folder has been read: « no copy » would be said too early.

    def show_copies(self, copies: list[DatabaseCopy]) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.copies = list(copies)
        self.delete_buttons = []
        if not copies:
            self._grid.addWidget(muted_label(self.tr("Aucune copie de la base dans le dossier."), self), 0, 0)
            return
        for row, copy in enumerate(copies):
            name = _plain_label(copy.name, self)
            name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            details = muted_label(copy_details(copy, self.tr), self)
            details.setTextFormat(Qt.TextFormat.PlainText)
            button = QPushButton(self.tr("Supprimer…"), self)
            button.setAccessibleName(self.tr("Supprimer la copie %1").replace("%1", copy.name))
            button.clicked.connect(lambda _checked=False, file=copy.name: self.deleteRequested.emit(file))
            self.delete_buttons.append(button)
            self._grid.addWidget(name, 2 * row, 0)
            self._grid.addWidget(details, 2 * row + 1, 0)
            self._grid.addWidget(button, 2 * row, 1, 2, 1, Qt.AlignmentFlag.AlignVCenter)
            for widget in (name, details, button):
                widget.show()  # added to a page already on screen: shown now, not at the next turn


class EraseDialog(QDialog):
    """Names what will go, asks for an explicit act (a checkbox) before the destructive button."""

    def __init__(
        self,
        profile: Profile,
        counts: DataCounts | None,
        parent: QWidget | None = None,
        copies: list[DatabaseCopy] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Effacer mes données"))
        copies = copies or []
        migration = sum(copy.kind is CopyKind.MIGRATION for copy in copies)
        unreadable = sum(copy.kind is CopyKind.UNREADABLE for copy in copies)
        name = html.escape(profile.display_name)
        intro = _rich_label(
            self.tr("Le profil <b>« %1 »</b> et tout ce qui s'y rattache seront effacés de cet "
                    "ordinateur :").replace("%1", name),
            self,
        )  # fmt: skip
        items = [self.tr("le profil lui-même (nom, rôle, code PIN éventuel)")]
        if counts is not None:
            items += [
                f"{html.escape(label)} : {count}"
                for label, count, sub in count_lines(counts, self.tr)
                if count and not sub
            ]
        if migration:
            items.append(
                self.tr("les copies de la base faites avant une mise à jour, qui le contiennent "
                        "aussi (%1)").replace("%1", str(migration))
            )  # fmt: skip
        details = _rich_label(_bullets(items), self)
        # Unreadable files cannot be cleaned of one profile: the person chooses, knowingly.
        self.remove_unreadable = QCheckBox(
            self.tr("&Supprimer aussi les fichiers illisibles mis de côté (%1)").replace("%1", str(unreadable)),
            self,
        )
        self.remove_unreadable.setChecked(True)
        self.remove_unreadable.setVisible(unreadable > 0)
        unreadable_note = muted_label(
            self.tr("ENT Coach ne peut pas les lire pour en retirer ce seul profil : ils peuvent "
                    "contenir ce profil et ceux des autres personnes de cet ordinateur à la date "
                    "où ils ont été mis de côté."),
            self,
        )  # fmt: skip
        unreadable_note.setVisible(unreadable > 0)
        advice = muted_label(
            self.tr(
                "Conseil : pour garder une copie, fermez cette fenêtre et choisissez d'abord "
                "« Exporter mes données… ». Les autres profils de cet ordinateur ne sont pas touchés."
            ),
            self,
        )
        self.understood = QCheckBox(self.tr("Je comprends que c'est &définitif"), self)
        buttons = QDialogButtonBox(self)
        self.erase_button = buttons.addButton(
            self.tr("Effacer définitivement"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        cancel = buttons.addButton(self.tr("Annuler"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setDefault(True)
        self.erase_button.setEnabled(False)
        self.understood.toggled.connect(self.erase_button.setEnabled)
        self.erase_button.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(details)
        layout.addWidget(self.remove_unreadable)
        layout.addWidget(unreadable_note)
        layout.addWidget(advice)
        layout.addWidget(self.understood)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)


class ImportPreviewDialog(QDialog):
    """What the archive holds, the name to give the profile, then « Importer ». The import
    runs when the person confirms; an error is shown here and the dialog stays open."""

    def __init__(
        self, context: AppContext, preview: ImportPreview, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._preview = preview
        self.imported: Profile | None = None
        self.setWindowTitle(self.tr("Importer un profil"))
        source = preview.archive.profile
        counts = preview.archive.counts
        summary = QFormLayout()
        summary.addRow(self.tr("Fichier :"), _plain_label(preview.path.name, self))
        summary.addRow(self.tr("Profil :"), _plain_label(source.display_name, self))
        summary.addRow(self.tr("Rôle :"), _plain_label(source.role.label, self))
        summary.addRow(
            self.tr("Exporté le :"),
            _plain_label(preview.archive.exported_at.strftime("%d/%m/%Y à %H:%M"), self),
        )
        self.counts_view = CountsView(self)
        self.counts_view.show_counts(counts)
        self.name_edit = QLineEdit(preview.suggested_name or source.display_name, self)
        self.name_edit.setMaxLength(DISPLAY_NAME_MAX)
        self.name_edit.setAccessibleName(self.tr("Nom du profil importé"))
        name_label = QLabel(self.tr("&Nom du profil sur cet ordinateur :"), self)
        name_label.setBuddy(self.name_edit)
        self.name_note = muted_label(
            self.tr("Un autre profil porte déjà le nom « %1 » ici : un autre nom est proposé.")
            .replace("%1", source.display_name),
            self,
        )
        self.name_note.setTextFormat(Qt.TextFormat.PlainText)
        self.name_note.setVisible(preview.suggested_name is not None)
        pin_note = muted_label(
            self.tr("Le code PIN n'est jamais exporté : vous pourrez en choisir un nouveau "
                    "(Profil › Gérer les profils…)."),
            self,
        )  # fmt: skip
        self.error = error_label(self)
        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton(
            self.tr("&Importer"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setDefault(True)
        cancel = buttons.addButton(self.tr("Annuler"), QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self._import)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(summary)
        layout.addWidget(heading_label(self.tr("Contenu du fichier"), level=3, parent=self))
        layout.addWidget(self.counts_view)
        layout.addWidget(name_label)
        layout.addWidget(self.name_edit)
        layout.addWidget(self.name_note)
        layout.addWidget(pin_note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    @Slot()
    def _import(self) -> None:
        name = self.name_edit.text()
        archive = self._preview.archive
        try:
            self.imported = call_in_worker(
                lambda: self._context.mydata.import_archive(archive, display_name=name)
            )
        except NameTakenError as exc:
            self.name_edit.setText(exc.suggestion)
            self._show_error(str(exc) + " " + self.tr("Nom proposé : « %1 ».").replace("%1", exc.suggestion))
            return
        except (ArchiveError, ProfileError, StoreError) as exc:
            self._show_error(str(exc))  # nothing was kept: the import is one transaction
            return
        self.accept()

    def _show_error(self, message: str) -> None:
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setText(message)
        self.error.show()


def import_profile(
    parent: QWidget, context: AppContext, on_imported: Callable[[Profile], None]
) -> None:
    """Choose an archive, check it (nothing written), preview it, import it on confirmation.
    Used by « Mes données » and by the welcome screen."""
    path = file_dialogs.open_file(
        parent, context.settings, file_dialogs.PROFILE_ARCHIVE,
        title=parent.tr("Importer un profil"), file_filter=ARCHIVE_FILTER,
    )  # fmt: skip
    if path is None:
        return
    title = parent.tr("Importer un profil")

    def refused(error: Exception) -> None:
        if isinstance(error, ArchiveError | ProfileError):
            QMessageBox.warning(
                parent, title,
                parent.tr("Ce fichier ne peut pas être importé : rien n'a été modifié.\n\n%1")
                .replace("%1", str(error)),
            )  # fmt: skip
        else:
            show_failure(parent, error)

    def previewed(preview: ImportPreview) -> None:
        if preview.existing_name is not None:
            QMessageBox.warning(
                parent, title,
                parent.tr("Ce profil est déjà sur cet ordinateur (« %1 ») : rien n'a été importé.\n\n"
                          "Pour le remplacer par celui du fichier, effacez d'abord le profil "
                          "existant (« Mes données » › « Effacer mes données… »).")
                .replace("%1", preview.existing_name),
            )  # fmt: skip
            return
        dialog = ImportPreviewDialog(context, preview, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.imported is not None:
            on_imported(dialog.imported)

    QueryOp(parent=parent, op=lambda: context.mydata.prepare_import(path)).success(
        previewed
    ).failure(refused).run()


def erasure_text(profile: Profile, result: Erasure, tr: Callable[[str], str]) -> str:
    """What an erase did, in French: the copies deleted with the profile, an erase that
    completes at next start, the files set aside that may still hold the profile."""
    parts = [
        tr("Le profil « %1 » et toutes ses données ont été effacés de cet ordinateur.")
        .replace("%1", profile.display_name)
    ]  # fmt: skip
    if len(result.removed) == 1:
        parts.append(tr("Une copie de la base, qui le contenait aussi, a été supprimée avec lui."))
    elif result.removed:
        parts.append(
            tr("%1 copies de la base, qui le contenaient aussi, ont été supprimées avec lui.")
            .replace("%1", str(len(result.removed)))
        )  # fmt: skip
    if not result.complete:
        parts.append(
            tr("Un autre programme lit la base en ce moment (une autre fenêtre d'ENT Coach ?) : "
               "l'effacement sera achevé au prochain démarrage d'ENT Coach.")
        )  # fmt: skip
    if result.kept:
        parts.append(
            tr("Restent dans le dossier de données, illisibles pour ENT Coach, des fichiers mis "
               "de côté qui peuvent encore contenir ce profil :\n%1\nVous pourrez aussi les "
               "supprimer plus tard dans « Mes données », rubrique « Copies de la base ».")
            .replace("%1", "\n".join(result.kept))
        )  # fmt: skip
    return "\n\n".join(parts)


def report_erasure(
    parent: QWidget,
    context: AppContext,
    profile: Profile,
    result: Erasure,
    *,
    title: str,
    on_copies_deleted: Callable[[], None] | None = None,
) -> None:
    """Tell what an erase did; when files that may still hold the profile remain, offer to
    delete them at once (the welcome screen that follows has no « Mes données »)."""
    text = erasure_text(profile, result, parent.tr)
    if not result.kept:
        QMessageBox.information(parent, title, text)
        return
    if confirm(parent, title, text + "\n\n" + parent.tr("Les supprimer maintenant ?")):
        names = set(result.kept)
        CollectionOp(parent=parent, op=lambda: context.mydata.delete_copies(names)).success(
            lambda _removed: on_copies_deleted() if on_copies_deleted else None
        ).run()


class MyDataPage(QWidget):
    profileOpened = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._counts: DataCounts | None = None
        self.setObjectName("myDataPage")

        content = QWidget(self)
        self._columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._columns.setSpacing(24)
        self._columns.addWidget(self._explanations(content), 3)
        self._columns.addWidget(self._profile_panel(content), 2)
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(heading_label(self.tr("Mes données"), level=1, parent=content))
        content_layout.addWidget(
            muted_label(
                self.tr("Tout ce qu'ENT Coach garde sur vous, et ce que vous pouvez en faire : "
                        "le voir, l'emporter, l'effacer."),
                content,
            )
        )  # fmt: skip
        content_layout.addLayout(self._columns)
        content_layout.addStretch(1)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    # -- building ----------------------------------------------------------------------------

    def _section(self, parent: QWidget, layout: QVBoxLayout, title: str, body: QWidget) -> None:
        layout.addWidget(heading_label(title, level=2, parent=parent))
        layout.addWidget(body)
        layout.addSpacing(6)

    def _explanations(self, content: QWidget) -> QWidget:
        box = QWidget(content)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        stored = _rich_label(
            _bullets([
                self.tr("<b>Votre profil</b> : le nom affiché et le rôle choisis ; le code PIN "
                        "éventuel n'est gardé que sous forme d'empreinte salée (scrypt), jamais en "
                        "clair."),
                self.tr("<b>Vos évènements d'apprentissage</b> : tutoriels consultés ou terminés, "
                        "réponses aux quiz, scénarios du bac à sable, auto-évaluations. Ils sont "
                        "enregistrés au format xAPI avec un identifiant pseudonyme tiré au hasard, "
                        "jamais avec votre nom ni une adresse électronique."),
                self.tr("<b>Vos notes</b> de lecture sur les tutoriels."),
                self.tr("<b>Vos pratiques</b> rédigées ou importées, et vos favoris."),
                self.tr("<b>Vos espaces du bac à sable</b> (scénarios et mode libre)."),
                self.tr("<b>Vos auto-évaluations</b> sur le référentiel de compétences."),
                self.tr("<b>Si vous animez des séances</b> : leurs plans et la progression que vos "
                        "participants vous ont remise par fichier (effacées avec votre profil)."),
            ]),
            box,
        )  # fmt: skip
        self._section(box, layout, self.tr("Ce qu'ENT Coach enregistre"), stored)

        where = QWidget(box)
        where_layout = QVBoxLayout(where)
        where_layout.setContentsMargins(0, 0, 0, 0)
        where_layout.addWidget(_plain_label(self.tr("Sur cet ordinateur uniquement, dans le dossier :"), where))
        self.data_dir_label = self._path_label(self._context.data_dir, where)
        where_layout.addWidget(self.data_dir_label)
        where_layout.addWidget(_plain_label(self.tr("La base de données est le fichier :"), where))
        self.database_label = self._path_label(self._context.database_path, where)
        where_layout.addWidget(self.database_label)
        where_layout.addWidget(_plain_label(
            self.tr("Le sous-dossier « cache » ne contient qu'un index des tutoriels pour démarrer plus "
                    "vite, sans aucune donnée personnelle."), where))
        self.open_folder_button = QPushButton(self.tr("&Ouvrir le dossier"), where)
        self.open_folder_button.clicked.connect(self._open_folder)
        where_layout.addWidget(self.open_folder_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self._section(box, layout, self.tr("Où"), where)

        kept = QWidget(box)
        kept_layout = QVBoxLayout(kept)
        kept_layout.setContentsMargins(0, 0, 0, 0)
        kept_layout.addWidget(_plain_label(
            self.tr("Avant chaque mise à jour de la base, ENT Coach en fait une copie dans ce dossier, "
                    "au cas où la mise à jour échouerait. Elle est supprimée au premier démarrage "
                    "qui suit de %1 jours ou plus, et il n'y en a jamais plus de %2. Un fichier de "
                    "base illisible est mis de côté, jamais supprimé sans vous. Ces copies "
                    "contiennent les données de tous les profils au moment où elles ont été faites ; "
                    "effacer un profil supprime aussi les copies d'avant mise à jour.")
            .replace("%1", str(MIGRATION_COPY_DAYS))
            .replace("%2", _SMALL_NUMBERS.get(MIGRATION_COPIES_KEPT, str(MIGRATION_COPIES_KEPT))),
            kept,
        ))  # fmt: skip
        self.copies_view = CopiesView(kept)
        self.copies_view.deleteRequested.connect(self._delete_copy)
        kept_layout.addWidget(self.copies_view)
        self._section(box, layout, self.tr("Copies de la base"), kept)

        why = _plain_label(
            self.tr("Pour vous montrer votre progression et vous laisser reprendre là où vous en "
                    "étiez. Rien ne quitte cet ordinateur, sauf si vous l'exportez vous-même."),
            box,
        )  # fmt: skip
        self._section(box, layout, self.tr("Pourquoi"), why)

        never = _rich_label(
            _bullets([
                self.tr("aucune connexion au réseau : l'application fonctionne hors ligne (un lien "
                        "vers une source ne s'ouvre dans votre navigateur que si vous le demandez) ;"),
                self.tr("aucune mesure d'audience ni télémétrie envoyée ;"),
                self.tr("aucune publicité ;"),
                self.tr("aucun compte à créer ;"),
                self.tr("aucune donnée transmise à un tiers."),
            ]),
            box,
        )  # fmt: skip
        self._section(box, layout, self.tr("Ce qu'ENT Coach ne fait jamais"), never)
        return box

    def _path_label(self, path: Path, parent: QWidget) -> QLabel:
        label = _plain_label(str(path), parent)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        label.setAccessibleName(str(path))
        font = QFont(label.font())
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setFamily("monospace")
        label.setFont(font)
        return label

    def _profile_panel(self, content: QWidget) -> QWidget:
        panel = QWidget(content)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.profile_heading = heading_label(self.tr("Pour votre profil"), level=2, parent=panel)
        self.profile_heading.setTextFormat(Qt.TextFormat.PlainText)
        self.counts_view = CountsView(panel)
        self.status = muted_label("", panel)
        self.export_button = QPushButton(self.tr("&Exporter mes données…"), panel)
        self.export_button.clicked.connect(self._export)
        self.import_button = QPushButton(self.tr("&Importer un profil…"), panel)
        self.import_button.clicked.connect(self._import)
        self.erase_button = QPushButton(self.tr("E&ffacer mes données…"), panel)
        self.erase_button.clicked.connect(self._erase)
        layout.addWidget(self.profile_heading)
        layout.addWidget(self.counts_view)
        layout.addWidget(self.status)
        layout.addSpacing(6)
        actions = (
            (self.export_button, self.tr("Un fichier .zip lisible, à garder ou à réimporter sur un autre ordinateur.")),
            (self.import_button, self.tr("Ajouter ici un profil exporté depuis un autre ordinateur.")),
            (self.erase_button, self.tr("Supprimer ce profil et tout ce qui s'y rattache, pour de bon.")),
        )  # fmt: skip
        # Same width for the three buttons, so their explanations line up.
        width = max(button.sizeHint().width() for button, _ in actions)
        for button, help_text in actions:
            row = QHBoxLayout()
            button.setFixedWidth(width)
            row.addWidget(button, alignment=Qt.AlignmentFlag.AlignTop)
            note = muted_label(help_text, panel)
            row.addWidget(note, 1)
            layout.addLayout(row)
        layout.addStretch(1)
        return panel

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= TWO_COLUMNS_MIN_WIDTH
        # Narrow: bottom to top puts the profile's counts and actions first, above the fold.
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.BottomToTop
        if self._columns.direction() != direction:
            self._columns.setDirection(direction)
        super().resizeEvent(event)

    # -- public --------------------------------------------------------------------------

    def on_shown(self) -> None:
        """Refresh from the database (called each time the section is shown)."""
        self._refresh_copies()
        profile = self._context.profile
        if profile is None:
            self.reset()
            return
        self.profile_heading.setText(self.tr("Pour votre profil « %1 »").replace("%1", profile.display_name))
        self.profile_heading.setAccessibleName(self.profile_heading.text())
        profile_id = profile.id

        def shown(counts: DataCounts) -> None:
            current = self._context.profile
            if current is None or current.id != profile_id:
                return  # the profile changed meanwhile: never show another profile's counts
            self._counts = counts
            self.counts_view.show_counts(counts)
            self.status.setText(
                plural(
                    counts.total,
                    self.tr("%n élément enregistré au total."),
                    self.tr("%n éléments enregistrés au total."),
                )
            )

        QueryOp(parent=self, op=lambda: self._context.mydata.counts(profile_id)).success(shown).run()

    def reset(self) -> None:
        """Forget everything shown (the profile changed)."""
        self._counts = None
        self.counts_view.clear()
        self.status.clear()
        self.profile_heading.setText(self.tr("Pour votre profil"))

    # -- actions ---------------------------------------------------------------------------

    @Slot()
    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._context.data_dir)))

    @Slot()
    def _export(self) -> None:
        profile = self._context.profile
        if profile is None:
            return
        target = file_dialogs.save_file(
            self, self._context.settings, file_dialogs.PROFILE_ARCHIVE,
            title=self.tr("Exporter mes données"),
            file_name=self._context.mydata.default_file_name(profile),
            file_filter=ARCHIVE_FILTER, suffix=".zip",
        )  # fmt: skip
        if target is None:
            return

        def done(_counts: DataCounts) -> None:
            self.export_button.setEnabled(True)
            show_saved_file(
                self, target, title=self.tr("Exporter mes données"),
                text=self.tr("Vos données ont été exportées. Ce fichier contient des données "
                             "personnelles : gardez-le en lieu sûr et supprimez-le quand vous "
                             "n'en avez plus besoin."),
            )  # fmt: skip

        def failed(error: Exception) -> None:
            self.export_button.setEnabled(True)
            show_failure(self, error)

        self.export_button.setEnabled(False)
        CollectionOp(parent=self, op=lambda: self._context.mydata.export(profile.id, target)).success(
            done
        ).failure(failed).run()

    @Slot()
    def _import(self) -> None:
        import_profile(self, self._context, self._imported)

    def _imported(self, profile: Profile) -> None:
        answer = QMessageBox.question(
            self, self.tr("Importer un profil"),
            self.tr("Le profil « %1 » a été importé sur cet ordinateur.\n\nL'ouvrir maintenant ?")
            .replace("%1", profile.display_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            CollectionOp(parent=self, op=lambda: self._context.profiles.open(profile.id)).success(
                self.profileOpened.emit
            ).run()

    @Slot()
    def _erase(self) -> None:
        profile = self._context.profile
        if profile is None:
            return
        dialog = EraseDialog(profile, self._counts, self, self.copies_view.copies)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        remove_unreadable = dialog.remove_unreadable.isChecked()
        self.erase_button.setEnabled(False)

        def erased(result: Erasure) -> None:
            self.erase_button.setEnabled(True)
            if self._context.profile is not None and self._context.profile.id == profile.id:
                self._context.profile = None
            self.reset()
            self._refresh_copies()
            self._context.hub.changesApplied.emit(Changes(profile=True), self)
            report_erasure(
                self, self._context, profile, result,
                title=self.tr("Effacer mes données"), on_copies_deleted=self._refresh_copies,
            )  # fmt: skip

        def failed(error: Exception) -> None:
            self.erase_button.setEnabled(True)
            show_failure(self, error)

        CollectionOp(
            parent=self,
            op=lambda: self._context.mydata.erase(profile.id, remove_unreadable=remove_unreadable),
        ).success(erased).failure(failed).run()

    def _refresh_copies(self) -> None:
        QueryOp(parent=self, op=self._context.mydata.copies).success(self.copies_view.show_copies).run()

    @Slot(str)
    def _delete_copy(self, name: str) -> None:
        title = self.tr("Supprimer une copie de la base")
        if not confirm(
            self, title,
            self.tr("Supprimer définitivement « %1 » ?\n\nCette copie contient les données des profils "
                    "présents quand elle a été faite ; la base en service n'est pas touchée.")
            .replace("%1", name),
        ):  # fmt: skip
            return
        self._delete_copies({name})

    def _delete_copies(self, names: set[str]) -> None:
        CollectionOp(parent=self, op=lambda: self._context.mydata.delete_copies(names)).success(
            lambda _removed: self._refresh_copies()
        ).run()
