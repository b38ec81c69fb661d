"""A table's rows: the values after a label placed in the row's cells (`row_fit`), with the comment
the YAML writes after the row and the notes the audit reports; and what the readers of tables 二 and
三 share, which read row by row (`RowByRowReader`).

- a row label takes the values printed after it, up to the next label or the end of the row;
- a label merged across label columns may be followed by empty cells the flattening left behind:
  when a row has more values than columns, up to (span − 1) leading blanks are dropped, then
  trailing blanks;
- a row with fewer values than columns: digits printed together (“0000000”) are split where the
  row's arithmetic (T3-3, T4-1) leaves exactly one reading; otherwise the values are read from
  the left and the cells not printed are left out (the loader reports them, S-2);
- a row with more values than columns, or glued digits with several readings, is not read: it is
  left out of the YAML, and a comment quotes what the page printed;
- text that is not a label of the form but is followed by values is a non-standard row, kept as
  a comment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..editions import Column
from .cell_values import Printed, Value
from .imported import ExtraRow, Imported, RowRead, TableRead
from .labels import Match
from .row_fit import RowFit, fit_row
from .table_events import Event


def quote_printed(printed: str, values: Sequence[Value], line: int | None) -> str:
    shown = " | ".join("（空白）" if value.kind is Printed.BLANK else value.raw.strip() for value in values)
    where = f"第 {line} 行" if line else "原文"
    label = printed.replace("\n", "")
    return f"{where}：{label}{' | ' + shown if shown else ''}"


def describe_row(row: RowRead, columns: Sequence[Column], fitted: RowFit) -> str | None:
    """The comment after a row: what was printed that is not a plain number, and the page's text."""
    reasons: list[str] = []
    if fitted.status in ("split", "short", "short-blank", "unreadable"):
        reasons.append(fitted.reason)
    if fitted.status != "unreadable":
        blank = [c.label for c, v in zip(columns, fitted.cells, strict=False) if v is not None and v.kind is Printed.BLANK]
        if blank:
            reasons.append(("空白：" + "、".join(blank)) if len(blank) < len(columns) else "各格空白")
        placeholders: dict[str, list[str]] = {}
        for column, value in zip(columns, fitted.cells, strict=False):
            if value is not None and value.kind is Printed.PLACEHOLDER:
                placeholders.setdefault(value.text, []).append(column.label)
        reasons += [f"印作“{text}”：{'、'.join(names)}" for text, names in placeholders.items()]
        typography = sorted({v.note for v in fitted.cells if v is not None and v.note and v.note != "数字连印"})
        reasons += [f"{note}已改为数字" for note in typography]
    if not reasons:
        return None
    return "；".join(reasons) + "。" + quote_printed(row.printed, row.values, row.line)


def place_row(row: RowRead, columns: Sequence[Column], span: int, check: Callable | None, imported: Imported,
          where: str, strict_glue: bool = False) -> None:
    fitted = fit_row(row.values, len(columns), span, check, strict_glue)
    row.comment = describe_row(row, columns, fitted)
    if fitted.status == "unreadable":
        row.omitted, row.options = True, fitted.options
        imported.note(f"{where}：{fitted.reason}，此行未导入。", "A-6", row.line, where)
        return
    if fitted.split:
        imported.note(f"{where}：{fitted.reason.split('；')[0]}。", "A-7", row.line, where)
    for column, value in zip(columns, fitted.cells, strict=True):
        if value is not None:
            row.cells[column.key] = value
    if fitted.status in ("short", "short-blank"):
        imported.note(f"{where}：{fitted.reason}。", None, row.line, where)
        unreported = [column for column, value in zip(columns, fitted.cells, strict=True)
                      if value is None and column.derived]
        for column in unreported:  # a total the page does not print: the loader would compute it silently
            cell = f"{where} · {column.label}"
            imported.note(f"{cell}：原表没有印出这一格（{fitted.reason}），其值无法核对。", "A-6", row.line, cell)


# -- what a row-by-row table's reader keeps and notes ------------------------------------------------


@dataclass
class PendingRow:
    row: RowRead | None = None
    extra: ExtraRow | None = None
    stray: list[Value] = field(default_factory=list)


def note_label(imported: Imported, printed: str, match: Match, where: str, line: int | None) -> None:
    if match.score < 0.999:
        imported.note(f"{where}：行名印作“{printed.replace(chr(10), '')}”，与格式的“{match.entry.label}”不同，按后者读入。",
                      "A-9", line, where)


def keep_extra_row(imported: Imported, table: TableRead, extra: ExtraRow, name: str) -> None:
    if not any(value.kind is not Printed.BLANK for value in extra.values):
        return
    table.extra_rows.append(extra)
    label = extra.label.replace("\n", "")
    imported.note(f"{name}中有格式没有的一行“{label}”，未导入，在文件中作为注释保留。", "A-3", extra.line,
                  f"{name} · {label}")


def note_stray(imported: Imported, name: str, values: list[Value]) -> None:
    shown = [value for value in values if value.kind is not Printed.BLANK]
    if shown:
        imported.note(f"{name}中有不属于任何一行的数字：{'、'.join(v.raw.strip() for v in shown)}，未导入。", "A-6",
                      shown[0].line, name)


def note_furniture(imported: Imported, name: str, event: Event) -> None:
    imported.note(f"{name}中夹有页面内容“{event.text}”（页眉、页码等），已跳过。", "A-10", event.line, name)


class RowByRowReader:
    """What the readers of 表二 and 表三 share: a label starts a row and the values after it are the
    row's until the row ends; text the form does not have starts a row kept as a comment; values
    that belong to no row are noted."""

    def __init__(self, imported: Imported, table: TableRead, name: str) -> None:
        self.imported, self.table, self.name = imported, table, name
        self.pending = PendingRow()

    def place_pending(self, read: RowRead) -> None:
        """Place the finished row's values in its cells (each table knows its columns)."""
        raise NotImplementedError

    def finish_row(self) -> None:
        pending = self.pending
        if pending.row is not None:
            self.place_pending(pending.row)
            self.table.rows.setdefault(pending.row.key, pending.row)
        if pending.extra is not None:
            keep_extra_row(self.imported, self.table, pending.extra, self.name)
        note_stray(self.imported, self.name, pending.stray)
        self.pending = PendingRow()

    def take_value(self, value: Value | None, stray_counts: bool = True) -> None:
        assert value is not None
        target = self.pending.row or self.pending.extra
        if target is not None:
            target.values.append(value)
        elif value.kind is not Printed.BLANK and stray_counts:
            self.pending.stray.append(value)

    def start_row(self, key: str, event: Event, match: Match, cell_name: str) -> None:
        if key in self.table.rows:
            self.imported.note(f"{cell_name} 印了两次，只读入第一次。", "A-3", event.line, cell_name)
        note_label(self.imported, event.text, match, cell_name, event.line)
        self.pending.row = RowRead(key, event.text, event.line)

    def start_extra_row(self, event: Event) -> None:
        self.pending.extra = ExtraRow(event.text, [], event.line)
