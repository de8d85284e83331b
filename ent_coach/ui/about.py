"""About: version, content version, data folder, licence."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ent_coach import __version__
from ent_coach.ui.context import AppContext
from ent_coach.ui.widgets import heading_label


class AboutPage(QWidget):
    shortcutsRequested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        rows = [
            (self.tr("Version de l'application"), __version__),
            (self.tr("Version du contenu"), context.content_version),
            (self.tr("Tutoriels"), str(len(context.tutorials))),
            (self.tr("Dossier des données"), str(context.data_dir)),
            (self.tr("Licence"), self.tr("GNU GPL version 3 ou ultérieure")),
        ]
        table = "".join(
            f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>" for k, v in rows
        )
        details = QLabel(f"<table cellpadding='4'>{table}</table>")
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details.setWordWrap(True)
        purpose = QLabel(
            self.tr(
                "ENT Coach aide les enseignantes et enseignants, stagiaires ou en poste, à utiliser "
                "l'espace numérique de travail de leur établissement avec aisance et dans le respect "
                "du cadre juridique. L'application fonctionne entièrement hors ligne ; aucune donnée "
                "n'est transmise. Les contenus citent leurs sources officielles."
            )
        )
        purpose.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(self.tr("À propos d'ENT Coach"), level=1))
        layout.addWidget(purpose)
        layout.addWidget(details)
        self.shortcuts_button = QPushButton(self.tr("Raccourcis &clavier (F1)"), self)
        self.shortcuts_button.clicked.connect(self.shortcutsRequested)
        row = QHBoxLayout()
        row.addWidget(self.shortcuts_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
