"""The Word report read back with python-docx: every figure in its cell, every heading and paragraph,
every merge of the printed form, the GB/T 9704 page, fonts named everywhere, the draft mark.

A small reader resolves each table's grid from its gridSpan and vMerge (as Word does), and a figure
is looked up by row label × column label from the edition declaration, through the grid: the labels
to its left and the labels above it. The samples carry a distinct figure in every cell, so a figure
in the wrong cell cannot pass.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from builders import build, run_cli
from reportgen import document as doc
from reportgen.check import check_file
from reportgen.editions import EDITIONS, ValueKind
from reportgen.model import Agency
from reportgen.model import Report as LoadedReport
from reportgen.render import docx as docx_module
from reportgen.render import docx_template as tpl
from reportgen.render.docx import render_docx
from reportgen.render.docx_compiled import compiled as compiled_templates
from reportgen.render.layout import Role, table_grid
from reportgen.render.values import DRAFT_MARK
from reportgen.render.view import report_view
from test_html import SPECIALS, loaded, number, rich_report, with_preamble

ROOT = Path(__file__).resolve().parents[1]
AGENCY_FILES = sorted((ROOT / "agencies").glob("*.yaml"))
EMOJI = "😀"  # in DejaVu Sans (fonts-dejavu-core): LibreOffice finds a glyph, pdftotext gives it back
NUMERIC = re.compile(r"-?\d+(\.\d+)?")
THEME_ATTRIBUTE = re.compile(r"\b(?:w:)?(?:ascii|hAnsi|eastAsia|cs)Theme=|\b(?:w:)?cstheme=")


# -- reading a document back -----------------------------------------------------------------------


@dataclass(eq=False)
class WordCell:
    element: etree._Element
    top: int
    left: int
    colspan: int
    rowspan: int = 1
    text: str = ""  # paragraphs and line breaks as "\n"

    @property
    def label(self) -> str:
        """The text without the deliberate line breaks."""
        return self.text.replace("\n", "")

    @property
    def is_value(self) -> bool:
        return bool(NUMERIC.fullmatch(self.text))


def element_text(element: etree._Element) -> str:
    """The text of a paragraph, a cell or a part: w:t as written, w:br and w:tab as they print."""
    paragraphs = []
    for paragraph in element.iter(qn("w:p")):
        pieces = []
        for node in paragraph.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
            pieces.append(node.text or "" if node.tag == qn("w:t") else "\n" if node.tag == qn("w:br") else "\t")
        paragraphs.append("".join(pieces))
    return "\n".join(paragraphs)


@dataclass
class WordTable:
    element: etree._Element
    slots: dict[tuple[int, int], WordCell] = field(default_factory=dict)
    cells: list[WordCell] = field(default_factory=list)
    width: int = 0
    height: int = 0

    @classmethod
    def read(cls, element: etree._Element) -> WordTable:
        """The grid as Word builds it: gridSpan widens a cell, vMerge (continue) extends the cell above."""
        table = cls(element, width=len(element.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")))
        for r, row in enumerate(element.findall(qn("w:tr"))):
            c = 0
            for tc in row.findall(qn("w:tc")):
                properties = tc.find(qn("w:tcPr"))
                span = properties.find(qn("w:gridSpan")) if properties is not None else None
                colspan = int(span.get(qn("w:val"))) if span is not None else 1
                merge = properties.find(qn("w:vMerge")) if properties is not None else None
                if merge is not None and merge.get(qn("w:val")) in (None, "continue"):
                    cell = table.slots[(r - 1, c)]
                    assert (cell.left, cell.colspan) == (c, colspan), f"vMerge misaligned at {(r, c)}"
                    cell.rowspan += 1
                    assert element_text(tc) == "", f"text in a merged-away cell at {(r, c)}"
                else:
                    cell = WordCell(tc, r, c, colspan, text=element_text(tc))
                    table.cells.append(cell)
                for dc in range(colspan):
                    assert (r, c + dc) not in table.slots, f"overlap at {(r, c + dc)}"
                    table.slots[(r, c + dc)] = cell
                c += colspan
            assert c == table.width, f"row {r} covers {c} of {table.width} grid columns"
            table.height = r + 1
        return table

    def headers(self, cell: WordCell) -> set[str]:
        """The labels that describe a value: those to its left in its row, and those above it in its
        column up to a title across the whole table (表二's block title)."""
        names: set[str] = set()
        for c in range(cell.left - 1, -1, -1):
            other = self.slots[(cell.top, c)]
            if not other.is_value:
                names.add(other.label)
        for r in range(cell.top - 1, -1, -1):
            other = self.slots[(r, cell.left)]
            if other.is_value:
                continue
            names.add(other.label)
            if other.colspan == self.width:
                break
        return names


@dataclass
class WordReport:
    data: bytes
    document: object = None
    body: list[tuple[str, object]] = field(default_factory=list)  # (style id, text) or ("table", WordTable)

    def __post_init__(self) -> None:
        self.document = Document(io.BytesIO(self.data))
        for child in self.document.element.body:
            if child.tag == qn("w:p"):
                style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
                self.body.append((style.get(qn("w:val")) if style is not None else "Normal", element_text(child)))
            elif child.tag == qn("w:tbl"):
                self.body.append(("table", WordTable.read(child)))

    @property
    def tables(self) -> list[WordTable]:
        return [item for kind, item in self.body if kind == "table"]  # type: ignore[misc]

    def paragraphs(self) -> list[tuple[str, str]]:
        return [(kind, item) for kind, item in self.body if kind != "table"]  # type: ignore[misc]

    def parts(self) -> dict[str, str]:
        archive = zipfile.ZipFile(io.BytesIO(self.data))
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith((".xml", ".rels"))}

    def part(self, name: str) -> etree._Element:
        return etree.fromstring(zipfile.ZipFile(io.BytesIO(self.data)).read(name))


