"""Figures that prose states about the tables, recognised in the ways real reports phrase them.

`statements(text, …)` finds, in one paragraph, each figure that says what a cell of the report's
tables says — “共收到政府信息公开申请2件”, “依申请公开申请数为0件”, “予以公开六件”, “行政复议1起”,
“未发生因政府信息公开申请行政复议、提起行政诉讼的情况” (0 and 0) — with the cells it may state,
written as references (`表三.本年新收`). X-1 compares them with the tables; `bind` turns the
agreeing ones into references `{{…}}`.

Precision matters more than recall: a figure is taken only when a phrase of a known kind stands right
before it (or, for “收到2件申请”, around it) inside the same clause, and it is left alone when the
sentence is about something else: another year (2019年…, 上年…, 去年…), a change (同比, 增加3件),
an approximation (50余条, 约10件), a part of the year (第一季度), information published (发布信息50条,
主动公开信息N条), or another kind of paper (建议, 提案, 行政许可).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .. import document as doc
from ..editions import EDITIONS, AppealsTable, ApplicationsTable, Column, Row
from ..model import Agency, Figures, Number, Report
from .numbers import FIGURE_PATTERN, is_ascii_digits, read_figure
from .references import PLUS, SEPARATOR, Reference, ReferenceError, parse


def _cell(table: str, *rows: str, column: str | None = None) -> str:
    """A reference to rows (added up) of table 二/三/四, built from the edition declarations: a key
    that no edition declares (renamed there) fails here, when the module is imported."""
    name = next(t.name for edition in EDITIONS.values() for t in edition.tables if t.number == table)
    source = f"{name}{SEPARATOR}{PLUS.join(rows)}" + (f"{SEPARATOR}{column}" if column else "")
    for edition in EDITIONS.values():
        try:
            parse(source, edition)
            return source
        except ReferenceError:
            continue
    raise LookupError(f"{source}: no edition declares this cell")


def _column(key: str) -> str:
    """An applicant column of table 三, checked against the declarations."""
    for edition in EDITIONS.values():
        if any(column.key == key for column in edition.applications.applicant_columns):
            return key
    raise LookupError(f"表三 has no column {key}")


NEW, CARRIED_IN, CARRIED_OUT = _cell("三", "本年新收"), _cell("三", "上年结转"), _cell("三", "结转下年")
NEW_AND_CARRIED = _cell("三", "本年新收", "上年结转")
HANDLED = _cell("三", "总计")  # （七）总计: the applications answered this year
REVIEWS, LAWSUITS = _cell("四", "行政复议"), _cell("四", "行政诉讼")

# -- the kinds of figure ------------------------------------------------------------------------------

#: Between a phrase and its figure: 共收到申请共计5件, 申请数为0件, 办结了3件.
_FILL = r"(?:的|了|共计|合计|总计|总数|总量|共|计|为|达到|达|是|有|：|:|\s|[（(][^（）()]{0,12}[）)])*"
#: Words that name who applied; a figure after them counts one column of table 三, not its total.
_APPLICANTS = tuple((word, _column(column)) for word, column in (
    ("自然人", "自然人"), ("公民", "自然人"), ("个人", "自然人"), ("商业企业", "商业企业"), ("企业", "商业企业"),
    ("科研机构", "科研机构"), ("社会公益组织", "社会公益组织"), ("法律服务机构", "法律服务机构")))
_PERSON = _column("自然人")

APPLICATIONS, APPEALS, PROACTIVE = "applications", "appeals", "proactive"


@dataclass(frozen=True)
class Kind:
    name: str
    references: tuple[str, ...]  # candidate cells (any that the edition has); a figure agreeing with one is right
    lead: str = ""  # a phrase that ends right before the figure (the filler aside)
    trail: tuple[tuple[str, str], ...] = ()  # (end of the text before, start of the text after) the figure
    family: str = APPLICATIONS
    needs_application: bool = False  # the sentence must speak of 申请 (办结5件 alone could be anything)
    money: bool = False  # 万元, not a count
    each: bool = False  # 行政复议、行政诉讼各1件: one figure for every reference
    outcome: bool = False  # 复议维持2件: speaks of an appeal's outcome (other kinds leave such clauses alone)


_VERB = r"(?:收到|受理|接到|接收|收悉|新收|登记)"
#: 收到/新收 states 本年新收; 新收+结转 only when the sentence says the carried-over ones are counted in.
_RECEIVED = (NEW,)
_WITH_CARRIED_IN = re.compile(
    r"(?:含|包括|包含|加上|连同|及|和|与|、)(?:了)?上(?:一)?年(?:度)?结转|上(?:一)?年(?:度)?结转[^，。；]{0,8}?(?:在内|合计|共计|共)")

#: In priority order: the first kind whose phrase ends right before a figure names it.
KINDS: tuple[Kind, ...] = (
    # 表四 ---------------------------------------------------------------------------------------------
    Kind("复议后起诉", (_cell("四", "复议后起诉"),), r"复议后(?:又)?(?:提起)?(?:行政)?(?:起诉|诉讼)(?:案件|案)?", family=APPEALS),
    Kind("直接起诉", (_cell("四", "未经复议直接起诉"),), r"(?:未经复议)?直接(?:提起)?(?:行政)?(?:起诉|诉讼)(?:案件|案)?", family=APPEALS),
    Kind("复议维持", (_cell("四", "行政复议", column="结果维持"),),
         r"(?:行政)?复议[^，。；]{0,8}?(?:结果)?(?:为)?维持(?:原)?(?:具体行政行为|决定|答复)?(?:的)?", family=APPEALS, outcome=True),
    Kind("复议纠正", (_cell("四", "行政复议", column="结果纠正"),),
         r"(?:行政)?复议[^，。；]{0,8}?(?:结果)?(?:为)?(?:被)?(?:纠正|纠错)(?:的)?", family=APPEALS, outcome=True),
    Kind("复议和诉讼各", (_cell("四", "行政复议"), _cell("四", "行政诉讼")),
         r"(?:行政)?复议[^，。；]{0,10}?(?:诉讼|起诉)(?:案件|案)?(?:的)?(?:数量|情况)?(?:均|各|都)", family=APPEALS, each=True),
    Kind("诉讼和复议各", (_cell("四", "行政复议"), _cell("四", "行政诉讼")),
         r"(?:行政)?(?:诉讼|起诉)[^，。；]{0,10}?复议(?:案件|案)?(?:的)?(?:数量|情况)?(?:均|各|都)", family=APPEALS, each=True),
    Kind("复议和诉讼共", (_cell("四", "行政复议", "行政诉讼"),),
         r"(?:行政)?复议[^，。；]{0,10}?(?:诉讼|起诉)(?:案件|案)?", family=APPEALS),
    Kind("行政复议", (_cell("四", "行政复议"),), r"(?:行政)?复议(?:申请|案件|案)?", family=APPEALS,
         trail=((r"(?:发生|收到|提起|提出|接到|受理|有)(?:了)?$", r"^(?:的)?(?:行政)?复议"),)),
    Kind("行政诉讼", (_cell("四", "行政诉讼"),), r"(?:行政)?(?:诉讼|起诉|应诉)(?:案件|案)?", family=APPEALS,
         trail=((r"(?:发生|收到|提起|被诉|有)(?:了)?$", r"^(?:的)?(?:行政)?(?:诉讼|起诉)"),)),
    # 表三: the rows whose phrase contains another kind's, before it --------------------------------------
    Kind("上年结转", (_cell("三", "上年结转"),),
         r"(?:上(?:一)?年(?:度)?(?:结转|遗留|未办结)|结转上(?:一)?年(?:度)?)(?:的)?(?:政府信息公开|依申请公开)?(?:申请)?(?:件)?"),
    Kind("结转下年", (_cell("三", "结转下年"),),
         r"(?:结转(?:至|到)?下(?:一)?年(?:度)?(?:继续办理)?|转入下(?:一)?年(?:度)?|(?:正在|尚在|仍在|还在)(?:办理|处理)(?:中)?|尚未办结|未办结)(?:的)?(?:申请)?",
         trail=((r"(?:其中|另有|尚有|还有|，|^)$", r"^(?:申请)?(?:结转(?:至|到)?下(?:一)?年|(?:正在|尚在|仍在)办理|尚未办结)"),)),
    Kind("重复申请", (_cell("三", "重复申请"),), r"重复(?:提出)?申请"),
    Kind("信访举报投诉", (_cell("三", "信访举报投诉类申请"),), r"信访(?:、)?举报(?:、)?投诉(?:类)?(?:申请)?"),
    Kind("公开出版物", (_cell("三", "要求提供公开出版物"),), r"(?:要求提供)?公开出版物"),
    Kind("国家秘密", (_cell("三", "属于国家秘密"),), r"(?:属于|涉及)?国家秘密"),
    Kind("第三方", (_cell("三", "保护第三方合法权益"),), r"(?:涉及|保护)?第三方合法权益"),
    Kind("内部事务", (_cell("三", "属于三类内部事务信息"),), r"内部事务(?:信息)?"),
    Kind("过程性信息", (_cell("三", "属于四类过程性信息"),), r"过程性信息"),
    Kind("不掌握", (_cell("三", "本机关不掌握相关政府信息"), _cell("三", "无法提供")),
         r"(?:本机关)?不掌握(?:相关)?(?:政府)?(?:信息)?|(?:申请的)?(?:政府)?信息不存在"),
    Kind("逾期不补正", (_cell("三", "逾期不补正"),), r"逾期(?:未|不)补正"),
    Kind("逾期未缴费", (_cell("三", "逾期未缴费"),), r"逾期未(?:按(?:要求|收费通知)?)?缴(?:纳)?(?:信息处理)?(?:费|费用)(?:的)?"),
    Kind("公开和部分公开", (_cell("三", "予以公开", "部分公开"),), r"(?:予以|同意)公开(?:或|和|及|与|、)(?:同意)?部分公开"),
    Kind("部分公开", (_cell("三", "部分公开"),), r"(?:同意)?部分(?:予以)?公开|区分处理",
         trail=((r"(?:其中|另有|，|、|^)$", r"^(?:的)?(?:申请)?(?:部分公开|部分予以公开)"),)),
    Kind("不予公开", (_cell("三", "不予公开"),), r"(?:不予|未予)公开|(?<!部分)不公开",
         trail=((r"(?:其中|另有|，|、|^)$", r"^(?:的)?(?:申请)?(?:依法)?(?:不予公开|未予公开)"),)),
    Kind("予以公开", (_cell("三", "予以公开"),), r"(?<![不未])(?:全部|依法)?(?:予以|同意|准予|决定)公开|全部公开",
         trail=((r"(?:其中|另有|，|、|^)$", r"^(?:的)?(?:申请)?(?:依法)?(?:全部)?(?:予以公开|同意公开)"),)),
    Kind("无法提供", (_cell("三", "无法提供"),), r"无法提供",
         trail=((r"(?:其中|另有|，|、|^)$", r"^(?:的)?(?:申请)?无法提供"),)),
    Kind("不予处理", (_cell("三", "不予处理"),), r"不予处理",
         trail=((r"(?:其中|另有|，|、|^)$", r"^(?:的)?(?:申请)?不予处理"),)),
    Kind("其他处理", (_cell("三", "其他处理"),), r"其他处理"),
    Kind("办结", (HANDLED,), r"(?:已|按时|依法|全部|均)?(?:办结|办理完毕|作出答复|予以答复|答复|回复)", needs_application=True),
    Kind("办理申请", (HANDLED,), r"(?:办理|处理|办结|答复|回复)(?:了)?[^，。；]*?申请(?:件|事项)?"),
    Kind("收到申请", _RECEIVED, _VERB + r"[^，。；]*?申请(?:公开)?(?:政府)?(?:信息)?(?:的)?(?:件|事项|办件)?",
         trail=((_VERB + r"(?:了)?(?:共|共计)?$", r"^(?:的)?[^，。；]{0,12}?申请"),)),
    Kind("申请数", _RECEIVED, r"申请(?:数|数量|总数|总量|件数|量)"),
    Kind("依申请公开", _RECEIVED, r"依申请公开(?:事项|办件|件)?", needs_application=True),
    Kind("受理", _RECEIVED, r"(?:共|累计)?" + _VERB, needs_application=True),
    Kind("申请", _RECEIVED, r"(?:政府信息公开|信息公开|公开)?申请"),
    # 表二 ---------------------------------------------------------------------------------------------
    Kind("现行有效规范性文件", (_cell("二", "行政规范性文件", column="现行有效件数"),),
         r"现行有效(?:的)?(?:行政)?规范性文件(?:件数|数量)?|(?:行政)?规范性文件[^，。；]{0,6}?现行有效(?:件数|数量)?",
         family=PROACTIVE),
    Kind("制发规范性文件", (_cell("二", "行政规范性文件", column="本年制发件数"), _cell("二", "规范性文件", column="本年新制作数量")),
         r"(?:制发|印发|出台|制定|制作)(?:了)?(?:行政)?规范性文件", family=PROACTIVE),
    Kind("废止规范性文件", (_cell("二", "行政规范性文件", column="本年废止件数"),), r"废止(?:了)?(?:行政)?规范性文件", family=PROACTIVE),
    Kind("制发规章", (_cell("二", "规章", column="本年制发件数"), _cell("二", "规章", column="本年新制作数量")), r"(?:制发|出台|制定|制作)(?:了)?规章",
         family=PROACTIVE),
    Kind("收费金额", (_cell("二", "行政事业性收费", column="本年收费金额"),), r"行政事业性收费[^，。；]{0,10}?(?:金额|收入)?",
         family=PROACTIVE, money=True),
)
_KIND_BY_NAME = {kind.name: kind for kind in KINDS}

#: Outcomes of table 三 a sentence may join: “不予公开及无法提供3件” states their sum.
_OUTCOME_PHRASES = (("予以公开", r"(?<![不未部])(?:予以|同意|准予)公开"), ("部分公开", r"部分(?:予以)?公开"),
                    ("不予公开", r"不予公开"), ("无法提供", r"无法提供"), ("不予处理", r"不予处理"))
_JOINED_OUTCOMES = tuple(
    Kind(f"{first}和{second}", (_cell("三", first, second),),
         rf"{first_phrase}(?:的)?(?:和|及|与|、|或|以及)(?:的)?{second_phrase}(?:的)?(?:申请)?")
    for index, (first, first_phrase) in enumerate(_OUTCOME_PHRASES)
    for second, second_phrase in _OUTCOME_PHRASES[index + 1:]
    if (first, second) != ("予以公开", "部分公开")  # declared above, with its own wording
)
_AT = next(index for index, kind in enumerate(KINDS) if kind.name == "公开和部分公开")
KINDS = KINDS[:_AT] + _JOINED_OUTCOMES + KINDS[_AT:]

_COUNT_UNITS = ("件次", "人次", "件", "起", "次", "宗", "个", "例", "份", "项")
_FIGURE = re.compile(rf"(?P<figure>{FIGURE_PATTERN})(?P<unit>{'|'.join(_COUNT_UNITS)}|万元|元)?")
_SENTENCE_END = "。！？；;!?\n"
_CLAUSE_END = _SENTENCE_END + "，,"
#: The words around a figure that say it is not a count of this year's cells.
_DELTA = re.compile(r"(?:增加|减少|增长|下降|提高|降低|上升|新增|多出|多|少)(?:了)?$")
_APPROXIMATE = re.compile(r"(?:约|近|超过|逾|将近|大约|不足|不到|至少|最多|上千|上百)$")
_AFTER_FIGURE = re.compile(r"^(?:余|多|来|％|%|个百分点|倍)")
_AFTER_UNIT = re.compile(r"^(?:以上|以下|左右|余|多|之多|事|次办|工作日|日内|天|小时|月)")
_BARE_FIGURE_LEAD = re.compile(r"(?:为|是|：|:)\s*$")  # 申请数为0: a figure may go without its unit
_RELATIVE = re.compile(
    r"同比|环比|较上年|比上年|较去年|比去年|与上年|与去年|上年同期|历年|累计|以来|近[0-9一二两三四五六七八九十]+年|季度|上半年|下半年|月份|当月|本月|每月|月均|日均"
    r"|[0-9一二三四五六七八九十]{1,3}月(?![0-9一二三四五六七八九十]{1,3}[日号])")
_OTHER_PAPERS = re.compile(
    r"主动公开|发布|推送|更新|转载|建议|提案|信访件|来信|来电|来访|咨询|留言|热线|许可|审批|处罚|强制|政务服务|办件量|事项办理|网民|微博|微信|栏目|目录")
_APPEAL_OUTCOMES = re.compile(r"纠正|纠错|败诉|胜诉|撤销|确认违法|维持|审结|驳回|责令")
_APPLICATION_TOPIC = re.compile(r"申请")
_DISCLOSURE_TOPIC = re.compile(r"信息公开|公开申请|依申请|申请公开")
#: Time markers: the nearest one before a figure decides which year the figure is about.
_YEAR_MARK = re.compile(
    r"(?P<year>(?:19|20)\d\d)\s*年|(?P<last>上(?:一)?年(?:度)?|去年|前年|上一年度)|(?P<this>本年(?:度)?|今年|全年|当年)"
    r"|(?P<part>上半年|下半年|第?[一二三四1-4]季度|[0-9一二三四五六七八九十]{1,2}月份?(?![0-9一二三四五六七八九十]{1,3}[日号]))")
#: Phrases that contain 上年 but speak of this year's figures.
_CARRIED_IN_WORDS = re.compile(r"上(?:一)?年(?:度)?(?:结转|遗留|未办结)|结转上(?:一)?年(?:度)?")

# Negations that state a zero: 未收到政府信息公开申请, 未发生……行政复议、行政诉讼的情况.
_NOT_RECEIVED = re.compile(r"(?:未|没有|尚未|均未|并未)(?:再)?(?:收到|受理|接到|接收|收悉)(?P<object>[^，。；！？,;!?\n]{0,40})")
_NOT_HAPPENED = re.compile(
    r"(?<!有)(?:未发生|没有发生|未出现|没有出现|未产生|(?:无|没有|未有)(?=因|涉及|有关|关于|政府信息公开|信息公开|依申请|行政复议|行政诉讼|复议|诉讼))"
    r"(?P<object>[^，。；！？,;!?\n]{0,40})")
#: A negation that sets a condition rather than stating a fact: 未收到答复的，可申请行政复议.
_MODAL = re.compile(r"可以|可|应当|应|告知|须|将|如|若")
_NO_APPLICATION = re.compile(r"(?<!有)(?:无|没有|未有)(?:政府信息公开|依申请公开|信息公开)(?:的)?(?:申请)?")
#: 无下年度结转, 没有上年结转的申请.
_NO_CARRY = re.compile(r"(?<!有)(?:无|没有|未有)(?:(?P<forward>下一?年度?结转|结转(?:至|到)?下一?年度?)|(?P<back>上一?年度?结转|结转上一?年度?))")


@dataclass(frozen=True)
class Statement:
    """A figure the prose states, and the cells it may state."""

    kind: str
    figure: Number  # as stated (0 for a negation)
    start: int  # offsets in the printed paragraph: the figure, or the negation phrase
    end: int
    literal: str | None  # the figure as written (“5”, “二十三”); None for a negation
    sentence: str
    references: tuple[Reference, ...]

    @property
    def bindable(self) -> bool:
        """Written in plain digits, so a reference prints exactly the same characters."""
        return self.literal is not None and is_ascii_digits(self.literal)


@dataclass(frozen=True)
class Check:
    """A statement compared with the tables."""

    statement: Statement
    values: tuple[Number | None, ...]  # each reference's value

    @property
    def known(self) -> bool:
        return bool(self.values) and self.values[0] is not None

    @property
    def agreeing(self) -> Reference | None:
        figure = Decimal(self.statement.figure)
        for reference, value in zip(self.statement.references, self.values, strict=True):
            if value is not None and Decimal(value) == figure:
                return reference
        return None


# -- finding the statements -------------------------------------------------------------------------------


def statements(text: str, report: Report, section: doc.Section | None = None) -> list[Statement]:
    """Every figure the paragraph states about a cell of the report's tables."""
    found: list[Statement] = []
    for start, end in _spans(text, _SENTENCE_END):
        sentence = text[start:end]
        found.extend(_figures(text, start, end, sentence, report, section))
        found.extend(_negations(text, start, sentence, report, section))
    return found


