"""`reportgen next-year agencies/<简称>.yaml [--copy-prose] [--dry-run]`"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..authoring.next_year import add_next_year
from ..document import PLACEHOLDER_MARK


def next_year(
    path: Annotated[Path, typer.Argument(help="机关文件，如 agencies/erqi.yaml", show_default=False)],
    copy_prose: Annotated[bool, typer.Option("--copy-prose", help="正文照抄上一年（之后须逐段改写；check 会把雷同的段落列为警告）")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只显示将要加入的内容（diff），不改动文件")] = False,
) -> int:
    result = add_next_year(path, copy_prose=copy_prose, dry_run=dry_run)
    if dry_run:
        typer.echo(result.diff(), nl=False)
        typer.echo(f"\n试运行：以上是将要加入的{result.year}年报告，文件没有改动。", err=True)
        return 0
    typer.echo(f"已在 {result.path} 末尾加入 {result.year}年度报告（{result.edition.name}格式），"
               f"{result.previous.year}年及以前的内容一字未改。原文件备份为 {result.backup}。")
    typer.echo(f"已从{result.previous.year}年带入：" + "、".join(result.carried) + "。")
    for note in result.notes:
        typer.echo(f"注意：{note}")
    if result.placeholders:
        typer.echo(f"正文有 {result.placeholders} 处“{PLACEHOLDER_MARK}”待填写。")
    typer.echo(f"下一步：填写{result.year}年的数字和正文，然后运行：reportgen check {result.path}")
    return 0
