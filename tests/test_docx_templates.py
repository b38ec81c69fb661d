"""The Word templates in templates/docx/ are generated (reportgen.render.docx_template) and committed:
these tests fail when a committed template differs from what the generator makes now, comparing each
XML part pretty-printed, as a unified diff (never the zip bytes)."""

from __future__ import annotations

import difflib
import io
import zipfile

import pytest
from lxml import etree

from reportgen.editions import EDITIONS
from reportgen.render.docx import DEFAULT_TEMPLATES_DIR, template_problems
from reportgen.render.docx_common import template_name
from reportgen.render.docx_template import build_template

REGENERATE = "python -m reportgen.render.docx_template"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def pretty_parts(data: bytes) -> dict[str, list[str]]:
    """Each member of a .docx: XML pretty-printed, line by line; anything else as its bytes' repr."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    parts = {}
    for name in archive.namelist():
        content = archive.read(name)
        if name.endswith((".xml", ".rels")):
            root = etree.fromstring(content, etree.XMLParser(remove_blank_text=True))
            parts[name] = etree.tostring(root, pretty_print=True, encoding="unicode").splitlines()
        else:
            parts[name] = [repr(content)]
    return parts


@pytest.mark.parametrize("edition", EDITIONS.values(), ids=lambda edition: str(edition.year))
def test_committed_template_is_current(edition) -> None:
    path = DEFAULT_TEMPLATES_DIR / template_name(edition)
    assert path.is_file(), f"{path} is missing: run `{REGENERATE}`"
    committed, fresh = pretty_parts(path.read_bytes()), pretty_parts(build_template(edition))
    assert sorted(committed) == sorted(fresh), f"{path.name}: parts differ; run `{REGENERATE}`"
    for name in fresh:
        if committed[name] != fresh[name]:
            diff = "\n".join(list(difflib.unified_diff(committed[name], fresh[name], f"committed/{name}",
                                                       f"generated/{name}", lineterm=""))[:60])
            pytest.fail(f"{path.name} is stale in {name}; run `{REGENERATE}`:\n{diff}")


def test_generation_is_deterministic() -> None:
    edition = EDITIONS[2021]
    assert build_template(edition) == build_template(edition)


@pytest.mark.parametrize("edition", EDITIONS.values(), ids=lambda edition: str(edition.year))
def test_committed_template_is_sound(edition) -> None:
    assert template_problems((DEFAULT_TEMPLATES_DIR / template_name(edition)).read_bytes(), edition) == []


def test_the_editions_share_everything_but_tables_two_and_three() -> None:
    """Styles, page set-up, headers, footers, prose and table 四 are the same XML in both templates."""
    first, second = (pretty_parts(build_template(edition)) for edition in EDITIONS.values())
    assert sorted(first) == sorted(second)
    for name in first:
        if name != "word/document.xml":
            assert first[name] == second[name], name

    def without_tables_two_and_three(data: bytes) -> bytes:
        root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
        tables = root.findall(f"{W}body/{W}tbl")
        assert len(tables) == 3
        for table in tables[:2]:
            table.getparent().remove(table)
        return etree.tostring(root)

    assert len({without_tables_two_and_three(build_template(edition)) for edition in EDITIONS.values()}) == 1