# -- samples -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Agency, LoadedReport, WordReport]]:
    """A rich report of each edition (a distinct figure in every cell), rendered and read back."""
    tmp_path = tmp_path_factory.mktemp("docx-samples")
    result = {}
    for year in (2020, 2021):
        report = rich_report(
            year, signoff=("测试市测试局", f"{year + 1}-01-05"),
            prose={doc.PROACTIVE.heading: f"表二说明第一段。\n表二说明第二段，{year}年。",
                   doc.APPEALS.heading: "本年度行政复议、行政诉讼情况如上表。"},
        )
        agency, _ = loaded(tmp_path, report, name=f"rich{year}",
                           transform=with_preamble(year, "根据《条例》编制本报告。", "联系电话：0371-12345678。"))
        result[year] = (agency, agency.reports[year], WordReport(render_docx(agency, agency.reports[year])))
    return result


@pytest.fixture(scope="module")
def agency_documents(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Agency, LoadedReport, WordReport]]:
    """Every report of every agency in agencies/, built by `reportgen build` and read back."""
    out = tmp_path_factory.mktemp("agencies-docx")
    run = run_cli("build", str(ROOT / "agencies"), "--all-years", "--format", "docx", "--out", str(out))
    assert run.code == 0, run.out + run.err
    documents = []
    for path in AGENCY_FILES:
        agency = check_file(path).agency
        assert agency is not None
        for year, report in agency.reports.items():
            documents.append((agency, report, WordReport((out / f"{agency.slug}-{year}.docx").read_bytes())))
    assert len(documents) == len(list(out.glob("*.docx")))
    return documents


# -- figures in their cells ------------------------------------------------------------------------------


def assert_figures_in_cells(report: LoadedReport, word: WordReport) -> int:
    """Every cell of the model, found by row label × column label through the grid; returns the count."""
    count = 0
    tables = word.tables
    assert len(tables) == 3
    for table, figures in zip(tables, (report.proactive, report.applications, report.appeals), strict=True):
        assert figures is not None
        values = [cell for cell in table.cells if cell.is_value]
        assert len(values) == len(figures.cells), figures.table.name
        heads = [table.headers(cell) for cell in values]
        for cell in figures.cells.values():
            where = figures.table.cell_name(cell.row, cell.column)
            found = [value for value, names in zip(values, heads, strict=True)
                     if cell.row.label in names and cell.column.header in names]
            assert len(found) == 1, f"{where}: {len(found)} cells"
            assert cell.value is not None, where
            assert number(found[0].text) == cell.value, f"{where}: {found[0].text!r} ≠ {cell.value}"
            if cell.column.kind is ValueKind.MONEY:
                assert re.fullmatch(r"\d+\.\d{4}", found[0].text), f"{where}: money without 4 decimals"
            count += 1
    return count


