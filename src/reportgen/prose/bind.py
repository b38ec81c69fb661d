"""`bind`: turn the figures that prose states in words, and that agree with the tables, into figure
references — `收到2件申请` becomes `收到{{表三.本年新收}}件申请` — so they can never disagree again.

The file is edited as text, at the recognised characters only: comments, key order, alignment and
blank lines stay exactly as the officer wrote them. Every replacement is checked by loading the
edited text again: the report must print the same words as before, or the replacement is dropped.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_all_or_none
from ..errors import ReportgenError
from ..load import load_agency_text
from ..load.tree import UnreadableFile, read_text
from ..model import Agency, Report
from ..render.values import format_number
from .analysis import stated_figures
from .inline import CLOSE, OPEN
from .paragraphs import paragraphs, printed_prose
from .references import Reference

BOM = "\ufeff"


@dataclass(frozen=True)
class Replacement:
    year: int
    where: str  # the paragraph's place in the form's words
    line: int  # 1-based
    column: int  # 0-based offset of the figure in the line
    old: str  # the figure as written
    new: str  # the reference that replaces it
    sentence: str

    def describe(self) -> str:
        return f"第 {self.line} 行（{self.year}年报告 · {self.where}）：{self.old} → {self.new}"


@dataclass(frozen=True)
class Skipped:
    year: int
    where: str
    line: int
    figure: str
    why: str


@dataclass
class BindPlan:
    path: Path
    original: str  # the file's text as read (without a byte-order mark)
    updated: str
    bom: bool = False
    replacements: list[Replacement] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    disagreeing: int = 0  # figures that differ from the tables: never touched

    @property
    def changed(self) -> bool:
        return self.updated != self.original

    def diff(self) -> str:
        lines = difflib.unified_diff(
            self.original.splitlines(keepends=True), self.updated.splitlines(keepends=True),
            fromfile=f"{self.path}（原文）", tofile=f"{self.path}（改为表格数字引用后）",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)

    @property
    def backup(self) -> Path:
        return self.path.with_name(self.path.name + ".bak")


def plan_bind(path: Path) -> BindPlan:
    """What `bind` would change in the file at `path` (nothing is written)."""
    try:
        text = read_text(path)
    except UnreadableFile as unreadable:
        raise ReportgenError(f"无法读取“{path}”：{unreadable.finding.message}") from None
    raw = path.read_bytes()
    bom = raw.startswith(BOM.encode("utf-8"))
    text = raw.decode("utf-8-sig")  # as read_text, but keeping \r\n: the file is edited in place
    agency = _load(text, path)
    before = printed_prose(agency)
    plan = BindPlan(path, text, text, bom=bom)
    lines = text.splitlines(keepends=True)
    candidates: list[Replacement] = []
    for year in sorted(agency.reports):
        report = agency.reports[year]
        for paragraph in paragraphs(report):
            for stated in stated_figures(paragraph, agency, report):
                check = stated.check
                statement = check.statement
                if statement.literal is None or not check.known:
                    continue
                reference = check.agreeing
                if reference is None:
                    plan.disagreeing += 1
                    continue
                pos = paragraph.text.pos
                assert pos is not None
                skip = _why_not(statement.bindable, stated.source_start, reference, agency, report, statement.literal)
                line_index = pos.line - 1
                start = lines[line_index].find(paragraph.text.value) if 0 <= line_index < len(lines) else -1
                if skip is None and start < 0:
                    skip = "这一段不是单独一行写成的（如跨行、带转义的引号），无法安全改写"
                if skip is not None:
                    plan.skipped.append(Skipped(year, paragraph.where, pos.line, statement.literal, skip))
                    continue
                assert stated.source_start is not None
                column = start + stated.source_start
                assert lines[line_index][column:column + len(statement.literal)] == statement.literal
                candidates.append(Replacement(year, paragraph.where, pos.line, column, statement.literal,
                                              f"{OPEN}{reference.text}{CLOSE}", statement.sentence))
    # Apply one at a time, right to left within a line, keeping each only if the report still
    # prints exactly the same words.
    candidates.sort(key=lambda r: (r.line, -r.column))
    for replacement in candidates:
        trial = lines.copy()
        line = trial[replacement.line - 1]
        trial[replacement.line - 1] = (line[: replacement.column] + replacement.new
                                       + line[replacement.column + len(replacement.old):])
        updated = "".join(trial)
        reloaded, _ = load_agency_text(updated, str(path))
        if reloaded is None or printed_prose(reloaded) != before:
            plan.skipped.append(Skipped(replacement.year, replacement.where, replacement.line, replacement.old,
                                        "改写后正文会变样（例如数字位于一行的开头），已保留原文"))
            continue
        lines = trial
        plan.replacements.append(replacement)
    plan.replacements.sort(key=lambda r: (r.line, r.column))
    plan.updated = "".join(lines)
    return plan


def _why_not(bindable: bool, source_start: int | None, reference: Reference, agency: Agency, report: Report,
             literal: str) -> str | None:
    """Why an agreeing figure cannot be replaced without changing the printed words, or None."""
    if not bindable:
        return "数字用汉字或全角数字写成，改为引用后印出的字会不同"
    if source_start is None:
        return "数字与表格数字引用相连，无法单独改写"
    value = reference.value(agency, report)
    if value is None or format_number(value, reference.column) != literal:
        return "表格印出的写法不同（如金额保留4位小数），改为引用后正文会变样"
    return None


def _load(text: str, path: Path) -> Agency:
    agency, findings = load_agency_text(text, str(path))
    unreadable = [f for f in findings if f.unreadable]  # a YAML slip read past is still not a file to edit
    if agency is None or unreadable:
        finding = unreadable[0] if unreadable else findings[0]
        where = f"第 {finding.line} 行：" if finding.line else ""
        raise ReportgenError(f"无法读取“{path}”：{where}{finding.message}")
    return agency


def apply_bind(plan: BindPlan) -> Path:
    """Write the plan: the earlier file is kept as FILE.bak, the new one written; both or neither.
    Refuses when the file changed since the plan was made."""
    before = plan.path.read_bytes()
    if before.decode("utf-8-sig") != plan.original:
        raise ReportgenError(f"“{plan.path}”在此期间被修改过，未写入。请重新运行 reportgen bind。")
    updated = ((BOM if plan.bom else "") + plan.updated).encode("utf-8")
    write_all_or_none([(plan.backup, before), (plan.path, updated)])  # through a symlink: the file it names
    return plan.backup