def check(statement: Statement, agency: Agency | None, report: Report) -> Check:
    return Check(statement, tuple(figure_value(reference, agency, report) for reference in statement.references))


def figure_value(reference: Reference, agency: Agency | None, report: Report) -> Number | None:
    """The reference's figure; a total written blank is added up from the cells it totals (a row's
    总计 from its applicant columns, （七）总计 from the outcome rows), so the prose is still checked."""
    value = reference.value(agency, report)
    if value is not None or reference.previous_year:
        return value
    figures = next((f for f in (report.applications, report.appeals) if f is not None and f.table is reference.table),
                   None)
    if figures is None:
        return None
    result: Number = 0
    for row in reference.rows:
        cell_value = _cell_value(figures, row, reference.column)
        if cell_value is None:
            return None
        result += cell_value
    return result


def _cell_value(figures: Figures, row: Row, column: Column, depth: int = 0) -> Number | None:
    cell = figures.cells.get((row.key, column.key))
    if cell is not None and cell.value is not None:
        return cell.value
    table = figures.table
    parts: list[tuple[Row, Column]] = []
    if isinstance(table, ApplicationsTable) and column is table.total_column:
        parts = [(row, c) for c in table.applicant_columns]
    elif isinstance(table, ApplicationsTable) and row is table.outcome_total_row:
        parts = [(r, column) for r in table.outcome_rows]
    elif isinstance(table, AppealsTable) and column is table.total_column:
        parts = [(row, c) for c in table.outcome_columns]
    if not parts or depth > 2:
        return None
    values = [_cell_value(figures, r, c, depth + 1) for r, c in parts]
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def _spans(text: str, ends: str, start: int = 0, stop: int | None = None) -> list[tuple[int, int]]:
    stop = len(text) if stop is None else stop
    spans, begin = [], start
    for index in range(start, stop):
        if text[index] in ends:
            if index > begin:
                spans.append((begin, index))
            begin = index + 1
    if stop > begin:
        spans.append((begin, stop))
    return spans


