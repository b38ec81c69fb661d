"""`audit`: import published reports into memory, check them, and say what is wrong with each.

The findings are the validator's (on the figures as printed: blanks, placeholders, totals that do
not add up, a late publication date) and the import's own (A-…): headings renamed or missing,
sections missing or added, rows the form does not have, the wrong edition for the year, rows that
cannot be read. Every finding points at the line of the source, not at the YAML in between.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import ReportgenError
from ..findings import Finding, HasFindings
from ..load import load_agency_text
from ..model import Agency
from ..validate import validate
from ..validate.dates import deadline
from . import agency_file, import_file
from .blank_cells import blanks_as_zero
from .imported import Imported

#: Loader findings that an import finding already says better, by (rule, where).
_SUPERSEDED_BY = {"A-6": ("S-2",), "A-2": ("S-2",), "A-4": ("E-1",)}


@dataclass
class AuditResult(HasFindings):
    source: str
    imported: Imported | None = None
    agency: Agency | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # the source could not be read (Chinese)

    @property
    def verdict(self) -> str:
        if self.error is not None:
            return "无法读取"
        errors, warnings = len(self.errors), len(self.warnings)
        if not errors and not warnings:
            return "未发现问题"
        if not errors:
            return f"没有错误，{warnings} 个警告"
        return f"{errors} 个错误，{warnings} 个警告" if warnings else f"{errors} 个错误"


@dataclass(frozen=True)
class AuditOptions:
    """What the user tells `audit` that the sources may not state, and the policy for blanks."""

    year: int | None = None
    agency: str | None = None
    edition: int | None = None
    strict_blanks: bool = False  # every blank cell reported (the authoring rule), not read as 0


def audit_file(path: Path, year: int | None = None, options: AuditOptions | None = None) -> AuditResult:
    """One source's result. Whatever goes wrong with it is its own verdict (无法读取, with the reason),
    so that the other sources of the same audit are still audited."""
    source = str(path)
    options = options or AuditOptions(year=year)
    try:
        imported = import_file(path, year=options.year, agency=options.agency, edition=options.edition)
        return audit_imported(imported, strict_blanks=options.strict_blanks)
    except ReportgenError as error:
        return AuditResult(source, error=error.message)
    except Exception as error:  # a defect of reportgen on this one source: said, and the audit goes on
        return AuditResult(source, error=f"读取时出现意外错误（{type(error).__name__}: {error}）："
                                         "这是 reportgen 的缺陷，请报告。")


def audit_imported(imported: Imported, strict_blanks: bool = False) -> AuditResult:
    """The findings of one import; blank cells read as 0 unless `strict_blanks` (`blank_cells`)."""
    if not strict_blanks:
        imported = blanks_as_zero(imported)
    source = imported.source
    text, lines = agency_file(imported)
    agency, loaded = load_agency_text(text, file=source)
    if agency is None:  # the YAML the import wrote does not load: a bug, said plainly
        raise ReportgenError(f"导入“{source}”时生成的文件无法读取（{loaded[0].message}）：这是 reportgen 的缺陷，请报告。")
    own = [note for note in imported.notes if note.rule]

    def superseded(finding: Finding) -> bool:
        for note in own:
            if finding.rule not in _SUPERSEDED_BY.get(note.rule or "", ()):
                continue
            if note.rule == "A-4":
                return True
            where = finding.where or ""
            if note.where and (where == note.where or where.startswith(f"{note.where} · ")):
                return True
        return False

    def source_line(finding: Finding) -> int | None:
        if finding.line is None or not 1 <= finding.line <= len(lines):
            return None
        return lines[finding.line - 1]

    findings: list[Finding] = []
    for finding in [*loaded, *validate(agency)]:
        if superseded(finding):
            continue
        findings.append(replace(finding, file=source, line=source_line(finding), column=None,
                                message=published_advice(finding.message)))
    for note in own:
        assert note.rule is not None
        findings.append(Finding(note.rule, note.message, file=source, line=note.line, year=imported.year,
                                where=note.where))
    findings.extend(_late_signoff(imported, agency))
    findings.sort(key=lambda f: (f.line is None, f.line or 0, f.rule))
    return AuditResult(source, imported, agency, findings)


#: Advice written for the officer editing the agency file, said instead for a published report.
_PUBLISHED_ADVICE = (
    (re.compile(r"正文中可写“\{\{[^}]*\}\}”，由程序从表格取数。"), "请核对已发布报告的正文与表格，改正其中有误的一处。"),
    (re.compile(r"没有发生的请填 0"), "没有发生的应印 0"),
    (re.compile(r"（第 \d+ 行已有）"), "（前面已有）"),  # a line of the YAML the import wrote, meaningless here
    (re.compile(r"第 \d+ 行的(?=“)"), ""),
)


def published_advice(message: str) -> str:
    """A finding's message in terms of the published document, not of the YAML the import wrote."""
    for pattern, published in _PUBLISHED_ADVICE:
        message = pattern.sub(published, message)
    return message


