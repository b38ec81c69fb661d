"""PDF: the Word report converted by LibreOffice (`soffice --headless --convert-to pdf`).

All documents of a build are converted by one LibreOffice run, with a fresh user profile in a
temporary folder (`-env:UserInstallation=…`), so a LibreOffice the user has open, or an earlier
crash, cannot interfere. Two adjustments make the result look like the Word document:

- Fonts. Where the official fonts (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体, 宋体) are not
  installed — on Linux they never are — fontconfig is told which installed font stands in for each
  (FangSong/KaiTi/SimHei if present, else Noto Serif/Sans CJK SC), only for LibreOffice's process. The
  document keeps the official names.
- The character grid. The default templates state the 28-character pitch as character spacing on a
  line grid, which LibreOffice reads as Word does. A user's template may still carry a character grid
  (docGrid linesAndChars) whose pitch is below the font size: LibreOffice 7.x spreads every character
  over two grid cells there, and newer versions ignore the difference, so the copy handed to
  LibreOffice states the same squeeze as character spacing on the styles that use the grid, with the
  character grid switched off. The .docx written is untouched.

The PDF is tagged (PDF_FILTER): headings, paragraphs and tables are marked, so that screen readers
read it in order and copied text keeps its characters.

A PDF is not reproducible byte for byte: LibreOffice stamps the time and encrypts the embedded fonts
with random bytes. Its text is (tests/test_pdf.py compares the examples' text).
"""

from __future__ import annotations

import io
import math
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from lxml import etree

from ..children import run_group, scratch_folder
from ..errors import ReportgenError
from ..libreoffice import find_soffice

#: LibreOffice is given this long for a build's conversion, then ended with all it started.
TIMEOUT_BASE_SECONDS = 120
TIMEOUT_PER_DOCUMENT_SECONDS = 30
INSTALL_HINT = (
    "生成 PDF 需要 LibreOffice，但没有找到 soffice 命令。请先安装 LibreOffice："
    "Debian/Ubuntu 运行 sudo apt-get install libreoffice-writer（没有图形界面的服务器可装 libreoffice-writer-nogui），"
    "其他系统从 https://www.libreoffice.org 下载；也可以用环境变量 REPORTGEN_SOFFICE 指明 soffice 的位置。"
    "不需要 PDF 时，去掉 --format 中的 pdf 即可。"
)
#: The official fonts and what stands in for each where they are missing, best first.
STAND_INS = {
    "仿宋_GB2312": ("仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC"),
    "仿宋": ("FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC"),
    "楷体_GB2312": ("楷体", "KaiTi", "STKaiti", "AR PL UKai CN", "Noto Serif CJK SC", "Source Han Serif SC"),
    "楷体": ("KaiTi", "STKaiti", "AR PL UKai CN", "Noto Serif CJK SC", "Source Han Serif SC"),
    "黑体": ("SimHei", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC"),
    "方正小标宋简体": ("方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", "Source Han Serif SC"),
    "宋体": ("SimSun", "STSong", "Noto Serif CJK SC", "Source Han Serif SC"),
}
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: LibreOffice's PDF export with its options (JSON form, LibreOffice 7.4 and later): a tagged PDF.
PDF_FILTER = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
_RUN_PROPERTY_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
)


def require_soffice() -> str:
    soffice = find_soffice()
    if soffice is None:
        raise ReportgenError(INSTALL_HINT)
    return soffice


# -- what LibreOffice is given ----------------------------------------------------------------------


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _grid_squeeze(document: etree._Element) -> int | None:
    """The character grid's squeeze as character spacing (twentieths of a point, rounded so that the
    line still holds its characters), and the grid switched to lines only; None without one."""
    grid = document.find(f".//{_w('sectPr')}/{_w('docGrid')}")
    if grid is None or grid.get(_w("type")) not in ("linesAndChars", "snapToChars"):
        return None
    space = int(grid.get(_w("charSpace"), "0"))
    grid.set(_w("type"), "lines")
    grid.attrib.pop(_w("charSpace"), None)
    return math.floor(space * 20 / 4096) if space < 0 else None


