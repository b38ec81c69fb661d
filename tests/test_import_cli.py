"""`reportgen import`: to the screen, to a new file (--out), into an existing agency file (--into,
every byte above the new year unchanged), and its failures (Chinese, exit 2, no traceback)."""

from __future__ import annotations

import shutil
from pathlib import Path

from builders import run_cli
from reportgen.check import check_file
from reportgen.load import load_agency, load_agency_text
from test_import_seeds import seed_path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def test_import_to_the_screen() -> None:
    run = run_cli("import", str(seed_path("zhongxinlu")))
    assert run.code == 0, run.err
    agency, findings = load_agency_text(run.out)
    assert agency is not None and 2020 in agency.reports
    assert [(f.rule, f.where) for f in findings] == [("S-2", "表四 · 行政诉讼 复议后起诉")]
    assert "已导入 郑州市上街区中心路街道办事处 2020年报告" in run.err
    assert "需要核对的" in run.err


def test_import_to_a_new_file_and_never_over_one(tmp_path: Path) -> None:
    out = tmp_path / "zhongxinlu.yaml"
    run = run_cli("import", str(seed_path("zhongxinlu")), "--out", str(out))
    assert run.code == 0, run.err
    assert run.out == ""
    agency, _ = load_agency(out)
    assert agency is not None and agency.name is not None and agency.name.value == "郑州市上街区中心路街道办事处"
    before = out.read_bytes()
    again = run_cli("import", str(seed_path("zhongxinlu")), "--out", str(out))
    assert again.code == 2 and "已经存在" in again.err
    assert out.read_bytes() == before


def test_import_into_an_agency_file_keeps_every_byte_above(tmp_path: Path) -> None:
    """The 2021 report (printed on the 2019 form) added to erqi's file: its comments and every byte of
    it stay as they were; the new year is read with the edition it was printed on."""
    target = tmp_path / "erqi.yaml"
    shutil.copy(ROOT / "agencies" / "erqi.yaml", target)
    original = target.read_text(encoding="utf-8")
    run = run_cli("import", str(FIXTURES / "old-edition-2021.txt"), "--into", str(target))
    assert run.code == 0, run.err
    text = target.read_text(encoding="utf-8")
    kept = original.rstrip("\n")
    assert text.startswith(kept) and text[len(kept):].startswith("\n\n  2021:")
    agency, findings = load_agency(target)
    assert agency is not None and sorted(agency.reports) == [2020, 2021]
    assert agency.reports[2021].edition.year == 2019
    assert not [f for f in findings if f.rule.startswith(("F-", "S-1", "S-3", "S-4", "S-5"))]
    assert "E-1" in {f.rule for f in check_file(target).findings}  # the old edition, stated in the file

    again = run_cli("import", str(FIXTURES / "old-edition-2021.txt"), "--into", str(target))
    assert again.code == 2 and "已有 2021 年的报告" in again.err
    assert target.read_text(encoding="utf-8") == text


def test_import_into_a_file_whose_reports_are_not_last(tmp_path: Path) -> None:
    """年度报告 before 机关, four-space indentation, CRLF line ends: the new year goes at the end of
    年度报告, indented like the others, and everything before and after it is unchanged."""
    source = load_agency(ROOT / "agencies" / "erqi.yaml")[0]
    assert source is not None
    head = "# 注释\r\n年度报告:\r\n    2019:  # 只有一节的旧年度\r\n        六、其他需要报告的事项: |\r\n            无\r\n"
    tail = "\r\n# 机关的注释\r\n机关:\r\n    名称: 郑州市二七区政务服务中心\r\n"
    target = tmp_path / "erqi.yaml"
    target.write_bytes((head + tail).encode("utf-8"))
    run = run_cli("import", str(seed_path("erqi")), "--into", str(target))
    assert run.code == 0, run.err
    data = target.read_bytes().decode("utf-8")
    assert data.startswith(head) and data.endswith(tail)
    inserted = data[len(head):-len(tail)]
    assert "\r\n    2020:\r\n" in inserted and "\r\n        一、总体情况:\r\n" in inserted
    agency, _ = load_agency(target)
    assert agency is not None and sorted(agency.reports) == [2019, 2020]


def test_year_option_and_the_agency_of_the_file(tmp_path: Path) -> None:
    target = tmp_path / "other.yaml"
    target.write_text("机关:\n  名称: 另一个机关\n\n年度报告:\n", encoding="utf-8")
    run = run_cli("import", str(seed_path("erqi")), "--into", str(target), "--year", "2019")
    assert run.code == 0, run.err
    assert "标题中的年度是 2020，按 --year 读作 2019 年度" in run.err
    assert "与机关文件中的“另一个机关”不同" in run.err
    agency, _ = load_agency(target)
    assert agency is not None and list(agency.reports) == [2019]


def test_failures_are_chinese_with_exit_2(tmp_path: Path) -> None:
    cases = [
        ("import", str(tmp_path / "missing.txt")),
        ("import", str(seed_path("erqi")), "--into", str(tmp_path / "missing.yaml")),
        ("import", str(tmp_path)),
    ]
    (tmp_path / "bad.yaml").write_text("机关: [\n", encoding="utf-8")
    cases.append(("import", str(seed_path("erqi")), "--into", str(tmp_path / "bad.yaml")))
    for args in cases:
        run = run_cli(*args)
        assert run.code == 2, (args, run.out, run.err)
        assert run.err.startswith("错误：") and "Traceback" not in run.err, run.err
