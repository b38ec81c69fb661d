"""`reportgen bind`: agreeing figures in the prose become figure references, in the file's own text.

The file keeps every comment and every character of its formatting; the diff is shown first; the
report prints exactly the same words afterwards; the earlier file is kept as FILE.bak."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from builders import Report, build, consistent, run_cli
from reportgen import document as doc
from reportgen.check import check_file
from reportgen.prose.bind import apply_bind, plan_bind
from reportgen.render.view import report_view

APPLICATIONS_NOTE = "本年度共收到政府信息公开申请5件，其中予以公开3件，部分公开2件。"
APPEALS_NOTE = "本年度发生政府信息公开行政复议案件1起，未发生行政诉讼。"
CHINESE_FIGURE = "全年共收到政府信息公开申请五件，均已办结。"
DISAGREEING = "上年结转政府信息公开申请4件。"


def _file(tmp_path: Path, newline: str = "\n", bom: bool = False) -> Path:
    report = consistent(Report(2021, prose={
        doc.APPLICATIONS.heading: APPLICATIONS_NOTE,
        doc.APPEALS.heading: APPEALS_NOTE,
        doc.PROBLEMS.heading: f"{CHINESE_FIGURE}\n{DISAGREEING}",
    }), 予以公开=3, 部分公开=2)
    report.set("四", "行政复议", "结果维持", 1)
    text = build(report).text
    text = "# 测试市测试局 · 年度报告\n# 正文照录已发布的报告。\n\n" + text
    text = text.replace("    三、收到和处理政府信息公开申请情况:\n",
                        "    # 表三按已发布的报告录入。\n    三、收到和处理政府信息公开申请情况:\n")
    text = text.replace("        本年新收: {", "        本年新收:   {", 1)  # the officer's own alignment
    text = text.replace("      说明: |\n        " + APPLICATIONS_NOTE,
                        "      说明: |   # 已发布的说明\n        " + APPLICATIONS_NOTE)
    text = text.replace("结果维持: 1,", "结果维持: 1,  ", 1)
    assert text.count("#") == 4
    path = tmp_path / "agency.yaml"
    path.write_bytes(((("\ufeff" if bom else "") + text).replace("\n", newline)).encode("utf-8"))
    return path


def _printed(path: Path) -> list[str]:
    agency = check_file(path).agency
    assert agency is not None
    view = report_view(agency, agency.reports[2021])
    return [p for section in view.sections for p in (*section.intro, *section.paragraphs)]


def _answer(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_bind_shows_the_diff_asks_and_keeps_comments_and_printed_text(tmp_path: Path, monkeypatch) -> None:
    path = _file(tmp_path)
    original = path.read_text(encoding="utf-8")
    printed = _printed(path)
    _answer(monkeypatch, "y\n")
    run = run_cli("bind", str(path))
    assert run.code == 0, run.err
    # the diff, then the question
    assert f"--- {path}（原文）" in run.out and f"+++ {path}（改为表格数字引用后）" in run.out
    assert "-        " + APPLICATIONS_NOTE in run.out
    assert ("+        本年度共收到政府信息公开申请{{表三.本年新收}}件，其中予以公开{{表三.予以公开}}件，"
            "部分公开{{表三.部分公开}}件。") in run.out
    assert "写入这些修改？" in run.out
    assert run.out.index("+++") < run.out.index("写入这些修改？")
    updated = path.read_text(encoding="utf-8")
    # figures turned into references, and nothing else changed
    assert "本年度发生政府信息公开行政复议案件{{表四.行政复议}}起，未发生行政诉讼。" in updated
    assert updated.count("{{") == 4
    assert CHINESE_FIGURE in updated and DISAGREEING in updated  # 五件: not digits; 4: disagrees
    changed = [(a, b) for a, b in zip(original.splitlines(), updated.splitlines(), strict=True) if a != b]
    assert len(changed) == 2
    for before, after in changed:
        assert after.replace("{{表三.本年新收}}", "5").replace("{{表三.予以公开}}", "3") \
            .replace("{{表三.部分公开}}", "2").replace("{{表四.行政复议}}", "1") == before
    assert [line for line in original.splitlines() if "#" in line] == \
        [line for line in updated.splitlines() if "#" in line]
    assert (tmp_path / "agency.yaml.bak").read_text(encoding="utf-8") == original
    # the report prints the same words, and check is as clean as before (X-1 aside)
    assert _printed(path) == printed
    assert "“五”" in run.err and "汉字" in run.err  # why 五 was not replaced
    assert "1 处数字与表格不一致" in run.err
    assert [f.rule for f in check_file(path).findings] == ["X-1"]
    # a second run finds nothing more to do
    assert "没有可以改为表格数字引用的数字" in run_cli("bind", str(path), "--yes").out


def test_dry_run_and_no_write_nothing(tmp_path: Path, monkeypatch) -> None:
    path = _file(tmp_path)
    original = path.read_bytes()
    run = run_cli("bind", str(path), "--dry-run")
    assert run.code == 0 and "{{表三.本年新收}}" in run.out and "未写入" in run.out
    _answer(monkeypatch, "n\n")
    run = run_cli("bind", str(path))
    assert run.code == 0 and "未写入，文件没有改动" in run.out
    assert path.read_bytes() == original
    assert not (tmp_path / "agency.yaml.bak").exists()


def test_yes_keeps_crlf_and_the_byte_order_mark(tmp_path: Path) -> None:
    path = _file(tmp_path, newline="\r\n", bom=True)
    printed = _printed(path)
    run = run_cli("bind", str(path), "--yes")
    assert run.code == 0 and "写入这些修改？" not in run.out
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode()) and data.count(b"\r\n") == data.count(b"\n")
    assert "{{表三.本年新收}}".encode() in data
    assert _printed(path) == printed


def test_the_plan_refuses_a_file_changed_meanwhile(tmp_path: Path) -> None:
    path = _file(tmp_path)
    plan = plan_bind(path)
    assert len(plan.replacements) == 4
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(Exception, match="在此期间被修改过"):
        apply_bind(plan)


def test_a_figure_that_would_start_a_plain_scalar_is_left_alone(tmp_path: Path) -> None:
    report = consistent(Report(2021), 予以公开=3)
    text = build(report).text.replace(f"    {doc.OTHER_MATTERS.heading}: |\n      无",
                                      f"    {doc.OTHER_MATTERS.heading}: 予以公开3件。")
    path = tmp_path / "plain.yaml"
    path.write_text(text, encoding="utf-8")
    plan = plan_bind(path)
    assert [r.new for r in plan.replacements] == ["{{表三.予以公开}}"]  # inside a plain scalar: safe
    apply_bind(plan)
    assert f"{doc.OTHER_MATTERS.heading}: 予以公开{{{{表三.予以公开}}}}件。" in path.read_text(encoding="utf-8")
    assert _printed(path)[-1] == "予以公开3件。"


def test_an_unreadable_file_is_a_chinese_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("机关:\n  名称: [未闭合\n", encoding="utf-8")
    run = run_cli("bind", str(path), "--yes")
    assert run.code == 2 and "无法读取" in run.err and "Traceback" not in run.err
