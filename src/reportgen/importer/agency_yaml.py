"""An imported report as agency-file YAML: a new file, or one more year added to an existing file.

The layout is the agency files' (agencies/erqi.yaml): the six headings as keys, one flow-style
line per table row with the keys of the edition declaration, aligned; prose as `|` blocks, one
paragraph per line. What the page printed is written as printed: a blank cell is an empty value
(`自然人: ,`), a placeholder is quoted (`"/"`), a cell the page does not print is left out, an
unreadable row is left out with a comment quoting the page. Comments say where the page differs
from the format (a renamed heading, a non-standard row). Every line remembers the source line it
came from, so that audit findings can point at the page.

Adding a year to an existing file inserts text at the end of its 年度报告 mapping: every byte
above the insertion point stays as it was, comments included.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .. import document as doc
from ..editions import ApplicationsTable, Column, ProactiveTable, Row, Table, edition_for_year
from ..errors import ReportgenError
from ..yamltext import comment_text, flow_row, line_ending, one_line, scalar, widest_key
from .cell_values import Printed, Value
from .imported import Imported, Paragraph, TableRead

WORKBOOK = "Excel 工作簿"  # `Source.kind` of a workbook (`xlsx_source`): its figures are collected, not published
@dataclass
class Lines:
    """YAML lines being written, each with the source line it came from."""

    base: int = 2
    step: int = 2
    out: list[tuple[str, int | None]] = field(default_factory=list)

    def add(self, level: int, text: str, source: int | None = None) -> None:
        self.out.append((" " * (self.base + level * self.step) + text, source))

    def comment(self, level: int, text: str, source: int | None = None) -> None:
        self.add(level, f"# {comment_text(text)}", source)

    def blank(self) -> None:
        self.out.append(("", None))

    def prose(self, level: int, key: str, paragraphs: Iterable[Paragraph], source: int | None = None) -> None:
        paragraphs = [p for p in paragraphs if one_line(p.text).strip()]
        if not paragraphs:
            self.add(level, f"{key}:", source)
            return
        self.add(level, f"{key}: |", source if source is not None else paragraphs[0].line)
        for paragraph in paragraphs:
            self.add(level + 1, one_line(paragraph.text).strip(), paragraph.line)


def _cell(value: Value) -> str:
    if value.kind is Printed.NUMBER:
        return value.text
    if value.kind is Printed.BLANK:
        return ""
    return json.dumps(value.text, ensure_ascii=False)


def _row_line(lines: Lines, level: int, table: Table, row: Row, read: TableRead, widest: int,
              notes: dict[str, list[str]]) -> None:
    got = read.rows.get(row.key)
    if got is None:
        if not row.derived:
            lines.comment(level, f"原表没有“{row.label}”这一行。")
        return
    if got.omitted:
        lines.comment(level, got.comment if not got.values else f"{row.key}：未导入。{got.comment or ''}", got.line)
        return
    columns: list[Column] = list(table.columns_of(row))
    text = flow_row(row.key, ((c.key, _cell(got.cells[c.key])) for c in columns if c.key in got.cells), widest)
    said = [*notes.get(table.cell_name(row), []), got.comment or ""]
    if any(said):
        text += f"  # {comment_text(' '.join(part for part in said if part))}"
    lines.add(level, text, got.line)


def _widest(rows: Iterable[Row]) -> int:
    return widest_key(row.key for row in rows)


def _table(lines: Lines, level: int, table: Table, read: TableRead, imported: Imported) -> None:
    notes: dict[str, list[str]] = {}  # what the import noted about a row's label, by the row's name
    for note in imported.notes:
        if note.rule != "A-9" or not note.where:
            continue
        if note.where == table.name or (note.where.startswith(f"{table.name} · 第") and "表头" in note.message):
            lines.comment(level, note.message, note.line)  # about the header: above the table
        else:
            notes.setdefault(note.where, []).append(note.message.split("：", 1)[-1])
    for note in imported.notes:
        if note.rule == "A-10" and note.where == table.name:
            lines.comment(level, note.message, note.line)
    for comment in read.comments:
        lines.comment(level, comment, read.line)
    lines.add(level, f"{table.name}:", read.line)
    if isinstance(table, ProactiveTable):
        widest = _widest(table.rows())
        for row in table.rows():
            _row_line(lines, level + 1, table, row, read, widest, notes)
    elif isinstance(table, ApplicationsTable):
        widest = _widest(row for row in table.rows() if row.group is None)
        for row in table.rows():
            if row.group is None:
                _row_line(lines, level + 1, table, row, read, widest, notes)
                continue
            items = [item for item in table.rows() if item.group == row.group]
            if row is items[0]:
                if not any(item.key in read.rows for item in items):
                    lines.comment(level + 1, f"原表没有“{row.group.label}”的各行。")
                    continue
                lines.add(level + 1, f"{row.group.key}:")
            if any(item.key in read.rows for item in items):
                _row_line(lines, level + 2, table, row, read, _widest(items), notes)
    else:
        widest = _widest(table.rows())
        for row in table.rows():
            _row_line(lines, level + 1, table, row, read, widest, notes)
    for extra in read.extra_rows:
        shown = "、".join("空白" if v.kind is Printed.BLANK else v.raw.strip() for v in extra.values)
        where = f"第 {extra.line} 行" if extra.line else "原表"
        lines.comment(level + 1, f"格式没有的一行（未导入，{where}）：“{extra.label.replace(chr(10), '')}”：{shown}", extra.line)


def _origin(imported: Imported) -> str:
    """Where the figures were copied from, as the comments say it."""
    return " Excel 表格" if imported.kind == WORKBOOK else "已发布的报告"


def _default_title(imported: Imported) -> str:
    return f"{imported.agency}{imported.year}年政府信息公开工作年度报告"


def _section_comments(imported: Imported, number: str) -> list[str]:
    read = imported.sections.get(number)
    section = next(s for s in doc.SECTIONS if s.number == number)
    comments = []
    if read is not None and read.printed is not None and re.sub(r"\s+", "", read.printed) != section.heading:
        comments.append(f"已发布的报告此节标题印作“{re.sub(chr(10), '', read.printed)}”。")
    has_table = section.table is not None and getattr(imported.edition, section.table).number in imported.tables
    empty = not (read and read.paragraphs) and not has_table and not (
        section is doc.OVERVIEW and (imported.intro or imported.parts))
    if read is None or read.printed is None:
        comments.append("已发布的报告没有这一节。" if empty else "已发布的报告此节没有标题。")
    return comments


def report_lines(imported: Imported, base: int = 2, step: int = 2) -> list[tuple[str, int | None]]:
    """The report as YAML lines (with their source lines), its year's key at `base` spaces."""
    lines = Lines(base, step)
    _write_heading(lines, imported)
    for section in doc.SECTIONS:
        for comment in _section_comments(imported, section.number):
            lines.comment(1, comment)
        if section is doc.OVERVIEW:
            _write_overview(lines, imported, section)
        elif section.table is not None:
            _write_table_section(lines, imported, section)
        else:
            _write_prose_section(lines, imported, section)
        lines.blank()
    _write_signoff(lines, imported)
    while lines.out and not lines.out[-1][0]:
        lines.out.pop()
    return lines.out


