"""What an import reads from a published report, before it is written as YAML.

Everything keeps the source line it came from, so that a YAML comment can quote the page and an
audit finding can point at it. `Note`s are what the import could not take as printed: each says
so in Chinese, and those with a rule id are audit findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..editions import Edition
from .cell_values import Value


@dataclass
class Note:
    """Something the reader of the import must know: a renamed heading, a row it could not read …"""

    message: str
    rule: str | None = None  # an audit rule id (A-…) when it is a defect of the published report
    line: int | None = None  # in the source
    where: str | None = None  # in the form's words: 表三 · （一）予以公开


@dataclass
class Paragraph:
    text: str
    line: int | None = None


@dataclass
class RowRead:
    """One row of a table as printed and as placed."""

    key: str  # the declared row key
    printed: str  # the label as printed
    line: int | None
    values: list[Value] = field(default_factory=list)  # the values printed after the label
    cells: dict[str, Value] = field(default_factory=dict)  # column key → value, as placed
    comment: str | None = None  # what the YAML says after the row
    omitted: bool = False  # unreadable: left out of the YAML, the comment says why
    options: list[list[Value]] = field(default_factory=list)  # glued digits' splits the row allows, when several


@dataclass
class ExtraRow:
    """A row the form does not have, kept as a comment."""

    label: str
    values: list[Value]
    line: int | None


@dataclass
class TableRead:
    number: str  # 二 / 三 / 四
    line: int | None = None
    rows: dict[str, RowRead] = field(default_factory=dict)
    extra_rows: list[ExtraRow] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # above the table in the YAML
    header: list[str] = field(default_factory=list)  # the header labels as printed (folded cores)


@dataclass
class OverviewPart:
    """A part of 一、总体情况: the key it gets (（一）…) and the heading as printed."""

    key: str
    printed: str
    line: int | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    comment: str | None = None


@dataclass
class SectionRead:
    number: str  # 一 … 六
    printed: str | None = None  # the heading as printed (None: the page has no heading for it)
    line: int | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)  # 五, 六: the body; 二–四: notes
    comments: list[str] = field(default_factory=list)


@dataclass
class Imported:
    """One published report, read."""

    source: str
    kind: str  # 纯文本 / 网页 / Word / PDF
    shapes: list[str]
    year: int
    agency: str
    edition: Edition
    edition_evidence: str  # why this edition, in Chinese
    title: str | None = None
    title_line: int | None = None
    published_on: date | None = None
    published_text: str | None = None
    published_line: int | None = None
    identity: dict[str, str] = field(default_factory=dict)  # 网站, 联系电话 … from the preamble
    preamble: list[Paragraph] = field(default_factory=list)
    intro: list[Paragraph] = field(default_factory=list)
    parts: list[OverviewPart] = field(default_factory=list)
    sections: dict[str, SectionRead] = field(default_factory=dict)
    tables: dict[str, TableRead] = field(default_factory=dict)
    extra_sections: list[SectionRead] = field(default_factory=list)  # not in the format
    signoff_name: str | None = None
    signoff_date: date | None = None
    signoff_line: int | None = None
    signoff_comment: str | None = None
    notes: list[Note] = field(default_factory=list)

    def note(self, message: str, rule: str | None = None, line: int | None = None, where: str | None = None) -> None:
        self.notes.append(Note(message, rule, line, where))
