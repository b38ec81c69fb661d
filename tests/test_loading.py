"""The loader: structural findings (S-1 … S-6) and hostile or malformed files (F-1 … F-3).

Every problem gives a finding with a Chinese message and the line where there is one; through the
command line an unreadable file ends with exit code 2, a structural error with 1, never a traceback.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from builders import (
    EDITION_2019,
    EDITION_2021,
    EDITIONS,
    OMIT,
    YEAR_OF,
    Built,
    Report,
    build,
    cell_name,
    check,
    load,
    of_rule,
    rules,
    run_cli,
)
from reportgen.check import check_file
from reportgen.load import load_agency
from reportgen.load.tree import MAX_DEPTH, MAX_FILE_BYTES
from reportgen.output import finding_text

each_edition = pytest.mark.parametrize("edition", EDITIONS, ids=lambda e: f"{e.year}版")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def only(findings, rule, where=None):
    matching = [f for f in of_rule(findings, rule) if where is None or f.where == where]
    assert len(matching) == 1, f"expected one {rule} at {where!r}, got: {findings}"
    return matching[0]


def clean(edition=EDITION_2021) -> Built:
    built = build(Report(YEAR_OF[edition], edition))
    assert check(built) == []
    return built


# -- S-1: unknown keys, with the nearest valid key suggested ------------------------------------------


@pytest.mark.parametrize(
    ("old", "wrong", "suggested", "where"),
    [
        ("年度报告", "年度报表", "年度报告", "文件顶层"),
        ("名称", "名字", "名称", "机关"),
        ("五、存在的主要问题及改进情况", "五、存在的主要问题及改进", "五、存在的主要问题及改进情况", None),
        ("二、主动公开政府信息情况", "二、主动公开", "二、主动公开政府信息情况", None),
        ("予以公开", "予以公布", "予以公开", "表三"),
        ("不予处理", "不予处理情况", "不予处理", "表三"),
        ("重复申请", "重复的申请", "重复申请", "表三 · （五）不予处理"),
        ("{自然人", "{自然", "自然人", "表三 · 一、本年新收政府信息公开申请数量"),
        ("{结果维持", "{结果维护", "结果维持", "表四 · 行政复议"),
    ],
    ids=lambda v: v if isinstance(v, str) and "·" not in v and "年" not in v[:4] else "",
)
@each_edition
def test_s1_unknown_key_suggests_the_nearest(edition, old, wrong, suggested, where) -> None:
    year = YEAR_OF[edition]
    built = clean(edition)
    line = built.find(old)
    built = built.replace(old, wrong)
    findings = check(built)
    finding = only(findings, "S-1")
    assert finding.found == wrong.lstrip("{")
    assert finding.expected == suggested
    assert finding.where == (where.format(year=year) if where else None)
    assert f"是否想写“{suggested}”" in finding.message
    assert finding.line == line
    assert finding.is_error


def test_s1_without_a_near_key_lists_the_allowed_ones() -> None:
    built = clean().replace("  名称:", "  zzz: 1\n  名称:")
    finding = only(check(built), "S-1")
    assert finding.expected is None and "是否想写" not in finding.message
    assert "可用的项：名称、网站" in finding.message
    assert finding.line == 2


def test_s1_the_unknown_key_does_not_hide_the_rest() -> None:
    built = clean().replace("名称:", "名字:").replace("予以公开: {自然人: 0", "予以公开: {自然人: 1")
    found = rules(check(built))
    assert {"S-1", "S-2", "T3-1"} <= found  # 名称 is then missing; the tables are still checked


# -- S-2: missing rows, cells, sections ---------------------------------------------------------------


@each_edition
def test_s2_missing_row(edition) -> None:
    year = YEAR_OF[edition]
    built = build(Report(year, edition).omit("三", "部分公开"))
    finding = only(check(built), "S-2")
    table = edition.applications
    assert finding.where == table.cell_name(table.row("部分公开"))
    assert finding.year == year
    assert finding.line == built.line(year, "三", "本年新收")  # the table's rows begin there


@each_edition
def test_s2_missing_grouped_row_points_at_its_group(edition) -> None:
    year = YEAR_OF[edition]
    built = build(Report(year, edition).omit("三", "重复申请"))
    finding = only(check(built), "S-2")
    assert finding.where == "表三 · （五）不予处理 2.重复申请"
    assert finding.line == built.line(year, "三", "信访举报投诉类申请")  # the group's rows begin there


@each_edition
def test_s2_missing_group_lists_every_row_of_it(edition) -> None:
    year = YEAR_OF[edition]
    report = Report(year, edition)
    for row in edition.applications.rows():
        if row.group and row.group.key == "无法提供":
            report.omit("三", row.key)
    findings = check(build(report))
    assert [f.where for f in findings] == [
        "表三 · （四）无法提供 1.本机关不掌握相关政府信息",
        "表三 · （四）无法提供 2.没有现成信息需要另行制作",
        "表三 · （四）无法提供 3.补正后申请内容仍不明确",
    ]
    assert rules(findings) == {"S-2"}


@each_edition
@pytest.mark.parametrize("table", ["二", "三", "四"])
def test_s2_missing_cell(edition, table) -> None:
    year = YEAR_OF[edition]
    t = next(t for t in edition.tables if t.number == table)
    row, column = next((r, c) for r, c in t.cells() if not r.derived and not c.derived)
    built = build(Report(year, edition).omit(table, row.key, column.key))
    findings = check(built)
    finding = only(findings, "S-2")
    assert finding.where == t.cell_name(row, column)
    assert finding.line == built.line(year, table, row.key)
    assert rules(findings) == {"S-2"}  # not also a V-1, nor an arithmetic finding


def test_s2_a_missing_total_is_no_problem() -> None:
    report = Report(2021).write_totals()
    report.omit("三", "予以公开", "总计").omit("四", "行政复议", "总计").omit("三", "总计", "商业企业")
    assert check(build(report)) == []


@pytest.mark.parametrize("section", ["一、总体情况", "三、收到和处理政府信息公开申请情况", "六、其他需要报告的事项"])
def test_s2_missing_section(section) -> None:
    built = build(Report(2021, prose={section: OMIT}))
    findings = check(built)
    finding = only(findings, "S-2")
    assert finding.expected == section
    assert finding.line == built.line(2021) + 1  # the report's mapping starts under its year


def test_s2_missing_agency_name_and_empty_sections() -> None:
    built = build(Report(2021, prose={"六、其他需要报告的事项": " "}), name=None)
    findings = check(built)
    assert {f.where for f in of_rule(findings, "S-2")} == {"机关", "六、其他需要报告的事项"}
    assert any("无" in f.message for f in findings)  # tells the officer that “无” is the way to say nothing


def test_s2_no_reports_at_all() -> None:
    findings = check("机关:\n  名称: 测试局\n年度报告:\n")
    assert rules(findings) == {"S-2"}
    assert "还没有任何年度" in findings[0].message


# -- S-3: wrong types ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "where", "line_of"),
    [
        ("  名称: 测试市测试局\n", "  - 测试市测试局\n", "机关", "- 测试市测试局"),
        ("予以公开: {", "予以公开: 5 #{", "表三 · （一）予以公开", "予以公开: 5"),
        (
            "    六、其他需要报告的事项: |\n      无",
            "    六、其他需要报告的事项:\n      其他: 无",
            "六、其他需要报告的事项",
            "其他: 无",
        ),
        ("  名称: 测试市测试局", "  名称: [测试市, 测试局]", "机关 · 名称", "名称:"),
        (
            "    三、收到和处理政府信息公开申请情况:\n",
            "    三、收到和处理政府信息公开申请情况: 无\n    x:\n",
            "三、收到和处理政府信息公开申请情况",
            "三、",
        ),
        ("年度报告:\n", "年度报告: 2021\nx:\n", "年度报告", "年度报告: 2021"),
    ],
    ids=["机关", "row", "prose-mapping", "name-list", "section-text", "reports-text"],
)
def test_s3_wrong_type(old, new, where, line_of) -> None:
    built = clean().replace(old, new)
    findings = check(built)
    finding = only(findings, "S-3")
    assert finding.where == where
    assert finding.line == built.find(line_of)
    assert CHINESE.search(finding.message) and "应为" in finding.message


def test_prose_may_be_a_list_of_paragraphs() -> None:
    built = clean().replace(
        "    六、其他需要报告的事项: |\n      无", "    六、其他需要报告的事项:\n      - 第一段。\n      - 第二段。"
    )
    agency, findings = load(built)
    assert findings == []
    assert [t.value for t in agency.reports[2021].other_matters] == ["第一段。", "第二段。"]
    assert agency.reports[2021].other_matters[1].pos.line == built.find("第二段")


def test_full_width_colon_in_a_nested_key_is_explained() -> None:
    built = clean().replace("  名称: 测试市测试局", "  名称：测试市测试局")
    agency, findings = load(built)
    assert [f.rule for f in findings] == ["F-2"] and agency is not None  # repaired and read on
    finding = findings[0]
    assert (finding.line, finding.column) == (2, 5)
    assert "全角冒号" in finding.message and "“: ”" in finding.message


def test_s3_the_file_is_a_list() -> None:
    findings = check("- 机关\n- 年度报告\n")
    assert [f.rule for f in findings] == ["S-3"]
    assert "文件顶层" in findings[0].message and findings[0].line == 1


# -- S-4: rows and columns of the other edition ----------------------------------------------------


@pytest.mark.parametrize(
    ("edition", "old", "new", "foreign"),
    [
        (EDITION_2021, "规章: {本年制发件数: 0", "规章: {本年新制作数量: 0, 本年制发件数: 0", "本年新制作数量"),
        (
            EDITION_2021,
            "行政许可: {本年处理决定数量: 0}",
            "行政许可: {本年处理决定数量: 0}\n        规范性文件: {}",
            "规范性文件",
        ),
        (EDITION_2021, "行政许可: {", "政府集中采购: {采购项目数量: 0}\n        行政许可: {", "政府集中采购"),
        (
            EDITION_2021,
            "行政事业性收费: {本年收费金额: 0",
            "行政事业性收费: {本年收费金额: 0, 上一年项目数量: 0",
            "上一年项目数量",
        ),
        (EDITION_2019, "规章: {本年新制作数量: 0", "规章: {本年制发件数: 0, 本年新制作数量: 0", "本年制发件数"),
        (EDITION_2019, "行政许可: {", "行政规范性文件: {}\n        行政许可: {", "行政规范性文件"),
        (EDITION_2019, "        其他处理: {", "        逾期不补正: {}\n        其他处理: {", "逾期不补正"),
        (
            EDITION_2019,
            "行政事业性收费: {上一年项目数量: 0",
            "行政事业性收费: {本年收费金额: 0, 上一年项目数量: 0",
            "本年收费金额",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 10 else None,
)
def test_s4_the_other_editions_rows_and_columns(edition, old, new, foreign) -> None:
    year = YEAR_OF[edition]
    built = clean(edition).replace(old, new)
    findings = check(built)
    finding = only(findings, "S-4")
    assert finding.found == foreign
    assert finding.year == year
    other = EDITION_2019 if edition is EDITION_2021 else EDITION_2021
    assert other.name in finding.message and edition.name in finding.message
    assert finding.line == built.find(f"{foreign}:") or finding.line == built.find(f" {foreign}:")
    assert "S-1" not in rules(findings)  # a known word of the other edition is not an unknown key


# -- S-5: a key written twice --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "first", "second"),
    [
        ("予以公开: {自然人: 0,", "予以公开: {自然人: 0, 自然人: 0,", "予以公开:", "予以公开:"),
        ("        部分公开: {", "        予以公开: {}\n        部分公开: {", "予以公开: {自", "予以公开: {}"),
        ("  名称: 测试市测试局\n", "  名称: 测试市测试局\n  名称: 另一个局\n", "名称: 测试", "名称: 另一个局"),
        (
            "    六、其他需要报告的事项: |\n      无\n",
            "    六、其他需要报告的事项: |\n      无\n    六、其他需要报告的事项: 无\n",
            "六、其他需要报告的事项: |",
            "六、其他需要报告的事项: 无",
        ),
    ],
    ids=["column", "row", "agency-field", "section"],
)
def test_s5_duplicate_key(old, new, first, second) -> None:
    built = clean().replace(old, new)
    findings = check(built)
    finding = only(findings, "S-5")
    assert "写了两次" in finding.message
    assert f"第 {built.find(first)} 行已有" in finding.message
    assert finding.line == built.find(second, start=built.find(first) + (first != second))


def test_s5_the_same_year_twice() -> None:
    built = build(Report(2020), Report(2021), Report(2020))
    findings = check(built)
    finding = only(findings, "S-5")
    assert finding.year == 2020
    assert f"第 {built.find('  2020:')} 行已有" in finding.message
    assert finding.line == built.find("  2020:", start=built.find("  2021:"))


# -- S-6: bad year, date, edition, part numbering ------------------------------------------------


@pytest.mark.parametrize("key", ["二〇二〇", "2018", "2101", "去年", "20201"])
def test_s6_bad_year(key) -> None:
    built = clean().replace("  2021:", f"  {key}:")
    findings = check(built)
    finding = only(findings, "S-6")
    assert finding.line == 4
    assert CHINESE.search(finding.message)
    assert rules(findings) == {"S-6"}


def test_s6_year_may_be_written_with_its_unit() -> None:
    built = clean().replace("  2021:", "  2021年:")
    agency, findings = load(built)
    assert findings == [] and list(agency.reports) == [2021]


@pytest.mark.parametrize("day", ["2022-13-01", "2022-02-30", "下周一", "2022/01/20", "'2022-01-20 10:00'"])
def test_s6_bad_publication_date(day) -> None:
    built = build(Report(2021, published=day))
    finding = only(check(built), "S-6")
    assert finding.where == "发布日期"
    assert finding.line == built.line(2021, "发布日期")


@pytest.mark.parametrize("day", ["2022-01-20", "2022-1-5", "2022年1月20日"])
def test_s6_good_publication_date(day) -> None:
    assert check(build(Report(2021, published=day))) == []


@pytest.mark.parametrize("stated", ["2020", "2018", "新版", "2021年"])
def test_s6_bad_edition(stated) -> None:
    built = build(Report(2021, stated_edition=stated))
    finding = only(check(built), "S-6")
    assert finding.where == "格式" and "2019 或 2021" in finding.message
    assert finding.line == built.line(2021, "格式")


def test_s6_signoff_date() -> None:
    built = build(Report(2021, signoff=("测试市测试局", "2022-02-31")))
    finding = only(check(built), "S-6")
    assert finding.where == "落款 · 日期"


def test_s6_part_numbering() -> None:
    built = build(Report(2021)).replace("（三）政府信息管理", "（四）政府信息管理")
    findings = check(built)
    finding = only(findings, "S-6")
    assert (finding.expected, finding.found) == ("（三）", "（四）")
    assert finding.line == built.find("（四）政府信息管理")
    # the later parts are then numbered from the part as expected
    assert "（四）" not in {f.found for f in findings if f.line != finding.line}


def test_s6_part_without_a_number() -> None:
    built = build(Report(2021)).replace("（二）依申请公开", "依申请公开")
    findings = of_rule(check(built), "S-6")
    assert findings[0].line == built.find("依申请公开:")
    assert "不是分项标题" in findings[0].message and "导语" in findings[0].message
    # the parts after it are then numbered one too high, and each is named
    assert [(f.expected, f.found) for f in findings[1:]] == [
        ("（二）", "（三）"),
        ("（三）", "（四）"),
        ("（四）", "（五）"),
    ]


# -- hostile and malformed files ---------------------------------------------------------------------


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


VALID = build(Report(2020)).text

HOSTILE: dict[str, tuple[object, str, int, int | None, str]] = {
    # name: (content, rule, exit code, line, words in the message)
    "syntax-error": (
        VALID.replace("  名称: 测试市测试局", '  名称: "测试市测试局\n  网站: x'),
        "F-2",
        2,
        2,
        "双引号“\"”没有闭合",
    ),
    "bad-indentation": (VALID.replace("  名称: 测试市测试局", "  名称: 测试市测试局\n 网站: x"), "F-2", 2, 3, "缩进"),
    "tab-indentation": (VALID.replace("  名称:", "\t名称:"), "F-2", 2, 2, "制表符"),
    "full-width-colon": (
        VALID.replace("  名称: 测试市测试局", "  名称：测试市测试局\n  网站: x"),
        "F-2",
        2,
        2,
        "全角冒号",
    ),
    "full-width-colon-last": (
        VALID.replace("  名称: 测试市测试局", "  网站: x\n  名称：测试市测试局"),
        "F-2",
        2,
        3,
        "全角冒号",
    ),
    "alias-bomb": (_billion_laughs(), "F-3", 2, 1, "锚点"),
    "python-tag": ('机关:\n  名称: !!python/object/apply:os.system ["echo owned > {marker}"]\n', "F-3", 2, 2, "标签"),
    "python-tag-top": ("!!python/object/apply:os.system\nargs: ['echo owned > {marker}']\n", "F-3", 2, 1, "标签"),
    "two-documents": (VALID + "---\n" + VALID, "F-3", 2, None, "一个 YAML 文档"),
    "complex-key": ("? [机关]\n: 1\n", "F-3", 2, 1, "键必须是一段文字"),
    "deep-nesting-flow": ("a: " + "[" * 5000 + "]" * 5000 + "\n", "F-3", 2, 1, "嵌套"),
    "deep-nesting-block": (
        "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 5)) + "  " * 40 + "x: 1\n",
        "F-3",
        2,
        None,
        "嵌套",
    ),
    "gbk": (VALID.encode("gbk"), "F-1", 2, 1, "GBK"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "F-1", 2, 1, "UTF-8"),
    "nul-bytes": ("机关:\n  名称: 测试\x00局\n", "F-1", 2, None, "空字符"),
    "empty": ("", "S-2", 1, None, "文件是空的"),
    "comments-only": ("# 只有注释\n\n", "S-2", 1, None, "文件是空的"),
    "a-list": ("- 机关\n- 年度报告\n", "S-3", 1, 1, "映射"),
    "a-number": ("12\n", "S-3", 1, 1, "映射"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_file(tmp_path, case) -> None:
    content, rule, exit_code, line, words = HOSTILE[case]
    marker = tmp_path / "owned"
    if isinstance(content, str):
        content = content.replace("{marker}", str(marker))
    path = _write(tmp_path, f"{case}.yaml", content)  # type: ignore[arg-type]

    started = time.perf_counter()
    result = check_file(path)
    assert time.perf_counter() - started < 2
    finding = result.findings[0]
    assert finding.rule == rule, result.findings
    if rule.startswith("F-"):
        assert len(result.findings) == 1
        assert result.agency is None or rule == "F-2"  # a one-line slip is repaired to read the rest
    assert words in finding.message
    assert CHINESE.search(finding.message)
    assert finding.file == str(path)
    if line is not None:
        assert finding.line == line
    shown = finding_text(finding)
    assert str(path) in shown
    if finding.line:
        assert f"{path}:{finding.line}" in shown

    run = run_cli("check", str(path))
    assert run.code == exit_code
    assert "Traceback" not in run.out + run.err
    assert f"[{rule}]" in run.out and str(path) in run.out
    assert not marker.exists()  # no tag was ever executed


def test_syntax_error_names_the_line() -> None:
    text = VALID.replace("    一、总体情况:", "    一、总体情况: [")
    _, findings = load(text)
    assert [f.rule for f in findings] == ["F-2"]
    assert findings[0].line is not None and f"第 {findings[0].line} 行" in findings[0].message


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.write(b"# " + b"x" * (50 * 1024 * 1024) + b"\n")
    assert path.stat().st_size > MAX_FILE_BYTES
    started = time.perf_counter()
    result = check_file(path)
    assert time.perf_counter() - started < 2
    assert [f.rule for f in result.findings] == ["F-1"]
    assert "MB" in result.findings[0].message and "拒绝" in result.findings[0].message
    run = run_cli("check", str(path))
    assert run.code == 2 and "[F-1]" in run.out


def test_a_file_just_under_the_limit_is_read(tmp_path) -> None:
    text = VALID + "# " + "x" * (MAX_FILE_BYTES - len(VALID.encode()) - 100) + "\n"
    path = _write(tmp_path, "big.yaml", text)
    assert check_file(path).findings == []


def test_missing_file_and_a_folder_given_as_a_file(tmp_path) -> None:
    agency, findings = load_agency(tmp_path / "nope" / "missing.yaml")
    assert agency is None and [f.rule for f in findings] == ["F-1"] and "不存在" in findings[0].message
    agency, findings = load_agency(tmp_path)
    assert agency is None and [f.rule for f in findings] == ["F-1"] and "文件夹" in findings[0].message


def test_a_missing_folder_through_the_command_line(tmp_path) -> None:
    missing = tmp_path / "no-such-folder" / ""
    run = run_cli("check", str(missing))
    assert run.code == 2
    assert "找不到" in run.err and str(tmp_path / "no-such-folder") in run.err
    assert "Traceback" not in run.out + run.err


def test_utf8_with_a_byte_order_mark_is_read(tmp_path) -> None:
    path = _write(tmp_path, "bom.yaml", b"\xef\xbb\xbf" + VALID.encode())
    assert check_file(path).findings == []


def test_yaml_11_surprises_do_not_happen() -> None:
    report = Report(2021).set("三", "予以公开", "自然人", "010").set("三", "本年新收", "自然人", "10")
    report.set("四", "行政复议", "结果维持", "0x10").set("四", "行政复议", "结果纠正", "1_000")
    built = build(report)
    agency, findings = load(built)
    assert findings == []  # the loader reads the text; the validator judges it
    assert agency.reports[2021].applications.value("予以公开", "自然人") == 10  # not octal 8
    assert agency.reports[2021].appeals.value("行政复议", "结果维持") is None  # not 16
    assert agency.reports[2021].appeals.value("行政复议", "结果纠正") is None  # not 1000
    assert {f.where for f in check(built)} == {"表四 · 行政复议 · 结果维持", "表四 · 行政复议 · 结果纠正"}


def test_prose_that_looks_like_other_types_stays_text() -> None:
    built = build(Report(2021)).replace("    六、其他需要报告的事项: |\n      无", "    六、其他需要报告的事项: no")
    agency, findings = load(built)
    assert findings == []
    assert agency.reports[2021].other_matters[0].value == "no"


def test_loader_keeps_going_after_a_structural_problem() -> None:
    """One check lists every problem: unknown keys, missing cells and a sum that does not add up."""
    report = Report(2021).omit("四", "行政复议", "结果纠正").set("三", "予以公开", "自然人", 2)
    built = build(report).replace("名称:", "名字:")
    findings = check(built)
    assert {"S-1", "S-2", "T3-1"} <= rules(findings)
    assert {f.where for f in of_rule(findings, "S-2")} >= {cell_name(EDITION_2021, ("四", "行政复议", "结果纠正"))}


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n", 1, MAX_DEPTH + 4),
        ("机关:\n  名称: " + "{a: " * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1) + "\n", 2, 7 + 4 * MAX_DEPTH),
    ],
)
def test_flow_nesting_is_refused_before_the_parser_sees_it(tmp_path, monkeypatch, text, line, column) -> None:
    """Our depth limit, not the installed libyaml's: the parser is never reached, the finding is ours."""
    import yaml

    def parser_must_not_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was handed to the YAML parser")

    monkeypatch.setattr(yaml, "parse", parser_must_not_run)
    result = check_file(_write(tmp_path, "deep.yaml", text))
    [finding] = result.findings
    assert (finding.rule, finding.line, finding.column) == ("F-3", line, column)
    assert f"嵌套超过 {MAX_DEPTH} 层" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n",  # at the limit (the top mapping is level 1)
        "a: '" + "[" * 40 + "'\n",  # brackets inside quotes
        'a: "\\"' + "{" * 40 + '"\n',  # … after an escaped quote
        "# " + "[" * 40 + "\n",  # in a comment
        "a: |\n  正文[" + "[" * 40 + "\n",  # inside prose, not at a value's start
    ],
)
def test_brackets_that_do_not_nest_are_not_counted(tmp_path, text) -> None:
    result = check_file(_write(tmp_path, "shallow.yaml", text))
    assert not any(finding.rule == "F-3" for finding in result.findings), result.findings
