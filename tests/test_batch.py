"""`build`, `check` and `audit` over many files: each file on its own, the same output whatever
`--jobs`, Ctrl-C, the progress bar and the summary line."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from builders import run_cli
from district import write_district

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
SUMMARY = re.compile(r"^生成 (\d+) 份，未生成 (\d+) 份(?:（(.*)）)?，用时 \d+\.\d 秒。$", re.MULTILINE)


def _district(tmp_path: Path, count: int, **kwargs) -> Path:
    folder = tmp_path / "agencies"
    write_district(folder, count, **kwargs)
    return folder


def _summary(err: str) -> tuple[int, int, str]:
    match = SUMMARY.search(err)
    assert match, err
    return int(match.group(1)), int(match.group(2)), match.group(3) or ""


# -- isolation ----------------------------------------------------------------------------------------


def test_a_faulty_file_is_named_and_the_others_are_built(tmp_path: Path) -> None:
    folder = _district(tmp_path, 5, faulty={2})
    out = tmp_path / "out"
    run = run_cli("build", str(folder), "--out", str(out), "--jobs", "1")
    assert run.code == 1, run.err
    built = sorted(p.name for p in out.iterdir())
    assert len(built) == 8 and not any(name.startswith("agency-0002-") for name in built)
    assert "agency-0002.yaml（" in run.out and "[T3-1]" in run.out  # its findings, as check prints them
    assert "--draft" in run.err
    made, missing, listed = _summary(run.err)
    assert (made, missing) == (4, 1) and "郑州市" in listed


def test_an_unreadable_file_exits_2_and_the_others_are_built(tmp_path: Path) -> None:
    folder = _district(tmp_path, 3)
    (folder / "zz-broken.yaml").write_bytes("机关: {名称: 测试".encode("gbk"))
    out = tmp_path / "out"
    run = run_cli("build", str(folder), "--out", str(out), "--jobs", "1")
    assert run.code == 2
    assert len(list(out.iterdir())) == 6
    assert "zz-broken.yaml：无法读取" in run.out
    assert _summary(run.err)[:2] == (3, 1) and "zz-broken.yaml" in _summary(run.err)[2]


def test_a_file_without_the_year_asked_is_named_with_the_others_built(tmp_path: Path) -> None:
    folder = _district(tmp_path, 6)
    run = run_cli("build", str(folder), "--out", str(tmp_path / "out"), "--year", "2021", "--jobs", "1")
    made, missing, _ = _summary(run.err)
    assert made > 0 and missing > 0 and made + missing == 6
    assert run.code == 1 and "没有 2021 年的年度报告" in run.out


def test_all_built_exits_0_with_a_summary(tmp_path: Path) -> None:
    folder = _district(tmp_path, 3)
    run = run_cli("build", str(folder), "--out", str(tmp_path / "out"), "--all-years", "--jobs", "1")
    assert run.code == 0, run.err
    reports = len(list((tmp_path / "out").glob("*.html")))
    assert _summary(run.err) == (reports, 0, "") and reports > 3
    assert run.out.count("已生成") == 2 * reports
    quiet = run_cli("build", str(folder), "--out", str(tmp_path / "out"), "--all-years", "--quiet", "--jobs", "1")
    assert quiet.code == 0 and quiet.out == "" and _summary(quiet.err)[0] == reports


# -- every core, the same output ------------------------------------------------------------------------


def test_one_job_and_two_jobs_write_the_same_bytes(tmp_path: Path) -> None:
    folder = _district(tmp_path, 6, faulty={4})
    runs = {}
    for jobs in ("1", "2"):
        runs[jobs] = run_cli("build", str(folder), "--out", str(tmp_path / jobs), "--all-years", "--jobs", jobs)
    assert runs["1"].code == runs["2"].code == 1
    assert runs["1"].out.replace(str(tmp_path / "1"), "") == runs["2"].out.replace(str(tmp_path / "2"), "")
    one = {p.name: p.read_bytes() for p in (tmp_path / "1").iterdir()}
    two = {p.name: p.read_bytes() for p in (tmp_path / "2").iterdir()}
    assert one == two and any(name.endswith(".docx") for name in one) and len(one) > 10


def test_check_over_a_folder_is_the_same_with_two_jobs(tmp_path: Path) -> None:
    folder = _district(tmp_path, 20, faulty={5, 17})
    one = run_cli("check", str(folder), "--jobs", "1")
    two = run_cli("check", str(folder), "--jobs", "2")
    assert one.code == two.code == 1 and one.out == two.out
    assert "agency-0005.yaml（" in one.out and "agency-0017.yaml（" in one.out
    document = json.loads(run_cli("check", str(folder), "--jobs", "2", "--format", "json").out)  # one document
    assert document["summary"]["files"] == 20 and document["summary"]["errors"] == 4


def test_audit_takes_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "published"
    folder.mkdir()
    for source in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(source, folder)
    (folder / "notes.md").write_text("not a report", encoding="utf-8")  # not a report's extension: left alone
    listed = run_cli("audit", *(str(p) for p in sorted(folder.glob("*.txt"))), "--jobs", "1")
    whole = run_cli("audit", str(folder), "--jobs", "2")
    assert whole.code == listed.code and whole.out == listed.out
    assert whole.out.rstrip().splitlines()[-1].startswith("审核了 3 份报告")
    document = json.loads(run_cli("audit", str(folder), "--jobs", "2", "--format", "json").out)
    assert document["summary"]["reports"] == 3
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = run_cli("audit", str(empty))
    assert refused.code == 2 and "没有已发布的报告" in refused.err


# -- Ctrl-C ------------------------------------------------------------------------------------------------


def test_ctrl_c_stops_cleanly_and_says_how_many_were_written(tmp_path: Path) -> None:
    folder = _district(tmp_path, 60)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "build", str(folder), "--out", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0, cwd=tmp_path,  # unbuffered: no line lost
    )
    assert process.stdout is not None
    first = process.stdout.readline().decode()  # a report is written: the build is under way
    assert first.startswith("已生成"), first + process.communicate()[1].decode()
    process.send_signal(signal.SIGINT)
    rest, err = (stream.decode() for stream in process.communicate(timeout=60))
    assert process.returncode == 130, err
    assert "Traceback" not in err
    made, missing, _ = _summary(err)
    assert err.strip().endswith("已中断（Ctrl-C），没有写入不完整的文件。") and 0 < made < 60 and missing == 0
    written = sorted(p.name for p in out.iterdir())
    assert not [name for name in written if name.endswith(".tmp") or name.startswith(".")]
    assert len(written) == 2 * made  # every report whole: its page and its Word document
    assert (first + rest).count("已生成") == 2 * made
    for path in out.iterdir():
        if path.suffix == ".html":
            assert path.read_text(encoding="utf-8").rstrip().endswith("</html>")
        else:
            assert zipfile.ZipFile(path).testzip() is None
    _no_worker_left(folder)


def _no_worker_left(folder: Path) -> None:
    """No process of the build (workers are forked: they have its command line) lives on (Linux: /proc)."""
    if not Path("/proc").is_dir():
        return
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes() if entry.name.isdigit() else b""
        except OSError:
            continue
        assert str(folder).encode() not in command, command


# -- progress on a terminal ---------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_progress_bar_on_a_terminal_and_none_on_a_pipe(tmp_path: Path) -> None:
    folder = _district(tmp_path, 4)
    command = [sys.executable, "-m", "reportgen", "build", str(folder), "--out", str(tmp_path / "out"), "--jobs", "1"]
    primary, secondary = os.openpty()
    with os.fdopen(primary, "rb", buffering=0) as terminal:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=secondary,
                                   env={**os.environ, "COLUMNS": "120", "TERM": "xterm"})
        os.close(secondary)
        shown = b""
        while True:
            try:
                chunk = terminal.read(4096)
            except OSError:  # the process has closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        process.wait(timeout=60)
    text = shown.decode("utf-8", "replace")
    assert process.returncode == 0
    assert "生成报告" in text and "/4" in text and "剩余" in text  # the bar: count and time left
    assert SUMMARY.search(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\r", "", text))
    piped = subprocess.run(command, capture_output=True, text=True, check=False)
    assert "剩余" not in piped.stderr and _summary(piped.stderr)[0] == 4
