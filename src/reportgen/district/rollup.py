"""`reportgen rollup`: one agency file whose report for a year sums the chosen agencies' tables.

Every cell of 表二, 表三 and 表四 (totals included) is the sum of the same cell in each agency's
report of that year, so the result satisfies every identity the agencies' reports satisfy: it passes
`check` by construction, apart from its prose, which is the skeleton's placeholders (U-1) for the
office to write. A comment under the year lists the agencies summed and each one's 本年新收 总计.

Refused, with every reason named: a file that cannot be read, an agency without a report for the
year, an agency whose figures fail the check, reports of different editions, an agency given twice.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..atomic import create_atomic, make_folder, replace_atomic
from ..authoring.next_year import _insert as insert_report_lines
from ..authoring.next_year import _place as place_for_next_report
from ..authoring.skeleton import (
    AGENCY_FILE_SUFFIXES,
    Draft,
    Key,
    agency_file_text,
    check_year,
    new_draft,
    report_lines,
    schema_location,
)
from ..check import CheckResult, FileResult, check_paths
from ..editions import Edition, edition_for_year
from ..editions.common import CARRIED_FORWARD, CARRIED_IN, RECEIVED
from ..errors import ReportgenError
from ..findings import Finding
from ..load import load_agency_text
from ..load.tree import UnreadableFile, parse_tree, read_text
from ..model import Agency, Figures, Number, Report
from ..validate import validate
from ..yamltext import number_text

BOM = b"\xef\xbb\xbf"


def text_has_bom(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(3) == BOM


#: Errors about the prose, not the figures: an agency with them can still be summed.
PROSE_RULES = frozenset({"U-1", "X-0"})
TABLE_ATTRIBUTES = ("proactive", "applications", "appeals")


@dataclass(frozen=True)
class Summed:
    """One agency whose report went into the roll-up."""

    name: str
    path: Path
    received: Number  # 表三 本年新收 总计


@dataclass(frozen=True)
class RollupResult:
    path: Path
    year: int
    edition: Edition
    agencies: tuple[Summed, ...]
    text: str


def agency_name(agency: Agency) -> str:
    return agency.name.value if agency.name else agency.slug


def data_errors(result: FileResult, year: int) -> list[Finding]:
    """The errors in a year's figures (or in the file as a whole); prose errors do not count."""
    return [finding for finding in result.errors
            if finding.rule not in PROSE_RULES and (finding.year is None or finding.year == year)]


def _rules(findings: list[Finding]) -> str:
    counts = Counter(finding.rule for finding in findings)
    return "、".join(rule if n == 1 else f"{rule}×{n}" for rule, n in sorted(counts.items()))


def _refusals(check: CheckResult, year: int) -> tuple[list[str], list[tuple[FileResult, Report]]]:
    """(every reason to refuse, in Chinese; the reports to sum)."""
    problems: list[str] = []
    chosen: list[tuple[FileResult, Report]] = []
    seen: dict[str, Path] = {}
    for result in check.files:
        agency = result.agency
        if result.unreadable or agency is None:
            reason = result.findings[0].message if result.findings else "无法读取"
            problems.append(f"“{result.path}”无法读取：{reason}")
            continue
        name = agency_name(agency)
        if name in seen:
            problems.append(f"“{name}”出现了两次（“{seen[name]}”和“{result.path}”）：同一机关只能汇总一次。")
            continue
        seen[name] = result.path
        report = agency.reports.get(year)
        if report is None:
            years = "、".join(f"{y}年" for y in sorted(agency.reports)) or "没有年度报告"
            problems.append(f"“{name}”（{result.path}）没有 {year} 年的报告（文件中有：{years}）。")
            continue
        errors = data_errors(result, year)
        if errors:
            problems.append(f"“{name}”（{result.path}）{year} 年的数据未通过校验：{len(errors)} 个错误"
                            f"（{_rules(errors)}）；请先改正，运行 reportgen check {result.path} 可看详情。")
            continue
        chosen.append((result, report))
    editions = {report.edition.year for _, report in chosen}
    if len(editions) > 1:
        listed = "；".join(f"“{agency_name(result.agency)}”用{report.edition.name}"  # type: ignore[arg-type]
                          for result, report in chosen)
        problems.append(f"这些报告的格式版本不同，表格的行列不一样，无法相加：{listed}。")
    return problems, chosen


def _figures(report: Report, attribute: str) -> Figures:
    figures = getattr(report, attribute)
    assert figures is not None  # a report without a table fails the check (S-2) and is refused above
    return figures


def summed_values(reports: list[Report], edition: Edition) -> dict[Key, Number]:
    """Every cell of the edition's three tables, summed over the reports."""
    values: dict[Key, Number] = {}
    for attribute, table in zip(TABLE_ATTRIBUTES, edition.tables, strict=True):
        for row, column in table.cells():
            total: Number = 0
            for report in reports:
                value = _figures(report, attribute).value(row, column)
                assert value is not None  # a cell without a number is V-1 or S-2: refused above
                total += value
            values[(table.number, row.key, column.key)] = total
    return values


