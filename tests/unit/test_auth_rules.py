"""Roles × permissions, the password rules and the lock after five failures (domain/auth.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from wuye_desktop.domain.auth import (
    LOCK_FOR,
    MATRIX,
    LoginState,
    Permission,
    Role,
    can,
    password_error,
    step_permission,
    user_name_error,
)
from wuye_desktop.domain.complaint import Action

P = Permission
# The matrix as the office agreed it, written out independently of domain/auth.py: one column per
# role in the order 前台/客服, 物管员, 部门, 维修主管, 主任, 管理员 ("x" = allowed).
EXPECTED = """
登记投诉与报修       x x . x x x
记录处理过程         x x x x x x
派单                 x . . x x x
结案                 x . . . x x
删除记录             . . . . x x
查看完整证件号码     x . . . x x
查看完整电话号码     x x x x x x
导出清单             x x . x x x
导出完整个人资料     . . . . x x
导入台账             x . . . x x
管理设备与计划       . . . x x x
管理客户档案         x . . . x x
修改日历与设置       . . . . x x
管理用户             . . . . . x
查看审计日志         . . . . x x
备份数据             . . . . x x
从备份恢复           . . . . . x
设置数据库服务器     . . . . . x
恢复已删除的记录     . . . . . x
永久删除             . . . . . x
"""
ROLES = [Role.FRONT_DESK, Role.PROPERTY_CLERK, Role.DEPARTMENT, Role.REPAIR_SUPERVISOR, Role.OFFICE_HEAD, Role.ADMIN]


def _expected() -> dict[tuple[Role, Permission], bool]:
    grid = {}
    for line in EXPECTED.strip().splitlines():
        name, *marks = line.split()
        for role, mark in zip(ROLES, marks, strict=True):
            grid[(role, Permission(name))] = mark == "x"
    return grid


GRID = _expected()


def test_the_written_grid_covers_every_role_and_permission() -> None:
    assert {p for _r, p in GRID} == set(Permission)
    assert {r for r, _p in GRID} == set(Role)


@pytest.mark.parametrize(("role", "permission"), sorted(GRID, key=lambda k: (k[0].value, k[1].value)),
                         ids=lambda v: v.value)
def test_each_role_and_action(role: Role, permission: Permission) -> None:
    assert can(role, permission) is GRID[(role, permission)]
    assert can(role.value, permission) is GRID[(role, permission)]  # the stored text works too


def test_unknown_role_or_nobody_may_do_nothing() -> None:
    assert not can(None, P.REGISTER)
    assert not can("清洁工", P.REGISTER)


def test_only_the_administrator_empties_the_recycle_bin_and_manages_users() -> None:
    assert [r for r in Role if P.PURGE_DELETED in MATRIX[r]] == [Role.ADMIN]
    assert [r for r in Role if P.MANAGE_USERS in MATRIX[r]] == [Role.ADMIN]


@pytest.mark.parametrize(("action", "permission"), [
    (Action.RECEIVE, P.REGISTER), (Action.TO_FRONT_DESK, P.REGISTER), (Action.DISPATCH, P.DISPATCH),
    (Action.CLOSE, P.CLOSE), (Action.REOPEN, P.CLOSE), (Action.COMPLETE, P.RECORD_STEP),
    (Action.REVISIT, P.RECORD_STEP), (Action.LADDER_NOTIFY_DEPT, P.RECORD_STEP),
])
def test_each_complaint_step_needs_its_permission(action: Action, permission: Permission) -> None:
    assert step_permission(action.value) is permission


@pytest.mark.parametrize(("password", "repeat", "message"), [
    ("", None, "密码不能为空"),
    ("abc", None, "密码至少6位（现有3位）"),
    ("a" * 129, None, "密码不能超过128位"),
    (" abc123", None, "密码的开头和结尾不能是空格"),
    ("111111", None, "密码不能全是同一个字符"),
    ("张三丰张三丰", None, "密码不能与用户名相同"),
    ("abc123", "abc124", "两次输入的密码不一致"),
])
def test_bad_passwords_are_named_in_chinese(password: str, repeat: str | None, message: str) -> None:
    assert password_error(password, repeat, name="张三丰张三丰") == message


def test_good_passwords_pass() -> None:
    assert password_error("物业2026", "物业2026", "张三") is None
    assert password_error("correct horse") is None


def test_user_names() -> None:
    assert user_name_error("  ") == "用户名不能为空"
    assert user_name_error("张" * 41) == "用户名不能超过40个字"
    assert user_name_error("张\x00三") == "用户名不能含有控制字符"
    assert user_name_error("张丽") is None


def test_five_failures_lock_for_fifteen_minutes_then_start_afresh() -> None:
    t0 = datetime(2026, 9, 24, 9, 0)
    state = LoginState()
    for i in range(4):
        state = state.after_failure(t0 + timedelta(seconds=i))
        assert not state.locked(t0 + timedelta(seconds=i))
    assert state.attempts_left() == 1
    state = state.after_failure(t0 + timedelta(seconds=10))
    assert state.locked(t0 + timedelta(seconds=10))
    assert state.locked_until == t0 + timedelta(seconds=10) + LOCK_FOR == datetime(2026, 9, 24, 9, 15, 10)
    assert state.locked(datetime(2026, 9, 24, 9, 15, 9))
    assert not state.locked(datetime(2026, 9, 24, 9, 15, 10))
    after = state.after_failure(datetime(2026, 9, 24, 9, 20))  # the lock ran out: one failure, not six
    assert (after.failures, after.locked_until) == (1, None)
    assert state.after_success() == LoginState(0, None)
