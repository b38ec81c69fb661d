"""The built HTML read back: every figure in its cell, every heading and paragraph, every merge.

A small reader (html.parser) resolves each figure's <td headers> to the texts of its header cells,
as a screen reader does, and the figure is looked up by its row label × column label from the
edition declaration. The samples are built from the declarations with a distinct figure in every
cell, so a figure in the wrong cell cannot pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from builders import Report, build, consistent, plain_keys, row_and_column, run_cli
from reportgen import document as doc
from reportgen.check import check_file
from reportgen.editions import EDITIONS, ApplicationsTable, ValueKind
from reportgen.model import Agency, Text
from reportgen.model import Report as LoadedReport
from reportgen.prose import resolve
from reportgen.render.html import render_html
from reportgen.render.layout import Role, Scope, table_grid

ROOT = Path(__file__).resolve().parents[1]
AGENCY_FILES = sorted((ROOT / "agencies").glob("*.yaml"))
SPECIALS = "甲 & 乙 < 丙 > 丁 \"戊\" '己' <script>alert('x')</script> &amp; 结束"


# -- reading a page back ---------------------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    in_footer: bool = False
    in_head: bool = False  # a <thead> row

    @property
    def rowspan(self) -> int:
        return int(self.attrs.get("rowspan", 1))

    @property
    def colspan(self) -> int:
        return int(self.attrs.get("colspan", 1))


@dataclass
class ParsedTable:
    caption: str = ""
    rows: list[list[Element]] = field(default_factory=list)

    def cells(self) -> list[Element]:
        return [cell for row in self.rows for cell in row]

    def grid(self) -> dict[tuple[int, int], Element]:
        """The HTML table algorithm in small: each grid slot → the cell covering it."""
        slots: dict[tuple[int, int], Element] = {}
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in slots:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        assert (r + dr, c + dc) not in slots, f"overlap at {(r + dr, c + dc)} in {self.caption}"
                        slots[(r + dr, c + dc)] = cell
                c += cell.colspan
        return slots


class Page(HTMLParser):
    CAPTURED = frozenset({"title", "h1", "h2", "h3", "p", "th", "td", "caption"})

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = text
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.blocks: list[Element] = []
        self.tables: list[ParsedTable] = []
        self._open: Element | None = None
        self._footer = 0
        self._thead = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag == "table":
            self.tables.append(ParsedTable())
        elif tag == "thead":
            self._thead = True
        elif tag == "tr":
            self.tables[-1].rows.append([])
        elif tag == "footer":
            self._footer += 1
        if tag in self.CAPTURED:
            assert self._open is None, f"<{tag}> inside <{self._open.tag}>"
            self._open = Element(tag, attributes, in_footer=self._footer > 0, in_head=self._thead)

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._thead = False
        elif tag == "footer":
            self._footer -= 1
        if self._open is not None and tag == self._open.tag:
            element, self._open = self._open, None
            self.blocks.append(element)
            if tag in ("th", "td"):
                self.tables[-1].rows[-1].append(element)
            elif tag == "caption":
                self.tables[-1].caption = element.text

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.text += data

    # -- queries ---------------------------------------------------------------------------------

    def texts(self, tag: str) -> list[str]:
        return [block.text for block in self.blocks if block.tag == tag]

    def by_id(self) -> dict[str, Element]:
        return {block.attrs["id"]: block for block in self.blocks if "id" in block.attrs}

    def table(self, title: str) -> ParsedTable:
        (table,) = [table for table in self.tables if title in table.caption]
        return table

    def header_texts(self, cell: Element) -> list[str]:
        ids = self.by_id()
        return [ids[name].text for name in cell.attrs["headers"].split()]


def number(text: str) -> int | Decimal:
    return Decimal(text) if "." in text else int(text)


# -- samples ---------------------------------------------------------------------------------------


def rich_report(year: int, **fields: object) -> Report:
    """A report with a distinct figure in every cell that satisfies every identity."""
    report = Report(year, **fields)  # type: ignore[arg-type]
    edition = report.edition
    assert edition is not None
    for n, key in enumerate(plain_keys(edition, "二"), start=1):
        _, _, column = row_and_column(edition, key)
        if column.kind is ValueKind.MONEY:
            value: object = Decimal("12.5") if n % 2 else Decimal(f"{150 + n}.{n:04d}")
        elif column.kind is ValueKind.SIGNED_COUNT:
            value = -n if n % 2 else n
        else:
            value = 100 + n
        report.set(*key, value)
    table = edition.applications
    for j, column in enumerate(table.applicant_columns):
        outcomes = {row.key: 1 + (7 * i + 3 * j) % 23 for i, row in enumerate(table.outcome_rows)}
        consistent(report, column.key, **outcomes, 上年结转=j + 1, 结转下年=j + 2)
    for n, key in enumerate(plain_keys(edition, "四"), start=1):
        report.set(*key, n)
    return report


def loaded(tmp_path: Path, *reports: Report, name: str = "rich", transform=None) -> tuple[Agency, Path]:
    built = build(*reports)
    text = transform(built.text) if transform else built.text
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    result = check_file(path)
    assert result.agency is not None and not result.errors, result.findings
    return result.agency, path


def with_preamble(year: int, *paragraphs: str, title: str | None = None):
    """A transform adding 前言 (and 标题) to a built file's report of `year`."""

    def transform(text: str) -> str:
        lines = [f"    {doc.PREAMBLE_KEY}: |", *(f"      {p}" for p in paragraphs)]
        if title is not None:
            lines.insert(0, f"    {doc.TITLE_KEY}: {title}")
        marker = f"\n  {year}:\n"
        assert marker in text
        return text.replace(marker, marker + "\n".join(lines) + "\n", 1)

    return transform


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Agency, LoadedReport, Page]]:
    """A rich report of each edition, built and read back."""
    tmp_path = tmp_path_factory.mktemp("samples")
    result = {}
    for year in (2020, 2021):
        report = rich_report(
            year, signoff=("测试市测试局", f"{year + 1}-01-05"),
            prose={doc.PROACTIVE.heading: f"表二说明第一段。\n表二说明第二段，{year}年。",
                   doc.APPEALS.heading: "本年度行政复议、行政诉讼情况如上表。"},
        )
        agency, _ = loaded(tmp_path, report, name=f"rich{year}",
                           transform=with_preamble(year, "根据《条例》编制本报告。", "联系电话：0371-12345678。"))
        page = Page(render_html(agency, agency.reports[year]))
        result[year] = (agency, agency.reports[year], page)
    return result


