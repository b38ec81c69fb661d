"""Damaged variants of the seeds, made here: each shape real pages take, and each kind of damage.

A variant is the seed's report (the prose of its agency file, the figures of its as-published
fixture, blanks and missing cells included) printed again as text in one shape, with the table
grids the national format prints (`render.layout`, merges and all):

- tab-separated rows (a browser's copy of a table), one cell per line with a leading tab and rows
  separated by blank lines, markdown tables, one cell per paragraph, cells separated by spaces,
  an HTML page with rowspan/colspan and `&nbsp;` cells inside a site's page;
- labels split by spaces or line breaks, the page header and a page number repeated inside
  table 三, full-width digits and brackets, numbers printed without separators.

Each variant must import to the published figures, or — where the shape itself loses what was
printed (a blank cell cannot be seen in a one-cell-per-paragraph dump) — report every row it could
not read as printed by name. No variant crashes: a failure is a Chinese message (exit 2).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import run_cli
from reportgen import document as doc
from reportgen.editions import AppealsTable, Row, Table
from reportgen.errors import ReportgenError
from reportgen.importer import Imported, agency_file, import_bytes
from reportgen.importer.audit import audit_imported
from reportgen.importer.imported import Note
from reportgen.load import load_agency, load_agency_text
from reportgen.model import Agency, Report
from reportgen.render.layout import Role, table_grid
from reportgen.render.view import report_view
from test_seeds import PUBLISHED, SEED_OF

ROOT = Path(__file__).resolve().parents[1]
AGENCIES = ROOT / "agencies"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
FULL_WIDTH = str.maketrans("0123456789()", "０１２３４５６７８９（）")
TO_HALF = str.maketrans("（）", "()")

Cell = tuple[str, int, bool]  # text, colspan, a value cell
Grid = list[list[tuple[str, int, int, bool]]]  # per row: (text, left, colspan, value)


# -- the seed's report, printed again ---------------------------------------------------------------


def published(slug: str) -> tuple[Agency, Report]:
    agency, findings = load_agency(PUBLISHED / f"{slug}.yaml")
    assert agency is not None, findings
    (report,) = agency.reports.values()
    return agency, report


def prose_of(slug: str) -> tuple[Agency, Report]:
    agency, findings = load_agency(AGENCIES / f"{slug}.yaml")
    assert agency is not None, findings
    (report,) = agency.reports.values()
    return agency, report


def grid(report: Report, attribute: str) -> Grid:
    """The table's printed grid: labels from the declaration, figures as the fixture prints them
    (a cell the page does not print is left out of its row)."""
    figures = getattr(report, attribute)
    printed_rows = {cell.row.key for cell in figures.cells.values() if cell.written}
    rows: Grid = []
    for grid_row in table_grid(figures.table).rows:
        cells = []
        for cell in grid_row.cells:
            if cell.role is Role.VALUE:
                printed = figures.cells[cell.key]
                if not printed.written:
                    if (printed.row.derived or printed.column.derived) and printed.row.key in printed_rows:
                        cells.append(("", cell.left, cell.colspan, True))
                    continue
                cells.append(((printed.raw or "").strip(), cell.left, cell.colspan, True))
            else:
                cells.append((cell.text, cell.left, cell.colspan, False))
        rows.append(cells)
    return rows


Shape = Callable[[Grid, int], list[str]]


def tabs(rows: Grid, width: int) -> list[str]:
    return ["\t".join(text for text, *_ in row) for row in rows]


def cell_per_line(rows: Grid, width: int) -> list[str]:
    out: list[str] = []
    for row in rows:
        out += [f"\t{text}" for text, *_ in row] + [""]
    return out


def markdown(rows: Grid, width: int) -> list[str]:
    """Every row as wide as the grid, except that a row the page prints short stays short."""
    out = []
    for index, row in enumerate(rows):
        printed = sum(span for *_, span, _ in row)
        line = [""] * (width if printed >= width or not row or not row[-1][3] else max(left + 1 for _, left, _, _ in row))
        for text, left, _, _ in row:
            line[left] = text.replace("\n", "")
        out.append("| " + " | ".join(line) + " |")
        if index == 0:
            out.append("|" + "---|" * width)
    return out


def paragraphs(rows: Grid, width: int) -> list[str]:
    out: list[str] = []
    for row in rows:
        out += [line for text, *_ in row if text for line in (text, "")]
    return out


def spaced(rows: Grid, width: int) -> list[str]:
    return ["  ".join(text for text, *_ in row if text) for row in rows]


SHAPES: dict[str, Shape] = {
    "tabs": tabs, "cell_per_line": cell_per_line, "markdown": markdown, "paragraphs": paragraphs, "spaced": spaced,
}
#: Shapes in which a blank cell cannot be seen.
LOSES_BLANKS = {"paragraphs", "spaced"}


def document(slug: str, shape: Shape, damage: Callable[[str, Grid], Grid] | None = None) -> str:
    """The seed printed again: title, preamble, the six sections with their tables, sign-off."""
    agency, report = prose_of(slug)
    _, printed = published(slug)
    view = report_view(agency, report)
    lines = [view.title, "", *view.preamble, ""]
    for section in view.sections:
        lines += [section.heading, ""]
        lines += list(section.intro)
        for part in section.parts:
            lines += [part.heading, *part.paragraphs]
        if section.table is not None:
            rows = grid(printed, section.table.key)
            if damage is not None:
                rows = damage(section.table.key, rows)
            lines += ["", *shape(rows, section.table.grid.width), ""]
        lines += [*section.paragraphs, ""]
    lines += list(view.signoff)
    return "\n".join(lines) + "\n"


def cells(agency: Agency) -> dict[tuple[str, str, str], tuple[bool, object, object]]:
    (report,) = agency.reports.values()
    return {
        (attribute, row, column): (cell.written, cell.value, cell.problem)
        for attribute in ("proactive", "applications", "appeals")
        for (row, column), cell in getattr(report, attribute).cells.items()
    }


def import_text(text: str, name: str = "variant.txt") -> tuple[Imported, Agency, list]:
    imported = import_bytes(text.encode("utf-8"), name)
    yaml_text, _ = agency_file(imported)
    agency, findings = load_agency_text(yaml_text, "variant.yaml")
    assert agency is not None, findings
    return imported, agency, findings


def differences(agency: Agency, slug: str) -> dict:
    expected = cells(published(slug)[0])
    return {key: (value, expected[key]) for key, value in cells(agency).items() if expected[key] != value}


def reported(imported: Imported, findings: list) -> set[str]:
    """Everything the import or the loader named as not read as printed, in the form's words."""
    return {f.where for f in findings if f.rule == "S-2" and f.where} | {n.where for n in imported.notes if n.where}


