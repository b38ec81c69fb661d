"""What a Word template may read, and the check that refuses anything else.

The documented context (`docx_common`) is declared here attribute by attribute: `report` (title,
title_lines, preamble, signoff, signoff_lines (text, right), draft, draft_mark), `s1` … `s6` (heading, intro, parts, paragraphs; a part: heading,
paragraphs), `c` (a figure per cell name), and Jinja's `loop` inside a for loop. A template is untrusted
input (it travels between offices), so every attribute or item it reads is followed from these names
through `for` and `set`: a name beginning with `_` is always refused, and so is anything not declared
here, read from a value of unknown shape (a filter's result, a literal, a macro's argument), or read by
a name computed at run time (`x[name]`, the `attr` filter and its kin). Rendering is sandboxed as well
(`sandbox`); this check is the first barrier, and the one that names the expression.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from jinja2 import nodes

from .docx_common import CELLS, REPORT, section_name


@dataclass(frozen=True)
class Shape:
    """A documented value: its attributes by name, what iterating it gives, or (`cells`) any cell name."""

    attributes: Mapping[str, Shape] = field(default_factory=dict)
    items: Shape | None = None
    cells: bool = False


TEXT = Shape()
TEXTS = Shape(items=TEXT)
PART = Shape({"heading": TEXT, "paragraphs": TEXTS})
SECTION = Shape({"heading": TEXT, "intro": TEXTS, "parts": Shape(items=PART), "paragraphs": TEXTS})
SIGNOFF_LINE = Shape({"text": TEXT, "right": TEXT})  # a line of the 落款 and its right indent in characters
REPORT_SHAPE = Shape({"title": TEXT, "title_lines": TEXTS, "preamble": TEXTS, "signoff": TEXTS,
                      "signoff_lines": Shape(items=SIGNOFF_LINE), "draft": TEXT, "draft_mark": TEXT})
CELLS_SHAPE = Shape(cells=True)  # the names themselves are checked against the edition (`template_problems`)
LOOP_COUNTERS = ("index", "index0", "revindex", "revindex0", "first", "last", "length", "cycle", "changed")


def documented(section_count: int) -> dict[str, Shape]:
    """The top-level names of a Word template and what each holds."""
    return {REPORT: REPORT_SHAPE, CELLS: CELLS_SHAPE, **{section_name(index): SECTION for index in range(section_count)}}


def loop_shape(item: Shape | None) -> Shape:
    neighbours = {"previtem": item, "nextitem": item} if item is not None else {}
    return Shape({**{name: TEXT for name in LOOP_COUNTERS}, **neighbours})


#: Filters that read an attribute named by a string (`attr("__class__")`, `map(attribute=…)`, …).
ATTRIBUTE_FILTERS = frozenset({"attr", "map", "selectattr", "rejectattr", "groupby"})
#: Statements that would load another template: a Word template has no folder to load it from.
LOADING = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)
_REFUSED = Shape()  # the shape after a refusal: the rest of the chain is not reported again
_SHOWN = 80  # characters of an expression quoted in a message


def expression_text(node: nodes.Node) -> str:
    """An expression written back roughly as in the template, for messages."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Getattr):
        return f"{expression_text(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{expression_text(node.node)}[{expression_text(node.arg)}]"
    if isinstance(node, nodes.Slice):
        return ":".join(expression_text(part) if part is not None else "" for part in (node.start, node.stop))
    if isinstance(node, nodes.Call):
        return f"{expression_text(node.node)}({', '.join(expression_text(argument) for argument in node.args)})"
    if isinstance(node, nodes.Filter) and node.node is not None:
        return f"{expression_text(node.node)}|{node.name}"
    return "…"


def _quoted(node: nodes.Node) -> str:
    text = expression_text(node)
    return f"“{text if len(text) <= _SHOWN else text[:_SHOWN] + '…'}”"


