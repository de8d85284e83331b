"""The pathway catalogue: every pathway, the profile's role first, with duration, kinds of
steps, order and the profile's progress.

Signal: ``pathwayRequested(str)`` — open that pathway (its id).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.pathways import PathwayOrder, StepKind
from ent_coach.domain.taxonomy import Role
from ent_coach.ui.html_delegate import HTML_ROLE, HtmlDelegate
from ent_coach.ui.pathways import texts
from ent_coach.ui.widgets import heading_label, muted_label

if TYPE_CHECKING:
    from ent_coach.services.pathways import PathwayOverview

ID_ROLE = Qt.ItemDataRole.UserRole
EVERYONE = ""


class PathwayCatalogue(QWidget):
    pathwayRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PathwayOverview] = []
        self._role: Role | None = None

        title = heading_label(self.tr("Parcours guidés"), level=1, parent=self)
        intro = muted_label(
            self.tr(
                "Un parcours enchaîne tutoriels, quiz, scénarios du bac à sable et activités à "
                "mener dans votre ENT, pour un objectif précis. Suivez-en un, puis laissez-vous "
                "guider par « Continuer »."
            ),
            self,
        )
        self.filter_combo = QComboBox(self)
        self.filter_combo.setAccessibleName(self.tr("Public des parcours"))
        self.filter_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.filter_combo.currentIndexChanged.connect(self._render)
        filter_label = QLabel(self.tr("&Afficher :"), self)
        filter_label.setBuddy(self.filter_combo)
        self.count_label = muted_label("", self)

        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Liste des parcours"))
        self.list.setItemDelegate(HtmlDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setSpacing(2)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemActivated.connect(self._open_item)
        self.open_button = QPushButton(self.tr("&Ouvrir le parcours"), self)
        self.open_button.clicked.connect(self._open_current)

        filters = QHBoxLayout()
        filters.addWidget(filter_label)
        filters.addWidget(self.filter_combo)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(self.list, 1)
        layout.addLayout(bottom)

    # -- data ----------------------------------------------------------------------------

    def populate(self, rows: list[PathwayOverview], role: Role) -> None:
        """Show ``rows`` (in the service's order); the filter is reset when the role changes."""
        self._rows = list(rows)
        if role != self._role:
            self._role = role
            self.filter_combo.blockSignals(True)
            self.filter_combo.clear()
            self.filter_combo.addItem(self.tr("Pour : %1").replace("%1", role.label), role.value)
            self.filter_combo.addItem(self.tr("Tous les publics"), EVERYONE)
            self.filter_combo.setCurrentIndex(0)
            self.filter_combo.blockSignals(False)
        self._render()

    def clear(self) -> None:
        self._rows, self._role = [], None
        self.filter_combo.clear()
        self.list.clear()

    def shown_ids(self) -> list[str]:
        return [self.list.item(row).data(ID_ROLE) for row in range(self.list.count())]

    def _visible(self) -> list[PathwayOverview]:
        wanted = self.filter_combo.currentData()
        if not wanted:
            return self._rows
        role = Role(wanted)
        # A pathway followed from another public stays in view: it is the profile's own.
        return [row for row in self._rows if role in row.pathway.roles or row.followed]

    @Slot()
    def _render(self) -> None:
        current = self.list.currentItem().data(ID_ROLE) if self.list.currentItem() else None
        self.list.clear()
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        visible = self._visible()
        for row in visible:
            item = QListWidgetItem()
            item.setData(ID_ROLE, row.pathway.id)
            item.setData(HTML_ROLE, self._item_html(row, muted))
            # Plain text too: screen readers and keyboard search read it.
            item.setText(row.pathway.title)
            item.setToolTip(row.pathway.goal)
            self.list.addItem(item)
        self.count_label.setText(self.tr("%1 parcours").replace("%1", str(len(visible))))
        ids = self.shown_ids()
        if ids:
            self.list.setCurrentRow(ids.index(current) if current in ids else 0)
        self.open_button.setEnabled(bool(ids))

    def _item_html(self, row: PathwayOverview, muted: str) -> str:
        pathway = row.pathway
        kinds = ", ".join(texts.kind_label(kind) for kind in StepKind if kind in pathway.kinds)
        status = ""
        if row.followed and row.progress.completed:
            status = self.tr("Suivi · terminé")
        elif row.followed:
            status = self.tr("Suivi · %1 %").replace("%1", str(row.progress.percent_steps))
        elif row.recommended:
            status = self.tr("Recommandé pour vous")
        badge = f" &nbsp;<b>[{escape(status)}]</b>" if status else ""
        meta = " · ".join(
            (
                texts.about(pathway.duration_minutes),
                texts.steps_count(len(pathway.steps)),
                (
                    self.tr("ordre libre")
                    if pathway.order is PathwayOrder.FREE
                    else self.tr("étape par étape")
                ),
            )
        )
        return (
            f"<div><b>{escape(pathway.title)}</b>{badge}</div>"
            f"<div>{escape(pathway.goal)}</div>"
            f"<div style='color:{muted};'>{escape(meta)}<br>{escape(kinds)}</div>"
        )

    # -- opening -------------------------------------------------------------------------

    @Slot(QListWidgetItem)
    def _open_item(self, item: QListWidgetItem) -> None:
        self.pathwayRequested.emit(item.data(ID_ROLE))

    @Slot()
    def _open_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.pathwayRequested.emit(item.data(ID_ROLE))

    def focus_list(self) -> None:
        self.list.setFocus()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.list.doItemsLayout()  # wrapped goals change height with the width
