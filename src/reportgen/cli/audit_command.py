"""`reportgen audit SOURCE… [--format json] [--year Y] [--agency 名称] [--edition E] [--strict-blanks]
[--table FILE] [--jobs N] [--quiet]`"""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .options import FormatOption, OutputFormat
from .progress import JOBS_HELP, Progress

if TYPE_CHECKING:
    from ..importer.audit import AuditOptions, AuditResult

MIN_SOURCES_FOR_WORKERS = 4  # an import takes long enough for workers to pay off early


def audit(
    sources: Annotated[list[Path], typer.Argument(help="已发布的报告（纯文本、网页、Word 或 PDF）或存放它们的文件夹，可以写多个", show_default=False)],
    output_format: FormatOption = OutputFormat.text,
    year: Annotated[int | None, typer.Option("--year", help="报告年度（默认：从各报告的标题读出）", show_default=False)] = None,
    agency: Annotated[str | None, typer.Option("--agency", help="机关名称（报告中没有写明时，如网页摘录）", show_default=False)] = None,
    edition: Annotated[int | None, typer.Option("--edition", help="表格的格式版本：2019 或 2021（默认：从表格的行列判断）", show_default=False)] = None,
    strict_blanks: Annotated[bool, typer.Option("--strict-blanks", help="空白格逐格报告（按填写规则；默认按 0 计，每表说明一次）")] = False,
    table: Annotated[Path | None, typer.Option("--table", help="把全部报告的审核结果写成一张表（.html、.csv 或 .json）", show_default=False)] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", min=1, help=JOBS_HELP, show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="不显示进度条")] = False,
) -> int:
    from ..batch import default_jobs, run
    from ..importer.audit import AuditOptions, audit_json, audit_summary, exit_code, result_text  # only when auditing
    from ..importer.audit_sources import source_files
    from ..importer.audit_table import table_format, write_audit_table

    if table is not None:
        table_format(table)  # a wrong name or an existing file is refused before anything is audited
    options = AuditOptions(year=year, agency=agency, edition=edition, strict_blanks=strict_blanks)
    files = source_files(sources)
    if jobs is None:
        jobs = default_jobs() if len(files) >= MIN_SOURCES_FOR_WORKERS else 1
    results: list[AuditResult] = []
    text = output_format is OutputFormat.text
    with Progress(len(files), unit="审核", quiet=quiet) as progress:
        for result in run(functools.partial(audit_slim, options=options), files, jobs=jobs):
            results.append(result)
            if text:
                progress.out(result_text(result))
            progress.advance(Path(result.source).name)
    if table is not None:
        write_audit_table(results, table)
    typer.echo(audit_summary(results) if text else audit_json(results))
    return exit_code(results)


def audit_slim(path: Path, options: AuditOptions) -> AuditResult:
    """One source audited, without the loaded agency (a batch keeps only what it prints and tabulates)."""
    from ..importer.audit import audit_file

    return replace(audit_file(path, options=options), agency=None)