def printed_row(table: Table, row: Row) -> str:
    """The printed row a cell stands on: table 四 prints its three groups on one row."""
    return table.name if isinstance(table, AppealsTable) else table.cell_name(row)


def assert_read_or_reported(imported: Imported, agency: Agency, findings: list, slug: str) -> None:
    """Every cell read differently from the published report is named: the cell itself, or the printed
    row it stands on (“只印出 6 个数，应为 7 个”). A note naming only a table excuses none of its cells."""
    _, report = published(slug)
    named = reported(imported, findings)
    missed = set()
    for (attribute, row_key, column_key), _ in differences(agency, slug).items():
        table = getattr(report, attribute).table
        row = table.row(row_key)
        column = next(column for column in table.columns_of(row) if column.key == column_key)
        if table.cell_name(row, column) not in named and printed_row(table, row) not in named:
            missed.add(table.cell_name(row, column))
    assert missed == set()


def test_a_note_naming_only_the_table_excuses_no_cell() -> None:
    """The check above is not satisfied by a note that names 表三 but none of its rows or cells."""
    imported, agency, findings = import_text(document("erqi", SHAPES["spaced"]))  # blanks of 表三 lost
    assert_read_or_reported(imported, agency, findings, "erqi")
    imported.notes = [Note("表三：有的格没有读出。", where="表三")]
    with pytest.raises(AssertionError):
        assert_read_or_reported(imported, agency, [], "erqi")


