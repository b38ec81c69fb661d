"""The default Word templates (templates/docx/report-<edition>.docx), generated from the declarations.

    python -m reportgen.render.docx_template            # rewrites templates/docx/ of the checkout
    python -m reportgen.render.docx_template OUT_DIR    # or writes them elsewhere

python-docx builds each document and saves it; the files are committed, and
tests/test_docx_templates.py fails when they differ from what this module generates. The two
editions' templates differ only in tables 二 and 三: styles, page set-up, headers, footers, prose and
table 四 come from the same code and are the same XML.

The look is that of a government document (GB/T 9704-2012): A4, margins 37 mm (top) and 28 mm
(left), a text block of 156 × 225 mm holding 22 lines (a line grid, exact 28.95 pt lines) of 28
characters (-0.25 pt character spacing: read alike by Word, LibreOffice and WPS); title in 方正小标宋简体
二号 centred, broken between words (`view.title_lines`), body in 仿宋_GB2312 三号 with a two-character
first-line indent, 一、 headings in 黑体, （一） headings in 楷体_GB2312, page numbers "— 1 —" in
4号宋体, odd pages right and even pages left, the sign-off (落款) placed as GB/T 9704 7.3.5.2 says and
kept with the last paragraph. Every style and run names its fonts (ascii, hAnsi, eastAsia, cs): no
theme fonts.

The tables are drawn from `render.layout` (the grid the HTML renderer draws too): every merge of the
printed form is a gridSpan or vMerge here, every value cell holds one placeholder (`docx_common`).
Labels that do not fit their column are broken deliberately between words (结果/维持, 社会/公益/组织,
三、/本年度/办理/结果), never inside one. Rows never split, header rows repeat, and table 三 may break
only between its groups (`_kept_rows`).
"""

from __future__ import annotations

import io
import math
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from .. import document as doc
from ..atomic import replace_atomic
from ..editions import EDITIONS, ApplicationsTable, Edition, Table
from .docx_common import REPORT, deterministic_zip, placeholder, section_name, template_name
from .layout import GridCell, Role, TableGrid, table_grid

# -- page and type -----------------------------------------------------------------------------------

TWIPS_PER_MM = 1440 / 25.4


def mm(value: float) -> int:
    """Millimetres in twips (1/20 pt), the unit of page geometry in Word."""
    return round(value * TWIPS_PER_MM)


PAGE_WIDTH, PAGE_HEIGHT = mm(210), mm(297)  # A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = mm(37), mm(35), mm(28), mm(26)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 156 mm
TEXT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM  # 225 mm
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
HEADER_DISTANCE = mm(15)
FOOTER_DISTANCE = mm(25)  # puts the page number's 一字线 about 7 mm below the text block

BODY_SIZE = 16  # 三号
TITLE_SIZE = 22  # 二号
PAGE_NUMBER_SIZE = 14  # 4号
DRAFT_SIZE = 14
TABLE_SIZE = 10.5  # 五号: 表三's ten columns fit the text width, 表四's labels break 2+2

#: Exact line pitch of the grid (twips), rounded down so that 22 lines fit in 225 mm.
LINE_PITCH = math.floor(TEXT_HEIGHT / LINES_PER_PAGE)
#: The character pitch of the 28-character grid as character spacing (twentieths of a point, here
#: -0.25 pt: 28 × 15.75 pt fit in 156 mm, 29 do not). Word, LibreOffice and WPS all read character
#: spacing alike; a character grid (docGrid linesAndChars) whose pitch is below the font size is read
#: differently by each (LibreOffice 7 spreads every character over two cells: 14 a line), so the
#: document has a line grid only and states the character pitch as spacing.
CHAR_SPACING = math.floor(TEXT_WIDTH / CHARS_PER_LINE - BODY_SIZE * 20)

#: One character of the body on the grid (twips): the unit of the sign-off's right indents.
CHARACTER_PITCH = BODY_SIZE * 20 + CHAR_SPACING
KEEP_NEXT = "<w:keepNext/>"

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_1_FONT = "黑体"
HEADING_2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
TABLE_FONT = "宋体"
DRAFT_FONT = "黑体"
DRAFT_COLOUR = "C00000"
#: Every font the templates name, with the name Word falls back to where it is missing
#: (Windows since Vista ships 仿宋 and 楷体 rather than the _GB2312 fonts) and its family class.
FONTS = {
    TITLE_FONT: ("宋体", "roman"),
    BODY_FONT: ("仿宋", "modern"),
    HEADING_1_FONT: ("SimHei", "modern"),
    HEADING_2_FONT: ("楷体", "modern"),
    PAGE_NUMBER_FONT: ("SimSun", "auto"),
}

