"""Company, projects (管理处), departments and staff: the choice lists every screen uses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from wuye_desktop.domain.errors import NotFoundError, ValidationError
from wuye_desktop.domain.firstrun import USUAL_DEPARTMENTS
from wuye_desktop.domain.validators import phone_error, project_code_error, required_error
from wuye_desktop.services.edit_conflict import EditShape
from wuye_desktop.storage.models import DepartmentRow, ProjectRow, SettingRow, StaffRow
from wuye_desktop.storage.uow import UowFactory

DEFAULT_DEPARTMENTS = USUAL_DEPARTMENTS
DEFAULT_PROJECT = ("XM", "本管理处")  # code, name of the project a new database starts with
COMPANY_KEY = "company_name"
GROUP_WINDOW_KEY = "collective_window_days"


@dataclass(frozen=True)
class ProjectView:
    id: int
    code: str
    name: str
    households: int
    active: bool
    version: int = 1


@dataclass(frozen=True)
class DepartmentView:
    id: int
    name: str
    active: bool
    version: int = 1


@dataclass(frozen=True)
class StaffView:
    id: int
    name: str
    department: str
    department_id: int | None
    project_id: int | None
    phone: str
    active: bool
    version: int = 1


@dataclass(frozen=True)
class _CompanyView:
    company_name: str
    version: int  # 0: never saved


V = TypeVar("V")

# The keys of each settings edit (the arguments of its save method) and their Chinese names, for the
# 「保存冲突」 dialog (issue 7).
COMPANY_LABELS = {"company_name": "公司名称"}
PROJECT_LABELS = {"name": "管理处名称", "code": "编号代码", "households": "服务户数", "active": "启用"}
DEPARTMENT_LABELS = {"name": "部门名称", "active": "启用"}
STAFF_LABELS = {"name": "姓名", "department_id": "部门", "phone": "联系电话", "project_id": "所属管理处",
                "active": "启用"}
COMPANY_EDIT: EditShape[_CompanyView] = EditShape("公司名称", COMPANY_LABELS, lambda v: v.company_name)
PROJECT_EDIT: EditShape[ProjectView] = EditShape("管理处", PROJECT_LABELS, lambda v: v.name)
DEPARTMENT_EDIT: EditShape[DepartmentView] = EditShape("部门", DEPARTMENT_LABELS, lambda v: v.name)
STAFF_EDIT: EditShape[StaffView] = EditShape("员工", STAFF_LABELS, lambda v: v.name)


def _project_view(p: ProjectRow) -> ProjectView:
    return ProjectView(p.id, p.code, p.name, p.households, p.active, p.version)


def _department_view(d: DepartmentRow) -> DepartmentView:
    return DepartmentView(d.id, d.name, d.active, d.version)


def _staff_view(r: StaffRow) -> StaffView:
    return StaffView(r.id, r.name, r.department.name if r.department else "", r.department_id, r.project_id,
                     r.phone, r.active, r.version)


class SettingsService:
    def __init__(self, uow: UowFactory) -> None:
        self._uow = uow

    # --- key/value settings -------------------------------------------------------------
    def get(self, key: str, default: str = "") -> str:
        with self._uow() as uow:
            row = uow.session.get(SettingRow, key)
            return row.value if row else default

    def put(self, key: str, value: str) -> None:
        with self._uow() as uow:
            row = uow.session.get(SettingRow, key)
            if row is None:
                uow.session.add(SettingRow(key=key, value=value))
            else:
                row.value = value
            uow.commit()

    def company_name(self) -> str:
        return self.get(COMPANY_KEY, "物业管理服务有限公司")

    def company_version(self) -> int:
        """The version the company page opened with (0: never saved)."""
        with self._uow() as uow:
            row = uow.session.get(SettingRow, COMPANY_KEY)
            return row.version if row else 0

    def set_company_name(self, name: str, expected_version: int | None = None) -> int:
        """Save the company name; returns its new version. ``expected_version`` (from ``company_version``)
        refuses a save over someone else's newer one with EditConflictError (issue 7)."""
        error = required_error("公司名称", name, 60)
        if error:
            raise ValidationError.single("company_name", error)
        if expected_version is None:
            self.put(COMPANY_KEY, name.strip())
            return self.company_version()

        with self._uow() as uow:
            row = uow.session.get(SettingRow, COMPANY_KEY)
            if (row.version if row else 0) != expected_version:
                raise COMPANY_EDIT.conflict(self._company())
            if row is None:
                uow.session.add(SettingRow(key=COMPANY_KEY, value=name.strip()))
            else:
                row.value = name.strip()
            try:
                COMPANY_EDIT.commit(uow, self._company)
            except IntegrityError as exc:  # both saved the first company name at once
                uow.session.rollback()
                raise COMPANY_EDIT.conflict(self._company()) from exc
            return uow.session.get(SettingRow, COMPANY_KEY).version  # type: ignore[union-attr]

    def _company(self) -> _CompanyView:
        """The company name as stored now, read in a fresh session."""
        return _CompanyView(self.company_name(), self.company_version())

    def collective_window_days(self) -> int:
        return int(self.get(GROUP_WINDOW_KEY, "3") or 3)

    def set_collective_window_days(self, days: int) -> None:
        if not 1 <= days <= 30:
            raise ValidationError.single("window", "集体投诉合并窗口应为1–30天")
        self.put(GROUP_WINDOW_KEY, str(days))

    # --- projects -------------------------------------------------------------------------
    def projects(self, include_inactive: bool = False) -> list[ProjectView]:
        with self._uow() as uow:
            stmt = select(ProjectRow).order_by(ProjectRow.id)
            if not include_inactive:
                stmt = stmt.where(ProjectRow.active.is_(True))
            return [_project_view(p) for p in uow.session.scalars(stmt)]

    def project(self, project_id: int) -> ProjectView:
        with self._uow() as uow:
            p = uow.session.get(ProjectRow, project_id)
            if p is None:
                raise NotFoundError("管理处不存在")
            return _project_view(p)

    def save_project(self, name: str, code: str, households: int = 0, project_id: int | None = None,
                     active: bool = True, expected_version: int | None = None) -> ProjectView:
        errors: dict[str, str] = {}
        if e := required_error("管理处名称", name, 80):
            errors["name"] = e
        if e := project_code_error(code):
            errors["code"] = e
        if households < 0:
            errors["households"] = "服务户数不能为负数"
        with self._uow() as uow:
            s = uow.session
            for other in s.scalars(select(ProjectRow)):
                if other.id == project_id:
                    continue
                if other.name == name.strip():
                    errors.setdefault("name", f"管理处名称「{name.strip()}」已存在")
                if other.code.upper() == code.strip().upper():
                    errors.setdefault("code", f"管理处代码「{code.strip().upper()}」已被使用")
            row = s.get(ProjectRow, project_id) if project_id else None
            if row is not None:
                PROJECT_EDIT.check(row, expected_version, partial(_project_view, row))
            if errors:
                raise ValidationError(errors)
            if row is None:
                row = ProjectRow()
                s.add(row)
            row.name, row.code, row.households, row.active = name.strip(), code.strip().upper(), households, active
            PROJECT_EDIT.commit(uow, lambda: self._reloaded(ProjectRow, project_id, _project_view))
            return _project_view(row)

    def _reloaded(self, kind: type[Any], record_id: int | None, view: Callable[[Any], V]) -> V:
        """A record re-read in a fresh session (the save lost the race at commit)."""
        with self._uow() as uow:
            row = uow.session.get(kind, record_id)
            if row is None:
                raise NotFoundError("该记录已不存在")
            return view(row)

    # --- departments ------------------------------------------------------------------------
    def departments(self, include_inactive: bool = False) -> list[DepartmentView]:
        with self._uow() as uow:
            stmt = select(DepartmentRow).order_by(DepartmentRow.id)
            if not include_inactive:
                stmt = stmt.where(DepartmentRow.active.is_(True))
            return [_department_view(d) for d in uow.session.scalars(stmt)]

    def save_department(self, name: str, department_id: int | None = None, active: bool = True,
                        expected_version: int | None = None) -> DepartmentView:
        if e := required_error("部门名称", name, 40):
            raise ValidationError.single("name", e)
        with self._uow() as uow:
            s = uow.session
            current = s.get(DepartmentRow, department_id) if department_id else None
            if current is not None:
                DEPARTMENT_EDIT.check(current, expected_version, partial(_department_view, current))
            clash = s.scalar(select(DepartmentRow).where(DepartmentRow.name == name.strip()))
            if clash is not None and clash.id != department_id:
                raise ValidationError.single("name", f"部门「{name.strip()}」已存在")
            row = s.get(DepartmentRow, department_id) if department_id else None
            if row is None:
                row = DepartmentRow()
                s.add(row)
            row.name, row.active = name.strip(), active
            DEPARTMENT_EDIT.commit(uow, lambda: self._reloaded(DepartmentRow, department_id, _department_view))
            return _department_view(row)

    # --- staff ----------------------------------------------------------------------------------
    def staff(self, project_id: int | None = None, include_inactive: bool = False) -> list[StaffView]:
        """Staff of ``project_id`` plus company-level staff (no project); all when None."""
        with self._uow() as uow:
            stmt = select(StaffRow).order_by(StaffRow.id)
            if project_id is not None:
                stmt = stmt.where((StaffRow.project_id == project_id) | StaffRow.project_id.is_(None))
            if not include_inactive:
                stmt = stmt.where(StaffRow.active.is_(True))
            return [_staff_view(r) for r in uow.session.scalars(stmt)]

    def save_staff(self, name: str, department_id: int | None, phone: str, project_id: int | None,
                   staff_id: int | None = None, active: bool = True,
                   expected_version: int | None = None) -> StaffView:
        errors: dict[str, str] = {}
        if e := required_error("姓名", name, 40):
            errors["name"] = e
        if phone.strip() and (e := phone_error("联系电话", phone)):
            errors["phone"] = e
        if errors:
            raise ValidationError(errors)
        with self._uow() as uow:
            s = uow.session
            row = s.get(StaffRow, staff_id) if staff_id else None
            if row is not None:
                STAFF_EDIT.check(row, expected_version, partial(_staff_view, row))
            if row is None:
                row = StaffRow()
                s.add(row)
            row.name, row.department_id, row.phone = name.strip(), department_id, phone.strip()
            row.project_id, row.active = project_id, active
            STAFF_EDIT.commit(uow, lambda: self._reloaded(StaffRow, staff_id, _staff_view))
            s.refresh(row)
            return _staff_view(row)

    def ensure_defaults(self) -> None:
        """A new database gets the usual departments and one project so the desk is usable at once."""
        with self._uow() as uow:
            s = uow.session
            if s.scalar(select(DepartmentRow.id).limit(1)) is None:
                for name in DEFAULT_DEPARTMENTS:
                    s.add(DepartmentRow(name=name))
            if s.scalar(select(ProjectRow.id).limit(1)) is None:
                s.add(ProjectRow(code=DEFAULT_PROJECT[0], name=DEFAULT_PROJECT[1], households=0))
            uow.commit()
