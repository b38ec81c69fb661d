"""Every rule of the format reference: a report that breaks it, and one that keeps it, on each
edition the rule applies to. Findings are checked for their id, the cell in the form's words,
the report year, the line of the offending row and, for arithmetic, expected/found/difference."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from builders import (
    EDITION_2019,
    EDITION_2021,
    EDITIONS,
    YEAR_OF,
    Report,
    build,
    cell_name,
    check,
    consistent,
    load,
    of_rule,
    rules,
)
from reportgen import document as doc
from reportgen.check import check_file
from reportgen.editions import ValueKind
from reportgen.findings import CATALOGUE, Finding, Severity
from reportgen.validate import RULES

each_edition = pytest.mark.parametrize("edition", EDITIONS, ids=lambda e: f"{e.year}版")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
MINUS = "\u2212"  # the difference is printed with a real minus sign

RULES_TESTED_HERE = {"T3-1", "T3-2", "T3-3", "T4-1", "V-1", "Y-1", "Y-2", "Y-3", "E-1", "P-1", "P-2"}


def only(findings: list[Finding], rule: str, where: str | None = None) -> Finding:
    """The one finding of `rule` (at `where`); fails listing everything found otherwise."""
    matching = [f for f in of_rule(findings, rule) if where is None or f.where == where]
    assert len(matching) == 1, f"expected one {rule} at {where!r}, got: {findings}"
    return matching[0]


def assert_arithmetic(finding: Finding, expected: str, found: str, difference: str) -> None:
    assert (finding.expected, finding.found, finding.difference) == (expected, found, difference)
    assert f"应为 {expected}，实为 {found}，相差 {difference}" in finding.message


#: U-1 and D-1, the rules on a report still being written, are tested with `new` and `next-year`.
RULES_TESTED_ELSEWHERE = {"U-1": "tests/test_new.py", "D-1": "tests/test_next_year.py",
                          "X-0": "tests/test_prose.py", "X-1": "tests/test_x1_phrasings.py", "X-2": "tests/test_prose.py",
                          "X-3": "tests/test_x1_phrasings.py"}


def test_every_registered_rule_is_tested_here() -> None:
    assert {rule.id for rule in RULES} == RULES_TESTED_HERE | set(RULES_TESTED_ELSEWHERE)
    assert set(CATALOGUE) >= RULES_TESTED_HERE


# -- a clean report ---------------------------------------------------------------------------------


@each_edition
@pytest.mark.parametrize("totals", [False, True], ids=["totals-derived", "totals-written"])
def test_a_consistent_report_has_no_findings(edition, totals) -> None:
    year = YEAR_OF[edition]
    report = consistent(Report(year, edition, published=f"{year + 1}-01-20"), 予以公开=3, 部分公开=1, 结转下年=2)
    consistent(report, "法律服务机构", 上年结转=4, 重复申请=4)
    report.set("四", "行政复议", "结果维持", 2).set("四", "复议后起诉", "尚未审结", 1)
    if totals:
        report.write_totals()
    assert check(build(report)) == []


# -- T3-1: 一 + 二 = （七）总计 + 四, per column ---------------------------------------------------------

applicant_columns = [column.key for column in EDITION_2021.applications.applicant_columns]


@each_edition
@pytest.mark.parametrize("column", applicant_columns)
def test_t3_1_in_and_out_must_balance(edition, column) -> None:
    year = YEAR_OF[edition]
    report = consistent(Report(year, edition), column, 予以公开=3, 结转下年=2)  # 本年新收 5
    report.set("三", "结转下年", column, 1)  # out: 3 + 1 = 4
    built = build(report)
    findings = check(built)
    finding = only(findings, "T3-1", f"表三 · {column}")
    assert finding.year == year
    assert finding.line == built.line(year, "三", "本年新收")
    assert finding.is_error
    assert_arithmetic(finding, "5", "4", f"{MINUS}1")
    # the derived 总计 column is off by the same amount; no other column is touched
    assert {f.where for f in findings} == {f"表三 · {column}", "表三 · 总计"}
    assert rules(findings) == {"T3-1"}


@each_edition
@pytest.mark.parametrize(("carried_forward", "found", "difference"), [(1, "4", f"{MINUS}1"), (3, "6", "+1")],
                         ids=["out-below-in", "out-above-in"])
def test_t3_1_flags_an_imbalance_either_way(edition, carried_forward, found, difference) -> None:
    """More handled than received is as wrong as fewer: a rule that flags only one side fails here."""
    year = YEAR_OF[edition]
    report = consistent(Report(year, edition), 予以公开=3, 结转下年=2)  # 本年新收 5
    report.set("三", "结转下年", "自然人", carried_forward)
    finding = only(check(build(report)), "T3-1", "表三 · 自然人")
    assert_arithmetic(finding, "5", found, difference)


@each_edition
def test_t3_1_holds_with_carried_in_and_forward(edition) -> None:
    year = YEAR_OF[edition]
    report = consistent(Report(year, edition), 上年结转=2, 予以公开=3, 结转下年=4)
    assert report.get("三", "本年新收", "自然人") == 5
    assert check(build(report)) == []


def test_t3_1_is_reported_at_the_column_in_the_forms_words() -> None:
    report = consistent(Report(2021), "社会公益组织", 予以公开=1)
    report.set("三", "本年新收", "社会公益组织", 2)
    finding = only(check(build(report)), "T3-1", "表三 · 社会公益组织")
    assert "一＋二＝2" in finding.message and "（七）＋四＝1" in finding.message


# -- T3-2: （七）总计 = every outcome row ---------------------------------------------------------------

outcome_rows = [(e, row.key) for e in EDITIONS for row in e.applications.outcome_rows]


@pytest.mark.parametrize(("edition", "row"), outcome_rows, ids=[f"{e.year}-{r}" for e, r in outcome_rows])
def test_t3_2_every_outcome_row_counts_in_the_total(edition, row) -> None:
    year = YEAR_OF[edition]
    fee = {doc.OTHER_MATTERS.heading: "本年度收取信息处理费。"} if row == "逾期未缴费" else {}
    report = consistent(Report(year, edition, prose=fee), **{row: 2})
    report.write_totals()
    assert check(build(report)) == []  # written correctly: no finding

    report.set("三", "总计", "自然人", 1)
    built = build(report)
    findings = check(built)
    finding = only(findings, "T3-2", "表三 · （七）总计 · 自然人")
    assert finding.year == year
    assert finding.line == built.line(year, "三", "总计")
    assert_arithmetic(finding, "2", "1", f"{MINUS}1")


def test_t3_2_counts_the_three_other_handling_rows_only_in_2021() -> None:
    rows_2021 = [row.key for row in EDITION_2021.applications.outcome_rows if row.group and row.group.key == "其他处理"]
    rows_2019 = [row.key for row in EDITION_2019.applications.outcome_rows if row.key == "其他处理"]
    assert len(rows_2021) == 3 and len(rows_2019) == 1
    # 2021: one application under each of the three rows, so （七）总计 is 3; a total of 2 (a T3-2
    # that missed one of the three) is flagged, and 3 is not.
    fee = {doc.OTHER_MATTERS.heading: "本年度收取信息处理费。"}  # X-2, for 逾期未缴费
    report = consistent(Report(2021, prose=fee), **dict.fromkeys(rows_2021, 1))
    report.write_totals()
    assert check(build(report)) == []
    report.set("三", "总计", "自然人", 2)
    assert_arithmetic(only(check(build(report)), "T3-2", "表三 · （七）总计 · 自然人"), "3", "2", f"{MINUS}1")
    # 2019: the single row 其他处理 counts once
    report = consistent(Report(2020), 其他处理=2).write_totals()
    assert check(build(report)) == []
    report.set("三", "总计", "自然人", 3)
    assert_arithmetic(only(check(build(report)), "T3-2", "表三 · （七）总计 · 自然人"), "2", "3", "+1")


@each_edition
def test_t3_2_names_the_total_of_the_total_column(edition) -> None:
    year = YEAR_OF[edition]
    report = consistent(Report(year, edition), 予以公开=2, 部分公开=1)
    report.write_totals()
    report.set("三", "总计", "总计", 4)
    built = build(report)
    finding = only(check(built), "T3-2", "表三 · （七）总计 · 总计")
    assert finding.line == built.line(year, "三", "总计")
    assert_arithmetic(finding, "3", "4", "+1")


@each_edition
def test_t3_2_unwritten_total_is_derived_not_checked(edition) -> None:
    year = YEAR_OF[edition]
    report = consistent(Report(year, edition), 予以公开=2)
    agency, findings = load(build(report))
    assert findings == []
    figures = agency.reports[year].applications
    assert figures.value("总计", "自然人") == 2 and not figures.cell("总计", "自然人").written


# -- T3-3: 总计 = 自然人 + the five kinds of legal person, per row ------------------------------------

table3_rows = [(e, row.key) for e in EDITIONS for row in e.applications.rows()]


@pytest.mark.parametrize(("edition", "row"), table3_rows, ids=[f"{e.year}-{r}" for e, r in table3_rows])
def test_t3_3_a_written_row_total_must_add_up(edition, row) -> None:
    year = YEAR_OF[edition]
    report = Report(year, edition).set("三", row, "总计", 1)
    built = build(report)
    findings = check(built)
    where = cell_name(edition, ("三", row, "总计"))
    finding = only(findings, "T3-3", where)
    assert finding.year == year
    assert finding.line == built.line(year, "三", row)
    assert_arithmetic(finding, "0", "1", "+1")


@each_edition
def test_t3_3_names_a_grouped_row_in_the_forms_words(edition) -> None:
    year = YEAR_OF[edition]
    report = consistent(Report(year, edition), **{"危及“三安全一稳定”": 2})
    consistent(report, "商业企业", **{"危及“三安全一稳定”": 1})
    report.write_totals()
    assert check(build(report)) == []

    report.set("三", "危及“三安全一稳定”", "总计", 4)
    built = build(report)
    finding = only(check(built), "T3-3", "表三 · （三）不予公开 3.危及“三安全一稳定” · 总计")
    assert finding.line == built.line(year, "三", "危及“三安全一稳定”")
    assert_arithmetic(finding, "3", "4", "+1")


# -- T4-1: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结 ------------------------------------------------

appeal_rows = [row.key for row in EDITION_2021.appeals.rows()]


@each_edition
@pytest.mark.parametrize("row", appeal_rows)
def test_t4_1_a_written_appeal_total_must_add_up(edition, row) -> None:
    year = YEAR_OF[edition]
    report = Report(year, edition).set_row("四", row, {"结果维持": 1, "尚未审结": 2})
    report.write_totals()
    assert check(build(report)) == []

    report.set("四", row, "总计", 4)
    built = build(report)
    finding = only(check(built), "T4-1")
    assert finding.where == edition.appeals.cell_name(edition.appeals.row(row), edition.appeals.total_column)
    assert finding.year == year and finding.line == built.line(year, "四", row)
    assert_arithmetic(finding, "3", "4", "+1")


def test_t4_1_where_names_litigation_and_its_kind() -> None:
    report = Report(2021).set_row("四", "复议后起诉", {"结果纠正": 1, "总计": 0})
    finding = only(check(build(report)), "T4-1")
    assert finding.where == "表四 · 行政诉讼 复议后起诉 · 总计"
    report = Report(2020).set_row("四", "行政复议", {"其他结果": 2, "总计": 1})
    assert only(check(build(report)), "T4-1").where == "表四 · 行政复议 · 总计"


# -- V-1: counts are whole numbers ≥ 0, money ≥ 0 --------------------------------------------------

NOT_NUMBERS = {
    "blank": ("", "空白"),
    "slash": ("/", "不是数字"),
    "hyphen": ("-", "不是数字"),
    "dash": ("—", "不是数字"),
    "not-applicable": ("不适用", "不是数字"),
    "full-width": ("１２", "全角"),
    "quoted": ('"12"', "引号"),
    "fraction": ("1.5", "整数"),
    "negative": ("-1", "负数"),
}
COUNT_CELLS = {
    "表三": ("三", "危及“三安全一稳定”", "自然人"),
    "表四": ("四", "未经复议直接起诉", "尚未审结"),
    "表二": ("二", "行政处罚", None),  # the block's first column, whichever edition
}


def _count_cell(edition, label: str) -> tuple[str, str, str]:
    table, row, column = COUNT_CELLS[label]
    if column is None:
        column = edition.proactive.columns_of(edition.proactive.row(row))[0].key
    return table, row, column


@each_edition
@pytest.mark.parametrize("cell", list(COUNT_CELLS))
@pytest.mark.parametrize("raw", list(NOT_NUMBERS), ids=list(NOT_NUMBERS))
def test_v1_a_count_must_be_a_whole_number_not_below_zero(edition, cell, raw) -> None:
    year = YEAR_OF[edition]
    text, words = NOT_NUMBERS[raw]
    key = _count_cell(edition, cell)
    built = build(Report(year, edition).set(*key, text))
    findings = check(built)
    finding = only(findings, "V-1")
    assert finding.where == cell_name(edition, key)
    assert finding.year == year and finding.line == built.line(year, key[0], key[1])
    assert words in finding.message
    shown = text.strip('"') or "空白"
    assert finding.found == shown
    assert finding.expected == "不小于 0 的整数"
    if raw != "negative":  # -1 is a number, and the sums use it; the others are not numbers:
        # no arithmetic finding is made up from them
        assert rules(findings) == {"V-1"}


def test_v1_where_is_the_cell_in_the_forms_words() -> None:
    finding = only(check(build(Report(2021).set("三", "危及“三安全一稳定”", "自然人", "/"))), "V-1")
    assert finding.where == "表三 · （三）不予公开 3.危及“三安全一稳定” · 自然人"
    assert "“/”" in finding.message and "没有发生的请填 0" in finding.message


@each_edition
def test_v1_blank_is_never_read_as_zero(edition) -> None:
    year = YEAR_OF[edition]
    # read as 0, the blank 本年新收 would break T3-1 (0 ≠ 2)
    report = consistent(Report(year, edition), 予以公开=2).set("三", "本年新收", "自然人", "")
    # read as 0, the blank would make the written total 3 ≠ 1 (T3-3) and the （七）总计 wrong (T3-2)
    report.set_row("三", "部分公开", {"自然人": "", "商业企业": 1, "总计": 3})
    report.set("三", "本年新收", "商业企业", 1)
    # and in table 四 (T4-1)
    report.set_row("四", "行政复议", {"结果维持": "—", "结果纠正": 1, "总计": 5})
    built = build(report)
    agency, _ = load(built)
    findings = check(built)
    assert rules(findings) == {"V-1"}
    assert len(findings) == 3
    figures = agency.reports[year].applications
    assert figures.value("本年新收", "自然人") is None
    assert figures.value("本年新收", "总计") is None  # a total of an unknown is unknown, not a guess
    assert figures.value("总计", "自然人") is None
    assert agency.reports[year].appeals.value("行政复议", "结果维持") is None


@each_edition
def test_v1_missing_cell_is_reported_once_as_structure_not_as_a_value(edition) -> None:
    year = YEAR_OF[edition]
    report = consistent(Report(year, edition), 予以公开=1).omit("三", "予以公开", "自然人")
    findings = check(build(report))
    assert rules(findings) == {"S-2"}


@each_edition
@pytest.mark.parametrize(
    ("raw", "ok", "words"),
    [
        ("157.0586", True, ""),
        ("0", True, ""),
        ("12", True, ""),
        ("0.5", True, ""),
        ("-1.5", False, "负数"),
        ("1.23456", False, "4 位小数"),
        ("１２．５", False, "全角"),
        ("“12”", False, "数字"),
        ("", False, "空白"),
    ],
)
def test_v1_money(edition, raw, ok, words) -> None:
    year = YEAR_OF[edition]
    table = edition.proactive
    row, column = next((r, c) for r, c in table.cells() if c.kind is ValueKind.MONEY)
    built = build(Report(year, edition).set("二", row.key, column.key, raw))
    findings = check(built)
    if ok:
        assert findings == []
        agency, _ = load(built)
        assert agency.reports[year].proactive.value(row, column) == Decimal(raw)
        return
    finding = only(findings, "V-1")
    assert finding.where == table.cell_name(row, column)
    assert finding.line == built.line(year, "二", row.key)
    assert words in finding.message
    assert "金额" in finding.expected


@each_edition
def test_v1_only_2019_change_may_be_negative(edition) -> None:
    year = YEAR_OF[edition]
    table = edition.proactive
    cells = [(row, column) for row, column in table.cells() if column.kind is not ValueKind.MONEY]
    report = Report(year, edition)
    for row, column in cells:
        report.set("二", row.key, column.key, -3)
    findings = check(build(report))
    signed = {table.cell_name(r, c) for r, c in cells if c.kind is ValueKind.SIGNED_COUNT}
    unsigned = {table.cell_name(r, c) for r, c in cells if c.kind is ValueKind.COUNT}
    assert {f.where for f in findings} == unsigned
    assert rules(findings) == {"V-1"}
    if edition is EDITION_2019:
        assert signed == {
            f"表二 · {block} {row} · 本年增/减"
            for block, row in [
                ("第二十条第（五）项", "行政许可"),
                ("第二十条第（五）项", "其他对外管理服务事项"),
                ("第二十条第（六）项", "行政处罚"),
                ("第二十条第（六）项", "行政强制"),
                ("第二十条第（八）项", "行政事业性收费"),
            ]
        }
    else:
        assert signed == set()


def test_v1_2019_negative_change_loads_as_a_negative_number() -> None:
    agency, findings = load(build(Report(2020).set("二", "行政许可", "本年增/减", -4)))
    assert findings == []
    assert agency.reports[2020].proactive.value("行政许可", "本年增/减") == -4


# -- Y-1: this year's 上年结转 = last year's 结转下年度继续办理 --------------------------------------------

consecutive_years = [(2019, 2020), (2020, 2021), (2021, 2022)]


@pytest.mark.parametrize(("last_year", "year"), consecutive_years, ids=lambda y: str(y))
def test_y1_carried_in_must_equal_last_years_carried_forward(last_year, year) -> None:
    last = consistent(Report(last_year), 予以公开=1, 结转下年=2)
    this = consistent(Report(year), 上年结转=1, 予以公开=1)
    built = build(last, this)
    findings = check(built)
    where = cell_name(this.edition, ("三", "上年结转", "自然人"))
    assert where == "表三 · 二、上年结转政府信息公开申请数量 · 自然人"
    finding = only(findings, "Y-1", where)
    assert finding.year == year and finding.line == built.line(year, "三", "上年结转")
    assert_arithmetic(finding, "2", "1", f"{MINUS}1")
    assert f"{last_year}年报告" in finding.message
    assert {f.where for f in findings} == {where, "表三 · 二、上年结转政府信息公开申请数量 · 总计"}

    this = consistent(Report(year), 上年结转=2, 予以公开=2)
    assert check(build(last, this)) == []


@pytest.mark.parametrize(("carried_in", "difference"), [(1, f"{MINUS}1"), (3, "+1")], ids=["below", "above"])
def test_y1_flags_a_carried_in_either_side_of_last_years(carried_in, difference) -> None:
    """A carried-in figure larger than last year's carried-forward is flagged as well as a smaller one."""
    last = consistent(Report(2020), 予以公开=1, 结转下年=2)
    this = consistent(Report(2021), 上年结转=carried_in, 予以公开=carried_in)
    finding = only(check(build(last, this)), "Y-1", "表三 · 二、上年结转政府信息公开申请数量 · 自然人")
    assert_arithmetic(finding, "2", str(carried_in), difference)