def _write_heading(lines: Lines, imported: Imported) -> None:
    """The year's key, where the report came from, and what stands above the first section."""
    edition = imported.edition
    lines.add(0, f"{imported.year}:", imported.title_line)
    kinds = "、".join([imported.kind, *imported.shapes])
    lines.comment(1, f"由 reportgen import 从“{imported.source}”导入（{kinds}）；数字照录{_origin(imported)}，没有更正。")
    if edition is not edition_for_year(imported.year):
        lines.comment(1, f"已发布的报告用的是{edition.name}格式（{imported.edition_evidence}），不是本年度应使用的格式。")
        lines.add(1, f"{doc.EDITION_KEY}: {edition.year}")
    if imported.title and imported.title != _default_title(imported):
        lines.add(1, f"{doc.TITLE_KEY}: {scalar(imported.title)}", imported.title_line)
    if imported.published_on is not None:
        lines.comment(1, f"发布日期取自页面上的“{imported.published_text}”。", imported.published_line)
        lines.add(1, f"{doc.PUBLISHED_KEY}: {imported.published_on.isoformat()}", imported.published_line)
    if imported.preamble:
        lines.prose(1, doc.PREAMBLE_KEY, imported.preamble)
    lines.blank()


def _section_line(imported: Imported, section: doc.Section) -> int | None:
    read = imported.sections.get(section.number)
    return read.line if read else None


