"""The slips an officer makes when typing an agency file by hand, found line by line before parsing.

libyaml stops at the first syntax error, names it in English and often a line or two after the
slip. This scanner reads the file as the agency file is written (one key per line, one table row
per line in `{…}`, prose in `|` blocks) and, for each common slip, says in Chinese what is wrong at
the line and column of the slip, naming the character. A slip confined to one line is repaired in
a copy of the text (the line count never changes), so the file can still be parsed and every other
finding reported; what is not recognised here is left for the parser to report.

Only what is certainly a slip is reported: a full-width colon counts only after a key the agency
file knows, prose lines only where a block of prose stands.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .. import document as doc
from ..editions import EDITIONS, ApplicationsTable

#: F-2: the text is not valid YAML as written (the repair was needed to read on).
#: S-7: valid YAML that does not say what the officer meant (a row key `自然人：2`, prose without `|`).
SYNTAX, MEANING = "F-2", "S-7"


@dataclass(frozen=True)
class Slip:
    rule: str
    line: int  # 1-based
    column: int  # 1-based, in characters
    message: str


@cache
def known_keys() -> frozenset[str]:
    """Every key an agency file may write, from the document and edition declarations."""
    keys = {doc.AGENCY_KEY, doc.REPORTS_KEY, doc.NOTES_KEY, doc.OVERVIEW_INTRO_KEY, doc.SIGNOFF_KEY}
    keys |= {f.key for f in (*doc.AGENCY_FIELDS, *doc.REPORT_FIELDS, *doc.SIGNOFF_FIELDS)}
    keys |= {section.heading for section in doc.SECTIONS}
    for edition in EDITIONS.values():
        for table in edition.tables:
            keys.add(table.name)
            for row, column in table.cells():
                keys |= {row.key, column.key}
            if isinstance(table, ApplicationsTable):
                keys |= {group.key for group in table.groups()}
    return frozenset(keys)


_PART = re.compile(r"[（(][一二三四五六七八九十]+[）)]\S{0,20}")
_YEAR = re.compile(r"\d{4}年?", re.ASCII)


@cache
def _categories() -> dict[str, str]:
    """Each known key's kind: keys of one kind stand at one level (rows with rows, sections with sections)."""
    kinds: dict[str, str] = {}
    for field in doc.AGENCY_FIELDS:
        kinds[field.key] = "agency"
    for key in (*(f.key for f in doc.REPORT_FIELDS), *(s.heading for s in doc.SECTIONS), doc.SIGNOFF_KEY):
        kinds[key] = "report"
    for field in doc.SIGNOFF_FIELDS:
        kinds[field.key] = "signoff"
    kinds[doc.OVERVIEW_INTRO_KEY] = "part"
    kinds[doc.NOTES_KEY] = "table"  # 说明 stands beside 表三
    tables = [table for edition in EDITIONS.values() for table in edition.tables]
    kinds.update({table.name: "table" for table in tables})
    for table in tables:  # rows first: 总计 and 其他 are rows as well as columns, and a line's key is a row
        kinds.update({row.key: "row" for row in table.rows()})
        if isinstance(table, ApplicationsTable):
            kinds.update({group.key: "row" for group in table.groups()})
    for table in tables:
        for _, column in table.cells():
            kinds.setdefault(column.key, "column")
    return kinds


def category(key: str | None) -> str | None:
    """The kind of key `key` is (or looks like, when misspelt); None when it is not recognised."""
    if key is None:
        return None
    key = key.strip()
    if _YEAR.fullmatch(key):
        return "year"
    if _PART.fullmatch(key):
        return "part"
    kinds = _categories()
    if key in kinds:
        return kinds[key]
    return _nearest_category(key)


@lru_cache(maxsize=4096)
def _nearest_category(key: str) -> str | None:
    """The kind of the known key closest to a misspelt one (worked out once per key: a district's
    files write the same unknown keys, such as part headings, over and over)."""
    kinds = _categories()
    close = difflib.get_close_matches(key, list(kinds), n=1, cutoff=0.6)
    return kinds[close[0]] if close else None