def _figures(text: str, start: int, end: int, sentence: str, report: Report,
             section: doc.Section | None) -> list[Statement]:
    found: list[Statement] = []
    for clause_start, clause_end in _spans(text, _CLAUSE_END, start, end):
        boundary = clause_start
        for match in _FIGURE.finditer(text, clause_start, clause_end):
            lead = text[boundary:match.start()]
            boundary = match.end()
            unit = match.group("unit") or ""
            trail = text[match.end():clause_end]
            after_figure = text[match.end("figure"):clause_end]
            found.extend(_stated(match, lead, unit, trail, after_figure, text, clause_start, start, sentence,
                                 report, section))
    return found


def _stated(match: re.Match[str], lead: str, unit: str, trail: str, after_figure: str, text: str,
            clause_start: int, sentence_start: int, sentence: str, report: Report,
            section: doc.Section | None) -> list[Statement]:
    """The statement(s) one figure makes (several for 行政复议、行政诉讼各1件), or none."""
    literal = match.group("figure")
    figure = read_figure(literal)
    if figure is None:
        return []
    if _APPROXIMATE.search(lead) or _DELTA.search(lead) or _AFTER_FIGURE.match(after_figure) or _AFTER_UNIT.match(trail):
        return []
    money = unit in ("万元", "元")
    if not unit and not _BARE_FIGURE_LEAD.search(lead):
        return []
    if not unit and not literal[0].isdigit() and literal not in ("零", "〇"):
        return []  # 为一 … : a Chinese numeral without its unit is a word, not a figure
    kind = _kind(lead, trail)
    if kind is None or kind.money != money or (money and unit != "万元"):
        return []
    clause_lead = text[clause_start:match.start()]
    before = text[sentence_start:match.start()]
    if not _about_this_year(before, clause_lead, report.year):
        return []
    if not _on_topic(kind, clause_lead, sentence, section, text):
        return []
    column = _applicant_column(clause_lead) if kind.family == APPLICATIONS else None
    if column is False:
        return []
    references = _references(kind, report, column if isinstance(column, str) else None, sentence)
    if not references:
        return []
    groups = [(reference,) for reference in references] if kind.each else [references]
    return [
        Statement(kind.name, figure, match.start("figure"), match.end("figure"), literal, sentence.strip(), group)
        for group in groups
    ]


