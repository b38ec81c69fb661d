"""Every template reportgen renders runs in Jinja's immutable sandbox.

Word templates travel between offices (`templates export`, restyled elsewhere, `build --templates`):
a template is untrusted input. Outside the sandbox, `{{ report.title.__class__.__mro__ … }}` reaches
Python's classes and runs anything; inside it, attributes beginning with `_`, Python's internals and
methods that change a list or a dictionary are refused. The Word template check
(`docx_context`) refuses such expressions before any rendering; the sandbox is the second barrier.
"""

from __future__ import annotations

from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..errors import ReportgenError


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, its refusals worded in Chinese, its verdict on each attribute remembered."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._safe: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja's verdict depends on the object's type and the name only (`is_internal_attribute`,
        `modifies_known_mutable`; `value` is unused), so it is remembered per (type, name): checked on
        every read, it more than doubled the time of an HTML page, which reads ~2,800 attributes."""
        key = (type(obj), attr)
        safe = self._safe.get(key)
        if safe is None:
            safe = self._safe[key] = super().is_safe_attribute(obj, attr, value)
        return safe

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        return self.undefined(f"不允许读取“{type(obj).__name__}”的“{attribute}”", name=attribute, obj=obj,
                              exc=SecurityError)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if not self.is_safe_callable(obj):
            raise SecurityError(f"不允许调用“{getattr(obj, '__name__', type(obj).__name__)}”")
        return context.call(obj, *args, **kwargs)  # what Jinja's own `call` does after the same check


def refusal(error: SecurityError, template: str, hint: str = "") -> ReportgenError:
    """The sandbox's refusal while rendering `template` (“Word 模板“…/report-2021.docx””), as a user's error."""
    return ReportgenError(f"{template}中有不允许的写法，已停止生成：{error.message}。{hint}")
