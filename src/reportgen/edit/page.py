"""The editing page: the preview's page (render/view.py through the same templates) with every value
an input. A table cell's input is labelled by the cell's row and column headers (`aria-labelledby`
names the same header ids as the cell's `headers`); each piece of prose (导语, a numbered part, 说明,
sections 五 and 六, 前言) is a text area, one paragraph a line; 标题, 发布日期, 落款 and each part's
heading are one-line inputs. Findings are pinned as in the preview (preview/page.py) and sent again
as JSON after every write, with the derived totals, so the page updates without reloading.
"""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

from .. import document as doc
from ..editions import ValueKind
from ..findings import Finding
from ..model import Agency, Figures, Report
from ..preview.page import Pinned, html_asset, pin
from ..render.html import id_prefix, render_view
from ..render.values import figure_texts
from ..render.view import PartView, ReportView, SectionView, TableView, report_view
from .editor import shown_value
from .positions import Path, Positions, Span, lines_of

#: The keyboard a phone shows for each kind of cell (a numeric pad has no minus sign).
_INPUT_MODES = {ValueKind.COUNT: "numeric", ValueKind.SIGNED_COUNT: "text", ValueKind.MONEY: "decimal"}
CELL_MAX_CHARS = 20  # 15 digits, a sign, a point and four decimals; longer is a slip of the keyboard


@dataclass(frozen=True)
class Field:
    """One editable value: where it is in the file and how it is shown."""

    path: Path
    kind: str  # "cell", "prose", "line" (title, name, date) or "heading" (a numbered part's key)
    label: str
    value: str
    lines: tuple[int, ...] = ()  # the file's lines it occupies: findings on them are pinned to it
    absent: bool = False  # the key is not in the file yet: the first write adds it

    @property
    def is_key(self) -> bool:
        return self.kind == "heading"

    @property
    def id(self) -> str:
        named = json.dumps([self.is_key, *self.path], ensure_ascii=False)
        return "rg-f-" + hashlib.sha1(named.encode()).hexdigest()[:12]

    @property
    def path_json(self) -> str:
        return json.dumps(self.path, ensure_ascii=False)


@dataclass
class EditPage:
    html: str
    fields: dict[tuple[Path, bool], Field]  # (path, is the key) → the field
    state: dict[str, object]  # findings, derived cells, draft: what the page shows after a write


def build_page(agency: Agency, report: Report, findings: list[Finding], positions: Positions, *,
               version: str, token: str, source: str) -> EditPage:
    builder = _Builder(agency, report, positions)
    draft = any(f.is_error for f in findings)
    view = builder.view(report_view(agency, report, draft=draft, id_prefix=id_prefix(agency.slug, report.year)))
    page = render_view(view)
    page = builder.place_title(page)
    if not draft:  # the mark is there to be shown as soon as a write breaks an identity
        head = '<header class="rg-head">\n'
        page = page.replace(head, f'{head}<p class="rg-draft" role="note" hidden>{escape(view.draft_mark)}</p>\n', 1)
    pinned = builder.pin(findings, view)
    state = {"version": version, "token": token, "draft": draft, "findings": [p.to_dict() for p in pinned],
             "derived": builder.derived}
    return EditPage(_assemble(page, state, source), builder.fields, state)


