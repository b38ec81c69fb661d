"""One year's report as YAML text, and a new agency file built around it (`reportgen new`).

The same writer serves `reportgen next-year`: a `Draft` says what the new report holds (figures
carried over, prose to write or to copy, comments), `report_lines` turns it into lines at any
indentation. Every key comes from the declarations (`editions`, `document`); tables are written
one row per line in flow style, their values aligned as in the hand-written agency files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import document as doc
from ..atomic import create_atomic
from ..editions import FIRST_REPORT_YEAR, ApplicationsTable, Edition, ProactiveTable, Row, Table, edition_for_year
from ..errors import ReportgenError
from ..load.reader import LAST_REPORT_YEAR
from ..model import Agency, Number, Text
from ..validate.dates import deadline
from ..yamltext import flow_row, number_text, one_line, scalar, widest_key

#: Where an agencies repository keeps the schema, relative to its root.
SCHEMA_PATH = Path("schema") / "agency.schema.json"
AGENCY_FILE_SUFFIXES = (".yaml", ".yml")

Key = tuple[str, str, str]  # (table number 二/三/四, row key, column key)

# -- what a report holds -------------------------------------------------------------------------


@dataclass
class Prose:
    """A piece of prose to be written: a placeholder saying what to write, or last year's text."""

    guidance: str
    previous: tuple[str, ...] = ()  # last year's paragraphs
    previous_year: int | None = None
    copy: bool = False  # write last year's paragraphs instead of the placeholder

    @property
    def paragraphs(self) -> list[str]:
        if self.copy and self.previous:
            return [one_line(p) for p in self.previous]
        return [doc.placeholder(self.guidance)]

    @property
    def comments(self) -> list[str]:
        """Last year's text, shown beneath the placeholder."""
        if self.copy or not self.previous:
            return []
        return [f"{self.previous_year}年原文（供参考，写好后可删去这些注释）：", *(f"  {one_line(p)}" for p in self.previous)]


@dataclass
class Draft:
    year: int
    edition: Edition
    agency_name: str
    stated_edition: bool = True
    title: str | None = None
    preamble: Prose | None = None
    intro: Prose | None = None
    parts: list[tuple[str, Prose]] = field(default_factory=list)  # (numbered heading, prose)
    notes: dict[str, Prose] = field(default_factory=dict)  # section.table → prose after the table
    problems: Prose = field(default_factory=lambda: Prose(doc.PROBLEMS.guidance))
    other_matters: Prose = field(default_factory=lambda: Prose(doc.OTHER_MATTERS.guidance))
    signoff_name: str | None = None
    values: dict[Key, Number] = field(default_factory=dict)  # cells other than 0
    header_comments: list[str] = field(default_factory=list)  # under the year's key
    table_comments: dict[str, list[str]] = field(default_factory=dict)  # table number → above the table
    row_comments: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (table, row) → above it
    hints: bool = True  # comments on optional keys (a new file); next-year keeps to what last year had


def new_draft(name: str, year: int) -> Draft:
    """A first report: every section, placeholders for all prose, every cell 0."""
    parts = [(f"{doc.part_number(i)}{title}", Prose(doc.OVERVIEW_PART_GUIDANCE[title]))
             for i, title in enumerate(doc.OVERVIEW_CONVENTIONAL_PARTS)]
    return Draft(year=year, edition=edition_for_year(year), agency_name=name,
                 intro=Prose(doc.OVERVIEW_INTRO_GUIDANCE), parts=parts, signoff_name=name)


# -- YAML text -----------------------------------------------------------------------------------


class _Lines:
    def __init__(self, base: int, step: int) -> None:
        self.base, self.step = base, step
        self.out: list[str] = []

    def add(self, level: int, text: str) -> None:
        self.out.append(" " * (self.base + level * self.step) + text)

    def comments(self, level: int, comments: list[str]) -> None:
        for comment in comments:
            self.add(level, f"# {comment}".rstrip())

    def blank(self) -> None:
        self.out.append("")

    def prose(self, level: int, key: str, prose: Prose) -> None:
        """`key: |` and the paragraphs; last year's text as comments beneath, at the key's level
        (less indented than the text, so that YAML ends the text before them)."""
        self.add(level, f"{key}: |")
        for paragraph in prose.paragraphs:
            self.add(level + 1, paragraph)
        self.comments(level, prose.comments)


def _row(lines: _Lines, level: int, table: Table, row: Row, widest: int, draft: Draft) -> None:
    """One row in flow style, `行: {列: 值, …}`, its opening brace at column `widest` + 2."""
    lines.comments(level, draft.row_comments.get((table.number, row.key), []))
    cells = ((column.key, number_text(draft.values.get((table.number, row.key, column.key), 0)))
             for column in table.columns_of(row))
    lines.add(level, flow_row(row.key, cells, widest))


