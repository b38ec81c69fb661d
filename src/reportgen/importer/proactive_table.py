"""表二 (proactive disclosure) read from its events: a block title (第二十条第（一）项 …) chooses the
block, its header row the order of the block's columns, and each row label takes the values after it."""

from __future__ import annotations

from collections.abc import Sequence

from ..editions import Column, ProactiveTable
from .imported import Imported, RowRead, TableRead
from .labels import LabelKind, Match, best_match, core, fold
from .table_events import Event, EventKind
from .table_rows import RowByRowReader, note_furniture, place_row


def read_proactive(events: list[Event], imported: Imported, table: TableRead) -> None:
    _ProactiveReader(imported, table).read(events)


class _ProactiveReader(RowByRowReader):
    def __init__(self, imported: Imported, table: TableRead) -> None:
        self.proactive: ProactiveTable = imported.edition.proactive
        super().__init__(imported, table, self.proactive.name)
        self.header: list[tuple[Match, str, int | None]] = []  # the column labels of the block's header row
        self.in_header = False
        self.order: dict[str, list[Column]] = {}  # block title → its columns in the order printed
        self.titles = {block.title: block for block in self.proactive.blocks}
        self.block = None

    def read(self, events: list[Event]) -> None:
        for event in events:
            if event.kind is EventKind.FURNITURE:
                note_furniture(self.imported, self.name, event)
            elif event.kind is EventKind.ROW_END:
                self.finish_row()
            elif event.kind is EventKind.VALUE:
                self.take_value(event.value)
            elif event.kind is EventKind.TEXT:
                self.finish_row()
                self.close_header()
                self.start_extra_row(event)
            else:
                self.take_label(event)
        self.finish_row()

    def place_pending(self, read: RowRead) -> None:
        row = self.proactive.row(read.key)
        columns = self.order.get(self.proactive.block_of(row).title, list(self.proactive.columns_of(row)))
        place_row(read, columns, 1, None, self.imported, self.proactive.cell_name(row), strict_glue=True)

    def close_header(self) -> None:
        if self.in_header and self.block is not None:
            self.order[self.block.title] = _header_order(self.block.columns, self.header, self.imported, self.name,
                                                         self.block.title)
        self.in_header = False

    def take_label(self, event: Event) -> None:
        kinds = {m.entry.kind for m in event.matches}
        if LabelKind.T2_TITLE in kinds:
            self.take_block_title(event)
            return
        if LabelKind.T2_LABEL_HEADER in kinds:
            self.finish_row()
            self.in_header, self.header = True, []
            return
        row_match = best_match(event.text, {LabelKind.T2_ROW}, self.imported.edition.year)
        if row_match is not None and not (self.in_header and LabelKind.T2_COLUMN in kinds):
            self.finish_row()
            self.close_header()
            row = self.proactive.row(row_match.entry.key)
            self.start_row(row.key, event, row_match, self.proactive.cell_name(row))
            self.block = self.proactive.block_of(row)
            return
        column_match = best_match(event.text, {LabelKind.T2_COLUMN}, self.imported.edition.year)
        if column_match is not None:
            self.table.header.append(core(event.text))
            if self.in_header:
                self.header.append((column_match, event.text, event.line))
            return
        self.finish_row()  # a label of the other edition's table 二
        self.start_extra_row(event)

    def take_block_title(self, event: Event) -> None:
        self.finish_row()
        self.close_header()
        title = next(m.entry.key for m in event.matches if m.entry.kind is LabelKind.T2_TITLE)
        self.block = self.titles.get(title)
        self.table.header.append(core(event.text))
        if self.block is None:
            self.imported.note(f"{self.name}中的“{title}”不属于{self.imported.edition.name}格式，其下各行未导入。",
                               "A-3", event.line, f"{self.name} · {title}")


def _header_order(columns: Sequence[Column], header: list[tuple[Match, str, int | None]], imported: Imported, name: str,
                  title: str) -> list[Column]:
    """The block's columns in the order its header prints them (the declaration's when the header
    does not name each column once); header labels printed differently, or without their unit,
    are noted."""
    by_key: dict[str, Column] = {column.key: column for column in columns}
    printed = [(match, text, line) for match, text, line in header if match.entry.key in by_key]
    keys = [match.entry.key for match, _, _ in printed]
    first = header[0][2] if header else None
    where = f"{name} · {title}"
    for match, text, line in printed:
        column = by_key[match.entry.key]
        shown = text.replace("\n", "")
        if match.score < 0.999:
            imported.note(f"{where}：表头印作“{shown}”，格式为“{column.header}”。", "A-9", line, where)
        elif column.unit and column.unit not in fold(text):
            imported.note(f"{where}：表头“{shown}”没有注明单位（{column.unit}）。", "A-9", line, where)
    if sorted(keys) == sorted(by_key) and len(set(keys)) == len(keys):
        return [by_key[key] for key in keys]
    missing = [column.label for column in columns if column.key not in keys]
    if missing:
        imported.note(f"{where}：表头没有印出“{'、'.join(missing)}”，按格式的列序读入。", "A-9", first, where)
    return list(columns)
