"""The slips an officer makes filling in a report by hand: each gets its own Chinese message at the
right line and column (issue 14).

Every case is a minimal agency file — a clean 2025 report with one slip typed into it — and the exact
finding expected first: rule id, line, column and a phrase of the message. A slip confined to one line
is repaired to read on, so a file with one syntax slip and other mistakes reports them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from builders import Report, build, load, run_cli
from reportgen.findings import Finding
from reportgen.load.tree import parse_tree
from reportgen.render.docx_pdf import find_soffice
from reportgen.validate import validate
from tools import require

CLEAN = build(Report(2025, published="2026-01-20", signoff=("测试市测试局", "2026-01-20"))).text


@dataclass(frozen=True)
class Slip:
    name: str
    old: str  # a fragment of the clean file
    new: str  # the slip typed in its place
    rule: str
    line: int
    column: int
    phrase: str

    @property
    def text(self) -> str:
        assert self.old in CLEAN, self.name
        return CLEAN.replace(self.old, self.new, 1)


def findings(text: str) -> list[Finding]:
    """What `check` reports: the loader's findings, then the validator's (when the file could be read)."""
    agency, found = load(text)
    return found + (validate(agency) if agency is not None else [])


SLIPS = (
    Slip('fw-comma-row', '本年新收: {自然人: 0, 商业企业', '本年新收: {自然人: 0，商业企业', 'F-2', 28, 22, '全角逗号“，”'),
    Slip('fw-colon-row', '上年结转: {自然人: 0', '上年结转: {自然人：0', 'F-2', 29, 19, '“自然人”后面用了全角冒号“：”'),
    Slip('no-space-row', '上年结转: {自然人: 0', '上年结转: {自然人:0', 'F-2', 29, 19, '冒号后面缺少空格'),
    Slip('fw-colon-key', '  名称: 测试市测试局', '  名称：测试市测试局', 'F-2', 2, 5, '“名称”后面用了全角冒号“：”'),
    Slip('no-space-key', '  名称: 测试市测试局', '  名称:测试市测试局', 'F-2', 2, 5, '冒号后面缺少空格'),
    Slip('fw-colon-date', '    发布日期: 2026-01-20', '    发布日期：2026-01-20', 'F-2', 5, 9, '“发布日期”后面用了全角冒号'),
    Slip('fw-colon-section', '    五、存在的主要问题及改进情况: |', '    五、存在的主要问题及改进情况：|', 'F-2', 61, 19, '全角冒号“：”'),
    Slip('fw-colon-year', '  2025:', '  2025：', 'F-2', 4, 7, '“2025”后面用了全角冒号'),
    Slip('fw-brace', '行政许可: {本年处理决定数量: 0}', '行政许可: {本年处理决定数量: 0｝', 'F-2', 22, 27, '全角花括号“｝”'),
    Slip('unclosed-brace', '行政许可: {本年处理决定数量: 0}', '行政许可: {本年处理决定数量: 0', 'F-2', 22, 27, '花括号没有闭合'),
    Slip('unclosed-double-quote', '  名称: 测试市测试局', '  名称: "测试市测试局', 'F-2', 2, 7, '双引号“"”没有闭合'),
    Slip('unclosed-single-quote', '  名称: 测试市测试局', "  名称: '测试市测试局", 'F-2', 2, 7, "单引号“'”没有闭合"),
    Slip('tab-row', '        行政许可:', '\t行政许可:', 'F-2', 22, 1, '制表符（Tab）'),
    Slip('tab-prose', '      下一步将', '\t下一步将', 'F-2', 63, 1, '应缩进 6 个空格'),
    Slip('row-dedented', '        上年结转:', '      上年结转:', 'F-2', 29, 7, '请与“本年新收”对齐'),
    Slip('row-dedented-odd', '        上年结转:', '       上年结转:', 'F-2', 29, 8, '请与“本年新收”对齐'),
    Slip('row-over-indented', '        上年结转:', '          上年结转:', 'F-2', 29, 11, '请与“本年新收”对齐'),
    Slip('identity-dedented', '  名称: 测试市测试局', '  名称: 测试市测试局\n 网站: x', 'F-2', 3, 2, '请与“名称”对齐'),
    Slip('group-item-not-indented', '          属于国家秘密:', '        属于国家秘密:', 'F-2', 33, 9, '缩进应比“不予公开”多'),
    Slip('value-and-content', '    二、主动公开政府信息情况:', '    二、主动公开政府信息情况: 见下表', 'F-2', 18, 19, '一个键只能有其一'),
    Slip('prose-unindented', '      下一步将', '    下一步将', 'F-2', 63, 5, '正文，但缩进不够'),
    Slip('prose-at-margin', '      下一步将', '下一步将', 'F-2', 63, 1, '缩进 6 个空格'),
    Slip('prose-first-line-too-deep', '      存在的问题是', '        存在的问题是', 'F-2', 62, 9, '缩进比下面的正文多'),
    Slip('prose-first-line-at-key', '      存在的问题是', '    存在的问题是', 'F-2', 62, 5, '正文，但缩进不够'),
    Slip('key-without-colon', '年度报告:', '年度报告', 'F-2', 3, 5, '“年度报告”后面缺少半角冒号'),
    Slip('group-dedented', '        不予公开:', '      不予公开:', 'F-2', 32, 7, '请与“部分公开”对齐'),
    Slip('first-child-too-deep', '      单位: 测试市测试局', '       单位: 测试市测试局', 'F-2', 67, 8, '应缩进 6 个空格'),
    Slip('year-too-deep', '  2025:', '     2025:', 'F-2', 4, 6, '应缩进 2 个空格'),
    Slip('section-too-deep', '    五、存在的主要问题及改进情况: |', '      五、存在的主要问题及改进情况: |', 'F-2', 61, 7, '请与“四、政府信息公开行政复议、行政诉讼情况”对齐'),
    Slip('comment-inside-prose', '      下一步将', '# 备注\n      下一步将', 'F-2', 63, 1, '以“#”开头、缩进比正文少'),
    Slip('prose-without-bar', '    五、存在的主要问题及改进情况: |', '    五、存在的主要问题及改进情况:', 'S-7', 61, 20, '后面缺少“|”'),
    Slip('prose-continued', '      导语: 2025年，本机关认真贯彻《政府信息公开条例》，规范依申请公开办理。', '      导语: 2025年，本机关认真贯彻《政府信息公开条例》。\n        另起一段，规范依申请公开办理。', 'S-7', 8, 9, '接在上一行的文字后面'),
    Slip('colon-space-in-text', '导语: 2025年，本机关', '导语: 2025年: 本机关', 'F-2', 7, 16, '“: ”（半角冒号加空格）'),
    Slip('empty-after-colon', '上年结转: {自然人: 0, 商业企业: 0, 科研', '上年结转: {自然人: 0, 商业企业:, 科研', 'F-2', 29, 28, '“商业企业:”后面没有填写数字'),
    Slip('unit', '行政许可: {本年处理决定数量: 0}', '行政许可: {本年处理决定数量: 48件}', 'V-1', 22, 26, '去掉单位“件”，写成 48。'),
    Slip('unit-spaced', '行政处罚: {本年处理决定数量: 0}', '行政处罚: {本年处理决定数量: 3 件}', 'V-1', 23, 26, '去掉单位“件”，写成 3。'),
    Slip('unit-quoted', '行政强制: {本年处理决定数量: 0}', '行政强制: {本年处理决定数量: "12条"}', 'V-1', 24, 26, '去掉单位“条”，写成 12（也不要加引号）'),
    Slip('full-width-quotes', '行政许可: {本年处理决定数量: 0}', '行政许可: {本年处理决定数量: “3”}', 'V-1', 22, 26, '全角引号'),
    Slip('full-width-digits', '行政许可: {本年处理决定数量: 0}', '行政许可: {本年处理决定数量: １２}', 'V-1', 22, 26, '全角字符“１２”'),
    Slip('quoted-number', '行政许可: {本年处理决定数量: 0}', '行政许可: {本年处理决定数量: "12"}', 'V-1', 22, 26, '加了引号的“12”'),
    Slip('slash', '行政许可: {本年处理决定数量: 0}', '行政许可: {本年处理决定数量: /}', 'V-1', 22, 26, '“/”，这不是数字'),
    Slip('negative', '行政许可: {本年处理决定数量: 0}', '行政许可: {本年处理决定数量: -1}', 'V-1', 22, 26, '不能为负数'),
    Slip('not-whole', '行政许可: {本年处理决定数量: 0}', '行政许可: {本年处理决定数量: 1.5}', 'V-1', 22, 26, '应为整数'),
    Slip('misspelt-row', '        上年结转:', '        上年接转:', 'S-2', 29, 9, '“上年接转”是否就是“上年结转”'),
    Slip('misspelt-column', '上年结转: {自然人: 0', '上年结转: {自然: 0', 'S-2', 29, 16, '“自然”是否就是“自然人”'),
    Slip('full-width-quoted-key', '  名称: 测试市测试局', '  “名称”: 测试市测试局', 'S-1', 2, 3, '带了全角引号'),
    Slip('misspelt-agency-field', '  名称: 测试市测试局', '  名称: 测试市测试局\n  网址: x', 'S-1', 3, 3, '是否想写“网站”'),
    Slip('duplicate-row', '        上年结转:', '        本年新收:', 'S-2', 29, 9, '“本年新收”是否应为“上年结转”'),
    Slip('year-word', '  2025:', '  2025年度:', 'S-6', 4, 3, '应为报告年度'),
    Slip('folded-prose', '    五、存在的主要问题及改进情况: |', '    五、存在的主要问题及改进情况: >', 'S-3', 61, 21, '请改用“|”'),
    Slip('bad-date', '    发布日期: 2026-01-20', '    发布日期: 2026-13-01', 'S-6', 5, 11, '应为日期'),
    Slip('placeholder-left', '      存在的问题是', '      【待填写】存在的问题是', 'U-1', 62, 7, '仍是占位内容'),
    Slip('bad-reference', '      下一步将加强', '      共收到申请{{表三.本年新收x}}件。下一步将加强', 'X-0', 63, 12, '是否想写“{{表三.本年新收}}”'),
    Slip('x1-received', '      下一步将加强', '      本年度共收到政府信息公开申请21件。下一步将加强', 'X-1', 63, 7, '中的数字是 21，而表三 · 一、本年新收'),
    Slip('x1-handled', '      下一步将加强', '      已办结政府信息公开申请25件。下一步将加强', 'X-1', 63, 7, '中的数字是 25，而表三 · （七）总计'),
    Slip('x3-stray-year', '      存在的问题是', '      2024年，存在的问题是', 'X-3', 62, 7, '写的是2024年'),
    Slip('t3-1', '本年新收: {自然人: 0', '本年新收: {自然人: 1', 'T3-1', 28, 21, '应为 1，实为 0'),
)


def test_the_corpus_has_at_least_forty_slips() -> None:
    assert len(SLIPS) >= 40
    assert len({slip.name for slip in SLIPS}) == len(SLIPS)


def test_the_clean_file_has_no_findings() -> None:
    assert findings(CLEAN) == []


@pytest.mark.parametrize("slip", SLIPS, ids=[slip.name for slip in SLIPS])
def test_each_slip_has_its_own_message_at_its_place(slip: Slip) -> None:
    found = findings(slip.text)
    # the misspelt or doubled key: S-1/S-5 names the key, S-2 says which row it stands for — both at the key
    first = next(f for f in found if f.rule == "S-2") if slip.rule == "S-2" else found[0]
    assert (first.rule, first.line, first.column) == (slip.rule, slip.line, slip.column), found
    assert slip.phrase in first.message
    assert not any(ch.isascii() and ch.isalpha() for ch in first.message.replace("Tab", "").replace("YAML", "")
                   .split("“")[0]), first.message  # no English from libyaml
    # nothing invented elsewhere: every finding is on the slip's line (a T3-1 of the row may add its total)
    assert {f.line for f in found} == {slip.line}, [(f.rule, f.line, f.message) for f in found]


@pytest.mark.parametrize("slip", [s for s in SLIPS if s.rule == "F-2"], ids=lambda s: s.name)
def test_a_syntax_slip_is_never_written_over_by_next_year(slip: Slip) -> None:
    """The strict reader (next-year edits the file) refuses the same slips, at the same line."""
    with pytest.raises(Exception) as refused:
        parse_tree(slip.text, "test.yaml")
    assert refused.value.finding.line == slip.line  # type: ignore[attr-defined]


def test_one_syntax_slip_does_not_hide_five_other_mistakes() -> None:
    text = CLEAN
    for old, new in (
        ("上年结转: {自然人: 0", "上年结转: {自然人：0"),  # F-2: full-width colon in a row
        ("行政许可: {本年处理决定数量: 0}", "行政许可: {本年处理决定数量: 48件}"),  # V-1: a unit
        ("本年新收: {自然人: 0", "本年新收: {自然人: 2"),  # T3-1
        ("        行政处罚:", "        行政处法:"),  # S-1 (and S-2 at the same key)
        ("      存在的问题是", "      【待填写】存在的问题是"),  # U-1
        ("      下一步将加强", "      2023年，下一步将加强"),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    agency, _ = load(text)
    assert agency is not None
    rules = {f.rule for f in findings(text)}
    assert {"F-2", "V-1", "T3-1", "S-1", "U-1", "X-3"} <= rules


def test_check_lists_the_other_findings_of_a_file_with_a_syntax_slip(tmp_path) -> None:
    path = tmp_path / "slips.yaml"
    path.write_text(CLEAN.replace("上年结转: {自然人: 0", "上年结转: {自然人：0").replace(
        "行政许可: {本年处理决定数量: 0}", "行政许可: {本年处理决定数量: 48件}"), encoding="utf-8")
    run = run_cli("check", str(path))
    assert run.code == 2  # a syntax error: the file is not valid YAML as written, build refuses it
    assert "[F-2]" in run.out and "[V-1]" in run.out and f"{path}:29:19" in run.out
    assert "did not find" not in run.out and "Traceback" not in run.out + run.err


# -- --strict --------------------------------------------------------------------------------------------


def test_strict_turns_warnings_into_a_failing_exit_for_check_and_build(tmp_path) -> None:
    path = tmp_path / "warned.yaml"
    path.write_text(CLEAN.replace("      下一步将加强", "      2023年，下一步将加强"), encoding="utf-8")
    assert run_cli("check", str(path)).code == 0
    assert run_cli("check", "--strict", str(path)).code == 1
    out = tmp_path / "out"
    refused = run_cli("build", "--strict", "--format", "html", "--out", str(out), str(path))
    assert refused.code == 1 and "[X-3]" in refused.out and not out.exists()
    built = run_cli("build", "--format", "html", "--out", str(out), str(path))
    assert built.code == 0 and any(out.iterdir())


# -- next-year: what is unfinished, and why the new year's T3-1 is expected ---------------------------------


def test_next_year_says_what_is_unfinished_and_explains_the_carried_over_applications(tmp_path) -> None:
    report = Report(2025).set("三", "本年新收", "自然人", 2).set("三", "结转下年", "自然人", 2)
    text = build(report).text.replace("      存在的问题是", "      【待填写】存在的问题是")
    path = tmp_path / "agency.yaml"
    path.write_text(text, encoding="utf-8")
    run = run_cli("next-year", str(path))
    assert run.code == 0, run.err
    assert "2025年报告还没有完成：1 处“【待填写】”未改写" in run.out

    new_year = [f for f in findings(path.read_text(encoding="utf-8")) if f.year == 2026 and f.rule == "T3-1"]
    assert new_year and all("上年结转 2 件尚未填写办理结果" in f.message for f in new_year)


def test_next_year_from_a_finished_year_says_nothing_of_it(tmp_path) -> None:
    path = tmp_path / "agency.yaml"
    path.write_text(CLEAN, encoding="utf-8")
    run = run_cli("next-year", str(path))
    assert run.code == 0 and "还没有完成" not in run.out


# -- the command line: --version, did-you-mean, help without English placeholders ------------------------


def test_version() -> None:
    run = run_cli("--version")
    assert run.code == 0 and re.fullmatch(r"reportgen \S+\n", run.out)


@pytest.mark.parametrize(("args", "suggestion"), [(["bild"], "build"), (["chek", "x.yaml"], "check"),
                                                 (["templates", "exprt"], "export"), (["check", "--strct", "x"], "--strict")])
def test_a_mistyped_command_or_option_gets_a_suggestion(args: list[str], suggestion: str) -> None:
    run = run_cli(*args)
    assert run.code == 2 and f"是否想写“{suggestion}”" in run.err and "Traceback" not in run.err


@pytest.mark.parametrize("command", [[], ["check"], ["build"], ["import"], ["audit"], ["new"], ["next-year"],
                                     ["bind"], ["preview"], ["templates"], ["templates", "export"]])
def test_help_screens_have_no_english_placeholders(command: list[str]) -> None:
    run = run_cli(*command, "--help")
    assert run.code == 0
    for english in ("[OPTIONS]", "COMMAND", "[ARGS]", "{", "PATH", "paths", "source", "DIR"):
        assert english not in run.out.split("选项")[0], (english, run.out)
    assert run.out.startswith("用法：reportgen")


def test_a_missing_argument_is_named_in_chinese() -> None:
    run = run_cli("check")
    assert run.code == 2 and "缺少参数：文件或文件夹" in run.err


# -- audit: advice and positions in terms of the published document ------------------------------------------


@pytest.mark.parametrize(("fmt", "position"), [("docx", r"（第 \d+ 段）"), ("html", r"（网页源代码第 \d+ 行）"),
                                             ("pdf", r"（第 \d+ 页）")])
def test_audit_of_a_published_document_speaks_of_the_document(tmp_path, fmt: str, position: str) -> None:
    if fmt == "pdf":
        require(find_soffice(), "LibreOffice (soffice)")
    path = tmp_path / "agency.yaml"
    path.write_text(CLEAN.replace("      下一步将加强", "      本年度共收到政府信息公开申请21件。下一步将加强"), encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("build", "--format", fmt, "--out", str(out), str(path)).code == 0
    [published] = list(out.iterdir())
    run = run_cli("audit", str(published))
    assert "[X-1]" in run.out, run.out
    x1 = run.out[run.out.index("[X-1]") - 200:run.out.index("[X-1]") + 300]
    assert "{{" not in x1 and "请核对已发布报告的正文与表格" in x1
    assert re.search(re.escape(str(published)) + position + r": 警告 \[X-1\]", run.out), x1


# -- the README shows the real output -----------------------------------------------------------------------


def test_readme_check_example_is_the_real_output(monkeypatch) -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    monkeypatch.chdir(root)
    readme = (root / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n\$ reportgen check docs/check-example\.yaml\n(.*?)\n```", readme, re.S)
    assert shown is not None
    run = run_cli("check", "docs/check-example.yaml")
    assert run.code == 2
    assert run.out.rstrip("\n") == shown.group(1), "regenerate README's 校验结果长什么样 from the real output"
    assert {"[F-2]", "[V-1]", "[S-1]", "[S-2]", "[X-1]", "[X-3]"} <= set(re.findall(r"\[[A-Z]-\d\]", run.out))


def test_a_full_width_colon_inside_a_key_the_scanner_does_not_see_is_still_named() -> None:
    """A row written over two lines (YAML allows it) is not a one-line row; the reader names the colon."""
    text = CLEAN.replace("上年结转: {自然人: 0, 商业企业: 0, 科研机构: 0,", "上年结转: {自然人: 0, 商业企业: 0,\n          科研机构：0,")
    agency, found = load(text)
    assert agency is not None
    s1 = [f for f in found if f.rule == "S-1"]
    assert s1 and "全角冒号“：”" in s1[0].message and "写成“科研机构: 0”" in s1[0].message


def test_commands_that_edit_the_file_refuse_a_file_with_a_syntax_slip(tmp_path) -> None:
    """check reads past a slip; bind, next-year and import --into, which rewrite the file, refuse it."""
    text = CLEAN.replace("上年结转: {自然人: 0", "上年结转: {自然人：0").replace(
        "      下一步将加强", "      予以公开0件。下一步将加强")
    path = tmp_path / "slip.yaml"
    path.write_text(text, encoding="utf-8")
    for args in (["bind", str(path), "--yes"], ["next-year", str(path)]):
        run = run_cli(*args)
        assert run.code == 2 and "全角冒号" in run.err and "Traceback" not in run.err, (args, run.err)
        assert path.read_text(encoding="utf-8") == text


def test_audit_advice_never_cites_the_yaml_the_import_wrote() -> None:
    from reportgen.importer.audit import published_advice

    assert published_advice("表三中“本年新收”写了两次（第 28 行已有）；只能保留一处。") == "表三中“本年新收”写了两次（前面已有）；只能保留一处。"
    assert published_advice("缺少一行。第 29 行的“上年接转”是否就是“上年结转”？") == "缺少一行。“上年接转”是否就是“上年结转”？"
    assert "{{" not in published_advice("请核对。正文中可写“{{表四.行政复议}}”，由程序从表格取数。")


def test_findings_after_a_repair_on_the_same_line_are_placed_as_written() -> None:
    # the full-width comma is repaired to ", " (one character more): the V-1 after it keeps its place
    text = CLEAN.replace("本年新收: {自然人: 0, 商业企业: 0", "本年新收: {自然人: 0，商业企业: 48件")
    found = findings(text)
    v1 = next(f for f in found if f.rule == "V-1")
    line = text.split("\n")[v1.line - 1]
    assert line[v1.column - 1:].startswith("48件")
