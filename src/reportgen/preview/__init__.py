"""`reportgen preview`: the report's page on 127.0.0.1, rebuilt on every save, with check's findings
pinned beside the cells and paragraphs they concern."""

from __future__ import annotations

from .server import Preview, PreviewServer
from .serving import Limits

__all__ = ["Limits", "Preview", "PreviewServer"]
