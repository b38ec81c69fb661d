"""`reportgen new agencies/<简称>.yaml --agency 名称 [--year Y]`"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ..authoring.skeleton import create_agency_file
from ..document import PLACEHOLDER_MARK


def new(
    path: Annotated[Path, typer.Argument(help="要新建的机关文件，如 agencies/erqi.yaml", show_default=False)],
    agency: Annotated[str, typer.Option("--agency", help="行政机关全称，如 郑州市二七区政务服务中心", show_default=False)],
    year: Annotated[int | None, typer.Option("--year", help="报告年度（默认：去年）", show_default=False)] = None,
    schema: Annotated[bool, typer.Option("--schema", help="同时在 agencies 文件夹旁写一份 schema/agency.schema.json"
                                         "（供编辑器提示键名，随仓库提交）；不加时文件首行指向已安装的 schema")] = False,
) -> int:
    result = create_agency_file(path, agency, year if year is not None else date.today().year - 1, copy_schema=schema)
    typer.echo(f"已新建 {result.path}：{result.year}年度报告（{result.edition.name}格式），"
               f"表格各格为 0，正文有 {result.placeholders} 处“{PLACEHOLDER_MARK}”待填写。")
    if result.schema_written is not None:
        typer.echo(f"已写入 {_shown(result.schema_written)}（编辑器据此提示每个键的含义；请一并提交到 git）。")
    typer.echo(f"下一步：打开 {result.path} 填写数字、改写“{PLACEHOLDER_MARK}”处，然后运行：reportgen check {result.path}")
    return 0


def _shown(path: Path) -> str:
    """The path relative to the current folder where it is inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
