"""The séance charts: completion per plan item (horizontal bars) and the distribution of the
assessment scores (ten-bin histogram).

The painting functions take explicit colours and a font, so the screen (palette colours) and
the PDF report (paper colours, rendered to an image) draw exactly the same chart.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from ent_coach.domain.coaching import Dashboard

_CONTEXT = "Seances"
SCORE_BINS = 10


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


@dataclass(frozen=True, slots=True)
class ChartColours:
    text: QColor
    muted: QColor
    grid: QColor
    track: QColor
    bar: QColor

    @classmethod
    def from_palette(cls, palette: QPalette) -> ChartColours:
        text = palette.color(QPalette.ColorRole.WindowText)
        # Translucent text colour: a faint line or track on a light or a dark window alike.
        grid, track = QColor(text), QColor(text)
        grid.setAlpha(90)
        track.setAlpha(38)
        return cls(
            text=text,
            muted=palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText),
            grid=grid,
            track=track,
            bar=palette.color(QPalette.ColorRole.Highlight),
        )

    @classmethod
    def for_paper(cls) -> ChartColours:
        return cls(
            text=QColor(17, 17, 17),
            muted=QColor(85, 85, 85),
            grid=QColor(170, 170, 170),
            track=QColor(230, 230, 230),
            bar=QColor(0, 0, 145),
        )


# -- completion per plan item ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CompletionBar:
    label: str  # « 1. Titre »
    done: int
    total: int

    @property
    def value_text(self) -> str:
        return f"{self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def completion_bars(dashboard: Dashboard) -> list[CompletionBar]:
    total = len(dashboard.rows)
    return [
        CompletionBar(f"{number}. {item.title}", dashboard.completion.get(item.id, 0), total)
        for number, item in enumerate(dashboard.plan.items, start=1)
    ]


def describe_completion(bars: list[CompletionBar]) -> str:
    """The chart as text, for screen readers (and the report's readers)."""
    lines = [
        tr("%1 : %2 terminé (%3 %)")
        .replace("%1", bar.label)
        .replace("%2", bar.value_text)
        .replace("%3", str(bar.percent))
        for bar in bars
    ]
    return "\n".join(lines)


def completion_row_height(font: QFont) -> float:
    return QFontMetricsF(font).height() * 1.9


def completion_height(bars: list[CompletionBar], font: QFont) -> float:
    return max(1, len(bars)) * completion_row_height(font) + 8


def paint_completion(
    painter: QPainter, width: float, bars: list[CompletionBar], colours: ChartColours, font: QFont
) -> None:
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    row = completion_row_height(font)
    value_width = metrics.horizontalAdvance("000/000") + 10
    label_width = min(max(140.0, width * 0.38), 380.0)
    left = label_width + 10
    right = max(left + 40, width - value_width)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for index, bar in enumerate(bars):
        top = 4 + index * row
        painter.setPen(colours.text)
        # One line per item: a long title is elided here, and given whole in the description.
        painter.drawText(
            QRectF(0, top, label_width, row),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_width),
        )
        track = QRectF(left, top + row * 0.25, right - left, row * 0.5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colours.track)
        painter.drawRoundedRect(track, 3, 3)
        if bar.total and bar.done:
            painter.setBrush(colours.bar)
            filled = QRectF(
                track.left(), track.top(), track.width() * bar.done / bar.total, track.height()
            )
            painter.drawRoundedRect(filled, 3, 3)
        painter.setPen(colours.text)
        painter.drawText(
            QRectF(right + 8, top, value_width, row),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            bar.value_text,
        )


