"""First run (issue 8): when the wizard is needed, and its plan written in one transaction on SQLite
and PostgreSQL — company, project, departments, staff, accounts, units, administrator logged in."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from tests.conftest import FakeClock
from wuye_desktop.domain.auth import Role
from wuye_desktop.domain.complaint import Channel
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.domain.firstrun import SetupPlan, StaffEntry
from wuye_desktop.services.auth import AuthService
from wuye_desktop.services.container import Services
from wuye_desktop.services.firstrun import SETUP_DONE_KEY, FirstRunService
from wuye_desktop.storage.archive_queries import UnitQuery
from wuye_desktop.storage.models_auth import UserRow

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def service(svc: Services) -> FirstRunService:
    return FirstRunService(svc.uow, svc.clock, svc.auth, svc.calendar, hasher=FAST)


def plan(**changes: object) -> SetupPlan:
    base = SetupPlan(
        company_name="华苑物业管理有限公司", project_name="华苑小区管理处", project_code="hy", households=1200,
        departments=("客服部", "工程部", "保安部", "保洁部", "绿化部", "财务部"),
        staff=(StaffEntry("张丽", "客服部", "13800138000", Role.FRONT_DESK.value),
               StaffEntry("王强", "工程部", "", ""),
               StaffEntry("李主任", "", "", Role.OFFICE_HEAD.value)),
        staff_password="chushi2026", staff_password_repeat="chushi2026",
        units_text="A座1201 A座1202\n3栋2单元501、3栋2单元502\nA座1201",
        admin_name="管理员", admin_password="guanli2026", admin_repeat="guanli2026")
    return SetupPlan(**{**base.__dict__, **changes})


def test_a_new_database_needs_the_wizard_until_it_is_set_up(any_services: Services) -> None:
    first = service(any_services)
    assert first.needed()
    assert first.needed()  # asking writes nothing

    result = first.apply(plan())

    assert not first.needed()
    s = any_services.settings
    assert s.company_name() == "华苑物业管理有限公司"
    projects = s.projects()
    assert [(p.code, p.name, p.households) for p in projects] == [("HY", "华苑小区管理处", 1200)]
    assert result.project_id == projects[0].id  # the default project of a new database became it
    assert [d.name for d in s.departments()] == ["客服部", "工程部", "保安部", "保洁部", "绿化部", "财务部"]
    staff = {m.name: m for m in s.staff()}
    assert staff["张丽"].department == "客服部" and staff["张丽"].phone == "13800138000"
    assert staff["王强"].department == "工程部" and staff["李主任"].department == ""
    assert {m.project_id for m in staff.values()} == {projects[0].id}
    units = any_services.archives.units(UnitQuery(projects[0].id)).rows
    assert sorted(u.label for u in units) == ["3栋2单元501", "3栋2单元502", "A座1201", "A座1202"]
    assert (result.staff, result.accounts, result.units) == (3, 3, 4)

    # The administrator is logged in; the staff accounts must change their first password.
    assert any_services.auth.current is not None and any_services.auth.current.name == "管理员"
    assert any_services.auth.current.role is Role.ADMIN
    users = {u.name: u for u in any_services.auth.users()}
    assert users["张丽"].role is Role.FRONT_DESK and users["张丽"].must_change_password
    assert users["李主任"].role is Role.OFFICE_HEAD and users["李主任"].project_id is None
    assert users["张丽"].project_id == projects[0].id
    assert "王强" not in users
    other = AuthService(any_services.uow, any_services.clock, any_services.audit_context)
    assert other.login("张丽", "chushi2026").must_change_password


def test_bad_input_writes_nothing_and_names_each_step_and_field(any_services: Services) -> None:
    first = service(any_services)
    bad = plan(company_name=" ", project_code="华苑", departments=("客服部", "客服部"),
               staff=(StaffEntry("张丽", "客服部", "1380013", Role.FRONT_DESK.value),),
               units_text="A座1201\n大堂", admin_repeat="guanli2027")
    with pytest.raises(ValidationError) as caught:
        first.apply(bad)
    errors = caught.value.errors
    assert errors["company.company_name"] == "公司（物业服务企业）名称不能为空"
    assert "管理处代码应为1–10位字母或数字" in errors["company.project_code"]
    assert errors["departments.departments"] == "部门「客服部」重复了"
    assert errors["staff.row1"].startswith("第1行：联系电话「1380013」")
    assert errors["admin.repeat"] == "两次输入的密码不一致"
    assert "第2行「大堂」无法识别为房号" in errors["units.units"]
    # Nothing was written: still a first run, no user, no company.
    assert first.needed()
    assert any_services.settings.get("company_name") == ""
    assert not any_services.auth.has_users()
    assert any_services.auth.current is None


def test_a_clash_found_while_writing_rolls_everything_back(services: Services) -> None:
    services.settings.save_project("华苑小区管理处", "HY")  # a second project: the code is taken
    first = FirstRunService(services.uow, services.clock, services.auth, services.calendar, hasher=FAST)
    with pytest.raises(ValidationError) as caught:
        first.apply(plan(project_name="新管理处"))
    assert caught.value.errors == {"company.project_code": "管理处代码「HY」已被使用"}
    with services.uow() as uow:
        assert uow.session.scalar(select(func.count(UserRow.id))) == 0
    assert services.settings.get("company_name") == ""
    assert services.settings.get(SETUP_DONE_KEY) == ""
    assert [d.name for d in services.settings.departments()] == ["客服部", "工程部", "保安部", "保洁部", "绿化部"]


def test_departments_left_out_are_stopped_not_deleted(services: Services) -> None:
    service(services).apply(plan(departments=("客服部", "维修部"), staff=()))
    active = [d.name for d in services.settings.departments()]
    everything = {d.name: d.active for d in services.settings.departments(include_inactive=True)}
    assert active == ["客服部", "维修部"]
    assert everything["保安部"] is False and everything["工程部"] is False


def test_an_office_already_at_work_is_never_asked(services: Services, clock: FakeClock) -> None:
    """A database with a company name, users, staff or complaints (an earlier version's office,
    the demo office, test databases) is marked done without the wizard."""
    services.settings.set_company_name("已有物业公司")
    first = service(services)
    assert not first.needed()
    assert services.settings.get(SETUP_DONE_KEY) == "已有数据"


def test_a_database_with_complaints_but_no_company_is_not_a_first_run(services: Services, clock: FakeClock) -> None:
    services.complaints.register(ComplaintDraft(
        received_at=clock(), complainant="张三", unit="A座1203", phone="13800138000", subject="漏水",
        content="天花板漏水", channel=Channel.PHONE, category="室内设施维修", first_responder="前台"),
        services.settings.projects()[0].id, "前台")
    assert not service(services).needed()


def test_a_set_up_database_refuses_a_second_set_up(services: Services) -> None:
    first = service(services)
    first.apply(plan())
    services.auth.logout()
    with pytest.raises(ValidationError) as caught:
        first.apply(plan(company_name="另一家"))
    assert caught.value.errors == {"setup": "本数据库已经设置过，请直接登录使用"}
    assert services.settings.company_name() == "华苑物业管理有限公司"


def test_the_calendar_check_covers_this_year_and_next(services: Services) -> None:
    years = service(services).years()
    assert [y.year for y in years] == [2026, 2027]  # the test clock is in 2026
    assert years[0].ok and years[0].official
    assert not years[1].ok and "2027年：尚无放假及调休安排" in years[1].text
