"""The summary page's screenshot for the README and docs/每年一月.md: docs/images/district-summary.png.

    python scripts/district_screenshot.py    # after `reportgen build agencies/ --all-years --out examples/`

A demo district in a temporary folder: the five example agencies, two of them altered to show what the
page flags (中心路街道 published late, P-1; 生态环境局二七分局 with a figure that breaks table 三, T3),
and a file that cannot be read. The built example pages are put beside the summary, so names link.
Uses PyPI's playwright with the system Chromium (never `playwright install`).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from reportgen.district.output import write_summary

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from tools import PLAYWRIGHT_FLAGS, chromium_or_exit  # noqa: E402  (the one Chromium finder, shared with the tests)

ALTERATIONS = {  # file → (text, replacement)
    "zhongxinlu.yaml": ("发布日期: 2021-01-05", "发布日期: 2021-02-20"),
    "erqi-shengtai.yaml": ("本年新收: {自然人: 2,", "本年新收: {自然人: 5,"),
}


def demo_district(folder: Path) -> Path:
    agencies = folder / "agencies"
    agencies.mkdir()
    for path in sorted((ROOT / "agencies").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if path.name in ALTERATIONS:
            old, new = ALTERATIONS[path.name]
            assert old in text, (path.name, old)
            text = text.replace(old, new, 1)
        (agencies / path.name).write_text(text, encoding="utf-8")
    (agencies / "xinzheng-wenlv.yaml").write_text("机关:\n  名称: [某某局\n", encoding="utf-8")  # a YAML error
    for page in (ROOT / "examples").glob("*.html"):
        shutil.copy(page, folder / page.name)
    return agencies


def main() -> int:
    target = ROOT / "docs" / "images" / "district-summary.png"
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        demo_district(Path(folder))
        summary = Path(folder) / "汇总.html"
        os.chdir(folder)  # the paths shown are as given: agencies/<简称>.yaml
        write_summary([Path("agencies")], Path("汇总.html"))
        browser = playwright.chromium.launch(executable_path=chromium_or_exit(), headless=True, args=PLAYWRIGHT_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(summary.as_uri())
        page.screenshot(path=str(target), full_page=True)
        browser.close()
    print(f"→ {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
