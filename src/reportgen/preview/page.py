"""The preview page: the report's HTML as `build` writes it, with check's findings pinned beside the
cell or paragraph each concerns, a list of every finding, and a small script that reloads the page
when the file is saved (or shows why the file cannot be read, keeping the last good page).

Findings are placed from what they say about themselves: a finding whose line is a paragraph's line
is pinned to that paragraph; one whose `where` names a cell (表三 · （一）予以公开 · 自然人) or a row
is pinned to it; one on a table row's line to that row's cell in its column; one naming a table to the
table. The rest are only in the list.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import escape

from ..findings import Finding
from ..model import Agency, Figures, Position, Report
from ..prose import paragraphs, resolve
from ..render.html import TEMPLATES_DIR
from ..render.view import ReportView

PARAGRAPH_LINE = "data-rg-line"


@dataclass(frozen=True)
class Pinned:
    finding: Finding
    selector: str | None  # where on the page it is shown, or None (only in the list)

    def to_dict(self) -> dict[str, object]:
        f = self.finding
        return {"rule": f.rule, "severity": f.severity.value, "label": f.severity.label, "message": f.message,
                "line": f.line, "where": f.where, "year": f.year, "selector": self.selector}


def mark_paragraphs(page: str, agency: Agency, report: Report) -> str:
    """Give each printed paragraph `data-rg-line="N"`: the line the officer wrote it on."""
    cursor, pieces = 0, []
    for paragraph in paragraphs(report):
        if paragraph.text.pos is None:
            continue
        needle = f">{escape(resolve(paragraph.text.value, agency, report))}</p>"
        found = page.find(needle, cursor)
        if found < 0:
            continue
        start = page.rfind("<p", cursor, found)
        if start < 0:
            continue
        pieces.append(page[cursor:start + 2])
        pieces.append(f' {PARAGRAPH_LINE}="{paragraph.text.pos.line}"')
        cursor = start + 2
    pieces.append(page[cursor:])
    return "".join(pieces)


def pin(findings: list[Finding], report: Report, view: ReportView) -> list[Pinned]:
    lines = {p.text.pos.line for p in paragraphs(report) if p.text.pos is not None}
    cells: dict[str, str] = {}  # cell name → selector
    rows: dict[str, str] = {}  # row name → selector of its first cell
    by_key: dict[tuple[str, str, str], str] = {}  # (table number, row key, column key) → selector
    tables: dict[str, str] = {}  # 表三 → the table
    for section in view.sections:
        if section.table is None:
            continue
        grid = section.table.grid
        table = grid.table
        tables[table.name] = f"table.rg-table-{section.table.key}"
        for cell in grid.value_cells():
            assert cell.row is not None and cell.column is not None
            selector = f'td[headers="{" ".join(cell.headers)}"]'
            cells[table.cell_name(cell.row, cell.column)] = selector
            rows.setdefault(table.cell_name(cell.row), selector)
            by_key[(table.number, cell.row.key, cell.column.key)] = selector
    figures = [f for f in (report.proactive, report.applications, report.appeals) if f is not None]
    return [Pinned(f, _selector(f, lines, cells, rows, by_key, tables, figures)) for f in findings]


def _selector(finding: Finding, lines: set[int], cells: dict[str, str], rows: dict[str, str],
              by_key: dict[tuple[str, str, str], str], tables: dict[str, str], figures: list[Figures]) -> str | None:
    if finding.line in lines:
        return f'[{PARAGRAPH_LINE}="{finding.line}"]'
    if finding.where in cells:
        return cells[finding.where]
    if finding.where in rows:
        return rows[finding.where]
    if finding.line is not None:
        column_label = (finding.where or "").rsplit(" · ", 1)[-1]
        on_line = [(f.table.number, cell) for f in figures for cell in f.cells.values()
                   if _line(cell.pos or f.where(cell.row)) == finding.line]
        on_line.sort(key=lambda item: item[1].column.label != column_label)  # the column named first
        for number, cell in on_line:
            selector = by_key.get((number, cell.row.key, cell.column.key))
            if selector:
                return selector
    table = (finding.where or "").split(" · ", 1)[0]
    return tables.get(table)


def _line(pos: Position | None) -> int | None:
    return pos.line if pos is not None else None


def _json(value: object) -> str:
    """JSON safe inside <script>."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def preview_page(page: str, pinned: list[Pinned], *, version: int, error: str | None, source: str) -> str:
    """The report page with the findings panel and the live-reload script."""
    items = "\n".join(
        f'<li class="rg-finding rg-{p.finding.severity.value}" data-rg-index="{index}">'
        f'<span class="rg-badge">{html.escape(p.finding.severity.label)} {html.escape(p.finding.rule)}</span> '
        f'{_place(p.finding)}{html.escape(p.finding.message)}</li>'
        for index, p in enumerate(pinned)
    )
    errors = sum(1 for p in pinned if p.finding.is_error)
    warnings = len(pinned) - errors
    summary = f"{errors} 个错误，{warnings} 个警告" if pinned else "没有发现问题"
    banner = f'<p id="rg-error" role="alert"{"" if error else " hidden"}>{html.escape(error or "")}</p>'
    panel = (
        f'<aside id="rg-preview" aria-label="校验结果">\n'
        f'<p class="rg-source">预览：{html.escape(source)}</p>\n{banner}\n'
        f'<h2>校验结果：<span id="rg-summary">{summary}</span></h2>\n'
        f'<ol id="rg-findings">\n{items}\n</ol>\n</aside>\n'
        f"<style>\n{html_asset('findings.css')}</style>\n"
        f"<script>\nconst RG = {_json({'version': version, 'findings': [p.to_dict() for p in pinned]})};\n"
        f"{html_asset('findings.js')}{html_asset('preview.js')}</script>\n"
    )
    marker = "</body>"
    index = page.rfind(marker)
    return page[:index] + panel + page[index:] if index >= 0 else page + panel


@lru_cache(maxsize=8)
def html_asset(name: str) -> str:
    """A stylesheet or script of templates/html/, written into the page (it loads nothing else)."""
    return (TEMPLATES_DIR / "html" / name).read_text(encoding="utf-8")


def _place(finding: Finding) -> str:
    parts = [f"第 {finding.line} 行" if finding.line else "", finding.where or ""]
    text = " · ".join(part for part in parts if part)
    return f'<span class="rg-place">{html.escape(text)}</span> ' if text else ""


def empty_page(title: str) -> str:
    """Shown until the file has been read successfully once."""
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
            f'</head>\n<body>\n<main><p>文件还不能读取，改好并保存后这里会显示报告。</p></main>\n</body>\n</html>\n')


