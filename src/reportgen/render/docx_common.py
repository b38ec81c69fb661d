"""What the Word template generator, the template checker and the renderer share.

A template is rendered with this context (docxtpl, autoescaped):

- `report`: the `ReportView` (`report.title`, `report.title_lines`, `report.preamble`, `report.signoff`,
  `report.signoff_lines` (each with `text` and `right`, its right indent in characters), `report.draft`,
  `report.draft_mark`);
- `s1` … `s6`: the six sections (`SectionView`: `heading`, `intro`, `parts`, `paragraphs`);
- `c`: every figure of tables 二–四 as printed, one simple placeholder per value cell, named
  `t<table>_<row>_<column>` from the edition declaration: `{{ c.t3_12_1 }}` is table 三, its 12th
  declared row, its 1st column. A template holds each of its edition's names, in the cell the
  printed form puts it.

Nothing else: `docx_context` declares this context attribute by attribute, and the template check
refuses any other read (a name beginning with `_` above all); rendering runs in Jinja's sandbox.

A .docx is a zip; `deterministic_zip` rewrites one with fixed timestamps and attributes, so that the
same input always gives the same bytes (templates and reports alike).
"""

from __future__ import annotations

import io
import zipfile
from functools import cache

from ..editions import Column, Edition, Row, Table
from .view import ReportView

CELLS = "c"
REPORT = "report"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold: no build time leaks into the file


def template_name(edition: Edition) -> str:
    """The file name of an edition's template: report-2019.docx, report-2021.docx."""
    return f"report-{edition.year}.docx"


def section_name(index: int) -> str:
    """The context name of the index-th section (0-based): s1 … s6."""
    return f"s{index + 1}"


def field_name(table: Table, row: Row, column: Column) -> str:
    """The placeholder name of a value cell: t3_12_1 (table 三, 12th row, 1st column)."""
    row_index = table.rows().index(row) + 1
    column_index = table.columns_of(row).index(column) + 1
    return f"t{table.digit}_{row_index}_{column_index}"


def placeholder(table: Table, row: Row, column: Column) -> str:
    """The text a template's value cell holds."""
    return f"{{{{ {CELLS}.{field_name(table, row, column)} }}}}"


@cache
def _field_names(table: Table) -> tuple[tuple[tuple[str, str], str], ...]:
    """((row key, column key), placeholder name) of every value cell of a table, worked out once."""
    return tuple(((row.key, column.key), field_name(table, row, column)) for row, column in table.cells())


def fields(edition: Edition) -> dict[str, tuple[Table, Row, Column]]:
    """Every value cell of an edition's three tables, by placeholder name, in declaration order."""
    return {
        field_name(table, row, column): (table, row, column)
        for table in edition.tables
        for row, column in table.cells()
    }


def variable_names(section_count: int) -> frozenset[str]:
    """The top-level names a template may use."""
    return frozenset({REPORT, CELLS, *(section_name(index) for index in range(section_count))})


def context(view: ReportView) -> dict[str, object]:
    """The rendering context of one report: the view itself, its sections and its figures by name."""
    cells: dict[str, str] = {}
    for section in view.sections:
        if section.table is None:
            continue
        for key, name in _field_names(section.table.declaration):
            cells[name] = section.table.text(*key)
    result: dict[str, object] = {REPORT: view, CELLS: cells}
    for index, section in enumerate(view.sections):
        result[section_name(index)] = section
    return result


def deterministic_zip(data: bytes) -> bytes:
    """The same zip with every member dated 1980-01-01 and fixed attributes, in the same order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(member), compresslevel=6)
    return buffer.getvalue()
