"""The JSON Schema (draft 2020-12) of the agency file, written from the declarations.

An editor with a YAML plug-in (VS Code's YAML extension, any editor using yaml-language-server)
reads it through the file's first line, `# yaml-language-server: $schema=…`, and then completes
keys, shows each key's Chinese description and underlines a misspelt key or a row of the other
edition while the officer types. `reportgen check` stays the judge: the schema cannot express the
identities between cells.

Generated, never edited by hand, and committed twice: `schema/agency.schema.json` (for agencies
repositories and editors) and `src/reportgen/agency.schema.json` (shipped in the package).
`python -m reportgen.schema --update` rewrites both; a test fails when either is stale.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from . import document as doc
from .atomic import replace_atomic
from .editions import EDITIONS, ApplicationsTable, Column, Edition, ProactiveTable, Row, Table, ValueKind
from .load.reader import LAST_REPORT_YEAR

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FILE_NAME = "agency.schema.json"
#: The committed copies, relative to the repository root.
REPOSITORY_COPIES = (Path("schema") / FILE_NAME, Path("src") / "reportgen" / FILE_NAME)

Schema = dict[str, Any]

_PART_PATTERN = r"^[（(][一二三四五六七八九十]+[）)]"
_DATE_PATTERN = r"^\s*\d{4}(-\d{1,2}-\d{1,2}|年\d{1,2}月\d{1,2}日)\s*$"


def _described(title: str, description: str, schema: Schema) -> Schema:
    return {"title": title, "description": description, **schema}


def _object(properties: dict[str, Schema], required: list[str] | None = None, **more: Any) -> Schema:
    schema: Schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    schema.update(more)
    return schema


def _prose(title: str, description: str) -> Schema:
    return _described(title, description, {"$ref": "#/$defs/prose"})


def _date(title: str, description: str) -> Schema:
    return _described(title, description, {"$ref": "#/$defs/date"})


def _text(field: doc.Field) -> Schema:
    kind: Schema = {"type": ["string", "number"]} if field.may_be_number else {"type": "string"}
    return _described(field.key, field.description + ("（必填）" if field.required else ""), kind)


# -- tables --------------------------------------------------------------------------------------


def _value(column: Column) -> Schema:
    kind: Schema = {
        ValueKind.COUNT: {"type": "integer", "minimum": 0},
        ValueKind.SIGNED_COUNT: {"type": "integer"},
        ValueKind.MONEY: {"type": "number", "minimum": 0},
    }[column.kind]
    description = column.kind.description
    if column.derived:
        description += "；总计：可不写，写了会核对"
    return _described(column.header, description, kind)


class _Shapes:
    """The column sets of table rows, each defined once in `$defs` and referred to by every row
    that has it (table 三 has 25 rows of the same seven columns)."""

    def __init__(self, definitions: Schema) -> None:
        self.definitions = definitions
        self.names: dict[tuple[tuple[Column, ...], bool], str] = {}

    def ref(self, table: Table, row: Row) -> str:
        columns = table.columns_of(row)
        key = (columns, row.derived)
        if key not in self.names:
            # ASCII names: a JSON pointer needs no escaping then, and every editor resolves it
            name = f"row-table{table.digit}" + ("-total" if row.derived else "")
            title = f"{table.name}{'的总计行' if row.derived else '的一行'}"
            if isinstance(table, ProactiveTable):  # blocks differ: told apart by their columns
                name += f"-{len([n for n in self.names.values() if n.startswith(name)]) + 1}"
                title = f"{table.name}的一行（{'、'.join(column.key for column in columns)}）"
            names = "、".join(column.key for column in columns)
            description = f"每行的列：{names}" + ("；总计行可不写，写了会核对" if row.derived else "")
            required = [] if row.derived else [column.key for column in columns if not column.derived]
            self.definitions[name] = _described(
                title, description, _object({column.key: _value(column) for column in columns}, required))
            self.names[key] = name
        return f"#/$defs/{self.names[key]}"


def _row(table: Table, row: Row, shapes: _Shapes) -> Schema:
    description = table.cell_name(row).removeprefix(f"{table.name} · ")
    if row.derived:
        description += "（总计行：可不写，写了会核对）"
    return _described(row.key, description, {"$ref": shapes.ref(table, row)})


def _table(table: Table, shapes: _Shapes) -> Schema:
    rows: dict[str, Schema] = {}
    required: list[str] = []
    if isinstance(table, ApplicationsTable):
        for row in table.rows():
            if row.group is None:
                rows[row.key] = _row(table, row, shapes)
                if not row.derived:
                    required.append(row.key)
            elif row.group.key not in rows:
                items = [item for item in table.rows() if item.group == row.group]
                rows[row.group.key] = _described(
                    row.group.key, f"{row.group.label}：其下各分项，每项一行",
                    _object({item.key: _row(table, item, shapes) for item in items},
                            [item.key for item in items]),
                )
                required.append(row.group.key)
    else:
        for row in table.rows():
            rows[row.key] = _row(table, row, shapes)
            required.append(row.key)
    what = "每行一行：行名: {列名: 数字, …}"
    if isinstance(table, ProactiveTable):
        what = "按第二十条各项分块；" + what
    return _described(table.name, f"{table.name} · {table.title}（{what}）", _object(rows, required))


# -- one report ----------------------------------------------------------------------------------


def _edition_values(edition: Edition) -> list[Any]:
    """How the 格式 key may name the edition (as the loader reads it)."""
    year = str(edition.year)
    forms: list[Any] = [edition.year, year, f"{year}年版"]
    if edition.last_report_year is not None:  # the 2019 edition was issued as 试行
        forms += [f"{year}（试行）", f"{year}年版（试行）"]
    return forms


def _years(edition: Edition) -> str:
    last = edition.last_report_year
    return f"{edition.first_report_year}–{last}" if last else f"{edition.first_report_year} 及以后"


def _report(edition: Edition, shapes: _Shapes) -> Schema:
    fields = {field.key: field for field in doc.REPORT_FIELDS}
    properties: dict[str, Schema] = {
        doc.EDITION_KEY: _described(doc.EDITION_KEY, f"{fields[doc.EDITION_KEY].description}。本年度只能是 {edition.year}",
                                    {"enum": _edition_values(edition)}),
        doc.TITLE_KEY: _described(doc.TITLE_KEY, fields[doc.TITLE_KEY].description, {"type": "string"}),
        doc.PUBLISHED_KEY: _date(doc.PUBLISHED_KEY, fields[doc.PUBLISHED_KEY].description),
        doc.PREAMBLE_KEY: _prose(doc.PREAMBLE_KEY, fields[doc.PREAMBLE_KEY].description),
    }
    for section in doc.SECTIONS:
        if section is doc.OVERVIEW:
            parts = {_PART_PATTERN: _prose("分项", "带编号的分项标题，如“（一）主动公开”；编号依次为（一）（二）……")}
            body = _object({doc.OVERVIEW_INTRO_KEY: _prose(doc.OVERVIEW_INTRO_KEY, "分项之前的总述")},
                           patternProperties=parts, minProperties=1)
        elif section.table:
            table: Table = getattr(edition, section.table)
            body = _object({table.name: _table(table, shapes), doc.NOTES_KEY: _prose(doc.NOTES_KEY, "表格之后的文字，每行一段")},
                           [table.name])
        else:
            body = {"$ref": "#/$defs/prose"}
        properties[section.heading] = _described(section.heading, f"第{section.number}节：{section.description}", body)
    signoff = {field.key: _date(field.key, field.description) if field.key == doc.SIGNOFF_DATE_KEY else _text(field)
               for field in doc.SIGNOFF_FIELDS}
    properties[doc.SIGNOFF_KEY] = _described(
        doc.SIGNOFF_KEY, "落款：报告末尾的单位和日期",
        _object(signoff, [field.key for field in doc.SIGNOFF_FIELDS if field.required]),
    )
    return _described(
        f"{edition.name}格式的年度报告",
        f"{_years(edition)} 年度的报告，按{edition.document}填写",
        _object(properties, [section.heading for section in doc.SECTIONS]),
    )


def _year_pattern(first: int, last: int) -> str:
    """A regular expression for the years first…last (with an optional 年), decade by decade."""
    alternatives = []
    year = first
    while year <= last:
        decade_end = min(year // 10 * 10 + 9, last)
        prefix, low, high = str(year)[:3], year % 10, decade_end % 10
        alternatives.append(f"{prefix}{low}" if low == high else f"{prefix}[{low}-{high}]")
        year = decade_end + 1
    return "^(" + "|".join(alternatives) + ")年?$"


def agency_schema() -> Schema:
    years: dict[str, Schema] = {}
    definitions: Schema = {
        "prose": _described("正文", "一段文字，写在“|”之后的新行里，每行一段；也可以写成列表，每项一段", {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        }),
        "date": _described("日期", "日期，如 2021-01-20 或 2021年1月20日", {"type": "string", "pattern": _DATE_PATTERN}),
    }
    shapes = _Shapes(definitions)
    for edition in EDITIONS.values():
        name = f"report-{edition.year}"
        definitions[name] = _report(edition, shapes)
        pattern = _year_pattern(edition.first_report_year, edition.last_report_year or LAST_REPORT_YEAR)
        years[pattern] = _described(f"{_years(edition)} 年度的报告", f"按{edition.name}格式填写",
                                    {"$ref": f"#/$defs/{name}"})
    agency = {field.key: _text(field) for field in doc.AGENCY_FIELDS}
    return {
        "$schema": DRAFT,
        "title": "政府信息公开工作年度报告 · 机关文件",
        "description": "一个行政机关各年度的政府信息公开工作年度报告（reportgen 的 agencies/<简称>.yaml）。"
                       "本文件由 reportgen schema 生成，请勿手改。",
        **_object({
            doc.AGENCY_KEY: _described(doc.AGENCY_KEY, "机关信息", _object(
                agency, [field.key for field in doc.AGENCY_FIELDS if field.required])),
            doc.REPORTS_KEY: _described(doc.REPORTS_KEY, "各年度的报告，键为年份（如 2021）；2019、2020 年度用 2019 年版格式，2021 年度起用 2021 年版",
                                        _object({}, patternProperties=years, minProperties=1)),
        }, [doc.AGENCY_KEY, doc.REPORTS_KEY]),
        "$defs": definitions,
    }


def schema_text() -> str:
    """The schema as committed: indented JSON, Chinese as is, one final newline."""
    return json.dumps(agency_schema(), ensure_ascii=False, indent=2) + "\n"


def installed_schema_uri() -> str:
    """The schema installed with reportgen, as a file URI an editor's YAML plug-in can read."""
    from pathlib import Path

    return Path(str(resources.files("reportgen").joinpath(FILE_NAME))).resolve().as_uri()


def packaged_schema_text() -> str:
    """The copy shipped in the package (identical to `schema_text()`; a test sees to it)."""
    return resources.files("reportgen").joinpath(FILE_NAME).read_text(encoding="utf-8")


def _update(root: Path) -> None:
    text = schema_text()
    for relative in REPOSITORY_COPIES:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        replace_atomic(root / relative, text.encode("utf-8"))
        print(f"已写入 {relative}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        _update(Path(__file__).resolve().parents[2])
    else:
        print(schema_text(), end="")