def test_y1_needs_consecutive_years() -> None:
    last = consistent(Report(2019), 予以公开=1, 结转下年=2)
    this = consistent(Report(2021), 予以公开=1)
    assert check(build(last, this)) == []


def test_y1_does_not_compare_with_an_unknown_carried_forward() -> None:
    last = consistent(Report(2020), 予以公开=1).set("三", "结转下年", "自然人", "/")
    last.set("三", "本年新收", "自然人", "/")
    this = consistent(Report(2021), 上年结转=5, 予以公开=5)
    findings = check(build(last, this))
    assert rules(findings) == {"V-1"}


# -- Y-2 (2021 edition): 现行有效件数 rolls forward --------------------------------------------------

document_rows = [row.key for row in EDITION_2021.proactive.blocks[0].rows]


@pytest.mark.parametrize("row", document_rows)
def test_y2_documents_in_force_roll_forward(row) -> None:
    last = Report(2021).set_row("二", row, {"本年制发件数": 10, "现行有效件数": 10})
    this = Report(2022).set_row("二", row, {"本年制发件数": 3, "本年废止件数": 1, "现行有效件数": 11})
    built = build(last, this)
    finding = only(check(built), "Y-2")
    assert finding.severity is Severity.WARNING
    assert finding.where == f"表二 · 第二十条第（一）项 {row} · 现行有效件数"
    assert finding.year == 2022 and finding.line == built.line(2022, "二", row)
    assert_arithmetic(finding, "12", "11", f"{MINUS}1")

    this.set("二", row, "现行有效件数", 12)
    assert check(build(last, this)) == []


