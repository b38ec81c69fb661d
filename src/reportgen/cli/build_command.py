"""`reportgen build PATH… [--year Y | --all-years] [--out DIR] [--format html,docx,pdf] [--draft] [--fragment]
[--templates DIR]`"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..build import DEFAULT_FORMATS, DEFAULT_OUT_DIR, BuildOptions, build_paths, parse_formats
from ..output import check_text, finding_text
from ..render.values import DRAFT_MARK


def build(
    paths: Annotated[list[Path], typer.Argument(help="机关文件（agencies/xxx.yaml）或存放它们的文件夹", show_default=False)],
    year: Annotated[int | None, typer.Option("--year", help="生成哪一年的报告（默认：文件中最近的一年）", show_default=False)] = None,
    all_years: Annotated[bool, typer.Option("--all-years", help="生成文件中每一年的报告")] = False,
    out: Annotated[Path, typer.Option("--out", help="输出文件夹")] = DEFAULT_OUT_DIR,
    formats: Annotated[str, typer.Option("--format", help="输出格式，多个用逗号分隔：html（网页）、docx（Word）、pdf（由 LibreOffice 转换）、xlsx（Excel：按国家格式排列的表格，供填报）")] = ",".join(DEFAULT_FORMATS),
    draft: Annotated[bool, typer.Option("--draft", help=f"数据有错误也生成，每页标注“{DRAFT_MARK}”")] = False,
    fragment: Annotated[bool, typer.Option("--fragment", help="只输出报告正文（不含 <html> 外壳），便于嵌入网站页面")] = False,
    templates: Annotated[Path | None, typer.Option("--templates", help="用这个文件夹中修改过的 Word 模板（先用 reportgen templates export 导出）", show_default=False)] = None,
    strict: Annotated[bool, typer.Option("--strict", help="有警告（如正文数字与表格不一致）也不生成；发布前请加上")] = False,
) -> int:
    options = BuildOptions(year=year, all_years=all_years, out_dir=out, formats=parse_formats(formats),
                           draft=draft, fragment=fragment, templates=templates, strict=strict)
    result = build_paths(paths, options)
    if result.refused:
        typer.echo(check_text(result.check))
        stopped = "错误或警告（--strict）" if strict else "错误"
        typer.echo(f"\n未生成报告：数据未通过校验。请改正上面的{stopped}后重试；如需先看排版，可加 --draft 生成草稿。", err=True)
        return result.exit_code
    for warning in result.warnings:
        typer.echo(finding_text(warning), err=True)
    for output in result.outputs:
        name = output.agency.name.value if output.agency.name else output.agency.slug
        marked = f"（{DRAFT_MARK}）" if output.draft else ""
        typer.echo(f"已生成 {name} {output.year}年报告{marked}：{output.path}")
    return 0