_LEAD_PATTERNS: dict[str, re.Pattern[str]] = {}
_TRAIL_PATTERNS: dict[str, tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]] = {}


def _kind(lead: str, trail: str) -> Kind | None:
    for kind in KINDS:
        pattern = _LEAD_PATTERNS.get(kind.name)
        if pattern is None:
            pattern = _LEAD_PATTERNS[kind.name] = re.compile(f"(?:{kind.lead}){_FILL}$")
        if pattern.search(lead):
            return kind
    for kind in KINDS:
        pairs = _TRAIL_PATTERNS.get(kind.name)
        if pairs is None:
            pairs = _TRAIL_PATTERNS[kind.name] = tuple((re.compile(before), re.compile(after))
                                                       for before, after in kind.trail)
        for before, after in pairs:
            if before.search(lead.rstrip()) and after.search(trail):
                return kind
    return None


def _about_this_year(before: str, clause_lead: str, year: int) -> bool:
    """The nearest time marker before the figure names the report's year (or there is none), and the
    clause does not compare with another period."""
    masked = _CARRIED_IN_WORDS.sub(lambda m: "□" * len(m.group(0)), before)
    marks = list(_YEAR_MARK.finditer(masked))
    if marks:
        last = marks[-1]
        if last.group("last") or last.group("part"):
            return False  # last year, or a part of the year
        if last.group("year") and int(last.group("year")) != year:
            return False
    clause = _CARRIED_IN_WORDS.sub(lambda m: "□" * len(m.group(0)), clause_lead)
    return not _RELATIVE.search(clause)


