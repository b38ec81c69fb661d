"""README's “Layout” section names every package and module of src/reportgen (the CLI's commands as
`*_command.py`), so that it keeps matching the tree: a new module is described there, a removed one
leaves it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "reportgen"


def layout() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"### Layout: the folders are the pipeline\n\n```\n(.*?)```", readme, re.S)
    assert match, "README has no Layout section"
    return match.group(1)


def test_the_layout_names_every_package_and_module() -> None:
    text = layout()
    names = {path.name for path in SOURCE.rglob("*.py")
             if path.name not in ("__init__.py", "__main__.py") and not path.name.endswith("_command.py")}
    packages = {f"{path.parent.name}/" for path in SOURCE.rglob("__init__.py") if path.parent != SOURCE}
    assert sorted(name for name in names | packages if name not in text) == []


def test_the_layout_names_nothing_that_is_gone() -> None:
    named = set(re.findall(r"\b([a-z][a-z_0-9]*\.py)\b", layout()))
    present = {path.name for folder in (SOURCE, ROOT / "scripts", ROOT / "tests") for path in folder.rglob("*.py")}
    assert sorted(named - present) == []
