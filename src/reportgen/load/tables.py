"""Reading the three tables: one row per line, `行: {列: 值, …}`; table 三's groups nest their items.

Every cell becomes a `Cell` that keeps what was written and where; a cell that holds no usable
number keeps the reason (V-1 reports it). Keys of the other edition's table are recognised and
named as such (S-4) rather than as merely unknown.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from ..editions import EDITIONS, ApplicationsTable, Column, Edition, Group, Row, Table
from ..model import Cell, CellProblem, Figures, Report
from .numbers import read_number
from .tree import Mapping, Node, Scalar, describe

if TYPE_CHECKING:
    from .reader import Reader


class TableReader:
    """Reads one table: a row per line, `行: {列: 值, …}`; table 三's groups nest their items."""

    def __init__(self, reader: Reader, report: Report, table: Table) -> None:
        self.reader, self.report, self.table = reader, report, table
        self.year = report.year
        self.figures = Figures(table)

    def read(self, node: Node, silent: bool = False) -> Figures:
        missing = CellProblem.MISSING
        self.figures.cells = {key: Cell(row, column, None, None, None, False, missing)
                              for key, row, column in _keyed_cells(self.table)}
        what = f"{self.year}年报告 · {self.table.name}"
        mapping = self.reader.mapping(node, what, self.year)
        if mapping is None:
            return self.figures
        self.figures.pos = self.reader.pos(mapping)
        top_rows, groups, items_of = _layout(self.table)
        allowed = [row.key for row in top_rows] + [group.key for group in groups]
        entries = self.reader.entries(mapping, what, allowed, year=self.year, foreign=self._foreign(allowed, "行"))
        for row in top_rows:
            if row.key in entries:
                self.row(row, *entries[row.key])
            elif not row.derived and not silent:
                self._missing_row(row, mapping)
        for group in groups:
            items = items_of[group.key]
            if group.key not in entries:
                if not silent:
                    for row in items:
                        self._missing_row(row, mapping)
                continue
            group_node = entries[group.key][1]
            group_what = f"{what} · {group.label}"
            group_mapping = self.reader.mapping(group_node, group_what, self.year)
            if group_mapping is None:
                continue
            allowed_items = [row.key for row in items]
            item_entries = self.reader.entries(group_mapping, group_what, allowed_items, year=self.year,
                                               foreign=self._foreign(allowed_items, "行"))
            for row in items:
                if row.key in item_entries:
                    self.row(row, *item_entries[row.key])
                else:
                    self._missing_row(row, group_mapping)
        return self.figures

    @property
    def _nested(self) -> bool:
        return isinstance(self.table, ApplicationsTable)

    def _missing_row(self, row: Row, mapping: Mapping) -> None:
        where = self.table.cell_name(row)
        at, instead = self.reader.misspelt(mapping, row.key)
        self.reader.report("S-2", at, f"{self.year}年报告缺少一行：{where}。{instead}", year=self.year, where=where,
                           expected=row.key, found="（没有）")

    def row(self, row: Row, key: Scalar, node: Node) -> None:
        self.figures.row_pos[row.key] = self.reader.pos(key)
        where, columns, allowed = _row_plan(self.table, row)
        mapping = self.reader.mapping(node, where, self.year)
        if mapping is None:
            return
        entries = self.reader.entries(mapping, where, allowed, year=self.year,
                                      foreign=_foreign(self.report.edition, self.table.number, allowed, "列", self.year))
        cells = self.figures.cells
        for column in columns:
            cell = cells[(row.key, column.key)]
            if column.key not in entries:
                derived = column.derived or row.derived  # a total: derived when not written
                cell.problem = None if derived else CellProblem.MISSING
                if not derived:
                    at, instead = self.reader.misspelt(mapping, column.key)
                    self.reader.report("S-2", at, f"{self.year}年报告缺少一格：{self.table.cell_name(row, column)}。{instead}",
                                       year=self.year, where=self.table.cell_name(row, column),
                                       expected=column.key, found="（没有）")
                continue
            value_node = entries[column.key][1]
            cell.pos = self.reader.pos(value_node)
            cell.written = True
            if not isinstance(value_node, Scalar):
                cell.problem = CellProblem.NOT_A_NUMBER
                cell.raw = describe(value_node)
                continue
            cell.raw = value_node.text
            quoted = cell.quoted = value_node.style in ("'", '"')
            cell.value, cell.problem = read_number(value_node.text, value_node.plain, column.kind, quoted)

    def _foreign(self, allowed: list[str], noun: str) -> dict[str, str]:
        """Keys that belong to the other edition's version of this table, with what to say of them."""
        return _foreign(self.report.edition, self.table.number, tuple(allowed), noun, self.year)


@cache
def _foreign(edition: Edition, number: str, allowed: tuple[str, ...], noun: str, year: int) -> dict[str, str]:
    """Worked out once per edition, table, place and year, not once per row read (the dict is not changed)."""
    result: dict[str, str] = {}
    for other in EDITIONS.values():
        if other is edition:
            continue
        for key in _table_keys(other, number) - set(allowed):
            result[key] = (f"属于{other.name}格式；本报告（{year}年度）按{edition.name}格式填写，"
                           f"此处可用的{noun}：{'、'.join(allowed)}。")
    return result


@cache
def _keyed_cells(table: Table) -> tuple[tuple[tuple[str, str], Row, Column], ...]:
    """((row key, column key), row, column) of every cell of a table, in order: worked out once."""
    return tuple(((row.key, column.key), row, column) for row, column in table.cells())


@cache
def _row_plan(table: Table, row: Row) -> tuple[str, tuple[Column, ...], tuple[str, ...]]:
    """A row's name in the form's words, its columns and their keys: worked out once per row."""
    columns = table.columns_of(row)
    return table.cell_name(row), columns, tuple(column.key for column in columns)


@cache
def _layout(table: Table) -> tuple[tuple[Row, ...], tuple[Group, ...], dict[str, tuple[Row, ...]]]:
    """How a table is written: its top-level rows, its groups (table 三 nests their items) and each
    group's items; worked out once per table."""
    nested = isinstance(table, ApplicationsTable)
    top_rows = tuple(row for row in table.rows() if row.group is None or not nested)
    groups = table.groups() if isinstance(table, ApplicationsTable) else ()
    items = {group.key: tuple(row for row in table.rows() if row.group == group) for group in groups}
    return top_rows, groups, items


@cache
def _table_keys(edition: Edition, number: str) -> frozenset[str]:
    """Every row, group and column key of one edition's table 二, 三 or 四."""
    table: Table = next(t for t in edition.tables if t.number == number)
    keys = {row.key for row in table.rows()} | {column.key for _, column in table.cells()}
    if isinstance(table, ApplicationsTable):
        keys |= {group.key for group in table.groups()}
    return frozenset(keys)
