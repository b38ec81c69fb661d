"""A section heading recognised by what it says, not only by its number (see `report_structure`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .labels import NUMERALS, SECTION_KEYWORDS, SECTION_VARIANTS, fold, numbering, similarity

#: A sentence ends or pauses: a line holding one is prose, not a heading or a title.
SENTENCE_MARK = re.compile(r"[。；;！？!?]")


@dataclass(frozen=True)
class Heading:
    section: str | None  # 一 … 六; None: a numbered heading that names no section
    number: str | None  # the numeral printed before it, if any
    score: float
    printed: str


def _section_score(rest: str) -> tuple[str | None, float]:
    best_section, best_score = None, 0.0
    for number, variants in SECTION_VARIANTS.items():
        if not any(word in rest for word in SECTION_KEYWORDS[number]):
            continue
        for variant in variants:
            score = similarity(rest, fold(variant).replace("、", "").replace(",", ""))
            if score > best_score:
                best_section, best_score = number, score
    return best_section, best_score


def heading_of(text: str) -> Heading | None:
    """What a heading-shaped line says: the section it names and the number printed before it."""
    folded = fold(text)
    if not folded or len(folded) > 40 or SENTENCE_MARK.search(folded[:-1]) or folded.endswith(("。", "，", ",", "；")):
        return None
    numbered, rest = numbering(folded)
    number = None
    match = re.match(rf"^(?:第)?([{NUMERALS}]+)", numbered)
    if match and not numbered.startswith("("):
        number = match.group(1)
    elif numbered:
        return None  # （一） or 1. — a part or an item, never a section
    rest = rest.rstrip(":：").replace("、", "").replace(",", "")
    section, score = _section_score(rest)
    return Heading(section, number, score, text.strip())


def looks_like_heading(text: str) -> bool:
    """For a table reader: a line that ends the table because it is a section heading."""
    heading = heading_of(text)
    if heading is None or heading.section is None:
        return False
    return heading.score >= (0.6 if heading.number else 0.8)
