"""The report around its tables: title, agency, year, edition, preamble, the six sections and the
parts of 一, the sign-off and the dates — read from units, whatever the source.

Headings are recognised by what they say, not only by their number: “一、概述” is 一、总体情况,
“六、主要问题及改进措施” is 五 printed with the wrong number, “政府信息公开行政复议、行政诉讼情况”
without its number is 四. A numbered line that names no section is a part of 一 while 一 is being
read (some reports number their parts 一、二、…), else a section the format does not have. Each
difference from the format's heading is noted (A-1), a missing section too (A-2). Tables are
placed by their labels, so a table is read even where its heading is missing or renamed.

The title is found by `report_title`, dates read by `report_dates`, headings recognised by
`report_headings`, the agency's contact details taken from the preamble by `report_identity`.
"""

from __future__ import annotations

import re

from .. import document as doc
from ..editions import EDITIONS, Edition, edition_for_year
from .imported import Imported, OverviewPart, Paragraph, SectionRead
from .labels import NUMERALS, distinctive, fold, matches, numbering
from .report_dates import DateRead, read_date
from .report_headings import SENTENCE_MARK, Heading, heading_of, looks_like_heading
from .report_identity import identity
from .report_title import Title, agency_like, find_title
from .source_units import Source, SourceUnit, is_furniture, is_page_number
from .table_reader import Context, read_table

SECTION_NUMBERS = [section.number for section in doc.SECTIONS]
_SECTION_BY_NUMBER = {section.number: section for section in doc.SECTIONS}
_PUBLISHED_LABEL = re.compile(r"(?:发布|公开|成文|印发)(?:日期|时间)\s*[:：]?\s*(.+)")
_PART_PAREN = re.compile(rf"^\s*[（(]\s*([{NUMERALS}]+)\s*[）)]\s*")
_PART_COMMA = re.compile(rf"^\s*([{NUMERALS}]+)\s*[、．.]\s*")


# -- the walk ------------------------------------------------------------------------------------


def _edition_votes(units: list[SourceUnit]) -> dict[int, set[str]]:
    votes: dict[int, set[str]] = {year: set() for year in EDITIONS}
    marks = {year: distinctive(year) for year in EDITIONS}
    for unit in units:
        text = unit.clean
        if not text or len(text) > 80:
            continue
        for match in matches(text):
            if not match.exact:
                continue
            if match.entry.key in ("其他", "总计"):
                continue  # 3.其他 (2021) and the column 其他 of both editions print the same word
            for year, labels in marks.items():
                if match.entry.cores[0] in labels and match.entry.editions == {year}:
                    votes[year].add(match.entry.label)
    return votes


def _table_number(text: str) -> str | None:
    """The table a unit's label starts (bare 其他/总计 never start a table); a line of fields set
    apart by wide gaps starts the table its first label belongs to."""
    pieces = [piece for piece in re.split(r"\s{2,}|\u3000+|\t+", text.strip()) if piece]
    for piece in [text, *pieces] if len(pieces) > 1 else [text]:
        for match in matches(piece):
            if match.entry.table and match.entry.key not in ("其他", "总计"):
                return match.entry.table
    return None