#: How a source's positions are said: Word has paragraphs, a PDF pages, a web page its source lines.
_POSITIONS = {"Word": "第 {n} 段", "PDF": "第 {n} 页", "网页": "网页源代码第 {n} 行"}


def finding_location(result: AuditResult, finding: Finding) -> str:
    """`报告.docx（第 12 段）`, `报告.pdf（第 3 页）`, `报告.txt:12`."""
    kind = result.imported.kind if result.imported is not None else ""
    if finding.line is None:
        return finding.file or result.source
    if kind in _POSITIONS:
        return f"{finding.file or result.source}（{_POSITIONS[kind].format(n=finding.line)}）"
    return f"{finding.file or result.source}:{finding.line}"


def _late_signoff(imported: Imported, agency: Agency) -> list[Finding]:
    """A report signed after the deadline cannot have been published on time (A-8)."""
    if imported.signoff_date is None or imported.published_on is not None:
        return []
    due = deadline(agency, imported.year)
    if imported.signoff_date <= due:
        return []
    late = (imported.signoff_date - due).days
    return [Finding("A-8", f"落款日期 {imported.signoff_date.isoformat()} 晚于 {due.year}年{due.month}月{due.day}日"
                           f"（《政府信息公开条例》第四十九条），迟了 {late} 天；报告不可能按时发布。",
                    file=imported.source, line=imported.signoff_line, year=imported.year, where="落款",
                    expected=f"不晚于 {due.isoformat()}", found=imported.signoff_date.isoformat())]


def audit_paths(paths: list[Path], year: int | None = None, options: AuditOptions | None = None) -> list[AuditResult]:
    options = options or AuditOptions(year=year)
    return [audit_file(path, options=options) for path in paths]


# -- output -------------------------------------------------------------------------------------


def _heading(result: AuditResult) -> str:
    imported = result.imported
    if imported is None:
        return f"{result.source}：无法读取"
    about = [imported.agency, f"{imported.year}年", f"{imported.edition.name}格式"]
    return f"{result.source}（{'，'.join(part for part in about if part)}）"


def audit_text(results: list[AuditResult]) -> str:
    return "\n".join([*(result_text(result) for result in results), audit_summary(results)])


def result_text(result: AuditResult) -> str:
    """One report's heading, problems and verdict, then a blank line."""
    from ..output import finding_text

    out = [_heading(result)]
    if result.error is not None:
        out.append(f"    {result.error}")
    out.extend(finding_text(replace(finding, line=None, file=finding_location(result, finding)))
               for finding in result.findings)
    out.append(f"结论：{result.verdict}。")
    out.append("")
    return "\n".join(out)


def audit_summary(results: list[AuditResult]) -> str:
    readable = [r for r in results if r.error is None]
    faulty = sum(1 for r in readable if r.errors)
    unreadable = len(results) - len(readable)
    summary = f"审核了 {len(results)} 份报告：{faulty} 份有错误，{len(readable) - faulty} 份没有错误"
    if unreadable:
        summary += f"，{unreadable} 份无法读取"
    return summary + "。"


def audit_json(results: list[AuditResult]) -> str:
    reports = []
    for result in results:
        imported = result.imported
        reports.append({
            "source": result.source,
            "agency": imported.agency if imported else None,
            "year": imported.year if imported else None,
            "edition": imported.edition.year if imported else None,
            "verdict": result.verdict,
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "error": result.error,
            "findings": [finding.to_dict() for finding in result.findings],
        })
    payload = {
        "reports": reports,
        "summary": {
            "reports": len(results),
            "with_errors": sum(1 for r in results if r.error is None and r.errors),
            "unreadable": sum(1 for r in results if r.error is not None),
            "errors": sum(len(r.errors) for r in results),
            "warnings": sum(len(r.warnings) for r in results),
        },
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def exit_code(results: list[AuditResult]) -> int:
    """0 no errors; 1 a report has errors; 2 a source could not be read."""
    if any(result.error is not None for result in results):
        return 2
    return 1 if any(result.errors for result in results) else 0
