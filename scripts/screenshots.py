"""Desktop screenshots of one built example of each edition, for the README: docs/images/.

    python scripts/screenshots.py            # after `reportgen build agencies/ --all-years --out examples/`

Uses PyPI's playwright (a test extra) with the system Chromium, found by tests/tools.py like the
browser tests find it (never `playwright install`).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from reportgen.check import check_file
from reportgen.editions import EDITIONS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from tools import PLAYWRIGHT_FLAGS, chromium_or_exit  # noqa: E402  (the one Chromium finder, shared with the tests)

WIDTH = 1280


def examples_by_edition() -> dict[int, Path]:
    """The first example (by file name) of each edition."""
    chosen: dict[int, Path] = {}
    for path in sorted((ROOT / "agencies").glob("*.yaml")):
        agency = check_file(path).agency
        if agency is None:
            continue
        for year, report in sorted(agency.reports.items()):
            page = ROOT / "examples" / f"{agency.slug}-{year}.html"
            if page.is_file():
                chosen.setdefault(report.edition.year, page)
    return chosen


def main() -> int:
    chosen = examples_by_edition()
    missing = sorted(set(EDITIONS) - set(chosen))
    if missing:
        print(f"examples/ has no report of edition {missing}: build the examples first", file=sys.stderr)
        return 1
    chromium = chromium_or_exit()
    out = ROOT / "docs" / "images"
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium, headless=True, args=PLAYWRIGHT_FLAGS, viewport={"width": WIDTH, "height": 900})
        page = context.new_page()
        for edition, example in sorted(chosen.items()):
            page.goto(example.as_uri())
            target = out / f"report-{edition}-edition-desktop.png"
            page.screenshot(path=str(target), full_page=True)
            print(f"{example.relative_to(ROOT)} → {target.relative_to(ROOT)}")
        context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
