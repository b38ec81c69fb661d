"""`reportgen import SOURCE [--into agencies/<slug>.yaml] [--year Y] [--agency 名称] [--edition E] [--out FILE]`"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..atomic import create_atomic, replace_atomic
from ..errors import ReportgenError
from ..load import load_agency_text

if TYPE_CHECKING:
    from ..importer.imported import Imported


def _write(path: Path, text: str, *, new: bool) -> None:
    """A new file is never written over one; an existing one (through a symlink, the file it names) is
    replaced whole or not at all."""
    if new and (path.exists() or path.is_symlink()):
        raise ReportgenError(f"“{path}”已经存在，没有覆盖它：请换一个文件名，或用 --into 把这一年加入该文件。")
    (create_atomic if new else replace_atomic)(path, text.encode("utf-8"))


def _summary(imported: Imported, target: str) -> list[str]:
    tables = "、".join(t.name for t in imported.edition.tables if t.number in imported.tables) or "没有表格"
    lines = [f"已导入 {imported.agency} {imported.year}年报告（{imported.edition.name}格式；{tables}）→ {target}"]
    if imported.notes:
        lines.append(f"需要核对的 {len(imported.notes)} 处：")
        for note in imported.notes:
            where = f"第 {note.line} 行：" if note.line else ""
            rule = f"[{note.rule}] " if note.rule else ""
            lines.append(f"  {rule}{where}{note.message}")
    return lines


def import_(
    source: Annotated[Path, typer.Argument(help="已发布的报告：纯文本、网页（.html）、Word（.docx/.doc）或 PDF；或按国家格式填写的 Excel 表格（.xlsx）", show_default=False)],
    into: Annotated[Path | None, typer.Option("--into", help="把这一年的报告加入已有的机关文件（原有内容一字不改）", show_default=False)] = None,
    year: Annotated[int | None, typer.Option("--year", help="报告年度（默认：从标题读出）", show_default=False)] = None,
    out: Annotated[Path | None, typer.Option("--out", help="写入新的机关文件（默认：输出到屏幕）", show_default=False)] = None,
    agency: Annotated[str | None, typer.Option("--agency", help="机关名称（报告中没有写明时，如网页摘录）", show_default=False)] = None,
    edition: Annotated[int | None, typer.Option("--edition", help="表格的格式版本：2019 或 2021（默认：从表格的行列判断）", show_default=False)] = None,
) -> int:
    from ..importer import agency_file, import_file, insert_report  # only when importing: keeps start-up fast

    if into is not None:
        try:
            existing = into.read_bytes().decode("utf-8")  # as it is: line ends kept
        except FileNotFoundError:
            raise ReportgenError(f"找不到“{into}”：--into 要指定已有的机关文件；新建文件请用 --out。") from None
        except UnicodeDecodeError:
            raise ReportgenError(f"“{into}”不是 UTF-8 编码的文本文件。") from None
        except OSError as error:
            raise ReportgenError(f"无法读取“{into}”：{error.strerror or error}。") from None
        if agency is not None:
            raise ReportgenError("--agency 与 --into 不能同时使用：导入到已有的机关文件时，机关名称取自该文件。")
        known, findings = load_agency_text(existing, str(into))
        unreadable = [f for f in findings if f.unreadable]  # a YAML slip read past: still not a file to edit
        if known is None or unreadable:
            raise ReportgenError(f"“{into}”无法读取（{(unreadable or findings)[0].message}），没有改动它。")
        name = known.name.value if known.name else None
        imported = import_file(source, year=year, agency=name, edition=edition)
        text, _, _ = insert_report(existing, imported, str(into))
        target = out or into
    else:
        imported = import_file(source, year=year, agency=agency, edition=edition)
        text, _ = agency_file(imported)
        target = out
    check, problems = load_agency_text(text, str(target or "<导入结果>"))
    broken = [f for f in problems if f.unreadable]
    if check is None or broken or imported.year not in check.reports:
        message = broken[0].message if broken else "生成的文件无法读取"
        raise ReportgenError(f"导入的结果无法读取（{message}）：这是 reportgen 的缺陷，请报告；没有写入任何文件。")
    if target is None:
        typer.echo(text, nl=False)
        for line in _summary(imported, "屏幕"):
            typer.echo(line, err=True)
        return 0
    _write(target, text, new=into is None or out is not None)
    for line in _summary(imported, str(target)):
        typer.echo(line, err=True)
    return 0
