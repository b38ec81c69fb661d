"""No code outside `editions/` types the form's words again: every row, column and table is reached
through the declaration, so a renamed row cannot compile on and silently stop being checked.

The words come from the declaration itself (every table's number, name and title, every block title, every
row, group and column key and label). The test reads the string literals of `src/reportgen` (not
comments or docstrings) and fails on any occurrence that the allow-list below does not excuse.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

from reportgen.editions import EDITIONS

SOURCE = Path(__file__).resolve().parents[1] / "src" / "reportgen"

_LATER = "to be moved to the declaration (issue 16, importer split / X-1 rework)"
_MESSAGES = "user-facing text about the rule or the format as a whole, not a lookup of a cell"

#: Where the form's words may still stand, at most this many times: (path under src/reportgen, word)
#: → (count, why). A path ending in "/" covers the whole package (so a split into modules keeps it).
ALLOWED: dict[tuple[str, str], tuple[int, str]] = {
    # The rule catalogue: each rule's one-line title, as README's rule table prints it.
    **{("findings.py", word): (count, _MESSAGES) for word, count in {
        "表三": 5, "表四": 1, "（七）总计": 2, "总计": 2, "自然人": 1, "结果维持": 1, "结果纠正": 1,
        "其他结果": 1, "尚未审结": 1, "本年增/减": 2, "上年结转": 1, "结转下年": 1, "现行有效件数": 2, "上一年项目数量": 2,
        "本年新收": 1, "逾期未缴费": 1}.items()},
    # Examples of the figure-reference syntax shown to the user ({{表三.本年新收}}); any row would do.
    **{("reference.py", word): (count, "examples of the {{表三.本年新收}} syntax in docs/agency-file.md")
       for word, count in {
        "表二": 2, "表三": 8, "表四": 2, "本年新收": 2, "自然人": 1, "予以公开": 1, "部分公开": 1, "不予公开": 2,
        "属于国家秘密": 1, "行政复议": 1, "行政规范性文件": 1, "现行有效件数": 1, "结转下年": 1}.items()},
    ("cli/app.py", "表三"): (1, "an example of the {{表三.本年新收}} syntax in `bind`'s help"),
    ("cli/app.py", "本年新收"): (1, "an example of the {{表三.本年新收}} syntax in `bind`'s help"),
    ("cli/app.py", "上年结转"): (1, "`next-year`'s help says what it carries over"),
    ("validate/prose.py", "表三"): (1, "the example in X-0's message for an unclosed {{"),
    ("validate/prose.py", "本年新收"): (1, "the example in X-0's message for an unclosed {{"),
    # The importer and the prose analysis still type labels of their own: counted per package, so that
    # no new one can appear while they wait.
    **{("importer/", word): (count, _LATER) for word, count in {
        "二": 11, "三": 13, "四": 10,  # table numbers as keys, and a numeral map that reads them as digits
        "上年结转": 4, "主动公开政府信息情况": 1, "其他": 5, "其他处理": 1, "危及“三安全一稳定”": 1, "总计": 5, "收到和处理政府信息公开申请情况": 1,
        "政府信息公开行政复议、行政诉讼情况": 1, "本年新收": 5, "结转下年": 4, "自然人": 1, "行政复议": 4, "行政诉讼": 4, "表四": 1, "逾期不补正": 1,
        "逾期未缴费": 1, "部分公开": 4,
    }.items()},
    **{("prose/", word): (count, _LATER) for word, count in {
        # prose/numbers.py's numerals (二 → 2), and statements.py's cell lookups such as _cell("三", "本年新收"),
        # which are checked against the declaration when the module is imported (a renamed key fails there)
        "二": 8, "三": 27, "四": 14, "总计": 1, "结果纠正": 1, "结果维持": 1, "规章": 2,
        "上年结转": 5, "不予公开": 5, "不予处理": 6, "予以公开": 7, "保护第三方合法权益": 1, "信访举报投诉类申请": 1, "其他处理": 3, "商业企业": 3,
        "复议后起诉": 2, "属于三类内部事务信息": 1, "属于四类过程性信息": 1, "属于国家秘密": 1, "无法提供": 7, "未经复议直接起诉": 1, "本年制发件数": 2,
        "本年废止件数": 1, "本年收费金额": 1, "本年新制作数量": 2, "本年新收": 6, "本机关不掌握相关政府信息": 1, "法律服务机构": 2, "现行有效件数": 1,
        "社会公益组织": 2, "科研机构": 2, "结转下年": 4, "自然人": 6, "行政事业性收费": 2, "行政复议": 10, "行政规范性文件": 3, "行政诉讼": 8,
        "表三": 28, "表二": 7, "表四": 9, "要求提供公开出版物": 1, "规范性文件": 8, "逾期不补正": 2, "逾期未缴费": 2, "部分公开": 9, "重复申请": 2,
    }.items()},
}


def form_words() -> set[str]:
    """Every word the declaration gives the form: table numbers, names, titles, keys and labels."""
    words: set[str] = set()
    for edition in EDITIONS.values():
        words.update(block.title for block in edition.proactive.blocks)
        for table in edition.tables:
            words.update((table.number, table.name, table.title))
            for row in table.rows():
                words.update((row.key, row.label))
                if row.group:
                    words.update((row.group.key, row.group.label))
                words.update(word for column in table.columns_of(row) for word in (column.key, column.label))
    return words


WORDS = form_words()
TABLE_NAMES = {table.name for edition in EDITIONS.values() for table in edition.tables}
#: Short words (其他, 总计, 规章, a table's number 三) are everyday Chinese inside a sentence: they count
#: only when a literal is exactly that word, as a lookup key would be. Longer words and the table names
#: count anywhere.
SUBSTRING_WORDS = sorted((w for w in WORDS if len(w) >= 3 or w in TABLE_NAMES), key=len, reverse=True)
_SUBSTRING = re.compile("|".join(map(re.escape, SUBSTRING_WORDS)))


def literals(tree: ast.AST) -> list[str]:
    """The string constants of a module, f-string parts included, docstrings left out."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def occurrences(text: str) -> list[str]:
    if text.strip() in WORDS:
        return [text.strip()]
    return _SUBSTRING.findall(text)


