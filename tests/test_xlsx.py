"""Excel in and out: `build --format xlsx` lays the tables out like the national form (from the same
grid as HTML and Word, totals as formulas with their values); `import` reads such a workbook back by
the form's labels, also after a user has edited it in Excel or WPS."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.build import BuildOptions, build_paths
from reportgen.check import check_file
from reportgen.load import load_agency
from reportgen.model import Agency
from reportgen.render.layout import Role, table_grid
from reportgen.render.xlsx import CAPTION_ROWS, cell_address

ROOT = Path(__file__).resolve().parents[1]
AGENCIES = sorted((ROOT / "agencies").glob("*.yaml"))
TABLES = ("proactive", "applications", "appeals")


def agency_of(path: Path) -> Agency:
    agency, findings = load_agency(path)
    assert agency is not None, findings
    return agency


def build_workbook(source: Path, out: Path) -> Path:
    result = build_paths([source], BuildOptions(out_dir=out, formats=("xlsx",)))
    assert not result.refused
    [output] = result.outputs
    return output.path


def evaluate(sheet: Worksheet, address: str, seen: tuple[str, ...] = ()) -> float:
    """A cell's value as Excel computes it: numbers as they are, =SUM(…) of ranges and cells recomputed."""
    value = sheet[address].value
    if not (isinstance(value, str) and value.startswith("=")):
        return float(value or 0)
    match = re.fullmatch(r"=SUM\((.+)\)", value)
    assert match, value
    total = 0.0
    for part in match.group(1).split(","):
        low_col, low_row, high_col, high_row = range_boundaries(part if ":" in part else f"{part}:{part}")
        for row in range(low_row, high_row + 1):
            for column in range(low_col, high_col + 1):
                total += evaluate(sheet, cell_address(row - 1, column - 1), (*seen, address))
    return total


@pytest.mark.parametrize("source", AGENCIES, ids=lambda path: path.stem)
def test_workbook_is_the_forms_grid_with_formulas(source: Path, tmp_path: Path) -> None:
    path = build_workbook(source, tmp_path)
    agency = agency_of(source)
    report = agency.reports[max(agency.reports)]
    book = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    assert book.sheetnames == ["说明", "表二", "表三", "表四"]
    assert f"{report.year}年" in book["说明"]["A1"].value
    formulas = 0
    for attribute, table in zip(TABLES, report.edition.tables, strict=True):
        sheet, values = book[table.name], cached[table.name]
        grid = table_grid(table)
        figures = getattr(report, attribute)
        merges = {str(r) for r in sheet.merged_cells.ranges}
        for cell in grid.cells():
            address = cell_address(CAPTION_ROWS + cell.top, cell.left)
            if cell.rowspan > 1 or cell.colspan > 1:
                end = cell_address(CAPTION_ROWS + cell.top + cell.rowspan - 1, cell.left + cell.colspan - 1)
                assert f"{address}:{end}" in merges
            if cell.role is Role.VALUE:
                expected = figures.value(cell.row, cell.column)
                written = sheet[address].value
                if cell.column.derived or cell.row.derived:
                    assert isinstance(written, str) and written.startswith("=SUM("), address
                    assert values[address].value == expected  # the value stored with the formula
                    assert evaluate(sheet, address) == float(expected)  # and the formula computes it
                    formulas += 1
                else:
                    assert Decimal(str(written)) == expected, (table.cell_name(cell.row, cell.column), written)
            elif cell.text:
                assert sheet[address].value == cell.text  # every label where the form prints it
    totals = [(row, column) for table in report.edition.tables for row, column in table.cells()
              if column.derived or row.derived]
    assert formulas == len(totals) > 25  # 表三's 总计 row and column, 表四's three 总计


def test_xlsx_is_a_build_format(tmp_path: Path) -> None:
    from builders import run_cli

    run = run_cli("build", str(ROOT / "agencies" / "erqi.yaml"), "--format", "xlsx,html", "--out", str(tmp_path))
    assert run.code == 0, run.err
    assert (tmp_path / "erqi-2020.xlsx").is_file() and (tmp_path / "erqi-2020.html").is_file()
    assert check_file(ROOT / "agencies" / "erqi.yaml").agency is not None


# -- import ----------------------------------------------------------------------------------------


def import_workbook(path: Path, out: Path) -> Agency:
    from builders import run_cli

    run = run_cli("import", str(path), "--out", str(out))
    assert run.code == 0, run.err
    return agency_of(out)