class _Builder:
    def __init__(self, agency: Agency, report: Report, positions: Positions) -> None:
        self.agency, self.report, self.positions = agency, report, positions
        self.fields: dict[tuple[Path, bool], Field] = {}
        self.derived: dict[str, str] = {}  # td headers → the figure of a total not written in the file
        key = next((span for span in positions.keys.values()
                    if report.pos and (span.line, span.column) == (report.pos.line, report.pos.column)), None)
        self.root: Path = key.path if key else (doc.REPORTS_KEY, str(report.year))

    # -- fields -------------------------------------------------------------------------------------------------

    def _field(self, path: Path, kind: str, label: str, *, key: Span | None = None) -> Field:
        span = self.positions.keys.get(path) if kind == "heading" else self.positions.values.get(path)
        value = (span.value.strip() if kind == "heading" else shown_value(span)) if span else ""
        lines: tuple[int, ...] = ()
        if span is not None and kind != "heading":
            lines = tuple(lines_of(span, self.positions.text))
        if key is not None:
            lines = (key.line, *lines)
        field = Field(path, kind, label, value, lines, absent=span is None)
        self.fields[(path, field.is_key)] = field
        return field

    def prose(self, path: Path, label: str) -> Markup | None:
        if path not in self.positions.values:
            return None
        field = self._field(path, "prose", label, key=self.positions.keys.get(path))
        rows = min(max(field.value.count("\n") + 2, 3), 30)
        return Markup(
            f'<span class="rg-field rg-prose-field" data-rg-field="{field.id}">'
            f'<label class="rg-label" for="{field.id}">{escape(label)}（每行一段）</label>'
            f'<textarea id="{field.id}" class="rg-input rg-prose{_todo(field.value)}" rows="{rows}" '
            f'{_data(field)}>{escape(field.value)}</textarea></span>')

    def line(self, path: Path, label: str, placeholder: str = "", kind: str = "line") -> Markup:
        field = self._field(path, kind, label)
        hint = f' placeholder="{escape(placeholder)}"' if placeholder else ""
        return Markup(
            f'<span class="rg-field rg-line-field" data-rg-field="{field.id}">'
            f'<label class="rg-label" for="{field.id}">{escape(label)}</label>'
            f'<input id="{field.id}" class="rg-input rg-line{_todo(field.value)}" type="text" '
            f'value="{escape(field.value)}"{hint} {_data(field)}></span>')

    # -- the view -----------------------------------------------------------------------------------------------

    def view(self, view: ReportView) -> ReportView:
        root, report = self.root, self.report
        sections: list[SectionView] = []
        for section, shown in zip(doc.SECTIONS, view.sections, strict=True):
            path = (*root, section.heading)
            if section is doc.OVERVIEW:
                intro = self.prose((*path, doc.OVERVIEW_INTRO_KEY), f"{section.heading} · 导语")
                sections.append(replace(shown, intro=self._texts(intro, shown.intro), parts=self._parts(path, shown)))
            elif section.table is not None and shown.table is not None:
                figures: Figures | None = getattr(report, section.table)
                notes = self.prose((*path, doc.NOTES_KEY), f"{section.heading} · 说明")
                sections.append(replace(shown, table=self._table(shown.table, figures),
                                        paragraphs=self._texts(notes, shown.paragraphs)))
            else:
                body = self.prose(path, section.heading)
                sections.append(replace(shown, paragraphs=self._texts(body, shown.paragraphs)))
        preamble = self.prose((*root, doc.PREAMBLE_KEY), doc.PREAMBLE_KEY)
        return replace(view, sections=tuple(sections), preamble=self._texts(preamble, view.preamble),
                       signoff=self._signoff())

    @staticmethod
    def _texts(field: Markup | None, printed: tuple[str, ...]) -> tuple[str, ...]:
        """The field; or, where the prose is not one text (a list of paragraphs), the printed paragraphs."""
        return (field,) if field is not None else printed

    def _parts(self, path: Path, shown: SectionView) -> tuple[PartView, ...]:
        overview = self.positions.mappings.get(path)
        keys = {(k.line, k.column): k for k in overview.keys} if overview else {}
        parts = []
        for part, printed in zip(self.report.overview_parts, shown.parts, strict=True):
            key = keys.get((part.heading.pos.line, part.heading.pos.column)) if part.heading.pos else None
            if key is None:
                parts.append(printed)
                continue
            heading = self.line(key.path, f"{part.heading.value}的标题", kind="heading")
            body = self.prose(key.path, part.heading.value)
            parts.append(PartView(heading, self._texts(body, printed.paragraphs)))
        return tuple(parts)

    def _table(self, shown: TableView, figures: Figures | None) -> TableView:
        texts: dict[tuple[str, str], str] = dict(shown.texts)
        printed = figure_texts(figures)
        for cell in shown.grid.value_cells():
            assert cell.row is not None and cell.column is not None
            key = (cell.row.key, cell.column.key)
            written = figures.cells.get(key) if figures else None
            headers = " ".join(cell.headers)
            span = self.positions.at(written.pos.line, written.pos.column) if written and written.pos else None
            if span is None:
                self.derived[headers] = printed.get(key, "")
                continue
            field = self._field(span.path, "cell", shown.grid.table.cell_name(cell.row, cell.column))
            kind = cell.column.kind
            texts[key] = Markup(
                f'<input id="{field.id}" class="rg-input rg-cell" type="text" '
                f'inputmode="{_INPUT_MODES[kind]}" maxlength="{CELL_MAX_CHARS}" '
                f'aria-labelledby="{escape(headers)}" data-rg-kind="{kind.value}" '
                f'data-rg-table="{shown.key}" data-rg-col="{escape(cell.column.key)}" '
                f'value="{escape(field.value)}" {_data(field)}>')
        return replace(shown, texts=texts)

    def _signoff(self) -> tuple[str, ...]:
        path = (*self.root, doc.SIGNOFF_KEY)
        if path not in self.positions.mappings:
            return ()
        return (self.line((*path, doc.SIGNOFF_NAME_KEY), "落款单位"),
                self.line((*path, doc.SIGNOFF_DATE_KEY), "落款日期", "如 2022-01-20"))

    def place_title(self, page: str) -> str:
        """The title and the publication date, as fields in the page's header."""
        title = self.line((*self.root, doc.TITLE_KEY), "标题", "不填则为“机关名称＋年份＋年政府信息公开工作年度报告”")
        published = self.line((*self.root, doc.PUBLISHED_KEY), "发布日期", "如 2022-01-20")
        start = page.find('<h1 class="rg-report-title">')
        end = page.find("</h1>", start)
        if start < 0 or end < 0:
            return page
        heading = page[start:end + len("</h1>")]
        return page[:start] + heading + f'\n<p class="rg-meta">{title}</p>\n<p class="rg-meta">{published}</p>' \
            + page[end + len("</h1>"):]

    # -- findings -----------------------------------------------------------------------------------------------

    def pin(self, findings: list[Finding], view: ReportView) -> list[Pinned]:
        """As the preview pins them; a finding on a line of a text area or input is pinned to that field."""
        by_line = {line: field.id for field in self.fields.values() if field.kind != "cell" for line in field.lines}
        pinned = []
        for item in pin(findings, self.report, view):
            field_id = by_line.get(item.finding.line or -1)
            if field_id is not None:
                item = Pinned(item.finding, f'[data-rg-field="{field_id}"]')
            pinned.append(item)
        return pinned


