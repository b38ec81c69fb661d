"""Child processes, temporary folders and signals: LibreOffice that hangs, a build that is timed out,
interrupted (Ctrl-C), terminated (SIGTERM) or killed (SIGKILL). Nothing is left running, no temporary
folder is left behind (after SIGKILL: none after the next run), and the user reads a Chinese message.

A fake LibreOffice (a shell script named by REPORTGEN_SOFFICE) stands in: it records its pid, starts a
helper that ignores SIGTERM (as a stubborn soffice.bin would) and sleeps. Every process it starts carries
the environment variable FAKE_SOFFICE_PIDS, by which the tests find the survivors.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from builders import Report, build, run_cli
from reportgen.libreoffice import find_soffice
from reportgen.render import docx_pdf
from tools import require

pytestmark = pytest.mark.skipif(sys.platform == "win32" or not Path("/proc/self/stat").exists(),
                                reason="process groups and /proc: Linux")

HANGING_SOFFICE = """#!/bin/sh
echo "$$" >> "$FAKE_SOFFICE_PIDS"
sh -c 'trap "" TERM; sleep 600' &
sleep 600
"""
FAILING_SOFFICE = "#!/bin/sh\nexit 1\n"
ROOT = Path(__file__).resolve().parents[1]
INTERRUPTED = "已中断（Ctrl-C），没有写入不完整的文件。"


def _fake_soffice(folder: Path, script: str = HANGING_SOFFICE) -> Path:
    path = folder / "soffice"
    path.write_text(script, encoding="utf-8")
    path.chmod(0o755)
    return path


def _running(pid: int) -> bool:
    """The process exists and is not a zombie (nobody may reap orphans here)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def survivors(pids_file: Path) -> list[int]:
    """Processes (other than this one) started with the fake LibreOffice's marker in their environment."""
    marker = f"FAKE_SOFFICE_PIDS={pids_file}\0".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environment = (entry / "environ").read_bytes()
        except OSError:
            continue
        if marker in environment and _running(int(entry.name)):
            found.append(int(entry.name))
    return found


def last_line(err: str) -> str:
    """What the command said last, which after a signal is what it says of it (before it, a build says
    how many reports it wrote: 生成 N 份…); and never a traceback."""
    assert "Traceback" not in err
    return err.strip().splitlines()[-1] if err.strip() else ""


def assert_none_survive(pids_file: Path) -> None:
    """Every process the fake LibreOffice started is gone: at once on a quiet machine; on a loaded one
    a process sent SIGKILL can take a moment to be torn down, while an orphan would run for minutes."""
    deadline = time.monotonic() + 10
    while (left := survivors(pids_file)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert left == [], f"still running: {left}"


def _wait_for(condition, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


@pytest.fixture
def scene(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Path]]:
    """An agency file, an output folder, a private temporary folder and the hanging LibreOffice."""
    source = tmp_path / "sample.yaml"
    build(Report(2021)).write(tmp_path, source.name)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    pids = tmp_path / "soffice.pids"
    soffice = _fake_soffice(tmp_path)
    monkeypatch.setenv("FAKE_SOFFICE_PIDS", str(pids))
    monkeypatch.setenv("REPORTGEN_SOFFICE", str(soffice))
    yield {"source": source, "out": tmp_path / "out", "tmp": temporary, "pids": pids, "soffice": soffice}
    for pid in survivors(pids):  # never leave a fake behind, whatever the test found
        os.kill(pid, signal.SIGKILL)


def _start_build(scene: dict[str, Path]) -> subprocess.Popen[str]:
    """`reportgen build --format pdf` in its own process, with TMPDIR pointing at the scene's folder;
    returns once the fake LibreOffice runs."""
    environment = {**os.environ, "TMPDIR": str(scene["tmp"])}
    process = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "build", str(scene["source"]), "--out", str(scene["out"]),
         "--format", "pdf"],
        env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as from a terminal
    )
    _wait_for(lambda: scene["pids"].exists() and len(survivors(scene["pids"])) >= 3, 60, "the fake LibreOffice")
    return process


# -- 1. the conversion times out: LibreOffice and everything it started is ended -----------------------


def test_a_hanging_libreoffice_is_ended_with_all_it_started(scene: dict[str, Path],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_pdf, "TIMEOUT_BASE_SECONDS", 2)
    monkeypatch.setattr(docx_pdf, "TIMEOUT_PER_DOCUMENT_SECONDS", 0)
    monkeypatch.setattr("tempfile.tempdir", str(scene["tmp"]))
    started = time.monotonic()
    run = run_cli("build", str(scene["source"]), "--out", str(scene["out"]), "--format", "pdf")
    assert run.code == 2 and run.err.startswith("错误：LibreOffice 在 2 秒内没有完成 PDF 转换")
    assert time.monotonic() - started < 30
    assert scene["pids"].exists(), "the fake LibreOffice never ran"
    assert_none_survive(scene["pids"])
    assert list(scene["tmp"].iterdir()) == []
    assert not scene["out"].exists()


