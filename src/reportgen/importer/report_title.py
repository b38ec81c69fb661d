"""The report's title, and the agency and year it names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .labels import fold
from .report_dates import read_date
from .report_headings import SENTENCE_MARK
from .source_units import SourceUnit

_YEAR = re.compile(r"(20\d{2})\s*年")
_TITLE_WORDS = ("信息公开", "政务公开", "公开工作")
_TITLE_SPLIT = "政府信息公开|政务信息公开|政务公开|信息公开|年度报告"
_AGENCY_END = re.compile(
    r"(?:局|办|委|院|会|中心|办公室|政府|厅|处|所|站|办事处|管委会|公司|队|室|部|署|镇|乡|街道|委员会|集团|馆|社|校|台|园|区|县|市|省)$")


@dataclass
class Title:
    index: int  # the last unit of the title
    first: int  # the first unit of the title
    text: str
    agency: str
    year: int | None
    line: int | None


def agency_like(text: str) -> bool:
    flat = re.sub(r"\s+", "", text)
    return 2 <= len(flat) <= 40 and not SENTENCE_MARK.search(flat) and "，" not in flat and bool(_AGENCY_END.search(flat))


def _split_title(flat: str) -> tuple[str, int | None]:
    """(agency, year) from a title without whitespace."""
    flat = flat.removeprefix("关于")
    match = _YEAR.search(flat)
    if not match:
        name = re.split(_TITLE_SPLIT, flat)[0]
        return name, None
    name = re.sub(r"(?:关于|公布|发布)$", "", flat[:match.start()])
    if not name:
        rest = flat[match.end():].removeprefix("度")
        name = re.split(_TITLE_SPLIT, rest)[0]
    return name.strip("《》“”\"'"), int(match.group(1))


def find_title(units: list[SourceUnit]) -> Title | None:
    """The report's title: a line naming 信息公开 … 年度报告, near the top; a title printed over two
    lines (the agency's name on the first, or the end of the title on the second) is joined."""
    limit = min(len(units), 400)
    for joined_pass, need_year in ((False, True), (True, True), (False, False)):
        for index in range(limit):
            unit = units[index]
            if unit.cell:
                continue
            last = index
            flat = re.sub(r"\s+", "", unit.clean)
            if joined_pass:
                if index + 1 >= limit or units[index + 1].cell or "年度报告" in flat or len(flat) > 40 \
                        or not re.search(r"[\u4e00-\u9fff]", flat) or read_date(flat, whole=True):
                    continue
                last = index + 1
                flat += re.sub(r"\s+", "", units[last].clean)
            folded = fold(flat)
            if "年度报告" not in folded and "年报" not in folded:
                continue
            if len(folded) > 80 or SENTENCE_MARK.search(folded) or not any(word in folded for word in _TITLE_WORDS):
                continue
            if need_year and not _YEAR.search(flat):
                continue
            agency, year = _split_title(flat)
            first = index
            if not agency:
                previous = index - 1
                while previous >= 0 and not units[previous].clean:
                    previous -= 1
                if previous >= 0 and not units[previous].cell and agency_like(units[previous].clean) \
                        and index - previous <= 3:
                    agency = re.sub(r"\s+", "", units[previous].clean)
                    flat = agency + flat
                    first = previous
            return Title(last, first, flat, agency, year, units[first].line)
    return None
