"""Writing YAML text by hand, as the agency files are written: `new`, `next-year` and `import` all
produce lines an officer will read and diff, so they share these primitives rather than a dumper."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

import yaml

from .model import Number

#: What cannot stand inside one line of a block scalar or a comment: YAML's other line breaks and
#: the characters YAML does not print (a double-quoted scalar may carry them as escapes).
_NOT_IN_A_LINE = re.compile("[\r\n\x85\u2028\u2029\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def line_ending(text: str) -> str:
    """The line end the text is mostly written with: LF, CRLF (Windows) or CR (old Mac); LF if none."""
    crlf = text.count("\r\n")
    counts = {"\n": text.count("\n") - crlf, "\r\n": crlf, "\r": text.count("\r") - crlf}
    return max(counts, key=lambda ending: counts[ending])


def one_line(text: str) -> str:
    """`text` with everything that would break a YAML line replaced by a space."""
    return _NOT_IN_A_LINE.sub(" ", text)


def width(text: str) -> int:
    """Columns the text takes in a monospaced editor: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def scalar(text: str) -> str:
    """`text` as a one-line YAML scalar: plain when YAML reads it back as the same text, else quoted."""
    text = one_line(text)
    plain = (
        bool(text) and text == text.strip()
        and text[0] not in "-?:,[]{}#&*!|>'\"%@`" and ": " not in text and " #" not in text
        and not text.endswith(":") and "\t" not in text
    )
    if plain:
        try:
            plain = yaml.safe_load(text) == text
        except yaml.YAMLError:
            plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def comment_text(text: str) -> str:
    """`text` fit for a YAML comment: one line, trimmed."""
    return one_line(text).strip()


def number_text(value: Number) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def widest_key(keys: Iterable[str]) -> int:
    """The editor width of the widest key: rows written together align their braces on it."""
    return max((width(key) for key in keys), default=0)


def flow_row(key: str, cells: Iterable[tuple[str, str]], widest: int) -> str:
    """One table row as the agency files write it, `行: {列: 值, …}`, its brace at column `widest` + 2
    (in editor columns), so that the rows of a table line up. `cells` are (column key, value text)."""
    values = ", ".join(f"{column}: {text}" for column, text in cells)
    return f"{key}:{' ' * (widest - width(key) + 1)}{{{values}}}"
