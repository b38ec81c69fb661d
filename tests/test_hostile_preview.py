"""`reportgen preview` under hostile or careless clients and files: slow clients, bursts of connections,
oversized headers, HEAD, a huge or endless file, clients that hang up mid-answer.

Every connection goes to 127.0.0.1 only; every loop is bounded in count and every wait in time; each
server (in this process or a child `reportgen preview`) is stopped at the end of its test.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import selectors
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from builders import Report, build, consistent, run_cli
from commands import ServingCommand, serving_command
from reportgen import document as doc
from reportgen.preview import Limits, PreviewServer

HOST = "127.0.0.1"
MiB = 1024 * 1024


def _agency_file(tmp_path: Path) -> Path:
    path = tmp_path / "agency.yaml"
    path.write_text(build(consistent(Report(2021), 予以公开=3)).text, encoding="utf-8")
    return path


def _request(method: str, port: int, target: str = "/", host: str | None = None) -> bytes:
    return f"{method} {target} HTTP/1.1\r\nHost: {host or f'{HOST}:{port}'}\r\n\r\n".encode()


def _exchange(port: int, request: bytes, timeout: float = 10) -> bytes:
    """Send one request and read the whole answer (the server closes the connection after it)."""
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        sock.sendall(request)
        return _read_to_end(sock, time.monotonic() + timeout)


def _read_to_end(sock: socket.socket, deadline: float) -> bytes:
    received = bytearray()
    while len(received) < 16 * MiB:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        received += chunk
    return bytes(received)


def _split(answer: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


def _bytes_read_by_this_process() -> int:
    """Bytes this process has read through read() and friends (Linux: /proc/self/io)."""
    text = Path("/proc/self/io").read_text()
    return int(re.search(r"^rchar: (\d+)$", text, re.M).group(1))


@dataclass
class _Child(ServingCommand):
    stderr: Path

    def stop(self) -> tuple[str, str]:
        """Ctrl-C, then what the command printed on stdout and stderr."""
        out, _ = self.interrupt()
        return out, self.stderr.read_text(encoding="utf-8")


@contextmanager
def _preview_command(path: Path, tmp_path: Path) -> Iterator[_Child]:
    """`reportgen preview PATH` in a child process, its stderr captured in a file."""
    stderr = tmp_path / "preview-stderr.txt"
    with stderr.open("w", encoding="utf-8") as err, serving_command("preview", str(path), stderr=err) as command:
        yield _Child(command.process, command.url, stderr)


# -- 1. slow clients -----------------------------------------------------------------------------------------


def test_slow_clients_are_dropped_without_a_thread_each_and_a_normal_request_is_served(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _agency_file(tmp_path)
    with PreviewServer(path, limits=Limits(head_timeout=1.0)) as server:
        threads_before = threading.active_count()
        slow: list[socket.socket] = []
        try:
            for _ in range(300):  # each sends part of a request, then a little more, and never finishes
                sock = socket.create_connection((HOST, server.port), timeout=5)
                sock.sendall(f"GET / HTTP/1.1\r\nHost: {HOST}:{server.port}\r\n".encode())
                slow.append(sock)
            for sock in slow:
                with contextlib.suppress(OSError):  # already dropped to make room: fine
                    sock.sendall(b"X-Slow: 1\r\n")
            started = time.monotonic()
            with urllib.request.urlopen(server.url, timeout=5) as response:
                assert response.status == 200 and b"</html>" in response.read()
            assert time.monotonic() - started < 5
            assert threading.active_count() <= threads_before + Limits().workers

            deadline = time.monotonic() + 1.0 + 10  # the head timeout, and time to spare on a busy machine
            held = [sock for sock in slow if _read_to_end(sock, deadline) != b""]
            assert held == [], f"{len(held)} slow connections still open after the head timeout"
        finally:
            for sock in slow:
                sock.close()
        with urllib.request.urlopen(server.url + "state.json", timeout=5) as response:
            assert response.status == 200
    assert capsys.readouterr().err == ""  # dropping slow clients is routine, not an error to print


def test_a_client_that_reads_slowly_keeps_a_worker_no_longer_than_the_answer_timeout(tmp_path: Path) -> None:
    path = tmp_path / "agency.yaml"
    long_paragraph = "本段很长，用来让网页大到内核缓冲放不下。" * 60_000  # 3.6 MB, under the 5 MB file cap
    path.write_text(build(consistent(Report(2021, prose={doc.APPLICATIONS.heading: long_paragraph}), 予以公开=3)).text,
                    encoding="utf-8")
    with PreviewServer(path, limits=Limits(workers=1, answer_timeout=1.0)) as server:
        assert len(server.preview.snapshot().page.encode("utf-8")) > 3 * MiB
        slow = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            slow.settimeout(5)
            slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
            slow.connect((HOST, server.port))
            slow.sendall(_request("GET", server.port))
            time.sleep(0.3)  # the only worker is now writing to it
            started = time.monotonic()
            with urllib.request.urlopen(server.url + "state.json", timeout=10) as response:
                assert response.status == 200
            assert time.monotonic() - started < 6
            received, cut_off = 0, False
            for _ in range(60):  # 200 bytes every 0.1 s: the page would take hours
                try:
                    chunk = slow.recv(200)
                except ConnectionResetError:
                    cut_off = True
                    break
                if not chunk:
                    cut_off = True
                    break
                received += len(chunk)
                time.sleep(0.1)
            assert cut_off and received < len(long_paragraph)
        finally:
            slow.close()


# -- 2. a burst of connections ---------------------------------------------------------------------------------


def test_two_hundred_clients_queue_while_the_server_is_paused_and_all_are_answered(tmp_path: Path) -> None:
    path = _agency_file(tmp_path)
    with _preview_command(path, tmp_path) as child:
        clients: list[socket.socket] = []
        os.kill(child.process.pid, signal.SIGSTOP)  # the server accepts nothing: only the kernel's queue holds them
        try:
            for _ in range(200):
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sock.setblocking(False)
                sock.connect_ex((HOST, child.port))
                clients.append(sock)
            connected = _connected(clients, deadline=time.monotonic() + 3)  # retried SYNs meet the same full queue
        finally:
            os.kill(child.process.pid, signal.SIGCONT)
        try:
            assert connected == 200, f"only {connected} of 200 connections were queued (listen backlog too small)"
            for sock in clients:
                sock.setblocking(True)
                sock.settimeout(10)
                sock.sendall(_request("GET", child.port))
            deadline = time.monotonic() + 30
            statuses = [_split(_read_to_end(sock, deadline))[0] for sock in clients]
            assert statuses == [200] * 200
        finally:
            for sock in clients:
                sock.close()


def _connected(clients: list[socket.socket], deadline: float) -> int:
    waiting = selectors.DefaultSelector()
    for sock in clients:
        waiting.register(sock, selectors.EVENT_WRITE)
    done = 0
    try:
        while waiting.get_map():
            ready = waiting.select(timeout=max(0.0, deadline - time.monotonic()))
            if not ready:
                break
            for key, _ in ready:
                waiting.unregister(key.fileobj)
                done += key.fileobj.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0
    finally:
        waiting.close()
    return done


# -- 3. oversized request heads --------------------------------------------------------------------------------


def test_oversized_headers_are_refused_and_the_connection_closed(tmp_path: Path) -> None:
    path = _agency_file(tmp_path)
    with PreviewServer(path) as server:
        port = server.port
        filler = b"X-Filler: " + b"a" * 54_000 + b"\r\n"  # 99 of these: 5.4 MB, each line under http.server's 64 KiB
        assert _send_while_reading(port, _request("GET", port)[:-2], [filler] * 99 + [b"\r\n"]).startswith(
            b"HTTP/1.0 431 ")
        many = b"".join(f"X-Header-{n}: {n}\r\n".encode() for n in range(70))
        assert _exchange(port, _request("GET", port)[:-2] + many + b"\r\n").startswith(b"HTTP/1.0 431 ")
        long_target = "/" + "a" * 20_000
        assert _exchange(port, _request("GET", port, long_target)).startswith(b"HTTP/1.0 414 ")
        # within the limits: served
        sixty = b"".join(f"X-Header-{n}: {'b' * 100}\r\n".encode() for n in range(60))
        assert _split(_exchange(port, _request("GET", port)[:-2] + sixty + b"\r\n"))[0] == 200


def _send_while_reading(port: int, first: bytes, rest: list[bytes]) -> bytes:
    """Send `first` then each of `rest` until the server stops listening, reading its answer meanwhile."""
    with socket.create_connection((HOST, port), timeout=10) as sock:
        answer: list[bytes] = []
        reader = threading.Thread(target=lambda: answer.append(_read_to_end(sock, time.monotonic() + 20)), daemon=True)
        sock.sendall(first)
        reader.start()
        try:
            for piece in rest:
                sock.sendall(piece)
        except OSError:
            pass  # the server closed the connection: what the test wants
        reader.join(timeout=25)
        assert answer, "no answer within 25 s"
        return answer[0]


# -- 4. HEAD ----------------------------------------------------------------------------------------------------


def test_head_is_answered_for_every_get_route_with_the_same_headers_and_no_body(tmp_path: Path) -> None:
    path = _agency_file(tmp_path)
    with PreviewServer(path) as server:
        port = server.port
        for target, host in (("/", None), ("/index.html", None), ("/state.json", None), ("/favicon.ico", None),
                             ("/nothing-here", None), ("/", "attacker.example")):
            got_status, got_headers, got_body = _split(_exchange(port, _request("GET", port, target, host)))
            status, headers, body = _split(_exchange(port, _request("HEAD", port, target, host)))
            assert (status, body) == (got_status, b""), target
            assert {k: v for k, v in headers.items() if k != "date"} == \
                   {k: v for k, v in got_headers.items() if k != "date"}, target
            assert int(headers["content-length"]) == len(got_body), target


# -- 5. the file: read only when it changes, never without a cap ------------------------------------------------


def test_a_huge_file_is_read_once_up_to_the_cap_and_not_again_while_idle(tmp_path: Path) -> None:
    path = tmp_path / "agency.yaml"
    with path.open("wb") as stream:
        stream.truncate(50 * MiB)  # sparse: 50 MB of NUL without using the disk
    an_hour_ago = time.time() - 3600
    os.utime(path, (an_hour_ago, an_hour_ago))
    before = _bytes_read_by_this_process()
    with PreviewServer(path) as server:
        assert _bytes_read_by_this_process() - before < 6 * MiB  # the loader's 5 MB cap, not the 50 MB
        assert "5 MB" in (server.preview.snapshot().error or "")
        idle_from = _bytes_read_by_this_process()
        time.sleep(2)  # ten polls
        assert _bytes_read_by_this_process() - idle_from < MiB
        # a save is still noticed
        path.write_text(build(consistent(Report(2021), 予以公开=3)).text, encoding="utf-8")
        deadline = time.monotonic() + 10
        while server.preview.snapshot().error and time.monotonic() < deadline:
            time.sleep(0.1)
        assert server.preview.snapshot().error is None


def _run_limited(*args: str) -> subprocess.CompletedProcess[str]:
    """`reportgen ARGS…` in a child with 2 GB of address space and 30 s: a runaway read fails there."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 * MiB, 2 * 1024 * MiB))

    return subprocess.run([sys.executable, "-m", "reportgen", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=30, preexec_fn=limit)


@pytest.mark.parametrize("kind", ["symlink to /dev/zero", "fifo"])
def test_a_device_or_pipe_is_refused_in_chinese(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "agency.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    run = _run_limited("preview", str(path))
    assert run.returncode == 2, run.stderr
    assert "不是普通文件" in run.stderr and "Traceback" not in run.stderr and "MemoryError" not in run.stderr


def test_a_file_replaced_by_a_pipe_while_previewed_is_not_opened(tmp_path: Path) -> None:
    path = _agency_file(tmp_path)
    with PreviewServer(path) as server:
        fifo = tmp_path / "fifo"
        os.mkfifo(fifo)
        os.replace(fifo, path)
        refresher = threading.Thread(target=server.preview.refresh, daemon=True)
        refresher.start()
        refresher.join(timeout=5)
        stuck = refresher.is_alive()
        if stuck:  # release the reader blocked on the pipe before failing
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        assert not stuck, "refresh() opened the pipe and waited for a writer"
        assert "不是普通文件" in (server.preview.snapshot().error or "")


def test_preview_of_a_missing_file_is_still_a_chinese_error(tmp_path: Path) -> None:
    run = run_cli("preview", str(tmp_path / "none.yaml"))
    assert run.code == 2 and "找不到" in run.err


# -- 6. clients that hang up ------------------------------------------------------------------------------------


def test_clients_that_reset_the_connection_leave_no_traceback(tmp_path: Path) -> None:
    path = _agency_file(tmp_path)
    with _preview_command(path, tmp_path) as child:
        port = child.port
        for attempt in range(30):
            sock = socket.create_connection((HOST, port), timeout=5)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close → RST
            if attempt % 3 >= 1:
                sock.sendall(_request("GET", port))
            if attempt % 3 == 2:
                sock.recv(100)  # the start of the answer, then hang up on the rest
            sock.close()
        assert _split(_exchange(port, _request("GET", port, "/state.json")))[0] == 200
        time.sleep(0.5)  # let the server finish with the reset connections
        out, err = child.stop()
    assert child.process.returncode == 0 and "已停止预览。" in out
    assert "Traceback" not in err and "Error" not in err and len(err.splitlines()) <= 1, err


def test_a_server_stopped_before_it_began_serving_never_begins() -> None:
    """Stopping a page at once (Ctrl-C as it starts) must not leave the serving thread to register
    a closed socket: it returns quietly instead of raising in its thread."""
    from reportgen.preview.serving import BoundedHTTPServer, Handler

    server = BoundedHTTPServer(("127.0.0.1", 0), Handler)
    server.shutdown()
    server.server_close()
    failures: list[BaseException] = []
    thread = threading.Thread(target=lambda: _recording(server.serve_forever, failures))
    thread.start()
    thread.join(timeout=5)
    assert not thread.is_alive() and failures == []


def _recording(serve: Callable[[], None], failures: list[BaseException]) -> None:
    try:
        serve()
    except BaseException as error:  # what would otherwise die in the thread
        failures.append(error)
