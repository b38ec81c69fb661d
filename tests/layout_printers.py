"""A report printed again in the layouts portals serve (for the import's layout tests).

The report is an agency file's report as reportgen reads it: the figures (derived totals as the
loader computes them), the prose and headings of `render.view`, the grids of `render.layout` —
no label is typed here. Each layout is a function from a table's rows to the lines that print it;
`printed` assembles the whole page, and `run_together` then joins its lines.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from reportgen.model import Agency, Report
from reportgen.render.layout import Role, table_grid
from reportgen.render.view import report_view

Cell = tuple[str, bool]  # printed text, a value cell
Rows = list[list[Cell]]
Layout = Callable[[Rows], list[str]]
TABLES = ("proactive", "applications", "appeals")


def shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def table_rows(report: Report, attribute: str) -> Rows:
    """The table as printed: labels from the declaration, every value cell with its figure."""
    figures = getattr(report, attribute)
    rows: Rows = []
    for grid_row in table_grid(figures.table).rows:
        cells: list[Cell] = []
        for cell in grid_row.cells:
            if cell.role is Role.VALUE:
                cells.append((shown(figures.cells[cell.key].value), True))
            else:
                cells.append((cell.text.replace("\n", ""), False))
        rows.append(cells)
    return rows


# -- layouts of a table --------------------------------------------------------------------------


def spaced(rows: Rows) -> list[str]:
    return [" ".join(text for text, _ in row if text) for row in rows]


def glued(rows: Rows) -> list[str]:
    """The figures of a row of 表三 or 表四 (five or more) printed without separators (“5000005”),
    its labels apart; shorter rows as printed with spaces."""
    lines = []
    for row in rows:
        labels = [text for text, value in row if not value and text]
        figures = [text for text, value in row if value]
        joined = "".join(figures) if len(figures) >= 5 else " ".join(figures)
        lines.append(" ".join([*labels, joined]).strip())
    return lines


def pipes(rows: Rows) -> list[str]:
    """“规章 | 0 | 0 | 5”: fields set apart by “|”, without the outer bars."""
    return [" | ".join(text for text, _ in row) for row in rows]


def lone_pipes_between(rows: Rows) -> list[str]:
    """One cell per line, a line holding only “|” between cells (two in a row: a blank cell)."""
    lines: list[str] = []
    for row in rows:
        for text, _ in row:
            lines += [text, "|"] if text else ["|"]
    return lines[:-1]


def lone_pipe_rows(rows: Rows) -> list[str]:
    """A line holding only “|” starting each row, then its cells one per line."""
    lines: list[str] = []
    for row in rows:
        lines += ["|", *(text for text, _ in row if text)]
    return lines


def cells_per_paragraph(rows: Rows) -> list[str]:
    lines: list[str] = []
    for row in rows:
        lines += [line for text, _ in row if text for line in (text, "")]
    return lines


def tabs(rows: Rows) -> list[str]:
    return ["\t".join(text for text, _ in row) for row in rows]


# -- the page --------------------------------------------------------------------------------------


def printed(agency: Agency, report: Report, layout: Layout, *, title: bool = True) -> list[str]:
    """The report's lines: title, preamble, the six sections with their tables, sign-off."""
    view = report_view(agency, report)
    lines = [view.title, *view.preamble] if title else []
    for section in view.sections:
        lines += [section.heading, *section.intro]
        for part in section.parts:
            lines += [part.heading, *part.paragraphs]
        if section.table is not None:
            lines += ["", *layout(table_rows(report, section.table.key)), ""]
        lines += list(section.paragraphs)
    return [*lines, *view.signoff]


def run_together(lines: list[str], per_line: int | None = None) -> str:
    """The lines joined by spaces: all on one line, or `per_line` of them on each."""
    kept = [line.strip() for line in lines if line.strip()]
    if per_line is None:
        return " ".join(kept) + "\n"
    return "\n".join(" ".join(kept[start:start + per_line]) for start in range(0, len(kept), per_line)) + "\n"


def excerpt(report: Report, layout: Layout) -> str:
    """Only the three tables, as an excerpt of a page prints them: no title, no agency, no year."""
    lines: list[str] = []
    for attribute in TABLES:
        lines += [*layout(table_rows(report, attribute)), ""]
    return "\n".join(lines) + "\n"
