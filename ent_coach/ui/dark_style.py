"""The style used with a dark palette: Fusion with outlined check boxes and radio buttons.

Kept apart from ``theme``: a Python style is called back for every primitive drawn, and
importing QProxyStyle creates Qt's large style enums, so a light-themed start pays for neither.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleFactory

from ent_coach.ui.theme import is_dark_palette


def fusion() -> QStyle:
    return QStyleFactory.create("Fusion")


class OutlinedIndicators(QProxyStyle):
    """Fusion with visible check boxes and radio buttons on dark palettes.

    Fusion outlines indicators with a darker shade of the window colour, which vanishes
    against a dark base: a check box in a list, or an unticked one in a form, could not be
    seen. A light outline is drawn over Fusion's own when the palette is dark.
    """

    _indicators: tuple[QStyle.PrimitiveElement, ...] = ()

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # type: ignore[no-untyped-def]
        super().drawPrimitive(element, option, painter, widget)
        if not self._indicators:
            # Built on first paint: creating this large Qt enum at import costs start-up time.
            primitive = QStyle.PrimitiveElement
            type(self)._indicators = (
                primitive.PE_IndicatorCheckBox,
                primitive.PE_IndicatorItemViewItemCheck,
                primitive.PE_IndicatorRadioButton,
            )
        if element not in self._indicators or not is_dark_palette(option.palette):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(150, 154, 160), 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        size = min(option.rect.width(), option.rect.height())
        box = QRectF(option.rect.x(), option.rect.y(), size, size).adjusted(0.5, 0.5, -1.5, -1.5)
        box.moveCenter(QRectF(option.rect).center())
        if element is QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.drawEllipse(box)
        else:
            painter.drawRoundedRect(box, 2, 2)
        painter.restore()
