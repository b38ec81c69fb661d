"""`check` as a library call: load each agency file, validate it, collect every finding."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import ReportgenError
from .findings import Finding, HasFindings
from .load import load_agency
from .model import Agency
from .validate import validate

AGENCY_FILE_SUFFIXES = (".yaml", ".yml")


@dataclass
class FileResult(HasFindings):
    path: Path
    agency: Agency | None
    findings: list[Finding] = field(default_factory=list)
    agency_name: str | None = None  # kept when `slim` lets the agency go
    years: tuple[int, ...] = ()
    loaded: bool = False  # the agency was read (past a one-line YAML slip, maybe): kept when `slim` lets it go

    def __post_init__(self) -> None:
        if self.agency is not None:
            self.loaded = True
            self.agency_name = self.agency.name.value if self.agency.name else None
            self.years = tuple(sorted(self.agency.reports))

    @property
    def unreadable(self) -> bool:
        return any(f.unreadable for f in self.findings)

    def slim(self) -> FileResult:
        """The same result without the loaded agency: what a batch keeps (or sends between processes)."""
        return FileResult(self.path, None, self.findings, self.agency_name, self.years, self.loaded)


@dataclass
class CheckResult:
    files: list[FileResult]

    @property
    def file_count(self) -> int:
        return len(self.files)

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.files for f in result.findings]

    @property
    def error_count(self) -> int:
        return sum(len(result.errors) for result in self.files)

    @property
    def warning_count(self) -> int:
        return sum(len(result.warnings) for result in self.files)

    @property
    def report_count(self) -> int:
        return sum(len(result.years) for result in self.files)

    def exit_code(self, strict: bool = False) -> int:
        """0 clean, 1 errors (or warnings under --strict), 2 a file could not be read."""
        if any(result.unreadable for result in self.files):
            return 2
        if self.error_count or (strict and self.warning_count):
            return 1
        return 0


@dataclass
class CheckTally:
    """What `check` of many files keeps once each file has been printed: the counts, not the findings."""

    file_count: int = 0
    report_count: int = 0
    error_count: int = 0
    warning_count: int = 0
    unreadable: bool = False

    def add(self, result: FileResult) -> None:
        self.file_count += 1
        self.report_count += len(result.years)
        self.error_count += len(result.errors)
        self.warning_count += len(result.warnings)
        self.unreadable = self.unreadable or result.unreadable

    def exit_code(self, strict: bool = False) -> int:
        """As `CheckResult.exit_code`."""
        if self.unreadable:
            return 2
        return 1 if self.error_count or (strict and self.warning_count) else 0


def agency_files(paths: list[Path]) -> list[Path]:
    """The agency files named by `paths`: files as given, folders searched for *.yaml / *.yml."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in AGENCY_FILE_SUFFIXES and p.is_file())
            if not found:
                raise ReportgenError(f"文件夹“{path}”中没有 .yaml 文件。")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise ReportgenError(f"找不到“{path}”：请检查文件名或文件夹名。")
    return list(dict.fromkeys(files))


def check_file(path: Path) -> FileResult:
    agency, findings = load_agency(path)
    if agency is not None:
        findings = findings + validate(agency)
    findings.sort(key=lambda f: (f.line or 0, f.column or 0))
    return FileResult(path, agency, findings)


def check_paths(paths: list[Path]) -> CheckResult:
    return CheckResult([check_file(path) for path in agency_files(paths)])


def check_slim(path: Path) -> FileResult:
    """`check_file` without the loaded agency: what a batch of many files keeps."""
    return check_file(path).slim()