# -- figures ---------------------------------------------------------------------------------------


def assert_figures_in_cells(report: LoadedReport, page: Page) -> int:
    """Every cell of the model, found by row label × column label through `headers`; returns the count."""
    count = 0
    for section in doc.SECTIONS:
        if section.table is None:
            continue
        figures = getattr(report, section.table)
        parsed = page.table(figures.table.title)
        data = [cell for cell in parsed.cells() if cell.tag == "td" and "headers" in cell.attrs]
        assert len(data) == len(figures.cells), figures.table.name
        heads = [page.header_texts(cell) for cell in data]
        for cell in figures.cells.values():
            where = figures.table.cell_name(cell.row, cell.column)
            found = [td for td, names in zip(data, heads, strict=True)
                     if cell.row.label in names and cell.column.header in names]
            assert len(found) == 1, f"{where}: {len(found)} cells"
            text = found[0].text
            assert cell.value is not None, where
            assert number(text) == cell.value, f"{where}: {text!r} ≠ {cell.value}"
            if cell.column.kind is ValueKind.MONEY:
                assert re.fullmatch(r"\d+\.\d{4}", text), f"{where}: money {text!r} without 4 decimals"
            count += 1
    return count


@pytest.mark.parametrize("year", [2020, 2021])
def test_every_figure_of_a_rich_report_is_in_its_cell(samples, year: int) -> None:
    _, report, page = samples[year]
    count = assert_figures_in_cells(report, page)
    assert count == sum(len(table.cells()) for table in report.edition.tables)


def test_derived_totals_are_filled_in(samples) -> None:
    _, report, page = samples[2021]
    table = report.edition.applications
    total = report.applications.cell(table.outcome_total_row, table.total_column)
    assert total.value and not total.written  # the sample leaves totals to the program
    parsed = page.table(table.title)
    (cell,) = [td for td in parsed.cells() if td.tag == "td" and "headers" in td.attrs
               and {table.outcome_total_row.label, table.total_column.label} <= set(page.header_texts(td))]
    assert number(cell.text) == total.value


