"""Apply one edit to an agency file's text: only the edited value changes, every other byte stays.

A value is written so that YAML reads it back as exactly what was typed: plain when it reads back
the same (`48件`, `１２`, `2022-01-20`), else double-quoted; prose keeps its block style (`|`), its
indentation and its chomping, with an indentation indicator when the first line starts with a space.
Every edit is verified by reading the new text again: the edited value must read back as typed and
every other key and value must read exactly as before, or nothing is written.

`EditableFile` adds the file: each write names the version (a hash of the bytes) it was based on and
is refused when the file changed since; the new file replaces the old atomically (atomic.py).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..atomic import replace_atomic
from ..errors import ReportgenError
from ..findings import Finding
from ..load.characters import CONTROL, code_point
from ..load.slips import find_slips
from ..load.tree import MAX_FILE_BYTES, UnreadableFile, read_bytes
from ..yamltext import line_ending
from . import positions as pos
from .positions import Positions, Span, block_parts, locate

BOM = "\ufeff"
MAX_VALUE_CHARS = 20_000  # a long paragraph is a few hundred characters
_YAML_BREAKS = "\x85\u2028\u2029"  # line breaks to YAML, not to the officer
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class EditRefused(ReportgenError):
    """The edit cannot be written as asked; the message says why, in the officer's words."""


class Conflict(ReportgenError):
    """The file changed since the page was loaded."""


CONFLICT_MESSAGE = ("文件在您打开页面之后被修改过（可能是另一个编辑页面或文本编辑器保存了它），这次修改没有写入。"
                    "页面将载入文件的最新内容，请核对后重新填写这一处。")


@dataclass(frozen=True)
class Edit:
    path: pos.Path  # the keys leading to the value
    value: str  # as typed
    is_key: bool = False  # rename the key itself (a numbered part's heading)
    prose: bool = False  # several lines allowed: written as a block (`|`)


def normalize(edit: Edit) -> str:
    """The text that will be written for `edit`, or EditRefused: line ends unified, prose without
    trailing blank lines, no control characters."""
    value = edit.value.replace("\r\n", "\n").replace("\r", "\n")
    if len(value) > MAX_VALUE_CHARS:
        raise EditRefused(f"输入的文字超过 {MAX_VALUE_CHARS} 个字符，没有写入。")
    control = CONTROL.search(value) or re.search(f"[{_YAML_BREAKS}\ufeff\ufffe\uffff\ud800-\udfff]", value)
    if control:
        raise EditRefused(f"输入的文字中有看不见的控制字符 {code_point(control.group())}，没有写入：请删除它"
                          "（常见于从网页或其他程序复制来的文字）。")
    if edit.prose:
        return "\n".join(line.rstrip(" \t") if not line.strip() else line for line in value.rstrip().split("\n"))
    if "\n" in value:
        raise EditRefused("这一项只能写一行，不能换行。")
    return value


def apply_edit(text: str, edit: Edit) -> str:
    """`text` with the one value of `edit` replaced (or added, when its key is absent); EditRefused
    when it cannot be written safely."""
    value = normalize(edit)
    try:
        before = locate(text)
    except UnreadableFile as unreadable:
        raise EditRefused(f"文件现在无法读取，不能在网页中修改：{unreadable.finding.message}请先在文本编辑器中改正。") from None
    if edit.is_key:
        span = before.keys.get(edit.path)
        if span is None:
            raise EditRefused(_not_found(edit.path))
        updated = _written(text, span.start, span.end, _key(value), value.strip())
        expected_path = (*edit.path[:-1], value.strip())
    else:
        span = before.values.get(edit.path)
        updated = _insert(before, edit, value) if span is None else _replace(before, span, edit, value)
        expected_path = edit.path
    _verify(before, updated, edit, expected_path, value)
    return updated


def _replace(positions: Positions, span: Span, edit: Edit, value: str) -> str:
    text = positions.text
    if span.style in ("|", ">") or (edit.prose and "\n" in value and not span.flow):
        return _replace_block(text, span, value)
    if "\n" in value:
        raise EditRefused("这一项写在一行之内（如表格的一行），不能换行。")
    return _written(text, span.start, span.end, _scalar(value, flow=span.flow), value)


