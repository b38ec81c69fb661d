"""`reportgen build PATH… [--year Y | --all-years] [--out DIR] [--format html,docx,pdf,xlsx] [--strict] [--draft]
[--fragment] [--templates DIR] [--jobs N] [--quiet]`"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..batch import default_jobs
from ..build import DEFAULT_FORMATS, DEFAULT_OUT_DIR, BuildOptions, FileBuild, build_files, exit_code, parse_formats
from ..check import CheckResult, agency_files
from ..errors import ReportgenError
from ..output import check_text, file_text, finding_text
from ..render.values import DRAFT_MARK
from .progress import JOBS_HELP, QUIET_HELP, Progress

LISTED = 20  # reports not built named in the summary line; beyond, counted


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
    jobs: Annotated[int | None, typer.Option("--jobs", min=1, help=JOBS_HELP, show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help=QUIET_HELP)] = False,
) -> int:
    options = BuildOptions(year=year, all_years=all_years, out_dir=out, formats=parse_formats(formats),
                           draft=draft, fragment=fragment, templates=templates, strict=strict)
    files = agency_files(paths)
    built = 0  # reports written
    refused: list[FileBuild] = []  # only these are kept: memory does not grow with the files built
    with Progress(len(files), unit="生成报告", quiet=quiet) as progress:
        try:
            for file_build in build_files(files, options, jobs=jobs or default_jobs()):
                built += file_build.report_count
                if file_build.refused:
                    refused.append(file_build)
                _show(file_build, progress, quiet)
                progress.advance(file_build.check.agency_name or file_build.check.path.name)
        except KeyboardInterrupt:
            typer.echo(_summary(built, refused, progress.seconds), err=True)
            raise
        except ReportgenError:  # a template, LibreOffice, a full disk: what was written is said first
            if built:
                typer.echo(_summary(built, refused, progress.seconds), err=True)
            raise
    if len(files) == 1 and refused and refused[0].problem is not None:
        raise ReportgenError(refused[0].problem)  # one file, as before: no such year is a usage mistake
    if len(files) == 1 and refused:  # one file: its findings exactly as `check` prints them
        typer.echo(check_text(CheckResult([refused[0].check])))
        typer.echo(f"\n未生成报告：数据未通过校验。{_refused_hint(strict)}", err=True)
    else:
        for file_build in refused:
            typer.echo(file_build.problem if file_build.problem is not None else file_text(file_build.check))
        if any(file_build.refused_years for file_build in refused):
            typer.echo(f"\n以上机关文件的报告未生成：数据未通过校验。{_refused_hint(strict)}", err=True)
    typer.echo(_summary(built, refused, progress.seconds), err=True)
    return exit_code(refused)


def _refused_hint(strict: bool) -> str:
    stopped = "错误或警告（--strict）" if strict else "错误"
    return f"请改正上面的{stopped}后重试；如需先看排版，可加 --draft 生成草稿。"


def _show(file_build: FileBuild, progress: Progress, quiet: bool) -> None:
    """A file just done: its warnings, and (unless quiet) each file written."""
    for warning in file_build.check.warnings if not file_build.refused else []:
        progress.err(finding_text(warning))
    if quiet:
        return
    for output in file_build.outputs:
        marked = f"（{DRAFT_MARK}）" if output.draft else ""
        progress.out(f"已生成 {output.agency_name} {output.year}年报告{marked}：{output.path}")


def _not_built(file_build: FileBuild) -> list[str]:
    name = file_build.check.agency_name or file_build.check.path.name
    if file_build.refused_years:
        return [f"{name} {year}年" for year in file_build.refused_years]
    return [name if file_build.check.agency_name is None else f"{name}（{file_build.check.path.name}）"]


def _summary(built: int, refused: list[FileBuild], seconds: float) -> str:
    """生成 N 份，未生成 M 份（…），用时 T 秒。"""
    missing = [entry for file_build in refused for entry in _not_built(file_build)]
    listed = "、".join(missing[:LISTED]) + (f" 等 {len(missing)} 份" if len(missing) > LISTED else "")
    line = f"生成 {built} 份，未生成 {len(missing)} 份" + (f"（{listed}）" if missing else "") + f"，用时 {seconds:.1f} 秒。"
    return line  # after Ctrl-C, the command's last line says so (cli/signals.py)
