"""Dates as reports print them: 2023年1月20日, 2023-01-20, 二〇二三年一月二十日, and the damaged
forms real pages show (年 left out, digits glued)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .cell_values import clean
from .labels import numeral_value

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_DATE = re.compile(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?")
_DATE_CN = re.compile(r"([〇○零ＯO一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
_DATE_WITHOUT_YEAR_MARK = re.compile(r"(20\d{2})(\d{1,2})月(\d{1,2})日")  # “2022 1月20日”: 年 left out
_DATE_GLUED = re.compile(r"(20\d{2})(\d{2,4})")


@dataclass(frozen=True)
class DateRead:
    value: date | None
    printed: str
    note: str | None = None  # how it was read, when it was not printed plainly


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _without_year_mark(match: re.Match[str]) -> DateRead | None:
    day = _valid(*(int(part) for part in match.groups()))
    if day is None:
        return None
    return DateRead(day, match.group(0), f"日期印作“{match.group(0)}”（缺“年”字），读作 {day.year}年{day.month}月{day.day}日")


def read_date(text: str, whole: bool = False) -> DateRead | None:
    """A date printed in the text (`whole`: the text is nothing but the date)."""
    stripped = clean(text)
    flat = re.sub(r"\s+", "", stripped)
    for pattern in (_DATE, _DATE_CN, _DATE_WITHOUT_YEAR_MARK):
        match = (pattern.fullmatch if whole else pattern.search)(flat)
        if not match:
            continue
        if pattern is _DATE_WITHOUT_YEAR_MARK:
            return _without_year_mark(match)
        if pattern is _DATE:
            y, m, d = (int(part) for part in match.groups())
        else:
            y = int("".join(str(_CN_DIGITS[ch]) for ch in match.group(1)))
            m, d = numeral_value(match.group(2)) or 0, numeral_value(match.group(3)) or 0
        day = _valid(y, m, d)
        if day is not None:
            return DateRead(day, match.group(0))
    match = _DATE_GLUED.fullmatch(flat) if whole else None
    if match:
        year, rest = int(match.group(1)), match.group(2)
        options = []
        for cut in range(1, len(rest)):
            month, day_text = rest[:cut], rest[cut:]
            if (month.startswith("0") and len(month) > 1 and len(month) != 2) or (day_text.startswith("0") and len(day_text) != 2):
                continue
            day = _valid(year, int(month), int(day_text))
            if day is not None:
                options.append(day)
        options = list(dict.fromkeys(options))
        if len(options) == 1:
            return DateRead(options[0], flat, f"落款日期印作“{flat}”，只能读作 {options[0].year}年{options[0].month}月{options[0].day}日")
        return DateRead(None, flat, f"落款日期印作“{flat}”，无法确定是哪一天")
    return None
