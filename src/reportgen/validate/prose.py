"""Rules on the prose against the tables: X-0 (figure references), X-1 (figures stated in words),
X-2 (the information-processing fee in section 六) and X-3 (a year that is not the report's)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import document as doc
from ..editions import EDITION_2021
from ..editions.e2021 import UNPAID_FEES
from ..findings import Finding
from ..model import Agency, Position
from ..prose import paragraphs, resolve
from ..prose.analysis import stated_figures
from ..prose.inline import CLOSE, OPEN, inline_references, unclosed
from ..prose.references import ReferenceError, parse
from .registry import finding, reports, rule, show

_QUOTE_LIMIT = 80


def at_offset(pos: Position | None, offset: int) -> Position | None:
    """The position `offset` characters into a paragraph that starts at `pos` (one line of the file)."""
    return None if pos is None else pos._replace(column=pos.column + max(offset, 0))


def sentence_offset(text: str, sentence: str) -> int:
    """Where the (stripped) sentence starts in the paragraph as written; 0 when it cannot be told."""
    found = text.find(sentence[:6])
    return found if found >= 0 else 0


@rule("X-0")
def references_name_cells(agency: Agency) -> Iterator[Finding]:
    """Every `{{…}}` in the prose names a cell (or a sum of cells) of the report's tables."""
    for report in reports(agency):
        for paragraph in paragraphs(report):
            text = paragraph.text.value
            if OPEN not in text:
                continue
            for written in inline_references(text, report):
                pos = at_offset(paragraph.text.pos, written.start)
                if written.error is not None:
                    suggestion = written.error.suggestion
                    hint = f"是否想写“{OPEN}{suggestion}{CLOSE}”？" if suggestion else ""
                    yield finding("X-0", report, f"“{written.source}”：{written.error.message}{hint}", pos=pos,
                                  where=paragraph.where, expected=f"{OPEN}{suggestion}{CLOSE}" if suggestion else None,
                                  found=written.source)
                elif written.reference is not None and written.reference.previous_year \
                        and report.year - 1 not in agency.reports:
                    yield finding("X-0", report,
                                  f"“{written.source}”取上年（{report.year - 1}年）报告的数字，但文件中没有{report.year - 1}年的报告。"
                                  f"请补上该年报告，或直接写出数字。", pos=pos, where=paragraph.where,
                                  found=written.source)
            left_open = unclosed(text)
            if left_open is not None:
                pos = at_offset(paragraph.text.pos, left_open.start)
                snippet = text[left_open.start:left_open.start + 16]
                yield finding("X-0", report,
                              f"“{snippet}…”中的“{OPEN}”没有对应的“{CLOSE}”：表格数字引用写作“{OPEN}表三.本年新收{CLOSE}”。",
                              pos=pos, where=paragraph.where, found=snippet)


@rule("X-1")
def stated_figures_agree_with_tables(agency: Agency) -> Iterator[Finding]:
    """A figure the prose states in words (收到申请5件, 行政复议1起, 未收到申请) equals the table's."""
    for report in reports(agency):
        for paragraph in paragraphs(report):
            for stated in stated_figures(paragraph, agency, report):
                check = stated.check
                if not check.known or check.agreeing is not None:
                    continue
                statement = check.statement
                reference, value = statement.references[0], check.values[0]
                cell = reference.describe(report.year)
                quote = _quote(statement.sentence)
                if statement.literal is None:
                    said = f"正文“{quote}”说的是 0，"
                else:
                    said = f"正文“{quote}”中的数字是 {statement.literal}，"
                others = [
                    f"{other.describe(report.year)}（{show(other_value)}）"
                    for other, other_value in zip(statement.references[1:], check.values[1:], strict=True)
                    if other_value is not None and other_value != value
                ]
                also = f"；也不等于{'、'.join(others)}" if others else ""
                advice = f"请核对。正文中可写“{OPEN}{reference.text}{CLOSE}”，由程序从表格取数。"
                yield finding("X-1", report, f"{said}而{cell}为 {show(value)}{also}。{advice}",
                              pos=at_offset(paragraph.text.pos, sentence_offset(paragraph.text.value, statement.sentence)),
                              where=cell, expected=value, found=statement.figure)


