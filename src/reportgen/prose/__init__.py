"""Prose that cannot disagree with the tables.

- `references`: `表三.本年新收` and the like, read against the edition declaration;
- `inline`: references written `{{…}}` in a paragraph, and the paragraph as printed (`resolve`);
- `statements`: figures stated in words (“共收到申请2件”, “未发生……行政复议”), for X-1 and `bind`;
- `analysis`: both together, per paragraph, with positions in the file's text;
- `bind`: literal figures that agree with the tables turned into references, in the file itself.
"""

from __future__ import annotations

from .inline import resolve
from .paragraphs import Paragraph, paragraphs
from .references import Reference, ReferenceError, parse

__all__ = ["Paragraph", "Reference", "ReferenceError", "paragraphs", "parse", "resolve"]
