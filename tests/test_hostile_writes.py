"""Every file reportgen writes, written whole or not at all, in hostile surroundings: symlinked agency
files, a folder where a file should go, old Mac and Windows line ends, a writer killed mid-write."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from builders import run_cli
from reportgen import atomic
from reportgen.errors import ReportgenError
from test_bind import _file as bindable_file

ROOT = Path(__file__).resolve().parents[1]
ERQI = ROOT / "agencies" / "erqi.yaml"
OLD_EDITION_2021 = Path(__file__).resolve().parent / "fixtures" / "import" / "old-edition-2021.txt"


def _linked(tmp_path: Path, source: Path | None = None) -> tuple[Path, Path]:
    """agencies/erqi.yaml, a symlink to shared/erqi.yaml (a copy of `source`): (link, real file)."""
    real = tmp_path / "shared" / "erqi.yaml"
    real.parent.mkdir()
    if source is not None:
        shutil.copyfile(source, real)
    link = tmp_path / "agencies" / "erqi.yaml"
    link.parent.mkdir()
    link.symlink_to(real)
    return link, real


def _temporaries(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.name.endswith(atomic.TEMPORARY_SUFFIX))


# -- 1. a symlinked agency file: the real file is edited, the link stays a link -----------------------


def test_next_year_through_a_symlink_edits_the_real_file(tmp_path: Path) -> None:
    link, real = _linked(tmp_path, ERQI)
    run = run_cli("next-year", str(link))
    assert run.code == 0, run.err
    assert link.is_symlink() and link.resolve() == real
    assert "\n  2021:\n" in real.read_text(encoding="utf-8")
    assert (link.parent / "erqi.yaml.bak").read_bytes() == ERQI.read_bytes()


def test_bind_through_a_symlink_edits_the_real_file(tmp_path: Path) -> None:
    source = bindable_file(tmp_path)
    link, real = _linked(tmp_path, source)
    run = run_cli("bind", str(link), "--yes")
    assert run.code == 0, run.err
    assert link.is_symlink() and link.resolve() == real
    assert "{{表三.本年新收}}" in real.read_text(encoding="utf-8")
    assert (link.parent / "erqi.yaml.bak").read_bytes() == source.read_bytes()


def test_import_into_a_symlink_edits_the_real_file(tmp_path: Path) -> None:
    link, real = _linked(tmp_path, ERQI)
    run = run_cli("import", str(OLD_EDITION_2021), "--into", str(link))
    assert run.code == 0, run.err
    assert link.is_symlink() and link.resolve() == real
    assert "\n  2021:\n" in real.read_text(encoding="utf-8")
    assert _temporaries(tmp_path) == []


def test_a_link_to_a_missing_file_creates_the_file_it_names(tmp_path: Path) -> None:
    link, real = _linked(tmp_path)
    atomic.replace_atomic(link, b"new\n")
    assert link.is_symlink() and real.read_bytes() == b"new\n"


# -- 2. a report's outputs are written all or none ------------------------------------------------------


def test_a_build_failing_on_its_second_output_leaves_the_first_untouched(tmp_path: Path) -> None:
    out = tmp_path / "o"
    (out / "erqi-2020.docx").mkdir(parents=True)
    html = out / "erqi-2020.html"
    html.write_bytes(b"<p>earlier build</p>\n")
    run = run_cli("build", str(ERQI), "--out", str(out))
    assert run.code == 2
    assert "Traceback" not in run.err
    assert f"“{out / 'erqi-2020.docx'}”是一个文件夹" in run.err
    assert html.read_bytes() == b"<p>earlier build</p>\n"
    assert _temporaries(tmp_path) == []


def test_write_all_or_none_checks_every_target_before_writing_any(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(b"old\n")
    second.mkdir()
    with pytest.raises(ReportgenError, match=r"是一个文件夹.*这 2 个文件都没有写入"):
        atomic.write_all_or_none([(first, b"new\n"), (second, b"new\n")])
    with pytest.raises(ReportgenError, match=r"文件夹.*不存在"):
        atomic.write_all_or_none([(first, b"new\n"), (tmp_path / "missing" / "c.txt", b"new\n")])
    assert first.read_bytes() == b"old\n"
    assert _temporaries(tmp_path) == []


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failure_while_writing_the_temporaries_replaces_nothing(tmp_path: Path, monkeypatch, failure) -> None:
    """The second temporary cannot be written (a full disk, Ctrl-C): the first file is not replaced and
    no temporary is left behind."""
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(b"old\n")
    written = atomic._temporary

    def fail_on_the_second(target, data):
        if target.real.name == "b.txt":
            raise failure
        return written(target, data)

    monkeypatch.setattr(atomic, "_temporary", fail_on_the_second)
    with pytest.raises(ReportgenError if isinstance(failure, OSError) else KeyboardInterrupt):
        atomic.write_all_or_none([(first, b"new\n"), (second, b"new\n")])
    assert first.read_bytes() == b"old\n" and not second.exists()
    assert _temporaries(tmp_path) == []


def test_permissions_are_kept_and_a_new_file_gets_the_umask_ones(tmp_path: Path) -> None:
    kept = tmp_path / "kept.txt"
    kept.write_bytes(b"old\n")
    kept.chmod(0o640)
    atomic.write_all_or_none([(kept, b"new\n"), (tmp_path / "new.txt", b"new\n")])
    assert kept.stat().st_mode & 0o777 == 0o640
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o666 & ~umask


# -- 3. a backup name taken by a folder -------------------------------------------------------------


def test_bind_refuses_when_the_backup_name_is_a_folder(tmp_path: Path) -> None:
    path = bindable_file(tmp_path)
    before = path.read_bytes()
    (tmp_path / "agency.yaml.bak").mkdir()
    run = run_cli("bind", str(path), "--yes")
    assert run.code == 2 and "Traceback" not in run.err
    assert f"“{tmp_path / 'agency.yaml.bak'}”是一个文件夹" in run.err
    assert path.read_bytes() == before
    assert list((tmp_path / "agency.yaml.bak").iterdir()) == []


def test_next_year_refuses_when_the_backup_name_is_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "erqi.yaml"
    shutil.copyfile(ERQI, path)
    (tmp_path / "erqi.yaml.bak").mkdir()
    run = run_cli("next-year", str(path))
    assert run.code == 2 and "Traceback" not in run.err
    assert f"“{tmp_path / 'erqi.yaml.bak'}”是一个文件夹" in run.err
    assert path.read_bytes() == ERQI.read_bytes()
    assert list((tmp_path / "erqi.yaml.bak").iterdir()) == []


# -- 4. the file's own line ends ---------------------------------------------------------------------


def test_next_year_on_an_old_mac_file_writes_cr_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "erqi.yaml"
    original = ERQI.read_bytes().replace(b"\n", b"\r")
    path.write_bytes(original)
    run = run_cli("next-year", str(path))
    assert run.code == 0, run.err
    data = path.read_bytes()
    assert data.startswith(original) and b"\r  2021:\r" in data
    assert b"\n" not in data


@pytest.mark.parametrize("final_newline", [True, False], ids=["ending-newline", "no-final-newline"])
def test_import_into_a_windows_file_writes_crlf_line_ends(tmp_path: Path, final_newline: bool) -> None:
    path = tmp_path / "erqi.yaml"
    original = ERQI.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(original if final_newline else original.rstrip(b"\r\n"))
    run = run_cli("import", str(OLD_EDITION_2021), "--into", str(path))
    assert run.code == 0, run.err
    data = path.read_bytes()
    assert b"\r\n  2021:\r\n" in data
    assert re.search(rb"(?<!\r)\n", data) is None, "a bare LF among CRLF lines"


def test_import_into_an_old_mac_file_writes_cr_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "erqi.yaml"
    original = ERQI.read_bytes().replace(b"\n", b"\r")
    path.write_bytes(original)
    run = run_cli("import", str(OLD_EDITION_2021), "--into", str(path))
    assert run.code == 0, run.err
    data = path.read_bytes()
    assert data.startswith(original.rstrip(b"\r")) and b"\r  2021:\r" in data
    assert b"\n" not in data


# -- 5. a writer killed mid-write --------------------------------------------------------------------

_SLOW_WRITER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from reportgen import atomic

    def slow_fsync(descriptor):
        print("writing", flush=True)
        time.sleep(60)

    os.fsync = slow_fsync
    atomic.replace_atomic(Path(sys.argv[1]), b"never finished\\n")
""")


