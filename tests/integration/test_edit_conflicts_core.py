"""Two clerks on two PCs (two connections to the same SQLite file or the real PostgreSQL) edit the same record
(issue 7): the second save raises EditConflictError with the record as it is now, keyed like the edit input;
a merged save on the new version keeps both clerks' changes; nothing is silently overwritten.
Complaints, clients, form records, users and the settings rows (repairs and revisits: test_edit_conflicts.py)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import database_at
from tests.integration.test_desk_rules import draft
from wuye_desktop.domain import archives as arc
from wuye_desktop.domain.auth import Role
from wuye_desktop.domain.edit_merge import Choice, changes, merged
from wuye_desktop.domain.errors import EditConflictError
from wuye_desktop.formspecs.samples import sample_values
from wuye_desktop.services import archives as archives_service
from wuye_desktop.services import complaints as complaints_service
from wuye_desktop.services.calendar import (
    CalendarEntryView,
    calendar_values,
    entries_from_values,
)
from wuye_desktop.services.container import Services, open_services
from wuye_desktop.services.paths import DataPaths




def merge(error: EditConflictError, base: dict, mine: dict, **choices: Choice) -> dict:
    found = changes(base, mine, error.current, error.labels)
    return merged(mine, found, choices)


def test_complaint_details(any_services: Services, second_pc: Services) -> None:
    a, b = any_services, second_pc
    case = a.complaints.register(draft(), a.settings.projects()[0].id, "张丽")
    opened = a.complaints.get(case.id)
    base = asdict(draft(number=opened.row.number))
    b.complaints.update_details(case.id, draft(phone="13900139000", subject="楼上装修噪音扰民"),
                                b.complaints.get(case.id).row.version)
    mine = dict(base, unit="A座1204", subject="夜间装修噪音")
    with pytest.raises(EditConflictError) as info:
        a.complaints.update_details(case.id, draft(**mine), opened.row.version)
    err = info.value
    assert "已被他人修改" in err.message
    assert err.current["phone"] == "13900139000" and err.current["unit"] == "A座1203"
    assert err.labels["phone"] == "联系电话" and err.labels["subject"] == "投诉主题"
    assert err.current_version == a.complaints.get(case.id).row.version
    assert {c.label for c in changes(base, mine, err.current, err.labels)} == {"联系电话", "房号", "投诉主题"}
    assert a.complaints.get(case.id).row.unit == "A座1203"  # nothing of A's was written by the refused save
    values = merge(err, base, mine, subject=Choice.MINE)
    a.complaints.update_details(case.id, draft(**values), err.current_version)
    row = b.complaints.get(case.id).row
    assert (row.phone, row.unit, row.subject) == ("13900139000", "A座1204", "夜间装修噪音")


def test_client(any_services: Services, second_pc: Services) -> None:
    a, b = any_services, second_pc
    pid = a.settings.projects()[0].id
    client = a.archives.save_client(pid, arc.ClientDraft("王芳", phone="13800000001"))
    base = asdict(arc.ClientDraft("王芳", phone="13800000001"))
    b.archives.save_client(pid, arc.ClientDraft("王芳", phone="13800000001", email="wf@example.com"), client.id,
                           client.version)
    mine = dict(base, address="A座1203", phone="13800000002")
    with pytest.raises(EditConflictError) as info:
        a.archives.save_client(pid, arc.ClientDraft(**mine), client.id, client.version)
    err = info.value
    assert err.current["email"] == "wf@example.com" and err.labels["email"] == "电子邮箱"
    assert b.archives.client(client.id).phone == "13800000001"
    a.archives.save_client(pid, arc.ClientDraft(**merge(err, base, mine)), client.id, err.current_version)
    now = b.archives.client(client.id)
    assert (now.email, now.address, now.phone) == ("wf@example.com", "A座1203", "13800000002")


def test_client_saved_by_another_pc_between_the_check_and_the_flush(any_services: Services, second_pc: Services,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The lost race shows at save_client's flush (before its commit): still the 保存冲突, not an unexpected
    StaleDataError."""
    a, b = any_services, second_pc
    pid = a.settings.projects()[0].id
    client = a.archives.save_client(pid, arc.ClientDraft("王芳"))
    initials = archives_service.pinyin_initials
    raced: list[bool] = []

    def b_saves_first(name: str) -> str:  # runs after a's version check, before its flush
        if not raced:
            raced.append(True)
            b.archives.save_client(pid, arc.ClientDraft("王芳", email="wf@example.com"), client.id, client.version)
        return initials(name)

    monkeypatch.setattr(archives_service, "pinyin_initials", b_saves_first)
    with pytest.raises(EditConflictError) as info:
        a.archives.save_client(pid, arc.ClientDraft("王芳", address="A座1203"), client.id, client.version)
    assert info.value.current["email"] == "wf@example.com" and info.value.current_version > client.version
    assert (b.archives.client(client.id).address, raced) == ("", [True])


