"""`reportgen build PATH… [--year Y | --all-years] [--out DIR] [--format html,docx,pdf] [--draft] [--fragment]
[--templates DIR] [--jobs N] [--quiet]`"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..batch import default_jobs
from ..build import DEFAULT_FORMATS, DEFAULT_OUT_DIR, BuildOptions, FileBuild, build_files, exit_code, parse_formats
from ..check import CheckResult, agency_files
from ..output import check_text, file_text, finding_text
from ..render.values import DRAFT_MARK
from .progress import JOBS_HELP, QUIET_HELP, Progress

REFUSED_HINT = "请改正上面的错误后重试；如需先看排版，可加 --draft 生成草稿。"
LISTED = 20  # reports not built named in the summary line; beyond, counted


def build(
    paths: Annotated[list[Path], typer.Argument(help="机关文件（agencies/xxx.yaml）或存放它们的文件夹", show_default=False)],
    year: Annotated[int | None, typer.Option("--year", help="生成哪一年的报告（默认：文件中最近的一年）", show_default=False)] = None,
    all_years: Annotated[bool, typer.Option("--all-years", help="生成文件中每一年的报告")] = False,
    out: Annotated[Path, typer.Option("--out", help="输出文件夹")] = DEFAULT_OUT_DIR,
    formats: Annotated[str, typer.Option("--format", help="输出格式，多个用逗号分隔：html（网页）、docx（Word）、pdf（由 LibreOffice 转换）")] = ",".join(DEFAULT_FORMATS),
    draft: Annotated[bool, typer.Option("--draft", help=f"数据有错误也生成，每页标注“{DRAFT_MARK}”")] = False,
    fragment: Annotated[bool, typer.Option("--fragment", help="只输出报告正文（不含 <html> 外壳），便于嵌入网站页面")] = False,
    templates: Annotated[Path | None, typer.Option("--templates", help="用这个文件夹中修改过的 Word 模板（先用 reportgen templates export 导出）", show_default=False)] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", min=1, help=JOBS_HELP, show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help=QUIET_HELP)] = False,
) -> int:
    options = BuildOptions(year=year, all_years=all_years, out_dir=out, formats=parse_formats(formats),
                           draft=draft, fragment=fragment, templates=templates)
    files = agency_files(paths)
    done: list[FileBuild] = []
    with Progress(len(files), unit="生成报告", quiet=quiet) as progress:
        try:
            for built in build_files(files, options, jobs=jobs or default_jobs()):
                done.append(built)
                _show(built, progress, quiet)
                progress.advance(built.check.agency_name or built.check.path.name)
        except KeyboardInterrupt:
            typer.echo(_summary(done, progress.seconds, interrupted=True), err=True)
            raise
    if len(files) == 1:
        single = done[0]
        if single.problem is not None:
            typer.echo(f"错误：{single.problem}", err=True)
            return 2
        if single.refused:
            typer.echo(check_text(CheckResult([single.check])))
            typer.echo(f"\n未生成报告：数据未通过校验。{REFUSED_HINT}", err=True)
        return exit_code(done)
    refused = [built for built in done if built.refused]
    for built in refused:
        typer.echo(f"{built.problem}" if built.problem is not None else file_text(built.check))
    if any(built.refused_years for built in refused):
        typer.echo(f"\n以上机关文件的报告未生成：数据未通过校验。{REFUSED_HINT}", err=True)
    typer.echo(_summary(done, progress.seconds), err=True)
    return exit_code(done)


def _show(built: FileBuild, progress: Progress, quiet: bool) -> None:
    """A file just done: its warnings, and (unless quiet) each file written."""
    for warning in built.check.warnings if not built.refused else []:
        progress.err(finding_text(warning))
    if quiet:
        return
    for output in built.outputs:
        marked = f"（{DRAFT_MARK}）" if output.draft else ""
        progress.out(f"已生成 {output.agency_name} {output.year}年报告{marked}：{output.path}")


def _not_built(built: FileBuild) -> list[str]:
    name = built.check.agency_name or built.check.path.name
    if built.refused_years:
        return [f"{name} {year}年" for year in built.refused_years]
    return [name if built.check.agency_name is None else f"{name}（{built.check.path.name}）"]


def _summary(done: list[FileBuild], seconds: float, *, interrupted: bool = False) -> str:
    """生成 N 份，未生成 M 份（…），用时 T 秒。"""
    built = sum(file.report_count for file in done)
    missing = [entry for file in done if file.refused for entry in _not_built(file)]
    listed = "、".join(missing[:LISTED]) + (f" 等 {len(missing)} 份" if len(missing) > LISTED else "")
    line = f"生成 {built} 份，未生成 {len(missing)} 份" + (f"（{listed}）" if missing else "") + f"，用时 {seconds:.1f} 秒。"
    return f"已中断：没有写了一半的文件，已生成的都是完整的。\n{line}" if interrupted else line
