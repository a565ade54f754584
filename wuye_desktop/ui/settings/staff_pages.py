"""部门 and 员工: the departments cases are dispatched to and the staff the choice lists offer
(首问人, 当前操作员). Logins and roles come in a later issue."""

from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from wuye_desktop.services.settings import DepartmentView, StaffView
from wuye_desktop.ui.common.fields import ErrorForm
from wuye_desktop.ui.settings.models import Column, state_text
from wuye_desktop.ui.settings.record_page import RecordPage

COMPANY_LEVEL = "公司级（各管理处通用）"
NO_DEPARTMENT = "（未指定部门）"


class DepartmentsPage(RecordPage[DepartmentView]):
    title = "部门"
    noun = "部门"

    def columns(self) -> Sequence[Column[DepartmentView]]:
        return [Column("部门名称", lambda d: d.name), Column("状态", lambda d: state_text(d.active))]

    def load(self) -> list[DepartmentView]:
        return self.ctx.services.settings.departments(include_inactive=True)

    def build_form(self, form: ErrorForm) -> None:
        name = QLineEdit()
        name.setPlaceholderText("如：工程部")
        name.returnPressed.connect(self.save_form)
        form.add("name", "部门名称", name, required=True)
        hint = QLabel("部门用于派单和统计。改名后，已有投诉仍显示当时的部门名称；不再使用的部门请「停用」。")
        hint.setObjectName("hintText")
        hint.setWordWrap(True)
        form.addRow(hint)

    def fill_form(self, record: DepartmentView | None) -> None:
        self.field("name").setText(record.name if record else "")

    def save(self, record: DepartmentView | None, active: bool) -> DepartmentView:
        return self.ctx.services.settings.save_department(
            self.field("name").text(), department_id=record.id if record else None, active=active,
            expected_version=self.version)

    def record_values(self, record: DepartmentView) -> dict[str, object]:
        return {"name": record.name}

    def form_values(self) -> dict[str, object]:
        return {"name": self.field("name").text().strip()}

    def fill_values(self, values: dict[str, object]) -> None:
        self.field("name").setText(str(values.get("name") or ""))


class StaffPage(RecordPage[StaffView]):
    title = "员工"
    noun = "员工"
    _project_names: dict[int, str] = {}

    def columns(self) -> Sequence[Column[StaffView]]:
        return [
            Column("姓名", lambda s: s.name),
            Column("部门", lambda s: s.department or "—"),
            Column("联系电话", lambda s: s.phone or "—"),
            Column("所属管理处", self._project_name),
            Column("状态", lambda s: state_text(s.active)),
        ]

    def _project_name(self, staff: StaffView) -> str:
        if staff.project_id is None:
            return "公司级"
        return self._project_names.get(staff.project_id, "")

    def load(self) -> list[StaffView]:
        self._project_names = {p.id: p.name for p in self.ctx.services.settings.projects(include_inactive=True)}
        return self.ctx.services.settings.staff(include_inactive=True)

    def build_form(self, form: ErrorForm) -> None:
        name = QLineEdit()
        name.returnPressed.connect(self.save_form)
        form.add("name", "姓名", name, required=True)
        form.add("department", "部门", QComboBox())
        phone = QLineEdit()
        phone.setPlaceholderText("手机或固定电话，可不填")
        phone.returnPressed.connect(self.save_form)
        form.add("phone", "联系电话", phone)
        form.add("project", "所属管理处", QComboBox())

    def refresh_choices(self) -> None:
        """Departments and projects are edited on other pages: offer the current ones, plus the
        record's own even when it has been deactivated since."""
        record = self.editing
        settings = self.ctx.services.settings
        department: QComboBox = self.field("department")
        project: QComboBox = self.field("project")
        chosen_department, chosen_project = department.currentData(), project.currentData()
        department.clear()
        department.addItem(NO_DEPARTMENT, None)
        for d in settings.departments(include_inactive=True):
            if d.active or (record is not None and record.department_id == d.id):
                department.addItem(d.name if d.active else f"{d.name}（已停用）", d.id)
        project.clear()
        project.addItem(COMPANY_LEVEL, None)
        for p in settings.projects(include_inactive=True):
            if p.active or (record is not None and record.project_id == p.id):
                project.addItem(p.name if p.active else f"{p.name}（已停用）", p.id)
        # Keep what the clerk had picked when the lists are refreshed under a half-filled form.
        for box, chosen in ((department, chosen_department), (project, chosen_project)):
            if chosen is not None and box.findData(chosen) >= 0:
                box.setCurrentIndex(box.findData(chosen))

    def fill_form(self, record: StaffView | None) -> None:
        self.field("name").setText(record.name if record else "")
        self.field("phone").setText(record.phone if record else "")
        department: QComboBox = self.field("department")
        department.setCurrentIndex(max(department.findData(record.department_id), 0) if record else 0)
        project: QComboBox = self.field("project")
        if record is None:
            # A new staff member most likely works in the project the clerk is working in.
            wanted = self.ctx.project_id
        else:
            wanted = record.project_id
        index = project.findData(wanted) if wanted is not None else 0
        project.setCurrentIndex(max(index, 0))

    def save(self, record: StaffView | None, active: bool) -> StaffView:
        return self.ctx.services.settings.save_staff(
            self.field("name").text(), self.field("department").currentData(), self.field("phone").text(),
            self.field("project").currentData(), staff_id=record.id if record else None, active=active,
            expected_version=self.version)

    def record_values(self, record: StaffView) -> dict[str, object]:
        return {"name": record.name, "department_id": record.department_id, "phone": record.phone,
                "project_id": record.project_id}

    def form_values(self) -> dict[str, object]:
        return {"name": self.field("name").text().strip(), "department_id": self.field("department").currentData(),
                "phone": self.field("phone").text().strip(), "project_id": self.field("project").currentData()}

    def fill_values(self, values: dict[str, object]) -> None:
        self.field("name").setText(str(values.get("name") or ""))
        self.field("phone").setText(str(values.get("phone") or ""))
        for key, box in (("department_id", self.field("department")), ("project_id", self.field("project"))):
            box.setCurrentIndex(max(box.findData(values.get(key)), 0))

    def conflict_show(self) -> dict[str, Callable[[object], str]]:
        settings = self.ctx.services.settings
        departments = {d.id: d.name for d in settings.departments(include_inactive=True)}
        projects = {p.id: p.name for p in settings.projects(include_inactive=True)}
        return {"department_id": lambda v: departments.get(v, NO_DEPARTMENT),  # type: ignore[call-overload]
                "project_id": lambda v: projects.get(v, COMPANY_LEVEL)}  # type: ignore[call-overload]