# -- the shapes --------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("slug", SEED_OF)
def test_each_shape_imports_the_published_figures(slug: str, shape: str) -> None:
    imported, agency, findings = import_text(document(slug, SHAPES[shape]))
    assert imported.agency == published(slug)[0].name.value  # type: ignore[union-attr]
    has_blanks = any(v[2] is not None and v[2].value == "空白" for v in cells(published(slug)[0]).values())
    if shape in LOSES_BLANKS and has_blanks:
        assert_read_or_reported(imported, agency, findings, slug)
    else:
        assert differences(agency, slug) == {}
    headings = {number: s.printed for number, s in imported.sections.items()}
    assert headings == {section.number: section.heading for section in doc.SECTIONS}


@pytest.mark.parametrize("slug", SEED_OF)
def test_a_site_page_with_merged_cells_and_nbsp(tmp_path: Path, slug: str) -> None:
    """Each seed as a government site would serve it: GB18030, layout tables around the article,
    navigation, an info bar with the publication date, headings in <p><strong>, &nbsp; in blank
    cells, rowspan and colspan, Word's <p><span> inside cells, a footer."""
    agency, report = prose_of(slug)
    _, printed = published(slug)
    view = report_view(agency, report)
    body = [f"<p style='text-align:center'><strong>{html.escape(view.title)}</strong></p>"]
    body += [f"<p>　　{html.escape(p)}</p>" for p in view.preamble]
    for section in view.sections:
        body.append(f"<p><strong>{section.heading}</strong></p>")
        body += [f"<p>　　{html.escape(p)}</p>" for p in section.intro]
        for part in section.parts:
            body.append(f"<p><b>{html.escape(part.heading)}</b></p>")
            body += [f"<p>　　{html.escape(p)}</p>" for p in part.paragraphs]
        if section.table is not None:
            figures = getattr(printed, section.table.key)
            printed_rows = {c.row.key for c in figures.cells.values() if c.written}
            rows = []
            for grid_row in section.table.grid.rows:
                tds = []
                for cell in grid_row.cells:
                    spans = f" rowspan='{cell.rowspan}'" * (cell.rowspan > 1) + f" colspan='{cell.colspan}'" * (cell.colspan > 1)
                    if cell.role is Role.VALUE:
                        printed_cell = figures.cells[cell.key]
                        total = printed_cell.row.derived or printed_cell.column.derived
                        if not printed_cell.written and not (total and printed_cell.row.key in printed_rows):
                            continue  # a cell the page does not print
                        raw = (printed_cell.raw or "").strip()
                        text = html.escape(raw) if raw else "&nbsp;"
                    else:
                        text = "<br/>".join(html.escape(part) for part in re.findall(".{1,6}", cell.text))
                    tds.append(f"<td{spans}><p class=MsoNormal><span style='font-size:10pt'>{text}</span></p></td>")
                rows.append("<tr>" + "".join(tds) + "</tr>")
            body.append("<table border=1 cellspacing=0>" + "".join(rows) + "</table>")
        body += [f"<p>　　{html.escape(p)}</p>" for p in section.paragraphs]
    body += [f"<p style='text-align:right'>{line}</p>" for line in view.signoff]
    page = f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{view.title}_郑州市二七区人民政府</title><script>var x = "<p>不是正文</p>";</script><style>p {{margin:0}}</style></head>
