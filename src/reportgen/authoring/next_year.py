"""`reportgen next-year`: add the next year's report to an agency file, changing nothing else.

The new report is written by the same writer as `reportgen new` and inserted at the end of the
年度报告 mapping, found through the loader's line positions. Every byte before the insertion point
stays as it was (comments, key order, alignment, line endings); only text is added.

Carried over from the year before, so that the cross-year rules hold by construction:
- 表三 二、上年结转 = last year's 四、结转下年度继续办理, column by column (Y-1);
- 2021 edition: 现行有效件数 = last year's (Y-2, with nothing issued or repealed yet);
- 2019 edition: 上一年项目数量 = last year's 上一年项目数量 + 本年增/减 (Y-3).
From 2020 to 2021 the edition changes: the new report has the 2021 edition's rows, and its
现行有效件数 starts from 0, since the 2019 table has no such column.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import document as doc
from ..arithmetic import total
from ..atomic import write_all_or_none
from ..editions import EDITION_2019, EDITION_2021, Column, Edition, ProactiveTable, Row, e2019, e2021, edition_for_year
from ..editions.common import CARRIED_FORWARD, CARRIED_IN, OTHER_HANDLING
from ..errors import ReportgenError
from ..findings import Finding
from ..load import load_agency_text
from ..load.reader import LAST_REPORT_YEAR
from ..load.tree import Mapping, Node, Scalar, UnreadableFile, parse_tree, read_text
from ..model import Agency, Number, Report, Text
from ..validate import validate
from ..yamltext import line_ending
from .similarity import part_title
from .skeleton import Draft, Prose, new_draft, placeholder_count, report_lines

#: What YAML counts as a line break; the parser's line numbers count these.
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\x85|\u2028|\u2029")
BOM = b"\xef\xbb\xbf"


@dataclass
class NextYear:
    """What `next-year` did (or, with --dry-run, would do)."""

    path: Path
    year: int
    edition: Edition
    previous: Report
    before: bytes
    after: bytes
    placeholders: int
    carried: list[str] = field(default_factory=list)  # the cells carried over, in the form's words
    notes: list[str] = field(default_factory=list)  # things the officer should know
    backup: Path | None = None

    @property
    def edition_changed(self) -> bool:
        return self.edition is not self.previous.edition

    def diff(self) -> str:
        old = self.before.decode("utf-8-sig").splitlines(keepends=True)
        new = self.after.decode("utf-8-sig").splitlines(keepends=True)
        return "".join(difflib.unified_diff(old, new, fromfile=str(self.path), tofile=f"{self.path}（加入{self.year}年报告后）"))


# -- the new report ------------------------------------------------------------------------------


def _guidance_for_part(title: str) -> str:
    for conventional in doc.OVERVIEW_CONVENTIONAL_PARTS:
        if conventional in title:
            return doc.OVERVIEW_PART_GUIDANCE[conventional]
    return f"写明本年度“{title}”方面的情况"


def _value(value: Number | None, what: str, notes: list[str]) -> Number:
    if value is None:
        notes.append(f"{what}：上年此格不是可用的数字，本年暂填 0，请核对。")
        return 0
    return value


def next_draft(agency: Agency, last: Report, copy_prose: bool = False) -> tuple[Draft, list[str], list[str]]:
    """The report of the year after `last`: prose from placeholders (or copied), figures carried over.
    Also returns what was carried over and notes for the officer."""
    year = last.year + 1
    edition = edition_for_year(year)
    name = agency.name.value if agency.name else ""
    notes: list[str] = []

    def prose(guidance: str, paragraphs: list[Text]) -> Prose:
        written = tuple(p.value for p in paragraphs if not doc.is_placeholder(p.value))  # last year's own words only
        return Prose(guidance, written, last.year, copy_prose)

    draft = Draft(year=year, edition=edition, agency_name=name,
                  stated_edition=last.stated_edition is not None, hints=False)
    if copy_prose:
        draft.header_comments.append(
            f"{year}年度报告：由 reportgen next-year --copy-prose 根据{last.year}年报告生成，正文照抄了{last.year}年的原文。"
            f"请逐段改写为本年度的实际情况；reportgen check 会把仍与上年雷同的段落列为警告（D-1）。")
    else:
        draft.header_comments.append(
            f"{year}年度报告：由 reportgen next-year 根据{last.year}年报告生成。“{doc.PLACEHOLDER_MARK}”处请改写为"
            f"本年度的实际内容；其下的注释是{last.year}年的原文，供参考。")
    if edition is not last.edition:
        draft.header_comments.append(
            f"自{edition.first_report_year}年度起使用{edition.name}格式（{edition.document}）："
            f"{edition.proactive.name}的行和列、{edition.applications.name}“{OTHER_HANDLING.label}”的分项"
            f"与{last.year}年不同。")
        notes.append(f"{year}年度起改用{edition.name}格式：{edition.proactive.name}、{edition.applications.name}的行"
                     "已按新格式写好。")

    if last.title is not None:
        if last.title.value.count(str(last.year)) == 1:
            draft.title = last.title.value.replace(str(last.year), str(year))
        else:
            notes.append(f"{last.year}年的标题“{last.title.value}”中找不到唯一的年份，没有带入；需要时请自行写“{doc.TITLE_KEY}”。")
    if last.preamble:
        draft.preamble = prose(doc.PREAMBLE_GUIDANCE, last.preamble)
    if last.overview_intro or last.overview_parts:
        if last.overview_intro:
            draft.intro = prose(doc.OVERVIEW_INTRO_GUIDANCE, last.overview_intro)
        draft.parts = [(part.heading.value, prose(_guidance_for_part(part_title(part.heading.value)), part.paragraphs))
                       for part in last.overview_parts]
    else:
        fresh = new_draft(name, year)
        draft.intro, draft.parts = fresh.intro, fresh.parts
    for section in doc.SECTIONS:
        if section.table and getattr(last, f"{section.table}_notes"):
            draft.notes[section.table] = prose(doc.NOTES_GUIDANCE, getattr(last, f"{section.table}_notes"))
    draft.problems = prose(doc.PROBLEMS.guidance, last.problems)
    draft.other_matters = prose(doc.OTHER_MATTERS.guidance, last.other_matters)
    if last.signoff_pos is not None:
        draft.signoff_name = last.signoff_name.value if last.signoff_name else name

    carried = [_carry_applications(draft, last, notes)]
    carried += _carry_proactive(draft, last, notes)
    return draft, carried, notes


# The cells carried over are the declared rows and columns the cross-year rules Y-1, Y-2 and Y-3 read.


def _carry_applications(draft: Draft, last: Report, notes: list[str]) -> str:
    table = draft.edition.applications
    for column in table.columns:
        value = last.applications.value(CARRIED_FORWARD, column) if last.applications else None
        draft.values[(table.number, CARRIED_IN.key, column.key)] = _value(value, table.cell_name(CARRIED_IN, column), notes)
    draft.row_comments[(table.number, CARRIED_IN.key)] = [
        f"{CARRIED_IN.key}＝{last.year}年报告的“{CARRIED_FORWARD.label}”，已逐列带入（Y-1），请勿改动。"]
    return f"{table.name}“{CARRIED_IN.label}”（即{last.year}年的“{CARRIED_FORWARD.label}”）"


def _carry_proactive(draft: Draft, last: Report, notes: list[str]) -> list[str]:
    table = draft.edition.proactive
    comments = draft.table_comments.setdefault(table.number, [])
    if draft.edition is EDITION_2021 and last.edition is EDITION_2021:
        _carry_rows(draft, table, e2021.IN_FORCE, notes,
                    lambda row: last.proactive.value(row, e2021.IN_FORCE) if last.proactive else None)
        comments.append(f"{e2021.IN_FORCE.label}由{last.year}年报告带入（Y-2）：本年有制发或废止的，请相应增减。")
        return [f"{table.name}“{e2021.IN_FORCE.label}”"]
    elif draft.edition is EDITION_2021:
        documents = "、".join(row.label for row in e2021.DOCUMENTS.rows)
        comments.append(f"{last.year}年报告用的是{last.edition.name}格式，{table.name}没有“{e2021.IN_FORCE.label}”：暂填 0，"
                        f"请按本机关现行有效的{documents}件数填写。")
        notes.append(f"{table.name}的“{e2021.IN_FORCE.label}”无法从{last.year}年（{last.edition.name}格式）带入，"
                     "暂填 0，请按实际填写。")
        return []
    elif draft.edition is EDITION_2019 and last.edition is EDITION_2019:
        _carry_rows(draft, table, e2019.ITEMS_LAST_YEAR, notes, lambda row: total(
            [last.proactive.value(row, e2019.ITEMS_LAST_YEAR), last.proactive.value(row, e2019.CHANGE)]
        ) if last.proactive else None)
        rolled = f"{last.year}年的{e2019.ITEMS_LAST_YEAR.label}＋{e2019.CHANGE.label}"
        comments.append(f"{e2019.ITEMS_LAST_YEAR.label}＝{rolled}，已带入（Y-3）。")
        return [f"{table.name}“{e2019.ITEMS_LAST_YEAR.label}”（{rolled}）"]
    return []


def _carry_rows(draft: Draft, table: ProactiveTable, column: Column, notes: list[str],
                last_value: Callable[[Row], Number | None]) -> None:
    """Fill `column` of every table 二 row that has it with what last year's report gives."""
    for row in table.rows():
        if column in table.columns_of(row):
            draft.values[(table.number, row.key, column.key)] = _value(
                last_value(row), table.cell_name(row, column), notes)


