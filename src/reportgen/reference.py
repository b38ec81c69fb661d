"""The agency file's reference page (docs/agency-file.md), written from the declarations.

Generated, never edited by hand: `python -m reportgen.reference > docs/agency-file.md`;
a test fails when the committed page is stale.
"""

from __future__ import annotations

from . import document as doc
from .editions import EDITIONS, ApplicationsTable, Edition, ProactiveTable, Table
from .findings import CATALOGUE


def _table_keys(table: Table) -> list[str]:
    lines = [f"**{table.name}** · {table.title}", ""]
    if isinstance(table, ProactiveTable):
        lines += ["| 行（键） | 所属项目 | 列（键） |", "|---|---|---|"]
        for block in table.blocks:
            columns = "、".join(f"{c.key}（{c.kind.description}）" for c in block.columns)
            lines += [f"| {row.key} | {block.title} | {columns} |" for row in block.rows]
    else:
        nested = isinstance(table, ApplicationsTable)
        lines += ["| 行（键） | 印作 | 写在 |", "|---|---|---|"]
        for row in table.rows():
            parent = f"`{row.group.key}:` 之下" if nested and row.group else "表的第一层"
            derived = "（总计行：可不写，写了会核对）" if row.derived else ""
            lines.append(f"| {row.key} | {row.full_label}{derived} | {parent} |")
        columns = "、".join(c.key + ("（可不写，写了会核对）" if c.derived else "") for c in table.columns_of(table.rows()[0]))
        lines += ["", f"每行的列：{columns}。"]
    return [*lines, ""]


def _edition(edition: Edition) -> list[str]:
    years = f"{edition.first_report_year}" + (f"–{edition.last_report_year}" if edition.last_report_year else " 起")
    lines = [f"## {edition.name}（{years} 年度报告）", "", edition.document, ""]
    for table in edition.tables:
        lines += _table_keys(table)
    return lines


def agency_file_reference() -> str:
    lines = [
        "# 机关文件（agencies/<简称>.yaml）的写法",
        "",
        "<!-- 本页由 `python -m reportgen.reference > docs/agency-file.md` 生成，请勿手改。 -->",
        "",
        "文件是 UTF-8 编码的 YAML。键用表格上的字；缩进用空格；每个表格行写成一行 `行: {列: 数字, …}`。",
        "数字写阿拉伯数字，不加引号；没有发生的写 0。空白、“/”“-”“—”“不适用”都会被指出，不会当作 0。",
        "正文写在 `|` 之后的新行里，每行一段。",
        "正文中要写表格里的数字时，可写表格数字引用，印出时换成表格中的数字：`{{表三.本年新收}}`（列省略时为总计）、"
        "`{{表三.本年新收.自然人}}`、`{{表三.予以公开+部分公开}}`、`{{表三.不予公开}}`（各项合计）、"
        "`{{表三.不予公开.属于国家秘密}}`、`{{表四.行政复议}}`、`{{表二.行政规范性文件.现行有效件数}}`、"
        "`{{上年.表三.结转下年}}`（上一年报告的数字）。行和列的名称与下面各表的键相同；写错时 `check` 报 X-0 并提示最接近的写法。"
        "`reportgen bind 文件` 会把正文中与表格一致的数字改成这样的引用。",
        "",
        "## 顶层",
        "",
        f"- `{doc.AGENCY_KEY}`：机关信息，键为 " + "、".join(
            f"`{f.key}`{'（必填）' if f.required else ''}" for f in doc.AGENCY_FIELDS) + "。",
        f"- `{doc.REPORTS_KEY}`：各年度的报告，键为年份（如 `2021`）。",
        "",
        "## 每年的报告",
        "",
        *[f"- `{f.key}`：{f.description}。" for f in doc.REPORT_FIELDS],
        *[f"- `{s.heading}`（必填）：{s.description}。" for s in doc.SECTIONS],
        f"- `{doc.SIGNOFF_KEY}`：落款，键为 " + "、".join(
            f"`{f.key}`{'（必填）' if f.required else ''}" for f in doc.SIGNOFF_FIELDS) + "。",
        "",
        f"`{doc.OVERVIEW.heading}` 之下：可选的 `{doc.OVERVIEW_INTRO_KEY}`（分项前的总述），然后是各分项，"
        f"键为带编号的分项标题，编号依次为（一）（二）……，如 `（一）主动公开`。惯例的五个分项："
        + "、".join(doc.OVERVIEW_CONVENTIONAL_PARTS) + "。",
        "",
        f"`{doc.PROACTIVE.heading}`、`{doc.APPLICATIONS.heading}`、`{doc.APPEALS.heading}` 之下：表格（键为 `表二`、"
        f"`表三`、`表四`），以及可选的 `{doc.NOTES_KEY}`（表格后的文字）。",
        "",
    ]
    for edition in EDITIONS.values():
        lines += _edition(edition)
    lines += ["## 问题编号", "", "| 编号 | 级别 | 含义 |", "|---|---|---|"]
    lines += [f"| {r.id} | {r.severity.label} | {r.title} |" for r in CATALOGUE.values()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(agency_file_reference(), end="")
