"""Ctrl-C and termination for every command: SIGINT, SIGTERM and SIGHUP raise KeyboardInterrupt in
the main thread, so every `finally` runs (LibreOffice is ended, temporary folders are removed, a file
being written is dropped before it replaces anything), then `main` says so in Chinese and exits
128 + the signal's number. A signal the caller chose to ignore (`nohup`) stays ignored."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_CAUGHT = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextmanager
def caught() -> Iterator[list[int]]:
    """While the block runs, the signals raise KeyboardInterrupt; yields the numbers received."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def interrupt(number: int, frame: FrameType | None) -> None:
        received.append(number)
        raise KeyboardInterrupt

    earlier = {number: signal.getsignal(number) for number in _CAUGHT}
    for number, handler in earlier.items():
        if handler in (signal.SIG_DFL, signal.default_int_handler):
            signal.signal(number, interrupt)
    try:
        yield received
    finally:
        for number, handler in earlier.items():
            if handler is not None:
                signal.signal(number, handler)


def stopped(received: list[int]) -> tuple[str, int]:
    """What to tell the user, and the exit status, after an interruption."""
    number = received[0] if received else signal.SIGINT
    what = "已中断（Ctrl-C）" if number == signal.SIGINT else "已终止（收到终止信号）"
    return f"{what}，没有写入不完整的文件。", 128 + number
