"""Read a table cell's text as a number, or say precisely why it is not one."""

from __future__ import annotations

import re
from decimal import Decimal

from ..editions import ValueKind
from ..model import CellProblem, Number

#: What real reports print where a number belongs: not numbers, and never read as 0.
PLACEHOLDERS = frozenset(
    {"/", "／", "-", "－", "—", "——", "--", "–", "不适用", "无", "空", "N/A", "n/a", "NA", "×", "*", "null", "~"}
)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+")
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?\d+(?:\.\d+)?")
MONEY_DECIMALS = 4


def read_number(text: str, plain: bool, kind: ValueKind) -> tuple[Number | None, CellProblem | None]:
    """(value, None) for a number; (None, problem) otherwise. Signs are kept: V-1 judges them."""
    if plain and kind is not ValueKind.MONEY and text.isascii() and text.isdigit():
        return int(text), None  # the usual cell, 0 or a count: said at once
    stripped = text.strip().replace("\u3000", "")
    if not stripped:
        return None, CellProblem.BLANK
    if stripped in PLACEHOLDERS or (plain and stripped in ("null", "Null", "NULL", "~")):
        return None, CellProblem.PLACEHOLDER
    if stripped != stripped.translate(_FULL_WIDTH):
        return None, CellProblem.FULL_WIDTH
    if not plain:
        return None, CellProblem.NOT_A_NUMBER  # quoted: text, even if it looks like a number
    if kind is ValueKind.MONEY:
        if not _DECIMAL.fullmatch(stripped):
            return None, CellProblem.NOT_A_NUMBER
        value = Decimal(stripped)
        if -value.as_tuple().exponent > MONEY_DECIMALS:
            return None, CellProblem.TOO_PRECISE
        return value, None
    if _INTEGER.fullmatch(stripped):
        return int(stripped), None
    if _DECIMAL.fullmatch(stripped):
        return None, CellProblem.NOT_WHOLE
    return None, CellProblem.NOT_A_NUMBER