@pytest.mark.parametrize("path", AGENCY_FILES, ids=[path.stem for path in AGENCY_FILES])
def test_every_figure_of_every_agency_is_in_its_cell(path: Path) -> None:
    result = check_file(path)
    assert result.agency is not None and not result.errors
    for report in result.agency.reports.values():
        page = Page(render_html(result.agency, report))
        assert_figures_in_cells(report, page)
        assert_sections_and_paragraphs(result.agency, report, page)


# -- sections, paragraphs, title, sign-off ---------------------------------------------------------


def assert_sections_and_paragraphs(agency: Agency, report: LoadedReport, page: Page) -> None:
    assert page.texts("h2") == [section.heading for section in doc.SECTIONS]
    def printed(t: Text) -> str:  # figure references ({{表三.本年新收}}) print as the table's figures
        return resolve(t.value, agency, report)

    expected: list[tuple[str, str]] = [("p", printed(t)) for t in report.preamble]
    expected += [("p", printed(t)) for t in report.overview_intro]
    for part in report.overview_parts:
        expected += [("h3", part.heading.value)] + [("p", printed(t)) for t in part.paragraphs]
    for notes in (report.proactive_notes, report.applications_notes, report.appeals_notes,
                  report.problems, report.other_matters):
        expected += [("p", printed(t)) for t in notes]
    found = [(block.tag, block.text) for block in page.blocks
             if block.tag in ("p", "h3") and not block.in_footer and "rg-draft" not in block.attrs.get("class", "")]
    assert found == expected


@pytest.mark.parametrize("year", [2020, 2021])
def test_every_section_heading_and_paragraph_in_order(samples, year: int) -> None:
    agency, report, page = samples[year]
    assert report.preamble and report.proactive_notes and report.appeals_notes
    assert_sections_and_paragraphs(agency, report, page)


def test_title_default_and_sign_off(samples) -> None:
    agency, _, page = samples[2021]
    name = agency.name.value
    assert page.texts("h1") == [f"{name}2021年政府信息公开工作年度报告"]
    assert page.texts("title") == page.texts("h1")
    footer = [block.text for block in page.blocks if block.in_footer]
    assert footer == ["测试市测试局", "2022年1月5日"]
    assert '<footer class="rg-signoff">' in page.source
    assert re.search(r"\.rg-signoff \{[^}]*text-align: right", page.source)


def test_title_as_written(tmp_path: Path) -> None:
    agency, _ = loaded(tmp_path, rich_report(2021), transform=with_preamble(2021, "前言。", title="自定的标题"))
    page = Page(render_html(agency, agency.reports[2021]))
    assert page.texts("h1") == ["自定的标题"]


def test_the_sign_off_defaults_to_the_agency_name(samples) -> None:
    agency = check_file(ROOT / "agencies" / "erqi.yaml").agency
    page = Page(render_html(agency, agency.reports[2020]))
    assert [block.text for block in page.blocks if block.in_footer] == ["郑州市二七区政务服务中心"]


# -- a self-contained, accessible page ---------------------------------------------------------------


def test_page_is_self_contained(samples) -> None:
    _, _, page = samples[2021]
    html = page.source
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\">")
    assert '<meta charset="utf-8">' in html
    assert not re.search(r"<(link|script|img|iframe|object|embed)\b", html)
    assert not re.search(r"\b(src|href)=", html)
    assert "@import" not in html and "url(" not in html and "http" not in html


def test_tables_are_announced_by_row_and_column(samples) -> None:
    _, _, page = samples[2021]
    ids = page.by_id()
    assert len(ids) == sum(1 for block in page.blocks if "id" in block.attrs), "duplicate ids"
    for table in page.tables:
        assert table.caption
        for cell in table.cells():
            if cell.tag == "th":
                assert cell.attrs["id"] and cell.attrs["scope"] in {"col", "colgroup", "row", "rowgroup"}
            elif "headers" in cell.attrs:
                assert cell.text and "rg-num" in cell.attrs["class"]
                for name in cell.attrs["headers"].split():
                    assert ids[name].tag == "th"
    wrappers = [attrs for tag, attrs in page.tags if "rg-scroll" in attrs.get("class", "")]
    assert len(wrappers) == 3
    for attrs in wrappers:
        assert attrs["tabindex"] == "0" and attrs["role"] == "region" and attrs["aria-label"]


