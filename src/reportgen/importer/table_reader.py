"""Reading tables 二, 三 and 四 from units: every figure placed by its row and column labels.

A table is read in two steps. `scan` walks the units from a label of the table and turns them into
events (a label of this table, a value, a row end, page furniture, text it does not know), and
stops where the table ends: at prose, a section heading, or another table's label. Then one
reader per table places the values:

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

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from ..editions import AppealsTable, ApplicationsTable, Column, Edition, ProactiveTable, Row
from .cell_values import Printed, Value, read_value, split_spaced, sums_to_last
from .column_totals import resolve_by_columns
from .imported import ExtraRow, Imported, RowRead, TableRead
from .labels import LabelKind, Match, best, core, fold, matches, split_numbered, table_kinds
from .row_fit import RowFit, fit_row
from .source_units import SourceUnit, is_furniture, is_page_number
from .template_notes import figure_with_instruction, is_instruction


class EventKind(Enum):
    LABEL = "label"
    VALUE = "value"
    TEXT = "text"  # not a label of the form
    FURNITURE = "furniture"  # a page header or page number inside the table
    ROW_END = "row_end"
    INSTRUCTION = "instruction"  # the form's instructions left in the table (`template_notes`)


@dataclass
class Event:
    kind: EventKind
    text: str = ""
    line: int | None = None
    matches: tuple[Match, ...] = ()
    value: Value | None = None


@dataclass
class Context:
    """What the table reader needs to know of the report around it."""

    edition: Edition
    title: str = ""  # folded: a page header repeating it is furniture
    is_heading: Callable[[str], bool] = lambda text: False


_SENTENCE = ("。", "；", ";", "！", "？", "?", "!")
_MAX_LABEL = 48


def _labels_of_table(text: str, number: str) -> tuple[tuple[Match, ...], bool]:
    """(matches of this table, whether the text is another table's label only)."""
    found = matches(text)
    kinds = table_kinds(number)
    mine = tuple(m for m in found if m.entry.kind in kinds)
    other = bool(found) and not mine and any(m.entry.table for m in found)
    return mine, other


def _page_header(text: str, context: Context) -> bool:
    folded = fold(text)
    if not folded:
        return False
    if context.title and (folded == context.title or (len(folded) >= 8 and folded in context.title)):
        return True
    return "年度报告" in folded and len(folded) <= 60 and not any(mark in folded for mark in _SENTENCE)


def scan(units: Sequence[SourceUnit], start: int, number: str, context: Context) -> tuple[list[Event], int]:
    """The events of the table starting at units[start], and the index of the first unit after it."""
    events: list[Event] = []
    index = start

    def add(event: Event, unit: SourceUnit, last: bool = True) -> None:
        events.append(event)
        if last and unit.row_end:
            events.append(Event(EventKind.ROW_END, line=unit.line))

    while index < len(units):
        unit = units[index]
        text = unit.clean
        if not text and not unit.cell:
            index += 1
            continue
        if text and (is_page_number(text) or _page_header(text, context)):
            add(Event(EventKind.FURNITURE, text, unit.line), unit)
            index += 1
            continue
        value = read_value(unit.text, unit.line)
        if value is None and unit.value_cell:  # a workbook's figure cell holding text: kept as written
            value = Value(Printed.PLACEHOLDER, text, unit.text, unit.line, "不是数字")
        if value is not None:
            add(Event(EventKind.VALUE, text, unit.line, value=value), unit)
            index += 1
            continue
        mine, other = _labels_of_table(text, number)
        if mine and not unit.cell and fold(text).endswith("。"):
            break  # a sentence after the table that is, or begins with, a label (“其他结果。”) is prose
        if mine:
            used, better = _extend(units, index, number, mine[0].score)
            if used > 1:
                joined_text = "".join(units[index + k].clean for k in range(used))
                events.append(Event(EventKind.LABEL, joined_text, unit.line, better))
                if units[index + used - 1].row_end:
                    events.append(Event(EventKind.ROW_END, line=unit.line))
                index += used
                continue
            add(Event(EventKind.LABEL, text, unit.line, mine), unit)
            index += 1
            continue
        if other:
            break
        fields = _fields(text, number) if not unit.cell else None
        if fields is not None:
            events += [Event(kind, piece, unit.line, found, value) for kind, piece, found, value in fields]
            events.append(Event(EventKind.ROW_END, line=unit.line))
            index += 1
            continue
        spaced = split_spaced(text)
        if spaced is not None:
            label, *rest = spaced if read_value(spaced[0]) is None else ("", *spaced)
            label_matches = _labels_of_table(label, number)[0] if label else ()
            if not label or label_matches:
                if label:
                    events.append(Event(EventKind.LABEL, label, unit.line, label_matches))
                for piece in rest:
                    events.append(Event(EventKind.VALUE, piece, unit.line, value=read_value(piece, unit.line)))
                if unit.row_end:
                    events.append(Event(EventKind.ROW_END, line=unit.line))
                index += 1
                continue
        pieces = split_numbered(text)
        if len(pieces) > 1:
            piece_matches = [_labels_of_table(piece, number)[0] for piece in pieces]
            if all(piece_matches):
                for piece, found in zip(pieces, piece_matches, strict=True):
                    events.append(Event(EventKind.LABEL, piece, unit.line, found))
                if unit.row_end:
                    events.append(Event(EventKind.ROW_END, line=unit.line))
                index += 1
                continue
        joined = _join(units, index, number)
        if joined is not None:
            found, used = joined
            events.append(Event(EventKind.LABEL, "".join(units[index + k].clean for k in range(used)), unit.line, found))
            if units[index + used - 1].row_end:
                events.append(Event(EventKind.ROW_END, line=unit.line))
            index += used
            continue
        if context.is_heading(text):
            break
        noted = figure_with_instruction(text, unit.line)
        if noted is not None:
            add(Event(EventKind.VALUE, text, unit.line, value=noted), unit)
            index += 1
            continue
        if is_instruction(text) and (unit.cell or not any(mark in text for mark in _SENTENCE)):  # prose notes stay
            add(Event(EventKind.INSTRUCTION, text, unit.line), unit)
            index += 1
            continue
        if is_furniture(text):
            add(Event(EventKind.FURNITURE, text, unit.line), unit)
            index += 1
            continue
        folded = fold(text)
        if len(folded) > _MAX_LABEL or any(mark in folded[:-1] for mark in _SENTENCE) or folded.endswith("。"):
            break
        following = _next_meaningful(units, index + 1)
        if following is None:
            break
        next_text = following.clean
        next_value = read_value(following.text)
        if next_value is not None and (next_value.kind is not Printed.BLANK or following.cell) and (unit.cell or following.cell or next_value.kind is Printed.NUMBER):
            add(Event(EventKind.TEXT, text, unit.line), unit)
            index += 1
            continue
        if _labels_of_table(next_text, number)[0] and (unit.cell or len(folded) <= 20):
            add(Event(EventKind.TEXT, text, unit.line), unit)
            index += 1
            continue
        break
    return events, index


_GAPS = re.compile(r"(?:\s{2,}|\u3000+|\t+)")


def _fields(text: str, number: str) -> list[tuple[EventKind, str, tuple[Match, ...], Value | None]] | None:
    """A line whose fields are set apart by wide gaps (“信息内容  本年新制作数量  …”, “规章  0  0  0”),
    when one of its fields is a label of this table."""
    pieces = [piece for piece in _GAPS.split(text.strip()) if piece]
    if len(pieces) < 2:
        return None
    found: list[tuple[EventKind, str, tuple[Match, ...], Value | None]] = []
    labelled = False
    for piece in pieces:
        value = read_value(piece)
        if value is not None:
            found.append((EventKind.VALUE, piece, (), value))
            continue
        mine = _labels_of_table(piece, number)[0]
        if mine:
            labelled = True
            found.append((EventKind.LABEL, piece, mine, None))
            continue
        parts = split_numbered(piece)
        part_matches = [_labels_of_table(part, number)[0] for part in parts]
        if len(parts) > 1 and all(part_matches):
            labelled = True
            found += [(EventKind.LABEL, part, match, None) for part, match in zip(parts, part_matches, strict=True)]
            continue
        found.append((EventKind.TEXT, piece, (), None))
    return found if labelled else None


def _next_meaningful(units: Sequence[SourceUnit], index: int) -> SourceUnit | None:
    while index < len(units):
        if units[index].clean or units[index].cell:
            return units[index]
        index += 1
    return None


def _continuation(units: Sequence[SourceUnit], index: int, following: SourceUnit) -> bool:
    """Whether `following` may be the rest of a label begun in units[index] (a line broken inside a cell)."""
    return not ((following.blank_before and not following.cell) or following.cell != units[index].cell
                or (following.cell and units[index].row_end)
                or read_value(following.text) is not None or len(following.clean) > 30 or _GAPS.search(following.clean)
                or "。" in following.clean)


def _extend(units: Sequence[SourceUnit], index: int, number: str, score: float) -> tuple[int, tuple[Match, ...]]:
    """A label matched only roughly that the next lines complete: (units used, their matches)."""
    if score >= 0.999 or units[index].cell:
        return 1, ()
    text, best_used, best_found = units[index].clean, 1, ()
    for used in range(2, 5):
        last = index + used - 1
        if last >= len(units) or not _continuation(units, index, units[last]):
            break
        text += units[last].clean
        found = _labels_of_table(text, number)[0]
        if found and found[0].score > score:
            best_used, best_found, score = used, found, found[0].score
    return best_used, best_found


def _join(units: Sequence[SourceUnit], index: int, number: str) -> tuple[tuple[Match, ...], int] | None:
    """A label printed over several consecutive lines (“本年新” “制作数量”)."""
    text = units[index].clean
    if len(text) > 30 or _GAPS.search(text):
        return None
    for used in range(2, 5):
        last = index + used - 1
        if last >= len(units):
            return None
        following = units[last]
        if not _continuation(units, index, following):
            return None
        text += following.clean
        found = _labels_of_table(text, number)[0]
        if found:
            return found, used
    return None


# -- placing values ------------------------------------------------------------------------------


def _quote(printed: str, values: Sequence[Value], line: int | None) -> str:
    shown = " | ".join("（空白）" if value.kind is Printed.BLANK else value.raw.strip() for value in values)
    where = f"第 {line} 行" if line else "原文"
    label = printed.replace("\n", "")
    return f"{where}：{label}{' | ' + shown if shown else ''}"


def _describe(row: RowRead, columns: Sequence[Column], fitted: RowFit) -> str | None:
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
    return "；".join(reasons) + "。" + _quote(row.printed, row.values, row.line)


def place_row(row: RowRead, columns: Sequence[Column], span: int, check: Callable | None, imported: Imported,
          where: str, strict_glue: bool = False) -> None:
    fitted = fit_row(row.values, len(columns), span, check, strict_glue)
    row.comment = _describe(row, columns, fitted)
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


# -- the three tables ----------------------------------------------------------------------------


@dataclass
class _Pending:
    row: RowRead | None = None
    extra: ExtraRow | None = None
    stray: list[Value] = field(default_factory=list)


def _label_note(imported: Imported, printed: str, match: Match, where: str, line: int | None) -> None:
    if match.score < 0.999:
        imported.note(f"{where}：行名印作“{printed.replace(chr(10), '')}”，与格式的“{match.entry.label}”不同，按后者读入。",
                      "A-9", line, where)


def _extra(imported: Imported, table: TableRead, extra: ExtraRow, name: str) -> None:
    if not any(value.kind is not Printed.BLANK for value in extra.values):
        return
    table.extra_rows.append(extra)
    label = extra.label.replace("\n", "")
    imported.note(f"{name}中有格式没有的一行“{label}”，未导入，在文件中作为注释保留。", "A-3", extra.line,
                  f"{name} · {label}")


def _stray(imported: Imported, name: str, values: list[Value]) -> None:
    shown = [value for value in values if value.kind is not Printed.BLANK]
    if shown:
        imported.note(f"{name}中有不属于任何一行的数字：{'、'.join(v.raw.strip() for v in shown)}，未导入。", "A-6",
                      shown[0].line, name)


def _furniture(imported: Imported, name: str, event: Event) -> None:
    imported.note(f"{name}中夹有页面内容“{event.text}”（页眉、页码等），已跳过。", "A-10", event.line, name)


def read_proactive(events: list[Event], imported: Imported, table: TableRead) -> None:
    proactive: ProactiveTable = imported.edition.proactive
    name = proactive.name
    header: list[tuple[Match, str, int | None]] = []
    in_header = False
    order: dict[str, list[Column]] = {}
    pending = _Pending()
    titles = {block.title: block for block in proactive.blocks}
    block = None

    def finish() -> None:
        if pending.row is not None:
            row = proactive.row(pending.row.key)
            columns = order.get(proactive.block_of(row).title, list(proactive.columns_of(row)))
            place_row(pending.row, columns, 1, None, imported, proactive.cell_name(row), strict_glue=True)
            table.rows.setdefault(pending.row.key, pending.row)
        if pending.extra is not None:
            _extra(imported, table, pending.extra, name)
        _stray(imported, name, pending.stray)
        pending.row, pending.extra, pending.stray = None, None, []

    def close_header() -> None:
        nonlocal in_header
        if in_header and block is not None:
            order[block.title] = _header_order(block.columns, header, imported, name, block.title)
        in_header = False

    for event in events:
        if event.kind is EventKind.FURNITURE:
            _furniture(imported, name, event)
        elif event.kind is EventKind.ROW_END:
            finish()
        elif event.kind is EventKind.VALUE:
            assert event.value is not None
            target = pending.row or pending.extra
            if target is not None:
                target.values.append(event.value)
            elif event.value.kind is not Printed.BLANK:
                pending.stray.append(event.value)
        elif event.kind is EventKind.TEXT:
            finish()
            close_header()
            pending.extra = ExtraRow(event.text, [], event.line)
        else:
            kinds = {m.entry.kind for m in event.matches}
            if LabelKind.T2_TITLE in kinds:
                finish()
                close_header()
                title = next(m.entry.key for m in event.matches if m.entry.kind is LabelKind.T2_TITLE)
                block = titles.get(title)
                table.header.append(core(event.text))
                if block is None:
                    imported.note(f"{name}中的“{title}”不属于{imported.edition.name}格式，其下各行未导入。", "A-3",
                                  event.line, f"{name} · {title}")
                continue
            if LabelKind.T2_LABEL_HEADER in kinds:
                finish()
                in_header, header = True, []
                continue
            row_match = best(event.text, {LabelKind.T2_ROW}, imported.edition.year)
            if row_match is not None and not (in_header and LabelKind.T2_COLUMN in kinds):
                finish()
                close_header()
                row = proactive.row(row_match.entry.key)
                if row.key in table.rows:
                    imported.note(f"{proactive.cell_name(row)} 印了两次，只读入第一次。", "A-3", event.line,
                                  proactive.cell_name(row))
                _label_note(imported, event.text, row_match, proactive.cell_name(row), event.line)
                block = proactive.block_of(row)
                pending.row = RowRead(row.key, event.text, event.line)
                continue
            column_match = best(event.text, {LabelKind.T2_COLUMN}, imported.edition.year)
            if column_match is not None:
                table.header.append(core(event.text))
                if in_header:
                    header.append((column_match, event.text, event.line))
                continue
            finish()  # a label of the other edition's table 二
            pending.extra = ExtraRow(event.text, [], event.line)
    finish()


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


def _span(row: Row) -> int:
    """Label columns a 表三 row's label spans: 3 outside the outcomes, 2 for an ungrouped outcome, 1 for an item."""
    if row.group is not None:
        return 1
    return 2 if row.outcome or row.derived else 3


def read_applications(events: list[Event], imported: Imported, table: TableRead) -> None:
    applications: ApplicationsTable = imported.edition.applications
    name = applications.name
    year = imported.edition.year
    columns = list(applications.columns)
    pending = _Pending()
    group = None
    started = False
    header_columns: set[str] = set()

    def finish() -> None:
        if pending.row is not None:
            row = applications.row(pending.row.key)
            place_row(pending.row, columns, _span(row), sums_to_last(len(columns)), imported, applications.cell_name(row))
            table.rows.setdefault(pending.row.key, pending.row)
        if pending.extra is not None:
            _extra(imported, table, pending.extra, name)
        _stray(imported, name, pending.stray)
        pending.row, pending.extra, pending.stray = None, None, []

    for position, event in enumerate(events):
        if event.kind is EventKind.FURNITURE:
            _furniture(imported, name, event)
            continue
        if event.kind is EventKind.ROW_END:
            finish()
            continue
        if event.kind is EventKind.VALUE:
            assert event.value is not None
            target = pending.row or pending.extra
            if target is not None:
                target.values.append(event.value)
            elif event.value.kind is not Printed.BLANK and started:
                pending.stray.append(event.value)
            continue
        if event.kind is EventKind.TEXT:
            finish()
            pending.extra = ExtraRow(event.text, [], event.line)
            continue
        kinds = {m.entry.kind for m in event.matches}
        followed = _followed_by_value(events, position)
        numbered = any(m.numbering for m in event.matches)
        row_match = best(event.text, {LabelKind.T3_ROW}, year)
        group_match = best(event.text, {LabelKind.T3_GROUP}, year)
        if row_match is not None and row_match.entry.key in ("其他", "总计") and not numbered:
            is_row = started and followed and (
                row_match.entry.key == "总计" or (group is not None and group.key == "其他处理"))
            if not is_row:
                row_match = None
        if group_match is not None and (row_match is None or not followed):
            finish()
            group = group_match.entry.group
            started = True
            continue
        if row_match is not None:
            finish()
            started = True
            row = applications.row(row_match.entry.key)
            if row.group is not None:
                group = row.group
            if row.key in table.rows:
                imported.note(f"{applications.cell_name(row)} 印了两次，只读入第一次。", "A-3", event.line,
                              applications.cell_name(row))
            _label_note(imported, event.text, row_match, applications.cell_name(row), event.line)
            pending.row = RowRead(row.key, event.text, event.line)
            continue
        if LabelKind.T3_OUTCOMES in kinds:
            finish()
            started = True
            continue
        if kinds & {LabelKind.T3_COLUMN, LabelKind.T3_HEADER, LabelKind.T3_NOTE}:
            finish()
            table.header.append(core(event.text))
            header_columns.update(m.entry.key for m in event.matches if m.entry.kind is LabelKind.T3_COLUMN)
            continue
        finish()  # a row of the other edition's table 三
        pending.extra = ExtraRow(event.text, [], event.line)
    finish()
    resolve_by_columns(table, applications, imported)
    missing = [column.label for column in columns if column.key not in header_columns]
    if header_columns and missing:
        imported.note(f"{name}：表头没有印出列名“{'、'.join(missing)}”，按格式的列序读入。", "A-9", table.line, name)


def _followed_by_value(events: list[Event], position: int) -> bool:
    for event in events[position + 1:]:
        if event.kind is EventKind.VALUE:
            return True
        if event.kind in (EventKind.LABEL, EventKind.TEXT, EventKind.ROW_END):
            return False
    return False


def read_appeals(events: list[Event], imported: Imported, table: TableRead) -> None:
    appeals: AppealsTable = imported.edition.appeals
    name = appeals.name
    columns = list(appeals.columns)
    group_order: list[str] = []
    column_order: list[Column] = []
    pending: list[Value] = []
    last_group: str | None = None
    first_line: int | None = None

    def by_rows(key: str) -> None:
        nonlocal pending
        row = appeals.row(key)
        read = RowRead(key, row.label, first_line)
        read.values = pending
        place_row(read, columns, 1, sums_to_last(len(columns)), imported, appeals.cell_name(row))
        table.rows.setdefault(key, read)
        pending = []

    for event in events:
        if event.kind is EventKind.FURNITURE:
            _furniture(imported, name, event)
        elif event.kind is EventKind.VALUE:
            assert event.value is not None
            if not pending:
                first_line = event.line
            pending.append(event.value)
        elif event.kind is EventKind.LABEL:
            if any(v.kind is not Printed.BLANK for v in pending):
                if last_group is not None:
                    by_rows(last_group)  # a table printed with one row per group
                else:
                    _stray(imported, name, pending)
            pending = []
            kinds = {m.entry.kind for m in event.matches}
            table.header.append(core(event.text))
            if LabelKind.T4_GROUP in kinds:
                key = next(m.entry.key for m in event.matches if m.entry.kind is LabelKind.T4_GROUP)
                if key not in group_order:
                    group_order.append(key)
                last_group = key
            elif LabelKind.T4_COLUMN in kinds:
                key = next(m.entry.key for m in event.matches if m.entry.kind is LabelKind.T4_COLUMN)
                if len(column_order) < len(columns) and all(c.key != key for c in column_order):
                    column_order.append(next(c for c in columns if c.key == key))
                last_group = None
        elif event.kind is EventKind.TEXT:
            _stray(imported, name, pending)
            pending = []
    if any(v.kind is not Printed.BLANK for v in pending) or (pending and not table.rows):
        if last_group is not None and table.rows:
            by_rows(last_group)
            return
        order = [key for key in group_order if key in {r.key for r in appeals.rows()}]
        if sorted(order) != sorted(r.key for r in appeals.rows()):
            order = [row.key for row in appeals.rows()]
        if len(column_order) == len(columns):
            columns = column_order
        wanted = len(order) * len(columns)
        values = pending
        fitted = fit_row(values, wanted, 1, sums_to_last(len(columns)))
        if fitted.status == "unreadable":
            imported.note(f"{name}：{fitted.reason}，表四未导入。", "A-6", first_line, name)
            table.comments.append(f"原表{fitted.reason}，未导入。{_quote(name, values, first_line)}")
            return
        if fitted.split:
            imported.note(f"{name}：{fitted.reason.split('；')[0]}。", "A-7", first_line, name)
        short = fitted.status in ("short", "short-blank")
        if short:
            imported.note(f"{name}：{fitted.reason}。", None, first_line, name)
            table.comments.append(f"原表{fitted.reason}。{_quote(name, values, first_line)}")
        for index, key in enumerate(order):
            chunk = fitted.cells[index * len(columns):(index + 1) * len(columns)]
            row = appeals.row(key)
            read = RowRead(key, row.label, first_line, [v for v in chunk if v is not None])
            table.rows[key] = read
            if all(value is None for value in chunk):
                read.omitted = True
                read.comment = f"原表没有印出“{row.label}”这一组数字。"
                continue
            read.cells = {column.key: value for column, value in zip(columns, chunk, strict=True) if value is not None}
            read.comment = _describe(read, columns, RowFit(list(chunk), "short" if None in chunk else "ok",
                                                        fitted.reason if None in chunk else ""))
            for column, value in zip(columns, chunk, strict=True):
                if value is None and column.derived:
                    cell = appeals.cell_name(row, column)
                    imported.note(f"{cell}：原表没有印出这一格（{fitted.reason}），其值无法核对。", "A-6", first_line, cell)


def _without_instructions(events: list[Event], imported: Imported, number: str) -> list[Event]:
    """The events without the form's instructions, each noted once."""
    name = {"二": imported.edition.proactive, "三": imported.edition.applications,
            "四": imported.edition.appeals}[number].name
    for event in events:
        if event.kind is EventKind.INSTRUCTION:
            imported.note(f"{name}中留有表格的填写说明“{event.text}”，不是数字，已跳过。", "A-10", event.line, name)
    return [event for event in events if event.kind is not EventKind.INSTRUCTION]


READERS = {"二": read_proactive, "三": read_applications, "四": read_appeals}


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
    READERS[number](_without_instructions(events, imported, number), imported, table)
    if not table.rows and not table.extra_rows and not table.comments:
        return None, start
    if before and number in imported.tables:
        imported.note(f"表{number}分成了几段印出（中间夹有其他内容），各段合并读入。", None, units[start].line)
    imported.tables[number] = table
    return table, end