def _replace_block(text: str, span: Span, value: str) -> str:
    ending = line_ending(text)
    if span.style in ("|", ">"):
        header_end, content_start, content_end = block_parts(span, text)
        chomp = "-" if "-" in text[span.start + 1:header_end] else ""
        indent = _content_indent(text, content_start, content_end, span.parent_indent)
        content = _block_lines(value, indent, ending)
        header = _header(value, indent, span.parent_indent, chomp)
        if not content:  # an empty block: the header alone
            return text[:span.start] + header + text[header_end:content_start].rstrip("\r\n") + text[content_end:]
        if content_end == content_start:  # the block was empty: its lines go after the header's line end
            newline = text[header_end:content_start]
            if not newline.endswith("\n"):  # the header ended the file
                newline += ending
            return text[:span.start] + header + newline + content + ending + text[content_start:]
        return text[:span.start] + header + text[header_end:content_start] + content + text[content_end:]
    # a one-line scalar becomes a block
    indent = span.parent_indent + 2
    content = _block_lines(value, indent, ending)
    line_end = len(text) if (newline := text.find("\n", span.end)) < 0 else newline
    rest = text[span.end:line_end].rstrip("\r")  # a comment after the value stays on the header's line
    return (text[:span.start] + _header(value, indent, span.parent_indent, "") + rest + ending + content
            + text[span.end + len(rest):])


def _content_indent(text: str, start: int, end: int, parent_indent: int) -> int:
    for line in text[start:end].split("\n"):
        if line.strip():
            indent = len(line) - len(line.lstrip(" "))
            if indent > parent_indent:
                return indent
    return max(parent_indent, 0) + 2


def _header(value: str, indent: int, parent_indent: int, chomp: str) -> str:
    first = next((line for line in value.split("\n") if line.strip()), "")
    indicator = str(indent - max(parent_indent, 0)) if first.startswith(" ") else ""
    if indicator and not 1 <= int(indicator) <= 9:
        raise EditRefused("这段文字的缩进无法写成 YAML 文字块，没有写入：请删除第一行行首的空格。")
    return f"|{indicator}{chomp}"


def _block_lines(value: str, indent: int, ending: str) -> str:
    if not value:
        return ""
    return ending.join((" " * indent + line) if line else "" for line in value.split("\n"))


def _scalar(value: str, *, flow: bool) -> str:
    """`value` as one YAML scalar that reads back as exactly `value`: plain if it can be, else quoted."""
    trial = f"{{k: {value}}}" if flow else f"k: {value}"
    if _reads_back(trial, value):
        return value
    return _quoted(value)


def _key(value: str) -> str:
    value = value.strip()
    if not value:
        raise EditRefused("标题不能为空。")
    return value if _reads_back(f"{value}: x", value, key=True) else _quoted(value)


def _written(text: str, start: int, end: int, plain: str, value: str) -> str:
    """`text` with `plain` (the value as written unquoted) put between start and end, unless the file would
    then read as having a typing slip it had not before (valid YAML such as `0:0` in a table row, which
    the loader's slip scanner takes for a missing space): then the value is written quoted."""
    candidate = text[:start] + plain + text[end:]
    if plain.startswith(('"', "'")) or len(find_slips(candidate)[1]) <= len(find_slips(text)[1]):
        return candidate
    return text[:start] + _quoted(value) + text[end:]


def _reads_back(document: str, value: str, key: bool = False) -> bool:
    try:
        events = [e for e in yaml.parse(document, Loader=_Loader) if isinstance(e, yaml.ScalarEvent)]
    except yaml.YAMLError:
        return False
    if len(events) != 2:
        return False
    event = events[0 if key else 1]
    return event.value == value and not event.style


def _quoted(value: str) -> str:
    quoted = json.dumps(value, ensure_ascii=False)  # JSON's escapes are YAML's double-quoted escapes
    for character in _YAML_BREAKS + "\ufeff":
        quoted = quoted.replace(character, f"\\u{ord(character):04x}")
    return quoted


