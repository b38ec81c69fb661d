"""The help screens in Chinese: typer prints its own headings ("Usage:", "Options", "Show this
message and exit.") in English. The officer reads every message in Chinese, so the few strings
typer formats itself are translated here, in one place.

This reaches into typer's internals (the `_` gettext hook of typer.core, the vendored click's
HelpFormatter and help option), which is why typer's version is bounded in pyproject.toml; if an
internal moves, the help simply stays English and tests/test_cli.py says so.
"""

from __future__ import annotations

import typer.core

_TRANSLATIONS = {
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "Aborted!": "已中止。",
}
HELP_OPTION_TEXT = "显示本帮助并退出。"
USAGE_PREFIX = "用法："
#: The placeholders of the usage line (issue 14: no English in a help screen).
_USAGE_WORDS = (("COMMAND [ARGS]...", "命令 [参数]..."), ("[OPTIONS]", "[选项]"))
#: Argument names as the help screen shows them (the parameter names of the command functions).
ARGUMENT_NAMES = {"paths": "文件或文件夹", "path": "文件", "source": "报告文件", "sources": "报告文件",
                  "DIR": "文件夹", "directory": "文件夹", "folder": "文件夹"}


def install() -> None:
    """Translate typer's own help strings. Safe to call more than once."""
    try:
        from typer._click import core as click_core
        from typer._click import formatting
    except ImportError:  # a typer without the vendored click: leave its English
        return
    typer.core._ = lambda text: _TRANSLATIONS.get(text, text)  # type: ignore[attr-defined]

    formatter = formatting.HelpFormatter
    if not getattr(formatter.write_usage, "_chinese", False):
        english_write_usage = formatter.write_usage

        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            for english, chinese in _USAGE_WORDS:
                args = args.replace(english, chinese)
            english_write_usage(self, prog, args, USAGE_PREFIX if prefix is None else prefix)

        write_usage._chinese = True  # type: ignore[attr-defined]
        formatter.write_usage = write_usage  # type: ignore[method-assign]

    _install_argument_names()

    command = click_core.Command
    if not getattr(command.get_help_option, "_chinese", False):
        english_help_option = command.get_help_option

        def get_help_option(self, ctx):
            option = english_help_option(self, ctx)
            if option is not None:
                option.help = HELP_OPTION_TEXT
            return option

        get_help_option._chinese = True  # type: ignore[attr-defined]
        command.get_help_option = get_help_option  # type: ignore[method-assign]


def _install_argument_names() -> None:
    """`{paths}...` → `文件或文件夹...`: typer writes a required argument's name in braces."""
    argument = typer.core.TyperArgument
    if getattr(argument.make_metavar, "_chinese", False):
        return
    english_make_metavar = argument.make_metavar

    def make_metavar(self, ctx, *args, **kwargs):  # type: ignore[no-untyped-def]
        text = english_make_metavar(self, ctx, *args, **kwargs)
        for name in (self.metavar, self.name):
            if name and name in ARGUMENT_NAMES:
                text = text.replace(name, ARGUMENT_NAMES[name])
        return text.replace("{", "").replace("}", "")

    make_metavar._chinese = True  # type: ignore[attr-defined]
    argument.make_metavar = make_metavar  # type: ignore[method-assign]