<body><div class="nav"><a href="/">首页</a> &gt; <a>政务公开</a> &gt; 年度报告</div>
<table width=1000><tr><td class="left"><ul><li>机构概况</li><li>政策文件</li></ul></td>
<td class="main"><table><tr><td>
<div class="info">发布日期：2021-01-08 来源：本站 浏览次数：12</div>
<div class="TRS_Editor">{''.join(body)}</div>
</td></tr></table></td></tr></table>
<div class="footer">主办单位：郑州市二七区人民政府办公室 网站标识码：4101030001 豫ICP备05000000号</div></body></html>"""
    source = tmp_path / "page.html"
    source.write_bytes(page.encode("gb18030"))
    from reportgen.importer import import_file

    imported = import_file(source)
    text, _ = agency_file(imported)
    back, findings = load_agency_text(text, "page.yaml")
    assert back is not None, findings
    assert differences(back, slug) == {}
    assert imported.agency == agency.name.value  # type: ignore[union-attr]
    assert imported.published_on is not None and imported.published_on.isoformat() == "2021-01-08"
    (year,) = back.reports
    mine = report_view(back, back.reports[year])
    assert [(s.intro, s.parts, s.paragraphs) for s in mine.sections] == [(s.intro, s.parts, s.paragraphs) for s in view.sections]
    # the page's 发布日期 dates a sign-off printed without a date
    assert mine.signoff == view.signoff if len(view.signoff) == 2 else mine.signoff == (*view.signoff, "2021年1月8日")
    assert "主办单位" not in text and "首页" not in text and "不是正文" not in text


# -- the damage --------------------------------------------------------------------------------------


def split_labels(with_: str) -> Callable[[str, Grid], Grid]:
    """Labels longer than four characters split in the middle by a space or a line break."""

    def damage(table: str, rows: Grid) -> Grid:
        out: Grid = []
        for row in rows:
            new_row = []
            for text, left, span, value in row:
                if not value and len(text) > 4:
                    middle = len(text) // 2
                    text = text[:middle] + with_ + text[middle:]
                new_row.append((text, left, span, value))
            out.append(new_row)
        return out

    return damage


def page_break(title: str) -> Callable[[str, Grid], Grid]:
    """The page header and the page number printed in the middle of table 三."""

    def damage(table: str, rows: Grid) -> Grid:
        if table != "applications":
            return rows
        middle = len(rows) // 2
        return [*rows[:middle], [("- 2 -", 0, 1, False)], [(title, 0, 1, False)], *rows[middle:]]

    return damage


def full_width(table: str, rows: Grid) -> Grid:
    return [[(text.translate(FULL_WIDTH), left, span, value) for text, left, span, value in row] for row in rows]


def half_width_brackets(table: str, rows: Grid) -> Grid:
    return [[(text.translate(TO_HALF), left, span, value) for text, left, span, value in row] for row in rows]


def glued(table: str, rows: Grid) -> Grid:
    """Rows of 表三 and 表四 whose values are all printed, printed without separators."""
    if table == "proactive":
        return rows
    out: Grid = []
    for row in rows:
        values = [cell for cell in row if cell[3]]
        if values and all(re.fullmatch(r"\d+", cell[0]) for cell in values) and len(values) >= 5:
            labels = [cell for cell in row if not cell[3]]
            out.append([*labels, ("".join(cell[0] for cell in values), values[0][1], 1, True)])
        else:
            out.append(row)
    return out


@pytest.mark.parametrize("slug", SEED_OF)
@pytest.mark.parametrize("shape", ["tabs", "cell_per_line", "markdown"])
def test_labels_split_by_spaces(slug: str, shape: str) -> None:
    _, agency, _ = import_text(document(slug, SHAPES[shape], split_labels(" ")))
    assert differences(agency, slug) == {}


@pytest.mark.parametrize("slug", SEED_OF)
@pytest.mark.parametrize("shape", ["cell_per_line", "paragraphs"])
def test_labels_split_by_line_breaks(slug: str, shape: str) -> None:
    imported, agency, findings = import_text(document(slug, SHAPES[shape], split_labels("\n")))
    if shape == "paragraphs":
        assert_read_or_reported(imported, agency, findings, slug)
    else:
        assert differences(agency, slug) == {}


@pytest.mark.parametrize("slug", SEED_OF)
@pytest.mark.parametrize("shape", ["tabs", "cell_per_line", "markdown", "paragraphs"])
def test_page_header_and_number_inside_a_table(slug: str, shape: str) -> None:
    title = report_view(*prose_of(slug)).title
    imported, agency, findings = import_text(document(slug, SHAPES[shape], page_break(title)))
    if shape == "paragraphs":
        assert_read_or_reported(imported, agency, findings, slug)
    else:
        assert differences(agency, slug) == {}
    furniture = [n for n in imported.notes if n.rule == "A-10"]
    assert {n.where for n in furniture} == {"表三"} and len(furniture) == 2


@pytest.mark.parametrize("slug", SEED_OF)
@pytest.mark.parametrize("damage", [full_width, half_width_brackets], ids=["full-width", "half-width"])
def test_full_width_digits_and_brackets(slug: str, damage: Callable) -> None:
    imported, agency, _ = import_text(document(slug, tabs, damage))
    assert differences(agency, slug) == {}
    if damage is full_width:
        text, _ = agency_file(imported)
        assert "全角数字已改为数字" in text


@pytest.mark.parametrize("slug", SEED_OF)
@pytest.mark.parametrize("shape", ["tabs", "cell_per_line"])
def test_glued_numbers_split_by_the_rows_arithmetic(slug: str, shape: str) -> None:
    damaged = document(slug, SHAPES[shape], glued)
    imported, agency, _findings = import_text(damaged)
    assert differences(agency, slug) == {}
    split = [n for n in imported.notes if n.rule == "A-7"]
    assert bool(split) == (damaged != document(slug, SHAPES[shape]))  # 003 has no row without a blank
    assert all("只有一种拆法" in n.message for n in split)


def test_glued_numbers_with_two_readings_are_not_guessed() -> None:
    """“123” then five blank cells, in a row of seven: “1 23” and “12 3” are both possible and the
    blank total cannot tell them apart, so the row is left out and reported, not guessed."""
    text = document("erqi", tabs)
    line = next(line for line in text.splitlines() if line.startswith("一、本年新收"))
    damaged = text.replace(line, "一、本年新收政府信息公开申请数量\t123\t\t\t\t\t")
    imported, _agency, _findings = import_text(damaged)
    notes = [n for n in imported.notes if n.rule == "A-6"]
    assert [n.where for n in notes] == ["表三 · 一、本年新收政府信息公开申请数量"]
    yaml_text, _ = agency_file(imported)
    assert "本年新收：未导入" in yaml_text and "拆法不止一种" in yaml_text
    result = audit_imported(imported)
    assert ("A-6", "表三 · 一、本年新收政府信息公开申请数量") in {(f.rule, f.where) for f in result.findings}
    assert not [f for f in result.findings if f.rule == "S-2" and "本年新收" in (f.where or "")]


def test_glued_numbers_read_by_the_total() -> None:
    """“121” before a total of 22 is 1 and 21 (12 and 1 would make 13): the row's arithmetic decides."""
    text = document("erqi", tabs)
    line = next(line for line in text.splitlines() if line.startswith("一、本年新收"))
    imported, agency, _ = import_text(text.replace(line, "一、本年新收政府信息公开申请数量\t121\t0\t0\t0\t0\t22"))
    (report,) = agency.reports.values()
    assert [report.applications.value("本年新收", c.key) for c in report.applications.table.columns] == [1, 21, 0, 0, 0, 0, 22]
    assert [n.rule for n in imported.notes if n.where == "表三 · 一、本年新收政府信息公开申请数量"] == ["A-7"]


