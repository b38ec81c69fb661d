"""Templates are untrusted input: a Word template travels between offices (`templates export`, restyled,
`build --templates`). A template that reaches Python's classes (`report.title.__class__.__mro__[1]
.__subclasses__()` … `__import__`) is refused by the template check, naming the file and the expression;
rendering is sandboxed (Word and HTML), and a sandbox refusal is a Chinese error, never a traceback."""

from __future__ import annotations

import io
import zipfile
from dataclasses import fields as dataclass_fields
from pathlib import Path
from xml.sax.saxutils import escape

import jinja2
import pytest

from builders import build, run_cli
from reportgen.editions import EDITIONS
from reportgen.errors import ReportgenError
from reportgen.render import docx as docx_module
from reportgen.render import html as html_module
from reportgen.render.docx_context import PART, REPORT_SHAPE, SECTION
from reportgen.render.view import PartView, ReportView, SectionView, report_view
from test_build import EXAMPLES, docx_parts
from test_docx import edit_part
from test_html import loaded, rich_report

DEFAULT_2021 = docx_module.DEFAULT_TEMPLATES_DIR / "report-2021.docx"


def payload(marker: Path) -> str:
    """Template text that, rendered without a sandbox, imports pathlib through Python's class graph and
    creates `marker`."""
    return ("{% for k in report.title.__class__.__mro__[1].__subclasses__() %}"
            '{% if k.__name__ == "catch_warnings" %}'
            f'{{{{ k()._module.__builtins__["__import__"]("pathlib").Path("{marker}").touch() }}}}'
            "{% endif %}{% endfor %}")


def in_body(data: bytes, text: str) -> bytes:
    """`text` typed into the title paragraph, after its placeholder, as Word stores it."""

    def typed_after_title(xml: str) -> str:
        start = xml.find("{{ report.title")
        assert start >= 0, "the template has no title placeholder to type after"
        end = xml.index("}}", start) + 2
        return xml[:end] + escape(text) + xml[end:]

    return edit_part(data, "word/document.xml", typed_after_title)


def in_properties(data: bytes, text: str) -> bytes:
    """`text` as the document's subject (File › Properties in Word): docxtpl renders it as a template."""
    return edit_part(data, "docProps/core.xml",
                     lambda xml: xml.replace("<dc:subject></dc:subject>", f"<dc:subject>{escape(text)}</dc:subject>"))


FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def in_footnote(data: bytes, text: str) -> bytes:
    """`text` in a footnote part (docxtpl renders footnotes as templates too)."""
    data = edit_part(data, "[Content_Types].xml", lambda xml: xml.replace(
        "</Types>", f'<Override PartName="/word/footnotes.xml" ContentType="{FOOTNOTES_TYPE}"/></Types>'))
    data = edit_part(data, "word/_rels/document.xml.rels", lambda xml: xml.replace(
        "</Relationships>", f'<Relationship Id="rIdFootnotes" Type="{FOOTNOTES_RELATIONSHIP}" '
        'Target="footnotes.xml"/></Relationships>'))
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("word/footnotes.xml", f'<w:footnotes xmlns:w="{W_NAMESPACE}"><w:footnote w:id="1"><w:p>'
                                               f"<w:r><w:t>{escape(text)}</w:t></w:r></w:p></w:footnote></w:footnotes>")
    return buffer.getvalue()


@pytest.fixture
def agency_file(tmp_path: Path) -> Path:
    return build(rich_report(2021)).write(tmp_path, "a.yaml")


