"""A Word template compiled once for many reports.

docxtpl renders a report by opening the whole template with python-docx (every part parsed), patching
and compiling its XML, rendering, then saving every part again and zipping; `render_docx` then
re-zipped the result with fixed dates. Per report, only four things differ: the body
(word/document.xml), the headers and footers, and the document properties (docProps/core.xml).
So, once per template and process:

- the body's, headers' and footers' XML is patched as docxtpl patches it and compiled by Jinja;
- the document element's start (before `<w:body>`) and its namespace declarations are kept as text;
- every other zip member (styles, settings, fonts, relationships, content types …) is serialised as
  python-docx would serialise it, and compressed as `deterministic_zip` would compress it.

Per report: render the compiled body, headers and footers; run docxtpl's own post-processing on each
(paragraph breaks, escaped braces, tabs and line breaks in values, table grids, drawing ids); set the
properties on a copy of the template's; compress those parts and write the zip around the members
kept. The bytes are those of the docxtpl route (`render_docx_with_docxtpl`), which the tests compare.

A template with footnotes (which docxtpl also renders) is rendered by the docxtpl route instead.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml.parser import parse_xml
from jinja2 import Template

from .docx import WordTemplate, _document_xml, _shell_start, _Template, environment
from .docx_common import ZIP_DATE

COMPRESS_LEVEL = 6  # as `deterministic_zip`
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
#: The core properties docxtpl renders as templates, in its order (DocxTemplate.render_properties).
RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
KEPT_PARTS = 64  # headers and footers kept as rendered (a handful in practice; bounded all the same)
DRAWING_IDS_FROM = 1000  # docxtpl renumbers drawings (wp:docPr) from 1001 in every report


@dataclass(frozen=True)
class _Member:
    """A zip member as `deterministic_zip` writes it: its header fields and compressed bytes."""

    name: str
    crc: int
    size: int
    compressed: bytes


def _member(name: str, data: bytes) -> _Member:
    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)  # as zipfile compresses
    return _Member(name, zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush())


def _zip(members: list[_Member]) -> bytes:
    """The zip `deterministic_zip` writes for these members: dated 1980-01-01, fixed attributes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in members:
            info = zipfile.ZipInfo(member.name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o600 << 16  # what ZipFile's writing puts for the 0 `deterministic_zip` asks
            info.CRC, info.file_size, info.compress_size = member.crc, member.size, len(member.compressed)
            info.header_offset = buffer.tell()
            buffer.write(info.FileHeader(zip64=False))
            buffer.write(member.compressed)
            # What ZipFile.writestr records after writing a member, so that close() writes the directory.
            archive.filelist.append(info)
            archive.NameToInfo[info.filename] = info
            archive.start_dir = buffer.tell()
            archive._didModify = True
    return buffer.getvalue()


class CompiledTemplate:
    """A template ready to render: see the module's docstring."""

    def __init__(self, template: WordTemplate) -> None:
        self.template = template
        helper = _Template(io.BytesIO(template.data))
        helper.init_docx()
        self._helper = helper  # docxtpl's post-processing methods read no state of the document
        package = helper.docx.part.package
        self.usable = not any(part.content_type == FOOTNOTES for part in package.parts)
        env = environment()
        root = helper.docx.part.element
        body = _source(helper.patch_xml(helper.get_xml()))
        self._body = env.from_string(body)
        # docxtpl's fix_tables mends a table's grid when a loop in it has added or removed cells; with no
        # template tag inside any table, every report has the template's tables and there is nothing to mend
        self._fixed_tables = not _tag_in_table(body)
        self._start, self._declared = _shell_start(root), dict(root.nsmap)
        self._parts: dict[str, tuple[Template, str]] = {}  # header/footer zip name → (template, encoding)
        for uri in (helper.HEADER_URI, helper.FOOTER_URI):
            for _, part in helper.get_headers_footers(uri):
                xml = helper.get_part_xml(part)
                self._parts[part.partname.lstrip("/")] = (
                    env.from_string(_source(helper.patch_xml(xml))), helper.get_headers_footers_encoding(xml))
        core = package.core_properties  # created here, as on a report's first access, if the template has none
        self._core_element = package._core_properties_part.element
        self._core_name = package._core_properties_part.partname.lstrip("/")
        self._core_templates = {name: env.from_string(getattr(core, name)) for name in RENDERED_PROPERTIES}
        self._kept: dict[tuple[str, bytes], _Member] = {}  # headers and footers as rendered → member
        saved = io.BytesIO()
        helper.docx.save(saved)
        rendered = {"word/document.xml", self._core_name, *self._parts}
        with zipfile.ZipFile(saved) as archive:
            self._members: list[_Member | str] = [
                info.filename if info.filename in rendered else _member(info.filename, archive.read(info))
                for info in archive.infolist()
            ]

    def render(self, context: dict[str, object], set_properties: Callable[[CoreProperties], None]) -> bytes:
        helper = self._helper
        body = _rendered(helper, self._body, context)
        if self._fixed_tables:
            document = parse_xml(_document_xml(self._start, self._declared, body))
        else:
            document = parse_xml(_document_xml(self._start, self._declared, helper.fix_tables(body)))
        drawing_id = DRAWING_IDS_FROM
        for drawing in document.xpath("//wp:docPr"):
            drawing_id += 1
            drawing.attrib["id"] = str(drawing_id)
        parts = {"word/document.xml": serialize_part_xml(document)}
        members: dict[str, _Member] = {}
        for name, (template, encoding) in self._parts.items():
            members[name] = self._header_or_footer(name, _rendered(helper, template, context).encode(encoding))
        core = copy.deepcopy(self._core_element)
        properties = CoreProperties(core)
        for name, template in self._core_templates.items():
            setattr(properties, name, template.render(context))
        set_properties(properties)
        parts[self._core_name] = serialize_part_xml(core)
        return _zip([member if not isinstance(member, str) else members.get(member) or _member(member, parts[member])
                     for member in self._members])

    def _header_or_footer(self, name: str, rendered: bytes) -> _Member:
        """A header's or footer's member: the same for most reports (a draft's differs), so kept."""
        key = (name, rendered)
        if key not in self._kept:
            if len(self._kept) >= KEPT_PARTS:
                self._kept.clear()
            self._kept[key] = _member(name, serialize_part_xml(parse_xml(rendered)))
        return self._kept[key]


_PARAGRAPH = re.compile(r"<w:p([ >])")
_TABLE_OR_TAG = re.compile(r"<w:tbl\b|</w:tbl>|\{%")
_PARAGRAPH_AFTER_BREAK = re.compile(r"\n<w:p([ >])")


def _tag_in_table(source: str) -> bool:
    """Whether a `{% … %}` tag stands inside a table (nested tables counted)."""
    depth = 0
    for match in _TABLE_OR_TAG.finditer(source):
        token = match.group(0)
        if token == "{%":
            if depth:
                return True
        else:
            depth += -1 if token == "</w:tbl>" else 1
    return False


def _source(patched: str) -> str:
    """A part's XML as docxtpl hands it to Jinja: a line break before each paragraph."""
    return _PARAGRAPH.sub(r"\n<w:p\1", patched)


def _rendered(helper: _Template, template: Template, context: dict[str, object]) -> str:
    """A part rendered, then post-processed as DocxTemplate.render_xml_part does."""
    xml = _PARAGRAPH_AFTER_BREAK.sub(r"<w:p\1", template.render(context))
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    return helper.resolve_listing(xml)


@cache
def compiled(template: WordTemplate) -> CompiledTemplate:
    """Each template compiled once per process."""
    return CompiledTemplate(template)
