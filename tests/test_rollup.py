"""`reportgen rollup`: a district's report whose every cell is the sum of the agencies' cells."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from builders import Report, build, consistent, load, run_cli
from reportgen.check import check_file
from reportgen.district.rollup import PROSE_RULES, rollup_paths
from reportgen.editions import EDITION_2021
from reportgen.errors import ReportgenError
from reportgen.model import Agency

ROOT = Path(__file__).resolve().parents[1]
DISTRICT = "测试市测试区人民政府"


def agency_report(year: int, seed: int, carried_in: int = 0) -> Report:
    """A consistent report whose figures differ with `seed`."""
    report = Report(year)
    consistent(report, "自然人", 予以公开=seed, 部分公开=seed + 1, 其他=1, 上年结转=carried_in, 结转下年=seed % 4 + 1)
    consistent(report, "商业企业", 予以公开=2 * seed, 重复申请=1)
    report.set("二", "规章", "本年制发件数", seed)
    report.set("二", "行政事业性收费", "本年收费金额", Decimal("1.2345") * seed)
    report.set_row("四", "行政复议", {"结果维持": seed, "结果纠正": 1, "尚未审结": 2})
    report.set_row("四", "复议后起诉", {"其他结果": seed + 3})
    return report


def write_agencies(folder: Path, seeds: tuple[int, ...] = (1, 4, 7), years: tuple[int, ...] = (2021,)) -> list[Path]:
    paths = []
    for seed in seeds:
        reports = []
        carried = 0
        for year in years:
            report = agency_report(year, seed + year, carried_in=carried)
            carried = report.get("三", "结转下年", "自然人")  # type: ignore[assignment]
            reports.append(report)
        paths.append(build(*reports, name=f"测试区第{seed}局", file=f"agency{seed}.yaml").write(folder))
    return paths


def loaded(path: Path) -> Agency:
    agency, findings = load(path.read_text(encoding="utf-8"), str(path))
    assert agency is not None, findings
    return agency


def test_every_cell_is_the_sum_and_the_result_passes_check(tmp_path: Path) -> None:
    paths = write_agencies(tmp_path)
    out = tmp_path / "district.yaml"
    result = rollup_paths(paths, 2021, DISTRICT, out)

    rolled = loaded(out).reports[2021]
    parts = [loaded(path).reports[2021] for path in paths]
    assert rolled.edition is EDITION_2021
    nonzero = 0
    for attribute, table in zip(("proactive", "applications", "appeals"), EDITION_2021.tables, strict=True):
        for row, column in table.cells():
            expected = sum(getattr(part, attribute).value(row, column) for part in parts)
            assert getattr(rolled, attribute).value(row, column) == expected, table.cell_name(row, column)
            nonzero += expected != 0
    assert nonzero > 20  # the sums are not all zero: the test compares real figures
    assert rolled.proactive.value("行政事业性收费", "本年收费金额") == Decimal("1.2345") * (2022 + 2025 + 2028)

    findings = check_file(out).findings
    assert [f for f in findings if f.is_error and f.rule not in PROSE_RULES] == []
    assert {f.rule for f in findings if f.is_error} == {"U-1"}  # only the prose is left to write
    text = out.read_text(encoding="utf-8")
    for path, part in zip(paths, parts, strict=True):
        received = part.applications.value("本年新收", "总计")
        assert f"{loaded(path).name.value}（{path.as_posix()}）：{received}" in text
    assert [item.received for item in result.agencies] == [part.applications.value("本年新收", "总计") for part in parts]
    assert "由 reportgen rollup 生成" in text


def test_cross_year_carried_in_equals_last_years_carried_forward(tmp_path: Path) -> None:
    paths = write_agencies(tmp_path, years=(2021, 2022))
    assert all(not check_file(path).errors for path in paths)  # Y-1 holds in each agency
    rollup_paths(paths, 2021, DISTRICT, tmp_path / "r2021.yaml")
    rollup_paths(paths, 2022, DISTRICT, tmp_path / "r2022.yaml")
    before = loaded(tmp_path / "r2021.yaml").reports[2021].applications
    after = loaded(tmp_path / "r2022.yaml").reports[2022].applications
    assert after.value("上年结转", "总计") > 0
    for column in EDITION_2021.applications.columns:
        assert after.value("上年结转", column) == before.value("结转下年", column)


def test_into_adds_next_year_to_the_rollup_file_and_check_ties_the_years(tmp_path: Path) -> None:
    paths = write_agencies(tmp_path, years=(2021, 2022))
    district = tmp_path / "district" / "quanqu.yaml"
    assert run_cli("rollup", *map(str, paths), "--year", "2021", "--agency", DISTRICT, "--out", str(district)).code == 0
    before = district.read_text(encoding="utf-8")
    run = run_cli("rollup", *map(str, paths), "--year", "2022", "--into", str(district))
    assert run.code == 0, run.err
    after = district.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # 2021 untouched
    result = check_file(district)
    assert sorted(result.agency.reports) == [2021, 2022]
    assert {f.rule for f in result.errors} == {"U-1"}  # Y-1 holds between the two roll-ups

    # a different set of agencies for 2023 would break Y-1: refused, the file left as it was
    (tmp_path / "more").mkdir()
    more = write_agencies(tmp_path / "more", seeds=(1, 4, 7, 9), years=(2022, 2023))
    run = run_cli("rollup", *map(str, more), "--year", "2023", "--into", str(district))
    assert run.code != 0 and "上年结转" in run.err and "没有改动文件" in run.err
    assert district.read_text(encoding="utf-8") == after


def test_refusals_name_every_agency_and_write_nothing(tmp_path: Path) -> None:
    good = write_agencies(tmp_path, seeds=(1,))
    failing = build(agency_report(2021, 5).set("三", "予以公开", "自然人", 99), name="出错局", file="bad.yaml").write(tmp_path)
    other_year = build(agency_report(2022, 2), name="没有这年局", file="late.yaml").write(tmp_path)
    out = tmp_path / "district.yaml"
    with pytest.raises(ReportgenError) as refused:
        rollup_paths([*good, failing, other_year], 2021, DISTRICT, out)
    message = refused.value.message
    assert "“出错局”" in message and "T3-1" in message
    assert "“没有这年局”" in message and "没有 2021 年的报告" in message
    assert not out.exists()


def test_mixed_editions_are_refused(tmp_path: Path) -> None:
    from reportgen.editions import EDITION_2019

    old = build(Report(2021, edition=EDITION_2019, stated_edition="2019"), name="旧版局", file="old.yaml").write(tmp_path)
    new = write_agencies(tmp_path, seeds=(1,))
    out = tmp_path / "district.yaml"
    with pytest.raises(ReportgenError) as refused:
        rollup_paths([old, *new], 2021, DISTRICT, out)
    assert "格式版本不同" in refused.value.message
    assert "“旧版局”用2019年版（试行）" in refused.value.message and "“测试区第1局”用2021年版" in refused.value.message
    assert not out.exists()


def test_the_command_sums_three_real_agencies(tmp_path: Path) -> None:
    out = tmp_path / "erqi-district.yaml"
    names = ("erqi.yaml", "erqi-shengtai.yaml", "zhongxinlu.yaml")
    run = run_cli("rollup", *(str(ROOT / "agencies" / name) for name in names), "--year", "2020",
                  "--agency", "郑州市二七区人民政府", "--out", str(out))
    assert run.code == 0, run.err
    assert "已汇总 3 个机关的 2020年报告" in run.out
    assert {f.rule for f in check_file(out).errors} == {"U-1"}
    again = run_cli("rollup", str(ROOT / "agencies"), "--year", "2020", "--agency", "X", "--out", str(tmp_path / "x.yaml"))
    assert again.code != 0 and "金水区政务服务办公室" in again.err and not (tmp_path / "x.yaml").exists()
