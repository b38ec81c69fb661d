"""pyproject.toml lists the packages by hand (templates/ is mapped into the package, which rules
out automatic discovery); this test fails when a new package under src/ is missing from the list,
which would break every non-editable install (pip install ., the pre-commit hook)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_under_src_is_installed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT / "src").parts)
        for init in (ROOT / "src").rglob("__init__.py")
    }
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"
    assert config["package-dir"]["reportgen.templates"] == "templates"


def test_ci_runs_the_readme_test_command():
    """.ci/run is the README's second set-up command, split so it can print the versions first."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    [command] = [line for line in readme.splitlines() if line.startswith("python3 -m venv .venv") and "[test]" in line]
    install, lint, tests = command.split(" && ")[1:]
    assert f"{install}\n" in ci
    assert f"{lint} && {tests}\n" in ci
    assert "-n auto" in tests  # the suite on every core (pytest-xdist)
