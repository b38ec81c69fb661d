"""`reportgen preview`: the report's page served on 127.0.0.1, rebuilt within a second of each save.

Standard library only: `serving.BoundedHTTPServer` serves (slow or greedy clients cannot exhaust it),
a thread watches the file. The watcher asks the file system every 0.2 s whether the file changed (its
inode, size and modification time); only then is it read, through the loader's capped read, and the
page rebuilt if the text differs. A file saved in the last few seconds is also compared by content,
because some file systems keep modification times to a second or two. A file that cannot be read — a
half-typed line, a tab, an unclosed quote — leaves the last good page in place with the reason shown
above it; a device or a pipe is never opened. Nothing outside the machine is contacted: the server
listens on the loopback address only, answers only requests addressed to it by that address (no DNS
rebinding), and the page's Content-Security-Policy lets it load nothing from anywhere else.
"""

from __future__ import annotations

import os
import stat
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path

from ..errors import ReportgenError
from ..findings import Finding
from ..load import load_agency_text
from ..load.tree import UnreadableFile, read_text
from ..validate import validate
from .page import empty_page, mark_paragraphs, pin, preview_page
from .serving import Handler, Limits, LoopbackServer

POLL_SECONDS = 0.2
RECENT_SECONDS = 3.0  # a file modified this recently is compared by content, not only by its metadata


@dataclass
class PreviewState:
    version: int = 0
    page: str = ""  # the last good page, findings and script included
    error: str | None = None  # why the file cannot be shown now
    findings: list[Finding] = field(default_factory=list)
    year: int | None = None


class Preview:
    """One agency file, watched: `refresh()` rebuilds the page when the file's bytes change."""

    def __init__(self, path: Path, year: int | None = None) -> None:
        self.path = path
        self.year = year
        self.state = PreviewState(page=empty_page(f"预览：{path}"))
        self.lock = threading.Lock()
        self._refreshing = threading.Lock()
        self._stamp: FileStamp | None = None
        self._contents: tuple[str, str] | None = None  # ("text", the file) or ("unreadable", why)

    def snapshot(self) -> PreviewState:
        with self.lock:
            return PreviewState(self.state.version, self.state.page, self.state.error, list(self.state.findings),
                                self.state.year)

    def refresh(self) -> bool:
        """Read the file if it changed; True when the page or the error changed."""
        with self._refreshing:
            stamp = FileStamp.of(self.path)
            if stamp == self._stamp and not stamp.recently_modified():
                return False
            self._stamp = stamp
            contents = self._read(stamp)
            if contents == self._contents:
                return False
            self._contents = contents
            try:
                self._rebuild(contents)
            except Exception:  # a bug must not stop the preview: show it, keep the last good page
                self._fail("生成网页时出错（这是 reportgen 的问题，请报告）：\n" + traceback.format_exc(limit=3))
            return True

    def _read(self, stamp: FileStamp) -> tuple[str, str]:
        """The file's text, read with the loader's size cap; a device or a pipe is not opened."""
        kind = stamp.not_a_file()
        if kind:
            return "unreadable", f"{self.path}: [F-1] 这不是普通文件，而是{kind}：预览只读取机关文件（.yaml）。"
        try:
            return "text", read_text(self.path)
        except UnreadableFile as unreadable:
            return "unreadable", _unreadable(unreadable.finding)

    def _rebuild(self, contents: tuple[str, str]) -> None:
        from ..render.html import id_prefix, render_view
        from ..render.view import report_view

        kind, text = contents
        if kind == "unreadable":
            self._fail(text)
            return
        agency, findings = load_agency_text(text, str(self.path))
        syntax = [f for f in findings if f.unreadable]  # a YAML slip is read past by check; here it is shown
        if agency is None or syntax:                    # over the last good page, as any syntax error
            self._fail(_unreadable(syntax[0] if syntax else findings[0]))
            return
        findings = findings + validate(agency)
        year = self.year if self.year is not None else max(agency.reports, default=None)
        if year is None or year not in agency.reports:
            listed = "、".join(f"{y}年" for y in sorted(agency.reports)) or "没有任何年度"
            wanted = f"{year}年的报告" if year is not None else "年度报告"
            self._fail(f"文件中没有{wanted}（文件中有：{listed}）。", findings)
            return
        report = agency.reports[year]
        shown = sorted((f for f in findings if f.year in (None, year)), key=lambda f: (f.line or 0, f.column or 0))
        draft = any(f.is_error for f in shown)
        view = report_view(agency, report, draft=draft, id_prefix=id_prefix(agency.slug, year))
        page = mark_paragraphs(render_view(view), agency, report)
        pinned = pin(shown, report, view)
        with self.lock:
            version = self.state.version + 1
            self.state = PreviewState(version, preview_page(page, pinned, version=version, error=None,
                                                            source=f"{self.path}（{year}年报告）"), None, shown, year)

    def _fail(self, message: str, findings: list[Finding] | None = None) -> None:
        with self.lock:
            self.state.version += 1
            self.state.error = f"文件暂时无法显示，页面仍是上次保存时的样子。\n{message}"
            if findings is not None:
                self.state.findings = findings


