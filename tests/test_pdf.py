"""The Word reports through LibreOffice: every example converts to PDF (and the PDF to PNG with
pdftoppm), its page count is sane, its text holds every section heading and every table label, the
committed example PDFs hold the same text as a fresh conversion, and hostile text survives.

LibreOffice converts all documents in one run, once per session. Needs Debian's
`libreoffice-writer-nogui` (or `libreoffice-writer`), `poppler-utils` and `fonts-noto-cjk`; without them
the tests are skipped on a developer's machine but fail when the environment variable CI is set.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document

from builders import run_cli
from reportgen import document as doc
from reportgen.editions import EDITIONS
from reportgen.libreoffice import find_soffice
from reportgen.render.docx_template import build_template
from reportgen.render.layout import Role, table_grid
from test_docx import EMOJI, hostile_report
from test_html import SPECIALS
from tools import require

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
AGENCY_FILES = sorted((ROOT / "agencies").glob("*.yaml"))
PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")
A4_POINTS = (595.3, 841.9)


def squeeze(text: str) -> str:
    """Text without whitespace and page numbers: what stays when fonts move line and page breaks."""
    return re.sub(r"\s+", "", PAGE_NUMBER.sub("", text))


@dataclass
class Converted:
    pdf: Path
    text: str  # pdftotext -raw: the content in drawing order, a table cell's lines together
    pages: int
    images: list[Path]
    page_size: tuple[float, float]


@pytest.fixture(scope="session")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Converted]:
    """`reportgen build --format docx,pdf` of every agency file and of a report full of hostile text:
    one LibreOffice run for all of them. The examples' .docx are these documents (test_build.py)."""
    require(find_soffice(), "LibreOffice (soffice)")
    require(shutil.which("pdftoppm") and shutil.which("pdftotext") and shutil.which("pdfinfo"), "poppler-utils")
    agencies = tmp_path_factory.mktemp("agencies")
    for path in AGENCY_FILES:
        shutil.copy(path, agencies / path.name)
    hostile_report(agencies)
    out = tmp_path_factory.mktemp("pdf")
    (out / "erqi-2020.pdf").write_bytes(b"an earlier build")
    run = run_cli("build", str(agencies), "--all-years", "--format", "docx,pdf", "--out", str(out))
    assert run.code == 0, run.out + run.err
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")], "a temporary file was left behind"
    result = {}
    for path in sorted(out.glob("*.pdf")):
        stem = path.stem
        assert (out / f"{stem}.docx").is_file()
        subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(out / stem)], check=True)
        info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
        assert size is not None
        result[stem] = Converted(path, pdf_text(path), int(re.search(r"Pages:\s+(\d+)", info).group(1)),
                                 sorted(out.glob(f"{stem}-*.png")), (float(size.group(1)), float(size.group(2))))
    assert len(result) == len(list(EXAMPLES.glob("*.docx"))) + 1
    return result


def pdf_text(path: Path) -> str:
    """pdftotext -raw: the content in drawing order, so a table cell's lines stay together."""
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def examples(converted: dict[str, Converted]) -> dict[str, Converted]:
    return {stem: item for stem, item in converted.items() if not stem.startswith("hostile")}


def test_every_example_converts_to_pdf_and_png(converted) -> None:
    assert sorted(examples(converted)) == sorted(path.stem for path in EXAMPLES.glob("*.docx"))
    for stem, item in examples(converted).items():
        assert item.pdf.read_bytes().startswith(b"%PDF-"), stem  # an earlier file of the same name replaced
        assert 3 <= item.pages <= 12, f"{stem}: {item.pages} pages"
        assert len(item.images) == item.pages, stem
        for image in item.images:
            assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and image.stat().st_size > 1000, image.name
        assert all(abs(measured - a4) < 1 for measured, a4 in zip(item.page_size, A4_POINTS, strict=True)), stem


def table_labels(edition) -> set[str]:
    """Every label the printed form carries in the edition's tables."""
    return {cell.text for table in edition.tables for cell in table_grid(table).cells()
            if cell.role is not Role.VALUE and cell.text}


def template_lines(edition_year: int) -> dict[str, list[str]]:
    """Each table label of the Word template broken into its printed lines, by the label's text."""
    word = Document(io.BytesIO(build_template(EDITIONS[edition_year])))
    return {cell.text.replace("\n", ""): cell.text.split("\n")
            for table in word.tables for row in table.rows for cell in row.cells if "\n" in cell.text}


def test_every_heading_and_table_label_is_in_the_pdf_text(converted) -> None:
    editions = {path.stem: EDITIONS[2019 if int(path.stem[-4:]) < 2021 else 2021] for path in EXAMPLES.glob("*.docx")}
    assert {edition.year for edition in editions.values()} == set(EDITIONS)
    for stem, item in examples(converted).items():
        text = squeeze(item.text)
        for section in doc.SECTIONS:
            assert squeeze(section.heading) in text, f"{stem}: {section.heading}"
        lines = template_lines(editions[stem].year)
        for label in table_labels(editions[stem]):
            # a label the template breaks on purpose may be drawn line by line beside its rows
            assert squeeze(label) in text or all(squeeze(line) in text for line in lines.get(label, [label])), (
                f"{stem}: {label}")
        assert len(PAGE_NUMBER.findall(item.text)) == item.pages, f"{stem}: a page without its number"


def test_committed_pdfs_hold_the_text_of_a_fresh_conversion(converted) -> None:
    """examples/*.pdf are not compared byte for byte (LibreOffice stamps the time and encrypts embedded
    fonts with random bytes): their text must be that of converting the committed .docx now."""
    for stem, item in examples(converted).items():
        committed = EXAMPLES / f"{stem}.pdf"
        assert committed.is_file(), f"examples/{stem}.pdf is missing"
        assert squeeze(pdf_text(committed)) == squeeze(item.text), (
            f"examples/{stem}.pdf is stale: run `reportgen build agencies/ --all-years --format html,docx,pdf --out examples/`")


def test_hostile_text_survives_libreoffice(converted) -> None:
    text = squeeze(converted["hostile-2021"].text)
    for expected in (f"前言{SPECIALS}{EMOJI}", f"第一段{SPECIALS}{EMOJI}", f"落款{SPECIALS}{EMOJI}",
                     "第二段{%不是模板%}{#也不是#}"):
        assert squeeze(expected) in text, expected
