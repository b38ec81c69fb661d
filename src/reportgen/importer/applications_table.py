"""表三 (applications received and handled) read from its events: a group label (（三）不予公开 …)
chooses the group, each row label takes the values after it, and the columns' identity settles what
the rows alone could not (`column_totals`)."""

from __future__ import annotations

from ..editions import ApplicationsTable, Row
from .cell_values import sums_to_last
from .column_totals import resolve_by_columns
from .imported import Imported, RowRead, TableRead
from .labels import LabelKind, Match, best_match, core
from .table_events import Event, EventKind
from .table_rows import RowByRowReader, note_furniture, place_row


def read_applications(events: list[Event], imported: Imported, table: TableRead) -> None:
    reader = _ApplicationsReader(imported, table)
    reader.read(events)
    resolve_by_columns(table, reader.applications, imported)
    reader.note_missing_columns()


class _ApplicationsReader(RowByRowReader):
    def __init__(self, imported: Imported, table: TableRead) -> None:
        self.applications: ApplicationsTable = imported.edition.applications
        super().__init__(imported, table, self.applications.name)
        self.columns = list(self.applications.columns)
        self.group = None
        self.started = False  # a row, group or 三、本年度办理结果 was read: values before it are not stray
        self.header_columns: set[str] = set()

    def read(self, events: list[Event]) -> None:
        for position, event in enumerate(events):
            if event.kind is EventKind.FURNITURE:
                note_furniture(self.imported, self.name, event)
            elif event.kind is EventKind.ROW_END:
                self.finish_row()
            elif event.kind is EventKind.VALUE:
                self.take_value(event.value, stray_counts=self.started)
            elif event.kind is EventKind.TEXT:
                self.finish_row()
                self.start_extra_row(event)
            else:
                self.take_label(event, _followed_by_value(events, position))
        self.finish_row()

    def place_pending(self, read: RowRead) -> None:
        row = self.applications.row(read.key)
        place_row(read, self.columns, _span(row), sums_to_last(len(self.columns)), self.imported,
                  self.applications.cell_name(row))

    def take_label(self, event: Event, followed: bool) -> None:
        kinds = {m.entry.kind for m in event.matches}
        row_match = self.row_match(event, followed)
        group_match = best_match(event.text, {LabelKind.T3_GROUP}, self.imported.edition.year)
        if group_match is not None and (row_match is None or not followed):
            self.finish_row()
            self.group = group_match.entry.group
            self.started = True
        elif row_match is not None:
            self.take_row_label(event, row_match)
        elif LabelKind.T3_OUTCOMES in kinds:
            self.finish_row()
            self.started = True
        elif kinds & {LabelKind.T3_COLUMN, LabelKind.T3_HEADER, LabelKind.T3_NOTE}:
            self.finish_row()
            self.table.header.append(core(event.text))
            self.header_columns.update(m.entry.key for m in event.matches if m.entry.kind is LabelKind.T3_COLUMN)
        else:
            self.finish_row()  # a row of the other edition's table 三
            self.start_extra_row(event)

    def row_match(self, event: Event, followed: bool) -> Match | None:
        """The row the label names; 其他 and 总计 unnumbered are rows only where such a row can stand
        and values follow (elsewhere they are a column's or a header's words)."""
        row_match = best_match(event.text, {LabelKind.T3_ROW}, self.imported.edition.year)
        numbered = any(m.numbering for m in event.matches)
        if row_match is not None and row_match.entry.key in ("其他", "总计") and not numbered:
            is_row = self.started and followed and (
                row_match.entry.key == "总计" or (self.group is not None and self.group.key == "其他处理"))
            if not is_row:
                return None
        return row_match

    def take_row_label(self, event: Event, row_match: Match) -> None:
        self.finish_row()
        self.started = True
        row = self.applications.row(row_match.entry.key)
        if row.group is not None:
            self.group = row.group
        self.start_row(row.key, event, row_match, self.applications.cell_name(row))

    def note_missing_columns(self) -> None:
        missing = [column.label for column in self.columns if column.key not in self.header_columns]
        if self.header_columns and missing:
            self.imported.note(f"{self.name}：表头没有印出列名“{'、'.join(missing)}”，按格式的列序读入。", "A-9",
                               self.table.line, self.name)


def _span(row: Row) -> int:
    """Label columns a 表三 row's label spans: 3 outside the outcomes, 2 for an ungrouped outcome, 1 for an item."""
    if row.group is not None:
        return 1
    return 2 if row.outcome or row.derived else 3


def _followed_by_value(events: list[Event], position: int) -> bool:
    for event in events[position + 1:]:
        if event.kind is EventKind.VALUE:
            return True
        if event.kind in (EventKind.LABEL, EventKind.TEXT, EventKind.ROW_END):
            return False
    return False