@pytest.mark.parametrize("year", [2020, 2021])
def test_every_figure_of_a_rich_report_is_in_its_cell(samples, year: int) -> None:
    _, report, word = samples[year]
    assert assert_figures_in_cells(report, word) == sum(len(table.cells()) for table in report.edition.tables)


def test_every_figure_heading_and_paragraph_of_every_agency(agency_documents) -> None:
    assert {report.edition.year for _, report, _ in agency_documents} == set(EDITIONS)
    for agency, report, word in agency_documents:
        assert_figures_in_cells(report, word)
        assert_sections_and_paragraphs(agency, report, word)
        assert_merges_follow_the_grid(report, word)
        assert_fonts_named_everywhere(word)


# -- merges --------------------------------------------------------------------------------------------------


def assert_merges_follow_the_grid(report: LoadedReport, word: WordReport) -> None:
    """Each table's gridSpan and vMerge give exactly the layout grid of the edition declaration."""
    for table, declared in zip(word.tables, report.edition.tables, strict=True):
        grid = table_grid(declared)
        assert (table.width, table.height) == (grid.width, len(grid.rows)), declared.name
        assert len(table.cells) == len(grid.cells()), declared.name
        for cell in grid.cells():
            found = table.slots[(cell.top, cell.left)]
            assert (found.top, found.left, found.rowspan, found.colspan) == (
                cell.top, cell.left, cell.rowspan, cell.colspan), f"{declared.name}: {cell.text or cell.key}"
            if cell.role is not Role.VALUE:
                assert found.label == cell.text, declared.name


@pytest.mark.parametrize("year", [2020, 2021])
def test_merges_equal_the_layout_grid(samples, year: int) -> None:
    _, report, word = samples[year]
    assert_merges_follow_the_grid(report, word)
    first = word.tables[1].slots[(0, 0)]  # 表三's identity note: 3 columns × 3 rows
    assert (first.colspan, first.rowspan) == (3, 3)


def test_tables_repeat_their_header_rows_and_keep_rows_whole(samples) -> None:
    _, report, word = samples[2021]
    for table, declared in zip(word.tables, report.edition.tables, strict=True):
        grid = table_grid(declared)
        rows = table.element.findall(qn("w:tr"))
        headers = [row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for row in rows]
        assert headers == [grid_row.header for grid_row in grid.rows], declared.name
        assert all(row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in rows)
        borders = table.element.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")
        sides = {etree.QName(side).localname: side.get(qn("w:val")) for side in borders}
        assert sides == dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"), "single")
        widths = [int(column.get(qn("w:w"))) for column in table.element.iter(qn("w:gridCol"))]
        assert sum(widths) == tpl.TEXT_WIDTH, declared.name  # never wider than the text block
        for cell in table.cells:
            if cell.is_value:
                (alignment,) = cell.element.iter(qn("w:jc"))
                assert alignment.get(qn("w:val")) == "center"