def test_y2_does_not_apply_from_a_2020_report_to_a_2021_one() -> None:
    last = Report(2020).set("二", "规章", "对外公开总数量", 10)
    this = Report(2021).set_row("二", "规章", {"本年制发件数": 1, "现行有效件数": 99})
    assert check(build(last, this)) == []


# -- Y-3 (2019 edition): 上一年项目数量 rolls forward -----------------------------------------------

item_rows = [
    row.key
    for row in EDITION_2019.proactive.rows()
    if "上一年项目数量" in {column.key for column in EDITION_2019.proactive.columns_of(row)}
]


@pytest.mark.parametrize("row", item_rows)
def test_y3_items_last_year_roll_forward(row) -> None:
    last = Report(2019).set_row("二", row, {"上一年项目数量": 5, "本年增/减": -2})
    this = Report(2020).set("二", row, "上一年项目数量", 4)
    built = build(last, this)
    finding = only(check(built), "Y-3")
    assert finding.severity is Severity.WARNING
    assert finding.where == cell_name(EDITION_2019, ("二", row, "上一年项目数量"))
    assert finding.year == 2020 and finding.line == built.line(2020, "二", row)
    assert_arithmetic(finding, "3", "4", "+1")

    this.set("二", row, "上一年项目数量", 3)
    assert check(build(last, this)) == []