def test_a_row_with_too_many_values_is_reported_not_guessed() -> None:
    text = document("zhongxinlu", tabs)
    line = next(line for line in text.splitlines() if line.startswith("行政许可"))
    imported, _, _ = import_text(text.replace(line, line + "\t5\t6"))
    (note,) = [n for n in imported.notes if n.rule == "A-6"]
    assert note.where == "表二 · 第二十条第（五）项 行政许可" and "印出 5 个数，应为 3 个" in note.message


def test_placeholders_are_kept_as_printed() -> None:
    text = document("erqi", tabs)
    line = next(line for line in text.splitlines() if line.startswith("规章"))
    _imported, agency, _ = import_text(text.replace(line, "规章\t/\t—\t不适用"))
    (report,) = agency.reports.values()
    assert [report.proactive.cell("规章", c).raw for c in ("本年新制作数量", "本年新公开数量", "对外公开总数量")] == \
        ["/", "—", "不适用"]
    assert all(report.proactive.cell("规章", c).problem.value == "占位符"
               for c in ("本年新制作数量", "本年新公开数量", "对外公开总数量"))


# -- the fixtures in tests/fixtures/import -----------------------------------------------------------


def test_fixture_a_2021_report_on_the_2019_form() -> None:
    """fixtures/import/old-edition-2021.txt: a 2021 report printed on the 2019 form, as some agencies
    did; read with the 2019 tables and reported (A-4)."""
    from reportgen.importer import import_file

    imported = import_file(FIXTURES / "old-edition-2021.txt")
    assert imported.year == 2021 and imported.edition.year == 2019
    result = audit_imported(imported)
    assert "A-4" in {f.rule for f in result.findings}
    text, _ = agency_file(imported)
    assert "格式: 2019" in text


