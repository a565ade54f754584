"""Units, clients, stays, archive records and the archive screens' data — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from wuye_desktop.domain import archives as arc
from wuye_desktop.domain.complaint import Action, Channel, Kind
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.domain.repairs import Source
from wuye_desktop.domain.repairs_drafts import RequestDraft
from wuye_desktop.services.complaints import StepInput
from wuye_desktop.services.container import Services
from wuye_desktop.storage.archive_queries import ClientQuery, UnitQuery

ID_WANG = "110101199003091234"  # a valid 居民身份证 number (checksum 4)


@pytest.fixture
def pid(any_services: Services) -> int:
    return any_services.settings.projects()[0].id


def household(svc: Services, pid: int, unit: str = "A座1203", name: str = "王伟", role: str = "业主",
              move_in: date = date(2025, 3, 1), **client: object) -> tuple[int, int, int]:
    parsed = arc.parse_unit(unit)
    assert parsed is not None
    found = svc.archives.find_unit(pid, unit)
    u = found or svc.archives.save_unit(pid, arc.UnitDraft(parsed.building, parsed.room, "住宅", parsed.entrance,
                                                           floor_area="89.5"))
    c = svc.archives.save_client(pid, arc.ClientDraft(name, **client))  # type: ignore[arg-type]
    st = svc.archives.move_in(arc.OccupancyDraft(u.id, c.id, role, move_in), "陈静")
    return u.id, c.id, st.id


def test_units_are_registered_once_and_listed_by_building_floor_room(any_services: Services, pid: int) -> None:
    a = any_services.archives
    for building, room in (("B座", "0801"), ("A座", "1203"), ("A座", "0302")):
        a.save_unit(pid, arc.UnitDraft(building, room, "写字间"))
    with pytest.raises(ValidationError) as caught:
        a.save_unit(pid, arc.UnitDraft("a座", "1203"))
    assert caught.value.errors == {"room": "房屋「a座1203」已登记"}
    page = a.units(UnitQuery(pid))
    assert [u.label for u in page.rows] == ["A座0302", "A座1203", "B座0801"]
    assert [u.floor for u in page.rows] == [3, 12, 8]
    assert a.units(UnitQuery(pid, search="1203")).total == 1
    assert a.buildings(pid) == ["A座", "B座"]


def test_a_household_that_leaves_keeps_its_archive_as_retired(any_services: Services, pid: int,
                                                               clock: FakeClock) -> None:
    a = any_services.archives
    unit_id, old_id, stay_id = household(any_services, pid, name="李明", role="租户", move_in=date(2024, 1, 1))
    a.add_entry(arc.EntryDraft("correspondence", date(2025, 6, 1), "催缴物业费通知"), client_id=old_id, unit_id=unit_id)
    a.move_out(stay_id, date(2026, 8, 31), "陈静", "租约到期")
    _, new_id, _ = household(any_services, pid, name="张芳", role="租户", move_in=date(2026, 9, 1))

    unit = a.unit_archive(unit_id, "陈静")
    states = {(s.client_name, s.state) for s in unit.stays}
    assert states == {("李明", "退场"), ("张芳", "在住")}
    assert unit.unit.occupants == "张芳"
    assert [i.title for i in unit.items["correspondence"]] == ["催缴物业费通知"]  # never deleted
    assert any(i.title == "李明迁出" and i.status == "退场" for i in unit.items["move_in"])
    old = a.client(old_id)
    assert (old.state, old.units) == ("退场", "A座1203")
    assert a.clients(ClientQuery(pid, state="退场")).total == 1
    assert a.clients(ClientQuery(pid, state="在住")).total == 1
    with pytest.raises(ValidationError) as caught:
        a.move_out(stay_id, date(2026, 9, 1), "陈静")
    assert caught.value.errors["move_out"] == "已于 2026-08-31 迁出"


def test_clients_are_found_by_name_initials_unit_phone_and_id_tail(any_services: Services, pid: int) -> None:
    household(any_services, pid, name="王伟", id_type="居民身份证", id_no=ID_WANG, phone="13800138000")
    household(any_services, pid, unit="3栋2单元501", name="深圳市华信科技有限公司", kind="单位", contact="张三")
    a = any_services.archives

    def names(text: str) -> list[str]:
        return [c.name for c in a.clients(ClientQuery(pid, search=text)).rows]

    assert names("王") == ["王伟"]
    assert names("ww") == ["王伟"]           # pinyin initials
    assert names("zs") == ["深圳市华信科技有限公司"]  # the contact person's initials
    assert names("1203") == ["王伟"]
    assert names("3栋2单元") == ["深圳市华信科技有限公司"]
    assert names("8000") == ["王伟"]
    assert names("1234") == ["王伟"]         # last digits of the ID number
    assert names("华信 501") == ["深圳市华信科技有限公司"]
    view = a.clients(ClientQuery(pid, search="王伟")).rows[0]
    assert view.id_masked == "110***********1234" and view.phone_masked == "138****8000"
    assert view.id_no == ID_WANG  # whole in the record


def test_the_same_id_number_cannot_be_two_clients(any_services: Services, pid: int) -> None:
    household(any_services, pid, id_type="居民身份证", id_no=ID_WANG)
    with pytest.raises(ValidationError) as caught:
        any_services.archives.save_client(pid, arc.ClientDraft("王小伟", "个人", "居民身份证", ID_WANG))
    assert caught.value.errors == {"id_no": "证件号码已登记在客户「王伟」名下"}


def test_only_companies_have_employees(any_services: Services, pid: int) -> None:
    _, person, _ = household(any_services, pid)
    with pytest.raises(ValidationError) as caught:
        any_services.archives.save_employee(person, arc.EmployeeDraft("赵强"))
    assert "只有单位客户才有员工" in caught.value.errors["name"]
    _, company, _ = household(any_services, pid, unit="B座0801", name="安达物流有限公司", kind="单位")
    e = any_services.archives.save_employee(company, arc.EmployeeDraft("赵强", "行政主管"))
    left = any_services.archives.employee_left(e.id, date(2026, 9, 20), "辞职")
    assert left.state == "已辞职"


def test_fee_deposits_held_and_returned_and_scans_in_the_archive(any_services: Services, pid: int,
                                                                  tmp_path: Path) -> None:
    a = any_services.archives
    unit_id, client_id, _ = household(any_services, pid)
    dep = a.add_entry(arc.EntryDraft("fees", date(2026, 3, 2), "装修押金", amount="3000", deposit=True,
                                     reference="SJ100234"), client_id=client_id, unit_id=unit_id)
    a.add_entry(arc.EntryDraft("fees", date(2026, 9, 1), "2026年9月物业费", amount="1250.50"), client_id=client_id)
    a.add_entry(arc.EntryDraft("violations", date(2026, 7, 1), "欠缴物业费两个月", amount="2501.00"),
                client_id=client_id)
    scan = tmp_path / "押金收据.jpg"
    scan.write_bytes(b"\xff\xd8\xff scan")
    att = a.add_attachment(scan, "陈静", entry_id=dep.id)
    assert Path(att.path).read_bytes() == b"\xff\xd8\xff scan" and Path(att.path).name != scan.name
    a.return_deposit(dep.id, date(2026, 9, 20), "陈静")
    archive = a.client_archive(client_id, "陈静")
    fees = {i.title: i for i in archive.items["fees"]}
    assert fees["装修押金"].status == "已退还 2026-09-20" and fees["装修押金"].attachments == 1
    assert fees["装修押金"].amount == Decimal("3000.00")
    assert fees["2026年9月物业费"].status == ""
    assert archive.items["violations"][0].amount == Decimal("2501.00")
    with pytest.raises(ValidationError):
        a.return_deposit(dep.id, date(2026, 9, 21), "陈静")
    with pytest.raises(ValidationError) as caught:
        a.add_attachment(tmp_path / "不存在.pdf", "陈静", entry_id=dep.id)
    assert "找不到文件" in caught.value.errors["file"]


def test_every_view_of_an_archive_is_logged(any_services: Services, pid: int, clock: FakeClock) -> None:
    a = any_services.archives
    unit_id, client_id, _ = household(any_services, pid)
    a.client_archive(client_id, "陈静")
    clock.advance(minutes=5)
    a.unit_archive(unit_id, "刘芳")
    rows = a.access_log(pid).rows
    assert [(r.who, r.action, r.what) for r in rows] == [
        ("刘芳", "查看", "查看房屋档案：A座1203"), ("陈静", "查看", "查看客户档案：王伟")]
    assert rows[1].client_name == "王伟" and rows[0].unit_label == "A座1203"
    assert a.access_log(pid, client_id=client_id).total == 1


def _complaint(svc: Services, pid: int, unit: str, name: str, phone: str, at: datetime) -> int:
    draft = ComplaintDraft(received_at=at, complainant=name, unit=unit, phone=phone, subject="楼上漏水",
                           content="卫生间天花板渗水", channel=Channel.PHONE, kind=Kind.GENERAL,
                           category="室内设施维修", first_responder="陈静", front_desk_at=at)
    return svc.complaints.register(draft, pid, "陈静").row.id


def test_complaints_link_to_unit_and_client_and_the_rest_wait_for_the_clerk(any_services: Services, pid: int,
                                                                             clock: FakeClock) -> None:
    svc = any_services
    # Cases received before the units were registered: matched afterwards by their unit text.
    early = _complaint(svc, pid, "a座 1203", "王先生", "13900000000", datetime(2026, 9, 20, 10, 0))
    odd = _complaint(svc, pid, "大堂西侧", "路人", "13900000001", datetime(2026, 9, 21, 10, 0))
    unit_id, client_id, _ = household(svc, pid, name="王伟", phone="13800138000")
    assert svc.archive_links.match_existing(pid, "陈静") == 1
    # A new case is linked as it is received (the desk's step observer).
    new = _complaint(svc, pid, "A座1203", "王伟", "13800138000", datetime(2026, 9, 24, 8, 30))
    assert svc.archive_links.link_of(new) == (unit_id, client_id)
    assert svc.archive_links.link_of(early) == (unit_id, client_id)  # 王先生 in the unit of 王伟
    unmatched = svc.archive_links.unmatched(pid).rows
    assert [(u.complaint_id, u.reason) for u in unmatched] == [(odd, "房号写法无法识别")]
    svc.archive_links.link(odd, unit_id, None, "陈静")
    assert svc.archive_links.unmatched(pid).total == 0
    archive = svc.archives.client_archive(client_id, "陈静")
    assert len(archive.items["complaints"]) == 2
    assert all("楼上漏水" in i.title for i in archive.items["complaints"])
    assert len(svc.archives.unit_archive(unit_id, "陈静").items["complaints"]) == 3


def test_repair_requests_of_the_unit_appear_in_the_archive(any_services: Services, pid: int) -> None:
    svc = any_services
    unit_id, client_id, _ = household(svc, pid, move_in=date(2026, 1, 1))
    svc.repairs.orders.register(RequestDraft(received_at=datetime(2026, 9, 23, 9, 0), source=Source.PHONE,
                                             client="王伟", unit="A座1203", phone="13800138000",
                                             subject="空调不制冷", received_by="陈静"), pid, "陈静")
    archive = svc.archives.client_archive(client_id, "陈静")
    assert [i.title.split(" ", 1)[1] for i in archive.items["repairs"]] == ["空调不制冷"]
    assert archive.items["repairs"][0].source == "维修工单"
    assert archive.notes == ()


def test_an_archive_export_masks_personal_data_unless_asked_and_is_logged(any_services: Services, pid: int,
                                                                           tmp_path: Path) -> None:
    import openpyxl

    svc = any_services
    _, client_id, _ = household(svc, pid, id_type="居民身份证", id_no=ID_WANG, phone="13800138000")
    masked = svc.archive_excel.export_archive(client_id, tmp_path / "档案.xlsx", "陈静")
    whole = svc.archive_excel.export_archive(client_id, tmp_path / "档案完整.xlsx", "陈静", whole=True)
    cover = {r[0]: r[1] for r in openpyxl.load_workbook(masked)["档案概况"].iter_rows(min_row=3, values_only=True)}
    assert cover["证件号码"] == "110***********1234" and cover["联系电话"] == "138****8000"
    cover = {r[0]: r[1] for r in openpyxl.load_workbook(whole)["档案概况"].iter_rows(min_row=3, values_only=True)}
    assert cover["证件号码"] == ID_WANG
    assert len(openpyxl.load_workbook(whole).sheetnames) == 1 + 1 + 12  # cover, stays, twelve kinds
    actions = [(r.action, r.whole) for r in svc.archives.access_log(pid, client_id=client_id).rows]
    assert ("导出（完整）", True) in actions and ("导出", False) in actions


def test_a_step_observer_failure_is_not_silent(any_services: Services, pid: int) -> None:
    """Linking runs inside the desk's own transaction: the case and its link are one fact."""
    svc = any_services
    household(svc, pid)
    cid = _complaint(svc, pid, "A座1203", "王伟", "13800138000", datetime(2026, 9, 24, 8, 0))
    svc.complaints.act(cid, StepInput(Action.DISPATCH, "陈静", datetime(2026, 9, 24, 8, 30), "",
                                      {"department": "工程部", "due_at": "2026-09-24 18:00"}))
    assert svc.archive_links.link_of(cid)[0] is not None
