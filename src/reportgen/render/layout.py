"""The printed form of each table as a grid of merged cells, read from the edition's declaration.

A `TableGrid` is what any renderer draws: rows of cells, each with its grid position, its rowspan
and colspan, its role (a header above columns, a label beside rows, a value …) and, for a value,
the (row, column) declaration objects whose figure goes there. HTML and Word both draw this grid,
so it knows nothing of either. Every label comes from the declaration; this module types none.

The merges follow the national format (`shared/reference/format.md`):

- 表二: 1 label + 3 value grid columns; each block is a title row across the table, a header row
  (信息内容 and the value columns, each spanning `Column.span`), then its data rows.
- 表三: 3 label + 7 data grid columns under three header rows (the identity note 3×3, 申请人情况
  over the data columns, 法人或其他组织 over its five, the other columns down two header rows);
  rows outside the outcomes span the three label columns, 三、本年度办理结果 runs down beside all
  outcome rows through （七）总计, a group label beside its items, ungrouped outcome rows span two.
- 表四: 5 grid columns per group of figures; a group inside a parent (行政诉讼) adds a header row;
  one data row.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from ..editions import AppealsTable, ApplicationsTable, Block, Column, Group, ProactiveTable, Row, Table


class Role(Enum):
    NOTE = "note"  # 表三's top-left identity note: text, heads nothing
    TITLE = "title"  # 表二: a block's title across the table; heads the block's rows
    COLUMN_HEADER = "column_header"  # a header above one or more value columns
    ROW_HEADER = "row_header"  # a row's label, or a label merged beside several rows
    VALUE = "value"  # a figure
    EMPTY = "empty"  # an unused grid cell (only where a declaration leaves a block short)


class Scope(Enum):
    """What a header cell heads, in the words of HTML's `scope` (a Word renderer may ignore it)."""

    COL = "col"
    COLGROUP = "colgroup"
    ROW = "row"
    ROWGROUP = "rowgroup"


@dataclass(frozen=True, eq=False)
class GridCell:
    role: Role
    top: int  # grid row of the cell's top-left corner, counted from 0 (header rows included)
    left: int  # grid column of the top-left corner, counted from 0
    rowspan: int = 1
    colspan: int = 1
    text: str = ""  # the printed label; empty for values
    id: str | None = None  # header cells: a page-unique id that value cells refer to
    scope: Scope | None = None
    headers: tuple[str, ...] = ()  # value cells: ids of every header cell that describes them
    row: Row | None = None  # value cells (and row labels): the declared row
    column: Column | None = None  # value cells (and column headers): the declared column
    group: Group | None = None  # group labels: the declared group
    block: Block | None = None  # 表二: the block the cell belongs to

    @property
    def is_header(self) -> bool:
        return self.role in (Role.TITLE, Role.COLUMN_HEADER, Role.ROW_HEADER)

    @property
    def key(self) -> tuple[str, str]:
        """A value cell's key in `Figures.cells`: (row key, column key)."""
        assert self.row is not None and self.column is not None
        return (self.row.key, self.column.key)


@dataclass(frozen=True)
class GridRow:
    cells: tuple[GridCell, ...]  # the cells whose top-left corner is in this row, left to right
    header: bool = False  # one of the table's header rows (repeated on every printed page)
    section: int = 0  # rows with the same section form one body group (表二: one per block)


@dataclass(frozen=True)
class TableGrid:
    table: Table
    width: int  # grid columns
    rows: tuple[GridRow, ...]
    weights: tuple[float, ...]  # relative widths of the grid columns

    @property
    def caption(self) -> str:
        return f"{self.table.name}　{self.table.title}"

    @property
    def header_rows(self) -> tuple[GridRow, ...]:
        return tuple(row for row in self.rows if row.header)

    @property
    def body_sections(self) -> tuple[tuple[GridRow, ...], ...]:
        """The body rows, grouped by section, in order."""
        sections: list[list[GridRow]] = []
        for row in self.rows:
            if row.header:
                continue
            if not sections or sections[-1][0].section != row.section:
                sections.append([])
            sections[-1].append(row)
        return tuple(tuple(section) for section in sections)

    def cells(self) -> tuple[GridCell, ...]:
        return tuple(cell for row in self.rows for cell in row.cells)

    def value_cells(self) -> tuple[GridCell, ...]:
        return tuple(cell for cell in self.cells() if cell.role is Role.VALUE)

    def header_by_id(self) -> dict[str, GridCell]:
        return {cell.id: cell for cell in self.cells() if cell.id}


