"""`reportgen summary`: one row per agency report — verdict, P-1, D-1, key figures — as HTML, Excel, CSV."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from builders import Report, build, consistent, run_cli
from reportgen import document as doc
from reportgen.check import check_file
from reportgen.district.output import write_summary
from reportgen.district.summary import COLUMNS
from tools import CHROMIUM_FLAGS, find_chromium, require

ROOT = Path(__file__).resolve().parents[1]
AGENCIES = sorted((ROOT / "agencies").glob("*.yaml"))
COPIED = ("本机关政府信息公开工作还存在一些不足，主动公开的深度和广度有待拓展，政策解读的形式比较单一，"
          "依申请公开的答复质量需要进一步提高。下一步，我们将加强业务培训，完善工作机制，切实提升政府信息公开工作水平。")
FAILING_NAME = "测试区出错局"


def failing_agency() -> str:
    """Two years: 2021 breaks T3-1, was published late (P-1) and repeats 2020's 五 (D-1)."""
    first = consistent(Report(2020, published="2021-01-20"), 予以公开=3, 结转下年=1)
    second = consistent(Report(2021, published="2022-02-15"), 予以公开=5, 部分公开=2, 上年结转=1, 结转下年=0)
    second.set("三", "本年新收", "自然人", 9)  # should be 6: T3-1
    second.set_row("四", "行政复议", {"结果维持": 1, "结果纠正": 1, "尚未审结": 1})
    second.set_row("四", "未经复议直接起诉", {"结果纠正": 1, "其他结果": 1})
    for report in (first, second):
        report.prose[doc.PROBLEMS.heading] = COPIED
    return build(first, second, name=FAILING_NAME, file="failing.yaml").text


@pytest.fixture
def district(tmp_path: Path) -> Path:
    folder = tmp_path / "agencies"
    folder.mkdir()
    for path in AGENCIES:
        shutil.copy(path, folder / path.name)
    (folder / "failing.yaml").write_text(failing_agency(), encoding="utf-8")
    (folder / "broken.yaml").write_bytes("机关:\n  名称: [坏\n".encode())
    return folder


def by_name(rows: list[dict[str, str]]) -> dict[tuple[str, str], dict[str, str]]:
    return {(row["机关"], row["年度"]): row for row in rows}


