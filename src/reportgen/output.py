"""How findings are shown: Chinese text for people, JSON for machines."""

from __future__ import annotations

import json

from .check import CheckResult, CheckTally, FileResult
from .findings import Finding


def finding_text(finding: Finding) -> str:
    location = finding.file or ""
    if finding.line:
        location += f":{finding.line}" + (f":{finding.column}" if finding.column else "")
    context = " · ".join(part for part in (f"{finding.year}年报告" if finding.year else "", finding.where or "") if part)
    head = f"{location}: {finding.severity.label} [{finding.rule}]" + (f" {context}" if context else "")
    return f"{head}\n    {finding.message}"


def _file_heading(result: FileResult) -> str:
    years = "、".join(f"{year}年" for year in result.years)
    name = result.agency_name or ""
    about = "（" + "，".join(part for part in (name, years) if part) + "）" if name or years else ""
    if not result.findings:
        return f"{result.path}{about}：通过"
    counts = [f"{len(result.errors)} 个错误" if result.errors else "", f"{len(result.warnings)} 个警告" if result.warnings else ""]
    verdict = "，".join(c for c in counts if c)
    if result.unreadable:
        # a one-line YAML slip is read past, and the rest of the file checked: both are said
        verdict = f"有 YAML 语法错误（其他问题照常列出），{verdict}" if result.loaded else "无法读取"
    return f"{result.path}{about}：{verdict}"


def file_text(result: FileResult) -> str:
    """One file as `check` prints it: its heading, then every finding."""
    return "\n".join([_file_heading(result), *(finding_text(f) for f in result.findings)])


def check_text(result: CheckResult) -> str:
    return "\n".join([*(file_text(file_result) for file_result in result.files), check_summary(result)])


def check_summary(result: CheckResult | CheckTally) -> str:
    """The closing line (after a blank one): files, reports, errors and warnings."""
    lines: list[str] = []
    files, reports = result.file_count, result.report_count
    if result.error_count or result.warning_count:
        counts = f"{result.error_count} 个错误，{result.warning_count} 个警告"
        lines.append(f"\n检查了 {files} 个文件（{reports} 份年度报告）：{counts}。")
    else:
        lines.append(f"\n检查了 {files} 个文件（{reports} 份年度报告），没有发现问题。")
    return "\n".join(lines)


def check_json(result: CheckResult) -> str:
    payload = {
        "files": [
            {
                "path": str(r.path),
                "agency": r.agency_name,
                "years": list(r.years),
                "findings": [f.to_dict() for f in r.findings],
            }
            for r in result.files
        ],
        "summary": {
            "files": len(result.files),
            "reports": result.report_count,
            "errors": result.error_count,
            "warnings": result.warning_count,
            "unreadable": sum(1 for r in result.files if r.unreadable),
        },
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)