class _Builder:
    """Places cells on a grid and refuses overlaps and holes, so every layout is checked as built."""

    def __init__(self, table: Table, width: int, id_prefix: str) -> None:
        self.table, self.width, self.id_prefix = table, width, id_prefix
        self.placed: list[GridCell] = []
        self.occupied: set[tuple[int, int]] = set()
        self.header_rows: set[int] = set()
        self.sections: dict[int, int] = {}

    def place(self, role: Role, top: int, left: int, *, rowspan: int = 1, colspan: int = 1,
              **fields: object) -> GridCell:
        if role in (Role.TITLE, Role.COLUMN_HEADER, Role.ROW_HEADER):
            fields.setdefault("id", f"{self.id_prefix}r{top}c{left}")
        cell = GridCell(role, top, left, rowspan, colspan, **fields)  # type: ignore[arg-type]
        for r in range(top, top + rowspan):
            for c in range(left, left + colspan):
                if c >= self.width or (r, c) in self.occupied:
                    raise ValueError(f"{self.table.name}: grid cell ({r}, {c}) placed twice or outside the grid")
                self.occupied.add((r, c))
        self.placed.append(cell)
        return cell

    def mark(self, top: int, *, header: bool = False, section: int = 0) -> None:
        if header:
            self.header_rows.add(top)
        self.sections[top] = section

    def grid(self, weights: tuple[float, ...]) -> TableGrid:
        height = 1 + max(cell.top + cell.rowspan - 1 for cell in self.placed)
        holes = [(r, c) for r in range(height) for c in range(self.width) if (r, c) not in self.occupied]
        if holes:
            raise ValueError(f"{self.table.name}: grid cells {holes} left empty")
        rows = tuple(
            GridRow(
                tuple(sorted((cell for cell in self.placed if cell.top == r), key=lambda cell: cell.left)),
                header=r in self.header_rows,
                section=self.sections.get(r, 0),
            )
            for r in range(height)
        )
        assert len(weights) == self.width
        return TableGrid(self.table, self.width, rows, weights)


@lru_cache(maxsize=64)
def table_grid(table: Table, id_prefix: str = "") -> TableGrid:
    """The printed grid of a table. `id_prefix` makes the header ids unique on a page. Frozen, so kept
    for the next report (a bounded few: the HTML's prefixes differ from report to report)."""
    if isinstance(table, ProactiveTable):
        return _proactive(table, id_prefix)
    if isinstance(table, ApplicationsTable):
        return _applications(table, id_prefix)
    if isinstance(table, AppealsTable):
        return _appeals(table, id_prefix)
    raise TypeError(f"no layout for {type(table).__name__}")


def _proactive(table: ProactiveTable, id_prefix: str) -> TableGrid:
    width = 1 + table.value_grid_columns
    grid = _Builder(table, width, id_prefix)
    top = 0
    for number, block in enumerate(table.blocks):
        grid.mark(top, section=number)
        title = grid.place(Role.TITLE, top, 0, colspan=width, text=block.title, scope=Scope.ROWGROUP, block=block)
        top += 1
        grid.mark(top, section=number)
        grid.place(Role.COLUMN_HEADER, top, 0, text=table.label_header, scope=Scope.COL, block=block)
        left = 1
        headers: list[GridCell] = []
        for column in block.columns:
            headers.append(grid.place(Role.COLUMN_HEADER, top, left, colspan=column.span, text=column.header,
                                      scope=Scope.COL, column=column, block=block))
            left += column.span
        if left < width:
            grid.place(Role.EMPTY, top, left, colspan=width - left, block=block)
        for row in block.rows:
            top += 1
            grid.mark(top, section=number)
            label = grid.place(Role.ROW_HEADER, top, 0, text=row.label, scope=Scope.ROW, row=row, block=block)
            for header in headers:
                assert header.column is not None and header.id is not None
                grid.place(Role.VALUE, top, header.left, colspan=header.colspan, row=row, column=header.column,
                           block=block, headers=(title.id or "", header.id, label.id or ""))
            if left < width:
                grid.place(Role.EMPTY, top, left, colspan=width - left, block=block)
        top += 1
    return grid.grid((2.0,) + (1.0,) * table.value_grid_columns)