#: Table cells: left and right padding, top and bottom padding, minimum row height (twips).
CELL_PADDING = 28  # 0.5 mm: centred headers and figures
LABEL_PADDING = 57  # 1 mm: a left-aligned row label keeps clear of the borders
CELL_PADDING_VERTICAL = 28  # 0.5 mm
ROW_HEIGHT = mm(7)
TABLE_LINE = 300  # exact line height in tables, 15 pt
BORDER = 4  # eighths of a point: 0.5 pt

#: 表三's label columns and data columns (mm); the third label column takes what is left (11½
#: characters). The data columns hold three characters (自然人), and so do the first two label
#: columns: 三、/本年度/办理/结果 and （三）/不予/公开, broken between words.
APPLICATIONS_WIDTHS_MM = (12.4, 12.4, None, *(12.2,) * 7)

TEMPLATE_DATE = datetime(2024, 1, 1, tzinfo=UTC)
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
STYLE_IDS = {
    "normal": "Normal", "title": "Title", "heading1": "Heading1", "heading2": "Heading2",
    "header": "Header", "footer": "Footer", "table": "TableText", "signoff": "Signoff",
}

# -- small XML writers ---------------------------------------------------------------------------------


def half_points(size: float) -> int:
    return round(size * 2)


def fonts_xml(font: str) -> str:
    return f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}" w:hint="eastAsia"/>'


def rpr(font: str, size: float, *, bold: bool = False, colour: str | None = None,
        spacing: int | None = None) -> str:
    """Run properties that name every font slot: nothing is left to a theme or a default."""
    parts = [fonts_xml(font)]
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if colour:
        parts.append(f'<w:color w:val="{colour}"/>')
    if spacing is not None:
        parts.append(f'<w:spacing w:val="{spacing}"/>')
    parts.append(f'<w:sz w:val="{half_points(size)}"/><w:szCs w:val="{half_points(size)}"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def run(text: str, font: str, size: float, **formatting: object) -> str:
    """One run; text may hold line breaks ("\\n" → <w:br/>)."""
    pieces = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in text.split("\n"))
    return f"<w:r>{rpr(font, size, **formatting)}{pieces}</w:r>"  # type: ignore[arg-type]


