"""A horizontal bar chart of the mean level per domain, with an earlier sitting for comparison.

Bars rather than a radar: five domains with long French titles read better as rows, and a
bar's length is compared more accurately than a radar's area.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ent_coach.domain.assessment import DomainScore

_ROW = 46.0
_TOP = 28.0
_LEGEND = 30.0


@dataclass(frozen=True, slots=True)
class ChartSeries:
    label: str  # "29/11/2026"
    scores: tuple[DomainScore, ...]


def _fmt(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


class DomainChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._levels = 8
        self._bands: list[tuple[str, int, int]] = []  # (label, first level, last level)
        self._current: ChartSeries | None = None
        self._earlier: ChartSeries | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Niveau moyen par domaine"))

    def set_scale(self, levels: int, bands: list[tuple[str, int, int]]) -> None:
        self._levels, self._bands = levels, bands
        self.update()

    def set_series(self, current: ChartSeries | None, earlier: ChartSeries | None = None) -> None:
        self._current, self._earlier = current, earlier
        self.setFixedHeight(int(self.sizeHint().height()))
        self.setAccessibleDescription(self.describe())
        self.update()

    def describe(self) -> str:
        """The chart as text, for screen readers and tooltips."""
        if self._current is None:
            return ""
        earlier = {s.domain_id: s for s in self._earlier.scores} if self._earlier else {}
        lines = []
        for score in self._current.scores:
            text = f"{score.domain_id}. {score.title} : "
            text += _fmt(score.mean) if score.mean is not None else self.tr("non évalué")
            before = earlier.get(score.domain_id)
            if before is not None and before.mean is not None:
                text += self.tr(" (%1 le %2)").replace("%1", _fmt(before.mean)).replace(
                    "%2", self._earlier.label if self._earlier else ""
                )
            lines.append(text)
        return "\n".join(lines)

    def sizeHint(self) -> QSize:
        rows = len(self._current.scores) if self._current else 5
        return QSize(520, int(_TOP + rows * _ROW + _LEGEND + 8))

    def minimumSizeHint(self) -> QSize:
        return QSize(320, self.sizeHint().height())

    # -- painting ----------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self._current is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        grid = palette.color(QPalette.ColorRole.Mid)
        accent = palette.color(QPalette.ColorRole.Highlight)
        metrics = QFontMetricsF(self.font())  # for the legend

        width = float(self.width())
        label_width = min(max(150.0, width * 0.34), 300.0)
        left = label_width + 12
        right = width - 36  # room for the value
        step = (right - left) / self._levels

        def x_of(level: float) -> float:
            return left + level * step

        # Band names over the scale, level gridlines below them.
        painter.setPen(muted)
        for band, first, last in self._bands:
            area = QRectF(x_of(first - 1), 2, (last - first + 1) * step, _TOP - 6)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, band)
        bottom = _TOP + len(self._current.scores) * _ROW
        for level in range(self._levels + 1):
            is_band_edge = any(level == last for _, _, last in self._bands) or level == 0
            painter.setPen(QPen(grid, 1.5 if is_band_edge else 0.6, Qt.PenStyle.SolidLine))
            painter.drawLine(int(x_of(level)), int(_TOP), int(x_of(level)), int(bottom))

        earlier = {s.domain_id: s for s in self._earlier.scores} if self._earlier else {}
        for row, score in enumerate(self._current.scores):
            top = _TOP + row * _ROW
            painter.setPen(text)
            # Two lines fit in a row: long titles wrap rather than lose their end.
            painter.drawText(
                QRectF(0, top, label_width, _ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
                | Qt.TextFlag.TextWordWrap,
                f"{score.domain_id}. {score.title}",
            )
            before = earlier.get(score.domain_id)
            if before is not None and before.mean is not None:
                painter.setPen(QPen(muted, 1.2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(QRectF(left, top + _ROW * 0.58, x_of(before.mean) - left, 9))
            if score.mean is None:
                painter.setPen(muted)
                painter.drawText(
                    QRectF(left + 6, top, right - left, _ROW * 0.6),
                    Qt.AlignmentFlag.AlignVCenter, self.tr("non évalué"),
                )  # fmt: skip
                continue
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent)
            bar = QRectF(left, top + _ROW * 0.18, x_of(score.mean) - left, _ROW * 0.36)
            painter.drawRoundedRect(bar, 3, 3)
            painter.setPen(text)
            painter.drawText(
                QRectF(bar.right() + 4, bar.top() - 4, 40, bar.height() + 8),
                Qt.AlignmentFlag.AlignVCenter, _fmt(score.mean),
            )  # fmt: skip

        # Legend: what the filled and the outlined bars are.
        y = bottom + 10
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        painter.drawRect(QRectF(left, y + 3, 14, 10))
        painter.setPen(text)
        current_text = self.tr("Niveau moyen le %1").replace("%1", self._current.label)
        painter.drawText(QRectF(left + 20, y, 260, 16), Qt.AlignmentFlag.AlignVCenter, current_text)
        if self._earlier is not None:
            x = left + 30 + metrics.horizontalAdvance(current_text)
            painter.setPen(QPen(muted, 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(x, y + 3, 14, 10))
            painter.setPen(text)
            painter.drawText(
                QRectF(x + 20, y, 260, 16), Qt.AlignmentFlag.AlignVCenter,
                self.tr("le %1").replace("%1", self._earlier.label),
            )  # fmt: skip
        painter.end()


def band_ranges(levels: list[tuple[int, str]]) -> list[tuple[str, int, int]]:
    """[(1, "Novice"), (2, "Novice"), (3, "Indépendant")…] → [("Novice", 1, 2), …]."""
    bands: list[tuple[str, int, int]] = []
    for level, band in levels:
        if bands and bands[-1][0] == band:
            bands[-1] = (band, bands[-1][1], level)
        else:
            bands.append((band, level, level))
    return bands


