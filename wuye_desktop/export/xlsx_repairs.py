"""The supervisor's ledgers as workbooks, formatted like the complaint ledger (same writer: title, header,
widths, frozen header, filter, A4 landscape, write-only so 100,000 work orders stay small)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from wuye_desktop.export.xlsx_complaints import Column, Progress, write_complaint_list

WORK_ORDER_COLUMNS: tuple[Column, ...] = (
    Column("工单编号", 19), Column("报修时间", 17, "datetime"), Column("报修方式", 10), Column("报修人", 10),
    Column("房号/地点", 16), Column("联系电话", 14), Column("维修类别", 11), Column("报修内容", 30),
    Column("紧急程度", 12), Column("状态", 8), Column("维修人员", 10), Column("派工时间", 17, "datetime"),
    Column("限期完工", 17, "datetime"), Column("完工时间", 17, "datetime"), Column("工时（小时）", 11),
    Column("收费", 14), Column("客户签认", 10), Column("回访期限", 12, "date"), Column("回访结果", 10),
    Column("超时环节", 20), Column("管理处", 14),
)

EQUIPMENT_COLUMNS: tuple[Column, ...] = (
    Column("设备编号", 14), Column("设备名称", 22), Column("所属系统", 10), Column("安装位置", 22),
    Column("规格型号", 16), Column("生产厂家", 18), Column("安装日期", 12, "date"), Column("状态", 10),
    Column("未消除缺陷", 10), Column("备注", 30), Column("管理处", 14),
)

PLAN_COLUMNS: tuple[Column, ...] = (
    Column("计划名称", 24), Column("类别", 8), Column("周期", 10), Column("首次日期", 12, "date"),
    Column("结束日期", 12, "date"), Column("完成宽限（天）", 12), Column("设备", 36), Column("保养（巡检）内容", 40),
    Column("负责人", 10), Column("状态", 8), Column("下次日期", 12, "date"), Column("逾期任务", 9),
    Column("管理处", 14),
)

SPARE_COLUMNS: tuple[Column, ...] = (
    Column("类别", 10), Column("编号", 14), Column("名称", 22), Column("规格型号", 16), Column("单位", 6),
    Column("库存数量", 10), Column("借出", 8), Column("在库", 8), Column("补货线", 8), Column("存放位置", 18),
    Column("检定到期", 12, "date"), Column("提示", 18), Column("管理处", 14),
)


def write_work_orders(out: Path, title: str, subtitle: str, rows: Iterable[Sequence[object]], total: int = 0,
                      progress: Progress | None = None) -> int:
    return write_complaint_list(out, title, subtitle, rows, WORK_ORDER_COLUMNS, total, progress, "维修工单")


def write_equipment(out: Path, title: str, subtitle: str, rows: Iterable[Sequence[object]],
                    progress: Progress | None = None) -> int:
    return write_complaint_list(out, title, subtitle, rows, EQUIPMENT_COLUMNS, 0, progress, "设备台账")


def write_plans(out: Path, title: str, subtitle: str, rows: Iterable[Sequence[object]],
                progress: Progress | None = None) -> int:
    return write_complaint_list(out, title, subtitle, rows, PLAN_COLUMNS, 0, progress, "保养计划")


def write_spare_parts(out: Path, title: str, subtitle: str, rows: Iterable[Sequence[object]],
                      progress: Progress | None = None) -> int:
    return write_complaint_list(out, title, subtitle, rows, SPARE_COLUMNS, 0, progress, "工具备件")
