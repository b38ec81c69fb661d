"""Limits that keep a hostile source from exhausting memory or time before it is refused.

A published report is a few hundred kilobytes with a few hundred paragraphs and a few thousand
table cells; the limits are far above that and far below what a crafted file needs to hurt:

- a Word (.docx) file is a zip: every member's declared size, their total and the compression
  ratio are checked before anything is inflated, and its XML is then counted as a stream
  (elements, paragraphs, table cells) without building a tree, reading no further than the limit;
- an Excel (.xlsx) file gets the same zip checks, and its sheets' XML elements are counted likewise;
- a PDF's streams are decoded as streams, output discarded, up to the limit (`pdf_streams`);
- an HTML page may nest elements only so deep and hold only so many.

Each refusal is a `ReportgenError` that names the limit in Chinese.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterator
from io import BytesIO
from typing import IO

from ..errors import ReportgenError
from .source_units import SourceUnit

MIB = 1024 * 1024

#: A zip member's uncompressed size, the total of all members, and the number of members.
ZIP_MEMBER_BYTES = 64 * MIB
ZIP_TOTAL_BYTES = 256 * MIB
ZIP_MEMBERS = 2_000
#: The zip's central directory (its list of members), read before any member: 2,000 × 512 bytes.
ZIP_DIRECTORY_BYTES = 1 * MIB
#: Uncompressed ÷ compressed, for members larger than ZIP_RATIO_FROM (XML compresses about 10:1).
ZIP_RATIO = 200
ZIP_RATIO_FROM = 1 * MIB
#: XML elements in all the parts of a Word file; paragraphs and table cells in its body.
XML_ELEMENTS = 1_000_000
#: XML elements in a workbook's sheets and shared strings (the form's three sheets: a few thousand).
XLSX_ELEMENTS = 200_000
PARAGRAPHS = 5_000
CELLS = 20_000
#: A PDF stream's inflated size, and the total of all its streams; the number of pages.
PDF_STREAM_BYTES = 32 * MIB
PDF_TOTAL_BYTES = 256 * MIB
PDF_PAGES = 300
#: Characters, paths and images one page draws (a dense page draws a few thousand): counted before
#: pdfplumber makes an object of each, as a form drawn many times can multiply them.
PDF_PAGE_OBJECTS = 100_000
#: Plain text: lines, and the tabs and bars that can separate table cells.
TEXT_LINES = 100_000
TEXT_SEPARATORS = CELLS
#: HTML: elements open inside each other, and elements in all.
HTML_DEPTH = 500
HTML_ELEMENTS = 200_000

_REFUSED = "这不是正常的报告文件（可能是恶意构造的），没有导入"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARAGRAPH, _CELL = f"{_W}p", f"{_W}tc"


def _mib(size: int) -> str:
    return f"{size / MIB:,.0f} MB" if size >= MIB else f"{size:,} 字节"


def refuse(what: str) -> ReportgenError:
    return ReportgenError(f"{what}：{_REFUSED}。")


def check_text(data: bytes) -> None:
    """Refuse a text file with more lines or cell separators than any report, before reading it."""
    lines = max(data.count(b"\n"), data.count(b"\r"))
    if lines > TEXT_LINES:
        raise refuse(f"文本文件有 {lines:,} 行，超过上限 {TEXT_LINES:,} 行")
    separators = data.count(b"\t") + data.count(b"|") + data.count("｜".encode())
    if separators > TEXT_SEPARATORS:
        raise refuse(f"文本文件有 {separators:,} 个制表符或竖线，超过上限 {TEXT_SEPARATORS:,} 个")


def check_units(units: list[SourceUnit]) -> None:
    """Refuse a source read into more paragraphs or table cells than any report has."""
    cells = sum(1 for unit in units if unit.cell)
    if cells > CELLS:
        raise refuse(f"读出 {cells:,} 个表格单元格，超过上限 {CELLS:,} 个（一份年度报告只有几千个）")
    if len(units) - cells > PARAGRAPHS:
        raise refuse(f"读出 {len(units) - cells:,} 段文字，超过上限 {PARAGRAPHS:,} 段（一份年度报告只有几百段）")


# -- Word (.docx): the zip and its XML ----------------------------------------------------------------


def check_zip_directory(data: bytes) -> None:
    """Refuse a zip whose central directory lists more members than any Word file has, from its
    end record alone: Python's zipfile builds an object per member (400,000 members: 250 MB)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return  # not a zip: said elsewhere
    entries, size = struct.unpack_from("<HI", data, end + 10)
    if (entries == 0xFFFF or size == 0xFFFFFFFF) and end >= 20 and data[end - 20:end - 16] == b"PK\x06\x07":
        (record,) = struct.unpack_from("<Q", data, end - 12)
        if data[record:record + 4] == b"PK\x06\x06" and record + 48 <= len(data):
            entries, size = struct.unpack_from("<QQ", data, record + 32)
    if entries > ZIP_MEMBERS or size > ZIP_DIRECTORY_BYTES:
        raise refuse(f"压缩包的目录列出 {entries:,} 个部件（{_mib(size)}），超过上限 {ZIP_MEMBERS:,} 个"
                     f"（{_mib(ZIP_DIRECTORY_BYTES)}）")


