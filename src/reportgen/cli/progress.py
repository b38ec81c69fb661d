"""What a command over many files shows while it runs: a progress bar on stderr (count, rate, time left,
the file at hand) when stderr is a terminal and `--quiet` is not given, and the lines it prints.

The bar is `rich`'s (installed with typer), imported only when it is shown. It is refreshed when a file
is done (no refresh thread, so worker processes can still be forked safely). Lines for stdout are
printed above the bar when stdout is the same terminal, straight to stdout otherwise.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any

import typer

JOBS_HELP = "同时使用几个 CPU（默认：本机可用的全部）"
QUIET_HELP = "不显示进度条和逐份的“已生成”信息，只显示问题和最后的汇总"


class Progress:
    def __init__(self, total: int, *, unit: str, quiet: bool = False) -> None:
        self.total = total
        self.unit = unit
        self.done = 0
        self.started = time.perf_counter()
        self.shown = not quiet and total > 1 and sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if self.shown:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"), TextColumn("剩余"), TimeRemainingColumn(),
                TextColumn("{task.fields[current]}"),
                console=Console(stderr=True), auto_refresh=False, transient=True,
                redirect_stdout=False, redirect_stderr=False,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.unit, total=self.total, rate="", current="")
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def advance(self, current: str) -> None:
        """One more file done; `current` names it."""
        self.done += 1
        if self._bar is not None:
            rate = self.done / max(self.seconds, 1e-9)
            self._bar.update(self._task, completed=self.done, rate=f"{rate:.1f} 个/秒", current=current[:30])
            self._bar.refresh()

    def out(self, text: str) -> None:
        if self._bar is not None and sys.stdout.isatty():
            self._bar.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            typer.echo(text)

    def err(self, text: str) -> None:
        if self._bar is not None:
            self._bar.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            typer.echo(text, err=True)

