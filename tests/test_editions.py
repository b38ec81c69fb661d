"""The edition declarations against the format reference (a copy of shared/reference/format.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.editions import EDITION_2019, EDITION_2021, EDITIONS, ValueKind, edition_for_year

FORMAT = (Path(__file__).parent / "fixtures" / "reference" / "format.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("edition", EDITIONS.values(), ids=lambda e: str(e.year))
def test_every_label_is_printed_in_the_format_reference(edition):
    labels = {edition.applications.identity_note, edition.applications.applicant_header,
              edition.applications.organisation_header, edition.applications.outcome_header}
    for table in edition.tables:
        for row, column in table.cells():
            labels |= {row.label, column.label, *( [row.group.label] if row.group else [])}
    for block in edition.proactive.blocks:
        labels.add(block.title)
    missing = sorted(label for label in labels if label not in FORMAT)
    assert not missing


@pytest.mark.parametrize(("edition", "data_rows"), [(EDITION_2019, 23), (EDITION_2021, 25)])
def test_table_three_has_the_formats_row_count(edition, data_rows):
    assert len(edition.applications.rows()) == data_rows
    assert [c.key for c in edition.applications.columns] == [
        "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def test_table_three_groups():
    assert [g.label for g in EDITION_2019.applications.groups()] == ["（三）不予公开", "（四）无法提供", "（五）不予处理"]
    assert [g.label for g in EDITION_2021.applications.groups()][-1] == "（六）其他处理"
    for edition, count in ((EDITION_2019, 19), (EDITION_2021, 21)):
        assert len(edition.applications.outcome_rows) == count  # （一）–（六） rows counted in （七）总计


@pytest.mark.parametrize("edition", EDITIONS.values(), ids=lambda e: str(e.year))
def test_table_four_has_fifteen_values(edition):
    assert len(edition.appeals.cells()) == 15


@pytest.mark.parametrize("edition", EDITIONS.values(), ids=lambda e: str(e.year))
def test_table_two_blocks_fill_three_value_columns(edition):
    for block in edition.proactive.blocks:
        assert sum(column.span for column in block.columns) == edition.proactive.value_grid_columns


def test_table_two_blocks_per_edition():
    assert [b.title[-4:] for b in EDITION_2019.proactive.blocks] == ["（一）项", "（五）项", "（六）项", "（八）项", "（九）项"]
    assert [b.title[-4:] for b in EDITION_2021.proactive.blocks] == ["（一）项", "（五）项", "（六）项", "（八）项"]


def test_only_2019_change_may_be_negative_and_money_is_marked():
    signed = {c.key for _, c in EDITION_2019.proactive.cells() if c.kind is ValueKind.SIGNED_COUNT}
    assert signed == {"本年增/减"}
    money = {c.key for e in EDITIONS.values() for _, c in e.proactive.cells() if c.kind is ValueKind.MONEY}
    assert money == {"采购总金额", "本年收费金额"}
    assert all(c.unit == "万元" for e in EDITIONS.values() for _, c in e.proactive.cells() if c.kind is ValueKind.MONEY)


def test_cell_names_use_the_forms_words():
    table = EDITION_2021.applications
    row = table.row("危及“三安全一稳定”")
    assert table.cell_name(row, table.columns[0]) == "表三 · （三）不予公开 3.危及“三安全一稳定” · 自然人"


@pytest.mark.parametrize(("year", "edition"), [(2019, 2019), (2020, 2019), (2021, 2021), (2035, 2021)])
def test_edition_follows_the_year(year, edition):
    assert edition_for_year(year).year == edition


def test_no_edition_before_2019():
    with pytest.raises(ValueError):
        edition_for_year(2018)
