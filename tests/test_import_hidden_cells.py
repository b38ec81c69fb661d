"""Cells a reader of the published page never sees are not read: an HTML <td> that is hidden, and
the lower parts of a Word cell merged down (vMerge continuation cells, whose text Word keeps but
does not show). Each is given a number here; importing must give the figures of the page as seen.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from reportgen.importer import agency_file, import_bytes, read_source
from reportgen.load import load_agency_text
from reportgen.model import Agency

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "jinshui-zhengwu-2021"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
UNSEEN = "7"  # no figure of the example is 7, so a cell read by mistake shows


def figures(data: bytes, name: str) -> dict[tuple[str, str, str], object]:
    text, _ = agency_file(import_bytes(data, name))
    agency, findings = load_agency_text(text, "imported.yaml")
    assert isinstance(agency, Agency), findings
    (report,) = agency.reports.values()
    return {
        (attribute, row, column): cell.value
        for attribute in ("proactive", "applications", "appeals")
        for (row, column), cell in getattr(report, attribute).cells.items()
    }


@pytest.mark.parametrize("hidden", ['style="display:none"', "hidden", 'style="visibility: hidden"'])
def test_hidden_html_cells_are_not_read(hidden: str) -> None:
    page = EXAMPLE.with_suffix(".html").read_text(encoding="utf-8")
    damaged, count = re.subn(r'<td class="rg-num"', f'<td {hidden}>{UNSEEN}</td><td class="rg-num"', page)
    assert count > 50  # one before every figure of the three tables
    seen = figures(page.encode(), "page.html")
    assert UNSEEN not in {str(value) for value in seen.values()}
    assert figures(damaged.encode(), "page.html") == seen


def _with_text_in_continuation_cells(docx: bytes) -> tuple[bytes, int]:
    """The document with `UNSEEN` written into every vMerge continuation cell."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    body = etree.fromstring(source.read("word/document.xml"))
    continued = [
        cell for cell in body.iter(f"{W}tc")
        if (merge := cell.find(f"{W}tcPr/{W}vMerge")) is not None and merge.get(f"{W}val", "continue") == "continue"
    ]
    for cell in continued:
        paragraph = cell.find(f"{W}p")
        run = etree.SubElement(paragraph, f"{W}r")
        etree.SubElement(run, f"{W}t").text = UNSEEN
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = etree.tostring(body, xml_declaration=True, encoding="UTF-8", standalone=True) \
                if item.filename == "word/document.xml" else source.read(item.filename)
            target.writestr(item, data)
    return out.getvalue(), len(continued)


def test_word_cells_merged_down_are_read_once() -> None:
    docx = EXAMPLE.with_suffix(".docx").read_bytes()
    damaged, count = _with_text_in_continuation_cells(docx)
    assert count > 10  # 表三's group labels and 三、本年度办理结果 are merged down
    # the reader gives each merged cell once, in its first row: no unit holds the unseen text
    assert [unit.text for unit in read_source(damaged, ".docx").units if unit.text == UNSEEN] == []
    # the import does not depend on where the merged labels' parts fall
    seen = figures(docx, "report.docx")
    assert UNSEEN not in {str(value) for value in seen.values()}
    assert figures(damaged, "report.docx") == seen