def _widest(rows: Iterable[Row]) -> int:
    return widest_key(row.key for row in rows)


def _table_lines(lines: _Lines, level: int, table: Table, draft: Draft) -> None:
    """A table, aligned as in the agency files: table 二 and 四 across all rows; table 三 its top
    rows together and the items of each group together."""
    lines.comments(level, draft.table_comments.get(table.number, []))
    lines.add(level, f"{table.name}:")
    if isinstance(table, ProactiveTable):
        widest = _widest(table.rows())
        for block in table.blocks:
            lines.comments(level + 1, [f"{block.title}：" + "、".join(column.header for column in block.columns)])
            for row in block.rows:
                _row(lines, level + 1, table, row, widest, draft)
    elif isinstance(table, ApplicationsTable):
        widest = _widest(row for row in table.rows() if row.group is None)
        for row in table.rows():
            if row.group is None:
                _row(lines, level + 1, table, row, widest, draft)
                continue
            items = [item for item in table.rows() if item.group == row.group]
            if row is items[0]:
                lines.add(level + 1, f"{row.group.key}:")
            _row(lines, level + 2, table, row, _widest(items), draft)
    else:
        widest = _widest(table.rows())
        for row in table.rows():
            _row(lines, level + 1, table, row, widest, draft)


def _table_note(table: Table) -> str:
    if isinstance(table, ApplicationsTable):
        columns = "、".join(column.key for column in table.columns)
        return f"{table.name} · {table.title}。每行 {len(table.columns)} 列：{columns}。{table.identity_note}"
    if isinstance(table, ProactiveTable):
        return f"{table.name} · {table.title}。按实际数字填写，没有发生的保留 0。"
    columns = table.columns_of(table.rows()[0])
    names = "、".join(column.key for column in columns)
    return f"{table.name} · {table.title}。每行 {len(columns)} 列：{names}；总计＝前 {len(columns) - 1} 列之和。"


def report_lines(draft: Draft, base: int = 2, step: int = 2, year_key: str | None = None) -> list[str]:
    """The report as lines of YAML: its year's key at `base` spaces, nested by `step`."""
    lines = _Lines(base, step)
    lines.add(0, f"{year_key or draft.year}:")
    lines.comments(1, draft.header_comments)
    if draft.stated_edition:
        lines.comments(1, [f"格式版本：{draft.edition.document}"])
        lines.add(1, f"{doc.EDITION_KEY}: {draft.edition.year}")
    if draft.title is not None:
        lines.add(1, f"{doc.TITLE_KEY}: {scalar(draft.title)}")
    due = deadline(Agency("", name=Text(draft.agency_name)), draft.year)
    lines.comments(1, [f"{doc.PUBLISHED_KEY}：发布后去掉下一行行首的“# ”，改为实际的发布日期（应不晚于{due.year}年{due.month}月{due.day}日）。",
                       f"{doc.PUBLISHED_KEY}: {due.isoformat()}"])
    if draft.preamble is not None:
        lines.prose(1, doc.PREAMBLE_KEY, draft.preamble)
    elif draft.hints:
        lines.comments(1, [f"{doc.PREAMBLE_KEY}（可选）：{doc.PREAMBLE_GUIDANCE}；需要时写成“{doc.PREAMBLE_KEY}: |”，下一行起每行一段。"])
    lines.blank()

    lines.add(1, f"{doc.OVERVIEW.heading}:")
    if draft.hints:
        lines.comments(2, [f"{doc.OVERVIEW_INTRO_KEY}：分项之前的总述。分项标题可按本机关实际修改，编号须依次为（一）（二）……"])
    if draft.intro is not None:
        lines.prose(2, doc.OVERVIEW_INTRO_KEY, draft.intro)
    for heading, prose in draft.parts:
        lines.prose(2, scalar(heading), prose)

    for section in doc.SECTIONS[1:]:
        lines.blank()
        if section.table is None:
            prose = draft.problems if section is doc.PROBLEMS else draft.other_matters
            lines.prose(1, section.heading, prose)
            continue
        table: Table = getattr(draft.edition, section.table)
        lines.add(1, f"{section.heading}:")
        lines.comments(2, [_table_note(table)])
        _table_lines(lines, 2, table, draft)
        if section.table in draft.notes:
            lines.prose(2, doc.NOTES_KEY, draft.notes[section.table])
        elif draft.hints:
            lines.comments(2, [f"{doc.NOTES_KEY}（可选）：表格之后的文字；需要时写成“{doc.NOTES_KEY}: |”，下一行起每行一段。"])

    if draft.signoff_name is not None:
        lines.blank()
        lines.add(1, f"{doc.SIGNOFF_KEY}:")
        lines.add(2, f"{doc.SIGNOFF_NAME_KEY}: {scalar(draft.signoff_name)}")
        lines.comments(2, [f"落款{doc.SIGNOFF_DATE_KEY}：发布时去掉下一行行首的“# ”，改为实际日期。",
                           f"{doc.SIGNOFF_DATE_KEY}: {due.isoformat()}"])
    return lines.out


