"""The built pages in a real browser: headless Chromium screenshots (desktop and phone), A4 PDF, and
an axe-core accessibility check that fails on any violation.

Needs Debian's `chromium` (and `poppler-utils` for the page-size check) and PyPI's `playwright`
(driven with the system Chromium through `executable_path`: never `playwright install`) and
`axe-playwright-python` (for its copy of axe.min.js). Without them the tests are skipped on a
developer's machine, but fail when the environment variable CI is set: CI must run them.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from builders import build
from reportgen.build import BuildOptions, build_paths
from reportgen.check import check_file
from reportgen.editions import EDITION_2019, EDITION_2021
from test_html import rich_report
from tools import CHROMIUM_FLAGS, PLAYWRIGHT_FLAGS, require, required_axe_source, required_chromium, required_playwright

ROOT = Path(__file__).resolve().parents[1]
DESKTOP, PHONE = 1280, 390
A4_POINTS = (595.0, 842.0)


@pytest.fixture(scope="module")
def chromium() -> str:
    return required_chromium()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A built page of each edition from agencies/, and a draft of a rich sample with every part filled."""
    out = tmp_path_factory.mktemp("pages")
    chosen: dict[str, tuple[Path, int]] = {}
    for path in sorted((ROOT / "agencies").glob("*.yaml")):
        agency = check_file(path).agency
        assert agency is not None
        for year, report in sorted(agency.reports.items()):
            for edition, name in ((EDITION_2019, "2019"), (EDITION_2021, "2021")):
                if report.edition is edition:
                    chosen.setdefault(name, (path, year))
    assert set(chosen) == {"2019", "2021"}, "agencies/ needs a report of each edition"
    result: dict[str, Path] = {}
    for name, (path, year) in chosen.items():
        built = build_paths([path], BuildOptions(year=year, out_dir=out))
        result[name] = built.outputs[0].path
    sample = rich_report(2021, signoff=("测试市测试局", "2022-01-05"))
    sample.set("三", "本年新收", "自然人", 999)  # breaks T3-1: built only as a draft
    source = build(sample).write(out, "draft.yaml")
    built = build_paths([source], BuildOptions(out_dir=out, draft=True))
    assert built.outputs[0].draft
    result["draft"] = built.outputs[0].path
    return result


def run_chromium(chromium: str, tmp_path: Path, *args: str) -> None:
    profile = tempfile.mkdtemp(prefix="profile-", dir=tmp_path)
    completed = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                               capture_output=True, text=True, timeout=180, check=False)
    assert completed.returncode == 0, completed.stderr[-2000:]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# -- screenshots and PDF through the chromium command line ------------------------------------------


@pytest.mark.parametrize("edition", ["2019", "2021"])
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_screenshot(chromium: str, pages: dict[str, Path], tmp_path: Path, edition: str, width: int) -> None:
    shot = tmp_path / f"{edition}-{width}.png"
    run_chromium(chromium, tmp_path, "--hide-scrollbars", f"--window-size={width},2400", f"--screenshot={shot}",
                 pages[edition].as_uri())
    assert shot.is_file() and shot.stat().st_size > 30_000
    assert png_size(shot) == (width, 2400)


@pytest.mark.parametrize("edition", ["2019", "2021", "draft"])
def test_print_to_a4_pdf(chromium: str, pages: dict[str, Path], tmp_path: Path, edition: str) -> None:
    pdf = tmp_path / f"{edition}.pdf"
    run_chromium(chromium, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", pages[edition].as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 30_000
    pdfinfo = shutil.which("pdfinfo")
    require(pdfinfo, "pdfinfo (apt-get install poppler-utils)")
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    width, _, height = fields["Page size"].split()[:3]
    assert (round(float(width)), round(float(height))) == A4_POINTS
    assert int(fields["Pages"]) >= 2
    if edition == "draft":
        pdftotext = shutil.which("pdftotext")
        require(pdftotext, "pdftotext (apt-get install poppler-utils)")
        text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        pages_text = text.split("\f")[: int(fields["Pages"])]
        assert all("草稿（数据未通过校验）" in page for page in pages_text), "the draft mark is on every page"


# -- in the browser: layout and axe-core --------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    with required_playwright()() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")), executable_path=chromium, headless=True, args=PLAYWRIGHT_FLAGS,
        )
        requests: list[str] = []

        def route(route, request) -> None:
            requests.append(request.url)
            if request.url.startswith("file:"):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", route)
        context.requests = requests  # type: ignore[attr-defined]
        yield context
        context.close()


