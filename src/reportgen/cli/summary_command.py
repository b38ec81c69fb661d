"""`reportgen summary 文件或文件夹… [--year Y] --out 汇总.html|汇总.xlsx|汇总.csv`"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def summary(
    paths: Annotated[list[Path], typer.Argument(help="机关文件，或存放它们的文件夹", show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="汇总表：.html（网页）、.xlsx（Excel）或 .csv", show_default=False)],
    year: Annotated[int | None, typer.Option("--year", help="只汇总这一年的报告（默认：文件中的每一年）", show_default=False)] = None,
) -> int:
    from ..district.output import write_summary

    rows = write_summary(paths, out, year)
    reports = [row for row in rows if row.year is not None and row.problem is None]
    failed = sum(1 for row in rows if not row.passed)
    late = sum(1 for row in rows if row.late)
    typer.echo(f"已写入汇总表 {out}：{len(rows)} 行（{len(reports)} 份报告），"
               f"未通过 {failed}，逾期发布 {late}，内容雷同 {sum(1 for row in rows if row.copied)}。")
    for row in rows:
        if row.problem:
            typer.echo(f"  {row.path}：{row.problem}", err=True)
    return 0