def paragraph(content: str, style: str, ppr: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{STYLE_IDS[style]}"/>{ppr}</w:pPr>{content}</w:p>'


def element(xml: str):
    """An XML fragment in the w: namespace as an lxml element."""
    return parse_xml(re.sub(r"^<(w:\w+)", lambda match: f"<{match.group(1)} {nsdecls('w')}", xml, count=1))


# -- styles, settings, fonts -----------------------------------------------------------------------------


def _style(kind: str, style_id: str, name: str, ppr: str, run_properties: str, *, based_on: str | None = None,
           default: bool = False, hidden: bool = False, table: str = "") -> str:
    """A style, its elements in schema order (name, basedOn, next, …, qFormat, pPr, rPr, tblPr)."""
    attributes = f' w:type="{kind}"' + (' w:default="1"' if default else "") + f' w:styleId="{style_id}"'
    parts = [f'<w:name w:val="{name}"/>']
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if kind == "paragraph" and style_id != "Normal":
        parts.append('<w:next w:val="Normal"/>')
    parts.append('<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>' if hidden else "<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    parts.append(run_properties)
    parts.append(table)
    return f"<w:style{attributes}>{''.join(parts)}</w:style>"


def styles_xml() -> str:
    body_line = f'<w:spacing w:line="{LINE_PITCH}" w:lineRule="exact"/>'
    indent = f'<w:ind w:firstLineChars="200" w:firstLine="{2 * BODY_SIZE * 20}"/>'
    no_indent = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
    off_grid = '<w:snapToGrid w:val="0"/>'
    table_properties = (
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        f'<w:top w:w="0" w:type="dxa"/><w:left w:w="{CELL_PADDING}" w:type="dxa"/>'
        f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{CELL_PADDING}" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>"
    )
    styles = [
        # overflowPunct on, as Word has it by default; LibreOffice reads the element inverted (hanging
        # where it is 0) and so does not hang punctuation, whose mark its PDF export drops (a lost ，)
        _style("paragraph", "Normal", "Normal", f'<w:widowControl w:val="0"/><w:overflowPunct w:val="1"/>{body_line}'
               f'{indent}<w:jc w:val="both"/>', rpr(BODY_FONT, BODY_SIZE, spacing=CHAR_SPACING), default=True),
        _style("character", "DefaultParagraphFont", "Default Paragraph Font", "", rpr(BODY_FONT, BODY_SIZE),
               default=True, hidden=True),
        _style("table", "TableNormal", "Normal Table", "", rpr(TABLE_FONT, TABLE_SIZE), default=True, hidden=True,
               table=table_properties),
        # the title is off the grid: on it, each 22 pt character would take two 16 pt cells
        _style("paragraph", "Title", "Title", f'{off_grid}<w:spacing w:after="{LINE_PITCH}" w:line="{LINE_PITCH}" '
               f'w:lineRule="exact"/>{no_indent}<w:jc w:val="center"/>', rpr(TITLE_FONT, TITLE_SIZE, spacing=0), based_on="Normal"),
        _style("paragraph", "Heading1", "heading 1", f'<w:keepNext/>{body_line}{indent}<w:outlineLvl w:val="0"/>',
               rpr(HEADING_1_FONT, BODY_SIZE), based_on="Normal"),
        _style("paragraph", "Heading2", "heading 2", f'<w:keepNext/>{body_line}{indent}<w:outlineLvl w:val="1"/>',
               rpr(HEADING_2_FONT, BODY_SIZE), based_on="Normal"),
        _style("paragraph", "Header", "header", f'{off_grid}<w:spacing w:line="240" w:lineRule="auto"/>{no_indent}'
               '<w:jc w:val="center"/>', rpr(DRAFT_FONT, DRAFT_SIZE, spacing=0), based_on="Normal"),
        _style("paragraph", "Footer", "footer", f'{off_grid}<w:spacing w:line="240" w:lineRule="auto"/>{no_indent}',
               rpr(PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, spacing=0), based_on="Normal"),
        _style("paragraph", "TableText", "表格文字", f'{off_grid}<w:spacing w:line="{TABLE_LINE}" w:lineRule="exact"/>'
               f'{no_indent}<w:jc w:val="center"/>', rpr(TABLE_FONT, TABLE_SIZE, spacing=0), based_on="Normal"),
        # the sign-off: right-aligned, each line's right indent given where it is printed (view.signoff_lines)
        _style("paragraph", "Signoff", "落款", f'<w:keepNext/><w:keepLines/>{no_indent}<w:jc w:val="right"/>',
               rpr(BODY_FONT, BODY_SIZE), based_on="Normal"),
    ]
    size = half_points(BODY_SIZE)
    defaults = (
        f"<w:docDefaults><w:rPrDefault><w:rPr>{fonts_xml(BODY_FONT)}<w:kern w:val=\"2\"/>"
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault>"
        '<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>'
    )
    return f"<w:styles {nsdecls('w')}>{defaults}{''.join(styles)}</w:styles>"


def settings_xml() -> str:
    return (
        f"<w:settings {nsdecls('w')}>"
        '<w:zoom w:percent="100"/>'
        f'<w:defaultTabStop w:val="{2 * BODY_SIZE * 20}"/>'
        "<w:evenAndOddHeaders/>"
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        "<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>"
        "<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:useFELayout/>"
        '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
        "</w:compat>"
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
        "</w:settings>"
    )


def font_table_xml() -> str:
    fonts = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alternative}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        for name, (alternative, family) in FONTS.items()
    )
    return f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<w:fonts {nsdecls('w')}>{fonts}</w:fonts>"


APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>reportgen</Application><DocSecurity>0</DocSecurity></Properties>"
)

# -- the document body ------------------------------------------------------------------------------------


def _tag(statement: str) -> str:
    """A docxtpl paragraph tag: the paragraph is replaced by the Jinja statement."""
    return paragraph(run(f"{{%p {statement} %}}", BODY_FONT, BODY_SIZE), "normal")


def _body(text: str) -> str:
    return paragraph(run(text, BODY_FONT, BODY_SIZE), "normal")


