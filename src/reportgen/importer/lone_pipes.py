"""Tables printed one cell per line with lines holding only “|” among them, rewritten as the
one-cell-per-line shape the text reader knows (“\\t” + cell, “\\t” alone a blank cell, a blank line
ending a row).

Two layouts are met:

- a “|” line *between cells* (every part between two “|” lines holds at most one cell): two “|”
  lines with nothing between them are a blank cell; rows are not marked, and the line just before
  the first “|” and just after the last are the table's first and last cells;
- a “|” line *starting each row*: the lines after it, up to the next “|”, are the cells of one row.

A block of such lines ends at a blank line after the last “|” (rows), at prose, or at a heading.
"""

from __future__ import annotations

import re

from .run_together import is_section_heading

#: A part between two “|” lines with more lines than this is not a table row.
_MAX_ROW = 16
_MAX_CELL = 60
_PROSE = re.compile(r"[。；！？]")

Line = tuple[int, str]


def _lone_pipe(text: str) -> bool:
    return text.strip() in ("|", "｜")


def _cell_like(text: str) -> bool:
    """A line that may be a cell: short, not a sentence, not a section heading."""
    stripped = text.strip()
    return (len(stripped) <= _MAX_CELL and not _PROSE.search(stripped) and "\t" not in text
            and not is_section_heading(stripped))


def _segments(lines: list[Line], start: int) -> tuple[list[list[Line]], int]:
    """The parts between “|” lines from lines[start] (a “|” line), and the index after the last “|”."""
    segments: list[list[Line]] = []
    current: list[Line] = []
    index, last_pipe = start + 1, start
    while index < len(lines):
        text = lines[index][1]
        if _lone_pipe(text):
            segments.append(current)
            current, last_pipe = [], index
        elif not text.strip():
            pass
        elif not _cell_like(text) or len(current) >= _MAX_ROW:
            break
        else:
            current.append(lines[index])
        index += 1
    return segments, last_pipe + 1


def _trailing_row(lines: list[Line], index: int) -> tuple[list[Line], int]:
    """The cells after the last “|” of a row-start block: up to a blank line, prose or a long line."""
    row: list[Line] = []
    while index < len(lines) and lines[index][1].strip() and _cell_like(lines[index][1]) and len(row) < _MAX_ROW:
        row.append(lines[index])
        index += 1
    return row, index


def _cell(number: int, text: str) -> Line:
    return number, "\t" + text.strip()


def _lines_of_cell(segment: list[Line]) -> list[Line]:
    """One cell printed over several lines (“社会公益” “组织”): the first line starts the cell, the
    others continue it."""
    first, *rest = segment
    return [_cell(*first), *((number, text.strip()) for number, text in rest)]


def _between_cells(lines: list[Line], start: int, segments: list[list[Line]], end: int) -> tuple[list[Line], int]:
    out: list[Line] = []
    if start > 0 and lines[start - 1][1].strip() and _cell_like(lines[start - 1][1]):
        out.append(_cell(*lines[start - 1]))
    for segment in segments:
        out.extend(_lines_of_cell(segment) if segment else [(lines[start][0], "\t")])
    if end < len(lines) and lines[end][1].strip() and _cell_like(lines[end][1]):
        out.append(_cell(*lines[end]))
        end += 1
    return [*out, (out[-1][0], "")], end


def _row_starts(lines: list[Line], segments: list[list[Line]], end: int) -> tuple[list[Line], int]:
    out: list[Line] = []
    last, end = _trailing_row(lines, end)
    for row in [*segments, last]:
        if row:
            out += [_cell(*line) for line in row] + [(row[-1][0], "")]
    return out, end


def rewrite_lone_pipes(lines: list[Line]) -> list[Line]:
    """The lines with every block of lone-“|” cells in the one-cell-per-line shape."""
    out: list[Line] = []
    index = 0
    while index < len(lines):
        if not _lone_pipe(lines[index][1]):
            out.append(lines[index])
            index += 1
            continue
        segments, end = _segments(lines, index)
        if not segments:
            index += 1  # a stray “|”
            continue
        if sum(len(segment) <= 1 for segment in segments) >= 0.75 * len(segments):
            if out and lines[index - 1] == out[-1] and _cell_like(out[-1][1]) and out[-1][1].strip():
                out.pop()  # the table's first cell, taken again as a cell
            rewritten, index = _between_cells(lines, index, segments, end)
        else:
            rewritten, index = _row_starts(lines, segments, end)
        out += rewritten
    return out