def agency_file_text(draft: Draft, schema_ref: str | None, made_by: str = "reportgen new") -> str:
    """A whole new agency file around one report; `made_by` names the command in its first comment."""
    name = draft.agency_name
    lines = []
    if schema_ref is not None:
        lines.append(f"# yaml-language-server: $schema={schema_ref}")
    lines += [
        f"# {name} · 政府信息公开工作年度报告",
        f"# 由 {made_by} 生成。“{doc.PLACEHOLDER_MARK}”处请改写为实际内容；reportgen check 会逐一指出尚未填写的地方。",
        "# 表格每行写在一行里：行名: {列名: 数字, …}；没有发生的填 0；总计写了会被核对。",
        "# 下一年：reportgen next-year 本文件（把下一年的报告加在文件末尾，上一年的内容原样保留）。",
        "",
        f"{doc.AGENCY_KEY}:",
        f"  名称: {scalar(name)}",
        "  # 以下各项可选：需要时去掉行首的“# ”再填写。",
        *(f"  # {f.key}: " .rstrip() + f"  # {f.description}" for f in doc.AGENCY_FIELDS if not f.required),
        "",
        f"{doc.REPORTS_KEY}:",
        *report_lines(draft),
    ]
    return "\n".join(lines) + "\n"


# -- reportgen new -------------------------------------------------------------------------------


@dataclass
class NewResult:
    path: Path
    year: int
    edition: Edition
    placeholders: int
    schema_written: Path | None  # the schema file created beside the agencies folder, if any


def schema_location(path: Path) -> Path:
    """Where the schema for `path` lives: an existing schema/agency.schema.json in a folder above it,
    else one beside the `agencies` folder holding it (or beside the file)."""
    folder = path.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / SCHEMA_PATH).is_file():
            return candidate / SCHEMA_PATH
    root = folder.parent if folder.name == "agencies" else folder
    return root / SCHEMA_PATH


def _check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ReportgenError("--agency 不能为空：请写行政机关全称，如 --agency 郑州市二七区政务服务中心。")
    if "\n" in name or "\r" in name:
        raise ReportgenError("--agency 只能是一行文字。")
    return name


def check_year(year: int) -> int:
    if not FIRST_REPORT_YEAR <= year <= LAST_REPORT_YEAR:
        raise ReportgenError(f"{year} 不是可用的报告年度：现行年度报告格式从 {FIRST_REPORT_YEAR} 年度起适用。")
    return year


def create_agency_file(path: Path, name: str, year: int, copy_schema: bool = False) -> NewResult:
    """Write a new agency file with one report: every section, every row, placeholders for the prose.

    Only that file is written. Its first line points the editor at the schema: the repository's
    schema/agency.schema.json when there is one above the file, else the schema installed with
    reportgen; with `copy_schema`, a copy is written beside the agencies folder and pointed at."""
    from ..schema import installed_schema_uri, packaged_schema_text  # reads every declaration: only here

    name = _check_name(name)
    check_year(year)
    if path.suffix not in AGENCY_FILE_SUFFIXES:
        raise ReportgenError(f"机关文件的名字应以 .yaml 结尾，如 agencies/erqi.yaml；“{path}”不是。")
    if path.exists():
        raise ReportgenError(f"“{path}”已经存在，没有覆盖它。要在其中加入下一年的报告，请用：reportgen next-year {path}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReportgenError(f"无法创建文件夹“{path.parent}”：{error.strerror or error}。") from error
    schema = schema_location(path)
    use_copy = schema.exists() or copy_schema
    reference = Path(os.path.relpath(schema, path.resolve().parent)).as_posix() if use_copy else installed_schema_uri()
    draft = new_draft(name, year)
    text = agency_file_text(draft, reference)
    written = None
    try:
        create_atomic(path, text.encode("utf-8"))
        if copy_schema and not schema.exists():
            schema.parent.mkdir(parents=True, exist_ok=True)
            create_atomic(schema, packaged_schema_text().encode("utf-8"))
            written = schema
    except OSError as error:
        raise ReportgenError(f"无法写入“{error.filename or path}”：{error.strerror or error}。") from error
    return NewResult(path, year, draft.edition, placeholder_count(text), written)


def placeholder_count(text: str) -> int:
    """Lines of text (not comments) that hold the placeholder mark: what U-1 will list."""
    return sum(1 for line in text.splitlines() if doc.PLACEHOLDER_MARK in line and not line.lstrip().startswith("#"))
