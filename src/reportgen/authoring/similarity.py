"""How alike two years' prose is: the measure behind D-1 (内容雷同).

The prose of one report is cut into units that correspond from year to year: the preamble, the
lead paragraphs of 一, each part of 一 (matched by its heading, else by its position), the notes
after each table, and sections 五 and 六. Two units are compared character by character with
their whitespace removed (difflib's ratio).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .. import document as doc
from ..model import Agency, Position, Report, Text
from ..prose.inline import resolve

#: Units at least this alike are reported (90 %).
SIMILAR = 0.9
_WHITESPACE = re.compile(r"\s+")
_PART_NUMBER = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


@dataclass(frozen=True)
class Unit:
    """One piece of a report's prose that has a counterpart in every year's report."""

    key: str  # what matches it to last year's unit
    where: str  # in the form's words: 一、总体情况 · （一）主动公开
    paragraphs: tuple[Text, ...]
    identical_only: bool = False  # the preamble is boilerplate by nature: only an unchanged copy counts
    part: int | None = None  # a part of 一: its place (0 for （一）)

    @property
    def text(self) -> str:
        return "\n".join(paragraph.value for paragraph in self.paragraphs)

    @property
    def pos(self) -> Position | None:
        return self.paragraphs[0].pos if self.paragraphs else None


def normalised(text: str) -> str:
    return _WHITESPACE.sub("", text)


def ratio(a: str, b: str) -> float:
    """difflib's similarity of the two texts without whitespace: 1.0 for the same text."""
    a, b = normalised(a), normalised(b)
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _alike(a: str, b: str) -> float | None:
    """The ratio when it reaches SIMILAR, else None (cheap upper bounds first: texts can be long)."""
    a, b = normalised(a), normalised(b)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return None
    value = matcher.ratio()
    return value if value >= SIMILAR else None


def part_title(heading: str) -> str:
    """A part's heading without its number: （一）主动公开 → 主动公开."""
    return _PART_NUMBER.sub("", heading).strip()


def units(agency: Agency, report: Report) -> list[Unit]:
    """The report's prose units as printed (figure references resolved, so two years that both say
    “收到{{表三.本年新收}}件” differ where their figures do), in order; empty ones are left out."""
    found: list[Unit] = []

    def add(key: str, where: str, paragraphs: list[Text], identical_only: bool = False, part: int | None = None) -> None:
        if paragraphs:
            printed = tuple(Text(resolve(p.value, agency, report), p.pos) for p in paragraphs)
            found.append(Unit(key, where, printed, identical_only, part))

    add(doc.PREAMBLE_KEY, doc.PREAMBLE_KEY, report.preamble, identical_only=True)
    overview = doc.OVERVIEW.heading
    add(doc.OVERVIEW_INTRO_KEY, f"{overview} · {doc.OVERVIEW_INTRO_KEY}", report.overview_intro)
    for index, part in enumerate(report.overview_parts):
        add(part_title(part.heading.value), f"{overview} · {part.heading.value}", part.paragraphs, part=index)
    for section in doc.SECTIONS:
        if section.table:
            add(f"notes:{section.table}", f"{section.heading} · {doc.NOTES_KEY}", getattr(report, f"{section.table}_notes"))
    add(doc.PROBLEMS.heading, doc.PROBLEMS.heading, report.problems)
    add(doc.OTHER_MATTERS.heading, doc.OTHER_MATTERS.heading, report.other_matters)
    return found


def counterparts(earlier: list[Unit], later: list[Unit]) -> list[tuple[Unit, Unit]]:
    """(later unit, earlier unit) pairs. Parts of 一 are matched by heading first, then the parts
    left over by their place; every other unit by its key."""
    by_key = {unit.key: unit for unit in earlier if unit.part is None}
    pairs = [(unit, by_key[unit.key]) for unit in later if unit.part is None and unit.key in by_key]
    earlier_parts = [unit for unit in earlier if unit.part is not None]
    later_parts = [unit for unit in later if unit.part is not None]
    taken: set[int] = set()
    unmatched: list[Unit] = []
    for unit in later_parts:
        same = next((i for i, other in enumerate(earlier_parts) if i not in taken and other.key == unit.key), None)
        if same is None:
            unmatched.append(unit)
        else:
            taken.add(same)
            pairs.append((unit, earlier_parts[same]))
    for unit in unmatched:
        same = next((i for i, other in enumerate(earlier_parts) if i not in taken and other.part == unit.part), None)
        if same is not None:
            taken.add(same)
            pairs.append((unit, earlier_parts[same]))
    return pairs


def comparable(unit: Unit) -> bool:
    """Placeholders and a bare “无” are never duplicate text."""
    text = unit.text
    return not doc.is_placeholder(text) and normalised(text).rstrip("。.") not in doc.NOTHING_TO_REPORT


def similar_units(agency: Agency, earlier: Report, later: Report,
                  known: dict[int, list[Unit]] | None = None) -> Iterator[tuple[Unit, Unit, float]]:
    """(later unit, earlier unit, ratio) for each unit of `later` that repeats its counterpart. `known`
    keeps each report's units by year, so that a report compared twice (with the year before and the
    year after) is taken apart once."""
    known = {} if known is None else known
    for report in (earlier, later):
        if report.year not in known:
            known[report.year] = units(agency, report)
    for unit, other in counterparts(known[earlier.year], known[later.year]):
        if not (comparable(unit) and comparable(other)):
            continue
        if unit.identical_only:
            if normalised(unit.text) == normalised(other.text):
                yield unit, other, 1.0
            continue
        alike = _alike(unit.text, other.text)
        if alike is not None:
            yield unit, other, alike
