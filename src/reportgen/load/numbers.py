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
# ASCII only: `\d` and int() would also take ١٢ (Arabic-Indic), १२ (Devanagari), 𝟏𝟐 (mathematical bold).
_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)
_DECIMAL = re.compile(r"[+-]?([0-9]+)(?:\.[0-9]+)?", re.ASCII)
#: A number followed by the unit an officer would say aloud: `48件`, `3 件`, `12条`, `1.5万元`.
UNIT = re.compile(r"([+-]?[0-9０-９]+(?:[.．][0-9０-９]+)?)\s*(件次|件|条|个|项|次|人次|人|万元|元|份|家|宗|起|笔|篇|部)", re.ASCII)
#: A number in full-width quotes “3”, which YAML keeps as text with the quotes in it.
FULL_WIDTH_QUOTED = re.compile(r"[“”「『\u2018\u2019]\s*[0-9０-９]+(?:[.．][0-9０-９]+)?\s*[“”」』\u2018\u2019]")
MONEY_DECIMALS = 4
#: No count or amount in a report comes near 10^15; a longer number is a slip of the keyboard, and is
#: never summed (Python refuses to print integers over 4300 digits).
MAX_DIGITS = 15


def read_number(
    text: str, plain: bool, kind: ValueKind, quoted: bool = False
) -> tuple[Number | None, CellProblem | None]:
    """(value, None) for a number; (None, problem) otherwise. Signs are kept: V-1 judges them.
    `plain`: written without quotes or block indicators; `quoted`: written in '…' or "…"."""
    if plain and kind is not ValueKind.MONEY and text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS:
        return int(text), None  # the usual cell, 0 or a count: said at once
    stripped = text.strip().replace("\u3000", "")
    if not stripped:
        return None, CellProblem.BLANK
    if stripped in PLACEHOLDERS or (plain and stripped in ("null", "Null", "NULL", "~")):
        return None, CellProblem.PLACEHOLDER
    if UNIT.fullmatch(stripped):
        return None, CellProblem.UNIT
    if FULL_WIDTH_QUOTED.fullmatch(stripped):
        return None, CellProblem.FULL_WIDTH_QUOTED
    if stripped != stripped.translate(_FULL_WIDTH):
        return None, CellProblem.FULL_WIDTH
    if foreign_digits(stripped):
        return None, CellProblem.FOREIGN_DIGIT
    decimal = _DECIMAL.fullmatch(stripped)
    if not plain:
        # text, even if it looks like a number
        return None, CellProblem.QUOTED if quoted and decimal else CellProblem.NOT_A_NUMBER
    if decimal is None:
        return None, CellProblem.NOT_A_NUMBER
    if len(decimal.group(1).lstrip("0")) > MAX_DIGITS:
        return None, CellProblem.TOO_LARGE
    if kind is ValueKind.MONEY:
        value = Decimal(stripped)
        if -value.as_tuple().exponent > MONEY_DECIMALS:
            return None, CellProblem.TOO_PRECISE
        return value, None
    if _INTEGER.fullmatch(stripped):
        return int(stripped), None
    return None, CellProblem.NOT_WHOLE


def foreign_digits(text: str) -> list[str]:
    """The digits in `text` that are neither ASCII 0–9 nor full-width ０–９, in order, each once."""
    foreign = (ch for ch in text if ch.isdigit() and not ch.isascii() and ch == ch.translate(_FULL_WIDTH))
    return list(dict.fromkeys(foreign))
