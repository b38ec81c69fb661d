"""Child processes and temporary folders that outlive nothing.

`run_group` runs a program (LibreOffice) in a session of its own, so that when it returns, times out
or this process is interrupted, every process it started is ended with it: SIGTERM to the whole
group, `TERMINATE_GRACE_SECONDS` to go, then SIGKILL.

`scratch_folder` makes `<temporary folder>/reportgen-<pid>-<purpose>-…` and removes it however the
block ends (an error, Ctrl-C, SIGTERM once the CLI turns it into KeyboardInterrupt). SIGKILL cannot be
caught: the next scratch folder first removes the folders whose pid is no longer running, after ending
the processes started in them (they carry `REPORTGEN_SCRATCH=<folder>` in their environment).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

SCRATCH_VARIABLE = "REPORTGEN_SCRATCH"
#: After SIGTERM, how long a program and what it started have to exit before SIGKILL.
TERMINATE_GRACE_SECONDS = 2.0
#: After SIGKILL, how long to wait for the group to be torn down (at once, unless the machine is loaded).
KILLED_GONE_SECONDS = 5.0
_SCRATCH_NAME = re.compile(r"reportgen-(\d{1,9})-")
_POSIX = os.name == "posix"


# -- child processes ---------------------------------------------------------------------------------


def run_group(command: Sequence[str], *, timeout: float, environment: Mapping[str, str],
              scratch: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run `command` (stdin empty, output captured, temporary files in `scratch`) in a session of its own; raises
    `subprocess.TimeoutExpired` after `timeout` seconds. Whatever happens, every process of the session
    is ended before this returns. Output goes to files, not pipes, so that a helper the program leaves
    behind cannot keep this waiting."""
    if scratch is not None:  # its own temporary files (LibreOffice's lu*.tmp) go with the folder
        environment = {**environment, SCRATCH_VARIABLE: str(scratch), "TMPDIR": str(scratch),
                       "TMP": str(scratch), "TEMP": str(scratch)}
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(list(command), stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr,
                                   env=dict(environment), start_new_session=_POSIX)
        try:
            process.wait(timeout=timeout)
        finally:
            end_group(process)
        stdout.seek(0)
        stderr.seek(0)
        return subprocess.CompletedProcess(list(command), process.returncode, stdout.read(), stderr.read())


def end_group(process: subprocess.Popen[bytes]) -> None:
    """End the process and every process of its group (SIGTERM, a grace period, SIGKILL), then reap it."""
    if not _POSIX:
        process.kill()
        process.wait()
        return
    try:
        if _signal_group(process.pid, signal.SIGTERM):
            _wait_for_group(process, TERMINATE_GRACE_SECONDS)
    finally:  # even when a second Ctrl-C cuts the grace period short
        if _signal_group(process.pid, signal.SIGKILL):
            _wait_for_group(process, KILLED_GONE_SECONDS)  # dying takes a moment: gone when this returns
        if process.poll() is None:  # not the leader of its group after all
            process.kill()
        process.wait()


def _signal_group(group: int, number: int) -> bool:
    """Send the signal to the group; False when no process of it is left."""
    try:
        os.killpg(group, number)
    except ProcessLookupError:
        return False
    return True


def _wait_for_group(process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None and not _signal_group(process.pid, 0):
            return
        time.sleep(0.05)


# -- temporary folders -------------------------------------------------------------------------------


@contextmanager
def scratch_folder(purpose: str) -> Iterator[Path]:
    """A new temporary folder, removed when the block ends, however it ends."""
    remove_stale_folders()
    folder = Path(tempfile.mkdtemp(prefix=f"reportgen-{os.getpid()}-{purpose}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_stale_folders(parent: Path | None = None) -> None:
    """Remove this user's scratch folders whose run is gone (killed by SIGKILL, a power cut), after
    ending the processes started in them. The folders of running processes stay."""
    if not _POSIX:
        return
    parent = Path(parent) if parent is not None else Path(tempfile.gettempdir())
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return
    for entry in entries:
        match = _SCRATCH_NAME.match(entry.name)
        if match is None or _running(int(match[1])):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
        except OSError:
            continue
        _end_processes_of(entry.path)
        shutil.rmtree(entry.path, ignore_errors=True)


def _running(pid: int) -> bool:
    """The process exists and is not a zombie (true as well for another user's process)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def _end_processes_of(folder: str) -> None:
    """SIGKILL every process of this user started with REPORTGEN_SCRATCH=folder (Linux: /proc), and
    give them a moment to die."""
    marker = f"\0{SCRATCH_VARIABLE}={folder}\0".encode()
    processes = Path("/proc")
    if not processes.is_dir():
        return
    killed = []
    for entry in processes.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environment = b"\0" + (entry / "environ").read_bytes()
        except OSError:
            continue
        if marker in environment:
            with suppress(OSError):
                os.kill(int(entry.name), signal.SIGKILL)
                killed.append(int(entry.name))
    deadline = time.monotonic() + 1.0
    while any(_running(pid) for pid in killed) and time.monotonic() < deadline:
        time.sleep(0.05)
