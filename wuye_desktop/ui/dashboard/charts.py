"""The dashboard's two charts (QtCharts): complaints of the month by category, and the last twelve
months' complaints, major complaints and suggestions."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QApplication, QWidget

from wuye_desktop.domain.analysis import TrendItem
from wuye_desktop.domain.stats import nice_max

SERIES_COLOURS = ("#2f5597", "#c55a11", "#548235")
MAX_CATEGORIES = 8


def _base_chart(title: str) -> QChart:
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 4, 4))
    font = QFont(QApplication.font())
    font.setPointSize(10)
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setTitle(title)
    chart.legend().setFont(QApplication.font())
    return chart


def _axis_font() -> QFont:
    font = QFont(QApplication.font())
    font.setPointSize(8)
    return font


def _count_axis(largest: int) -> QValueAxis:
    """A value axis of whole counts from 0, at most five round steps (domain.stats.nice_max)."""
    top, step = nice_max(largest, 5)
    axis = QValueAxis()
    axis.setRange(0, top)
    axis.setTickCount(top // step + 1)
    axis.setLabelFormat("%d")
    axis.setLabelsFont(_axis_font())
    return axis


class _View(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(270)

    def replace_chart(self, chart: QChart) -> None:
        # The view releases, but does not delete, the chart it showed before.
        old = self.chart()
        self.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()


class CategoryChart(_View):
    """Horizontal bars, the most frequent category on top."""

    def show_counts(self, title: str, items: Sequence[tuple[str, int]]) -> None:
        items = [i for i in items if i[1] > 0][:MAX_CATEGORIES]
        chart = _base_chart(title if items else f"{title}（暂无投诉）")
        chart.legend().hide()
        if items:
            rows = list(reversed(items))
            bars = QBarSet("投诉宗数")
            bars.setColor(QColor(SERIES_COLOURS[0]))
            bars.append([float(n) for _, n in rows])
            bars.setLabelColor(QColor("#1f2328"))
            series = QHorizontalBarSeries()
            series.append(bars)
            series.setLabelsVisible(True)
            series.setLabelsFormat("@value")
            series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
            chart.addSeries(series)
            names = QBarCategoryAxis()
            names.append([name for name, _ in rows])
            names.setLabelsFont(_axis_font())
            # Headroom for the value written after the longest bar.
            values = _count_axis(max(n for _, n in rows) * 11 // 10 + 1)
            chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
            chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
            series.attachAxis(names)
            series.attachAxis(values)
        self.replace_chart(chart)
        self.counts = list(items)


class TrendChart(_View):
    """One line per series over the trend's periods."""

    def show_trend(self, title: str, trend: Sequence[TrendItem]) -> None:
        chart = _base_chart(title)
        self.series_values: dict[str, list[int]] = {
            "投诉": [t.complaints for t in trend], "其中重大投诉": [t.major for t in trend],
            "合理化建议": [t.suggestions for t in trend]}
        labels = [t.period.short_label for t in trend]
        axis_x = QBarCategoryAxis()
        axis_x.append(labels)
        axis_x.setLabelsFont(_axis_font())
        axis_y = _count_axis(max((max(v) for v in self.series_values.values() if v), default=1))
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for (name, values), colour in zip(self.series_values.items(), SERIES_COLOURS):
            line = QLineSeries()
            line.setName(name)
            line.setPen(QPen(QColor(colour), 2))
            line.setPointsVisible(True)
            line.append([QPointF(i, v) for i, v in enumerate(values)])
            chart.addSeries(line)
            line.attachAxis(axis_x)
            line.attachAxis(axis_y)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.replace_chart(chart)