def assert_same_figures(imported: Agency, original: Agency, year: int) -> None:
    got, expected = imported.reports[year], original.reports[year]
    assert got.edition is expected.edition
    for attribute, table in zip(TABLES, expected.edition.tables, strict=True):
        for row, column in table.cells():
            assert getattr(got, attribute).value(row, column) == getattr(expected, attribute).value(row, column), \
                table.cell_name(row, column)


@pytest.mark.parametrize("source", AGENCIES, ids=lambda path: path.stem)
def test_build_then_import_gives_the_same_figures(source: Path, tmp_path: Path) -> None:
    original = agency_of(source)
    year = max(original.reports)
    imported = import_workbook(build_workbook(source, tmp_path), tmp_path / "imported.yaml")
    assert imported.name.value == original.name.value
    assert_same_figures(imported, original, year)
    findings = check_file(tmp_path / "imported.yaml").findings
    assert {f.rule for f in findings if f.is_error} == {"U-1"}  # only the prose is left to write


def rich_agency(folder: Path) -> Path:
    """A 2021 report with figures in every table, money with decimals."""
    from builders import Report, build, consistent

    report = consistent(Report(2021), 予以公开=7, 部分公开=3, 逾期未缴费=1, 上年结转=2, 结转下年=4)
    consistent(report, "法律服务机构", 予以公开=2, 本机关不掌握相关政府信息=1)
    report.set("二", "行政事业性收费", "本年收费金额", Decimal("12.3456"))
    report.set("二", "规章", "现行有效件数", 11)
    report.set_row("四", "行政复议", {"结果维持": 2, "结果纠正": 1, "尚未审结": 1})
    return build(report, name="测试市测试局", file="rich.yaml").write(folder)


def edit_like_a_user(path: Path) -> None:
    """Rows moved, a total deleted, numbers typed as text, a header unmerged; saved without computing."""
    book = openpyxl.load_workbook(path)
    sheet = book["表三"]
    rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value}
    received, carried = rows["一、本年新收政府信息公开申请数量"], rows["二、上年结转政府信息公开申请数量"]
    for column in (1, *range(4, sheet.max_column + 1)):  # 本年新收 and 上年结转 change places (B:C merged into A)
        upper, lower = sheet.cell(received, column), sheet.cell(carried, column)
        upper.value, lower.value = lower.value, upper.value
    sheet.cell(carried, sheet.max_column).value = None  # 本年新收's 总计 deleted
    for column in range(4, 9):
        cell = sheet.cell(carried, column)
        cell.value = str(cell.value)  # numbers stored as text
    sheet.cell(carried, 4).value = f" {sheet.cell(carried, 4).value} "
    header = next(r for r in sheet.merged_cells.ranges if sheet.cell(r.min_row, r.min_col).value == "申请人情况")
    sheet.unmerge_cells(str(header))
    money = book["表二"]
    for row in money.iter_rows():
        if row[0].value == "行政事业性收费":
            row[1].value = "12.3456"
    book.save(path)


def test_a_workbook_edited_by_hand_reads_the_same(tmp_path: Path) -> None:
    source = rich_agency(tmp_path)
    path = build_workbook(source, tmp_path / "out")
    edit_like_a_user(path)
    assert openpyxl.load_workbook(path, data_only=True)["表三"]["J5"].value is None  # no stored results now
    imported = import_workbook(path, tmp_path / "imported.yaml")
    assert_same_figures(imported, agency_of(source), 2021)
    assert imported.reports[2021].applications.value("本年新收", "总计") == 16  # the deleted total, computed


def test_what_cannot_be_read_is_named_by_sheet_and_cell(tmp_path: Path) -> None:
    from builders import run_cli

    path = build_workbook(rich_agency(tmp_path), tmp_path / "out")
    book = openpyxl.load_workbook(path)
    sheet = book["表三"]
    target = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "（一）予以公开")
    sheet.cell(target, 5).value = "七件"
    book["表四"]["B5"] = "/"
    book.save(path)
    run = run_cli("import", str(path), "--out", str(tmp_path / "x.yaml"))
    assert run.code == 0, run.err
    assert "工作表“表三”E7：表三 · （一）予以公开 · 商业企业 填的是“七件”，不是数字" in run.err
    assert "工作表“表四”B5：表四 · 行政复议 · 结果纠正 填的是“/”" in run.err
    text = (tmp_path / "x.yaml").read_text(encoding="utf-8")
    assert '商业企业: "七件"' in text  # kept as written, in its column: the other figures stay in place
    assert {f.rule for f in check_file(tmp_path / "x.yaml").errors} == {"U-1", "V-1"}


