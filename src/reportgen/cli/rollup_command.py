"""`reportgen rollup 文件或文件夹… --year Y (--agency 名称 --out 文件.yaml | --into 汇总文件.yaml)`"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..document import PLACEHOLDER_MARK
from ..editions.common import RECEIVED
from ..errors import ReportgenError
from ..yamltext import number_text


def rollup(
    paths: Annotated[list[Path], typer.Argument(help="要汇总的机关文件，或存放它们的文件夹", show_default=False)],
    year: Annotated[int, typer.Option("--year", help="汇总哪一年的报告", show_default=False)],
    agency: Annotated[str | None, typer.Option("--agency", help="汇总报告的机关名称，如 郑州市二七区人民政府（与 --out 一起用）", show_default=False)] = None,
    out: Annotated[Path | None, typer.Option("--out", help="新建的汇总文件（.yaml），不覆盖已有文件", show_default=False)] = None,
    into: Annotated[Path | None, typer.Option("--into", help="把这一年的汇总加在已有的汇总文件末尾（原有年度一字不改）", show_default=False)] = None,
) -> int:
    from ..district.rollup import rollup_into, rollup_paths

    if (out is None) == (into is None):
        raise ReportgenError("请用 --out 新建汇总文件（同时用 --agency 写明机关名称），或用 --into 加入已有的汇总文件，二者选一。")
    if into is not None:
        result = rollup_into(paths, year, into)
    else:
        if agency is None:
            raise ReportgenError("新建汇总文件要用 --agency 写明汇总报告的机关名称，如 --agency 郑州市二七区人民政府。")
        result = rollup_paths(paths, year, agency, out)  # type: ignore[arg-type]
    total = sum(item.received for item in result.agencies)
    typer.echo(f"已汇总 {len(result.agencies)} 个机关的 {result.year}年报告（{result.edition.name}格式）→ {result.path}")
    for item in result.agencies:
        typer.echo(f"  {item.name}：{RECEIVED.key} {number_text(item.received)} 件")
    typer.echo(f"合计{RECEIVED.key} {number_text(total)} 件。表格各格为各机关之和，已通过校验；"
               f"正文是“{PLACEHOLDER_MARK}”占位文字，请按全区情况撰写后运行：reportgen check {result.path}")
    return 0
