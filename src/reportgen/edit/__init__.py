"""`reportgen edit`: the report's page on 127.0.0.1 with every value an input; each change is written
into the agency file in place (only that value's bytes change), checked, and shown with its findings."""

from __future__ import annotations

from .editor import Conflict, Edit, EditableFile, EditRefused, apply_edit

__all__ = ["Conflict", "Edit", "EditRefused", "EditableFile", "apply_edit"]
