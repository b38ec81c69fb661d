"""The two editions of the national format, declared once. Everything else reads them."""

from __future__ import annotations

from .e2019 import EDITION_2019
from .e2021 import EDITION_2021
from .shapes import (
    AppealsTable,
    ApplicationsTable,
    Block,
    Column,
    Edition,
    Group,
    ProactiveTable,
    Row,
    Table,
    ValueKind,
)

EDITIONS: dict[int, Edition] = {edition.year: edition for edition in (EDITION_2019, EDITION_2021)}
FIRST_REPORT_YEAR = EDITION_2019.first_report_year


def edition_for_year(report_year: int) -> Edition:
    """The edition the national notices prescribe for a report year (2019–2020 → 2019, 2021+ → 2021)."""
    for edition in EDITIONS.values():
        if edition.covers(report_year):
            return edition
    raise ValueError(f"no edition covers {report_year}")


__all__ = [
    "EDITIONS",
    "EDITION_2019",
    "EDITION_2021",
    "FIRST_REPORT_YEAR",
    "AppealsTable",
    "ApplicationsTable",
    "Block",
    "Column",
    "Edition",
    "Group",
    "ProactiveTable",
    "Row",
    "Table",
    "ValueKind",
    "edition_for_year",
]
