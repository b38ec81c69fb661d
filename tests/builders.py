"""Agency files for tests, built from the edition declarations (no label is typed here).

    report = Report(2021)                                # every non-derived cell written as 0
    report.set("三", "本年新收", "自然人", 3)            # table number, row key, column key
    report.set("三", "予以公开", "自然人", 3)
    report.write_totals()                               # optionally write the derived totals too
    built = build(report)                               # the agency file: built.text, built.line(...)
    agency, findings = load(built)                      # through the real loader
    findings = check(built)                             # loader findings + validator findings

A value is written as YAML text: an int or Decimal as a number, a str exactly as given (so
`'"12"'` is a quoted number, `""` a blank cell, `"—"` a placeholder). `OMIT` leaves a key out.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from reportgen import document as doc
from reportgen.editions import (
    EDITION_2019,
    EDITION_2021,
    AppealsTable,
    ApplicationsTable,
    Column,
    Edition,
    Row,
    Table,
    edition_for_year,
)
from reportgen.findings import Finding
from reportgen.load import load_agency_text
from reportgen.model import Agency
from reportgen.validate import validate

EDITIONS = (EDITION_2019, EDITION_2021)
#: A report year for each edition.
YEAR_OF = {EDITION_2019: 2020, EDITION_2021: 2021}

Key = tuple[str, str, str]  # (table number 二/三/四, row key, column key)


class _Omit:
    def __repr__(self) -> str:
        return "OMIT"


OMIT = _Omit()

DEFAULT_NAME = "测试市测试局"
#: A different focus for each year, so that two consecutive years' prose is never a copy (D-1).
_FOCUS = ("重点做好政策解读", "完善主动公开目录", "规范依申请公开办理", "加强政府网站建设", "推进基层政务公开",
          "健全信息发布审核", "做好政务新媒体管理")


def focus(year: int) -> str:
    return _FOCUS[year % len(_FOCUS)]


def default_prose(heading: str, year: int) -> str | None:
    return {
        doc.PROBLEMS.heading: f"存在的问题是{focus(year)}仍需加强。\n下一步将{focus(year + 1)}，提高工作质量。",
        doc.OTHER_MATTERS.heading: "无",
    }.get(heading)


def table_of(edition: Edition, number: str) -> Table:
    return next(table for table in edition.tables if table.number == number)


def row_and_column(edition: Edition, key: Key) -> tuple[Table, Row, Column]:
    table = table_of(edition, key[0])
    row = table.row(key[1])
    column = next(c for c in table.columns_of(row) if c.key == key[2])
    return table, row, column


def cell_name(edition: Edition, key: Key) -> str:
    """The cell in the form's words, from the declaration."""
    table, row, column = row_and_column(edition, key)
    return table.cell_name(row, column)


def plain_keys(edition: Edition, number: str | None = None) -> list[Key]:
    """Every cell an officer writes (not a derived total), in the declaration's order."""
    return [
        (table.number, row.key, column.key)
        for table in edition.tables
        if number is None or table.number == number
        for row, column in table.cells()
        if not row.derived and not column.derived
    ]


def derived_keys(edition: Edition) -> list[Key]:
    """Every total the loader can derive: table 三's 总计 column and （七）总计 row, table 四's 总计."""
    return [
        (table.number, row.key, column.key)
        for table in edition.tables
        for row, column in table.cells()
        if row.derived or column.derived
    ]


def fmt(value: object) -> str:
    if isinstance(value, bool):
        raise TypeError("a cell is not a boolean")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int | str):
        return str(value)
    raise TypeError(f"cannot write {value!r} in a cell")