def check_docx(data: bytes) -> None:
    """Refuse a .docx whose zip or XML is beyond the limits, before python-docx inflates it."""
    archive = _checked_zip(data, WORD)
    if archive is None:
        return  # not a readable zip: python-docx says so in its own words
    with archive:
        counter = _XmlCounter()
        for member in archive.infolist():
            if member.filename.endswith((".xml", ".rels")):
                counter.count(archive, member)


def check_xlsx(data: bytes) -> None:
    """Refuse an .xlsx whose zip or sheets are beyond the limits, before openpyxl inflates it: the same
    zip limits as a Word file, and the worksheets' and shared strings' XML elements counted as a stream."""
    archive = _checked_zip(data, EXCEL)
    if archive is None:
        return  # not a readable zip: the reader says so
    with archive:
        counter = _ElementCounter(XLSX_ELEMENTS, EXCEL)
        for member in archive.infolist():
            if member.filename.startswith(("xl/worksheets/", "xl/sharedStrings")) and member.filename.endswith(".xml"):
                counter.count(archive, member)


WORD, EXCEL = "Word 文件", "Excel 文件"


def _checked_zip(data: bytes, what: str) -> zipfile.ZipFile | None:
    """The archive, its members' number, sizes and ratios checked (None: not a readable zip)."""
    check_zip_directory(data)
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    members = archive.infolist()
    try:
        if len(members) > ZIP_MEMBERS:
            raise refuse(f"{what}里有 {len(members):,} 个部件，超过上限 {ZIP_MEMBERS:,} 个")
        total = 0
        for member in members:
            _check_member(member, what)
            total += member.file_size
        if total > ZIP_TOTAL_BYTES:
            raise refuse(f"{what}解压后共 {_mib(total)}，超过上限 {_mib(ZIP_TOTAL_BYTES)}")
    except ReportgenError:
        archive.close()
        raise
    return archive


def _check_member(member: zipfile.ZipInfo, what: str) -> None:
    name = member.filename
    if member.file_size > ZIP_MEMBER_BYTES:
        raise refuse(f"{what}的部件“{name}”解压后有 {_mib(member.file_size)}，超过上限 {_mib(ZIP_MEMBER_BYTES)}")
    if member.file_size > ZIP_RATIO_FROM and member.file_size > ZIP_RATIO * max(member.compress_size, 1):
        ratio = member.file_size // max(member.compress_size, 1)
        raise refuse(f"{what}的部件“{name}”压缩比为 {ratio:,}:1，超过上限 {ZIP_RATIO}:1")


class _ElementCounter:
    """Counts the XML elements of a workbook's sheets as lxml's parser meets them, building no tree."""

    def __init__(self, limit: int, what: str) -> None:
        self.limit, self.what, self.elements = limit, what, 0

    def start(self, _tag: str, _attrib: object) -> None:
        self.elements += 1
        if self.elements > self.limit:
            raise refuse(f"{self.what}的工作表有 {self.limit:,} 个以上的 XML 元素（一份年度报告的表格只有几千个）")

    def end(self, _tag: str) -> None:
        pass

    def data(self, _text: str) -> None:
        pass

    def close(self) -> None:
        pass

    def count(self, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
        _feed(self, archive, member, self.what)


class _XmlCounter:
    """Counts elements, paragraphs outside tables and table cells as lxml's parser meets them,
    building no tree."""

    def __init__(self) -> None:
        self.elements = 0
        self.paragraphs = 0
        self.cells = 0
        self.open_cells = 0  # paragraphs inside a cell are the cell's, not counted as paragraphs

    def start(self, tag: str, _attrib: object) -> None:
        self.elements += 1
        if self.elements > XML_ELEMENTS:
            raise refuse(f"Word 文件的 XML 元素超过上限 {XML_ELEMENTS:,} 个")
        if tag == _PARAGRAPH and not self.open_cells:
            self.paragraphs += 1
            if self.paragraphs > PARAGRAPHS:
                raise refuse(f"Word 文件的段落超过上限 {PARAGRAPHS:,} 段（一份年度报告只有几百段）")
        elif tag == _CELL:
            self.open_cells += 1
            self.cells += 1
            if self.cells > CELLS:
                raise refuse(f"Word 文件的表格单元格超过上限 {CELLS:,} 个（一份年度报告只有几千个）")

    def end(self, tag: str) -> None:
        if tag == _CELL:
            self.open_cells -= 1

    def data(self, _text: str) -> None:
        pass

    def close(self) -> None:
        pass

    def count(self, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
        _feed(self, archive, member, WORD)


def _feed(target: object, archive: zipfile.ZipFile, member: zipfile.ZipInfo, what: str) -> None:
    """Parse a member into a counting `target`, its bytes bounded; damaged XML is the reader's to report."""
    from lxml import etree  # installed with python-docx

    parser = etree.XMLParser(target=target, resolve_entities=False, no_network=True, huge_tree=False)
    with archive.open(member) as stream:
        try:
            for chunk in _bounded(stream, ZIP_MEMBER_BYTES, member.filename, what):
                parser.feed(chunk)
            parser.close()
        except etree.XMLSyntaxError:
            return


def _bounded(stream: IO[bytes], limit: int, name: str, what: str, chunk: int = 1 * MIB) -> Iterator[bytes]:
    """The stream's bytes in chunks, refused once past `limit` (a declared size can lie)."""
    read = 0
    while True:
        block = stream.read(chunk)
        if not block:
            return
        read += len(block)
        if read > limit:
            raise refuse(f"{what}的部件“{name}”解压后超过上限 {_mib(limit)}")
        yield block
