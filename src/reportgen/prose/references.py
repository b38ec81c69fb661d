"""References from prose to the report's tables: `{{表三.本年新收}}`, read from the edition declaration.

The grammar, in the form's own words (no label is typed here; every name is a key of the edition):

    {{ [上年.] 表X . 行 [+ 行 …] [. 列] }}

- 表X is a table's name as the form prints it: 表二, 表三, 表四;
- 行 is a row key of the agency file (`本年新收`, `予以公开`), a group (`不予公开`: the sum of its
  items), or a group's item, written alone or under its group (`不予公开.属于国家秘密`);
  several rows joined by `+` are added up (`予以公开+部分公开`);
- 列 is a column key; it may be left out where the table has a 总计 column (表三, 表四) or where the
  row has a single column (表二 第二十条第（五）（六）（八）项 of the 2021 edition);
- 上年. takes the figure from the previous year's report in the same file.

Full-width dots and plus signs (．＋) and spaces are accepted and read as their ASCII forms. When a
dotted name could be read two ways, the row reading wins: `表三.其他处理.其他` is the item 3.其他
of （六）其他处理, not the group in the column 其他 (write `表三.逾期不补正+逾期未缴费+其他.其他`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ..editions import Column, Edition, Group, Row, Table
from ..model import Agency, Figures, Number, Report

PREVIOUS_YEAR = "上年"
SEPARATOR = "."
PLUS = "+"
_NORMALISE = str.maketrans({"．": ".", "＋": "+", "·": ".", "・": "."})


class ReferenceError(Exception):
    """A reference that names no cell. `message` is Chinese; `suggestion` the nearest valid reference,
    worked out only when asked for (a rule that tries a reference an edition lacks never needs it)."""

    def __init__(self, message: str, suggestion: str | Callable[[], str | None] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self._suggestion = suggestion

    @property
    def suggestion(self) -> str | None:
        if callable(self._suggestion):
            self._suggestion = self._suggestion()
        return self._suggestion

    @suggestion.setter
    def suggestion(self, value: str | Callable[[], str | None] | None) -> None:
        self._suggestion = value


@dataclass(frozen=True)
class Reference:
    """A parsed reference: which report (this year's or the previous), which table, rows and column."""

    previous_year: bool
    table: Table
    rows: tuple[Row, ...]  # added up
    column: Column
    parts: tuple[str, ...]  # the row parts as written canonically (`不予公开`, `不予公开.属于国家秘密`)
    column_written: bool

    @property
    def text(self) -> str:
        """The canonical form, without braces: 表三.予以公开+部分公开 (the column only when needed)."""
        head = f"{PREVIOUS_YEAR}{SEPARATOR}" if self.previous_year else ""
        body = PLUS.join(self.parts)
        tail = f"{SEPARATOR}{self.column.key}" if self.column_written else ""
        return f"{head}{self.table.name}{SEPARATOR}{body}{tail}"

    def describe(self, report_year: int | None = None) -> str:
        """The cell(s) in the form's words: 表三 · 一、本年新收政府信息公开申请数量 · 总计."""
        names = [_part_name(self.table, part) for part in self.parts]
        rows = "＋".join(names)
        prefix = f"{report_year - 1}年报告 · " if self.previous_year and report_year else ("上年报告 · " if self.previous_year else "")
        return f"{prefix}{self.table.name} · {rows} · {self.column.label}"

    def value(self, agency: Agency | None, report: Report) -> Number | None:
        """The figure, or None when a cell is not a usable number or the previous year is absent."""
        source = report
        if self.previous_year:
            if agency is None or report.year - 1 not in agency.reports:
                return None
            source = agency.reports[report.year - 1]
        figures = _figures(source, self.table)
        if figures is None:
            return None
        result: Number = 0
        for row in self.rows:
            cell = figures.cells.get((row.key, self.column.key))
            if cell is None or cell.value is None:
                return None
            result += cell.value
        return result


def _figures(report: Report, table: Table) -> Figures | None:
    for attribute in ("proactive", "applications", "appeals"):
        figures = getattr(report, attribute)
        if figures is not None and figures.table.number == table.number:
            return figures
    return None


def _part_name(table: Table, part: str) -> str:
    keys = part.split(SEPARATOR)
    rows = _rows_by_key(table)
    groups = _groups(table)
    if len(keys) == 1 and keys[0] in groups and keys[0] not in rows:
        return f"{groups[keys[0]].label}（各项合计）"
    row = rows[keys[-1]]
    return table.cell_name(row).removeprefix(f"{table.name} · ")


# -- the edition's names -------------------------------------------------------------------------------


def _rows_by_key(table: Table) -> dict[str, Row]:
    return {row.key: row for row in table.rows()}


def _groups(table: Table) -> dict[str, Group]:
    groups: dict[str, Group] = {}
    for row in table.rows():
        if row.group is not None:
            groups.setdefault(row.group.key, row.group)
    return groups


def _items(table: Table, group: Group) -> tuple[Row, ...]:
    return tuple(row for row in table.rows() if row.group == group)


def _columns(table: Table) -> dict[str, Column]:
    columns: dict[str, Column] = {}
    for _, column in table.cells():
        columns.setdefault(column.key, column)
    return columns


def _total_column(table: Table, rows: tuple[Row, ...]) -> Column | None:
    """The column a reference means when it names none: the table's 总计, or the rows' only column."""
    shared: list[Column] | None = None
    for row in rows:
        columns = list(table.columns_of(row))
        shared = columns if shared is None else [c for c in shared if c in columns]
    if not shared:
        return None
    derived = [column for column in shared if column.derived]
    if derived:
        return derived[0]
    return shared[0] if len(shared) == 1 else None


@cache
def names(edition: Edition) -> list[str]:
    """Every reference an edition offers, in canonical form: the list a misspelling is matched against
    (worked out once per edition; not to be changed)."""
    result: list[str] = []
    for table in edition.tables:
        groups = _groups(table)
        parts: list[tuple[str, tuple[Row, ...]]] = []
        for row in table.rows():
            parts.append((row.key, (row,)))
            if row.group is not None:
                parts.append((f"{row.group.key}{SEPARATOR}{row.key}", (row,)))
        for key, group in groups.items():
            if key not in _rows_by_key(table):
                parts.append((key, _items(table, group)))
        for part, rows in parts:
            default = _total_column(table, rows)
            if default is not None:
                result.append(f"{table.name}{SEPARATOR}{part}")
            for column in table.columns_of(rows[0]):
                if all(column in table.columns_of(row) for row in rows):
                    result.append(f"{table.name}{SEPARATOR}{part}{SEPARATOR}{column.key}")
    return result


def _closest(word: str, candidates: list[str]) -> str | None:
    found = difflib.get_close_matches(word, candidates, n=1, cutoff=0.3)
    return found[0] if found else None


# -- parsing -------------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    return "".join(text.translate(_NORMALISE).split())


def parse(text: str, edition: Edition) -> Reference:
    """Parse a reference (without its braces) against an edition; raise ReferenceError with the
    nearest valid reference when it names nothing."""
    source = normalise(text)
    if not source:
        raise ReferenceError("占位符“{{}}”是空的：应写明表格和行，如“{{表三.本年新收}}”。", "表三.本年新收")
    previous = False
    rest = source
    if rest.startswith(PREVIOUS_YEAR + SEPARATOR):
        previous, rest = True, rest[len(PREVIOUS_YEAR) + 1:]
    table_name, _, body = rest.partition(SEPARATOR)
    tables = {table.name: table for table in edition.tables}
    if table_name not in tables:
        def suggestion() -> str | None:
            closest = _closest(table_name, list(tables))
            return _suggest(source, edition, replace=(table_name, closest) if closest else None)

        listed = "、".join(tables)
        raise ReferenceError(f"没有“{table_name}”这张表：可用的表为 {listed}。", suggestion)
    table = tables[table_name]
    if not body:
        example = f"{table.name}{SEPARATOR}{table.rows()[0].key}"
        raise ReferenceError(f"“{source}”没有写明{table.name}的哪一行，如“{{{{{example}}}}}”。", example)
    try:
        rows, parts = _rows(table, body)
        column, written = _default_column(table, rows, source), False
    except ReferenceError as row_error:
        head, _, last = body.rpartition(SEPARATOR)
        if not head:
            raise _with_suggestion(row_error, source, edition) from None
        try:
            rows, parts = _rows(table, head)
        except ReferenceError:
            raise _with_suggestion(row_error, source, edition) from None
        if last not in _columns(table):
            if head in _groups(table):  # 不予公开.国家秘密: an item of the group, misspelt
                raise _with_suggestion(row_error, source, edition) from None
            available = "、".join(c.key for c in table.columns_of(rows[0]))
            columns = [c.key for c in table.columns_of(rows[0])]

            def column_suggestion() -> str | None:
                closest = _closest(last, columns)
                return source[: len(source) - len(last)] + closest if closest else _suggest(source, edition)

            raise ReferenceError(f"{table.name}中没有“{last}”这一列；可用的列：{available}。", column_suggestion) from None
        written = True
        missing = [row for row in rows if last not in {c.key for c in table.columns_of(row)}]
        if not missing:
            column = next(c for c in table.columns_of(rows[0]) if c.key == last)
        else:
            available = "、".join(c.key for c in table.columns_of(missing[0]))
            raise ReferenceError(
                f"{table.name}的“{missing[0].key}”一行没有“{last}”这一列；可用的列：{available}。",
                lambda: _suggest(source, edition),
            ) from None
    return Reference(previous, table, rows, column, parts, written)


def _with_suggestion(error: ReferenceError, source: str, edition: Edition) -> ReferenceError:
    if error._suggestion is None:
        error.suggestion = lambda: _suggest(source, edition)
    return error


def _default_column(table: Table, rows: tuple[Row, ...], source: str) -> Column:
    column = _total_column(table, rows)
    if column is None:
        available = "、".join(c.key for c in table.columns_of(rows[0]))
        raise ReferenceError(f"“{source}”须写明列（{table.name}这一行没有“总计”列）：可用的列：{available}。")
    return column


def _rows(table: Table, body: str) -> tuple[tuple[Row, ...], tuple[str, ...]]:
    rows: list[Row] = []
    parts: list[str] = []
    by_key, groups = _rows_by_key(table), _groups(table)
    for term in body.split(PLUS):
        keys = term.split(SEPARATOR) if term else [""]
        if len(keys) == 1 and keys[0] in by_key:
            row = by_key[keys[0]]
            rows.append(row)
            parts.append(row.key)
        elif len(keys) == 1 and keys[0] in groups:
            rows.extend(_items(table, groups[keys[0]]))
            parts.append(keys[0])
        elif len(keys) == 2 and keys[0] in groups and keys[1] in by_key and by_key[keys[1]].group == groups[keys[0]]:
            rows.append(by_key[keys[1]])
            parts.append(term)
        else:
            raise ReferenceError(_unknown_row(table, keys))
    return tuple(rows), tuple(parts)


def _unknown_row(table: Table, keys: list[str]) -> str:
    groups = _groups(table)
    if len(keys) == 2 and keys[0] in groups:
        items = "、".join(row.key for row in _items(table, groups[keys[0]]))
        return f"{table.name}的“{keys[0]}”之下没有“{keys[1]}”：可用的项：{items}。"
    word = SEPARATOR.join(keys)
    return f"{table.name}中没有“{word}”这一行。"


def _suggest(source: str, edition: Edition, replace: tuple[str, str] | None = None) -> str | None:
    """The valid reference nearest to what was written."""
    target = source.removeprefix(PREVIOUS_YEAR + SEPARATOR)
    if replace is not None:
        target = target.replace(replace[0], replace[1], 1)
    closest = _closest(target, names(edition))
    if closest is None:
        return None
    return (PREVIOUS_YEAR + SEPARATOR if source.startswith(PREVIOUS_YEAR + SEPARATOR) else "") + closest
