"""Figure references written in a paragraph — `{{表三.本年新收}}` — found, checked and replaced by
their figures.

A paragraph is printed with every reference replaced by the figure it names, formatted as the table
prints it (counts whole, money with four decimals). A reference that names nothing is an error for
`check` (X-0); a draft prints it as written, so the officer sees where it is. (These are not the
【待填写】 marks of `document.PLACEHOLDER_MARK`: those are text still to be written.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Agency, Report
from ..render.values import format_number
from .references import Reference, ReferenceError, parse

OPEN, CLOSE = "{{", "}}"
_WRITTEN = re.compile(r"\{\{(.*?)\}\}", re.S)


@dataclass(frozen=True)
class InlineReference:
    start: int  # offsets in the paragraph, braces included
    end: int
    source: str  # as written, braces included
    reference: Reference | None  # None: it names nothing (see `error`)
    error: ReferenceError | None = None


@dataclass(frozen=True)
class Unclosed:
    """A `{{` without its `}}`."""

    start: int


def inline_references(text: str, report: Report) -> Iterator[InlineReference]:
    """Every reference written in a paragraph, parsed against the report's edition."""
    for match in _WRITTEN.finditer(text):
        try:
            reference = parse(match.group(1), report.edition)
            yield InlineReference(match.start(), match.end(), match.group(0), reference)
        except ReferenceError as error:
            yield InlineReference(match.start(), match.end(), match.group(0), None, error)


def unclosed(text: str) -> Unclosed | None:
    """The first `{{` left open once every complete reference is taken out."""
    stripped = _WRITTEN.sub(lambda m: " " * len(m.group(0)), text)
    index = stripped.find(OPEN)
    return Unclosed(index) if index >= 0 else None


def has_reference(text: str) -> bool:
    return OPEN in text


def printed(inline: InlineReference, agency: Agency | None, report: Report) -> str | None:
    """The figure a written reference prints, or None when it cannot be given (unknown name, no number)."""
    reference = inline.reference
    if reference is None:
        return None
    value = reference.value(agency, report)
    if value is None:
        return None
    return format_number(value, reference.column)


@dataclass(frozen=True)
class Segment:
    """A piece of the printed paragraph: literal text, or the figure of a written reference."""

    text: str  # as printed
    source_start: int  # offsets in the paragraph as written
    source_end: int
    inline: InlineReference | None = None


def segments(text: str, agency: Agency | None, report: Report) -> list[Segment]:
    """The paragraph as printed, piece by piece, each piece knowing where it was written."""
    if OPEN not in text:
        return [Segment(text, 0, len(text))]
    result: list[Segment] = []
    position = 0
    for inline in inline_references(text, report):
        if inline.start > position:
            result.append(Segment(text[position:inline.start], position, inline.start))
        figure = printed(inline, agency, report)
        result.append(Segment(inline.source if figure is None else figure, inline.start, inline.end,
                              inline))
        position = inline.end
    if position < len(text):
        result.append(Segment(text[position:], position, len(text)))
    return result


def resolve(text: str, agency: Agency | None, report: Report) -> str:
    """The paragraph as printed: every reference replaced by its figure (kept as written when it
    names nothing, which `check` reports as X-0)."""
    if OPEN not in text:
        return text
    return "".join(segment.text for segment in segments(text, agency, report))
