"""Typer/click parse errors, said in Chinese."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from .chinese_help import ARGUMENT_NAMES


def _argument(name: str) -> str:
    bare = name.strip("{}[]. ")
    return ARGUMENT_NAMES.get(bare, ARGUMENT_NAMES.get(bare.lower(), bare))


_PATTERNS = (
    (r"No such option: (\S+)(?:\s*\(Possible options: (.+)\)|\s*Did you mean (\S+)\?)?",
     lambda m: f"没有“{m.group(1)}”这个选项" + (f"，是否想写“{m.group(3) or m.group(2)}”" if m.group(2) or m.group(3) else "")),
    (r"No such command '(.+?)'\.", lambda m: f"没有“{m.group(1)}”这个命令"),
    (r"Missing argument '(.+?)'\.", lambda m: f"缺少参数：{_argument(m.group(1))}"),
    (r"Missing option '(.+?)'\.", lambda m: f"缺少选项 {m.group(1)}"),
    (r"Option '(.+?)' requires an argument\.", lambda m: f"选项“{m.group(1)}”后面需要写一个值"),
    (r"Invalid value for '(.+?)': (.+)", lambda m: f"选项“{m.group(1)}”的取值无效（{m.group(2)}）"),
    (r"Got unexpected extra arguments? \((.+)\)", lambda m: f"多余的参数：{m.group(1)}"),
)


def usage_message(english: str, commands: Iterable[str] = ()) -> str:
    """A click usage error in Chinese; unknown messages are kept, wrapped in a Chinese sentence.
    `commands`: the command names, to suggest the one a mistyped name is closest to."""
    for pattern, say in _PATTERNS:
        match = re.search(pattern, english)
        if match:
            said = say(match)
            unknown = re.search(r"No such command '(.+?)'", english)
            close = difflib.get_close_matches(unknown.group(1), list(commands), n=1, cutoff=0.5) if unknown else []
            if close:
                said += f"，是否想写“{close[0]}”"
            return f"命令用法有误：{said}。\n运行 reportgen --help 查看用法。"
    return f"命令用法有误：{english}\n运行 reportgen --help 查看用法。"
