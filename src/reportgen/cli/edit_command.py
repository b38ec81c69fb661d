"""`reportgen edit FILE [--year Y] [--port N]`"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def edit(
    path: Annotated[Path, typer.Argument(help="机关文件（agencies/xxx.yaml）", show_default=False)],
    year: Annotated[int | None, typer.Option("--year", help="编辑哪一年的报告（默认：文件中最近的一年）",
                                             show_default=False)] = None,
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="端口（默认：自动选择一个空闲端口）",
                                      show_default=False)] = 0,
) -> int:
    from ..edit.server import EditServer  # http.server is imported only when the page is served

    EditServer(path, port=port, year=year).serve_until_interrupted(typer.echo)
    return 0
