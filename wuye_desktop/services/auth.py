"""Users, login and permissions: argon2 password hashes, the lock after five failures, the logged-in
user as the "who" of the audit trail, and a guard on every complaint step (issue 7).

Access control applies to a logged-in session (the GUI always logs in). With nobody logged in —
the command line, run by an administrator on the machine itself, and service-level tests — every
call is allowed; see ``enforcing``.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from wuye_desktop.domain import auth as rules
from wuye_desktop.domain.auth import LoginState, Permission, Role
from wuye_desktop.domain.complaint import Action
from wuye_desktop.domain.errors import DomainError, EditConflictError, NotFoundError, ValidationError
from wuye_desktop.services.clock import Clock
from wuye_desktop.storage import audit as trail
from wuye_desktop.storage.audit import AuditContext
from wuye_desktop.storage.models_auth import UserRow
from wuye_desktop.storage.uow import UowFactory

# A password hash that matches no password: users made for the demo and for tests log in
# without one (``sign_in_as``), never through the login dialog.
NO_PASSWORD = "!"
DEMO_HEAD = "演示主任"


class LoginError(DomainError):
    """Wrong name or password, a locked or disabled account: the message says which (in Chinese)."""


class PermissionDeniedError(DomainError):
    """The logged-in user's role does not allow this."""


class ConflictError(DomainError):
    """The user record was changed by someone else since it was opened."""


class UserConflictError(EditConflictError, ConflictError):
    """A user edit lost the race: carries the user as saved meanwhile, keyed like ``save_user`` (issue 7)."""


USER_LABELS = {"name": "用户名", "role": "角色", "project_id": "所属管理处", "active": "启用"}


def user_values(row: UserRow) -> dict[str, object]:
    return {"name": row.name, "role": Role(row.role), "project_id": row.project_id, "active": row.active}


@dataclass(frozen=True)
class UserView:
    id: int
    name: str
    role: Role
    project_id: int | None
    active: bool
    must_change_password: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    failed_logins: int
    version: int

    @property
    def label(self) -> str:
        return f"{self.name}（{self.role.value}）"


def _view(r: UserRow) -> UserView:
    try:
        role = Role(r.role)
    except ValueError:  # a role a newer program version knows: treat as the least privileged
        role = Role.DEPARTMENT
    return UserView(r.id, r.name, role, r.project_id, r.active, r.must_change_password, r.locked_until,
                    r.last_login_at, r.failed_logins, r.version)


