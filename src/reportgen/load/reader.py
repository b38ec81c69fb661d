"""Turn a YAML node tree into an `Agency`, reporting every structural problem, not only the first.

The reader never stops at a problem: it records a finding, skips what it cannot use and goes on,
so that one `check` lists everything that is wrong with a file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date

from .. import document as doc
from ..editions import (
    EDITIONS,
    FIRST_REPORT_YEAR,
    Table,
    edition_for_year,
)
from ..findings import Finding
from ..model import Agency, Part, Position, Report, Text
from .characters import CONTROL, controls_in_scalar, describe_characters, visible
from .tables import TableReader
from .tree import Mapping, Node, Scalar, Sequence, describe, original_column, shorten

LAST_REPORT_YEAR = 2100
_PART_HEADING = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*(.*)$", re.S)




class Reader:
    def __init__(self, file: str, source: str = "", repaired: str | None = None) -> None:
        self.file = file
        self.lines = source.split("\n")  # to place a control character written as an escape
        # the text the tree was read from, when one-line slips were repaired in it: columns are said as written
        self.repaired = repaired.split("\n") if repaired is not None and repaired != source else None
        self.findings: list[Finding] = []
        self.unknown: dict[int, list[Scalar]] = {}  # id(mapping) → its keys that are not allowed there

    # -- helpers -----------------------------------------------------------------------------

    def pos(self, node: Node) -> Position:
        return Position(self.file, node.line, self.column(node))

    def column(self, node: Node) -> int:
        """The node's column in the line as written (a repair may have put characters before it)."""
        line = node.line
        if self.repaired is None or not 0 < line <= len(self.lines) or self.lines[line - 1] == self.repaired[line - 1]:
            return node.column
        return original_column(self.lines[line - 1], self.repaired[line - 1], node.column)

    def report(self, rule: str, node: Node | None, message: str, **fields: object) -> None:
        year, where = fields.get("year"), fields.get("where")
        if isinstance(where, str) and year and where.startswith(f"{year}年报告"):
            # the year is a field of its own; the place need not say it again
            fields["where"] = where.removeprefix(f"{year}年报告").removeprefix(" · ") or None
        for name in ("found", "expected"):
            if isinstance(fields.get(name), str):
                fields[name] = visible(fields[name])  # type: ignore[arg-type]
        self.findings.append(
            Finding(
                rule,
                visible(message),  # a key or value quoted in the message may hold a control character
                file=self.file,
                line=node.line if node else None,
                column=self.column(node) if node else None,
                **fields,  # type: ignore[arg-type]
            )
        )

    def mapping(self, node: Node, what: str, year: int | None = None) -> Mapping | None:
        if isinstance(node, Mapping):
            return node
        if isinstance(node, Scalar) and not node.text:
            return Mapping(node.line, node.column)  # an empty value: its keys are reported missing
        hint = ""
        if isinstance(node, Scalar) and "：" in node.text:
            hint = "（键和值之间要用半角冒号加空格“: ”，不能用全角冒号“：”）"
        self.report("S-3", node, f"{what}应为映射（键: 值），实为{describe(node)}。{hint}", year=year,
                    where=what, expected="映射", found=describe(node))
        return None

    def entries(
        self,
        mapping: Mapping,
        what: str,
        allowed: Iterable[str],
        *,
        required: Iterable[str] = (),
        year: int | None = None,
        foreign: dict[str, str] | None = None,
    ) -> dict[str, tuple[Scalar, Node]]:
        """The mapping's entries by key; unknown, duplicate and missing keys are reported."""
        allowed = list(allowed)
        found: dict[str, tuple[Scalar, Node]] = {}
        for key, value in mapping.pairs:
            name = key.text.strip()
            if name in found:
                self.report("S-5", key, f"{what}中“{name}”写了两次（第 {found[name][0].line} 行已有）；只能保留一处。",
                            year=year, where=what)
                self.unknown.setdefault(id(mapping), []).append(key)
                continue
            if name not in allowed:
                self._unknown(key, name, what, allowed, year, foreign or {})
                self.unknown.setdefault(id(mapping), []).append(key)
                continue
            found[name] = (key, value)
        for name in required:
            if name not in found:
                at, instead = self.misspelt(mapping, name)
                self.report("S-2", at, f"{what}缺少“{name}”。{instead}", year=year, where=what,
                            expected=name, found="（没有）")
        return found

    def misspelt(self, mapping: Mapping, name: str) -> tuple[Node, str]:
        """Where to report that `name` is missing from `mapping`: at an unknown key of the mapping
        that looks like a misspelling of it (with a sentence saying so), else at the mapping."""
        keys = self.unknown.get(id(mapping), [])  # unknown or written twice
        texts = [key.text.strip() for key in keys]
        close = difflib.get_close_matches(name, texts, n=1, cutoff=0.5)
        if close:
            key = keys[texts.index(close[0])]
            return key, f"第 {key.line} 行的“{close[0]}”是否就是“{name}”？"
        if len(keys) == 1:  # the one key out of place stands where this one belongs
            return keys[0], f"第 {keys[0].line} 行的“{texts[0]}”是否应为“{name}”？"
        return mapping, ""

    def _unknown(self, key: Scalar, name: str, what: str, allowed: list[str], year: int | None,
                 foreign: dict[str, str]) -> None:
        if name in foreign:
            self.report("S-4", key, f"{what}中的“{name}”{foreign[name]}", year=year, where=what, found=name)
            return
        key_part, colon, value_part = name.partition("：")
        if colon and key_part.strip() in allowed:  # `自然人：2` read as one key: the colon is full-width
            self.report("S-1", key, f"{what}中的“{name}”用了全角冒号“：”：键和值之间要用半角冒号加空格，"
                        f"写成“{key_part.strip()}: {value_part.strip()}”。", year=year, where=what, found=name,
                        expected=key_part.strip())
            return
        unquoted = name.strip("“”‘’「」")
        if unquoted != name and unquoted in allowed:  # “名称”: the full-width quotes are part of the key
            self.report("S-1", key, f"{what}中的键“{name}”带了全角引号：全角引号会被当作键的一部分，请去掉，写成“{unquoted}”。",
                        year=year, where=what, found=name, expected=unquoted)
            return
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.4)
        suggestion = f"是否想写“{close[0]}”？" if close else ""
        listed = "、".join(allowed) if len(allowed) <= 12 else "、".join(allowed[:12]) + "……"
        self.report("S-1", key, f"{what}中没有“{name}”这一项。{suggestion}可用的项：{listed}。",
                    year=year, where=what, found=name, expected=close[0] if close else None)

    def printable(self, node: Scalar, what: str, year: int | None = None) -> str:
        """The scalar's text without control characters; each scalar holding one is reported (V-2)."""
        characters = CONTROL.findall(node.text)
        if not characters:
            return node.text
        located = controls_in_scalar(self.lines, node.line, node.column, node.style)
        at = Node(located[0].line, located[0].column) if located else node
        self.report("V-2", at, f"“{what}”中含有控制字符 {describe_characters(characters)}：编辑器中看不见，"
                    "Word 文件无法保存，网页中会消失或变成换行。请删除它（多半是双引号中的“\\e”“\\x1b”之类的转义）。",
                    year=year, where=what, found=describe_characters(characters))
        return CONTROL.sub("", node.text)

    def text(self, node: Node, what: str, year: int | None = None) -> Text | None:
        if isinstance(node, Scalar):
            value = self.printable(node, what, year).strip()
            return Text(value, self.pos(node)) if value else None
        self.report("S-3", node, f"{what}应为一段文字，实为{describe(node)}。", year=year, where=what,
                    expected="文字", found=describe(node))
        return None

    def paragraphs(self, node: Node, what: str, year: int | None = None) -> list[Text]:
        """Prose: a block of text, one paragraph per non-empty line, or a list of paragraphs."""
        if isinstance(node, Sequence):
            result: list[Text] = []
            for item in node.items:
                result.extend(self.paragraphs(item, what, year))
            return result
        if not isinstance(node, Scalar):
            self.report("S-3", node, f"{what}应为文字（每行一段），实为{describe(node)}。", year=year,
                        where=what, expected="文字", found=describe(node))
            return []
        if node.style == ">":
            self.report("S-3", node, f"{what}用了“>”（折叠）：YAML 会把各行连成一段并在中间加空格。请改用“|”，每行一段。",
                        year=year, where=what, expected="|", found=">")
        block = node.style == "|"
        result = []
        for offset, line in enumerate(self.printable(node, what, year).split("\n")):
            line = line.strip()
            if line:
                line_number = node.line + 1 + offset if block else node.line
                column = self._text_column(line_number, line) if block else self.column(node)
                result.append(Text(line, Position(self.file, line_number, column)))
        return result

    def _text_column(self, line_number: int, text: str) -> int:
        """The column where a paragraph of a `|` block starts in the file (not the column of the `|`)."""
        if 0 < line_number <= len(self.lines):
            found = self.lines[line_number - 1].find(text[:8])
            if found >= 0:
                return found + 1
        return 1

    def date(self, node: Node, what: str, year: int | None = None) -> date | None:
        if isinstance(node, Scalar):
            value = node.text.strip()
            match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})-(\d{1,2})|年(\d{1,2})月(\d{1,2})日)", value, re.ASCII)
            if match:
                y, m, d = (int(part) for part in match.groups() if part)
                try:
                    return date(y, m, d)
                except ValueError:
                    pass
        self.report("S-6", node, f"{what}应为日期，如 2021-01-20 或 2021年1月20日，实为{describe(node)}。",
                    year=year, where=what, expected="日期", found=describe(node))
        return None

    # -- the file ----------------------------------------------------------------------------

    def agency(self, root: Node | None) -> Agency:
        agency = Agency(self.file)
        if root is None:
            self.report("S-2", None, f"文件是空的：至少需要“{doc.AGENCY_KEY}”和“{doc.REPORTS_KEY}”两部分。")
            return agency
        top = self.mapping(root, "文件顶层")
        if top is None:
            return agency
        entries = self.entries(top, "文件顶层", (doc.AGENCY_KEY, doc.REPORTS_KEY),
                               required=(doc.AGENCY_KEY, doc.REPORTS_KEY))
        if doc.AGENCY_KEY in entries:
            self.identity(agency, entries[doc.AGENCY_KEY][1])
        if doc.REPORTS_KEY in entries:
            self.reports(agency, entries[doc.REPORTS_KEY][1])
        return agency

    def identity(self, agency: Agency, node: Node) -> None:
        mapping = self.mapping(node, doc.AGENCY_KEY)
        if mapping is None:
            return
        fields = doc.AGENCY_FIELDS
        entries = self.entries(mapping, doc.AGENCY_KEY, (f.key for f in fields),
                               required=(f.key for f in fields if f.required))
        for key, (_, value) in entries.items():
            text = self.text(value, f"{doc.AGENCY_KEY} · {key}")
            if text is not None:
                agency.identity[key] = text
        agency.name = agency.identity.get("名称")
        if "名称" in entries and agency.name is None:
            self.report("S-2", entries["名称"][1], "机关名称是空的。", where=f"{doc.AGENCY_KEY} · 名称")

    def reports(self, agency: Agency, node: Node) -> None:
        mapping = self.mapping(node, doc.REPORTS_KEY)
        if mapping is None:
            return
        if not mapping.pairs:
            self.report("S-2", mapping, f"“{doc.REPORTS_KEY}”下还没有任何年度的报告。")
        seen: dict[int, Scalar] = {}
        for key, value in mapping.pairs:
            year = self.year(key)
            if year is None:
                continue
            if year in seen:
                self.report("S-5", key, f"{year}年的报告写了两次（第 {seen[year].line} 行已有）。", year=year)
                continue
            seen[year] = key
            agency.reports[year] = self.annual_report(year, key, value)

    def year(self, key: Scalar) -> int | None:
        text = key.text.strip().removesuffix("年")
        if not re.fullmatch(r"\d{4}", text, re.ASCII):
            self.report("S-6", key, f"“{doc.REPORTS_KEY}”下的键应为报告年度（如 2021），实为“{shorten(key.text)}”。",
                        expected="年份", found=key.text)
            return None
        year = int(text)
        if not FIRST_REPORT_YEAR <= year <= LAST_REPORT_YEAR:
            self.report("S-6", key, f"{year} 不是可用的报告年度：现行年度报告格式从 {FIRST_REPORT_YEAR} 年度起适用。",
                        year=year, found=str(year))
            return None
        return year

    # -- one report --------------------------------------------------------------------------

    def annual_report(self, year: int, key: Scalar, node: Node) -> Report:
        report = Report(year=year, edition=edition_for_year(year), pos=self.pos(key))
        what = f"{year}年报告"
        mapping = self.mapping(node, what, year)
        if mapping is None:
            return report
        allowed = [f.key for f in doc.REPORT_FIELDS] + [s.heading for s in doc.SECTIONS] + [doc.SIGNOFF_KEY]
        required = [s.heading for s in doc.SECTIONS]
        entries = self.entries(mapping, what, allowed, required=required, year=year)

        if doc.EDITION_KEY in entries:
            self.stated_edition(report, *entries[doc.EDITION_KEY])
        if doc.TITLE_KEY in entries:
            report.title = self.text(entries[doc.TITLE_KEY][1], f"{what} · {doc.TITLE_KEY}", year)
        if doc.PUBLISHED_KEY in entries:
            published = entries[doc.PUBLISHED_KEY][1]
            report.published_on = self.date(published, f"{what} · {doc.PUBLISHED_KEY}", year)
            report.published_pos = self.pos(published)
        if doc.PREAMBLE_KEY in entries:
            report.preamble = self.paragraphs(entries[doc.PREAMBLE_KEY][1], f"{what} · {doc.PREAMBLE_KEY}", year)

        sections = {s.heading: s for s in doc.SECTIONS}
        for heading, (section_key, value) in entries.items():
            section = sections.get(heading)
            if section is None:
                continue
            if section is doc.OVERVIEW:
                self.overview(report, value)
            elif section.table:
                self.table_section(report, section, value)
            else:
                paragraphs = self.paragraphs(value, f"{what} · {heading}", year)
                if not paragraphs:
                    self.report("S-2", section_key, f"“{heading}”没有内容（没有需要报告的事项时写“无”）。",
                                year=year, where=heading)
                if section is doc.PROBLEMS:
                    report.problems = paragraphs
                else:
                    report.other_matters = paragraphs
        if doc.SIGNOFF_KEY in entries:
            self.signoff(report, entries[doc.SIGNOFF_KEY][1])
        return report

    def stated_edition(self, report: Report, key: Scalar, node: Node) -> None:
        text = node.text.strip() if isinstance(node, Scalar) else ""
        match = re.fullmatch(r"(\d{4})(?:年版)?(?:（试行）)?", text, re.ASCII)
        if match and int(match.group(1)) in EDITIONS:
            report.stated_edition = int(match.group(1))
            report.stated_edition_pos = self.pos(node)
            report.edition = EDITIONS[report.stated_edition]
            return
        editions = " 或 ".join(str(y) for y in EDITIONS)
        self.report("S-6", node, f"{report.year}年报告 · {doc.EDITION_KEY}应为 {editions}，实为{describe(node)}。",
                    year=report.year, where=doc.EDITION_KEY, expected=editions, found=describe(node))

    def overview(self, report: Report, node: Node) -> None:
        heading = doc.OVERVIEW.heading
        what = f"{report.year}年报告 · {heading}"
        mapping = self.mapping(node, what, report.year)
        if mapping is None:
            return
        expected_index = 0
        seen: dict[str, Scalar] = {}
        for key, value in mapping.pairs:
            name = key.text.strip()
            if name in seen:
                self.report("S-5", key, f"{what}中“{name}”写了两次（第 {seen[name].line} 行已有）；只能保留一处。",
                            year=report.year, where=heading)
                continue
            seen[name] = key
            name = self.printable(key, f"{what} · 分项标题", report.year).strip()
            if name == doc.OVERVIEW_INTRO_KEY:
                report.overview_intro = self.paragraphs(value, f"{what} · {name}", report.year)
                continue
            match = _PART_HEADING.match(name)
            if not match:
                self.report("S-6", key, f"{what}中的“{shorten(name)}”不是分项标题：分项标题以编号开头，"
                            f"如“{doc.part_number(expected_index)}{doc.OVERVIEW_CONVENTIONAL_PARTS[0]}”；"
                            f"分项之前的总述写在“{doc.OVERVIEW_INTRO_KEY}”下。", year=report.year, where=heading)
                continue
            expected = doc.part_number(expected_index)
            numbered = f"（{match.group(1)}）"
            if numbered != expected:
                self.report("S-6", key, f"{what}第 {expected_index + 1} 个分项的编号应为“{expected}”，实为“{numbered}”。",
                            year=report.year, where=heading, expected=expected, found=numbered)
            expected_index += 1
            part = Part(Text(f"{numbered}{match.group(2).strip()}", self.pos(key)),
                        self.paragraphs(value, f"{what} · {name}", report.year))
            report.overview_parts.append(part)
        if not report.overview_intro and not report.overview_parts:
            self.report("S-2", mapping, f"{what}没有内容。", year=report.year, where=heading)

    def table_section(self, report: Report, section: doc.Section, node: Node) -> None:
        what = f"{report.year}年报告 · {section.heading}"
        mapping = self.mapping(node, what, report.year)
        if mapping is None:
            return
        table: Table = getattr(report.edition, section.table)
        entries = self.entries(mapping, what, (table.name, doc.NOTES_KEY), required=(table.name,), year=report.year)
        notes = self.paragraphs(entries[doc.NOTES_KEY][1], f"{what} · {doc.NOTES_KEY}", report.year) \
            if doc.NOTES_KEY in entries else []
        figures = None
        if table.name in entries:
            figures = TableReader(self, report, table).read(entries[table.name][1])
        else:
            figures = TableReader(self, report, table).read(Mapping(mapping.line, mapping.column), silent=True)
        setattr(report, section.table, figures)
        setattr(report, f"{section.table}_notes", notes)

    def signoff(self, report: Report, node: Node) -> None:
        what = f"{report.year}年报告 · {doc.SIGNOFF_KEY}"
        mapping = self.mapping(node, what, report.year)
        if mapping is None:
            return
        report.signoff_pos = self.pos(mapping)
        fields = doc.SIGNOFF_FIELDS
        entries = self.entries(mapping, what, (f.key for f in fields),
                               required=(f.key for f in fields if f.required), year=report.year)
        if doc.SIGNOFF_NAME_KEY in entries:
            report.signoff_name = self.text(entries[doc.SIGNOFF_NAME_KEY][1], f"{what} · {doc.SIGNOFF_NAME_KEY}",
                                            report.year)
        if doc.SIGNOFF_DATE_KEY in entries:
            report.signoff_date = self.date(entries[doc.SIGNOFF_DATE_KEY][1], f"{what} · {doc.SIGNOFF_DATE_KEY}",
                                            report.year)


def read_agency(root: Node | None, file: str, source: str = "", repaired: str | None = None) -> tuple[Agency, list[Finding]]:
    """The agency in the tree `root` parsed from `source` (the file's text, to place findings), or
    from `repaired`, the text with its one-line slips repaired."""
    reader = Reader(file, source, repaired)
    agency = reader.agency(root)
    return agency, reader.findings

