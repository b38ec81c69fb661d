"""`reportgen templates export DIR`: the default Word templates, copied out to be restyled in Word."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import chinese_help

templates_app = typer.Typer(
    name="templates",
    help="Word 模板：导出默认模板，用 Word 修改样式后以 reportgen build --templates 文件夹 使用。",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    cls=chinese_help.Group,
)


@templates_app.command("export", cls=chinese_help.Command, help="把默认的 Word 模板（每种格式版本一个）复制到文件夹 DIR；不覆盖已有的文件。")
def export(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="导出到哪个文件夹（不存在时新建）", show_default=False)],
) -> int:
    from ..render.docx import export_templates

    for path in export_templates(directory):
        typer.echo(f"已导出 {path}")
    typer.echo(
        "用 Word 打开这些文件修改字体、字号、页边距等样式（请保留 {{ … }} 和 {%p … %} 标记，"
        f"表格中每个数字格的占位符不能删除），然后运行：reportgen build 机关文件 --templates {directory}"
    )
    return 0
