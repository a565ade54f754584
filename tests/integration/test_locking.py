"""Two clerks on two connections to the same database (SQLite file and the real PostgreSQL): the
second save of the same record is refused — never silently overwritten — and says what changed."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.orm.exc import StaleDataError

from wuye_desktop.domain.auth import Role
from wuye_desktop.domain.complaint import Action
from wuye_desktop.services.auth import ConflictError as UserConflict
from wuye_desktop.services.complaints import ConflictError, StepInput
from wuye_desktop.storage.models import ComplaintRow
from tests.integration.test_desk_rules import draft


def test_the_second_step_on_an_old_version_is_refused_and_names_the_first(any_services, second_pc, clock) -> None:
    a, b = any_services, second_pc
    assert a.engine is not b.engine
    a.auth.sign_in_as("张丽", Role.FRONT_DESK)
    b.auth.sign_in_as("李明", Role.FRONT_DESK)
    case = a.complaints.register(draft(), a.settings.projects()[0].id, "张丽")
    seen_by_a = a.complaints.get(case.id).row.version
    clock.set(datetime(2026, 9, 24, 9, 20))
    b.complaints.act(case.id, StepInput(Action.DISPATCH, "李明", data={"department": "工程部",
                                                                    "due_at": "2026-09-24 18:00"}),
                     expected_version=b.complaints.get(case.id).row.version)
    with pytest.raises(ConflictError) as info:
        a.complaints.act(case.id, StepInput(Action.VERIFY, "张丽", note="已核实"), expected_version=seen_by_a)
    assert "已被他人修改" in info.value.message
    meanwhile = a.audit.describe_changes("complaint", case.id, seen_by_a)
    assert "09-24 09:20 李明 记录了「派单」，经办人李明" in meanwhile
    events = [(e.action.value, e.by) for e in a.complaints.get(case.id).events]
    assert ("派单", "李明") in events and ("核实", "张丽") not in events  # nothing of A's was written
    # Recording A's step on the latest version adds it after B's: a merge, nothing overwritten.
    latest = a.complaints.get(case.id).row.version
    a.complaints.act(case.id, StepInput(Action.VERIFY, "张丽", note="已核实"), expected_version=latest)
    assert [e.action.value for e in b.complaints.get(case.id).events][-2:] == ["派单", "核实"]


def test_two_sessions_flushing_the_same_case_one_wins(any_services, second_pc) -> None:
    """The version column guards even a save that passed its own check: the UPDATE of the second
    writer matches no row (version_id_col) and nothing is overwritten."""
    a, b = any_services, second_pc
    case = a.complaints.register(draft(), a.settings.projects()[0].id, "张丽")
    with a.uow() as ua, b.uow() as ub:
        row_a = ua.session.get(ComplaintRow, case.id)
        row_b = ub.session.get(ComplaintRow, case.id)
        assert row_a is not None and row_b is not None
        row_a.remarks = "张丽的备注"
        ua.commit()
        row_b.remarks = "李明的备注"
        with pytest.raises(StaleDataError):
            ub.commit()
    assert b.complaints.get(case.id).remarks == "张丽的备注"


def test_correcting_details_on_an_old_version_is_refused(any_services, second_pc) -> None:
    a, b = any_services, second_pc
    case = a.complaints.register(draft(), a.settings.projects()[0].id, "张丽")
    version = a.complaints.get(case.id).row.version
    b.complaints.update_details(case.id, draft(phone="13900139000"), version)
    with pytest.raises(ConflictError):
        a.complaints.update_details(case.id, draft(unit="A座1204"), version)
    detail = b.complaints.get(case.id)
    assert (detail.row.phone, detail.row.unit) == ("13900139000", "A座1203")


def test_user_records_are_locked_too(any_services, second_pc) -> None:
    a, b = any_services, second_pc
    a.auth.create_first_admin("管理员", "admin-pass1", "admin-pass1")
    b.auth.sign_in_as("管理员二", Role.ADMIN)
    user = a.auth.save_user("张丽", Role.FRONT_DESK, password="start-pass1", repeat="start-pass1")
    b.auth.save_user("张丽", Role.OFFICE_HEAD, user_id=user.id, expected_version=user.version)
    with pytest.raises(UserConflict) as info:
        a.auth.save_user("张丽", Role.DEPARTMENT, user_id=user.id, expected_version=user.version)
    assert "已被他人修改" in info.value.message
    assert {u.name: u.role for u in a.auth.users()}["张丽"] is Role.OFFICE_HEAD
