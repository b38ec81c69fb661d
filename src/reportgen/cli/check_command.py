"""`reportgen check PATH… [--format json] [--strict] [--jobs N] [--quiet]`"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..batch import default_jobs, run_chunked
from ..check import CheckResult, CheckTally, agency_files, check_slim
from ..output import check_json, check_summary, file_text
from .options import FormatOption, OutputFormat
from .progress import JOBS_HELP, Progress

CHUNK = 8  # files a worker checks per task: passing many small results between processes costs little
MIN_FILES_FOR_WORKERS = 16  # below this, starting workers costs more than it saves


def check(
    paths: Annotated[list[Path], typer.Argument(help="机关文件（agencies/xxx.yaml）或存放它们的文件夹", show_default=False)],
    output_format: FormatOption = OutputFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="有警告时也以退出码 1 结束")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", min=1, help=JOBS_HELP, show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="不显示进度条")] = False,
) -> int:
    files = agency_files(paths)
    text = output_format is OutputFormat.text
    tally = CheckTally()  # text: each file printed as it is checked, then only counted
    kept = CheckResult([])  # json: one document at the end
    with Progress(len(files), unit="校验", quiet=quiet) as progress:
        for file_result in run_chunked(check_slim, files, jobs=_jobs(jobs, len(files)), chunk=CHUNK):
            tally.add(file_result)
            if text:
                progress.out(file_text(file_result))
            else:
                kept.files.append(file_result)
            progress.advance(file_result.agency_name or file_result.path.name)
    typer.echo(check_summary(tally) if text else check_json(kept))
    return tally.exit_code(strict)


def _jobs(asked: int | None, files: int) -> int:
    """As asked; by default every CPU, but one process for a handful of files (workers cost more)."""
    if asked is not None:
        return asked
    return default_jobs() if files >= MIN_FILES_FOR_WORKERS else 1