class CompletionChart(QWidget):
    """How many participants finished each plan item."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._bars: list[CompletionBar] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Avancement par élément du plan"))

    def set_bars(self, bars: list[CompletionBar]) -> None:
        self._bars = bars
        self.setAccessibleDescription(describe_completion(bars))
        self.setToolTip(self.accessibleDescription())
        self._fit()

    def bars(self) -> list[CompletionBar]:
        return list(self._bars)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        self.setFixedHeight(int(completion_height(self._bars, self.font())))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, int(completion_height(self._bars, self.font())))

    def minimumSizeHint(self) -> QSize:
        return QSize(300, int(completion_height(self._bars, self.font())))

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_completion(
            painter,
            float(self.width()),
            self._bars,
            ChartColours.from_palette(self.palette()),
            self.font(),
        )
        painter.end()


# -- score distribution -------------------------------------------------------------------------


def bin_labels() -> list[str]:
    """« 0–9 », « 10–19 » … « 90–100 »: the last bin holds the perfect scores too."""
    labels = [f"{10 * n}–{10 * n + 9}" for n in range(SCORE_BINS - 1)]
    return [*labels, "90–100"]


def describe_histogram(bins: tuple[int, ...]) -> str:
    if not any(bins):
        return tr("Aucune évaluation terminée pour l'instant.")
    lines = []
    for label, count in zip(bin_labels(), bins, strict=False):
        text = tr("%1 % : %2 participant") if count <= 1 else tr("%1 % : %2 participants")
        lines.append(text.replace("%1", label).replace("%2", str(count)))
    return "\n".join(lines)


def histogram_height(font: QFont) -> float:
    return QFontMetricsF(font).height() * 11


def paint_histogram(
    painter: QPainter,
    width: float,
    height: float,
    bins: tuple[int, ...],
    colours: ChartColours,
    font: QFont,
) -> None:
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    line = metrics.height()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if not any(bins):
        painter.setPen(colours.muted)
        painter.drawText(
            QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, describe_histogram(bins)
        )
        return
    labels = bin_labels()
    left, right = 6.0, width - 6.0
    top, bottom = line * 1.4, height - line * 2.6  # counts above, bin labels and axis title below
    slot = (right - left) / len(labels)
    peak = max(bins)
    painter.setPen(QPen(colours.grid, 1))
    painter.drawLine(int(left), int(bottom), int(right), int(bottom))
    for index, (label, count) in enumerate(zip(labels, bins, strict=False)):
        x = left + index * slot
        bar_height = (bottom - top) * count / peak if peak else 0
        if count:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colours.bar)
            painter.drawRect(QRectF(x + slot * 0.15, bottom - bar_height, slot * 0.7, bar_height))
        painter.setPen(colours.text)
        painter.drawText(
            QRectF(x, bottom - bar_height - line * 1.3, slot, line * 1.2),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
            str(count),
        )
        painter.setPen(colours.muted)
        painter.drawText(
            QRectF(x, bottom + 2, slot, line * 1.2),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            metrics.elidedText(label, Qt.TextElideMode.ElideRight, slot),
        )
    # The « besoin d'aide » threshold sits between the 40–49 and the 50–59 bins.
    threshold = left + 5 * slot
    painter.setPen(QPen(colours.muted, 1, Qt.PenStyle.DashLine))
    painter.drawLine(int(threshold), int(top - line * 0.4), int(threshold), int(bottom))
    painter.setPen(colours.muted)
    painter.drawText(
        QRectF(left, bottom + line * 1.3, right - left, line * 1.2),
        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
        tr("Meilleur score à l'évaluation de la séance (%) · tirets : seuil de 50 %"),
    )


class ScoreHistogram(QWidget):
    """Participants per score bin of the séance assessment."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._bins: tuple[int, ...] = (0,) * SCORE_BINS
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Répartition des scores à l'évaluation"))
        self._fit()

    def set_bins(self, bins: tuple[int, ...]) -> None:
        self._bins = tuple(bins)
        self.setAccessibleDescription(describe_histogram(self._bins))
        self.setToolTip(self.accessibleDescription())
        self.update()

    def bins(self) -> tuple[int, ...]:
        return self._bins

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        self.setFixedHeight(int(histogram_height(self.font())))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, int(histogram_height(self.font())))

    def minimumSizeHint(self) -> QSize:
        return QSize(300, int(histogram_height(self.font())))

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_histogram(
            painter,
            float(self.width()),
            float(self.height()),
            self._bins,
            ChartColours.from_palette(self.palette()),
            self.font(),
        )
        painter.end()


# -- images for the report ----------------------------------------------------------------------


def _image(width: int, height: int, scale: float) -> QImage:
    image = QImage(int(width * scale), int(height * scale), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(scale)
    image.fill(QColor(255, 255, 255))
    return image


def completion_image(bars: list[CompletionBar], *, width: int = 640, scale: float = 2.0) -> QImage:
    font = QFont()
    font.setPointSizeF(9)
    height = int(completion_height(bars, font))
    image = _image(width, height, scale)
    painter = QPainter(image)
    paint_completion(painter, float(width), bars, ChartColours.for_paper(), font)
    painter.end()
    return image


def histogram_image(bins: tuple[int, ...], *, width: int = 640, scale: float = 2.0) -> QImage:
    font = QFont()
    font.setPointSizeF(9)
    height = int(histogram_height(font))
    image = _image(width, height, scale)
    painter = QPainter(image)
    paint_histogram(painter, float(width), float(height), bins, ChartColours.for_paper(), font)
    painter.end()
    return image
