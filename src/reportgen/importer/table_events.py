"""A table's units as events: the first step of reading tables 二, 三 and 四 (`table_reader`).

`scan` walks the units from a label of the table and turns them into events (a label of this table,
a value, a row end, page furniture, the form's instructions, text it does not know), and stops where
the table ends: at prose, a section heading, or another table's label. Each unit is tried by the
steps of `_TableScan.step` in turn; the first that knows it says how many units it used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from ..editions import Edition
from .cell_values import Printed, Value, read_value, split_spaced
from .labels import Match, fold, matches, split_numbered, table_kinds
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


#: What a step returns when the table ends at the unit it was given.
_TABLE_ENDS = 0


def scan(units: Sequence[SourceUnit], start: int, number: str, context: Context) -> tuple[list[Event], int]:
    """The events of the table starting at units[start], and the index of the first unit after it."""
    scanner = _TableScan(units, number, context)
    index = start
    while index < len(units):
        used = scanner.step(index)
        if used == _TABLE_ENDS:
            break
        index += used
    return scanner.events, index


class _TableScan:
    """The events read so far; each step reads the unit at an index and returns the units it used,
    `_TABLE_ENDS` when the table ends there, or None when the unit is not of its kind."""

    def __init__(self, units: Sequence[SourceUnit], number: str, context: Context) -> None:
        self.units, self.number, self.context = units, number, context
        self.events: list[Event] = []

    def step(self, index: int) -> int:
        steps: tuple[Callable[[int], int | None], ...] = (
            self._furniture_or_value, self._label, self._row_of_fields, self._spaced_row, self._numbered_labels,
            self._label_over_lines, self._note_or_instruction, self._text_before_values)
        for read in steps:
            used = read(index)
            if used is not None:
                return used
        return _TABLE_ENDS

    def _add(self, event: Event, unit: SourceUnit) -> int:
        """The event of one unit, and the row end it carries."""
        self.events.append(event)
        self._row_end_after(unit)
        return 1

    def _row_end_after(self, unit: SourceUnit) -> None:
        if unit.row_end:
            self.events.append(Event(EventKind.ROW_END, line=unit.line))

    def _furniture_or_value(self, index: int) -> int | None:
        unit = self.units[index]
        text = unit.clean
        if not text and not unit.cell:
            return 1
        if text and (is_page_number(text) or _page_header(text, self.context)):
            return self._add(Event(EventKind.FURNITURE, text, unit.line), unit)
        value = read_value(unit.text, unit.line)
        if value is None and unit.value_cell:  # a workbook's figure cell holding text: kept as written
            value = Value(Printed.PLACEHOLDER, text, unit.text, unit.line, "不是数字")
        if value is not None:
            return self._add(Event(EventKind.VALUE, text, unit.line, value=value), unit)
        return None

    def _label(self, index: int) -> int | None:
        """A label of this table, completed by the next lines when it matched only roughly."""
        unit = self.units[index]
        text = unit.clean
        mine, other = _labels_of_table(text, self.number)
        if mine and not unit.cell and fold(text).endswith("。"):
            return _TABLE_ENDS  # a sentence after the table that is, or begins with, a label (“其他结果。”) is prose
        if mine:
            used, better = _extend(self.units, index, self.number, mine[0].score)
            if used > 1:
                return self._label_of_units(index, used, better)
            return self._add(Event(EventKind.LABEL, text, unit.line, mine), unit)
        return _TABLE_ENDS if other else None

    def _label_of_units(self, index: int, used: int, found: tuple[Match, ...]) -> int:
        joined_text = "".join(self.units[index + k].clean for k in range(used))
        self.events.append(Event(EventKind.LABEL, joined_text, self.units[index].line, found))
        if self.units[index + used - 1].row_end:
            self.events.append(Event(EventKind.ROW_END, line=self.units[index].line))
        return used

    def _row_of_fields(self, index: int) -> int | None:
        unit = self.units[index]
        fields = _fields(unit.clean, self.number) if not unit.cell else None
        if fields is None:
            return None
        self.events += [Event(kind, piece, unit.line, found, value) for kind, piece, found, value in fields]
        self.events.append(Event(EventKind.ROW_END, line=unit.line))
        return 1

    def _spaced_row(self, index: int) -> int | None:
        """A label and its values in one unit, set apart by spaces."""
        unit = self.units[index]
        spaced = split_spaced(unit.clean)
        if spaced is None:
            return None
        label, *rest = spaced if read_value(spaced[0]) is None else ("", *spaced)
        label_matches = _labels_of_table(label, self.number)[0] if label else ()
        if label and not label_matches:
            return None
        if label:
            self.events.append(Event(EventKind.LABEL, label, unit.line, label_matches))
        for piece in rest:
            self.events.append(Event(EventKind.VALUE, piece, unit.line, value=read_value(piece, unit.line)))
        self._row_end_after(unit)
        return 1

    def _numbered_labels(self, index: int) -> int | None:
        """Several numbered labels of this table printed in one unit."""
        unit = self.units[index]
        pieces = split_numbered(unit.clean)
        if len(pieces) <= 1:
            return None
        piece_matches = [_labels_of_table(piece, self.number)[0] for piece in pieces]
        if not all(piece_matches):
            return None
        for piece, found in zip(pieces, piece_matches, strict=True):
            self.events.append(Event(EventKind.LABEL, piece, unit.line, found))
        self._row_end_after(unit)
        return 1

    def _label_over_lines(self, index: int) -> int | None:
        joined = _join(self.units, index, self.number)
        if joined is None:
            return None
        found, used = joined
        return self._label_of_units(index, used, found)

    def _note_or_instruction(self, index: int) -> int | None:
        """A heading ends the table; a figure with the form's instruction, the instruction alone, or
        page furniture is kept as such."""
        unit = self.units[index]
        text = unit.clean
        if self.context.is_heading(text):
            return _TABLE_ENDS
        noted = figure_with_instruction(text, unit.line)
        if noted is not None:
            return self._add(Event(EventKind.VALUE, text, unit.line, value=noted), unit)
        if is_instruction(text) and (unit.cell or not any(mark in text for mark in _SENTENCE)):  # prose notes stay
            return self._add(Event(EventKind.INSTRUCTION, text, unit.line), unit)
        if is_furniture(text):
            return self._add(Event(EventKind.FURNITURE, text, unit.line), unit)
        return None

    def _text_before_values(self, index: int) -> int:
        """Short text that values or a label of this table follow is a row the form does not have;
        anything else ends the table."""
        unit = self.units[index]
        text = unit.clean
        folded = fold(text)
        if len(folded) > _MAX_LABEL or any(mark in folded[:-1] for mark in _SENTENCE) or folded.endswith("。"):
            return _TABLE_ENDS
        following = _next_meaningful(self.units, index + 1)
        if following is None:
            return _TABLE_ENDS
        next_value = read_value(following.text)
        if next_value is not None and (next_value.kind is not Printed.BLANK or following.cell) and (
                unit.cell or following.cell or next_value.kind is Printed.NUMBER):
            return self._add(Event(EventKind.TEXT, text, unit.line), unit)
        if _labels_of_table(following.clean, self.number)[0] and (unit.cell or len(folded) <= 20):
            return self._add(Event(EventKind.TEXT, text, unit.line), unit)
        return _TABLE_ENDS


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
