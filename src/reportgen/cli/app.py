"""The `reportgen` command and its error handling: user mistakes in Chinese, never a traceback."""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import typer

from ..errors import ReportgenError
from . import chinese_help, signals
from .audit_command import audit
from .bind_command import bind
from .build_command import build
from .check_command import check
from .edit_command import edit
from .import_command import import_
from .new_command import new
from .next_year_command import next_year
from .preview_command import preview
from .rollup_command import rollup
from .schema_command import schema
from .summary_command import summary
from .templates_command import templates_app
from .usage import usage_message

app = typer.Typer(
    name="reportgen",
    help="政府信息公开工作年度报告：用 YAML 保存数据和正文，按国家格式校验，生成 Word 和网页。",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    cls=chinese_help.Group,
)
app.command("check", cls=chinese_help.Command, help="校验机关的年度报告文件（可以是文件或文件夹），列出所有问题。")(check)
app.command("import", cls=chinese_help.Command, help="导入已发布的年度报告（文本、网页、Word、PDF）或填好的 Excel 表格，写成机关文件或加入已有的机关文件。")(import_)
app.command("audit", cls=chinese_help.Command, help="审核已发布的年度报告：导入后校验，列出每份报告的问题并给出结论。")(audit)
app.command("build", cls=chinese_help.Command, help="校验后生成年度报告：网页（HTML）和 Word（docx），可加 PDF；有错误时不生成，除非加 --draft。")(build)
app.command("bind", cls=chinese_help.Command, help="把正文中与表格一致的数字改为表格数字引用（如 {{表三.本年新收}}），先显示修改再写入。")(bind)
app.command("preview", cls=chinese_help.Command, help="在本机（127.0.0.1）预览报告网页，保存文件后自动更新，并在格子和段落旁标出校验问题。")(preview)
app.command("edit", cls=chinese_help.Command, help="在浏览器中填写报告（127.0.0.1）：每个格子和段落都可直接修改，写入机关文件时只改动这一处，并立即校验。")(edit)
app.command("new", cls=chinese_help.Command, help="新建机关文件：一个年度的完整框架，表格各格为 0，正文各处留有待填写的占位文字。")(new)
app.command("next-year", cls=chinese_help.Command, help="在机关文件末尾加入下一年的报告，带入上年结转等数字；原有内容一字不改。")(next_year)
app.command("schema", cls=chinese_help.Command, help="输出机关文件的 JSON Schema（供编辑器提示和检查键名）。")(schema)
app.command("summary", cls=chinese_help.Command, help="区县汇总表：每个机关每年一行（校验结论、发布是否逾期、雷同、主要数字），输出网页、Excel 或 CSV。")(summary)
app.command("rollup", cls=chinese_help.Command, help="把多个机关同一年的表格逐格相加，生成全区（全县）汇总报告的机关文件。")(rollup)
app.add_typer(templates_app)


def _show_version(shown: bool) -> None:
    if shown:
        try:
            number = version("reportgen")
        except PackageNotFoundError:  # run from a source tree that was never installed
            number = "（未安装，版本未知）"
        typer.echo(f"reportgen {number}")
        raise typer.Exit(0)


@app.callback()
def _root(
    show_version: Annotated[bool, typer.Option("--version", help="显示版本号并退出。", is_eager=True,
                                               callback=_show_version)] = False,
) -> None:
    """Keeps `check` a subcommand even while it is the only command; holds --version."""


def _command_names(ctx: object) -> list[str]:
    """The names of the commands at the level where a command was mistyped (reportgen, reportgen templates)."""
    command = ctx.command if ctx is not None else None
    return list(getattr(command, "commands", {}) or {})


def main() -> None:
    """Entry point: exit 0 clean, 1 findings, 2 unreadable input or bad usage, 130 Ctrl-C (128 + the
    signal's number after SIGTERM or SIGHUP)."""
    with signals.caught() as received:
        try:
            code = app(standalone_mode=False)  # typer turns KeyboardInterrupt into 130
        except KeyboardInterrupt:
            code = 130
        except ReportgenError as error:
            print(f"错误：{error.message}", file=sys.stderr)
            sys.exit(error.exit_code)
        except typer.Abort:
            print("已中止。", file=sys.stderr)
            sys.exit(130)
        except typer.TyperException as error:
            if type(error).__name__ == "NoArgsIsHelpError" and error.ctx is not None:  # type: ignore[attr-defined]
                print(error.ctx.get_help())  # type: ignore[attr-defined]
                sys.exit(0)
            context = getattr(error, "ctx", None)
            print(usage_message(error.format_message(), _command_names(context)), file=sys.stderr)
            sys.exit(2)
    if code == 130:
        message, code = signals.stopped(received)
        print(message, file=sys.stderr)
    sys.exit(code if isinstance(code, int) else 0)
