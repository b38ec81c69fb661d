"""`reportgen audit SOURCE… [--format json] [--year Y] [--agency 名称] [--edition E] [--strict-blanks]
[--table FILE] [--jobs N]`"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .options import FormatOption, OutputFormat


def audit(
    sources: Annotated[list[Path], typer.Argument(help="已发布的报告（纯文本、网页、Word 或 PDF）或存放它们的文件夹，可以写多个", show_default=False)],
    output_format: FormatOption = OutputFormat.text,
    year: Annotated[int | None, typer.Option("--year", help="报告年度（默认：从各报告的标题读出）", show_default=False)] = None,
    agency: Annotated[str | None, typer.Option("--agency", help="机关名称（报告中没有写明时，如网页摘录）", show_default=False)] = None,
    edition: Annotated[int | None, typer.Option("--edition", help="表格的格式版本：2019 或 2021（默认：从表格的行列判断）", show_default=False)] = None,
    strict_blanks: Annotated[bool, typer.Option("--strict-blanks", help="空白格逐格报告（按填写规则；默认按 0 计，每表说明一次）")] = False,
    table: Annotated[Path | None, typer.Option("--table", help="把全部报告的审核结果写成一张表（.html、.csv 或 .json）", show_default=False)] = None,
    jobs: Annotated[int, typer.Option("--jobs", min=1, help="同时审核的报告数（默认 1）")] = 1,
) -> int:
    from ..importer.audit import AuditOptions, audit_json, audit_text, exit_code  # only when auditing
    from ..importer.audit_sources import audit_sources
    from ..importer.audit_table import table_format, write_audit_table

    if table is not None:
        table_format(table)
    options = AuditOptions(year=year, agency=agency, edition=edition, strict_blanks=strict_blanks)
    results = audit_sources(sources, options, jobs)
    if table is not None:
        write_audit_table(results, table)
    typer.echo(audit_json(results) if output_format is OutputFormat.json else audit_text(results))
    return exit_code(results)
