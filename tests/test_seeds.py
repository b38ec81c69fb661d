"""The five seed reports (shared/seeds 000–004), twice over:

- `agencies/<slug>.yaml`: the report transcribed into the agency file format, figures corrected;
  it must pass `check` with no findings at all, its prose must be the seed's, word for word, and
  every figure that differs from the published report must say so in a comment;
- `tests/fixtures/published/<slug>.yaml`: the same figures as the published report printed them
  (blank cells as empty values, missing cells left out); `check` must report exactly the seed's
  real defects, listed below by reading the seeds, not by copying the tool's output.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest

from reportgen.check import check_file
from reportgen.load import load_agency
from reportgen.model import Agency, Cell, Text
from reportgen.prose import resolve

ROOT = Path(__file__).resolve().parents[1]
AGENCIES = ROOT / "agencies"
PUBLISHED = Path(__file__).resolve().parent / "fixtures" / "published"
SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"  # copies of shared/seeds

#: agency file (slug) → the seed report it transcribes (shared/seeds/<number>_*.txt)
SEED_OF = {
    "erqi": "000",
    "pingdingshan-gaoxin": "001",
    "zhongxinlu": "002",
    "erqi-shengtai": "003",
    "jinshui-zhengwu": "004",
}

# -- the form's words, as findings name cells: “表三 · （一）予以公开 · 自然人” ----------------------

APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
ORGANISATIONS = APPLICANTS[1:]
TOTAL = "总计"

RECEIVED = "一、本年新收政府信息公开申请数量"
CARRIED_IN = "二、上年结转政府信息公开申请数量"
DISCLOSED = "（一）予以公开"
PARTLY_DISCLOSED = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
GROUNDS = (
    *(
        f"（三）不予公开 {item}"
        for item in (
            "1.属于国家秘密",
            "2.其他法律行政法规禁止公开",
            "3.危及“三安全一稳定”",
            "4.保护第三方合法权益",
            "5.属于三类内部事务信息",
            "6.属于四类过程性信息",
            "7.属于行政执法案卷",
            "8.属于行政查询事项",
        )
    ),
    *(
        f"（四）无法提供 {item}"
        for item in (
            "1.本机关不掌握相关政府信息",
            "2.没有现成信息需要另行制作",
            "3.补正后申请内容仍不明确",
        )
    ),
    *(
        f"（五）不予处理 {item}"
        for item in (
            "1.信访举报投诉类申请",
            "2.重复申请",
            "3.要求提供公开出版物",
            "4.无正当理由大量反复申请",
            "5.要求行政机关确认或重新出具已获取信息",
        )
    ),
)
OTHER_HANDLING_2019 = "（六）其他处理"
OUTCOME_TOTAL = "（七）总计"
CARRIED_FORWARD = "四、结转下年度继续办理"
TABLE3_ROWS_2019 = (
    RECEIVED,
    CARRIED_IN,
    DISCLOSED,
    PARTLY_DISCLOSED,
    *GROUNDS,
    OTHER_HANDLING_2019,
    OUTCOME_TOTAL,
    CARRIED_FORWARD,
)

APPEAL_GROUPS = ("行政复议", "行政诉讼 未经复议直接起诉", "行政诉讼 复议后起诉")
APPEAL_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结")


def blank(table: str, rows: Iterable[str], columns: Iterable[str]) -> list[tuple[str, str]]:
    """V-1 for every (row, column) cell: each was printed blank."""
    columns = tuple(columns)
    return [("V-1", f"{table} · {row} · {column}") for row in rows for column in columns]


# -- what check must find in each published report -------------------------------------------

#: The seeds published with neither a sign-off date nor a publication date: P-2.
UNDATED = ("erqi", "pingdingshan-gaoxin", "jinshui-zhengwu")
EXPECTED_FINDINGS: dict[str, list[tuple[str, str]]] = {
    # 000: the row （一）予以公开 is printed with all seven cells blank.
    "erqi": blank("表三", [DISCLOSED], (*APPLICANTS, TOTAL)),
    # 001: the markdown 表三 lost a cell in every row from （一） on: read as printed, the five
    # single rows have no 总计, the sixteen grounds no 自然人.
    "pingdingshan-gaoxin": [
        *blank("表三", [DISCLOSED, PARTLY_DISCLOSED, OTHER_HANDLING_2019, OUTCOME_TOTAL, CARRIED_FORWARD], [TOTAL]),
        *blank("表三", GROUNDS, ["自然人"]),
    ],
    # 002: 表四 prints 10 values instead of 15; the row 复议后起诉 is missing.
    "zhongxinlu": [("S-2", "表四 · 行政诉讼 复议后起诉")],
    # 003: blanks all over the three tables, and （七）总计 printed 0 although 2 applications were
    # received and 2 disclosed.
    "erqi-shengtai": [
        *blank(
            "表二", ["第二十条第（一）项 规章", "第二十条第（一）项 规范性文件"], ["本年新制作数量", "本年新公开数量"]
        ),
        *blank("表二", ["第二十条第（五）项 其他对外管理服务事项"], ["本年增/减"]),
        *blank("表二", ["第二十条第（六）项 行政强制"], ["上一年项目数量", "本年增/减"]),
        *blank("表三", [RECEIVED, DISCLOSED], ORGANISATIONS),
        *blank("表三", [row for row in TABLE3_ROWS_2019 if row not in (RECEIVED, DISCLOSED)], APPLICANTS),
        *blank("表四", APPEAL_GROUPS, APPEAL_RESULTS),
        ("T3-1", "表三 · 总计"),
        ("T3-2", f"表三 · {OUTCOME_TOTAL} · 总计"),
    ],
    # 004: （一）予以公开 and （二）部分公开 print six blank cells each (总计 0).
    "jinshui-zhengwu": blank("表三", [DISCLOSED, PARTLY_DISCLOSED], APPLICANTS),
}
for _slug in UNDATED:
    EXPECTED_FINDINGS[_slug].append(("P-2", "落款 · 日期"))

#: The arithmetic findings (T*, Y*) with their expected and found values, as strings.
EXPECTED_ARITHMETIC: dict[str, dict[tuple[str, str], tuple[str, str]]] = {
    "erqi-shengtai": {
        ("T3-1", "表三 · 总计"): ("2", "0"),  # 一 + 二 = 2 + 0; （七）+ 四 = 0 + 0
        ("T3-2", f"表三 · {OUTCOME_TOTAL} · 总计"): ("2", "0"),  # （一）予以公开 2, every other outcome 0
    },
}

REPORT_YEAR = {
    "erqi": 2020,
    "pingdingshan-gaoxin": 2020,
    "zhongxinlu": 2020,
    "erqi-shengtai": 2020,
    "jinshui-zhengwu": 2021,
}

# -- corrections in the agency files ---------------------------------------------------------

#: Every correction other than “blank or missing cell → 0”: (table, row key, column key) → value.
CORRECTIONS: dict[str, dict[tuple[str, str, str], int]] = {
    "erqi-shengtai": {
        ("表三", "总计", "自然人"): 2,  # printed blank; （一）予以公开 自然人 2
        ("表三", "总计", "总计"): 2,  # printed 0
    },
}

#: Seed sentences that are not verbatim in the agency file, on purpose: a part heading printed run
#: into its paragraph, “(一)标题。正文…”, is the part's key in the agency file and the paragraph
#: starts after it. The prefix is removed before the sentence is looked for.
RUN_IN_HEADINGS: dict[str, tuple[str, ...]] = {
    "zhongxinlu": (
        "(一)主动公开政府信息情况。",
        "(二)依申请公开政府信息情况。",
        "(三)政府信息管理。",
        "(四)平台建设。",
        "(五)主动公开监督保障。",
    ),
}

TABLES = {"表二": "proactive", "表三": "applications", "表四": "appeals"}


# -- helpers ---------------------------------------------------------------------------------


def squeeze(text: str) -> str:
    """The text without any whitespace (the seeds wrap and indent freely)."""
    return re.sub(r"\s+", "", text)


def seed_text(slug: str) -> str:
    (path,) = SEEDS.glob(f"{SEED_OF[slug]}_*.txt")
    return path.read_text(encoding="utf-8")


def load(path: Path) -> Agency:
    agency, findings = load_agency(path)
    assert agency is not None, findings
    return agency


def prose(agency: Agency) -> list[tuple[str, str]]:
    """(where, text as printed) for every piece of prose the agency file holds."""
    items = [(f"机关 · {key}", text.value) for key, text in agency.identity.items()]
    for year, report in agency.reports.items():
        texts: list[tuple[str, list[Text]]] = [
            ("标题", [report.title] if report.title else []),
            ("前言", report.preamble),
            ("一 · 导语", report.overview_intro),
        ]
        for part in report.overview_parts:
            # the heading without its number (the agency file may renumber it), then its paragraphs
            title = re.sub(r"^（[一二三四五六七八九十]+）", "", part.heading.value)
            texts += [("一 · 分项标题", [Text(title)]), (f"一 · {part.heading.value}", part.paragraphs)]
        texts += [
            ("二 · 说明", report.proactive_notes),
            ("三 · 说明", report.applications_notes),
            ("四 · 说明", report.appeals_notes),
            ("五", report.problems),
            ("六", report.other_matters),
            ("落款", [report.signoff_name] if report.signoff_name else []),
        ]
        # as printed: figure references ({{表三.本年新收}}) replaced by the table's figures
        items += [(f"{year} · {what}", resolve(text.value, agency, report)) for what, group in texts for text in group]
    return items


def comment_at(lines: list[str], number: int) -> str:
    """The comment on line `number` (1-based) and the comment lines directly above it."""
    line = lines[number - 1]
    found = [line.split("#", 1)[1]] if "#" in line else []  # table rows hold no other “#”
    index = number - 2
    while index >= 0 and lines[index].lstrip().startswith("#"):
        found.append(lines[index].lstrip()[1:])
        index -= 1
    return " ".join(found)


def has_number(cell: Cell) -> bool:
    return cell.written and cell.value is not None


# -- the agency files ------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(AGENCIES.glob("*.yaml")), ids=lambda p: p.stem)
def test_agency_file_passes_check(path: Path) -> None:
    findings = check_file(path).findings
    # the reports published without a date (000, 001, 004) are warned of it, and of nothing else
    expected = [("P-2", "落款 · 日期")] if path.stem in UNDATED else []
    assert [(f.rule, f.where) for f in findings] == expected, [f.message for f in findings]


def test_every_seed_has_an_agency_file_and_a_published_fixture() -> None:
    assert {path.stem for path in AGENCIES.glob("*.yaml")} >= set(SEED_OF)
    assert {path.stem for path in PUBLISHED.glob("*.yaml")} == set(SEED_OF)


@pytest.mark.parametrize("slug", SEED_OF)
def test_prose_is_the_seeds_word_for_word(slug: str) -> None:
    seed = squeeze(seed_text(slug))
    items = prose(load(AGENCIES / f"{slug}.yaml"))
    assert len(items) > 5
    missing = [(where, text) for where, text in items if squeeze(text) not in seed]
    assert missing == []


@pytest.mark.parametrize("slug", SEED_OF)
def test_no_sentence_of_the_seed_is_lost(slug: str) -> None:
    """Every line of the seed that ends a sentence (。 or ；) is inside one paragraph of the file."""
    paragraphs = [squeeze(text) for where, text in prose(load(AGENCIES / f"{slug}.yaml"))]
    seed = seed_text(slug)
    run_in = RUN_IN_HEADINGS.get(slug, ())
    assert [heading for heading in run_in if heading not in squeeze(seed)] == []
    sentences = [squeeze(line) for line in seed.splitlines() if re.search(r"[。；]\s*$", line)]
    assert sentences
    lost = []
    for sentence in sentences:
        sentence = next((sentence.removeprefix(h) for h in run_in if sentence.startswith(h)), sentence)
        if not any(sentence in paragraph for paragraph in paragraphs):
            lost.append(sentence)
    assert lost == []


@pytest.mark.parametrize("slug", SEED_OF)
def test_figures_are_the_published_ones_or_annotated(slug: str) -> None:
    """Equal to the published figure where it printed a number; otherwise 0 (a blank or missing
    cell) or the value in CORRECTIONS, and the line says in a comment what was printed."""
    path = AGENCIES / f"{slug}.yaml"
    agency, published = load(path), load(PUBLISHED / f"{slug}.yaml")
    lines = path.read_text(encoding="utf-8").splitlines()
    corrections = dict(CORRECTIONS.get(slug, {}))
    compared, wrong, silent = 0, [], []
    for year, report in agency.reports.items():
        for table, attribute in TABLES.items():
            figures = getattr(report, attribute)
            printed = getattr(published.reports[year], attribute)
            for (row, column), cell in figures.cells.items():
                printed_cell = printed.cells[(row, column)]
                correction = corrections.pop((table, row, column), None)
                if correction is not None:
                    expected = correction
                elif has_number(printed_cell):
                    expected = printed_cell.value
                else:
                    expected = 0
                compared += 1
                if cell.value != expected:
                    wrong.append((table, row, column, cell.value, expected))
                if has_number(printed_cell) and printed_cell.value == cell.value:
                    continue
                line = (cell.pos or figures.where(cell.row)).line
                if "已发布" not in comment_at(lines, line):
                    silent.append((table, row, column, line))
    assert compared > 100
    assert wrong == []
    assert silent == []  # a corrected figure without a comment saying what was printed
    assert corrections == {}  # every listed correction names a real cell


# -- the published fixtures ------------------------------------------------------------------


@pytest.mark.parametrize("slug", SEED_OF)
def test_published_report_has_exactly_its_real_defects(slug: str) -> None:
    findings = check_file(PUBLISHED / f"{slug}.yaml").findings
    assert Counter((f.rule, f.where) for f in findings) == Counter(EXPECTED_FINDINGS[slug])
    assert {f.year for f in findings} == {REPORT_YEAR[slug]}
    # every V-1 in the seeds is a blank cell, and check names it so
    assert {f.found for f in findings if f.rule == "V-1"} <= {"空白"}


@pytest.mark.parametrize("slug", SEED_OF)
def test_published_arithmetic_findings_give_expected_and_found(slug: str) -> None:
    findings = check_file(PUBLISHED / f"{slug}.yaml").findings
    arithmetic = {(f.rule, f.where): (f.expected, f.found) for f in findings if f.rule[0] in "TY"}
    assert arithmetic == EXPECTED_ARITHMETIC.get(slug, {})
