"""The one exception type for mistakes a user can make. The CLI shows it in Chinese, without a traceback."""

from __future__ import annotations


class ReportgenError(Exception):
    """A user's mistake (bad path, bad option, unreadable file). `message` is Chinese and complete."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