def _data(field: Field) -> str:
    """The attributes by which the page's script names the field in a write."""
    return f'data-rg-path="{escape(field.path_json)}"' + (' data-rg-key="1"' if field.is_key else "")


def _todo(value: str) -> str:
    return " rg-todo" if doc.PLACEHOLDER_MARK in value else ""


def _json(value: object) -> str:
    """JSON safe inside <script>."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _assemble(page: str, state: dict[str, object], source: str) -> str:
    panel = (
        '<aside id="rg-preview" aria-label="校验结果" tabindex="0">\n'
        f'<p class="rg-source">正在编辑：{html.escape(source)}</p>\n'
        '<p id="rg-status" role="status" aria-live="polite"></p>\n'
        '<p id="rg-alert" role="alert" hidden></p>\n'
        '<h2>校验结果：<span id="rg-summary"></span></h2>\n'
        '<ol id="rg-findings"></ol>\n'
        '<p class="rg-keys">Tab：同一行的下一格；Enter：同一列的下一格；修改会自动保存到文件。</p>\n'
        '</aside>\n'
        f'<style>\n{html_asset("findings.css")}{html_asset("edit.css")}</style>\n'
        f'<script id="rg-edit-state" type="application/json">{_json(state)}</script>\n'
        f'<script>\n{html_asset("findings.js")}{html_asset("edit.js")}</script>\n'
    )
    index = page.rfind("</body>")
    return page[:index] + panel + page[index:] if index >= 0 else page + panel


def error_page(title: str, message: str) -> str:
    """Shown when the file cannot be read: it must be put right in a text editor first."""
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
            f'</head>\n<body>\n<main>\n<h1>{html.escape(title)}</h1>\n<p role="alert">{html.escape(message)}</p>\n'
            '<p>请在文本编辑器中改正后刷新本页。</p>\n</main>\n</body>\n</html>\n')
