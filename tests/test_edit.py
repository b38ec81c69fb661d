"""`reportgen edit` without a browser: one edit changes exactly one value's bytes and reads back as
typed (hypothesis over arbitrary text); the server refuses a write without the token, from another
Host or Origin, not in JSON, too large, too frequent, or based on an older version of the file."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from builders import run_cli
from commands import serving_command
from reportgen.edit import Conflict, Edit, EditableFile, EditRefused, apply_edit
from reportgen.edit.editor import normalize
from reportgen.edit.positions import locate
from reportgen.edit.server import MAX_BODY_BYTES, TOKEN_HEADER, EditServer
from reportgen.load import load_agency_text
from reportgen.validate import validate

ROOT = Path(__file__).resolve().parents[1]
ERQI = (ROOT / "agencies" / "erqi.yaml").read_text(encoding="utf-8")
REPORT = ("年度报告", "2020")
TABLE3 = (*REPORT, "三、收到和处理政府信息公开申请情况", "表三")
CELL = (*TABLE3, "不予公开", "属于国家秘密", "自然人")
PROBLEMS = (*REPORT, "五、存在的主要问题及改进情况")
OTHER = (*REPORT, "六、其他需要报告的事项")
PART = (*REPORT, "一、总体情况", "（二）依申请公开")


def _value(text: str, path: tuple, key: bool = False) -> str:
    spans = locate(text)
    return (spans.keys if key else spans.values)[path].value


def _only_changed(before: str, after: str, path: tuple, written: str) -> None:
    """`after` is `before` with exactly the bytes of one value replaced by `written`."""
    span = locate(before).values[path]
    assert after == before[:span.start] + written + before[span.end:]


# -- one edit -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "written"), [
    ("48件", "48件"), ("１２", "１２"), ("", ""), ("7", "7"), (" 3", '" 3"'), ("a, b}", '"a, b}"'), ("null", "null"),
])
def test_a_cell_is_written_as_typed_and_nothing_else_changes(typed: str, written: str) -> None:
    updated = apply_edit(ERQI, Edit(CELL, typed))
    _only_changed(ERQI, updated, CELL, written)
    assert _value(updated, CELL) == typed
    assert "# 已发布的报告中“（一）予以公开”一行七格全部空白" in updated  # comments untouched


def test_a_cell_typed_as_text_is_kept_and_reported_not_corrected() -> None:
    agency, findings = load_agency_text(apply_edit(ERQI, Edit(CELL, "48件")), "erqi.yaml")
    assert agency is not None
    cell = agency.reports[2020].applications.cell("属于国家秘密", "自然人")
    assert cell.raw == "48件" and cell.value is None
    assert any(f.rule == "V-1" and "属于国家秘密" in (f.where or "") for f in findings + validate(agency))


def test_prose_keeps_its_block_and_indentation() -> None:
    typed = "第一段: 冒号之后还有文字\n第二段 #不是注释"
    updated = apply_edit(ERQI, Edit(PROBLEMS, typed, prose=True))
    assert "    五、存在的主要问题及改进情况: |\n      第一段: 冒号之后还有文字\n      第二段 #不是注释\n\n    六、" in updated
    assert _value(updated, PROBLEMS) == typed + "\n"
    before, after = ERQI.split("五、存在的主要问题")[0], updated.split("五、存在的主要问题")[0]
    assert before == after  # everything above is byte-identical …
    assert ERQI.split("六、其他需要报告的事项")[1] == updated.split("六、其他需要报告的事项")[1]  # … and below


def test_a_one_line_value_becomes_a_block_when_lines_are_added_and_its_comment_stays() -> None:
    text = ERQI.replace("六、其他需要报告的事项: |\n      无", "六、其他需要报告的事项: 无  # 没有")
    updated = apply_edit(text, Edit(OTHER, "一\n二", prose=True))
    assert "六、其他需要报告的事项: |  # 没有\n      一\n      二\n" in updated
    assert _value(updated, OTHER) == "一\n二\n"


def test_a_first_line_starting_with_a_space_gets_an_indentation_indicator() -> None:
    updated = apply_edit(ERQI, Edit(OTHER, "  缩进的一段\n下一段", prose=True))
    assert _value(updated, OTHER) == "  缩进的一段\n下一段\n"
    assert "六、其他需要报告的事项: |2\n" in updated


def test_a_part_heading_is_renamed_in_place_quoted_when_it_must_be() -> None:
    updated = apply_edit(ERQI, Edit(PART, "（二）依申请: 公开", is_key=True))
    assert '      "（二）依申请: 公开": |\n        2020年，中心未收到政府信息申请公开办件。' in updated
    assert _value(updated, (*PART[:-1], "（二）依申请: 公开"), key=True) == "（二）依申请: 公开"


def test_an_absent_date_takes_the_commented_line_new_wrote_for_it(tmp_path: Path) -> None:
    path = tmp_path / "ceshi.yaml"
    assert run_cli("new", str(path), "--agency", "测试局", "--year", "2021").code == 0
    text = path.read_text(encoding="utf-8")
    updated = apply_edit(text, Edit(("年度报告", "2021", "发布日期"), "2022-01-20"))
    assert "    发布日期: 2022-01-20\n" in updated and "# 发布日期: 2022-01-31" not in updated
    assert updated.replace("    发布日期: 2022-01-20\n", "    # 发布日期: 2022-01-31\n") == text
    signed = apply_edit(text, Edit(("年度报告", "2021", "落款", "日期"), "2022-01-20"))
    assert "      日期: 2022-01-20\n" in signed


def test_an_absent_title_is_added_before_the_first_key_and_its_comments() -> None:
    updated = apply_edit(ERQI, Edit((*REPORT, "标题"), "二七区政务服务中心2020年报告"))
    assert "  2020:\n    标题: 二七区政务服务中心2020年报告\n    一、总体情况:\n" in updated


def test_crlf_and_byte_order_mark_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "erqi.yaml"
    data = ("\ufeff" + ERQI.replace("\n", "\r\n")).encode("utf-8")
    path.write_bytes(data)
    file = EditableFile(path)
    file.write(file.read().version, Edit(OTHER, "一\n二", prose=True))
    written = path.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf") and b"\n" not in written.replace(b"\r\n", b"")
    assert written.decode("utf-8").count("\r\n") == ERQI.count("\n") + 1


def test_refusals_are_chinese_and_write_nothing() -> None:
    with pytest.raises(EditRefused, match="控制字符"):
        apply_edit(ERQI, Edit(CELL, "1\x1b2"))
    with pytest.raises(EditRefused, match="一行"):
        apply_edit(ERQI, Edit(CELL, "1\n2"))
    with pytest.raises(EditRefused, match="找不到"):
        apply_edit(ERQI, Edit((*TABLE3, "没有这一行", "自然人"), "1"))


def test_a_write_based_on_an_older_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "erqi.yaml"
    path.write_text(ERQI, encoding="utf-8")
    file = EditableFile(path)
    version = file.read().version
    path.write_text(ERQI.replace("      无", "      没有"), encoding="utf-8")  # a text editor saves meanwhile
    with pytest.raises(Conflict, match="被修改过"):
        file.write(version, Edit(CELL, "5"))
    assert "      没有" in path.read_text(encoding="utf-8")


# -- read back == typed, for any text ----------------------------------------------------------------------------

_TEXT = st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"), blacklist_characters="\x85\u2028\u2029\ufeff")
_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(st.text(_TEXT, max_size=30))
def test_any_cell_text_reads_back_as_typed(typed: str) -> None:
    assert _value(apply_edit(ERQI, Edit(CELL, typed)), CELL) == typed


@_SETTINGS
@given(st.text(st.one_of(_TEXT, st.sampled_from("\n \t#:|>-")), max_size=80))
def test_any_prose_reads_back_as_typed(typed: str) -> None:
    try:
        updated = apply_edit(ERQI, Edit(PROBLEMS, typed, prose=True))
    except EditRefused as refused:  # only a first line indented by tabs and spaces YAML cannot tell apart
        assert "缩进" in str(refused) or "原样" in str(refused), refused
        return
    expected = normalize(Edit(PROBLEMS, typed, prose=True))
    assert _value(updated, PROBLEMS) == (expected + "\n" if expected else "")
    assert yaml.safe_load(updated)["年度报告"][2020]["六、其他需要报告的事项"] == "无\n"


@_SETTINGS
@given(st.text(_TEXT, min_size=1, max_size=30).filter(lambda text: text.strip()))
def test_any_heading_reads_back_as_typed(typed: str) -> None:
    updated = apply_edit(ERQI, Edit(PART, typed, is_key=True))
    assert (*PART[:-1], typed.strip()) in locate(updated).keys


# -- the server -----------------------------------------------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path):
    path = tmp_path / "erqi.yaml"
    shutil.copyfile(ROOT / "agencies" / "erqi.yaml", path)
    with EditServer(path) as server:
        yield server, path


def _page_state(server: EditServer) -> dict:
    with urllib.request.urlopen(server.url, timeout=5) as response:
        page = response.read().decode("utf-8")
    found = re.search(r'<script id="rg-edit-state" type="application/json">(.*?)</script>', page, re.S)
    assert found
    return json.loads(found.group(1))


def _post(server: EditServer, body: object, *, headers: dict[str, str] | None = None,
          raw: bytes | None = None) -> tuple[int, dict]:
    data = raw if raw is not None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(server.url + "edit", data=data, method="POST", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _headers(state: dict, **extra: str) -> dict[str, str]:
    return {"Content-Type": "application/json", TOKEN_HEADER: state["token"], **extra}


def test_a_write_changes_the_file_and_answers_with_the_findings(served) -> None:
    server, path = served
    state = _page_state(server)
    status, answer = _post(server, {"version": state["version"], "path": list(CELL), "value": "5"},
                           headers=_headers(state))
    assert status == 200, answer
    assert path.read_text(encoding="utf-8") == apply_edit(ERQI, Edit(CELL, "5"))
    assert answer["version"] != state["version"]
    assert any(f["rule"].startswith("T3") and f["selector"] for f in answer["findings"])


@pytest.mark.parametrize(("change", "status", "words"), [
    ({"token": None}, 403, "令牌"),
    ({"token": "guessed"}, 403, "令牌"),
    ({"Host": "evil.example:80"}, 403, "127.0.0.1"),
    ({"Origin": "http://evil.example"}, 403, "编辑页面"),
    ({"Sec-Fetch-Site": "cross-site"}, 403, "编辑页面"),
    ({"Content-Type": "application/x-www-form-urlencoded"}, 415, "JSON"),
    ({"Content-Type": "text/plain"}, 415, "JSON"),
])
def test_a_write_from_anywhere_but_the_page_is_refused(served, change: dict, status: int, words: str) -> None:
    server, path = served
    state = _page_state(server)
    headers = _headers(state)
    for name, value in change.items():
        name = TOKEN_HEADER if name == "token" else name
        if value is None:
            headers.pop(name)
        else:
            headers[name] = value
    got, answer = _post(server, {"version": state["version"], "path": list(CELL), "value": "5"}, headers=headers)
    assert (got, words in answer["error"]) == (status, True), answer
    assert path.read_text(encoding="utf-8") == ERQI


def test_stale_versions_foreign_paths_and_large_bodies_are_refused(served) -> None:
    server, path = served
    state = _page_state(server)
    headers = _headers(state)
    got, answer = _post(server, {"version": "0" * 64, "path": list(CELL), "value": "5"}, headers=headers)
    assert got == 409 and "被修改过" in answer["error"]
    got, answer = _post(server, {"version": state["version"], "path": ["机关", "名称"], "value": "x"}, headers=headers)
    assert got == 409 and "页面上没有这一项" in answer["error"]
    got, answer = _post(server, {"version": state["version"], "path": list(CELL), "value": "5", "file": "/etc/passwd"},
                        headers=headers)
    assert got == 400
    big = json.dumps({"version": state["version"], "path": list(CELL), "value": "1" * MAX_BODY_BYTES}).encode()
    got, answer = _post(server, None, headers=headers, raw=big)
    assert got == 413 and "64 KB" in answer["error"]
    got, answer = _post(server, None, headers=headers, raw=b"{not json")
    assert got == 400
    assert path.read_text(encoding="utf-8") == ERQI


def test_writes_are_rate_limited(served) -> None:
    server, path = served
    server.session.max_writes_per_second = 2
    state = _page_state(server)
    version, statuses = state["version"], []
    for value in ("1", "2", "3"):
        got, answer = _post(server, {"version": version, "path": list(CELL), "value": value}, headers=_headers(state))
        statuses.append(got)
        version = answer.get("version", version)
    assert statuses == [200, 200, 429]
    assert _value(path.read_text(encoding="utf-8"), CELL) == "2"


def test_the_page_labels_every_cell_by_its_headers_and_marks_placeholders(served) -> None:
    server, _ = served
    with urllib.request.urlopen(server.url, timeout=5) as response:
        page = response.read().decode("utf-8")
    cells = re.findall(r'<td class="rg-num" headers="([^"]+)"><input [^>]*aria-labelledby="([^"]+)"', page)
    assert len(cells) > 100 and all(headers == label for headers, label in cells)
    assert '<textarea id="rg-f-' in page and str(escape(json.dumps(list(PROBLEMS), ensure_ascii=False))) in page
    assert server.url.startswith("http://127.0.0.1:")


def test_the_command_says_in_chinese_when_the_file_is_missing(tmp_path: Path) -> None:
    run = run_cli("edit", str(tmp_path / "没有这个文件.yaml"))
    assert run.code != 0 and "找不到" in run.out + run.err and "Traceback" not in run.out + run.err


def test_prose_written_as_a_list_is_shown_though_not_editable(tmp_path: Path) -> None:
    path = tmp_path / "erqi.yaml"
    path.write_text(ERQI.replace("    六、其他需要报告的事项: |\n      无", "    六、其他需要报告的事项:\n      - 列表中的一段"),
                    encoding="utf-8")
    with EditServer(path) as server, urllib.request.urlopen(server.url, timeout=5) as response:
        page = response.read().decode("utf-8")
    assert "<p>列表中的一段</p>" in page
    assert str(escape(json.dumps(list(OTHER), ensure_ascii=False))) not in page


def test_the_command_prints_its_address_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    path = tmp_path / "erqi.yaml"
    path.write_text(ERQI, encoding="utf-8")
    with serving_command("edit", str(path), wait=20) as command:
        with urllib.request.urlopen(command.url + "version.json", timeout=5) as response:
            assert json.loads(response.read())["version"] == hashlib.sha256(ERQI.encode()).hexdigest()
        out, err = command.interrupt(timeout=10)
    assert command.process.returncode == 0, err
    assert "已停止编辑。" in out and "Traceback" not in err
    assert path.read_text(encoding="utf-8") == ERQI