def found_in_source() -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).as_posix()
        if relative.startswith("editions/"):
            continue
        for literal in literals(ast.parse(path.read_text(encoding="utf-8"))):
            for word in occurrences(literal):
                found[(relative, word)] += 1
    return found


PACKAGES = {path for path, _word in ALLOWED if path.endswith("/")}


def counted_under(path: str) -> str:
    """The allow-list's name for a file: its package when the allow-list counts the package whole."""
    return next((package for package in PACKAGES if path.startswith(package)), path)


def test_no_form_word_is_typed_outside_the_declaration() -> None:
    found: Counter[tuple[str, str]] = Counter()
    for (path, word), count in found_in_source().items():
        found[(counted_under(path), word)] += count
    allowed = {key: count for key, (count, _why) in ALLOWED.items()}
    retyped = [f"{path}: “{word}” ×{count} (allowed {allowed.get((path, word), 0)})"
               for (path, word), count in sorted(found.items()) if count > allowed.get((path, word), 0)]
    assert not retyped, (
        "the form's words typed outside editions/ — reach the row, column or table through the declaration "
        "(reportgen.editions: named rows/columns, table.name, row.label, column.label):\n" + "\n".join(retyped))


def test_the_search_sees_a_retyped_key_and_ignores_docstrings() -> None:
    tree = ast.parse('"""表三 · 上年结转 in a docstring"""\n'
                     'row = table.row("上年结转")\n'
                     'where = f"表三 · {column.label}"\n'
                     'note = "请删除它（常见于从其他程序复制来的文字）"\n')
    words = [word for literal in literals(tree) for word in occurrences(literal)]
    assert words == ["上年结转", "表三"]


def test_the_words_come_from_the_declaration() -> None:
    edition = EDITIONS[2021]
    assert {"表三", "上年结转", "二、上年结转政府信息公开申请数量", "自然人", "现行有效件数",
            edition.proactive.blocks[0].title} <= WORDS
