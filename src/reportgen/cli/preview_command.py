"""`reportgen preview FILE [--port N] [--year Y]`"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def preview(
    path: Annotated[Path, typer.Argument(help="机关文件（agencies/xxx.yaml）", show_default=False)],
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="端口（默认：自动选择一个空闲端口）",
                                      show_default=False)] = 0,
    year: Annotated[int | None, typer.Option("--year", help="预览哪一年的报告（默认：文件中最近的一年）",
                                             show_default=False)] = None,
) -> int:
    from ..preview import PreviewServer  # http.server is imported only when a preview starts, not for `check`

    PreviewServer(path, port=port, year=year).serve_until_interrupted(typer.echo)
    return 0