def _paragraphs(sequence: str, name: str = "p") -> list[str]:
    """One Word paragraph per item of `sequence`."""
    return [_tag(f"for {name} in {sequence}"), _body(f"{{{{ {name} }}}}"), _tag("endfor")]


def body_xml(edition: Edition) -> list[str]:
    """The body of an edition's template, paragraph by paragraph and table by table."""
    blocks = [
        paragraph(run(f"{{{{ {REPORT}.title_lines|join('\\n') }}}}", TITLE_FONT, TITLE_SIZE), "title"),
        *_paragraphs(f"{REPORT}.preamble"),
    ]
    for index, section in enumerate(doc.SECTIONS):
        name = section_name(index)
        blocks.append(paragraph(run(f"{{{{ {name}.heading }}}}", HEADING_1_FONT, BODY_SIZE), "heading1"))
        if section is doc.OVERVIEW:
            blocks += _paragraphs(f"{name}.intro")
            blocks += [
                _tag(f"for part in {name}.parts"),
                paragraph(run("{{ part.heading }}", HEADING_2_FONT, BODY_SIZE), "heading2"),
                *_paragraphs("part.paragraphs"),
                _tag("endfor"),
            ]
        elif section.table is not None:
            blocks.append(table_xml(table_grid(getattr(edition, section.table))))
            blocks += _paragraphs(f"{name}.paragraphs")
        elif index == len(doc.SECTIONS) - 1:  # its last paragraph stays on the page of the sign-off
            blocks += [
                _tag(f"for p in {name}.paragraphs"),
                _tag("if loop.last"),
                paragraph(run("{{ p }}", BODY_FONT, BODY_SIZE), "normal", KEEP_NEXT),
                _tag("else"),
                _body("{{ p }}"),
                _tag("endif"),
                _tag("endfor"),
            ]
        else:
            blocks += _paragraphs(f"{name}.paragraphs")
    right = f"{{{{ (line.right * {CHARACTER_PITCH})|round|int }}}}"
    blocks += [
        _tag(f"if {REPORT}.signoff_lines"),
        paragraph("", "normal", KEEP_NEXT),  # one blank line between the text and the sign-off
        _tag(f"for line in {REPORT}.signoff_lines"),
        paragraph(run("{{ line.text }}", BODY_FONT, BODY_SIZE), "signoff", f'<w:ind w:right="{right}"/>'),
        _tag("endfor"),
        _tag("endif"),
    ]
    return blocks


# -- tables -------------------------------------------------------------------------------------------------


def column_widths(grid: TableGrid) -> list[int]:
    """The grid's column widths in twips, adding up to the text width exactly."""
    if isinstance(grid.table, ApplicationsTable):
        fixed = [mm(width) if width is not None else None for width in APPLICATIONS_WIDTHS_MM]
        assert len(fixed) == grid.width
        rest = TEXT_WIDTH - sum(width for width in fixed if width is not None)
        return [rest if width is None else width for width in fixed]
    total = sum(grid.weights)
    widths = [math.floor(TEXT_WIDTH * weight / total) for weight in grid.weights]
    widths[0] += TEXT_WIDTH - sum(widths)
    return widths


def text_width(text: str) -> float:
    """A label's width in full-width characters (ASCII letters and digits are half-width)."""
    return sum(0.5 if character.isascii() else 1.0 for character in text)


def capacity(width: int, size: float = TABLE_SIZE, padding: int = CELL_PADDING) -> float:
    """How many full-width characters fit on one line of a cell `width` twips wide."""
    return (width - 2 * padding) / (size * 20)


_ENUMERATOR = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+\.)")
_AFTER_PUNCTUATION = re.compile(r"(?<=[，、：；])")
#: The three-character words of the form's labels (三、本年度办理结果, 四、结转下年度继续办理): a label is
#: otherwise built of two-character words.
_THREE_CHARACTER_WORDS = re.compile("(本年度|上年度|下年度)")


def _words(clause: str) -> list[str]:
    """A clause in its words: the form's three-character words, else pairs of characters."""
    words: list[str] = []
    for stretch in filter(None, _THREE_CHARACTER_WORDS.split(clause)):
        if _THREE_CHARACTER_WORDS.fullmatch(stretch):
            words.append(stretch)
        else:
            words += [stretch[i:i + 2] for i in range(0, len(stretch), 2)]
    return words


