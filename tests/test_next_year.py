"""`reportgen next-year`: the next year's report added to the end of the file, every byte above it
unchanged, the cross-year figures carried over so that Y-1 holds by construction; and D-1
(内容雷同), the warning for prose repeated from the year before."""

from __future__ import annotations

import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from builders import Report, build, check, consistent, focus, of_rule, run_cli
from reportgen import document as doc
from reportgen.authoring.similarity import ratio
from reportgen.check import check_file
from reportgen.editions import EDITION_2019, EDITION_2021
from reportgen.load import load_agency

ROOT = Path(__file__).resolve().parents[1]
AGENCY_FILES = sorted((ROOT / "agencies").glob("*.yaml"))
each_agency = pytest.mark.parametrize("source", AGENCY_FILES, ids=lambda p: p.stem)

UNDATED = "P-2"  # a sign-off without a date: every draft until its publication date is written


def copy(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / "agencies" / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def next_year(path: Path, *options: str):
    run = run_cli("next-year", str(path), *options)
    assert run.code == 0, run.err
    assert "Traceback" not in run.out + run.err
    return run


def carried_in_holds(path: Path, year: int) -> None:
    """Y-1 by construction: this year's 上年结转 is last year's 结转下年, cell by cell."""
    agency, _ = load_agency(path)
    this, last = agency.reports[year], agency.reports[year - 1]
    for column in this.applications.table.columns:
        assert this.applications.value("上年结转", column.key) == last.applications.value("结转下年", column.key)
        assert this.applications.cell("上年结转", column.key).written
    assert of_rule(check_file(path).findings, "Y-1") == []


# -- every agency file of the repository ----------------------------------------------------------------


@each_agency
def test_next_year_keeps_every_byte_above_the_new_year(source, tmp_path) -> None:
    path = copy(source, tmp_path)
    before = path.read_bytes()
    latest = max(load_agency(path)[0].reports)
    run = next_year(path)
    after = path.read_bytes()
    assert after.startswith(before), "the file must be byte-identical above the insertion"
    added = after[len(before):].decode("utf-8")
    assert added.startswith(f"\n  {latest + 1}:\n")
    assert path.with_name(path.name + ".bak").read_bytes() == before
    assert f"备份为 {path}.bak" in run.out

    result = check_file(path)
    drafting = [f for f in result.findings if f.rule != UNDATED]  # a sign-off is dated on publication
    assert {f.rule for f in drafting} == {"U-1"}, [f.message for f in drafting if f.rule != "U-1"]
    assert {f.year for f in drafting} == {latest + 1}
    carried_in_holds(path, latest + 1)
    assert result.agency.reports[latest + 1].title is None or str(latest + 1) in result.agency.reports[latest + 1].title.value


@each_agency
def test_next_year_with_copied_prose_warns_d1_and_has_no_placeholder(source, tmp_path) -> None:
    path = copy(source, tmp_path)
    next_year(path, "--copy-prose")
    findings = [f for f in check_file(path).findings if f.rule != UNDATED]
    assert findings, "copied prose must not pass silently"
    assert {f.rule for f in findings} <= {"D-1", "X-3"} and "D-1" in {f.rule for f in findings}
    stray_years = [f for f in findings if f.rule == "X-3"]  # “2025年…” copied into the 2026 report
    assert all(f.found == str(max(load_agency(path)[0].reports) - 1) for f in stray_years)
    agency, _ = load_agency(path)
    latest = max(agency.reports)
    last = agency.reports[latest - 1]
    nothing = [t for t in (last.other_matters,) if t and t[0].value.rstrip("。") in doc.NOTHING_TO_REPORT]
    prose_units = (len(last.overview_parts) + bool(last.overview_intro) + bool(last.preamble) + 1
                   + (0 if nothing else 1) + sum(bool(getattr(last, f"{s.table}_notes")) for s in doc.SECTIONS if s.table))
    assert len([f for f in findings if f.rule == "D-1"]) == prose_units
    assert all(f.year == latest and not f.is_error for f in findings)


def test_erqi_switches_from_the_2019_to_the_2021_edition(tmp_path) -> None:
    path = copy(ROOT / "agencies" / "erqi.yaml", tmp_path)
    run = next_year(path)
    assert "2021年版" in run.out and "现行有效件数" in run.out
    agency, findings = load_agency(path)
    assert findings == []
    new, old = agency.reports[2021], agency.reports[2020]
    assert old.edition is EDITION_2019 and new.edition is EDITION_2021
    added = path.read_text(encoding="utf-8").split("\n  2021:\n", 1)[1]
    assert "行政规范性文件:" in added and "政府集中采购:" not in added and "逾期未缴费:" in added
    assert "表二没有“现行有效件数”" in added  # why the in-force counts start from 0
    for row in ("规章", "行政规范性文件"):
        assert new.proactive.value(row, "现行有效件数") == 0
    assert of_rule(check_file(path).findings, "Y-2") == []
    # last year's text is kept as comments beneath each placeholder
    assert "# 2020年原文" in added and "#   2020年，中心未收到政府信息申请公开办件。" in added


def test_dry_run_shows_a_diff_and_changes_nothing(tmp_path) -> None:
    path = copy(ROOT / "agencies" / "jinshui-zhengwu.yaml", tmp_path)
    before = path.read_bytes()
    run = next_year(path, "--dry-run")
    assert path.read_bytes() == before
    assert not path.with_name(path.name + ".bak").exists()
    assert run.out.startswith(f"--- {path}\n+++ ")
    assert "\n+  2022:\n" in run.out and "\n-" not in run.out.split("\n", 2)[2]
    assert "文件没有改动" in run.err
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_next_year_twice_adds_two_years(tmp_path) -> None:
    path = copy(ROOT / "agencies" / "erqi.yaml", tmp_path)
    next_year(path)
    once = path.read_bytes()
    next_year(path)
    assert path.read_bytes().startswith(once)
    assert path.with_name(path.name + ".bak").read_bytes() == once
    agency, findings = load_agency(path)
    assert findings == [] and sorted(agency.reports) == [2020, 2021, 2022]
    carried_in_holds(path, 2022)


# -- figures carried over ----------------------------------------------------------------------------------


def test_carried_in_figures_are_last_years_carried_forward(tmp_path) -> None:
    report = consistent(Report(2021), "自然人", 予以公开=3, 结转下年=2)
    consistent(report, "商业企业", 予以公开=1, 结转下年=4)
    path = build(report).write(tmp_path)
    run = next_year(path)
    assert "上年结转" in run.out
    carried_in_holds(path, 2022)
    agency, _ = load_agency(path)
    assert agency.reports[2022].applications.value("上年结转", "总计") == 6
    # Until the carried-in applications are accounted for, T3-1 says so: nothing is invented.
    assert {f.rule for f in check_file(path).findings} - {UNDATED} == {"U-1", "T3-1"}


def test_2021_in_force_counts_carry_over(tmp_path) -> None:
    report = Report(2021).set_row("二", "规章", {"本年制发件数": 2, "现行有效件数": 7}).set("二", "行政规范性文件", "现行有效件数", 12)
    path = build(report).write(tmp_path)
    next_year(path)
    agency, _ = load_agency(path)
    assert agency.reports[2022].proactive.value("规章", "现行有效件数") == 7
    assert agency.reports[2022].proactive.value("行政规范性文件", "现行有效件数") == 12
    assert of_rule(check_file(path).findings, "Y-2") == []


def test_2019_items_last_year_carry_over(tmp_path) -> None:
    report = (Report(2019)
              .set_row("二", "行政许可", {"上一年项目数量": 10, "本年增/减": -3})
              .set_row("二", "行政事业性收费", {"上一年项目数量": 4, "本年增/减": 2})
              .set_row("二", "政府集中采购", {"采购项目数量": 2, "采购总金额": Decimal("12.5000")}))
    path = build(report).write(tmp_path)
    next_year(path)
    agency, _ = load_agency(path)
    new = agency.reports[2020]
    assert new.edition is EDITION_2019
    assert new.proactive.value("行政许可", "上一年项目数量") == 7
    assert new.proactive.value("行政事业性收费", "上一年项目数量") == 6
    assert new.proactive.value("政府集中采购", "采购总金额") == 0
    assert {f.rule for f in check_file(path).findings} <= {"U-1", UNDATED}


def test_a_carried_forward_cell_that_is_not_a_number_is_named(tmp_path) -> None:
    path = build(Report(2021).set("三", "结转下年", "科研机构", "—")).write(tmp_path)
    run = next_year(path)
    assert "科研机构" in run.out and "暂填 0" in run.out


# -- any agency file, however written ----------------------------------------------------------------------


def test_a_key_after_the_reports_stays_after_them(tmp_path) -> None:
    built = build(Report(2021))
    reports, agency = built.text.split(f"{doc.REPORTS_KEY}:\n", 1)[1], built.text.split(f"{doc.REPORTS_KEY}:\n")[0]
    text = f"{doc.REPORTS_KEY}:\n{reports}\n# 机关信息\n{agency}"
    path = tmp_path / "reordered.yaml"
    path.write_text(text, encoding="utf-8")
    next_year(path)
    after = path.read_text(encoding="utf-8")
    head = f"{doc.REPORTS_KEY}:\n{reports}"
    assert after.startswith(head) and after.endswith(f"\n# 机关信息\n{agency}")
    agency_model, findings = load_agency(path)
    assert findings == [] and sorted(agency_model.reports) == [2021, 2022]


def test_indentation_year_keys_line_endings_and_bom_are_kept(tmp_path) -> None:
    lines = []
    for line in build(Report(2021)).text.replace("  2021:", "  2021年:").split("\n"):
        indent = len(line) - len(line.lstrip(" "))
        lines.append(" " * (2 + (indent - 2) * 2 if indent >= 2 else 0) + line.lstrip(" "))  # a step of 4 inside a report
    text = "\r\n".join(lines)
    path = tmp_path / "crlf.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    before = path.read_bytes()
    assert load_agency(path)[1] == []
    next_year(path)
    after = path.read_bytes()
    assert after.startswith(before)
    added = after[len(before):].decode("utf-8")
    assert "\n" not in added.replace("\r\n", "")  # only CRLF line breaks
    assert added.startswith("\r\n  2022年:\r\n")
    assert "\r\n      一、总体情况:\r\n" in added  # the file's own indentation step (4)
    agency, findings = load_agency(path)
    assert findings == [] and sorted(agency.reports) == [2021, 2022]


def test_next_year_refuses_an_unreadable_file(tmp_path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("机关:\n  名称: 测试\n年度报告:\n  2021:\n    一、总体情况: [\n", encoding="utf-8")
    before = path.read_bytes()
    run = run_cli("next-year", str(path))
    assert run.code == 2 and "无法读取" in run.err and "YAML 语法错误" in run.err
    assert path.read_bytes() == before and not path.with_name("broken.yaml.bak").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("机关:\n  名称: 测试\n年度报告:\n", "没有任何年度"),
        ("机关:\n  名称: 测试\n", "没有“年度报告”"),
        ("机关: {名称: 测试}\n年度报告: {2021: {}}\n", "流式写法"),
    ],
    ids=["no-year", "no-reports", "flow-style"],
)
def test_next_year_refuses_what_it_cannot_continue(tmp_path, text, message) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    run = run_cli("next-year", str(path))
    assert run.code == 2 and message in run.err and "Traceback" not in run.err
    assert path.read_text(encoding="utf-8") == text


