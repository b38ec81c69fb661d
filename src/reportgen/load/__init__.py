"""Loading an agency file: bytes → YAML node tree (`tree`) → agency model (`reader`)."""

from __future__ import annotations

from pathlib import Path

from ..arithmetic import fill_derived
from ..findings import Finding
from ..model import Agency
from .reader import read_agency
from .tree import Node, UnreadableFile, parse_tree_recovering, read_text


def load_agency(path: Path) -> tuple[Agency | None, list[Finding]]:
    """Load an agency file. Returns (None, [finding]) when it cannot be read as YAML at all;
    otherwise the agency (as much of it as could be understood) and every structural problem."""
    try:
        text = read_text(path)
    except UnreadableFile as unreadable:
        return None, [unreadable.finding]
    return load_agency_text(text, str(path))


def load_agency_text(text: str, file: str = "<text>") -> tuple[Agency | None, list[Finding]]:
    """The agency in `text`; a one-line YAML slip is reported (F-2, S-7) and read past, so that the
    file's other findings are reported too."""
    try:
        root, slips, repaired = parse_tree_recovering(text, file)
    except UnreadableFile as unreadable:
        return None, [*unreadable.earlier, unreadable.finding]
    agency, findings = _read(root, file, text, repaired)
    return agency, slips + findings


def _read(root: Node | None, file: str, text: str, repaired: str) -> tuple[Agency, list[Finding]]:
    agency, findings = read_agency(root, file, text, repaired)
    for report in agency.reports.values():
        fill_derived(report)
    return agency, findings


__all__ = ["load_agency", "load_agency_text"]
