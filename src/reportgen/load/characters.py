"""Characters an agency file must not hold, found and named for the officer.

Control characters (U+0000–U+001F but tab and line ends, U+007F, and C1 U+0080–U+009F) are invisible
in an editor, are not allowed in Word's XML and vanish or break lines in a browser. YAML itself refuses
most of them written as they are; a double-quoted scalar can still produce any of them with an escape
(`"\\e"`, `"\\x1b"`, `"\\u0085"`), so each escape is traced back to its line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Control characters; tab, line feed and carriage return are allowed (as layout and line ends).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_SHORT_NAMES = {
    0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x1B: "ESC", 0x7F: "DEL", 0x85: "NEL",
}


def code_point(character: str) -> str:
    """“U+001B（ESC）”, “U+0661（١）”: a character by its code point, with what can be shown of it."""
    number = ord(character)
    shown = _SHORT_NAMES.get(number) or (
        character if character.isprintable() else "控制字符" if CONTROL.match(character) else "不可显示的字符"
    )
    return f"U+{number:04X}（{shown}）"


def visible(text: str) -> str:
    """`text` with each control character shown by its code point, for a message that quotes it."""
    return CONTROL.sub(lambda match: code_point(match.group()), text)


@dataclass(frozen=True)
class Located:
    character: str
    line: int  # 1-based
    column: int  # 1-based


def first_control(text: str) -> Located | None:
    """The first control character written as it is in `text` (a whole file), with its place."""
    match = CONTROL.search(text)
    if match is None:
        return None
    start = text.rfind("\n", 0, match.start()) + 1
    return Located(match.group(), text.count("\n", 0, match.start()) + 1, match.start() - start + 1)


# What each one-letter escape of a double-quoted YAML scalar stands for; \x, \u and \U take hex digits.
_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c",
            "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
            "L": "\u2028", "P": "\u2029"}
_HEX_LENGTH = {"x": 2, "u": 4, "U": 8}


def controls_in_scalar(lines: list[str], line: int, column: int, style: str | None) -> list[Located]:
    """The control characters a scalar starting at (line, column) (1-based) produces, each where it
    is written: for a double-quoted scalar, the backslash of its escape. Other styles cannot
    produce one (the file's raw control characters are refused before parsing)."""
    if style != '"':
        return []
    found: list[Located] = []
    row, index = line - 1, column  # just after the opening quote
    while row < len(lines):
        text = lines[row]
        while index < len(text):
            character = text[index]
            if character == '"':
                return found
            if character == "\\" and index + 1 < len(text):
                letter = text[index + 1]
                width = _HEX_LENGTH.get(letter, 0)
                produced = _ESCAPES.get(letter, "")
                if width:
                    digits = text[index + 2:index + 2 + width]
                    number = int(digits, 16) if re.fullmatch(r"[0-9A-Fa-f]+", digits) else -1
                    produced = chr(number) if 0 <= number <= 0x10FFFF else ""
                if produced and CONTROL.match(produced):
                    found.append(Located(produced, row + 1, index + 1))
                index += 2 + width
                continue
            index += 1
        row, index = row + 1, 0
    return found


def describe_characters(characters: list[str]) -> str:
    return "、".join(code_point(character) for character in dict.fromkeys(characters))


__all__ = ["CONTROL", "Located", "code_point", "controls_in_scalar", "describe_characters", "first_control", "visible"]