def test_next_year_refuses_a_missing_file(tmp_path) -> None:
    run = run_cli("next-year", str(tmp_path / "nowhere.yaml"))
    assert run.code == 2 and "找不到" in run.err


def test_new_then_next_year_then_fill_in_passes(tmp_path) -> None:
    path = tmp_path / "agencies" / "x.yaml"
    assert run_cli("new", str(path), "--agency", "测试局", "--year", "2020").code == 0
    text = path.read_text(encoding="utf-8")
    count = 0
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if doc.PLACEHOLDER_MARK in line and not line.lstrip().startswith("#"):
            count += 1
            lines[index] = line.split(doc.PLACEHOLDER_MARK)[0] + f"2020年第{count}项工作情况，内容各不相同{'甲乙丙丁戊己庚辛壬癸'[count % 10]}。"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert {f.rule for f in check_file(path).findings} <= {UNDATED}
    next_year(path)
    findings = [f for f in check_file(path).findings if f.rule != UNDATED]
    assert Counter(f.rule for f in findings) == Counter({"U-1": 8})
    assert "#   2020年第1项工作情况" in path.read_text(encoding="utf-8")


# -- D-1 ---------------------------------------------------------------------------------------------------


PROBLEMS = doc.PROBLEMS.heading
TEXT = "本年度政府信息公开工作仍存在公开内容不够全面、政策解读形式单一、回应关切不够及时等问题，下一步将加强培训。"


