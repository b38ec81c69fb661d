"""Publishing as it is: the PDF holds every character of the Word document, and LibreOffice opening the
.docx itself lays the body out at 28 characters a line (GB/T 9704's grid).

One LibreOffice run converts every example and a few reports of random prose whose punctuation falls
at every place of a line (a mark at a line end was lost by LibreOffice's hanging punctuation).
"""

from __future__ import annotations

import difflib
import io
import random
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from builders import build, run_cli
from reportgen import document as doc
from reportgen.check import check_file
from reportgen.render import docx_pdf
from reportgen.render.docx_pdf import find_soffice, libreoffice_copy
from reportgen.render.html import render_html
from reportgen.render.values import TITLE_CHARACTERS, title_lines
from reportgen.render.view import SignoffLine, report_view, signoff_lines
from test_html import rich_report
from tools import require

ROOT = Path(__file__).resolve().parents[1]
AGENCY_FILES = sorted((ROOT / "agencies").glob("*.yaml"))
PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")
RANDOM_REPORTS = 3
WORDS = ("政府", "信息", "公开", "工作", "机制", "平台", "群众", "依法", "及时", "准确", "规范", "制度", "办理",
         "政务", "服务", "监督", "网站", "新台阶", "便利", "实际", "作用", "定期", "数据", "2021年", "12345")
MARKS = ("，", "、", "。", "；", "：", "”", "）", "》")


@dataclass
class Published:
    docx: bytes
    pdf: Path  # what `build --format pdf` wrote
    pdf_text: str  # its pdftotext -raw
    opened_text: str  # pdftotext -raw of LibreOffice converting the .docx itself, as an office opens it
    opened: Path  # that PDF


def random_prose(seed: int) -> str:
    """Paragraphs of words and punctuation in random order: marks fall at every column of a line."""
    draw = random.Random(seed)
    paragraphs = []
    for _ in range(6):
        pieces = []
        for _ in range(draw.randint(40, 90)):
            pieces.append(draw.choice(WORDS))
            if draw.random() < 0.35:
                pieces.append(draw.choice(MARKS))
        paragraphs.append("".join(pieces) + "。")
    return "\n".join(paragraphs)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def opened_directly(documents: dict[str, bytes], folder: Path) -> dict[str, str]:
    """Each .docx converted by LibreOffice as it is (no adjusted copy) into `folder`; stem → the PDF's text."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(docx_pdf, "libreoffice_copy", lambda data: data)
        converted = docx_pdf.convert(documents)
    texts = {}
    for stem, data in converted.items():
        (folder / f"{stem}.pdf").write_bytes(data)
        texts[stem] = pdf_text(folder / f"{stem}.pdf")
    return texts


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Published]:
    """`reportgen build --format docx,pdf` of every agency file and of random reports."""
    require(find_soffice(), "LibreOffice (soffice)")
    require(shutil.which("pdftotext"), "poppler-utils")
    agencies = tmp_path_factory.mktemp("agencies")
    for path in AGENCY_FILES:
        shutil.copy(path, agencies / path.name)
    for seed in range(RANDOM_REPORTS):
        prose = {doc.PROBLEMS.heading: random_prose(seed), doc.OTHER_MATTERS.heading: random_prose(100 + seed)}
        report = rich_report(2021, prose=prose, signoff=("测试市测试局", "2022-01-05"))
        (agencies / f"random{seed}.yaml").write_text(build(report).text, encoding="utf-8")
    out = tmp_path_factory.mktemp("published")
    run = run_cli("build", str(agencies), "--all-years", "--format", "docx,pdf", "--out", str(out))
    assert run.code == 0, run.out + run.err
    documents = {path.stem: path.read_bytes() for path in sorted(out.glob("*.docx"))}
    folder = tmp_path_factory.mktemp("opened")
    opened = opened_directly(documents, folder)
    return {stem: Published(data, out / f"{stem}.pdf", pdf_text(out / f"{stem}.pdf"), opened[stem], folder / f"{stem}.pdf")
            for stem, data in documents.items()}


def docx_text(data: bytes) -> str:
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", document))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", PAGE_NUMBER.sub("", text))


def missing_characters(word: str, pdf: str) -> list[str]:
    """What the Word text has and the PDF text lacks, with some context; the PDF may add (a table's
    header rows repeated on the next page), never leave out. A stretch of several characters found
    elsewhere in the PDF is a line of a merged table cell, drawn after the rows beside it; a single
    character is never excused so (a lost ， is found elsewhere too)."""
    word, pdf = squeeze(word), squeeze(pdf)
    matcher = difflib.SequenceMatcher(None, word, pdf, autojunk=False)
    return [f"“{word[start - 8:start]}[{word[start:end]}]{word[end:end + 8]}”"
            for operation, start, end, _, _ in matcher.get_opcodes()
            if operation in ("delete", "replace") and not (end - start > 1 and word[start:end] in pdf)]


def test_the_fixture_holds_examples_and_random_reports(published) -> None:
    assert len(published) >= len(AGENCY_FILES) + RANDOM_REPORTS


def test_the_pdf_holds_every_character_of_the_docx(published) -> None:
    problems = {stem: missing for stem, item in published.items()
                for text in (item.pdf_text, item.opened_text)
                if (missing := missing_characters(docx_text(item.docx), text))}
    assert not problems, problems


def test_libreoffice_is_given_the_docx_as_written(published) -> None:
    """The PDF is LibreOffice's layout of the very .docx an office opens: no adjusted copy."""
    for stem, item in published.items():
        unchanged = libreoffice_copy(item.docx) == item.docx
        assert unchanged, f"{stem}: LibreOffice needed an adjusted copy"


