"""`import` and `audit` against hostile sources: each is refused in Chinese, naming the limit it broke,
within bounded memory and time, and never stops an audit of other sources.

- an HTML page nesting 1,000 <div>s (it used to raise RecursionError, and stopped `audit` of several
  files from printing any verdict); a page nesting 450 deep imports, walked without recursion;
- Word files: a 1 MB .docx whose word/document.xml inflates to 1 GiB (peaked at 2 GB), a 200 KB one
  with 2 million paragraphs (139 s and 1.7 GB, then imported), and ones just under the size limits
  with too many paragraphs or table cells;
- a 1 MB PDF whose page content is a 1 GiB flate stream (peaked at 2 GB).

The bombs are built here, streamed so that building one costs a few seconds and no memory, and
imported in a child process whose address space is capped (so that a regression fails with a
MemoryError instead of taking the machine's memory), which reports its peak RSS and time.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from builders import run_cli
from reportgen.errors import ReportgenError
from reportgen.importer import agency_file, import_bytes, limits
from reportgen.importer import audit as audit_module
from reportgen.importer.audit import audit_paths
from reportgen.importer.pdf_streams import check_pdf, decoded_size
from test_import_seeds import seed_path

GIB = 1024 * 1024 * 1024
CHUNK = 1024 * 1024
WORD_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "import" / "merged-cells.docx"
MAX_RSS_MB = 300
MAX_SECONDS = 10
#: The child's address space: well above a bounded import, well below what the bombs used to take.
ADDRESS_SPACE = 1536 * 1024 * 1024

CHILD = """
import json, resource, sys, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from reportgen.errors import ReportgenError
from reportgen.importer import import_file
start = time.monotonic()
try:
    import_file(Path(sys.argv[1]))
    outcome = None
except ReportgenError as error:
    outcome = error.message
