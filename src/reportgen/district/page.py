"""The summary as one self-contained HTML page: counts, two inline SVG charts, the sortable and
filterable table. Python computes every value and every bar; the template only lays them out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..render.html import TEMPLATES_DIR
from .charts import Chart, received_chart, totals_chart
from .summary import COLUMNS, FILE_COLUMN, SummaryColumn, SummaryRow

SUMMARY_TEMPLATE = "html/summary.html.j2"


@lru_cache(maxsize=1)
def environment() -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True,
                                         undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                                         keep_trailing_newline=True)


@dataclass(frozen=True)
class Cell:
    text: str
    sort: str  # what the table sorts by: a number, an ISO date, a column's own key or the text
    numeric: bool = False
    date: bool = False  # kept on one line
    alert: bool = False  # a failed check, a late report, copied text


@dataclass(frozen=True)
class PageRow:
    cells: tuple[Cell, ...]  # every column but the name (the row's header) and the file
    name: str
    link: str | None
    failed: bool
    late: bool
    copied: bool


def _cell(column: SummaryColumn, row: SummaryRow) -> Cell:
    value = column.value(row)
    alert = column.alerted(row)
    if value is None or value == "":
        return Cell("—" if column.kind != "text" else "", "", column.kind != "text")
    if column.kind == "share":
        return Cell(f"{value:.1%}", f"{value:.6f}", True)  # type: ignore[str-format]
    if column.kind == "count":
        return Cell(str(value), str(value), True)
    if isinstance(value, date):
        return Cell(value.isoformat(), value.isoformat(), date=True)
    return Cell(str(value), column.sort(row) if column.sort else str(value), alert=alert)


def page_rows(rows: list[SummaryRow]) -> list[PageRow]:
    shown = [column for column in COLUMNS if column is not FILE_COLUMN][1:]
    return [PageRow(tuple(_cell(column, row) for column in shown), row.name, row.link, not row.passed, row.late,
                    row.copied > 0) for row in rows]


def counts(rows: list[SummaryRow]) -> list[tuple[str, int]]:
    """What the page says above the charts: reports, passed, with errors, late, copied; files not read."""
    reports = [row for row in rows if row.year is not None and row.problem is None]
    return [
        ("份报告", len(reports)),
        ("份通过校验", sum(1 for row in reports if row.passed)),
        ("份有错误", sum(1 for row in reports if not row.passed)),
        ("份逾期发布", sum(1 for row in reports if row.late)),
        ("份内容雷同", sum(1 for row in reports if row.copied)),
        ("个文件无法读取或没有该年度的报告", sum(1 for row in rows if row.problem is not None)),
    ]


def summary_html(rows: list[SummaryRow], title: str) -> str:
    charts: list[Chart] = [chart for chart in (received_chart(rows), totals_chart(rows)) if chart is not None]
    headings = [column.heading for column in COLUMNS if column is not FILE_COLUMN]
    numeric = [column.kind in ("count", "share") for column in COLUMNS if column is not FILE_COLUMN]
    return environment().get_template(SUMMARY_TEMPLATE).render(
        title=title, rows=page_rows(rows), sources=[row.path.as_posix() for row in rows], headings=headings,
        numeric=numeric, counts=counts(rows), charts=charts, problems=[row for row in rows if row.problem])
