"""Rules within one report's tables: T3-1, T3-2, T3-3, T4-1 and V-1."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..arithmetic import appeal_sum, applicant_sum, outcome_sum, total
from ..editions import AppealsTable, ApplicationsTable, Column, Row, ValueKind
from ..editions.common import CARRIED_FORWARD, CARRIED_IN, RECEIVED
from ..findings import Finding
from ..load.characters import describe_characters, visible
from ..load.numbers import MAX_DIGITS, UNIT, foreign_digits
from ..load.tree import shorten
from ..model import Agency, Cell, CellProblem, Figures, Number, Report
from .registry import cell_pos, finding, mismatch, reports, rule, show


@rule("T3-1")
def received_and_carried_in_equal_handled_and_carried_forward(agency: Agency) -> Iterator[Finding]:
    """For every column of table 三: 一 + 二 = （七）总计 + 四 (the rule printed in the table)."""
    for report in reports(agency):
        figures = report.applications
        if figures is None:
            continue
        table = figures.table
        assert isinstance(table, ApplicationsTable)
        received, carried_in, carried_forward = RECEIVED, CARRIED_IN, CARRIED_FORWARD  # shared by both editions
        handled = table.outcome_total_row
        for column in table.columns:
            incoming = total(figures.value(row, column) for row in (received, carried_in))
            outgoing = total(figures.value(row, column) for row in (handled, carried_forward))
            if incoming is None or outgoing is None or incoming == outgoing:
                continue
            carried = figures.value(carried_in, column)
            expected_now = ""
            if carried and outgoing == 0:
                # a year just added by next-year: the carried-over applications await this year's results
                expected_now = (f"其中{carried_in.key} {show(carried)} 件尚未填写办理结果（是从{report.year - 1}年带入的）："
                                f"填上本年的办理结果和“{carried_forward.label}”后即可通过。")
            yield finding(
                "T3-1", report,
                f"“{received.label}”加“{carried_in.label}”应等于"
                f"“{handled.label}”加“{carried_forward.label}”。一＋二＝{show(incoming)}，"
                f"（七）＋四＝{show(outgoing)}；" + mismatch(incoming, outgoing) + expected_now,
                pos=cell_pos(figures, received, column), where=f"{table.name} · {column.label}",
                expected=incoming, found=outgoing,
            )


def written_totals(
    rule_id: str, report: Report, figures: Figures, totals: Iterable[tuple[Row, Column, Number | None]], rule: str
) -> Iterator[Finding]:
    """A finding for each total the file writes that differs from its derived sum. A total that is
    not written is derived and cannot differ; one whose parts are unknown is left to V-1."""
    for row, column, derived in totals:
        cell = figures.cell(row, column)
        if not cell.written or cell.value is None or derived is None or cell.value == derived:
            continue
        yield finding(
            rule_id, report, rule + mismatch(derived, cell.value),
            pos=cell_pos(figures, row, column), where=figures.table.cell_name(row, column),
            expected=derived, found=cell.value,
        )


@rule("T3-2")
def outcome_total_is_sum_of_outcomes(agency: Agency) -> Iterator[Finding]:
    """A written （七）总计 equals the sum of the outcome rows: each application is counted once."""
    for report in reports(agency):
        figures = report.applications
        if figures is None:
            continue
        table = figures.table
        assert isinstance(table, ApplicationsTable)
        row = table.outcome_total_row
        totals = ((row, column, outcome_sum(figures, column)) for column in table.columns)
        yield from written_totals("T3-2", report, figures, totals, "应等于（一）至（六）各项办理结果之和，每件申请只计入一项。")


@rule("T3-3")
def row_total_is_sum_of_applicants(agency: Agency) -> Iterator[Finding]:
    """A written 总计 of a table 三 row equals 自然人 + the five kinds of legal person."""
    for report in reports(agency):
        figures = report.applications
        if figures is None:
            continue
        table = figures.table
        assert isinstance(table, ApplicationsTable)
        totals = ((row, table.total_column, applicant_sum(figures, row)) for row in table.rows())
        yield from written_totals("T3-3", report, figures, totals, f"应等于{table.applicant_columns[0].label}与{table.organisation_header}各列之和。")


@rule("T4-1")
def appeal_total_is_sum_of_results(agency: Agency) -> Iterator[Finding]:
    """A written 总计 in table 四 equals 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    for report in reports(agency):
        figures = report.appeals
        if figures is None:
            continue
        table = figures.table
        assert isinstance(table, AppealsTable)
        totals = ((row, table.total_column, appeal_sum(figures, row)) for row in table.rows())
        parts = "＋".join(column.label for column in table.outcome_columns)
        yield from written_totals("T4-1", report, figures, totals, f"应等于{parts}。")