def is_known_key(text: str) -> bool:
    text = text.strip()
    return text in known_keys() or bool(_PART.fullmatch(text)) or bool(_YEAR.fullmatch(text))


#: `键: 值`, `键:`, `- 键: 值`; a key is plain (no `: `, no ` #`: a `#` after a space begins a comment) or quoted.
_KEY_LINE = re.compile(
    r"^(?P<indent> *)(?P<dash>-(?: +|$))?(?P<key>\"[^\"]*\"|'[^']*'|[^\s#'\"{}\[\],:-](?:[^#]|(?<![ \t])#)*?|[^\s#'\"{}\[\],:]|-[^\s](?:[^#]|(?<![ \t])#)*?)"
    r"[ ]*:(?:[ ]+(?P<value>.*?))?[ ]*$"
)
_DASH_ONLY = re.compile(r"^(?P<indent> *)-(?: +(?P<value>.*?))?[ ]*$")
#: What may be a slip in a `{…}` row: full-width punctuation, a colon not followed by a space, a quote.
_FLOW_SLIP = re.compile(r"[，：｛｝'\"]|:(?! )")
#: Past this many slips the file is not a report typed with a few slips: the parser says the rest.
MAX_SLIPS = 200
_BLOCK_VALUE = re.compile(r"[|>][-+0-9]*(?:\s+#.*)?")
_STATED_INDENT = re.compile(r"(?<=[|>+-])[1-9]")  # a block's indentation indicator (`|2`, `>-4`)


@dataclass
class _Line:
    number: int  # 1-based
    indent: int
    text: str  # without the comment
    key: str | None = None
    value: str | None = None
    opens: bool = False  # `键:` with nothing after it: the next deeper line is its content
    first_child_of: _Line | None = None  # the key whose content this line is the first line of


