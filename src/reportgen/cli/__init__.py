"""The command line: a thin layer that parses arguments, calls the library and prints."""

from __future__ import annotations

from .app import app, main

__all__ = ["app", "main"]