def d1(*reports: Report) -> list:
    return of_rule(check(build(*reports)), "D-1")


def test_d1_warns_when_a_section_repeats_last_year() -> None:
    built = build(Report(2020, prose={PROBLEMS: TEXT}), Report(2021, prose={PROBLEMS: TEXT}))
    findings = of_rule(check(built), "D-1")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.year == 2021 and finding.where == PROBLEMS and not finding.is_error
    assert finding.line == built.line(2021, PROBLEMS) + 1
    assert "完全相同" in finding.message and "2020年" in finding.message


def test_d1_warns_at_ninety_percent_and_not_below() -> None:
    nearly = TEXT.replace("下一步将加强培训", "明年将加强学习")  # a few characters changed
    assert 0.9 <= ratio(TEXT, nearly) < 1
    assert len(d1(Report(2020, prose={PROBLEMS: TEXT}), Report(2021, prose={PROBLEMS: nearly}))) == 1
    rewritten = "本年度依申请公开办理规范，但主动公开目录更新不及时；明年将完善目录并加强政策解读。"
    assert ratio(TEXT, rewritten) < 0.9
    assert d1(Report(2020, prose={PROBLEMS: TEXT}), Report(2021, prose={PROBLEMS: rewritten})) == []


def test_d1_ignores_whitespace() -> None:
    spaced = " ".join(TEXT[i:i + 7] for i in range(0, len(TEXT), 7))
    findings = d1(Report(2020, prose={PROBLEMS: TEXT}), Report(2021, prose={PROBLEMS: spaced}))
    assert len(findings) == 1 and "完全相同" in findings[0].message


