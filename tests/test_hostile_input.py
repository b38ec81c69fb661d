"""Hostile input: what a careless copy-paste, a stray keystroke or a wrong path puts before the loader.

Each case once ended in a traceback, a wrong number or a hang; each now ends in a located Chinese
finding: huge numbers and digits of other scripts (V-1), control characters in text (V-2) or in the
file itself (F-2), files that cannot be read, pipes and devices (F-1).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from builders import Built, Report, build, cell_name, check, load, of_rule, run_cli
from reportgen import document as doc
from reportgen.editions import EDITION_2019, EDITION_2021
from reportgen.findings import CATALOGUE, Severity
from reportgen.load import load_agency
from reportgen.load.numbers import MAX_DIGITS

RECEIVED = ("三", "本年新收", "自然人")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def one(findings, rule):
    matching = of_rule(findings, rule)
    assert len(matching) == 1, f"expected one {rule}, got: {findings}"
    return matching[0]


def with_cell(value: str, key=RECEIVED, year: int = 2021) -> Built:
    return build(Report(year).set(*key, value))


def cell_line(built: Built, key=RECEIVED, year: int = 2021) -> int:
    return built.line(year, key[0], key[1])


# -- 1. numbers too large to be a count -------------------------------------------------------------------


@pytest.mark.parametrize("digits", [MAX_DIGITS + 1, 4301, 10_000])
def test_a_number_too_large_to_be_a_count_is_v1(digits) -> None:
    built = with_cell("9" * digits)
    findings = check(built)  # before: ValueError: Exceeds the limit (4300 digits) in load/numbers.py
    finding = one(findings, "V-1")
    assert finding.where == cell_name(EDITION_2021, RECEIVED)
    assert finding.line == cell_line(built)
    assert f"{digits} 位" in finding.message and "太大" in finding.message and f"最多 {MAX_DIGITS} 位" in finding.message
    assert len(finding.message) < 200 and len(finding.found) <= 41  # the number is shortened, not printed whole
    assert findings == [finding]  # not summed: no T3 finding built on it


def test_the_largest_count_allowed_is_summed() -> None:
    largest = "9" * MAX_DIGITS
    findings = check(with_cell(largest))
    assert not of_rule(findings, "V-1")
    assert {f.found for f in of_rule(findings, "T3-1")} == {"0"}
    assert any(f.expected == largest for f in of_rule(findings, "T3-1"))


def test_leading_zeros_do_not_make_a_number_large() -> None:
    assert not of_rule(check(with_cell("0" * 30 + "1")), "V-1")


def test_two_huge_cells_whose_sum_crosses_python_s_limit_give_two_v1() -> None:
    report = Report(2021).set(*RECEIVED, "9" * 4300).set("三", "本年新收", "商业企业", "9" * 4300)
    findings = check(build(report))  # before: the sum crashed printing in validate/registry.py
    assert [f.rule for f in findings] == ["V-1", "V-1"]


def test_a_huge_amount_of_money_is_v1() -> None:
    key = ("二", "行政事业性收费", "本年收费金额")
    findings = check(with_cell("1" * 5000, key))
    finding = one(findings, "V-1")
    assert "金额" in finding.message and "太大" in finding.message


def test_a_huge_number_through_the_command_line(tmp_path) -> None:
    path = with_cell("9" * 5000).write(tmp_path)
    run = run_cli("check", str(path))
    assert run.code == 1 and "[V-1]" in run.out and "Traceback" not in run.out + run.err


# -- 3. digits of other scripts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "named"),
    [("١٢", "U+0661"), ("१२", "U+0967"), ("𝟏𝟐", "U+1D7CF"), ("1٢", "U+0662"), ("²", "U+00B2")],
    ids=["arabic-indic", "devanagari", "mathematical-bold", "mixed", "superscript"],
)
def test_digits_of_other_scripts_are_not_read_as_numbers(written, named) -> None:
    built = with_cell(written)
    findings = check(built)  # before: int() read them as 12, and T3-1 complained about 12
    finding = one(findings, "V-1")
    assert named in finding.message and "半角数字" in finding.message
    assert finding.line == cell_line(built)
    assert findings == [finding]


def test_full_width_digits_keep_their_own_message() -> None:
    finding = one(check(with_cell("１２")), "V-1")
    assert finding.message == "此格写的是全角字符“１２”，请改为半角数字。"


def test_a_year_in_other_digits_is_not_a_report_year() -> None:
    built = build(Report(2021))
    text = built.text.replace("  2021:", "  ٢٠٢١:", 1)
    findings = load(text)[1]
    assert [f.rule for f in findings] == ["S-6"] and findings[0].line == built.line(2021)


# -- 4. the quotes hint only for quoted values ------------------------------------------------------------


@pytest.mark.parametrize("written", [".inf", "0x1F", "1e3", "yes", "2021-01-01", ".nan", "abc"])
def test_an_unquoted_value_that_is_no_number_says_so_without_quotes(written) -> None:
    finding = one(check(with_cell(written)), "V-1")
    assert "引号" not in finding.message  # before: “加了引号的数字会被当作文字，请去掉引号”
    assert f"实为“{written}”" in finding.message and "半角数字 0–9" in finding.message
    assert finding.found == written


@pytest.mark.parametrize("written", ["'12'", '"12"', "'-3'", '"1.5"'])
def test_a_quoted_number_is_told_to_lose_its_quotes(written) -> None:
    finding = one(check(with_cell(written)), "V-1")
    assert "请去掉引号" in finding.message


def test_quoted_words_are_not_called_a_quoted_number() -> None:
    finding = one(check(with_cell("'十二'")), "V-1")
    assert "引号" not in finding.message


def test_a_decimal_count_is_still_not_whole() -> None:
    assert one(check(with_cell("1.5")), "V-1").message == "此格应为整数，实为“1.5”。"


# -- 2. control characters in text (V-2) ------------------------------------------------------------------


def test_v2_is_in_the_catalogue() -> None:
    assert CATALOGUE["V-2"].severity is Severity.ERROR and CATALOGUE["V-2"].title == "文字中含有控制字符"


ESCAPES = [("\\e", "U+001B"), ("\\x1b", "U+001B"), ("\\x07", "U+0007"), ("\\0", "U+0000"), ("\\x7f", "U+007F"),
           ("\\u0085", "U+0085"), ("\\N", "U+0085"), ("\\x9f", "U+009F"), ("\\v", "U+000B")]


def _place(built: Built, where: str, escaped: str) -> tuple[str, int, int, str]:
    """The file with `escaped` written in a double-quoted value at `where`; its line and column."""
    lines = built.text.split("\n")
    if where == "名称":
        at = built.line("名称") - 1
        lines[at] = f'  名称: "测试{escaped}局"'
        expected_where = f"{doc.AGENCY_KEY} · 名称"
    elif where == "标题":
        at = built.line(2021)  # the line after the year's key
        lines.insert(at, f'    {doc.TITLE_KEY}: "测试局2021年{escaped}政府信息公开工作年度报告"')
        expected_where = doc.TITLE_KEY
    else:
        at = built.line(2021, doc.PROBLEMS.heading) - 1
        end = next(i for i in range(at + 1, len(lines)) if not lines[i].startswith("      "))
        lines[at:end] = [f'    {doc.PROBLEMS.heading}: "第一段。\\n存在的问题是{escaped}仍需加强。"']
        expected_where = doc.PROBLEMS.heading
    return "\n".join(lines), at + 1, lines[at].index("\\" + escaped[1:]) + 1, expected_where


@pytest.mark.parametrize(("escaped", "named"), ESCAPES, ids=[e for e, _ in ESCAPES])
@pytest.mark.parametrize("where", ["名称", "标题", "段落"])
def test_a_control_character_in_text_is_v2_at_its_escape(where, escaped, named) -> None:
    text, line, column, expected_where = _place(build(Report(2021)), where, escaped)
    agency, findings = load(text)
    assert agency is not None
    finding = one(findings, "V-2")  # before: no finding; `build` crashed in render/docx.py
    assert (finding.line, finding.column, finding.where) == (line, column, expected_where)
    assert named in finding.message and "控制字符" in finding.message and finding.is_error
    # what the report would print holds no control character (a --draft build cannot crash on it)
    texts = [agency.name.value if agency.name else "", *(t.value for r in agency.reports.values()
             for t in [r.title, *r.problems] if t is not None)]
    assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", t) for t in texts)


def test_tab_newline_and_carriage_return_are_not_control_characters() -> None:
    text, *_ = _place(build(Report(2021)), "段落", "\\t")
    assert not of_rule(load(text)[1], "V-2")


def test_a_control_character_in_a_part_heading_is_v2() -> None:
    built = build(Report(2021))
    heading = f"{doc.part_number(0)}{doc.OVERVIEW_CONVENTIONAL_PARTS[0]}"
    text = built.text.replace(f"      {heading}:", f'      "{heading}\\e":', 1)
    finding = one(load(text)[1], "V-2")
    assert finding.line == built.line(2021, heading) and "U+001B" in finding.message


def test_build_refuses_text_with_a_control_character_and_draft_builds_it(tmp_path) -> None:
    text, *_ = _place(build(Report(2021)), "名称", "\\e")
    path = tmp_path / "agency.yaml"
    path.write_text(text, encoding="utf-8")
    refused = run_cli("build", str(path), "--out", str(tmp_path / "out"))
    assert refused.code == 1 and "[V-2]" in refused.out + refused.err and not (tmp_path / "out").exists()
    draft = run_cli("build", str(path), "--out", str(tmp_path / "draft"), "--draft")
    assert draft.code == 0, draft.err  # before: ValueError: All strings must be XML compatible
    assert "Traceback" not in draft.out + draft.err
    assert sorted(p.suffix for p in (tmp_path / "draft").iterdir()) == [".docx", ".html"]


CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def test_a_control_character_quoted_in_another_finding_is_shown_by_its_code_point() -> None:
    built = with_cell('"1\\e2"')
    cell = one(check(built), "V-1")
    assert "U+001B" in cell.message and not CONTROL_CHARACTER.search(cell.message + cell.found)
    key = one(load(built.text.replace("  名称:", '  "名\\x07称":', 1))[1], "S-1")
    assert "U+0007" in key.message and not CONTROL_CHARACTER.search(key.message + key.found)


# -- 5. control characters written as they are in the file (F-2) -------------------------------------------


@pytest.mark.parametrize(("raw", "named"), [("\x1b", "U+001B"), ("\x85", "U+0085"), ("\x9b", "U+009B"),
                                            ("\x7f", "U+007F"), ("\x08", "U+0008")])
def test_a_raw_control_character_in_the_file_is_a_located_chinese_f2(raw, named) -> None:
    built = build(Report(2021))
    line = built.line("名称")
    text = built.text.replace(f"名称: {doc_name(built)}", f"名称: 测试{raw}局", 1)
    agency, findings = load(text)
    assert agency is None
    finding = one(findings, "F-2")  # before: libyaml's English message, no line
    assert (finding.line, finding.column) == (line, text.split("\n")[line - 1].index(raw) + 1)
    assert named in finding.message and CHINESE.search(finding.message)
    assert not re.search(r"[a-z]{4,}", finding.message)  # no English sentence


def doc_name(built: Built) -> str:
    return built.text.split("\n")[built.line("名称") - 1].split(": ", 1)[1]


def test_a_character_yaml_refuses_is_located_too() -> None:
    finding = one(load('机关:\n  名称: "测试\ufffe局"\n')[1], "F-2")
    assert (finding.line, finding.column) == (2, 10) and "U+FFFE" in finding.message


def test_a_raw_control_character_through_the_command_line(tmp_path) -> None:
    path = tmp_path / "agency.yaml"
    path.write_text(build(Report(2021)).text.replace("测试市", "测试\x1b市", 1), encoding="utf-8")
    run = run_cli("check", str(path))
    assert run.code == 2 and "U+001B" in run.out and "unacceptable" not in run.out + run.err


# -- 6. a file that may not be read ------------------------------------------------------------------------


@pytest.fixture
def unreadable(tmp_path, monkeypatch) -> Path:
    """An agency file that opening refuses, as mode 000 does for anyone but root (tests run as root)."""
    path = build(Report(2021)).write(tmp_path)
    real_open = os.open

    def refuse(file, flags, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    original_open = Path.open

    def refuse_path(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return original_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse_path)
    return path


def test_an_unreadable_file_is_f1_in_chinese(unreadable) -> None:
    agency, findings = load_agency(unreadable)
    finding = one(findings, "F-1")
    assert agency is None and "没有读取权限" in finding.message and str(unreadable) in finding.message
    assert "Permission denied" not in finding.message


def test_an_unreadable_file_through_the_command_line(unreadable) -> None:
    run = run_cli("check", str(unreadable))
    assert run.code == 2 and "没有读取权限" in run.out
    assert not re.search(r"Usage|Error|Permission denied|Traceback", run.out + run.err)


# -- 7. pipes and devices ------------------------------------------------------------------------------------


def _check_in_a_child(*args: str) -> subprocess.CompletedProcess[str]:
    """`reportgen ARGS` in its own process, so that a hang is a failed test and not a stuck suite."""
    return subprocess.run([sys.executable, "-m", "reportgen", *args], capture_output=True, text=True, timeout=30,
                          stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("command", ["check", "next-year"])
def test_a_fifo_is_refused_without_waiting(tmp_path, command) -> None:
    fifo = tmp_path / "agency.yaml"
    os.mkfifo(fifo)
    run = _check_in_a_child(command, str(fifo))  # before: blocked forever waiting for a writer
    assert run.returncode == 2, run.stdout + run.stderr
    assert "不是普通文件（管道/设备）" in run.stdout + run.stderr and "Traceback" not in run.stderr


def test_a_symlink_to_a_device_is_refused_without_reading_it(tmp_path) -> None:
    link = tmp_path / "agency.yaml"
    link.symlink_to("/dev/zero")
    run = _check_in_a_child("check", str(link))  # before: read MAX_FILE_BYTES of zeros, then said “too large”
    assert run.returncode == 2 and "不是普通文件（管道/设备）" in run.stdout


def test_a_file_swapped_for_a_fifo_after_the_first_look_is_refused(tmp_path, monkeypatch) -> None:
    from reportgen.load import tree

    fifo = tmp_path / "agency.yaml"
    os.mkfifo(fifo)
    regular = os.stat(build(Report(2021)).write(tmp_path, "regular.yaml"))
    real_stat = os.stat
    # the first look sees a regular file
    monkeypatch.setattr(tree.os, "stat", lambda path, **kw: regular if Path(path) == fifo else real_stat(path, **kw))
    results: list = []
    loading = threading.Thread(target=lambda: results.append(load_agency(fifo)), daemon=True)
    loading.start()
    loading.join(timeout=20)
    if loading.is_alive():  # blocked opening the FIFO: a writer releases it, and the test fails
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("opening the FIFO blocked")
    agency, findings = results[0]  # opened without blocking, then seen for what it is
    assert agency is None and "不是普通文件" in one(findings, "F-1").message


def test_preview_of_a_fifo_shows_the_refusal_without_waiting(tmp_path) -> None:
    # (not tried on /dev/zero: were it broken, the test would read until memory ran out)
    from reportgen.preview.server import Preview

    fifo = tmp_path / "agency.yaml"
    os.mkfifo(fifo)
    preview = Preview(fifo)
    refreshing = threading.Thread(target=preview.refresh, daemon=True)
    refreshing.start()
    refreshing.join(timeout=20)
    if refreshing.is_alive():  # before: Path.read_bytes() waited for a writer
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("the preview blocked reading the file")
    error = preview.snapshot().error or ""
    assert "不是普通文件" in error and "管道" in error


def test_a_regular_file_still_loads(tmp_path) -> None:
    agency, findings = load_agency(build(Report(2021)).write(tmp_path))
    assert agency is not None and findings == []


@pytest.mark.parametrize("written", ["-" + "9" * (MAX_DIGITS + 1), "9" * (MAX_DIGITS + 1)])
def test_the_2019_signed_change_is_bounded_too(written) -> None:
    key = ("二", "行政许可", "本年增/减")
    finding = one(check(with_cell(written, key, 2020)), "V-1")
    assert "太大" in finding.message and finding.where == cell_name(EDITION_2019, key)


def test_a_negative_change_within_bounds_is_accepted() -> None:
    assert not of_rule(check(with_cell("-" + "9" * MAX_DIGITS, ("二", "行政许可", "本年增/减"), 2020)), "V-1")