class _Scanner:
    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.slips: list[Slip] = []
        self.open_brackets = 0  # inside a `{…}` or `[…]` that goes on over the next lines
        self.block: _Line | None = None  # the key of the `|` block being read
        self.block_indent: int | None = None  # the indentation of that block's first line
        self.block_first = 0  # the number of that line

    # -- helpers ---------------------------------------------------------------------------------

    def slip(self, rule: str, number: int, column: int, message: str) -> None:
        self.slips.append(Slip(rule, number, column, message))

    def replace(self, number: int, text: str) -> None:
        self.lines[number - 1] = text

    def next_content(self, index: int) -> tuple[int, str] | None:
        """(index, text) of the first line after `index` that is neither blank nor only a comment."""
        for later in range(index + 1, len(self.lines)):
            stripped = self.lines[later].strip()
            if stripped and not stripped.startswith("#"):
                return later, self.lines[later]
        return None

    # -- the scan ------------------------------------------------------------------------------------

    def usual_step(self) -> int:
        """How much deeper the file usually writes a key's content (2 in files reportgen writes)."""
        steps: dict[int, int] = {}
        for index, raw in enumerate(self.lines):
            code = _without_comment(raw)
            if not code.endswith(":") or code.lstrip().startswith("#"):
                continue
            following = self.next_content(index)
            if following is not None:
                step = _indent(following[1]) - _indent(raw)
                if step > 0:
                    steps[step] = steps.get(step, 0) + 1
            if len(steps) and sum(steps.values()) >= 50:
                break
        return max(steps, key=lambda step: steps[step]) if steps else 2

    def scan(self) -> None:
        self.step = self.usual_step()
        self.last_of: dict[str, _Line] = {}  # the last key line of each kind (rows, sections …)
        levels: list[_Line] = []  # the open keys, outermost first, each with its indentation
        previous: _Line | None = None
        before_previous: _Line | None = None
        plain: _Line | None = None  # a key whose value goes on over the next, deeper lines
        index = 0
        while index < len(self.lines) and len(self.slips) < MAX_SLIPS:
            raw = self.lines[index]
            number = index + 1
            index += 1
            stripped = raw.strip()
            if not stripped or (stripped.startswith("#") and self.block is None):
                continue
            if self.open_brackets:
                self.open_brackets += _bracket_balance(raw)
                continue  # a flow collection written over several lines: YAML allows it
            if raw.startswith(("---", "...")):
                self.block = plain = previous = before_previous = None
                levels = []
                continue
            if raw.lstrip(" ").startswith("\t"):
                raw = self._tab(number, raw, previous, self.block, self.block_indent)
            indent = len(raw) - len(raw.lstrip(" "))
            if self.block is not None:
                if self._block_line(number, raw, indent):
                    continue
                self.block, self.block_indent = None, None
            if plain is not None:
                if indent > plain.indent and not _KEY_LINE.match(raw):
                    continue  # already reported with the line that opened it
                plain = None
            if stripped.startswith("#") or stripped in ("---", "..."):
                continue
            line = self._read(number, raw, indent)
            if line.key is None and stripped.startswith("-"):
                continue  # a list item: YAML lists are rare in an agency file and left for the parser
            if line.key is None and previous is not None and previous.opens and indent > previous.indent:
                # prose written under a section key without `|`
                self._prose_without_bar(previous, number)
                self.block, self.block_indent, self.block_first = previous, indent, number
                continue
            if line.key is None and previous is not None and previous.value and indent > previous.indent \
                    and not previous.value.startswith(("{", "[", '"', "'")):
                self.slip(MEANING, number, indent + 1,
                          f"这一行比上一行“{previous.key}”多缩进，又不是“键: 值”：YAML 会把它接在上一行的文字后面"
                          "（中间加一个空格），两段合成一段。如果这是一段正文，请在“"
                          f"{previous.key}:”后面写“|”，每段另起一行。")
                plain = previous
                continue
            if line.key is None:
                continue  # not recognised: left for the parser
            if self._first_child_not_indented(line, previous, before_previous):
                assert previous is not None and before_previous is not None
                levels = [level for level in levels if level.indent < before_previous.indent]
                levels += [before_previous, previous]
            if self._first_child_off_step(line, previous):
                assert previous is not None
                levels = [level for level in levels if level.indent < previous.indent or level is previous]
            line = self._indentation(line, levels, previous)
            if previous is not None and previous.opens and line.indent > previous.indent:
                line.first_child_of = previous
            while levels and levels[-1].indent >= line.indent:
                levels.pop()
            levels.append(line)
            kind = category(line.key)
            if kind is not None:
                self.last_of[kind] = line
            before_previous, previous = previous, line
            if line.value is not None and _BLOCK_VALUE.fullmatch(line.value):
                self.block, self.block_indent, line.opens = line, None, False
                stated = _STATED_INDENT.search(line.value)  # `|2`: the block's indentation is written out
                if stated:
                    self.block_indent, self.block_first = line.indent + int(stated.group()), number + 1

    def _block_line(self, number: int, raw: str, indent: int) -> bool:
        """A line after a `|` key: True when it is the block's (prose, repaired if out of line), False
        when the block has ended."""
        block = self.block
        assert block is not None
        stripped = raw.strip()
        if self.block_indent is None and indent > block.indent:
            self.block_indent, self.block_first = indent, number
        if self.block_indent is not None and indent >= self.block_indent:
            return True
        prose = not _KEY_LINE.match(raw) and not stripped.startswith("#")
        following = self.next_content(number - 1)
        if self.block_indent is not None and prose:
            if number == self.block_first + 1 and block.indent < indent == block.indent + self.step:
                # the first line too deep, this one where the block's lines belong
                self._unindented_prose(self.block_first, self.lines[self.block_first - 1], self.block_indent,
                                       block, indent, too_deep=True)
                self.block_indent = indent
            else:
                self._unindented_prose(number, raw, indent, block, self.block_indent)
            return True
        if stripped.startswith("#") and following is not None and _indent(following[1]) > block.indent \
                and not _KEY_LINE.match(following[1]):
            self.slip(SYNTAX, number, indent + 1,
                      f"“{block.key}”的正文中间有一行以“#”开头、缩进比正文少：YAML 把它当作注释，"
                      "正文在这里就断了，下面的几行读不出来。请删去这一行，或把它缩进到与正文对齐。")
            self.replace(number, "")
            return True
        if self.block_indent is None and prose:  # the block's first line not indented at all
            target = block.indent + self.step
            if following is not None and _indent(following[1]) > block.indent:
                target = _indent(following[1])
            self._unindented_prose(number, raw, indent, block, target)
            self.block_indent, self.block_first = target, number
            return True
        return False

    def _read(self, number: int, raw: str, indent: int) -> _Line:
        """The line as key and value, after repairing the slips confined to it."""
        text = _without_comment(raw)
        match = _KEY_LINE.match(text)
        if match is None:
            text = self._key_colon(number, text)
            match = _KEY_LINE.match(text)
        if match is None:
            dash = _DASH_ONLY.match(text)
            return _Line(number, indent, text, value=dash and dash.group("value"))
        key, value = match.group("key").strip(), match.group("value")
        if match.group("dash"):
            indent = len(match.group("indent")) + len(match.group("dash"))
        if value:
            value = self._value(number, text, match.start("value"), value, indent)
        return _Line(number, indent, text, key, value, opens=not value)

    def _key_colon(self, number: int, text: str) -> str:
        """`名称：x` (a full-width colon) and `名称:x` (no space) after a known key: repaired; so is
        a known key alone on its line without its colon (`年度报告`)."""
        stripped = text.lstrip(" ")
        indent = len(text) - len(stripped)
        if is_known_key(stripped) and not _YEAR.fullmatch(stripped.strip()) and ":" not in stripped:
            self.slip(SYNTAX, number, len(text.rstrip()) + 1,
                      f"“{stripped.strip()}”后面缺少半角冒号：应写成“{stripped.strip()}:”。")
            repaired = text.rstrip() + ":"
            self.replace(number, repaired)
            return repaired
        for colon in ("：", ":"):
            key, found, rest = stripped.partition(colon)
            if not found or not is_known_key(key) or (colon == ":" and rest[:1] in ("", " ")):
                continue
            column = indent + len(key) + 1
            if colon == "：":
                self.slip(SYNTAX, number, column,
                          f"“{key.strip()}”后面用了全角冒号“：”：键和值之间要用半角冒号加空格“: ”，"
                          f"应写成“{key.strip()}: {rest.strip()}”。")
            else:
                self.slip(SYNTAX, number, column,
                          f"“{key.strip()}:”的冒号后面缺少空格：应写成“{key.strip()}: {rest.strip()}”。")
            repaired = " " * indent + key + ": " + rest.lstrip()
            self.replace(number, repaired)
            return repaired
        return text

    def _value(self, number: int, text: str, start: int, value: str, indent: int) -> str:
        if value.startswith(("{", "[", "｛")):
            return self._flow(number, text, start, value, indent)
        if value[0] in "'\"":
            return self._quoted(number, text, start, value, indent)
        if _BLOCK_VALUE.fullmatch(value):
            return value
        inner = value.find(": ")
        if inner >= 0 or value.endswith(":"):
            at = inner if inner >= 0 else len(value) - 1
            self.slip(SYNTAX, number, start + at + 1,
                      "这一行的文字中有“: ”（半角冒号加空格）：YAML 会以为这里又开始了一个“键: 值”。"
                      "请改用全角冒号“：”，或把整段文字写在“|”之后的新行里。")
            quoted = "'" + value.replace("'", "''") + "'"
            self.replace(number, text[:start] + quoted)
            return quoted
        return value

    def _flow(self, number: int, text: str, start: int, value: str, indent: int) -> str:
        """A table row `{列: 值, …}` on one line: full-width punctuation, missing spaces, a missing `}`."""
        if not _FLOW_SLIP.search(value) and value.count("{") == value.count("}") \
                and value.count("[") == value.count("]"):
            return value  # the usual row: nothing to look at character by character
        repaired: list[str] = []
        depth, position, quote = 0, 0, ""
        openers: list[str] = []
        while position < len(value):
            character = value[position]
            column = start + position + 1
            after = value[position + 1: position + 2]
            if quote:
                if character == quote:
                    quote = ""
            elif character in "'\"":
                quote = character
            elif character in "{[":
                depth += 1
                openers.append(character)
            elif character in "}]":
                depth -= 1
                if openers:
                    openers.pop()
            elif character in "｛｝":
                self.slip(SYNTAX, number, column, f"用了全角花括号“{character}”：表格的一行要写在半角花括号“{{ }}”中。")
                character = "{" if character == "｛" else "}"
                depth += 1 if character == "{" else -1
                if character == "{":
                    openers.append(character)
                elif openers:
                    openers.pop()
            elif character == "，" and depth > 0:
                self.slip(SYNTAX, number, column,
                          "两项之间用了全角逗号“，”：花括号中的各项要用半角逗号加空格“, ”分隔。")
                character = ", " if after != " " else ","
            elif character == "：" and depth > 0:
                key = _key_before(value, position)
                self.slip(SYNTAX, number, column,
                          f"“{key}”后面用了全角冒号“：”：要用半角冒号加空格，写成“{key}: {_value_after(value, position)}”。")
                character = ": " if after != " " else ":"
            elif character == ":" and depth > 0 and after not in (" ", ",", "}", "]", ""):
                key = _key_before(value, position)
                self.slip(SYNTAX, number, column,
                          f"“{key}:”的冒号后面缺少空格：应写成“{key}: {_value_after(value, position)}”。")
                character = ": "
            elif character == ":" and depth > 0 and after in (",", "}", "]"):
                key = _key_before(value, position)
                self.slip(SYNTAX, number, column,
                          f"“{key}:”后面没有填写数字：写成“{key}: 0”（没有发生的填 0）或填上实际数字。")
                character = ": 0"  # read on; the file stays unreadable (F-2), so the 0 is never published
            repaired.append(character)
            position += 1
        result = "".join(repaired)
        if quote == "" and depth > 0:
            following = self.next_content(number - 1)
            if following is None or len(following[1]) - len(following[1].lstrip(" ")) <= indent:
                closers = "".join("}" if opener == "{" else "]" for opener in reversed(openers))
                named = "花括号" if set(openers) == {"{"} else ("方括号" if set(openers) == {"["} else "括号")
                self.slip(SYNTAX, number, len(text) + 1, f"这一行的{named}没有闭合：行末缺少“{closers}”。")
                result += closers
            else:
                self.open_brackets = depth
        if result != value:
            self.replace(number, text[:start] + result)
        return result

    def _quoted(self, number: int, text: str, start: int, value: str, indent: int) -> str:
        quote = value[0]
        body = value[1:]
        closed = re.search(r'(?<!\\)(?:\\\\)*"' if quote == '"' else r"'", body)
        if quote == "'":
            closed = re.search(r"(?<!')'(?!')|''$", body) if body.replace("''", "").count("'") else None
        if closed is not None:
            return value
        following = self.next_content(number - 1)
        if following is not None and len(following[1]) - len(following[1].lstrip(" ")) > indent:
            return value  # a quoted text over several lines: YAML allows it
        name = "双引号" if quote == '"' else "单引号"
        self.slip(SYNTAX, number, start + 1,
                  f"这一行开头的{name}“{quote}”没有闭合：行末缺少“{quote}”。不需要引号时，把两个引号都删去。")
        repaired = value + quote
        self.replace(number, text[:start] + repaired)
        return repaired

    def _tab(self, number: int, raw: str, previous: _Line | None, block: _Line | None,
             block_indent: int | None) -> str:
        body = raw.lstrip(" \t")
        if block is not None and block_indent is not None:
            indent = block_indent
        elif previous is None:
            indent = 0
        else:
            indent = previous.indent + 2 if previous.opens else previous.indent
        self.slip(SYNTAX, number, 1, "这一行用制表符（Tab）缩进：YAML 不允许用制表符，请改用空格"
                  f"（这里应缩进 {indent} 个空格）。")
        repaired = " " * indent + body
        self.replace(number, repaired)
        return repaired

    def _unindented_prose(self, number: int, raw: str, indent: int, block: _Line, block_indent: int,
                          too_deep: bool = False) -> None:
        compared = "比下面的正文多" if too_deep else "不够"
        self.slip(SYNTAX, number, indent + 1,
                  f"这一行是“{block.key}”的正文，但缩进{compared}：正文的每一行都要缩进 {block_indent} 个空格"
                  f"（比“{block.key}:”多缩进），YAML 才知道它属于这一段文字。")
        self.replace(number, " " * block_indent + raw.lstrip(" "))

    def _prose_without_bar(self, key_line: _Line, number: int) -> None:
        self.slip(MEANING, key_line.number, len(self.lines[key_line.number - 1].rstrip()) + 1,
                  f"“{key_line.key}:”后面缺少“|”：没有“|”，下面的各段会被连成一段（中间多出空格）。"
                  f"请写成“{key_line.key}: |”。")
        self.replace(key_line.number, _without_comment(self.lines[key_line.number - 1]) + " |")

    def _first_child_not_indented(self, line: _Line, previous: _Line | None, opener: _Line | None) -> bool:
        """`不予公开:` then its first item written level with it, the next items deeper: the first item
        is the slip (repaired to the indentation of the items after it)."""
        if previous is None or opener is None or previous.opens or not opener.opens:
            return False
        if not previous.indent <= opener.indent < line.indent:
            return False
        if category(previous.key) is None or category(previous.key) != category(line.key):
            return False
        self.slip(SYNTAX, previous.number, previous.indent + 1,
                  f"这一行“{previous.key}”是“{opener.key}”（第 {opener.number} 行）下的一项，缩进应比“{opener.key}”多："
                  f"请与下一行“{line.key}”对齐（{line.indent} 个空格）。")
        self.replace(previous.number, " " * line.indent + self.lines[previous.number - 1].lstrip(" "))
        previous.indent = line.indent
        return True

    def _first_child_off_step(self, line: _Line, previous: _Line | None) -> bool:
        """The first key of an opener written off the file's usual step (`落款:` then `单位` one space too
        deep, `日期` right): the first key is the slip, repaired to where the next line shows it belongs."""
        opener = previous.first_child_of if previous is not None else None
        if previous is None or opener is None or previous.indent - opener.indent == self.step:
            return False
        kind = category(line.key)
        if kind is not None and kind == category(previous.key) and line.indent - opener.indent == self.step \
                and line.indent != previous.indent:
            target = line.indent  # siblings: the first one is out of line
        elif previous.opens and opener.indent + self.step < line.indent < previous.indent:
            target = opener.indent + self.step  # `2025:` too deep, its content at the usual place
        else:
            return False
        self._realign_to(previous, target, f"“{opener.key}”下的各项应比它多缩进 {self.step} 个空格"
                                           f"（第 {opener.number} 行，{opener.indent} 个空格）")
        return True

    def _indentation(self, line: _Line, levels: list[_Line], previous: _Line | None) -> _Line:
        """A key line out of line with its neighbours: repaired to the indentation of the key it belongs with."""
        if previous is None:
            return line
        indents = [level.indent for level in levels]
        kind = category(line.key)
        if previous.opens and line.indent > previous.indent:
            return line  # the first key of the previous key's content
        if line.indent in indents:
            if line.indent >= previous.indent:
                return line
            aligned = next(level for level in levels if level.indent == line.indent)
            same_kind = self.last_of.get(kind) if kind is not None else None
            if kind is not None and category(aligned.key) not in (None, kind) and same_kind is not None \
                    and same_kind.indent in indents and same_kind.indent != line.indent:
                # aligned with a key of another kind (a section with a year): it belongs with its own kind
                return self._realign(line, same_kind)
            following = self.next_content(line.number - 1)
            if following is None:
                return line
            next_indent = _indent(following[1])
            if next_indent == previous.indent and not line.opens and _KEY_LINE.match(following[1]) \
                    and kind is not None and kind == category(previous.key):
                # this line stands out to the left between two lines that agree: it is the slip
                return self._realign(line, previous)
            return line
        if line.indent > previous.indent:
            if kind is not None and kind == category(previous.key):
                return self._realign(line, previous)  # a sibling written too deep
            if previous.value and self._block_goes_on(line):
                return self._value_and_content(previous, line)
            return self._realign(line, previous)
        # between two levels: with the nearest key of its own kind, else the nearest key
        own = [level for level in levels if kind is not None and category(level.key) == kind]
        return self._realign(line, _nearest(own or levels, line.indent))

    def _realign_to(self, line: _Line, indent: int, reason: str) -> None:
        self.slip(SYNTAX, line.number, line.indent + 1 if line.indent else 1,
                  f"这一行“{line.key}”的缩进（{line.indent} 个空格）不对：{reason}，应缩进 {indent} 个空格。")
        self.replace(line.number, " " * indent + self.lines[line.number - 1].lstrip(" "))
        line.indent = indent

    def _block_goes_on(self, line: _Line) -> bool:
        """The line after `line` is at least as deep: a block of content, not one line out of place."""
        following = self.next_content(line.number - 1)
        return following is not None and len(following[1]) - len(following[1].lstrip(" ")) >= line.indent

    def _value_and_content(self, key_line: _Line, line: _Line) -> _Line:
        """`键: 值` followed by deeper lines: a key has either a value or content below it, not both."""
        raw = self.lines[key_line.number - 1]
        value_at = raw.find(": ") + 2 if ": " in raw else len(raw)
        self.slip(SYNTAX, key_line.number, value_at + 1,
                  f"“{key_line.key}”后面写了“{key_line.value}”，下面又有缩进的内容（第 {line.number} 行起）："
                  f"一个键只能有其一。请删去“{key_line.value}”，或把它移到下面的内容中。")
        self.replace(key_line.number, raw[:value_at].rstrip())
        key_line.opens, key_line.value = True, None
        return line

    def _realign(self, line: _Line, sibling: _Line) -> _Line:
        raw = self.lines[line.number - 1]
        more = "多" if line.indent > sibling.indent else "少"
        self.slip(SYNTAX, line.number, line.indent + 1 if line.indent else 1,
                  f"这一行“{line.key}”的缩进（{line.indent} 个空格）比同一层的“{sibling.key}”（第 {sibling.number} 行，"
                  f"{sibling.indent} 个空格）{more}：同一层的键必须左端对齐，请与“{sibling.key}”对齐。")
        self.replace(line.number, " " * sibling.indent + raw.lstrip(" "))
        line.indent = sibling.indent
        return line


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _bracket_balance(line: str) -> int:
    """How many brackets the line opens (negative: closes), outside quotes."""
    balance, quote = 0, ""
    for character in line:
        if quote:
            quote = "" if character == quote else quote
        elif character in "'\"":
            quote = character
        elif character in "{[":
            balance += 1
        elif character in "}]":
            balance -= 1
    return balance


