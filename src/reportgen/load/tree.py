"""Read an agency file into a small tree of YAML nodes that keep their line and column.

Safety comes first, because the file is edited by hand and may come from anywhere:
- the size is capped before anything is parsed;
- only the YAML core is accepted: no tags (so no Python objects), no anchors or aliases (so no
  alias bombs), one document, a bounded nesting depth;
- scalars stay text: the loader decides what a value means from where it stands (a count, a date,
  a paragraph), so YAML 1.1 surprises (`no` → False, `010` → 8, `1_000` → 1000) never happen.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import NoReturn

import yaml

from ..findings import Finding
from .characters import Located, code_point, first_control
from .slips import SYNTAX, Slip, find_slips, is_known_key

MAX_FILE_BYTES = 5 * 1024 * 1024  # a file holding many years of reports is well under 1 MiB
MAX_DEPTH = 24  # the agency file nests 6 levels deep
MAX_NODES = 500_000

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(slots=True)  # one per node of every file read: small and quick to make
class Node:
    line: int  # 1-based
    column: int  # 1-based


@dataclass(slots=True)
class Scalar(Node):
    text: str
    plain: bool  # written without quotes or block indicators
    style: str | None = None  # None (plain), "'", '"', "|", ">"


@dataclass(slots=True)
class Sequence(Node):
    items: list[Node] = field(default_factory=list)


@dataclass(slots=True)
class Mapping(Node):
    pairs: list[tuple[Scalar, Node]] = field(default_factory=list)


def describe(node: Node) -> str:
    """How a node looks to the officer: “映射”, “列表”, the text itself, or “空白”."""
    if isinstance(node, Mapping):
        return "映射（键: 值）"
    if isinstance(node, Sequence):
        return "列表（- 项目）"
    assert isinstance(node, Scalar)
    return f"文字“{shorten(node.text)}”" if node.text else "空白"


def shorten(text: str, limit: int = 20) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= limit else text[:limit] + "…"


class UnreadableFile(Exception):
    """The file cannot be read as YAML at all; carries the finding that says why."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding
        self.earlier: list[Finding] = []  # slips found (and repaired) before the line that stopped the parser


def read_tree(path: Path) -> Node | None:
    """Parse `path` into a node tree; None for an empty file. Raises UnreadableFile."""
    text = read_text(path)
    return parse_tree(text, str(path))


def read_text(path: Path) -> str:
    file = str(path)
    data = read_bytes(path)
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        message = f"文件超过 {limit} MB，不像是一个机关的年度报告文件，已拒绝读取。"
        raise UnreadableFile(Finding("F-1", message, file=file))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        hint = ""
        try:
            data.decode("gb18030")
            hint = "文件似乎是 GBK/GB18030 编码，请用编辑器“另存为 UTF-8”后重试。"
        except UnicodeDecodeError:
            pass
        message = f"文件不是 UTF-8 编码（第 {line} 行有无法识别的字节）。{hint}"
        raise UnreadableFile(Finding("F-1", message, file=file, line=line)) from None


_NOT_REGULAR = "不是普通文件（管道/设备），已拒绝读取：请指定机关的 .yaml 文件。"


def read_bytes(path: Path) -> bytes:
    """At most MAX_FILE_BYTES + 1 bytes of a regular file; raises UnreadableFile. A pipe or a device is refused before it is
    read (a FIFO would wait forever for a writer, /dev/zero never ends); it is opened without blocking
    and checked again, in case it was swapped after the first look."""
    file = str(path)

    def refused(message: str) -> UnreadableFile:
        return UnreadableFile(Finding("F-1", message, file=file))

    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise refused("这是一个文件夹，不是文件。")
        if not stat.S_ISREG(mode):
            raise refused(_NOT_REGULAR)
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise refused(_NOT_REGULAR)
            return stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise refused("文件不存在。") from None
    except PermissionError:
        raise refused(f"没有读取权限：“{file}”。请检查文件的权限，或换一个有权限的账户。") from None
    except IsADirectoryError:
        raise refused("这是一个文件夹，不是文件。") from None
    except OSError as error:
        raise refused(f"无法打开文件（{error.strerror or error}）。") from None


