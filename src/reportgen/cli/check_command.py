"""`reportgen check PATH…`"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..check import check_paths
from ..output import check_json, check_text
from .options import FormatOption, OutputFormat


def check(
    paths: Annotated[list[Path], typer.Argument(help="机关文件（agencies/xxx.yaml）或存放它们的文件夹", show_default=False)],
    output_format: FormatOption = OutputFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="有警告时也以退出码 1 结束")] = False,
) -> int:
    result = check_paths(paths)
    typer.echo(check_json(result) if output_format is OutputFormat.json else check_text(result))
    return result.exit_code(strict)
