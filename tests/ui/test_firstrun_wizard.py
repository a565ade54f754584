"""The first-run wizard as a new office's clerk meets it (issue 8): filled and finished, wrong input
answered under the field, cancelled with nothing written, the demo office instead, a client list
from Excel and a backup folder; an office already at work never sees it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import shiboken6
from argon2 import PasswordHasher
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard

from wuye_desktop.domain.auth import Role
from wuye_desktop.services.container import Services
from wuye_desktop.services.firstrun import BACKUP_FOLDER_KEY, SETUP_DONE_KEY, FirstRunService
from wuye_desktop.storage.archive_queries import ClientQuery, UnitQuery
from wuye_desktop.ui.firstrun.wizard import (
    PAGE_ADMIN,
    PAGE_BACKUP,
    PAGE_CALENDAR,
    PAGE_COMPANY,
    PAGE_DEPARTMENTS,
    PAGE_STAFF,
    PAGE_SUMMARY,
    PAGE_UNITS,
    FirstRunWizard,
)

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def wizard(services: Services, qtbot, qapp):  # type: ignore[no-untyped-def]
    from wuye_desktop.app import create_qt_app

    create_qt_app([])
    w = FirstRunWizard(services, service=FirstRunService(services.uow, services.clock, services.auth,
                                                          services.calendar, hasher=FAST))
    w.open()
    qtbot.waitExposed(w)
    yield w
    if shiboken6.isValid(w) and w.isVisible():  # a test that stopped mid-way: close without asking
        w._closing = True
        w.close()


def visible_error(form, key: str) -> str:  # type: ignore[no-untyped-def]
    label = form.errors[key]
    return label.text() if label.isVisible() else ""


def fill_office(w: FirstRunWizard) -> None:
    w.company.company.setText("华苑物业管理有限公司")
    w.company.project.setText("华苑小区管理处")
    w.company.code.setText("HY")
    w.company.households.setValue(1200)


def walk_to(w: FirstRunWizard, page_id: int) -> None:
    while w.currentId() < page_id:
        before = w.currentId()
        w.next()
        assert w.currentId() != before, f"stuck on page {before}"


def fill_everything(w: FirstRunWizard) -> None:
    walk_to(w, PAGE_COMPANY)
    fill_office(w)
    walk_to(w, PAGE_DEPARTMENTS)
    w.departments.add_department()
    w.departments.list.item(w.departments.list.count() - 1).setText("财务部")
    walk_to(w, PAGE_STAFF)
    w.staff.set_row(0, "张丽", "客服部", "13800138000", Role.FRONT_DESK.value)
    w.staff.set_row(1, "王强", "工程部")
    w.staff.set_row(2, "钱会计", "财务部")
    w.staff.password.setText("chushi2026")
    w.staff.repeat.setText("chushi2026")
    walk_to(w, PAGE_UNITS)
    w.units.text.setPlainText("A座1201 A座1202\n3栋2单元501、3栋2单元502")
    walk_to(w, PAGE_ADMIN)
    w.admin.password.setText("guanli2026")
    w.admin.repeat.setText("guanli2026")
    walk_to(w, PAGE_SUMMARY)


def test_filled_and_finished_the_office_exists_and_the_administrator_is_logged_in(
        wizard: FirstRunWizard, services: Services, qtbot) -> None:
    fill_everything(wizard)
    summary = wizard.summary.summary.text()
    assert "华苑物业管理有限公司" in summary and "华苑小区管理处（代码 HY，服务 1,200 户）" in summary
    assert "客服部、工程部、保安部、保洁部、绿化部、财务部" in summary
    assert "3 名，其中 1 名建登录账户" in summary and "4 套（手工填写）" in summary

    with qtbot.waitSignal(wizard.setup_completed) as done:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert done.args[0].units == 4
    assert not wizard.isVisible()

    s = services.settings
    assert s.company_name() == "华苑物业管理有限公司"
    assert [(p.code, p.name, p.households) for p in s.projects()] == [("HY", "华苑小区管理处", 1200)]
    assert [d.name for d in s.departments()][-1] == "财务部"
    assert {(m.name, m.department) for m in s.staff()} == {("张丽", "客服部"), ("王强", "工程部"), ("钱会计", "财务部")}
    assert services.auth.current is not None and services.auth.current.name == "管理员"
    assert {u.name: u.role for u in services.auth.users()} == {"管理员": Role.ADMIN, "张丽": Role.FRONT_DESK}
    labels = {u.label for u in services.archives.units(UnitQuery(s.projects()[0].id)).rows}
    assert labels == {"A座1201", "A座1202", "3栋2单元501", "3栋2单元502"}
    assert s.get(SETUP_DONE_KEY) != ""


def test_bad_input_is_named_under_its_field_and_keeps_the_page(wizard: FirstRunWizard) -> None:
    walk_to(wizard, PAGE_COMPANY)
    wizard.company.code.setText("华苑")
    wizard.next()
    assert wizard.currentId() == PAGE_COMPANY
    assert visible_error(wizard.company.form, "company_name") == "公司（物业服务企业）名称不能为空"
    assert visible_error(wizard.company.form, "project_name") == "管理处名称不能为空"
    assert "管理处代码应为1–10位字母或数字" in visible_error(wizard.company.form, "project_code")
    fill_office(wizard)
    wizard.next()
    assert wizard.currentId() == PAGE_DEPARTMENTS

    wizard.departments.list.item(1).setText("客服部")
    wizard.next()
    assert wizard.currentId() == PAGE_DEPARTMENTS
    assert wizard.departments.error.isVisible() and wizard.departments.error.text() == "部门「客服部」重复了"
    wizard.departments.restore_usual()
    wizard.next()

    wizard.staff.set_row(0, "张丽", "客服部", "1380013", Role.FRONT_DESK.value)
    wizard.staff.password.setText("123")
    wizard.next()
    assert wizard.currentId() == PAGE_STAFF
    assert wizard.staff.rows_error.text().startswith("第1行：联系电话「1380013」不是有效的手机号码")
    assert visible_error(wizard.staff.form, "password") == "初始密码：密码至少6位（现有3位）"
    wizard.staff.set_row(0, "张丽", "客服部", "13800138000", Role.FRONT_DESK.value)
    wizard.staff.password.setText("chushi2026")
    wizard.staff.repeat.setText("chushi2026")
    wizard.next()

    wizard.units.text.setPlainText("A座1201\n大堂")
    wizard.next()
    assert wizard.currentId() == PAGE_UNITS
    assert "第2行「大堂」无法识别为房号" in wizard.units.error.text()
    wizard.units.text.setPlainText("A座1201")
    wizard.next()

    wizard.admin.name.setText("张丽")
    wizard.admin.password.setText("guanli2026")
    wizard.admin.repeat.setText("guanli2027")
    wizard.next()
    assert wizard.currentId() == PAGE_ADMIN
    assert visible_error(wizard.admin.form, "name") == "用户名「张丽」已用于员工账户，请换一个管理员用户名"
    assert visible_error(wizard.admin.form, "repeat") == "两次输入的密码不一致"
    wizard.admin.name.setText("管理员")
    wizard.admin.repeat.setText("guanli2026")
    wizard.next()
    assert wizard.currentId() == PAGE_CALENDAR


def test_cancel_asks_and_leaves_nothing_written(wizard: FirstRunWizard, services: Services, qtbot) -> None:
    fill_everything(wizard)
    wizard.button(QWizard.WizardButton.CancelButton).click()
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    assert "退出后不会保存任何内容" in box.text()
    box.button(QMessageBox.StandardButton.No).click()  # 继续设置
    assert wizard.isVisible() and wizard.currentId() == PAGE_SUMMARY

    wizard.button(QWizard.WizardButton.CancelButton).click()
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    with qtbot.waitSignal(wizard.cancelled):
        box.button(QMessageBox.StandardButton.Yes).click()  # 退出
    assert not wizard.isVisible()
    assert services.settings.get("company_name") == ""
    assert services.settings.get(SETUP_DONE_KEY) == ""
    assert not services.auth.has_users() and services.auth.current is None
    assert [s.name for s in services.settings.staff()] == []
    assert FirstRunService(services.uow, services.clock, services.auth, services.calendar).needed()


def test_the_demo_office_instead(wizard: FirstRunWizard, services: Services, qtbot) -> None:
    with qtbot.waitSignal(wizard.demo_requested):
        wizard.welcome.demo_button.click()
    assert not wizard.isVisible()
    assert services.settings.get(SETUP_DONE_KEY) == ""  # the real office is still to be set up


def test_the_calendar_check_says_which_year_is_missing(wizard: FirstRunWizard) -> None:
    texts = [label.text() for label in wizard.calendar.year_labels]
    assert texts[0] == "✔ 2026年：已有国家法定节假日及调休数据"
    assert texts[1].startswith("⚠ 2027年：尚无放假及调休安排")
    assert wizard.calendar.year_labels[1].objectName() == "warningText"


def test_a_client_list_and_a_backup_folder_are_done_after_the_set_up(
        wizard: FirstRunWizard, services: Services, tmp_path: Path, qtbot) -> None:
    book = tmp_path / "客户名单.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["楼栋", "单元", "房号", "房屋类型", "建筑面积", "客户名称", "客户身份", "证件类型", "证件号码",
               "联系电话"])
    ws.append(["5栋", "1", "801", "住宅", 98.5, "赵敏", "业主", "居民身份证", "110101199003091234", "13900139000"])
    wb.save(book)
    backups = tmp_path / "U盘备份"
    backups.mkdir()

    fill_everything(wizard)
    wizard.back()  # to the backup page
    assert wizard.currentId() == PAGE_BACKUP
    wizard.backup.folder.setText(str(tmp_path / "没有这个文件夹"))
    wizard.next()
    assert wizard.currentId() == PAGE_BACKUP
    assert "不存在" in visible_error(wizard.backup.form, "backup_folder")
    wizard.backup.folder.setText(str(backups))
    while wizard.currentId() != PAGE_UNITS:
        wizard.back()
    wizard.units.check_client_list(str(book))  # the path the file dialog gives (jobs run serially in tests)
    assert wizard.units.preview is not None
    assert "1 行已检查无误" in wizard.units.import_label.text()
    walk_to(wizard, PAGE_SUMMARY)
    assert "另从客户名单导入 1 行" in wizard.summary.summary.text()

    with qtbot.waitSignal(wizard.setup_completed):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.notes[0] == "已从客户名单导入 1 套房屋、1 位客户。"
    assert wizard.notes[1] == f"已在「{backups}」备份一次。"
    pid = services.settings.projects()[0].id
    assert "5栋1单元801" in {u.label for u in services.archives.units(UnitQuery(pid)).rows}
    assert [c.name for c in services.archives.clients(ClientQuery(pid)).rows] == ["赵敏"]
    assert len(list(backups.iterdir())) == 1
    assert services.settings.get(BACKUP_FOLDER_KEY) == str(backups)


def test_a_client_list_with_errors_is_not_imported(wizard: FirstRunWizard, tmp_path: Path) -> None:
    book = tmp_path / "坏名单.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.active.append(["王伟", "13800138000"])
    wb.save(book)
    walk_to(wizard, PAGE_COMPANY)
    fill_office(wizard)
    walk_to(wizard, PAGE_UNITS)
    wizard.units.check_client_list(str(book))
    assert wizard.units.preview is None
    assert "有错误，不会导入" in wizard.units.import_label.text()
    assert "缺少必填列" in wizard.units.import_error.text()
    wizard.next()
    assert wizard.currentId() == PAGE_UNITS
    assert wizard.units.error.text() == "客户名单有错误：请改正后重新选择，或点「不导入」"
    wizard.units.drop_client_list()
    wizard.next()
    assert wizard.currentId() == PAGE_ADMIN


def test_an_office_at_work_and_the_demo_office_never_see_the_wizard(services: Services) -> None:
    first = FirstRunService(services.uow, services.clock, services.auth, services.calendar)
    assert first.needed()
    from wuye_desktop.services.demo import ensure_demo_data

    ensure_demo_data(services)
    assert not first.needed()
