"""Small reusable widgets and helpers shared by the screens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import QDesktopServices, QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMessageBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabBar,
    QTreeView,
    QWidget,
)

from ent_coach.ui.theme import is_dark_palette

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


# Error red readable on either palette (contrast with the window colour above 4.5:1): the
# light theme's red was 2:1 on the dark background.
ERROR_RED_LIGHT = "#c62828"
ERROR_RED_DARK = "#ff8a80"


def error_colour(palette: QPalette) -> str:
    return ERROR_RED_DARK if is_dark_palette(palette) else ERROR_RED_LIGHT


class ErrorLabel(QLabel):
    """Bold red text, the red following the palette when the theme changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorLabel")
        self.setWordWrap(True)
        self._apply_colour()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            # Once the theme is fully applied: the first of these events comes while the
            # style is being replaced, before the new palette is in place.
            QTimer.singleShot(0, self, self._apply_colour)

    def _apply_colour(self) -> None:
        sheet = f"color: {error_colour(QApplication.palette())}; font-weight: bold;"
        if self.styleSheet() != sheet:  # setting it sends another PaletteChange
            self.setStyleSheet(sheet)


def error_label(parent: QWidget | None = None) -> QLabel:
    label = ErrorLabel(parent)
    label.hide()
    return label


def muted_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setEnabled(False)  # the palette's disabled text colour works in light and dark
    return label


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    no: QMessageBox.StandardButton = QMessageBox.StandardButton.No,
) -> bool:
    """A yes-or-no question whose safe answer (``no``: « Non » or « Annuler ») is the default,
    so that Entrée never deletes or resets anything."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | no, no)
    return answer == QMessageBox.StandardButton.Yes


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


def show_saved_file(parent: QWidget, path: Path, *, title: str, text: str) -> QMessageBox:
    """Say where an exported file was written, with « Ouvrir » and « Ouvrir le dossier ».

    The box is opened without blocking (``open``): the work behind it is done, nothing waits
    for the answer. Returned for the caller's tests; it deletes itself once closed."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    box.setInformativeText(str(path))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    open_file = box.addButton(parent.tr("&Ouvrir"), QMessageBox.ButtonRole.ActionRole)
    open_folder = box.addButton(parent.tr("Ouvrir le &dossier"), QMessageBox.ButtonRole.ActionRole)
    close = box.addButton(parent.tr("&Fermer"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(close)
    box.setEscapeButton(close)
    open_file.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
    open_folder.clicked.connect(
        lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class RoomyTabBar(QTabBar):
    """Tabs a little taller than Fusion's default, whose text rectangle clips the accent of a
    capital letter (« Évaluation » showed as « Evaluation »)."""

    def tabSizeHint(self, index: int) -> QSize:
        size = super().tabSizeHint(index)
        return QSize(size.width(), size.height() + max(4, self.fontMetrics().height() // 3))


class WrappedTextDelegate(QStyledItemDelegate):
    """Measures an item's text wrapped at its column's width, less the item's indentation: a
    tree asks its delegate for row heights without the width, so long texts were cut."""

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        tree = self._tree
        margin = tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1
        width = tree.header().sectionSize(index.column()) - 2 * margin
        if index.column() == 0:
            depth, parent = 0, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= (depth + int(tree.rootIsDecorated())) * tree.indentation()
        if width <= 0:
            return size
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        bounds = option.fontMetrics.boundingRect(QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), text)
        return QSize(size.width(), max(size.height(), bounds.height() + 2 * margin))


def wrap_tree_column(tree: QTreeView, column: int) -> None:
    """Long texts of ``column`` wrap onto more lines instead of being cut, and rows are laid
    out again when the column changes width."""
    tree.setUniformRowHeights(False)
    tree.setWordWrap(True)
    tree.setTextElideMode(Qt.TextElideMode.ElideNone)
    tree.setItemDelegateForColumn(column, WrappedTextDelegate(tree))

    def resized(section: int, _old: int, _new: int) -> None:
        if section == column:
            tree.doItemsLayout()

    tree.header().sectionResized.connect(resized)


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
