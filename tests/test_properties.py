"""Properties: a random consistent report of either edition has no finding; change any one cell of
table 三 (or any written total of table 四) and the validator names that cell's row or column.

Reports are generated as YAML text by the builder and read by the real loader."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import (
    EDITION_2019,
    EDITIONS,
    Report,
    build,
    check,
    derived_keys,
    load,
    plain_keys,
    row_and_column,
)
from reportgen import document as doc
from reportgen.editions import Edition, ValueKind

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TWO_YEARS = settings(SETTINGS, max_examples=50)  # each example loads two reports
ARITHMETIC = {"T3-1", "T3-2", "T3-3", "T4-1"}
each_edition = pytest.mark.parametrize("edition", EDITIONS, ids=lambda e: f"{e.year}版")
#: Section 六 when a fee notice went unpaid (X-2); a year that follows another says it differently (D-1).
FEE_EXPLAINED = ("本年度按规定收取信息处理费；申请人逾期未缴费的，不再处理其申请。",
                 "信息处理费依照国办函〔2020〕109号收取，逾期未缴费的申请已终止办理。")

counts = st.integers(min_value=0, max_value=40)
money = st.decimals(min_value=0, max_value=Decimal("99999.9999"), places=4, allow_nan=False, allow_infinity=False)


def years(edition: Edition) -> st.SearchStrategy[int]:
    last = edition.last_report_year or edition.first_report_year + 9
    return st.integers(min_value=edition.first_report_year, max_value=last)


def fill_applications(draw, report: Report, carried_in: dict[str, int] | None = None) -> None:
    """Random table 三 figures that satisfy T3-1 in every column, 本年新收 solved and ≥ 0.

    Outcome cells are drawn sparsely (most are 0, as in real reports), which keeps generation fast
    and lets Hypothesis shrink a failure to the few cells that matter."""
    table = report.edition.applications
    outcome_cells = [(row.key, column.key) for row in table.outcome_rows for column in table.applicant_columns]
    nonzero = draw(st.dictionaries(st.sampled_from(outcome_cells), st.integers(1, 40), max_size=30))
    for (row, column), value in nonzero.items():
        report.set("三", row, column, value)
    for column in table.applicant_columns:
        handled = sum(value for (_, c), value in nonzero.items() if c == column.key)
        if carried_in is None:
            forward = draw(counts)
            incoming = draw(st.integers(min_value=0, max_value=handled + forward))
        else:
            incoming = carried_in[column.key]
            least = max(0, incoming - handled)
            forward = draw(st.integers(min_value=least, max_value=least + 40))
        report.set("三", "上年结转", column.key, incoming)
        report.set("三", "结转下年", column.key, forward)
        report.set("三", "本年新收", column.key, handled + forward - incoming)
    if any(value for (row, _), value in nonzero.items() if row == "逾期未缴费"):
        report.prose[doc.OTHER_MATTERS.heading] = FEE_EXPLAINED[carried_in is not None]


def fill_proactive(draw, report: Report, last: Report | None = None) -> None:
    """Random table 二 figures; with `last`, rolled forward from it (so Y-2 and Y-3 hold)."""
    table = report.edition.proactive
    for row, column in table.cells():
        if column.kind is ValueKind.MONEY:
            value: object = abs(draw(money))
        elif column.kind is ValueKind.SIGNED_COUNT:
            value = draw(st.integers(min_value=-40, max_value=40))
        else:
            value = draw(counts)
        report.set("二", row.key, column.key, value)
    for row, column in table.cells():
        if column.key == "上一年项目数量":  # 2019 edition: Y-3, and the items never go below 0
            if last is not None and last.edition is report.edition:
                items = last.get("二", row.key, "上一年项目数量") + last.get("二", row.key, "本年增/减")
                report.set("二", row.key, column.key, items)
            items = report.get("二", row.key, column.key)
            report.set("二", row.key, "本年增/减", max(report.get("二", row.key, "本年增/减"), -items))
        if column.key == "现行有效件数" and last is not None and last.edition is report.edition:  # 2021: Y-2
            before = last.get("二", row.key, "现行有效件数") + report.get("二", row.key, "本年制发件数")
            repealed = min(report.get("二", row.key, "本年废止件数"), before)
            report.set("二", row.key, "本年废止件数", repealed)
            report.set("二", row.key, column.key, before - repealed)


def fill_appeals(draw, report: Report) -> None:
    for key in plain_keys(report.edition, "四"):
        report.set(*key, draw(counts))


def write_some_totals(draw, report: Report) -> None:
    """Totals written: none, all, or a random selection of them."""
    keys = derived_keys(report.edition)
    chosen = draw(st.one_of(st.just([]), st.just(keys), st.lists(st.sampled_from(keys), unique=True)))
    report.write_totals(chosen)


@st.composite
def consistent_reports(draw, edition: Edition) -> Report:
    report = Report(draw(years(edition)), edition)
    fill_proactive(draw, report)
    fill_applications(draw, report)
    fill_appeals(draw, report)
    write_some_totals(draw, report)
    return report


@st.composite
def corrupted_reports(draw, edition: Edition) -> tuple[Report, tuple[str, str, str], int]:
    """A consistent report, then one table 三 cell or one written table 四 total changed."""
    report = draw(consistent_reports(edition))
    targets = plain_keys(edition, "三") + [key for key in report.written_totals() if key[0] in ("三", "四")]
    key = draw(st.sampled_from(targets))
    value = report.cells[key]
    assert isinstance(value, int)
    delta = draw(st.integers(min_value=-value, max_value=25).filter(lambda d: d != 0))
    report.cells[key] = value + delta
    return report, key, delta


@each_edition
@SETTINGS
@given(data=st.data())
def test_a_random_consistent_report_has_no_finding(edition, data) -> None:
    report = data.draw(consistent_reports(edition))
    built = build(report)
    assert check(built) == []
    # and the loader read what was written, totals included
    agency, _ = load(built)
    figures = {
        "二": agency.reports[report.year].proactive,
        "三": agency.reports[report.year].applications,
        "四": agency.reports[report.year].appeals,
    }
    for (table, row, column), value in report.cells.items():
        cell = figures[table].cell(row, column)
        assert cell.value == value and cell.written
    for key in derived_keys(edition):
        assert figures[key[0]].value(key[1], key[2]) == report.derived_value(key)


@each_edition
@SETTINGS
@given(data=st.data())
def test_a_single_changed_cell_is_found_and_named(edition, data) -> None:
    report, key, delta = data.draw(corrupted_reports(edition))
    findings = check(build(report))
    errors = [f for f in findings if f.is_error]
    assert errors, f"changing {key} by {delta} went unnoticed"
    # a valid number: only the sums can object (and X-2, when an unpaid fee appears that 六 does not mention)
    assert {f.rule for f in findings} <= ARITHMETIC | {"X-2"}
    table, row, column = row_and_column(edition, key)
    assert any(row.full_label in (f.where or "") or column.label in (f.where or "") for f in errors)
    # more precisely: the finding is about that cell's row (T3-3, T4-1) or its column (T3-1, T3-2)
    row_prefix, column_suffix = table.cell_name(row) + " · ", " · " + column.label
    assert any(f.where.startswith(row_prefix) or f.where.endswith(column_suffix) for f in errors), errors
    assert all(f.year == report.year for f in findings)


@st.composite
def consecutive_reports(draw, edition: Edition) -> tuple[Report, Report]:
    """Two consecutive years of one edition, carried over and rolled forward correctly."""
    last_year = draw(years(edition).filter(lambda y: edition.covers(y + 1)))
    last = draw(consistent_reports(edition))
    last.year = last_year
    this = Report(last_year + 1, edition)
    fill_proactive(draw, this, last)
    fill_applications(
        draw,
        this,
        carried_in={
            column.key: last.get("三", "结转下年", column.key) for column in edition.applications.applicant_columns
        },
    )
    fill_appeals(draw, this)
    write_some_totals(draw, this)
    return last, this


@each_edition
@TWO_YEARS
@given(data=st.data())
def test_consecutive_consistent_years_have_no_finding(edition, data) -> None:
    last, this = data.draw(consecutive_reports(edition))
    assert check(build(last, this)) == []


@each_edition
@TWO_YEARS
@given(data=st.data())
def test_a_carry_over_that_does_not_match_last_year_is_found(edition, data) -> None:
    last, this = data.draw(consecutive_reports(edition))
    column = data.draw(st.sampled_from(edition.applications.applicant_columns))
    carried_in = this.get("三", "上年结转", column.key)
    delta = data.draw(st.integers(min_value=-carried_in, max_value=25).filter(lambda d: d != 0))
    # 上年结转 and 本年新收 move together, so this year stays balanced (T3-1) on its own
    this.set("三", "上年结转", column.key, carried_in + delta)
    this.set("三", "本年新收", column.key, this.get("三", "本年新收", column.key) - delta)
    if this.get("三", "本年新收", column.key) < 0:
        return
    for total in [key for key in this.written_totals() if key[1] in ("上年结转", "本年新收")]:
        this.cells[total] = this.derived_value(total)
    findings = check(build(last, this))
    where = edition.applications.cell_name(edition.applications.row("上年结转"), column)
    y1 = [f for f in findings if f.rule == "Y-1"]
    assert {f.rule for f in findings} == {"Y-1"}
    assert where in {f.where for f in y1}
    finding = next(f for f in y1 if f.where == where)
    assert (finding.year, int(finding.found) - int(finding.expected)) == (this.year, delta)


def test_the_2019_edition_change_column_really_is_signed() -> None:
    """Guards the generator above: it only draws negative numbers where the declaration allows them."""
    kinds = {column.kind for _, column in EDITION_2019.proactive.cells()}
    assert ValueKind.SIGNED_COUNT in kinds
