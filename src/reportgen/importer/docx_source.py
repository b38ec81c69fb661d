"""A Word document (.docx) into units, with python-docx (already installed with docxtpl).

The body is read in order, paragraphs and tables interleaved. A table cell merged across columns
(gridSpan) is one unit; a cell merged down (vMerge) is read in its first row only, its
continuation cells are skipped. A table nested in a cell is read as its own table after the
cell. Heading styles (Title, Heading 1–3, 标题 1–3) give heading levels. Units are numbered by
paragraph (“第 n 段”), as Word has no lines.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ..errors import ReportgenError
from .limits import check_docx
from .source_units import Source, SourceUnit

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def _level(style_name: str) -> int:
    name = style_name.strip().lower()
    if name in ("title", "标题"):
        return 1
    match = _HEADING_STYLE.match(name)
    if match:
        return min(int(match.group(1)) + 1, 3)
    return 0


def _paragraph_text(element: Any) -> str:
    """A w:p's text, tabs and line breaks included."""
    parts: list[str] = []
    for node in element.iter():
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


class _Reader:
    def __init__(self) -> None:
        self.units: list[SourceUnit] = []
        self.count = 0  # paragraphs and cells, for “第 n 段”
        self.tables = 0

    def body(self, element: Any, styles: dict[str, str]) -> None:
        for child in element.iterchildren():
            if child.tag == f"{_W}p":
                self.paragraph(child, styles)
            elif child.tag == f"{_W}tbl":
                self.table(child, styles)
            elif child.tag == f"{_W}sdt":  # content controls wrap ordinary content
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    self.body(content, styles)

    def paragraph(self, element: Any, styles: dict[str, str]) -> None:
        self.count += 1
        text = _paragraph_text(element)
        style = element.find(f"{_W}pPr/{_W}pStyle")
        level = _level(styles.get(style.get(f"{_W}val"), "") if style is not None else "")
        for index, line in enumerate(text.split("\n")):
            if line.strip():
                self.units.append(SourceUnit(line, self.count, level=level, blank_before=index == 0))

    def table(self, element: Any, styles: dict[str, str]) -> None:
        self.tables += 1
        table_id = self.tables
        nested: list[Any] = []
        first = True
        for row in element.iterchildren(f"{_W}tr"):
            cells = []
            for cell in row.iterchildren(f"{_W}tc"):
                merge = cell.find(f"{_W}tcPr/{_W}vMerge")
                if merge is not None and merge.get(f"{_W}val", "continue") == "continue":
                    continue  # the lower part of a cell merged down: read in its first row
                cells.append(cell)
            for index, cell in enumerate(cells):
                self.count += 1
                lines = []
                for child in cell.iterchildren():
                    if child.tag == f"{_W}p":
                        lines.append(_paragraph_text(child).replace("\t", " "))
                    elif child.tag == f"{_W}tbl":
                        nested.append(child)
                text = "\n".join(line for line in lines if line.strip())
                self.units.append(SourceUnit(text, self.count, cell=True, row_end=index == len(cells) - 1,
                                       blank_before=first, table_id=table_id))
                first = False
        for inner in nested:
            self.table(inner, styles)


def read_docx(data: bytes) -> Source:
    try:
        import docx  # python-docx, installed with docxtpl
    except ImportError as missing:  # pragma: no cover - a broken installation
        raise ReportgenError("读取 Word 文件需要 python-docx：请重新安装 reportgen。") from missing
    try:
        check_docx(data)  # before python-docx inflates anything
        document = docx.Document(io.BytesIO(data))
        styles = {style.style_id: style.name or "" for style in document.styles if getattr(style, "style_id", None)}
        reader = _Reader()
        reader.body(document.element.body, styles)
        title = document.core_properties.title or None
    except ReportgenError:
        raise
    except Exception as error:  # a damaged package: zip, XML or relationship errors of every kind
        raise ReportgenError(f"这个 Word（.docx）文件已损坏，无法读取（{type(error).__name__}: {error}）。") from error
    shapes = ["Word 表格（合并单元格）"] if reader.tables else []
    return Source(reader.units, "Word", shapes, title_hint=title)
