"""The help screens in Chinese, through the hooks click gives a command class.

typer writes a few words of its own in English ("Usage:", "Options", "Arguments", "Commands",
"[OPTIONS]", "[default: …]", "Show this message and exit."). The officer reads every message in
Chinese, so `Command` and `Group` below write those parts themselves, overriding only what click
documents for subclasses (`format_usage`, `collect_usage_pieces`, `format_options`, `format_commands`,
`get_help_option`) and reading only the parameters' public attributes and help records. typer takes
the classes through its own `cls=` arguments (`typer.Typer(cls=Group)`, `app.command(cls=Command)`):
nothing of typer or click is patched, so a new typer cannot silently bring the English back
(tests/test_cli.py would say so if it did).

An argument's placeholder is its `metavar` when the command declares one, else its name; usage and
the 参数 section show the same word.
"""

from __future__ import annotations

import re
from typing import Any

import typer.core

USAGE_PREFIX = "用法："
OPTIONS_PLACEHOLDER = "[选项]"
COMMAND_PLACEHOLDER = "命令 [参数]..."
HELP_OPTION_TEXT = "显示本帮助并退出。"
ARGUMENTS_HEADING, OPTIONS_HEADING, COMMANDS_HEADING = "参数", "选项", "命令"
#: Argument names as help screens and usage errors show them (the parameter names of the command functions).
ARGUMENT_NAMES = {"paths": "文件或文件夹", "path": "文件", "source": "报告文件", "sources": "报告文件",
                  "DIR": "文件夹", "directory": "文件夹", "folder": "文件夹"}

#: The notes typer appends to a parameter's help, "[default: text; required]", said in Chinese.
_NOTES = ((re.compile(r"^default: "), "默认："), (re.compile(r"^required$"), "必填"),
          (re.compile(r"^env var: "), "环境变量："))
_TRAILING_NOTES = re.compile(r"\s*\[([^\[\]]*)\]$")


#: The kind of value an option takes, as click names it (`--year <int>`), said in Chinese.
VALUE_TYPES = {"int": "整数", "int range": "整数", "integer": "整数", "str": "文字", "text": "文字",
               "path": "路径", "file": "文件", "directory": "文件夹", "float": "数", "boolean": "是/否"}
_VALUE_TYPE = re.compile(r"<([a-z][a-z ]*)>|\b(INTEGER|TEXT|PATH|FILE|DIRECTORY|FLOAT|BOOLEAN)\b")


def _chinese_value_type(match: re.Match[str]) -> str:
    name = (match.group(1) or match.group(2)).lower()
    chinese = VALUE_TYPES.get(name)
    if chinese is None:
        return match.group(0)
    return f"<{chinese}>" if match.group(1) else chinese


def _chinese_notes(help_text: str) -> str:
    """`help  [default: x; required]` → `help  [默认：x；必填]`; other brackets (a range) are kept."""
    match = _TRAILING_NOTES.search(help_text)
    if not match:
        return help_text
    notes = match.group(1).split("; ")
    translated = [next((pattern.sub(chinese, note) for pattern, chinese in _NOTES if pattern.search(note)), None)
                  for note in notes]
    if None in translated:
        return help_text
    return f"{help_text[: match.start()]}  [{'；'.join(translated)}]"  # type: ignore[arg-type]


class _ChineseHelp:
    """What a command and a group share: usage, the help option, the 参数 and 选项 sections."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [OPTIONS_PLACEHOLDER, *(term for term, _help in self._records(ctx, "argument"))]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        for heading, kind in ((ARGUMENTS_HEADING, "argument"), (OPTIONS_HEADING, "option")):
            records = self._records(ctx, kind)
            if records:
                with formatter.section(heading):
                    formatter.write_dl(records)

    def _records(self, ctx: Any, kind: str) -> list[tuple[str, str]]:
        """(term, help) of each parameter of `kind` ("argument" / "option") that shows in help."""
        records = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx) if param.param_type_name == kind else None
            if record is not None:
                term, help_text = record
                if kind == "argument":  # typer ≥ 0.29 appends the Python type (`paths... <list[Path]>`)
                    name = param.metavar or ARGUMENT_NAMES.get(param.name, param.name)
                    term = name + ("..." if param.nargs == -1 else "")
                records.append((_VALUE_TYPE.sub(_chinese_value_type, term), _chinese_notes(help_text)))
        return records


class Command(_ChineseHelp, typer.core.TyperCommand):
    """A typer command whose help is in Chinese."""


class Group(_ChineseHelp, typer.core.TyperGroup):
    """A typer group (the `reportgen` command itself, `reportgen templates`) whose help is in Chinese."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [*super().collect_usage_pieces(ctx), COMMAND_PLACEHOLDER]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        shown = [(name, command) for name, command in commands if command is not None and not command.hidden]
        if not shown:
            return
        limit = formatter.width - 6 - max(len(name) for name, _command in shown)
        with formatter.section(COMMANDS_HEADING):
            formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in shown])
