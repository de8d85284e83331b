"""Small reusable widgets and helpers shared by the screens."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMessageBox, QTabBar, QWidget

_HEADING_SCALE = {1: 1.7, 2: 1.3, 3: 1.1}


def heading_label(text: str, *, level: int = 2, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * _HEADING_SCALE.get(level, 1.0))
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def error_label(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.setStyleSheet("color: #d0312d; font-weight: bold;")
    label.hide()
    return label


def muted_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setEnabled(False)  # the palette's disabled text colour works in light and dark
    return label


def open_external_link(parent: QWidget, url: QUrl) -> None:
    """Open a web link in the browser, after saying it leaves the application and needs a
    connection (the application itself never goes online)."""
    answer = QMessageBox.question(
        parent,
        parent.tr("Ouvrir un lien externe"),
        parent.tr(
            "Ce lien s'ouvrira dans votre navigateur et nécessite une connexion à Internet :\n\n%1\n\nContinuer ?"
        ).replace("%1", url.toString()),
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    if answer == QMessageBox.StandardButton.Open:
        QDesktopServices.openUrl(url)


class RoomyTabBar(QTabBar):
    """Tabs a little taller than Fusion's default, whose text rectangle clips the accent of a
    capital letter (« Évaluation » showed as « Evaluation »)."""

    def tabSizeHint(self, index: int) -> QSize:
        size = super().tabSizeHint(index)
        return QSize(size.width(), size.height() + max(4, self.fontMetrics().height() // 3))


def scoped_shortcut(
    sequence: QKeySequence | QKeySequence.StandardKey | Qt.Key | str,
    parent: QWidget,
    slot: Callable[[], object],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
) -> QShortcut:
    """A shortcut that works only in ``parent`` (and its children, by default).

    ``QShortcut(sequence, parent, slot, context=…)`` looks right but PySide6 drops the
    context when a callable is given: the shortcut then worked in the whole window (Suppr in
    any text field asked to delete a séance, and two pages' Ctrl+N cancelled each other)."""
    key = sequence if isinstance(sequence, QKeySequence) else QKeySequence(sequence)
    shortcut = QShortcut(key, parent)
    shortcut.setContext(context)
    shortcut.activated.connect(slot)
    return shortcut
