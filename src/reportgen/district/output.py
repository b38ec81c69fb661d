"""The summary written out: CSV (UTF-8 with a BOM, which Excel needs to read Chinese), an Excel
workbook (one sheet per year) or the HTML page; chosen by the output's extension."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from ..atomic import make_folder, replace_atomic
from ..check import check_paths
from ..errors import ReportgenError
from .summary import COLUMNS, SummaryColumn, SummaryRow, summary_rows

SUFFIXES = (".html", ".xlsx", ".csv")


def _text(column: SummaryColumn, row: SummaryRow) -> str:
    value = column.value(row)
    if value is None:
        return ""
    if column.kind == "share":
        return f"{value:.1%}"  # type: ignore[str-format]
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def summary_csv(rows: list[SummaryRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.heading for column in COLUMNS])
    for row in rows:
        writer.writerow([_text(column, row) for column in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def sheets_by_year(rows: list[SummaryRow]) -> list[tuple[str, list[SummaryRow]]]:
    """One sheet per year; a file that cannot be read belongs to no year and is listed on every sheet."""
    years = sorted({row.year for row in rows if row.year is not None})
    undated = [row for row in rows if row.year is None]
    if len(years) <= 1:
        return [(f"{years[0]}年" if years else "汇总", rows)]
    return [(f"{year}年", [row for row in rows if row.year == year] + undated) for year in years]


def summary_xlsx(rows: list[SummaryRow]) -> bytes:
    """The workbook: a frozen header row and first column, filters on every column, numbers as numbers."""
    import xlsxwriter  # only when a workbook is written

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "bg_color": "#E8EEF7", "border": 1})
    formats = {
        "text": book.add_format({"text_wrap": True, "valign": "top"}),
        "count": book.add_format({"num_format": "0", "valign": "top"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd", "valign": "top"}),
        "share": book.add_format({"num_format": "0.0%", "valign": "top"}),
    }
    failed = book.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE", "text_wrap": True, "valign": "top"})
    widths = {"机关": 34, "校验结论": 30, "文件": 30, "格式": 14}
    for name, sheet_rows in sheets_by_year(rows):
        sheet = book.add_worksheet(name)
        for index, column in enumerate(COLUMNS):
            sheet.write_string(0, index, column.heading, header)
            sheet.set_column(index, index, widths.get(column.heading, 12 if column.kind != "text" else 16))
        for number, row in enumerate(sheet_rows, start=1):
            for index, column in enumerate(COLUMNS):
                value = column.value(row)
                style = failed if column.alerted(row) else formats[column.kind]
                if value is None or value == "":
                    sheet.write_blank(number, index, None, style)
                elif column.kind == "date":
                    sheet.write_datetime(number, index, value, style)  # type: ignore[arg-type]
                elif column.kind in ("count", "share"):
                    sheet.write_number(number, index, float(value), style)  # type: ignore[arg-type]
                else:
                    sheet.write_string(number, index, str(value), style)
        sheet.freeze_panes(1, 1)
        sheet.autofilter(0, 0, max(len(sheet_rows), 1), len(COLUMNS) - 1)
        sheet.set_row(0, 32)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.repeat_rows(0)
        sheet.fit_to_pages(1, 0)
    book.close()
    return buffer.getvalue()


def render_summary(rows: list[SummaryRow], suffix: str, title: str) -> bytes:
    if suffix == ".csv":
        return summary_csv(rows)
    if suffix == ".xlsx":
        return summary_xlsx(rows)
    from .page import summary_html

    return summary_html(rows, title).encode("utf-8")


def write_summary(paths: list[Path], out: Path, year: int | None = None) -> list[SummaryRow]:
    """Check every file named, and write the summary to `out` (.html, .xlsx or .csv)."""
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReportgenError(f"--out 应以 {'、'.join(SUFFIXES)} 结尾（网页、Excel 或 CSV）；“{out}”不是。")
    if out.is_dir():
        raise ReportgenError(f"“{out}”是文件夹：--out 要写一个文件名，如 汇总.html。")
    rows = summary_rows(check_paths(paths), year, beside=out.parent)
    make_folder(out.parent)
    years = sorted({row.year for row in rows if row.year is not None})
    span = f"{years[0]}年" if len(years) == 1 else (f"{years[0]}—{years[-1]}年" if years else "")
    title = f"{span}政府信息公开工作年度报告汇总"
    replace_atomic(out, render_summary(rows, suffix, title))
    return rows
