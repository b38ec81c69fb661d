"""A small HTTP server that a slow, greedy or rude client cannot exhaust.

One thread reads every connection's request head with a selector — a client that sends its headers
slowly costs a socket, not a thread — and drops it when the head takes longer than `head_timeout`,
grows past `max_head_bytes` or `max_headers` (answered 431, or 414 for the request line), or when the
open connections reach `max_open` (the oldest unfinished one makes room for the newest). A complete
head goes to one of `workers` threads, which answer it with `http.server`'s handler within
`answer_timeout` and close the connection; a handler that takes a body (`reportgen edit`'s writes) reads
it with `read_body()`, by the same deadline, after bounding its length itself. A client that hangs up, resets or stalls is nobody's error:
nothing is printed.

`LoopbackServer` is what `reportgen preview` and `reportgen edit` share on top of it: the page on
127.0.0.1 only, answering only requests addressed to it by that address (`Handler.addressed_to_us`: no
DNS rebinding), every answer with the same guarding headers (`Handler.answer`), started in the
background and stopped cleanly, or served until Ctrl-C.
"""

from __future__ import annotations

import contextlib
import io
import json
import queue
import selectors
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Self

from ..errors import ReportgenError

HOST = "127.0.0.1"
#: The pages' Content-Security-Policy: their own inline style and script, requests to this server only.
PAGE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; "
            "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
FOREIGN_HOST = "只接受发往 127.0.0.1 的请求。"


@dataclass(frozen=True)
class Limits:
    workers: int = 16  # requests answered at once
    max_open: int = 256  # connections held at once: being read, waiting for a worker, being answered
    backlog: int = 256  # connections the kernel queues before they are accepted
    head_timeout: float = 10.0  # seconds for the whole request line and headers, however they trickle in
    answer_timeout: float = 10.0  # seconds to send the whole answer, however slowly the client reads
    max_head_bytes: int = 16 * 1024  # request line and headers together
    max_headers: int = 64


DRAIN_SECONDS = 1.0  # after refusing a head, read and discard for this long so the client sees the answer
DRAIN_BYTES = 1024 * 1024
_REFUSALS = {
    414: ("URI Too Long", "请求的地址太长。"),
    431: ("Request Header Fields Too Large", "请求头太大或太多。"),
}


class Handler(BaseHTTPRequestHandler):
    """`http.server`'s handler, fed a request head already read (and bounded) by the server."""

    def __init__(self, connection: socket.socket, address: tuple[str, int], server: BoundedHTTPServer,
                 head: bytes, rest: bytes = b"") -> None:
        self._head = head
        self._rest = rest  # what arrived after the head: the start of a body
        super().__init__(connection, address, server)  # type: ignore[arg-type]

    def setup(self) -> None:
        self.connection = self.request
        self.rfile = io.BytesIO(self._head)  # type: ignore[assignment]
        self._deadline = time.monotonic() + self.server.limits.answer_timeout  # type: ignore[attr-defined]
        self.wfile = _DeadlineWriter(self.connection, self._deadline)  # type: ignore[assignment]

    def read_body(self, length: int) -> bytes:
        """The request's body of `length` bytes (the caller bounds it), read by the answer's deadline;
        raises TimeoutError or ConnectionError when the client does not send it in time."""
        data = bytearray(self._rest[:length])
        while len(data) < length:
            left = self._deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the body took too long")
            self.connection.settimeout(left)
            chunk = self.connection.recv(min(65536, length - len(data)))
            if not chunk:
                raise ConnectionError("the client closed the connection before sending the body")
            data += chunk
        return bytes(data)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the officer's terminal shows what matters, not every request

    # -- the pages' answers ---------------------------------------------------------------------------------

    def allowed_hosts(self) -> set[str]:
        """The Host headers of a request addressed to this server by its loopback address."""
        port = self.server.server_address[1]  # type: ignore[attr-defined]
        return {f"{HOST}:{port}", f"localhost:{port}"}

    def addressed_to_us(self) -> bool:
        return self.headers.get("Host", "") in self.allowed_hosts()

    def route(self) -> str:
        """The request's path, without its query."""
        return self.path.split("?", 1)[0]

    def do_HEAD(self) -> None:
        self.do_GET()  # `answer` leaves out the body

    def do_GET(self) -> None:
        if not self.addressed_to_us():
            self.answer(HTTPStatus.FORBIDDEN, "text/plain", FOREIGN_HOST.encode())
        elif self.route() == "/favicon.ico":
            self.answer(HTTPStatus.NO_CONTENT, "text/plain", b"")
        elif not self.get(self.route()):
            self.answer(HTTPStatus.NOT_FOUND, "text/plain", "没有这个页面。".encode())

    def get(self, route: str) -> bool:
        """Answer a GET of `route` (the Host already checked) and return True, or return False: no such page."""
        return False

    def answer_json(self, status: HTTPStatus, body: dict[str, object]) -> None:
        self.answer(status, "application/json", json.dumps(body, ensure_ascii=False).encode("utf-8"))

    def answer(self, status: HTTPStatus, kind: str, body: bytes, csp: str = PAGE_CSP) -> None:
        """The whole answer, with the headers every page and reply of ours carries; no body for HEAD."""
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", csp)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Connection", "close")  # every connection is closed after one answer
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@dataclass
class _Unanswered:
    """A connection whose request head is still arriving (or, once refused, being drained)."""

    sock: socket.socket
    address: tuple[str, int]
    deadline: float
    head: bytearray
    draining: bool = False
    drained: int = 0


