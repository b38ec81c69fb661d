"""Rules across the years held in one agency file: Y-1, Y-2 and Y-3."""

from __future__ import annotations

from collections.abc import Iterator

from ..arithmetic import total
from ..editions import EDITION_2019, EDITION_2021, ApplicationsTable, e2019, e2021
from ..editions.common import CARRIED_FORWARD, CARRIED_IN
from ..findings import Finding
from ..model import Agency, Report
from .registry import cell_pos, finding, mismatch, rule, show


def consecutive(agency: Agency) -> Iterator[tuple[Report, Report]]:
    """(last year's report, this year's report) for every pair of consecutive years in the file."""
    for year in sorted(agency.reports):
        if year - 1 in agency.reports:
            yield agency.reports[year - 1], agency.reports[year]


@rule("Y-1")
def carried_in_equals_last_years_carried_forward(agency: Agency) -> Iterator[Finding]:
    """This year's 二、上年结转 equals last year's 四、结转下年度继续办理, column by column."""
    for last, this in consecutive(agency):
        if last.applications is None or this.applications is None:
            continue
        table = this.applications.table
        assert isinstance(table, ApplicationsTable)
        carried_in, carried_forward = CARRIED_IN, CARRIED_FORWARD  # shared by both editions
        for column in table.columns:
            expected = last.applications.value(carried_forward, column.key)
            found = this.applications.value(carried_in, column)
            if expected is None or found is None or expected == found:
                continue
            where = table.cell_name(carried_in, column)
            yield finding(
                "Y-1", this,
                f"应等于{last.year}年报告的“{carried_forward.label}”（{column.label}）。" + mismatch(expected, found),
                pos=cell_pos(this.applications, carried_in, column), where=where, expected=expected, found=found,
            )


@rule("Y-2")
def documents_in_force_roll_forward(agency: Agency) -> Iterator[Finding]:
    """2021 edition: 现行有效件数 = last year's + 本年制发件数 − 本年废止件数 (规章, 行政规范性文件)."""
    for last, this in consecutive(agency):
        if last.edition is not EDITION_2021 or this.edition is not EDITION_2021:
            continue
        if last.proactive is None or this.proactive is None:
            continue
        table = this.proactive.table
        for row in e2021.DOCUMENTS.rows:
            before = last.proactive.value(row, e2021.IN_FORCE)
            issued = this.proactive.value(row, e2021.ISSUED)
            repealed = this.proactive.value(row, e2021.REPEALED)
            found = this.proactive.value(row, e2021.IN_FORCE)
            if None in (before, issued, repealed, found):
                continue
            expected = before + issued - repealed  # type: ignore[operator]
            if expected == found:
                continue
            where = table.cell_name(row, e2021.IN_FORCE)
            yield finding(
                "Y-2", this,
                f"按上年现行有效 {show(before)} ＋ 本年制发 {show(issued)} － 本年废止 {show(repealed)} 推算"
                f"{mismatch(expected, found)}如有文件到期失效或修订，可在说明中交代。",
                pos=cell_pos(this.proactive, row, e2021.IN_FORCE), where=where,
                expected=expected, found=found,
            )


@rule("Y-3")
def items_last_year_roll_forward(agency: Agency) -> Iterator[Finding]:
    """2019 edition: 上一年项目数量 = last year's 上一年项目数量 + last year's 本年增/减."""
    for last, this in consecutive(agency):
        if last.edition is not EDITION_2019 or this.edition is not EDITION_2019:
            continue
        if last.proactive is None or this.proactive is None:
            continue
        table = this.proactive.table
        for row in table.rows():
            if e2019.ITEMS_LAST_YEAR not in table.columns_of(row):
                continue
            expected = total([last.proactive.value(row, e2019.ITEMS_LAST_YEAR), last.proactive.value(row, e2019.CHANGE)])
            found = this.proactive.value(row, e2019.ITEMS_LAST_YEAR)
            if expected is None or found is None or expected == found:
                continue
            column = e2019.ITEMS_LAST_YEAR
            where = table.cell_name(row, column)
            yield finding(
                "Y-3", this,
                f"应等于{last.year}年报告的{column.label}加{e2019.CHANGE.label}。" + mismatch(expected, found),
                pos=cell_pos(this.proactive, row, column), where=where, expected=expected, found=found,
            )
