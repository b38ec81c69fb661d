"""The validator: every rule of the format reference, each one function with its stable id."""

from __future__ import annotations

from ..findings import Finding
from ..model import Agency
from . import authoring, dates, prose, tables, years  # noqa: F401 - importing registers the rules
from .registry import RULES, Rule


def validate(agency: Agency, only: set[str] | None = None) -> list[Finding]:
    """Every finding of every rule (or of the rules in `only`), all at once."""
    findings: list[Finding] = []
    for rule in RULES:
        if only is None or rule.id in only:
            findings.extend(rule.function(agency))
    return findings


__all__ = ["RULES", "Rule", "validate"]
