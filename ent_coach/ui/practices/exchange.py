"""Sharing dialogs: choose own practices to export, and preview a colleague's file before
importing it (nothing is written until « Importer » is pressed)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.practices import Practice
from ent_coach.domain.text import plural
from ent_coach.services.practices import IMPORT_STATE_LABELS, ImportPreview, ImportState
from ent_coach.ui.practices.form import CheckList
from ent_coach.ui.widgets import heading_label, muted_label

REPLACE, KEEP = "remplacer", "garder"


class ExportDialog(QDialog):
    """Tick the own practices to write to a file; ``chosen()`` gives their ids."""

    def __init__(
        self, practices: list[Practice], *, preselect: str | None, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Exporter mes pratiques"))
        self.list = CheckList(
            [(p.id, p.title) for p in practices],
            name=self.tr("Pratiques à exporter"),
            rows=4,
            parent=self,
            fixed=False,
        )
        self.list.set_checked((preselect,) if preselect else ())
        if not self.list.checked() and len(practices) == 1:
            self.list.set_checked((practices[0].id,))
        all_button = QPushButton(self.tr("Tout &cocher"), self)
        none_button = QPushButton(self.tr("Tout &décocher"), self)
        all_button.clicked.connect(lambda: self.list.set_checked(tuple(p.id for p in practices)))
        none_button.clicked.connect(lambda: self.list.set_checked(()))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Exporter…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemChanged.connect(self._update)
        row = QHBoxLayout()
        row.addWidget(all_button)
        row.addWidget(none_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading_label(self.tr("Quelles pratiques partager ?"), level=3, parent=self)
        )
        layout.addWidget(
            muted_label(
                self.tr(
                    "Le fichier contient seulement le texte des pratiques cochées : ni votre nom, "
                    "ni votre profil, ni vos favoris."
                ),
                self,
            )
        )
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        self.resize(560, 440)
        self._update()

    def chosen(self) -> tuple[str, ...]:
        return self.list.checked()

    @Slot()
    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.list.checked()))


class ImportPreviewDialog(QDialog):
    """What importing the file would do, practice by practice; for a modified practice the
    person chooses « Remplacer par la version du fichier » or « Garder la mienne »."""

    TITLE, STATE, CHOICE = range(3)

    def __init__(self, preview: ImportPreview, *, parent: QWidget) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(self.tr("Importer des pratiques"))
        self.table = QTableWidget(len(preview.items), 3, self)
        self.table.setAccessibleName(self.tr("Pratiques du fichier"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Pratique"), self.tr("État"), self.tr("Action")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.STATE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.CHOICE, QHeaderView.ResizeMode.ResizeToContents)
        self.choices: dict[str, QComboBox] = {}
        dropped: list[str] = []
        for row, item in enumerate(preview.items):
            title = QTableWidgetItem(item.practice.title)
            title.setToolTip(item.practice.summary)
            self.table.setItem(row, self.TITLE, title)
            self.table.setItem(row, self.STATE, QTableWidgetItem(IMPORT_STATE_LABELS[item.state]))
            if item.state is ImportState.MODIFIED:
                combo = QComboBox(self.table)
                combo.setAccessibleName(
                    self.tr("Action pour « %1 »").replace("%1", item.practice.title)
                )
                combo.addItem(self.tr("Garder la mienne"), KEEP)
                combo.addItem(self.tr("Remplacer par celle du fichier"), REPLACE)
                combo.currentIndexChanged.connect(self._update)
                self.choices[item.practice.id] = combo
                self.table.setCellWidget(row, self.CHOICE, combo)
            else:
                action = self.tr("Ajouter") if item.state is ImportState.NEW else self.tr("Ignorer")
                self.table.setItem(row, self.CHOICE, QTableWidgetItem(action))
            if item.dropped_references:
                dropped.append(f"« {item.practice.title} » : {', '.join(item.dropped_references)}")
        self.table.resizeRowsToContents()

        counts = [
            (ImportState.NEW, self.tr("%n nouvelle"), self.tr("%n nouvelles")),
            (
                ImportState.MODIFIED,
                self.tr("%n déjà présente mais modifiée"),
                self.tr("%n déjà présentes mais modifiées"),
            ),
            (
                ImportState.IDENTICAL,
                self.tr("%n déjà présente à l'identique (ignorée)"),
                self.tr("%n déjà présentes à l'identique (ignorées)"),
            ),
            (
                ImportState.SHIPPED_ID,
                self.tr("%n avec l'identifiant d'une pratique fournie (ignorée)"),
                self.tr("%n avec l'identifiant d'une pratique fournie (ignorées)"),
            ),
        ]
        parts = [
            plural(preview.count(state), one, many)
            for state, one, many in counts
            if preview.count(state)
        ]
        intro = (
            plural(
                len(preview.items),
                self.tr("Le fichier « %1 » contient %n pratique : %3."),
                self.tr("Le fichier « %1 » contient %n pratiques : %3."),
            )
            .replace("%1", preview.path.name)
            .replace("%3", ", ".join(parts))
        )
        self.summary = QLabel(intro, self)
        self.summary.setWordWrap(True)
        self.dropped = muted_label("", self)
        if dropped:
            self.dropped.setText(
                "<p>"
                + escape(
                    self.tr("Références inconnues de cette installation, retirées à l'import :")
                )
                + "<br>"
                + "<br>".join(escape(line) for line in dropped)
                + "</p>"
            )
        self.dropped.setVisible(bool(dropped))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.addButton(
            self.tr("&Importer"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.nothing = muted_label(self.tr("Rien à importer : tout est déjà là."), self)

        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(self.tr("Aperçu avant import"), level=3, parent=self))
        layout.addWidget(self.summary)
        layout.addWidget(
            muted_label(
                self.tr("Rien n'est enregistré avant d'avoir cliqué sur « Importer »."), self
            )
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.dropped)
        layout.addWidget(self.nothing)
        layout.addWidget(self.buttons)
        self.resize(760, 460)
        self._update()

    def replace_ids(self) -> set[str]:
        return {pid for pid, combo in self.choices.items() if combo.currentData() == REPLACE}

    @Slot()
    def _update(self) -> None:
        useful = self.preview.count(ImportState.NEW) + len(self.replace_ids())
        self.import_button.setEnabled(useful > 0)
        self.nothing.setVisible(useful == 0)
        if useful == 0 and self.choices:
            self.nothing.setText(
                self.tr(
                    "Rien à importer : choisissez « Remplacer » pour reprendre une version du fichier."
                )
            )
        elif useful == 0:
            self.nothing.setText(self.tr("Rien à importer : tout est déjà là."))
