"""`reportgen edit`: the editing page on 127.0.0.1 and the one route that writes.

Served by the preview's bounded server (preview/serving.py), with its guards, tightened because it
writes:
- it listens on the loopback address only, and answers only requests addressed to it by that address
  (the Host header: no DNS rebinding);
- a write is `POST /edit` with `Content-Type: application/json` (a form from another site cannot send
  that without the browser asking first, and this server never says yes), the random token of this
  server's page in `X-Reportgen-Token` (a page that cannot read ours cannot know it), and no Origin
  but our own;
- the request names a value of the page, never a file: only the agency file given at start is written;
- a body is at most 64 KiB, and at most 20 writes are taken per second;
- each write names the version of the file it was based on (a hash of its bytes): if the file changed
  since, it is refused (409) with a Chinese message and the page reloads the file as it is now.
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
import time
from collections import deque
from http import HTTPStatus
from pathlib import Path

from ..errors import ReportgenError
from ..load import load_agency_text
from ..load.tree import UnreadableFile
from ..preview.server import require_agency_file
from ..preview.serving import FOREIGN_HOST, Handler, Limits, LoopbackServer
from ..validate import validate
from .editor import CONFLICT_MESSAGE, Conflict, Contents, Edit, EditableFile, EditRefused
from .page import EditPage, build_page, error_page
from .positions import locate

MAX_BODY_BYTES = 64 * 1024
MAX_WRITES_PER_SECOND = 20
TOKEN_HEADER = "X-Reportgen-Token"


class Refused(Exception):
    def __init__(self, status: HTTPStatus, message: str, **extra: object) -> None:
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra


class EditSession:
    """One agency file, one report year, one token: builds the page and applies writes."""

    def __init__(self, path: Path, year: int | None = None) -> None:
        self.path = path
        self.year = year
        self.file = EditableFile(path)
        self.token = secrets.token_urlsafe(32)
        self.max_writes_per_second = MAX_WRITES_PER_SECOND
        self._writes: deque[float] = deque()
        self._rate_lock = threading.Lock()

    def build(self, contents: Contents) -> EditPage | str:
        """The page for the file's contents, or why it cannot be edited here."""
        agency, findings = load_agency_text(contents.text, str(self.path))
        if agency is None:
            finding = findings[0]
            where = f"第 {finding.line} 行：" if finding.line else ""
            return f"文件现在无法读取，不能在网页中修改。{where}{finding.message}"
        findings = findings + validate(agency)
        year = self.year if self.year is not None else max(agency.reports, default=None)
        if year is None or year not in agency.reports:
            listed = "、".join(f"{y}年" for y in sorted(agency.reports)) or "没有任何年度"
            wanted = f"{year}年的报告" if year is not None else "年度报告"
            return f"文件中没有{wanted}（文件中有：{listed}）。"
        shown = sorted((f for f in findings if f.year in (None, year)), key=lambda f: (f.line or 0, f.column or 0))
        return build_page(agency, agency.reports[year], shown, locate(contents.text), version=contents.version,
                          token=self.token, source=f"{self.path}（{year}年报告）")

    def page(self) -> str:
        try:
            built = self.build(self.file.read())
        except UnreadableFile as unreadable:
            built = f"无法读取文件：{unreadable.finding.message}"
        return built.html if isinstance(built, EditPage) else error_page(f"编辑：{self.path}", built)

    def version(self) -> str | None:
        try:
            return self.file.read().version
        except UnreadableFile:
            return None

    def write(self, request: object) -> dict[str, object]:
        """Apply one write request (already authenticated); Refused with the status and message."""
        if not isinstance(request, dict) or set(request) - {"key"} != {"version", "path", "value"}:
            raise Refused(HTTPStatus.BAD_REQUEST, "请求的格式不对：应为 {version, path, value}，可加 key。")
        version, path, value, key = request["version"], request["path"], request["value"], request.get("key", False)
        if not (isinstance(version, str) and isinstance(value, str) and isinstance(path, list) and key in (True, False)
                and all(isinstance(part, str | int) and not isinstance(part, bool) for part in path)):
            raise Refused(HTTPStatus.BAD_REQUEST, "请求的格式不对：version、value 应为文字，path 应为列表。")
        self._count_write()
        try:
            current = self.file.read()
        except UnreadableFile as unreadable:
            raise Refused(HTTPStatus.CONFLICT, f"无法读取文件：{unreadable.finding.message}") from None
        if current.version != version:
            raise Refused(HTTPStatus.CONFLICT, CONFLICT_MESSAGE)
        before = self.build(current)
        if not isinstance(before, EditPage):
            raise Refused(HTTPStatus.CONFLICT, before)
        field = before.fields.get((tuple(path), key))
        if field is None:  # not a value of this page: the page is out of date, or the request is not ours
            raise Refused(HTTPStatus.CONFLICT, "页面上没有这一项（页面可能已过时），没有写入。页面将重新载入。")
        edit = Edit(field.path, value, is_key=field.is_key, prose=field.kind == "prose")
        try:
            written = self.file.write(version, edit)
        except Conflict as conflict:
            raise Refused(HTTPStatus.CONFLICT, str(conflict)) from None
        except EditRefused as refused:
            raise Refused(HTTPStatus.UNPROCESSABLE_ENTITY, str(refused)) from None
        except ReportgenError as error:  # the file could not be replaced (permissions, a full disk)
            raise Refused(HTTPStatus.INTERNAL_SERVER_ERROR, str(error)) from None
        after = self.build(written)
        if not isinstance(after, EditPage):  # cannot happen: every write is read back first
            return {"version": written.version, "reload": True}
        return {**after.state, "reload": field.is_key}  # a new heading renames the part's path

    def _count_write(self) -> None:
        with self._rate_lock:
            now = time.monotonic()
            while self._writes and now - self._writes[0] > 1.0:
                self._writes.popleft()
            if len(self._writes) >= self.max_writes_per_second:
                raise Refused(HTTPStatus.TOO_MANY_REQUESTS, "写入太频繁，这次修改没有写入：请稍候再试。")
            self._writes.append(now)


