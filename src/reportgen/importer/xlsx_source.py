"""Reading a workbook (.xlsx) laid out like the national form — written by `build --format xlsx`, or
typed or edited by hand in Excel or WPS — into units, as the other sources are read.

Nothing is read by position alone: every cell becomes a unit and the table readers place each
figure by its row and column labels, exactly as for a web page or a Word table. So a moved row, a
blank cell, a number stored as text or a different set of merged cells reads the same. A merged
range is one unit (the cells it covers are skipped, as a Word or HTML table prints it once); a row
holding only one piece of text (a title, a caption) is a paragraph. A formula whose value the
workbook did not store (a file saved by a program that does not compute) reads as blank.

A workbook holds no prose: the imported report gets the skeleton's placeholders for the sections to
write (`finish_workbook`), and every note names its sheet and cell (工作表“表三”D7), not a line.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING

from .. import document as doc
from ..editions import AppealsTable, ApplicationsTable
from ..errors import ReportgenError
from .agency_yaml import WORKBOOK
from .cell_values import Printed
from .imported import Imported, OverviewPart, Paragraph, SectionRead
from .labels import LabelKind, matches
from .limits import check_xlsx
from .source_units import Source, SourceUnit

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

#: Cells read at most: a form's three sheets hold a few hundred; more is not a report's workbook.
MAX_CELLS = 200_000


def is_workbook(archive: zipfile.ZipFile) -> bool:
    return "xl/workbook.xml" in archive.namelist()


def _text(value: object) -> str:
    """A cell's value as the table readers see printed text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)).quantize(Decimal("0.000001")).normalize(), "f")
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    return str(value)


#: Column headers that fix where a table's figures start (总计 and 其他 are also row labels: never).
_COLUMN_KINDS = {LabelKind.T2_COLUMN: "二", LabelKind.T3_COLUMN: "三", LabelKind.T4_COLUMN: "四"}


def _column_header(text: str) -> str | None:
    """The table whose column header the text is, if it is one."""
    for match in matches(text):
        if match.entry.kind in _COLUMN_KINDS and match.entry.key not in ("总计", "其他"):
            return _COLUMN_KINDS[match.entry.kind]
    return None


class _WorkbookReader:
    """Units of the sheets, each remembering its cell. A blank cell left of the table's first figure
    column (where its column headers start) is part of a label typed without merging: not a figure."""

    def __init__(self) -> None:
        self.units: list[SourceUnit] = []
        self.where: dict[int, str] = {}
        self.cells = 0

    def add(self, unit: SourceUnit, sheet: Worksheet, coordinate: str) -> None:
        unit.line = len(self.units) + 1
        self.units.append(unit)
        self.where[unit.line] = f"工作表“{sheet.title}”{coordinate}"

    def read_sheet(self, sheet: Worksheet, index: int) -> None:
        covered = {(row, column) for merged in sheet.merged_cells.ranges
                   for row in range(merged.min_row, merged.max_row + 1)
                   for column in range(merged.min_col, merged.max_col + 1)
                   if (row, column) != (merged.min_row, merged.min_col)}
        first_figure: dict[str, int] = {}  # table → the leftmost column of its column headers
        table: str | None = None
        for row in sheet.iter_rows():
            self.cells += len(row)
            if self.cells > MAX_CELLS:
                raise ReportgenError(f"工作簿太大（超过 {MAX_CELLS} 个单元格）：这不像是年度报告的表格。")
            present = [(cell, _text(cell.value)) for cell in row if (cell.row, cell.column) not in covered]
            filled = [(cell, text) for cell, text in present if text.strip()]
            if not filled:
                continue
            if len(filled) == 1 and not isinstance(filled[0][0].value, int | float):
                self.add(SourceUnit(filled[0][1], cell=False), sheet, filled[0][0].coordinate)
                continue
            for cell, text in filled:
                header = _column_header(text)
                if header is not None:
                    table = header
                    first_figure[header] = min(first_figure.get(header, cell.column), cell.column)
            limit = first_figure.get(table, 0) if table else 0
            span = [(cell, text) for cell, text in present[present.index(filled[0]):]
                    if text.strip() or cell.column >= limit]
            after_label = False
            for position, (cell, text) in enumerate(span):
                known = bool(text.strip()) and (isinstance(cell.value, int | float) or bool(matches(text)))
                self.add(SourceUnit(text, cell=True, row_end=position == len(span) - 1, table_id=index,
                              value_cell=after_label and not known), sheet, cell.coordinate)
                after_label = after_label or known


