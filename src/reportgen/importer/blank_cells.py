"""The policy for blank cells of a published table, in `audit`.

Published tables commonly print 0 as a blank cell (`&nbsp;` in a web page, an empty cell in Word).
By default `audit` reads a blank cell of a printed table as 0 and says so once per table
(“本表有 N 个空白格，按 0 计”, A-11), so that the real findings are not buried under one
finding per blank. `--strict-blanks` keeps the authoring rule: every blank cell is reported.
`import` is not concerned: it writes blanks as blanks, with a comment.
"""

from __future__ import annotations

from dataclasses import replace

from .cell_values import Printed, Value
from .imported import Imported, Note, RowRead, TableRead

RULE = "A-11"


def _zero(value: Value) -> Value:
    return replace(value, kind=Printed.NUMBER, text="0", note="空白按 0 计")


def _row_as_zero(row: RowRead) -> tuple[RowRead, int]:
    blanks = [key for key, value in row.cells.items() if value.kind is Printed.BLANK]
    if not blanks:
        return row, 0
    cells = {key: _zero(value) if key in blanks else value for key, value in row.cells.items()}
    return replace(row, cells=cells), len(blanks)


def _table_as_zero(table: TableRead) -> tuple[TableRead, int]:
    rows, count = {}, 0
    for key, row in table.rows.items():
        rows[key], blanks = _row_as_zero(row)
        count += blanks
    return replace(table, rows=rows), count


def _table_names(imported: Imported) -> dict[str, str]:
    edition = imported.edition
    return {table.number: table.name for table in edition.tables}


def blanks_as_zero(imported: Imported) -> Imported:
    """A copy of the import with every blank cell of its tables read as 0, and a note (A-11) for
    each table that had any."""
    tables: dict[str, TableRead] = {}
    notes: list[Note] = []
    names = _table_names(imported)
    for number, table in imported.tables.items():
        tables[number], count = _table_as_zero(table)
        if count:
            notes.append(Note(f"本表有 {count} 个空白格，按 0 计（已发布的表格常以空白表示 0；"
                              "逐格报告请用 --strict-blanks）。", RULE, table.line, names[number]))
    return replace(imported, tables=tables, notes=[*imported.notes, *notes])