def _nearest(levels: list[_Line], indent: int) -> _Line:
    return min(reversed(levels), key=lambda level: abs(level.indent - indent))


def _key_before(value: str, position: int) -> str:
    start = max(value.rfind(separator, 0, position) for separator in ("{", ",", "，", "["))
    return value[start + 1: position].strip()


def _value_after(value: str, position: int) -> str:
    rest = value[position + 1:]
    end = min((i for i in (rest.find(","), rest.find("，"), rest.find("}")) if i >= 0), default=len(rest))
    return rest[:end].strip()


def _without_comment(line: str) -> str:
    """The line without a trailing `# comment` (a `#` after a space, outside quotes)."""
    if "#" not in line:
        return line.rstrip()
    quote = ""
    for position, character in enumerate(line):
        if quote:
            if character == quote:
                quote = ""
        elif character in "'\"" and (position == 0 or line[position - 1] in " {[,:"):
            quote = character
        elif character == "#" and (position == 0 or line[position - 1] in " \t"):
            return line[:position].rstrip()
    return line.rstrip()


def find_slips(text: str) -> tuple[str, list[Slip]]:
    """The text with every recognised one-line slip repaired, and the slips found (in line order)."""
    scanner = _Scanner(text)
    returns = [line.endswith("\r") for line in scanner.lines]  # CRLF files: read without, kept as written
    scanner.lines = [line.removesuffix("\r") for line in scanner.lines]
    scanner.scan()
    lines = [line + "\r" if carriage else line for line, carriage in zip(scanner.lines, returns, strict=True)]
    return "\n".join(lines), sorted(scanner.slips, key=lambda slip: (slip.line, slip.column))