def line_width(line: str) -> float:
    """A line's width in full-width characters (ASCII is half-width)."""
    return sum(0.5 if character.isascii() else 1.0 for character in line.strip())


def test_libreoffice_lays_the_body_out_at_28_characters_a_line(published) -> None:
    """Body lines (mostly Chinese, outside tables) hold 27–28 characters where they are full; a
    character grid read as two cells a character gave about 14."""
    for stem, item in published.items():
        widths = [line_width(line) for line in item.opened_text.splitlines()
                  if len(re.findall(r"[\u4e00-\u9fff]", line)) >= 10 and " " not in line.strip()]
        full = [width for width in widths if width >= 20]
        assert max(widths) <= 28.5, (stem, max(widths))
        assert len(full) >= 10 and sorted(full)[len(full) // 2] >= 26.5, (stem, sorted(full))


# -- the sign-off (落款), GB/T 9704-2012 7.3.5.2 ------------------------------------------------------------


def start(line: SignoffLine) -> float:
    """Where a line's first character stands, in characters left of the right margin."""
    return line.right + line_width(line.text)


def test_the_name_is_two_characters_in_and_the_date_starts_two_characters_right_of_it() -> None:
    name, day = signoff_lines("郑州市生态环境局二七分局", "2021年1月7日")
    assert name.right == 2 and start(name) - start(day) == 2 and day.right == 6


def test_a_date_longer_than_the_name_allows_is_two_characters_in_and_the_name_moves() -> None:
    name, day = signoff_lines("某某局", "2021年12月31日")
    assert day.right == 2 and start(name) - start(day) == 2 and name.right > 2


def test_the_sign_off_is_printed_where_the_view_places_it(published) -> None:
    """Right-aligned, each line's right indent its place in characters of 15.75 pt; a blank line and
    the last paragraph before it are kept with it."""
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(published["zhongxinlu-2020"].docx)).read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    paragraphs = [p for p in body.iter(f"{w}p") if p.getparent().tag == f"{w}body"]
    styles = [p.find(f"{w}pPr/{w}pStyle").get(f"{w}val") for p in paragraphs]
    assert styles[-2:] == ["Signoff", "Signoff"]
    name, day = signoff_lines("郑州市上街区中心路街道办事处", "2021年1月5日")
    indents = [int(p.find(f"{w}pPr/{w}ind").get(f"{w}right")) for p in paragraphs[-2:]]
    assert indents == [round(name.right * 315), round(day.right * 315)]
    for kept in paragraphs[-4:-2]:  # the last paragraph of 六 and the blank line
        assert kept.find(f"{w}pPr/{w}keepNext") is not None


def test_every_example_signs_off_on_the_page_of_its_last_paragraph(published) -> None:
    for stem, item in published.items():
        agency = stem.rsplit("-", 1)[0]
        if not (ROOT / "agencies" / f"{agency}.yaml").is_file():
            continue
        last_page = squeeze(item.pdf_text.rstrip("\f").split("\f")[-1])
        view = report_view(*loaded_report(agency))
        assert all(squeeze(line) in last_page for line in view.signoff), (stem, last_page[-80:])
        assert squeeze(view.sections[-1].paragraphs[-1])[-6:] in last_page, stem


def loaded_report(agency: str):
    found = check_file(ROOT / "agencies" / f"{agency}.yaml").agency
    assert found is not None
    return found, found.reports[max(found.reports)]


# -- table cells ------------------------------------------------------------------------------------------------


def test_row_labels_keep_a_millimetre_from_the_borders_and_the_long_label_reads_by_words() -> None:
    from docx import Document

    from reportgen.editions import EDITIONS
    from reportgen.render import docx_template as tpl

    for edition in EDITIONS.values():
        table = Document(io.BytesIO(tpl.build_template(edition))).tables[1]  # 表三
        cells = {cell.text: cell for row in table.rows for cell in row.cells}
        assert "三、\n本年度\n办理\n结果" in cells, sorted(cells)[:5]
        labelled = [cell for text, cell in cells.items() if text.startswith(("1.", "2."))]
        assert labelled
        for cell in labelled:
            margin = cell._tc.find(f"{W}tcPr/{W}tcMar/{W}left")
            assert margin is not None and int(margin.get(f"{W}w")) >= tpl.mm(1), cell.text


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# -- pagination -------------------------------------------------------------------------------------------------

