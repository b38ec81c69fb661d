"""Which format a report's bytes are, and the reader that turns them into units: text, HTML, Word
(.docx; .doc converted by LibreOffice), PDF or a workbook (.xlsx). A source beyond the limits
(`limits`) is refused before it costs much memory or time."""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from io import BytesIO

from ..children import run_group, scratch_folder
from ..errors import ReportgenError
from ..libreoffice import find_soffice
from .limits import check_text, check_units, check_zip_directory
from .source_units import Source

#: Larger sources are refused: a report is a few hundred kilobytes, a PDF a few megabytes.
MAX_BYTES = 50 * 1024 * 1024
_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|body|table|p|div|h[1-6]|meta|head)[\s>/]", re.I)


def _kind(data: bytes, suffix: str) -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        check_zip_directory(data)
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
                from .xlsx_source import is_workbook

                if is_workbook(archive):
                    return "xlsx"
        except zipfile.BadZipFile:
            pass
        raise ReportgenError("这是一个压缩包，但不是 Word（.docx）或 Excel（.xlsx）文件。")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if suffix in (".xls", ".et"):
            raise ReportgenError("这是旧版 Excel（.xls）文件：请用 Excel 或 WPS 另存为 .xlsx 后再导入。")
        return "doc"
    if suffix in (".htm", ".html", ".shtml", ".xhtml") or _HTML.search(data[:8192]):
        return "html"
    if suffix in (".docx", ".pdf", ".xlsx"):
        raise ReportgenError(f"文件扩展名是 {suffix}，内容却不是：文件可能已损坏。")
    return "text"


DOC_TIMEOUT_SECONDS = 180  # LibreOffice's .doc → .docx conversion, then it is ended with all it started


def _doc_to_docx(data: bytes) -> bytes:
    office = find_soffice()
    if office is None:
        raise ReportgenError("这是旧版 Word（.doc）文件：请用 Word 或 WPS 另存为 .docx 后再导入"
                             "（装有 LibreOffice 时可以直接导入）。")
    with scratch_folder("doc") as folder:
        source = folder / "report.doc"
        source.write_bytes(data)
        profile = (folder / "profile").as_uri()  # its own profile: another LibreOffice may be running
        command = [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                   "--outdir", str(folder), str(source)]
        try:
            run_group(command, timeout=DOC_TIMEOUT_SECONDS, environment=os.environ, scratch=folder)
        except subprocess.TimeoutExpired as error:
            raise ReportgenError("用 LibreOffice 转换 .doc 文件超时。") from error
        except OSError as error:
            raise ReportgenError(f"无法运行 LibreOffice（{office}）：{error.strerror or error}。") from error
        converted = folder / "report.docx"
        if not converted.exists():
            raise ReportgenError("无法用 LibreOffice 把 .doc 文件转换为 .docx：请另存为 .docx 后再导入。")
        return converted.read_bytes()


def read_source(data: bytes, suffix: str = "") -> Source:
    """The units of a report's bytes, whatever its format; a source beyond the limits (`limits`) is
    refused before it costs much memory or time."""
    source = _read_source(data, suffix)
    check_units(source.units)
    if source.kind != "纯文本":  # text is converted and broken up as it is read (`text_source`)
        from .run_together import break_units
        from .traditional import simplify_source

        source = simplify_source(source)
        source.units = break_units(source.units)
    return source


def _read_source(data: bytes, suffix: str) -> Source:
    if len(data) > MAX_BYTES:
        raise ReportgenError(f"文件太大（{len(data) // (1024 * 1024)} MB，最多 {MAX_BYTES // (1024 * 1024)} MB）。")
    kind = _kind(data, suffix.lower())
    if kind == "xlsx":
        from .xlsx_source import read_xlsx

        return read_xlsx(data)
    if kind == "pdf":
        from .pdf_source import read_pdf

        return read_pdf(data)
    if kind in ("docx", "doc"):
        from .docx_source import read_docx

        return read_docx(data if kind == "docx" else _doc_to_docx(data))
    from .text_source import decode

    if kind == "html":
        from .html_source import charset, read_html

        declared = charset(data)
        if declared:
            try:
                return read_html(data.decode(declared, errors="replace"))
            except LookupError:
                pass
        return read_html(decode(data))
    from .text_source import read_text

    check_text(data)
    from .traditional import SHAPE, simplify_text

    text = decode(data)
    converted = simplify_text(text)
    source = read_text(converted if converted is not None else text)
    if converted is not None:
        source.shapes.append(SHAPE)
        source.original_text = text
    return source
