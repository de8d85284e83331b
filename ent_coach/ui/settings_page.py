"""Settings: theme (light / dark / system) and text size; shows where data is kept."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ent_coach.ui import settings as options
from ent_coach.ui.context import AppContext
from ent_coach.ui.widgets import heading_label, muted_label


class SettingsPage(QWidget):
    appearanceChanged = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.theme_group = QButtonGroup(self)
        theme_row = QHBoxLayout()
        for value, label in (("clair", self.tr("C&lair")), ("sombre", self.tr("&Sombre")), ("systeme", self.tr("Comme le s&ystème"))):
            button = QRadioButton(label)
            button.setProperty("theme", value)
            self.theme_group.addButton(button)
            theme_row.addWidget(button)
            if value == context.settings.get(options.THEME):
                button.setChecked(True)
        theme_row.addStretch(1)
        self.theme_group.buttonToggled.connect(self._on_theme)

        self.text_scale = QSpinBox()
        self.text_scale.setRange(options.TEXT_SCALE.minimum or 80, options.TEXT_SCALE.maximum or 200)
        self.text_scale.setSingleStep(10)
        self.text_scale.setSuffix(" %")
        self.text_scale.setAccessibleName(self.tr("Taille du texte"))
        self.text_scale.setValue(context.settings.get(options.TEXT_SCALE))
        self.text_scale.valueChanged.connect(self._on_scale)
        self.text_scale.setMaximumWidth(self.text_scale.fontMetrics().horizontalAdvance("200 %") + 60)

        form = QFormLayout()
        theme_label = QLabel(self.tr("Thème :"))
        form.addRow(theme_label, theme_row)
        scale_label = QLabel(self.tr("&Taille du texte :"))
        scale_label.setBuddy(self.text_scale)
        form.addRow(scale_label, self.text_scale)

        data_label = QLabel(self.tr("Vos données sont enregistrées dans :"))
        self.data_path = QLabel(str(context.data_dir))
        self.data_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        open_button = QPushButton(self.tr("&Ouvrir le dossier des données"))
        open_button.clicked.connect(self._open_data_dir)

        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(self.tr("Réglages"), level=1))
        layout.addWidget(heading_label(self.tr("Apparence"), level=2))
        layout.addLayout(form)
        layout.addWidget(muted_label(self.tr("La taille du texte s'ajoute à celle choisie dans votre système.")))
        layout.addSpacing(12)
        layout.addWidget(heading_label(self.tr("Données"), level=2))
        layout.addWidget(data_label)
        layout.addWidget(self.data_path)
        layout.addWidget(muted_label(self.tr(
            "ENT Coach fonctionne sans réseau : rien n'est envoyé sur Internet. "
            "Pour travailler sur une clé USB, lancez l'application avec --data-dir DOSSIER."
        )))
        layout.addWidget(open_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    @Slot(QRadioButton, bool)
    def _on_theme(self, button: QRadioButton, checked: bool) -> None:
        if checked:
            self._context.settings.set(options.THEME, button.property("theme"))
            self.appearanceChanged.emit()

    @Slot(int)
    def _on_scale(self, value: int) -> None:
        self._context.settings.set(options.TEXT_SCALE, value)
        self.appearanceChanged.emit()

    @Slot()
    def _open_data_dir(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._context.data_dir)))
