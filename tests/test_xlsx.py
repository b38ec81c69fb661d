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
