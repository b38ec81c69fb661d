"""The external tools some tests drive (Chromium, LibreOffice, poppler): found once, and required
in CI. On a developer's machine without a tool its tests skip; when CI is set they fail, because
.ci/run installs every one of them.

Chromium is found here and nowhere else: the scripts that take screenshots (scripts/screenshots.py,
district_screenshot.py, page_images.py) import this module too. The package itself never starts a
browser, so the finder lives with the tests that do."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

IN_CI = bool(os.environ.get("CI"))
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
    "--no-first-run", "--disable-component-update", "--disable-sync",
)
#: The flags for playwright, which adds its own headless switch.
PLAYWRIGHT_FLAGS = [flag for flag in CHROMIUM_FLAGS if flag != "--headless"]
CHROMIUM_HINT = "chromium (apt-get install chromium fonts-noto-cjk)"
PLAYWRIGHT_HINT = "playwright (pip install playwright; use the system chromium, no `playwright install`)"


def require(available: object, what: str) -> None:
    """Skip on a developer's machine without `what`; fail in CI, where it must be installed."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing: CI must install it (see .ci/run)")
    pytest.skip(f"{what} is not installed")


def find_chromium() -> str | None:
    """Chromium: $REPORTGEN_CHROMIUM, else `chromium` on PATH, else Debian's /usr/bin/chromium."""
    for candidate in (os.environ.get("REPORTGEN_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def required_chromium() -> str:
    """Chromium's path, or the test skips (fails in CI)."""
    chromium = find_chromium()
    require(chromium, CHROMIUM_HINT)
    assert chromium is not None
    return chromium


def required_playwright() -> Any:
    """playwright's `sync_playwright`, or the test skips (fails in CI)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    require(sync_playwright, PLAYWRIGHT_HINT)
    return sync_playwright


def required_axe_source() -> str:
    """axe-core's script (shipped by axe-playwright-python), to run in a page; or the test skips (fails in CI)."""
    try:
        import axe_playwright_python
    except ImportError:
        axe_playwright_python = None
    require(axe_playwright_python, "axe-playwright-python (pip install axe-playwright-python)")
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def chromium_or_exit() -> str:
    """For scripts/: Chromium's path, or the script ends saying how to install it."""
    chromium = find_chromium()
    if chromium is None:
        sys.exit(f"{CHROMIUM_HINT} is not installed (or set REPORTGEN_CHROMIUM to its path)")
    return chromium