def test_the_group_is_ended_even_when_the_command_exits_at_once(tmp_path: Path) -> None:
    """soffice may return while a helper it started lives on: the helper is ended too."""
    from reportgen import children

    pids = tmp_path / "pids"
    script = _fake_soffice(tmp_path, "#!/bin/sh\nsh -c 'trap \"\" TERM; exec sleep 600' >/dev/null 2>&1 &\n"
                                     "echo $! > \"$FAKE_SOFFICE_PIDS\"\nexit 0\n")
    try:
        finished = children.run_group([str(script)], timeout=30,
                                      environment={**os.environ, "FAKE_SOFFICE_PIDS": str(pids)})
        assert finished.returncode == 0
        assert_none_survive(pids)
    finally:
        for pid in survivors(pids):
            os.kill(pid, signal.SIGKILL)


# -- 2. and 3. Ctrl-C, SIGTERM, SIGKILL ------------------------------------------------------------------


def test_ctrl_c_during_the_pdf_conversion(scene: dict[str, Path]) -> None:
    process = _start_build(scene)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert last_line(err) == INTERRUPTED
    assert_none_survive(scene["pids"])
    assert list(scene["tmp"].iterdir()) == []
    assert not scene["out"].exists()


def test_sigterm_during_the_pdf_conversion(scene: dict[str, Path]) -> None:
    process = _start_build(scene)
    process.terminate()
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 128 + signal.SIGTERM
    assert last_line(err) == "已终止（收到终止信号），没有写入不完整的文件。"
    assert_none_survive(scene["pids"])
    assert list(scene["tmp"].iterdir()) == []


def test_ctrl_c_during_a_real_libreoffice_run(scene: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The real soffice: oosplash and soffice.bin end with the build, and LibreOffice's own temporary
    files (lu*.tmp) go with the build's folder."""
    monkeypatch.delenv("REPORTGEN_SOFFICE")
    require(find_soffice(), "LibreOffice (soffice)")
    process = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "build", str(ROOT / "agencies"), "--out", str(scene["out"]),
         "--format", "pdf"],  # every agency: LibreOffice is still busy when Ctrl-C comes
        env={**os.environ, "TMPDIR": str(scene["tmp"])}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))

    def soffice_bin_at_work() -> bool:
        started = any(b"soffice.bin" in Path(f"/proc/{pid}/cmdline").read_bytes() for pid in survivors(scene["pids"]))
        return started and any(scene["tmp"].rglob("lu*.tmp"))

    _wait_for(soffice_bin_at_work, 60, "soffice.bin and its temporary file")
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 130 and last_line(err) == INTERRUPTED
    assert_none_survive(scene["pids"])
    assert list(scene["tmp"].iterdir()) == []


def test_after_sigkill_the_next_run_removes_what_was_left(scene: dict[str, Path]) -> None:
    process = _start_build(scene)
    process.kill()
    process.communicate(timeout=30)
    left = list(scene["tmp"].iterdir())
    assert left, "SIGKILL cannot be caught: the killed run's folder stays until the next run"
    _fake_soffice(scene["soffice"].parent, FAILING_SOFFICE)
    environment = {**os.environ, "TMPDIR": str(scene["tmp"])}
    again = subprocess.run([sys.executable, "-m", "reportgen", "build", str(scene["source"]),
                            "--out", str(scene["out"]), "--format", "pdf"],
                           env=environment, capture_output=True, text=True, timeout=120, check=False)
    assert again.returncode == 2 and "未能把 sample-2021.docx 转换为 PDF" in again.stderr
    assert list(scene["tmp"].iterdir()) == []
    assert_none_survive(scene["pids"])


def test_a_living_runs_folder_is_kept(tmp_path: Path) -> None:
    """Only folders of processes that are gone are removed: a concurrent run keeps its own."""
    from reportgen import children

    parent = os.getppid()
    mine = tmp_path / f"reportgen-{parent}-pdf-x"
    dead = tmp_path / "reportgen-999999999-pdf-x"
    other = tmp_path / "reportgen-pdf-x"
    for folder in (mine, dead, other):
        folder.mkdir()
    children.remove_stale_folders(tmp_path)
    assert mine.exists() and other.exists() and not dead.exists()


def test_ctrl_c_in_another_command_prints_the_message(scene: dict[str, Path]) -> None:
    """import of an old Word file (.doc) goes through LibreOffice too, found by the same finder."""
    doc = scene["tmp"].parent / "report.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    arguments = ["import", str(doc), "--out", str(scene["tmp"].parent / "imported.yaml")]
    process = subprocess.Popen([sys.executable, "-m", "reportgen", *arguments],
                               env={**os.environ, "TMPDIR": str(scene["tmp"])}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    _wait_for(lambda: scene["pids"].exists(), 60, "the fake LibreOffice")
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 130 and last_line(err) == INTERRUPTED and "Traceback" not in err


# -- 4. one LibreOffice finder ---------------------------------------------------------------------------


def test_one_finder_for_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import reportgen.importer.sources as importer
    from reportgen import libreoffice

    soffice = _fake_soffice(tmp_path)
    monkeypatch.setenv("REPORTGEN_SOFFICE", str(soffice))
    assert libreoffice.find_soffice() == str(soffice)
    assert docx_pdf.find_soffice is libreoffice.find_soffice
    assert importer.find_soffice is libreoffice.find_soffice
    monkeypatch.setenv("REPORTGEN_SOFFICE", str(tmp_path / "missing"))
    assert libreoffice.find_soffice() is None
