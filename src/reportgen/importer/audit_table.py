"""The table of an audit of many published reports: one row per report — its verdict, its findings
counted by rule, and how many of the form's cells were read — written as HTML, CSV or JSON (by the
file's extension), whole or not at all.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import create_atomic
from ..errors import ReportgenError
from ..findings import CATALOGUE
from .audit import AuditResult
from .imported import Imported

FORMATS = {".html": "html", ".htm": "html", ".csv": "csv", ".json": "json"}
_ORDER = {rule: index for index, rule in enumerate(CATALOGUE)}


@dataclass
class AuditRow:
    source: str
    agency: str | None
    year: int | None
    edition: str | None
    verdict: str
    errors: int
    warnings: int
    cells_read: int
    cells_unread: int
    by_rule: Counter[str] = field(default_factory=Counter)
    reason: str | None = None  # why the source could not be read


def cells_read(imported: Imported) -> tuple[int, int]:
    """(cells of the form read from the page, cells not read): a missing table, an omitted row, a
    cell a short row did not print are not read."""
    edition = imported.edition
    numbers = {table.number: table for table in edition.tables}
    wanted = sum(len(table.cells()) for table in numbers.values())
    read = sum(len(row.cells) for table in imported.tables.values() for row in table.rows.values() if not row.omitted)
    return read, max(0, wanted - read)


def audit_row(result: AuditResult) -> AuditRow:
    imported = result.imported
    read, unread = cells_read(imported) if imported is not None else (0, 0)
    return AuditRow(
        source=result.source,
        agency=imported.agency if imported else None,
        year=imported.year if imported else None,
        edition=imported.edition.name if imported else None,
        verdict=result.verdict,
        errors=len(result.errors),
        warnings=len(result.warnings),
        cells_read=read,
        cells_unread=unread,
        by_rule=Counter(finding.rule for finding in result.findings),
        reason=result.error,
    )


def _rules(rows: list[AuditRow]) -> list[str]:
    found = {rule for row in rows for rule in row.by_rule}
    return sorted(found, key=lambda rule: _ORDER.get(rule, len(_ORDER)))


_HEADERS = ("来源", "机关", "年度", "格式", "结论", "错误", "警告", "读出的格", "未读出的格")


def _fixed(row: AuditRow) -> list[object]:
    return [row.source, row.agency or "", row.year or "", row.edition or "", row.verdict, row.errors, row.warnings,
            row.cells_read, row.cells_unread]


def table_csv(rows: list[AuditRow]) -> str:
    rules = _rules(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*_HEADERS, *rules, "无法读取的原因"])
    for row in rows:
        writer.writerow([*_fixed(row), *(row.by_rule.get(rule, 0) for rule in rules), row.reason or ""])
    return out.getvalue()


def table_json(rows: list[AuditRow]) -> str:
    payload = [{
        "source": row.source, "agency": row.agency, "year": row.year, "edition": row.edition,
        "verdict": row.verdict, "errors": row.errors, "warnings": row.warnings,
        "cells_read": row.cells_read, "cells_unread": row.cells_unread,
        "findings_by_rule": dict(sorted(row.by_rule.items(), key=lambda item: _ORDER.get(item[0], len(_ORDER)))),
        "error": row.reason,
    } for row in rows]
    return json.dumps({"reports": payload}, ensure_ascii=False, indent=2) + "\n"


def _cell(value: object, title: str | None = None) -> str:
    attribute = f' title="{html.escape(title)}"' if title else ""
    return f"<td{attribute}>{html.escape(str(value))}</td>"


def table_html(rows: list[AuditRow]) -> str:
    rules = _rules(rows)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in _HEADERS)
    head += "".join(f'<th title="{html.escape(CATALOGUE[r].title) if r in CATALOGUE else ""}">{html.escape(r)}</th>'
                    for r in rules)
    body = []
    for row in rows:
        cells = "".join(_cell(value) for value in _fixed(row))
        cells += "".join(_cell(row.by_rule.get(rule, 0) or "") for rule in rules)
        marked = ' class="unreadable"' if row.reason else ""
        body.append(f"<tr{marked}>{cells}</tr>")
    return ("<!doctype html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\"><title>审核结果</title>\n"
            "<style>table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px}"
            "tr.unreadable{background:#fee}</style></head>\n<body>\n"
            f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>\n"
            "</body>\n</html>\n")


_WRITERS = {"html": table_html, "csv": table_csv, "json": table_json}


def table_format(path: Path) -> str:
    """The format the table's file name asks for; refused before any report is audited when the
    name is not one of the three, or the file is already there (it is not overwritten)."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ReportgenError(f"审核结果表“{path}”的扩展名应为 .html、.csv 或 .json。")
    if path.exists() or path.is_symlink():
        raise ReportgenError(f"“{path}”已经存在，没有覆盖它：请换一个文件名。")
    return kind


def write_audit_table(results: list[AuditResult], path: Path) -> None:
    """The table of all reports audited, in the format its extension names."""
    kind = table_format(path)
    text = _WRITERS[kind]([audit_row(result) for result in results])
    data = ("\ufeff" + text).encode("utf-8") if kind == "csv" else text.encode("utf-8")  # BOM: Excel reads UTF-8
    create_atomic(path, data)
