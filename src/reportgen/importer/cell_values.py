"""A table cell as printed: a number, a blank, a placeholder, or not a value at all.

Nothing is guessed: a blank stays blank, “/” stays “/”. Typography is undone (full-width digits,
thousands separators, a minus sign printed as “−”, a unit such as “件” after the number), and said
so. Numbers printed without separators (“0000000”) are split only where exactly one reading is
possible: each part a number without leading zeros, and the row's own arithmetic satisfied.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum

from ..load.numbers import PLACEHOLDERS


class Printed(Enum):
    NUMBER = "number"
    BLANK = "blank"
    PLACEHOLDER = "placeholder"


@dataclass(frozen=True)
class Value:
    """One printed value: `text` is what the agency file writes (the number in ASCII, "" for a
    blank, the placeholder as printed); `raw` what the page showed."""

    kind: Printed
    text: str
    raw: str
    line: int | None = None
    note: str | None = None  # typography undone, e.g. 全角数字
    whole: bool = False  # never split, even if it looks glued

    @property
    def number(self) -> int | Decimal | None:
        if self.kind is not Printed.NUMBER:
            return None
        return Decimal(self.text) if "." in self.text else int(self.text)

    @property
    def shown(self) -> str:
        """How a comment quotes it."""
        if self.kind is Printed.BLANK:
            return "空白"
        return self.raw.strip()

    @property
    def glued_or_digit(self) -> bool:
        """Digits only (a run that a stray space may have cut in two)."""
        return self.kind is Printed.NUMBER and self.text.isdigit()

    @property
    def glued(self) -> bool:
        """Digits that may be several numbers printed without separators."""
        return self.kind is Printed.NUMBER and not self.whole and self.text.isdigit() and len(self.text) > 1


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_MINUS = str.maketrans({"−": "-", "–": "-", "﹣": "-", "－": "-", "＋": "+"})
_EXTRA_PLACEHOLDERS = frozenset({"\\", "…", "...", "——", "/ ", "—-", "无数据", "暂无", "未发生", "x", "X"})
_PLACEHOLDERS = frozenset(unicodedata.normalize("NFKC", p) for p in PLACEHOLDERS | _EXTRA_PLACEHOLDERS)
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_COUNT_UNITS = ("件", "个", "条", "项", "次", "家", "人", "宗", "起")
_MONEY_UNITS = ("万元",)


def clean(raw: str) -> str:
    """The cell's text without surrounding whitespace of any width and without invisible marks."""
    return raw.translate(_INVISIBLE).strip().strip("\u3000\xa0 \t\r\n")


def read_value(raw: str, line: int | None = None) -> Value | None:
    """The cell as a value, or None when it is text (a label, a sentence …)."""
    text = clean(raw)
    if not text:
        return Value(Printed.BLANK, "", raw, line)
    normal = unicodedata.normalize("NFKC", text).translate(_MINUS)
    if normal.replace(" ", "") in _PLACEHOLDERS or text in _PLACEHOLDERS:
        return Value(Printed.PLACEHOLDER, text, raw, line)
    if re.search(r"\d\s+\d", normal):
        return None  # several numbers set apart by spaces, not one
    normal = normal.replace(" ", "")
    notes = []
    if normal != text.replace(" ", "") and any(unicodedata.east_asian_width(ch) == "F" for ch in text):
        notes.append("全角数字")
    for unit in (*_MONEY_UNITS, *_COUNT_UNITS):
        if normal.endswith(unit) and len(normal) > len(unit):
            normal = normal[: -len(unit)]
            notes.append(f"带单位“{unit}”")
            break
    if _THOUSANDS.fullmatch(normal):
        normal = normal.replace(",", "")
        notes.append("千位分隔符")
    if not _NUMBER.fullmatch(normal):
        return None
    normal = normal.removeprefix("+")
    if normal.startswith("-") and set(normal[1:]) <= {"0", "."}:
        normal = normal[1:]
    return Value(Printed.NUMBER, normal, raw, line, "，".join(notes) or None)


