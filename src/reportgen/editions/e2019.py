"""国办公开办函〔2019〕60号《中华人民共和国政府信息公开工作年度报告格式（试行）》: reports of 2019–2020."""

from __future__ import annotations

from .common import APPEALS_TABLE, OTHER_HANDLING, applications_table
from .shapes import Block, Column, Edition, ProactiveTable, Row, ValueKind

_MADE = Column("本年新制作数量", "本年新制作数量")
_PUBLISHED = Column("本年新公开数量", "本年新公开数量")
_PUBLISHED_TOTAL = Column("对外公开总数量", "对外公开总数量")
#: The columns Y-3 and next-year roll forward: 上一年项目数量 = last year's 上一年项目数量 + 本年增/减.
ITEMS_LAST_YEAR = Column("上一年项目数量", "上一年项目数量")
CHANGE = Column("本年增/减", "本年增/减", kind=ValueKind.SIGNED_COUNT)
_CHANGE_WIDE = Column(CHANGE.key, CHANGE.label, kind=CHANGE.kind, span=2)
_DECISIONS = Column("处理决定数量", "处理决定数量")

PROACTIVE = ProactiveTable(
    number="二",
    title="主动公开政府信息情况",
    blocks=(
        Block(
            "第二十条第（一）项",
            (_MADE, _PUBLISHED, _PUBLISHED_TOTAL),
            (Row("规章", "规章"), Row("规范性文件", "规范性文件")),
        ),
        Block(
            "第二十条第（五）项",
            (ITEMS_LAST_YEAR, CHANGE, _DECISIONS),
            (Row("行政许可", "行政许可"), Row("其他对外管理服务事项", "其他对外管理服务事项")),
        ),
        Block(
            "第二十条第（六）项",
            (ITEMS_LAST_YEAR, CHANGE, _DECISIONS),
            (Row("行政处罚", "行政处罚"), Row("行政强制", "行政强制")),
        ),
        Block(
            "第二十条第（八）项",
            (ITEMS_LAST_YEAR, _CHANGE_WIDE),
            (Row("行政事业性收费", "行政事业性收费"),),
        ),
        Block(
            "第二十条第（九）项",
            (
                Column("采购项目数量", "采购项目数量"),
                Column("采购总金额", "采购总金额", kind=ValueKind.MONEY, span=2, unit="万元"),
            ),
            (Row("政府集中采购", "政府集中采购"),),
        ),
    ),
)

EDITION_2019 = Edition(
    year=2019,
    name="2019年版（试行）",
    document="国办公开办函〔2019〕60号《中华人民共和国政府信息公开工作年度报告格式（试行）》",
    first_report_year=2019,
    last_report_year=2020,
    proactive=PROACTIVE,
    applications=applications_table(
        (Row(OTHER_HANDLING.key, OTHER_HANDLING.label, outcome=True),)
    ),
    appeals=APPEALS_TABLE,
)