def _on_topic(kind: Kind, clause_lead: str, sentence: str, section: doc.Section | None, paragraph: str) -> bool:
    if kind.family == APPLICATIONS:
        if _OTHER_PAPERS.search(clause_lead) or _OTHER_PAPERS.search(sentence[:sentence.find(clause_lead)]):
            return False
        # 办结20件 alone could be anything; in a paragraph (or the notes of 三) about applications it is one
        return not kind.needs_application or bool(_APPLICATION_TOPIC.search(sentence)) \
            or (section is doc.APPLICATIONS or bool(_APPLICATION_TOPIC.search(paragraph)))
    if kind.family == APPEALS:
        if _APPEAL_OUTCOMES.search(clause_lead) and not kind.outcome:
            return False
        return section is doc.APPEALS or bool(_DISCLOSURE_TOPIC.search(sentence))
    return True


def _applicant_column(clause_lead: str) -> str | bool | None:
    """The column of table 三 a clause speaks of (其中自然人申请8件 → 自然人); None for the total;
    False when it names several columns that no single cell adds up (法人或其他组织)."""
    persons = any(word in clause_lead for word, column in _APPLICANTS if column == "自然人")
    legal = "法人" in clause_lead
    if persons and legal:
        return None  # 公民、法人或其他组织: everybody
    if legal:
        return False
    named = {column for word, column in _APPLICANTS if word in clause_lead}
    if len(named) == 1:
        return named.pop()
    return None if not named else False