def _quote(sentence: str) -> str:
    return sentence if len(sentence) <= _QUOTE_LIMIT else sentence[: _QUOTE_LIMIT - 1] + "…"


#: What counts as saying something about the fee in section 六.
_FEE_WORDS = re.compile(r"信息处理费|收费|收取[^。；]*?费")
#: The figure reference to 三（六）2, built from the declaration.
_UNPAID = f"{EDITION_2021.applications.name}.{UNPAID_FEES.key}"


@rule("X-2")
def unpaid_fee_is_explained(agency: Agency) -> Iterator[Finding]:
    """2021 edition: when 三（六）2 (the fee notice not paid) is above 0, section 六 mentions the fee."""
    for report in reports(agency):
        try:
            reference = parse(_UNPAID, report.edition)
        except ReferenceError:
            continue  # the 2019 edition has no such row
        value = reference.value(agency, report)
        if not value:
            continue
        text = "".join(resolve(p.value, agency, report) for p in report.other_matters)
        if _FEE_WORDS.search(text):
            continue
        row = reference.rows[0]
        pos = report.other_matters[0].pos if report.other_matters else report.pos
        yield finding(
            "X-2", report,
            f"{report.edition.applications.name}“{row.full_label}”为 {show(value)} 件：本年向申请人发出过收费通知。"
            f"“{doc.OTHER_MATTERS.heading}”应说明信息处理费的收取情况（国办函〔2020〕109号），目前没有提到。",
            pos=pos, where=doc.OTHER_MATTERS.heading, expected="说明信息处理费", found=_quote(text) or "（没有内容）",
        )



#: A year written in the prose: 2025年, 2025 年.
_STATED_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年(?!版)")
#: A sentence about the year before: it may name it.
_ABOUT_LAST_YEAR = re.compile(r"上(?:一)?年|去年|同比|较|相比|比上|结转|以来|至今|连续")
#: A sentence about what comes next: it may name the year after.
_ABOUT_NEXT_YEAR = re.compile(r"将|计划|拟|下一步|下一年|明年|今后|继续|力争|争取|预计|持续")
#: A year that dates something else: a law's revision, a document, the start of a period.
_OTHER_DATE_AFTER = re.compile(r"^\s*年?\s*(?:修订|修正|颁布|施行|印发|公布|起|开始|以来|至今|第)")
_OTHER_DATE_BEFORE = re.compile(r"(?:自|从|于|〔|\[|［)\s*$")
_SENTENCE = re.compile(r"[^。！？；]+[。！？；]?")


@rule("X-3")
def stated_years_are_the_reports(agency: Agency) -> Iterator[Finding]:
    """A year the prose names is the report's year (the year before in a sentence about last year,
    the year after in a sentence about plans): “2025年” left in the 2026 report by next-year
    --copy-prose is the usual case."""
    for report in reports(agency):
        for paragraph in paragraphs(report):
            text = paragraph.text.value
            stray = _stray_year(text, report.year, paragraph.section)
            if stray is None:
                continue
            year, offset, sentence = stray
            yield finding("X-3", report,
                          f"正文“{_quote(sentence.strip())}”写的是{year}年，而这是{report.year}年度的报告"
                          f"（多半是从{year}年的报告复制来的）。请核对年份；本年度可写“本年度”。",
                          pos=at_offset(paragraph.text.pos, offset), where=paragraph.where,
                          expected=str(report.year), found=str(year))


def _stray_year(text: str, report_year: int, section: doc.Section | None) -> tuple[int, int, str] | None:
    """(year, offset, sentence) of the first year in `text` that does not belong in the report."""
    for sentence_match in _SENTENCE.finditer(text):
        sentence = sentence_match.group()
        for match in _STATED_YEAR.finditer(sentence):
            year = int(match.group(1))
            before, after = sentence[:match.start()], sentence[match.end(1):]
            if year == report_year or before.count("《") > before.count("》"):
                continue
            if _OTHER_DATE_AFTER.match(after) or _OTHER_DATE_BEFORE.search(before):
                continue
            if year == report_year - 1 and _ABOUT_LAST_YEAR.search(sentence):
                continue
            if year == report_year + 1 and (_ABOUT_NEXT_YEAR.search(sentence) or section in (None, doc.PROBLEMS)):
                continue
            return year, sentence_match.start() + match.start(), sentence
    return None
