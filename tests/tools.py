"""The external tools some tests drive (Chromium, LibreOffice, poppler): found once, and required
in CI. On a developer's machine without a tool its tests skip; when CI is set they fail, because
.ci/run installs every one of them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

IN_CI = bool(os.environ.get("CI"))
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
    "--no-first-run", "--disable-component-update", "--disable-sync",
)


def require(available: object, what: str) -> None:
    """Skip on a developer's machine without `what`; fail in CI, where it must be installed."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing: CI must install it (see .ci/run)")
    pytest.skip(f"{what} is not installed")


def find_chromium() -> str | None:
    for candidate in (os.environ.get("REPORTGEN_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None
