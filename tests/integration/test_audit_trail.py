"""The audit trail of every service on SQLite and PostgreSQL: who, when, which record, field, old → new,
in the same transaction, append-only; the recycle bin; the workbook export; Chinese names for every
table and column the viewer can show."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from wuye_desktop.domain.auth import Role
from wuye_desktop.domain.complaint import Action
from wuye_desktop.domain.errors import DomainError, ValidationError
from wuye_desktop.services.audit import AuditFilter
from wuye_desktop.services.audit_labels import COLUMNS, TABLES
from wuye_desktop.services.complaints import StepInput
from wuye_desktop.services.container import Services
from wuye_desktop.storage.audit import acting_as
from wuye_desktop.storage.models import ComplaintRow
from wuye_desktop.storage.schema import Base
from tests.integration.test_desk_rules import draft


def lines(s: Services, **kw: str) -> list[tuple[str, str, str, str, str, str]]:
    """(actor, action, table, record, field, new) of the trail, oldest first, as the viewer gives them."""
    s.auth.sign_in_as("审计员", Role.ADMIN)
    page = s.audit.page(AuditFilter(**kw), 0, 5000)  # type: ignore[arg-type]
    return [(e.actor, e.action, e.table_name, e.record_id, e.field, e.new) for e in reversed(page.rows)]


def project(s: Services) -> int:
    return s.settings.projects()[0].id


def test_complaint_register_and_step_are_logged_with_the_user_and_the_service_clock(any_services, clock) -> None:
    s = any_services
    s.auth.sign_in_as("张丽", Role.FRONT_DESK)
    case = s.complaints.register(draft(), project(s), "张丽")
    clock.set(datetime(2026, 9, 24, 10, 0))
    s.complaints.act(case.id, StepInput(Action.DISPATCH, "张丽", data={"department": "保安部",
                                                                    "due_at": "2026-09-24 18:00"}))
    s.auth.sign_in_as("审计员", Role.ADMIN)
    page = s.audit.page(AuditFilter(table="complaint"), 0, 100)
    inserted = [e for e in page.rows if e.action == "新增"]
    assert len(inserted) == 1 and inserted[0].actor == "张丽" and inserted[0].record_id == str(case.id)
    assert "投诉人：张三" in inserted[0].new and "联系电话：13800138000" in inserted[0].new
    assert inserted[0].at == datetime(2026, 9, 24, 9, 0)
    state = [e for e in page.rows if e.field == "状态" and e.at == datetime(2026, 9, 24, 10, 0)]
    assert [(e.actor, e.old, e.new) for e in state] == [("张丽", "前台处理中", "已派单")]
    dept = [e for e in page.rows if e.field == "部门"]
    assert [(e.old, e.new) for e in dept] == [("", "保安部")]
    events = s.audit.page(AuditFilter(table="complaint_event"), 0, 100).rows
    assert {e.table for e in events} == {"投诉处理过程"}
    assert any("操作：派单" in e.new for e in events)
    # The list columns recomputed by every step are not logged (they would bury the facts).
    assert not [e for e in page.rows if e.field in ("下一期限", "未完成环节", "超时环节")]


def test_correcting_the_registered_facts_logs_old_and_new(any_services) -> None:
    s = any_services
    s.auth.sign_in_as("张丽", Role.FRONT_DESK)
    case = s.complaints.register(draft(), project(s), "张丽")
    detail = s.complaints.get(case.id)
    s.complaints.update_details(case.id, draft(phone="13900139000", unit="A座1204"), detail.row.version)
    got = [(a, f, n) for a, act, t, _r, f, n in lines(s, table="complaint") if act == "修改" and f in ("联系电话", "房号")]
    assert ("张丽", "联系电话", "13900139000") in got and ("张丽", "房号", "A座1204") in got
    old = [e.old for e in s.audit.page(AuditFilter(table="complaint", text="13900139000"), 0, 10).rows
           if e.field == "联系电话"]
    assert old == ["13800138000"]


def test_settings_changes_are_logged(any_services) -> None:
    s = any_services
    s.auth.sign_in_as("陈主任", Role.OFFICE_HEAD)
    s.settings.set_company_name("海悦物业")
    s.settings.save_project("海悦花园", "HY", 120)
    got = lines(s)
    assert ("陈主任", "修改", "setting", "company_name", "值", "海悦物业") in got or \
        ("陈主任", "新增", "setting", "company_name", "", "项目：company_name；值：海悦物业；版本：1") in got
    assert any(a == "陈主任" and act == "新增" and t == "project" and "海悦花园" in n for a, act, t, _r, _f, n in got)


def test_repairs_are_logged(any_services) -> None:
    from tests.integration.test_repairs_flow import request

    s = any_services
    s.auth.sign_in_as("王建国", Role.REPAIR_SUPERVISOR)
    order = s.repairs.orders.register(request(s), project(s), "王建国")
    s.repairs.orders.note(order.id, "已电话联系住户", "王建国")
    got = lines(s)
    assert any(a == "王建国" and act == "新增" and t == "work_order" and r == str(order.id)
               for a, act, t, r, _f, _n in got)
    assert any(a == "王建国" and t == "work_order_event" and "已电话联系住户" in n for a, _x, t, _r, _f, n in got)


def test_revisits_are_logged(any_services, clock) -> None:
    from tests.integration.test_revisit_flow import complete_case, only_task, revisit

    s = any_services
    s.auth.sign_in_as("王前台", Role.FRONT_DESK)
    case_id = complete_case(s, clock, datetime(2026, 9, 24, 8, 0), datetime(2026, 9, 24, 15, 0))
    task = only_task(s, case_id)
    clock.set(datetime(2026, 9, 28, 10, 0))
    s.revisits.record(task.id, revisit())
    got = lines(s, table="revisit_task")
    assert any(a == "王前台" and act == "新增" for a, act, *_ in got)
    assert any(a == "王前台" and act == "修改" and f == "满意度" and n == "满意" for a, act, _t, _r, f, n in got)


def test_archives_are_logged(any_services) -> None:
    arc = pytest.importorskip("wuye_desktop.domain.archives")
    s = any_services
    s.auth.sign_in_as("张丽", Role.FRONT_DESK)
    client = s.archives.save_client(project(s), arc.ClientDraft("王小伟", "个人", phone="13800138000"))
    got = lines(s, table="archive_client")
    assert any(a == "张丽" and act == "新增" and r == str(client.id) and "王小伟" in n for a, act, _t, r, _f, n in got)


def test_a_refused_save_leaves_no_trail(any_services) -> None:
    """The trail is written in the save's own transaction: what is rolled back is not logged."""
    s = any_services
    s.auth.sign_in_as("张丽", Role.FRONT_DESK)
    case = s.complaints.register(draft(), project(s), "张丽")
    s.auth.sign_in_as("部门小李", Role.DEPARTMENT)
    before = s.audit.last_id()
    with pytest.raises(DomainError) as info:  # a department may not dispatch: rolled back
        s.complaints.act(case.id, StepInput(Action.DISPATCH, "部门小李", data={"department": "工程部",
                                                                          "due_at": "2026-09-24 18:00"}))
    assert "没有「派单」的权限" in info.value.message
    assert s.audit.last_id() == before
    assert s.complaints.get(case.id).row.state == "前台处理中"
    with pytest.raises(ValidationError):
        s.settings.set_company_name("")
    assert s.audit.last_id() == before