class ContextReader:
    """Walks a parsed template, following each name's shape; collects the problems and the cell names read."""

    def __init__(self, section_count: int, unknown: frozenset[str] = frozenset()) -> None:
        self.top = documented(section_count)
        self.unknown = unknown  # names outside the context, reported by the caller: not reported again
        self.problems: list[str] = []
        self.cells: set[str] = set()

    def read(self, tree: nodes.Template) -> None:
        self.statement(tree, dict(self.top))

    def _refuse(self, problem: str) -> Shape:
        if problem not in self.problems:
            self.problems.append(problem)
        return _REFUSED

    # -- statements ---------------------------------------------------------------------------------

    def statement(self, node: nodes.Node, scope: dict[str, Shape | None]) -> None:
        if isinstance(node, nodes.Expr):
            self.expression(node, scope)
        elif isinstance(node, nodes.For):
            iterated = self.expression(node.iter, scope)
            inner = dict(scope)
            item = _REFUSED if iterated is _REFUSED else iterated.items if iterated is not None else None
            self._bind(node.target, item, inner)
            inner["loop"] = loop_shape(item)
            self._statements([node.test] if node.test is not None else [], inner)
            self._statements(node.body, inner)
            self._statements(node.else_, dict(scope))
        elif isinstance(node, nodes.Assign):
            self._bind(node.target, self.expression(node.node, scope), scope)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=True):
                self._bind(target, self.expression(value, scope), inner)
            self._statements(node.body, inner)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            inner = dict(scope)
            for argument in node.args:
                inner[argument.name] = None  # an argument's shape is unknown: nothing may be read from it
            self._statements(node.defaults, scope)
            if isinstance(node, nodes.CallBlock):
                self.expression(node.call, scope)
            self._statements(node.body, inner)
        elif isinstance(node, LOADING):
            self._refuse(f"不能在 Word 模板中使用 {{% {type(node).__name__.lower()} %}}（没有可载入的其他模板）")
        else:
            if isinstance(node, nodes.AssignBlock):
                self._bind(node.target, None, scope)
            for child in node.iter_child_nodes():
                self.statement(child, scope)

    def _statements(self, children: list, scope: dict[str, Shape | None]) -> None:
        for child in children:
            self.statement(child, scope)

    def _bind(self, target: nodes.Node, shape: Shape | None, scope: dict[str, Shape | None]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = shape
        elif isinstance(target, nodes.Tuple):
            for name in target.items:
                self._bind(name, None, scope)

    # -- expressions ---------------------------------------------------------------------------------

    def expression(self, node: nodes.Node, scope: dict[str, Shape | None]) -> Shape | None:
        """The shape of an expression's value (None: unknown), reporting every read it may not make."""
        if isinstance(node, nodes.Name):
            return _REFUSED if node.name in self.unknown and node.name not in scope else scope.get(node.name)
        if isinstance(node, nodes.Getattr):
            return self._read(node, self.expression(node.node, scope), node.attr)
        if isinstance(node, nodes.Getitem):
            return self._item(node, self.expression(node.node, scope), scope)
        if isinstance(node, nodes.Filter) and (
                node.name in ATTRIBUTE_FILTERS or any(keyword.key == "attribute" for keyword in node.kwargs)):
            self._refuse(f"{_quoted(node)}不允许：不能用过滤器“{node.name}”按名称读取属性")
        shapes = [self.expression(child, scope) for child in node.iter_child_nodes()]
        return _REFUSED if any(shape is _REFUSED for shape in shapes) else None  # a refusal is reported once

    def _item(self, node: nodes.Getitem, base: Shape | None, scope: dict[str, Shape | None]) -> Shape | None:
        argument = node.arg
        if isinstance(argument, nodes.Const) and isinstance(argument.value, str):
            return self._read(node, base, argument.value)
        if base is _REFUSED:
            return _REFUSED
        countable = (isinstance(argument, nodes.Const) and type(argument.value) is int) or isinstance(argument, nodes.Slice)
        if countable and base is not None and base.items is not None:
            self.expression(argument, scope)
            return base if isinstance(argument, nodes.Slice) else base.items
        return self._refuse(f"{_quoted(node)}不允许：只能读取写明名称的项（如 report.title、c.t3_1_1），"
                            "或按序号读取一个列表的某一项")

    def _read(self, node: nodes.Node, base: Shape | None, name: str) -> Shape:
        """`base.name` (or `base["name"]`)."""
        if base is _REFUSED:
            return _REFUSED
        if name.startswith("_"):
            return self._refuse(f"{_quoted(node)}不允许：模板中不能读取以“_”开头的名称")
        if base is None:
            return self._refuse(f"{_quoted(node)}不允许：只能读取 report、s1 至 s6、c（和循环变量）中写明的各项")
        if base.cells:
            self.cells.add(name)
            return TEXT
        if name in base.attributes:
            return base.attributes[name]
        owner = expression_text(node.node)  # type: ignore[attr-defined]
        if not base.attributes:
            return self._refuse(f"“{owner}”是文字或列表，没有“{name}”这一项")
        return self._refuse(f"“{owner}”没有“{name}”这一项（可用：{'、'.join(sorted(base.attributes))}）")
