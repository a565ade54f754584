"""The case screen as a clerk drives it: every step through its dialog, refusals, attachments, warnings."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from wuye_desktop.domain.complaint import Action, Channel, Kind
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.services.complaints import StepInput
from wuye_desktop.ui.complaints.case_dialog import CaseDialog
from wuye_desktop.ui.complaints.model import COL_OVERDUE, COL_STATE, ROW_ROLE
from wuye_desktop.ui.complaints.step_dialogs import StepDialog
from wuye_desktop.ui.complaints.tab import ComplaintsTab
from wuye_desktop.ui.common.fields import to_qdatetime


def register(ctx, *, kind: Kind = Kind.GENERAL, category: str = "公共设施故障",
             channel: Channel = Channel.PHONE, name: str = "张三"):
    now = ctx.now()
    draft = ComplaintDraft(received_at=now, complainant=name, unit="A座1203", phone="13800138000",
                           subject="卫生间漏水", content="楼上卫生间漏水到本户", kind=kind, category=category,
                           channel=channel, first_responder="陈小红", front_desk_at=now)
    return ctx.services.complaints.register(draft, ctx.working_project_id, "前台")


def visible(cls):  # type: ignore[no-untyped-def]
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]


def open_step(qtbot, case: CaseDialog, action: Action) -> StepDialog:
    qtbot.mouseClick(case.action_buttons[action], Qt.MouseButton.LeftButton)
    dialogs = visible(StepDialog)
    assert len(dialogs) == 1
    return dialogs[0]


def choose(combo, text: str) -> None:
    combo.setCurrentIndex(combo.findText(text))


def timeline(case: CaseDialog) -> list[tuple[str, str, str]]:
    t = case.timeline
    return [(t.item(r, 1).text(), t.item(r, 2).text(), t.item(r, 3).text()) for r in range(t.rowCount())]


def deadline_rows(case: CaseDialog) -> dict[str, tuple[str, ...]]:
    t = case.deadlines
    return {t.item(r, 0).text(): tuple(t.item(r, c).text() for c in range(1, 5)) for r in range(t.rowCount())}


@pytest.fixture
def case_of(ui_ctx, qtbot):
    opened: list[CaseDialog] = []

    def make(complaint_id: int) -> CaseDialog:
        dialog = CaseDialog(ui_ctx, complaint_id)
        qtbot.addWidget(dialog)
        dialog.show()
        opened.append(dialog)
        return dialog

    yield make
    for d in opened:
        try:
            d.close()
        except RuntimeError:
            pass


def test_a_case_goes_from_dispatch_to_close_through_the_step_dialogs(ui_ctx, qtbot, clock, case_of):
    tab = ComplaintsTab(ui_ctx)
    qtbot.addWidget(tab)
    saved = register(ui_ctx)
    case = case_of(saved.id)
    assert case.state_label.text() == "前台处理中"
    assert set(case.action_buttons) >= {Action.DISPATCH, Action.EXPLAIN, Action.NOTE}

    clock.advance(hours=1)
    step = open_step(qtbot, case, Action.DISPATCH)
    assert step.by.currentText() == ui_ctx.operator  # the operator and the time are filled in
    choose(step.inputs["department"], "工程部")
    step.inputs["due_at"].setDateTime(to_qdatetime(datetime(2026, 9, 24, 14, 0)))
    step.note.setPlainText("请尽快上门查看")
    qtbot.mouseClick(step.ok_button, Qt.MouseButton.LeftButton)
    assert not step.isVisible()
    assert case.state_label.text() == "已派单"
    assert case.facts["责任部门"].text() == "工程部"
    assert ("派单", ui_ctx.operator, "请尽快上门查看；责任部门：工程部；处理期限：2026-09-24 14:00") in timeline(case)
    assert deadline_rows(case)["派单"][2:] == ("按时完成", "篇2 §2")
    assert deadline_rows(case)["限期处理"][0] == "09-24 14:00"

    clock.advance(hours=2)
    step = open_step(qtbot, case, Action.COMPLETE)
    qtbot.mouseClick(step.ok_button, Qt.MouseButton.LeftButton)  # the result is required
    assert step.isVisible() and step.form.errors["note"].text() == "处理结果不能为空"
    step.note.setPlainText("已更换楼上卫生间防水层")
    qtbot.mouseClick(step.ok_button, Qt.MouseButton.LeftButton)
    assert case.state_label.text() == "已完成"

    step = open_step(qtbot, case, Action.FEEDBACK)
    step.ok_button.click()
    step = open_step(qtbot, case, Action.REPLY)
    step.note.setPlainText("已电话告知客户处理结果")
    step.ok_button.click()
    assert case.state_label.text() == "已回复客户"

    clock.advance(days=1)
    step = open_step(qtbot, case, Action.REVISIT)
    assert step.inputs["method"].currentText() == "电话"
    step.note.setPlainText("客户表示已不漏水")
    step.ok_button.click()  # satisfaction not chosen: the message is under that field, the note stays
    assert step.isVisible()
    assert "满意度" in step.form.errors["satisfaction"].text()
    assert step.note.toPlainText() == "客户表示已不漏水"
    choose(step.inputs["satisfaction"], "满意")
    step.ok_button.click()
    assert not step.isVisible()

    step = open_step(qtbot, case, Action.CLOSE)
    assert step.inputs["confirmed_by"].text() == "张三"  # the complainant confirms (篇5 §1 记清楚)
    step.ok_button.click()
    assert case.state_label.text() == "已结案"
    steps = [a for a, _by, _note in timeline(case)]
    assert steps == ["受理", "交前台", "派单", "处理完成", "反馈首问人", "回复客户", "回访", "结案"]
    checks = [case.checklist.item(i) for i in range(case.checklist.count())]
    assert [c.checkState() for c in checks[:5]] == [Qt.CheckState.Checked] * 5
    assert deadline_rows(case)["回访"][2] == "按时完成"
    assert Action.REOPEN in case.action_buttons and Action.DISPATCH not in case.action_buttons
    # The list (reloaded through ctx.data_changed) shows the closed case in grey with no overdue steps.
    row = tab.model.row_of(saved.id)
    assert tab.model.index(row, COL_STATE).data() == "已结案"
    assert tab.model.index(row, COL_OVERDUE).data() == ""
    assert tab.model.index(row, 0).data(ROW_ROLE).revisit_result == "满意"


def test_closing_a_major_case_without_the_report_is_refused(ui_ctx, qtbot, clock, case_of):
    saved = register(ui_ctx, kind=Kind.MAJOR, category="水浸")
    svc = ui_ctx.services.complaints
    for action, note, data in ((Action.DISPATCH, "", {"department": "工程部", "due_at": "2026-09-24 12:00"}),
                               (Action.COMPLETE, "已抽水", {}), (Action.FEEDBACK, "", {}),
                               (Action.REPLY, "已告知", {}),
                               (Action.REVISIT, "满意", {"method": "电话", "satisfaction": "满意"})):
        clock.advance(minutes=10)
        svc.act(saved.id, StepInput(action, "前台", note=note, data=data))
    case = case_of(saved.id)
    step = open_step(qtbot, case, Action.CLOSE)
    step.note.setPlainText("客户签字确认")
    step.ok_button.click()
    boxes = visible(QMessageBox)
    assert len(boxes) == 1 and "报告" in boxes[0].text() and "不能结案" in boxes[0].text()
    boxes[0].close()
    assert step.isVisible() and step.note.toPlainText() == "客户签字确认"  # still filled in
    step.reject()
    assert case.state_label.text() == "已回访"


def test_someone_else_saving_first_is_a_warning_and_the_case_reloads(ui_ctx, qtbot, case_of):
    saved = register(ui_ctx)
    case = case_of(saved.id)
    step = open_step(qtbot, case, Action.NOTE)
    step.note.setPlainText("客户来电催促")
    ui_ctx.services.complaints.act(saved.id, StepInput(Action.VERIFY, "另一台电脑", note="已核实"))
    step.ok_button.click()
    boxes = visible(QMessageBox)
    assert len(boxes) == 1 and "已被他人修改" in boxes[0].text()
    boxes[0].close()
    assert ("核实", "另一台电脑", "已核实") in timeline(case)
    step.reject()


def test_written_complaint_gets_a_reply_letter(ui_ctx, qtbot, case_of):
    saved = register(ui_ctx, channel=Channel.WRITTEN)
    svc = ui_ctx.services.complaints
    svc.act(saved.id, StepInput(Action.DISPATCH, "前台", data={"department": "工程部", "due_at": "2026-09-24 12:00"}))
    svc.act(saved.id, StepInput(Action.COMPLETE, "前台", note="已修复"))
    svc.act(saved.id, StepInput(Action.FEEDBACK, "前台"))
    case = case_of(saved.id)
    letter = case.print_buttons["reply_letter"]
    assert letter.isVisibleTo(case) and not letter.isEnabled()
    step = open_step(qtbot, case, Action.REPLY)
    assert step.form.labelForField(step.note.parentWidget()).text() == "书面回复函内容 *："
    step.note.setPlainText("尊敬的张三先生：您反映的卫生间漏水问题已处理完毕。")
    step.ok_button.click()
    assert letter.isEnabled()
    assert ui_ctx.services.complaints.get(saved.id).written_reply.startswith("尊敬的张三先生")


def test_phone_complaint_has_no_reply_letter_button(ui_ctx, case_of):
    case = case_of(register(ui_ctx).id)
    assert not case.print_buttons["reply_letter"].isVisibleTo(case)
    assert case.print_buttons["complaint_record"].isVisibleTo(case)


def test_attachments_are_added_through_the_file_dialog_and_open_in_the_system_viewer(
        ui_ctx, qtbot, case_of, tmp_path, monkeypatch):
    photo = tmp_path / "现场照片.png"
    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366cc"))
    assert image.save(str(photo))
    scan = tmp_path / "投诉信.txt"
    scan.write_text("扫描件", encoding="utf-8")
    case = case_of(register(ui_ctx).id)
    qtbot.mouseClick(case.attachments.add_button, Qt.MouseButton.LeftButton)
    chooser = visible(QFileDialog)
    assert len(chooser) == 1
    chooser[0].filesSelected.emit([str(photo), str(scan)])
    chooser[0].reject()
    items = [case.attachments.list.item(i) for i in range(case.attachments.list.count())]
    assert [i.text() for i in items] == ["现场照片.png", "投诉信.txt"]
    thumb = items[0].icon().pixmap(88, 88)
    assert thumb.toImage().pixelColor(44, 44) == QColor("#3366cc")  # the picture itself, scaled
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    case.attachments.list.itemActivated.emit(items[0])
    assert len(opened) == 1 and Path(opened[0].toLocalFile()).read_bytes() == photo.read_bytes()
    assert Path(opened[0].toLocalFile()).parent == ui_ctx.services.paths.attachments


def test_year_without_calendar_data_shows_the_warning(ui_ctx, qtbot, clock, case_of):
    clock.set(datetime(2026, 12, 31, 9, 0))
    saved = register(ui_ctx)
    svc = ui_ctx.services.complaints
    svc.act(saved.id, StepInput(Action.DISPATCH, "前台", data={"department": "工程部", "due_at": "2026-12-31 12:00"}))
    clock.advance(hours=1)
    svc.act(saved.id, StepInput(Action.COMPLETE, "前台", note="已修复"))
    case = case_of(saved.id)
    warning = case.findChild(type(case.title), "calendarWarning")
    assert warning is case.calendar_warning and warning.isVisibleTo(case)
    assert "2027年" in warning.text() and "工作日历" in warning.text()
    plain = case_of(register(ui_ctx, name="李四").id)
    assert not plain.calendar_warning.isVisibleTo(plain)


def test_edit_mode_corrects_the_facts(ui_ctx, qtbot, case_of):
    saved = register(ui_ctx)
    case = case_of(saved.id)
    qtbot.mouseClick(case.edit_button, Qt.MouseButton.LeftButton)
    from wuye_desktop.ui.complaints.register_dialog import ComplaintDialog

    dialog = visible(ComplaintDialog)[0]
    assert dialog.complainant.text() == "张三" and dialog.content.toPlainText() == "楼上卫生间漏水到本户"
    dialog.unit.setText("A座1204")
    dialog.save()
    assert not dialog.isVisible()
    assert case.facts["房号"].text() == "A座1204"
    assert case.facts["受理时间"].text() == "2026-09-24 09:00"


def test_print_buttons_open_the_pdf_preview(ui_ctx, qtbot, case_of):
    from pypdf import PdfReader

    from wuye_desktop.ui.common.pdf_preview import PdfPreviewDialog

    saved = register(ui_ctx, channel=Channel.WRITTEN)
    svc = ui_ctx.services.complaints
    svc.act(saved.id, StepInput(Action.DISPATCH, "前台", data={"department": "工程部", "due_at": "2026-09-24 12:00"}))
    svc.act(saved.id, StepInput(Action.COMPLETE, "前台", note="已修复"))
    svc.act(saved.id, StepInput(Action.FEEDBACK, "前台"))
    svc.act(saved.id, StepInput(Action.REPLY, "前台", note="尊敬的张三先生：漏水已修复。"))
    case = case_of(saved.id)
    number = saved.row.number
    for method, title, expected in (("complaint_record", "客户投诉记录表", "卫生间漏水"),
                                    ("handling_record", "客户意见处理表", "已修复"),
                                    ("reply_letter", "书面投诉回复函", "漏水已修复")):
        qtbot.mouseClick(case.print_buttons[method], Qt.MouseButton.LeftButton)
        previews = visible(PdfPreviewDialog)
        assert len(previews) == 1, method
        preview = previews[0]
        assert preview.windowTitle() == f"{title} — {number}"
        text = "".join(page.extract_text() for page in PdfReader(str(preview.pdf_path)).pages)
        assert number in text and expected in text.replace(" ", "").replace("\n", "")
        preview.close()
