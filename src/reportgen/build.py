"""`build` as a library call: check each agency file, then write its reports as HTML, Word and PDF.

A report with errors is not built (the caller shows the findings exactly as `check` does) unless
`draft` is set, in which case every page is marked 草稿（数据未通过校验）. Everything is rendered
(and converted to PDF) before anything is written, and every file is written atomically, so a failed
build leaves the output of an earlier one as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .atomic import write_all_or_none
from .check import CheckResult, FileResult, check_paths
from .errors import ReportgenError
from .findings import Finding
from .model import Agency

DEFAULT_OUT_DIR = Path("out")
FORMATS = ("html", "docx", "pdf", "xlsx")  # what build can write
DEFAULT_FORMATS = ("html", "docx")
SUFFIXES = {"html": ".html", "docx": ".docx", "pdf": ".pdf", "xlsx": ".xlsx"}
WORD_FORMATS = frozenset({"docx", "pdf"})  # rendered from the Word templates (a PDF is a converted .docx)


@dataclass(frozen=True)
class BuildOptions:
    year: int | None = None  # one year; None: the latest (or every year with `all_years`)
    all_years: bool = False
    out_dir: Path = DEFAULT_OUT_DIR
    formats: tuple[str, ...] = DEFAULT_FORMATS
    draft: bool = False  # build reports with errors too, marked 草稿（数据未通过校验）
    fragment: bool = False  # HTML: only the report body, no <html> shell
    templates: Path | None = None  # Word: a folder of restyled templates (`reportgen templates export`)
    strict: bool = False  # warnings stop the build too (before publishing)

    def __post_init__(self) -> None:
        if self.year is not None and self.all_years:
            raise ReportgenError("--year 和 --all-years 只能选一个。")


@dataclass(frozen=True)
class Output:
    """One file a build writes (or would write)."""

    path: Path
    year: int
    format: str
    draft: bool  # marked 草稿（数据未通过校验）
    agency: Agency = field(repr=False)


@dataclass
class BuildResult:
    check: CheckResult
    outputs: list[Output] = field(default_factory=list)
    refused: bool = False  # nothing was built: a report has errors and `draft` was not set

    @property
    def exit_code(self) -> int:
        """0 built; 1 refused for errors in the data; 2 a file could not be read."""
        if not self.refused:
            return 0
        return 2 if any(result.unreadable for result in self.check.files) else 1

    @property
    def warnings(self) -> list[Finding]:
        return [finding for result in self.check.files for finding in result.warnings]


def parse_formats(text: str) -> tuple[str, ...]:
    """`html,docx` → ("html", "docx"); an unknown format is a user's mistake."""
    names = [name.strip().lower().lstrip(".") for name in text.split(",") if name.strip()]
    if not names:
        raise ReportgenError("--format 不能为空：可用的格式为 " + "、".join(FORMATS) + "。")
    for name in names:
        if name not in FORMATS:
            raise ReportgenError(f"不认识的格式“{name}”：可用的格式为 {'、'.join(FORMATS)}（例如 --format html,docx,pdf）。")
    return tuple(dict.fromkeys(names))


def selected_years(agency: Agency, options: BuildOptions) -> list[int]:
    years = sorted(agency.reports)
    if not years:
        raise ReportgenError(f"“{agency.source}”中没有年度报告，无法生成。")
    if options.all_years:
        return years
    if options.year is None:
        return [years[-1]]
    if options.year not in agency.reports:
        listed = "、".join(f"{year}年" for year in years)
        raise ReportgenError(f"“{agency.source}”中没有 {options.year} 年的年度报告；文件中有：{listed}。")
    return [options.year]


def _errors_for(result: FileResult, years: list[int], strict: bool = False) -> list[Finding]:
    """The errors that stop these years' reports: their own, and those of the file as a whole
    (with `strict`, the warnings too)."""
    stopping = result.findings if strict else result.errors
    return [finding for finding in stopping if finding.year is None or finding.year in years]