def rollup_draft(check: CheckResult, year: int, name: str) -> tuple[Draft, list[Summed]]:
    """The roll-up report of `year`, or `ReportgenError` naming every agency that cannot be summed."""
    check_year(year)
    name = name.strip()
    if not name or "\n" in name:
        raise ReportgenError("--agency 应是一行文字：汇总报告的机关名称，如 --agency 郑州市二七区人民政府。")
    problems, chosen = _refusals(check, year)
    if problems:
        raise ReportgenError(f"无法汇总 {year} 年的报告，没有写入文件：\n" + "\n".join(f"  - {p}" for p in problems))
    if not chosen:
        raise ReportgenError("没有可以汇总的报告。")
    edition = chosen[0][1].edition
    reports = [report for _, report in chosen]
    draft = new_draft(name, year)
    draft.edition = edition
    draft.values = summed_values(reports, edition)
    applications = edition.applications
    received_key = (applications.number, RECEIVED.key, applications.total_column.key)
    summed = [Summed(agency_name(result.agency), result.path,  # type: ignore[arg-type]
                     _figures(report, "applications").value(RECEIVED, applications.total_column) or 0)
              for result, report in chosen]
    tables = "、".join(table.name for table in edition.tables)
    draft.header_comments = [
        f"由 reportgen rollup 汇总 {len(summed)} 个机关的 {year} 年报告：{tables}每一格都是下列机关同一格之和，请勿手改。",
        f"正文是待填写的占位文字：请按全区情况撰写（全区共收到政府信息公开申请 {number_text(draft.values[received_key])} 件……）。",
        f"汇总的机关（{applications.name} {RECEIVED.key} {applications.total_column.label}）：",
        *(f"  {item.name}（{item.path.as_posix()}）：{number_text(item.received)}" for item in summed),
    ]
    if edition is not edition_for_year(year):
        draft.header_comments.append(f"各机关的报告都用{edition.name}格式，汇总沿用该格式。")
    return draft, summed


def rollup_text(check: CheckResult, year: int, name: str, schema_ref: str | None = None) -> tuple[str, Draft, list[Summed]]:
    """A new roll-up agency file's text (see `rollup_draft`)."""
    draft, summed = rollup_draft(check, year, name)
    return agency_file_text(draft, schema_ref, made_by="reportgen rollup"), draft, summed


def _verify(text: str, path: Path, year: int) -> None:
    """The roll-up passes the check but for its placeholders; anything else is a defect of reportgen
    (for a year added to a file, Y-1 against the year before is said apart, as the user's matter)."""
    agency, findings = load_agency_text(text, str(path))
    if agency is not None:
        findings = findings + validate(agency)
    wrong = [f for f in findings if f.is_error and f.rule not in PROSE_RULES and f.year in (year, None)]
    across = [f for f in wrong if f.rule == "Y-1"]
    if across:
        raise ReportgenError(
            f"{year}年汇总的“{CARRIED_IN.key}”与“{path}”中{year - 1}年汇总的“{CARRIED_FORWARD.key}”不一致（{across[0].where}：{across[0].message}）："
            f"两年汇总的机关不同，或有机关的跨年度衔接（Y-1）不成立。没有改动文件。")
    if agency is None or year not in agency.reports or wrong:
        detail = wrong[0].message if wrong else "生成的文件无法读取"
        raise ReportgenError(f"汇总结果未通过校验（{detail}）：这是 reportgen 的缺陷，请报告；没有写入文件。")


def rollup_paths(paths: list[Path], year: int, name: str, out: Path) -> RollupResult:
    """Sum the reports of `year` in the agency files (or folders) `paths` into a new file `out`."""
    if out.suffix not in AGENCY_FILE_SUFFIXES:
        raise ReportgenError(f"汇总结果是机关文件，名字应以 .yaml 结尾，如 agencies/quanqu.yaml；“{out}”不是。")
    if out.exists() or out.is_symlink():
        raise ReportgenError(f"“{out}”已经存在，没有覆盖它：请换一个文件名。")
    check = check_paths(paths)
    out_real = out.resolve()
    check.files = [result for result in check.files if result.path.resolve() != out_real]
    schema = schema_location(out)
    reference = Path(os.path.relpath(schema, out.resolve().parent)).as_posix() if schema.exists() else None
    text, draft, summed = rollup_text(check, year, name, reference)
    _verify(text, out, year)
    make_folder(out.parent)
    create_atomic(out, text.encode("utf-8"))
    return RollupResult(out, year, draft.edition, tuple(summed), text)


def rollup_into(paths: list[Path], year: int, into: Path) -> RollupResult:
    """Add the roll-up of `year` at the end of an existing roll-up file `into` (its other years untouched),
    so that `check` also ties this year's 上年结转 to last year's 结转下年 (Y-1)."""
    file = str(into)
    if not into.is_file():
        raise ReportgenError(f"找不到“{into}”：--into 要指定已有的汇总文件；新建请用 --out。")
    try:
        text = read_text(into)
        root = parse_tree(text, file)
    except UnreadableFile as unreadable:
        raise ReportgenError(f"“{into}”无法读取（{unreadable.finding.message}），没有改动它。") from None
    existing, _ = load_agency_text(text, file)
    assert existing is not None  # the tree was read, so the agency was
    if year in existing.reports:
        raise ReportgenError(f"“{into}”中已经有 {year} 年的汇总，没有改动。")
    check = check_paths(paths)
    into_real = into.resolve()
    check.files = [result for result in check.files if result.path.resolve() != into_real]
    draft, summed = rollup_draft(check, year, agency_name(existing))
    place = place_for_next_report(root, text, file)
    new_text = insert_report_lines(text, place, report_lines(draft, place.base, place.step, f"{year}{place.year_suffix}"))
    _verify(new_text, into, year)
    replace_atomic(into, (BOM if text_has_bom(into) else b"") + new_text.encode("utf-8"))
    return RollupResult(into, year, draft.edition, tuple(summed), new_text)
