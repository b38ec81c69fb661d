"""`reportgen audit SOURCE… [--format json] [--year Y]`"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .options import FormatOption, OutputFormat


def audit(
    sources: Annotated[list[Path], typer.Argument(help="已发布的报告（纯文本、网页、Word 或 PDF），可以写多个", show_default=False)],
    output_format: FormatOption = OutputFormat.text,
    year: Annotated[int | None, typer.Option("--year", help="报告年度（默认：从各报告的标题读出）", show_default=False)] = None,
) -> int:
    from ..importer.audit import audit_json, audit_paths, audit_text, exit_code  # only when auditing

    results = audit_paths(sources, year)
    typer.echo(audit_json(results) if output_format is OutputFormat.json else audit_text(results))
    return exit_code(results)