def test_styles_cover_fonts_print_and_phone(samples) -> None:
    html = samples[2020][2].source
    assert re.search(r'font-family: "FangSong", "仿宋".*"Noto Serif CJK SC".*"Noto Sans CJK SC"', html)
    assert "@page" in html and "size: A4" in html
    assert "@media print" in html and "display: table-header-group" in html
    assert "overflow-x: auto" in html and "@media (max-width: 600px)" in html
    assert re.search(r"\.rg-num \{[^}]*text-align: center", html)


# -- escaping ------------------------------------------------------------------------------------------


def test_every_text_is_escaped(tmp_path: Path) -> None:
    report = rich_report(2021, signoff=(f"落款{SPECIALS}", None),
                         prose={doc.PROBLEMS.heading: f"第一段{SPECIALS}\n第二段",
                                doc.APPLICATIONS.heading: f"说明{SPECIALS}"})
    agency, _ = loaded(tmp_path, report, transform=with_preamble(2021, f"前言{SPECIALS}", title=f"标题{SPECIALS}"))
    html = render_html(agency, agency.reports[2021])
    page = Page(html)
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "&amp;amp;" in html  # a written "&amp;" is shown as the five characters
    assert page.texts("h1") == [f"标题{SPECIALS}"]
    assert page.texts("title") == [f"标题{SPECIALS}"]
    paragraphs = page.texts("p")
    for text in (f"前言{SPECIALS}", f"第一段{SPECIALS}", "第二段", f"说明{SPECIALS}", f"落款{SPECIALS}"):
        assert text in paragraphs
    assert not [tag for tag, _ in page.tags if tag == "script"]


def test_paragraph_breaks_are_kept_and_nothing_else(tmp_path: Path) -> None:
    report = rich_report(2021, prose={doc.OTHER_MATTERS.heading: "第一行 **不是粗体**\n\n第二行 # 不是标题\n  第三行"})
    agency, _ = loaded(tmp_path, report)
    page = Page(render_html(agency, agency.reports[2021]))
    section_six = page.source.split(doc.OTHER_MATTERS.heading)[1]
    assert [p for p in Page(section_six).texts("p") if "行" in p] == ["第一行 **不是粗体**", "第二行 # 不是标题", "第三行"]


# -- the grid: every merge of the printed form ----------------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS.values(), ids=lambda e: str(e.year))
def test_table_two_grid(edition) -> None:
    table = edition.proactive
    grid = table_grid(table)
    assert grid.width == 4 and not grid.header_rows
    assert len(grid.body_sections) == len(table.blocks)
    for block, rows in zip(table.blocks, grid.body_sections, strict=True):
        title, header, *data = rows
        assert [(c.role, c.text, c.colspan) for c in title.cells] == [(Role.TITLE, block.title, 4)]
        assert [c.text for c in header.cells] == [table.label_header] + [column.header for column in block.columns]
        assert [c.colspan for c in header.cells[1:]] == [column.span for column in block.columns]
        assert len(data) == len(block.rows)
        for row, grid_row in zip(block.rows, data, strict=True):
            label, *values = grid_row.cells
            assert (label.role, label.text, label.scope) == (Role.ROW_HEADER, row.label, Scope.ROW)
            assert [(v.row, v.column, v.colspan) for v in values] == [(row, c, c.span) for c in block.columns]


