"""Users and roles: the permission matrix as data, the password rules and the lock after failures.

Pure rules (no hashing, no storage): services/auth.py hashes with argon2 and keeps the users.
Who does what follows RULES.md «Who is who»: the front desk receives, dispatches and replies
(篇2 §2, §5), departments report back (篇2 §4–5), the office head decides and escalates (篇2 §6),
the maintenance supervisor runs equipment (篇1); the administrator keeps the program itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from wuye_desktop.domain.complaint import Action


class Role(str, Enum):
    FRONT_DESK = "前台/客服"
    PROPERTY_CLERK = "物管员"
    DEPARTMENT = "部门"
    REPAIR_SUPERVISOR = "维修主管"
    OFFICE_HEAD = "主任"
    ADMIN = "管理员"


class Permission(str, Enum):
    REGISTER = "登记投诉与报修"
    RECORD_STEP = "记录处理过程"
    DISPATCH = "派单"
    CLOSE = "结案"
    DELETE = "删除记录"
    SEE_WHOLE_ID = "查看完整证件号码"
    SEE_WHOLE_PHONE = "查看完整电话号码"
    EXPORT = "导出清单"
    EXPORT_PERSONAL = "导出完整个人资料"
    IMPORT = "导入台账"
    MANAGE_EQUIPMENT = "管理设备与计划"
    MANAGE_ARCHIVES = "管理客户档案"
    CHANGE_SETTINGS = "修改日历与设置"
    MANAGE_USERS = "管理用户"
    VIEW_AUDIT = "查看审计日志"
    BACKUP = "备份数据"
    RESTORE = "从备份恢复"
    SERVER_SETTINGS = "设置数据库服务器"
    RESTORE_DELETED = "恢复已删除的记录"
    PURGE_DELETED = "永久删除"


P = Permission
_EVERYDAY = frozenset({P.REGISTER, P.RECORD_STEP, P.EXPORT})
_HEAD = frozenset(set(P) - {P.MANAGE_USERS, P.RESTORE, P.SERVER_SETTINGS, P.RESTORE_DELETED, P.PURGE_DELETED})

# The matrix, one line a role. Deleting is soft for everyone who may delete (the row goes to the
# recycle bin and can be restored); only the administrator empties the bin for good (issue 7).
MATRIX: dict[Role, frozenset[Permission]] = {
    # 篇2 §2/§5: receives, dispatches, replies, closes; keeps the client archives (篇3), so it sees
    # whole ID numbers on the record it files, but exports only masked lists.
    Role.FRONT_DESK: _EVERYDAY | {P.DISPATCH, P.CLOSE, P.IMPORT, P.MANAGE_ARCHIVES, P.SEE_WHOLE_ID,
                                  P.SEE_WHOLE_PHONE},
    # 篇4: area revisits each quarter; calls residents back.
    Role.PROPERTY_CLERK: _EVERYDAY | {P.SEE_WHOLE_PHONE},
    # 篇2 §4–5: a department answers and reports completion; it registers nothing itself.
    Role.DEPARTMENT: frozenset({P.RECORD_STEP, P.SEE_WHOLE_PHONE}),
    # 篇1: equipment, plans, defects, work orders of the repair team.
    Role.REPAIR_SUPERVISOR: _EVERYDAY | {P.DISPATCH, P.MANAGE_EQUIPMENT, P.SEE_WHOLE_PHONE},
    # 篇2 §6: decides what the desk cannot; sees the whole trail; keeps the calendar and settings.
    Role.OFFICE_HEAD: _HEAD,
    Role.ADMIN: frozenset(Permission),
}

# Which permission a step of the complaint life cycle needs (Action values of domain.complaint).
STEP_PERMISSIONS: dict[str, Permission] = {
    Action.RECEIVE.value: P.REGISTER,
    Action.TO_FRONT_DESK.value: P.REGISTER,
    Action.DISPATCH.value: P.DISPATCH,
    Action.CLOSE.value: P.CLOSE,
    Action.REOPEN.value: P.CLOSE,  # undoing a close is the closer's decision
}


def can(role: Role | str | None, permission: Permission) -> bool:
    if role is None:
        return False
    try:
        return permission in MATRIX[Role(role)]
    except ValueError:
        return False


def step_permission(action_value: str) -> Permission:
    return STEP_PERMISSIONS.get(action_value, P.RECORD_STEP)


# --- passwords -------------------------------------------------------------------------------------

MIN_PASSWORD = 6
MAX_PASSWORD = 128


def password_error(password: str, repeat: str | None = None, name: str = "") -> str | None:
    """A Chinese message naming the field, or None. Kept simple: a small office, typed by hand."""
    if not password:
        return "密码不能为空"
    if len(password) < MIN_PASSWORD:
        return f"密码至少{MIN_PASSWORD}位（现有{len(password)}位）"
    if len(password) > MAX_PASSWORD:
        return f"密码不能超过{MAX_PASSWORD}位"
    if password != password.strip():
        return "密码的开头和结尾不能是空格"
    if len(set(password)) == 1:
        return "密码不能全是同一个字符"
    if name and password.strip() == name.strip():
        return "密码不能与用户名相同"
    if repeat is not None and password != repeat:
        return "两次输入的密码不一致"
    return None


NAME_MAX = 40


def user_name_error(name: str) -> str | None:
    text = (name or "").strip()
    if not text:
        return "用户名不能为空"
    if len(text) > NAME_MAX:
        return f"用户名不能超过{NAME_MAX}个字"
    if any(not ch.isprintable() for ch in text):
        return "用户名不能含有控制字符"
    return None


# --- the lock after repeated failures ---------------------------------------------------------------

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)


@dataclass(frozen=True)
class LoginState:
    failures: int = 0
    locked_until: datetime | None = None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def after_failure(self, now: datetime) -> "LoginState":
        """Five failures in a row lock the account for 15 minutes; a lock that ran out starts afresh."""
        failures = 0 if (self.locked_until is not None and now >= self.locked_until) else self.failures
        failures += 1
        if failures >= MAX_FAILURES:
            return LoginState(failures, now + LOCK_FOR)
        return LoginState(failures, None)

    def after_success(self) -> "LoginState":
        return LoginState(0, None)

    def attempts_left(self) -> int:
        return max(MAX_FAILURES - self.failures, 0)