class ReportWalk:
    """The report read unit by unit after its title: each unit is a table's first label, a section
    heading, a part of 一, the sign-off, or prose of the section being read."""

    def __init__(self, source: Source, imported: Imported, title: Title | None) -> None:
        self.source, self.imported, self.title = source, imported, title
        self.units = source.units
        self.current = 0  # index in SECTION_NUMBERS + 1; 0 before 一
        self.container: list[Paragraph] = imported.preamble
        self.extra: SectionRead | None = None
        self.ended = False
        self.after_signoff = 0
        self.context = Context(imported.edition, fold(title.text) if title else "", looks_like_heading)

    # -- where prose goes -------------------------------------------------------------------

    def section_read(self, number: str) -> SectionRead:
        return self.imported.sections.setdefault(number, SectionRead(number))

    def enter_section(self, number: str, printed: str | None, line: int | None) -> None:
        self.current = SECTION_NUMBERS.index(number) + 1
        self.extra = None
        read = self.section_read(number)
        if printed is not None and read.printed is None:
            read.printed, read.line = printed, line
        if number == "一":
            self.container = self.imported.parts[-1].paragraphs if self.imported.parts else self.imported.intro
        else:
            self.container = read.paragraphs

    def add_prose(self, text: str, line: int | None) -> None:
        text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text).strip()
        if text:
            self.container.append(Paragraph(text, line))

    # -- the walk ---------------------------------------------------------------------------

    def walk(self) -> None:
        start = self.title.index + 1 if self.title else 0
        index = start
        skipped = 0
        while index < len(self.units):
            unit = self.units[index]
            text = unit.clean
            if not text:
                index += 1
                continue
            if self.ended:
                if not is_furniture(text):
                    skipped += 1
                index += 1
                continue
            if self._skip_furniture(unit):
                index += 1
                continue
            number = _table_number(text)
            if number is not None:
                table, end = read_table(self.units, index, number, self.context, self.imported)
                if table is not None:
                    self.after_table(number, unit.line)
                    index = end
                    continue
            if self.take_heading(unit):
                index += 1
                continue
            if self.take_part(unit):
                index += 1
                continue
            consumed = self.take_signoff(index)
            if consumed:
                index += consumed
                continue
            if unit.cell and not SENTENCE_MARK.search(text) and len(fold(text)) <= 30:
                index += 1  # a stray cell of a table that is not one of the form's: not prose
                continue
            self.add_prose(text, unit.line)
            index += 1
        if skipped:
            self.imported.note(f"落款之后还有 {skipped} 段文字（网页页脚等），未导入。")

    def _skip_furniture(self, unit: SourceUnit) -> bool:
        text = unit.clean
        if is_page_number(text):
            return True
        if self.title and fold(text) == fold(self.title.text) and not unit.level:
            return True  # a page header repeating the title
        label = _PUBLISHED_LABEL.match(text)
        if label and len(text) <= 60:
            found = read_date(label.group(1))
            if found and found.value and self.imported.published_on is None:
                self.imported.published_on, self.imported.published_text = found.value, text
                self.imported.published_line = unit.line
            return True
        return is_furniture(text)

    def after_table(self, number: str, line: int | None) -> None:
        """A table places prose after it in its own section, whatever the headings said."""
        index = SECTION_NUMBERS.index(number) + 1
        if index > self.current or (self.extra is not None and index >= self.current):
            self.enter_section(number, None, line)
        elif index == self.current:
            self.container = self.section_read(number).paragraphs

    def take_heading(self, unit: SourceUnit) -> bool:
        heading = heading_of(unit.text)
        if heading is None:
            return False
        numbered_at = SECTION_NUMBERS.index(heading.number) + 1 if heading.number in SECTION_NUMBERS else None
        if heading.section is not None:
            target = SECTION_NUMBERS.index(heading.section) + 1
            threshold = 0.5 if unit.level == 2 else (0.6 if heading.number else 0.78)
            if target == self.current and heading.score >= 0.9 and self.extra is None:
                self.imported.note(f"节标题“{heading.printed}”印了两次。", "A-1", unit.line,
                                   _SECTION_BY_NUMBER[heading.section].heading)
                return True
            if target > self.current and heading.score >= threshold:
                restart = numbered_at is not None and numbered_at <= self.current and numbered_at != target
                skips = target > self.current + 1
                # skipping a section needs a heading that says so plainly: its own number, or its exact words
                sure = (numbered_at == target and heading.score >= 0.85) or (numbered_at is None and heading.score >= 0.95)
                if not restart and (not skips or sure):
                    self._renamed(heading, unit)
                    self.enter_section(heading.section, heading.printed, unit.line)
                    return True
        if heading.number is not None and numbered_at is not None and numbered_at > self.current >= 2 \
                and len(fold(unit.text)) <= 30:
            self.extra = SectionRead("", heading.printed, unit.line)
            self.imported.extra_sections.append(self.extra)
            self.container = self.extra.paragraphs
            self.imported.note(f"“{heading.printed}”不是格式规定的章节；其内容移入“{doc.OTHER_MATTERS.heading}”。", "A-5",
                               unit.line, heading.printed)
            return True
        return False

    def _renamed(self, heading: Heading, unit: SourceUnit) -> None:
        assert heading.section is not None
        canonical = _SECTION_BY_NUMBER[heading.section].heading
        if fold(heading.printed) == fold(canonical):
            return
        said = []
        if heading.number is None:
            said.append("没有编号")
        elif heading.number != heading.section:
            said.append(f"编号印作“{heading.number}”")
        if numbering(fold(heading.printed))[1].rstrip(":") != numbering(fold(canonical))[1]:
            said.append("文字与格式不同")
        self.imported.note(f"节标题印作“{heading.printed}”（{'，'.join(said) or '写法不同'}），格式为“{canonical}”。",
                           "A-1", unit.line, canonical)

    def take_part(self, unit: SourceUnit) -> bool:
        """A part heading of 一, “（一）主动公开”, or run into its paragraph “(一)主动公开。正文……”."""
        text = unit.clean
        if self.current > 1 or self.extra is not None:
            return False
        paren = _PART_PAREN.match(text)
        comma = _PART_COMMA.match(text) if not paren else None
        if unit.level == 3 and not paren and not comma:
            if self.current == 0:
                return False
            return self._add_part(text, text, unit, None, "")
        match = paren or comma
        if match is None:
            return False
        numeral = match.group(1)
        rest = text[match.end():].strip()
        body = ""
        stop = re.search(r"[。：:]", rest)
        if stop and stop.start() <= 25 and (stop.end() < len(rest) or stop.group(0) != "。" or len(rest) <= 26):
            title, body = rest[:stop.start()], rest[stop.end():].strip()
        elif len(fold(rest)) <= 30 and not SENTENCE_MARK.search(rest):
            title = rest
        else:
            return False
        if not title.strip():
            return False
        if self.current == 0:
            if comma or (self.imported.preamble and SENTENCE_MARK.search(title)):
                return False
            self.imported.note(f"没有“{doc.OVERVIEW.heading}”这一节标题，分项“{text[:20]}”直接接在前言之后。", "A-1",
                               unit.line, doc.OVERVIEW.heading)
            self.enter_section("一", None, unit.line)
        return self._add_part(title, text if not body else text[: len(text) - len(body)].strip(), unit,
                              numeral, body, comma is not None)

    def _add_part(self, title: str, printed: str, unit: SourceUnit, numeral: str | None, body: str,
                  section_style: bool = False) -> bool:
        title = re.sub(r"\s+", "", title).rstrip("：:。.")
        key = f"{doc.part_number(len(self.imported.parts))}{title}"
        comment = None
        expected = doc.part_number(len(self.imported.parts))[1:-1]
        if section_style:
            comment = f"已发布：“{printed}”"
            self.imported.note(f"“{doc.OVERVIEW.heading}”中的分项“{printed}”用了节标题的编号写法，按格式读作“{key}”。", "A-1",
                               unit.line, f"{doc.OVERVIEW.heading} · {key}")
        elif numeral is not None and numeral != expected:
            comment = f"已发布：“{printed}”"
            self.imported.note(f"“{doc.OVERVIEW.heading}”的第 {len(self.imported.parts) + 1} 个分项编号印作“{numeral}”，按格式读作“{key}”。",
                               "A-1", unit.line, f"{doc.OVERVIEW.heading} · {key}")
        part = OverviewPart(key, printed, unit.line, comment=comment)
        self.imported.parts.append(part)
        self.container = part.paragraphs
        if body:
            self.add_prose(body, unit.line)
        return True

    def take_signoff(self, index: int) -> int:
        """The body's name and the date at the end; returns how many units it took (0: not a sign-off)."""
        if self.current < 5 and not self.imported.extra_sections:
            return 0
        unit = self.units[index]
        text = unit.clean
        found = read_date(text, whole=True)
        if found is not None:
            name = None
            if self.container and agency_like(self.container[-1].text) and len(self.container[-1].text) <= 40:
                name = self.container.pop()
            self._sign(name.text if name else None, found, name.line if name else unit.line)
            return 1
        combined = re.match(r"^(?P<name>\S.{1,38}?)\s+(?P<date>\S+年\S+月\S+日)$", text)
        if combined and agency_like(combined.group("name")):
            date_read = read_date(combined.group("date"), whole=True)
            if date_read is not None:
                self._sign(combined.group("name"), date_read, unit.line)
                return 1
        if agency_like(text) and (fold(self.imported.agency) in fold(text) or len(fold(text)) <= 30):
            following = index + 1
            while following < len(self.units) and not self.units[following].clean:
                following += 1
            if following < len(self.units):
                date_read = read_date(self.units[following].clean, whole=True)
                if date_read is not None:
                    self._sign(text, date_read, unit.line)
                    return following - index + 1
            rest = self.units[following:]
            if fold(text) == fold(self.imported.agency) and all(not u.clean or is_furniture(u.clean) for u in rest):
                self._sign(text, None, unit.line)  # the name alone, last but for the site's footer
                return 1
        return 0

    def _sign(self, name: str | None, found: DateRead | None, line: int | None) -> None:
        imported = self.imported
        imported.signoff_name = re.sub(r"\s+", "", name) if name else None
        imported.signoff_line = line
        if found is not None:
            imported.signoff_date = found.value
            if found.note:
                imported.signoff_comment = f"已发布：{found.note}。"
                imported.note(found.note + "。", None, line, "落款")
        self.ended = True

    def note_missing_sections(self) -> None:
        """Sections never met: missing (A-2), or present without a heading (A-1)."""
        imported = self.imported
        for section in doc.SECTIONS:
            read = imported.sections.get(section.number)
            has_table = section.table is not None and getattr(imported.edition, section.table).number in imported.tables
            has_text = bool(read and read.paragraphs) or (section is doc.OVERVIEW and (imported.intro or imported.parts))
            if read is not None and read.printed is not None:
                continue
            if has_table or has_text:
                imported.note(f"“{section.heading}”没有节标题，内容按表格或位置读入。", "A-1", None, section.heading)
                continue
            extra = section is doc.OTHER_MATTERS and imported.extra_sections
            imported.note(f"已发布的报告没有“{section.heading}”这一节。" + ("其他章节的内容移入此处。" if extra else ""), "A-2",
                          None, section.heading)


