"""The JSON Schema of the agency file: generated from the declarations, committed twice (for
agencies repositories and inside the package), and strict enough that an editor underlines a
misspelt key or a row of the other edition."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from builders import Report, build, run_cli
from reportgen import document as doc
from reportgen.editions import EDITION_2019, EDITION_2021
from reportgen.schema import REPOSITORY_COPIES, agency_schema, packaged_schema_text, schema_text

ROOT = Path(__file__).resolve().parents[1]
AGENCY_FILES = sorted((ROOT / "agencies").glob("*.yaml"))
VALIDATOR = jsonschema.Draft202012Validator(agency_schema())


def as_json(text: str) -> dict:
    """What an editor validates: the YAML as JSON (keys as text, dates as text)."""
    return json.loads(json.dumps(yaml.safe_load(text), default=str, ensure_ascii=False))


def errors(data: dict) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(data)]


# -- generated and committed ---------------------------------------------------------------------------


@pytest.mark.parametrize("relative", REPOSITORY_COPIES, ids=str)
def test_committed_schema_is_current(relative) -> None:
    committed = (ROOT / relative).read_text(encoding="utf-8")
    assert committed == schema_text(), "run: python -m reportgen.schema --update"


def test_the_package_ships_the_schema() -> None:
    assert packaged_schema_text() == schema_text()


def test_reportgen_schema_prints_or_writes_it(tmp_path) -> None:
    run = run_cli("schema")
    assert run.code == 0 and run.out == schema_text()
    out = tmp_path / "sub" / "agency.schema.json"
    run = run_cli("schema", "--out", str(out))
    assert run.code == 0 and f"已写入 {out}" in run.out
    assert out.read_text(encoding="utf-8") == schema_text()
    assert run_cli("schema", "--out", str(tmp_path)).code == 2


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = agency_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def _walk(node, path=""):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}/{index}")


def test_every_key_has_a_chinese_title_and_description_and_no_other_key_is_allowed() -> None:
    checked = 0
    for path, node in _walk(agency_schema()):
        if node.get("type") != "object":
            continue
        assert node.get("additionalProperties") is False, path
        for keyword in ("properties", "patternProperties"):
            for key, child in node.get(keyword, {}).items():
                assert child.get("title") and child.get("description"), f"{path}/{keyword}/{key}"
                assert any("\u4e00" <= ch <= "\u9fff" for ch in child["title"] + child["description"]), f"{path}/{key}"
                checked += 1
    assert checked > 150


def test_row_and_column_descriptions_come_from_the_declarations() -> None:
    schema = agency_schema()
    report = schema["$defs"]["report-2021"]["properties"]
    table = report[doc.APPLICATIONS.heading]["properties"]["表三"]["properties"]
    item = table["不予公开"]["properties"]["危及“三安全一稳定”"]
    assert item["description"] == "（三）不予公开 3.危及“三安全一稳定”"
    fee = schema["$defs"][report[doc.PROACTIVE.heading]["properties"]["表二"]["properties"]["行政事业性收费"]["$ref"].split("/")[-1]]
    column = fee["properties"]["本年收费金额"]
    assert column["title"] == "本年收费金额（单位：万元，保留4位小数）"
    assert column == {**column, "type": "number", "minimum": 0}
    change = next(d for d in schema["$defs"].values() if "本年增/减" in d.get("properties", {}))["properties"]["本年增/减"]
    assert change["type"] == "integer" and "minimum" not in change


# -- what it accepts and rejects ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", AGENCY_FILES, ids=lambda p: p.stem)
def test_every_agency_file_is_valid(path) -> None:
    assert errors(as_json(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("year", [2020, 2021, 2024])
def test_new_and_next_year_files_are_valid(tmp_path, year) -> None:
    path = tmp_path / "agencies" / "x.yaml"
    assert run_cli("new", str(path), "--agency", "测试局", "--year", str(year)).code == 0
    assert errors(as_json(path.read_text(encoding="utf-8"))) == []
    assert run_cli("next-year", str(path), "--copy-prose").code == 0
    assert errors(as_json(path.read_text(encoding="utf-8"))) == []


def test_builder_files_with_every_optional_key_are_valid() -> None:
    built = build(Report(2020, stated_edition="2019年版（试行）", published="2021-01-20", signoff=("测试局", "2021年1月20日")),
                  Report(2021, stated_edition="2021", published="2022-01-20",
                         prose={doc.APPLICATIONS.heading: "本年度收到申请 0 件。"}).write_totals())
    assert errors(as_json(built.text)) == []


@pytest.fixture
def jinshui() -> dict:
    return as_json((ROOT / "agencies" / "jinshui-zhengwu.yaml").read_text(encoding="utf-8"))


def test_a_misspelt_key_is_rejected(jinshui) -> None:
    for where, key, wrong in [
        ([], doc.AGENCY_KEY, "机构"),
        (["年度报告", "2021"], doc.PROBLEMS.heading, "五、存在的主要问题及改进"),
        (["年度报告", "2021", doc.APPLICATIONS.heading, "表三"], "予以公开", "予与公开"),
        (["年度报告", "2021", doc.APPEALS.heading, "表四", "行政复议"], "结果维持", "维持"),
    ]:
        data = copy.deepcopy(jinshui)
        node = data
        for step in where:
            node = node[step]
        node[wrong] = node.pop(key)
        found = errors(data)
        assert any(f"'{wrong}' was unexpected" in message for message in found), (wrong, found)


def test_a_row_of_the_other_edition_is_rejected(jinshui) -> None:
    data = copy.deepcopy(jinshui)
    table = data["年度报告"]["2021"][doc.PROACTIVE.heading]["表二"]
    assert "规范性文件" in {row.key for row in EDITION_2019.proactive.rows()}
    table["规范性文件"] = table.pop("行政规范性文件")
    assert any("'规范性文件' was unexpected" in message for message in errors(data))

    erqi = as_json((ROOT / "agencies" / "erqi.yaml").read_text(encoding="utf-8"))
    other = erqi["年度报告"]["2020"][doc.APPLICATIONS.heading]["表三"]
    assert "其他处理" in other and "逾期不补正" in {row.key for row in EDITION_2021.applications.rows()}
    other["其他处理"] = {"逾期不补正": other["其他处理"]}
    assert errors(erqi)


def test_the_year_decides_the_edition(jinshui) -> None:
    data = copy.deepcopy(jinshui)
    data["年度报告"]["2020"] = data["年度报告"].pop("2021")  # 2021-edition tables in a 2020 report
    assert errors(data)
    data = copy.deepcopy(jinshui)
    data["年度报告"]["2021"]["格式"] = 2019
    assert errors(data)
    data["年度报告"]["2021"]["格式"] = "2021年版"
    assert errors(data) == []


@pytest.mark.parametrize(
    ("change", "value"),
    [("本年制发件数", -1), ("本年制发件数", 1.5), ("本年制发件数", "0"), ("本年制发件数", None)],
)
def test_a_count_must_be_a_whole_number(jinshui, change, value) -> None:
    data = copy.deepcopy(jinshui)
    data["年度报告"]["2021"][doc.PROACTIVE.heading]["表二"]["规章"][change] = value
    assert errors(data)


def test_a_year_key_must_be_a_report_year(jinshui) -> None:
    data = copy.deepcopy(jinshui)
    data["年度报告"]["2018"] = data["年度报告"]["2021"]
    assert errors(data)
    data = copy.deepcopy(jinshui)
    data["年度报告"]["2021年"] = data["年度报告"].pop("2021")
    assert errors(data) == []