def test_fixture_word_table_with_vertical_merges() -> None:
    """fixtures/import/merged-cells.docx: a Word report whose 表三 merges the group labels down
    (vMerge) and the top rows across (gridSpan)."""
    from reportgen.importer import import_file

    imported = import_file(FIXTURES / "merged-cells.docx")
    text, _ = agency_file(imported)
    agency, findings = load_agency_text(text, "docx.yaml")
    assert agency is not None
    (report,) = agency.reports.values()
    assert report.applications.value("本年新收", "自然人") == 3
    assert report.applications.value("予以公开", "自然人") == 2
    assert report.applications.value("属于国家秘密", "自然人") == 1
    assert [f for f in findings if f.rule != "S-2"] == []


# -- nothing crashes ---------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.sampled_from(sorted(SEED_OF)), st.data())
def test_damaged_seeds_never_crash(slug: str, data: st.DataObject) -> None:
    """Lines dropped, duplicated or cut anywhere: the import reads what it can or says why not."""
    lines = document(slug, SHAPES[data.draw(st.sampled_from(sorted(SHAPES)))]).splitlines()
    for _ in range(data.draw(st.integers(1, 6))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "repeat", "cut", "join"]))
        if action == "drop":
            del lines[index]
        elif action == "repeat":
            lines.insert(index, lines[index])
        elif action == "cut":
            lines[index] = lines[index][: data.draw(st.integers(0, max(len(lines[index]) - 1, 0)))]
        elif index + 1 < len(lines):
            lines[index:index + 2] = [lines[index] + lines[index + 1]]
    try:
        imported, _agency, _ = import_text("\n".join(lines))
    except ReportgenError as error:
        assert re.search(r"[\u4e00-\u9fff]", error.message)
        return
    assert audit_imported(imported).findings is not None


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02garbage", "没有标题也没有表格的一段话。".encode(), b"%PDF-1.4 broken",
                                  b"PK\x03\x04 not a zip", "<html><body><p>网页</p></body></html>".encode()],
                         ids=["empty", "binary", "no-title", "broken-pdf", "broken-zip", "empty-page"])
def test_unreadable_sources_fail_in_chinese_with_exit_2(tmp_path: Path, data: bytes) -> None:
    source = tmp_path / "report.bin"
    source.write_bytes(data)
    run = run_cli("import", str(source))
    assert run.code == 2
    assert run.err.startswith("错误：") and "Traceback" not in run.out + run.err
