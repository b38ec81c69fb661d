"""Where each value stands in an agency file's text: every scalar, by the keys that lead to it.

The YAML events carry the same line and column the loader reports (load/tree.py), and each scalar's
start and end as offsets into the text, so one value can be replaced without touching a byte around
it. A value is addressed by its path of keys (stripped, as the loader reads them; a list item by its
index): ("年度报告", "2021", "三、收到和处理政府信息公开申请情况", "表三", "本年新收", "自然人").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from ..load.tree import UnreadableFile, parse_tree

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Span:
    """One scalar as written: text[start:end] is the whole of it, quotes and block header included."""

    path: Path
    is_key: bool
    value: str
    style: str | None  # None (plain), "'", '"', "|", ">"
    start: int
    end: int
    line: int  # 1-based, as the loader reports
    column: int  # 1-based
    flow: bool  # inside [ ] or { }
    parent_indent: int  # the column (0-based) of the key or "-" this value belongs to


@dataclass
class MappingSpan:
    """A block or flow mapping: where it starts and ends, and its keys in order."""

    path: Path
    start: int
    end: int
    line: int
    flow: bool
    keys: list[Span] = field(default_factory=list)


@dataclass
class Positions:
    text: str
    values: dict[Path, Span] = field(default_factory=dict)
    keys: dict[Path, Span] = field(default_factory=dict)
    mappings: dict[Path, MappingSpan] = field(default_factory=dict)
    _starts: dict[tuple[int, int], Span] = field(default_factory=dict, repr=False)

    def at(self, line: int, column: int) -> Span | None:
        """The value scalar that starts at (line, column), as the loader reports a cell's position."""
        if len(self._starts) != len(self.values):
            self._starts = {(span.line, span.column): span for span in self.values.values()}
        return self._starts.get((line, column))


def locate(text: str) -> Positions:
    """Every scalar of `text` (a whole agency file, without its byte-order mark). The text is first
    read by the loader, with all its limits (size, depth, no aliases or tags); raises UnreadableFile."""
    parse_tree(text, "<edit>")
    positions = Positions(text)
    events = iter(yaml.parse(text, Loader=_Loader))
    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            _walk(next(events), events, (), positions, flow=False, parent_indent=-1)
    return positions


def _walk(event: yaml.Event, events: object, path: Path, positions: Positions, *, flow: bool,
          parent_indent: int) -> None:
    if isinstance(event, yaml.ScalarEvent):
        positions.values[path] = _span(event, path, False, flow, parent_indent)
        return
    flow = flow or bool(getattr(event, "flow_style", False))
    if isinstance(event, yaml.SequenceStartEvent):
        for index, item in enumerate(events):  # type: ignore[call-overload]
            if isinstance(item, yaml.SequenceEndEvent):
                return
            _walk(item, events, (*path, index), positions, flow=flow, parent_indent=event.start_mark.column)
    if isinstance(event, yaml.MappingStartEvent):
        mapping = MappingSpan(path, event.start_mark.index, event.end_mark.index, event.start_mark.line + 1, flow)
        positions.mappings[path] = mapping
        for key_event in events:  # type: ignore[attr-defined]
            if isinstance(key_event, yaml.MappingEndEvent):
                mapping.end = key_event.end_mark.index
                return
            assert isinstance(key_event, yaml.ScalarEvent)  # the loader refused any other key
            key_path = (*path, key_event.value.strip())
            key = _span(key_event, key_path, True, flow, parent_indent)
            positions.keys[key_path] = key
            mapping.keys.append(key)
            _walk(next(events), events, key_path, positions, flow=flow,  # type: ignore[call-overload]
                  parent_indent=key_event.start_mark.column)


def _span(event: yaml.ScalarEvent, path: Path, is_key: bool, flow: bool, parent_indent: int) -> Span:
    style = event.style or None
    return Span(path, is_key, event.value, style, event.start_mark.index, event.end_mark.index,
                event.start_mark.line + 1, event.start_mark.column + 1, flow, parent_indent)


def lines_of(span: Span, text: str) -> range:
    """The lines (1-based) a scalar's text occupies: a block scalar's content lines, else its own line."""
    if span.style not in ("|", ">"):
        return range(span.line, text.count("\n", 0, span.end) + 1)
    _, content_start, content_end = block_parts(span, text)
    first = text.count("\n", 0, content_start) + 1
    last = text.count("\n", 0, content_end) + 1 if content_end > content_start else first - 1
    return range(span.line, last + 1)


def block_parts(span: Span, text: str) -> tuple[int, int, int]:
    """A block scalar's header end, and its content's start and end (the end of its last line that
    is not blank; blank lines after it stay where they are)."""
    header = span.start + 1
    while header < len(text) and text[header] in "0123456789+-":
        header += 1
    newline = text.find("\n", span.start)
    content_start = len(text) if newline < 0 else newline + 1
    end = min(span.end, len(text))
    while end > content_start and text[end - 1] in " \t\r\n":
        end -= 1
    while content_start < end < len(text) and text[end] in " \t":  # the last line's trailing spaces are content
        end += 1
    return header, content_start, max(end, content_start)


__all__ = ["MappingSpan", "Path", "Positions", "Span", "UnreadableFile", "block_parts", "lines_of", "locate"]
