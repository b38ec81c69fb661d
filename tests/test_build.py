"""`reportgen build`: options, refusal of faulty data, drafts, atomic writes, and the examples.

The Word document itself is tested in test_docx.py, its PDF in test_pdf.py."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest

import reportgen.build as build_module
from builders import Report, build, run_cli
from reportgen.build import BuildOptions, build_paths, parse_formats
from reportgen.errors import ReportgenError
from test_html import rich_report

ROOT = Path(__file__).resolve().parents[1]
AGENCIES = ROOT / "agencies"
EXAMPLES = ROOT / "examples"
AGENCY_FILES = sorted(AGENCIES.glob("*.yaml"))
DRAFT = "草稿（数据未通过校验）"


def write(tmp_path: Path, *reports: Report, name: str = "sample") -> Path:
    path = tmp_path / f"{name}.yaml"
    build(*reports).write(tmp_path, path.name)
    return path


def faulty(tmp_path: Path) -> Path:
    """A 2021 report whose 本年新收 breaks T3-1 and whose written 总计 breaks T3-3."""
    report = rich_report(2021)
    report.set("三", "本年新收", "自然人", 999)
    report.set("三", "结转下年", "总计", 1)
    return write(tmp_path, report, name="faulty")


# -- building every agency ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", AGENCY_FILES, ids=[path.stem for path in AGENCY_FILES])
def test_every_agency_builds(path: Path, tmp_path: Path) -> None:
    run = run_cli("build", str(path), "--all-years", "--out", str(tmp_path))
    assert run.code == 0, run.out + run.err
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built and all(name.startswith(f"{path.stem}-") for name in built)
    assert {Path(name).suffix for name in built} == {".html", ".docx"}  # the default formats
    assert len({Path(name).stem for name in built}) * 2 == len(built)
    for name in built:
        assert f"{tmp_path / name}" in run.out
        if name.endswith(".html"):
            assert (tmp_path / name).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        else:
            assert zipfile.is_zipfile(tmp_path / name)


EXAMPLES_COMMAND = "reportgen build agencies/ --all-years --format html,docx,pdf --out examples/"


def docx_parts(data: bytes) -> dict[str, bytes]:
    """A .docx compared by content: its member names and their uncompressed bytes (the compressed bytes
    may differ between zlib builds), and that every member carries the fixed date."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert {member.date_time for member in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    return {member.filename: archive.read(member) for member in archive.infolist()}


def test_examples_are_up_to_date(tmp_path: Path) -> None:
    """examples/ is `reportgen build agencies/ --all-years --format html,docx,pdf --out examples/`: rebuild
    the HTML and Word files and compare them (HTML by bytes, Word part by part). A PDF is not
    reproducible byte for byte (LibreOffice stamps the time and encrypts the embedded fonts with random
    bytes): here every example has one; test_pdf.py compares their text with a fresh conversion."""
    run = run_cli("build", str(AGENCIES), "--all-years", "--out", str(tmp_path))
    assert run.code == 0, run.out + run.err
    fresh = {p.name: p.read_bytes() for p in sorted(tmp_path.iterdir()) if p.suffix in (".html", ".docx")}
    kept = {p.name: p.read_bytes() for p in sorted(EXAMPLES.iterdir()) if p.suffix in (".html", ".docx")}
    assert any(name.endswith(".docx") for name in fresh)

    def same(name: str) -> bool:
        if name not in fresh or name not in kept:
            return False
        if name.endswith(".docx"):
            return docx_parts(fresh[name]) == docx_parts(kept[name])
        return fresh[name] == kept[name]

    stale = sorted(name for name in fresh.keys() | kept.keys() if not same(name))
    pdfs = {p.stem for p in EXAMPLES.glob("*.pdf")}
    stale += sorted(f"{Path(name).stem}.pdf" for name in fresh if name.endswith(".docx") and Path(name).stem not in pdfs)
    stale += sorted(f"{stem}.pdf" for stem in pdfs if f"{stem}.docx" not in fresh)
    assert not stale, (
        f"examples/ is out of date ({', '.join(stale)}): run `{EXAMPLES_COMMAND}` "
        "and delete examples of agencies that no longer exist"
    )


