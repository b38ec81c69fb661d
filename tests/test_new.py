"""`reportgen new`: a complete skeleton of the right edition, whose every unfinished placeholder
`check` names (U-1) until it is replaced; and U-1 itself on hand-built files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from builders import Report, build, check, of_rule, run_cli
from reportgen import document as doc
from reportgen.check import check_file
from reportgen.editions import EDITION_2019, EDITION_2021, ApplicationsTable, ProactiveTable, edition_for_year
from reportgen.load import load_agency
from reportgen.schema import packaged_schema_text
from reportgen.yamltext import width

NAME = "郑州市测试区政务服务中心"
YEARS = pytest.mark.parametrize("year", [2020, 2021], ids=["2019版", "2021版"])


def new_file(tmp_path: Path, year: int, name: str = NAME, *options: str) -> Path:
    path = tmp_path / "agencies" / "test.yaml"
    run = run_cli("new", str(path), "--agency", name, "--year", str(year), *options)
    assert run.code == 0, run.err
    assert f"已新建 {path}" in run.out
    return path


def placeholder_lines(text: str) -> list[int]:
    """Lines holding the placeholder as text (comments aside)."""
    return [number for number, line in enumerate(text.split("\n"), start=1)
            if doc.PLACEHOLDER_MARK in line and not line.lstrip().startswith("#")]


@YEARS
def test_new_writes_every_row_of_the_right_edition_as_zero(tmp_path, year) -> None:
    path = new_file(tmp_path, year)
    agency, findings = load_agency(path)
    assert agency is not None and [f for f in findings] == []
    report = agency.reports[year]
    assert report.edition is edition_for_year(year)
    assert report.stated_edition == edition_for_year(year).year
    assert agency.name.value == NAME and report.signoff_name.value == NAME
    for table in report.edition.tables:
        figures = getattr(report, {"二": "proactive", "三": "applications", "四": "appeals"}[table.number])
        for row, column in table.cells():
            cell = figures.cell(row, column)
            assert cell.written and cell.value == 0 and cell.problem is None, table.cell_name(row, column)


@YEARS
def test_check_names_exactly_the_placeholders_until_they_are_replaced(tmp_path, year) -> None:
    path = new_file(tmp_path, year)
    text = path.read_text(encoding="utf-8")
    lines = placeholder_lines(text)
    result = check_file(path)
    undated = [f for f in result.findings if f.rule == "P-2"]  # the sign-off's date is written on publication
    assert [f.where for f in undated] == ["落款 · 日期"]
    result.findings = [f for f in result.findings if f.rule != "P-2"]
    assert {f.rule for f in result.findings} == {"U-1"}
    assert sorted(f.line for f in result.findings) == lines
    wheres = [f.where for f in result.findings]
    assert wheres == [
        f"{doc.OVERVIEW.heading} · {doc.OVERVIEW_INTRO_KEY}",
        *(f"{doc.OVERVIEW.heading} · {doc.part_number(i)}{part}" for i, part in enumerate(doc.OVERVIEW_CONVENTIONAL_PARTS)),
        doc.PROBLEMS.heading,
        doc.OTHER_MATTERS.heading,
    ]
    for finding in result.findings:
        assert finding.file == str(path) and finding.year == year and finding.is_error
        assert doc.PLACEHOLDER_MARK in finding.message

    run = run_cli("check", str(path))
    assert run.code == 1
    for line in lines:
        assert f"{path}:{line}:" in run.out
    assert f"{len(lines)} 个错误，1 个警告" in run.out  # and P-2: the sign-off is not dated yet

    # Replace them one by one: each replacement removes exactly its own finding.
    rows = text.split("\n")
    for done, line in enumerate(lines, start=1):
        indent = rows[line - 1][: len(rows[line - 1]) - len(rows[line - 1].lstrip())]
        section = result.findings[done - 1].where
        rows[line - 1] = indent + ("无" if section == doc.OTHER_MATTERS.heading else f"{year}年，本机关在“{section}”方面做了第{done}项工作。")
        path.write_text("\n".join(rows), encoding="utf-8")
        remaining = [f for f in check_file(path).findings if f.rule != "P-2"]
        assert [f.line for f in remaining] == lines[done:]
    assert run_cli("check", str(path)).code == 0


@YEARS
def test_the_skeleton_is_aligned_and_commented_like_the_agency_files(tmp_path, year) -> None:
    text = new_file(tmp_path, year, NAME, "--schema").read_text(encoding="utf-8")
    edition = edition_for_year(year)
    assert text.startswith("# yaml-language-server: $schema=../schema/agency.schema.json\n")

    def brace_column(key: str) -> int:
        line = next(line for line in text.split("\n") if line.lstrip().startswith(f"{key}:") and "{" in line)
        return width(line[: line.index("{")])

    proactive = edition.proactive
    assert isinstance(proactive, ProactiveTable)
    assert len({brace_column(row.key) for row in proactive.rows()}) == 1  # table 二: one column for all blocks
    for block in proactive.blocks:
        assert f"# {block.title}：" in text
    applications = edition.applications
    assert isinstance(applications, ApplicationsTable)
    assert len({brace_column(row.key) for row in applications.rows() if row.group is None}) == 1
    for group in applications.groups():
        items = [row for row in applications.rows() if row.group == group]
        if len(items) > 1:
            assert len({brace_column(row.key) for row in items}) == 1
    for section in doc.SECTIONS:
        assert f"    {section.heading}:" in text
    assert "# 发布日期: " in text and f"# 格式版本：{edition.document}" in text


def test_a_2019_edition_skeleton_has_no_2021_rows_and_vice_versa(tmp_path) -> None:
    old = new_file(tmp_path / "a", 2020).read_text(encoding="utf-8")
    new = new_file(tmp_path / "b", 2021).read_text(encoding="utf-8")
    assert "政府集中采购:" in old and "政府集中采购:" not in new
    assert "逾期不补正:" in new and "逾期不补正:" not in old
    assert EDITION_2019.proactive.rows()[1].key + ":" in old
    assert EDITION_2021.proactive.rows()[1].key + ":" in new


def test_new_refuses_to_overwrite(tmp_path) -> None:
    path = new_file(tmp_path, 2021)
    before = path.read_bytes()
    run = run_cli("new", str(path), "--agency", "另一个机关", "--year", "2022")
    assert run.code == 2
    assert "已经存在" in run.err and "没有覆盖" in run.err and "next-year" in run.err
    assert "Traceback" not in run.err
    assert path.read_bytes() == before


def test_new_writes_only_the_file_it_was_asked_to_write(tmp_path) -> None:
    path = new_file(tmp_path, 2021)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["agencies", "agencies/test.yaml"]
    modeline = path.read_text(encoding="utf-8").split("\n")[0]
    assert modeline.startswith("# yaml-language-server: $schema=file://") and modeline.endswith("/agency.schema.json")
    installed = Path(modeline.split("file://", 1)[1])
    assert installed.read_text(encoding="utf-8") == packaged_schema_text()


def test_new_with_schema_writes_the_schema_once_beside_the_agencies_folder(tmp_path) -> None:
    path = new_file(tmp_path, 2021, NAME, "--schema")
    schema = tmp_path / "schema" / "agency.schema.json"
    assert schema.read_text(encoding="utf-8") == packaged_schema_text()
    schema.write_text("{}", encoding="utf-8")  # an agencies repository's own copy is left alone
    second = tmp_path / "agencies" / "zweite.yaml"
    run = run_cli("new", str(second), "--agency", NAME, "--year", "2021")
    assert run.code == 0 and "agency.schema.json" not in run.out
    assert schema.read_text(encoding="utf-8") == "{}"
    assert second.read_text(encoding="utf-8").split("\n")[0] == path.read_text(encoding="utf-8").split("\n")[0]
    # no temporary file is left behind by the atomic write
    assert sorted(p.name for p in (tmp_path / "agencies").iterdir()) == ["test.yaml", "zweite.yaml"]


def test_new_finds_the_schema_of_the_repository_above(tmp_path) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "agency.schema.json").write_text("{}", encoding="utf-8")
    path = tmp_path / "reports" / "2024" / "x.yaml"
    assert run_cli("new", str(path), "--agency", NAME, "--year", "2024").code == 0
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../schema/agency.schema.json\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agency", NAME, "--year", "2018"], "2018 不是可用的报告年度"),
        (["--agency", "  ", "--year", "2021"], "--agency 不能为空"),
        (["--year", "2021"], "缺少"),
    ],
)
def test_new_says_what_is_wrong_in_chinese(tmp_path, args, message) -> None:
    run = run_cli("new", str(tmp_path / "agencies" / "x.yaml"), *args)
    assert run.code == 2 and message in run.err and "Traceback" not in run.err
    assert not (tmp_path / "agencies" / "x.yaml").exists()


def test_new_refuses_a_name_that_is_not_yaml(tmp_path) -> None:
    run = run_cli("new", str(tmp_path / "x.txt"), "--agency", NAME, "--year", "2021")
    assert run.code == 2 and ".yaml" in run.err


def test_an_agency_name_yaml_would_misread_is_quoted(tmp_path) -> None:
    name = "测试: 局 #1"
    path = tmp_path / "agencies" / "x.yaml"
    assert run_cli("new", str(path), "--agency", name, "--year", "2021").code == 0
    agency, findings = load_agency(path)
    assert findings == [] and agency.name.value == name and agency.reports[2021].signoff_name.value == name


def test_new_defaults_to_last_year(tmp_path) -> None:
    from datetime import date

    path = tmp_path / "x.yaml"
    assert run_cli("new", str(path), "--agency", NAME).code == 0
    agency, _ = load_agency(path)
    assert list(agency.reports) == [date.today().year - 1]


def test_new_keeps_the_permissions_a_new_file_gets(tmp_path) -> None:
    umask = os.umask(0o022)
    try:
        path = new_file(tmp_path, 2021)
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644


# -- U-1 on hand-written files ------------------------------------------------------------------------


def test_u1_names_each_placeholder_paragraph_with_its_line() -> None:
    mark = doc.PLACEHOLDER_MARK
    report = Report(2021, prose={doc.PROBLEMS.heading: f"第一段已写好。\n{mark}第二段还没写。\n{mark}第三段也没写。"})
    built = build(report)
    findings = of_rule(check(built), "U-1")
    assert [f.line for f in findings] == [built.find(f"{mark}第二段"), built.find(f"{mark}第三段")]
    assert {f.where for f in findings} == {doc.PROBLEMS.heading}
    assert all(f.severity.value == "error" for f in findings)


def test_u1_names_the_part_of_section_one_and_the_notes() -> None:
    mark = doc.PLACEHOLDER_MARK
    built = build(Report(2020, prose={doc.APPLICATIONS.heading: f"{mark}说明"}))
    built = built.replace("2020年依申请公开工作", f"{mark}依申请公开")
    findings = of_rule(check(built), "U-1")
    assert {f.where for f in findings} == {
        f"{doc.OVERVIEW.heading} · （二）依申请公开",
        f"{doc.APPLICATIONS.heading} · {doc.NOTES_KEY}",
    }


def test_a_file_without_placeholders_has_no_u1() -> None:
    assert of_rule(check(build(Report(2021))), "U-1") == []


def test_the_placeholder_mark_is_declared_once() -> None:
    """Writers (new, next-year), the rule (U-1) and the commands read it from document.py."""
    source = Path(__file__).resolve().parents[1] / "src" / "reportgen"
    users = [*(source / "authoring").glob("*.py"), source / "validate" / "authoring.py", source / "findings.py",
             source / "cli" / "app.py", source / "cli" / "new_command.py", source / "cli" / "next_year_command.py"]
    assert [p.name for p in users if doc.PLACEHOLDER_MARK in p.read_text(encoding="utf-8")] == []
    assert doc.PLACEHOLDER_MARK in (source / "document.py").read_text(encoding="utf-8")
