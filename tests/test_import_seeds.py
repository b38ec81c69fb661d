"""`import` on the five seed reports (shared/seeds 000–004, copied to tests/fixtures/seeds).

Each seed must import to the figures its as-published fixture holds (tests/fixtures/published:
the same cells blank, the same cells missing, the same numbers), to the figures of its agency
file except the corrections test_seeds.py documents, and to the agency file's prose and sign-off.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.importer import Imported, agency_file, import_file
from reportgen.load import load_agency, load_agency_text
from reportgen.model import Agency
from reportgen.render.view import report_view
from test_seeds import CORRECTIONS, PUBLISHED, SEED_OF, TABLES, seed_text

ROOT = Path(__file__).resolve().parents[1]
AGENCIES = ROOT / "agencies"
SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"


def seed_path(slug: str) -> Path:
    (path,) = SEEDS.glob(f"{SEED_OF[slug]}_*.txt")
    return path


def imported(slug: str) -> tuple[Imported, Agency]:
    report = import_file(seed_path(slug))
    text, _ = agency_file(report)
    agency, findings = load_agency_text(text, f"{slug}.yaml")
    assert agency is not None, findings
    assert not [f for f in findings if f.rule.startswith("F-")]
    return report, agency


def loaded(path: Path) -> Agency:
    agency, findings = load_agency(path)
    assert agency is not None, findings
    return agency


def cells(agency: Agency, year: int) -> dict[tuple[str, str, str], tuple[bool, object, object]]:
    """Every cell of the three tables: (written, value, problem)."""
    report = agency.reports[year]
    found = {}
    for table, attribute in TABLES.items():
        for (row, column), cell in getattr(report, attribute).cells.items():
            found[(table, row, column)] = (cell.written, cell.value, cell.problem)
    return found


@pytest.mark.parametrize("slug", SEED_OF)
def test_figures_are_the_published_ones(slug: str) -> None:
    report, agency = imported(slug)
    published = loaded(PUBLISHED / f"{slug}.yaml")
    (year,) = published.reports
    assert report.year == year
    assert agency.reports[year].edition is published.reports[year].edition
    mine, theirs = cells(agency, year), cells(published, year)
    assert len(mine) > 100
    assert {key: value for key, value in mine.items() if theirs[key] != value} == {}


@pytest.mark.parametrize("slug", SEED_OF)
def test_figures_are_the_agency_files_but_for_the_corrections(slug: str) -> None:
    """Where the page printed a number it is the agency file's; a blank or missing cell is 0 there,
    or the documented correction."""
    _, agency = imported(slug)
    corrected = loaded(AGENCIES / f"{slug}.yaml")
    (year,) = corrected.reports
    corrections = CORRECTIONS.get(slug, {})
    wrong = []
    for key, (_, value, _) in cells(corrected, year).items():
        written, printed, _ = cells(agency, year)[key]
        expected = corrections.get(key, printed if written and printed is not None else 0)
        if value != expected:
            wrong.append((key, value, printed))
    assert wrong == []


def _prose(agency: Agency, year: int) -> dict[str, object]:
    view = report_view(agency, agency.reports[year])
    found: dict[str, object] = {"标题": view.title, "前言": view.preamble, "落款": view.signoff}
    for section in view.sections:
        found[section.heading] = (section.intro, section.parts, section.paragraphs)
    return found


@pytest.mark.parametrize("slug", SEED_OF)
def test_prose_is_the_agency_files(slug: str) -> None:
    """Title, preamble, every section and part of 一 (headings included), notes and sign-off: the
    agency file's, as printed (figure references in it resolved)."""
    _, agency = imported(slug)
    corrected = loaded(AGENCIES / f"{slug}.yaml")
    (year,) = corrected.reports
    assert _prose(agency, year) == _prose(corrected, year)


@pytest.mark.parametrize("slug", SEED_OF)
def test_identity_and_dates_are_the_published_ones(slug: str) -> None:
    _, agency = imported(slug)
    published = loaded(PUBLISHED / f"{slug}.yaml")
    (year,) = published.reports
    assert {k: v.value for k, v in agency.identity.items()} == {k: v.value for k, v in published.identity.items()}
    mine, theirs = agency.reports[year], published.reports[year]
    assert mine.published_on == theirs.published_on
    assert mine.signoff_date == theirs.signoff_date
    assert (mine.signoff_name and mine.signoff_name.value) == (theirs.signoff_name and theirs.signoff_name.value)
    assert (mine.title and mine.title.value) == (theirs.title and theirs.title.value)


@pytest.mark.parametrize("slug", SEED_OF)
def test_every_paragraph_is_the_seeds(slug: str) -> None:
    report, _ = imported(slug)
    seed = re.sub(r"\s+", "", seed_text(slug))
    paragraphs = [*report.preamble, *report.intro, *(p for part in report.parts for p in part.paragraphs),
                  *(p for section in report.sections.values() for p in section.paragraphs)]
    assert paragraphs
    assert [p.text for p in paragraphs if re.sub(r"\s+", "", p.text) not in seed] == []


def test_the_seeds_differences_from_the_format_are_noted() -> None:
    notes = {slug: [(n.rule, n.where) for n in imported(slug)[0].notes] for slug in SEED_OF}
    assert ("A-10", "表三") in notes["jinshui-zhengwu"]  # the page header inside table 三
    assert ("A-1", "一、总体情况") in notes["jinshui-zhengwu"]  # 一、总体情况 printed twice
    assert ("A-5", "四、政府信息公开的收费及减免情况") in notes["erqi-shengtai"]
    assert ("A-2", "六、其他需要报告的事项") in notes["erqi-shengtai"]


def test_the_glued_signoff_date_is_read_only_because_one_reading_exists() -> None:
    report, _ = imported("zhongxinlu")
    assert report.signoff_date is not None and report.signoff_date.isoformat() == "2021-01-05"
    assert report.signoff_comment and "202115" in report.signoff_comment


def test_yaml_comments_quote_what_the_page_printed() -> None:
    text, _ = agency_file(imported("erqi")[0])
    line = next(line for line in text.splitlines() if line.strip().startswith("予以公开:"))
    assert "自然人: ," in line and "# 各格空白" in line and "（一）予以公开" in line
    assert "# 已发布的报告此节标题印作“政府信息公开行政复议、行政诉讼情况”。" in text
    text, _ = agency_file(imported("zhongxinlu")[0])
    assert "只印出 10 个数，应为 15 个" in text
    assert not re.search(r"^\s+复议后起诉:", text, re.M)  # the group the page does not print is left out
