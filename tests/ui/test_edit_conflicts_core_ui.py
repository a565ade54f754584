"""The 「保存冲突」 dialog in the edit dialogs of the core areas (issue 7): another PC saved the same record after
this clerk opened it; the save shows what changed, 合并后保存 keeps both clerks' changes, 重新载入 shows theirs."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_complaints_case import case_of, register, visible  # noqa: F401 (fixture)
from wuye_desktop.domain.edit_merge import Choice
from wuye_desktop.services.container import open_services
from wuye_desktop.ui.common.conflict import ConflictDialog


@pytest.fixture
def other_pc(ui_ctx, clock):  # type: ignore[no-untyped-def]
    """A second program on the same database file: its own engine and connections."""
    other = open_services(ui_ctx.services.paths, clock=clock)
    yield other
    other.close()


def rows(dialog: ConflictDialog) -> list[list[str]]:
    t = dialog.table
    return [[t.item(r, c).text() if t.item(r, c) else t.cellWidget(r, c).currentText() for c in range(5)]
            for r in range(t.rowCount())]


def open_edit(qtbot, case):  # type: ignore[no-untyped-def]
    from wuye_desktop.ui.complaints.register_dialog import ComplaintDialog

    qtbot.mouseClick(case.edit_button, Qt.MouseButton.LeftButton)
    return visible(ComplaintDialog)[0]


def test_complaint_correction_merges_the_other_clerks_changes(ui_ctx, qtbot, case_of, other_pc):  # noqa: F811
    saved = register(ui_ctx)
    case = case_of(saved.id)
    dialog = open_edit(qtbot, case)
    dialog.unit.setText("A座1204")
    dialog.subject.setText("卫生间天花漏水")
    # meanwhile another clerk corrects the phone and the subject on another PC
    theirs = other_pc.complaints.get(saved.id)
    other_draft = dialog.draft().cleaned()
    other_draft = replace(other_draft, unit="A座1203", subject="卫生间漏水严重", phone="13900139000")
    other_pc.complaints.update_details(saved.id, other_draft, theirs.row.version)

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    conflicts = visible(ConflictDialog)
    assert len(conflicts) == 1 and dialog.isVisible()
    conflict = conflicts[0]
    assert conflict.windowTitle() == "保存冲突" and "已被他人修改" in conflict.findChild(object, "conflictMessage").text()
    assert rows(conflict) == [
        ["房号", "A座1203", "（未改）", "A座1204", "保留我的"],
        ["联系电话", "13800138000", "13900139000", "（未改）", "采用他人的"],
        ["投诉主题", "卫生间漏水", "卫生间漏水严重", "卫生间天花漏水", "请选择…"],
    ]
    assert not conflict.merge_button.isEnabled()
    conflict.choose("subject", Choice.THEIRS)
    qtbot.mouseClick(conflict.merge_button, Qt.MouseButton.LeftButton)
    assert not conflict.isVisible() and not dialog.isVisible()
    assert (case.facts["房号"].text(), case.facts["联系电话"].text()) == ("A座1204", "13900139000")
    row = other_pc.complaints.get(saved.id).row
    assert (row.unit, row.phone, row.subject) == ("A座1204", "13900139000", "卫生间漏水严重")


def test_cancel_keeps_the_typing_and_reload_shows_theirs(ui_ctx, qtbot, case_of, other_pc):  # noqa: F811
    saved = register(ui_ctx)
    case = case_of(saved.id)
    dialog = open_edit(qtbot, case)
    dialog.unit.setText("A座1204")
    other_pc.complaints.update_details(saved.id, replace(dialog.draft().cleaned(), unit="A座1203",
                                                         phone="13900139000"),
                                       other_pc.complaints.get(saved.id).row.version)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(visible(ConflictDialog)[0].cancel_button, Qt.MouseButton.LeftButton)
    assert not visible(ConflictDialog) and dialog.isVisible() and dialog.unit.text() == "A座1204"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(visible(ConflictDialog)[0].reload_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and (dialog.unit.text(), dialog.phone.text()) == ("A座1203", "13900139000")
    # saving after the reload is on the new version: no conflict
    dialog.remarks.setText("已电话确认")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and not visible(ConflictDialog)
    assert other_pc.complaints.get(saved.id).remarks == "已电话确认"
