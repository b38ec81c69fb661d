"""Text whose headings, prose and table rows run together on one line — a portal page saved as one
line, or as a few — broken into lines at the form's own words, before the text reader reads it.

A line is cut only where the form's words are found in a place a table or a heading can be:

- a section heading (its numeral and one of the ways reports word it, `labels.SECTION_VARIANTS`)
  gets a line of its own; a part of 一 (“（一）主动公开”) starts a line;
- after the heading of 二, 三 or 四 (up to the next heading), and before a line's first heading, a
  label of the tables (`labels.vocabulary`, from the edition declarations) starts a line where a
  table label can stand: at the start, right after another label or after figures, or (a long
  label) after a sentence; the figures after it stay on its line, separated as printed. Labels
  count only when they make a table — three, or two with figures after one or nothing else on the
  line — so a label word inside prose (“制定规章3件”) is left alone;
- a line cut for these reasons also has its title ended after “年度报告”, and a date closing it
  taken off as the sign-off, with the name before it.

Each piece keeps the number of the source line it came from, so findings point at the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from ..editions import EDITIONS
from .labels import NUMERALS, SECTION_VARIANTS, fold, vocabulary
from .source_units import SourceUnit

#: Lines shorter than this are read as they are.
RUN_TOGETHER_LENGTH = 12
#: A label this long may follow a sentence (a table after the prose that introduces it).
_LONG_LABEL = 4
_VALUE_CHARS = frozenset("0123456789.,/\\-—–+")
_NUMBERING_BEFORE = re.compile(rf"(?:\([{NUMERALS}]+\)|[{NUMERALS}]+、|\d[.、])$")  # one digit: 表三's items are 1.–8.
_UNIT_AFTER = re.compile(r"\((?:单位|万元)[^()]{0,20}\)")
_TITLE_END = "年度报告"
_DATE_AT_END = re.compile(r"(?:\d{4}|[〇○零ＯO一二三四五六七八九]{4})\s*年?\s*\S{1,3}?\s*月\s*\S{1,3}?\s*日\s*$")
_PART_START = re.compile(rf"(?:^|(?<=[\s。；]))[（(][{NUMERALS}]{{1,2}}[）)]")
_CLOSING = "”’\"'」』》）)"
_TABLE_SECTIONS = tuple(dict.fromkeys(table.number for edition in EDITIONS.values() for table in edition.tables))


@dataclass(frozen=True)
class Folded:
    """A line as the label matcher sees it (`labels.fold`, one character at a time) and, for each
    of its characters, the index in the line it came from."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int, length: int) -> tuple[int, int]:
        """The line's (start, end) for folded[start:end]."""
        first = self.origin[start] if start < len(self.origin) else length
        last = self.origin[end - 1] + 1 if end > 0 else 0
        return first, max(first, last)


_fold_char = lru_cache(maxsize=8192)(fold)


def folded_line(line: str) -> Folded:
    text: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(line):
        for piece in _fold_char(char):
            text.append(piece)
            origin.append(index)
    return Folded("".join(text), tuple(origin))


# -- what the form's words look like in folded text ------------------------------------------------


def _alternation(words: set[str]) -> re.Pattern[str]:
    ordered = sorted(words, key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in ordered))


@lru_cache(maxsize=1)
def _heading_pattern() -> re.Pattern[str]:
    variants = {fold(variant) for words in SECTION_VARIANTS.values() for variant in words}
    return re.compile(rf"[{NUMERALS}]、(?:{_alternation(variants).pattern})")


@lru_cache(maxsize=1)
def _table_label_pattern() -> re.Pattern[str]:
    return _alternation({core for entry in vocabulary() if entry.table for core in entry.cores if core})


@dataclass(frozen=True)
class Heading:
    number: str
    start: int  # folded
    end: int