def split_spaced(text: str) -> list[str] | None:
    """“规章 0 0 0” or “0 0 0”: a label followed by values on one line, split at the spaces.
    None when the text does not end with at least one value, or is a single value."""
    parts = text.split()
    if len(parts) < 2:
        return None
    tail = len(parts)
    while tail > 0 and read_value(parts[tail - 1]) is not None and read_value(parts[tail - 1]).kind is not Printed.BLANK:
        tail -= 1
    values = parts[tail:]
    if not values:
        return None
    label = " ".join(parts[:tail])
    if label and read_value(label) is not None:
        return None
    if not label and len(values) < 2:
        return None
    return ([label] if label else []) + values


# -- numbers printed without separators ----------------------------------------------------------

Check = Callable[[Sequence[Value]], bool]
#: Stop enumerating readings beyond this many: more would be ambiguous anyway.
_LIMIT = 20000


def _piece(value: Value, digits: str) -> Value:
    return Value(value.kind, digits, value.raw, value.line, SPLIT_NOTE, value.whole)


def readings(values: Sequence[Value], wanted: int, check: Check | None = None, most: int = 2) -> list[list[Value]]:
    """Every way to read `values` as `wanted` values by splitting glued digits, that `check` accepts.
    A list with one reading: the split is certain; several or none: it is not. `check` must judge a
    prefix by its complete groups only (as `sums_to_last` does): readings are cut short as soon as
    a completed group fails. Stops at `most` readings (two tell that the split is not certain)."""
    glued = [index for index, value in enumerate(values) if value.glued]
    extra = wanted - len(values)
    if extra <= 0 or not glued:
        return []
    found: list[list[Value]] = []
    tried = 0
    room = [0] * (len(values) + 1)  # room[i]: cells splitting values[i:] can add (at offset 0)
    for index in range(len(values) - 1, -1, -1):
        room[index] = room[index + 1] + (len(values[index].text) - 1 if values[index].glued else 0)

    def expand(position: int, offset: int, left: int, built: list[Value]) -> None:
        """Read values[position] from its digit `offset` on, with `left` cells still to make by
        splitting; one piece at a time, so that a completed group that fails cuts the reading short."""
        nonlocal tried
        if tried > _LIMIT or len(found) >= most or left > room[position] - offset:
            return  # decided, or too few digits left to make the cells still wanted
        if check is not None and built and not check(built):
            tried += 1
            return
        if position == len(values):
            if left == 0:
                tried += 1
                found.append(list(built))
            return
        value = values[position]
        if not value.glued:
            expand(position + 1, 0, left, [*built, value])
            return
        rest = value.text[offset:]
        for cut in range(1, len(rest) + 1):
            piece = rest[:cut]
            if piece.startswith("0") and cut > 1:
                break  # no number is printed with a leading 0
            if cut == len(rest):
                whole = value if offset == 0 else _piece(value, piece)
                expand(position + 1, 0, left, [*built, whole])
            elif left > 0:
                expand(position, offset + cut, left - 1, [*built, _piece(value, piece)])

    expand(0, 0, extra, [])
    if tried > _LIMIT:
        return [[], []]  # too many to tell: treated as ambiguous
    return found


SPLIT_NOTE = "数字连印"


def sums_to_last(group: int) -> Check:
    """The check for a row whose every `group` values end with their total (表三: 6 + 总计;
    表四: 4 + 总计 per group). A group with a blank or placeholder cannot be checked: it passes,
    unless digits were split inside it — a split no identity confirms is a guess, and fails."""

    def check(values: Sequence[Value]) -> bool:
        for start in range(0, len(values), group):
            chunk = values[start:start + group]
            numbers = [value.number for value in chunk]
            if len(chunk) < group:
                continue
            if any(number is None for number in numbers):
                if any(value.note == SPLIT_NOTE for value in chunk):
                    return False
                continue
            if sum(numbers[:-1]) != numbers[-1]:  # type: ignore[arg-type]
                return False
        return True

    return check


def without_stray_spaces(values: Sequence[Value]) -> list[Value] | None:
    """The values with digit runs that stand next to each other joined (“12 000012” → “12000012”):
    a page may put a space inside a run of glued digits. None when nothing is joined."""
    joined: list[Value] = []
    for value in values:
        if joined and value.glued_or_digit and joined[-1].glued_or_digit:
            last = joined[-1]
            joined[-1] = replace(last, text=last.text + value.text, raw=f"{last.raw} {value.raw}", whole=False)
        else:
            joined.append(value)
    return joined if len(joined) < len(values) else None