def test_the_trail_is_append_only_in_the_database(any_services) -> None:
    s = any_services
    s.settings.set_company_name("海悦物业")
    for sql in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError) as info, s.engine.begin() as conn:
            conn.execute(text(sql))
        assert "审计日志只能追加" in str(info.value)
    if s.engine.dialect.name == "postgresql":
        with pytest.raises(DBAPIError), s.engine.begin() as conn:
            conn.execute(text("TRUNCATE audit_log"))
    assert s.audit.last_id() > 0
    assert not [name for name in dir(s.audit) if name.startswith(("update", "delete_", "edit", "remove", "change_"))]


def test_bulk_import_is_one_summary_line_and_the_actor_can_be_a_job(any_services, tmp_path: Path) -> None:
    s = any_services
    rows = [[datetime(2025, 3, i % 28 + 1, 9, 0), f"住户{i}", f"A座{i}", "13800138000", "噪音", "装修噪音",
             "", None, None] for i in range(40)]
    preview = s.complaint_excel.preview_import(_ledger(tmp_path / "l.xlsx", LEDGER_HEADER, rows), project(s))
    assert not preview.errors
    with acting_as("台账导入"):
        s.complaint_excel.commit_import(preview, "台账导入")
    got = [(a, act, t, s_) for a, act, t, _r, _f, s_ in lines(s) if act == "批量新增"]
    assert ("台账导入", "批量新增", "complaint", "") in got
    notes = [e.note for e in s.audit.page(AuditFilter(action="批量新增"), 0, 10).rows]
    assert "批量新增 40 行" in notes


