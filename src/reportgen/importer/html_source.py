"""An HTML page (a government site's article page, or reportgen's own output) into units.

The standard library's `html.parser` reads the page into a small tree, tolerant of what real
pages do (unclosed <p>, <td> and <tr>, stray end tags). Then:

- scripts, styles, forms and hidden elements are skipped; <title> and the publication-date
  <meta> tags that content systems write (PubDate, firstpublishedtime …) are kept aside;
- a table that holds other tables is page layout: its cells are read as ordinary content;
- every other table is data: each <td>/<th> is one unit (a merged cell once, whatever its rowspan
  or colspan; text on several lines inside it joined with line breaks), the last of a <tr> ends a
  row; the <caption> is left out;
- outside tables every block element (<p>, <div>, <li>, <h1>…) and every <br> starts a new
  paragraph; <h1>–<h3> give a heading level.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .limits import HTML_DEPTH, HTML_ELEMENTS, refuse
from .source_units import Source, SourceUnit

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "select",
                   "button", "textarea", "canvas", "audio", "video", "caption", "head"})
_BLOCK = frozenset({"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "ul", "ol",
                    "li", "dl", "dt", "dd", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "table",
                    "tr", "td", "th", "thead", "tbody", "tfoot", "form", "fieldset", "address", "figure",
                    "figcaption", "center", "hr", "body", "html"})
_HEADING_LEVEL = {"h1": 1, "h2": 2, "h3": 3}
_PUBLISHED_META = ("pubdate", "publishdate", "firstpublishedtime", "published_time", "article:published_time",
                   "publish_date", "releasedate", "dc.date.issued", "dcterms.issued")
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = None


class _TreeBuilder(HTMLParser):
    """A forgiving tree: closes what HTML closes implicitly, ignores end tags it cannot place."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, 1)
        self.stack = [self.root]
        self.meta: dict[str, str] = {}
        self.title: list[str] = []
        self._in_title = False
        self.elements = 0

    def _close_to(self, tags: set[str], stop: set[str]) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[index].tag
            if tag in stop:
                return
            if tag in tags:
                del self.stack[index:]
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag == "meta":
            name = (values.get("name") or values.get("property") or values.get("itemprop") or "").lower()
            if name and values.get("content"):
                self.meta[name] = values["content"]
        if tag == "title":
            self._in_title = True
        if tag in ("p", "li", "dt", "dd") or tag in _HEADING_LEVEL:
            self._close_to({"p"}, {"table", "td", "th", "div", "li", "body"})
        if tag == "li":
            self._close_to({"li"}, {"ul", "ol", "table"})
        if tag in ("td", "th"):
            self._close_to({"td", "th"}, {"tr", "table"})
        if tag == "tr":
            self._close_to({"tr"}, {"table"})
        if tag in ("thead", "tbody", "tfoot"):
            self._close_to({"thead", "tbody", "tfoot"}, {"table"})
        line = self.getpos()[0]
        element = Element(tag, values, line, parent=self.stack[-1])
        self.stack[-1].children.append(element)
        self.elements += 1
        if self.elements > HTML_ELEMENTS:
            raise refuse(f"网页的元素超过上限 {HTML_ELEMENTS:,} 个（第 {line} 行）")
        if tag not in _VOID:
            self.stack.append(element)
            if len(self.stack) - 1 > HTML_DEPTH:
                raise refuse(f"网页的元素层层嵌套超过上限 {HTML_DEPTH} 层（第 {line} 行）")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in _VOID and self.stack[-1].tag == tag.lower():
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag == "title":
            self._in_title = False
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return
            if self.stack[index].tag == "table" and tag != "table":
                return  # an end tag of something outside the table: not ours to close

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        self.stack[-1].children.append(data)


def _hidden(element: Element) -> bool:
    return element.tag in _SKIP or "hidden" in element.attrs or bool(_HIDDEN.search(element.attrs.get("style", "")))


