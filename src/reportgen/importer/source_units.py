"""What every source is read into: a flat sequence of units, each a paragraph or a table cell.

Text, HTML, Word and PDF readers differ only in how they find units; everything after them (the
report's structure, the three tables) reads units. A unit knows where it came from (the line of
the source, or of the text extracted from it) and what its source says about it: whether it was a
cell of a table the source marks as such, whether a table row ends after it, whether a blank line
came before it, and a heading level when the source has one (HTML h1–h3, Word heading styles).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cell_values import clean


@dataclass
class SourceUnit:
    text: str
    line: int | None = None
    cell: bool = False  # a cell of a table the source marks (tabs, |, <td>, a Word table)
    row_end: bool = False  # the source ends a table row after this cell
    blank_before: bool = True  # a paragraph break (blank line, new element) precedes it
    level: int = 0  # heading level the source gives it: 1 title, 2 section, 3 part; 0 none
    table_id: int | None = None  # the source table it belongs to (HTML, Word, PDF grids)
    value_cell: bool = False  # a workbook cell where a figure goes (after a label): text in it is a bad value

    @property
    def clean(self) -> str:
        return clean(self.text)


@dataclass
class Source:
    """A source read into units, with what the reader learnt on the way."""

    units: list[SourceUnit]
    kind: str  # 纯文本 / 网页 / Word / PDF
    shapes: list[str] = field(default_factory=list)  # the table shapes met, in Chinese
    published: str | None = None  # a publication date the page states (metadata), as printed
    title_hint: str | None = None  # <title>, Word core properties …
    where: dict[int, str] = field(default_factory=dict)  # a workbook: unit line → 工作表“表三”D7
    original_text: str | None = None  # the text as printed, when it was read converted (Traditional)


# -- page furniture: text of the web site or the printed page, not of the report ----------------

_FURNITURE = re.compile(
    r"^(?:"
    r"主办单位|承办单位|协办单位|主管单位|技术支持|网站标识码|网站识别码|版权所有|copyright|©|"
    r".*ICP备|.*公网安备|京公网|网站地图|联系我们|关于我们|打印本页|【?打印】?|【?关闭】?|关闭窗口|"
    r"分享到|扫一扫|字号[:：]|【字体|字体[:：]|来源[:：]|浏览次数|访问量|阅读次数|点击数|"
    r"索引号|分类[:：]|主题分类|发文机关|发布机构|文号|主题词|"
    r"首页\s*[>＞›»]|当前位置|您当前的位置|您现在的位置|上一篇|下一篇|相关链接|相关文章|附件[:：]"
    r")",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}|"
    r"[Pp]age\s*\d{1,3}(?:\s*of\s*\d{1,3})?)$"
)


def is_furniture(text: str) -> bool:
    """A line of the web site's frame or the printed page (footer, breadcrumb, page number)."""
    stripped = clean(text)
    return bool(stripped) and (bool(_FURNITURE.match(stripped)) or bool(_PAGE_NUMBER.match(stripped)))


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(clean(text)))
