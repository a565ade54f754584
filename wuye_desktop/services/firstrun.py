"""First run of a new office (issue 8): is the set-up wizard needed, and writing its plan in ONE
transaction — company, first project, departments, staff, user accounts, units and the
administrator — so a failure leaves nothing half-written.

First run means: no ``setup_done`` setting and no sign of an office already at work (a company name,
a user, a complaint, staff, a second project). A database that has such signs (the demo office,
test databases, an office upgraded from an earlier version) is marked done without asking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wuye_desktop.domain import archives as arc
from wuye_desktop.domain.auth import Role
from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.domain.firstrun import SetupPlan
from wuye_desktop.services.auth import AuthService
from wuye_desktop.services.calendar import CalendarService, YearStatus
from wuye_desktop.services.clock import Clock
from wuye_desktop.services.settings import COMPANY_KEY, DEFAULT_DEPARTMENTS, DEFAULT_PROJECT
from wuye_desktop.storage import audit as trail
from wuye_desktop.storage.models import ComplaintRow, DepartmentRow, ProjectRow, SettingRow, StaffRow
from wuye_desktop.storage.models_archives import UnitRow
from wuye_desktop.storage.models_auth import UserRow
from wuye_desktop.storage.uow import UowFactory

if TYPE_CHECKING:
    from wuye_desktop.services.container import Services

SETUP_DONE_KEY = "setup_done"
BACKUP_FOLDER_KEY = "backup_folder"  # a second place for backups chosen at set-up (「备份到…」 default)
# What SettingsService.ensure_defaults puts into a new database before anyone configured it.


@dataclass(frozen=True)
class SetupResult:
    project_id: int
    departments: int
    staff: int
    accounts: int
    units: int


class FirstRunService:
    def __init__(self, uow: UowFactory, clock: Clock, auth: AuthService, calendar: CalendarService,
                 hasher: PasswordHasher | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._auth = auth
        self._calendar = calendar
        self._hasher = hasher or PasswordHasher()

    # --- is it the first run? -----------------------------------------------------------------------
    def needed(self) -> bool:
        with self._uow() as uow:
            s = uow.session
            if s.get(SettingRow, SETUP_DONE_KEY) is not None:
                return False
            if not _in_use(s):
                return True
            s.add(SettingRow(key=SETUP_DONE_KEY, value="已有数据"))
            uow.commit()
            return False

    def years(self) -> list[YearStatus]:
        """This year's and next year's working-day calendar (the wizard's calendar check)."""
        this_year = self._clock().year
        return [self._calendar.year_status(this_year), self._calendar.year_status(this_year + 1)]

    # --- writing the plan -------------------------------------------------------------------------------
    def apply(self, plan: SetupPlan) -> SetupResult:
        """Validate everything, write it in one transaction, then log the administrator in."""
        plan = plan.validate()
        now = self._clock()
        with self._uow() as uow, trail.acting_as(plan.admin_name.strip()):
            s = uow.session
            if s.get(SettingRow, SETUP_DONE_KEY) is not None or s.scalar(select(func.count(UserRow.id))):
                raise ValidationError.single("setup", "本数据库已经设置过，请直接登录使用")
            _put(s, COMPANY_KEY, plan.company_name.strip())
            _put(s, SETUP_DONE_KEY, now.strftime("%Y-%m-%d %H:%M"))
            if plan.backup_folder.strip():
                _put(s, BACKUP_FOLDER_KEY, plan.backup_folder.strip())
            project = self._project(s, plan)
            departments = self._departments(s, plan.departments)
            for entry in plan.staff:
                s.add(StaffRow(name=entry.name.strip(), department_id=departments.get(entry.department),
                               phone=entry.phone.strip(), project_id=project.id, active=True))
            accounts = [self._user(plan.admin_name, Role.ADMIN, None, plan.admin_password, must_change=False)]
            for entry in plan.staff:
                if entry.role:
                    # 主任 and 管理员 see the whole company; the others work in the first project.
                    role = Role(entry.role)
                    scope = None if role in (Role.OFFICE_HEAD, Role.ADMIN) else project.id
                    accounts.append(self._user(entry.name, role, scope, plan.staff_password, must_change=True))
            s.add_all(accounts)
            units = 0
            for draft in plan.units:
                s.add(UnitRow(project_id=project.id, building=draft.building, entrance=draft.entrance,
                              floor=draft.floor, room=draft.room, kind=draft.kind, floor_area=draft.floor_area,
                              label=draft.label, unit_key=arc.unit_key(draft.label), remarks="",
                              created_at=now, updated_at=now))
                units += 1
            trail.write(s, "首次设置", f"首次设置：{plan.company_name.strip()}，管理处「{project.name}」，"
                        f"{len(departments)}个部门、{len(plan.staff)}名员工、{len(accounts)}个账户、{units}套房屋",
                        table="setting", record_id=SETUP_DONE_KEY)
            uow.commit()
            result = SetupResult(project.id, len(departments), len(plan.staff), len(accounts), units)
        self._auth.login(plan.admin_name.strip(), plan.admin_password)
        return result

    def _project(self, s: Session, plan: SetupPlan) -> ProjectRow:
        """The default project a new database got becomes the office's first project."""
        name, code = plan.project_name.strip(), plan.project_code.strip().upper()
        projects = list(s.scalars(select(ProjectRow).order_by(ProjectRow.id)))
        row = projects[0] if len(projects) == 1 and (projects[0].code, projects[0].name) == DEFAULT_PROJECT \
            else None
        for other in projects:
            if other is row:
                continue
            if other.name == name:
                raise ValidationError.single("company.project_name", f"管理处名称「{name}」已存在")
            if other.code.upper() == code:
                raise ValidationError.single("company.project_code", f"管理处代码「{code}」已被使用")
        if row is None:
            row = ProjectRow()
            s.add(row)
        row.name, row.code, row.households, row.active = name, code, plan.households, True
        s.flush()
        return row

    @staticmethod
    def _departments(s: Session, names: tuple[str, ...]) -> dict[str, int]:
        """The wizard's list: kept, renamed away (stopped, never deleted) or added."""
        wanted = [n.strip() for n in names if n.strip()]
        rows = {r.name: r for r in s.scalars(select(DepartmentRow))}
        for name, row in rows.items():
            row.active = name in wanted
        for name in wanted:
            if name not in rows:
                rows[name] = DepartmentRow(name=name, active=True)
                s.add(rows[name])
        s.flush()
        return {name: rows[name].id for name in wanted}

    def _user(self, name: str, role: Role, project_id: int | None, password: str, *, must_change: bool) -> UserRow:
        now = self._clock()
        return UserRow(name=name.strip(), role=role.value, project_id=project_id,
                       password_hash=self._hasher.hash(password), active=True, must_change_password=must_change,
                       failed_logins=0, created_at=now, updated_at=now)


def _put(s: Session, key: str, value: str) -> None:
    row = s.get(SettingRow, key)
    if row is None:
        s.add(SettingRow(key=key, value=value))
    else:
        row.value = value


def _in_use(s: Session) -> bool:
    """Signs that an office already works with this database."""
    if s.get(SettingRow, COMPANY_KEY) is not None:
        return True
    if s.scalar(select(UserRow.id).limit(1)) is not None:
        return True
    if s.scalar(select(ComplaintRow.id).limit(1)) is not None:
        return True
    if s.scalar(select(StaffRow.id).limit(1)) is not None:
        return True
    projects = list(s.execute(select(ProjectRow.code, ProjectRow.name)))
    if len(projects) > 1 or any(tuple(p) != DEFAULT_PROJECT for p in projects):
        return True
    departments = set(s.scalars(select(DepartmentRow.name)))
    return bool(departments) and departments != set(DEFAULT_DEPARTMENTS)


def first_run_service(services: "Services") -> FirstRunService:
    """Built on opened ``Services`` by the composition root and the wizard."""
    return FirstRunService(services.uow, services.clock, services.auth, services.calendar)
