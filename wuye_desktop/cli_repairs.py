"""Command-line exports of the repairs area (issue 4):

    wuye-desktop [--data-dir D] export work-orders|equipment|maintenance-plans|spare-parts -o FILE.xlsx

``register_exports(exp_sub)`` adds the four sub-commands to the ``export`` parser of cli_commands.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.domain.repairs import WorkOrderFilter

if TYPE_CHECKING:
    from wuye_desktop.services.container import Services

_WHAT = {
    "work-orders": ("维修工单台账", "条工单"),
    "equipment": ("设备台账", "台设备"),
    "maintenance-plans": ("保养巡检计划", "项计划"),
    "spare-parts": ("工具、仪器仪表、备品备件及图纸资料", "项物品"),
}


def register_exports(exp_sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    for name, (title, _unit) in _WHAT.items():
        p = exp_sub.add_parser(name, help=f"导出{title}（.xlsx）", description=f"把{title}导出为 Excel 工作簿。")
        p.add_argument("-o", "--output", required=True, metavar="文件.xlsx", help="要写入的文件")
        p.add_argument("--project", metavar="代码", help="只导出该管理处（管理处代码）；省略时导出全公司")
        if name == "work-orders":
            p.add_argument("--month", metavar="年-月", help="只导出该月报修的工单，如 2026-09")
            p.add_argument("--open", action="store_true", help="只导出未结单的工单")
        p.set_defaults(handler=export_repairs, repairs_what=name)


def _project_id(services: "Services", code: str | None) -> int | None:
    if not code:
        return None
    projects = services.settings.projects()
    for p in projects:
        if p.code.upper() == code.strip().upper():
            return p.id
    codes = "、".join(p.code for p in projects) or "无"
    raise DomainError(f"没有代码为「{code}」的管理处（现有：{codes}）")


def _month(text: str) -> tuple[date, date]:
    try:
        year, month = (int(x) for x in text.replace("/", "-").split("-"))
        first = date(year, month, 1)
    except ValueError as exc:
        raise DomainError(f"月份「{text}」格式不正确，应为 年-月，如 2026-09") from exc
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, date.fromordinal(nxt.toordinal() - 1)


def export_repairs(services: "Services", args: argparse.Namespace) -> int:
    what = args.repairs_what
    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        raise DomainError(f"输出文件应以 .xlsx 结尾：{out}")
    project_id = _project_id(services, args.project)
    paper = services.repairs.paper
    try:
        if what == "work-orders":
            f = WorkOrderFilter(project_id=project_id, open_only=bool(args.open))
            if args.month:
                first, last = _month(args.month)
                f = f.with_(received_from=first, received_to=last)
            count = paper.export_work_orders(f, out)
        elif what == "equipment":
            count = paper.export_equipment(project_id, out)
        elif what == "maintenance-plans":
            count = paper.export_plans(project_id, out)
        else:
            count = paper.export_spare_parts(project_id, out)
    except KeyboardInterrupt:
        print("已取消，未写入文件。", file=sys.stderr)
        return 130
    title, unit = _WHAT[what]
    print(f"已导出 {count} {unit}（{title}）到 {out}")
    return 0
