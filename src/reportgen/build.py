"""`build` as a library call: check each agency file, then write its reports as HTML, Word and PDF.

Each agency file stands alone: a file with errors in a report to build is refused (the caller shows
its findings exactly as `check` does) unless `draft` is set, in which case every page is marked
草稿（数据未通过校验）; an unreadable file is refused; the other files are built all the same.
Files are checked and rendered in worker processes (`--jobs`, see `batch`), each worker with its
templates compiled once, and written by this process as they come back, in order, every file
atomically: memory does not grow with the number of files, and a failed or interrupted build leaves
the output of an earlier one as it was.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import make_folder, write_all_or_none
from .check import CheckResult, FileResult, agency_files, check_file
from .errors import ReportgenError
from .findings import Finding
from .model import Agency

DEFAULT_OUT_DIR = Path("out")
FORMATS = ("html", "docx", "pdf", "xlsx")  # what build can write
DEFAULT_FORMATS = ("html", "docx")
SUFFIXES = {"html": ".html", "docx": ".docx", "pdf": ".pdf", "xlsx": ".xlsx"}
WORD_FORMATS = frozenset({"docx", "pdf"})  # rendered from the Word templates (a PDF is a converted .docx)
PDF_BATCH = 8  # agency files whose PDFs one LibreOffice run converts
RELEASE_EVERY = 100  # files written between two hand-backs of freed memory (`batch.release_memory`)


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
    """One file a build writes."""

    path: Path
    year: int
    format: str
    draft: bool  # marked 草稿（数据未通过校验）
    agency_name: str  # the agency's name (its file name when it has none), for messages


@dataclass
class FileBuild:
    """What became of one agency file: its reports built, or refused (with the findings that say why)."""

    check: FileResult  # without the agency (`FileResult.slim`)
    outputs: list[Output] = field(default_factory=list)
    refused_years: tuple[int, ...] = ()  # reports not built for errors in the data
    problem: str | None = None  # not built for another reason (no such year), in Chinese

    @property
    def refused(self) -> bool:
        return bool(self.refused_years) or self.problem is not None or self.check.unreadable

    @property
    def report_count(self) -> int:
        return len({output.year for output in self.outputs})


@dataclass
class _Rendered:
    """A file's build before it is written: each report's outputs and their contents."""

    build: FileBuild
    reports: list[list[tuple[Output, str | bytes]]] = field(default_factory=list)
    fatal: str | None = None  # a ReportgenError that stops the whole build (a template, LibreOffice)


@dataclass
class BuildResult:
    files: list[FileBuild] = field(default_factory=list)

    @property
    def check(self) -> CheckResult:
        return CheckResult([file.check for file in self.files])

    @property
    def outputs(self) -> list[Output]:
        return [output for file in self.files for output in file.outputs]

    @property
    def refused(self) -> bool:
        return any(file.refused for file in self.files)

    @property
    def exit_code(self) -> int:
        return exit_code(self.files)

    @property
    def warnings(self) -> list[Finding]:
        return [finding for file in self.files for finding in file.check.warnings]


def exit_code(files: list[FileBuild]) -> int:
    """0 every report built; 1 some refused for their data; 2 a file could not be read."""
    if any(file.check.unreadable for file in files):
        return 2
    return 1 if any(file.refused for file in files) else 0


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


def render(agency: Agency, output: Output, options: BuildOptions) -> str | bytes:
    """One output's content: the HTML page (text), the workbook (bytes) for xlsx, or the Word document
    (bytes) for docx and pdf."""
    report = agency.reports[output.year]
    if output.format == "html":
        from .render.html import render_html  # Jinja2 is imported only when a page is rendered, not for `check`

        return render_html(agency, report, draft=output.draft, fragment=options.fragment)
    if output.format == "xlsx":
        from .render.xlsx import render_xlsx  # xlsxwriter, likewise

        return render_xlsx(agency, report, draft=output.draft)
    from .render.docx import render_docx  # docxtpl and python-docx, likewise

    return render_docx(agency, report, draft=output.draft, templates=options.templates)


def prepare(options: BuildOptions) -> None:
    """Once per process, before any report: LibreOffice is there if a PDF is wanted, and the templates
    are read, checked and compiled (a Word template's problems all reported together). Run before the
    workers start, so that they begin with everything compiled. A template of a `--templates` folder
    that is not there is looked for when a report needs it."""
    if "html" in options.formats:
        from .render.html import FRAGMENT_TEMPLATE, PAGE_TEMPLATE, environment

        environment().get_template(FRAGMENT_TEMPLATE if options.fragment else PAGE_TEMPLATE)
    if not WORD_FORMATS & set(options.formats):
        return
    from .editions import EDITIONS
    from .render.docx import load_templates, template_path
    from .render.docx_compiled import compiled
    from .render.docx_pdf import require_soffice

    if "pdf" in options.formats:
        require_soffice()
    editions = [edition for edition in EDITIONS.values()
                if options.templates is None or template_path(edition, options.templates).exists()]
    for template in load_templates(editions, options.templates):
        compiled(template)


def _render_file(path: Path, options: BuildOptions) -> _Rendered:
    """Check one agency file and render its reports (in a worker, or in this process)."""
    result = check_file(path)
    agency = result.agency
    build = FileBuild(result.slim())
    if agency is None or result.unreadable:
        return _Rendered(build)
    try:
        years = selected_years(agency, options)
    except ReportgenError as error:
        build.problem = error.message
        return _Rendered(build)
    faulty = {year: bool(_errors_for(result, [year], options.strict)) for year in years}
    if any(faulty.values()) and not options.draft:
        build.refused_years = tuple(years)
        return _Rendered(build)
    name = agency.name.value if agency.name else agency.slug
    rendered = _Rendered(build)
    try:
        for year in years:
            report: list[tuple[Output, str | bytes]] = []
            word: bytes | None = None  # rendered once for .docx and .pdf
            for format_name in options.formats:
                output = Output(options.out_dir / f"{agency.slug}-{year}{SUFFIXES[format_name]}", year,
                                format_name, faulty[year], name)
                if format_name in WORD_FORMATS:
                    word = word if word is not None else render(agency, output, options)  # type: ignore[assignment]
                    report.append((output, word))  # a PDF's .docx until `_convert_pdfs`
                else:
                    report.append((output, render(agency, output, options)))
            rendered.reports.append(report)
    except ReportgenError as error:
        return _Rendered(build, fatal=error.message)
    return rendered


def _convert_pdfs(files: list[_Rendered]) -> None:
    """Every PDF of these files converted by one LibreOffice run (with its own profile)."""
    pdfs = [(report, index) for file in files for report in file.reports
            for index, (output, _) in enumerate(report) if output.format == "pdf"]
    if not pdfs:
        return
    from .render.docx_pdf import convert

    try:
        converted = convert({report[index][0].path.stem: report[index][1] for report, index in pdfs})  # type: ignore[misc]
    except ReportgenError as error:
        files[0].fatal = error.message
        return
    for report, index in pdfs:
        output = report[index][0]
        report[index] = (output, converted[output.path.stem])


def render_files(paths: list[Path], options: BuildOptions) -> list[_Rendered]:
    """One task of a batch: a few agency files checked and rendered, their PDFs converted together."""
    rendered = [_render_file(path, options) for path in paths]
    _convert_pdfs(rendered)
    return rendered


def _write_report(files: list[tuple[Output, str | bytes]]) -> None:
    """One report's files (.html, .docx, .pdf, .xlsx): all written, or none and the earlier ones kept as they were."""
    write_all_or_none([(output.path, content.encode("utf-8") if isinstance(content, str) else content)
                       for output, content in files])


def _check_names(files: list[Path]) -> None:
    """Two agency files of the same name (in different folders) would write the same reports."""
    seen: dict[str, Path] = {}
    for path in files:
        if path.stem in seen:
            raise ReportgenError(
                f"“{seen[path.stem]}”和“{path}”会生成同一个文件（同名的报告）：机关文件的文件名（不含扩展名）不能相同。"
            )
        seen[path.stem] = path


def _tasks(files: list[Path], options: BuildOptions, jobs: int) -> list[list[Path]]:
    """Files in tasks: one each, or with PDFs a few each, so that one LibreOffice run converts several
    (and every worker still gets a share)."""
    if "pdf" not in options.formats:
        return [[path] for path in files]
    size = max(1, min(PDF_BATCH, -(-len(files) // max(jobs, 1))))
    return [files[start:start + size] for start in range(0, len(files), size)]


def build_files(files: list[Path], options: BuildOptions, *, jobs: int = 1) -> Iterator[FileBuild]:
    """Check and build each agency file, in order: a file whose reports pass is written as soon as it is
    rendered (each file atomically), a file with errors (unless `draft`) or unreadable is refused on its
    own. Raises KeyboardInterrupt after the last file written when Ctrl-C is pressed."""
    from . import batch

    _check_names(files)
    prepare(options)
    out_dir_ready = False
    written = 0
    work = functools.partial(render_files, options=options)
    for task in batch.run(work, _tasks(files, options, jobs), jobs=jobs):
        for rendered in task:
            if rendered.fatal is not None:
                raise ReportgenError(rendered.fatal)
            if rendered.reports and not out_dir_ready:
                make_folder(options.out_dir, hint="请用 --out 指定一个文件夹。")
                out_dir_ready = True
            for report in rendered.reports:
                _write_report(report)
                rendered.build.outputs.extend(output for output, _ in report)
            rendered.reports.clear()
            written += 1
            if written % RELEASE_EVERY == 0:
                batch.release_memory()
            yield rendered.build


def build_paths(paths: list[Path], options: BuildOptions, *, jobs: int = 1) -> BuildResult:
    """Check the agency files (or folders of them) named by `paths`, then build their reports."""
    return BuildResult(list(build_files(agency_files(paths), options, jobs=jobs)))