def exported(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    run = run_cli("templates", "export", str(folder))
    assert run.code == 0, run.err
    return folder


def test_the_payload_runs_code_without_a_sandbox(tmp_path: Path) -> None:
    """The payload is live: plain Jinja runs it (so the refusals below are not vacuous)."""
    agency, _ = loaded(tmp_path, rich_report(2021))
    marker = tmp_path / "marker"
    jinja2.Environment().from_string(payload(marker)).render(report=report_view(agency, agency.reports[2021]))
    assert marker.exists()


@pytest.mark.parametrize("plant", [in_body, in_properties, in_footnote], ids=["body", "properties", "footnote"])
def test_an_edited_template_cannot_run_code(tmp_path: Path, agency_file: Path, plant) -> None:
    folder = exported(tmp_path)
    marker = tmp_path / "marker"
    template = folder / "report-2021.docx"
    template.write_bytes(plant(template.read_bytes(), payload(marker)))
    run = run_cli("build", str(agency_file), "--format", "docx", "--out", str(tmp_path / "out"), "--templates", str(folder))
    assert not marker.exists()
    assert run.code == 2 and "Traceback" not in run.err, run.err
    assert f"Word 模板“{template.resolve()}”有 1 处问题，无法使用" in run.err, run.err
    assert "“report.title.__class__”不允许：模板中不能读取以“_”开头的名称" in run.err
    assert not (tmp_path / "out").exists()


def test_a_sandbox_refusal_while_rendering_word_is_a_chinese_error(tmp_path: Path, agency_file: Path, monkeypatch) -> None:
    """Should the check ever miss an expression, the sandbox refuses it at rendering."""
    template = tmp_path / "templates" / "report-2021.docx"
    template.parent.mkdir()
    marker = tmp_path / "marker"
    template.write_bytes(in_body(DEFAULT_2021.read_bytes(), payload(marker)))
    monkeypatch.setattr(docx_module, "template_problems", lambda data, edition: [])  # the check misses it
    docx_module.load_template.cache_clear()
    agency, _ = loaded(tmp_path, rich_report(2021))
    try:
        with pytest.raises(ReportgenError) as raised:
            docx_module.render_docx(agency, agency.reports[2021], templates=template.parent)
    finally:
        docx_module.load_template.cache_clear()
    assert not marker.exists()
    assert raised.value.message.startswith(f"Word 模板“{template.resolve()}”中有不允许的写法，已停止生成：不允许读取“str”的“__class__”")


@pytest.fixture
def html_templates(tmp_path: Path, monkeypatch) -> Path:
    """A copy of templates/html/ that `render.html` reads instead of the shipped one (the HTML templates
    cannot be chosen by a user; this stands for a tampered installation)."""
    folder = tmp_path / "installed"
    (folder / "html").mkdir(parents=True)
    for source in (html_module.TEMPLATES_DIR / "html").iterdir():
        (folder / "html" / source.name).write_bytes(source.read_bytes())
    monkeypatch.setattr(html_module, "TEMPLATES_DIR", folder)
    html_module.environment.cache_clear()
    yield folder
    html_module.environment.cache_clear()


def test_html_templates_are_sandboxed(tmp_path: Path, html_templates: Path) -> None:
    agency, _ = loaded(tmp_path, rich_report(2021))
    marker = tmp_path / "marker"
    page = html_templates / html_module.PAGE_TEMPLATE
    page.write_text(payload(marker) + page.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ReportgenError) as raised:
        html_module.render_html(agency, agency.reports[2021])
    assert not marker.exists()
    assert raised.value.message.startswith(f"网页模板“{page}”中有不允许的写法，已停止生成：不允许读取“str”的“__class__”")
    view = report_view(agency, agency.reports[2021])
    with pytest.raises(jinja2.sandbox.SecurityError):  # the environment itself, as the preview uses it
        html_module.environment().from_string(payload(marker)).render(report=view)
    assert not marker.exists()


# -- the check: only the documented context ----------------------------------------------------------------


@pytest.mark.parametrize(("text", "problem"), [
    ("{{ report.__class__ }}", "“report.__class__”不允许：模板中不能读取以“_”开头的名称"),
    ("{{ report._private }}", "“report._private”不允许：模板中不能读取以“_”开头的名称"),
    ('{{ report["__class__"] }}', "“report['__class__']”不允许：模板中不能读取以“_”开头的名称"),
    ("{{ report.slug }}", "“report”没有“slug”这一项（可用：draft、draft_mark、preamble、signoff、signoff_lines、title、title_lines）"),
    ("{{ report.sections[0].table.grid }}", "“report”没有“sections”这一项"),
    ("{{ s1.table }}", "“s1”没有“table”这一项（可用：heading、intro、paragraphs、parts）"),
    ("{% for part in s1.parts %}{{ part.number }}{% endfor %}", "“part”没有“number”这一项（可用：heading、paragraphs）"),
    ("{% for p in report.preamble %}{{ p.upper() }}{% endfor %}", "“p”是文字或列表，没有“upper”这一项"),
    ("{% set t = report.title %}{{ t.format }}", "“t”是文字或列表，没有“format”这一项"),
    ("{{ (report.title|lower).upper() }}", "“report.title|lower.upper”不允许：只能读取 report、s1 至 s6、c（和循环变量）中写明的各项"),
    ("{{ report|attr('title') }}", "“report|attr”不允许：不能用过滤器“attr”按名称读取属性"),
    ("{{ report.preamble|map(attribute='x')|list }}", "不能用过滤器“map”按名称读取属性"),
    ("{{ c[report.title] }}", "“c[report.title]”不允许：只能读取写明名称的项"),
    ("{% macro m(x) %}{{ x.title }}{% endmacro %}{{ m(report) }}", "“x.title”不允许：只能读取"),
    ("{{ self.__class__ }}", "“self.__class__”不允许：模板中不能读取以“_”开头的名称"),  # Jinja's own name
    ("{{ self.title }}", "“self.title”不允许：只能读取"),
    ("{% include 'other.xml' %}", "不能在 Word 模板中使用 {% include %}"),
])
def test_the_check_refuses_what_is_not_documented(text: str, problem: str) -> None:
    problems = docx_module.template_problems(in_body(DEFAULT_2021.read_bytes(), text), EDITIONS[2021])
    assert len(problems) == 1 and problem in problems[0] and problems[0].startswith("word/document.xml："), problems


def test_the_check_accepts_the_documented_context() -> None:
    text = ("{% for part in s1.parts %}{{ part.heading }}{% for p in part.paragraphs %}{{ p|trim }}"
            "{% if not loop.last %}{{ loop.index }}{% endif %}{% endfor %}{% endfor %}"
            "{% set t = report.title %}{{ t }}{{ report.signoff[0] }}{{ report.preamble[1:]|join }}"
            '{{ c["t3_1_1"] }}{{ s6["heading"] }}{% if report.draft %}{{ report.draft_mark }}{% endif %}')
    assert docx_module.template_problems(in_body(DEFAULT_2021.read_bytes(), text), EDITIONS[2021]) == []


def test_the_documented_context_exists_in_the_view() -> None:
    for shape, view in ((REPORT_SHAPE, ReportView), (SECTION, SectionView), (PART, PartView)):
        assert set(shape.attributes) <= {field.name for field in dataclass_fields(view)}, view


def test_an_exported_unchanged_template_builds_the_same_file(tmp_path: Path) -> None:
    folder = exported(tmp_path)
    agencies = Path(__file__).resolve().parents[1] / "agencies"
    run = run_cli("build", str(agencies / "jinshui-zhengwu.yaml"), "--format", "docx", "--out", str(tmp_path / "out"),
                  "--templates", str(folder))
    assert run.code == 0, run.err
    name = "jinshui-zhengwu-2021.docx"
    assert docx_parts((tmp_path / "out" / name).read_bytes()) == docx_parts((EXAMPLES / name).read_bytes())