MM = 72 / 25.4  # PDF points per millimetre
TEXT_TOP, TEXT_BOTTOM = 37 * MM, (297 - 35) * MM  # the GB/T 9704 text block
_WORD_BOX = re.compile(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">')


def empty_fractions(pdf: Path) -> list[float]:
    """Each page's share of the text block left empty below its last line (the page number aside)."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    fractions = []
    for page in boxes.split("<page ")[1:]:
        bottoms = [float(y) for y in _WORD_BOX.findall(page) if float(y) < TEXT_BOTTOM + 5]
        fractions.append((TEXT_BOTTOM - max(bottoms, default=TEXT_TOP)) / (TEXT_BOTTOM - TEXT_TOP))
    return fractions


def test_no_page_but_the_last_is_more_than_a_third_empty(published) -> None:
    for stem, item in published.items():
        fractions = empty_fractions(item.pdf)
        assert len(fractions) >= 3, stem
        assert all(fraction <= 1 / 3 for fraction in fractions[:-1]), (stem, [f"{f:.0%}" for f in fractions])


def test_table_three_breaks_between_rows_and_never_leaves_its_total_alone() -> None:
    """Rows never split, headers repeat; the rows beside 三、本年度办理结果 may break between groups,
    a group (（三）不予公开 and its grounds) stays whole, the row before （七）总计, （七） and 四 stay together."""
    from reportgen.editions import EDITIONS
    from reportgen.render import docx_template as tpl
    from reportgen.render.layout import table_grid

    for edition in EDITIONS.values():
        grid = table_grid(edition.applications)
        kept = tpl._kept_rows(grid)
        body = [number for number, row in enumerate(grid.rows) if not row.header]
        assert {number for number, row in enumerate(grid.rows) if row.header} <= kept
        assert body[-3] in kept and body[-2] in kept and body[-1] not in kept  # the row before （七）, （七）; 四
        free = [number for number in body[1:-3] if number not in kept]
        assert len(free) >= 4, free  # places where a page may end inside the table


# -- titles -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("title", "lines"), [
    ("郑州市上街区中心路街道办事处2020年政府信息公开工作年度报告", ("郑州市上街区中心路街道办事处", "2020年政府信息公开工作年度报告")),
    ("郑州市生态环境局二七分局2020年度政府信息公开工作年度报告", ("郑州市生态环境局二七分局2020年度", "政府信息公开工作年度报告")),
    ("金水区政务服务办公室2021年政府信息公开工作年度报告", ("金水区政务服务办公室2021年", "政府信息公开工作年度报告")),
    ("测试局2021年政府信息公开工作年度报告", ("测试局2021年政府信息公开工作年度报告",)),
])
def test_titles_break_between_words(title: str, lines: tuple[str, ...]) -> None:
    assert title_lines(title) == lines


def test_a_long_name_breaks_between_its_own_words_and_no_line_is_one_character() -> None:
    title = "中共某某市委某某市人民政府关于某某事项的特别长的名称委员会办公室2021年政府信息公开工作年度报告"
    lines = title_lines(title)
    assert "".join(lines) == title and len(lines) == 3
    assert all(2 <= line_width(line) <= TITLE_CHARACTERS for line in lines)


def test_word_and_html_print_the_title_on_its_lines(published) -> None:
    body = zipfile.ZipFile(io.BytesIO(published["zhongxinlu-2020"].docx)).read("word/document.xml").decode("utf-8")
    title = re.search(r"<w:p>.*?</w:p>", body, re.DOTALL)
    assert title is not None and "<w:br/>" in title.group(0)
    assert re.sub(r"<[^>]+>", "", title.group(0).replace("<w:br/>", "|")) == (
        "郑州市上街区中心路街道办事处|2020年政府信息公开工作年度报告")
    agency, report = loaded_report("zhongxinlu")
    page = render_html(agency, report)
    assert ('<span class="rg-title-line">郑州市上街区中心路街道办事处</span><br>'
            '<span class="rg-title-line">2020年政府信息公开工作年度报告</span>') in page


def test_the_pdf_is_tagged(published) -> None:
    """Headings, paragraphs and tables marked (LibreOffice's UseTaggedPDF): read in order aloud."""
    require(shutil.which("pdfinfo"), "poppler-utils")
    for stem, item in published.items():
        info = subprocess.run(["pdfinfo", str(item.pdf)], check=True, capture_output=True, text=True).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), stem


_BODY_LINE = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">')


def test_libreoffice_lays_out_22_body_lines_a_page(published) -> None:
    """Lines of 三号 text (words about 21 pt high) on each page of the .docx opened directly: at most
    22, and 22 on a page of prose alone (the random reports' 五 and 六)."""
    for stem, item in published.items():
        boxes = subprocess.run(["pdftotext", "-bbox", str(item.opened), "-"], check=True, capture_output=True,
                               text=True).stdout
        counts = []
        for page in boxes.split("<page ")[1:]:
            lines = {round(float(bottom)) for top, bottom in _BODY_LINE.findall(page)
                     if 19 <= float(bottom) - float(top) <= 23 and float(bottom) < TEXT_BOTTOM + 1}
            counts.append(len(lines))
        assert max(counts) <= 22, (stem, counts)
        if stem.startswith("random"):  # pages of prose alone
            assert counts.count(22) >= 2, (stem, counts)