def _tokens(text: str, room: float) -> list[str]:
    """The pieces a label may be broken between: a parenthesised qualifier; within a stretch too wide
    for the cell, its clauses (after ，、：；); within a clause still too wide, its two-character words
    (the form's labels are built of them: 商业企业, 社会公益组织, 结果维持). A number (2.) stays with
    what follows it; a group or row number (（三）, 三、) goes on a line of its own when it cannot
    (（三）/不予/公开, 三、/本年度/办理/结果)."""
    match = _ENUMERATOR.match(text)
    number = match.group(0) if match else ""
    pieces: list[str] = []
    for stretch in filter(None, re.split(r"(?=（)", text[len(number):])):
        available = room - (text_width(number) if not pieces else 0)
        if text_width(stretch) <= available:
            pieces.append(stretch)
            continue
        for clause in filter(None, _AFTER_PUNCTUATION.split(stretch)):
            available = room - (text_width(number) if not pieces else 0)
            if text_width(clause) <= available or stretch.startswith("（"):
                pieces.append(clause)
            else:
                pieces += _words(clause)
    if not number or not pieces:
        return pieces or [number]
    if text_width(number + pieces[0]) > room and not number[0].isdigit():
        return [number, *pieces]
    return [number + pieces[0], *pieces[1:]]


def _greedy(tokens: list[str], room: float) -> list[str]:
    lines: list[str] = []
    for token in tokens:
        if lines and text_width(lines[-1] + token) <= room:
            lines[-1] += token
        else:
            lines.append(token)
    return lines


def label_lines(text: str, width: int, size: float = TABLE_SIZE, *, header: bool = True,
                padding: int = CELL_PADDING) -> list[str]:
    """A label as the lines it is printed on in a cell `width` twips wide: on one line if it fits;
    otherwise broken between words, on two lines of nearly equal length where two suffice
    (商业/企业, 采购总金额/（单位：…）, 1.本机关不掌握/相关政府信息). Left to Word's own wrapping where a
    single word is wider than the cell, and, for a row label (`header` false), where it needs more
    than two lines: such a label is a sentence."""
    room = capacity(width, size, padding)
    if text_width(text) <= room:
        return [text]
    tokens = _tokens(text, room)
    if any(text_width(token) > room for token in tokens):
        return [text]
    lines = _greedy(tokens, room)
    if len(lines) == 2:
        splits = [("".join(tokens[:i]), "".join(tokens[i:])) for i in range(1, len(tokens))]
        fitting = [split for split in splits if max(map(text_width, split)) <= room]
        return list(min(fitting, key=lambda split: (max(map(text_width, split)), -text_width(split[0]))))
    return lines if header else [text]


def _cell_content(table: Table, cell: GridCell, width: int) -> tuple[str, str]:
    """(paragraph alignment, runs) of a grid cell."""
    if cell.role is Role.VALUE:
        assert cell.row is not None and cell.column is not None
        return "center", run(placeholder(table, cell.row, cell.column), TABLE_FONT, TABLE_SIZE)
    if cell.role is Role.EMPTY:
        return "center", ""
    if cell.role is Role.TITLE:
        return "center", run(cell.text, TABLE_FONT, TABLE_SIZE, bold=True)
    if cell.role is Role.NOTE:
        return "both", run(cell.text, TABLE_FONT, TABLE_SIZE)
    if cell.role is Role.COLUMN_HEADER or cell.group is not None or cell.row is None:
        # column headers, group labels, and a label merged beside several rows (三、本年度办理结果)
        return "center", run("\n".join(label_lines(cell.text, width)), TABLE_FONT, TABLE_SIZE)
    lines = label_lines(cell.text, width, header=False, padding=LABEL_PADDING)
    return "left", run("\n".join(lines), TABLE_FONT, TABLE_SIZE)


def _left_aligned_label(cell: GridCell) -> bool:
    """A row label printed from the left border, which is given more room (LABEL_PADDING)."""
    return cell.role is Role.NOTE or (cell.role is Role.ROW_HEADER and cell.group is None and cell.row is not None)