def test_y3_does_not_apply_from_a_2020_report_to_a_2021_one() -> None:
    last = Report(2020).set_row("二", "行政许可", {"上一年项目数量": 5, "本年增/减": 2})
    this = Report(2021)
    assert check(build(last, this)) == []


def test_y3_where_names_the_block_and_row() -> None:
    assert len(item_rows) == 5
    assert cell_name(EDITION_2019, ("二", "行政事业性收费", "上一年项目数量")) == (
        "表二 · 第二十条第（八）项 行政事业性收费 · 上一年项目数量"
    )


# -- E-1: the edition matches the year ----------------------------------------------------------------


@pytest.mark.parametrize(("year", "stated"), [(2020, EDITION_2021), (2021, EDITION_2019), (2019, EDITION_2021)])
def test_e1_wrong_edition_for_the_year(year, stated) -> None:
    report = Report(year, stated, stated_edition=str(stated.year))
    built = build(report)
    findings = check(built)
    finding = only(findings, "E-1")
    assert rules(findings) == {"E-1"}  # the tables, written in the stated edition, load cleanly
    assert finding.severity is Severity.WARNING
    assert finding.where == "格式"
    assert finding.year == year and finding.line == built.line(year, "格式")
    prescribed = YEAR_OF[EDITION_2019] if year < 2021 else YEAR_OF[EDITION_2021]
    assert finding.expected == ("2019" if prescribed == 2020 else "2021")
    assert finding.found == str(stated.year)


