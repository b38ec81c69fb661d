"""The two charts above the summary table, as geometry for inline SVG (the template only draws).

- applications received per agency (horizontal bars, the year with the most reports);
- the district's totals over the years present (grouped bars: received, disclosed in full or part,
  carried over, appeals).

Each chart also says in words what it shows (its SVG <desc>), for a screen reader.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..editions.common import CARRIED_FORWARD, DISCLOSED, LITIGATION, PARTLY_DISCLOSED, RECEIVED, RECONSIDERATION
from ..model import Number
from .summary import SummaryRow, year_totals

CHART_WIDTH = 720


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int  # colour: 0 … 3
    value: Number
    label: str  # what a tooltip says


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"  # SVG text-anchor


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    bars: tuple[Bar, ...]
    labels: tuple[Label, ...]
    legend: tuple[tuple[int, str], ...] = ()  # (series, name)
    baseline: tuple[float, float, float, float] = (0, 0, 0, 0)  # x1, y1, x2, y2 of the axis line


def _scale(maximum: Number, length: float) -> float:
    return length / float(maximum) if maximum else 0.0


def _short(name: str, limit: int = 16) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def received_chart(rows: list[SummaryRow]) -> Chart | None:
    """本年新收 per agency, for the year with the most reports (the latest of equals)."""
    years = Counter(row.year for row in rows if row.year is not None and row.figures)
    if not years:
        return None
    year = max(years, key=lambda y: (years[y], y))
    found = [(row.name, row.figures.get(RECEIVED.key)) for row in rows if row.year == year and row.figures]
    found = [(name, value or 0) for name, value in found]
    label_width, bar_left, row_height, top = 250.0, 260.0, 26.0, 10.0
    length = CHART_WIDTH - bar_left - 60
    scale = _scale(max(value for _, value in found), length)
    bars, labels = [], []
    for index, (name, value) in enumerate(found):
        y = top + index * row_height
        width = float(value) * scale
        bars.append(Bar(bar_left, y + 4, max(width, 1.0), row_height - 8, 0, value, f"{name}：{value} 件"))
        labels.append(Label(label_width, y + row_height / 2 + 5, _short(name), "end"))
        labels.append(Label(bar_left + max(width, 1.0) + 6, y + row_height / 2 + 5, str(value)))
    height = int(top * 2 + row_height * len(found))
    description = "；".join(f"{name} {value} 件" for name, value in found)
    return Chart("chart-received", f"{year}年各机关{RECEIVED.key}政府信息公开申请（件）",
                 f"{year}年各机关{RECEIVED.key}申请：{description}。", CHART_WIDTH, height, tuple(bars), tuple(labels),
                 baseline=(bar_left, top, bar_left, top + row_height * len(found)))


SERIES = (RECEIVED.key, f"{DISCLOSED.key}和{PARTLY_DISCLOSED.key}", CARRIED_FORWARD.key,
          f"{RECONSIDERATION.key}和{LITIGATION.key}")


def totals_chart(rows: list[SummaryRow]) -> Chart | None:
    """The district's totals per year: four bars a year."""
    totals = year_totals(rows)
    if not totals:
        return None
    left, top, plot_height, bottom = 40.0, 30.0, 180.0, 40.0
    group_width = (CHART_WIDTH - left - 20) / len(totals)
    bar_width = min(36.0, group_width / (len(SERIES) + 1))
    maximum = max(max(t.received, t.disclosed, t.carried, t.appeals) for t in totals)
    scale = _scale(maximum, plot_height - 20)
    base = top + plot_height
    bars, labels = [], []
    for number, total in enumerate(totals):
        start = left + number * group_width + (group_width - bar_width * len(SERIES)) / 2
        for series, value in enumerate((total.received, total.disclosed, total.carried, total.appeals)):
            height = float(value) * scale
            x = start + series * bar_width
            bars.append(Bar(x, base - height, bar_width - 4, height, series, value,
                            f"{total.year}年 {SERIES[series]}：{value} 件"))
            labels.append(Label(x + (bar_width - 4) / 2, base - height - 4, str(value), "middle"))
        labels.append(Label(left + number * group_width + group_width / 2, base + 18,
                            f"{total.year}年（{total.reports} 份报告）", "middle"))
    description = "；".join(
        f"{t.year}年：" + "，".join(f"{name} {value} 件" for name, value in zip(
            SERIES, (t.received, t.disclosed, t.carried, t.appeals), strict=True)) for t in totals)
    return Chart("chart-totals", "全区各年度合计（件）", description + "。", CHART_WIDTH, int(base + bottom),
                 tuple(bars), tuple(labels), tuple(enumerate(SERIES)), baseline=(left, base, CHART_WIDTH - 20, base))