def test_build_is_deterministic(tmp_path: Path) -> None:
    for out in ("a", "b"):
        assert run_cli("build", str(AGENCIES), "--all-years", "--out", str(tmp_path / out)).code == 0
    first = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    assert first == {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()}


# -- choosing years, formats, names -----------------------------------------------------------------


def test_latest_year_by_default_and_all_years_on_request(tmp_path: Path) -> None:
    source = write(tmp_path, Report(2020), Report(2021), name="two-years")
    out = tmp_path / "out"
    run = run_cli("build", str(source), "--out", str(out), "--format", "html")
    assert run.code == 0, run.out + run.err
    assert [p.name for p in out.iterdir()] == ["two-years-2021.html"]
    assert run.out.strip() == f"已生成 测试市测试局 2021年报告：{out / 'two-years-2021.html'}"
    run = run_cli("build", str(source), "--out", str(out), "--year", "2020", "--format", "html")
    assert run.code == 0 and sorted(p.name for p in out.iterdir()) == ["two-years-2020.html", "two-years-2021.html"]
    (out / "two-years-2020.html").unlink()
    (out / "two-years-2021.html").unlink()
    assert run_cli("build", str(source), "--out", str(out), "--all-years", "--format", "html").code == 0
    assert sorted(p.name for p in out.iterdir()) == ["two-years-2020.html", "two-years-2021.html"]


def test_html_and_word_by_default_any_formats_on_request(tmp_path: Path) -> None:
    source = write(tmp_path, Report(2021))
    run = run_cli("build", str(source), "--out", str(tmp_path / "default"))
    assert run.code == 0, run.err
    assert sorted(p.name for p in (tmp_path / "default").iterdir()) == ["sample-2021.docx", "sample-2021.html"]
    assert run.out.splitlines() == [f"已生成 测试市测试局 2021年报告：{tmp_path / 'default' / name}"
                                    for name in ("sample-2021.html", "sample-2021.docx")]
    assert run_cli("build", str(source), "--out", str(tmp_path / "word"), "--format", " DOCX ").code == 0
    assert [p.name for p in (tmp_path / "word").iterdir()] == ["sample-2021.docx"]


def test_default_out_dir_is_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write(tmp_path, Report(2021))
    monkeypatch.chdir(tmp_path)
    run = run_cli("build", source.name)
    assert run.code == 0, run.err
    assert (tmp_path / "out" / "sample-2021.html").is_file()
    assert "out/sample-2021.html" in run.out


def test_a_folder_builds_every_file_in_it(tmp_path: Path) -> None:
    folder = tmp_path / "agencies"
    folder.mkdir()
    write(folder, Report(2020), name="a")
    write(folder, Report(2021), name="b")
    run = run_cli("build", str(folder), "--out", str(tmp_path / "out"))
    assert run.code == 0, run.err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a-2020.docx", "a-2020.html", "b-2021.docx",
                                                                     "b-2021.html"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2019"], "没有 2019 年的年度报告；文件中有：2021年"),
        (["--year", "2021", "--all-years"], "--year 和 --all-years 只能选一个"),
        (["--format", "word"], "不认识的格式“word”：可用的格式为 html、docx、pdf"),
        (["--format", "html,odt"], "不认识的格式“odt”"),
        (["--format", ","], "--format 不能为空"),
        (["--templates", "/nonexistent/templates"], "找不到 Word 模板“/nonexistent/templates/report-2021.docx”"),
    ],
)
def test_user_mistakes_are_chinese_messages_with_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    source = write(tmp_path, Report(2021))
    run = run_cli("build", str(source), "--out", str(tmp_path / "out"), *args)
    assert run.code == 2
    assert message in run.err and run.err.startswith("错误：")
    assert "Traceback" not in run.err + run.out
    assert not (tmp_path / "out").exists()


