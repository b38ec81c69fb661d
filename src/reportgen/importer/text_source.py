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
    units: list[SourceUnit] = []
    shapes: list[str] = []
    blank = True
    open_cell: SourceUnit | None = None  # the last one-cell-per-line cell, while its row is open
    table_id = 0
    in_table = False

    def shape(name: str) -> None:
        if name not in shapes:
            shapes.append(name)

    def start_table() -> int:
        nonlocal table_id, in_table
        if not in_table:
            table_id += 1
            in_table = True
        return table_id

    for number, line in rewrite_lone_pipes(numbered_lines(text)):
        if not line.strip() and "\t" not in line:
            if open_cell is not None:
                open_cell.row_end = True
            open_cell = None
            blank = True
            continue
        if _pipe_row(line):
            if _MARKDOWN_RULE.match(line):
                continue
            shape("markdown 表格")
            tid = start_table()
            cells = _markdown_cells(line)
            for index, cell in enumerate(cells):
                units.append(SourceUnit(cell, number, cell=True, row_end=index == len(cells) - 1,
                                  blank_before=blank and index == 0, table_id=tid))
            open_cell, blank = None, False
            continue
        if "\t" in line:
            tid = start_table()
            body = line.rstrip("\n")
            if body.startswith("\t") and body.count("\t") == 1:
                shape("每格一行（行首制表符）")
                cell = SourceUnit(body[1:], number, cell=True, blank_before=blank, table_id=tid)
                units.append(cell)
                open_cell = cell
            else:
                shape("制表符分隔的行")
                if open_cell is not None:
                    open_cell.row_end = True
                    open_cell = None
                cells = body.split("\t")
                for index, cell_text in enumerate(cells):
                    units.append(SourceUnit(cell_text, number, cell=True, row_end=index == len(cells) - 1,
                                      blank_before=blank and index == 0, table_id=tid))
            blank = False
            continue
        if open_cell is not None and _continues(open_cell, line):
            open_cell.text = f"{open_cell.text}\n{line.strip()}"
            continue
        if open_cell is not None:
            open_cell.row_end = True
            open_cell = None
        in_table = False
        units.append(SourceUnit(_BULLET.sub("", line).strip(), number, blank_before=blank))
        blank = False
    if open_cell is not None:
        open_cell.row_end = True
    return Source(units, "纯文本", shapes)