@pytest.mark.parametrize(
    ("year", "stated"), [(2020, "2019"), (2019, "2019年版（试行）"), (2021, "2021"), (2023, "2021年版"), (2021, None)]
)
def test_e1_right_edition_or_none_stated(year, stated) -> None:
    assert check(build(Report(year, stated_edition=stated))) == []


def test_e1_a_2021_report_in_the_old_edition_is_reported_with_its_old_rows() -> None:
    built = build(Report(2021, EDITION_2021, stated_edition="2019"))
    findings = check(built)
    assert "E-1" in rules(findings)
    assert "S-4" in rules(findings)  # 2021 rows written under a stated 2019 edition


# -- P-1: published on time -----------------------------------------------------------------------------


@each_edition
@pytest.mark.parametrize(
    ("name", "published", "late"),
    [
        ("测试市测试局", "{next}-01-31", False),
        ("测试市测试局", "{next}-01-01", False),
        ("测试市测试局", "{next}-02-01", True),
        ("测试市测试局", "{next}年2月1日", True),
        ("测试县人民政府", "{next}-03-31", False),
        ("测试县人民政府", "{next}-04-01", True),
        ("测试县人民政府办公室", "{next}-02-01", True),
        ("测试镇人民政府", "{next}-02-01", True),  # art. 49's 31 March is for 县级以上 governments only
    ],
)
def test_p1_published_by_the_deadline(edition, name, published, late) -> None:
    year = YEAR_OF[edition]
    built = build(Report(year, edition, published=published.format(next=year + 1)), name=name)
    findings = check(built)
    if not late:
        assert findings == []
        return
    finding = only(findings, "P-1")
    assert rules(findings) == {"P-1"}
    assert finding.severity is Severity.WARNING
    assert finding.where == "发布日期"
    assert finding.year == year and finding.line == built.line(year, "发布日期")
    due = f"{year + 1}-03-31" if name.endswith("县人民政府") else f"{year + 1}-01-31"
    assert finding.expected == f"不晚于 {due}"
    assert finding.found == ("{next}-02-01" if "2月" in published else published).format(next=year + 1)
    assert "迟了 1 天" in finding.message


