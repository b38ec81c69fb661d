"""`audit`: the seeds' real defects, and nothing else; the audit-only findings (A-…); output and exit codes.

Audit-only findings the seeds have (read from the seeds, not copied from the tool):

- 000 erqi: section 四's heading printed without its number (A-1); 表二 （九）'s header
  “采购总金额” without its unit 万元 (A-9).
- 001 pingdingshan-gaoxin: the six parts of 一 numbered 一、…六、 like section headings (A-1 × 6);
  the row “2.其他法律法规禁止公开” printed for 其他法律行政法规禁止公开 (A-9).
- 002 zhongxinlu: the headings of 二 and 三 printed without numbers (A-1 × 2).
- 003 erqi-shengtai: 一 printed “一、概述”, 三 “三、依申请公开办理情况”, 四 unnumbered and reworded,
  五 printed “六、主要问题及改进措施” (A-1 × 4); a section the format does not have, “四、政府信息公开的
  收费及减免情况” (A-5); no section 六 (A-2); 表二 （九）'s header without its unit (A-9).
- 004 jinshui-zhengwu: “一、总体情况” printed twice (A-1); the page header inside 表三 (A-10);
  表三's header without the column name 其他 (A-9).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from builders import run_cli
from reportgen.importer import import_bytes
from reportgen.importer.audit import AuditOptions, audit_file, audit_imported
from reportgen.importer.labels import core, fold
from test_import_seeds import seed_path
from test_seeds import EXPECTED_ARITHMETIC, EXPECTED_FINDINGS, SEED_OF

PARTS_001 = ("加强组织领导", "健全工作制度", "全面推进基层政务公开标准化规范化建设", "加快政府网站平台建设",
             "规范政务新媒体管理", "依申请公开工作")
NUMERALS = "一二三四五六"

AUDIT_ONLY: dict[str, list[tuple[str, str]]] = {
    "erqi": [("A-1", "四、政府信息公开行政复议、行政诉讼情况"), ("A-9", "表二 · 第二十条第（九）项")],
    "pingdingshan-gaoxin": [
        *((("A-1", f"一、总体情况 · （{NUMERALS[i]}）{part}") for i, part in enumerate(PARTS_001))),
        ("A-9", "表三 · （三）不予公开 2.其他法律行政法规禁止公开"),
    ],
    "zhongxinlu": [("A-1", "二、主动公开政府信息情况"), ("A-1", "三、收到和处理政府信息公开申请情况")],
    "erqi-shengtai": [
        ("A-1", "一、总体情况"),
        ("A-1", "三、收到和处理政府信息公开申请情况"),
        ("A-1", "四、政府信息公开行政复议、行政诉讼情况"),
        ("A-1", "五、存在的主要问题及改进情况"),
        ("A-5", "四、政府信息公开的收费及减免情况"),
        ("A-2", "六、其他需要报告的事项"),
        ("A-9", "表二 · 第二十条第（九）项"),
    ],
    "jinshui-zhengwu": [("A-1", "一、总体情况"), ("A-10", "表三"), ("A-9", "表三")],
}


STRICT = AuditOptions(strict_blanks=True)


def _prose_rule(rule: str) -> bool:
    """X-… (the prose against the tables) are judged by their own tests, not listed here."""
    return rule.startswith("X-")


@pytest.mark.parametrize("slug", SEED_OF)
def test_audit_reports_exactly_the_seeds_defects(slug: str) -> None:
    """With --strict-blanks (the authoring rule: every blank cell reported)."""
    result = audit_file(seed_path(slug), options=STRICT)
    assert result.error is None
    found = Counter((f.rule, f.where) for f in result.findings if not _prose_rule(f.rule))
    assert found == Counter(EXPECTED_FINDINGS[slug] + AUDIT_ONLY[slug])
    arithmetic = {(f.rule, f.where): (f.expected, f.found) for f in result.findings if f.rule[0] in "TY"}
    assert arithmetic == EXPECTED_ARITHMETIC.get(slug, {})
    assert result.errors  # every seed has at least one error


@pytest.mark.parametrize("slug", SEED_OF)
def test_findings_point_at_the_source_line_of_their_row(slug: str) -> None:
    """A cell's finding names the line of the seed where its row is printed (表四 has no row
    labels: its findings name the line of its first value)."""
    path = seed_path(slug)
    lines = path.read_text(encoding="utf-8").splitlines()
    for finding in audit_file(path, options=STRICT).findings:
        assert finding.file == str(path)
        if finding.rule != "V-1" or finding.where.startswith("表四"):
            continue
        assert finding.line is not None, finding
        row = finding.where.split(" · ")[1]
        label = core(row.split(" ")[-1])
        assert label[-4:] in fold(lines[finding.line - 1]), (finding, lines[finding.line - 1])


def test_text_output_has_a_verdict_per_report_and_exit_1_for_errors() -> None:
    paths = [str(seed_path(slug)) for slug in SEED_OF]
    run = run_cli("audit", "--strict-blanks", *paths)
    assert run.code == 1
    assert run.out.count("结论：") == len(paths)
    assert "审核了 5 份报告：5 份有错误" in run.out
    assert "Traceback" not in run.out + run.err
    assert re.search(r"000_\w+\.txt:\d+: 错误 \[V-1\] 2020年报告 · 表三 · （一）予以公开 · 自然人", run.out)


def test_json_output() -> None:
    run = run_cli("audit", "--format", "json", str(seed_path("zhongxinlu")), str(seed_path("erqi")))
    assert run.code == 1
    payload = json.loads(run.out)
    assert payload["summary"]["reports"] == 2
    zhongxinlu = payload["reports"][0]
    assert zhongxinlu["agency"] == "郑州市上街区中心路街道办事处" and zhongxinlu["year"] == 2020
    assert zhongxinlu["edition"] == 2019
    assert {(f["rule"], f["where"]) for f in zhongxinlu["findings"] if not _prose_rule(f["rule"])} == {
        ("S-2", "表四 · 行政诉讼 复议后起诉"), *AUDIT_ONLY["zhongxinlu"]}
    assert all(f["file"].endswith(".txt") for f in zhongxinlu["findings"])


def test_a_clean_report_passes_with_exit_0(tmp_path: Path) -> None:
    page = Path(__file__).resolve().parents[1] / "examples" / "pingdingshan-gaoxin-2020.html"
    run = run_cli("audit", str(page))
    assert "结论：" in run.out
    if run.code != 0:  # the published agency file must pass check; its page then passes audit
        pytest.fail(run.out)


def test_an_unreadable_source_exits_2_in_chinese(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    run = run_cli("audit", str(empty), str(seed_path("erqi")), str(tmp_path / "missing.html"))
    assert run.code == 2
    assert "无法读取" in run.out and "找不到" in run.out
    assert "Traceback" not in run.out + run.err


# -- audit-only findings on variants of the seeds ----------------------------------------------------


def _variant(slug: str, old: str, new: str) -> bytes:
    text = seed_path(slug).read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new).encode("utf-8")


def test_the_old_edition_for_a_2021_report_is_an_error() -> None:
    data = _variant("erqi", "2020年政府信息公开工作年度报告", "2021年政府信息公开工作年度报告")
    result = audit_imported(import_bytes(data, "erqi-2021.txt"))
    assert result.imported is not None and result.imported.edition.year == 2019
    rules = Counter(f.rule for f in result.findings)
    assert rules["A-4"] == 1 and rules["E-1"] == 0  # said once, as the published report's defect
    assert rules["S-4"] == 0 and rules["S-2"] == 0  # the 2019 tables are read as such
    assert next(f for f in result.findings if f.rule == "A-4").is_error


def test_late_publication_on_the_page_is_p1() -> None:
    data = _variant("zhongxinlu", "  • 2021-01-05\n  • 2021-01-05", "  • 2021-03-05\n  • 2021-03-05")
    result = audit_imported(import_bytes(data, "late.txt"))
    (late,) = [f for f in result.findings if f.rule == "P-1"]
    assert late.found == "2021-03-05" and late.line is not None


def test_a_signoff_after_the_deadline_is_a8() -> None:
    data = _variant("erqi-shengtai", "2021年1月7日", "2021年2月8日")
    result = audit_imported(import_bytes(data, "late.txt"))
    (late,) = [f for f in result.findings if f.rule == "A-8"]
    assert late.found == "2021-02-08" and "迟了 8 天" in late.message


def test_a_non_standard_row_is_kept_as_a_comment_and_reported() -> None:
    text = seed_path("erqi").read_text(encoding="utf-8")
    end = text.index("\n\n", text.index("\t规范性文件\n"))
    data = (text[:end] + "\n\n\t其他文件\n\t3\n\t2\n\t1" + text[end:]).encode("utf-8")
    imported = import_bytes(data, "extra.txt")
    result = audit_imported(imported)
    assert ("A-3", "表二 · 其他文件") in {(f.rule, f.where) for f in result.findings}
    from reportgen.importer import agency_file

    text, _ = agency_file(imported)
    assert "# 格式没有的一行（未导入" in text and "“其他文件”：3、2、1" in text