def parse_tree(text: str, file: str) -> Node | None:
    """The tree of a file that must be exactly right (it is about to be edited): the first slip
    raises UnreadableFile, as a syntax error does."""
    _refuse_unreadable_characters(text, file)
    _, slips = find_slips(text)
    syntax = [slip for slip in slips if slip.rule == SYNTAX]
    if syntax:
        raise UnreadableFile(slip_finding(syntax[0], file))
    return _parse(text, file)


def parse_tree_recovering(text: str, file: str) -> tuple[Node | None, list[Finding], str]:
    """The tree of a file with its one-line slips repaired, a finding for each slip (so that one
    slip does not hide the file's other findings) and the repaired text the tree was read from.
    Raises UnreadableFile (carrying the slips found before it) when the file still cannot be parsed."""
    _refuse_unreadable_characters(text, file)
    repaired, slips = find_slips(text)
    findings = [slip_finding(slip, file) for slip in slips]
    try:
        return _parse(repaired, file), findings, repaired
    except UnreadableFile as unreadable:
        unreadable.earlier = findings
        raise


def original_column(written: str, repaired: str, column: int) -> int:
    """The column in the line as written of what stands at `column` of the repaired line."""
    at = column - 1
    for operation, start, _end, repaired_start, repaired_end in SequenceMatcher(None, written, repaired).get_opcodes():
        if repaired_start <= at < repaired_end:
            return (start + at - repaired_start if operation == "equal" else start) + 1
    return column


def slip_finding(slip: Slip, file: str) -> Finding:
    where = f"第 {slip.line} 行第 {slip.column} 列："
    prefix = "YAML 语法错误：" if slip.rule == SYNTAX else ""
    return Finding(slip.rule, f"{prefix}{where}{slip.message}", file=file, line=slip.line, column=slip.column)


def _refuse_unreadable_characters(text: str, file: str) -> None:
    if "\x00" in text:
        raise UnreadableFile(Finding("F-1", "文件含有空字符（NUL），不是文本文件。", file=file))
    control = first_control(text)
    if control is not None:
        raise UnreadableFile(_control_finding(control, file))
    too_deep = _flow_too_deep(text)
    if too_deep is not None:
        line, column = too_deep
        raise UnreadableFile(Finding("F-3", _TOO_DEEP, file=file, line=line, column=column))


def _parse(text: str, file: str) -> Node | None:
    try:
        loader = _Loader(text)
        try:  # the parser's events straight from libyaml (no generator in between: a file has thousands)
            return _Composer(file).compose(iter(loader.get_event, None))
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        if "nesting depth" in (error.problem or ""):  # libyaml's own limit, should ours ever be passed by
            mark = error.problem_mark
            raise UnreadableFile(Finding("F-3", _TOO_DEEP, file=file, line=mark and mark.line + 1)) from None
        raise UnreadableFile(_syntax_finding(error, file, text)) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow (U+FFFE, …)
        raise UnreadableFile(_character_finding(error, file, text)) from None
    except yaml.YAMLError as error:  # unmarked: rare
        raise UnreadableFile(Finding("F-2", f"YAML 语法错误：{error}", file=file)) from None


_TOO_DEEP = f"嵌套超过 {MAX_DEPTH} 层，年度报告文件不需要这么深的结构。"
_VALUE_START = frozenset(("", ":", "-", "?", ",", "\n"))  # what may stand before a flow collection's bracket
_FLOW_SYNTAX = re.compile(r"[\[\]{}'\"#\n]")


def _flow_too_deep(text: str) -> tuple[int, int] | None:
    """Where `[`/`{` flow collections first nest deeper than MAX_DEPTH (line, column), else None.

    Checked on the text before parsing, so the limit is ours whatever limit the installed libyaml
    has (newer ones stop at their own depth, with an English message). A bracket opens a collection
    where a value can start; quoted text and comments are skipped. Only the characters that matter
    are visited, so a file of ordinary rows costs a few thousand steps."""
    depth, position = 0, 0
    while (match := _FLOW_SYNTAX.search(text, position)) is not None:
        character, at = match.group(), match.start()
        position = at + 1
        if character == "\n":
            continue
        before = _last_visible(text, at)
        opens_value = depth > 0 or before in _VALUE_START
        if character in "'\"" and (opens_value or before == "["):
            position = _quote_end(text, at, character)
        elif character == "#" and (at == 0 or text[at - 1] in " \t\n"):
            newline = text.find("\n", at)
            position = len(text) if newline < 0 else newline
        elif character in "[{" and opens_value:
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, at) + 1
                return line, at - text.rfind("\n", 0, at)
        elif character in "]}" and depth:
            depth -= 1
    return None