# -- where it goes -------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    """The text cut into lines as YAML counts them, each with its line break."""
    lines, start = [], 0
    for match in _LINE_BREAK.finditer(text):
        lines.append(text[start:match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def _pairs(node: Node | None) -> list[tuple[Scalar, Node]]:
    return node.pairs if isinstance(node, Mapping) else []


@dataclass
class _Place:
    offset: int  # characters of text kept above the new report
    base: int  # the year keys' indentation
    step: int  # how much deeper a report's keys are
    year_suffix: str  # "年" when the file writes its year keys as 2020年


def _place(root: Node | None, text: str, file: str) -> _Place:
    top = _pairs(root)
    index = next((i for i, (key, _) in enumerate(top) if key.text.strip() == doc.REPORTS_KEY), None)
    if index is None:
        raise ReportgenError(f"“{file}”中没有“{doc.REPORTS_KEY}”，无法加入下一年的报告。")
    reports_key, reports = top[index]
    years = _pairs(reports)
    if not years:
        raise ReportgenError(f"“{file}”的“{doc.REPORTS_KEY}”下没有任何年度的报告：新建请用 reportgen new。")
    last_key, last_value = years[-1]
    lines = _lines(text)
    opening = lines[reports.line - 1][reports.column - 1:reports.column] if reports.line <= len(lines) else ""
    if opening in ("{", "[") or last_key.line == reports_key.line:
        raise ReportgenError(f"“{file}”的“{doc.REPORTS_KEY}”用了流式写法（{{…}}），无法自动加入下一年：请改为每个年度另起一行。")
    base = last_key.column - 1
    inner = _pairs(last_value)
    step = inner[0][0].column - last_key.column if inner and inner[0][0].line > last_key.line else 2
    if index + 1 < len(top):
        # before the next top-level key, and before the comments and blank lines that lead up to it
        stop = top[index + 1][0].line - 1
        while stop > 0 and (not lines[stop - 1].strip() or lines[stop - 1].startswith("#")):
            stop -= 1
    else:
        stop = end = len(lines)
        while end > 0 and not lines[end - 1].strip():
            end -= 1
        if end > 0 and lines[end - 1].rstrip("\r\n\x85\u2028\u2029") == "...":  # an explicit end of document
            stop = end - 1
    return _Place(sum(len(line) for line in lines[:stop]), base, step if step > 0 else 2,
                  "年" if last_key.text.strip().endswith("年") else "")


def _insert(text: str, place: _Place, new_lines: list[str]) -> str:
    newline = line_ending(text)
    above, below = text[:place.offset], text[place.offset:]
    if above and not above.endswith(("\n", "\r")):
        above += newline
    lead = "" if not above or above.endswith(newline * 2) else newline
    block = newline.join(new_lines) + newline
    return above + lead + block + (newline + below if below else "")


# -- the command ---------------------------------------------------------------------------------


def _refuse_unreadable(finding: Finding, path: Path) -> ReportgenError:
    where = f"第 {finding.line} 行：" if finding.line else ""
    return ReportgenError(f"“{path}”无法读取，没有改动：{where}{finding.message}请先改正（reportgen check {path} 会指出问题）。")


def add_next_year(path: Path, copy_prose: bool = False, dry_run: bool = False) -> NextYear:
    """Add the year after the file's latest report. With `dry_run` nothing is written."""
    file = str(path)
    if not path.exists():
        raise ReportgenError(f"找不到“{path}”：请检查文件名。新建机关文件请用 reportgen new。")
    try:
        text = read_text(path)
        root = parse_tree(text, file)
    except UnreadableFile as unreadable:
        raise _refuse_unreadable(unreadable.finding, path) from None
    before = path.read_bytes()
    place = _place(root, text, file)
    agency, findings = load_agency_text(text, file)
    assert agency is not None  # the tree was read, so the agency was
    if not agency.reports:
        raise ReportgenError(f"“{path}”中还没有可读的年度报告，无法推出下一年：新建请用 reportgen new {path} --agency 名称 --year 年份。")
    last = agency.reports[max(agency.reports)]
    year = last.year + 1
    if year > LAST_REPORT_YEAR:
        raise ReportgenError(f"{year} 不是可用的报告年度。")
    written_years = {key.text.strip().removesuffix("年") for key, _ in _pairs(
        next((value for key, value in _pairs(root) if key.text.strip() == doc.REPORTS_KEY), None))}
    if str(year) in written_years:
        raise ReportgenError(f"“{path}”中已经有{year}年的报告，没有改动。")

    draft, carried, notes = next_draft(agency, last, copy_prose)
    unfinished = _unfinished(agency, last.year)
    if unfinished:
        notes.append(f"{last.year}年报告还没有完成：{unfinished}。{year}年已照常加入；"
                     f"{last.year}年的报告发布前请先改完（reportgen check {path} 会逐条列出）。")
    new_lines = report_lines(draft, place.base, place.step, f"{year}{place.year_suffix}")
    new_text = _insert(text, place, new_lines)
    after = (BOM if before.startswith(BOM) else b"") + new_text.encode("utf-8")
    _verify(new_text, file, year, findings)

    placeholders = placeholder_count("\n".join(new_lines))
    result = NextYear(path, year, draft.edition, last, before, after, placeholders, carried, notes)
    if not dry_run:
        backup = path.with_name(path.name + ".bak")
        write_all_or_none([(backup, before), (path, after)])  # through a symlink: the file it names
        result.backup = backup
    return result


def _unfinished(agency: Agency, year: int) -> str:
    """What is left to do in a year's report: placeholders, errors and warnings, counted; "" if nothing."""
    found = [f for f in validate(agency) if f.year == year]
    placeholders = sum(f.rule == "U-1" for f in found)
    errors = sum(f.is_error and f.rule != "U-1" for f in found)
    warnings = sum(not f.is_error for f in found)
    parts = [f"{placeholders} 处“{doc.PLACEHOLDER_MARK}”未改写" if placeholders else "",
             f"{errors} 处错误" if errors else "", f"{warnings} 处警告" if warnings else ""]
    return "、".join(part for part in parts if part)


def _verify(new_text: str, file: str, year: int, findings: list[Finding]) -> None:
    """The new file reads back with the new year and no new structural problem; else nothing is written."""
    agency, new_findings = load_agency_text(new_text, file)
    new_problems = [f for f in new_findings if f.year == year or f.unreadable]
    if agency is None or year not in agency.reports or new_problems or len(new_findings) != len(findings):
        problems = "；".join(f"[{f.rule}] {f.message}" for f in new_problems[:3])
        raise RuntimeError(f"内部错误：加入{year}年报告后的文件读回时出现问题（{problems}），文件没有改动。")
