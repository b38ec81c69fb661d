"""The parts of the format that both editions share: table 三 (except （六）其他处理) and table 四."""

from __future__ import annotations

from .shapes import AppealsTable, ApplicationsTable, Column, Group, Row

# Table 三 ------------------------------------------------------------------------------------

_ORGANISATIONS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")

APPLICANT_COLUMNS = (
    Column("自然人", "自然人"),
    *(Column(name, name) for name in _ORGANISATIONS),
    Column("总计", "总计", derived=True),
)

RECEIVED = Row("本年新收", "一、本年新收政府信息公开申请数量")
CARRIED_IN = Row("上年结转", "二、上年结转政府信息公开申请数量")
DISCLOSED = Row("予以公开", "（一）予以公开", outcome=True)
PARTLY_DISCLOSED = Row(
    "部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", outcome=True
)

WITHHELD = Group("不予公开", "（三）不予公开")
UNAVAILABLE = Group("无法提供", "（四）无法提供")
NOT_PROCESSED = Group("不予处理", "（五）不予处理")
OTHER_HANDLING = Group("其他处理", "（六）其他处理")


def _items(group: Group, keys: tuple[str, ...]) -> tuple[Row, ...]:
    """Numbered items of a group; the key is the label without its number."""
    return tuple(
        Row(key, f"{number}.{key}", group=group, outcome=True)
        for number, key in enumerate(keys, start=1)
    )


WITHHELD_ROWS = _items(
    WITHHELD,
    (
        "属于国家秘密",
        "其他法律行政法规禁止公开",
        "危及“三安全一稳定”",
        "保护第三方合法权益",
        "属于三类内部事务信息",
        "属于四类过程性信息",
        "属于行政执法案卷",
        "属于行政查询事项",
    ),
)
UNAVAILABLE_ROWS = _items(
    UNAVAILABLE,
    ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"),
)
NOT_PROCESSED_ROWS = _items(
    NOT_PROCESSED,
    (
        "信访举报投诉类申请",
        "重复申请",
        "要求提供公开出版物",
        "无正当理由大量反复申请",
        "要求行政机关确认或重新出具已获取信息",
    ),
)
OUTCOME_TOTAL = Row("总计", "（七）总计", derived=True)
CARRIED_FORWARD = Row("结转下年", "四、结转下年度继续办理")


def applications_table(other_handling: tuple[Row, ...]) -> ApplicationsTable:
    rows = (
        RECEIVED,
        CARRIED_IN,
        DISCLOSED,
        PARTLY_DISCLOSED,
        *WITHHELD_ROWS,
        *UNAVAILABLE_ROWS,
        *NOT_PROCESSED_ROWS,
        *other_handling,
        OUTCOME_TOTAL,
        CARRIED_FORWARD,
    )
    return ApplicationsTable(
        number="三",
        title="收到和处理政府信息公开申请情况",
        row_list=rows,
        columns=APPLICANT_COLUMNS,
        identity_note="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        applicant_header="申请人情况",
        organisation_header="法人或其他组织",
        outcome_header="三、本年度办理结果",
        organisation_columns=_ORGANISATIONS,
    )


# Table 四 ------------------------------------------------------------------------------------

UPHELD = Column("结果维持", "结果维持")
CORRECTED = Column("结果纠正", "结果纠正")
OTHER_RESULT = Column("其他结果", "其他结果")
PENDING = Column("尚未审结", "尚未审结")
APPEAL_COLUMNS = (UPHELD, CORRECTED, OTHER_RESULT, PENDING, Column("总计", "总计", derived=True))

LITIGATION = Group("行政诉讼", "行政诉讼")
RECONSIDERATION = Row("行政复议", "行政复议")
LITIGATION_DIRECT = Row("未经复议直接起诉", "未经复议直接起诉", group=LITIGATION)
LITIGATION_AFTER = Row("复议后起诉", "复议后起诉", group=LITIGATION)

APPEALS_TABLE = AppealsTable(
    number="四",
    title="政府信息公开行政复议、行政诉讼情况",
    row_list=(RECONSIDERATION, LITIGATION_DIRECT, LITIGATION_AFTER),
    columns=APPEAL_COLUMNS,
)
