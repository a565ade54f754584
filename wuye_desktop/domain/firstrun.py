"""The first-run set-up of a new office as plain data, and the checks of each step (issue 8).

Each ``*_errors`` function returns ``{field_key: Chinese message}`` so the wizard page shows the
message under its field; ``SetupPlan.validate`` runs them all again before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wuye_desktop.domain.archives import UnitDraft, parse_unit, unit_key
from wuye_desktop.domain.auth import Role, password_error, user_name_error
from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.domain.validators import phone_error, project_code_error, required_error

# The usual five departments of a management office (篇2 §4: 客服、工程、保安、保洁、绿化).
USUAL_DEPARTMENTS = ("客服部", "工程部", "保安部", "保洁部", "绿化部")
NO_ACCOUNT = ""  # a staff member who does not log in (named on dispatches only)
# Roles the wizard offers for staff; the administrator is made on its own step.
STAFF_ROLES = tuple(r for r in Role if r is not Role.ADMIN)
MAX_UNITS = 20_000


@dataclass(frozen=True)
class StaffEntry:
    name: str
    department: str = ""
    phone: str = ""
    role: str = NO_ACCOUNT  # a Role value, or NO_ACCOUNT


@dataclass(frozen=True)
class SetupPlan:
    company_name: str
    project_name: str
    project_code: str
    households: int = 0
    departments: tuple[str, ...] = USUAL_DEPARTMENTS
    staff: tuple[StaffEntry, ...] = ()
    staff_password: str = ""
    staff_password_repeat: str = ""
    units_text: str = ""
    admin_name: str = "管理员"
    admin_password: str = ""
    admin_repeat: str = ""
    backup_folder: str = ""
    units: tuple[UnitDraft, ...] = field(default=(), compare=False)

    def validate(self, with_admin: bool = True) -> "SetupPlan":
        """Every step's check again; ValidationError keys are ``step.field``. Returns the plan with
        the typed units parsed."""
        errors: dict[str, str] = {}
        for step, found in (
            ("company", company_errors(self.company_name, self.project_name, self.project_code,
                                       self.households)),
            ("departments", department_errors(self.departments)),
            ("staff", staff_errors(self.staff, self.departments, self.staff_password,
                                   self.staff_password_repeat)),
            ("admin", admin_errors(self.admin_name, self.admin_password, self.admin_repeat, self.staff)
             if with_admin else {}),
        ):
            errors.update({f"{step}.{key}": message for key, message in found.items()})
        units, unit_problems = parse_units(self.units_text)
        errors.update({f"units.{key}": message for key, message in unit_problems.items()})
        if errors:
            raise ValidationError(errors)
        return SetupPlan(**{**self.__dict__, "units": tuple(units)})


# --- the steps --------------------------------------------------------------------------------------

def company_errors(company: str, project: str, code: str, households: int) -> dict[str, str]:
    errors: dict[str, str] = {}
    if e := required_error("公司（物业服务企业）名称", company, 60):
        errors["company_name"] = e
    if e := required_error("管理处名称", project, 80):
        errors["project_name"] = e
    if e := project_code_error(code):
        errors["project_code"] = e
    if households < 0:
        errors["households"] = "服务户数不能为负数"
    return errors


def clean_departments(names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(n.strip() for n in names if n.strip())


def department_errors(names: tuple[str, ...] | list[str]) -> dict[str, str]:
    cleaned = clean_departments(names)
    if not cleaned:
        return {"departments": "至少要有一个部门（投诉派单时选择）"}
    seen: set[str] = set()
    for i, name in enumerate(cleaned, start=1):
        if len(name) > 40:
            return {"departments": f"第{i}个部门「{name[:12]}…」超过40个字"}
        if name in seen:
            return {"departments": f"部门「{name}」重复了"}
        seen.add(name)
    return {}


def staff_errors(staff: tuple[StaffEntry, ...] | list[StaffEntry], departments: tuple[str, ...] | list[str],
                 password: str, repeat: str) -> dict[str, str]:
    """Row messages are keyed ``row<n>`` (1-based, the row the clerk sees); the password ``password``/``repeat``."""
    errors: dict[str, str] = {}
    known = set(clean_departments(departments))
    names: dict[str, int] = {}
    roles = {r.value for r in STAFF_ROLES}
    accounts = 0
    for i, entry in enumerate(staff, start=1):
        problems = []
        name = entry.name.strip()
        if e := required_error("姓名", name, 40):
            problems.append(e)
        elif name in names:
            problems.append(f"姓名「{name}」与第{names[name]}行重复")
        else:
            names[name] = i
        if entry.department and entry.department not in known:
            problems.append(f"部门「{entry.department}」不在部门列表中")
        if entry.phone.strip() and (e := phone_error("联系电话", entry.phone)):
            problems.append(e)
        if entry.role and entry.role not in roles:
            problems.append(f"角色「{entry.role}」不是可选项")
        if entry.role:
            accounts += 1
            if e := user_name_error(name):
                problems.append(e)
        if problems:
            errors[f"row{i}"] = f"第{i}行：" + "；".join(problems)
    if accounts:
        if e := password_error(password, repeat):
            errors["repeat" if "一致" in e else "password"] = "初始密码：" + e
    return errors


def admin_errors(name: str, password: str, repeat: str,
                 staff: tuple[StaffEntry, ...] | list[StaffEntry] = ()) -> dict[str, str]:
    errors: dict[str, str] = {}
    if e := user_name_error(name):
        errors["name"] = e
    elif any(s.role and s.name.strip() == name.strip() for s in staff):
        errors["name"] = f"用户名「{name.strip()}」已用于员工账户，请换一个管理员用户名"
    if e := password_error(password, repeat, name):
        errors["repeat" if "一致" in e else "password"] = e
    return errors


def _items(line: str) -> list[str]:
    """Units of one line: split at commas, 、 and semicolons; a chunk that is not one unit with its
    spaces («B座 0801室») is split at the spaces too («A座1203 A座1204»)."""
    items: list[str] = []
    for chunk in re.split(r"[,，、;；]+", line):
        chunk = chunk.strip()
        if not chunk:
            continue
        if re.search(r"\s", chunk) and parse_unit(chunk) is None:
            items += [part for part in chunk.split() if part]
        else:
            items.append(chunk)
    return items


def parse_units(text: str) -> tuple[list[UnitDraft], dict[str, str]]:
    """One unit a line (A座1203, 3栋2单元501; several on a line separated by spaces, commas or 、).

    Returns the drafts (duplicates dropped) and ``{"units": message}`` naming the bad lines."""
    drafts: list[UnitDraft] = []
    keys: set[str] = set()
    bad: list[str] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        for item in _items(line):
            parsed = parse_unit(item)
            if parsed is None or parsed.floor is None:
                bad.append(f"第{number}行「{item}」")
                continue
            draft = UnitDraft(building=parsed.building, room=parsed.room, entrance=parsed.entrance,
                              floor=parsed.floor)
            try:
                draft = draft.validate()
            except ValidationError as exc:
                bad.append(f"第{number}行「{item}」（{next(iter(exc.errors.values()))}）")
                continue
            key = unit_key(draft.label)
            if key not in keys:
                keys.add(key)
                drafts.append(draft)
    if bad:
        shown = "、".join(bad[:5]) + (f" 等{len(bad)}处" if len(bad) > 5 else "")
        return drafts, {"units": f"{shown}无法识别为房号，应写成 楼栋+房号，如 A座1203、3栋2单元501"}
    if len(drafts) > MAX_UNITS:
        return drafts, {"units": f"一次最多登记{MAX_UNITS}套房屋（现有{len(drafts)}套），其余请从 Excel 导入"}
    return drafts, {}