def _add_spacing(styles: etree._Element, squeeze: int) -> None:
    """Character spacing on every paragraph style: the squeeze where the text lies on the grid, none
    where a style (or the style it is based on) takes its text off the grid."""
    paragraph_styles = {style.get(_w("styleId")): style for style in styles.iter(_w("style"))
                        if style.get(_w("type")) == "paragraph"}

    def on_grid(style: etree._Element, depth: int = 0) -> bool:
        snap = style.find(f"{_w('pPr')}/{_w('snapToGrid')}")
        if snap is not None:
            return snap.get(_w("val")) not in ("0", "false", "off")
        parent = style.find(_w("basedOn"))
        base = paragraph_styles.get(parent.get(_w("val"))) if parent is not None else None
        return on_grid(base, depth + 1) if base is not None and depth < 20 else True

    for style in paragraph_styles.values():
        properties = style.find(_w("rPr"))
        if properties is None:
            properties = etree.SubElement(style, _w("rPr"))
        if properties.find(_w("spacing")) is not None:
            continue
        spacing = etree.Element(_w("spacing"))
        spacing.set(_w("val"), str(squeeze if on_grid(style) else 0))
        later = [child for child in properties if etree.QName(child).localname not in _RUN_PROPERTY_ORDER]
        if later:
            later[0].addprevious(spacing)
        else:
            properties.append(spacing)


def libreoffice_copy(data: bytes) -> bytes:
    """The .docx as handed to LibreOffice: the character grid restated as character spacing."""
    source = zipfile.ZipFile(io.BytesIO(data))
    document = etree.fromstring(source.read("word/document.xml"))
    squeeze = _grid_squeeze(document)
    if squeeze is None:
        return data
    styles = etree.fromstring(source.read("word/styles.xml"))
    _add_spacing(styles, squeeze)
    replaced = {
        "word/document.xml": etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True),
        "word/styles.xml": etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member, replaced.get(member.filename, source.read(member)))
    return buffer.getvalue()


def fontconfig_file(directory: Path) -> Path | None:
    """A fontconfig file naming the stand-ins (after the official font, so an installed one wins), or
    None where LibreOffice does not use fontconfig."""
    if sys.platform in ("win32", "darwin"):
        return None
    system = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    aliases = "".join(
        f"<alias binding=\"same\"><family>{official}</family><accept>"
        + "".join(f"<family>{family}</family>" for family in stand_ins)
        + "</accept></alias>"
        for official, stand_ins in STAND_INS.items()
    )
    path = directory / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f'<fontconfig><include ignore_missing="yes">{system}</include>{aliases}</fontconfig>\n',
        encoding="utf-8",
    )
    return path


# -- converting --------------------------------------------------------------------------------------


def convert(documents: dict[str, bytes], *, timeout: float | None = None) -> dict[str, bytes]:
    """Convert .docx documents (file stem → bytes) to PDF with one LibreOffice run; stem → PDF bytes."""
    if not documents:
        return {}
    soffice = require_soffice()
    timeout = timeout if timeout is not None else TIMEOUT_BASE_SECONDS + TIMEOUT_PER_DOCUMENT_SECONDS * len(documents)
    with scratch_folder("pdf") as work:
        (work / "in").mkdir()
        (work / "out").mkdir()
        inputs = []
        for stem, data in documents.items():
            path = work / "in" / f"{stem}.docx"
            path.write_bytes(libreoffice_copy(data))
            inputs.append(str(path))
        environment = dict(os.environ)
        fonts = fontconfig_file(work)
        if fonts is not None:
            environment["FONTCONFIG_FILE"] = str(fonts)
        command = [
            soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--invisible",
            "--nologo", "--norestore", "--nodefault", "--nolockcheck",
            "--convert-to", PDF_FILTER, "--outdir", str(work / "out"), *inputs,
        ]
        try:
            finished = run_group(command, timeout=timeout, environment=environment, scratch=work)
        except subprocess.TimeoutExpired as error:
            raise ReportgenError(f"LibreOffice 在 {timeout:.0f} 秒内没有完成 PDF 转换，已放弃。") from error
        except OSError as error:
            raise ReportgenError(f"无法运行 LibreOffice（{soffice}）：{error.strerror or error}。") from error
        results: dict[str, bytes] = {}
        missing = []
        for stem in documents:
            path = work / "out" / f"{stem}.pdf"
            if path.is_file() and path.stat().st_size > 0:
                results[stem] = path.read_bytes()
            else:
                missing.append(stem)
        if missing:
            said = (finished.stderr or finished.stdout).decode("utf-8", "replace").strip()
            raise ReportgenError(
                f"LibreOffice 未能把 {'、'.join(f'{stem}.docx' for stem in missing)} 转换为 PDF"
                f"（退出码 {finished.returncode}）" + (f"：{said[-500:]}" if said else "。")
            )
        return results