def test_d1_does_not_count_nothing_to_report_or_placeholders() -> None:
    other = doc.OTHER_MATTERS.heading
    assert d1(Report(2020, prose={other: "无"}), Report(2021, prose={other: "无。"})) == []
    placeholder = doc.placeholder(doc.PROBLEMS.guidance)
    assert d1(Report(2020, prose={PROBLEMS: placeholder}), Report(2021, prose={PROBLEMS: placeholder})) == []


def test_d1_compares_only_with_the_year_before_in_the_same_file() -> None:
    assert d1(Report(2021, prose={PROBLEMS: TEXT})) == []
    findings = d1(Report(2019, prose={PROBLEMS: TEXT}), Report(2020), Report(2021, prose={PROBLEMS: TEXT}))
    assert findings == []  # 2021 is compared with 2020, which says something else


def test_d1_matches_parts_of_section_one_by_heading_then_by_place() -> None:
    last = Report(2020, overview_parts=("主动公开", "依申请公开", "政府信息管理"))
    this = Report(2021, overview_parts=("依申请公开", "平台建设", "信息管理工作"))
    built = build(last, this)
    same = "本机关全年通过门户网站主动公开政府信息一百二十条，涵盖财政预决算、人事任免和重大决策等内容。"
    built = built.replace(f"2020年依申请公开工作：{focus(2020)}。", same)  # 2020 （二）
    built = built.replace(f"2021年依申请公开工作：{focus(2021)}。", same)  # 2021 （一）: by heading
    other = "本年度新建政务新媒体账号两个，统一了网站栏目设置，完成了集约化平台的迁移。"
    built = built.replace(f"2020年政府信息管理工作：{focus(2020)}。", other)  # 2020 （三）
    built = built.replace(f"2021年信息管理工作工作：{focus(2021)}。", other)  # 2021 （三）: renamed, by place
    third = "严格执行信息发布三级审核制度，全年开展保密审查两次，未发生泄密事件，工作责任落实到人。"
    built = built.replace(f"2020年主动公开工作：{focus(2020)}。", third)  # 2020 （一）
    built = built.replace(f"2021年平台建设工作：{focus(2021)}。", third)  # 2021 （二）: its place is taken
    findings = of_rule(check(built), "D-1")
    assert sorted(f.where for f in findings) == [
        f"{doc.OVERVIEW.heading} · （一）依申请公开",
        f"{doc.OVERVIEW.heading} · （三）信息管理工作",
    ]
    by_place = next(f for f in findings if "信息管理工作" in f.where)
    assert "（三）政府信息管理" in by_place.message  # names last year's part when the heading differs


# -- the how-to (docs/每年一月.md) -------------------------------------------------------------------------


HOWTO = ROOT / "docs" / "每年一月.md"
DISTRICT_HEADING = "\n## 区县"


def _blocks(language: str) -> list[str]:
    import re

    agency_part = HOWTO.read_text(encoding="utf-8").split(DISTRICT_HEADING)[0]  # the district's part: test_summary.py
    return re.findall(rf"```{language}\n(.*?)```", agency_part, re.S)


