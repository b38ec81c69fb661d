"""What an agency file holds once loaded: the agency, its reports, their prose and figures.

Every value remembers where it was written (file, line, column) so that a finding can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import NamedTuple

from .editions import Column, Edition, Row, Table

Number = int | Decimal


class Position(NamedTuple):
    """Where a value stands in its file (one for every value read: a tuple, quick to make)."""

    file: str
    line: int
    column: int


@dataclass
class Text:
    value: str
    pos: Position | None = None


class CellProblem(Enum):
    """Why a written cell holds no usable number; V-1 reports each by name."""

    BLANK = "空白"
    PLACEHOLDER = "占位符"
    FULL_WIDTH = "全角数字"
    FOREIGN_DIGIT = "非半角数字"  # ١٢, १२, 𝟏𝟐: digits of another script
    QUOTED = "加了引号的数字"
    UNIT = "带单位的数字"  # 48件, 3 件, 12条: the unit is in the table's heading, not in the cell
    FULL_WIDTH_QUOTED = "加了全角引号的数字"  # “3”: YAML keeps the quotes as part of the text
    NOT_A_NUMBER = "不是数字"
    NOT_WHOLE = "不是整数"
    TOO_PRECISE = "小数位过多"
    TOO_LARGE = "数字过大"
    MISSING = "缺失"  # the key is absent; reported by the loader as S-2


@dataclass(slots=True)  # one per cell of every report read
class Cell:
    row: Row
    column: Column
    value: Number | None = None  # the written value, or for an unwritten total the derived one
    raw: str | None = None  # the text as written in the file
    pos: Position | None = None
    written: bool = False
    problem: CellProblem | None = None
    quoted: bool = False  # written in '…' or "…"


@dataclass
class Figures:
    """The cells of one table of one report, keyed by (row key, column key)."""

    table: Table
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    row_pos: dict[str, Position] = field(default_factory=dict)
    pos: Position | None = None

    def cell(self, row: Row | str, column: Column | str) -> Cell:
        try:  # declarations, as the rules pass them (looked up for every cell of every report)
            return self.cells[(row.key, column.key)]  # type: ignore[union-attr]
        except AttributeError:
            row_key = row if isinstance(row, str) else row.key
            column_key = column if isinstance(column, str) else column.key
            return self.cells[(row_key, column_key)]

    def value(self, row: Row | str, column: Column | str) -> Number | None:
        return self.cell(row, column).value

    def where(self, row: Row | str) -> Position | None:
        """The line of a row, falling back to the table's."""
        key = row if isinstance(row, str) else row.key
        return self.row_pos.get(key, self.pos)


@dataclass
class Part:
    """One numbered part of 一、总体情况: its heading as written (with its number) and its paragraphs."""

    heading: Text
    paragraphs: list[Text] = field(default_factory=list)


@dataclass
class Report:
    year: int
    edition: Edition
    pos: Position | None = None
    stated_edition: int | None = None
    stated_edition_pos: Position | None = None
    title: Text | None = None
    published_on: date | None = None
    published_pos: Position | None = None
    preamble: list[Text] = field(default_factory=list)
    overview_intro: list[Text] = field(default_factory=list)
    overview_parts: list[Part] = field(default_factory=list)
    proactive: Figures | None = None
    proactive_notes: list[Text] = field(default_factory=list)
    applications: Figures | None = None
    applications_notes: list[Text] = field(default_factory=list)
    appeals: Figures | None = None
    appeals_notes: list[Text] = field(default_factory=list)
    problems: list[Text] = field(default_factory=list)
    other_matters: list[Text] = field(default_factory=list)
    signoff_name: Text | None = None
    signoff_date: date | None = None
    signoff_pos: Position | None = None


@dataclass
class Agency:
    source: str
    name: Text | None = None
    identity: dict[str, Text] = field(default_factory=dict)  # 网站, 地址 … as written
    reports: dict[int, Report] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        from pathlib import Path

        return Path(self.source).stem
