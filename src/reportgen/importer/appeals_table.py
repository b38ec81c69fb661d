"""表四 (administrative reconsideration and litigation) read from its events. The table is printed
either with one row per group (行政复议, 未经复议直接起诉, 复议后起诉), or as its header followed by
all figures in one run: then the figures are cut into the groups in the order the header printed
them, the columns in the order printed when the header names each once."""

from __future__ import annotations

from collections.abc import Sequence

from ..editions import AppealsTable, Column
from .cell_values import Printed, Value, sums_to_last
from .imported import Imported, RowRead, TableRead
from .labels import LabelKind, core
from .row_fit import RowFit, fit_row
from .table_events import Event, EventKind
from .table_rows import describe_row, note_furniture, note_stray, place_row, quote_printed


def read_appeals(events: list[Event], imported: Imported, table: TableRead) -> None:
    _AppealsReader(imported, table).read(events)


class _AppealsReader:
    def __init__(self, imported: Imported, table: TableRead) -> None:
        self.imported, self.table = imported, table
        self.appeals: AppealsTable = imported.edition.appeals
        self.name = self.appeals.name
        self.columns = list(self.appeals.columns)
        self.group_order: list[str] = []  # the groups in the order the header printed them
        self.column_order: list[Column] = []
        self.pending: list[Value] = []  # the values since the last label
        self.last_group: str | None = None
        self.first_line: int | None = None  # of the pending values

    def read(self, events: list[Event]) -> None:
        for event in events:
            if event.kind is EventKind.FURNITURE:
                note_furniture(self.imported, self.name, event)
            elif event.kind is EventKind.VALUE:
                assert event.value is not None
                if not self.pending:
                    self.first_line = event.line
                self.pending.append(event.value)
            elif event.kind is EventKind.LABEL:
                self.take_label(event)
            elif event.kind is EventKind.TEXT:
                note_stray(self.imported, self.name, self.pending)
                self.pending = []
        if any(v.kind is not Printed.BLANK for v in self.pending) or (self.pending and not self.table.rows):
            if self.last_group is not None and self.table.rows:
                self.place_group(self.last_group)
            else:
                self.read_one_run()

    def take_label(self, event: Event) -> None:
        if any(v.kind is not Printed.BLANK for v in self.pending):
            if self.last_group is not None:
                self.place_group(self.last_group)  # a table printed with one row per group
            else:
                note_stray(self.imported, self.name, self.pending)
        self.pending = []
        kinds = {m.entry.kind for m in event.matches}
        self.table.header.append(core(event.text))
        if LabelKind.T4_GROUP in kinds:
            key = next(m.entry.key for m in event.matches if m.entry.kind is LabelKind.T4_GROUP)
            if key not in self.group_order:
                self.group_order.append(key)
            self.last_group = key
        elif LabelKind.T4_COLUMN in kinds:
            key = next(m.entry.key for m in event.matches if m.entry.kind is LabelKind.T4_COLUMN)
            if len(self.column_order) < len(self.columns) and all(c.key != key for c in self.column_order):
                self.column_order.append(next(c for c in self.columns if c.key == key))
            self.last_group = None

    def place_group(self, key: str) -> None:
        """The pending values as the group's row."""
        row = self.appeals.row(key)
        read = RowRead(key, row.label, self.first_line)
        read.values = self.pending
        place_row(read, self.columns, 1, sums_to_last(len(self.columns)), self.imported, self.appeals.cell_name(row))
        self.table.rows.setdefault(key, read)
        self.pending = []

    def read_one_run(self) -> None:
        """All figures printed in one run after the header, cut into the groups."""
        order = [key for key in self.group_order if key in {r.key for r in self.appeals.rows()}]
        if sorted(order) != sorted(r.key for r in self.appeals.rows()):
            order = [row.key for row in self.appeals.rows()]
        columns = self.column_order if len(self.column_order) == len(self.columns) else self.columns
        values, name, first_line = self.pending, self.name, self.first_line
        fitted = fit_row(values, len(order) * len(columns), 1, sums_to_last(len(columns)))
        if fitted.status == "unreadable":
            self.imported.note(f"{name}：{fitted.reason}，表四未导入。", "A-6", first_line, name)
            self.table.comments.append(f"原表{fitted.reason}，未导入。{quote_printed(name, values, first_line)}")
            return
        if fitted.split:
            self.imported.note(f"{name}：{fitted.reason.split('；')[0]}。", "A-7", first_line, name)
        if fitted.status in ("short", "short-blank"):
            self.imported.note(f"{name}：{fitted.reason}。", None, first_line, name)
            self.table.comments.append(f"原表{fitted.reason}。{quote_printed(name, values, first_line)}")
        for index, key in enumerate(order):
            self.place_run_row(key, columns, fitted.cells[index * len(columns):(index + 1) * len(columns)], fitted)

    def place_run_row(self, key: str, columns: Sequence[Column], chunk: list[Value | None], fitted: RowFit) -> None:
        row = self.appeals.row(key)
        read = RowRead(key, row.label, self.first_line, [v for v in chunk if v is not None])
        self.table.rows[key] = read
        if all(value is None for value in chunk):
            read.omitted = True
            read.comment = f"原表没有印出“{row.label}”这一组数字。"
            return
        read.cells = {column.key: value for column, value in zip(columns, chunk, strict=True) if value is not None}
        read.comment = describe_row(read, columns, RowFit(list(chunk), "short" if None in chunk else "ok",
                                                          fitted.reason if None in chunk else ""))
        for column, value in zip(columns, chunk, strict=True):
            if value is None and column.derived:
                cell = self.appeals.cell_name(row, column)
                self.imported.note(f"{cell}：原表没有印出这一格（{fitted.reason}），其值无法核对。", "A-6",
                                   self.first_line, cell)
