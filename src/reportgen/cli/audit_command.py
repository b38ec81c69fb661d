"""`reportgen audit SOURCE… [--format json] [--year Y] [--jobs N] [--quiet]`"""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ReportgenError
from .options import FormatOption, OutputFormat
from .progress import JOBS_HELP, Progress

if TYPE_CHECKING:
    from ..importer.audit import AuditResult

#: What a published report can be: plain text, a web page, a Word document, a PDF.
SOURCE_SUFFIXES = (".txt", ".htm", ".html", ".shtml", ".xhtml", ".docx", ".pdf")
MIN_SOURCES_FOR_WORKERS = 4  # an import takes long enough for workers to pay off early


def audit(
    sources: Annotated[list[Path], typer.Argument(help="已发布的报告（纯文本、网页、Word 或 PDF）或存放它们的文件夹，可以写多个", show_default=False)],
    output_format: FormatOption = OutputFormat.text,
    year: Annotated[int | None, typer.Option("--year", help="报告年度（默认：从各报告的标题读出）", show_default=False)] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", min=1, help=JOBS_HELP, show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="不显示进度条")] = False,
) -> int:
    from ..batch import default_jobs, run
    from ..importer.audit import audit_json, audit_summary, exit_code, result_text  # only when auditing

    files = source_files(sources)
    if jobs is None:
        jobs = default_jobs() if len(files) >= MIN_SOURCES_FOR_WORKERS else 1
    results: list[AuditResult] = []
    text = output_format is OutputFormat.text
    with Progress(len(files), unit="审核", quiet=quiet) as progress:
        for result in run(functools.partial(audit_slim, year=year), files, jobs=jobs):
            results.append(result)
            if text:
                progress.out(result_text(result))
            progress.advance(Path(result.source).name)
    typer.echo(audit_summary(results) if text else audit_json(results))
    return exit_code(results)


def source_files(paths: list[Path]) -> list[Path]:
    """Files as given (a missing one is reported as unreadable, with the others); folders searched for
    published reports by their extension."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in SOURCE_SUFFIXES and p.is_file())
            if not found:
                kinds = "、".join(SOURCE_SUFFIXES)
                raise ReportgenError(f"文件夹“{path}”中没有已发布的报告（{kinds} 文件）。")
            files.extend(found)
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def audit_slim(path: Path, year: int | None) -> AuditResult:
    """One source audited, without the loaded agency (a batch keeps only what it prints)."""
    from ..importer.audit import audit_file

    return replace(audit_file(path, year), agency=None)
