"""表三's column identity choosing among a glued row's splits.

A row of 表三 printed as one run of digits may have several splits its own identity (总计 = the six
applicant columns) allows. The column identity T3-2 — （七）总计 is the sum of the outcome rows, in
every column — then decides when that row is the only one among the outcome rows and （七）总计
left unread, and each of the others is read with a figure in every cell: a split is taken only if
it is the one split for which every column adds up. Otherwise the row stays unreadable (A-6).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..editions import ApplicationsTable, Row
from .cell_values import Printed, Value
from .imported import Imported, RowRead, TableRead

SPLIT_BY_COLUMNS = "数字连印，按本行和本列的勾稽关系只有一种拆法"


def _numbers(cells: dict[str, Value], columns: Sequence[str]) -> list[int] | None:
    values = [cells.get(key) for key in columns]
    if any(value is None or value.kind is not Printed.NUMBER or "." in value.text for value in values):
        return None
    return [int(value.text) for value in values]  # type: ignore[union-attr]


def _adds_up(rows: dict[str, list[int]], outcome_keys: Sequence[str], total_key: str) -> bool:
    width = len(rows[total_key])
    return all(sum(rows[key][index] for key in outcome_keys) == rows[total_key][index] for index in range(width))


def _the_one_split(row: RowRead, others: dict[str, list[int]], outcome_keys: list[str], total_key: str,
                   columns: list[str]) -> list[Value] | None:
    fitting = []
    for option in row.options:
        numbers = _numbers(dict(zip(columns, option, strict=True)), columns)
        if numbers is not None and _adds_up({**others, row.key: numbers}, outcome_keys, total_key):
            fitting.append(option)
    return fitting[0] if len(fitting) == 1 else None


def _settle(row: RowRead, split: list[Value], columns: list[str], imported: Imported, where: str) -> None:
    row.cells = dict(zip(columns, split, strict=True))
    row.omitted, row.options = False, []
    row.comment = f"{SPLIT_BY_COLUMNS}。" + (row.comment.split("。", 1)[1] if row.comment and "。" in row.comment else "")
    imported.notes = [note for note in imported.notes if not (note.rule == "A-6" and note.where == where)]
    imported.note(f"{where}：{SPLIT_BY_COLUMNS}。", "A-7", row.line, where)


def resolve_by_columns(table: TableRead, applications: ApplicationsTable, imported: Imported) -> None:
    """Settle the one glued row of the outcome rows and their total that only T3-2 can split."""
    group: list[Row] = [*(row for row in applications.outcome_rows if not row.derived), applications.outcome_total_row]
    reads = [table.rows.get(row.key) for row in group]
    if any(read is None for read in reads):
        return
    columns = [column.key for column in applications.columns]
    open_rows = [read for read in reads if read is not None and read.omitted]
    if len(open_rows) != 1 or not open_rows[0].options:
        return
    others: dict[str, list[int]] = {}
    for read in reads:
        if read is None or read is open_rows[0]:
            continue
        numbers = _numbers(read.cells, columns)
        if numbers is None:
            return
        others[read.key] = numbers
    outcome_keys = [row.key for row in group[:-1]]
    split = _the_one_split(open_rows[0], others, outcome_keys, group[-1].key, columns)
    if split is not None:
        row = applications.row(open_rows[0].key)
        _settle(open_rows[0], split, columns, imported, applications.cell_name(row))
