"""HTML: one self-contained UTF-8 page (or a fragment to paste into a site) from Jinja2 templates.

Python decides what is printed (`view.report_view`) and computes every number; the templates in
`templates/html/` decide only the markup and the styles. Autoescaping is on, so every text from
the agency file is shown as text; like every template, these run in Jinja's sandbox (`sandbox`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SecurityError
from markupsafe import Markup, escape

from ..editions import Table
from ..model import Agency, Report
from .layout import TableGrid
from .sandbox import Sandbox, refusal
from .view import ReportView, TableView, report_view

#: templates/ at the root of the repository, installed as the package data `reportgen.templates`
#: (see pyproject.toml); a source checkout without an install finds it beside src/.
_INSTALLED_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TEMPLATES_DIR = _INSTALLED_TEMPLATES if _INSTALLED_TEMPLATES.is_dir() else Path(__file__).resolve().parents[3] / "templates"
PAGE_TEMPLATE = "html/page.html.j2"
TABLE_TEMPLATE = "html/table.html.j2"
FRAGMENT_TEMPLATE = "html/fragment.html.j2"
WRAPPER_CLASS = "rg-report"


@lru_cache(maxsize=1)
def environment() -> Sandbox:
    if not TEMPLATES_DIR.is_dir():  # an installation without the templates: a packaging bug
        raise RuntimeError(f"HTML templates not found in {TEMPLATES_DIR}")
    env = Sandbox(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["column_widths"] = column_widths
    env.globals["wrapper_class"] = WRAPPER_CLASS
    env.globals["table_html"] = table_html
    return env


#: Where a table's figures and its id prefix go in its skeleton: control characters, never in any text.
_FIGURE = "\x00{}\x00"
_PREFIX = "\x01"
_SLOT = re.compile("\x00(\\d+)\x00|\x01")


@lru_cache(maxsize=16)
def _table_skeleton(key: str, table: Table) -> tuple[tuple[str, ...], tuple[tuple[str, str] | None, ...]]:
    """A table's HTML (templates/html/table.html.j2) rendered once with marks where the figures and the
    id prefix go: the pieces between the marks, and what each mark stands for (a cell's (row key,
    column key), or None for the prefix)."""
    cells = [(row.key, column.key) for row, column in table.cells()]
    marked = TableView(key, table, _PREFIX, {cell: _FIGURE.format(index) for index, cell in enumerate(cells)})
    html = str(environment().get_template(TABLE_TEMPLATE).module.render_table(marked))  # type: ignore[attr-defined]
    pieces: list[str] = []
    slots: list[tuple[str, str] | None] = []
    last = 0
    for mark in _SLOT.finditer(html):
        pieces.append(html[last:mark.start()])
        slots.append(cells[int(mark.group(1))] if mark.group(1) else None)
        last = mark.end()
    pieces.append(html[last:])
    return tuple(pieces), tuple(slots)


def table_html(view: TableView) -> Markup:
    """A table as the table template draws it: its skeleton, laid out once, filled with this report's
    figures (escaped as the template escapes them) and id prefix."""
    pieces, slots = _table_skeleton(view.key, view.declaration)
    prefix = escape(view.id_prefix)
    out = [pieces[0]]
    for slot, piece in zip(slots, pieces[1:], strict=True):
        out.append(prefix if slot is None else escape(view.text(*slot)))
        out.append(piece)
    return Markup("".join(out))


def column_widths(grid: TableGrid) -> list[str]:
    """The grid's relative column weights as CSS percentages (two decimals, so output is stable)."""
    total = sum(grid.weights)
    return [f"{100 * weight / total:.2f}%" for weight in grid.weights]


def id_prefix(slug: str, year: int) -> str:
    """A prefix that keeps element ids unique even with several reports' fragments on one page."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", slug).strip("-")
    return f"rg-{safe}-{year}-" if safe else f"rg-{year}-"


def render_view(view: ReportView, *, fragment: bool = False) -> str:
    template = environment().get_template(FRAGMENT_TEMPLATE if fragment else PAGE_TEMPLATE)
    try:
        return template.render(report=view, ids=id_prefix(view.slug, view.year))
    except SecurityError as error:
        raise refusal(error, f"网页模板“{template.filename}”") from error


def render_html(agency: Agency, report: Report, *, draft: bool = False, fragment: bool = False) -> str:
    """One report as HTML: a whole page, or with `fragment` only the report body (no <html> shell)."""
    view = report_view(agency, report, draft=draft, id_prefix=id_prefix(agency.slug, report.year))
    return render_view(view, fragment=fragment)
