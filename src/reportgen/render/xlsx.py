"""Excel: a report's three tables as a workbook laid out like the national form — what a department
fills in and sends up when the district collects figures (`reportgen import` reads it back).

Each table is one sheet drawn from the same merged-cell grid as the HTML and Word renderers
(`layout.table_grid`), so every label and merge is the form's. Totals are formulas that Excel (and
WPS, LibreOffice) recompute when a figure is changed, stored with their computed value so that a
reader which does not recompute sees the right number too. A first sheet (说明) carries the report's
title, from which the importer reads the agency and the year.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from ..editions import AppealsTable, ApplicationsTable, Column, Row, Table, ValueKind
from ..model import Agency, Figures, Number, Report
from .layout import GridCell, Role, TableGrid, table_grid
from .values import DRAFT_MARK, MONEY_PLACES, report_title

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

COVER_SHEET = "说明"
CAPTION_ROWS = 1  # the table's caption above its grid
_TABLE_ATTRIBUTES = ("proactive", "applications", "appeals")


def cell_address(row: int, column: int) -> str:
    """(0-based row, column) → A1."""
    letters = ""
    column += 1
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return f"{letters}{row + 1}"


def _derived(table: Table, row: Row, column: Column) -> bool:
    return column.derived or row.derived


def _sum_formula(addresses: Sequence[str]) -> str:
    return f"=SUM({','.join(addresses)})"


def total_parts(table: Table, row: Row, column: Column) -> list[tuple[Row, Column]]:
    """The cells a total adds up (a total of totals adds the row's applicant columns)."""
    if isinstance(table, ApplicationsTable):
        if column.derived:
            return [(row, part) for part in table.applicant_columns]
        return [(outcome, column) for outcome in table.outcome_rows]
    if isinstance(table, AppealsTable):
        return [(row, part) for part in table.outcome_columns]
    return []


def _ranges(cells: list[tuple[int, int]]) -> list[str]:
    """Grid positions as A1 ranges, consecutive cells of a row or a column joined (D6:D30)."""
    if not cells:
        return []
    rows = {r for r, _ in cells}
    columns = {c for _, c in cells}
    if len(columns) == 1 and max(rows) - min(rows) + 1 == len(cells):
        c = cells[0][1]
        return [f"{cell_address(min(rows), c)}:{cell_address(max(rows), c)}"]
    if len(rows) == 1 and max(columns) - min(columns) + 1 == len(cells):
        r = cells[0][0]
        return [f"{cell_address(r, min(columns))}:{cell_address(r, max(columns))}"]
    return [cell_address(r, c) for r, c in cells]


class _Styles:
    def __init__(self, book: Workbook) -> None:
        base = {"border": 1, "valign": "vcenter", "text_wrap": True, "font_name": "宋体", "font_size": 10}
        self.caption = book.add_format({"bold": True, "font_size": 12, "font_name": "黑体", "valign": "vcenter"})
        self.header = book.add_format({**base, "bold": True, "align": "center", "bg_color": "#E8EEF7"})
        self.label = book.add_format({**base, "align": "left"})
        self.title = book.add_format({**base, "bold": True, "align": "left", "bg_color": "#F2F2F2"})
        self.empty = book.add_format({**base, "bg_color": "#F2F2F2"})
        self.counts = book.add_format({**base, "align": "right", "num_format": "0"})
        self.money = book.add_format({**base, "align": "right", "num_format": "0." + "0" * MONEY_PLACES})
        self.total = book.add_format({**base, "align": "right", "num_format": "0", "bg_color": "#F2F2F2", "bold": True})
        self.text = book.add_format({"text_wrap": True, "valign": "top", "font_size": 11})
        self.heading = book.add_format({"bold": True, "font_size": 14})

    def value(self, column: Column, total: bool) -> Format:
        if total:
            return self.total
        return self.money if column.kind is ValueKind.MONEY else self.counts


def _number(value: Number) -> int | float:
    return float(value) if isinstance(value, Decimal) else value


def _write_header(sheet: Worksheet, styles: _Styles, top: int, cell: GridCell) -> None:
    style = {Role.TITLE: styles.title, Role.NOTE: styles.label, Role.ROW_HEADER: styles.label,
             Role.EMPTY: styles.empty}.get(cell.role, styles.header)
    first_row, first_col = top + cell.top, cell.left
    if cell.rowspan > 1 or cell.colspan > 1:
        sheet.merge_range(first_row, first_col, first_row + cell.rowspan - 1, first_col + cell.colspan - 1,
                          cell.text, style)
    else:
        sheet.write_string(first_row, first_col, cell.text, style)


def _write_value(sheet: Worksheet, styles: _Styles, top: int, cell: GridCell, figures: Figures | None,
                 where: dict[tuple[str, str], tuple[int, int]], table: Table) -> None:
    assert cell.row is not None and cell.column is not None
    found = figures.cells.get(cell.key) if figures is not None else None
    value = found.value if found is not None else None
    total = _derived(table, cell.row, cell.column)
    style = styles.value(cell.column, total)
    first_row, first_col = top + cell.top, cell.left
    if cell.colspan > 1 or cell.rowspan > 1:
        sheet.merge_range(first_row, first_col, first_row + cell.rowspan - 1, first_col + cell.colspan - 1, None, style)
    if total:
        parts = [where[(part_row.key, part_column.key)] for part_row, part_column in total_parts(table, cell.row, cell.column)]
        formula = _sum_formula(_ranges([(top + r, c) for r, c in parts]))
        sheet.write_formula(first_row, first_col, formula, style, _number(value) if value is not None else "")
    elif value is not None:
        sheet.write_number(first_row, first_col, _number(value), style)
    elif found is not None and (found.raw or "").strip():
        sheet.write_string(first_row, first_col, (found.raw or "").strip(), style)  # a draft: as written
    else:
        sheet.write_blank(first_row, first_col, None, style)


def _table_sheet(book: Workbook, styles: _Styles, grid: TableGrid, figures: Figures | None) -> None:
    table = grid.table
    sheet = book.add_worksheet(table.name)
    sheet.merge_range(0, 0, 0, grid.width - 1, grid.caption, styles.caption) if grid.width > 1 else \
        sheet.write_string(0, 0, grid.caption, styles.caption)
    sheet.set_row(0, 24)
    top = CAPTION_ROWS
    where = {cell.key: (cell.top, cell.left) for cell in grid.value_cells()}
    for cell in grid.cells():
        if cell.role is Role.VALUE:
            _write_value(sheet, styles, top, cell, figures, where, table)
        else:
            _write_header(sheet, styles, top, cell)
    scale = 100 / sum(grid.weights)
    for index, weight in enumerate(grid.weights):
        sheet.set_column(index, index, max(10.0, round(weight * scale, 1)))
    for grid_row in grid.rows:
        longest = max((len(cell.text) / max(1, cell.colspan) for cell in grid_row.cells if cell.rowspan == 1), default=0)
        if longest > 12:
            sheet.set_row(top + grid.rows.index(grid_row), 15 * min(4, 1 + int(longest // 14)))
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0, top + len(grid.header_rows) - 1 if grid.header_rows else 0)


def _cover(book: Workbook, styles: _Styles, agency: Agency, report: Report, draft: bool) -> None:
    sheet = book.add_worksheet(COVER_SHEET)
    sheet.set_column(0, 0, 100)
    title = report_title(agency, report)
    sheet.write_string(0, 0, title, styles.heading)
    lines = [
        f"格式：{report.edition.document}",
        *([f"注意：这是{DRAFT_MARK}时生成的表格，其中的数字可能有误或尚未填写，请逐格核对。"] if draft else []),
        f"填写说明：{'、'.join(table.name for table in report.edition.tables)}各占一个工作表，行列与国家格式相同。请在白色格中填写数字（没有发生的填 0），"
        "灰色的总计格由公式自动计算，不必填写。可以在 Excel 或 WPS 中填写后交回，由 reportgen import 按表中的行名、列名读入。",
    ]
    for index, line in enumerate(lines, start=2):
        sheet.write_string(index, 0, line, styles.text)
    sheet.activate()


def render_xlsx(agency: Agency, report: Report, *, draft: bool = False) -> bytes:
    """The report's tables as an .xlsx workbook (bytes)."""
    import xlsxwriter  # only when a workbook is built

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": report_title(agency, report), "author": agency.name.value if agency.name else "",
                         "comments": "reportgen"})
    styles = _Styles(book)
    _cover(book, styles, agency, report, draft)
    for attribute, table in zip(_TABLE_ATTRIBUTES, report.edition.tables, strict=True):
        _table_sheet(book, styles, table_grid(table), getattr(report, attribute))
    book.close()
    return buffer.getvalue()