def test_import_into_adds_the_collected_year(tmp_path: Path) -> None:
    """The district's collection: last year's file, this year's figures from the returned workbook."""
    from builders import Report, build, consistent, run_cli

    (tmp_path / "sent").mkdir()
    workbook = build_workbook(rich_agency(tmp_path / "sent"), tmp_path / "out")
    agency_file = build(consistent(Report(2020), 予以公开=1, 结转下年=2), name="测试市测试局", file="a.yaml").write(tmp_path)
    before = agency_file.read_text(encoding="utf-8")
    run = run_cli("import", str(workbook), "--into", str(agency_file))
    assert run.code == 0, run.err
    after = agency_file.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # the earlier year untouched
    agency = agency_of(agency_file)
    assert sorted(agency.reports) == [2020, 2021]
    assert_same_figures(agency, agency_of(tmp_path / "sent" / "rich.yaml"), 2021)
    assert {f.rule for f in check_file(agency_file).errors} == {"U-1"}  # Y-1 holds; the prose is to write


def test_a_workbook_that_unpacks_huge_is_refused(tmp_path: Path) -> None:
    import zipfile

    from builders import run_cli

    path = build_workbook(ROOT / "agencies" / "erqi.yaml", tmp_path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (65 * 1024 * 1024))  # 65 MB of zeros: ~64 KB packed
    assert path.stat().st_size < 1024 * 1024
    run = run_cli("import", str(path))
    assert run.code != 0 and "Traceback" not in run.err
    assert "Excel 文件的部件“xl/media/padding.bin”解压后有 65 MB，超过上限 64 MB" in run.err


def test_a_sheet_with_too_many_cells_is_refused_before_it_is_loaded(tmp_path: Path) -> None:
    import zipfile

    from builders import run_cli

    path = build_workbook(ROOT / "agencies" / "erqi.yaml", tmp_path)
    cells = "".join(f'<c r="A{n}"/>' for n in range(1, 200_002))
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f"<sheetData><row r=\"1\">{cells}</row></sheetData></worksheet>")
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet9.xml", sheet)
    run = run_cli("import", str(path))
    assert run.code != 0 and "200,000 个以上的 XML 元素" in run.err and "Traceback" not in run.err


def test_a_workbook_typed_by_hand_on_one_sheet_without_merges(tmp_path: Path) -> None:
    """All three tables on one sheet, labels typed into column A, nothing merged, some numbers as text."""
    from builders import run_cli
    from reportgen.editions import EDITION_2021 as edition

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["某某县某某局2021年政府信息公开工作年度报告"])
    for block in edition.proactive.blocks:
        sheet.append([block.title])
        sheet.append([edition.proactive.label_header, *(column.header for column in block.columns)])
        for row in block.rows:
            sheet.append([row.label, *(2 for _ in block.columns)])
    applications = edition.applications
    sheet.append([applications.identity_note, None, None, applications.applicant_header])
    sheet.append([None, None, None, "自然人", applications.organisation_header, None, None, None, None, "总计"])
    sheet.append([None, None, None, None, *applications.organisation_columns])
    figures = {"本年新收": "3", "予以公开": 2, "部分公开": "1"}
    for row in applications.rows():
        labels = [row.label, None, None] if row.group is None or row.label == row.group.label else [row.group.label, row.label, None]
        values = [] if row.derived else [figures.get(row.key, 0), 0, 0, 0, 0, 0]
        sheet.append([*labels, *values])
    sheet.append(["行政复议", None, None, None, None, "行政诉讼"])
    sheet.append([None] * 5 + ["未经复议直接起诉", None, None, None, None, "复议后起诉"])
    sheet.append([column.label for column in edition.appeals.columns] * 3)
    sheet.append([0, 1, 0, 0, 1] + [0] * 10)
    path = tmp_path / "hand.xlsx"
    book.save(path)

    run = run_cli("import", str(path), "--out", str(tmp_path / "hand.yaml"))
    assert run.code == 0, run.err
    report = agency_of(tmp_path / "hand.yaml").reports[2021]
    assert report.applications.value("本年新收", "总计") == 3
    assert report.applications.value("部分公开", "自然人") == 1
    assert report.applications.value("总计", "总计") == 3  # the totals row, left blank, computed
    assert report.appeals.value("行政复议", "结果纠正") == 1
    assert report.proactive.value("行政事业性收费", "本年收费金额") == 2
    assert {f.rule for f in check_file(tmp_path / "hand.yaml").findings} == {"U-1"}


def test_an_old_excel_file_is_asked_to_be_saved_as_xlsx(tmp_path: Path) -> None:
    from builders import run_cli

    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)  # an OLE compound file, as .xls are
    run = run_cli("import", str(path))
    assert run.code != 0 and "另存为 .xlsx" in run.err and "Traceback" not in run.err