def _write_overview(lines: Lines, imported: Imported, section: doc.Section) -> None:
    lines.add(1, f"{section.heading}:", _section_line(imported, section))
    if imported.intro:
        lines.prose(2, doc.OVERVIEW_INTRO_KEY, imported.intro)
    for part in imported.parts:
        if part.comment:
            lines.comment(2, part.comment, part.line)
        if not part.paragraphs:
            lines.comment(2, "已发布的报告此分项只有标题，没有正文。", part.line)
        lines.prose(2, scalar(part.key), part.paragraphs, part.line)


def _write_table_section(lines: Lines, imported: Imported, section: doc.Section) -> None:
    assert section.table is not None
    table = getattr(imported.edition, section.table)
    table_read = imported.tables.get(getattr(imported.edition, section.table).number)
    read = imported.sections.get(section.number)
    notes = read.paragraphs if read else []
    lines.add(1, f"{section.heading}:", _section_line(imported, section))
    if table_read is None:
        lines.comment(2, f"已发布的报告中找不到{table.name}。")
    else:
        _table(lines, 2, table, table_read, imported)
    if notes:
        lines.prose(2, doc.NOTES_KEY, notes)


def _write_prose_section(lines: Lines, imported: Imported, section: doc.Section) -> None:
    """五 and 六; 六 also takes the paragraphs of sections the format does not have."""
    read = imported.sections.get(section.number)
    paragraphs = list(read.paragraphs) if read else []
    if section is doc.OTHER_MATTERS:
        for extra in imported.extra_sections:
            if extra.paragraphs:
                lines.comment(1, f"以下“{extra.paragraphs[0].text[:16]}……”一段起原印在格式没有的一节“{extra.printed}”下。",
                              extra.line)
                paragraphs.extend(extra.paragraphs)
    lines.prose(1, section.heading, paragraphs, _section_line(imported, section))


def _write_signoff(lines: Lines, imported: Imported) -> None:
    if imported.signoff_name or imported.signoff_date:
        lines.add(1, f"{doc.SIGNOFF_KEY}:", imported.signoff_line)
        if imported.signoff_name:
            lines.add(2, f"{doc.SIGNOFF_NAME_KEY}: {scalar(imported.signoff_name)}", imported.signoff_line)
        else:
            lines.comment(2, "已发布的落款只有日期，没有单位名称。")
            lines.add(2, f"{doc.SIGNOFF_NAME_KEY}: {scalar(imported.agency)}", imported.signoff_line)
        if imported.signoff_comment:
            lines.comment(2, imported.signoff_comment, imported.signoff_line)
        if imported.signoff_date:
            lines.add(2, f"{doc.SIGNOFF_DATE_KEY}: {imported.signoff_date.isoformat()}", imported.signoff_line)
    elif imported.signoff_comment:
        lines.comment(1, imported.signoff_comment, imported.signoff_line)