def _handler(session: EditSession) -> type[Handler]:
    class EditHandler(Handler):
        server_version = "reportgen-edit"
        sys_version = ""

        def get(self, route: str) -> bool:
            if route in ("/", "/index.html"):
                self.answer(HTTPStatus.OK, "text/html", session.page().encode("utf-8"))
            elif route == "/version.json":
                self.answer_json(HTTPStatus.OK, {"version": session.version()})
            else:
                return False
            return True

        def do_POST(self) -> None:
            try:
                body = self._authenticated_body()
                try:
                    request = json.loads(body.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    raise Refused(HTTPStatus.BAD_REQUEST, "请求的内容不是 JSON。") from None
                self.answer_json(HTTPStatus.OK, session.write(request))
            except Refused as refused:
                self.answer_json(refused.status, {"error": refused.message, **refused.extra})

        def _authenticated_body(self) -> bytes:
            if not self.addressed_to_us():
                raise Refused(HTTPStatus.FORBIDDEN, FOREIGN_HOST)
            if self.route() != "/edit":
                raise Refused(HTTPStatus.NOT_FOUND, "没有这个地址。")
            origin = self.headers.get("Origin")
            if origin is not None and origin not in {f"http://{host}" for host in self.allowed_hosts()}:
                raise Refused(HTTPStatus.FORBIDDEN, "只接受编辑页面本身发出的修改。")
            if self.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
                raise Refused(HTTPStatus.FORBIDDEN, "只接受编辑页面本身发出的修改。")
            token = self.headers.get(TOKEN_HEADER, "")
            if not hmac.compare_digest(token.encode("utf-8", "replace"), session.token.encode()):
                raise Refused(HTTPStatus.FORBIDDEN, "缺少或不符的页面令牌：只接受本次打开的编辑页面发出的修改。")
            kind = self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
            if kind != "application/json":
                raise Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "修改须以 JSON 发送（Content-Type: application/json）。")
            if self.headers.get("Transfer-Encoding"):
                raise Refused(HTTPStatus.LENGTH_REQUIRED, "请求须写明 Content-Length，不接受分块传输。")
            try:
                length = int(self.headers.get("Content-Length", ""))
            except ValueError:
                raise Refused(HTTPStatus.LENGTH_REQUIRED, "请求须写明 Content-Length。") from None
            if not 0 <= length <= MAX_BODY_BYTES:
                raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"一次修改不能超过 {MAX_BODY_BYTES // 1024} KB。")
            return self.read_body(length)

    return EditHandler


class EditServer(LoopbackServer):
    """The editing page on 127.0.0.1: `start()` serves in the background, `stop()` ends it cleanly."""

    name = "edit"
    what = "编辑页面"
    farewell = "已停止编辑。"

    def __init__(self, path: Path, *, port: int = 0, year: int | None = None, limits: Limits | None = None) -> None:
        require_agency_file(path, one_at_a_time="一次只编辑一个机关文件", reads="只能编辑机关文件")
        self.session = EditSession(path, year)
        super().__init__(_handler(self.session), port, limits)

    def greeting(self) -> list[str]:
        return [f"正在编辑 {self.session.path}：{self.url}",
                "在浏览器中打开上面的地址；每处修改都会立即写入文件并重新校验。按 Ctrl-C 停止。"]


__all__ = ["MAX_BODY_BYTES", "MAX_WRITES_PER_SECOND", "TOKEN_HEADER", "EditServer", "EditSession"]