def section_headings(folded: Folded) -> list[Heading]:
    """The section headings in the folded line, with the section each names by its wording."""
    found = []
    for match in _heading_pattern().finditer(folded.text):
        words = match.group(0)[2:]
        number = next(number for number, variants in SECTION_VARIANTS.items()
                      if any(fold(variant) == words for variant in variants))
        found.append(Heading(number, match.start(), match.end()))
    return found


def is_section_heading(text: str) -> bool:
    """A line that starts with a section heading (its numeral and the words of one of its variants)."""
    return bool(_heading_pattern().match(fold(text)))


def _is_values(text: str) -> bool:
    return bool(text) and all(char in _VALUE_CHARS for char in text)


def table_labels(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each table label in folded[start:end] that stands where a label can."""
    candidates = []
    for match in _table_label_pattern().finditer(folded, start, end):
        first, last = match.start(), match.end()
        numbering = _NUMBERING_BEFORE.search(folded[max(start, first - 5):first])
        if numbering:
            first -= len(numbering.group(0))
        unit = _UNIT_AFTER.match(folded, last)
        if unit:
            last = unit.end()
        candidates.append((first, last, match.end() - match.start()))
    accepted: list[tuple[int, int]] = []
    previous_end = start
    for index, (first, last, length) in enumerate(candidates):
        if first < previous_end:
            continue
        before = folded[previous_end:first]
        after = folded[last:last + 1]
        next_start = candidates[index + 1][0] if index + 1 < len(candidates) else None
        stands = not before or _is_values(before) or (length >= _LONG_LABEL and before[-1] in "。:;")
        ends = length >= _LONG_LABEL or not after or after in _VALUE_CHARS or next_start == last
        if stands and ends:
            accepted.append((first, last))
            previous_end = last
    return accepted


# -- breaking a line ---------------------------------------------------------------------------------


def table_regions(headings: list[Heading], length: int) -> list[tuple[int, int]]:
    """Where tables may be in the folded line: after each heading of 二, 三 or 四, up to the next
    heading, and before the first heading (a table the line before began); the whole line when it
    has no heading at all."""
    if not headings:
        return [(0, length)]
    regions = [(0, headings[0].start)] if headings[0].start > 0 else []
    for index, heading in enumerate(headings):
        if heading.number in _TABLE_SECTIONS:
            end = headings[index + 1].start if index + 1 < len(headings) else length
            regions.append((heading.end, end))
    return regions


def _value_prefix(text: str) -> tuple[str, str]:
    """(the figures at the start of a piece of the line, the rest)."""
    index = 0
    while index < len(text) and (text[index].isspace() or _fold_char(text[index]) in _VALUE_CHARS | {""}):
        index += 1
    return text[:index].strip(), text[index:].strip()


def _cuts(line: str, folded: Folded) -> tuple[list[int], set[int]]:
    """Where the line is cut (indices in the line), and which cuts start a table label. A line is cut
    only where it runs the form's words together: a section heading with text before or after it,
    table labels; the title and the sign-off are then cut off too."""
    headings = section_headings(folded)
    cuts: set[int] = set()
    for heading in headings:
        cuts.update(folded.span(heading.start, heading.end, len(line)))
    spans = [span for region in table_regions(headings, len(folded.text))
             for span in table_labels(folded.text, *region)]
    labels = {folded.span(first, last, len(line))[0] for first, last in spans} if _a_table(folded.text, spans) else set()
    cuts |= labels
    cuts |= _part_starts(line, folded, headings)
    inner = {cut for cut in cuts if 0 < cut < len(line.rstrip())}
    if not inner:
        return [], set()
    cuts |= {index + len(_TITLE_END) for index in _title_end(line)}
    cuts |= _signoff_start(line)
    return sorted(cut for cut in cuts if 0 < cut < len(line)), labels


def _a_table(folded: str, spans: list[tuple[int, int]]) -> bool:
    """Labels that make a table, not a label word or two in prose: three labels, or two with
    figures after one of them or nothing else on the line."""
    with_figures = any(folded[last:last + 1] in _VALUE_CHARS for _, last in spans if last < len(folded))
    only_labels = sum(last - first for first, last in spans) == len(folded)
    return len(spans) >= 3 or (len(spans) == 2 and (with_figures or only_labels))


def _title_end(line: str) -> list[int]:
    index = line.find(_TITLE_END)
    return [index] if 0 <= index <= 80 else []


def _part_starts(line: str, folded: Folded, headings: list[Heading]) -> set[int]:
    """Parts of 一 (“（一）…”) between the heading of 一 and the next heading."""
    overview = next((h for h in headings if h.number == "一"), None)
    if overview is None:
        return set()
    start = folded.span(overview.start, overview.end, len(line))[1]
    following = next((h for h in headings if h.start > overview.start), None)
    end = folded.span(following.start, following.end, len(line))[0] if following else len(line)
    cuts = set()
    for match in _PART_START.finditer(line, start, end):
        cuts.add(match.start())
        gap = re.search(r"\s", line[match.end():match.end() + 20])  # the part's title ends at a space
        if gap:
            cuts.add(match.end() + gap.start())
    return cuts


def _signoff_start(line: str) -> set[int]:
    """A date closing the text: it, and the name before it (the last word before the date, or what
    follows the last sentence), are the sign-off."""
    date = _DATE_AT_END.search(line)
    if date is None:
        return set()
    before = line[:date.start()].rstrip()
    cuts = {date.start()}
    sentence_end = max(before.rfind("。"), before.rfind("；"))
    if sentence_end >= 0:
        cuts.add(sentence_end + 1)
    space = max(before.rfind(" "), before.rfind("\u3000"))
    if space > sentence_end:
        cuts.add(space + 1)
    return cuts


def break_line(line: str) -> list[str]:
    """The line as the lines it runs together (itself when it is short or holds no form words)."""
    if len(line) < RUN_TOGETHER_LENGTH or "\t" in line or line.count("|") >= 2 or line.startswith("|"):
        return [line]
    folded = folded_line(line)
    cuts, labels = _cuts(line, folded)
    if not cuts:
        return [line]
    pieces: list[str] = []
    bounds = [0, *cuts, len(line)]
    for first, last in pairwise(bounds):
        piece = line[first:last].strip()
        if not piece:
            continue
        if first in labels:
            pieces.extend(_label_and_figures(piece))
        else:
            pieces.append(piece)
    return pieces


def _label_and_figures(piece: str) -> list[str]:
    """A label piece: the label, the figures after it on the same line; any text after them apart."""
    folded = folded_line(piece)
    match = _table_label_pattern().search(folded.text)
    label_end = folded.span(0, match.end(), len(piece))[1] if match else len(piece)
    unit = _UNIT_AFTER.match(folded.text, match.end()) if match else None
    if unit:
        label_end = folded.span(0, unit.end(), len(piece))[1]
    while label_end < len(piece) and piece[label_end] in _CLOSING:
        label_end += 1
    figures, rest = _value_prefix(piece[label_end:])
    first = f"{piece[:label_end].strip()} {figures}".strip()
    return [first, rest] if rest else [first]


def break_units(units: list[SourceUnit]) -> list[SourceUnit]:
    """A page's paragraphs (HTML, Word, PDF), each that runs the form's words together broken into
    several; table cells are left as they are."""
    out: list[SourceUnit] = []
    for unit in units:
        pieces = [unit.text] if unit.cell or unit.level else break_line(unit.text)
        if len(pieces) == 1:
            out.append(unit)
            continue
        out += [SourceUnit(piece, unit.line, blank_before=unit.blank_before or index > 0) for index, piece in enumerate(pieces)]
    return out


def numbered_lines(text: str) -> list[tuple[int, str]]:
    """The text's lines, each run-together line broken up, each with its source line number."""
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        lines.extend((number, piece) for piece in break_line(line))
    return lines