def _unreadable(finding: Finding) -> str:
    where = f"{finding.file}:{finding.line}" if finding.line else (finding.file or "")
    return f"{where}: [{finding.rule}] {finding.message}"


_NOT_A_FILE = {stat.S_IFDIR: "文件夹", stat.S_IFIFO: "管道（FIFO）", stat.S_IFCHR: "字符设备",
               stat.S_IFBLK: "块设备", stat.S_IFSOCK: "套接字"}


@dataclass(frozen=True)
class FileStamp:
    """What `os.stat` says of the file (through symlinks): when it changes, the file was saved or replaced."""

    file_type: int | None  # stat.S_IFREG, stat.S_IFIFO, …; None when the file cannot be found
    device: int = 0
    inode: int = 0
    size: int = 0
    modified_ns: int = 0
    changed_ns: int = 0
    missing_because: int | None = None  # the errno when it cannot be found

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        try:
            status = os.stat(path)
        except OSError as error:
            return cls(None, missing_because=error.errno)
        return cls(stat.S_IFMT(status.st_mode), status.st_dev, status.st_ino, status.st_size,
                   status.st_mtime_ns, status.st_ctime_ns)

    def recently_modified(self) -> bool:
        """Modified within RECENT_SECONDS: a second save in the same clock tick keeps the same stamp."""
        return self.file_type is not None and abs(time.time_ns() - self.modified_ns) < RECENT_SECONDS * 1e9

    def not_a_file(self) -> str | None:
        """What the path is when it exists but is not a regular file: “字符设备”, “管道（FIFO）”, …."""
        if self.file_type is None or self.file_type == stat.S_IFREG:
            return None
        return _NOT_A_FILE.get(self.file_type, "特殊文件")


def require_agency_file(path: Path, *, one_at_a_time: str, reads: str) -> None:
    """Refuse a path that is missing, a folder or not a regular file, saying in the page's words that it
    takes `one_at_a_time` agency file and what it `reads`."""
    if not path.exists():
        raise ReportgenError(f"找不到“{path}”：请检查文件名。")
    if path.is_dir():
        raise ReportgenError(f"“{path}”是一个文件夹：{one_at_a_time}。")
    kind = FileStamp.of(path).not_a_file()
    if kind:
        raise ReportgenError(f"“{path}”不是普通文件，而是{kind}：{reads}（agencies/xxx.yaml）。")


def _handler(preview: Preview) -> type[Handler]:
    class PreviewHandler(Handler):
        server_version = "reportgen-preview"
        sys_version = ""

        def get(self, route: str) -> bool:
            state = preview.snapshot()
            if route in ("/", "/index.html"):
                self.answer(HTTPStatus.OK, "text/html", state.page.encode("utf-8"))
            elif route == "/state.json":
                self.answer_json(HTTPStatus.OK, {
                    "version": state.version, "error": state.error, "year": state.year,
                    "errors": sum(1 for f in state.findings if f.is_error),
                    "warnings": sum(1 for f in state.findings if not f.is_error)})
            else:
                return False
            return True

    return PreviewHandler


class PreviewServer(LoopbackServer):
    """The preview on 127.0.0.1: `start()` serves in the background, `stop()` ends it cleanly."""

    name = "preview"
    what = "预览"
    farewell = "已停止预览。"

    def __init__(self, path: Path, *, port: int = 0, year: int | None = None,
                 limits: Limits | None = None) -> None:
        require_agency_file(path, one_at_a_time="预览一次只看一个机关文件", reads="预览只读取机关文件")
        self.preview = Preview(path, year)
        self.preview.refresh()
        super().__init__(_handler(self.preview), port, limits)

    def _watch(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            self.preview.refresh()

    def background(self) -> list[tuple[Callable[[], None], str]]:
        return [*super().background(), (self._watch, "preview-watch")]

    def greeting(self) -> list[str]:
        state = self.preview.snapshot()
        about = f"（{state.year}年报告）" if state.year else ""
        return [f"正在预览 {self.preview.path}{about}：{self.url}",
                "在浏览器中打开上面的地址；保存文件后页面会自动更新。按 Ctrl-C 停止。",
                *([state.error] if state.error else [])]
