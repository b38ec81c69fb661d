"""The report as a renderer sees it: plain strings in the order of the six sections.

Every renderer (HTML now, Word next) reads a `ReportView`, so what is printed and in which order is
decided once: the title, the preamble, the six headings as the format names them (document.SECTIONS),
section 一's lead and numbered parts, tables 二–四 as grids with their figures, the notes after each
table, sections 五 and 六, and the sign-off: the body's name (落款 · 单位, else the agency's name)
and the date (落款 · 日期, else the publication date), placed as GB/T 9704 places them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import document as doc
from ..editions import Table
from ..model import Agency, Figures, Report, Text
from ..prose import resolve
from .layout import TableGrid, table_grid
from .values import DRAFT_MARK, chinese_date, figure_texts, report_title, text_width, title_lines


@dataclass(frozen=True)
class PartView:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class TableView:
    key: str  # "proactive" / "applications" / "appeals": the section's table attribute
    declaration: Table
    id_prefix: str  # of the grid's header ids
    texts: dict[tuple[str, str], str]  # (row key, column key) → the printed figure

    @property
    def grid(self) -> TableGrid:
        """The printed grid, laid out when a renderer asks for it (the Word renderer does not)."""
        return table_grid(self.declaration, self.id_prefix)

    def text(self, row_key: str, column_key: str) -> str:
        return self.texts.get((row_key, column_key), "")


@dataclass(frozen=True)
class SectionView:
    number: str  # 一 … 六
    heading: str
    intro: tuple[str, ...] = ()  # 一: the lead paragraphs before the parts
    parts: tuple[PartView, ...] = ()  # 一: （一）… with their paragraphs
    table: TableView | None = None  # 二–四
    paragraphs: tuple[str, ...] = ()  # 二–四: the notes after the table; 五, 六: the body


@dataclass(frozen=True)
class SignoffLine:
    """A line of the sign-off and the space to its right, in characters of the body text."""

    text: str
    right: float


#: GB/T 9704-2012 7.3.5.2 (no seal): the name 右空二字; the date on the next line, its first character
#: two characters right of the name's first; a date longer than that allows is 右空二字 and the name
#: moves right by as much.
SIGNOFF_MARGIN = 2.0
SIGNOFF_DATE_SHIFT = 2.0


def signoff_lines(name: str, day: str) -> tuple[SignoffLine, ...]:
    """The sign-off laid out as GB/T 9704 places it: the body's name, then the date (either may be empty)."""
    if not name or not day:
        return tuple(SignoffLine(text, SIGNOFF_MARGIN) for text in (name, day) if text)
    name_width, date_width = text_width(name), text_width(day)
    name_right = max(SIGNOFF_MARGIN, date_width + SIGNOFF_DATE_SHIFT + SIGNOFF_MARGIN - name_width)
    date_right = name_right + name_width - SIGNOFF_DATE_SHIFT - date_width
    return SignoffLine(name, name_right), SignoffLine(day, date_right)


@dataclass(frozen=True)
class ReportView:
    slug: str
    year: int
    title: str
    title_lines: tuple[str, ...]  # the title broken between words, GB/T 9704's balanced shape
    draft: bool
    draft_mark: str
    preamble: tuple[str, ...]
    sections: tuple[SectionView, ...]
    signoff: tuple[str, ...] = field(default=())  # the body's name, the date (either may be absent)
    signoff_lines: tuple[SignoffLine, ...] = field(default=())  # the same, each with its place


def report_view(agency: Agency, report: Report, *, draft: bool = False, id_prefix: str = "") -> ReportView:
    """What to print for one report. `draft` marks it 草稿（数据未通过校验）."""

    def _texts(paragraphs: list[Text]) -> tuple[str, ...]:
        """Paragraphs as printed: each figure reference ({{表三.本年新收}}) replaced by its figure."""
        return tuple(resolve(paragraph.value, agency, report) for paragraph in paragraphs)

    sections: list[SectionView] = []
    for position, section in enumerate(doc.SECTIONS, start=1):
        if section is doc.OVERVIEW:
            sections.append(SectionView(
                section.number, section.heading, intro=_texts(report.overview_intro),
                parts=tuple(PartView(part.heading.value, _texts(part.paragraphs)) for part in report.overview_parts),
            ))
        elif section.table is not None:
            figures: Figures | None = getattr(report, section.table)
            table: Table = figures.table if figures is not None else getattr(report.edition, section.table)
            sections.append(SectionView(
                section.number, section.heading,
                table=TableView(section.table, table, f"{id_prefix}s{position}-", figure_texts(figures)),
                paragraphs=_texts(getattr(report, f"{section.table}_notes")),
            ))
        elif section is doc.PROBLEMS:
            sections.append(SectionView(section.number, section.heading, paragraphs=_texts(report.problems)))
        elif section is doc.OTHER_MATTERS:
            sections.append(SectionView(section.number, section.heading, paragraphs=_texts(report.other_matters)))
        else:  # a section added to document.SECTIONS without a renderer: a bug, not a user's mistake
            raise AssertionError(f"no view for section {section.heading}")
    name = report.signoff_name.value if report.signoff_name else (agency.name.value if agency.name else "")
    day = report.signoff_date or report.published_on
    lines = signoff_lines(name, chinese_date(day) if day else "")
    title = report_title(agency, report)
    return ReportView(
        slug=agency.slug,
        year=report.year,
        title=title,
        title_lines=title_lines(title),
        draft=draft,
        draft_mark=DRAFT_MARK,
        preamble=_texts(report.preamble),
        sections=tuple(sections),
        signoff=tuple(line.text for line in lines),
        signoff_lines=lines,
    )
