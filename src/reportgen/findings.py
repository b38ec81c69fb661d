"""Findings: what `check` reports. Every finding has a stable rule id from the catalogue below."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum

from .document import PLACEHOLDER_MARK


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True)
class RuleInfo:
    id: str
    severity: Severity
    title: str  # Chinese, one line


def _rules(*rows: tuple[str, Severity, str]) -> dict[str, RuleInfo]:
    return {rule_id: RuleInfo(rule_id, severity, title) for rule_id, severity, title in rows}


E, W = Severity.ERROR, Severity.WARNING

#: Every rule id reportgen uses. F: the file cannot be read at all (exit 2). S: the file's structure.
#: T, V, Y, E, P: the format reference's identities and rules (`shared/reference/format.md`); V-2: text
#: holding control characters (Word cannot store them, browsers drop them).
#: U, D: a report still being written (placeholders left, text repeated from the year before).
#: X: the prose against the tables (figure references {{…}}, figures stated in words, the fee in 六).
CATALOGUE: dict[str, RuleInfo] = _rules(
    ("F-1", E, "文件无法读取（不存在、没有读取权限、不是普通文件、过大或不是 UTF-8 编码）"),
    ("F-2", E, "YAML 语法错误，或文件中有不允许的字符（控制字符等）"),
    ("F-3", E, "使用了不允许的 YAML 写法（锚点、别名、标签、多个文档或嵌套过深）"),
    ("S-1", E, "未知的键"),
    ("S-2", E, "缺少必填的项目"),
    ("S-3", E, "类型不符（应为映射、列表或文本）"),
    ("S-4", E, "使用了另一版格式的行或列"),
    ("S-5", E, "同一个键写了两次"),
    ("S-6", E, "取值无效（年份、日期、格式版本或分项编号）"),
    ("S-7", E, "写法疏漏：YAML 能读，但读出的不是本意（正文缺“|”、表格的格中用了全角冒号等）"),
    ("T3-1", E, "表三各列：一＋二＝（七）总计＋四"),
    ("T3-2", E, "表三各列：（七）总计＝各项办理结果之和"),
    ("T3-3", E, "表三各行：总计＝自然人＋五类法人或其他组织"),
    ("T4-1", E, "表四：总计＝结果维持＋结果纠正＋其他结果＋尚未审结"),
    ("V-1", E, "数字须为不小于 0 的整数（本年增/减可为负）；金额不小于 0"),
    ("V-2", E, "文字中含有控制字符"),
    ("Y-1", E, "跨年度：本年“上年结转”＝上年“结转下年度继续办理”"),
    ("Y-2", W, "跨年度（2021年版）：现行有效件数＝上年现行有效件数＋本年制发－本年废止"),
    ("Y-3", W, "跨年度（2019年版）：上一年项目数量＝上年的上一年项目数量＋上年本年增/减"),
    ("E-1", W, "格式版本与报告年度不符"),
    ("P-1", W, "发布日期晚于次年1月31日"),
    ("P-2", W, "落款没有日期（既没有落款日期，也没有发布日期）"),
    ("U-1", E, f"未填写的占位内容（“{PLACEHOLDER_MARK}”）"),
    ("D-1", W, "内容雷同：与上一年报告的同一节基本相同"),
    ("X-0", E, "正文中的表格数字引用（{{表三.本年新收}} 等）写错：没有这张表、这一行或这一列"),
    ("X-1", W, "正文所述数字（收到、办理、结转申请数，复议、诉讼数等）与表格不一致"),
    ("X-3", W, "正文所写的年份与报告年度不符（如2026年报告中写“2025年”）"),
    ("X-2", W, "表三有申请人逾期未缴费的申请（2021年版），但六、其他需要报告的事项未说明信息处理费"),
    ("A-1", W, "已发布的报告：节标题或分项标题与格式不符（改写、缺编号、编号错或重复）"),
    ("A-2", E, "已发布的报告：缺少格式规定的章节"),
    ("A-3", W, "已发布的报告：表格中有格式没有的行"),
    ("A-4", E, "已发布的报告：使用了与报告年度不符的格式版本"),
    ("A-5", W, "已发布的报告：有格式没有的章节"),
    ("A-6", E, "已发布的报告：无法读取的行或格（数字多出、错位或连印而无法唯一拆分）"),
    ("A-7", W, "已发布的报告：数字连印，按本行的勾稽关系唯一拆分"),
    ("A-8", W, "已发布的报告：落款日期晚于次年1月31日"),
    ("A-9", W, "已发布的报告：表头或行名与格式不符（漏印、改写或未注明单位）"),
    ("A-10", W, "已发布的报告：表格中夹有页眉、页码等页面内容"),
    ("A-11", W, "已发布的报告：表格中的空白格按 0 计（每表说明一次；--strict-blanks 逐格报告）"),
)


@dataclass(frozen=True)
class Finding:
    """One problem, located: file and line, report year, the cell in the form's words."""

    rule: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    year: int | None = None
    where: str | None = None  # e.g. 表三 · （三）不予公开 3.危及“三安全一稳定” · 自然人
    expected: str | None = None
    found: str | None = None
    difference: str | None = None

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.rule].severity

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def unreadable(self) -> bool:
        return self.rule.startswith("F-")

    def to_dict(self) -> dict[str, object]:
        return {"severity": self.severity.value, **asdict(self)}


class HasFindings:
    """For results that carry `findings`: the errors and the warnings among them."""

    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]
