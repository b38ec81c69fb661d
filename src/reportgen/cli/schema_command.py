"""`reportgen schema [--out FILE]`"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..atomic import replace_atomic
from ..errors import ReportgenError
from ..schema import schema_text


def schema(
    out: Annotated[Path | None, typer.Option("--out", help="写入此文件（默认：输出到屏幕）", show_default=False)] = None,
) -> int:
    text = schema_text()
    if out is None:
        typer.echo(text, nl=False)
        return 0
    if out.is_dir():
        raise ReportgenError(f"“{out}”是一个文件夹：请用 --out 指定文件名，如 schema/agency.schema.json。")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        replace_atomic(out, text.encode("utf-8"))
    except OSError as error:
        raise ReportgenError(f"无法写入“{out}”：{error.strerror or error}。") from error
    typer.echo(f"已写入 {out}")
    return 0
