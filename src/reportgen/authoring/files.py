"""Writing agency files safely: through a temporary file in the same folder, then a rename, so that
a file is never left half-written; a new file never replaces one that appeared meanwhile."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from ..errors import ReportgenError


def _temporary(path: Path, data: bytes, mode: int) -> Path:
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(name, mode)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def replace_atomic(path: Path, data: bytes) -> None:
    """Replace `path` (keeping its permissions) or create it, in one rename."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    temporary = _temporary(path, data, mode)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def create_atomic(path: Path, data: bytes) -> None:
    """Create `path`, refusing if it exists (also if it appears while the data is being written)."""
    temporary = _temporary(path, data, _new_file_mode())
    try:
        try:
            os.link(temporary, path)  # fails if `path` exists: no window in which it could be replaced
        except FileExistsError:
            raise ReportgenError(f"“{path}”已经存在，没有覆盖它。") from None
        except OSError:  # a file system without hard links
            if path.exists():
                raise ReportgenError(f"“{path}”已经存在，没有覆盖它。") from None
            os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