LEDGER_HEADER = ["受理时间", "投诉人", "房号", "联系电话", "投诉主题", "投诉类别", "责任部门", "派单时间", "完成时间"]


def _ledger(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_a_deleted_case_goes_to_the_recycle_bin_and_comes_back_whole(any_services) -> None:
    s = any_services
    case = s.complaints.register(draft(), project(s), "张丽")
    s.complaints.act(case.id, StepInput(Action.VERIFY, "张丽", note="已核实"))
    with s.uow() as uow, acting_as("陈主任"):
        uow.session.delete(uow.session.get(ComplaintRow, case.id))
        uow.commit()
    with pytest.raises(DomainError):
        s.complaints.get(case.id)
    s.auth.sign_in_as("陈主任", Role.OFFICE_HEAD)
    with pytest.raises(DomainError) as denied:  # restoring is the administrator's
        s.audit.deleted()
    assert "恢复已删除的记录" in denied.value.message
    s.auth.sign_in_as("管理员", Role.ADMIN)
    groups = s.audit.deleted()
    assert len(groups) == 1 and groups[0].deleted_by == "陈主任"
    assert [i.table for i in groups[0].items] == ["投诉", "投诉处理过程", "投诉处理过程", "投诉处理过程"]
    assert s.audit.restore_deleted(groups[0].txn) == 4
    back = s.complaints.get(case.id)
    assert back.row.number == case.row.number
    assert [e.action.value for e in back.events] == ["受理", "交前台", "核实"]
    assert s.audit.deleted() == []
    with pytest.raises(DomainError):
        s.audit.restore_deleted(groups[0].txn)
    assert any(act == "恢复" and t == "complaint" for _a, act, t, *_ in lines(s))


def test_only_the_administrator_empties_the_bin(any_services) -> None:
    s = any_services
    case = s.complaints.register(draft(), project(s), "张丽")
    with s.uow() as uow:
        uow.session.delete(uow.session.get(ComplaintRow, case.id))
        uow.commit()
    s.auth.sign_in_as("管理员", Role.ADMIN)
    txn = s.audit.deleted()[0].txn
    s.auth.sign_in_as("陈主任", Role.OFFICE_HEAD)
    with pytest.raises(DomainError):
        s.audit.purge_deleted(txn)
    s.auth.sign_in_as("管理员", Role.ADMIN)
    assert s.audit.purge_deleted(txn) == 3
    assert s.audit.deleted() == []
    assert ("管理员", "永久删除") in {(a, act) for a, act, *_ in lines(s)}


def test_the_audit_workbook_and_its_own_line(any_services, tmp_path: Path) -> None:
    s = any_services
    s.auth.sign_in_as("陈主任", Role.OFFICE_HEAD)
    s.settings.set_company_name("海悦物业")
    s.settings.set_company_name("=HYPERLINK(\"http://x\",\"点我\")")  # a change: new value alone in its cell
    out = tmp_path / "审计.xlsx"
    count = s.audit.export(AuditFilter(), out)
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == "审计日志"
    header = [c.value for c in ws[3]]
    assert header[:8] == ["时间", "操作人", "操作", "数据", "记录编号", "字段", "原值", "新值"]
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert len(values) == count >= 1
    formula = [r for r in values if r[7] and str(r[7]).startswith("=HYPERLINK")]
    assert formula, "the company name change is in the workbook"
    cell = next(c for row in ws.iter_rows(min_row=4) for c in row if str(c.value or "").startswith("=HYPERLINK"))
    assert cell.data_type == "s" and cell.quotePrefix  # shown as typed, never run
    assert any(e.action == "导出" and "导出审计日志" in e.note for e in s.audit.page(AuditFilter(), 0, 5).rows)


def test_other_roles_cannot_read_the_trail(any_services) -> None:
    s = any_services
    for role in (Role.FRONT_DESK, Role.PROPERTY_CLERK, Role.DEPARTMENT, Role.REPAIR_SUPERVISOR):
        s.auth.sign_in_as(f"用户{role.name}", role)
        with pytest.raises(DomainError) as info:
            s.audit.page(AuditFilter())
        assert "没有「查看审计日志」的权限" in info.value.message


def test_what_changed_meanwhile_names_the_other_clerk_and_step(any_services, clock) -> None:
    s = any_services
    case = s.complaints.register(draft(), project(s), "张丽")
    opened = s.complaints.get(case.id).row.version
    clock.set(datetime(2026, 9, 24, 9, 30))
    with acting_as("王五"):
        s.complaints.act(case.id, StepInput(Action.DISPATCH, "王五", data={"department": "工程部",
                                                                        "due_at": "2026-09-24 18:00"}))
    text_ = s.audit.describe_changes("complaint", case.id, opened)
    assert "09-24 09:30 王五 记录了「派单」，经办人王五" in text_
    assert "把「状态」由「前台处理中」改为「已派单」" in text_


def test_every_table_and_column_has_a_chinese_name() -> None:
    missing_tables = sorted(set(Base.metadata.tables) - set(TABLES))
    missing_columns = sorted({c.name for t in Base.metadata.tables.values() for c in t.c} - set(COLUMNS))
    assert not missing_tables, f"add to services/audit_labels.TABLES: {missing_tables}"
    assert not missing_columns, f"add to services/audit_labels.COLUMNS: {missing_columns}"


def test_exports_with_whole_personal_data_are_logged(any_services, tmp_path: Path) -> None:
    from wuye_desktop.domain.listing import ComplaintFilter

    s = any_services
    s.complaints.register(draft(), project(s), "张丽")
    s.auth.sign_in_as("陈主任", Role.OFFICE_HEAD)
    assert s.complaint_excel.export_list(ComplaintFilter(), tmp_path / "清单.xlsx") == 1
    notes = [(e.actor, e.note) for e in s.audit.page(AuditFilter(action="导出"), 0, 10).rows]
    assert ("陈主任", "导出投诉清单（含姓名、电话） 1 条到 清单.xlsx（含完整个人资料）") in notes


def test_whole_id_numbers_leave_the_program_only_for_roles_allowed_to_export_them(any_services,
                                                                                   tmp_path: Path) -> None:
    arc = pytest.importorskip("wuye_desktop.domain.archives")
    from wuye_desktop.storage import archive_queries as aq

    s = any_services
    s.archives.save_client(project(s), arc.ClientDraft("王小伟", "个人", phone="13800138000"))
    query = aq.ClientQuery(project_id=project(s))
    s.auth.sign_in_as("张丽", Role.FRONT_DESK)
    assert s.archive_excel.export_clients(query, tmp_path / "masked.xlsx", "张丽") == 1  # masked: allowed
    with pytest.raises(DomainError) as info:
        s.archive_excel.export_clients(query, tmp_path / "whole.xlsx", "张丽", whole=True)
    assert "没有「导出完整个人资料」的权限" in info.value.message and not (tmp_path / "whole.xlsx").exists()
    s.auth.sign_in_as("陈主任", Role.OFFICE_HEAD)
    assert s.archive_excel.export_clients(query, tmp_path / "whole.xlsx", "陈主任", whole=True) == 1
