"""`reportgen preview`: the page in headless Chromium follows the file on disk — a new figure, a new
finding pinned beside its paragraph or cell, a parse error shown over the last good page, then the
recovery — and the command stops cleanly on Ctrl-C.

The browser test needs Debian's `chromium` and PyPI's `playwright` (driven through `executable_path`;
never `playwright install`): skipped without them on a developer's machine, failed when CI is set.
Every wait is bounded and the server is stopped at the end of each test.
"""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import tools
from builders import Report, build, consistent, run_cli
from commands import serving_command
from reportgen import document as doc
from reportgen.preview import PreviewServer
from tools import PLAYWRIGHT_FLAGS, required_chromium, required_playwright

WAIT_MS = 10_000
NOTE = "本年度共收到政府信息公开申请{n}件，均已按时答复。"


def _agency(n: int = 3) -> str:
    report = consistent(Report(2021, prose={doc.APPLICATIONS.heading: NOTE.format(n=n)}), 予以公开=3)
    return build(report).text


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _state(server: PreviewServer) -> dict:
    with urllib.request.urlopen(server.url + "state.json", timeout=5) as response:
        return json.loads(response.read())


# -- without a browser ------------------------------------------------------------------------------------


def test_the_server_follows_the_file_and_keeps_the_last_good_page(tmp_path: Path) -> None:
    path = tmp_path / "agency.yaml"
    _write(path, _agency())
    with PreviewServer(path) as server:
        assert server.url.startswith("http://127.0.0.1:")
        first = server.preview.snapshot()
        assert first.error is None and NOTE.format(n=3) in first.page
        _write(path, "机关: [\n")
        assert server.preview.refresh()
        broken = server.preview.snapshot()
        assert broken.version == first.version + 1 and "YAML 语法错误" in (broken.error or "")
        assert broken.page == first.page  # the last good page is still served
        with urllib.request.urlopen(server.url, timeout=5) as response:
            assert NOTE.format(n=3) in response.read().decode("utf-8")
            assert "default-src 'none'" in response.headers["Content-Security-Policy"]
        assert "YAML 语法错误" in _state(server)["error"]
        _write(path, _agency(5))
        assert server.preview.refresh()
        fixed = server.preview.snapshot()
        assert fixed.error is None and NOTE.format(n=5) in fixed.page
        assert [f.rule for f in fixed.findings] == ["X-1"]
        assert not server.preview.refresh()  # nothing changed, nothing done


