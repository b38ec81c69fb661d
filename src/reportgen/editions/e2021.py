"""国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》: reports of 2021 on."""

from __future__ import annotations

from .common import APPEALS_TABLE, OTHER_HANDLING, applications_table
from .shapes import Block, Column, Edition, ProactiveTable, Row, ValueKind

_DECISIONS = Column("本年处理决定数量", "本年处理决定数量", span=3)

#: The columns Y-2 and next-year roll forward: 现行有效件数 = last year's + 本年制发 − 本年废止.
ISSUED = Column("本年制发件数", "本年制发件数")
REPEALED = Column("本年废止件数", "本年废止件数")
IN_FORCE = Column("现行有效件数", "现行有效件数")
#: 第二十条第（一）项: the documents (规章, 行政规范性文件) whose count in force rolls forward.
DOCUMENTS = Block(
    "第二十条第（一）项",
    (ISSUED, REPEALED, IN_FORCE),
    (Row("规章", "规章"), Row("行政规范性文件", "行政规范性文件")),
)

PROACTIVE = ProactiveTable(
    number="二",
    title="主动公开政府信息情况",
    blocks=(
        DOCUMENTS,
        Block("第二十条第（五）项", (_DECISIONS,), (Row("行政许可", "行政许可"),)),
        Block(
            "第二十条第（六）项",
            (_DECISIONS,),
            (Row("行政处罚", "行政处罚"), Row("行政强制", "行政强制")),
        ),
        Block(
            "第二十条第（八）项",
            (Column("本年收费金额", "本年收费金额", kind=ValueKind.MONEY, span=3, unit="万元"),),
            (Row("行政事业性收费", "行政事业性收费"),),
        ),
    ),
)

#: Applications dropped because the fee went unpaid: X-2 asks the prose to explain the fees.
UNPAID_FEES = Row(
    "逾期未缴费",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    group=OTHER_HANDLING,
    outcome=True,
)

OTHER_HANDLING_ROWS = (
    Row(
        "逾期不补正",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        group=OTHER_HANDLING,
        outcome=True,
    ),
    UNPAID_FEES,
    Row("其他", "3.其他", group=OTHER_HANDLING, outcome=True),
)

EDITION_2021 = Edition(
    year=2021,
    name="2021年版",
    document="国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》",
    first_report_year=2021,
    last_report_year=None,
    proactive=PROACTIVE,
    applications=applications_table(OTHER_HANDLING_ROWS),
    appeals=APPEALS_TABLE,
)
