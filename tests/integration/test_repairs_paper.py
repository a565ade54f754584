"""The repairs area's paper and ledgers read back: 维修派工单 and 设备卡片 (one A4 page, embedded font),
the month's checklist, the four Excel ledgers, the command-line exports, and migration 0004."""

from __future__ import annotations

import argparse
import importlib
from datetime import date, datetime, timedelta
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import inspect, text

from tests.conftest import database_at
from wuye_desktop.cli_repairs import register_exports
from wuye_desktop.domain.errors import DomainError
from wuye_desktop.domain.repairs import (
    Charge,
    DeviceState,
    ItemKind,
    Period,
    PlanKind,
    Source,
    WorkOrderFilter,
)
from wuye_desktop.domain.repairs_drafts import (
    CompletionDraft,
    DefectDraft,
    DeviceDraft,
    DispatchDraft,
    RequestDraft,
)
from wuye_desktop.domain.repairs_records import ItemDraft, PlanDraft, TaskDoneDraft
from wuye_desktop.services.container import Services, open_services
from wuye_desktop.services.paths import DataPaths
from wuye_desktop.storage.db import (
    current_revision,
    head_revision,
    sqlite_url,
)

MIGRATION = importlib.import_module("wuye_desktop.storage.migrations.versions.0004_repairs")
TABLES = {"work_order", "work_order_event", "work_order_material", "device", "device_state_log", "device_document",
          "defect", "accident", "maintenance_plan", "plan_device", "plan_task", "upgrade_proposal", "outsourced_work",
          "quality_check", "stock_item", "stock_movement", "tool_loan", "calibration", "safety_record"}


