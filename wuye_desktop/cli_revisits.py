"""Command-line exports of the revisits area (issue 5):

    wuye-desktop [--data-dir D] export revisits|opinions|suggestions -o FILE.xlsx [--project 代码] [--year 年]
                                 (revisits also [--status 状态] [--source 全部|投诉|维修单])

``register_exports(exp_sub)`` adds the three sub-commands to the ``export`` parser of cli_commands.
The revisit list has the case number (投诉/维修单编号), 来源, 回访期限, 回访时间, 方式, 回访结果 and 状态 first.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.domain.revisit_voice import OpinionFilter
from wuye_desktop.domain.revisits import SOURCE_FILTERS, TASK_FILTERS, TaskFilter

if TYPE_CHECKING:
    from wuye_desktop.services.container import Services

_WHAT = {
    "revisits": "回访任务清单（投诉、维修单）",
    "opinions": "住户意见处理清单",
    "suggestions": "合理化建议清单",
}


def register_exports(exp_sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    for name, title in _WHAT.items():
        p = exp_sub.add_parser(name, help=f"导出{title}（.xlsx）", description=f"把{title}导出为 Excel 工作簿。")
        p.add_argument("-o", "--output", required=True, metavar="文件.xlsx", help="要写入的文件")
        p.add_argument("--project", metavar="代码", help="只导出该管理处（管理处代码）；省略时导出全公司")
        p.add_argument("--year", type=int, metavar="年", help="只导出该年度（回访按回访期限、意见按听取时间、建议按提出时间）")
        if name == "revisits":
            p.add_argument("--status", metavar="状态", default="全部", choices=list(TASK_FILTERS),
                           help="只导出该状态：" + "、".join(TASK_FILTERS))
            p.add_argument("--source", metavar="来源", default="全部", choices=list(SOURCE_FILTERS),
                           help="只导出该来源：" + "、".join(SOURCE_FILTERS))
        p.set_defaults(handler=export_revisits, revisits_what=name)


def _project_id(services: "Services", code: str | None) -> int | None:
    if not code:
        return None
    projects = services.settings.projects()
    for p in projects:
        if p.code.upper() == code.strip().upper():
            return p.id
    codes = "、".join(p.code for p in projects) or "无"
    raise DomainError(f"没有代码为「{code}」的管理处（现有：{codes}）")


def export_revisits(services: "Services", args: argparse.Namespace) -> int:
    what = args.revisits_what
    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        raise DomainError(f"输出文件应以 .xlsx 结尾：{out}")
    if args.year is not None and not 2000 <= args.year <= 2100:
        raise DomainError(f"年度「{args.year}」不正确，应为2000–2100之间的年份")
    project_id = _project_id(services, args.project)
    revisits = services.revisits
    try:
        if what == "revisits":
            # Cases imported from a ledger and work orders completed before the list knew them get tasks first.
            created = revisits.sync()
            if created:
                print(f"新建了 {created} 个回访任务（已完成处理的投诉、已完工的维修单）。")
            f = TaskFilter(project_id=project_id, status=args.status, source=args.source)
            if args.year is not None:
                f = f.with_(due_from=date(args.year, 1, 1), due_to=date(args.year, 12, 31))
            count = revisits.page(f, 0, 1).total
            revisits.export_tasks(f, out)
            unit = "个回访任务"
        elif what == "opinions":
            of = OpinionFilter(project_id=project_id, year=args.year)
            count = revisits.opinions.page(of, 0, 1).total
            revisits.opinions.export(of, out)
            unit = "条意见"
        else:
            count = len(revisits.suggestions.list(project_id, args.year))
            revisits.suggestions.export(project_id, args.year, out)
            unit = "条建议"
    except KeyboardInterrupt:
        print("已取消，未写入文件。")
        return 130
    print(f"已导出 {count} {unit}到 {out}")
    return 0

