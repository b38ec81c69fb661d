"""The rule registry: each rule is one function, registered under its stable id."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..editions import Column, Row
from ..findings import CATALOGUE, Finding
from ..model import Agency, Figures, Number, Position, Report

RuleFunction = Callable[[Agency], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    function: RuleFunction


RULES: list[Rule] = []


def rule(rule_id: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule function under an id of the catalogue."""
    if rule_id not in CATALOGUE:
        raise ValueError(f"rule id {rule_id} is not in the catalogue")

    def register(function: RuleFunction) -> RuleFunction:
        RULES.append(Rule(rule_id, function))
        return function

    return register


def reports(agency: Agency) -> Iterator[Report]:
    yield from (agency.reports[year] for year in sorted(agency.reports))


def show(value: Number | None) -> str:
    if value is None:
        return "（无法计算）"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return str(value)


def signed(value: Number) -> str:
    text = show(abs(value))
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else "0")


def finding(
    rule_id: str,
    report: Report,
    message: str,
    *,
    pos: Position | None,
    where: str | None = None,
    expected: Number | str | None = None,
    found: Number | str | None = None,
) -> Finding:
    difference = None
    if isinstance(expected, (int, Decimal)) and isinstance(found, (int, Decimal)):
        difference = signed(found - expected)
    return Finding(
        rule_id,
        message,
        file=pos.file if pos else None,
        line=pos.line if pos else None,
        column=pos.column if pos else None,
        year=report.year,
        where=where,
        expected=show(expected) if isinstance(expected, (int, Decimal)) else expected,
        found=show(found) if isinstance(found, (int, Decimal)) else found,
        difference=difference,
    )


def mismatch(expected: Number, found: Number) -> str:
    """The closing sentence of an arithmetic finding."""
    return f"应为 {show(expected)}，实为 {show(found)}，相差 {signed(found - expected)}。"


def cell_pos(figures: Figures, row: Row, column: Column) -> Position | None:
    cell = figures.cell(row, column)
    return cell.pos or figures.where(row)