def _descendants(element: Element, enter: Callable[[Element], bool]) -> Iterator[Element]:
    """The visible elements under `element` in document order, going inside those `enter` accepts;
    with a stack of its own, not recursion."""
    frames = [iter(element.children)]
    while frames:
        child = next(frames[-1], None)
        if child is None:
            frames.pop()
        elif isinstance(child, Element) and not _hidden(child):
            yield child
            if enter(child):
                frames.append(iter(child.children))


def _contains_table(element: Element) -> bool:
    frames = [iter(element.children)]
    while frames:
        child = next(frames[-1], None)
        if child is None:
            frames.pop()
        elif isinstance(child, Element):
            if child.tag == "table":
                return True
            frames.append(iter(child.children))
    return False


class _Walker:
    def __init__(self) -> None:
        self.units: list[SourceUnit] = []
        self.buffer: list[str] = []
        self.line = 1
        self.level = 0
        self.tables = 0

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.buffer)).strip(" ")
        if text.strip():
            self.units.append(SourceUnit(text, self.line, level=self.level))
        self.buffer = []
        self.level = 0

    def walk(self, root: Element) -> None:
        """Depth first, with a stack of its own: a deeply nested page needs no deep recursion."""
        frames: list[tuple[Element, Iterator[Element | str], bool]] = [(root, iter(root.children), False)]
        while frames:
            element, children, block = frames[-1]
            child = next(children, None)
            if child is None:
                frames.pop()
                if block:
                    self.flush()
                continue
            if isinstance(child, str):
                if not self.buffer:
                    self.line = element.line
                self.buffer.append(child)
                continue
            if _hidden(child):
                continue
            if child.tag == "br":
                self.flush()
                continue
            if child.tag == "table" and not _contains_table(child):
                self.flush()
                self.table(child)
                continue
            block = child.tag in _BLOCK
            if block:
                self.flush()
                self.line = child.line
                if child.tag in _HEADING_LEVEL:
                    self.level = _HEADING_LEVEL[child.tag]
            frames.append((child, iter(child.children), block))

    def table(self, table: Element) -> None:
        self.tables += 1
        rows = [element for element in _descendants(table, lambda child: child.tag not in ("tr", "table"))
                if element.tag == "tr"]
        first = True
        for row in rows:
            cells = [child for child in row.children if isinstance(child, Element) and child.tag in ("td", "th")
                     and not _hidden(child)]
            for index, cell in enumerate(cells):
                self.units.append(SourceUnit(_cell_text(cell), cell.line, cell=True, row_end=index == len(cells) - 1,
                                       blank_before=first, table_id=self.tables))
                first = False


def _cell_text(cell: Element) -> str:
    """A cell's text; block elements and <br> inside it become line breaks."""
    parts: list[str] = []
    frames: list[tuple[Iterator[Element | str], bool]] = [(iter(cell.children), False)]
    while frames:
        children, block = frames[-1]
        child = next(children, None)
        if child is None:
            frames.pop()
            if block:
                parts.append("\n")
        elif isinstance(child, str):
            parts.append(_SPACE.sub(" ", child))
        elif _hidden(child):
            continue
        elif child.tag == "br":
            parts.append("\n")
        else:
            block = child.tag in _BLOCK
            if block:
                parts.append("\n")
            frames.append((iter(child.children), block))
    lines = [line.strip(" ") for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line.strip())


def charset(data: bytes) -> str | None:
    """The encoding a page declares in its first few kilobytes."""
    head = data[:4096].decode("ascii", errors="replace")
    match = re.search(r"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", head, re.I)
    if not match:
        return None
    name = match.group(1).lower()
    return "gb18030" if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk") else name


def read_html(text: str) -> Source:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    walker = _Walker()
    walker.walk(builder.root)
    walker.flush()
    published = next((builder.meta[name] for name in _PUBLISHED_META if builder.meta.get(name)), None)
    title = _SPACE.sub(" ", "".join(builder.title)).strip() or None
    shapes = ["HTML 表格（合并单元格）"] if walker.tables else []
    return Source(walker.units, "网页", shapes, published=published, title_hint=title)
