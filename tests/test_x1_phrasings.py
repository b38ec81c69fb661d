"""X-1: figures stated in the prose, in the ways real reports phrase them, against the tables.

Each phrasing is checked twice through the real loader and validator: with the table agreeing (no
warning, and the figure is recognised as stating the expected cell) and with the table one higher
(one warning, naming the sentence, the figure, the table's value and the cell). Sentences about
something else — another year, a change, an estimate, information published, other papers — must
not be read as a statement at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from builders import Report, build, check, load, of_rule
from reportgen import document as doc
from reportgen.check import check_file
from reportgen.model import Number
from reportgen.prose import paragraphs, parse
from reportgen.prose.analysis import stated_figures
from reportgen.prose.numbers import chinese_number

ROOT = Path(__file__).resolve().parents[1]
NOTES = {"三": doc.APPLICATIONS.heading, "四": doc.APPEALS.heading, "二": doc.PROACTIVE.heading}


@dataclass(frozen=True)
class Phrasing:
    sentence: str  # the figure written as {n}
    references: tuple[str, ...]  # the cell(s) it states: one warning for each that disagrees
    figure: Number = 3
    literal: str | None = None  # how the figure is written, when not in digits (二十三)
    section: str = "三"  # whose notes hold the sentence
    year: int = 2021

    @property
    def text(self) -> str:
        return self.sentence.format(n=self.literal or self.figure)


PHRASINGS = (
    # received: 本年新收
    Phrasing("本年度共收到政府信息公开申请{n}件。", ("表三.本年新收",)),
    Phrasing("全年共受理依申请公开申请{n}件，均已按时答复。", ("表三.本年新收",)),
    Phrasing("本年度截至2021年12月31日依申请公开申请数为{n}件。", ("表三.本年新收",)),  # seed 004
    Phrasing("截至2020年底，我局收到{n}件信息公开申请，已按要求进行回复。", ("表三.本年新收",), year=2020),  # seed 003
    Phrasing("本年新收政府信息公开申请{n}件。", ("表三.本年新收",)),
    Phrasing("共收到公民、法人或其他组织提出的政府信息公开申请{n}件。", ("表三.本年新收",)),
    Phrasing("2021年，我单位收到政府信息公开申请{n}件。", ("表三.本年新收",), figure=23, literal="二十三"),
    Phrasing("政府信息公开申请数量为{n}件。", ("表三.本年新收",)),
    Phrasing("共接收政府信息公开申请{n}件。", ("表三.本年新收",), figure=12, literal="十二"),
    Phrasing("共收到申请{{{{表三.本年新收}}}}件，其中自然人申请{n}件。", ("表三.本年新收.自然人",)),
    Phrasing("共收到申请共计{n}件。", ("表三.本年新收",), figure=5, literal="５"),  # full-width digit
    Phrasing("全年依申请公开{n}件。", ("表三.本年新收",)),
    Phrasing("本年度，受理依申请公开政府信息{n}件。", ("表三.本年新收",)),
    Phrasing("2021年，区政府办公室共收到{n}份政府信息公开申请，均为自然人申请。", ("表三.本年新收",)),
    Phrasing("2021年，全区受理依申请公开件{n}件。", ("表三.本年新收",)),
    # carried over, handled, carried forward
    Phrasing("上年结转政府信息公开申请{n}件。", ("表三.上年结转",)),
    Phrasing("结转下年度继续办理{n}件。", ("表三.结转下年",)),
    Phrasing("另有{n}件正在办理中。", ("表三.结转下年",)),
    Phrasing("上述申请已按时办结{n}件。", ("表三.总计",)),
    Phrasing("共办理政府信息公开申请{n}件。", ("表三.总计",)),  # 办理 states （七）总计, not 本年新收
    # outcomes
    Phrasing("其中予以公开{n}件。", ("表三.予以公开",)),
    Phrasing("经审查，同意公开{n}件。", ("表三.予以公开",)),
    Phrasing("对申请内容区分处理、部分公开{n}件。", ("表三.部分公开",)),
    Phrasing("其中同意公开或部分公开共{n}件。", ("表三.予以公开+部分公开",)),
    Phrasing("依法不予公开{n}件。", ("表三.不予公开",)),
    Phrasing("其中{n}件不予公开。", ("表三.不予公开",)),
    Phrasing("因属于国家秘密不予公开{n}件。", ("表三.不予公开",)),
    Phrasing("因信息不存在无法提供的{n}件。", ("表三.无法提供",)),
    Phrasing("告知申请人本机关不掌握相关政府信息{n}件。", ("表三.无法提供.本机关不掌握相关政府信息",)),
    Phrasing("不予处理{n}件。", ("表三.不予处理",)),
    Phrasing("不予公开及无法提供{n}件。", ("表三.不予公开+无法提供",)),
    Phrasing("其中部分公开和不予公开的申请共{n}件。", ("表三.部分公开+不予公开",)),
    Phrasing("无法提供、不予处理{n}件。", ("表三.无法提供+不予处理",)),
    Phrasing("重复申请{n}件，已告知申请人。", ("表三.重复申请",)),
    Phrasing("申请人逾期未缴纳信息处理费的{n}件。", ("表三.逾期未缴费",)),
    # table 四
    Phrasing("本年度发生政府信息公开行政复议案件{n}起。", ("表四.行政复议",)),
    Phrasing("因政府信息公开被提起行政诉讼{n}件。", ("表四.行政诉讼",)),
    Phrasing("政府信息公开行政复议、行政诉讼各{n}件。", ("表四.行政复议", "表四.行政诉讼")),
    Phrasing("本年度行政复议{n}起。", ("表四.行政复议",), section="四"),
    Phrasing("复议后起诉{n}件。", ("表四.复议后起诉",), section="四"),
    # table 二
    Phrasing("现行有效行政规范性文件{n}件。", ("表二.行政规范性文件.现行有效件数",), section="二"),
    Phrasing("本年制发规范性文件{n}件。", ("表二.行政规范性文件.本年制发件数",), section="二"),
    Phrasing("本年新制作规范性文件{n}件。", ("表二.规范性文件.本年新制作数量",), section="二", year=2020,
             figure=2, literal="两"),
    Phrasing("行政事业性收费金额为{n}万元。", ("表二.行政事业性收费.本年收费金额",), section="二",
             figure=Decimal("1.5")),
)

#: Zero stated in words: agrees with 0 in the table, disagrees with 1.
NEGATIONS = (
    Phrasing("2020年，中心未收到政府信息申请公开办件。", ("表三.本年新收",), figure=0, year=2020),  # seed 000
    Phrasing("2020年我办没有收到政府信息公开申请。", ("表三.本年新收",), figure=0, year=2020),  # seed 001
    Phrasing("2020年全年,中心路街道办事处未受理政府信息公开申请", ("表三.本年新收",), figure=0, year=2020),  # 002
    Phrasing("本年度无政府信息公开申请。", ("表三.本年新收",), figure=0),
    Phrasing("未发生因政府信息公开申请行政复议、提起行政诉讼的情况。", ("表四.行政复议", "表四.行政诉讼"), figure=0),  # 004
    Phrasing("本年度，我局未收到有关政府信息公开工作的举报、投诉、行政复议或行政诉讼。",
             ("表四.行政复议", "表四.行政诉讼"), figure=0, section="四"),  # seed 003
    Phrasing("全年没有发生因政府信息公开引起的行政诉讼。", ("表四.行政诉讼",), figure=0),
    Phrasing("均已办结，无下年度结转。", ("表三.结转下年",), figure=0),
    Phrasing("本年度无上年结转的申请。", ("表三.上年结转",), figure=0),
    Phrasing("2021年，未收到依申请公开事项。", ("表三.本年新收",), figure=0),
)

#: Sentences about something else: no figure in them states a cell.
NOT_STATEMENTS = (
    "2019年共收到政府信息公开申请7件。",
    "上年共收到政府信息公开申请9件。",
    "去年，我局收到政府信息公开申请4件。",
    "与上年相比，政府信息公开申请同比增加3件。",
    "申请数量较上年减少2件。",
    "在中心门户网站共发布政府信息总数12条。",  # seed 000
    "主动公开政府信息120条，其中政策解读8条。",
    "本年新公开数量108条。",  # seed 003
    "2020年,主动算公开1条发布各类信息50余条。",  # seed 002
    "共收到人大代表建议8件、政协提案5件。",
    "全年办理行政许可事项300件。",
    "第一季度收到政府信息公开申请3件。",
    "1月收到政府信息公开申请2件。",
    "自2008年以来累计受理政府信息公开申请120件。",
    "重点推进“一网通办、一次办成”改革、“一件事”、“自助办”等服务举措。",  # seed 004
    "全年共答复群众咨询30余次。",
    "政府信息公开申请按时答复率100%。",
    "收到申请约10件。",
    "未发生行政复议被纠错的情况。",
    "如对答复不服，可依法申请行政复议或提起行政诉讼。",
    "对新媒体帐号清理清查2次，关闭微信、微博等公众号。",  # seed 002
    "收到申请后在15个工作日内予以答复。",
    "共梳理涉及各领域的基层政务公开标准化规范化目录313条。",  # seed 001
    "收到群众来信20件。",
    "按照“一事一申请”原则，受理部门、方案明确。",  # seed 004
    "无正当理由大量反复申请的，不予处理。",
    "2021年上半年，全区各行政机关共受理政府信息公开申请267件，答复263件。",
    "截至11月底，共收到政府信息公开申请5件。",
    "2021年，我办受理依申请信息56条。",
    "全区共制发公文707件，主动公开673件。",
    "本单位2020年度共受理信息公开申请1件。",
)


def _set(report: Report, reference_text: str, value: Number) -> None:
    """Give the cell (or the first cell of a sum) a value so that the reference reads `value`."""
    reference = parse(reference_text, report.edition)
    row, column = reference.rows[0], reference.column
    table = reference.table.number
    if row.derived:  # （七）总计: the sum of the outcomes
        row = reference.table.row("予以公开")
    if column.derived:  # a total: put the figure in the first column it adds up
        first = next(c for c in reference.table.columns_of(row) if not c.derived)
        report.set(table, row.key, first.key, value)
    else:
        report.set(table, row.key, column.key, value)


def _report(phrasing: Phrasing, value: Number) -> Report:
    report = Report(phrasing.year, prose={NOTES[phrasing.section]: phrasing.text})
    for reference in phrasing.references:
        _set(report, reference, value)
    return report


def _statements(report: Report) -> list:
    agency, _ = load(build(report))
    assert agency is not None
    loaded = agency.reports[report.year]
    return [stated for paragraph in paragraphs(loaded) for stated in stated_figures(paragraph, agency, loaded)]


def _ids(phrasings) -> list[str]:
    return [f"{index:02d}" for index, _ in enumerate(phrasings, start=1)]


def test_there_are_at_least_thirty_phrasings() -> None:
    assert len(PHRASINGS) + len(NEGATIONS) >= 30
    assert len(NOT_STATEMENTS) >= 20


@pytest.mark.parametrize("phrasing", PHRASINGS + NEGATIONS, ids=_ids(PHRASINGS + NEGATIONS))
def test_agreeing_figure_is_recognised_and_passes(phrasing: Phrasing) -> None:
    report = _report(phrasing, phrasing.figure)
    assert of_rule(check(build(report)), "X-1") == []
    stated = _statements(report)
    recognised = {(s.check.agreeing.describe() if s.check.agreeing else None) for s in stated}
    expected = {parse(r, report.edition).describe() for r in phrasing.references}
    assert expected <= recognised, [(s.statement.kind, s.statement.figure, s.check.values) for s in stated]
    assert all(s.statement.figure == phrasing.figure for s in stated)


@pytest.mark.parametrize("phrasing", PHRASINGS + NEGATIONS, ids=_ids(PHRASINGS + NEGATIONS))
def test_disagreeing_figure_warns_with_sentence_figure_value_and_cell(phrasing: Phrasing) -> None:
    value = phrasing.figure + 1
    report = _report(phrasing, value)
    built = build(report)
    warnings = of_rule(check(built), "X-1")
    cells = {parse(r, report.edition).describe(report.year) for r in phrasing.references}
    assert {w.where for w in warnings} == cells
    assert len(warnings) == len(cells)
    for warning in warnings:
        assert warning.severity.value == "warning"
        assert phrasing.text.split("}}")[-1].rstrip("。") in warning.message  # the sentence, quoted
        assert warning.where in warning.message  # the cell
        assert f"为 {value}" in warning.message  # the table's value
        assert warning.found == str(phrasing.figure) and warning.expected == str(value)
        assert warning.line == built.find(phrasing.text[:10])  # the paragraph's line
        if phrasing.literal is not None:
            assert phrasing.literal in warning.message  # the figure, as written


@pytest.mark.parametrize("sentence", NOT_STATEMENTS, ids=[f"{index:02d}" for index, _ in enumerate(NOT_STATEMENTS, start=1)])
@pytest.mark.parametrize("section", ["三", "四"])
def test_sentences_about_something_else_state_nothing(sentence: str, section: str) -> None:
    report = Report(2021, prose={NOTES[section]: sentence})
    report.set("三", "本年新收", "自然人", 1).set("三", "予以公开", "自然人", 1)  # a table that differs from any figure
    report.set("四", "行政复议", "结果维持", 1).set("四", "未经复议直接起诉", "结果维持", 1)
    assert [(s.statement.kind, s.statement.figure) for s in _statements(report)] == []
    assert of_rule(check(build(report)), "X-1") == []


def test_several_figures_in_one_sentence_are_each_checked() -> None:
    sentence = "本年度共收到政府信息公开申请5件，其中予以公开3件、部分公开1件，不予公开1件，结转下年0件。"
    report = Report(2021, prose={doc.APPLICATIONS.heading: sentence})
    for row, value in (("本年新收", 5), ("予以公开", 3), ("部分公开", 1), ("属于国家秘密", 1)):
        report.set("三", row, "自然人", value)
    assert of_rule(check(build(report)), "X-1") == []
    assert len(_statements(report)) == 5
    report.set("三", "部分公开", "自然人", 2)
    warnings = of_rule(check(build(report)), "X-1")
    assert [w.where for w in warnings] == [parse("表三.部分公开", report.edition).describe(2021)]


def test_figures_printed_by_references_are_not_checked_again() -> None:
    report = Report(2021, prose={doc.APPLICATIONS.heading: "本年度共收到政府信息公开申请{{表三.本年新收}}件，予以公开2件。"})
    report.set("三", "本年新收", "自然人", 4).set("三", "予以公开", "自然人", 2)
    stated = _statements(report)
    assert [s.statement.kind for s in stated] == ["予以公开"]  # the phrase before a reference still counts
    assert of_rule(check(build(report)), "X-1") == []


def test_the_previous_year_in_the_same_sentence_is_left_alone() -> None:
    sentence = "2020年收到政府信息公开申请7件，2021年收到政府信息公开申请3件。"
    report = Report(2021, prose={doc.APPLICATIONS.heading: sentence}).set("三", "本年新收", "自然人", 3)
    assert [s.statement.figure for s in _statements(report)] == [3]


def test_chinese_numerals() -> None:
    assert [chinese_number(t) for t in ("零", "两", "十", "十二", "二十三", "一百零五", "三千", "二〇二一")] == \
        [0, 2, 10, 12, 23, 105, 3000, 2021]
    assert chinese_number("二十三五") is None


@pytest.mark.parametrize("path", sorted((ROOT / "agencies").glob("*.yaml")), ids=lambda p: p.stem)
def test_no_false_alarm_in_the_agency_files(path: Path) -> None:
    result = check_file(path)
    assert [f.message for f in result.findings if f.rule.startswith("X-")] == []


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "fixtures" / "published").glob("*.yaml")), ids=lambda p: p.stem)
def test_no_false_alarm_in_the_published_reports(path: Path) -> None:
    assert [f.message for f in check_file(path).findings if f.rule.startswith("X-")] == []


# -- issue 14: each phrase states one figure ---------------------------------------------------------------

#: Phrasings whose meaning decides the cell: agreeing passes, disagreeing warns (run by the tests above too).
MEANINGS = (
    Phrasing("本年度答复政府信息公开申请{n}件。", ("表三.总计",)),  # 答复 states （七）总计, not 本年新收
    Phrasing("共收到政府信息公开申请{n}件，已办结{n}件。", ("表三.本年新收", "表三.总计")),
    Phrasing("已全部办结{n}件。", ("表三.总计",)),  # the notes of 三 are about applications
    Phrasing("共收到政府信息公开申请（含上年结转）{n}件。", ("表三.本年新收+上年结转",)),
    Phrasing("收到申请{n}件，其中予以公开及部分公开{n}件。", ("表三.本年新收", "表三.予以公开+部分公开")),
    Phrasing("本年度共收到政府信息公开申请{n}件。", ("表三.本年新收",), figure=21, literal="二十一"),
    Phrasing("本年度共收到政府信息公开申请{n}件。", ("表三.本年新收",), figure=2, literal="两"),
    Phrasing("行政复议结果维持{n}件。", ("表四.行政复议.结果维持",), section="四"),
    Phrasing("行政复议被纠错{n}件。", ("表四.行政复议.结果纠正",), section="四"),
    Phrasing("不予处理{n}件。", ("表三.不予处理",)),
    Phrasing("不予公开及无法提供{n}件。", ("表三.不予公开+无法提供",)),
    Phrasing("其中部分公开和不予公开的申请共{n}件。", ("表三.部分公开+不予公开",)),
    Phrasing("无法提供、不予处理{n}件。", ("表三.无法提供+不予处理",)),
    Phrasing("无法提供{n}件。", ("表三.无法提供",)),
)


@pytest.mark.parametrize("phrasing", MEANINGS, ids=_ids(MEANINGS))
def test_meaning_agreeing_passes(phrasing: Phrasing) -> None:
    test_agreeing_figure_is_recognised_and_passes(phrasing)


@pytest.mark.parametrize("phrasing", MEANINGS, ids=_ids(MEANINGS))
def test_meaning_disagreeing_warns(phrasing: Phrasing) -> None:
    test_disagreeing_figure_warns_with_sentence_figure_value_and_cell(phrasing)


def _carried(sentence: str, new: int, carried: int) -> list:
    report = Report(2021, prose={doc.APPLICATIONS.heading: sentence})
    report.set("三", "本年新收", "自然人", new).set("三", "上年结转", "自然人", carried)
    return of_rule(check(build(report)), "X-1")


def test_received_is_this_years_new_applications_not_new_plus_carried() -> None:
    # 21 = 新收 20 + 结转 1 used to pass: 收到 states 本年新收 alone
    [warning] = _carried("本年度共收到政府信息公开申请21件。", 20, 1)
    assert "为 20" in warning.message and warning.where.startswith("表三 · 一、本年新收")
    assert _carried("本年度共收到政府信息公开申请（含上年结转）21件。", 20, 1) == []
    assert len(_carried("本年度共收到政府信息公开申请（含上年结转）20件。", 20, 1)) == 1


def test_handled_differs_from_received_and_is_compared_with_the_total() -> None:
    report = Report(2021, prose={doc.APPLICATIONS.heading: "共收到政府信息公开申请25件，已办结25件。"})
    report.set("三", "本年新收", "自然人", 25).set("三", "予以公开", "自然人", 20).set("三", "结转下年", "自然人", 5)
    [warning] = of_rule(check(build(report)), "X-1")
    assert "（七）总计" in warning.where and "为 20" in warning.message


def test_a_row_total_written_blank_is_added_up_from_its_columns() -> None:
    report = Report(2021, prose={doc.APPLICATIONS.heading: "本年度共收到政府信息公开申请9件。"})
    report.set("三", "本年新收", "自然人", 4).set("三", "本年新收", "商业企业", 4).set("三", "本年新收", "总计", "")
    warnings = of_rule(check(build(report)), "X-1")
    assert len(warnings) == 1 and "为 8" in warnings[0].message


@pytest.mark.parametrize("sentence", ["本年度共收到政府信息公开申请十余件。", "共收到政府信息公开申请二十多件。",
                                      "未发生行政复议被纠错的情况。", "2020年行政复议维持3件。"])
def test_approximate_and_other_sentences_stay_silent(sentence: str) -> None:
    report = Report(2021, prose={doc.APPLICATIONS.heading: sentence}).set("三", "本年新收", "自然人", 1)
    report.set("四", "行政复议", "结果维持", 1)
    assert of_rule(check(build(report)), "X-1") == []


def test_x1_points_at_the_offending_sentence() -> None:
    paragraph = "本机关认真做好依申请公开工作。共收到政府信息公开申请7件。"
    report = Report(2021, prose={doc.APPLICATIONS.heading: paragraph}).set("三", "本年新收", "自然人", 1)
    built = build(report)
    [warning] = of_rule(check(built), "X-1")
    line = built.text.split("\n")[warning.line - 1]
    assert line[warning.column - 1:].startswith("共收到")


# -- a year that is not the report's --------------------------------------------------------------

STRAY_YEARS = (  # (sentence in the 2026 report, the stray year or None)
    ("2025年，本机关认真贯彻《政府信息公开条例》。", 2025),
    ("2024年共收到政府信息公开申请3件。", 2024),
    ("2026年，本机关认真贯彻《政府信息公开条例》。", None),
    ("与2025年相比，申请数量有所增加。", None),
    ("2027年，我局将继续做好政务公开工作。", None),
    ("根据《中华人民共和国政府信息公开条例》（2019年修订）规定编制本报告。", None),
    ("自2008年以来，累计受理申请120件。", None),
)


@pytest.mark.parametrize(("sentence", "stray"), STRAY_YEARS, ids=[f"{i:02d}" for i in range(1, len(STRAY_YEARS) + 1)])
def test_x3_a_year_that_is_not_the_reports(sentence: str, stray: int | None) -> None:
    report = Report(2026, prose={doc.APPLICATIONS.heading: sentence})
    built = build(report)
    warnings = of_rule(check(built), "X-3")
    if stray is None:
        assert warnings == []
        return
    [warning] = warnings
    assert warning.severity.value == "warning" and warning.found == str(stray)
    assert f"{stray}年" in warning.message and "2026年度" in warning.message
    line = built.text.split("\n")[warning.line - 1]
    assert line[warning.column - 1:].startswith(str(stray))
