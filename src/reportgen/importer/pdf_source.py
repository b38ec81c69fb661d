"""A PDF with a text layer into units, read with pdfplumber from the page's geometry.

A table's ruling lines give its cells, so every cell is one unit (a blank cell included) and the
label wrapped over several lines inside a cell stays one label. Text outside tables is grouped into
lines by position, and lines into paragraphs (a new paragraph where a line is indented, follows a
short line, or is set apart by space).
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..errors import ReportgenError
from .limits import PDF_PAGE_OBJECTS, PDF_PAGES, refuse
from .pdf_streams import check_pdf
from .source_units import Source, SourceUnit, is_page_number

_RADICALS = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")
_SENTENCE_END = re.compile(r"[。！？；;：:]$")
_ITEM = re.compile(r"^\s*(?:\d{1,2}[.、．]|[（(]\d{1,2}[）)]|[一二三四五六七八九十]是)")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+)")


def _ideographs(text: str) -> str:
    """Kangxi radicals and compatibility ideographs (some PDF writers emit them) as the ideographs."""
    return _RADICALS.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


def read_pdf(data: bytes) -> Source:
    check_pdf(data)  # before pdfminer inflates anything
    return _read_with_pdfplumber(data)


@dataclass
class _Paragraph:
    top: float
    text: str
    indented: bool  # its first line is indented
    open_end: bool  # its last line runs to the right margin: it may go on on the next page


def _paragraphs(lines: list[tuple[float, float, float, str]], left: float, right: float) -> list[_Paragraph]:
    """The paragraphs of running text, from its lines (top, x0, x1, text): a line starts a paragraph
    when it is indented, when the line before it stops short of the right margin, when space sets
    it apart, or when it is numbered like a heading or an item after a finished sentence."""
    out: list[_Paragraph] = []
    previous: tuple[float, float, float, str] | None = None
    for line in lines:
        top, x0, x1, text = line
        indented = x0 - left > 12
        new = True
        if previous is not None:
            p_top, _p_x0, p_x1, p_text = previous
            full = right - p_x1 < 24
            listed = bool(_SENTENCE_END.search(p_text) and _ITEM.match(text))
            new = indented or not full or top - p_top > 40 or listed or bool(_HEADING.match(text) and len(text) < 40)
        if new or not out:
            out.append(_Paragraph(top, text, indented, False))
        else:
            out[-1].text += text
        out[-1].open_end = right - x1 < 24 and not _SENTENCE_END.search(text)
        previous = line
    return out


def _running_headers(pages: Any) -> set[str]:
    """Text printed in the top or bottom margin of at least two pages: running headers and footers."""
    seen: dict[str, int] = {}
    for page in pages:
        height = float(page.height)
        texts = set()
        for word in page.extract_words(keep_blank_chars=True):
            if word["top"] < 0.08 * height or word["bottom"] > 0.92 * height:
                texts.add(re.sub(r"\d+", "#", word["text"].strip()))
        for text in texts:
            seen[text] = seen.get(text, 0) + 1
    return {text for text, count in seen.items() if count >= 2}


def _margin_furniture(line: tuple[float, float, float, str], height: float, headers: set[str]) -> bool:
    top, _x0, _x1, text = line
    if (top < 0.15 * height or top > 0.85 * height) and is_page_number(text):
        return True
    in_margin = top < 0.08 * height or top > 0.92 * height
    return in_margin and re.sub(r"\d+", "#", text.strip()) in headers


def _read_with_pdfplumber(data: bytes) -> Source:
    try:
        return _pdfplumber_units(data)
    except ReportgenError:
        raise
    except Exception as error:  # pdfminer raises many kinds on a damaged file
        raise ReportgenError(f"这个 PDF 文件已损坏，无法读取（{type(error).__name__}: {error}）。") from error


def _pdfplumber_units(data: bytes) -> Source:
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as error:  # pdfminer raises many kinds on a damaged file
        raise ReportgenError(f"无法读取这个 PDF 文件：{error}。") from error
    read = _PdfUnits()
    with pdf:
        if len(pdf.pages) > PDF_PAGES:
            raise refuse(f"PDF 文件有 {len(pdf.pages):,} 页，超过上限 {PDF_PAGES:,} 页")
        for page_number, page in enumerate(pdf.pages, start=1):
            count_page_objects(pdf.rsrcmgr, page.page_obj, page_number)
        headers = _running_headers(pdf.pages)
        for page_number, page in enumerate(pdf.pages, start=1):
            read.page(page, page_number, headers)
    shapes = ["PDF 表格（按表格线读取）"] if read.tables else []
    return Source(read.units, "PDF", shapes)


class _PdfUnits:
    """The units of the pages read so far: paragraphs and tables in the order they stand on a page."""

    def __init__(self) -> None:
        self.units: list[SourceUnit] = []
        self.tables = 0
        self.carried: SourceUnit | None = None  # the last paragraph of the previous page, if it may go on

    def page(self, page: Any, page_number: int, headers: set[str]) -> None:
        width, height = float(page.width), float(page.height)
        page_view, found = _page_tables(page, width, height)
        text_lines = [line for line in _text_lines(page_view, [table.bbox for table in found])
                      if not _margin_furniture(line, height, headers)]
        left = min((line[1] for line in text_lines), default=0.0)
        right = max((line[2] for line in text_lines), default=width)
        items: list[tuple[float, Any]] = [(p.top, p) for p in _paragraphs(text_lines, left, right)]
        items += [(table.bbox[1], table) for table in found]
        items.sort(key=lambda item: item[0])
        for position, (_, item) in enumerate(items):
            if isinstance(item, _Paragraph):
                self.paragraph(item, page_number, first=position == 0, last=position == len(items) - 1)
            else:
                self.table(item, page_number)

    def paragraph(self, item: _Paragraph, page_number: int, *, first: bool, last: bool) -> None:
        text = _ideographs(item.text)
        carried = self.carried
        if first and carried is not None and not item.indented and self.units and self.units[-1] is carried:
            carried.text += text  # the paragraph the last page ended in goes on here
        else:
            self.units.append(SourceUnit(text, page_number))
        self.carried = self.units[-1] if item.open_end and last else None

    def table(self, table: Any, page_number: int) -> None:
        """Every cell one unit, a blank cell included."""
        self.carried = None
        self.tables += 1
        first = True
        for row in table.extract():
            cells = [cell for cell in row if cell is not None]
            for index, cell in enumerate(cells):
                self.units.append(SourceUnit(_ideographs(cell), page_number, cell=True,
                                             row_end=index == len(cells) - 1, blank_before=first,
                                             table_id=self.tables))
                first = False


def _page_tables(page: Any, width: float, height: float) -> tuple[Any, list[Any]]:
    """The page without a frame drawn around it (a rectangle as large as the page), and the tables
    of at least two rows and two columns its ruling lines draw."""

    def small(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "rect":
            return True
        return not (obj["width"] > 0.9 * width and obj["height"] > 0.5 * height)

    page_view = page.filter(small)
    found = [table for table in page_view.find_tables() if len(table.rows) >= 2
             and max(len(row.cells) for row in table.rows) >= 2]
    return page_view, found


def _text_lines(page_view: Any, boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, str]]:
    """The lines (top, x0, x1, text) of the words outside the tables' boxes."""

    def outside(obj: dict[str, Any]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    words = page_view.filter(outside).extract_words(keep_blank_chars=True, use_text_flow=True, x_tolerance=1.5)
    text_lines: list[tuple[float, float, float, str]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if text_lines and abs(word["top"] - text_lines[-1][0]) < 3:
            top, x0, x1, text = text_lines[-1]
            gap = word["x0"] - x1
            text_lines[-1] = (top, x0, word["x1"], text + (" " if gap > 6 else "") + word["text"])
        else:
            text_lines.append((word["top"], word["x0"], word["x1"], word["text"]))
    return text_lines


def count_page_objects(resources: Any, page: Any, page_number: int) -> None:
    """Run the page's drawing with a device that only counts what it draws, and refuse the page at
    PDF_PAGE_OBJECTS: pdfplumber would make an object of each (a form drawn 100,000 times with
    1,000 characters in it is 100 million characters from a small file)."""
    from pdfminer.pdfdevice import PDFTextDevice
    from pdfminer.pdfinterp import PDFPageInterpreter

    class Counter(PDFTextDevice):
        drawn = 0

        def tick(self) -> None:
            self.drawn += 1
            if self.drawn > PDF_PAGE_OBJECTS:
                raise refuse(f"PDF 文件第 {page_number} 页要画出超过 {PDF_PAGE_OBJECTS:,} 个文字、线条或图片，超过上限")

        def render_char(self, matrix: Any, font: Any, fontsize: float, scaling: float, rise: float, cid: int,
                        ncs: Any, graphicstate: Any) -> float:
            self.tick()
            return float(font.char_width(cid) * fontsize * scaling)

        def paint_path(self, *args: Any) -> None:
            self.tick()

        def render_image(self, *args: Any) -> None:
            self.tick()

    PDFPageInterpreter(resources, Counter(resources)).process_page(page)

