"""`reportgen bind FILE [--yes] [--dry-run]`"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..prose.bind import apply_bind, plan_bind


def bind(
    path: Annotated[Path, typer.Argument(help="机关文件（agencies/xxx.yaml）", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="不询问，直接写入")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只显示将要做的修改，不写入")] = False,
) -> int:
    plan = plan_bind(path)
    for skipped in plan.skipped:
        typer.echo(f"未改写：第 {skipped.line} 行（{skipped.year}年报告 · {skipped.where}）的“{skipped.figure}”：{skipped.why}。",
                   err=True)
    if plan.disagreeing:
        typer.echo(f"另有 {plan.disagreeing} 处数字与表格不一致，未改动：请先用 reportgen check 查看（X-1）并改正。", err=True)
    if not plan.replacements:
        typer.echo(f"“{path}”中没有可以改为表格数字引用的数字。")
        return 0
    typer.echo(plan.diff(), nl=False)
    typer.echo(f"\n共 {len(plan.replacements)} 处数字与表格一致，可改为表格数字引用（印出的文字不变）：")
    for replacement in plan.replacements:
        typer.echo(f"  {replacement.describe()}")
    if dry_run:
        typer.echo("（--dry-run：未写入。）")
        return 0
    if not yes and not typer.confirm("写入这些修改？", default=False):
        typer.echo("未写入，文件没有改动。")
        return 0
    backup = apply_bind(plan)
    typer.echo(f"已写入“{path}”；原文件保存为“{backup}”。")
    return 0
