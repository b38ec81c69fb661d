"""Every paragraph of a report's prose, in printed order, with the section it belongs to."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .. import document as doc
from ..model import Agency, Report, Text
from .inline import resolve


@dataclass(frozen=True)
class Paragraph:
    section: doc.Section | None  # None: the preamble, before section 一
    where: str  # the place in the form's words: 前言, 一、总体情况 · （二）依申请公开, 四、… · 说明
    text: Text


def paragraphs(report: Report) -> Iterator[Paragraph]:
    for text in report.preamble:
        yield Paragraph(None, doc.PREAMBLE_KEY, text)
    overview = doc.OVERVIEW.heading
    for text in report.overview_intro:
        yield Paragraph(doc.OVERVIEW, f"{overview} · {doc.OVERVIEW_INTRO_KEY}", text)
    for part in report.overview_parts:
        for text in part.paragraphs:
            yield Paragraph(doc.OVERVIEW, f"{overview} · {part.heading.value}", text)
    for section in doc.SECTIONS:
        if section.table is not None:
            for text in getattr(report, f"{section.table}_notes"):
                yield Paragraph(section, f"{section.heading} · {doc.NOTES_KEY}", text)
    for text in report.problems:
        yield Paragraph(doc.PROBLEMS, doc.PROBLEMS.heading, text)
    for text in report.other_matters:
        yield Paragraph(doc.OTHER_MATTERS, doc.OTHER_MATTERS.heading, text)


def printed_prose(agency: Agency) -> list[tuple[int, str, str]]:
    """(year, place, paragraph as printed) for every paragraph of every report."""
    return [
        (year, paragraph.where, resolve(paragraph.text.value, agency, report))
        for year, report in sorted(agency.reports.items())
        for paragraph in paragraphs(report)
    ]
