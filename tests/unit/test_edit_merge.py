"""Three-way merge behind the 「保存冲突」 dialog (issue 7): nothing either clerk changed is lost silently."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from wuye_desktop.domain.edit_merge import Choice, Kind, changes, merged, same, shown

LABELS = {"name": "姓名", "phone": "电话", "note": "备注", "due": "期限", "vip": "重点客户"}
BASE = {"name": "张三", "phone": "13800000000", "note": "", "due": date(2026, 10, 9), "vip": False}


def kinds(found):
    return {c.key: c.kind for c in found}


def test_only_theirs_is_taken_only_mine_is_kept():
    mine = dict(BASE, phone="13911111111")
    current = dict(BASE, note="已上门", due=date(2026, 10, 10))
    found = changes(BASE, mine, current, LABELS)
    assert kinds(found) == {"phone": Kind.MINE, "note": Kind.THEIRS, "due": Kind.THEIRS}
    assert [c.label for c in found] == ["电话", "备注", "期限"]
    assert merged(mine, found, {}) == dict(BASE, phone="13911111111", note="已上门", due=date(2026, 10, 10))


def test_both_changed_differently_waits_for_a_choice():
    mine = dict(BASE, name="张三丰")
    current = dict(BASE, name="张叁")
    found = changes(BASE, mine, current, LABELS)
    assert kinds(found) == {"name": Kind.CONFLICT}
    with pytest.raises(KeyError):
        merged(mine, found, {})
    assert merged(mine, found, {"name": Choice.MINE})["name"] == "张三丰"
    assert merged(mine, found, {"name": Choice.THEIRS})["name"] == "张叁"


def test_both_changed_alike_is_no_conflict():
    mine = dict(BASE, vip=True)
    found = changes(BASE, mine, dict(BASE, vip=True), LABELS)
    assert kinds(found) == {"vip": Kind.SAME}
    assert merged(mine, found, {})["vip"] is True


def test_none_and_empty_text_mean_the_same_and_numbers_compare_by_value():
    assert same(None, "")
    assert same(Decimal("12.50"), 12.5)
    assert same(["a", "b"], ("a", "b"))
    assert not same(0, "")
    assert not same(False, None)
    found = changes(dict(BASE, note=None), dict(BASE, note=""), dict(BASE), LABELS)
    assert found == []


def test_keys_the_dialog_does_not_submit_are_ignored():
    found = changes(BASE, {"name": "李四"}, dict(BASE, phone="1"), LABELS)
    assert kinds(found) == {"name": Kind.MINE}


def test_values_shown_as_chinese_text():
    assert shown(None) == "空"
    assert shown("") == "空"
    assert shown(True) == "是"
    assert shown(False) == "否"
    assert shown(date(2026, 10, 10)) == "2026-10-10"
    assert shown(datetime(2026, 9, 30, 8, 5)) == "2026-09-30 08:05"
    assert shown(Decimal("100")) == "100"
    assert shown(12.5) == "12.5"
    assert shown(["水", "电"]) == "水、电"
    assert shown({"面积": 88, "朝向": None}) == "面积：88"
