"""The 「保存冲突」 dialog (issue 7) as a clerk uses it: the rows of what changed, the choices, the three buttons."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from wuye_desktop.domain.edit_merge import Choice
from wuye_desktop.domain.errors import EditConflictError
from wuye_desktop.ui.common.conflict import COL_BASE, COL_FIELD, COL_MINE, COL_RESULT, COL_THEIRS, resolve_conflict

LABELS = {"name": "姓名", "phone": "电话", "note": "备注", "due": "期限", "vip": "重点客户"}
BASE = {"name": "张三", "phone": "13800000000", "note": None, "due": date(2026, 10, 9), "vip": False}


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def rows(dialog):
    t = dialog.table
    return [[t.item(r, c).text() if t.item(r, c) else t.cellWidget(r, c).currentText() for c in range(5)]
            for r in range(t.rowCount())]


def open_dialog(parent, mine, current, calls):
    error = EditConflictError("客户「张三」的资料已被他人修改", 4, current, LABELS)
    return resolve_conflict(parent, error, BASE, mine,
                            lambda values, version: calls.append(("merged", values, version)),
                            lambda: calls.append(("reload",)))


def test_rows_show_what_each_side_did_and_merge_keeps_both(parent, qtbot):
    calls: list = []
    mine = dict(BASE, phone="13911111111", name="张三丰")
    current = dict(BASE, note="已上门", vip=True, name="张叁")
    dialog = open_dialog(parent, mine, current, calls)
    assert dialog.isVisible() and dialog.windowTitle() == "保存冲突"
    assert [dialog.table.horizontalHeaderItem(c).text() for c in range(5)] == [
        "字段", "您打开时", "他人改为", "您改为", "保存为"]
    assert rows(dialog) == [
        ["姓名", "张三", "张叁", "张三丰", "请选择…"],
        ["电话", "13800000000", "（未改）", "13911111111", "保留我的"],
        ["备注", "空", "已上门", "（未改）", "采用他人的"],
        ["重点客户", "否", "是", "（未改）", "采用他人的"],
    ]
    # a field both changed must be decided before merging
    assert not dialog.merge_button.isEnabled()
    assert "姓名" in dialog.hint.text()
    dialog.choose("name", Choice.THEIRS)
    assert dialog.merge_button.isEnabled() and not dialog.hint.isVisible()
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert calls == [("merged", dict(BASE, name="张叁", phone="13911111111", note="已上门", vip=True), 4)]


def test_keep_mine_for_a_field_both_changed(parent, qtbot):
    calls: list = []
    dialog = open_dialog(parent, dict(BASE, due=date(2026, 10, 10)), dict(BASE, due=date(2026, 10, 12)), calls)
    assert rows(dialog) == [["期限", "2026-10-09", "2026-10-12", "2026-10-10", "请选择…"]]
    dialog.table.cellWidget(0, COL_RESULT).setCurrentText("保留我的")
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert calls[0][1]["due"] == date(2026, 10, 10)


def test_reload_discards_and_cancel_only_closes(parent, qtbot):
    calls: list = []
    dialog = open_dialog(parent, dict(BASE, phone="1"), dict(BASE, note="x"), calls)
    qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    assert calls == [("reload",)] and not dialog.isVisible()
    calls.clear()
    dialog = open_dialog(parent, dict(BASE, phone="1"), dict(BASE, note="x"), calls)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert calls == [] and not dialog.isVisible()


def test_nothing_changed_by_others_still_asks_and_saves_mine(parent, qtbot):
    calls: list = []
    dialog = open_dialog(parent, dict(BASE, phone="1"), dict(BASE), calls)
    assert [r[COL_FIELD] for r in rows(dialog)] == ["电话"]
    assert rows(dialog)[0][COL_THEIRS] == "（未改）" and rows(dialog)[0][COL_MINE] == "1"
    assert rows(dialog)[0][COL_BASE] == "13800000000"
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert calls == [("merged", dict(BASE, phone="1"), 4)]


def test_show_turns_ids_into_names_and_masks_numbers(parent, qtbot):
    labels = {"project_id": "所属管理处", "phone": "电话"}
    error = EditConflictError("用户已被他人修改", 2, {"project_id": 2, "phone": "13911112222"}, labels)
    dialog = resolve_conflict(parent, error, {"project_id": 1, "phone": "13800000000"},
                              {"project_id": 1, "phone": "13800000000"}, lambda *_: None, lambda: None,
                              show={"project_id": {1: "华苑", 2: "海悦"}.get, "phone": lambda v: v[:3] + "****" + v[-4:]})
    assert rows(dialog) == [["所属管理处", "华苑", "海悦", "（未改）", "采用他人的"],
                            ["电话", "138****0000", "139****2222", "（未改）", "采用他人的"]]
    dialog.close()
