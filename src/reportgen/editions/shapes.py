"""The vocabulary in which an edition of the national format is declared.

An edition is data, not code: rows, columns, labels, groups, units and spans. The loader, the
validator's messages, the renderers and the schema all read these objects; none of them types a
label of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property


class ValueKind(Enum):
    """What a cell may hold."""

    COUNT = "count"  # whole number ≥ 0
    SIGNED_COUNT = "signed_count"  # whole number, may be negative (2019 本年增/减)
    MONEY = "money"  # ≥ 0, up to four decimal places, in 万元

    @property
    def description(self) -> str:
        return _KIND_DESCRIPTIONS[self]


_KIND_DESCRIPTIONS = {
    ValueKind.COUNT: "不小于 0 的整数",
    ValueKind.SIGNED_COUNT: "整数（可为负数）",
    ValueKind.MONEY: "不小于 0 的金额（单位：万元，最多 4 位小数）",
}


@dataclass(frozen=True)
class Column:
    """A value column: `key` is the word used in the agency file, `label` what the form prints."""

    key: str
    label: str
    kind: ValueKind = ValueKind.COUNT
    derived: bool = False  # a total: computed, and checked when the file writes it
    span: int = 1  # grid columns the column's cells occupy (table 二 only)
    unit: str | None = None  # printed in the header, e.g. 万元

    def __hash__(self) -> int:
        return hash((self.key, self.label))

    @property
    def header(self) -> str:
        """The header as printed, unit included."""
        return self.label if not self.unit else f"{self.label}（单位：{self.unit}，保留4位小数）"


@dataclass(frozen=True)
class Group:
    """A merged label printed beside several rows, e.g. （三）不予公开 beside its eight grounds."""

    key: str
    label: str

    def __hash__(self) -> int:
        return hash((self.key, self.label))


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    group: Group | None = None
    outcome: bool = False  # table 三: one of the rows that 本年度办理结果 adds up
    derived: bool = False  # table 三 （七）总计

    def __hash__(self) -> int:
        return hash((self.key, self.label))

    @property
    def full_label(self) -> str:
        """The row as a reader names it: group label and row label."""
        return f"{self.group.label} {self.label}" if self.group else self.label


@dataclass(frozen=True)
class Block:
    """One block of table 二, titled by the article of the regulation it reports on."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    def __hash__(self) -> int:
        return hash(self.title)


@dataclass(frozen=True)
class Table:
    """What every table offers its readers: a number, a title, rows and their columns."""

    number: str  # 二 / 三 / 四
    title: str

    # Declarations are dict keys and cache keys everywhere: hash a few identifying fields (equal objects
    # still hash alike) rather than every field of every nested declaration.
    def __hash__(self) -> int:
        return hash((type(self).__name__, self.number, self.title))

    @property
    def name(self) -> str:
        return f"表{self.number}"

    @property
    def digit(self) -> int:
        """The number as a digit (表三 → 3), for names that must be ASCII."""
        return "一二三四五六七八九".index(self.number) + 1

    def rows(self) -> tuple[Row, ...]:
        raise NotImplementedError

    def columns_of(self, row: Row) -> tuple[Column, ...]:
        raise NotImplementedError

    def row(self, key: str) -> Row:
        return self._row_by_key[key]

    def cells(self) -> list[tuple[Row, Column]]:
        return list(self._cells)

    @cached_property  # asked for every report read
    def _row_by_key(self) -> dict[str, Row]:
        return {row.key: row for row in reversed(self.rows())}  # the first of a key, as a search finds

    @cached_property
    def _cells(self) -> tuple[tuple[Row, Column], ...]:
        return tuple((row, column) for row in self.rows() for column in self.columns_of(row))

    def cell_name(self, row: Row, column: Column | None = None) -> str:
        """The cell in the form's own words: 表三 · （三）不予公开 3.危及“三安全一稳定” · 自然人."""
        parts = [self.name, self._row_name(row)]
        if column is not None:
            parts.append(column.label)
        return " · ".join(parts)

    def _row_name(self, row: Row) -> str:
        return row.full_label


