"""The analysis report on the command line (篇2 §9), for a scheduled task on the first working day:

    wuye-desktop [--data-dir D] report --month YYYY-MM | --week YYYY-Www -o FILE.pdf [--project 代码] [--xlsx FILE.xlsx]

``--month 上月`` / ``--week 上周`` take the period before today's, and 「{期间}」 in a file name becomes
the period's code (2026-09, 2026-W40), so one scheduled command writes a new file each time.
"""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from wuye_desktop.domain.analysis import Period, parse_month, parse_week

if TYPE_CHECKING:
    from wuye_desktop.services.container import Services

LAST_MONTH, LAST_WEEK = "上月", "上周"
PLACEHOLDER = "{期间}"


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser(
        "report", help="生成周／月分析报告（PDF，可另存 Excel）",
        description="生成报送董事办、总经办、开发商客户服务部的周／月统计分析报告（篇2 §9），"
                    "可由计划任务在每月第一个工作日运行。")
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--month", metavar="年-月", help=f"统计月份，如 2026-09；「{LAST_MONTH}」表示上一个月")
    when.add_argument("--week", metavar="年-W周", help=f"统计周（ISO 周），如 2026-W40；「{LAST_WEEK}」表示上一周")
    p.add_argument("-o", "--output", required=True, metavar="文件.pdf",
                   help=f"要写入的 PDF 文件；文件名中的「{PLACEHOLDER}」替换为期间，如 2026-09")
    p.add_argument("--xlsx", metavar="文件.xlsx", help="同时把同样的数字写入 Excel 工作簿")
    p.add_argument("--project", metavar="代码", help="只统计该管理处（管理处代码）；省略时统计全公司")
    p.set_defaults(handler=run_report)


def chosen_period(services: "Services", month: str | None, week: str | None) -> Period:
    today = services.clock().date()
    if month is not None and month.strip() == LAST_MONTH:
        return Period.month_of(today).previous()
    if week is not None and week.strip() == LAST_WEEK:
        return Period.week_of(today - timedelta(days=7))
    return parse_month(month) if month is not None else parse_week(week or "")


def _target(text: str | None, period: Period) -> Path | None:
    return Path(text.replace(PLACEHOLDER, period.code)) if text else None


def run_report(services: "Services", args: argparse.Namespace) -> int:
    period = chosen_period(services, args.month, args.week)
    project_id = services.analysis.project_id(args.project)
    written = services.analysis.write(period, project_id, pdf=_target(args.output, period),
                                      xlsx=_target(args.xlsx, period))
    report = written.report
    print(f"已写入 {period.label} {report.title}（{report.scope}）：{written.pdf}")
    if written.xlsx is not None:
        print(f"已写入分析数据（Excel）：{written.xlsx}")
    if report.empty:
        print(f"提示：{report.empty_text}")
    return 0