def plan(check: CheckResult, options: BuildOptions) -> BuildResult:
    """Which files to write, or a refusal when a report to build has errors (and `draft` is not set)."""
    result = BuildResult(check)
    if any(file_result.unreadable or file_result.agency is None for file_result in check.files):
        result.refused = True
        return result
    for file_result in check.files:
        agency = file_result.agency
        assert agency is not None
        years = selected_years(agency, options)
        for year in years:
            faulty = bool(_errors_for(file_result, [year], options.strict))
            if faulty and not options.draft:
                result.refused = True
            for name in options.formats:
                path = options.out_dir / f"{agency.slug}-{year}{SUFFIXES[name]}"
                result.outputs.append(Output(path, year, name, draft=faulty, agency=agency))
    if result.refused:
        result.outputs.clear()
        return result
    seen: dict[Path, Output] = {}
    for output in result.outputs:
        if output.path in seen:
            raise ReportgenError(
                f"“{seen[output.path].agency.source}”和“{output.agency.source}”会生成同一个文件“{output.path}”："
                "机关文件的文件名（不含扩展名）不能相同。"
            )
        seen[output.path] = output
    return result


def render(output: Output, options: BuildOptions) -> str | bytes:
    """One output's content: the HTML page (text), the workbook (bytes) for xlsx, or the Word document
    (bytes) for docx and pdf."""
    report = output.agency.reports[output.year]
    if output.format == "html":
        from .render.html import render_html  # Jinja2 is imported only when a page is rendered, not for `check`

        return render_html(output.agency, report, draft=output.draft, fragment=options.fragment)
    if output.format == "xlsx":
        from .render.xlsx import render_xlsx  # xlsxwriter, likewise

        return render_xlsx(output.agency, report, draft=output.draft)
    from .render.docx import render_docx  # docxtpl and python-docx, likewise

    return render_docx(output.agency, report, draft=output.draft, templates=options.templates)


def _prepare_word(result: BuildResult, options: BuildOptions) -> None:
    """Before rendering anything: LibreOffice is there if a PDF is wanted, and the Word templates of
    every edition to build are readable and sound (all their problems reported together)."""
    word = [output for output in result.outputs if output.format in WORD_FORMATS]
    if not word:
        return
    from .render.docx import load_templates
    from .render.docx_pdf import require_soffice

    if any(output.format == "pdf" for output in word):
        require_soffice()
    editions = {output.agency.reports[output.year].edition.year: output.agency.reports[output.year].edition
                for output in word}
    load_templates([editions[year] for year in sorted(editions)], options.templates)


def render_all(result: BuildResult, options: BuildOptions) -> list[tuple[Output, str | bytes]]:
    """Every output's content, in order; each report's Word document rendered once for .docx and .pdf,
    every PDF converted by one LibreOffice run."""
    contents: dict[int, str | bytes] = {}
    documents: dict[tuple[int, int], bytes] = {}  # (agency, year) → its .docx
    for index, output in enumerate(result.outputs):
        key = (id(output.agency), output.year)
        if output.format in WORD_FORMATS and key in documents:
            content: str | bytes = documents[key]
        else:
            content = render(output, options)
            if output.format in WORD_FORMATS:
                assert isinstance(content, bytes)
                documents[key] = content
        contents[index] = content
    pdfs = [(index, output) for index, output in enumerate(result.outputs) if output.format == "pdf"]
    if pdfs:
        from .render.docx_pdf import convert

        converted = convert({output.path.stem: contents[index] for index, output in pdfs})  # type: ignore[misc]
        for index, output in pdfs:
            contents[index] = converted[output.path.stem]
    return [(output, contents[index]) for index, output in enumerate(result.outputs)]


def _prepare_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise ReportgenError(f"输出位置“{out_dir}”是一个文件，不是文件夹：请用 --out 指定一个文件夹。")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReportgenError(f"无法创建输出文件夹“{out_dir}”：{error.strerror or error}。") from error


def build(check: CheckResult, options: BuildOptions) -> BuildResult:
    """Render every report first, then write each report's files, all or none."""
    result = plan(check, options)
    if result.refused or not result.outputs:
        return result
    _prepare_word(result, options)
    pages = render_all(result, options)
    _prepare_out_dir(options.out_dir)
    reports: dict[tuple[int, int], list[tuple[Output, str | bytes]]] = {}
    for output, content in pages:
        reports.setdefault((id(output.agency), output.year), []).append((output, content))
    for report in reports.values():
        write_report(report)
    return result


def write_report(pages: list[tuple[Output, str | bytes]]) -> None:
    """One report's files (.html, .docx, .pdf): all written, or none and the earlier ones kept as they were."""
    write_all_or_none([(output.path, content.encode("utf-8") if isinstance(content, str) else content)
                       for output, content in pages])


def build_paths(paths: list[Path], options: BuildOptions) -> BuildResult:
    """Check the agency files (or folders of them) named by `paths`, then build their reports."""
    return build(check_paths(paths), options)