def open_page(context, viewport: dict[str, int]):
    page = context.new_page()
    page.set_viewport_size(viewport)
    return page


@pytest.fixture(scope="module")
def axe_source() -> str:
    return required_axe_source()


@pytest.mark.parametrize("edition", ["2019", "2021", "draft"])
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_axe_finds_no_violation(browser, axe_source: str, pages: dict[str, Path], edition: str, width: int) -> None:
    page = open_page(browser, {"width": width, "height": 900})
    try:
        page.goto(pages[edition].as_uri())
        page.add_script_tag(content=axe_source)
        results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        violations = [
            {"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [node["target"] for node in v["nodes"]][:5]}
            for v in results["violations"]
        ]
        assert not violations, json.dumps(violations, ensure_ascii=False, indent=1)
        assert len(results["passes"]) > 10  # axe did run its rules
    finally:
        page.close()


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_no_request_leaves_the_page(browser, pages: dict[str, Path], edition: str) -> None:
    page = browser.new_page()
    try:
        browser.requests.clear()
        page.goto(pages[edition].as_uri(), wait_until="networkidle")
        assert browser.requests == [pages[edition].as_uri()]
    finally:
        page.close()


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_on_a_phone_only_the_wide_tables_scroll(browser, pages: dict[str, Path], edition: str) -> None:
    page = open_page(browser, {"width": PHONE, "height": 844})
    try:
        page.goto(pages[edition].as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
        widths = page.evaluate(
            "[...document.querySelectorAll('.rg-scroll')].map(e => [e.scrollWidth, e.clientWidth])")
        assert len(widths) == 3
        (t2_scroll, t2_client), (t3_scroll, t3_client), (t4_scroll, t4_client) = widths
        assert t2_scroll <= t2_client and t3_scroll > t3_client and t4_scroll > t4_client
        # the data and the labels stay legible: no column squeezed below two characters
        narrowest = page.evaluate("Math.min(...[...document.querySelectorAll('.rg-table th, .rg-table td')]"
                                  ".map(c => c.getBoundingClientRect().width))")
        assert narrowest >= 30
    finally:
        page.close()


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_print_fits_every_table_across_a4(browser, pages: dict[str, Path], edition: str) -> None:
    page = open_page(browser, {"width": 590, "height": 1000})  # GB/T 9704's text block: 156 mm
    try:
        page.goto(pages[edition].as_uri())
        page.emulate_media(media="print")
        fits = page.evaluate(
            "[...document.querySelectorAll('.rg-table')].map(t => t.getBoundingClientRect().width"
            " <= t.parentElement.getBoundingClientRect().width + 0.5)")
        assert fits == [True, True, True]
        heads = page.evaluate("[...document.querySelectorAll('.rg-table thead')].map(h => getComputedStyle(h).display)")
        assert heads == ["table-header-group", "table-header-group"]  # 表三 and 表四 repeat their headers
    finally:
        page.close()


# -- publishing: a phone keeps every figure's labels in sight; print is a GB/T 9704 page ------------------


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_on_a_phone_table_three_keeps_its_labels_in_sight_while_it_scrolls(browser, pages: dict[str, Path],
                                                                          edition: str) -> None:
    page = open_page(browser, {"width": PHONE, "height": 844})
    try:
        page.goto(pages[edition].as_uri())
        hint = page.evaluate("[...document.querySelectorAll('.rg-swipe-hint')].map(e => e.getBoundingClientRect().height)")
        assert len(hint) == 2 and all(height > 10 for height in hint)  # above 表三 and 表四
        seen = page.evaluate("""() => {
            const box = document.querySelector('.rg-scroll-applications');
            box.scrollIntoView();
            box.scrollLeft = box.scrollWidth; box.scrollTop = box.scrollHeight / 2;
            const frame = box.getBoundingClientRect();
            const inside = e => { const r = e.getBoundingClientRect();
                                  return r.left >= frame.left - 1 && r.right <= frame.right + 1
                                         && r.bottom > frame.top && r.top < frame.bottom; };
            const middle = [...box.querySelectorAll('tbody tr')].find(row => {
                const r = row.getBoundingClientRect(); return r.top > frame.top + 150 && r.bottom < frame.bottom; });
            const label = middle.querySelector('th.rg-col2, th.rg-col1');
            const header = box.querySelector('thead th.rg-column-header:last-child');
            const last = middle.querySelector('td:last-child');
            return {scrolled: box.scrollLeft > 0 && box.scrollTop > 0, label: inside(label), header: inside(header),
                    number: inside(last), covered: label.getBoundingClientRect().right <= last.getBoundingClientRect().left,
                    headerTop: header.getBoundingClientRect().top - frame.top};
        }""")
        assert seen["scrolled"] and seen["label"] and seen["header"] and seen["number"] and seen["covered"], seen
        assert seen["headerTop"] < 120, seen  # the header rows stay at the top of the box
    finally:
        page.close()


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_print_is_a_gbt_9704_page(browser, pages: dict[str, Path], edition: str) -> None:
    """三号 (16 pt) body at 28 characters a line in the 156 mm block, regular headings, 五号 tables."""
    page = open_page(browser, {"width": 590, "height": 1000})
    try:
        page.goto(pages[edition].as_uri())
        page.emulate_media(media="print")
        style = page.evaluate("""() => {
            const css = e => getComputedStyle(document.querySelector(e));
            const paragraph = document.querySelector('.rg-report p');
            return {body: css('.rg-report p').fontSize, h2: css('.rg-report h2').fontWeight,
                    h3: css('.rg-report h3').fontWeight, title: css('.rg-report-title').fontWeight,
                    table: css('.rg-table td').fontSize, width: paragraph.getBoundingClientRect().width,
                    spacing: parseFloat(css('.rg-report p').letterSpacing)};
        }""")
        assert style["body"] == "21.3333px" and style["table"] == "14px", style  # 16 pt, 10.5 pt
        assert style["h2"] == style["h3"] == style["title"] == "400", style
        pitch = 16 * 4 / 3 + style["spacing"]  # a character's advance, in CSS pixels
        assert 28 * pitch <= style["width"] < 29 * pitch, style
    finally:
        page.close()


@pytest.fixture(scope="module")
def example_pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("examples")
    built = build_paths(sorted((ROOT / "agencies").glob("*.yaml")), BuildOptions(all_years=True, out_dir=out, formats=("html",)))
    return [output.path for output in built.outputs]


def test_no_printed_page_but_the_last_is_more_than_a_third_empty(browser, example_pages: list[Path],
                                                                 tmp_path: Path) -> None:
    """Table 三 breaks between its groups under its repeated header rows instead of moving whole."""
    require(shutil.which("pdftotext"), "pdftotext (apt-get install poppler-utils)")
    from test_publish import empty_fractions

    page = browser.new_page()
    try:
        for example in example_pages:
            page.goto(example.as_uri())
            pdf = tmp_path / f"{example.stem}.pdf"
            page.pdf(path=str(pdf), prefer_css_page_size=True)
            fractions = empty_fractions(pdf)
            assert all(fraction <= 1 / 3 for fraction in fractions[:-1]), (example.stem, fractions)
    finally:
        page.close()