def _cell_xml(table: Table, cell: GridCell, width: int, *, continuation: bool, keep: bool) -> str:
    """A <w:tc>: the cell itself, or where `continuation`, the slot of a cell merged down from above;
    `keep`: its row stays on the page of the next row."""
    properties = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if cell.colspan > 1:
        properties.append(f'<w:gridSpan w:val="{cell.colspan}"/>')
    if cell.rowspan > 1:
        properties.append("<w:vMerge/>" if continuation else '<w:vMerge w:val="restart"/>')
    if _left_aligned_label(cell) and not continuation:
        properties.append(f'<w:tcMar><w:left w:w="{LABEL_PADDING}" w:type="dxa"/>'
                          f'<w:right w:w="{LABEL_PADDING}" w:type="dxa"/></w:tcMar>')
    properties.append('<w:vAlign w:val="center"/>')
    alignment, content = ("center", "") if continuation else _cell_content(table, cell, width)
    mark = f"<w:rPr>{fonts_xml(TABLE_FONT)}</w:rPr>"  # the paragraph mark names its fonts too
    body = paragraph(content, "table", ("<w:keepNext/>" if keep else "") + f'<w:jc w:val="{alignment}"/>{mark}')
    return f"<w:tc><w:tcPr>{''.join(properties)}</w:tcPr>{body}</w:tc>"


#: A body section (表二's block) of at most this many rows is kept on one page, and so is a group of
#: rows beside a merged label of at most this many rows (表三's （三）不予公开 and its grounds); a longer
#: section (表三's rows) may break between any two rows of its own, under its repeated header rows.
KEEP_TOGETHER = 8
#: The last rows of a long section kept together: （七）总计 and 四 never alone on a page.
KEEP_AT_END = 3


def _kept_rows(grid: TableGrid) -> set[int]:
    """The rows kept on the page of the row after them (keepNext on their paragraphs): the header
    rows and the first body row, every row of a short section or of a short merged group but its
    last, and the last rows of a long section, so that a page never ends with a header or a group's
    label alone, nor begins with a total alone; the long 三、本年度办理结果 label may be cut in two."""
    index = {id(row): number for number, row in enumerate(grid.rows)}
    kept = {index[id(row)] for row in grid.header_rows}
    for section in grid.body_sections:
        rows = [index[id(row)] for row in section]
        kept.update(rows[:-1] if len(rows) <= KEEP_TOGETHER else [rows[0], *rows[-KEEP_AT_END:-1]])
    for cell in grid.cells():
        if cell.role is Role.ROW_HEADER and 1 < cell.rowspan <= KEEP_TOGETHER:
            kept.update(range(cell.top, cell.top + cell.rowspan - 1))
    return kept