@dataclass
class Report:
    """One year's report: its figures (what the file writes) and its other keys."""

    year: int
    edition: Edition | None = None  # the tables written; default: the edition for the year
    stated_edition: str | None = None  # the 格式 key, written as given
    published: str | None = ""  # the 发布日期 key; "": 20 January of the next year (a dated sign-off, P-2)
    signoff: tuple[str, str | None] | None = None  # (单位, 日期)
    prose: dict[str, object] = field(default_factory=dict)  # section heading → text or OMIT
    overview_parts: tuple[str, ...] = doc.OVERVIEW_CONVENTIONAL_PARTS
    omitted_rows: set[tuple[str, str]] = field(default_factory=set)
    cells: dict[Key, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.edition is None:
            self.edition = edition_for_year(self.year)
        for key in plain_keys(self.edition):
            self.cells.setdefault(key, 0)

    # -- figures ---------------------------------------------------------------------------------

    def set(self, table: str, row: str, column: str, value: object) -> Report:
        key = (table, row, column)
        row_and_column(self.edition, key)  # raises KeyError for a cell the edition does not have
        self.cells[key] = value
        return self

    def set_row(self, table: str, row: str, values: dict[str, object]) -> Report:
        for column, value in values.items():
            self.set(table, row, column, value)
        return self

    def get(self, table: str, row: str, column: str) -> object:
        return self.cells.get((table, row, column), OMIT)

    def omit(self, table: str, row: str, column: str | None = None) -> Report:
        if column is None:
            self.omitted_rows.add((table, row))
        else:
            self.cells[(table, row, column)] = OMIT
        return self

    def derived_value(self, key: Key) -> int | Decimal | None:
        """What the total at `key` must be, from the plain cells (None if one is not a number)."""
        table, row, column = row_and_column(self.edition, key)

        def number(r: Row, c: Column) -> int | Decimal | None:
            value = self.cells.get((table.number, r.key, c.key))
            return value if isinstance(value, int | Decimal) and not isinstance(value, bool) else None

        parts: list[int | Decimal | None] = []
        if isinstance(table, ApplicationsTable):
            rows = table.outcome_rows if row.derived else (row,)
            columns = table.applicant_columns if column.derived else (column,)
            parts = [number(r, c) for r in rows for c in columns]
        elif isinstance(table, AppealsTable):
            parts = [number(row, c) for c in table.outcome_columns]
        if any(part is None for part in parts):
            return None
        return sum(parts)  # type: ignore[arg-type]

    def write_totals(self, keys: Iterable[Key] | None = None) -> Report:
        """Write the given derived totals (all of them by default) with their correct values."""
        for key in derived_keys(self.edition) if keys is None else keys:
            value = self.derived_value(key)
            if value is not None:
                self.cells[key] = value
        return self

    def written_totals(self) -> list[Key]:
        return [key for key in derived_keys(self.edition) if key in self.cells and self.cells[key] is not OMIT]


@dataclass
class Built:
    """An agency file's text, and the line of each thing it writes."""

    text: str
    lines: dict[tuple, int]
    file: str = "test.yaml"

    def line(self, *path: object) -> int:
        """built.line(2021) → the year's key; built.line(2021, "三", "予以公开") → that row;
        built.line(2021, "格式") → a report key."""
        return self.lines[path]

    def find(self, fragment: str, start: int = 1) -> int:
        """The first line (from `start`) containing `fragment`."""
        for number, text in enumerate(self.text.split("\n"), start=1):
            if number >= start and fragment in text:
                return number
        raise KeyError(fragment)

    def replace(self, old: str, new: str, count: int = 1) -> Built:
        assert old in self.text, old
        return Built(self.text.replace(old, new, count), self.lines, self.file)

    def write(self, folder: Path, name: str | None = None) -> Path:
        path = folder / (name or self.file)
        path.write_text(self.text, encoding="utf-8")
        return path


class _Writer:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.lines: dict[tuple, int] = {}

    def add(self, indent: int, text: str, *path: object) -> None:
        self.out.append("  " * indent + text)
        if path:
            self.lines[path] = len(self.out)

    def block(self, indent: int, key: str, text: str, *path: object) -> None:
        self.add(indent, f"{key}: |", *path)
        for line in text.split("\n"):
            self.add(indent + 1, line)


def build(*reports: Report, name: str | None = DEFAULT_NAME, file: str = "test.yaml") -> Built:
    w = _Writer()
    w.add(0, f"{doc.AGENCY_KEY}:")
    if name is not None:
        w.add(1, f"名称: {name}", "名称")
    w.add(0, f"{doc.REPORTS_KEY}:")
    for report in reports:
        _report(w, report)
    return Built("\n".join(w.out) + "\n", w.lines, file)


def _report(w: _Writer, report: Report) -> None:
    year = report.year
    w.add(1, f"{year}:", year)
    if report.stated_edition is not None:
        w.add(2, f"{doc.EDITION_KEY}: {report.stated_edition}", year, doc.EDITION_KEY)
    published = f"{year + 1}-01-20" if report.published == "" else report.published
    if published is not None:
        w.add(2, f"{doc.PUBLISHED_KEY}: {published}", year, doc.PUBLISHED_KEY)
    overview = report.prose.get(doc.OVERVIEW.heading)
    if overview is not OMIT:
        w.add(2, f"{doc.OVERVIEW.heading}:", year, doc.OVERVIEW.heading)
        w.add(3, f"{doc.OVERVIEW_INTRO_KEY}: {year}年，本机关认真贯彻《政府信息公开条例》，{focus(year)}。")
        for index, part in enumerate(report.overview_parts):
            heading = f"{doc.part_number(index)}{part}"
            w.block(3, heading, f"{year}年{part}工作：{focus(year)}。", year, heading)
    for section in doc.SECTIONS[1:]:
        value = report.prose.get(section.heading, default_prose(section.heading, year))
        if value is OMIT:
            continue
        if section.table is None:
            w.block(2, section.heading, str(value), year, section.heading)
            continue
        table: Table = getattr(report.edition, section.table)
        w.add(2, f"{section.heading}:", year, section.heading)
        w.add(3, f"{table.name}:", year, table.number)
        _table(w, report, table)
        if isinstance(value, str):
            w.block(3, doc.NOTES_KEY, value)
    if report.signoff is not None:
        unit, day = report.signoff
        w.add(2, f"{doc.SIGNOFF_KEY}:", year, doc.SIGNOFF_KEY)
        w.add(3, f"{doc.SIGNOFF_NAME_KEY}: {unit}")
        if day is not None:
            w.add(3, f"{doc.SIGNOFF_DATE_KEY}: {day}")


def _table(w: _Writer, report: Report, table: Table) -> None:
    written_groups: set[str] = set()
    for row in table.rows():
        if (table.number, row.key) in report.omitted_rows:
            continue
        indent = 4
        nested = isinstance(table, ApplicationsTable) and row.group is not None
        if nested:
            assert row.group is not None
            if row.group.key not in written_groups:
                written_groups.add(row.group.key)
                w.add(4, f"{row.group.key}:", report.year, table.number, row.group.key)
            indent = 5
        values = []
        for column in table.columns_of(row):
            value = report.cells.get((table.number, row.key, column.key), OMIT)
            if value is not OMIT:
                values.append(f"{column.key}: {fmt(value)}")
        if values or not row.derived:  # a total row with no written total is left out
            w.add(indent, f"{row.key}: {{{', '.join(values)}}}", report.year, table.number, row.key)


# -- loading through the real code ----------------------------------------------------------------


def load(built: Built | str, file: str = "test.yaml") -> tuple[Agency | None, list[Finding]]:
    text = built.text if isinstance(built, Built) else built
    return load_agency_text(text, built.file if isinstance(built, Built) else file)


def check(built: Built | str, file: str = "test.yaml") -> list[Finding]:
    """Every finding, as `reportgen check` would list them: the loader's, then the validator's."""
    agency, findings = load(built, file)
    assert agency is not None, findings
    return findings + validate(agency)


def of_rule(findings: Iterable[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def rules(findings: Iterable[Finding]) -> set[str]:
    return {f.rule for f in findings}


def consistent(report: Report, column: str = "自然人", **outcomes: int) -> Report:
    """Give one column of table 三 figures that satisfy T3-1: outcomes by row key, 上年结转 and
    结转下年 as given (default 0), 本年新收 solved (it must come out ≥ 0)."""
    carried_in = outcomes.pop("上年结转", 0)
    carried_forward = outcomes.pop("结转下年", 0)
    for row, value in outcomes.items():
        report.set("三", row, column, value)
    received = sum(outcomes.values()) + carried_forward - carried_in
    assert received >= 0, "本年新收 would be negative"
    report.set("三", "上年结转", column, carried_in)
    report.set("三", "结转下年", column, carried_forward)
    report.set("三", "本年新收", column, received)
    return report


# -- the command line, in process --------------------------------------------------------------------


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str) -> Run:
    """`reportgen ARGS…` through the real entry point (`reportgen.cli.main`), in this process."""
    from reportgen.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = ["reportgen", *args]
    try:
        with redirect_stdout(out), redirect_stderr(err):
            main()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    finally:
        sys.argv = saved
    return Run(code, out.getvalue(), err.getvalue())