class BoundedHTTPServer:
    """`serve_forever()` / `shutdown()` / `server_close()` like `http.server.HTTPServer`, within `Limits`."""

    def __init__(self, address: tuple[str, int], handler: type[Handler], limits: Limits = Limits(),
                 report: Callable[[str], None] = lambda line: None) -> None:
        self.handler = handler
        self.limits = limits
        self.report = report  # one short line about a fault of reportgen's own; never about a client
        self.socket = socket.create_server(address, backlog=limits.backlog)
        self.socket.setblocking(False)
        self.server_address: tuple[str, int] = self.socket.getsockname()
        self._selector = selectors.DefaultSelector()
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._unanswered: dict[socket.socket, _Unanswered] = {}  # oldest first
        self._jobs: queue.Queue[tuple[socket.socket, tuple[str, int], bytes, bytes] | None] = queue.Queue()
        self._answering: set[socket.socket] = set()  # handed to the workers, not yet closed
        self._answering_lock = threading.Lock()
        self._stopping = threading.Event()
        self._stopped = threading.Event()
        self._lifecycle = threading.Lock()  # serve_forever()'s start and server_close() exclude each other
        self._workers: list[threading.Thread] = []

    # -- the reading thread ----------------------------------------------------------------------------------

    def serve_forever(self) -> None:
        with self._lifecycle:  # not while server_close() runs: a server stopped before it began never begins
            if self._stopping.is_set():
                self._stopped.set()
                return
            for number in range(self.limits.workers):
                worker = threading.Thread(target=self._work, name=f"preview-worker-{number}", daemon=True)
                worker.start()
                self._workers.append(worker)
            self._selector.register(self.socket, selectors.EVENT_READ)
            self._selector.register(self._wake_reader, selectors.EVENT_READ)
        try:
            while not self._stopping.is_set():
                try:
                    self._serve_once()
                except Exception as error:  # a fault here must not end the preview
                    self.report(f"预览服务器出错（这是 reportgen 的问题，请报告）：{type(error).__name__}: {error}")
                    time.sleep(0.1)
        finally:
            self._stopped.set()

    def _serve_once(self) -> None:
        oldest = next(iter(self._unanswered.values()), None)
        timeout = 1.0 if oldest is None else min(1.0, max(0.0, oldest.deadline - time.monotonic()))
        for key, _ in self._selector.select(timeout):
            if key.fileobj is self.socket:
                self._accept()
            elif key.fileobj is self._wake_reader:
                self._wake_reader.recv(64)
            elif connection := self._unanswered.get(key.fileobj):  # type: ignore[call-overload]
                self._read(connection)  # (unless dropped to make room since select() returned)
        now = time.monotonic()
        for late in [c for c in self._unanswered.values() if c.deadline <= now]:
            self._drop(late)

    def _accept(self) -> None:
        for _ in range(64):  # then let the others be read
            try:
                sock, address = self.socket.accept()
            except BlockingIOError:
                return
            except OSError:  # out of file descriptors, or the client gave up already
                if self._unanswered:
                    self._drop(next(iter(self._unanswered.values())))
                return
            if self._open() >= self.limits.max_open:
                if not self._unanswered:  # every slot is a request being answered: refuse quickly
                    sock.close()
                    continue
                self._drop(next(iter(self._unanswered.values())))  # the oldest unfinished head makes room
            sock.setblocking(False)
            connection = _Unanswered(sock, address, time.monotonic() + self.limits.head_timeout, bytearray())
            self._unanswered[sock] = connection
            self._selector.register(sock, selectors.EVENT_READ)

    def _open(self) -> int:
        with self._answering_lock:
            return len(self._unanswered) + len(self._answering)

    def _read(self, connection: _Unanswered) -> None:
        try:
            data = connection.sock.recv(65536 if connection.draining else 4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self._drop(connection)
            return
        if connection.draining:
            connection.drained += len(data)
            if connection.drained > DRAIN_BYTES:
                self._drop(connection)
            return
        connection.head += data
        end = _head_end(connection.head)
        head = connection.head if end is None else connection.head[:end]
        if len(head) > self.limits.max_head_bytes:
            request_line = head.find(b"\n")
            self._refuse(connection, 414 if request_line < 0 or request_line > self.limits.max_head_bytes else 431)
        elif head.count(b"\n") - (1 if end is None else 2) > self.limits.max_headers:  # not the request line or blank
            self._refuse(connection, 431)
        elif end is not None:
            self._selector.unregister(connection.sock)
            del self._unanswered[connection.sock]
            connection.sock.setblocking(True)
            with self._answering_lock:
                self._answering.add(connection.sock)
            self._jobs.put((connection.sock, connection.address, bytes(head), bytes(connection.head[end:])))

    def _refuse(self, connection: _Unanswered, status: int) -> None:
        """Answer `status`, then read and discard what the client still sends for a short while, so the
        answer is not lost to a reset, and close."""
        reason, message = _REFUSALS[status]
        body = message.encode("utf-8")
        answer = (f"HTTP/1.0 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n"
                  f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode("ascii") + body
        try:
            connection.sock.send(answer)  # small, and nothing was sent on this connection before: it fits
            connection.sock.shutdown(socket.SHUT_WR)
        except OSError:
            self._drop(connection)
            return
        connection.draining = True
        connection.deadline = min(connection.deadline, time.monotonic() + DRAIN_SECONDS)
        connection.head.clear()

    def _drop(self, connection: _Unanswered) -> None:
        self._unanswered.pop(connection.sock, None)
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(connection.sock)
        connection.sock.close()

    # -- the workers --------------------------------------------------------------------------------------------

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            sock, address, head, rest = job
            try:
                self.handler(sock, address, self, head, rest)
            except OSError:  # reset, broken pipe, timeout: the client left or stalled, nothing to report
                pass
            except Exception as error:
                self.report(f"预览服务器处理请求时出错（这是 reportgen 的问题，请报告）：{type(error).__name__}: {error}")
            finally:
                with self._answering_lock:
                    self._answering.discard(sock)
                _close(sock)

    # -- stopping -----------------------------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop `serve_forever()` (from another thread) and wait for it to return."""
        self._stopping.set()
        with contextlib.suppress(OSError):
            self._wake_writer.send(b"x")
        if self._workers:  # serve_forever() has started
            self._stopped.wait(timeout=5)

    def server_close(self) -> None:
        with self._lifecycle:
            self._stopping.set()
            self.socket.close()
        for connection in list(self._unanswered.values()):
            self._drop(connection)
        with self._answering_lock:
            answering = list(self._answering)
        for sock in answering:  # wake a worker blocked on a slow client
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        for _ in self._workers:
            self._jobs.put(None)
        deadline = time.monotonic() + 2
        for worker in self._workers:
            worker.join(timeout=max(0.0, deadline - time.monotonic()))
        self._selector.close()
        self._wake_reader.close()
        self._wake_writer.close()


def _head_end(data: bytearray) -> int | None:
    """Where the request head ends (after the blank line that closes it), or None if it has not yet."""
    start = 0
    while (newline := data.find(b"\n", start)) >= 0:
        if start > 0 and data[start:newline] in (b"", b"\r"):
            return newline + 1
        start = newline + 1
    return None


class _DeadlineWriter(io.RawIOBase):
    """The answer's stream: every write must be done by one deadline, so a client that reads a byte at
    a time cannot keep a worker for long."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self.sock = sock
        self.deadline = deadline

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        try:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the answer took too long")
            self.sock.settimeout(left)
            self.sock.sendall(data)
        except TimeoutError:  # closing will reset the connection: what is still queued is dropped too
            with contextlib.suppress(OSError):
                self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            raise
        return len(data)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_WR)
    sock.close()


class LoopbackServer:
    """A page on 127.0.0.1 (port 0: any free one): `start()` serves in the background (with the threads
    of `background()`), `stop()` ends it cleanly; `serve_until_interrupted()` until Ctrl-C."""

    name = "page"  # names the threads
    what = "网页"  # names the page in the officer's messages: “无法在 … 上启动{what}”

    def __init__(self, handler: type[Handler], port: int, limits: Limits | None) -> None:
        try:
            self.httpd = BoundedHTTPServer((HOST, port), handler, limits or Limits(), _to_stderr)
        except OSError as error:
            raise ReportgenError(
                f"无法在 {HOST}:{port} 上启动{self.what}（{error.strerror or error}）：端口可能已被占用，"
                "请换一个端口，或不加 --port 让程序自动选择。") from None
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def background(self) -> list[tuple[Callable[[], None], str]]:
        """What runs while the page is served, and the threads' names."""
        return [(self.httpd.serve_forever, f"{self.name}-http")]

    def start(self) -> Self:
        for target, name in self.background():
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def greeting(self) -> Iterable[str]:
        """What the officer is told once the page is served."""
        return [self.url]

    farewell = "已停止。"

    def serve_until_interrupted(self, say: Callable[[str], None] = print) -> None:
        """Serve until Ctrl-C (which reaches only the main thread: call this from it), then stop cleanly."""
        self.start()
        for line in self.greeting():
            say(line)
        try:
            while not self._stop.wait(3600):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()
            say(self.farewell)


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