@pytest.mark.parametrize("edition", EDITIONS.values(), ids=lambda e: str(e.year))
def test_table_three_grid(edition) -> None:
    table: ApplicationsTable = edition.applications
    grid = table_grid(table)
    assert grid.width == 10 and len(grid.header_rows) == 3
    body = [row for row in grid.rows if not row.header]
    assert len(body) == len(table.rows()) == (25 if edition.year == 2021 else 23)
    first, second, third = (row.cells for row in grid.header_rows)
    assert [(c.role, c.text, c.rowspan, c.colspan) for c in first] == [
        (Role.NOTE, table.identity_note, 3, 3), (Role.COLUMN_HEADER, table.applicant_header, 1, 7)]
    natural, organisation, total = table.columns[0], table.organisation_header, table.total_column
    assert [(c.text, c.rowspan, c.colspan) for c in second] == [
        (natural.label, 2, 1), (organisation, 1, 5), (total.label, 2, 1)]
    assert [c.text for c in third] == list(table.organisation_columns)
    outcomes = [row for row in table.rows() if row.outcome or row.derived]
    for row, grid_row in zip(table.rows(), body, strict=True):
        labels = [c for c in grid_row.cells if c.role is Role.ROW_HEADER]
        values = [c for c in grid_row.cells if c.role is Role.VALUE]
        assert [(v.row, v.column) for v in values] == [(row, c) for c in table.columns]
        if row not in outcomes:
            assert [(c.text, c.left, c.colspan) for c in labels] == [(row.label, 0, 3)]
            continue
        label = labels[-1]
        assert label.text == row.label
        if row.group is None:
            assert (label.left, label.colspan) == (1, 2)
        else:
            assert (label.left, label.colspan) == (2, 1)
    outcome_header = next(c for c in grid.cells() if c.text == table.outcome_header)
    assert (outcome_header.left, outcome_header.rowspan) == (0, len(outcomes))
    for group in table.groups():
        (cell,) = [c for c in grid.cells() if c.group == group]
        assert (cell.text, cell.left, cell.rowspan) == (group.label, 1, sum(1 for r in table.rows() if r.group == group))
    assert len(table.groups()) == (4 if edition.year == 2021 else 3)


@pytest.mark.parametrize("edition", EDITIONS.values(), ids=lambda e: str(e.year))
def test_table_four_grid(edition) -> None:
    table = edition.appeals
    grid = table_grid(table)
    assert grid.width == 15 and len(grid.header_rows) == 3 and len(grid.rows) == 4
    first, second, third = (row.cells for row in grid.header_rows)
    reconsideration, direct, after = table.rows()
    assert [(c.text, c.rowspan, c.colspan) for c in first] == [(reconsideration.label, 1, 5), (direct.group.label, 1, 10)]
    assert [(c.text, c.rowspan, c.colspan) for c in second] == (
        [(column.label, 2, 1) for column in table.columns] + [(direct.label, 1, 5), (after.label, 1, 5)])
    assert [c.text for c in third] == [column.label for column in table.columns] * 2
    values = grid.rows[3].cells
    assert [(v.row, v.column) for v in values] == [(row, column) for row in table.rows() for column in table.columns]


@pytest.mark.parametrize("year", [2020, 2021])
def test_html_tables_fill_their_grid(samples, year: int) -> None:
    """Read back from the HTML: every row of every table covers exactly the grid's width."""
    _, report, page = samples[year]
    for table in report.edition.tables:
        parsed = page.table(table.title)
        slots = parsed.grid()
        width = table_grid(table).width
        rows = 1 + max(r for r, _ in slots)
        assert set(slots) == {(r, c) for r in range(rows) for c in range(width)}, table.name


def test_draft_mark_and_fragment_render(samples) -> None:
    agency, report, _ = samples[2021]
    draft = Page(render_html(agency, report, draft=True))
    assert [b.text for b in draft.blocks if "rg-draft" in b.attrs.get("class", "")] == ["草稿（数据未通过校验）"]
    assert draft.texts("title")[0].endswith("（草稿（数据未通过校验））")
    assert '@top-center { content: "草稿（数据未通过校验）"' in draft.source
    fragment = render_html(agency, report, fragment=True)
    assert fragment.startswith('<article class="rg-report" lang="zh-CN">')
    assert not re.search(r"<(html|head|body|title|meta)\b", fragment)
    assert_figures_in_cells(report, Page(fragment))


def test_fragment_styles_are_scoped(samples) -> None:
    agency, report, _ = samples[2020]
    fragment = render_html(agency, report, fragment=True)
    css = re.search(r"<style>(.*?)</style>", fragment, re.S).group(1)
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = [s.strip() for block in re.findall(r"([^{}]+)\{[^{}]*\}", css) for s in block.split(",")]
    assert selectors
    for selector in selectors:
        assert selector.startswith(".rg-report"), selector
    assert "@page" not in css


def test_cli_output_is_the_rendered_page(tmp_path: Path) -> None:
    run = run_cli("build", str(ROOT / "agencies" / "erqi.yaml"), "--out", str(tmp_path))
    assert run.code == 0, run.err
    agency = check_file(ROOT / "agencies" / "erqi.yaml").agency
    assert (tmp_path / "erqi-2020.html").read_text(encoding="utf-8") == render_html(agency, agency.reports[2020])
