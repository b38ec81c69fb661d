"""Importing a published annual report: text, HTML, Word (.docx, .doc via LibreOffice) or PDF, or a
workbook of the form's tables (.xlsx, `build --format xlsx` or typed in Excel/WPS).

    imported = import_file(Path("report.html"))          # read the report
    text, sources = agency_file(imported)                # a new agency file (YAML text)
    text, sources, first = insert_report(existing, imported, path)   # or one more year in a file

The modules, in the order a report passes through them:

1. Sources → units. `sources` tells the format from the bytes and hands them to its reader:
   `text_source` (plain text; `run_together` breaks up run-together lines, `lone_pipes` rewrites
   lone-“|” tables), `html_source`, `docx_source`, `pdf_source` (`pdf_streams` measures a PDF's
   streams first) or `xlsx_source`. Each turns the source into `source_units` (a paragraph or a
   table cell each), within `limits`; `traditional` reads a Traditional text as Simplified.
2. Units → cells and labels. `cell_values` reads a cell as printed (a number, a blank, a
   placeholder), `labels` recognises the form's words however they were printed, `template_notes`
   the form's instructions left in a table.
3. Tables by label. `report_structure` walks the report: its title (`report_title`), dates
   (`report_dates`), section headings (`report_headings`), the preamble's contact details
   (`report_identity`), the edition and the sign-off; and it has `table_reader` read tables 二, 三
   and 四: `table_events` turns a table's units into events, `proactive_table`,
   `applications_table` and `appeals_table` place the values by their labels, row by row (`table_rows`, `row_fit`; `column_totals` for 表三's column identity). What is read
   is an `imported.Imported`, every item with the source line it came from.
4. Agency file. `agency_yaml` writes the YAML, a new file or one more year in a file.

`audit` (with `audit_sources`, `audit_table`, `blank_cells`) imports into memory and checks.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ReportgenError
from .agency_yaml import agency_file, insert_report, report_lines
from .imported import Imported, Note
from .report_structure import read_report
from .sources import read_source


def import_bytes(data: bytes, name: str, *, suffix: str = "", year: int | None = None,
                 agency: str | None = None, edition: int | None = None) -> Imported:
    source = read_source(data, suffix)
    imported = read_report(source, name, year=year, agency=agency, edition_year=edition)
    if source.where:  # a workbook: cells named by sheet and address, placeholders for the prose
        from .xlsx_source import finish_workbook

        finish_workbook(imported, source)
    if source.original_text is not None:
        from .traditional import quote_as_printed

        quote_as_printed(imported, source.original_text)
    return imported


def import_file(path: Path, *, year: int | None = None, agency: str | None = None,
                edition: int | None = None) -> Imported:
    """Read the report in a file. A user's mistake (missing file, unreadable format) raises
    `ReportgenError` with a Chinese message."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReportgenError(f"找不到“{path}”：请检查文件名。") from None
    except IsADirectoryError:
        raise ReportgenError(f"“{path}”是文件夹，请指定一份报告文件。") from None
    except OSError as error:
        raise ReportgenError(f"无法读取“{path}”：{error.strerror or error}。") from None
    return import_bytes(data, str(path), suffix=path.suffix, year=year, agency=agency, edition=edition)


__all__ = [
    "Imported",
    "Note",
    "agency_file",
    "import_bytes",
    "import_file",
    "insert_report",
    "read_source",
    "report_lines",
]