def test_only_requests_addressed_to_the_loopback_are_answered(tmp_path: Path) -> None:
    path = tmp_path / "agency.yaml"
    _write(path, _agency())
    with PreviewServer(path) as server:
        request = urllib.request.Request(server.url, headers={"Host": "attacker.example"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 403
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(server.url + "../../etc/passwd", timeout=5)
        assert missing.value.code == 404
        assert server.httpd.server_address[0] == "127.0.0.1"


def test_missing_file_and_busy_port_are_chinese_errors(tmp_path: Path) -> None:
    run = run_cli("preview", str(tmp_path / "none.yaml"))
    assert run.code == 2 and "找不到" in run.err
    path = tmp_path / "agency.yaml"
    _write(path, _agency())
    with PreviewServer(path) as server:
        run = run_cli("preview", str(path), "--port", str(server.port))
        assert run.code == 2 and "端口可能已被占用" in run.err and "Traceback" not in run.err


def test_ctrl_c_stops_the_command_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "agency.yaml"
    _write(path, _agency())
    with serving_command("preview", str(path), wait=20) as command:
        with urllib.request.urlopen(command.url + "state.json", timeout=5) as response:
            assert json.loads(response.read())["year"] == 2021
        out, err = command.interrupt(timeout=10)
    assert command.process.returncode == 0, err
    assert "已停止预览。" in out and "Traceback" not in err


# -- in Chromium ----------------------------------------------------------------------------------------------


@pytest.fixture
def browser() -> Iterator[object]:
    chromium = required_chromium()
    with required_playwright()() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, headless=True, args=PLAYWRIGHT_FLAGS)
        try:
            yield instance
        finally:
            instance.close()


def test_the_page_follows_edits_on_disk(browser, tmp_path: Path) -> None:
    path = tmp_path / "agency.yaml"
    text = _agency()
    _write(path, text)
    with PreviewServer(path) as server:
        context = browser.new_context()
        outside: list[str] = []

        def route(route, request) -> None:
            if request.url.startswith(server.url):
                route.continue_()
            else:
                outside.append(request.url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        try:
            page.goto(server.url)
            assert page.locator("p", has_text=NOTE.format(n=3)).count() == 1
            assert page.locator("#rg-summary").inner_text() == "没有发现问题"
            assert page.locator(".rg-pin").count() == 0

            # a figure in the prose that disagrees with the table: X-1, pinned to its paragraph
            _write(path, text.replace(NOTE.format(n=3), NOTE.format(n=5)))
            page.wait_for_selector(f"p:has-text('{NOTE.format(n=5)}') .rg-pin")
            paragraph = page.locator("p", has_text=NOTE.format(n=5))
            assert paragraph.get_attribute("data-rg-line") == str(_line(path, NOTE.format(n=5)))
            assert "X-1" in paragraph.locator(".rg-pin").get_attribute("title")
            assert page.locator("#rg-summary").inner_text() == "0 个错误，1 个警告"
            assert "X-1" in page.locator("#rg-findings").inner_text()

            # a cell that breaks an identity: the error pinned to the cell, the page marked as a draft
            _write(path, path.read_text(encoding="utf-8").replace("本年新收: {自然人: 3", "本年新收: {自然人: 4", 1))
            page.wait_for_selector("td .rg-pin.rg-error")
            assert page.locator("td.rg-flag-error").first.inner_text().startswith("4")
            assert "T3-1" in page.locator("#rg-findings").inner_text()
            assert page.locator(".rg-draft").count() == 1
            page.emulate_media(media="print")  # the report on paper: no panel, no pins
            assert page.locator("#rg-preview").is_hidden() and page.locator("td .rg-pin").first.is_hidden()
            page.emulate_media(media="screen")

            # an invalid save: the parse error over the last good page
            good = path.read_text(encoding="utf-8")
            _write(path, good + "  错误: [\n")
            page.wait_for_selector("#rg-error:not([hidden])")
            assert "YAML 语法错误" in page.locator("#rg-error").inner_text()
            assert page.locator("p", has_text=NOTE.format(n=5)).count() == 1  # still the last good page

            # the next valid save recovers
            _write(path, good.replace(NOTE.format(n=5), NOTE.format(n=4)))
            page.wait_for_selector(f"p:has-text('{NOTE.format(n=4)}')")
            assert page.locator("#rg-error").is_hidden()
            findings = page.locator("#rg-findings").inner_text()
            assert "X-1" not in findings and "T3-1" in findings  # 4 is now the table's figure too
        finally:
            page.close()
            context.close()
        assert outside == []  # nothing but the preview itself was requested


def _line(path: Path, fragment: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if fragment in line)


def test_browser_test_is_not_skipped_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """The browser fixture's tool lookup fails in CI and skips elsewhere when Chromium is missing."""
    monkeypatch.setattr(tools, "find_chromium", lambda: None)
    monkeypatch.setattr(tools, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="CI must install it"):
        tools.required_chromium()
    monkeypatch.setattr(tools, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception):
        tools.required_chromium()


def test_chromium_is_found_where_it_is_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("REPORTGEN_CHROMIUM", str(fake))
    assert tools.required_chromium() == str(fake)
    monkeypatch.delenv("REPORTGEN_CHROMIUM")
    if tools.IN_CI:  # .ci/run installs Debian's chromium
        assert tools.required_chromium() in (shutil.which("chromium"), "/usr/bin/chromium")
