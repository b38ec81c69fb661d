"""Reports in Traditional characters (mirror sites convert whole pages, some words too: 文件 → 檔案,
信息 → 資訊) read as Simplified, so that headings and labels are found.

Characters are converted by OpenCC (`t2s`). Words are not converted at large (OpenCC's phrase
tables would turn 查詢 into 查找): only the form's own words (every label of the edition
declarations, the section headings, the title's words) are given back, from what each becomes when
a mirror site converts it (`s2tw`, `s2twp`, `s2hk`) and back. A text is converted only when it is
written in Traditional characters: a share of its Chinese characters changes under `t2s`; a
Simplified report is never touched.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .imported import Imported
from .source_units import Source

#: At least this many characters, and this share of the Chinese ones, change: the text is Traditional.
_MIN_CHANGED = 5
_MIN_SHARE = 0.02
_HAN = re.compile(r"[\u4e00-\u9fff]")
SHAPE = "繁体字（已按简体读入）"
TITLE_WORDS = ("政府信息公开工作年度报告", "政府信息公开", "信息公开", "政务公开")


@lru_cache(maxsize=8)
def _converter(config: str) -> Any:  # opencc has no type hints
    import opencc  # only for a Traditional report: keeps start-up fast

    return opencc.OpenCC(config)


def is_traditional(text: str) -> bool:
    han = _HAN.findall(text)
    if not han:
        return False
    sample = "".join(han[:20000])
    changed = sum(a != b for a, b in zip(sample, _converter("t2s").convert(sample), strict=False))
    return changed >= _MIN_CHANGED and changed >= _MIN_SHARE * len(sample)


@lru_cache(maxsize=1)
def _form_words() -> tuple[re.Pattern[str], dict[str, str]]:
    """The form's words as a converted page prints them (in Simplified characters) → the form's words."""
    from .labels import SECTION_VARIANTS, vocabulary

    words = {entry.label for entry in vocabulary()} | {core for entry in vocabulary() for core in entry.cores}
    words |= {variant for variants in SECTION_VARIANTS.values() for variant in variants} | set(TITLE_WORDS)
    back: dict[str, str] = {}
    for word in words:
        for config in ("s2tw", "s2twp", "s2hk"):
            printed = _converter("t2s").convert(_converter(config).convert(word))
            if printed != word:
                back.setdefault(printed, word)
    pattern = re.compile("|".join(re.escape(word) for word in sorted(back, key=len, reverse=True)))
    return pattern, back


def simplified(text: str) -> str:
    """The text in Simplified characters, the form's words as the form prints them."""
    characters = _converter("t2s").convert(text)
    pattern, back = _form_words()
    return pattern.sub(lambda match: back[match.group(0)], characters) if back else characters


def simplify_text(text: str) -> str | None:
    """The text converted, or None when it is not Traditional."""
    return simplified(text) if is_traditional(text) else None


def simplify_source(source: Source) -> Source:
    """A source read from a Traditional page, its units converted (the source kept otherwise)."""
    if not is_traditional("".join(unit.text for unit in source.units[:2000])):
        return source
    for unit in source.units:
        unit.text = simplified(unit.text)
    if source.title_hint:
        source.title_hint = simplified(source.title_hint)
    source.shapes.append(SHAPE)
    return source


# -- quotes of the page, as the page printed them ---------------------------------------------------

_QUOTED = re.compile(r"“([^“”]+)”")


def _as_printed(message: str, line: int | None, printed: list[str], read: list[str]) -> str:
    """The message with each quote of source line `line` in the characters the page printed (the
    conversion keeps every line's length, so a quote found in the line read is at the same place)."""
    if line is None or not 1 <= line <= len(read) or len(printed[line - 1]) != len(read[line - 1]):
        return message

    def original(match: re.Match[str]) -> str:
        start = read[line - 1].find(match.group(1))
        if start < 0:
            return match.group(0)
        return f"“{printed[line - 1][start:start + len(match.group(1))]}”"

    return _QUOTED.sub(original, message)


def quote_as_printed(imported: Imported, original_text: str) -> None:
    """Notes and row comments of a Traditional text quote the page as printed, not as converted."""
    printed = original_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    read = [simplified(line) for line in printed]
    for note in imported.notes:
        note.message = _as_printed(note.message, note.line, printed, read)
    for table in imported.tables.values():
        for row in table.rows.values():
            if row.comment:
                row.comment = _as_printed(row.comment, row.line, printed, read)