def test_every_file_is_listed_with_its_verdict_and_figures(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "汇总.csv"
    rows = write_summary([district], out)
    table = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert len(table) == 8  # five agencies, the failing file's two years, the unreadable file
    assert {row["文件"].rsplit("/", 1)[-1] for row in table} == {p.name for p in AGENCIES} | {"failing.yaml", "broken.yaml"}
    found = by_name(table)

    broken = found[("broken", "")]
    assert broken["校验结论"] == "无法读取"
    assert "YAML" in next(row.problem for row in rows if row.path.name == "broken.yaml")

    late = found[(FAILING_NAME, "2021")]
    assert late["校验结论"] == "2 个错误（T3-1×2），2 个警告（D-1、P-1）"  # T3-1 in 自然人 and in 总计
    assert late["按时发布（P-1）"] == "逾期 15 天"
    assert late["内容雷同（D-1）"] == "雷同 1 处"
    assert (late["本年新收总计"], late["予以公开"], late["部分公开"], late["结转下年"]) == ("9", "5", "2", "0")
    assert (late["行政复议总计"], late["行政诉讼总计"]) == ("3", "2")
    assert late["复议诉讼结果纠正率"] == "50.0%"  # 2 corrected of 4 decided (5 cases, 1 pending)

    assert found[(FAILING_NAME, "2020")]["按时发布（P-1）"] == "按时"
    shengtai = found[("郑州市生态环境局二七分局", "2020")]
    assert shengtai["校验结论"] == "通过" and shengtai["本年新收总计"] == "2" and shengtai["予以公开"] == "2"
    assert found[("金水区政务服务办公室", "2021")]["格式"] == "2021年版"
    assert found[("郑州市上街区中心路街道办事处", "2020")]["按时发布（P-1）"] == "按时"


def test_year_keeps_files_without_that_year(district: Path, tmp_path: Path) -> None:
    rows = write_summary([district], tmp_path / "s.csv", year=2021)
    assert len(rows) == 7
    missing = [row for row in rows if row.problem and row.year == 2021]
    assert len(missing) == 4 and all("没有 2021 年的报告" in row.problem for row in missing)


def test_workbook_reads_back(district: Path, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "汇总.xlsx"
    write_summary([district], out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["2020年", "2021年"]  # one sheet per year
    sheet = book["2021年"]
    assert [cell.value for cell in sheet[1]] == [column.heading for column in COLUMNS]
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref
    values = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert set(values) == {"金水区政务服务办公室", FAILING_NAME, "broken"}  # the unreadable file on every sheet
    late = values[FAILING_NAME]
    headings = [column.heading for column in COLUMNS]
    assert late[headings.index("本年新收总计")].value == 9
    assert late[headings.index("本年新收总计")].number_format == "0"
    share = late[headings.index("复议诉讼结果纠正率")]
    assert share.value == pytest.approx(0.5) and share.number_format == "0.0%"
    assert late[headings.index("发布日期")].value.date().isoformat() == "2022-02-15"
    assert "broken" in {row[0].value for row in book["2020年"].iter_rows(min_row=2)}


def test_page_links_built_reports_and_draws_two_charts(district: Path, tmp_path: Path) -> None:
    (tmp_path / "erqi-2020.html").write_text("<p>built</p>", encoding="utf-8")
    run = run_cli("summary", str(district), "--out", str(tmp_path / "汇总.html"))
    assert run.code == 0, run.err
    assert "无法读取" not in run.out and "broken.yaml" in run.err
    page = (tmp_path / "汇总.html").read_text(encoding="utf-8")
    assert '<a href="erqi-2020.html">郑州市二七区政务服务中心</a>' in page
    assert page.count("<svg") == 2 and 'role="img"' in page
    assert "<script src" not in page and "http" not in page.replace("http://www.w3", "")
    assert "size: A4 landscape" in page


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    require(found, "chromium")
    return found  # type: ignore[return-value]


def test_page_in_chromium_sorts_filters_and_passes_axe(chromium: str, district: Path, tmp_path: Path) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    require(sync_playwright, "playwright")
    try:
        import axe_playwright_python
    except ImportError:
        axe_playwright_python = None
    require(axe_playwright_python, "axe-playwright-python")
    axe = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    out = tmp_path / "汇总.html"
    write_summary([district], out)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=[flag for flag in CHROMIUM_FLAGS if flag != "--headless"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(out.as_uri())
            names = "() => Array.from(document.querySelectorAll('#summary tbody tr:not([hidden]) th')).map(th => th.dataset.sort)"
            page.get_by_role("button", name="本年新收总计").click()
            page.get_by_role("button", name="本年新收总计").click()  # descending
            assert page.evaluate(names)[0] == FAILING_NAME
            page.get_by_label("逾期").check()
            assert page.evaluate(names) == [FAILING_NAME]
            assert "显示 1 行，共 8 行" in page.locator("#shown").inner_text()
            page.get_by_label("逾期").uncheck()
            page.get_by_label("未通过").check()
            assert sorted(page.evaluate(names)) == sorted([FAILING_NAME, "broken"])
            pdf = page.pdf(prefer_css_page_size=True, print_background=True)
            width, height = (float(v) for v in re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf).groups())
            assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
            page.add_script_tag(content=axe)
            results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            violations = [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in results["violations"]]
            assert not violations, json.dumps(violations, ensure_ascii=False, indent=1)
            assert len(results["passes"]) > 10
        finally:
            browser.close()


def test_the_district_howto_commands_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/每年一月.md, the district's part: collect → check → summary/rollup, and the blank form."""
    howto = (ROOT / "docs" / "每年一月.md").read_text(encoding="utf-8").split("\n## 区县")[1]
    commands = [line.split("  #")[0].strip() for block in re.findall(r"```sh\n(.*?)```", howto, re.S)
                for line in block.split("\n") if line.startswith("reportgen ")]
    assert [c.split()[1] for c in commands] == ["import", "check", "summary", "rollup", "new", "build"]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "agencies").mkdir()
    for name in ("erqi.yaml", "jinshui-zhengwu.yaml"):  # the agencies of 2021: erqi's comes from its workbook
        shutil.copy(ROOT / "agencies" / name, tmp_path / "agencies" / name)
    sent = tmp_path / "sent"
    sent.mkdir()
    shutil.copy(ROOT / "agencies" / "erqi.yaml", sent / "erqi.yaml")
    assert run_cli("next-year", "sent/erqi.yaml").code == 0
    assert run_cli("build", "sent/erqi.yaml", "--format", "xlsx", "--draft", "--out", "sent").code == 0
    (tmp_path / "收表").mkdir()
    shutil.move(sent / "erqi-2021.xlsx", tmp_path / "收表" / "二七区政务服务中心.xlsx")
    assert not any((tmp_path / folder).exists() for folder in ("out", "全区", "空表"))  # the commands make them
    for command in commands:
        run = run_cli(*command.split()[1:])
        expected = 1 if command.startswith("reportgen check") else 0  # the imported year's prose is to write (U-1)
        assert run.code == expected, (command, run.out, run.err)
    assert (tmp_path / "out" / "汇总.html").is_file() and (tmp_path / "空表" / "wenlv-2021.xlsx").is_file()
    rolled = check_file(tmp_path / "全区" / "erqi-qu.yaml")
    assert {f.rule for f in rolled.errors} == {"U-1"}