def pdf_text(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [(p.extract_text() or "") for p in pdf.pages]


def all_fonts_embedded(path: Path) -> bool:
    found = []
    for page in PdfReader(path).pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            found.append(any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")))
    return bool(found) and all(found)


@pytest.fixture
def order(services: Services, clock) -> int:  # type: ignore[no-untyped-def]
    s = services
    pid = s.settings.projects()[0].id
    dev = s.repairs.devices.create(DeviceDraft("JS-01", "1#生活水泵", "给排水", "地下二层水泵房", "CDLF32-80", "南方泵业",
                                               date(2014, 6, 1)), pid, "王建国")
    item = s.repairs.stock.create(ItemDraft(ItemKind.SPARE, "BJ-001", "角阀", "只", "仓库A", 10, "DN15"), pid, "王建国")
    d = s.repairs.orders.register(RequestDraft(clock(), Source.PHONE, "张三", "3栋2单元501", "13800138000",
                                               "卫生间漏水", "给排水管道", description="楼下天花板渗水" * 400,
                                               received_by="陈静", device_id=dev.id), pid, "陈静")
    s.repairs.orders.dispatch(d.id, DispatchDraft("李明", clock(), clock() + timedelta(hours=24)), "王建国")
    s.repairs.orders.take_material(d.id, item.id, 2, "李明")
    clock.advance(hours=3)
    s.repairs.orders.complete(d.id, CompletionDraft(clock(), "更换角阀和软管", "1.5", Charge.CHARGED, "80", "张三",
                                                    "满意", clock() - timedelta(hours=1), "李明"))
    return d.id


def test_work_order_pdf_is_one_page_with_every_fact_and_an_embedded_font(services: Services, order: int,
                                                                        tmp_path: Path) -> None:
    out = services.repairs.paper.work_order_pdf(order, tmp_path / "wo.pdf")
    pages = pdf_text(out)
    assert len(pages) == 1, "a 4,000-character description must not push the form onto a second page"
    page = pages[0]
    for expected in ("维修派工单", "BX-XM-2026-00001", "张三", "3栋2单元501", "13800138000", "卫生间漏水",
                     "JS-01 1#生活水泵", "李明", "更换角阀和软管", "BJ-001", "角阀", "1.5小时", "收费 80.00元",
                     "2026-09-29 23:59", "……"):
        assert expected in page, expected
    assert all_fonts_embedded(out)


def test_device_card_pdf_lists_the_history(services: Services, order: int, tmp_path: Path) -> None:
    s = services
    dev = s.repairs.devices.devices(None)[0]
    s.repairs.defects.report(DefectDraft(dev.id, s.clock(), "李明", "机械密封漏水"), "李明")
    s.repairs.devices.set_state(dev.id, DeviceState.DEGRADED, "王建国", "带病运行待修")
    out = s.repairs.paper.device_card_pdf(dev.id, tmp_path / "card.pdf")
    pages = pdf_text(out)
    assert len(pages) == 1
    for expected in ("设备卡片", "JS-01", "1#生活水泵", "给排水", "南方泵业", "2014-06-01", "带病运行",
                     "机械密封漏水", "BX-XM-2026-00001", "维修"):
        assert expected in pages[0], expected
    assert all_fonts_embedded(out)


def test_month_checklist_marks_done_late_and_overdue(services: Services, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    s = services
    pid = s.settings.projects()[0].id
    dev = s.repairs.devices.create(DeviceDraft("XF-01", "消防报警主机", "消防", "消防中心"), pid, "王建国")
    plan = s.repairs.plans.create(PlanDraft("消防巡检", PlanKind.INSPECTION, Period.WEEKLY, date(2026, 9, 3), (dev.id,),
                                            "报警主机自检"), pid, "王建国", backfill=True)
    tasks = s.repairs.plans.tasks(pid, plan_id=plan.id)
    s.repairs.plans.complete_task(tasks[0].id, TaskDoneDraft(datetime(2026, 9, 3, 10, 0), "李明", "正常"))
    s.repairs.plans.complete_task(tasks[1].id, TaskDoneDraft(datetime(2026, 9, 12, 10, 0), "赵强", "补做"))
    out = s.repairs.paper.checklist_pdf(pid, 2026, 9, tmp_path / "list.pdf")
    page = pdf_text(out)[0]
    assert "2026年9月 保养巡检任务清单" in page and "共4项，已完成2项" in page
    lines = [ln for ln in page.splitlines() if "消防巡检" in ln]
    assert [ln.split()[1] for ln in lines] == ["2026-09-03", "2026-09-10", "2026-09-17", "2026-09-24"]
    assert "√ 李明" in lines[0] and "√ 超时 赵强" in lines[1] and "□ 逾期" in lines[2] and "□" in lines[3]
    assert all_fonts_embedded(out)


def test_ledgers_read_back(services: Services, order: int, tmp_path: Path) -> None:
    s = services
    out = tmp_path / "orders.xlsx"
    assert s.repairs.paper.export_work_orders(WorkOrderFilter(), out) == 1
    ws = load_workbook(out).active
    assert ws["A1"].value == "维修工单台账" and ws.freeze_panes == "A4"
    header = [c.value for c in ws[3]]
    row = dict(zip(header, [c.value for c in ws[4]]))
    assert row["工单编号"] == "BX-XM-2026-00001" and row["报修时间"] == datetime(2026, 9, 24, 9, 0)
    assert row["收费"] == "收费 80.00元" and row["客户签认"] == "张三" and row["工时（小时）"] == "1.5"
    assert row["回访期限"] == datetime(2026, 9, 29, 0, 0) and row["状态"] == "待回访"
    eq = tmp_path / "eq.xlsx"
    s.repairs.paper.export_equipment(None, eq)
    ws = load_workbook(eq).active
    assert [c.value for c in ws[4]][:4] == ["JS-01", "1#生活水泵", "给排水", "地下二层水泵房"]
    parts = tmp_path / "parts.xlsx"
    s.repairs.paper.export_spare_parts(None, parts)
    ws = load_workbook(parts).active
    values = {c.value for c in ws[4]}
    assert {"备品备件", "BJ-001", "角阀", "8"} <= values  # the shared ledger writer writes numbers as text


def test_command_line_exports(services: Services, order: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    exp = sub.add_parser("export").add_subparsers(dest="what")
    register_exports(exp)
    for what, first in (("work-orders", "BX-XM-2026-00001"), ("equipment", "JS-01"), ("spare-parts", "备品备件")):
        out = tmp_path / f"{what}.xlsx"
        args = parser.parse_args(["export", what, "-o", str(out)])
        assert args.handler(services, args) == 0
        assert load_workbook(out).active["A4"].value == first
    args = parser.parse_args(["export", "maintenance-plans", "-o", str(tmp_path / "p.xlsx")])
    assert args.handler(services, args) == 0
    assert "已导出 0 项计划（保养巡检计划）" in capsys.readouterr().out
    args = parser.parse_args(["export", "work-orders", "--month", "2026-13", "-o", str(tmp_path / "x.xlsx")])
    with pytest.raises(DomainError, match="月份「2026-13」格式不正确"):
        args.handler(services, args)
    args = parser.parse_args(["export", "equipment", "--project", "ZZ", "-o", str(tmp_path / "x.xlsx")])
    with pytest.raises(DomainError, match="没有代码为「ZZ」的管理处"):
        args.handler(services, args)


def test_fresh_database_has_the_repairs_tables(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    services = open_services(DataPaths(tmp_path / "fresh"), clock=clock)
    try:
        assert TABLES <= set(inspect(services.engine).get_table_names())
        assert current_revision(services.engine) == head_revision(services.engine)
    finally:
        services.close()


def test_database_at_the_previous_revision_is_upgraded_with_its_data(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    paths = DataPaths(tmp_path / "old").ensure()
    engine = database_at(sqlite_url(paths.database), MIGRATION.down_revision)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO project (id, code, name, households, active) VALUES (7, 'OLD', '老管理处', 321, 1)"))
    assert not TABLES & set(inspect(engine).get_table_names())
    engine.dispose()
    services = open_services(paths, clock=clock)
    try:
        assert TABLES <= set(inspect(services.engine).get_table_names())
        assert list(paths.backups.glob("*before-migration*")), "the old database was not copied before migrating"
        dev = services.repairs.devices.create(DeviceDraft("A-1", "水泵", "给排水", "泵房"), 7, "王建国")
        assert dev.project_id == 7 and services.repairs.orders.page(WorkOrderFilter()).total == 0
    finally:
        services.close()