def _last_visible(text: str, at: int) -> str:
    """The last character before `at` on its line that is not a space ("\n" at the line's start)."""
    index = at - 1
    while index >= 0 and text[index] in " \t":
        index -= 1
    return "\n" if index < 0 else text[index]


def _quote_end(text: str, at: int, quote: str) -> int:
    """The position after the quoted scalar that starts at `at` (the end of the text if unclosed)."""
    index = at + 1
    while (index := text.find(quote, index)) >= 0:
        if quote == '"' and _escaped(text, index):
            index += 1
            continue
        return index + 1
    return len(text)


def _escaped(text: str, at: int) -> bool:
    backslashes = 0
    while at - backslashes - 1 >= 0 and text[at - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1

def _control_finding(control: Located, file: str) -> Finding:
    message = (f"第 {control.line} 行第 {control.column} 列有控制字符 {code_point(control.character)}："
               "它在编辑器中看不见，YAML 文件中不允许出现。请删除它（常见于从网页或其他程序复制来的文字）。")
    return Finding("F-2", message, file=file, line=control.line, column=control.column)


def _character_finding(error: yaml.reader.ReaderError, file: str, text: str) -> Finding:
    # libyaml counts the position in UTF-8 bytes, the pure-Python reader in characters: find the character.
    character = chr(error.character) if isinstance(error.character, int) else str(error.character)
    position = max(text.find(character), 0)
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    message = (f"第 {line} 行第 {column} 列有 YAML 不允许的字符 {code_point(character)}。"
               "请删除它（常见于从网页或其他程序复制来的文字）。")
    return Finding("F-2", message, file=file, line=line, column=column)


class _Composer:
    """Builds nodes from parser events, refusing what an agency file never needs."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.nodes = 0

    def compose(self, events: Iterator[yaml.Event]) -> Node | None:
        self.events = iter(events)
        root: Node | None = None
        documents = 0
        for event in self.events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self._refuse(event, "文件只能包含一个 YAML 文档（发现了第二个“---”）。")
                root = self._node(next(self.events), depth=1)
        return root

    def _node(self, event: yaml.Event, depth: int) -> Node:
        # Called once per node of every file `check` reads: the usual scalar (no anchor, no tag, within
        # the limits) is made at once; everything else goes through every check below.
        self.nodes += 1
        if (type(event) is yaml.ScalarEvent and event.anchor is None and event.tag is None
                and depth <= MAX_DEPTH and self.nodes <= MAX_NODES):
            mark = event.start_mark
            style = event.style or None  # libyaml says "" for plain, the pure-Python parser None
            return Scalar(mark.line + 1, mark.column + 1, event.value, style is None, style)
        if depth > MAX_DEPTH:
            self._refuse(event, f"嵌套超过 {MAX_DEPTH} 层，年度报告文件不需要这么深的结构。")
        if self.nodes > MAX_NODES:
            self._refuse(event, "文件包含的项目过多，不像是一个机关的年度报告文件。")
        kind = type(event)
        if kind is yaml.AliasEvent:
            self._refuse(event, "不支持 YAML 别名（*名称）：请把内容直接写出来。")
        if getattr(event, "anchor", None):
            self._refuse(event, "不支持 YAML 锚点（&名称）：请把内容直接写出来。")
        tag = getattr(event, "tag", None)
        if tag and tag != "!":
            self._refuse(event, f"不支持 YAML 标签“{tag}”：年度报告文件只需要普通的文字、数字、列表和映射。")
        mark = event.start_mark
        line, column = mark.line + 1, mark.column + 1
        if kind is yaml.ScalarEvent:
            style = event.style or None  # libyaml says "" for plain, the pure-Python parser None
            return Scalar(line, column, event.value, plain=style is None, style=style)
        events = self.events
        if kind is yaml.MappingStartEvent:
            mapping = Mapping(line, column)
            pairs = mapping.pairs
            for key_event in events:
                key_kind = type(key_event)
                if key_kind is yaml.MappingEndEvent:
                    return mapping
                if key_kind is not yaml.ScalarEvent:
                    self._node(key_event, depth + 1)  # refused there if it is an alias; else here
                    self._refuse(key_event, "映射的键必须是一段文字，不能是列表或映射。")
                key = self._node(key_event, depth + 1)
                pairs.append((key, self._node(next(events), depth + 1)))  # type: ignore[arg-type]
        if kind is yaml.SequenceStartEvent:
            sequence = Sequence(line, column)
            for item in events:
                if type(item) is yaml.SequenceEndEvent:
                    return sequence
                sequence.items.append(self._node(item, depth + 1))
        self._refuse(event, "无法识别的 YAML 结构。")

    def _refuse(self, event: yaml.Event, message: str) -> NoReturn:
        mark = event.start_mark
        raise UnreadableFile(
            Finding("F-3", message, file=self.file, line=mark.line + 1, column=mark.column + 1)
        )


_SYNTAX_HINTS = (
    # (words of the parser's problem, the character found at the error ("" for any), the hint).
    # libyaml's messages do not name the character, so it is read from the text at the error.
    ("cannot start any token", "\t", "YAML 不允许用制表符（Tab）缩进，请改用空格。"),
    ("mapping values are not allowed", "", "一行文字中出现了“: ”（半角冒号加空格）。如果它是正文的一部分，请改用全角冒号“：”，或把整段文字放在“|”之后的新行里。"),
    ("could not find expected ':'", "", "这一行缺少“键: 值”中的半角冒号，或上一行的引号没有闭合。"),
    ("did not find expected key", "", "缩进不一致：同一层的键必须左端对齐。"),
    ("did not find expected ',' or '}'", "", "花括号“{…}”中的各项要用半角逗号加空格“, ”分隔，末尾要有“}”。"),
    ("did not find expected ',' or ']'", "", "方括号“[…]”中的各项要用半角逗号加空格“, ”分隔，末尾要有“]”。"),
    ("found unexpected ':'", "", "冒号的位置不对：“键: 值”的冒号后面要有空格和值。"),
    ("did not find expected node content", "", "这里缺少一个值。"),
    ("found unexpected end of stream", "", "引号或括号没有闭合。"),
    ("cannot start any token", "@", "以“@”开头的文字须加引号。"),
    ("cannot start any token", "`", "以“`”开头的文字须加引号。"),
    ("found undefined alias", "", "不支持 YAML 别名（*名称）。"),
)
#: A key followed by a full-width colon, `名称：xx`: YAML reads the whole line as text.
_FULL_WIDTH_KEY = re.compile(r"^\s*(?:-\s+)?[^\s#:：'\"|>{}\[\]-][^:：\n]{0,40}：")


def _syntax_finding(error: yaml.MarkedYAMLError, file: str, text: str = "") -> Finding:
    """A syntax error the slip scanner did not recognise, in Chinese, at the parser's place."""
    mark = error.problem_mark or error.context_mark
    problem = error.problem or ""
    lines = text.split("\n")
    found = ""
    if mark and mark.line < len(lines) and mark.column < len(lines[mark.line]):
        found = lines[mark.line][mark.column]
    hint = next(
        (
            hint_text
            for needle, character, hint_text in _SYNTAX_HINTS
            if needle in problem and (character in problem or character == found)
        ),
        "请检查这一行及上一行的缩进、冒号和引号。",
    )
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    if mark:
        # The parser stops a line or two after a `键：值` written with a full-width colon.
        context_line = error.context_mark.line if error.context_mark else mark.line
        candidates = sorted({context_line, mark.line - 1, mark.line})
        colon_line = next((i for i in candidates if 0 <= i < len(lines) and _FULL_WIDTH_KEY.match(lines[i])
                           and is_known_key(lines[i].strip().lstrip("- ").split("：")[0])), None)
        if colon_line is not None:
            hint = (f"第 {colon_line + 1} 行“{lines[colon_line].strip()[:30]}”的键和值之间用了全角冒号“：”，"
                    "应改为半角冒号加空格“: ”。")
            line, column = colon_line + 1, None
        elif error.context_mark and "quoted scalar" in (error.context or ""):
            hint = f"第 {error.context_mark.line + 1} 行开始的引号没有闭合。"
            line, column = error.context_mark.line + 1, error.context_mark.column + 1
    where = f"第 {line} 行第 {column} 列" if line and column else (f"第 {line} 行" if line else "文件中")
    character = f"遇到“{found}”，" if found.strip() else ""
    message = f"YAML 语法错误：{where}无法读下去：{character}{hint}"
    return Finding("F-2", message, file=file, line=line, column=column)
