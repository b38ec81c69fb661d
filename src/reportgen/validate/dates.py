"""Rules on the report as a publication: E-1 (edition for the year), P-1 (published on time) and P-2
(the sign-off is dated)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from .. import document as doc
from ..editions import edition_for_year
from ..findings import Finding
from ..model import Agency
from .registry import finding, reports, rule


@rule("E-1")
def edition_matches_year(agency: Agency) -> Iterator[Finding]:
    """The stated edition is the one the national notices prescribe for the report's year."""
    for report in reports(agency):
        prescribed = edition_for_year(report.year)
        if report.stated_edition is None or report.stated_edition == prescribed.year:
            continue
        yield finding(
            "E-1", report,
            f"{report.year}年度报告应使用{prescribed.name}格式（{prescribed.document}），"
            f"本文件写的是 {report.stated_edition} 年版。",
            pos=report.stated_edition_pos, where="格式", expected=str(prescribed.year), found=str(report.stated_edition),
        )


def deadline(agency: Agency, year: int) -> date:
    """31 January of the next year; 31 March for a people's government of a county or above
    (《政府信息公开条例》第四十九条)."""
    name = agency.name.value if agency.name else ""
    county_or_above = name.endswith("人民政府") and not name.endswith(("乡人民政府", "镇人民政府"))
    return date(year + 1, 3, 31) if county_or_above else date(year + 1, 1, 31)


@rule("P-1")
def published_on_time(agency: Agency) -> Iterator[Finding]:
    """Published no later than 31 January of the following year."""
    for report in reports(agency):
        published = report.published_on
        if published is None:
            continue
        due = deadline(agency, report.year)
        if published <= due:
            continue
        late = (published - due).days
        yield finding(
            "P-1", report,
            f"发布日期 {published.isoformat()} 晚于 {due.year}年{due.month}月{due.day}日（《政府信息公开条例》"
            f"第四十九条），迟了 {late} 天。",
            pos=report.published_pos, where="发布日期", expected=f"不晚于 {due.isoformat()}", found=published.isoformat(),
        )


@rule("P-2")
def signoff_dated(agency: Agency) -> Iterator[Finding]:
    """The sign-off prints a date: its own (落款 · 日期), else the publication date."""
    for report in reports(agency):
        if report.signoff_date is not None or report.published_on is not None:
            continue
        example = date(report.year + 1, 1, 20).isoformat()
        yield finding(
            "P-2", report,
            f"{report.year}年度报告的落款没有日期（GB/T 9704 的成文日期）：请在“{doc.SIGNOFF_KEY}”下写"
            f"“{doc.SIGNOFF_DATE_KEY}: {example}”这样的实际日期，或写明“{doc.PUBLISHED_KEY}”（落款日期默认取发布日期）。",
            pos=report.signoff_pos or report.pos, where=f"{doc.SIGNOFF_KEY} · {doc.SIGNOFF_DATE_KEY}",
        )