# -- the whole report --------------------------------------------------------------------------------


def read_report(source: Source, name: str, year: int | None = None, agency: str | None = None,
                edition_year: int | None = None) -> Imported:
    """Read the report a source holds. `year` and `agency` override what the title says, `edition_year`
    what the tables' labels say (--edition, for an excerpt that shows too little of them)."""
    from ..errors import ReportgenError

    units = source.units
    if not any(unit.clean for unit in units):
        raise ReportgenError(f"“{name}”中没有可以读取的文字（扫描件或图片需要先做文字识别）。")
    title = find_title(units)
    title_year = title.year if title else None
    report_year = year or title_year or _year_from_text(units)
    if report_year is None:
        raise ReportgenError(f"“{name}”中找不到报告年度（标题中应有“20xx年”）：请用 --year 指定（机关名称也不在文中时，"
                             "再加 --agency）。")
    if not 2019 <= report_year <= 2100:
        raise ReportgenError(f"报告年度 {report_year} 不在年度报告格式的适用范围内（2019 年度起）。")
    agency_name = agency or (title.agency if title else None)
    prescribed = edition_for_year(report_year)
    edition, evidence = _edition_of(units, prescribed, edition_year)
    imported = Imported(source=name, kind=source.kind, shapes=list(source.shapes), year=report_year,
                        agency=agency_name or "", edition=edition, edition_evidence=evidence)
    if title is not None:
        imported.title, imported.title_line = title.text, title.line
        _published_before(units[:title.first], imported)
    else:
        imported.note("找不到报告标题（应含“政府信息公开工作年度报告”）：机关名称和年度无法从标题读出。", None, None, "标题")
    if agency and title and title.agency and fold(agency) != fold(title.agency):
        imported.note(f"报告标题中的机关是“{title.agency}”，与机关文件中的“{agency}”不同；按机关文件读入，请核对。",
                      None, imported.title_line, "标题")
    if year and title_year and year != title_year:
        imported.note(f"标题中的年度是 {title_year}，按 --year 读作 {year} 年度。", None, imported.title_line, "标题")
    if imported.published_on is None and source.published:
        found = read_date(source.published)
        if found and found.value:
            imported.published_on, imported.published_text = found.value, source.published
    if edition.year != prescribed.year:
        imported.note(f"{report_year}年度报告应使用{prescribed.name}格式（{prescribed.document}），"
                      f"已发布的报告用的是{edition.name}格式：{evidence}。", "A-4", None, "格式")
    report_walk = ReportWalk(source, imported, title)
    report_walk.walk()
    report_walk.note_missing_sections()
    if not imported.agency:
        imported.agency = imported.signoff_name or ""
    if not imported.agency:
        raise ReportgenError(f"“{name}”中找不到机关名称（标题或落款）：请用 --agency 指定机关名称，"
                             "或用 --into 导入到已有的机关文件。")
    imported.identity = identity(imported.preamble, imported.agency)
    return imported