def _applications(table: ApplicationsTable, id_prefix: str) -> TableGrid:
    labels = 3
    width = labels + len(table.columns)
    grid = _Builder(table, width, id_prefix)
    for r in range(3):
        grid.mark(r, header=True)
    grid.place(Role.NOTE, 0, 0, rowspan=3, colspan=labels, text=table.identity_note)
    applicant = grid.place(Role.COLUMN_HEADER, 0, labels, colspan=len(table.columns), text=table.applicant_header,
                           scope=Scope.COLGROUP)
    column_headers: dict[str, tuple[str, ...]] = {}
    organisations = [column for column in table.columns if column.key in table.organisation_columns]
    organisation: GridCell | None = None
    for index, column in enumerate(table.columns):
        left = labels + index
        if column in organisations:
            if organisation is None:
                organisation = grid.place(Role.COLUMN_HEADER, 1, left, colspan=len(organisations),
                                          text=table.organisation_header, scope=Scope.COLGROUP)
            header = grid.place(Role.COLUMN_HEADER, 2, left, text=column.label, scope=Scope.COL, column=column)
            column_headers[column.key] = (applicant.id or "", organisation.id or "", header.id or "")
        else:
            header = grid.place(Role.COLUMN_HEADER, 1, left, rowspan=2, text=column.label, scope=Scope.COL,
                                column=column)
            column_headers[column.key] = (applicant.id or "", header.id or "")

    rows = table.rows()
    in_outcomes = [row.outcome or row.derived for row in rows]
    top = 3
    outcome_header: GridCell | None = None
    group_header: GridCell | None = None
    for index, row in enumerate(rows):
        grid.mark(top)
        row_headers: list[str] = []
        if in_outcomes[index]:
            if index == 0 or not in_outcomes[index - 1]:
                run = next((end for end in range(index, len(rows)) if not in_outcomes[end]), len(rows)) - index
                outcome_header = grid.place(Role.ROW_HEADER, top, 0, rowspan=run, text=table.outcome_header,
                                            scope=Scope.ROW)
            assert outcome_header is not None
            row_headers.append(outcome_header.id or "")
            if row.group is None:
                label = grid.place(Role.ROW_HEADER, top, 1, colspan=2, text=row.label, scope=Scope.ROW, row=row)
            else:
                if group_header is None or group_header.group != row.group:
                    size = sum(1 for other in rows if other.group == row.group)
                    group_header = grid.place(Role.ROW_HEADER, top, 1, rowspan=size, text=row.group.label,
                                              scope=Scope.ROW, group=row.group)
                row_headers.append(group_header.id or "")
                label = grid.place(Role.ROW_HEADER, top, 2, text=row.label, scope=Scope.ROW, row=row)
        else:
            label = grid.place(Role.ROW_HEADER, top, 0, colspan=labels, text=row.label, scope=Scope.ROW, row=row)
        row_headers.append(label.id or "")
        for offset, column in enumerate(table.columns):
            grid.place(Role.VALUE, top, labels + offset, row=row, column=column,
                       headers=(*row_headers, *column_headers[column.key]))
        top += 1
    return grid.grid((1.8, 4.4, 8.0) + (2.2,) * len(table.columns))


def _appeals(table: AppealsTable, id_prefix: str) -> TableGrid:
    columns = table.columns
    rows = table.rows()
    nested = any(row.group for row in rows)
    header_height = 3 if nested else 2
    width = len(rows) * len(columns)
    grid = _Builder(table, width, id_prefix)
    for r in range(header_height):
        grid.mark(r, header=True)
    data_top = header_height
    grid.mark(data_top)
    left = 0
    parent: GridCell | None = None
    for index, row in enumerate(rows):
        row_headers: list[str] = []
        if row.group is None:
            label = grid.place(Role.COLUMN_HEADER, 0, left, colspan=len(columns), text=row.label,
                               scope=Scope.COLGROUP, row=row)
            column_top, column_rowspan = 1, header_height - 1
        else:
            if index == 0 or rows[index - 1].group != row.group:
                size = sum(1 for other in rows if other.group == row.group)
                parent = grid.place(Role.COLUMN_HEADER, 0, left, colspan=size * len(columns), text=row.group.label,
                                    scope=Scope.COLGROUP, group=row.group)
            assert parent is not None
            row_headers.append(parent.id or "")
            label = grid.place(Role.COLUMN_HEADER, 1, left, colspan=len(columns), text=row.label,
                               scope=Scope.COLGROUP, row=row)
            column_top, column_rowspan = 2, 1
        row_headers.append(label.id or "")
        for offset, column in enumerate(columns):
            header = grid.place(Role.COLUMN_HEADER, column_top, left + offset, rowspan=column_rowspan,
                                text=column.label, scope=Scope.COL, row=row, column=column)
            grid.place(Role.VALUE, data_top, left + offset, row=row, column=column,
                       headers=(*row_headers, header.id or ""))
        left += len(columns)
    return grid.grid((1.0,) * width)
