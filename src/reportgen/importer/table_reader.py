"""Reading tables 二, 三 and 四 from units: every figure placed by its row and column labels.

A table is read in two steps: `table_events.scan` turns the units from a label of the table into
events and stops where the table ends; then the table's reader (`proactive_table`,
`applications_table`, `appeals_table`) places the values by the labels before them, row by row
(`table_rows`, `row_fit`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .appeals_table import read_appeals
from .applications_table import read_applications
from .imported import Imported, TableRead
from .proactive_table import read_proactive
from .source_units import SourceUnit
from .table_events import Context, Event, EventKind, scan

__all__ = ["Context", "read_table"]


#: Each table's reader, by the edition's attribute that declares the table.
_READERS: tuple[tuple[str, Callable[[list[Event], Imported, TableRead], None]], ...] = (
    ("proactive", read_proactive), ("applications", read_applications), ("appeals", read_appeals))


def _declared(imported: Imported, number: str) -> tuple[Callable[[list[Event], Imported, TableRead], None], str]:
    """The reader and the declared name of the table numbered `number` (二, 三 or 四)."""
    for attribute, reader in _READERS:
        table = getattr(imported.edition, attribute)
        if table.number == number:
            return reader, table.name
    raise KeyError(number)


def _without_instructions(events: list[Event], imported: Imported, name: str) -> list[Event]:
    """The events without the form's instructions, each noted once."""
    for event in events:
        if event.kind is EventKind.INSTRUCTION:
            imported.note(f"{name}中留有表格的填写说明“{event.text}”，不是数字，已跳过。", "A-10", event.line, name)
    return [event for event in events if event.kind is not EventKind.INSTRUCTION]


def read_table(units: Sequence[SourceUnit], start: int, number: str, context: Context,
               imported: Imported) -> tuple[TableRead | None, int]:
    """The table starting at units[start] (None when what looked like one holds no values)."""
    events, end = scan(units, start, number, context)
    labels = sum(1 for event in events if event.kind is EventKind.LABEL)
    values = sum(1 for event in events if event.kind is EventKind.VALUE)
    if labels < 2 or values == 0:
        return None, start
    table = imported.tables.get(number) or TableRead(number, units[start].line)
    before = dict(table.rows)
    reader, name = _declared(imported, number)
    reader(_without_instructions(events, imported, name), imported, table)
    if not table.rows and not table.extra_rows and not table.comments:
        return None, start
    if before and number in imported.tables:
        imported.note(f"表{number}分成了几段印出（中间夹有其他内容），各段合并读入。", None, units[start].line)
    imported.tables[number] = table
    return table, end
