"""The compiled Word renderer (render/docx_compiled.py) writes the same bytes as docxtpl's own route."""

from __future__ import annotations

from pathlib import Path

from district import write_district
from reportgen.check import check_file
from reportgen.render.docx import render_docx, render_docx_with_docxtpl
from reportgen.render.docx_compiled import _tag_in_table

ROOT = Path(__file__).resolve().parents[1]


def test_the_same_bytes_as_docxtpl_for_every_report_and_draft(tmp_path: Path) -> None:
    paths = sorted((ROOT / "agencies").glob("*.yaml")) + write_district(tmp_path, 4, seed=7)
    compared = 0
    for path in paths:
        agency = check_file(path).agency
        assert agency is not None
        for report in agency.reports.values():
            for draft in (False, True):
                assert render_docx(agency, report, draft=draft) == render_docx_with_docxtpl(agency, report, draft=draft)
                compared += 1
    assert compared >= 20


def test_a_tag_inside_a_table_is_found_nested_tables_too() -> None:
    assert not _tag_in_table("<w:p>{% if x %}</w:p><w:tbl><w:tc>{{ c.a }}</w:tc></w:tbl>")
    assert _tag_in_table("<w:tbl><w:tc>{% for x in y %}</w:tc></w:tbl>")
    assert _tag_in_table("<w:tbl><w:tbl></w:tbl>{% if x %}</w:tbl>")
    assert not _tag_in_table("<w:tbl><w:tbl></w:tbl></w:tbl>{% if x %}")