def test_a_killed_writer_leaves_its_temporary_until_it_is_stale(tmp_path: Path) -> None:
    """SIGKILL cannot be caught: the temporary stays (the target untouched) until a later write into
    the folder finds it older than STALE_AFTER_SECONDS; a fresh one may be a write in progress."""
    target = tmp_path / "erqi.yaml"
    target.write_bytes(b"as it was\n")
    writer = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
    finally:
        writer.kill()  # SIGKILL
        writer.wait()
    [left] = _temporaries(tmp_path)
    assert re.fullmatch(r"\.erqi\.yaml\.\w+\.reportgen-tmp", left.name)
    assert target.read_bytes() == b"as it was\n"

    atomic.replace_atomic(tmp_path / "other.yaml", b"x\n")
    assert _temporaries(tmp_path) == [left], "a fresh temporary may belong to a write in progress"

    an_hour_ago = time.time() - atomic.STALE_AFTER_SECONDS - 1
    os.utime(left, (an_hour_ago, an_hour_ago))
    (tmp_path / ".notes.reportgen-tmp.txt").write_bytes(b"not ours\n")
    atomic.replace_atomic(tmp_path / "other.yaml", b"y\n")
    assert _temporaries(tmp_path) == []
    assert (tmp_path / ".notes.reportgen-tmp.txt").exists()


# -- the renames themselves, and the other writers -----------------------------------------------------


def test_a_failure_during_the_renames_names_what_was_written(tmp_path: Path, monkeypatch) -> None:
    """Near-impossible within one folder, but said precisely: the files renamed so far, no temporary left."""
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(b"old\n")
    second.write_bytes(b"old\n")
    renamed = os.replace

    def fail_on_the_second(source, target):
        if Path(target).name == "b.txt":
            raise OSError(5, "Input/output error")
        renamed(source, target)

    monkeypatch.setattr(atomic.os, "replace", fail_on_the_second)
    with pytest.raises(ReportgenError) as refused:
        atomic.write_all_or_none([(first, b"new\n"), (second, b"new\n")])
    assert refused.value.message == f"无法写入“{second}”：Input/output error。已经写入的：“{first}”；其余文件没有改动。"
    assert first.read_bytes() == b"new\n" and second.read_bytes() == b"old\n"
    assert _temporaries(tmp_path) == []


def test_templates_export_is_all_or_none(tmp_path: Path, monkeypatch) -> None:
    from reportgen.render import docx

    created = docx.create_atomic
    calls = []

    def fail_on_the_second(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        created(path, data)

    monkeypatch.setattr(docx, "create_atomic", fail_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        docx.export_templates(tmp_path / "templates")
    assert list((tmp_path / "templates").iterdir()) == []
