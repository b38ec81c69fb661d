"""The sources of an audit: files as given, folders searched for published reports by extension
(the audit itself runs them through `batch`, in worker processes when asked)."""

from __future__ import annotations

from pathlib import Path

from ..errors import ReportgenError

#: What a published report can be: plain text, a web page, a Word document, a PDF.
SOURCE_SUFFIXES = (".txt", ".htm", ".html", ".shtml", ".xhtml", ".doc", ".docx", ".pdf")


def _reports_in(folder: Path) -> list[Path]:
    found = sorted(path for path in folder.rglob("*") if path.suffix.lower() in SOURCE_SUFFIXES and path.is_file()
                   and not any(part.startswith(".") for part in path.relative_to(folder).parts))
    if not found:
        raise ReportgenError(f"文件夹“{folder}”中没有已发布的报告（{'、'.join(SOURCE_SUFFIXES)} 文件）。")
    return found


def source_files(paths: list[Path]) -> list[Path]:
    """Files as given (a missing one is audited as unreadable, with the others); folders searched."""
    files: list[Path] = []
    for path in paths:
        files.extend(_reports_in(path) if path.is_dir() else [path])
    return list(dict.fromkeys(files))