def test_a_missing_file_is_a_chinese_message(tmp_path: Path) -> None:
    run = run_cli("build", str(tmp_path / "nowhere.yaml"))
    assert run.code == 2 and "找不到" in run.err and "Traceback" not in run.err


def test_an_output_folder_that_is_a_file(tmp_path: Path) -> None:
    source = write(tmp_path, Report(2021))
    (tmp_path / "taken").write_text("", encoding="utf-8")
    run = run_cli("build", str(source), "--out", str(tmp_path / "taken"))
    assert run.code == 2 and "是一个文件，不是文件夹" in run.err


def test_two_files_with_the_same_name_would_collide(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        write(tmp_path / folder, Report(2021), name="same")
    run = run_cli("build", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "out"))
    assert run.code == 2 and "会生成同一个文件" in run.err


def test_parse_formats() -> None:
    assert parse_formats("html") == ("html",)
    assert parse_formats(" HTML , html ") == ("html",)
    assert parse_formats("pdf,.docx,html") == ("pdf", "docx", "html")
    with pytest.raises(ReportgenError):
        parse_formats(",")


def test_pdf_without_libreoffice_names_the_package_and_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write(tmp_path, Report(2021))
    monkeypatch.setenv("REPORTGEN_SOFFICE", str(tmp_path / "no-soffice-here"))
    run = run_cli("build", str(source), "--out", str(tmp_path / "out"), "--format", "html,pdf")
    assert run.code == 2 and run.err.startswith("错误：生成 PDF 需要 LibreOffice")
    assert "apt-get install libreoffice-writer" in run.err and "Traceback" not in run.err
    assert not (tmp_path / "out").exists()


# -- faulty data: refused, or built as a draft ----------------------------------------------------------


def test_a_report_with_errors_is_refused_with_the_findings_of_check(tmp_path: Path) -> None:
    source = faulty(tmp_path)
    check = run_cli("check", str(source))
    assert check.code == 1 and "T3-1" in check.out and "T3-3" in check.out
    run = run_cli("build", str(source), "--out", str(tmp_path / "out"))
    assert run.code == 1
    assert run.out == check.out
    assert "未生成报告" in run.err and "--draft" in run.err
    assert not (tmp_path / "out").exists()


def test_draft_builds_anyway_and_marks_the_page(tmp_path: Path) -> None:
    source = faulty(tmp_path)
    run = run_cli("build", str(source), "--out", str(tmp_path), "--draft")
    assert run.code == 0, run.err
    assert f"（{DRAFT}）" in run.out
    html = (tmp_path / "faulty-2021.html").read_text(encoding="utf-8")
    assert f'<p class="rg-draft" role="note">{DRAFT}</p>' in html
    assert f"<title>测试市测试局2021年政府信息公开工作年度报告（{DRAFT}）</title>" in html
    assert f'@top-center {{ content: "{DRAFT}"' in html  # on every printed page
    assert ">999<" in html  # the figures as written


def test_draft_of_valid_data_is_not_marked(tmp_path: Path) -> None:
    source = write(tmp_path, rich_report(2021))
    assert run_cli("build", str(source), "--out", str(tmp_path), "--draft").code == 0
    assert DRAFT not in (tmp_path / "sample-2021.html").read_text(encoding="utf-8")


def test_errors_in_another_year_do_not_stop_this_one(tmp_path: Path) -> None:
    bad = rich_report(2021)
    bad.set("三", "本年新收", "自然人", 999)
    source = write(tmp_path, Report(2020), bad)
    assert run_cli("build", str(source), "--out", str(tmp_path / "out"), "--year", "2020").code == 0
    assert run_cli("build", str(source), "--out", str(tmp_path / "out"), "--all-years").code == 1
    assert run_cli("build", str(source), "--out", str(tmp_path / "out")).code == 1


def test_a_draft_shows_what_was_written_in_unusable_cells(tmp_path: Path) -> None:
    report = Report(2021)
    report.set("二", "规章", "本年制发件数", "—")
    report.set("二", "规章", "本年废止件数", '""')
    source = write(tmp_path, report)
    assert run_cli("build", str(source), "--out", str(tmp_path)).code == 1
    assert run_cli("build", str(source), "--out", str(tmp_path), "--draft").code == 0
    html = (tmp_path / "sample-2021.html").read_text(encoding="utf-8")
    assert ">—</td>" in html


