"""A synthetic district: many agency files with random but consistent figures, for the batch tests and
`scripts/benchmark.py` (which puts this folder on its path).

    paths = write_district(folder, 1000)                  # agency-0000.yaml … agency-0999.yaml
    paths = write_district(folder, 6, faulty={2})         # the third file's latest report has errors

Deterministic: the same count and seed give the same files, byte for byte. Each file holds two to four
consecutive years between 2019 and 2024, so both editions occur (2019–2020 the 2019 edition, from 2021
the 2021 edition) and every cross-year rule has something to check; table 三 adds up in every column
and carries over from one year to the next (T3-*, Y-1), table 二 rolls its counts forward (Y-2, Y-3),
table 四's totals are left to the loader, and the prose varies from agency to agency and year to year
(so D-1 finds no copied section) and cites a few figures by reference. It lives next to
`builders.py`, whose declaration-driven writer it uses: no label is typed here.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from decimal import Decimal
from pathlib import Path

from builders import Report, build, plain_keys, table_of
from reportgen import document as doc
from reportgen.editions import ApplicationsTable, Edition, ValueKind
from reportgen.editions.shapes import Column

DISTRICTS = ("金水区", "二七区", "中原区", "管城回族区", "惠济区", "上街区", "高新区", "经开区", "航空港区", "郑东新区")
OFFICES = ("发展和改革委员会", "教育局", "公安分局", "民政局", "司法局", "财政局", "人力资源和社会保障局", "自然资源局",
           "生态环境分局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化广电和旅游局",
           "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "城市管理局",
           "政务服务中心", "信访局", "退役军人事务局", "人民政府办公室", "街道办事处", "乡人民政府")
WORK = ("政策解读", "主动公开目录", "依申请公开办理", "政府网站建设", "基层政务公开", "信息发布审核", "政务新媒体管理",
        "重大决策预公开", "政府开放日", "政务公开专区", "规范性文件清理", "办事指南标准化", "公开平台整合")
MANNER = ("进一步", "持续", "着力", "扎实", "全面", "切实", "不断")
PROBLEMS = ("公开内容更新不够及时", "政策解读形式较为单一", "工作人员业务水平有待提高", "基层公开标准化程度不高",
            "依申请公开答复文书不够规范", "网站栏目设置不够合理", "公众参与渠道较少")

CARRIED_IN, RECEIVED, CARRIED_FORWARD = "上年结转", "本年新收", "结转下年"


def write_district(folder: Path, count: int, *, seed: int = 2024, faulty: Collection[int] = ()) -> list[Path]:
    """`count` agency files in `folder` (created); those whose index is in `faulty` get a T3-1 error in
    their latest report."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        rng = random.Random(f"{seed}-{index}")
        reports = _reports(rng)
        if index in faulty:
            latest = reports[-1]
            latest.set("三", RECEIVED, "自然人", int(latest.get("三", RECEIVED, "自然人")) + 7)  # type: ignore[call-overload]
        name = f"郑州市{DISTRICTS[index % len(DISTRICTS)]}{OFFICES[index // len(DISTRICTS) % len(OFFICES)]}"
        if index >= len(DISTRICTS) * len(OFFICES):
            name += f"第{index // (len(DISTRICTS) * len(OFFICES)) + 1}分部"
        path = folder / f"agency-{index:04d}.yaml"
        path.write_text(build(*reports, name=name).text, encoding="utf-8")
        paths.append(path)
    return paths


def _reports(rng: random.Random) -> list[Report]:
    first = rng.randint(2019, 2022)
    years = range(first, min(first + rng.randint(2, 4), 2025))
    carried: dict[str, int] = {}  # table 三 结转下年 of the year before, by column
    rolled: dict[tuple[str, str], int] = {}  # table 二: 现行有效件数 / 上一年项目数量 after the year before
    reports = []
    previous_edition: Edition | None = None
    for year in years:
        report = Report(year)
        assert report.edition is not None
        if report.edition is not previous_edition:  # table 二 changes shape between the editions
            rolled = {}
        previous_edition = report.edition
        _proactive(report, rng, rolled)
        _applications(report, rng, carried)
        for key in plain_keys(report.edition, "四"):
            report.set(*key, rng.choice((0, 0, 0, 1, 2, 3)))
        report.prose.update(_prose(rng, year))
        reports.append(report)
    return reports