def test_p1_without_a_publication_date_says_nothing() -> None:
    assert check(build(Report(2021))) == []


# -- everything at once -----------------------------------------------------------------------------


def test_a_report_with_several_problems_reports_all_of_them(tmp_path) -> None:
    last = consistent(Report(2020), 予以公开=1, 结转下年=2)
    this = consistent(Report(2021, published="2022-02-10", stated_edition="2021"), 上年结转=1, 予以公开=1)
    this.set("三", "结转下年", "商业企业", 1)  # T3-1 in 商业企业
    this.set("三", "部分公开", "总计", 7)  # T3-3
    this.set_row("四", "行政复议", {"结果维持": 1, "总计": 2})  # T4-1
    this.set("二", "行政许可", "本年处理决定数量", "不适用")  # V-1
    this.set("二", "规章", "本年废止件数", -1)  # V-1 again
    built = build(last, this)
    result = check_file(built.write(tmp_path, "several.yaml"))
    found = {(f.rule, f.where) for f in result.findings}
    assert {
        ("Y-1", "表三 · 二、上年结转政府信息公开申请数量 · 自然人"),
        ("T3-1", "表三 · 商业企业"),
        ("T3-3", "表三 · （二）部分公开（区分处理的，只计这一情形，不计其他情形） · 总计"),
        ("T4-1", "表四 · 行政复议 · 总计"),
        ("V-1", "表二 · 第二十条第（五）项 行政许可 · 本年处理决定数量"),
        ("V-1", "表二 · 第二十条第（一）项 规章 · 本年废止件数"),
        ("P-1", "发布日期"),
    } <= found
    assert {"Y-1", "T3-1", "T3-3", "T4-1", "V-1", "P-1"} <= rules(result.findings)
    assert all(f.file == str(tmp_path / "several.yaml") for f in result.findings)
    lines = [f.line or 0 for f in result.findings]
    assert lines == sorted(lines)  # listed in the order of the file
    assert all(CHINESE.search(f.message) for f in result.findings)
    assert result.errors and result.warnings


