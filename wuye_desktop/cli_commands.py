"""The sub-commands of the admin command line; later areas add theirs in ``register``.

Each handler takes the opened services and the parsed arguments and returns the exit code;
user mistakes raise DomainError (printed in Chinese by cli.run), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.domain.listing import ComplaintFilter

if TYPE_CHECKING:
    from wuye_desktop.services.container import Services
    from wuye_desktop.services.settings import ProjectView



def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add every sub-command to the parser (each sets ``handler``)."""
    imp = sub.add_parser("import", help="从 Excel 导入", description="从 Excel 工作簿导入数据")
    imp_sub = imp.add_subparsers(dest="what", metavar="内容", required=True)
    exp = sub.add_parser("export", help="导出为 Excel", description="把数据导出为 Excel 工作簿")
    exp_sub = exp.add_subparsers(dest="what", metavar="内容", required=True)
    _register_complaint_ledger(imp_sub, exp_sub)
    _register_monthly_stats(exp_sub)
    from wuye_desktop import cli_repairs, cli_revisits

    cli_repairs.register_exports(exp_sub)
    cli_revisits.register_exports(exp_sub)
    from wuye_desktop import cli_archives

    cli_archives.register(sub, imp_sub, exp_sub)
    from wuye_desktop.cli_safety import register as register_safety  # backup, restore, check, create-admin

    register_safety(sub)
    from wuye_desktop.cli_reports import register as register_reports  # report --month/--week (issue 6)

    register_reports(sub)
    # Later areas add theirs here: exp_sub.add_parser("<list>"), sub.add_parser("print-form"),
    # sub.add_parser("backup") … each with set_defaults(handler=…).


# --- complaints: the ledger in, the list out ------------------------------------------------------------

def _register_complaint_ledger(imp_sub: "argparse._SubParsersAction[argparse.ArgumentParser]",
                               exp_sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = imp_sub.add_parser(
        "complaints", help="导入投诉登记台账（.xlsx）",
        description="导入投诉登记台账：第一个工作表，一行表头。有任何错误行时逐行列出并且不导入任何数据。")
    p.add_argument("file", metavar="文件.xlsx", help="台账文件")
    p.add_argument("--project", metavar="代码", help="导入到哪个管理处（管理处代码，如 HY）；只有一个管理处时可省略")
    p.add_argument("--by", metavar="姓名", default="台账导入", help="记为经办人的姓名（默认：台账导入）")
    p.set_defaults(handler=import_complaints)

    e = exp_sub.add_parser("complaints", help="导出投诉清单（.xlsx）", description="把投诉清单导出为 Excel 工作簿。")
    e.add_argument("-o", "--output", required=True, metavar="文件.xlsx", help="要写入的文件")
    e.add_argument("--month", metavar="年-月", help="只导出该月受理的投诉，如 2026-09")
    e.add_argument("--project", metavar="代码", help="只导出该管理处（管理处代码）；省略时导出全公司")
    e.set_defaults(handler=export_complaints)


def find_project(services: "Services", code: str | None, *, required: bool) -> "ProjectView | None":
    """The project named by its code; with no code: the only project, or None for the whole company."""
    projects = services.settings.projects()
    codes = "、".join(p.code for p in projects) or "无"
    if code:
        for p in projects:
            if p.code.upper() == code.strip().upper():
                return p
        raise DomainError(f"没有代码为「{code}」的管理处（现有：{codes}）")
    if not required:
        return None
    if len(projects) == 1:
        return projects[0]
    raise DomainError(f"有多个管理处，请用 --project 指定管理处代码（现有：{codes}）")


def import_complaints(services: "Services", args: argparse.Namespace) -> int:
    project = find_project(services, args.project, required=True)
    assert project is not None
    path = Path(args.file)
    try:
        preview = services.complaint_excel.preview_import(path, project.id)
        for warning in preview.warnings:
            print(f"提示：{warning}", file=sys.stderr)
        if preview.errors:
            for e in preview.errors:
                print(f"第{e.row}行【{e.column}】{e.reason}", file=sys.stderr)
            print(f"共 {preview.bad_rows} 行有错误，未导入任何数据。请改正台账后重新导入。", file=sys.stderr)
            return 1
        if not preview.cases:
            print("台账中没有可导入的投诉，未导入任何数据。", file=sys.stderr)
            return 1
        count = services.complaint_excel.commit_import(preview, args.by)
    except KeyboardInterrupt:
        print("已取消，未导入任何数据。", file=sys.stderr)
        return 130
    print(f"已导入 {count} 宗投诉到「{project.name}」。")
    return 0


def export_complaints(services: "Services", args: argparse.Namespace) -> int:
    project = find_project(services, args.project, required=False)
    f = ComplaintFilter(project_id=project.id if project else None)
    out = Path(args.output)
    try:
        count = services.complaint_excel.export_list(f, out, month=args.month)
    except KeyboardInterrupt:
        print("已取消，未写入文件。", file=sys.stderr)
        return 130
    print(f"已导出 {count} 宗投诉到 {out}")
    return 0


# --- reports: the 客户月投诉统计表 (篇5 §2(8)) -------------------------------------------------------------

def _register_monthly_stats(exp_sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    e = exp_sub.add_parser("monthly-stats", help="导出客户月投诉统计表（.xlsx）",
                           description="按月统计投诉（篇5 §2(8)），可由计划任务在每月第一个工作日运行。")
    e.add_argument("--month", required=True, metavar="年-月", help="统计月份，如 2026-09")
    e.add_argument("-o", "--output", required=True, metavar="文件.xlsx", help="要写入的文件")
    e.add_argument("--project", metavar="代码", help="只统计该管理处（管理处代码）；省略时统计全公司")
    e.set_defaults(handler=export_monthly_stats)


def parse_month(text: str) -> tuple[int, int]:
    import re

    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text or "")
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
        raise DomainError(f"月份「{text}」格式不正确，应为 年-月，如 2026-09")
    return int(match.group(1)), int(match.group(2))


def export_monthly_stats(services: "Services", args: argparse.Namespace) -> int:
    year, month = parse_month(args.month)
    project = find_project(services, args.project, required=False)
    out = services.monthly_stats.write_workbook(year, month, project.id if project else None, Path(args.output))
    scope = project.name if project else "全公司"
    print(f"已写入 {year}年{month}月 客户月投诉统计表（{scope}）：{out}")
    return 0
