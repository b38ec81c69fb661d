"""Plain text (a report copied from a web page, a converted document) into units.

The shapes real pages take, all read here:

- one line per paragraph, blank lines or not between them;
- tab-separated rows: a line with tabs inside is a table row, one cell per tab-separated field
  (an empty field is a blank cell);
- one cell per line, each line starting with a tab, rows separated by blank lines (a line holding
  only a tab, or a tab and spaces, is a blank cell; a line without a tab right after a cell
  continues that cell, as in “本年新\\n制作数量”);
- markdown tables: `| a | b |` rows, the `|---|` line skipped, an empty field a blank cell; rows
  without the outer bars (`规章 | 0 | 0 | 5`) too;
- one cell per line with lines holding only `|` between cells or starting rows (`lone_pipes`);
- everything run together on one line, or a few (`run_together`);
- one cell per paragraph (blank-line separated) without any marks: the cells are paragraphs, and
  a blank cell cannot be seen (the table reader counts the values to find out).
"""

from __future__ import annotations

import re

from .cell_values import Printed, read_value
from .labels import matches
from .lone_pipes import rewrite_lone_pipes
from .run_together import numbered_lines
from .source_units import Source, SourceUnit

_MARKDOWN_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MARKDOWN_RULE = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$")
_SENTENCE_END = re.compile(r"[。！？；;!?]\s*$")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+)")
_BULLET = re.compile(r"^\s*[•·●▪■◆○◇※►▶]\s*")


def decode(data: bytes) -> str:
    """Bytes of a text file as text: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def _pipe_row(line: str) -> bool:
    """A markdown row “| a | b |”, or fields set apart by “|” without the outer ones (“规章 | 0 | 0 | 5”)."""
    bars = line.count("|")
    if bars >= 2 and _MARKDOWN_ROW.match(line):
        return True
    if not bars or _SENTENCE_END.search(line.replace("|", "").strip()):
        return False
    fields = line.split("|")
    values = [read_value(field) for field in fields]
    return (bars >= 2 or any(value is not None and value.kind is not Printed.BLANK for value in values)
            or all(matches(field) for field in fields if field.strip()))


def _markdown_cells(line: str) -> list[str]:
    body = line.strip()
    if _MARKDOWN_ROW.match(line):  # the outer bars of a markdown row; elsewhere a bar at an end is a blank cell
        body = body[1:]
        body = body[:-1] if not body.endswith("\\|") else body
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", body)]


def _continues(cell: SourceUnit, line: str) -> bool:
    """Whether a line without a tab, right after a one-cell-per-line cell, is the rest of that cell."""
    stripped = line.strip()
    if not stripped or len(stripped) > 24 or _SENTENCE_END.search(stripped) or _HEADING.match(stripped):
        return False
    previous = cell.text.strip()
    return bool(previous) and not previous[-1].isdigit()


def read_text(text: str) -> Source:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    reader = _TextReader()
    for number, line in rewrite_lone_pipes(numbered_lines(text)):
        if not line.strip() and "\t" not in line:
            reader.blank_line()
        elif _pipe_row(line):
            if not _MARKDOWN_RULE.match(line):
                reader.pipe_row(line, number)
        elif "\t" in line:
            reader.tab_row(line, number)
        else:
            reader.other_line(line, number)
    reader.close_open_cell()
    return Source(reader.units, "纯文本", reader.shapes)


class _TextReader:
    """The units of the lines read so far, and the table the last of them is in."""

    def __init__(self) -> None:
        self.units: list[SourceUnit] = []
        self.shapes: list[str] = []
        self.blank = True  # the line before was blank
        self.open_cell: SourceUnit | None = None  # the last one-cell-per-line cell, while its row is open
        self.table_id = 0
        self.in_table = False

    def shape(self, name: str) -> None:
        if name not in self.shapes:
            self.shapes.append(name)

    def start_table(self) -> int:
        if not self.in_table:
            self.table_id += 1
            self.in_table = True
        return self.table_id

    def close_open_cell(self) -> None:
        if self.open_cell is not None:
            self.open_cell.row_end = True
        self.open_cell = None

    def blank_line(self) -> None:
        self.close_open_cell()
        self.blank = True

    def add_row(self, cells: list[str], number: int, table_id: int) -> None:
        for index, cell_text in enumerate(cells):
            self.units.append(SourceUnit(cell_text, number, cell=True, row_end=index == len(cells) - 1,
                                         blank_before=self.blank and index == 0, table_id=table_id))

    def pipe_row(self, line: str, number: int) -> None:
        """| a | b | c |: a markdown table's row."""
        self.shape("markdown 表格")
        self.add_row(_markdown_cells(line), number, self.start_table())
        self.open_cell, self.blank = None, False

    def tab_row(self, line: str, number: int) -> None:
        """A row of cells set apart by tabs, or one cell of a row printed a cell per line (a leading tab)."""
        table_id = self.start_table()
        body = line.rstrip("\n")
        if body.startswith("\t") and body.count("\t") == 1:
            self.shape("每格一行（行首制表符）")
            cell = SourceUnit(body[1:], number, cell=True, blank_before=self.blank, table_id=table_id)
            self.units.append(cell)
            self.open_cell = cell
        else:
            self.shape("制表符分隔的行")
            self.close_open_cell()
            self.add_row(body.split("\t"), number, table_id)
        self.blank = False

    def other_line(self, line: str, number: int) -> None:
        """The rest of a cell printed over several lines, or a line of prose (which ends any table)."""
        if self.open_cell is not None and _continues(self.open_cell, line):
            self.open_cell.text = f"{self.open_cell.text}\n{line.strip()}"
            return
        self.close_open_cell()
        self.in_table = False
        self.units.append(SourceUnit(_BULLET.sub("", line).strip(), number, blank_before=self.blank))
        self.blank = False