# -- P-2: the sign-off is dated -----------------------------------------------------------------------------


@each_edition
@pytest.mark.parametrize(
    ("published", "signoff", "undated"),
    [
        (None, None, True),  # neither: the sign-off prints the body's name alone
        (None, ("测试市测试局", None), True),
        (None, ("测试市测试局", "{next}-01-05"), False),
        ("{next}-01-05", None, False),  # the sign-off's date defaults to the publication date
        ("{next}-01-05", ("测试市测试局", None), False),
    ],
)
def test_p2_the_sign_off_has_a_date(edition, published, signoff, undated) -> None:
    year = YEAR_OF[edition]
    if signoff is not None and signoff[1] is not None:
        signoff = (signoff[0], signoff[1].format(next=year + 1))
    built = build(Report(year, edition, published=published and published.format(next=year + 1), signoff=signoff))
    findings = check(built)
    if not undated:
        assert findings == []
        return
    finding = only(findings, "P-2")
    assert rules(findings) == {"P-2"} and finding.severity is Severity.WARNING
    assert finding.where == "落款 · 日期" and finding.year == year
    # at the sign-off's entries (the line under 落款:), else at the report's year
    assert finding.line == (built.line(year, "落款") + 1 if signoff else built.line(year))
    assert f"日期: {year + 1}-01-20" in finding.message and "发布日期" in finding.message