class AuthService:
    def __init__(self, uow: UowFactory, clock: Clock, audit: AuditContext,
                 hasher: PasswordHasher | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._audit = audit
        self._hasher = hasher or PasswordHasher()
        self.current: UserView | None = None

    # --- permissions -----------------------------------------------------------------------------
    @property
    def enforcing(self) -> bool:
        return self.current is not None

    def can(self, permission: Permission) -> bool:
        return self.current is None or rules.can(self.current.role, permission)

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            assert self.current is not None
            who = "管理员" if self.current.role is Role.OFFICE_HEAD else "主任或管理员"
            raise PermissionDeniedError(
                f"您的角色（{self.current.role.value}）没有「{permission.value}」的权限，请找{who}办理")

    def guard_step(self, _session: Session, _row: object, action: Action) -> None:
        """ComplaintService step observer: a step the user's role may not take is rolled back."""
        self.require(rules.step_permission(action.value))

    # --- first start ------------------------------------------------------------------------------
    def has_users(self) -> bool:
        with self._uow() as uow:
            return (uow.session.scalar(select(func.count(UserRow.id))) or 0) > 0

    def create_first_admin(self, name: str, password: str, repeat: str | None = None) -> UserView:
        """The first start: the administrator, then logged in. Refused once any user exists."""
        errors = self._check_new(name, password, repeat)
        if errors:
            raise ValidationError(errors)
        with self._uow() as uow:
            s = uow.session
            if (s.scalar(select(func.count(UserRow.id))) or 0) > 0:
                raise DomainError("已经设置过管理员，请用已有的账户登录")
            with trail.acting_as(name.strip()):
                row = self._new_row(name.strip(), Role.ADMIN, None, self._hash(password))
                s.add(row)
                uow.commit()
            user = _view(row)
        self._sign_in(user)
        return user

    # --- login ------------------------------------------------------------------------------------
    def login(self, name: str, password: str) -> UserView:
        now = self._clock()
        name = (name or "").strip()
        if not name:
            raise LoginError("请输入用户名")
        with self._uow() as uow:
            s = uow.session
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            if row is None:
                trail.write(s, "登录失败", "用户名不存在", table="app_user", actor=name)
                uow.commit()
                raise LoginError("用户名或密码不正确")
            state = LoginState(row.failed_logins, row.locked_until)
            if not row.active:
                trail.write(s, "登录失败", "账户已停用", table="app_user", record_id=str(row.id), actor=name)
                uow.commit()
                raise LoginError("该账户已停用，请找管理员")
            if state.locked(now):
                assert row.locked_until is not None
                trail.write(s, "登录失败", "账户已锁定", table="app_user", record_id=str(row.id), actor=name)
                uow.commit()
                raise LoginError(f"密码连续输错{rules.MAX_FAILURES}次，账户已锁定至 {row.locked_until:%H:%M}，"
                                 "请稍后再试或请管理员解锁")
            if not self._verify(row.password_hash, password):
                state = state.after_failure(now)
                with trail.acting_as(name):
                    row.failed_logins, row.locked_until = state.failures, state.locked_until
                    trail.write(s, "登录失败", "密码错误", table="app_user", record_id=str(row.id))
                    uow.commit()
                if state.locked(now):
                    raise LoginError(f"密码连续输错{rules.MAX_FAILURES}次，账户已锁定{rules.LOCK_FOR.seconds // 60}"
                                     "分钟，请稍后再试或请管理员解锁")
                raise LoginError(f"用户名或密码不正确（再错{state.attempts_left()}次将锁定账户）")
            with trail.acting_as(name):
                row.failed_logins, row.locked_until, row.last_login_at = 0, None, now
                if self._hasher.check_needs_rehash(row.password_hash):
                    row.password_hash = self._hash(password)
                trail.write(s, "登录", "登录成功", table="app_user", record_id=str(row.id))
                uow.commit()
            user = _view(row)
        self._sign_in(user)
        return user

    def sign_in_as(self, name: str, role: Role = Role.OFFICE_HEAD) -> UserView:
        """Without a password: the demo office (a 主任 named 演示主任) and tests. The user is made when
        missing, with a hash no password matches, so nobody can log in as it through the dialog."""
        with self._uow() as uow:
            s = uow.session
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            if row is None:
                with trail.acting_as(name):
                    row = self._new_row(name, role, None, NO_PASSWORD)
                    s.add(row)
                    uow.commit()
            user = _view(row)
        self._sign_in(user)
        return user

    def logout(self) -> None:
        if self.current is None:
            return
        with self._uow() as uow:
            trail.write(uow.session, "退出", "退出登录", table="app_user", record_id=str(self.current.id))
            uow.commit()
        self.current = None
        self._audit.actor = ""

    def _sign_in(self, user: UserView) -> None:
        self.current = user
        self._audit.actor = user.name

    # --- own password -----------------------------------------------------------------------------
    def change_own_password(self, old: str, new: str, repeat: str) -> None:
        if self.current is None:
            raise DomainError("请先登录")
        errors: dict[str, str] = {}
        if e := rules.password_error(new, repeat, self.current.name):
            errors["new" if "一致" not in e else "repeat"] = e
        with self._uow() as uow:
            row = uow.session.get(UserRow, self.current.id)
            if row is None:
                raise NotFoundError("当前用户已被删除")
            if not self._verify(row.password_hash, old):
                errors["old"] = "原密码不正确"
            elif old == new:
                errors.setdefault("new", "新密码不能与原密码相同")
            if errors:
                raise ValidationError(errors)
            row.password_hash = self._hash(new)
            row.must_change_password = False
            row.updated_at = self._clock()
            uow.commit()
            self.current = _view(row)

    # --- managing users (管理员) ------------------------------------------------------------------
    def users(self) -> list[UserView]:
        self.require(Permission.MANAGE_USERS)
        with self._uow() as uow:
            return [_view(r) for r in uow.session.scalars(select(UserRow).order_by(UserRow.active.desc(),
                                                                                    UserRow.name))]

    def user_names(self) -> list[str]:
        """Active users, for the login dialog's list (no other detail before login)."""
        with self._uow() as uow:
            return list(uow.session.scalars(select(UserRow.name).where(
                UserRow.active.is_(True), UserRow.password_hash != NO_PASSWORD).order_by(UserRow.name)))

    def save_user(self, name: str, role: Role | str, project_id: int | None = None, *, active: bool = True,
                  password: str | None = None, repeat: str | None = None, user_id: int | None = None,
                  expected_version: int | None = None) -> UserView:
        """Create a user (with a first password they must change) or change one's role and state."""
        self.require(Permission.MANAGE_USERS)
        errors: dict[str, str] = {}
        try:
            role = Role(role)
        except ValueError:
            errors["role"] = "请选择角色"
        if e := rules.user_name_error(name):
            errors["name"] = e
        if user_id is None:
            if e := rules.password_error(password or "", repeat, name):
                errors["repeat" if "一致" in e else "password"] = e
        now = self._clock()
        with self._uow() as uow:
            s = uow.session
            clash = s.scalar(select(UserRow).where(UserRow.name == name.strip()))
            if clash is not None and clash.id != user_id:
                errors.setdefault("name", f"用户名「{name.strip()}」已存在")
            if errors:
                raise ValidationError(errors)
            assert isinstance(role, Role)
            if user_id is None:
                row = self._new_row(name.strip(), role, project_id, self._hash(password or ""))
                row.must_change_password = True
                s.add(row)
            else:
                row = self._load(s, user_id)
                if expected_version is not None and row.version != expected_version:
                    raise self._user_conflict(row)
                if self.current is not None and row.id == self.current.id and (not active or role is not Role.ADMIN) \
                        and row.role == Role.ADMIN.value:
                    raise ValidationError.single("role", "不能取消自己的管理员角色或停用自己的账户")
                if row.role == Role.ADMIN.value and (role is not Role.ADMIN or not active) \
                        and self._other_admins(s, row.id) == 0:
                    raise ValidationError.single("role", "至少要保留一个启用的管理员")
                row.name, row.role, row.project_id, row.active = name.strip(), role.value, project_id, active
                row.updated_at = now
            try:
                uow.commit()
            except StaleDataError:
                pass
            else:
                return _view(row)
        with self._uow() as uow:  # lost the race at commit: report the user as the winner left it
            raise self._user_conflict(self._load(uow.session, user_id or 0))

    @staticmethod
    def _user_conflict(row: UserRow) -> UserConflictError:
        return UserConflictError(f"用户「{row.name}」已被他人修改", row.version, user_values(row), USER_LABELS)

    def reset_password(self, user_id: int, password: str, repeat: str | None = None) -> UserView:
        """The administrator sets a new password; the user must change it at the next login."""
        self.require(Permission.MANAGE_USERS)
        with self._uow() as uow:
            row = self._load(uow.session, user_id)
            if e := rules.password_error(password, repeat, row.name):
                raise ValidationError.single("repeat" if "一致" in e else "password", e)
            row.password_hash = self._hash(password)
            row.must_change_password = True
            row.failed_logins, row.locked_until, row.updated_at = 0, None, self._clock()
            self._commit(uow)
            return _view(row)

    def unlock(self, user_id: int) -> UserView:
        self.require(Permission.MANAGE_USERS)
        with self._uow() as uow:
            row = self._load(uow.session, user_id)
            row.failed_logins, row.locked_until, row.updated_at = 0, None, self._clock()
            self._commit(uow)
            return _view(row)

    # --- helpers ---------------------------------------------------------------------------------------
    def _check_new(self, name: str, password: str, repeat: str | None) -> dict[str, str]:
        errors: dict[str, str] = {}
        if e := rules.user_name_error(name):
            errors["name"] = e
        if e := rules.password_error(password, repeat, name):
            errors["repeat" if "一致" in e else "password"] = e
        return errors

    def _new_row(self, name: str, role: Role, project_id: int | None, password_hash: str) -> UserRow:
        now = self._clock()
        return UserRow(name=name, role=role.value, project_id=project_id, password_hash=password_hash, active=True,
                       must_change_password=False, failed_logins=0, created_at=now, updated_at=now)

    @staticmethod
    def _other_admins(s: Session, user_id: int) -> int:
        return int(s.scalar(select(func.count(UserRow.id)).where(
            UserRow.role == Role.ADMIN.value, UserRow.active.is_(True), UserRow.id != user_id)) or 0)

    @staticmethod
    def _load(s: Session, user_id: int, expected_version: int | None = None) -> UserRow:
        row = s.get(UserRow, user_id)
        if row is None:
            raise NotFoundError("该用户不存在")
        if expected_version is not None and row.version != expected_version:
            raise ConflictError(f"用户「{row.name}」已被他人修改，请重新打开后再改")
        return row

    @staticmethod
    def _commit(uow) -> None:  # type: ignore[no-untyped-def]
        try:
            uow.commit()
        except StaleDataError as exc:
            raise ConflictError("该用户刚被他人修改，请重新打开后再改") from exc

    def _hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def _verify(self, stored: str, password: str) -> bool:
        if not stored or stored == NO_PASSWORD or not password:
            return False
        try:
            return self._hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


def random_password() -> str:
    return secrets.token_urlsafe(12)


def require_for_whole(auth: AuthService, owner: object, method: str,
                      permission: Permission = Permission.EXPORT_PERSONAL) -> None:
    """Calls of ``owner.method(..., whole=True)`` (an export or print with whole ID numbers and
    phones) need ``permission`` of the logged-in user — the masking follows the role (issue 7) —
    without touching the area's own service; masked calls are everyone's."""
    original = getattr(owner, method)

    @functools.wraps(original)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("whole"):
            auth.require(permission)
        return original(*args, **kwargs)

    setattr(owner, method, guarded)