def _number(column: Column, rng: random.Random) -> int | Decimal:
    if column.kind is ValueKind.MONEY:
        return Decimal(rng.randint(0, 500000)) / 100
    if column.kind is ValueKind.SIGNED_COUNT:
        return rng.randint(-3, 6)
    return rng.choice((0, 0, 1, 2, 3, 5, 8, 12, 20, 35))


def _proactive(report: Report, rng: random.Random, rolled: dict[tuple[str, str], int]) -> None:
    """Table 二, its counts rolled forward: 现行有效 = last year's + 制发 − 废止 (2021 edition, Y-2);
    上一年项目数量 = last year's + last year's 增/减 (2019 edition, Y-3)."""
    assert report.edition is not None
    table = table_of(report.edition, "二")
    for row in table.rows():
        values = {column.key: _number(column, rng) for column in table.columns_of(row)}
        if "现行有效件数" in values:
            before = rolled.get((row.key, "现行有效件数"), rng.randint(20, 200))
            values["本年废止件数"] = min(int(values["本年废止件数"]), before)
            values["现行有效件数"] = before + int(values["本年制发件数"]) - int(values["本年废止件数"])
            rolled[(row.key, "现行有效件数")] = int(values["现行有效件数"])
        if "上一年项目数量" in values:
            values["上一年项目数量"] = rolled.get((row.key, "上一年项目数量"), rng.randint(10, 100))
            values["本年增/减"] = max(int(values["本年增/减"]), -int(values["上一年项目数量"]))
            rolled[(row.key, "上一年项目数量")] = int(values["上一年项目数量"]) + int(values["本年增/减"])
        report.set_row("二", row.key, values)


def _applications(report: Report, rng: random.Random, carried: dict[str, int]) -> None:
    """Table 三: random outcomes in every column, 上年结转 as last year carried forward, 本年新收 solved
    so that 一＋二＝（七）＋四 (T3-1, Y-1)."""
    assert report.edition is not None
    table = table_of(report.edition, "三")
    assert isinstance(table, ApplicationsTable)
    outcomes = [row for row in table.outcome_rows if not row.derived]
    for column in table.applicant_columns:
        busy = column.key == "自然人" or rng.random() < 0.3
        handled = {row.key: (rng.choice((0, 0, 0, 1, 2, 4, 9)) if busy else 0) for row in outcomes}
        carried_in = carried.get(column.key, 0)
        forward = rng.choice((0, 0, 1, 2)) if busy else 0
        received = sum(handled.values()) + forward - carried_in
        if received < 0:  # more carried in than handled: handle the rest as 予以公开
            handled[outcomes[0].key] += -received
            received = 0
        for key, value in handled.items():
            report.set("三", key, column.key, value)
        report.set("三", CARRIED_IN, column.key, carried_in)
        report.set("三", CARRIED_FORWARD, column.key, forward)
        report.set("三", RECEIVED, column.key, received)
        carried[column.key] = forward


def _prose(rng: random.Random, year: int) -> dict[str, object]:
    """Sections of the report in words that differ from agency to agency and year to year."""
    focus = rng.sample(WORK, 3)
    problems = rng.sample(PROBLEMS, 2)
    prose: dict[str, object] = {
        doc.PROBLEMS.heading: (f"{year}年，本机关政府信息公开工作仍存在{problems[0]}、{problems[1]}等问题。\n"
                               f"{year + 1}年，将{rng.choice(MANNER)}加强{focus[0]}，{rng.choice(MANNER)}做好{focus[1]}，"
                               f"并围绕{focus[2]}建立长效机制，第{rng.randint(1, 4)}季度前完成整改。"),
        doc.OTHER_MATTERS.heading: (f"{rng.choice(MANNER)}开展{focus[2]}工作，组织培训{rng.randint(1, 9)}次、"
                                    f"参训{rng.randint(10, 300)}人次，{focus[0]}和{focus[1]}取得新进展。本年度未收取信息处理费。"),
    }
    for section in doc.SECTIONS[1:]:
        if section.table is not None and rng.random() < 0.5:
            prose[section.heading] = (f"{year}年，本机关{rng.choice(MANNER)}推进{rng.choice(WORK)}，"
                                      f"收到政府信息公开申请{{{{表三.本年新收}}}}件。")
    return prose
