"""The form's instructions left in a published table: the template's notes on what a figure means
or how to write a decrease (“减少的用负数表示”), printed in a cell or under a row. They are not
figures and not labels: the table reader skips them and says so; a figure printed with such a
note after it (“-2（减少的以负数表示）”) is read as the figure.
"""

from __future__ import annotations

import re

from .cell_values import Value, read_value

_INSTRUCTION = re.compile(
    r"填写|填报|请填|不填|负数|减少的|增加的|如无|没有的|均填|以“?[0０-]”?表示|注[:：]|说明[:：]|统计口径|数据来源"
)
_FIGURE_WITH_NOTE = re.compile(r"^\s*([+\-−－＋]?[\d０-９]+(?:[.．][\d０-９]+)?)\s*[（(]([^（）()]{2,60})[）)]\s*$")
_MAX_INSTRUCTION = 120


def is_instruction(text: str) -> bool:
    """Text of a table that is one of the form's instructions, not a label or a figure."""
    stripped = text.strip()
    return 2 <= len(stripped) <= _MAX_INSTRUCTION and bool(_INSTRUCTION.search(stripped))


def figure_with_instruction(text: str, line: int | None) -> Value | None:
    """“-2（减少的以负数表示）”: the figure, when what follows it is an instruction."""
    match = _FIGURE_WITH_NOTE.match(text)
    if match is None or not is_instruction(match.group(2)):
        return None
    value = read_value(match.group(1), line)
    if value is None:
        return None
    return Value(value.kind, value.text, text, line, "带填写说明", value.whole)
