"""reportgen: annual reports on government information disclosure (政府信息公开工作年度报告),
kept as YAML, checked against every identity of the national format, rendered as Word and HTML."""

from __future__ import annotations

__version__ = "0.1.0"
