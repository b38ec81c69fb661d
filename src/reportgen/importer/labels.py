"""The form's words, as a published report may print them: every label of both editions (read from
`reportgen.editions` and `reportgen.document`, none typed here except the variants real reports
use), and a matcher that recognises a printed label however it was damaged.

Matching works on the *folded* text: NFKC (full-width letters, digits and brackets become
half-width; the Kangxi radicals some PDF writers emit become the ideographs), no whitespace at all
(labels split by spaces or line breaks), no quotation marks, one kind of bracket. The numbering
(一、 （一） 1. …) is taken off before comparing, so that “2.其他法律法规禁止公开” and
“（2）其他法律行政法规禁止公开” are both found as the row 其他法律行政法规禁止公开, the first one
reported as printed differently.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

from ..editions import EDITION_2019, EDITION_2021, EDITIONS, Column, Edition, Group, Row

NUMERALS = "一二三四五六七八九十"
_QUOTES = dict.fromkeys(map(ord, "“”\"‘’'「」『』《》"), None)
_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "[": "(", "]": ")", "〈": "(", "〉": ")"})
_SPACE = re.compile(r"\s+")
_NUMBERING = re.compile(
    rf"^(?:第[{NUMERALS}]+(?:部分|章|节)[、.:]?|[{NUMERALS}]+[、.:]|\([{NUMERALS}]+\)[、.]?|\(\d{{1,2}}\)[、.]?|\d{{1,2}}(?:[、:)]|\.(?!\d)))"
)
_TRAILING = re.compile(r"[:;,.。、]+$")
_UNIT = re.compile(r"\((?:单位)?[:]?(?:万元|元)[^()]*\)$")


def fold(text: str) -> str:
    """The text as the matcher compares it: NFKC, no whitespace, no quotes, round brackets only."""
    text = unicodedata.normalize("NFKC", text)
    text = _SPACE.sub("", text).translate(_QUOTES).translate(_BRACKETS)
    return text


def numbering(folded: str) -> tuple[str, str]:
    """(the numbering, the rest) of a folded label: “(三)不予公开” → ("(三)", "不予公开")."""
    match = _NUMBERING.match(folded)
    if not match:
        return "", folded
    return match.group(0), folded[match.end():]


def core(text: str) -> str:
    """A label without its numbering, trailing punctuation and unit: what a row or column is called."""
    rest = numbering(fold(text))[1]
    group, item = numbering(rest)
    if group:  # “（三）不予公开 1.属于国家秘密” keeps the item; “（三）1.…” loses both numbers
        rest = item
    rest = _UNIT.sub("", rest)
    return _TRAILING.sub("", rest)


def numeral_value(numeral: str) -> int | None:
    """一 → 1 … 十九 → 19; None for anything else."""
    if not numeral or any(ch not in NUMERALS for ch in numeral):
        return None
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + NUMERALS.index(numeral[1]) + 1 if len(numeral) == 2 else None
    if len(numeral) == 1:
        return NUMERALS.index(numeral) + 1
    if len(numeral) == 2 and numeral[1] == "十":
        return (NUMERALS.index(numeral[0]) + 1) * 10
    if len(numeral) == 3 and numeral[1] == "十":
        return (NUMERALS.index(numeral[0]) + 1) * 10 + NUMERALS.index(numeral[2]) + 1
    return None


def similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


# -- what a label can be -------------------------------------------------------------------------


class LabelKind(Enum):
    T2_TITLE = "t2_title"  # 第二十条第（一）项 …
    T2_LABEL_HEADER = "t2_label_header"  # 信息内容
    T2_COLUMN = "t2_column"
    T2_ROW = "t2_row"
    T3_NOTE = "t3_note"  # （本列数据的勾稽关系为……）
    T3_HEADER = "t3_header"  # 申请人情况, 法人或其他组织
    T3_COLUMN = "t3_column"
    T3_OUTCOMES = "t3_outcomes"  # 三、本年度办理结果
    T3_GROUP = "t3_group"  # （三）不予公开 …
    T3_ROW = "t3_row"
    T4_HEADER = "t4_header"  # 行政诉讼
    T4_GROUP = "t4_group"  # 行政复议, 未经复议直接起诉, 复议后起诉
    T4_COLUMN = "t4_column"


TABLE_OF_KIND = {
    LabelKind.T2_TITLE: "二", LabelKind.T2_LABEL_HEADER: "二", LabelKind.T2_COLUMN: "二", LabelKind.T2_ROW: "二",
    LabelKind.T3_NOTE: "三", LabelKind.T3_HEADER: "三", LabelKind.T3_COLUMN: "三", LabelKind.T3_OUTCOMES: "三",
    LabelKind.T3_GROUP: "三", LabelKind.T3_ROW: "三",
    LabelKind.T4_HEADER: "四", LabelKind.T4_GROUP: "四", LabelKind.T4_COLUMN: "四",
}


@dataclass(frozen=True)
class Entry:
    """One label of the form: what it is, its printed text, and the cores it may be printed as."""

    kind: LabelKind
    key: str  # row/column/group key, block title, section number
    label: str  # as the form prints it
    cores: tuple[str, ...]
    editions: frozenset[int]  # the editions that have it (2019, 2021)
    keywords: tuple[str, ...] = ()  # all present in a label → a match even when reworded
    row: Row | None = field(default=None, compare=False)
    column: Column | None = field(default=None, compare=False)
    group: Group | None = field(default=None, compare=False)

    @property
    def table(self) -> str | None:
        return TABLE_OF_KIND.get(self.kind)


@dataclass(frozen=True)
class Match:
    entry: Entry
    score: float  # 1.0 exact; lower: printed differently
    numbering: str  # the numbering printed before it, folded

    @property
    def exact(self) -> bool:
        return self.score >= 0.999


#: The six headings and the ways real reports word them (the first is the format's).
SECTION_VARIANTS: dict[str, tuple[str, ...]] = {
    "一": ("总体情况", "概述", "总体概况", "基本情况", "工作概况", "概况", "总体工作情况", "工作总体情况"),
    "二": ("主动公开政府信息情况", "主动公开情况", "主动公开政府信息", "主动公开政府信息工作情况"),
    "三": ("收到和处理政府信息公开申请情况", "依申请公开办理情况", "依申请公开政府信息情况", "依申请公开情况",
          "收到和处理政府信息公开申请的情况", "依申请公开工作情况", "政府信息公开申请办理情况"),
    "四": ("政府信息公开行政复议、行政诉讼情况", "因政府信息公开申请行政复议、提起行政诉讼的情况",
          "政府信息公开行政复议和行政诉讼情况", "行政复议、行政诉讼情况", "因政府信息公开申请提起行政复议、行政诉讼的情况"),
    "五": ("存在的主要问题及改进情况", "主要问题及改进措施", "存在的主要问题及改进措施", "存在的问题及改进措施",
          "存在的主要问题和改进情况", "存在的不足及改进措施", "存在问题及改进措施", "存在的主要问题及改进方向"),
    "六": ("其他需要报告的事项", "其他需要报告事项", "其他事项", "其他需要说明的事项"),
}
#: A heading names its section only if it holds one of these words.
SECTION_KEYWORDS: dict[str, tuple[str, ...]] = {
    "一": ("总体", "概述", "概况", "基本情况"),
    "二": ("主动公开",),
    "三": ("申请",),
    "四": ("复议", "诉讼"),
    "五": ("问题", "不足", "改进"),
    "六": ("其他",),
}

#: Row labels as reports shorten them (after the numbering is taken off).
_ROW_ALIASES: dict[str, tuple[str, ...]] = {
    "本年新收": ("本年新收政府信息公开申请", "本年新收申请数量", "本年新收政府信息公开申请数", "本年新收申请"),
    "上年结转": ("上年结转政府信息公开申请", "上年结转申请数量", "上年结转申请"),
    "部分公开": ("部分公开",),
    "结转下年": ("结转下年度继续办理数量", "结转下年度继续办理申请数量", "结转下年继续办理"),
}
_ROW_KEYWORDS: dict[str, tuple[str, ...]] = {
    "逾期不补正": ("逾期", "补正"),
    "逾期未缴费": ("逾期", "缴纳费用"),
    "部分公开": ("部分公开", "区分处理"),
    "危及“三安全一稳定”": ("三安全一稳定",),
}


def _entry_editions(editions: Iterable[Edition]) -> frozenset[int]:
    return frozenset(edition.year for edition in editions)


def _cores(label: str, extra: Iterable[str] = ()) -> tuple[str, ...]:
    found = [core(label)]
    for alias in extra:
        folded = core(alias)
        if folded not in found:
            found.append(folded)
    return tuple(found)


@lru_cache(maxsize=1)
def vocabulary() -> tuple[Entry, ...]:
    """Every label of both editions, and the six headings."""
    entries: dict[tuple[LabelKind, str, str], Entry] = {}

    def add(entry: Entry) -> None:
        ident = (entry.kind, entry.key, entry.cores[0])
        if ident in entries:
            old = entries[ident]
            entries[ident] = Entry(old.kind, old.key, old.label, old.cores, old.editions | entry.editions,
                                   old.keywords, old.row, old.column, old.group)
        else:
            entries[ident] = entry

    for edition in EDITIONS.values():
        ed = frozenset({edition.year})
        proactive = edition.proactive
        add(Entry(LabelKind.T2_LABEL_HEADER, proactive.label_header, proactive.label_header,
                  _cores(proactive.label_header), ed))
        for block in proactive.blocks:
            add(Entry(LabelKind.T2_TITLE, block.title, block.title, (fold(block.title),), ed))
            for column in block.columns:
                add(Entry(LabelKind.T2_COLUMN, column.key, column.header, _cores(column.label), ed, column=column))
            for row in block.rows:
                add(Entry(LabelKind.T2_ROW, row.key, row.label, _cores(row.label), ed, row=row))

        applications = edition.applications
        add(Entry(LabelKind.T3_NOTE, "note", applications.identity_note, _cores(applications.identity_note), ed,
                  keywords=("勾稽关系",)))
        add(Entry(LabelKind.T3_HEADER, applications.applicant_header, applications.applicant_header,
                  _cores(applications.applicant_header), ed))
        add(Entry(LabelKind.T3_HEADER, applications.organisation_header, applications.organisation_header,
                  _cores(applications.organisation_header, ("法人或者其他组织",)), ed))
        add(Entry(LabelKind.T3_OUTCOMES, applications.outcome_header, applications.outcome_header,
                  _cores(applications.outcome_header, ("办理结果",)), ed))
        for column in applications.columns:
            add(Entry(LabelKind.T3_COLUMN, column.key, column.label, _cores(column.label), ed, column=column))
        for group in applications.groups():
            add(Entry(LabelKind.T3_GROUP, group.key, group.label, _cores(group.label), ed, group=group))
        for row in applications.rows():
            add(Entry(LabelKind.T3_ROW, row.key, row.label, _cores(row.label, _ROW_ALIASES.get(row.key, ())), ed,
                      keywords=_ROW_KEYWORDS.get(row.key, ()), row=row))

        appeals = edition.appeals
        for row in appeals.rows():
            add(Entry(LabelKind.T4_GROUP, row.key, row.label, _cores(row.label), ed, row=row))
            if row.group is not None:
                add(Entry(LabelKind.T4_HEADER, row.group.key, row.group.label, _cores(row.group.label), ed,
                          group=row.group))
        for column in appeals.columns:
            add(Entry(LabelKind.T4_COLUMN, column.key, column.label, _cores(column.label), ed, column=column))
    return tuple(entries.values())


#: Labels so short that only an exact match counts (“其他”, “总计”, “规章” …).
SHORT = 4
THRESHOLD = 0.8


_DIGITS = re.compile(r"\d+")


def _score(folded_core: str, entry: Entry) -> float:
    best = 0.0
    digits = _DIGITS.findall(folded_core)
    for candidate in entry.cores:
        if folded_core == candidate:
            return 1.0
        if len(candidate) <= SHORT or len(folded_core) <= SHORT or digits != _DIGITS.findall(candidate):
            continue  # short labels only exactly; never a label that has swallowed figures
        best = max(best, similarity(folded_core, candidate))
    if entry.keywords and all(word in folded_core for word in entry.keywords) and not digits:
        best = max(best, 0.85)
    return best


@lru_cache(maxsize=4096)
def matches(text: str) -> tuple[Match, ...]:
    """Every label the text may be, best first (an empty tuple: not a label of the form)."""
    folded = fold(text)
    if not folded or len(folded) > 80:
        return ()
    number, _ = numbering(folded)
    label_core = core(text)
    if not label_core:
        return ()
    found = []
    for entry in vocabulary():
        score = _score(label_core, entry)
        if entry.kind is LabelKind.T2_TITLE:
            score = max(score, 1.0 if folded == entry.cores[0] else similarity(folded, entry.cores[0]))
            if score < 0.95:  # 第二十条第（一）项 and 第二十条第（五）项 differ in one character
                continue
        if score >= THRESHOLD:
            found.append(Match(entry, score, number))
    found.sort(key=lambda match: -match.score)
    return tuple(found)


def best_match(text: str, kinds: Iterable[LabelKind] | None = None, edition: int | None = None) -> Match | None:
    """The best match among the given kinds (and, with `edition`, labels that edition has)."""
    allowed = set(kinds) if kinds is not None else None
    for match in matches(text):
        if allowed is not None and match.entry.kind not in allowed:
            continue
        if edition is not None and edition not in match.entry.editions:
            continue
        return match
    return None


def table_kinds(number: str) -> set[LabelKind]:
    return {kind for kind, table in TABLE_OF_KIND.items() if table == number}


#: Labels that tell the editions apart: present in one edition's tables only.
def distinctive(edition_year: int) -> frozenset[str]:
    other = EDITION_2021.year if edition_year == EDITION_2019.year else EDITION_2019.year
    mine = {entry.cores[0] for entry in vocabulary() if entry.table and entry.editions == {edition_year}}
    theirs = {entry.cores[0] for entry in vocabulary() if entry.table and entry.editions == {other}}
    return frozenset(mine - theirs)


def split_numbered(text: str) -> list[str]:
    """A cell that prints a group and its item together, “（三）不予公开 1.属于国家秘密”, as its parts.
    Only used when the whole text is not itself a label."""
    folded = fold(text)
    pattern = re.compile(rf"(?<=[^\d(])(?=\([{NUMERALS}]+\)|[{NUMERALS}]+、|\d{{1,2}}[.、](?!\d))")
    parts = [part for part in pattern.split(folded) if part]
    return parts if len(parts) > 1 else [folded]
