"""Figures as prose writes them: 23, ２３, 二十三, 两, 零, 0.5."""

from __future__ import annotations

from decimal import Decimal

from ..model import Number

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_POWERS = {"十": 10, "百": 100, "千": 1000}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")

#: A figure in a sentence: Arabic digits (half- or full-width, with decimals) or Chinese numerals.
FIGURE_PATTERN = r"[0-9０-９]+(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百千万]+"


def chinese_number(text: str) -> int | None:
    """二十三 → 23, 一百零五 → 105, 十二 → 12, 两 → 2, 二〇二〇 → 2020; None if malformed."""
    if not text or any(ch not in _DIGITS and ch not in _POWERS and ch != "万" for ch in text):
        return None
    if all(ch in _DIGITS for ch in text):  # positional: 二〇二〇
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            if digit not in (None, 0):
                return None  # 二三: two digits in a row
            digit = _DIGITS[ch]
        elif ch in _POWERS:
            section += (1 if digit is None else digit) * _POWERS[ch]
            digit = None
        else:  # 万
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


def read_figure(text: str) -> Number | None:
    """A figure's value: int for whole numbers, Decimal with decimals; None if it is not one."""
    ascii_text = text.translate(_FULL_WIDTH)
    if ascii_text[:1].isdigit():
        return Decimal(ascii_text) if "." in ascii_text else int(ascii_text)
    return chinese_number(text)


def is_ascii_digits(text: str) -> bool:
    return bool(text) and all("0" <= ch <= "9" or ch == "." for ch in text)
