"""The agency file's vocabulary: every key the officer writes, declared once.

The table keys come from the edition declarations (`reportgen.editions`); this module declares the
rest: the agency's identity, a report's fields and the six sections.
"""

from __future__ import annotations

from dataclasses import dataclass

from .editions import EDITION_2021


@dataclass(frozen=True)
class Field:
    key: str
    description: str
    required: bool = False
    may_be_number: bool = False  # written bare, YAML reads it as a number (a telephone, a postcode)


# 机关: the agency's identity -------------------------------------------------------------------

AGENCY_KEY = "机关"
REPORTS_KEY = "年度报告"

AGENCY_FIELDS = (
    Field("名称", "行政机关全称，如“郑州市二七区政务服务中心”", required=True),
    Field("网站", "发布年度报告的网站地址"),
    Field("联系部门", "受理咨询的部门"),
    Field("地址", "通信地址"),
    Field("联系电话", "咨询电话", may_be_number=True),
    Field("电子邮箱", "咨询邮箱"),
    Field("邮政编码", "邮政编码", may_be_number=True),
)


# 年度报告 → 年份: one report ----------------------------------------------------------------------

EDITION_KEY = "格式"
TITLE_KEY = "标题"
PUBLISHED_KEY = "发布日期"
PREAMBLE_KEY = "前言"
SIGNOFF_KEY = "落款"
SIGNOFF_NAME_KEY = "单位"
SIGNOFF_DATE_KEY = "日期"

REPORT_FIELDS = (
    Field(EDITION_KEY, "格式版本：2019（2019、2020年度报告）或 2021（2021年及以后）；可省略，按年度自动确定"),
    Field(TITLE_KEY, "报告标题；可省略，默认为“机关名称＋年份＋年政府信息公开工作年度报告”"),
    Field(PUBLISHED_KEY, "发布日期，如 2021-01-20；应不晚于次年1月31日"),
    Field(PREAMBLE_KEY, "正文前的说明（编制依据、统计期限、电子版地址、联系方式），每行一段"),
)
SIGNOFF_FIELDS = (
    Field(SIGNOFF_NAME_KEY, "落款单位", required=True),
    Field(SIGNOFF_DATE_KEY, "落款日期，如 2021-01-20"),
)


# The six sections (both editions) ---------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    number: str  # 一 … 六
    heading: str  # as the format names it; also the key in the agency file
    table: str | None = None  # "proactive" / "applications" / "appeals"
    description: str = ""
    guidance: str = ""  # what to write, shown after the placeholder mark in a new report


OVERVIEW = Section("一", "一、总体情况", description="总体情况：导语及（一）至（五）各分项")


def _table_section(attribute: str) -> Section:
    """Sections 二–四: each is headed by its table's number and title (the same in both editions)."""
    table = getattr(EDITION_2021, attribute)
    return Section(table.number, f"{table.number}、{table.title}", table=attribute, description=f"{table.name}及说明")


PROACTIVE = _table_section("proactive")
APPLICATIONS = _table_section("applications")
APPEALS = _table_section("appeals")
PROBLEMS = Section("五", "五、存在的主要问题及改进情况", description="存在的主要问题及改进情况，每行一段",
                  guidance="写明本年度工作中存在的主要问题，以及下一步的改进措施，每行一段")
OTHER_MATTERS = Section("六", "六、其他需要报告的事项", description="其他需要报告的事项（收取信息处理费的须在此说明）；没有可写“无”",
                        guidance="写明其他需要报告的事项（收取信息处理费的须说明收费情况）；没有需要报告的事项，整段改为“无”")

SECTIONS = (OVERVIEW, PROACTIVE, APPLICATIONS, APPEALS, PROBLEMS, OTHER_MATTERS)

#: Inside 一、总体情况: the optional lead paragraphs, then parts keyed by their numbered headings.
OVERVIEW_INTRO_KEY = "导语"
#: The five parts the 2021 notice names, in order; the headings an agency uses may differ.
OVERVIEW_CONVENTIONAL_PARTS = ("主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障")
#: What each conventional part of 一 reports on, shown after the placeholder mark in a new report.
OVERVIEW_PART_GUIDANCE = {
    "主动公开": "写明本年度主动公开政府信息的情况（公开的数量、渠道、重点领域等）",
    "依申请公开": f"写明本年度收到和办理政府信息公开申请的情况（与{EDITION_2021.applications.name}的数字一致）",
    "政府信息管理": "写明政府信息的管理情况（发布审核、保密审查、动态调整等）",
    "政府信息公开平台建设": "写明政府网站、政务新媒体等公开平台的建设情况",
    "监督保障": "写明监督保障情况，包括工作考核、社会评议和责任追究结果",
}
OVERVIEW_INTRO_GUIDANCE = "概述本年度政府信息公开工作的总体情况"
#: Inside sections 二–四: the prose printed after the table.
NOTES_KEY = "说明"
NOTES_GUIDANCE = "写明表格之后需要说明的情况；不需要说明的，删去“说明”这一项"
PREAMBLE_GUIDANCE = "写明报告的编制依据、统计期限（本年1月1日至12月31日）、电子版的发布地址和咨询方式"


# Placeholders in a report that is still being written --------------------------------------------

#: Marks text that `reportgen new` and `reportgen next-year` wrote for the officer to replace;
#: `check` reports every paragraph that still holds it (U-1) until it is replaced.
PLACEHOLDER_MARK = "【待填写】"


def placeholder(guidance: str) -> str:
    """The placeholder paragraph for a piece of prose: the mark, then what to write there."""
    return f"{PLACEHOLDER_MARK}{guidance}。"


def is_placeholder(text: str) -> bool:
    return PLACEHOLDER_MARK in text


#: A section body that says there is nothing to report: never a copied text (D-1).
NOTHING_TO_REPORT = frozenset({"无", "暂无", "没有", "无其他需要报告的事项"})

CHINESE_NUMERALS = "一二三四五六七八九十"


def part_number(index: int) -> str:
    """（一）, （二）, … for the index-th part (0-based), up to （二十）."""
    if index < 10:
        numeral = CHINESE_NUMERALS[index]
    else:
        tens, units = divmod(index + 1, 10)
        numeral = ("" if tens == 1 else CHINESE_NUMERALS[tens - 1]) + "十" + (
            CHINESE_NUMERALS[units - 1] if units else ""
        )
    return f"（{numeral}）"