@dataclass(frozen=True)
class ProactiveTable(Table):
    """Table 二 — 主动公开政府信息情况: a stack of blocks on a grid of 1 label + 3 value columns."""

    __hash__ = Table.__hash__

    blocks: tuple[Block, ...] = ()
    label_header: str = "信息内容"
    value_grid_columns: int = 3

    def rows(self) -> tuple[Row, ...]:
        return self._rows

    @cached_property
    def _rows(self) -> tuple[Row, ...]:
        return tuple(row for block in self.blocks for row in block.rows)

    def block_of(self, row: Row) -> Block:
        return self._block_by_row[row.key]

    @cached_property  # asked for every cell of every report
    def _block_by_row(self) -> dict[str, Block]:
        return {row.key: block for block in self.blocks for row in block.rows}

    def columns_of(self, row: Row) -> tuple[Column, ...]:
        return self.block_of(row).columns

    def _row_name(self, row: Row) -> str:
        return f"{self.block_of(row).title} {row.label}"


@dataclass(frozen=True)
class ApplicationsTable(Table):
    """Table 三 — 收到和处理政府信息公开申请情况: 3 label columns and 7 data columns."""

    __hash__ = Table.__hash__

    row_list: tuple[Row, ...] = ()
    columns: tuple[Column, ...] = ()
    identity_note: str = ""  # the top-left cell
    applicant_header: str = ""  # 申请人情况
    organisation_header: str = ""  # 法人或其他组织, over the five organisation columns
    outcome_header: str = ""  # 三、本年度办理结果, merged beside the outcome rows
    organisation_columns: tuple[str, ...] = field(default_factory=tuple)

    def rows(self) -> tuple[Row, ...]:
        return self.row_list

    def columns_of(self, row: Row) -> tuple[Column, ...]:
        return self.columns

    @cached_property  # asked for every cell of every report
    def applicant_columns(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if not column.derived)

    @cached_property  # asked for every cell of every report
    def total_column(self) -> Column:
        return next(column for column in self.columns if column.derived)

    @cached_property  # asked for every cell of every report
    def outcome_rows(self) -> tuple[Row, ...]:
        return tuple(row for row in self.row_list if row.outcome)

    @cached_property  # asked for every cell of every report
    def outcome_total_row(self) -> Row:
        return next(row for row in self.row_list if row.derived)

    def groups(self) -> tuple[Group, ...]:
        seen: list[Group] = []
        for row in self.row_list:
            if row.group and row.group not in seen:
                seen.append(row.group)
        return tuple(seen)

    def _row_name(self, row: Row) -> str:
        return row.full_label


@dataclass(frozen=True)
class AppealsTable(Table):
    """Table 四 — 行政复议、行政诉讼: three groups of five columns on one printed data row.

    Each group (行政复议, 未经复议直接起诉, 复议后起诉) is a `Row` here so that the agency file can
    write one line per group; `parent` is the header printed above a group (行政诉讼).
    """

    __hash__ = Table.__hash__

    row_list: tuple[Row, ...] = ()
    columns: tuple[Column, ...] = ()

    def rows(self) -> tuple[Row, ...]:
        return self.row_list

    def columns_of(self, row: Row) -> tuple[Column, ...]:
        return self.columns

    @cached_property  # asked for every cell of every report
    def outcome_columns(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if not column.derived)

    @cached_property  # asked for every cell of every report
    def total_column(self) -> Column:
        return next(column for column in self.columns if column.derived)


@dataclass(frozen=True)
class Edition:
    """One edition of the national format."""

    year: int  # 2019 or 2021: the year the edition was issued
    name: str
    document: str  # the notice that issued it
    first_report_year: int
    last_report_year: int | None
    proactive: ProactiveTable
    applications: ApplicationsTable
    appeals: AppealsTable

    def __hash__(self) -> int:
        return hash(self.year)

    @property
    def tables(self) -> tuple[Table, ...]:
        return (self.proactive, self.applications, self.appeals)

    def covers(self, report_year: int) -> bool:
        return report_year >= self.first_report_year and (
            self.last_report_year is None or report_year <= self.last_report_year
        )
