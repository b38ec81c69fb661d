"""Figure references in the prose — `{{表三.本年新收}}` — printed as the table's figures; X-0 for a
reference that names nothing (file, line, nearest valid name); X-2 for an unpaid fee that section 六
does not explain."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from builders import Report, build, check, consistent, load, of_rule, run_cli
from reportgen import document as doc
from reportgen.editions import EDITION_2019, EDITION_2021, EDITIONS
from reportgen.prose import ReferenceError, parse, resolve
from reportgen.prose.references import names
from reportgen.render.html import render_html
from reportgen.render.view import report_view
from test_html import rich_report

# -- the grammar ------------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", list(EDITIONS.values()), ids=lambda e: str(e.year))
def test_every_offered_name_parses_back_to_itself(edition) -> None:
    offered = names(edition)
    assert len(offered) > 150
    for name in offered:
        assert parse(name, edition).text == name


def test_names_come_from_the_declaration() -> None:
    assert "表三.其他处理.逾期未缴费" in names(EDITION_2021) and "表三.逾期未缴费" in names(EDITION_2021)
    assert not any("逾期未缴费" in name for name in names(EDITION_2019))
    assert "表二.行政规范性文件.现行有效件数" in names(EDITION_2021)
    assert "表二.规范性文件.对外公开总数量" in names(EDITION_2019)


@pytest.mark.parametrize(("written", "rows", "column"), [
    ("表三.本年新收", ["本年新收"], "总计"),
    ("表三.本年新收.总计", ["本年新收"], "总计"),
    ("表三.本年新收.自然人", ["本年新收"], "自然人"),
    ("表三.予以公开+部分公开.总计", ["予以公开", "部分公开"], "总计"),
    ("表三.不予公开.属于国家秘密", ["属于国家秘密"], "总计"),
    ("表三.属于国家秘密", ["属于国家秘密"], "总计"),
    ("表三.无法提供", ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"], "总计"),
    ("表三.不予处理.法律服务机构", ["信访举报投诉类申请", "重复申请", "要求提供公开出版物",
                                  "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息"], "法律服务机构"),
    ("表三.其他处理.其他", ["其他"], "总计"),  # the item 3.其他, not the column 其他
    ("表三.总计", ["总计"], "总计"),
    ("表四.行政复议", ["行政复议"], "总计"),
    ("表四.行政诉讼", ["未经复议直接起诉", "复议后起诉"], "总计"),
    ("表四.行政诉讼.复议后起诉.结果纠正", ["复议后起诉"], "结果纠正"),
    ("表二.行政许可", ["行政许可"], "本年处理决定数量"),  # a row with a single column
    ("表二.行政规范性文件.现行有效件数", ["行政规范性文件"], "现行有效件数"),
    (" 表三 ． 予以公开 ＋ 部分公开 ", ["予以公开", "部分公开"], "总计"),  # full-width and spaces
])
def test_references_name_rows_and_columns(written: str, rows: list[str], column: str) -> None:
    reference = parse(written, EDITION_2021)
    assert [row.key for row in reference.rows] == rows
    assert reference.column.key == column


@pytest.mark.parametrize(("written", "words", "suggestion"), [
    ("表三.本年新受", "没有“本年新受”这一行", "表三.本年新收"),
    ("表三.本年新收.总汁", "没有“总汁”这一列", "表三.本年新收.总汁".replace("汁", "计")),
    ("表3.本年新收", "没有“表3”这张表", "表三.本年新收"),
    ("表三.不予公开.国家秘密", "“不予公开”之下没有“国家秘密”", "表三.不予公开.属于国家秘密"),
    ("表二.规章", "须写明列", None),
    ("表三.逾期未缴费", "没有“逾期未缴费”这一行", None),  # a 2021 row, in a 2019 report
    ("", "是空的", "表三.本年新收"),
])
def test_a_reference_that_names_nothing_says_why_and_suggests(written: str, words: str, suggestion: str | None) -> None:
    with pytest.raises(ReferenceError) as raised:
        parse(written, EDITION_2019 if "逾期" in written else EDITION_2021)
    assert words in raised.value.message
    if suggestion is not None:
        assert raised.value.suggestion == suggestion
    else:
        assert raised.value.suggestion  # there is always something near


# -- printed --------------------------------------------------------------------------------------------


def _loaded(*reports: Report):
    agency, findings = load(build(*reports))
    assert agency is not None
    return agency, findings


def test_references_print_the_tables_figures_in_html() -> None:
    sample = rich_report(2021)
    sample.prose[doc.OTHER_MATTERS.heading] = (
        "收到{{表三.本年新收}}件，公开{{表三.予以公开+部分公开.总计}}件，不予公开{{表三.不予公开}}件，"
        "其中国家秘密{{表三.不予公开.属于国家秘密}}件；复议{{表四.行政复议}}起，诉讼{{表四.行政诉讼}}起；"
        "收费{{表二.行政事业性收费}}万元；许可{{ 表二 . 行政许可 }}件。"
    )
    agency, findings = _loaded(sample)
    report = agency.reports[2021]
    applications, appeals, proactive = report.applications, report.appeals, report.proactive

    def total(row: str, column: str = "总计") -> int:
        return applications.value(row, column)

    withheld = sum(total(row.key) for row in applications.table.rows() if row.group and row.group.key == "不予公开")
    litigation = appeals.value("未经复议直接起诉", "总计") + appeals.value("复议后起诉", "总计")
    fee = proactive.value("行政事业性收费", "本年收费金额")
    expected = (
        f"收到{total('本年新收')}件，公开{total('予以公开') + total('部分公开')}件，不予公开{withheld}件，"
        f"其中国家秘密{total('属于国家秘密')}件；复议{appeals.value('行政复议', '总计')}起，诉讼{litigation}起；"
        f"收费{Decimal(fee):.4f}万元；许可{proactive.value('行政许可', '本年处理决定数量')}件。"
    )
    view = report_view(agency, report)
    assert view.sections[-1].paragraphs == (expected,)
    html = render_html(agency, report)
    assert f"<p>{expected}</p>" in html and "{{" not in html
    assert of_rule(findings, "X-0") == []


def test_previous_year_reference() -> None:
    last = consistent(Report(2020), 予以公开=2, 结转下年=3)
    this = consistent(Report(2021, prose={doc.APPLICATIONS.heading: "上年结转{{上年.表三.结转下年}}件。"}),
                      予以公开=3, 上年结转=3)
    agency, _ = _loaded(last, this)
    assert resolve("上年结转{{上年.表三.结转下年}}件。", agency, agency.reports[2021]) == "上年结转3件。"
    assert report_view(agency, agency.reports[2021]).sections[2].paragraphs == ("上年结转3件。",)


def test_every_section_resolves() -> None:
    text = "本年新收{{表三.本年新收}}件。"
    prose = {heading: text for heading in (doc.PROACTIVE.heading, doc.APPLICATIONS.heading, doc.APPEALS.heading,
                                           doc.PROBLEMS.heading, doc.OTHER_MATTERS.heading)}
    report = consistent(Report(2021, prose=prose), 予以公开=4)
    agency, _ = _loaded(report)
    view = report_view(agency, agency.reports[2021])
    printed = [p for section in view.sections for p in section.paragraphs]
    assert printed.count("本年新收4件。") == 5 and not any("{{" in p for p in printed)


# -- X-0 ------------------------------------------------------------------------------------------------


def test_x0_names_file_line_and_the_nearest_valid_reference() -> None:
    built = build(Report(2021, prose={doc.OTHER_MATTERS.heading: "收到{{表三.本年新受}}件，复议{{表四.行政复义}}起。"}))
    findings = of_rule(check(built), "X-0")
    assert len(findings) == 2
    line = built.find("收到{{")
    assert all(f.file == "test.yaml" and f.line == line and f.is_error for f in findings)
    assert "是否想写“{{表三.本年新收}}”" in findings[0].message
    assert findings[0].expected == "{{表三.本年新收}}" and findings[0].found == "{{表三.本年新受}}"
    assert "是否想写“{{表四.行政复议}}”" in findings[1].message
    assert findings[0].where == doc.OTHER_MATTERS.heading


def test_x0_in_the_cli_and_build_refuses(tmp_path: Path) -> None:
    built = build(consistent(Report(2021, prose={doc.APPLICATIONS.heading: "收到{{表三.本年新收.总汁}}件。"}), 予以公开=1))
    path = built.write(tmp_path)
    run = run_cli("check", str(path))
    assert run.code == 1
    assert f"{path}:{built.find('收到{{')}" in run.out and "[X-0]" in run.out
    assert "是否想写“{{表三.本年新收.总计}}”" in run.out
    assert run_cli("build", str(path), "--out", str(tmp_path / "out")).code == 1


def test_x0_unclosed_and_missing_previous_year() -> None:
    built = build(Report(2021, prose={doc.PROBLEMS.heading: "收到{{表三.本年新收件。\n上年{{上年.表三.结转下年}}件。"}))
    findings = of_rule(check(built), "X-0")
    messages = sorted(f.message for f in findings)
    assert len(findings) == 2
    assert any("没有对应的“}}”" in m for m in messages)
    assert any("没有2020年的报告" in m for m in messages)
    assert {f.line for f in findings} == {built.find("收到{{"), built.find("上年{{")}


def test_an_unknown_reference_prints_as_written_in_a_draft() -> None:
    agency, _ = _loaded(Report(2021, prose={doc.OTHER_MATTERS.heading: "收到{{表三.本年新受}}件。"}))
    assert report_view(agency, agency.reports[2021], draft=True).sections[-1].paragraphs == ("收到{{表三.本年新受}}件。",)


# -- X-2 ------------------------------------------------------------------------------------------------


def _unpaid(other_matters: str, year: int = 2021) -> Report:
    report = consistent(Report(year, prose={doc.OTHER_MATTERS.heading: other_matters}), 予以公开=1)
    if year >= 2021:
        consistent(report, "商业企业", 逾期未缴费=2)
    return report


def test_x2_warns_when_section_six_is_silent_about_the_fee() -> None:
    built = build(_unpaid("无"))
    findings = check(built)
    warnings = of_rule(findings, "X-2")
    assert len(warnings) == 1
    warning = warnings[0]
    assert not warning.is_error and warning.line == built.find("无", built.line(2021, doc.OTHER_MATTERS.heading))
    assert "为 2 件" in warning.message and "信息处理费" in warning.message
    assert [f.rule for f in findings if f.is_error] == []


@pytest.mark.parametrize("text", [
    "本年度向申请人收取信息处理费0.02万元，2件申请因申请人逾期未缴费终止处理。",
    "本机关按照国办函〔2020〕109号规定收费。",
    "本年度未收取任何费用。",
])
def test_x2_passes_when_section_six_speaks_of_the_fee(text: str) -> None:
    assert of_rule(check(build(_unpaid(text))), "X-2") == []


def test_x2_needs_an_unpaid_fee_and_the_2021_edition() -> None:
    assert of_rule(check(build(consistent(Report(2021), 予以公开=1))), "X-2") == []
    assert of_rule(check(build(_unpaid("无", year=2020))), "X-2") == []


def test_the_references_shown_in_the_agency_file_reference_are_valid() -> None:
    page = (Path(__file__).resolve().parents[1] / "docs" / "agency-file.md").read_text(encoding="utf-8")
    shown = re.findall(r"`\{\{(.+?)\}\}`", page)
    assert len(shown) >= 8
    for written in shown:
        parse(written, EDITION_2021)
