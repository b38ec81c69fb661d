"""How figures, dates and titles are printed: shared by every renderer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..editions import Column, ValueKind
from ..model import Agency, Cell, Figures, Number, Report

MONEY_PLACES = 4
REPORT_TITLE_SUFFIX = "年政府信息公开工作年度报告"
DRAFT_MARK = "草稿（数据未通过校验）"


def format_number(value: Number, column: Column) -> str:
    """A figure as printed: money with four decimal places (万元), counts as whole numbers."""
    if column.kind is ValueKind.MONEY:
        return f"{Decimal(value):.{MONEY_PLACES}f}"
    return str(value)


def cell_text(cell: Cell | None) -> str:
    """What a cell shows: its figure (derived totals included); in a draft of a faulty file, a cell
    without a usable number shows what was written, or nothing."""
    if cell is None:
        return ""
    if cell.value is not None:
        return format_number(cell.value, cell.column)
    return (cell.raw or "").strip()


def figure_texts(figures: Figures | None) -> dict[tuple[str, str], str]:
    """Every cell's printed text, keyed like `Figures.cells`."""
    if figures is None:
        return {}
    return {key: cell_text(cell) for key, cell in figures.cells.items()}


def chinese_date(day: date) -> str:
    """2021-01-05 → 2021年1月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def text_width(text: str) -> float:
    """A text's width in full-width characters: ASCII letters and digits are half-width."""
    return sum(0.5 if character.isascii() else 1.0 for character in text)


def report_title(agency: Agency, report: Report) -> str:
    """The report's title as written, or 〈机关名称〉〈年〉年政府信息公开工作年度报告."""
    if report.title is not None and report.title.value:
        return report.title.value
    name = agency.name.value if agency.name else ""
    return f"{name}{report.year}{REPORT_TITLE_SUFFIX}"