def agency_file(imported: Imported) -> tuple[str, list[int | None]]:
    """A new agency file holding the imported report: its text, and each line's source line."""
    out: list[tuple[str, int | None]] = [
        (f"# {comment_text(imported.agency)} · 政府信息公开工作年度报告", None),
        (f"# 由 reportgen import 从{_origin(imported)}导入：空白格写作空值（如“自然人: ,”），占位符照录（如“/”），", None),
        ("# 报告没有印出的格不写；与格式不符之处见注释。核对、更正后请删去不再需要的注释。", None),
        ("", None),
        (f"{doc.AGENCY_KEY}:", None),
        (f"  名称: {scalar(imported.agency)}", imported.title_line),
    ]
    for field_ in doc.AGENCY_FIELDS:
        if field_.key in imported.identity and field_.key != "名称":
            out.append((f"  {field_.key}: {scalar(imported.identity[field_.key])}", None))
    out += [("", None), (f"{doc.REPORTS_KEY}:", None)]
    out += report_lines(imported)
    text = "\n".join(line for line, _ in out) + "\n"
    return text, [source for _, source in out]


# -- adding a year to an existing file --------------------------------------------------------------

_TOP_KEY = re.compile(r"^[^\s#]")
_REPORTS = re.compile(rf"^{doc.REPORTS_KEY}\s*:\s*(#.*)?$")


def insert_report(existing: str, imported: Imported, path: str) -> tuple[str, list[int | None], int]:
    """`existing` with the imported report added at the end of its 年度报告 mapping.
    Returns the new text, each line's source line, and the first inserted line (1-based).
    New lines end as the file's own lines do (LF, CRLF or CR)."""
    if "\n" not in existing and line_ending(existing) == "\r":  # old Mac: inserted as LF, turned back
        text, sources, first = insert_report(existing.replace("\r", "\n"), imported, path)
        return text.replace("\n", "\r"), sources, first
    lines = existing.split("\n")
    start = next((i for i, line in enumerate(lines) if _REPORTS.match(line)), None)
    if start is None:
        if any(line.startswith(f"{doc.REPORTS_KEY}:") for line in lines):
            raise ReportgenError(f"“{path}”中的“{doc.REPORTS_KEY}”不是按行写的映射，无法在其后添加年度报告。")
        raise ReportgenError(f"“{path}”中没有“{doc.REPORTS_KEY}:”：这不像是机关文件。")
    end = len(lines)
    for index in range(start + 1, len(lines)):
        if _TOP_KEY.match(lines[index]):
            end = index
            while end - 1 > start and (lines[end - 1].lstrip().startswith("#") and not lines[end - 1].startswith(" ")):
                end -= 1
            break
    body = lines[start + 1:end]
    base, step = 2, 2
    year_lines = [(i, line) for i, line in enumerate(body) if re.match(r"^(\s+)(\d{4})年?\s*:", line)]
    if year_lines:
        first_index, first = year_lines[0]
        base = len(first) - len(first.lstrip(" "))
        for line in body[first_index + 1:]:
            if line.strip() and not line.lstrip().startswith("#"):
                indent = len(line) - len(line.lstrip(" "))
                if indent > base:
                    step = indent - base
                break
        for _, line in year_lines:
            if re.match(rf"^\s{{{base}}}{imported.year}年?\s*:", line):
                raise ReportgenError(f"“{path}”中已有 {imported.year} 年的报告，没有改动文件。"
                                     f"如需重新导入，请先删去文件中的这一年。")
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    head = lines[:end]
    tail = lines[end:]
    new = report_lines(imported, base, step)
    inserted = [("", None), *new]
    if tail and tail[0].strip():
        inserted.append(("", None))
    ending = "\r" if line_ending(existing) == "\r\n" else ""  # split at LF: CRLF lines keep their CR
    if ending and head and not head[-1].endswith("\r"):
        head[-1] += ending  # the file's last line, without a line end until now
    text_lines = [*head, *(line + ending for line, _ in inserted), *tail]
    text = "\n".join(text_lines)
    if not text.endswith("\n"):
        text += ending + "\n"
    sources: list[int | None] = [None] * len(head) + [source for _, source in inserted] + [None] * len(tail)
    return text, sources, len(head) + 2
