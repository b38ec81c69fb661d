"""`reportgen check` through the real entry point: in process (fast) and as `python -m reportgen`.

Exit codes: 0 clean (or warnings only), 1 errors (or warnings with --strict), 2 a file could not be
read or the command was misused. Messages are Chinese; no traceback ever reaches the user."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from builders import Report, build, consistent, run_cli

REPO = Path(__file__).resolve().parent.parent
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def clean_file(tmp_path: Path) -> Path:
    report = consistent(Report(2021, published="2022-01-20"), 予以公开=2, 结转下年=1)
    return build(report, file="clean.yaml").write(tmp_path)


@pytest.fixture
def error_file(tmp_path: Path) -> tuple[Path, int]:
    """A file with one T3-3 error; returns its path and the line of the offending row."""
    report = Report(2021).set_row("三", "予以公开", {"自然人": 1, "总计": 3}).set("三", "本年新收", "自然人", 1)
    built = build(report, file="errors.yaml")
    return built.write(tmp_path), built.line(2021, "三", "予以公开")


@pytest.fixture
def warning_file(tmp_path: Path) -> Path:
    return build(Report(2020, published="2021-02-05"), file="late.yaml").write(tmp_path)


def no_traceback(run) -> None:
    assert "Traceback" not in run.out and "Traceback" not in run.err


# -- in process ----------------------------------------------------------------------------------------


def test_clean_file_passes(clean_file) -> None:
    run = run_cli("check", str(clean_file))
    assert run.code == 0
    assert f"{clean_file}（测试市测试局，2021年）：通过" in run.out
    assert "没有发现问题" in run.out
    no_traceback(run)


def test_the_model_agency_file_passes_but_for_its_undated_sign_off() -> None:
    run = run_cli("check", str(REPO / "agencies" / "erqi.yaml"))
    assert run.code == 0 and "0 个错误，1 个警告" in run.out and "[P-2]" in run.out


def test_errors_are_listed_with_file_and_line(error_file) -> None:
    path, line = error_file
    run = run_cli("check", str(path))
    assert run.code == 1
    assert f"{path}:{line}:" in run.out
    assert "错误 [T3-3] 2021年报告 · 表三 · （一）予以公开 · 总计" in run.out
    assert "应为 1，实为 3，相差 +2" in run.out
    assert re.search(r"检查了 1 个文件（1 份年度报告）：\d+ 个错误，0 个警告。", run.out)
    no_traceback(run)


def test_warnings_only_pass_unless_strict(warning_file) -> None:
    run = run_cli("check", str(warning_file))
    assert run.code == 0
    assert "警告 [P-1]" in run.out and "1 个警告" in run.out
    strict = run_cli("check", "--strict", str(warning_file))
    assert strict.code == 1
    assert strict.out == run.out


def test_strict_changes_nothing_for_a_clean_file(clean_file) -> None:
    assert run_cli("check", "--strict", str(clean_file)).code == 0


def test_json_output(error_file, warning_file, clean_file) -> None:
    path, line = error_file
    run = run_cli("check", "--format", "json", str(path), str(warning_file), str(clean_file))
    assert run.code == 1
    payload = json.loads(run.out)  # nothing but JSON on stdout
    files = {Path(f["path"]).name: f for f in payload["files"]}
    assert set(files) == {"errors.yaml", "late.yaml", "clean.yaml"}
    assert files["clean.yaml"]["findings"] == []
    assert files["clean.yaml"]["agency"] == "测试市测试局" and files["clean.yaml"]["years"] == [2021]
    errors = [f for f in files["errors.yaml"]["findings"] if f["severity"] == "error"]
    t33 = next(f for f in errors if f["rule"] == "T3-3")
    assert t33["line"] == line and t33["year"] == 2021
    assert t33["where"] == "表三 · （一）予以公开 · 总计"
    assert (t33["expected"], t33["found"], t33["difference"]) == ("1", "3", "+2")
    assert [f["rule"] for f in files["late.yaml"]["findings"]] == ["P-1"]
    summary = payload["summary"]
    all_findings = [f for entry in payload["files"] for f in entry["findings"]]
    assert summary == {
        "files": 3,
        "reports": 3,
        "errors": sum(f["severity"] == "error" for f in all_findings),
        "warnings": sum(f["severity"] == "warning" for f in all_findings),
        "unreadable": 0,
    }
    assert summary["errors"] >= 1 and summary["warnings"] == 1


def test_json_for_an_unreadable_file(tmp_path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("机关:\n\t名称: x\n", encoding="utf-8")
    run = run_cli("check", "--format", "json", str(path))
    assert run.code == 2
    payload = json.loads(run.out)
    assert payload["summary"]["unreadable"] == 1
    finding = next(f for f in payload["files"][0]["findings"] if f["rule"] == "F-2")
    assert finding["line"] == 2 and CHINESE.search(finding["message"])


def test_a_folder(tmp_path, clean_file, error_file) -> None:
    nested = tmp_path / "more"
    nested.mkdir()
    build(Report(2022), file="other.yml").write(nested)
    (tmp_path / "notes.txt").write_text("不是机关文件", encoding="utf-8")
    run = run_cli("check", "--format", "json", str(tmp_path))
    assert run.code == 1
    names = [Path(f["path"]).name for f in json.loads(run.out)["files"]]
    assert sorted(names) == ["clean.yaml", "errors.yaml", "other.yml"]

    text = run_cli("check", str(tmp_path))
    assert text.code == 1 and "检查了 3 个文件（3 份年度报告）" in text.out


def test_an_unreadable_file_in_a_folder_gives_exit_2(tmp_path, error_file) -> None:
    (tmp_path / "gbk.yaml").write_bytes("机关:\n  名称: 测试局\n".encode("gbk"))
    run = run_cli("check", str(tmp_path))
    assert run.code == 2
    assert "无法读取" in run.out and "[T3-3]" in run.out  # the other file is still checked


def test_the_same_file_twice_is_checked_once(clean_file) -> None:
    run = run_cli("check", "--format", "json", str(clean_file), str(clean_file))
    assert json.loads(run.out)["summary"]["files"] == 1


def test_a_folder_without_agency_files(tmp_path) -> None:
    run = run_cli("check", str(tmp_path))
    assert run.code == 2
    assert "没有 .yaml 文件" in run.err and str(tmp_path) in run.err
    no_traceback(run)


def test_a_missing_path(tmp_path) -> None:
    missing = tmp_path / "没有这个文件.yaml"
    run = run_cli("check", str(missing))
    assert run.code == 2
    assert run.err.startswith("错误：") and "找不到" in run.err and str(missing) in run.err
    no_traceback(run)


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--bogus", "x.yaml"),
        ("check", "--format", "xml", "x.yaml"),
        ("check",),
        ("chek", "x.yaml"),
        ("--verbose",),
    ],
    ids=["unknown-option", "bad-format", "no-path", "unknown-command", "unknown-global-option"],
)
def test_misuse_is_explained_in_chinese(args) -> None:
    run = run_cli(*args)
    assert run.code == 2
    assert "命令用法有误" in run.err and "reportgen --help" in run.err
    assert CHINESE.search(run.err)
    no_traceback(run)


def test_no_arguments_shows_help() -> None:
    run = run_cli()
    assert run.code == 0
    assert "check" in run.out and "政府信息公开工作年度报告" in run.out
    assert run.err == ""


def test_help_of_check_is_chinese() -> None:
    run = run_cli("check", "--help")
    assert run.code == 0
    assert "--strict" in run.out and "--format" in run.out and "有警告时也以退出码 1 结束" in run.out


@pytest.mark.parametrize("args", [("--help",), ("check", "--help"), ("build", "--help"), ("templates", "--help"),
                                  ("templates", "export", "--help"), ("import", "--help"), ("new", "--help")])
def test_help_screens_headings_are_chinese_too(args) -> None:
    run = run_cli(*args)
    assert run.code == 0
    assert run.out.startswith("用法：reportgen")
    assert "选项:" in run.out and "显示本帮助并退出。" in run.out
    for english in ("Usage:", "Options", "Show this message and exit.", "Commands", "Arguments", "default:",
                    "[OPTIONS]", "COMMAND [ARGS]", "required]"):
        assert english not in run.out


def test_help_screens_name_commands_defaults_and_required_arguments_in_chinese() -> None:
    root = run_cli("--help").out
    assert root.startswith("用法：reportgen [选项] 命令 [参数]...") and "命令:\n  check " in root
    build = run_cli("build", "--help").out
    assert "参数:\n  文件或文件夹...  " in build and "[必填]" in build and "[默认：out]" in build
    assert "用法：reportgen templates export [选项] DIR" in run_cli("templates", "export", "--help").out


def test_chinese_help_patches_nothing_in_typer() -> None:
    """The Chinese help comes from command classes passed through typer's `cls=`: typer's own
    gettext hook and click's classes stay as shipped (the reason typer's version was once pinned)."""
    import gettext

    import typer.core

    from reportgen.cli import app, chinese_help

    assert typer.core._ is gettext.gettext  # type: ignore[attr-defined]
    assert typer.core.TyperCommand.get_help_option.__qualname__ == "Command.get_help_option"  # click's own
    command = typer.main.get_command(app)
    assert isinstance(command, chinese_help.Group)
    assert all(isinstance(sub, chinese_help.Command | chinese_help.Group) for sub in command.commands.values())


# -- end to end: python -m reportgen -----------------------------------------------------------------


def reportgen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reportgen", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=60,
        check=False,
    )


def test_module_entry_point_end_to_end(tmp_path, clean_file, error_file, warning_file) -> None:
    path, line = error_file
    cases = [
        ((str(clean_file),), 0, "通过", "out"),
        ((str(path),), 1, f"{path}:{line}:", "out"),
        ((str(warning_file),), 0, "[P-1]", "out"),
        (("--strict", str(warning_file)), 1, "[P-1]", "out"),
        ((str(tmp_path / "nope.yaml"),), 2, "找不到", "err"),
        (("--bogus",), 2, "命令用法有误", "err"),
    ]
    for args, code, words, stream in cases:
        done = reportgen("check", *args)
        assert done.returncode == code, (args, done.stdout, done.stderr)
        assert words in (done.stdout if stream == "out" else done.stderr), (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr + done.stdout


def test_module_entry_point_without_arguments_shows_help() -> None:
    done = reportgen()
    assert done.returncode == 0
    assert "check" in done.stdout and "Traceback" not in done.stderr


def test_module_entry_point_on_a_hostile_file(tmp_path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text("a: &a [1, 2]\nb: [*a, *a]\nc: !!python/object/apply:os.system ['echo owned']\n", encoding="utf-8")
    done = reportgen("check", "--format", "json", str(path))
    assert done.returncode == 2
    payload = json.loads(done.stdout)
    assert payload["files"][0]["findings"][0]["rule"] == "F-3"
    assert "owned" not in done.stdout.replace("echo owned", "") and "Traceback" not in done.stderr


COMMANDS = ("check", "build", "import", "audit", "bind", "preview", "edit", "new", "next-year", "schema",
            "summary", "rollup", "templates export")


@pytest.mark.parametrize("command", COMMANDS)
def test_no_help_screen_names_a_value_type_in_english(command: str) -> None:
    """`--year <int>`, `--out <path>`, `<int range>` are click's words: a help screen says 整数, 路径."""
    run = run_cli(*command.split(), "--help")
    assert run.code == 0, run.err
    english = re.findall(r"<(?:int|int range|integer|str|text|path|file|directory|float|boolean)>"
                         r"|\b(?:INTEGER|TEXT|PATH|int range)\b", run.out)
    assert not english, (command, english)
