"""Read an agency file into a small tree of YAML nodes that keep their line and column.

Safety comes first, because the file is edited by hand and may come from anywhere:
- the size is capped before anything is parsed;
- only the YAML core is accepted: no tags (so no Python objects), no anchors or aliases (so no
  alias bombs), one document, a bounded nesting depth;
- scalars stay text: the loader decides what a value means from where it stands (a count, a date,
  a paragraph), so YAML 1.1 surprises (`no` → False, `010` → 8, `1_000` → 1000) never happen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import yaml

from ..findings import Finding

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


def read_tree(path: Path) -> Node | None:
    """Parse `path` into a node tree; None for an empty file. Raises UnreadableFile."""
    text = read_text(path)
    return parse_tree(text, str(path))


def read_text(path: Path) -> str:
    file = str(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise UnreadableFile(Finding("F-1", "文件不存在。", file=file)) from None
    except IsADirectoryError:
        raise UnreadableFile(Finding("F-1", "这是一个文件夹，不是文件。", file=file)) from None
    except OSError as error:
        message = f"无法打开文件（{error.strerror}）。"
        raise UnreadableFile(Finding("F-1", message, file=file)) from None
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


def parse_tree(text: str, file: str) -> Node | None:
    if "\x00" in text:
        raise UnreadableFile(Finding("F-1", "文件含有空字符（NUL），不是文本文件。", file=file))
    try:
        loader = _Loader(text)
        try:  # the parser's events straight from libyaml (no generator in between: a file has thousands)
            return _Composer(file).compose(iter(loader.get_event, None))
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        raise UnreadableFile(_syntax_finding(error, file, text)) from None
    except yaml.YAMLError as error:  # unmarked: rare
        raise UnreadableFile(Finding("F-2", f"YAML 语法错误：{error}", file=file)) from None


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
    ("did not find expected key", "", "缩进不一致：同一层的键必须对齐。"),
    ("cannot start any token", "@", "以“@”开头的文字须加引号。"),
    ("found undefined alias", "", "不支持 YAML 别名（*名称）。"),
)
#: A key followed by a full-width colon, `名称：xx`: YAML reads the whole line as text.
_FULL_WIDTH_KEY = re.compile(r"^\s*(?:-\s+)?[^\s#:：'\"|>{}\[\]-][^:：\n]{0,40}：")


def _syntax_finding(error: yaml.MarkedYAMLError, file: str, text: str = "") -> Finding:
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
        colon_line = next((i for i in candidates if 0 <= i < len(lines) and _FULL_WIDTH_KEY.match(lines[i])), None)
        if colon_line is not None:
            hint = (f"第 {colon_line + 1} 行“{lines[colon_line].strip()[:30]}”的键和值之间用了全角冒号“：”，"
                    "应改为半角冒号加空格“: ”。")
            line, column = colon_line + 1, None
        elif error.context_mark and "quoted scalar" in (error.context or ""):
            hint = f"第 {error.context_mark.line + 1} 行开始的引号没有闭合。"
    where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else "文件中"
    message = f"YAML 语法错误：{where}无法解析（{problem}）。{hint}"
    return Finding("F-2", message, file=file, line=line, column=column)
