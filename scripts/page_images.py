"""Page images of every example, for looking at and for the README: docs/images/<example>-<view>.png.

    reportgen build agencies/ --all-years --format html,docx,pdf --out examples/
    python scripts/page_images.py

For each example: `-word` every page of the Word report as LibreOffice lays it out (the example PDF is
LibreOffice's conversion of the .docx as written), `-print` every page of the web page printed to A4,
`-phone` the web page on a 390 px phone (its top, and table 三 scrolled right and down), `-desktop`
its top at 1280 px. Pages are laid side by side on one sheet (pdftoppm at 40 dpi, then a Chromium
screenshot of a plain HTML sheet). Needs poppler-utils, Chromium and PyPI's playwright (with the
system Chromium; never `playwright install`).

`--pages NAME PDF FIRST LAST` writes docs/images/NAME.png from pages FIRST–LAST of any PDF (the
README's before/after images of table 三 and the sign-off: before-*.png from the previous examples).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
IMAGES = ROOT / "docs" / "images"
sys.path.insert(0, str(ROOT / "tests"))
from tools import PLAYWRIGHT_FLAGS, chromium_or_exit  # noqa: E402  (the one Chromium finder, shared with the tests)

RESOLUTION = 40  # dpi: an A4 page is 331 × 468 px
PER_ROW = 4


def pdf_pages(pdf: Path, folder: Path, first: int | None = None, last: int | None = None) -> list[Path]:
    """The pages of a PDF as PNG files."""
    prefix = folder / pdf.stem
    command = ["pdftoppm", "-r", str(RESOLUTION), "-png"]
    if first is not None and last is not None:
        command += ["-f", str(first), "-l", str(last)]
    subprocess.run([*command, str(pdf), str(prefix)], check=True)
    return sorted(folder.glob(f"{pdf.stem}-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))


def sheet(page: Page, images: list[Path], target: Path, per_row: int = PER_ROW) -> None:
    """Images side by side, a thin frame around each, on a grey sheet: one PNG."""
    cells = "".join(f'<img src="{image.as_uri()}" alt="">' for image in images)
    document = ("<!DOCTYPE html><html><head><style>body{margin:0;background:#d8d8d8}"
                f"#sheet{{display:inline-grid;grid-template-columns:repeat({per_row},auto);gap:10px;padding:10px}}"
                "img{display:block;border:1px solid #888;background:#fff}</style></head>"
                f'<body><div id="sheet">{cells}</div></body></html>')
    source = target.with_suffix(".sheet.html")
    source.write_text(document, encoding="utf-8")
    try:
        page.set_viewport_size({"width": 2000, "height": 1000})
        page.goto(source.as_uri())
        page.wait_for_load_state("load")
        page.locator("#sheet").screenshot(path=str(target))
    finally:
        source.unlink()
    print(target.relative_to(ROOT))


def phone_views(page: Page, example: Path, folder: Path) -> list[Path]:
    """The page's top on a 390 px phone, and table 三 scrolled right and half-way down."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(example.as_uri())
    top = folder / f"{example.stem}-phone-top.png"
    page.screenshot(path=str(top))
    page.evaluate("""() => { const box = document.querySelector('.rg-scroll-applications');
                     box.scrollIntoView(); window.scrollBy(0, -60);
                     box.scrollLeft = box.scrollWidth; box.scrollTop = box.scrollHeight / 3; }""")
    table = folder / f"{example.stem}-phone-table.png"
    page.screenshot(path=str(table))
    return [top, table]


def printed(page: Page, example: Path, folder: Path) -> Path:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(example.as_uri())
    pdf = folder / f"{example.stem}-print.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    return pdf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs=4, metavar=("NAME", "PDF", "FIRST", "LAST"))
    args = parser.parse_args(argv)
    IMAGES.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile, \
            tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        context = playwright.chromium.launch_persistent_context(profile, executable_path=chromium_or_exit(),
                                                                headless=True, args=PLAYWRIGHT_FLAGS)
        page = context.new_page()
        if args.pages:
            name, pdf, first, last = args.pages
            sheet(page, pdf_pages(Path(pdf).resolve(), folder, int(first), int(last)), IMAGES / f"{name}.png")
            context.close()
            return 0
        examples = sorted(EXAMPLES.glob("*.html"))
        if not examples:
            print("examples/ is empty: build the examples first (see this script's docstring)", file=sys.stderr)
            return 1
        for example in examples:
            stem = example.stem
            (folder / stem).mkdir()
            sheet(page, pdf_pages(EXAMPLES / f"{stem}.pdf", folder / stem), IMAGES / f"{stem}-word.png")
            (folder / f"{stem}-print").mkdir()
            print_pdf = printed(page, example, folder)
            sheet(page, pdf_pages(print_pdf, folder / f"{stem}-print"), IMAGES / f"{stem}-print.png")
            sheet(page, phone_views(page, example, folder), IMAGES / f"{stem}-phone.png", per_row=2)
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(example.as_uri())
            page.screenshot(path=str(IMAGES / f"{stem}-desktop.png"))
            print((IMAGES / f"{stem}-desktop.png").relative_to(ROOT))
        context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