def test_labels_break_between_words_and_fit_their_cells(samples) -> None:
    """Every label the template breaks on purpose fits its cell line by line, at the table's type size;
    the four-character headers of 表四 break 2+2 (结果/维持), never 3+1."""
    for year in (2020, 2021):
        _, _, word = samples[year]
        for table in word.tables:
            for cell in table.cells:
                if cell.is_value or "\n" not in cell.text:
                    continue
                width = int(cell.element.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").get(qn("w:w")))
                margin = cell.element.find(f"{qn('w:tcPr')}/{qn('w:tcMar')}/{qn('w:left')}")
                padding = int(margin.get(qn("w:w"))) if margin is not None else tpl.CELL_PADDING
                for line in cell.text.split("\n"):
                    assert tpl.text_width(line) <= tpl.capacity(width, padding=padding), f"{line!r} overflows {cell.label!r}"
        appeals = word.tables[2]
        four = [cell.text for cell in appeals.cells if cell.label in {"结果维持", "结果纠正", "其他结果", "尚未审结"}]
        assert four and all(len(line) == 2 for text in four for line in text.split("\n"))
    assert tpl.label_lines("社会公益组织", tpl.mm(12.2)) == ["社会", "公益", "组织"]
    assert tpl.label_lines("（三）不予公开", tpl.mm(16)) == ["（三）", "不予公开"]
    assert tpl.label_lines("（三）不予公开", tpl.mm(12.4)) == ["（三）", "不予", "公开"]
    assert tpl.label_lines("三、本年度办理结果", tpl.mm(12.4)) == ["三、", "本年度", "办理", "结果"]
    assert tpl.label_lines("2.其他法律行政法规禁止公开", tpl.mm(45)) == ["2.其他法律行政", "法规禁止公开"]
    assert tpl.label_lines("采购总金额（单位：万元，保留4位小数）", tpl.mm(62)) == ["采购总金额", "（单位：万元，保留4位小数）"]


# -- sections, paragraphs, title, sign-off -------------------------------------------------------------------


def expected_body(agency: Agency, report: LoadedReport) -> list[tuple[str, str]]:
    """The paragraphs the report must hold, in order, with their styles; a table as ("table", 表X)."""
    view = report_view(agency, report)
    body = [("Title", "\n".join(view.title_lines))] + [("Normal", text) for text in view.preamble]
    for section in view.sections:
        body.append(("Heading1", section.heading))
        body += [("Normal", text) for text in section.intro]
        for part in section.parts:
            body.append(("Heading2", part.heading))
            body += [("Normal", text) for text in part.paragraphs]
        if section.table is not None:
            body.append(("table", section.table.grid.table.name))
        body += [("Normal", text) for text in section.paragraphs]
    if view.signoff:
        body += [("Normal", "")] + [("Signoff", line) for line in view.signoff]
    return body


def assert_sections_and_paragraphs(agency: Agency, report: LoadedReport, word: WordReport) -> None:
    found = []
    tables = iter(report.edition.tables)
    for kind, item in word.body:
        found.append(("table", next(tables).name) if kind == "table" else (kind, item))
    assert found == expected_body(agency, report)
    assert [text for kind, text in word.paragraphs() if kind == "Heading1"] == [s.heading for s in doc.SECTIONS]
    assert not any("\n" in text for kind, text in word.paragraphs() if kind != "Title"), "a line break inside a paragraph"


@pytest.mark.parametrize("year", [2020, 2021])
def test_every_section_heading_and_paragraph_in_order(samples, year: int) -> None:
    agency, report, word = samples[year]
    assert report.preamble and report.proactive_notes and report.appeals_notes and report.overview_parts
    assert_sections_and_paragraphs(agency, report, word)


def test_title_and_sign_off(samples) -> None:
    agency, _, word = samples[2021]
    paragraphs = word.paragraphs()
    assert paragraphs[0] == ("Title", f"{agency.name.value}2021年\n政府信息公开工作年度报告")  # 20½ characters
    assert paragraphs[-2:] == [("Signoff", "测试市测试局"), ("Signoff", "2022年1月5日")]
    styles = word.part("word/styles.xml")
    (signoff,) = [s for s in styles.iter(qn("w:style")) if s.get(qn("w:styleId")) == "Signoff"]
    assert signoff.find(f"{qn('w:pPr')}/{qn('w:jc')}").get(qn("w:val")) == "right"
    properties = word.document.core_properties
    assert properties.title == paragraphs[0][1].replace("\n", "") and properties.author == agency.name.value
    assert properties.created.year == 2022  # the sign-off date, never the build time


def test_the_sign_off_defaults_to_the_agency_and_the_publication_date(agency_documents) -> None:
    """erqi has no 落款 and no 发布日期: its name alone; zhongxinlu's 落款 has no date: its 发布日期."""
    signed = {agency.slug: [text for kind, text in word.paragraphs() if kind == "Signoff"]
              for agency, _, word in agency_documents}
    assert signed["erqi"] == ["郑州市二七区政务服务中心"]
    assert signed["zhongxinlu"] == ["郑州市上街区中心路街道办事处", "2021年1月5日"]


# -- the GB/T 9704 page -----------------------------------------------------------------------------------------


MM = 36000  # EMU per millimetre


def test_page_size_margins_and_grid(samples) -> None:
    _, _, word = samples[2020]
    section = word.document.sections[0]
    for measured, millimetres in ((section.page_width, 210), (section.page_height, 297), (section.top_margin, 37),
                                  (section.left_margin, 28), (section.right_margin, 26), (section.bottom_margin, 35)):
        assert abs(measured / MM - millimetres) < 0.05, (measured / MM, millimetres)
    text_width = section.page_width - section.left_margin - section.right_margin
    text_height = section.page_height - section.top_margin - section.bottom_margin
    assert abs(text_width / MM - 156) < 0.05 and abs(text_height / MM - 225) < 0.05
    grid = section._sectPr.find(qn("w:docGrid"))
    # a line grid; the 28-character pitch as character spacing, which every word processor reads alike
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:charSpace")) is None
    pitch = int(grid.get(qn("w:linePitch")))  # twips
    assert 22 * pitch <= tpl.TEXT_HEIGHT < 23 * pitch and pitch == 579
    spacing = style_of(word, "Normal").find(f"{qn('w:rPr')}/{qn('w:spacing')}")
    characters = 16 + int(spacing.get(qn("w:val"))) / 20  # points: the 16 pt body size and the spacing
    assert 28 * characters <= tpl.TEXT_WIDTH / 20 < 29 * characters


def style_of(word: WordReport, style_id: str) -> etree._Element:
    (style,) = [s for s in word.part("word/styles.xml").iter(qn("w:style")) if s.get(qn("w:styleId")) == style_id]
    return style


def test_official_fonts_sizes_and_indents(samples) -> None:
    _, _, word = samples[2021]
    expected = {"Title": ("方正小标宋简体", 44), "Normal": ("仿宋_GB2312", 32), "Heading1": ("黑体", 32),
                "Heading2": ("楷体_GB2312", 32), "Footer": ("宋体", 28), "Signoff": ("仿宋_GB2312", 32)}
    for style_id, (font, size) in expected.items():
        properties = style_of(word, style_id).find(qn("w:rPr"))
        assert properties.find(qn("w:rFonts")).get(qn("w:eastAsia")) == font, style_id
        assert properties.find(qn("w:sz")).get(qn("w:val")) == str(size), style_id
    title = style_of(word, "Title").find(qn("w:pPr"))
    assert title.find(qn("w:jc")).get(qn("w:val")) == "center"
    body = style_of(word, "Normal").find(qn("w:pPr"))
    assert body.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    spacing = body.find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("579", "exact")
    document = word.part("word/document.xml")
    fonts = {run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia"))
             for run in document.iter(qn("w:r"))}
    assert {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"} <= fonts


def assert_fonts_named_everywhere(word: WordReport) -> None:
    """Every run and every style names its ascii, hAnsi and East Asian font; no theme font anywhere."""
    parts = word.parts()
    assert not any(name.startswith("word/theme/") for name in parts)
    for name, xml in parts.items():
        assert not THEME_ATTRIBUTE.search(xml), f"theme font in {name}"
        if not name.startswith("word/") or name.endswith(".rels"):
            continue
        root = etree.fromstring(xml.encode("utf-8"))
        for run in root.iter(qn("w:r")):
            fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            assert fonts is not None, f"a run without fonts in {name}: {element_text(run)!r}"
            for slot in ("ascii", "hAnsi", "eastAsia"):
                assert fonts.get(qn(f"w:{slot}")), f"{slot} missing in {name}"
    styles = word.part("word/styles.xml")
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    for fonts in [defaults, *(style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}") for style in styles.iter(qn("w:style")))]:
        assert fonts is not None and all(fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia"))


@pytest.mark.parametrize("year", [2020, 2021])
def test_fonts_are_named_on_every_run_and_style(samples, year: int) -> None:
    assert_fonts_named_everywhere(samples[year][2])


def test_page_numbers_odd_right_even_left(samples) -> None:
    _, _, word = samples[2021]
    settings = word.part("word/settings.xml")
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    section = word.document.sections[0]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        assert not footer.is_linked_to_previous
        (paragraph,) = footer._element.findall(qn("w:p"))
        assert paragraph.find(f"{qn('w:pPr')}/{qn('w:jc')}").get(qn("w:val")) == side
        assert "PAGE" in "".join(node.text for node in paragraph.iter(qn("w:instrText")))
        assert element_text(paragraph) == "— 1 —"  # the field's cached result between the 一字线


def test_draft_mark_on_every_page(samples) -> None:
    agency, report, word = samples[2021]
    for data, expected in ((word.data, ""), (render_docx(agency, report, draft=True), DRAFT_MARK)):
        section = WordReport(data).document.sections[0]
        for header in (section.header, section.even_page_header):
            assert not header.is_linked_to_previous
            assert element_text(header._element) == expected


def test_a_draft_build_marks_every_page_and_shows_the_figures_as_written(tmp_path: Path) -> None:
    from test_build import faulty

    source = faulty(tmp_path)
    assert run_cli("build", str(source), "--format", "docx", "--out", str(tmp_path / "out")).code == 1
    run = run_cli("build", str(source), "--format", "docx", "--out", str(tmp_path / "out"), "--draft")
    assert run.code == 0, run.err
    word = WordReport((tmp_path / "out" / "faulty-2021.docx").read_bytes())
    section = word.document.sections[0]
    assert [element_text(header._element) for header in (section.header, section.even_page_header)] == [DRAFT_MARK] * 2
    assert any(cell.text == "999" for cell in word.tables[1].cells)


# -- hostile text ------------------------------------------------------------------------------------------------------


def hostile_report(tmp_path: Path) -> tuple[Agency, LoadedReport, Path]:
    """`& < > " '`, a literal &amp;, markup and emoji in every kind of field: agency name (and with it
    the default title), preamble, section 一's lead, a part's heading and text, notes after a table,
    sections 五 and 六, the sign-off."""
    text = f"{SPECIALS}{EMOJI}"
    report = rich_report(
        2021, signoff=(f"落款{text}", "2022-01-05"),
        overview_parts=("主动公开", f"依申请公开{text}"),
        prose={doc.PROBLEMS.heading: f"第一段{text}\n第二段{{% 不是模板 %}} {{# 也不是 #}}",
               doc.OTHER_MATTERS.heading: f"其他{text}",
               doc.APPLICATIONS.heading: f"说明{text}"},
    )

    def transform(source: str) -> str:
        source = with_preamble(2021, f"前言{text}")(source)
        source = source.replace("名称: 测试市测试局", f"名称: 测试局{text}", 1)
        return source.replace("导语: ", f"导语: 导语{text}", 1)

    agency, path = loaded(tmp_path, report, name="hostile", transform=transform)
    return agency, agency.reports[2021], path


def test_special_characters_and_emoji_survive_every_field(tmp_path: Path) -> None:
    agency, report, _ = hostile_report(tmp_path)
    text = f"{SPECIALS}{EMOJI}"
    data = render_docx(agency, report)
    word = WordReport(data)
    paragraphs = [item.replace("\n", "") for _, item in word.paragraphs()]  # the title is on its lines
    for expected in (f"测试局{text}2021年政府信息公开工作年度报告", f"前言{text}", f"第一段{text}",
                     "第二段{% 不是模板 %} {# 也不是 #}", f"其他{text}", f"说明{text}", f"落款{text}",
                     f"（二）依申请公开{text}"):
        assert expected in paragraphs, expected
    assert any(paragraph.startswith(f"导语{text}") for paragraph in paragraphs)
    xml = word.parts()["word/document.xml"]
    assert "<script>" not in xml and "&lt;script&gt;" in xml and "&amp;amp;" in xml
    assert word.document.core_properties.author == f"测试局{text}"
    assert_sections_and_paragraphs(agency, report, word)


# -- templates: loaded once, checked, user's own ------------------------------------------------------------------


def test_templates_are_loaded_and_compiled_once(samples) -> None:
    agency, report, _ = samples[2021]
    docx_module.load_template.cache_clear()
    docx_module._compiled_for.cache_clear()
    compiled_templates.cache_clear()
    compiled = len(docx_module.environment()._compiled)
    for _ in range(3):
        render_docx(agency, report)
    assert docx_module.load_template.cache_info().misses == 1
    assert compiled_templates.cache_info().misses == 1
    assert len(docx_module.environment()._compiled) - compiled <= 5  # body, two headers, two footers at most


def edit_part(data: bytes, part: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            target.writestr(member, change(content.decode("utf-8")).encode("utf-8") if member.filename == part else content)
    return buffer.getvalue()


def test_every_template_problem_is_reported_together(tmp_path: Path) -> None:
    data = (docx_module.DEFAULT_TEMPLATES_DIR / "report-2021.docx").read_bytes()
    broken = edit_part(data, "word/document.xml", lambda xml: xml
                       .replace("{{ c.t3_5_1 }}", "")
                       .replace("{{ report.title_lines", "{{ unknown_name }}{{ report.titel_lines")
                       .replace("{{ c.t4_1_1 }}", "{{ c.t9_9_9 }}"))
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "report-2021.docx").write_bytes(broken)
    (folder / "report-2019.docx").write_bytes(edit_part(
        (docx_module.DEFAULT_TEMPLATES_DIR / "report-2019.docx").read_bytes(), "word/footer1.xml",
        lambda xml: xml.replace("PAGE", "{% if %}PAGE")))
    agencies = tmp_path / "agencies"
    agencies.mkdir()
    build(rich_report(2020)).write(agencies, "a.yaml")
    build(rich_report(2021)).write(agencies, "b.yaml")
    run = run_cli("build", str(agencies), "--out", str(tmp_path / "out"), "--templates", str(folder))
    assert run.code == 2 and "Traceback" not in run.err
    for expected in ("report-2019.docx", "word/footer1.xml：模板语法错误",
                     "report-2021.docx", "有 5 处问题", "不认识的名称“unknown_name”", "“report”没有“titel_lines”这一项",
                     "没有“c.t9_9_9”这个单元格", "缺少单元格“表三 · （三）不予公开 1.属于国家秘密 · 自然人”：应有占位符 {{ c.t3_5_1 }}"):
        assert expected in run.err, expected
    assert not (tmp_path / "out").exists()


def test_a_restyled_template_is_used(tmp_path: Path) -> None:
    """`templates export`, restyle in "Word" (here: python-docx changes the body style), build with it."""
    folder = tmp_path / "styles"
    run = run_cli("templates", "export", str(folder))
    assert run.code == 0, run.err
    assert sorted(p.name for p in folder.iterdir()) == ["report-2019.docx", "report-2021.docx"]
    assert (folder / "report-2021.docx").read_bytes() == (docx_module.DEFAULT_TEMPLATES_DIR / "report-2021.docx").read_bytes()
    template = Document(str(folder / "report-2021.docx"))
    template.styles["Normal"].font.size = 12 * 12700
    template.save(str(folder / "report-2021.docx"))
    source = build(rich_report(2021)).write(tmp_path, "sample.yaml")
    run = run_cli("build", str(source), "--format", "docx", "--out", str(tmp_path / "out"), "--templates", str(folder))
    assert run.code == 0, run.err
    word = WordReport((tmp_path / "out" / "sample-2021.docx").read_bytes())
    assert style_of(word, "Normal").find(f"{qn('w:rPr')}/{qn('w:sz')}").get(qn("w:val")) == "24"
    agency = check_file(source).agency
    assert_figures_in_cells(agency.reports[2021], word)


def test_export_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "report-2021.docx").write_bytes(b"mine")
    run = run_cli("templates", "export", str(tmp_path))
    assert run.code == 2 and "已经存在，没有覆盖" in run.err
    assert (tmp_path / "report-2021.docx").read_bytes() == b"mine"
    assert not (tmp_path / "report-2019.docx").exists()
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert run_cli("templates", "export", str(tmp_path / "file")).code == 2