def table_xml(grid: TableGrid) -> str:
    """A table drawn from its grid: gridSpan and vMerge for every merge, a placeholder in every value
    cell, borders on every cell, header rows repeated on each page, no row split across pages."""
    widths = column_widths(grid)
    covering: dict[tuple[int, int], GridCell] = {}
    for cell in grid.cells():
        for r in range(cell.top, cell.top + cell.rowspan):
            for c in range(cell.left, cell.left + cell.colspan):
                covering[(r, c)] = cell
    borders = "".join(f'<w:{side} w:val="single" w:sz="{BORDER}" w:space="0" w:color="auto"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    xml = [
        "<w:tbl><w:tblPr>",
        f'<w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>',
        f"<w:tblBorders>{borders}</w:tblBorders>",
        '<w:tblLayout w:type="fixed"/>',
        f'<w:tblCellMar><w:top w:w="{CELL_PADDING_VERTICAL}" w:type="dxa"/><w:left w:w="{CELL_PADDING}" w:type="dxa"/>'
        f'<w:bottom w:w="{CELL_PADDING_VERTICAL}" w:type="dxa"/><w:right w:w="{CELL_PADDING}" w:type="dxa"/></w:tblCellMar>',
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>',
        "</w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{width}"/>' for width in widths),
        "</w:tblGrid>",
    ]
    kept = _kept_rows(grid)
    for r, grid_row in enumerate(grid.rows):
        header = "<w:tblHeader/>" if grid_row.header else ""
        xml.append(f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{ROW_HEIGHT}" w:hRule="atLeast"/>{header}</w:trPr>')
        c = 0
        while c < grid.width:
            cell = covering[(r, c)]
            width = sum(widths[cell.left:cell.left + cell.colspan])
            xml.append(_cell_xml(grid.table, cell, width, continuation=cell.top != r, keep=r in kept))
            c += cell.colspan
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    return "".join(xml)


# -- headers and footers ----------------------------------------------------------------------------------------


def draft_header_xml() -> str:
    """Both headers (odd and even pages): the draft mark, printed only when the report is a draft."""
    text = f"{{% if {REPORT}.draft %}}{{{{ {REPORT}.draft_mark }}}}{{% endif %}}"
    return paragraph(run(text, DRAFT_FONT, DRAFT_SIZE, bold=True, colour=DRAFT_COLOUR), "header")


def page_number_xml(odd: bool) -> str:
    """— 1 —: on odd pages right-aligned, on even pages left-aligned, one character in from the edge."""
    properties = rpr(PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    field = (
        f'<w:r>{properties}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{properties}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{properties}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{properties}<w:t>1</w:t></w:r>"
        f'<w:r>{properties}<w:fldChar w:fldCharType="end"/></w:r>'
    )
    content = run("— ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE) + field + run(" —", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    one_character = PAGE_NUMBER_SIZE * 20
    side = "right" if odd else "left"
    indent = f'<w:ind w:{side}="{one_character}" w:{side}Chars="100"/><w:jc w:val="{side}"/>'
    return paragraph(content, "footer", indent)


# -- the whole document ----------------------------------------------------------------------------------------


def _replace_children(parent, xml: str) -> None:
    for child in list(parent):
        parent.remove(child)
    parent.append(element(xml))


def _prune(document: WordDocument) -> None:
    """Drop what python-docx's stock template carries and a report does not use: the theme (whose
    East Asian font is Japanese), numbering, styles-with-effects, web settings, custom XML, thumbnail."""
    unused = {RT.THEME, RT.NUMBERING, STYLES_WITH_EFFECTS, RT.WEB_SETTINGS, RT.CUSTOM_XML}
    for rid, relationship in list(document.part.rels.items()):
        if relationship.reltype in unused:
            document.part.drop_rel(rid)
    package_rels = document.part.package.rels
    for rid, relationship in list(package_rels.items()):
        if relationship.reltype == RT.THUMBNAIL:
            del package_rels[rid]
        elif relationship.reltype == RT.EXTENDED_PROPERTIES:
            relationship.target_part._blob = APP_XML.encode("utf-8")


def build_template(edition: Edition) -> bytes:
    """An edition's template as .docx bytes (deterministic)."""
    document = Document()
    _prune(document)
    document.part._styles_part._element = parse_xml(styles_xml())
    document.part._settings_part._element = parse_xml(settings_xml())
    for relationship in document.part.rels.values():
        if relationship.reltype == RT.FONT_TABLE:
            relationship.target_part._blob = font_table_xml().encode("utf-8")

    properties = document.core_properties
    properties.title = properties.subject = properties.keywords = properties.comments = ""
    properties.author = properties.last_modified_by = properties.category = ""
    properties.language = "zh-CN"
    properties.revision = 1
    properties.created = properties.modified = TEMPLATE_DATE

    section = document.sections[0]
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Twips(MARGIN_TOP), Twips(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Twips(MARGIN_LEFT), Twips(MARGIN_RIGHT)
    section.header_distance, section.footer_distance = Twips(HEADER_DISTANCE), Twips(FOOTER_DISTANCE)
    section.gutter = Twips(0)
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False
        _replace_children(header._element, draft_header_xml())
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        _replace_children(footer._element, page_number_xml(odd))
    properties_element = section._sectPr
    for attribute in list(properties_element.attrib):
        del properties_element.attrib[attribute]
    grid = properties_element.find(qn("w:docGrid"))
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    columns = properties_element.find(qn("w:cols"))
    columns.attrib.clear()
    columns.set(qn("w:space"), "425")

    body = document.element.body
    for child in list(body):
        if child is not properties_element:
            body.remove(child)
    for block in body_xml(edition):
        properties_element.addprevious(element(block))

    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())


def default_templates_dir() -> Path:
    from .html import TEMPLATES_DIR

    return TEMPLATES_DIR / "docx"


def write_templates(directory: Path) -> list[Path]:
    """Write every edition's template into `directory`; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for edition in EDITIONS.values():
        path = directory / template_name(edition)
        replace_atomic(path, build_template(edition))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    directory = Path(args[0]) if args else Path(__file__).resolve().parents[3] / "templates" / "docx"
    for path in write_templates(directory):
        print(path)


if __name__ == "__main__":
    main()
