"""Every file reportgen writes goes through here: never a half-written file, never a set of files of
which only some were written.

- Each file is written to a temporary file beside it (`.<name>.<random>.reportgen-tmp`), flushed to
  disk, then renamed over the target: a reader sees the old file or the new one, never a mixture.
- `write_all_or_none` checks every target first (its folder exists and is a folder, the target is not
  a folder), then writes every temporary, and only then renames them all. A failure before the renames
  (a check, a full disk, Ctrl-C) replaces nothing and removes every temporary. A failure during the
  renames themselves (near-impossible: each is a rename within one folder) leaves the files renamed so
  far replaced; the error names them, and the remaining temporaries are removed.
- A symlink is followed: writing to a link edits the file it points to, and the link stays a link.
- Temporaries are removed on any Python-level exit (exceptions, KeyboardInterrupt). A process killed
  outright (SIGKILL, power loss) cannot clean up: its leftovers are removed by the next write into the
  same folder once they are older than `STALE_AFTER_SECONDS` (a write in progress is never that old).
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import ReportgenError

TEMPORARY_SUFFIX = ".reportgen-tmp"
STALE_AFTER_SECONDS = 3600


@dataclass(frozen=True)
class _Target:
    given: Path  # as the caller named it (shown in messages)
    real: Path  # symlinks resolved: the file actually replaced
    mode: int  # permissions for the new file: the earlier file's, or a new file's


def replace_atomic(path: Path, data: bytes) -> None:
    """Replace `path` (keeping its permissions; through a symlink, the file it points to) or create it."""
    write_all_or_none([(path, data)])


def create_atomic(path: Path, data: bytes) -> None:
    """Create `path`, refusing if it exists (also if it appears while the data is being written)."""
    if path.exists() or path.is_symlink():
        raise ReportgenError(f"“{path}”已经存在，没有覆盖它。")
    target = _Target(path, Path(os.path.abspath(path)), _new_file_mode())
    _check_folder(target)
    remove_stale_temporaries(target.real.parent)
    temporary = _temporary(target, data)
    try:
        try:
            os.link(temporary, target.real)  # fails if the file exists: no window in which it could be replaced
        except FileExistsError:
            raise ReportgenError(f"“{path}”已经存在，没有覆盖它。") from None
        except OSError:  # a file system without hard links
            if target.real.exists():
                raise ReportgenError(f"“{path}”已经存在，没有覆盖它。") from None
            os.replace(temporary, target.real)
    except OSError as error:
        raise ReportgenError(f"无法写入“{path}”：{_reason(error)}。") from error
    finally:
        temporary.unlink(missing_ok=True)


def write_all_or_none(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write every file or none: all targets checked, all temporaries written, then all renamed."""
    names = "、".join(f"“{path}”" for path, _ in files)
    nothing_written = "没有写入任何文件" if len(files) == 1 else f"这 {len(files)} 个文件都没有写入：{names}"
    targets = [_target(path, nothing_written) for path, _ in files]
    if len({target.real for target in targets}) != len(targets):
        raise ValueError(f"the same file twice in one write: {names}")  # a caller's bug, not a user's
    for folder in dict.fromkeys(target.real.parent for target in targets):
        remove_stale_temporaries(folder)
    temporaries: list[Path] = []
    replaced: list[Path] = []
    try:
        for target, (_, data) in zip(targets, files, strict=True):
            temporaries.append(_temporary(target, data))
        for target, temporary in zip(targets, temporaries, strict=True):
            os.replace(temporary, target.real)
            replaced.append(target.given)
    except OSError as error:
        failed = targets[len(replaced)].given if len(temporaries) == len(targets) else files[len(temporaries)][0]
        if replaced:
            done = "、".join(f"“{path}”" for path in replaced)
            raise ReportgenError(f"无法写入“{failed}”：{_reason(error)}。已经写入的：{done}；其余文件没有改动。") from error
        raise ReportgenError(f"无法写入“{failed}”：{_reason(error)}。{nothing_written}。") from error
    finally:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)  # already renamed: nothing left to remove
    for folder in dict.fromkeys(target.real.parent for target in targets):
        _sync_folder(folder)


def remove_stale_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the temporaries of killed runs in `folder` (older than STALE_AFTER_SECONDS); the removed."""
    limit = (time.time() if now is None else now) - STALE_AFTER_SECONDS
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(TEMPORARY_SUFFIX)):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < limit:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # gone meanwhile, or not ours to remove
    return removed


# -- the steps ---------------------------------------------------------------------------------------


def _target(path: Path, nothing_written: str) -> _Target:
    """Where `path` really is, checked: refuses (in Chinese) whatever would make the write fail."""
    real = Path(os.path.realpath(path))
    shown = f"“{path}”" if real == Path(os.path.abspath(path)) else f"“{path}”（指向“{real}”）"
    try:
        status = real.stat()
    except FileNotFoundError:
        mode = _new_file_mode()
    except OSError as error:
        raise ReportgenError(f"无法写入{shown}：{_reason(error)}。{nothing_written}。") from error
    else:
        if stat.S_ISDIR(status.st_mode):
            raise ReportgenError(f"{shown}是一个文件夹，无法写成文件：请移走或改名这个文件夹。{nothing_written}。")
        if not stat.S_ISREG(status.st_mode):
            raise ReportgenError(f"{shown}不是普通文件，无法写入。{nothing_written}。")
        mode = stat.S_IMODE(status.st_mode)
    target = _Target(path, real, mode)
    _check_folder(target, nothing_written)
    return target


def _check_folder(target: _Target, nothing_written: str = "没有写入任何文件") -> None:
    folder = target.real.parent
    if not folder.exists():
        raise ReportgenError(f"文件夹“{folder}”不存在，无法写入“{target.given}”。{nothing_written}。")
    if not folder.is_dir():
        raise ReportgenError(f"“{folder}”不是文件夹，无法写入“{target.given}”。{nothing_written}。")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ReportgenError(f"没有在文件夹“{folder}”中写文件的权限，无法写入“{target.given}”。{nothing_written}。")


def _temporary(target: _Target, data: bytes) -> Path:
    """`data` in a new temporary file beside the target, on disk, with the target's permissions."""
    descriptor, name = tempfile.mkstemp(prefix=f".{target.real.name}.", suffix=TEMPORARY_SUFFIX,
                                        dir=target.real.parent)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(name, target.mode)  # mkstemp makes 0600
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _sync_folder(folder: Path) -> None:
    """The renames on disk too (best effort: not every system can open a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def make_folder(folder: Path, hint: str = "") -> None:
    """The folder to write into, created with its parents if it is not there yet; `hint` says what to
    do when a file stands in its place."""
    if folder.exists() and not folder.is_dir():
        raise ReportgenError(f"“{folder}”是一个文件，不是文件夹，无法在其中写入。{hint}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReportgenError(f"无法创建文件夹“{folder}”：{error.strerror or error}。") from error
