"""`reportgen preview` and `reportgen edit` run as an officer runs them: a child process that prints the
page's address on its first line, serves until Ctrl-C, and is killed at the end of the test if it did
not stop by itself."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO


@dataclass
class ServingCommand:
    process: subprocess.Popen[str]
    url: str  # http://127.0.0.1:PORT/

    @property
    def port(self) -> int:
        return int(self.url.rstrip("/").rsplit(":", 1)[1])

    def interrupt(self, timeout: float = 15) -> tuple[str, str | None]:
        """Ctrl-C, then what the command printed on stdout and stderr (None when stderr went to a file)."""
        self.process.send_signal(signal.SIGINT)
        return self.process.communicate(timeout=timeout)


@contextmanager
def serving_command(*args: str, stderr: int | IO[str] = subprocess.PIPE, wait: float = 30) -> Iterator[ServingCommand]:
    """`reportgen ARGS…` in a child process, once it has printed its address (within `wait` seconds)."""
    process = subprocess.Popen([sys.executable, "-u", "-m", "reportgen", *args],
                               stdout=subprocess.PIPE, stderr=stderr, text=True, encoding="utf-8")
    try:
        first_line: list[str] = []
        reader = threading.Thread(target=lambda: first_line.append(process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout=wait)
        assert first_line, f"reportgen {args[0]} printed nothing within {wait:g} s"
        url = re.search(r"http://127\.0\.0\.1:\d+/", first_line[0])
        assert url, first_line
        yield ServingCommand(process, url.group(0))
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGCONT)  # in case a test stopped it
            process.kill()
            process.communicate(timeout=10)
