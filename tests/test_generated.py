"""Generated files are committed; these tests fail when one is stale."""

from __future__ import annotations

from pathlib import Path

from reportgen.reference import agency_file_reference

ROOT = Path(__file__).resolve().parent.parent


def test_agency_file_reference_is_current():
    committed = (ROOT / "docs" / "agency-file.md").read_text(encoding="utf-8")
    assert committed == agency_file_reference(), "run: python -m reportgen.reference > docs/agency-file.md"