def test_form_record(any_services: Services, second_pc: Services) -> None:
    a, b = any_services, second_pc
    pid = a.settings.projects()[0].id
    number = "qms-pm-31306"
    record = a.form_records.save(number, sample_values(a.form_records.spec(number), 3), pid, "陈静")
    base = dict(record.values)
    b.form_records.save(number, dict(base, car_colour="白色"), pid, "李明", record_id=record.id,
                        expected_version=record.version)
    mine = dict(base, space_no="B-018")
    with pytest.raises(EditConflictError) as info:
        a.form_records.save(number, mine, pid, "陈静", record_id=record.id, expected_version=record.version)
    err = info.value
    assert err.current["car_colour"] == "白色" and err.labels["car_colour"] == "车身颜色"
    assert {c.label for c in changes(base, mine, err.current, err.labels)} == {"车身颜色", "车位编号"}
    a.form_records.save(number, merge(err, base, mine), pid, "陈静", record_id=record.id,
                        expected_version=err.current_version)
    now = b.form_records.get(record.id).values
    assert (now["car_colour"], now["space_no"]) == ("白色", "B-018")


def test_form_record_saved_by_another_pc_between_the_check_and_the_flush(
        any_services: Services, second_pc: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = any_services, second_pc
    pid = a.settings.projects()[0].id
    number = "qms-pm-31306"
    record = a.form_records.save(number, sample_values(a.form_records.spec(number), 3), pid, "陈静")
    base = dict(record.values)
    unit_for = a.form_records._unit_for

    def b_saves_first(*args: object) -> object:  # runs after a's version check, before its flush
        monkeypatch.undo()
        b.form_records.save(number, dict(base, car_colour="白色"), pid, "李明", record_id=record.id)
        return unit_for(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(a.form_records, "_unit_for", b_saves_first)
    with pytest.raises(EditConflictError) as info:
        a.form_records.save(number, dict(base, space_no="B-018"), pid, "陈静", record_id=record.id,
                            expected_version=record.version)
    assert info.value.current["car_colour"] == "白色"
    assert b.form_records.get(record.id).values["space_no"] == base["space_no"]


def test_complaint_details_saved_by_another_pc_between_the_check_and_the_flush(
        any_services: Services, second_pc: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = any_services, second_pc
    case = a.complaints.register(draft(), a.settings.projects()[0].id, "张丽")
    opened = a.complaints.get(case.id)
    initials = complaints_service.pinyin_initials

    def b_saves_first(name: str) -> str:  # runs after a's version check, before its flush
        monkeypatch.undo()
        b.complaints.update_details(case.id, draft(phone="13900139000"), b.complaints.get(case.id).row.version)
        return initials(name)

    monkeypatch.setattr(complaints_service, "pinyin_initials", b_saves_first)
    with pytest.raises(EditConflictError) as info:
        a.complaints.update_details(case.id, draft(number=opened.row.number, unit="A座1204"), opened.row.version)
    assert info.value.current["phone"] == "13900139000"
    assert b.complaints.get(case.id).row.unit == "A座1203"


def test_user(any_services: Services, second_pc: Services) -> None:
    a, b = any_services, second_pc
    a.auth.create_first_admin("管理员", "admin-pass1", "admin-pass1")
    b.auth.sign_in_as("管理员二", Role.ADMIN)
    user = a.auth.save_user("张丽", Role.FRONT_DESK, password="start-pass1", repeat="start-pass1")
    pid = a.settings.projects()[0].id
    base = {"name": "张丽", "role": Role.FRONT_DESK, "project_id": None, "active": True}
    b.auth.save_user("张丽", Role.OFFICE_HEAD, user_id=user.id, expected_version=user.version)
    mine = dict(base, project_id=pid)
    with pytest.raises(EditConflictError) as info:
        a.auth.save_user(**mine, user_id=user.id, expected_version=user.version)
    err = info.value
    assert err.current["role"] is Role.OFFICE_HEAD and err.labels["role"] == "角色"
    a.auth.save_user(**merge(err, base, mine), user_id=user.id, expected_version=err.current_version)
    now = {u.name: u for u in b.auth.users()}["张丽"]
    assert (now.role, now.project_id) == (Role.OFFICE_HEAD, pid)


def test_project_department_and_staff(any_services: Services, second_pc: Services) -> None:
    a, b = any_services, second_pc
    p = a.settings.projects()[0]
    b.settings.save_project(p.name, p.code, 1200, project_id=p.id, expected_version=p.version)
    with pytest.raises(EditConflictError) as info:
        a.settings.save_project("华苑管理处", p.code, p.households, project_id=p.id, expected_version=p.version)
    err = info.value
    assert err.current["households"] == 1200 and err.labels["households"] == "服务户数"
    base = {"name": p.name, "code": p.code, "households": p.households, "active": True}
    values = merge(err, base, dict(base, name="华苑管理处"))
    a.settings.save_project(**values, project_id=p.id, expected_version=err.current_version)
    assert (b.settings.project(p.id).name, b.settings.project(p.id).households) == ("华苑管理处", 1200)

    d = a.settings.save_department("维修部")
    b.settings.save_department("维修部", d.id, active=False, expected_version=d.version)
    with pytest.raises(EditConflictError) as info:
        a.settings.save_department("工程维修部", d.id, expected_version=d.version)
    assert info.value.current == {"name": "维修部", "active": False}
    values = merge(info.value, {"name": "维修部", "active": True}, {"name": "工程维修部", "active": True})
    a.settings.save_department(values["name"], d.id, active=values["active"],
                               expected_version=info.value.current_version)
    now = {x.id: x for x in b.settings.departments(include_inactive=True)}[d.id]
    assert (now.name, now.active) == ("工程维修部", False)

    s = a.settings.save_staff("赵强", d.id, "", p.id)
    b.settings.save_staff("赵强", d.id, "13700000000", p.id, staff_id=s.id, expected_version=s.version)
    with pytest.raises(EditConflictError) as info:
        a.settings.save_staff("赵强", None, "13600000000", p.id, staff_id=s.id, expected_version=s.version)
    err = info.value
    base = {"name": "赵强", "department_id": d.id, "phone": "", "project_id": p.id, "active": True}
    mine = dict(base, department_id=None, phone="13600000000")
    assert [c.label for c in changes(base, mine, err.current, err.labels)] == ["部门", "联系电话"]
    values = merge(err, base, mine, phone=Choice.THEIRS)
    a.settings.save_staff(**values, staff_id=s.id, expected_version=err.current_version)
    now = [x for x in b.settings.staff(include_inactive=True) if x.id == s.id][0]
    assert (now.department_id, now.phone) == (None, "13700000000")


def test_company_name(any_services: Services, second_pc: Services) -> None:
    a, b = any_services, second_pc
    version = a.settings.company_version()
    b.settings.set_company_name("华苑物业服务有限公司", b.settings.company_version())
    with pytest.raises(EditConflictError) as info:
        a.settings.set_company_name("华苑物业", version)
    assert info.value.current == {"company_name": "华苑物业服务有限公司"}
    assert b.settings.company_name() == "华苑物业服务有限公司"
    a.settings.set_company_name("华苑物业", info.value.current_version)
    assert b.settings.company_name() == "华苑物业"


def test_office_calendar_year(any_services: Services, second_pc: Services) -> None:
    a, b = any_services, second_pc
    holiday = CalendarEntryView(date(2027, 1, 1), False, "元旦")
    a.calendar.save_year(2027, [holiday], False, a.calendar.year_version(2027))
    opened = a.calendar.year_version(2027)
    base = calendar_values(a.calendar.entries(2027), False)
    spring = CalendarEntryView(date(2027, 2, 6), True, "春节调休")
    b.calendar.save_year(2027, [holiday, spring], True, b.calendar.year_version(2027))
    national = CalendarEntryView(date(2027, 10, 1), False, "国庆节")
    mine = calendar_values([holiday, national], False)
    with pytest.raises(EditConflictError) as info:
        a.calendar.save_year(2027, entries_from_values(mine)[0], False, opened)
    err = info.value
    assert err.current["2027-02-06"] == "调休上班：春节调休" and err.current["confirmed"] is True
    assert err.labels["2027-02-06"] == "2027-02-06（周六）"
    assert b.calendar.entries(2027) == [holiday, spring]  # the refused save replaced nothing
    mine = {k: None for k in err.current} | mine
    entries, confirmed = entries_from_values(merge(err, base, mine, confirmed=Choice.THEIRS))
    a.calendar.save_year(2027, entries, confirmed, err.current_version)
    assert b.calendar.entries(2027) == [holiday, spring, national]
    assert b.calendar.year_status(2027).office_entered  # marked complete, as B saved it
    assert 2027 in b.calendar.calendar().office_years


def test_saves_on_the_version_each_save_returned_never_conflict(any_services: Services) -> None:
    p = any_services.settings.projects()[0]
    p2 = any_services.settings.save_project(p.name, p.code, 10, project_id=p.id, expected_version=p.version)
    p3 = any_services.settings.save_project(p.name, p.code, 20, project_id=p.id, expected_version=p2.version)
    assert p3.version == p2.version + 1 and p3.households == 20
    v1 = any_services.calendar.save_year(2027, [], False, any_services.calendar.year_version(2027))
    v2 = any_services.calendar.save_year(2027, [], True, v1)
    assert v2 == v1 + 1


def test_unit(any_services: Services, second_pc: Services) -> None:
    a, b = any_services, second_pc
    pid = a.settings.projects()[0].id
    unit = a.archives.save_unit(pid, arc.UnitDraft("A座", "1203", floor_area="88.50"))
    b.archives.save_unit(pid, arc.UnitDraft("A座", "1203", floor_area="89.20"), unit.id, unit.version)
    with pytest.raises(EditConflictError) as info:
        a.archives.save_unit(pid, arc.UnitDraft("A座", "1203", floor_area="88.50", remarks="朝南"), unit.id,
                             unit.version)
    err = info.value
    assert str(err.current["floor_area"]) == "89.20" and err.labels["floor_area"] == "建筑面积（㎡）"
    assert b.archives.unit(unit.id).remarks == ""
    a.archives.save_unit(pid, arc.UnitDraft("A座", "1203", floor_area=err.current["floor_area"], remarks="朝南"),
                         unit.id, err.current_version)
    now = b.archives.unit(unit.id)
    assert (str(now.floor_area), now.remarks) == ("89.20", "朝南")


def test_an_office_at_the_revision_before_0008_gets_version_1_and_is_locked_from_then_on(
        tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    import importlib

    from sqlalchemy import text

    from wuye_desktop.storage.db import sqlite_url

    migration = importlib.import_module("wuye_desktop.storage.migrations.versions.0008_edit_versions")
    paths = DataPaths(tmp_path / "old").ensure()
    engine = database_at(sqlite_url(paths.database), migration.down_revision)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO project (id, code, name, households, active) VALUES (7, 'OLD', '老管理处', 321, 1)"))
        conn.execute(text("INSERT INTO department (id, name, active) VALUES (3, '工程部', 1)"))
        conn.execute(text("INSERT INTO setting (key, value) VALUES ('company_name', '老物业')"))
    engine.dispose()

    a = open_services(paths, clock=clock)
    b = open_services(paths, clock=clock)
    try:
        project = a.settings.project(7)
        assert project.version == 1 and a.settings.company_version() == 1
        assert [d.version for d in a.settings.departments()] == [1]
        b.settings.save_project("老管理处", "OLD", 400, project_id=7, expected_version=1)
        with pytest.raises(EditConflictError):
            a.settings.save_project("新管理处", "OLD", 321, project_id=7, expected_version=1)
        assert b.settings.project(7).households == 400
    finally:
        a.close()
        b.close()