def _insert(positions: Positions, edit: Edit, value: str) -> str:
    """Add `key: value` to the block mapping the path leads to: on its commented-out line
    (`# 发布日期: …`, as `reportgen new` writes it) if there is one, else before its first key."""
    parent = positions.mappings.get(edit.path[:-1])
    key = str(edit.path[-1])
    if parent is None or parent.flow or not parent.keys:
        raise EditRefused(_not_found(edit.path))
    text = positions.text
    ending = line_ending(text)
    indent = parent.keys[0].column - 1
    if edit.prose and value:
        body = f"{_key(key)}: |{ending}{_block_lines(value, indent + 2, ending)}"
    else:
        body = f"{_key(key)}: {_scalar(value, flow=False)}".rstrip()
    lines = text.splitlines(keepends=True)
    first_key = parent.keys[0].line - 1
    last_line = text.count("\n", 0, parent.end)
    commented = re.compile(rf"^ {{{indent}}}# ?{re.escape(key)}:(\s|$)")  # `# 发布日期: …`, not `# 发布日期：说明`
    for index in range(max(parent.line - 1, 0), min(last_line + 1, len(lines))):
        if commented.match(lines[index]):
            newline = lines[index][len(lines[index].rstrip("\r\n")):]
            lines[index] = " " * indent + body + (newline or ending)
            return "".join(lines)
    at = first_key
    while at > 0 and lines[at - 1].strip().startswith("#") and _indent(lines[at - 1]) == indent:
        at -= 1
    lines.insert(at, " " * indent + body + ending)
    return "".join(lines)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _not_found(path: pos.Path) -> str:
    return f"文件中找不到“{' · '.join(str(part) for part in path[1:])}”这一项：页面可能已过时，请刷新页面。"


def _verify(before: Positions, updated: str, edit: Edit, expected_path: pos.Path, value: str) -> None:
    """The edited value reads back as typed; every other key and value reads as before."""
    try:
        after = locate(updated)
    except UnreadableFile:
        raise EditRefused("这样写入后文件将无法读取，没有写入：请换一种写法，或在文本编辑器中修改。") from None

    def moved(path: pos.Path) -> pos.Path:
        if edit.is_key and path[:len(edit.path)] == edit.path:
            return (*expected_path, *path[len(edit.path):])
        return path

    written = after.keys.get(expected_path) if edit.is_key else after.values.get(expected_path)
    if written is None or shown_value(written) != (value.strip() if edit.is_key else value):
        raise EditRefused("这段文字无法原样写入 YAML 文件，没有写入：请检查首尾的空格或特殊符号。")
    others_before = {moved(p): s.value for p, s in before.values.items() if p != edit.path}
    others_after = {p: s.value for p, s in after.values.items() if p != expected_path}
    keys_before = {moved(p) for p in before.keys if p != edit.path}
    keys_after = {p for p in after.keys if p != expected_path}
    if others_before != others_after or keys_before != keys_after:
        raise EditRefused("写入这一处会影响文件中的其他内容，没有写入：请在文本编辑器中修改这一处。")


def shown_value(span: Span) -> str:
    """A value as the edit page shows it: a block's text without the one line end `|` adds."""
    if span.style in ("|", ">") and span.value.endswith("\n"):
        return span.value[:-1]
    return span.value


# -- the file --------------------------------------------------------------------------------------------------


def version_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Contents:
    data: bytes
    text: str  # without the byte-order mark
    bom: bool

    @property
    def version(self) -> str:
        return version_of(self.data)


class EditableFile:
    """The one file an edit server writes. Writes are serialized; each names the version it is based on."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def read(self) -> Contents:
        """The file as it is now; raises UnreadableFile (too large, not UTF-8, not a file)."""
        data = read_bytes(self.path)
        if len(data) > MAX_FILE_BYTES:
            raise UnreadableFile(_finding(f"文件超过 {MAX_FILE_BYTES // (1024 * 1024)} MB，已拒绝读取。"))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise UnreadableFile(_finding("文件不是 UTF-8 编码，不能在网页中修改。")) from None
        bom = text.startswith(BOM)
        return Contents(data, text[1:] if bom else text, bom)

    def write(self, base_version: str, edit: Edit) -> Contents:
        """Apply `edit` to the file if it is still at `base_version`; Conflict if not."""
        with self._lock:
            try:
                current = self.read()
            except UnreadableFile as unreadable:
                raise EditRefused(f"无法读取文件：{unreadable.finding.message}") from None
            if current.version != base_version:
                raise Conflict(CONFLICT_MESSAGE)
            updated = apply_edit(current.text, edit)
            data = ((BOM if current.bom else "") + updated).encode("utf-8")
            if read_bytes(self.path) != current.data:  # saved elsewhere while this edit was made
                raise Conflict(CONFLICT_MESSAGE)
            replace_atomic(self.path, data)
            return Contents(data, updated, current.bom)


def _finding(message: str) -> Finding:
    return Finding("F-1", message)
