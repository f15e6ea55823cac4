"""Bar charts for the 汇总与公示 page, with QtCharts. This module is imported only when the page is first
shown, so the window's start does not load QtCharts."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QSize, Qt
from PySide6.QtGui import QPainter


class BarChart(QChartView):
    """One bar set over named categories; `show_counts` replaces what is drawn (and keeps it readable as
    `values()`)."""

    def __init__(self, title: str, horizontal: bool = False, parent=None):
        super().__init__(parent)
        self.horizontal = horizontal
        chart = QChart()
        chart.setTitle(title)
        chart.legend().hide()
        chart.setMargins(QMargins(2, 2, 2, 2))
        chart.setBackgroundRoundness(0)
        self.setChart(chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName(title)

    def sizeHint(self) -> QSize:  # no taller than asked: the page fits a 768-pixel screen without scrolling
        return QSize(260, max(self.minimumHeight(), 120))

    def show_counts(self, counts: list[tuple[str, int]], name: str) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        if self.horizontal:  # drawn bottom-up: reversed, so the first category is at the top
            counts = counts[::-1]
        bars = QBarSet(name)
        bars.append([float(n) for _, n in counts])
        bars.setLabelColor(Qt.GlobalColor.black)
        series = QHorizontalBarSeries() if self.horizontal else QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append([label for label, _ in counts])
        numbers = QValueAxis()
        numbers.setLabelFormat("%d")
        top = max([n for _, n in counts] + [0])
        upper = max(top + 1, 4)
        numbers.setRange(0, upper)
        if upper <= 10:
            numbers.setTickCount(upper + 1)
        else:
            numbers.applyNiceNumbers()
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft if self.horizontal else Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(numbers, Qt.AlignmentFlag.AlignBottom if self.horizontal else Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(names)
        series.attachAxis(numbers)
        self.setToolTip("\n".join(self.tr("{0}：{1}").format(label, n)
                                   for label, n in (counts[::-1] if self.horizontal else counts)))

    def values(self) -> dict[str, int]:
        """What the chart shows: category → bar value."""
        (series,) = self.chart().series()
        (bars,) = series.barSets()
        names = next(a for a in self.chart().axes() if isinstance(a, QBarCategoryAxis)).categories()
        return {name: int(bars.at(i)) for i, name in enumerate(names)}
