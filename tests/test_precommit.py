"""The pre-commit hook (`.pre-commit-hooks.yaml`, id reportgen-check), run for real: an agencies
repository in a throwaway git repo uses this repository as its hook source, and a commit with a
broken total is refused while a correct one goes through.

pre-commit installs reportgen into its own virtualenv (with pip), so this test takes some seconds
(about 10 s with a warm pip cache); it needs git and the `pre-commit` test extra.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tools import require

ROOT = Path(__file__).resolve().parents[1]
GIT = shutil.which("git")



def test_the_hook_is_declared_as_documented() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "reportgen-check")
    assert hook["entry"] == "reportgen check"
    assert hook["language"] == "python"
    assert hook["files"] == r"^agencies/.*\.ya?ml$"


def _env(tmp_path: Path) -> dict[str, str]:
    """git and pre-commit isolated from this machine's configuration and caches."""
    empty = tmp_path / "gitconfig"
    empty.write_text("", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        GIT_CONFIG_GLOBAL=str(empty), GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="测试", GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="测试", GIT_COMMITTER_EMAIL="test@example.invalid",
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-cache"),
    )
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def _snapshot(env: dict[str, str], target: Path) -> str:
    """This working tree (committed or not) as a one-commit repository: what pre-commit clones."""
    listed = _run([GIT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT, env, check=False)
    require(listed.returncode == 0, "a git checkout of reportgen (the hook is installed from one)")
    for name in filter(None, listed.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _run([GIT, "init", "-q"], target, env)
    _run([GIT, "add", "-A"], target, env)
    _run([GIT, "commit", "-q", "-m", "snapshot"], target, env)
    return _run([GIT, "rev-parse", "HEAD"], target, env).stdout.strip()


def test_the_hook_blocks_a_commit_with_a_broken_total(tmp_path) -> None:
    require(GIT, "git (apt-get install git)")
    env = _env(tmp_path)
    source, agencies = tmp_path / "reportgen", tmp_path / "agencies-repo"
    source.mkdir()
    agencies.mkdir()
    revision = _snapshot(env, source)

    _run([GIT, "init", "-q"], agencies, env)
    (agencies / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source.as_posix()}\n    rev: {revision}\n    hooks:\n      - id: reportgen-check\n",
        encoding="utf-8",
    )
    _run([sys.executable, "-m", "pre_commit", "install"], agencies, env)

    good = (ROOT / "agencies" / "erqi.yaml").read_text(encoding="utf-8")
    broken = good.replace("本年新收: {自然人: 0,", "本年新收: {自然人: 5,", 1)
    assert broken != good
    (agencies / "agencies").mkdir()
    (agencies / "agencies" / "erqi.yaml").write_text(broken, encoding="utf-8")
    _run([GIT, "add", "-A"], agencies, env)
    refused = _run([GIT, "commit", "-m", "二七区 2020 年报告"], agencies, env, check=False)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "reportgen-check" in output and "[T3-1]" in output and "[T3-3]" in output
    assert _run([GIT, "rev-list", "--all", "--count"], agencies, env, check=False).stdout.strip() in ("", "0")

    (agencies / "agencies" / "erqi.yaml").write_text(good, encoding="utf-8")
    (agencies / "README.md").write_text("不是机关文件：钩子不检查它。\n", encoding="utf-8")
    _run([GIT, "add", "-A"], agencies, env)
    accepted = _run([GIT, "commit", "-m", "二七区 2020 年报告"], agencies, env, check=False)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "Passed" in accepted.stdout + accepted.stderr