_PROBLEM_TEXT = {
    CellProblem.BLANK: "此格是空白。空白不等于 0：没有发生的请填 0。",
    CellProblem.PLACEHOLDER: "此格写的是“{raw}”，这不是数字。没有发生的请填 0。",
    CellProblem.FULL_WIDTH: "此格写的是全角字符“{raw}”，请改为半角数字。",
    CellProblem.FOREIGN_DIGIT: "此格写的是“{raw}”，其中的 {foreign} 不是半角数字 0–9，请改为半角数字。",
    CellProblem.QUOTED: "此格应为数字，实为加了引号的“{raw}”：加了引号的数字会被当作文字，请去掉引号。",
    CellProblem.UNIT: "此格写的是“{raw}”：格中只写数字，单位已在表头中。请去掉单位“{unit}”，写成 {number}{quoted}。",
    CellProblem.FULL_WIDTH_QUOTED: "此格写的是 {raw}：全角引号会被当作文字的一部分，请去掉引号，只写数字。",
    CellProblem.NOT_A_NUMBER: "此格应为{expected}，实为“{raw}”：只能用半角数字 0–9 书写"
                              "（不能写文字、日期、1e3 这样的科学记数法或 0x1F 这样的十六进制数）。",
    CellProblem.NOT_WHOLE: "此格应为整数，实为“{raw}”。",
    CellProblem.TOO_PRECISE: "金额最多保留 4 位小数，实为“{raw}”。",
    CellProblem.TOO_LARGE: "此格的数字有 {digits} 位（“{raw}”），太大，不可能是真实的{noun}："
                           f"最多 {MAX_DIGITS} 位。此格不参与求和，请核对。",
}


def problem_message(cell: Cell) -> str:
    """V-1's sentence for a cell that holds no usable number."""
    raw = visible(cell.raw or "")
    unit = UNIT.fullmatch(raw.strip().replace("\u3000", ""))
    return _PROBLEM_TEXT[cell.problem].format(  # type: ignore[index]
        unit=unit.group(2) if unit else "",
        number=unit.group(1) if unit else "",
        quoted="（也不要加引号）" if cell.quoted else "",
        raw=shorten(raw.strip(), 40),
        expected=cell.column.kind.description,
        foreign=describe_characters(foreign_digits(raw)),
        digits=sum(ch.isdigit() for ch in raw),
        noun="金额" if cell.column.kind is ValueKind.MONEY else "件数",
    )


@rule("V-1")
def values_are_numbers_in_range(agency: Agency) -> Iterator[Finding]:
    """Every cell holds a number: counts whole and ≥ 0 (2019 本年增/减 may be negative), money ≥ 0."""
    for report in reports(agency):
        for figures in (report.proactive, report.applications, report.appeals):
            if figures is None:
                continue
            table = figures.table
            for cell in figures.cells.values():
                problem = cell.problem is not None and cell.problem is not CellProblem.MISSING
                negative = (cell.written and cell.value is not None and cell.value < 0
                            and cell.column.kind is not ValueKind.SIGNED_COUNT)
                if not (problem or negative):
                    continue  # nothing to say: no message is worked out
                where = table.cell_name(cell.row, cell.column)
                expected = cell.column.kind.description
                pos = cell_pos(figures, cell.row, cell.column)
                if problem:
                    yield finding("V-1", report, problem_message(cell), pos=pos, where=where,
                                  expected=expected, found=shorten(visible(cell.raw or "").strip(), 40) or "空白")
                else:
                    yield finding("V-1", report, f"不能为负数，实为 {show(cell.value)}。",  # type: ignore[arg-type]
                                  pos=pos, where=where, expected=expected, found=show(cell.value))
