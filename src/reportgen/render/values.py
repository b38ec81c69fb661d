"""How figures, dates and titles are printed: shared by every renderer."""

from __future__ import annotations

import itertools
import re
from datetime import date
from decimal import Decimal

from ..editions import Column, ValueKind
from ..model import Agency, Cell, Figures, Number, Report

MONEY_PLACES = 4
REPORT_TITLE_SUFFIX = "年政府信息公开工作年度报告"
DRAFT_MARK = "草稿（数据未通过校验）"


def format_number(value: Number, column: Column) -> str:
    """A figure as printed: money with four decimal places (万元), counts as whole numbers."""
    if column.kind is ValueKind.MONEY:
        return f"{Decimal(value):.{MONEY_PLACES}f}"
    return str(value)


def cell_text(cell: Cell | None) -> str:
    """What a cell shows: its figure (derived totals included); in a draft of a faulty file, a cell
    without a usable number shows what was written, or nothing."""
    if cell is None:
        return ""
    if cell.value is not None:
        return format_number(cell.value, cell.column)
    return (cell.raw or "").strip()


def figure_texts(figures: Figures | None) -> dict[tuple[str, str], str]:
    """Every cell's printed text, keyed like `Figures.cells`."""
    if figures is None:
        return {}
    return {key: cell_text(cell) for key, cell in figures.cells.items()}


def chinese_date(day: date) -> str:
    """2021-01-05 → 2021年1月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def text_width(text: str) -> float:
    """A text's width in full-width characters: ASCII letters and digits are half-width."""
    return sum(0.5 if character.isascii() else 1.0 for character in text)


def report_title(agency: Agency, report: Report) -> str:
    """The report's title as written, or 〈机关名称〉〈年〉年政府信息公开工作年度报告."""
    if report.title is not None and report.title.value:
        return report.title.value
    name = agency.name.value if agency.name else ""
    return f"{name}{report.year}{REPORT_TITLE_SUFFIX}"


#: Full-width characters on a line of the title (二号, 22 pt, in the 156 mm text block).
TITLE_CHARACTERS = 20
_TITLE_YEAR = re.compile(r"(\d{4}\s*年度?)")
_TITLE_SUFFIX_WORDS = re.compile(r"(?<=政府信息公开)(?=工作)")
#: Where an agency's name may break: after the name of a place or a body (市, 区, 局 …).
_NAME_BREAK = re.compile(r"(?:(?<=[省市区县镇乡局委厅处])|(?<=街道)|(?<=政府)|(?<=办公室)|(?<=委员会))(?!$)")


def _title_words(title: str, room: float) -> list[str]:
    """The title in the pieces it may break between: the agency's name, the year, 政府信息公开 /
    工作年度报告; a piece still wider than a line, between the words of a name (郑州市 / 上街区 …)."""
    pieces: list[str] = []
    for part in filter(None, (piece.strip() for piece in _TITLE_YEAR.split(title))):
        pieces += [part] if _TITLE_YEAR.fullmatch(part) else list(filter(None, _TITLE_SUFFIX_WORDS.split(part)))
    words: list[str] = []
    for piece in pieces:
        if text_width(piece) <= room:
            words.append(piece)
            continue
        for word in filter(None, _NAME_BREAK.split(piece)):
            words += [word[i:i + int(room)] for i in range(0, len(word), int(room))]  # a word wider than a line
    return words


def title_lines(title: str, room: float = TITLE_CHARACTERS) -> tuple[str, ...]:
    """The title broken between words into as few lines as fit, as even as they can be (GB/T 9704:
    词意完整、排列对称, a trapezoid or a diamond): 郑州市上街区中心路街道办事处 / 2020年政府信息公开
    工作年度报告 rather than a year cut in two or a single character on a line."""
    if text_width(title) <= room:
        return (title,)
    words = _title_words(title, room)
    best: tuple[tuple[float, ...], tuple[str, ...]] | None = None
    for cuts in itertools.product((False, True), repeat=len(words) - 1):
        lines = [words[0]]
        for word, cut in zip(words[1:], cuts, strict=True):
            if cut:
                lines.append(word)
            else:
                lines[-1] += word
        widths = [text_width(line) for line in lines]
        if max(widths) > room or (len(lines) > 1 and min(widths) < 2):
            continue
        # fewest lines, then the longest as short as it can be, then the most even
        score = (len(lines), max(widths), max(widths) - min(widths))
        if best is None or score < best[0]:
            best = (score, tuple(lines))
    return best[1] if best is not None else (title,)
