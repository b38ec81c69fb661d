"""One paragraph looked at as a whole: its figure references and the figures it states in words.

Figures are recognised in the paragraph as printed (references replaced by their figures), so the
phrase around a reference still counts; a figure printed by a reference agrees with its table by
construction and is never reported. Each statement knows where its figure was written in the file's
text, so `bind` can replace exactly those characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Agency, Report
from .inline import Segment, segments
from .paragraphs import Paragraph
from .statements import Check, Statement, check, statements


@dataclass(frozen=True)
class StatedFigure:
    check: Check
    source_start: int | None  # where the figure is written in the paragraph's source text
    source_end: int | None  # (None for a negation, or a figure printed by a reference)

    @property
    def statement(self) -> Statement:
        return self.check.statement


def stated_figures(paragraph: Paragraph, agency: Agency | None, report: Report) -> list[StatedFigure]:
    """The figures a paragraph states in words (not through references), checked against the tables."""
    text = paragraph.text.value
    pieces = segments(text, agency, report)
    printed = "".join(piece.text for piece in pieces)
    result: list[StatedFigure] = []
    for statement in statements(printed, report, paragraph.section):
        span = _source_span(pieces, statement.start, statement.end)
        if span is False:
            continue  # printed by a reference
        start, end = span if span else (None, None)
        result.append(StatedFigure(check(statement, agency, report), start, end))
    return result


def _source_span(pieces: list[Segment], start: int, end: int) -> tuple[int, int] | bool | None:
    """The source offsets of printed text [start, end): False when it touches a reference's figure."""
    position = 0
    for piece in pieces:
        piece_end = position + len(piece.text)
        if start < piece_end and end > position:
            if piece.inline is not None:
                return False
            if start >= position and end <= piece_end:
                offset = piece.source_start - position
                return start + offset, end + offset
            return None  # spans a literal piece and something else: keep it, but never rewrite it
        position = piece_end
    return None