def test_an_unreadable_file_is_refused_with_exit_2(tmp_path: Path) -> None:
    source = tmp_path / "broken.yaml"
    source.write_bytes("机关: {名称: 测试".encode("gbk"))
    check = run_cli("check", str(source))
    run = run_cli("build", str(source), "--out", str(tmp_path / "out"), "--draft")
    assert run.code == check.code == 2
    assert run.out == check.out
    assert not (tmp_path / "out").exists()


def test_warnings_are_shown_and_do_not_stop_the_build(tmp_path: Path) -> None:
    source = write(tmp_path, Report(2021, published="2022-03-01"))
    run = run_cli("build", str(source), "--out", str(tmp_path))
    assert run.code == 0
    assert "P-1" in run.err and "警告" in run.err
    assert (tmp_path / "sample-2021.html").is_file()


# -- atomic output --------------------------------------------------------------------------------------


def test_a_failed_write_leaves_the_earlier_output_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write(tmp_path, Report(2021))
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / "sample-2021.html"
    earlier.write_text("earlier build", encoding="utf-8")

    def failing_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    from reportgen import atomic

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    run = run_cli("build", str(source), "--out", str(out))
    assert run.code == 2 and "无法写入" in run.err and "Traceback" not in run.err
    assert earlier.read_text(encoding="utf-8") == "earlier build"
    assert [p.name for p in out.iterdir()] == ["sample-2021.html"]  # no temporary file left behind


def test_a_failed_render_writes_nothing_of_that_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "agencies"
    folder.mkdir()
    write(folder, Report(2020), name="a")
    write(folder, Report(2021), name="b")
    out = tmp_path / "out"
    out.mkdir()
    (out / "b-2021.html").write_text("earlier b", encoding="utf-8")
    real_render = build_module.render

    def render(agency, output, options):
        if output.year == 2021 and output.format == "docx":  # after its page was rendered
            raise RuntimeError("renderer failed")
        return real_render(agency, output, options)

    monkeypatch.setattr(build_module, "render", render)
    with pytest.raises(RuntimeError):
        build_paths([folder], BuildOptions(out_dir=out))
    assert sorted(p.name for p in out.iterdir()) == ["a-2020.docx", "a-2020.html", "b-2021.html"]
    assert (out / "b-2021.html").read_text(encoding="utf-8") == "earlier b"


def test_a_write_replaces_the_earlier_output(tmp_path: Path) -> None:
    source = write(tmp_path, Report(2021))
    (tmp_path / "sample-2021.html").write_text("earlier build", encoding="utf-8")
    assert run_cli("build", str(source), "--out", str(tmp_path)).code == 0
    assert (tmp_path / "sample-2021.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sample-2021.docx", "sample-2021.html", "sample.yaml"]


# -- fragment ---------------------------------------------------------------------------------------------


def test_fragment_has_no_html_shell(tmp_path: Path) -> None:
    source = write(tmp_path, rich_report(2021))
    assert run_cli("build", str(source), "--out", str(tmp_path), "--fragment").code == 0
    html = (tmp_path / "sample-2021.html").read_text(encoding="utf-8")
    assert html.startswith('<article class="rg-report" lang="zh-CN">\n<style>')
    assert html.rstrip().endswith("</article>")
    for pattern in (r"<!DOCTYPE", r"<html\b", r"<head\b", r"<body\b", r"<title\b", r"@page"):
        assert not re.search(pattern, html), pattern
    assert "一、总体情况" in html and "<table" in html


def test_output_has_ordinary_permissions(tmp_path: Path) -> None:
    source = write(tmp_path, Report(2021))
    assert run_cli("build", str(source), "--out", str(tmp_path / "out")).code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "out" / "sample-2021.html").stat().st_mode & 0o777 == 0o666 & ~umask