def _references(kind: Kind, report: Report, column: str | None, sentence: str = "") -> tuple[Reference, ...]:
    result: list[Reference] = []
    sources = kind.references
    if sources == _RECEIVED and _WITH_CARRIED_IN.search(sentence):
        sources = (NEW_AND_CARRIED,)  # 收到申请（含上年结转）21件
    for text in sources:
        source = f"{text}.{column}" if column else text
        try:
            result.append(parse(source, report.edition))
        except ReferenceError:
            continue  # a cell the report's edition does not have
    return tuple(result)


# -- negations: a zero stated in words -----------------------------------------------------------------------


def _negations(text: str, start: int, sentence: str, report: Report, section: doc.Section | None) -> list[Statement]:
    found: dict[str, Statement] = {}

    def add(kind: Kind, match: re.Match[str]) -> None:
        absolute = start + match.start()
        clause_start = max((text.rfind(ch, start, absolute) for ch in "，,"), default=-1)
        clause_lead = text[max(clause_start + 1, start):absolute]
        if kind.name in found or not _about_this_year(text[start:absolute], clause_lead, report.year):
            return
        references = _references(kind, report, None)
        if references:
            found[kind.name] = Statement(kind.name, 0, absolute, start + match.end(), None, sentence.strip(), references)

    appeals_topic = section is doc.APPEALS or bool(_DISCLOSURE_TOPIC.search(sentence))
    for pattern in (_NOT_RECEIVED, _NOT_HAPPENED):
        for match in pattern.finditer(sentence):
            words = match.group("object")
            if _APPEAL_OUTCOMES.search(words) or _MODAL.search(words):
                continue
            appeal = False
            if "复议" in words and appeals_topic:
                add(_KIND_BY_NAME["行政复议"], match)
                appeal = True
            if re.search("诉讼|起诉", words) and appeals_topic:
                add(_KIND_BY_NAME["行政诉讼"], match)
                appeal = True
            if (pattern is _NOT_RECEIVED and not appeal and "申请" in words and "复议" not in words
                    and not _OTHER_PAPERS.search(words[: words.find("申请")])):
                add(_KIND_BY_NAME["收到申请"], match)
    for match in _NO_APPLICATION.finditer(sentence):
        add(_KIND_BY_NAME["收到申请"], match)
    for match in _NO_CARRY.finditer(sentence):
        add(_KIND_BY_NAME["结转下年" if match.group("forward") else "上年结转"], match)
    return list(found.values())
