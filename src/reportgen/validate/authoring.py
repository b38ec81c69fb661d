"""Rules on a report that is still being written: U-1 (unfinished placeholders) and D-1 (text
repeated from the year before)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from .. import document as doc
from ..authoring.similarity import similar_units
from ..findings import Finding
from ..model import Agency, Report, Text
from .registry import finding, reports, rule


def _prose(report: Report) -> Iterator[tuple[str, Text]]:
    """Every piece of text in a report, with where it stands in the form's words."""
    if report.title is not None:
        yield doc.TITLE_KEY, report.title
    for paragraph in report.preamble:
        yield doc.PREAMBLE_KEY, paragraph
    overview = doc.OVERVIEW.heading
    for paragraph in report.overview_intro:
        yield f"{overview} · {doc.OVERVIEW_INTRO_KEY}", paragraph
    for part in report.overview_parts:
        yield f"{overview} · {part.heading.value}", part.heading
        for paragraph in part.paragraphs:
            yield f"{overview} · {part.heading.value}", paragraph
    for section in doc.SECTIONS:
        if section.table:
            for paragraph in getattr(report, f"{section.table}_notes"):
                yield f"{section.heading} · {doc.NOTES_KEY}", paragraph
    for paragraph in report.problems:
        yield doc.PROBLEMS.heading, paragraph
    for paragraph in report.other_matters:
        yield doc.OTHER_MATTERS.heading, paragraph
    if report.signoff_name is not None:
        yield f"{doc.SIGNOFF_KEY} · {doc.SIGNOFF_NAME_KEY}", report.signoff_name


def _shorten(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "……"


@rule("U-1")
def placeholders_are_replaced(agency: Agency) -> Iterator[Finding]:
    """Every paragraph that still holds the placeholder mark `reportgen new` / `next-year` wrote."""
    for key, text in agency.identity.items():
        if doc.is_placeholder(text.value):
            yield Finding(
                "U-1", f"“{doc.AGENCY_KEY} · {key}”仍是占位内容“{_shorten(text.value)}”：请改为实际内容。",
                file=text.pos.file if text.pos else None, line=text.pos.line if text.pos else None,
                column=text.pos.column if text.pos else None, where=f"{doc.AGENCY_KEY} · {key}",
            )
    for report in reports(agency):
        for where, text in _prose(report):
            if not doc.is_placeholder(text.value):
                continue
            yield finding(
                "U-1", report,
                f"这里仍是占位内容“{_shorten(text.value)}”：请改写为{report.year}年度的实际内容"
                f"（整段替换，连同“{doc.PLACEHOLDER_MARK}”一起删去）。",
                pos=text.pos, where=where, found=_shorten(text.value),
            )


@rule("D-1")
def text_is_not_last_years(agency: Agency) -> Iterator[Finding]:
    """A section (or part of 一) whose text is at least 90 % the same as the year before's."""
    years = sorted(agency.reports)
    known: dict = {}  # each report's units, by year
    for earlier_year, later_year in pairwise(years):
        earlier, later = agency.reports[earlier_year], agency.reports[later_year]
        for unit, other, alike in similar_units(agency, earlier, later, known):
            how = "完全相同" if alike == 1.0 else f"有 {int(alike * 100)}% 相同（去掉空白后逐字比较）"
            hint = ("前言中的年份、统计期限等是否已改为本年度？" if unit.identical_only
                    else "年度报告应写本年度的实际情况，请据实改写；确属相同的，可忽略此警告。")
            yield finding(
                "D-1", later,
                f"与{earlier.year}年报告的{'同一处' if other.where == unit.where else f'“{other.where}”'}{how}。{hint}",
                pos=unit.pos, where=unit.where, expected=None, found=f"{int(alike * 100)}%",
            )
