"""Placing a row's printed values in its cells: blanks a merged label left behind dropped, glued
digits split where the row's identities leave exactly one reading, a short row read as far as it
is certain. Never a value that is a guess: what cannot be placed for sure makes the row unreadable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from .cell_values import Printed, Value, readings, without_stray_spaces

_AMBIGUOUS = "拆法不止一种"
#: The splits of one row kept for the column's identity to choose from (more: left unreadable).
_MOST_OPTIONS = 40


@dataclass
class RowFit:
    cells: list[Value | None]  # None: not printed (left out)
    status: str  # ok / split / short / short-blank / unreadable
    reason: str = ""
    split: bool = False  # glued digits were split (a short row may have been glued too)
    options: list[list[Value]] = field(default_factory=list)  # the splits the row's identity allows, when several


def _unreadable(reason: str) -> RowFit:
    return RowFit([], "unreadable", reason)


def _without_extra_blanks(found: list[Value], wanted: int, span: int) -> list[Value]:
    """Up to (span − 1) leading blanks a merged label left behind, then trailing blanks, dropped
    while the row has more values than cells."""
    drop = 0
    while drop < span - 1 and len(found) - drop > wanted and found[drop].kind is Printed.BLANK:
        drop += 1
    found = found[drop:]
    while len(found) > wanted and found[-1].kind is Printed.BLANK:
        found.pop()
    return found


def _cannot_be_one_number(value: Value) -> bool:
    return value.glued and value.text.startswith("0")


def _only_zero_led(found: list[Value]) -> list[Value]:
    """No arithmetic to check: only digits that cannot be one number (“0…”) may be split."""
    return [value if not value.glued or value.text.startswith("0") else replace(value, whole=True) for value in found]


def _split_reason(check: Callable | None, joined: bool) -> str:
    reason = "数字连印，按本行的勾稽关系只有一种拆法" if check else "数字连印，只有一种拆法"
    return reason + ("（数字间夹有空格，按连印读）" if joined else "")


def _split(found: list[Value], wanted: int, check: Callable | None) -> RowFit | list[Value] | None:
    """Glued digits split: a RowFit when the row is settled (split, or unreadable), the values when only
    a shorter split is certain, None when nothing was split."""
    options = readings(found, wanted, check)
    joined, together = False, None
    if not options:
        together = without_stray_spaces(found)
        if together is not None:
            options, joined = readings(together, wanted, check), True
    if len(options) == 1:
        return RowFit(list(options[0]), "split", _split_reason(check, joined), split=True)
    if len(options) > 1:
        several = _unreadable(f"印出 {len(found)} 个数（其中有连印的数字），应为 {wanted} 个，{_AMBIGUOUS}")
        several.options = _all_options(together if joined and together else found, wanted, check)
        return several
    unconfirmed = _unconfirmed(found, wanted, check)
    if unconfirmed is not None:
        return unconfirmed
    if not any(_cannot_be_one_number(value) for value in found):
        return None
    # digits that cannot be one number, fewer than the row's cells: the split itself may be certain
    fewer = [reading for count in range(len(found) + 1, wanted) for reading in readings(found, count, check)]
    if len(fewer) == 1:
        return list(fewer[0])
    if len(fewer) > 1:
        return _unreadable(f"印出 {len(found)} 个数（其中有连印的数字），应为 {wanted} 个，{_AMBIGUOUS}")
    return _unreadable(f"印出 {len(found)} 个数（其中有连印的数字），应为 {wanted} 个，"
                       "没有一种拆法能由本行的勾稽关系确认（总计空白或不符）")


def _all_options(found: list[Value], wanted: int, check: Callable | None) -> list[list[Value]]:
    """Every split the row's identity allows, for the column's identity to choose from; none when
    they are too many to list."""
    if check is None:
        return []
    options = readings(found, wanted, check, most=_MOST_OPTIONS)
    return [] if len(options) >= _MOST_OPTIONS or any(not option for option in options) else options


def _unconfirmed(found: list[Value], wanted: int, check: Callable | None) -> RowFit | None:
    """Splits that fill the row but that no identity confirms (its total blank, or not adding up):
    the row is unreadable, not read from the left as if the digits were one number."""
    if check is None:
        return None
    possible = readings(found, wanted)
    if not possible:
        return None
    how = _AMBIGUOUS if len(possible) > 1 else "只有一种拆法"
    return _unreadable(f"印出 {len(found)} 个数（其中有连印的数字），应为 {wanted} 个，{how}，"
                       "但本行的勾稽关系无法确认（总计空白或不符）")


def _maybe_several(found: list[Value], wanted: int) -> RowFit | None:
    """A short row holding digits that may be one number or several printed together (“500” in a
    row of three), with no identity to tell: unreadable, not read as one number from the left."""
    several = [value for value in found if value.kind is Printed.NUMBER and value.text.isdigit() and len(value.text) > 1
               and len(value.text) >= wanted - len(found) + 1]
    if not several:
        return None
    shown = "、".join(f"“{value.raw.strip()}”" for value in several)
    return _unreadable(f"印出 {len(found)} 个数，应为 {wanted} 个；{shown}可能是几个数连印，无法确定")


def _short(found: list[Value], wanted: int, prefix: str) -> RowFit:
    """A row with fewer values than cells, read as far as it is certain."""
    if not found:
        return RowFit([None] * wanted, "short", "没有印出数字")
    missing = wanted - len(found)
    runs = _blank_runs(found)
    if len(runs) == 1:  # a cell that vanished was an empty one: it belongs to the run of blanks
        start, end = runs[0]
        filler = [replace(found[start], raw="")] * missing
        return RowFit([*found[:end], *filler, *found[end:]], "short-blank",
                   f"{prefix}只印出 {len(found)} 格，应为 {wanted} 格；缺的 {missing} 格只能是空白格之一，按空白读入",
                   split=bool(prefix))
    if runs:
        return _unreadable(f"{prefix}只印出 {len(found)} 格，应为 {wanted} 格，且空白格不止一段，无法确定缺的是哪几格")
    return RowFit([*found, *([None] * missing)], "short",
               f"{prefix}只印出 {len(found)} 个数，应为 {wanted} 个；按从左到右读入，缺的 {missing} 格未写",
               split=bool(prefix))


def fit_row(values: Sequence[Value], wanted: int, span: int = 1, check: Callable | None = None,
        strict_glue: bool = False) -> RowFit:
    """Place a row's printed values in its `wanted` cells (see `table_reader`'s description)."""
    found = _without_extra_blanks(list(values), wanted, span) if len(values) > wanted else list(values)
    if len(found) > wanted:
        return _unreadable(f"印出 {len(found)} 个数，应为 {wanted} 个，无法确定各数所在的列")
    if len(found) == wanted:
        return RowFit(found, "ok")
    if strict_glue:
        found = _only_zero_led(found)
    prefix = ""
    if any(value.glued for value in found):
        settled = _split(found, wanted, check)
        if isinstance(settled, RowFit):
            return settled
        if settled is not None:
            found, prefix = settled, "数字连印，只有一种拆法；"
    if not prefix:
        several = _maybe_several(found, wanted)
        if several is not None:
            return several
    return _short(found, wanted, prefix)


def _blank_runs(values: Sequence[Value]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for index, value in enumerate(values):
        if value.kind is not Printed.BLANK:
            continue
        if runs and runs[-1][1] == index:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    return runs