print(json.dumps({{"refused": outcome, "seconds": time.monotonic() - start,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def import_in_child(path: Path) -> dict[str, object]:
    """Import `path` in a fresh process with a capped address space: its outcome, time and peak RSS."""
    done = subprocess.run([sys.executable, "-c", CHILD.format(limit=ADDRESS_SPACE), str(path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout)
    return result


def assert_refused_cheaply(path: Path, *phrases: str) -> str:
    result = import_in_child(path)
    message = result["refused"]
    assert isinstance(message, str), f"imported instead of refused: {result}"
    for phrase in phrases:
        assert phrase in message
    assert "Traceback" not in message and "没有导入" in message
    assert float(result["rss_mb"]) < MAX_RSS_MB, result  # type: ignore[arg-type]
    assert float(result["seconds"]) < MAX_SECONDS, result  # type: ignore[arg-type]
    return message


# -- HTML: nesting ---------------------------------------------------------------------------------------


def seed_page(depth: int, slug: str = "erqi") -> bytes:
    """A seed report as an HTML page, its paragraphs `depth` <div>s deep."""
    lines = seed_path(slug).read_text(encoding="utf-8").splitlines()
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line.strip())
    page = f"<html><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>"
    return page.encode("utf-8")


def test_a_thousand_nested_divs_are_refused_in_chinese() -> None:
    with pytest.raises(ReportgenError) as raised:
        import_bytes(seed_page(1000), "deep.html")
    message = raised.value.message
    assert f"{limits.HTML_DEPTH} 层" in message and "第 1 行" in message and "没有导入" in message


def test_a_deep_page_within_the_limit_imports_without_recursion() -> None:
    """450 levels, read with Python's recursion limit at 300: the walk keeps its own stack."""
    flat = agency_file(import_bytes(seed_page(0), "page.html"))[0]
    saved = sys.getrecursionlimit()
    sys.setrecursionlimit(300)
    try:
        deep = import_bytes(seed_page(450), "page.html")
    finally:
        sys.setrecursionlimit(saved)
    assert agency_file(deep)[0] == flat
    assert deep.year == 2020


def test_audit_gives_every_source_its_own_verdict_when_one_is_hostile(tmp_path: Path) -> None:
    deep = tmp_path / "deep.html"
    deep.write_bytes(seed_page(1000))
    sources = [seed_path("erqi"), deep, seed_path("zhongxinlu")]
    run = run_cli("audit", "--strict-blanks", *map(str, sources))
    assert run.code == 2, run.err
    assert "Traceback" not in run.out + run.err
    assert run.out.count("结论：") == 3
    assert f"{deep}：无法读取" in run.out and f"{limits.HTML_DEPTH} 层" in run.out
    assert run.out.count("结论：无法读取。") == 1
    assert "审核了 3 份报告：2 份有错误，0 份没有错误，1 份无法读取。" in run.out


def test_import_of_a_hostile_page_says_why_in_chinese_and_writes_nothing(tmp_path: Path) -> None:
    deep = tmp_path / "deep.html"
    deep.write_bytes(seed_page(1000))
    out = tmp_path / "agency.yaml"
    run = run_cli("import", str(deep), "--out", str(out))
    assert run.code == 2 and not out.exists()
    assert run.err.startswith(f"错误：网页的元素层层嵌套超过上限 {limits.HTML_DEPTH} 层") and "Traceback" not in run.err
    assert list(tmp_path.iterdir()) == [deep]


def test_an_unexpected_failure_on_one_source_is_that_sources_verdict(monkeypatch: pytest.MonkeyPatch,
                                                                        tmp_path: Path) -> None:
    """A defect of reportgen on one source (here a RecursionError) does not stop the audit of the others."""
    broken = tmp_path / "broken.txt"
    broken.write_text("whatever", encoding="utf-8")
    real_import = audit_module.import_file

    def import_file(path: Path, **options: object) -> object:
        if path == broken:
            raise RecursionError("maximum recursion depth exceeded")
        return real_import(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(audit_module, "import_file", import_file)
    sources = [seed_path("erqi"), broken, seed_path("zhongxinlu")]
    first, failed, last = audit_paths(sources, options=audit_module.AuditOptions(strict_blanks=True))
    assert failed.verdict == "无法读取"
    assert failed.error is not None and "RecursionError" in failed.error and "缺陷" in failed.error
    assert first.error is None and first.errors and last.error is None and last.errors


def test_an_html_page_with_too_many_paragraphs_is_refused() -> None:
    page = "<html><body>" + "<p>第一段</p>" * (limits.PARAGRAPHS + 1) + "</body></html>"
    with pytest.raises(ReportgenError) as raised:
        import_bytes(page.encode(), "long.html")
    assert f"读出 {limits.PARAGRAPHS + 1:,} 段文字，超过上限 {limits.PARAGRAPHS:,} 段" in raised.value.message


def test_an_html_page_with_too_many_elements_is_refused() -> None:
    page = "<html><body><p>" + "<b></b>" * limits.HTML_ELEMENTS + "</p></body></html>"
    with pytest.raises(ReportgenError) as raised:
        import_bytes(page.encode(), "many.html")
    assert f"网页的元素超过上限 {limits.HTML_ELEMENTS:,} 个" in raised.value.message


@pytest.mark.parametrize(("text", "phrase"), [
    ("一、总体情况\n" * (limits.TEXT_LINES + 1), f"超过上限 {limits.TEXT_LINES:,} 行"),
    ("1\t" * (limits.TEXT_SEPARATORS + 1), f"超过上限 {limits.TEXT_SEPARATORS:,} 个"),
], ids=["lines", "cells"])
def test_a_text_file_beyond_the_limits_is_refused_before_it_is_read(text: str, phrase: str) -> None:
    with pytest.raises(ReportgenError) as raised:
        import_bytes(text.encode(), "long.txt")
    assert phrase in raised.value.message and "文本文件" in raised.value.message


# -- Word (.docx): decompression bombs -------------------------------------------------------------------


def write_docx(path: Path, document_xml: Iterator[bytes]) -> Path:
    """A copy of a real Word file with word/document.xml streamed from `document_xml`."""
    with zipfile.ZipFile(WORD_FIXTURE) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename == "word/document.xml":
                with target.open(member.filename, "w", force_zip64=True) as stream:
                    for chunk in document_xml:
                        stream.write(chunk)
            else:
                target.writestr(member, source.read(member))
    return path


HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
TAIL = b"</w:body></w:document>"


def zeros(size: int) -> Iterator[bytes]:
    block = bytes(CHUNK)
    for _ in range(size // CHUNK):
        yield block


def body(parts: Callable[[], Iterator[bytes]]) -> Iterator[bytes]:
    yield HEAD
    batch: list[bytes] = []
    for part in parts():
        batch.append(part)
        if len(batch) == 10_000:
            yield b"".join(batch)
            batch = []
    yield b"".join(batch)
    yield TAIL


def test_a_docx_inflating_to_a_gibibyte_is_refused_before_inflating(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "bomb.docx", iter([HEAD, *zeros(GIB), TAIL]))
    assert path.stat().st_size < 2 * CHUNK
    assert_refused_cheaply(path, "word/document.xml", "1,024 MB", f"上限 {limits.ZIP_MEMBER_BYTES // CHUNK} MB")


def test_a_docx_with_two_million_paragraphs_is_refused_quickly(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "paragraphs.docx", body(lambda: (b"<w:p/>" for _ in range(2_000_000))))
    assert path.stat().st_size < 300 * 1024
    assert_refused_cheaply(path, "word/document.xml", f"{limits.ZIP_RATIO}:1")


def test_too_many_paragraphs_within_the_size_limits_are_refused(tmp_path: Path) -> None:
    """Paragraphs that compress like real text (ratio below the limit), but 100,000 of them."""

    def paragraphs() -> Iterator[bytes]:
        for number in range(100_000):
            yield f"<w:p><w:r><w:t>第{number * 7919 % 100_003}段</w:t></w:r></w:p>".encode()

    path = write_docx(tmp_path / "paragraphs.docx", body(paragraphs))
    assert_refused_cheaply(path, f"Word 文件的段落超过上限 {limits.PARAGRAPHS:,} 段")  # counted before python-docx


def test_too_many_table_cells_within_the_size_limits_are_refused(tmp_path: Path) -> None:
    def rows() -> Iterator[bytes]:
        yield b"<w:tbl>"
        for number in range(12_000):
            cells = "".join(f"<w:tc><w:p><w:r><w:t>{number * 7919 % 100_003 + column}</w:t></w:r></w:p></w:tc>"
                            for column in range(5))
            yield f"<w:tr>{cells}</w:tr>".encode()
        yield b"</w:tbl>"

    path = write_docx(tmp_path / "cells.docx", body(rows))
    assert_refused_cheaply(path, f"Word 文件的表格单元格超过上限 {limits.CELLS:,} 个")  # counted before python-docx


def test_a_zip_listing_too_many_members_is_refused_before_python_reads_its_directory(tmp_path: Path) -> None:
    path = tmp_path / "members.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", HEAD + TAIL)
        for number in range(100_000):
            archive.writestr(zipfile.ZipInfo(f"{number}"), b"")
    message = assert_refused_cheaply(path, "100,001 个部件", f"上限 {limits.ZIP_MEMBERS:,} 个")
    assert message.startswith("压缩包的目录")


def test_a_damaged_member_is_reported_as_a_damaged_word_file() -> None:
    """Flipped bytes inside word/document.xml's deflated data: zlib fails while the limits are checked."""
    data = bytearray(WORD_FIXTURE.read_bytes())
    with zipfile.ZipFile(WORD_FIXTURE) as archive:
        member = archive.getinfo("word/document.xml")
    start = member.header_offset + 30 + len(member.filename) + len(member.extra)
    for index in range(start + 100, start + 400):
        data[index] ^= 0x5A
    with pytest.raises(ReportgenError) as raised:
        import_bytes(bytes(data), "damaged.docx")
    assert raised.value.message.startswith("这个 Word（.docx）文件已损坏，无法读取")


def test_a_real_word_file_is_within_every_limit() -> None:
    limits.check_docx(WORD_FIXTURE.read_bytes())


# -- PDF: a flate stream inflating to a gibibyte -----------------------------------------------------------


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of `objects` (numbered from 1, the first the catalog), with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body_ in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body_ + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def write_pdf(path: Path, content: bytes, filters: str = "/FlateDecode") -> Path:
    """A one-page PDF whose page content stream is `content`, already encoded with `filters`."""
    path.write_bytes(pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(content), filters.encode()) + content + b"\nendstream",
    ]))
    return path


@pytest.fixture(scope="module")
def gibibyte_of_zeros_deflated() -> bytes:
    deflate = zlib.compressobj(9)
    return b"".join(deflate.compress(block) for block in zeros(GIB)) + deflate.flush()


def test_a_pdf_inflating_to_a_gibibyte_is_refused_before_inflating(tmp_path: Path,
                                                                   gibibyte_of_zeros_deflated: bytes) -> None:
    path = write_pdf(tmp_path / "bomb.pdf", gibibyte_of_zeros_deflated)
    assert path.stat().st_size < 2 * CHUNK
    assert_refused_cheaply(path, "PDF", f"上限 {limits.PDF_STREAM_BYTES // CHUNK} MB")


@pytest.mark.parametrize("filters", ["[/FlateDecode /FlateDecode]", "[/AHx /Fl]"])
def test_a_pdf_bomb_behind_another_filter_is_refused(tmp_path: Path, gibibyte_of_zeros_deflated: bytes,
                                                     filters: str) -> None:
    """Deflated twice (a few kilobytes), or hex-encoded first: the filters are applied in order."""
    outer = zlib.compress(gibibyte_of_zeros_deflated, 9) if "/FlateDecode /FlateDecode" in filters \
        else gibibyte_of_zeros_deflated.hex().encode() + b">"
    path = write_pdf(tmp_path / "bomb.pdf", outer, filters)
    assert_refused_cheaply(path, "PDF", f"上限 {limits.PDF_STREAM_BYTES // CHUNK} MB")


def test_a_run_length_bomb_is_refused(tmp_path: Path) -> None:
    """RunLength repeats a byte up to 128 times for 2 bytes: 600 KB decode to 38 MB."""
    path = write_pdf(tmp_path / "bomb.pdf", b"\x81\x00" * 300_000 + b"\x80", "/RunLengthDecode")
    assert_refused_cheaply(path, "PDF", f"上限 {limits.PDF_STREAM_BYTES // CHUNK} MB")


def test_a_pdf_with_too_many_pages_is_refused() -> None:
    pages = limits.PDF_PAGES + 1
    kids = b" ".join(b"%d 0 R" % (3 + number) for number in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages]
    with pytest.raises(ReportgenError) as raised:
        import_bytes(pdf_file(objects), "pages.pdf")
    assert f"PDF 文件有 {pages:,} 页，超过上限 {limits.PDF_PAGES:,} 页" in raised.value.message


def test_a_form_drawn_a_thousand_times_is_refused_before_pdfplumber_builds_its_characters(tmp_path: Path) -> None:
    """Small streams, no compression: a form of 1,000 characters drawn 1,000 times is a million
    characters, that pdfplumber would make an object of each."""

    def stream(dictionary: bytes, content: bytes) -> bytes:
        return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(content), content)

    font = b"<< /Font << /F1 6 0 R >> >>"
    path = tmp_path / "forms.pdf"
    path.write_bytes(pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /X 5 0 R >> >> >>",
        stream(b"", b"q /X Do Q\n" * 1000),
        stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources " + font,
               b"BT /F1 1 Tf 10 10 Td (" + b"a" * 1000 + b") Tj ET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]))
    assert path.stat().st_size < 20 * 1024
    assert_refused_cheaply(path, "第 1 页", f"超过 {limits.PDF_PAGE_OBJECTS:,} 个文字、线条或图片")


def test_ordinary_streams_pass_the_pdf_check(tmp_path: Path) -> None:
    text = b"BT /F1 12 Tf 72 720 Td (2020) Tj ET\n" * 1000
    check_pdf(write_pdf(tmp_path / "page.pdf", zlib.compress(text)).read_bytes())
    assert decoded_size(memoryview(zlib.compress(text)), [b"FlateDecode"]) == len(text)
    assert decoded_size(memoryview(zlib.compress(text).hex().encode()), [b"AHx", b"Fl"]) == len(text)
    assert decoded_size(memoryview(b"\x81a\x02abc\x80"), [b"RL"]) == 128 + 3
    assert decoded_size(memoryview(b"\xff\xd8 a JPEG"), [b"DCTDecode"]) == 0
