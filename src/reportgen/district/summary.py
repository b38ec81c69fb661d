"""`reportgen summary`: one row per agency report — the verdict of the check, publication on time
(P-1), text copied from the year before (D-1) and the key figures — for the district's disclosure
office, written as an HTML page, an Excel workbook or CSV (`summary_output`).

A file that cannot be read, or has no report for the year asked, is still listed, with its
problem: the summary never drops a file. Labels of the figures come from the editions' declaration.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..check import CheckResult, FileResult
from ..editions.common import (
    APPEALS_TABLE,
    CARRIED_FORWARD,
    CORRECTED,
    DISCLOSED,
    LITIGATION,
    PARTLY_DISCLOSED,
    PENDING,
    RECEIVED,
    RECONSIDERATION,
)
from ..findings import Finding
from ..model import Agency, Number, Report
from ..validate.dates import deadline

PASSED = "通过"
UNREADABLE = "无法读取"
_APPEALS_TOTAL = APPEALS_TABLE.total_column


@dataclass(frozen=True)
class Figure:
    """One key figure of the summary: its column heading and how to read it from a report."""

    key: str
    heading: str

    def value(self, report: Report) -> Number | None:
        return _FIGURE_READERS[self.key](report)


def _applications(report: Report, row_key: str) -> Number | None:
    figures = report.applications
    if figures is None:
        return None
    return figures.value(row_key, figures.table.total_column)  # type: ignore[attr-defined]


def _appeals(report: Report, row_keys: tuple[str, ...]) -> Number | None:
    figures = report.appeals
    if figures is None:
        return None
    values = [figures.value(key, _APPEALS_TOTAL) for key in row_keys]
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type, return-value]


_LITIGATION_ROWS = tuple(row.key for row in APPEALS_TABLE.rows() if row.group == LITIGATION)
_FIGURE_READERS = {
    RECEIVED.key: lambda report: _applications(report, RECEIVED.key),
    DISCLOSED.key: lambda report: _applications(report, DISCLOSED.key),
    PARTLY_DISCLOSED.key: lambda report: _applications(report, PARTLY_DISCLOSED.key),
    CARRIED_FORWARD.key: lambda report: _applications(report, CARRIED_FORWARD.key),
    RECONSIDERATION.key: lambda report: _appeals(report, (RECONSIDERATION.key,)),
    LITIGATION.key: lambda report: _appeals(report, _LITIGATION_ROWS),
}
FIGURES = (
    Figure(RECEIVED.key, f"{RECEIVED.key}{_APPEALS_TOTAL.label}"),
    Figure(DISCLOSED.key, DISCLOSED.key),
    Figure(PARTLY_DISCLOSED.key, PARTLY_DISCLOSED.key),
    Figure(CARRIED_FORWARD.key, CARRIED_FORWARD.key),
    Figure(RECONSIDERATION.key, f"{RECONSIDERATION.label}{_APPEALS_TOTAL.label}"),
    Figure(LITIGATION.key, f"{LITIGATION.label}{_APPEALS_TOTAL.label}"),
)
CORRECTED_HEADING = f"复议诉讼{CORRECTED.label}率"  # 结果纠正 ÷ 已审结 (总计 − 尚未审结)


def corrected_share(report: Report) -> float | None:
    """结果纠正 as a share of the decided cases (总计 − 尚未审结) of 行政复议 and 行政诉讼; None if none decided."""
    figures = report.appeals
    if figures is None:
        return None
    corrected = decided = 0
    for row in APPEALS_TABLE.rows():
        values = (figures.value(row.key, CORRECTED), figures.value(row.key, _APPEALS_TOTAL),
                  figures.value(row.key, PENDING))
        if any(v is None for v in values):
            return None
        corrected += values[0]  # type: ignore[operator]
        decided += values[1] - values[2]  # type: ignore[operator]
    return float(corrected) / float(decided) if decided > 0 else None


# -- one row --------------------------------------------------------------------------------------


@dataclass
class SummaryRow:
    path: Path
    name: str  # the agency's name, or the file's name when it cannot be read
    slug: str
    year: int | None = None
    edition: str | None = None
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    problem: str | None = None  # the file cannot be read, or has no report for the year asked
    published: date | None = None
    due: date | None = None
    copied: int = 0  # D-1 findings: sections repeating last year's text
    figures: dict[str, Number | None] = field(default_factory=dict)
    corrected: float | None = None
    link: str | None = None  # the agency's built report beside the summary

    @property
    def passed(self) -> bool:
        return self.problem is None and not self.errors

    @property
    def verdict(self) -> str:
        if self.problem is not None and self.year is None:
            return UNREADABLE
        if self.problem is not None:
            return self.problem
        parts = [f"{len(found)} 个{label}（{rule_counts(found)}）"
                 for found, label in ((self.errors, "错误"), (self.warnings, "警告")) if found]
        return "，".join(parts) or PASSED

    @property
    def late(self) -> bool:
        return self.published is not None and self.due is not None and self.published > self.due

    @property
    def timeliness(self) -> str:
        if self.year is None or self.due is None:
            return ""
        if self.published is None:
            return f"未填发布日期（期限 {self.due.isoformat()}）"
        if self.late:
            return f"逾期 {(self.published - self.due).days} 天"
        return "按时"

    @property
    def copied_text(self) -> str:
        return f"雷同 {self.copied} 处" if self.copied else ("无" if self.year is not None and not self.problem else "")


def rule_counts(findings: list[Finding]) -> str:
    counts = Counter(finding.rule for finding in findings)
    return "、".join(rule if n == 1 else f"{rule}×{n}" for rule, n in sorted(counts.items(), key=_rule_order))


def _rule_order(item: tuple[str, int]) -> tuple[str, int]:
    prefix, _, number = item[0].partition("-")
    return prefix, int(number) if number.isdigit() else 0


def _name(result: FileResult) -> str:
    agency = result.agency
    return agency.name.value if agency is not None and agency.name else result.path.stem


def _report_row(result: FileResult, agency: Agency, report: Report) -> SummaryRow:
    mine = [f for f in result.findings if f.year is None or f.year == report.year]
    row = SummaryRow(result.path, _name(result), agency.slug, report.year, report.edition.name,
                     errors=[f for f in mine if f.is_error], warnings=[f for f in mine if not f.is_error],
                     published=report.published_on, due=deadline(agency, report.year),
                     copied=sum(1 for f in mine if f.rule == "D-1"))
    row.figures = {figure.key: figure.value(report) for figure in FIGURES}
    row.corrected = corrected_share(report)
    return row


def summary_rows(check: CheckResult, year: int | None = None, beside: Path | None = None) -> list[SummaryRow]:
    """One row per report (of `year`, if given); one row for each file that cannot be read or lacks
    the year. `beside`: the summary's folder, where a built report `<slug>-<year>.html` is linked."""
    rows: list[SummaryRow] = []
    for result in check.files:
        agency = result.agency
        if agency is None or result.unreadable:
            unreadable = next((f for f in result.findings if f.unreadable), None)
            message = unreadable.message if unreadable else "无法读取"
            where = f"第 {unreadable.line} 行：" if unreadable and unreadable.line else ""
            rows.append(SummaryRow(result.path, _name(result), result.path.stem, problem=f"{where}{message}",
                                   errors=[f for f in result.findings if f.is_error]))
            continue
        years = [year] if year is not None else sorted(agency.reports)
        if not years:
            rows.append(SummaryRow(result.path, _name(result), agency.slug, errors=result.errors,
                                   problem="文件中没有年度报告"))
        for wanted in years:
            report = agency.reports.get(wanted)
            if report is None:
                listed = "、".join(f"{y}年" for y in sorted(agency.reports)) or "没有年度报告"
                rows.append(SummaryRow(result.path, _name(result), agency.slug, wanted,
                                       problem=f"没有 {wanted} 年的报告（文件中有：{listed}）"))
                continue
            rows.append(_report_row(result, agency, report))
    if beside is not None:
        for row in rows:
            built = beside / f"{row.slug}-{row.year}.html"
            if row.year is not None and built.is_file():
                row.link = built.name
    rows.sort(key=lambda row: (row.year or 0, row.name))
    return rows