def _edition_of(units: list[SourceUnit], prescribed: Edition, edition_year: int | None) -> tuple[Edition, str]:
    """The edition the tables are printed in, and why (in Chinese)."""
    if edition_year is not None:
        if edition_year not in EDITIONS:
            from ..errors import ReportgenError

            raise ReportgenError(f"--edition {edition_year} 不是格式版本：可用 {'、'.join(map(str, EDITIONS))}。")
        return EDITIONS[edition_year], f"按 --edition 指定为{EDITIONS[edition_year].name}格式"
    votes = _edition_votes(units)
    counts = {year: len(labels) for year, labels in votes.items()}
    other = next(y for y in EDITIONS if y != prescribed.year)
    if counts[other] >= max(2, counts[prescribed.year] + 2):
        edition = EDITIONS[other]
        return edition, f"表格印的是{edition.name}格式的行列（{'、'.join(sorted(votes[other])[:4])}）"
    if counts[prescribed.year]:
        return prescribed, f"表格的行列与{prescribed.name}格式相符"
    return prescribed, f"表格中没有区分两版格式的行列，按报告年度取{prescribed.name}格式"


def _year_from_text(units: list[SourceUnit]) -> int | None:
    for unit in units[:60]:
        match = re.search(r"(20\d{2})年1月1日", re.sub(r"\s+", "", unit.clean))
        if match:
            return int(match.group(1))
    return None


def _published_before(units: list[SourceUnit], imported: Imported) -> None:
    """The publication date a page states above the report (an info bar, “发布日期：…”)."""
    labelled, bare = None, []
    for unit in units:
        text = unit.clean
        label = _PUBLISHED_LABEL.search(text)
        if label:
            found = read_date(label.group(1))
            if found and found.value:
                labelled = labelled or (found.value, text, unit.line)
            continue
        found = read_date(text, whole=True)
        if found and found.value:
            bare.append((found.value, text, unit.line))
    chosen = labelled or (max(bare, key=lambda item: item[0]) if bare else None)
    if chosen:
        imported.published_on, imported.published_text, imported.published_line = chosen