def read_xlsx(data: bytes) -> Source:
    """The units of a workbook: every sheet, row by row; `Source.where` maps each unit's line to its cell."""
    try:
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError as error:  # a dependency of reportgen: only a broken installation lacks it
        raise ReportgenError("读取 Excel 文件需要 openpyxl：请重新安装 reportgen（pip install reportgen）。") from error
    check_xlsx(data)  # the zip and the sheets' XML within the limits, before openpyxl inflates them
    try:
        book = openpyxl.load_workbook(BytesIO(data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ReportgenError(f"无法读取这个 Excel 文件（{type(error).__name__}）：文件可能已损坏，"
                             "请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。") from error
    reader = _WorkbookReader()
    for index, sheet in enumerate(book.worksheets):
        reader.read_sheet(sheet, index)
    title = book.properties.title if book.properties else None
    return Source(reader.units, WORKBOOK, [], title_hint=title, where=reader.where)


# -- after the report is read ------------------------------------------------------------------------

_LINE = re.compile(r"第 (\d+) 行")
_ABOUT_SECTIONS = frozenset({"A-1", "A-2"})  # a workbook has no headings and no prose: not a defect


def _located(text: str | None, where: dict[int, str]) -> str | None:
    if text is None:
        return None
    return _LINE.sub(lambda match: where.get(int(match.group(1)), match.group(0)), text)


def finish_workbook(imported: Imported, source: Source) -> None:
    """Cells named by sheet and address; deleted totals left to be computed; placeholders for the prose."""
    where = source.where
    kept = []
    for note in imported.notes:
        if note.rule in _ABOUT_SECTIONS:
            continue
        if note.line in where:
            note.message = f"{where[note.line]}：{_located(note.message, where)}"
            note.line = None
        kept.append(note)
    imported.notes = kept
    for table in imported.tables.values():
        table.comments = [_located(comment, where) or "" for comment in table.comments]
        for extra in table.extra_rows:
            if extra.line in where:
                extra.label = f"{extra.label}”（{where[extra.line]}）“"
                extra.line = None
        for read in table.rows.values():
            read.comment = _located(read.comment, where)
            read.line = None
        _drop_blank_totals(imported, table.number)
        _name_bad_values(imported, table.number, where)
    _placeholders(imported)


def _drop_blank_totals(imported: Imported, number: str) -> None:
    """A total left blank (deleted, or a formula whose result the workbook did not store) is not
    written: the loader computes it. A row whose only blanks were totals needs no comment."""
    table = next(t for t in imported.edition.tables if t.number == number)
    if not isinstance(table, ApplicationsTable | AppealsTable):
        return
    read = imported.tables[number]
    for row_read in list(read.rows.values()):
        row = table.row(row_read.key)
        if row.derived and all(value.kind is Printed.BLANK for value in row_read.values):
            del read.rows[row.key]  # （七）总计 all blank: computed by the loader, nothing to note
            name = table.cell_name(row)
            imported.notes = [note for note in imported.notes if not (note.where or "").startswith(name)]
            continue
        dropped = False
        for column in table.columns_of(row):
            value = row_read.cells.get(column.key)
            if value is not None and value.kind is Printed.BLANK and (column.derived or row.derived):
                del row_read.cells[column.key]
                dropped = True
        if dropped and all(value.kind is not Printed.BLANK for value in row_read.cells.values()):
            row_read.comment = None


def _name_bad_values(imported: Imported, number: str, where: dict[int, str]) -> None:
    table = next(t for t in imported.edition.tables if t.number == number)
    for row_read in imported.tables[number].rows.values():
        row = table.row(row_read.key)
        for column in table.columns_of(row):
            value = row_read.cells.get(column.key)
            if value is not None and value.kind is Printed.PLACEHOLDER and value.line in where:
                imported.note(f"{where[value.line]}：{table.cell_name(row, column)} 填的是“{value.text}”，不是数字；"
                              "照录在文件中，请改为数字（check 会列出这一格）。", None, None, table.cell_name(row, column))


def _placeholders(imported: Imported) -> None:
    """The sections a workbook cannot hold, written as `reportgen new` writes them: to be filled in."""
    imported.preamble = []
    for section in doc.SECTIONS:
        read = imported.sections.setdefault(section.number, SectionRead(section.number))
        read.printed = section.heading
        if section is doc.OVERVIEW:
            read.paragraphs = []
        elif section.table is None:
            read.paragraphs = [Paragraph(doc.placeholder(section.guidance))]
        else:
            read.paragraphs = []  # lines of the workbook outside the tables are not notes
    imported.intro = [Paragraph(doc.placeholder(doc.OVERVIEW_INTRO_GUIDANCE))]
    imported.parts = [OverviewPart(f"{doc.part_number(index)}{title}", f"{doc.part_number(index)}{title}", None,
                           [Paragraph(doc.placeholder(doc.OVERVIEW_PART_GUIDANCE[title]))])
                      for index, title in enumerate(doc.OVERVIEW_CONVENTIONAL_PARTS)]
    imported.extra_sections = []