@dataclass(frozen=True)
class YearTotals:
    """The district's totals of one year, over the reports that state the figure."""

    year: int
    received: Number
    disclosed: Number  # 予以公开 + 部分公开
    carried: Number
    appeals: Number  # 行政复议 + 行政诉讼
    reports: int


def year_totals(rows: list[SummaryRow]) -> list[YearTotals]:
    def total(found: list[SummaryRow], *keys: str) -> Number:
        return sum(row.figures.get(key) or 0 for row in found for key in keys)  # counts: whole numbers

    totals = []
    for year in sorted({row.year for row in rows if row.year is not None and row.figures}):
        found = [row for row in rows if row.year == year and row.figures]
        totals.append(YearTotals(year, total(found, RECEIVED.key), total(found, DISCLOSED.key, PARTLY_DISCLOSED.key),
                                 total(found, CARRIED_FORWARD.key), total(found, RECONSIDERATION.key, LITIGATION.key),
                                 len(found)))
    return totals


# -- the columns, shared by the page, the workbook and the CSV -----------------------------------------


@dataclass(frozen=True)
class SummaryColumn:
    heading: str
    kind: str  # text / count / date / share
    read: Callable[[SummaryRow], object]
    alert: Callable[[SummaryRow], bool] | None = None  # the page marks the cell (a failed check, a late report)
    sort: Callable[[SummaryRow], str] | None = None  # the page's sort key, when the text does not sort right

    def value(self, row: SummaryRow) -> object:
        return self.read(row)

    def alerted(self, row: SummaryRow) -> bool:
        return self.alert is not None and self.alert(row)


def _figure_column(figure: Figure) -> SummaryColumn:
    return SummaryColumn(figure.heading, "count", lambda row: row.figures.get(figure.key))


def _lateness(row: SummaryRow) -> str:
    """按时 < 未填 < 逾期 by days: the most overdue last."""
    if row.late:
        return f"2{(row.published - row.due).days:06d}"  # type: ignore[operator]
    return "1" if row.published is None and row.year is not None else ("0" if row.year is not None else "")


COLUMNS: tuple[SummaryColumn, ...] = (
    SummaryColumn("机关", "text", lambda row: row.name),
    SummaryColumn("年度", "count", lambda row: row.year),
    SummaryColumn("格式", "text", lambda row: row.edition or ""),
    SummaryColumn("校验结论", "text", lambda row: row.verdict, alert=lambda row: not row.passed,
                  sort=lambda row: f"{len(row.errors):04d}{len(row.warnings):04d}" if row.problem is None else "9"),
    SummaryColumn("发布日期", "date", lambda row: row.published),
    SummaryColumn("按时发布（P-1）", "text", lambda row: row.timeliness, alert=lambda row: row.late, sort=_lateness),
    SummaryColumn("内容雷同（D-1）", "text", lambda row: row.copied_text, alert=lambda row: row.copied > 0,
                  sort=lambda row: f"{row.copied:04d}"),
    *(_figure_column(figure) for figure in FIGURES),
    SummaryColumn(CORRECTED_HEADING, "share", lambda row: row.corrected),
    SummaryColumn("文件", "text", lambda row: row.path.as_posix()),
)
FILE_COLUMN = COLUMNS[-1]
