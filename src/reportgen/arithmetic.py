"""The sums that define the derived totals. The loader fills unwritten totals with them and the
validator checks written totals against them, so each sum is written once, here."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .editions import AppealsTable, ApplicationsTable, Column, Row
from .model import Figures, Number, Report


def total(values: Iterable[Number | None]) -> Number | None:
    """The sum, or None when any part is unknown (blank, placeholder, missing)."""
    result: Number = 0
    for value in values:
        if value is None:
            return None
        result += value
    return result


def applicant_sum(figures: Figures, row: Row) -> Number | None:
    """Table 三, one row: 自然人 + the five kinds of legal person (what its 总计 must be)."""
    table = figures.table
    assert isinstance(table, ApplicationsTable)
    cells, key = figures.cells, row.key  # looked up directly: summed for every row of every report
    return total(cells[(key, column.key)].value for column in table.applicant_columns)


def outcome_sum(figures: Figures, column: Column) -> Number | None:
    """Table 三, one column: the sum of every outcome row (what （七）总计 must be)."""
    table = figures.table
    assert isinstance(table, ApplicationsTable)
    cells, key = figures.cells, column.key
    return total(cells[(row.key, key)].value for row in table.outcome_rows)


def appeal_sum(figures: Figures, row: Row) -> Number | None:
    """Table 四, one group: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 (what its 总计 must be)."""
    table = figures.table
    assert isinstance(table, AppealsTable)
    cells, key = figures.cells, row.key
    return total(cells[(key, column.key)].value for column in table.outcome_columns)


def fill_derived(report: Report) -> None:
    """Give every total the file does not write its derived value. Written totals are left as
    written: the validator compares them with these sums."""
    applications = report.applications
    if applications is not None:
        table = applications.table
        assert isinstance(table, ApplicationsTable)
        total_column, total_row = table.total_column, table.outcome_total_row
        for row in table.rows():
            if row is not total_row:
                _fill(applications, row, total_column, lambda r=row: applicant_sum(applications, r))
        for column in table.applicant_columns:
            _fill(applications, total_row, column, lambda c=column: outcome_sum(applications, c))
        _fill(applications, total_row, total_column, lambda: outcome_sum(applications, total_column))
    appeals = report.appeals
    if appeals is not None:
        table = appeals.table
        assert isinstance(table, AppealsTable)
        for row in table.rows():
            _fill(appeals, row, table.total_column, lambda r=row: appeal_sum(appeals, r))


def _fill(figures: Figures, row: Row, column: Column, derive: Callable[[], Number | None]) -> None:
    cell = figures.cell(row, column)
    if not cell.written:
        cell.value = derive()