def _fill_in(path: Path, year: int) -> None:
    """What the officer does in step 2: every placeholder replaced, 发布日期 written."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for index, line in enumerate(lines):
        if doc.PLACEHOLDER_MARK in line and not line.lstrip().startswith("#"):
            indent = line[: len(line) - len(line.lstrip())]
            lines[index] = indent + f"{year}年第{index}行所写的本年度实际情况，各处内容都不相同（{index * 7919}）。"
        elif line.lstrip().startswith("# 发布日期: "):  # as the how-to says: the comment sign taken off, the real date
            indent = line[: len(line) - len(line.lstrip())]
            lines[index] = indent + f"发布日期: {year + 1}-01-20"
    path.write_text("\n".join(lines), encoding="utf-8")


def test_every_command_of_the_yearly_howto_works(tmp_path, monkeypatch) -> None:
    commands = [line.split("  #")[0].strip() for block in _blocks("sh") for line in block.split("\n")
                if line.startswith("reportgen ")]
    assert [c.split()[1] for c in commands] == ["--help", "new", "next-year", "next-year", "edit", "check", "build",
                                                "build"]
    # `edit` serves a page until Ctrl-C: test_edit.py runs it as the how-to shows and stops it
    commands = [c for c in commands if c.split()[1] != "edit"]

    monkeypatch.chdir(tmp_path)
    (tmp_path / "fresh").mkdir()
    monkeypatch.chdir(tmp_path / "fresh")  # `new`: a repository without the agency's file yet
    assert run_cli(*commands[1].split()[1:]).code == 0
    assert {f.rule for f in check_file(Path("agencies/erqi.yaml")).findings} - {UNDATED} == {"U-1"}

    monkeypatch.chdir(tmp_path)
    copy(ROOT / "agencies" / "erqi.yaml", tmp_path)
    outputs = []
    for command in commands[2:]:
        if command.startswith("reportgen check"):
            _fill_in(Path("agencies/erqi.yaml"), 2021)
        run = run_cli(*command.split()[1:])
        assert run.code == 0, (command, run.out, run.err)
        outputs.append(run.out)
    # the output the how-to shows is the output the commands give
    shown = next(block for block in _blocks("text") if block.startswith("已在 agencies/erqi.yaml"))
    assert outputs[1].startswith(shown)
    built = next(block for block in _blocks("text") if block.startswith("已生成"))
    assert set(built.splitlines()) <= set(outputs[-1].splitlines())  # other formats may be built besides
    assert Path("out/erqi-2021.html").is_file()


@pytest.mark.parametrize("copy_prose", [False, True], ids=["comments", "copied"])
def test_last_years_text_with_odd_characters_stays_on_its_line(tmp_path, copy_prose) -> None:
    lines = build(Report(2021)).text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(f"    {doc.PROBLEMS.heading}:"))
    end = next(i for i in range(at + 1, len(lines)) if not lines[i].startswith("      "))
    odd = '"甲\\u2028乙\\r丙\\x85丁\\t戊 #己: 庚"'  # a double-quoted scalar may hold YAML's other line breaks
    text = "\n".join([*lines[:at], f"    {doc.PROBLEMS.heading}: {odd}", *lines[end:]])
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    agency, findings = load_agency(path)
    # \x85 (NEL) is a C1 control character: the loader reports it (V-2), next-year still carries the text
    assert [f.rule for f in findings] == ["V-2"] and "\u2028" in agency.reports[2021].problems[0].value
    next_year(path, *(["--copy-prose"] if copy_prose else []))
    agency, findings = load_agency(path)
    assert {f.rule for f in findings} == {"V-2"} and sorted(agency.reports) == [2021, 2022]


def test_a_file_that_cannot_be_written_is_said_in_chinese(tmp_path, monkeypatch) -> None:
    from reportgen import atomic

    def refuse(target, data):
        raise PermissionError(13, "Permission denied", str(target.real))

    monkeypatch.setattr(atomic, "_temporary", refuse)
    path = copy(ROOT / "agencies" / "erqi.yaml", tmp_path)
    before = path.read_bytes()
    run = run_cli("next-year", str(path))
    assert run.code == 2 and "无法写入" in run.err and "Traceback" not in run.err
    assert path.read_bytes() == before


def test_d1_compares_the_printed_text_not_the_figure_references() -> None:
    # The same words with different figures are not a copy: references are resolved before comparing.
    referring = "收到{{表三.本年新收}}件，公开{{表三.予以公开}}件，结转{{表三.结转下年}}件。"
    earlier = Report(2020, prose={PROBLEMS: referring})
    later = Report(2021, prose={PROBLEMS: referring})
    earlier.set("三", "本年新收", "自然人", 3).set("三", "予以公开", "自然人", 2).set("三", "结转下年", "自然人", 1)
    later.set("三", "上年结转", "自然人", 1).set("三", "本年新收", "自然人", 2456)
    later.set("三", "予以公开", "自然人", 1380).set("三", "结转下年", "自然人", 1077)
    assert d1(earlier, later) == []
    assert len(d1(Report(2020, prose={PROBLEMS: referring}), Report(2021, prose={PROBLEMS: referring}))) == 1
