"""The 回访与意见 tab as a clerk uses it: a complaint completed in the GUI shows up as a revisit task
due on the right working day, the revisit recorded here moves the complaint on, overdue rows are red,
and every page's model keeps Qt's contract."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from wuye_desktop.domain.complaint import Action
from wuye_desktop.domain.revisit_programme import PlanDraft
from wuye_desktop.domain.revisit_survey import QuestionDraft, QuestionnaireDraft, ResponseDraft
from wuye_desktop.domain.revisit_voice import DecisionInput, OpinionDraft, SuggestionDraft
from wuye_desktop.services.complaints import StepInput
from wuye_desktop.storage import revisit_queries
from wuye_desktop.ui.common.pdf_preview import PdfPreviewDialog
from wuye_desktop.ui.common.view_table import RED, ROW_ROLE, TONE_ROLE
from wuye_desktop.ui.complaints.step_dialogs import StepDialog
from wuye_desktop.ui.revisits.programme_dialogs import VisitDialog
from wuye_desktop.ui.revisits.revisit_dialog import RevisitDialog
from wuye_desktop.ui.revisits.tab import RevisitsTab
from tests.integration.test_revisit_flow import complete_case, make_draft

COL_NUMBER, COL_SOURCE, COL_DUE, COL_LEFT, COL_STATUS = 0, 1, 2, 3, 4


def visible(cls):  # type: ignore[no-untyped-def]
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]


def gui_step(ctx, qtbot, complaint_id: int, action: Action, note: str = "") -> None:  # type: ignore[no-untyped-def]
    """Record a step through the complaint desk's own step dialog, as a clerk would."""
    dialog = StepDialog(ctx, action, complaint_id)
    qtbot.addWidget(dialog)
    dialog.show()
    if note:
        dialog.note.setPlainText(note)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), f"the {action.value} step was refused"


def row_texts(tab: RevisitsTab, row: int) -> list[str]:
    m = tab.tasks.model
    return [m.index(row, c).data() for c in range(m.columnCount())]


def test_completing_in_the_gui_creates_the_task_and_the_revisit_moves_the_complaint(ui_ctx, qtbot, clock) -> None:  # type: ignore[no-untyped-def]
    services = ui_ctx.services
    case = services.complaints.register(make_draft(datetime(2026, 9, 24, 8, 30)), ui_ctx.working_project_id, "王前台")
    services.complaints.act(case.id, StepInput(Action.DISPATCH, "王前台", datetime(2026, 9, 24, 8, 40),
                                               data={"department": "工程部", "due_at": "2026-09-24 18:00"}))
    clock.set(datetime(2026, 9, 24, 17, 0))  # Thu, the day before the Mid-Autumn holiday
    gui_step(ui_ctx, qtbot, case.id, Action.COMPLETE, "已更换灯管")
    # Created with the completion itself (same transaction), before any list is opened.
    task = services.revisits.task_for_complaint(case.id)
    assert task is not None and task.due_at == datetime(2026, 9, 29, 23, 59, 59)

    tab = RevisitsTab(ui_ctx)
    qtbot.addWidget(tab)
    tab.resize(1300, 700)
    tab.show()
    m = tab.tasks.model
    assert m.rowCount() == 1
    number, source, due, left, status = row_texts(tab, 0)[:5]
    assert (number, source, due, status) == (case.row.number, "投诉", "2026-09-29 23:59", "待回访")
    assert left.startswith("剩余 5天")
    assert tab.tasks.count_label.text() == "共 1 宗"

    # Not yet told to the first responder nor replied: the clerk is told why, nothing is recorded.
    tab.tasks.view.selectRow(0)
    assert tab.tasks.record_selected() is None
    boxes = visible(QMessageBox)
    assert len(boxes) == 1 and "「反馈首问人」和「回复客户」" in boxes[0].text()
    boxes[0].button(QMessageBox.StandardButton.No).click()
    assert services.complaints.get(case.id).row.state == "已完成"

    gui_step(ui_ctx, qtbot, case.id, Action.FEEDBACK)
    gui_step(ui_ctx, qtbot, case.id, Action.REPLY, "已电话回复业主")
    clock.set(datetime(2026, 9, 28, 10, 0))
    tab.tasks.view.selectRow(0)
    dialog = tab.tasks.record_selected()
    assert isinstance(dialog, RevisitDialog) and dialog.isVisible()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.form.errors["content"].text() == "回访记录不能为空"
    dialog.content.setPlainText("住户表示灯已修好")
    dialog.satisfaction.setCurrentText("基本满意")
    dialog.question.setText("单元门禁何时更换？")
    assert dialog.promised.check.isChecked()  # a question needs a promised reply time (篇4 二.1(3))
    dialog.promised.edit.setDateTime(dialog.promised.edit.dateTime().addDays(2))
    with qtbot.waitSignal(tab.status_message) as said:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert "投诉状态已改为「已回访」" in said.args[0]
    assert services.complaints.get(case.id).row.state == "已回访"
    assert m.rowCount() == 0  # the list shows what is still to revisit
    tab.tasks.status_box.setCurrentText("全部")
    texts = row_texts(tab, 0)
    assert texts[COL_STATUS] == "按时回访" and "基本满意" in texts
    assert m.index(0, 0).data(TONE_ROLE) == "closed"
    # The unanswered question waits in 意见处理 with its promised time.
    tab.pages.setCurrentWidget(tab.opinions)
    assert [tab.opinions.model.index(r, 6).data() for r in range(tab.opinions.model.rowCount())] == ["单元门禁何时更换？"]


def test_overdue_tasks_are_red_and_the_record_sheet_previews(ui_ctx, qtbot, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    late = complete_case(ui_ctx.services, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0))
    fresh = complete_case(ui_ctx.services, clock, datetime(2026, 9, 30, 8, 30), datetime(2026, 9, 30, 10, 0),
                          unit="5栋1202")
    clock.set(datetime(2026, 9, 30, 11, 0))  # late was due Tue 09-29; fresh is due Fri 10-09
    tab = RevisitsTab(ui_ctx)
    qtbot.addWidget(tab)
    tab.show()
    m = tab.tasks.model
    by_id = {m.index(r, 0).data(ROW_ROLE).complaint_id: r for r in range(m.rowCount())}
    red = m.index(by_id[late], COL_STATUS)
    assert red.data() == "逾期未回访" and red.data(Qt.ItemDataRole.ForegroundRole) == RED
    assert m.index(by_id[late], COL_LEFT).data().startswith("超时")
    assert m.index(by_id[fresh], COL_STATUS).data() == "待回访"
    assert m.index(by_id[fresh], COL_DUE).data() == "2026-10-09 23:59"
    assert tab.tasks.count_label.text() == "共 2 宗，其中逾期未回访 1 宗"
    # A click on 回访期限 (the list's order) turns it round, in SQL: the latest deadline comes first.
    assert m.index(0, 0).data(ROW_ROLE).complaint_id == late
    tab.tasks.view.horizontalHeader().sectionClicked.emit(COL_DUE)
    assert [m.index(r, 0).data(ROW_ROLE).complaint_id for r in range(m.rowCount())] == [fresh, late]
    assert tab.tasks.view.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    # Only the first page loaded (the overdue task is not among its rows): the database counts them.
    from wuye_desktop.ui.revisits import common as revisits_common

    monkeypatch.setattr(revisits_common, "PAGE_SIZE", 1)
    tab.tasks.apply_filter()
    assert m.rowCount() == 1 and m.index(0, 0).data(ROW_ROLE).complaint_id == fresh
    assert tab.tasks.count_label.text() == "共 2 宗，其中逾期未回访 1 宗"
    monkeypatch.setattr(revisits_common, "PAGE_SIZE", 200)
    tab.tasks.apply_filter()
    # A search counts at most COUNT_CAP matches, as the complaint list does, and says so.
    monkeypatch.setattr(revisit_queries, "COUNT_CAP", 1)
    tab.tasks.search.setText("栋")
    tab.tasks.apply_filter()
    assert m.rowCount() == 2 and tab.tasks.count_label.text() == "超过 1 宗，其中逾期未回访 1 宗"
    tab.tasks.search.clear()
    tab.tasks.apply_filter()
    tab.tasks.status_box.setCurrentText("逾期未回访")
    assert m.rowCount() == 1
    tab.tasks.view.selectRow(0)
    tab.tasks.print_selected()
    previews = visible(PdfPreviewDialog)
    assert len(previews) == 1 and previews[0].page_count == 1
    previews[0].close()


def build_everything(services, clock) -> None:  # type: ignore[no-untyped-def]
    pid = services.settings.projects()[0].id
    complete_case(services, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0))
    r = services.revisits
    r.programme.save_plan(pid, PlanDraft("物管员区域回访", 2026, "刘物管区域回访", "刘物管", "1–3栋\n5栋"))
    r.opinions.add(pid, OpinionDraft("其他", datetime(2026, 9, 20, 10, 0), "车库渗水", "投诉", major=True))
    s = r.suggestions.add(pid, SuggestionDraft(datetime(2026, 9, 1, 10, 0), "张三", "3栋501", "东门增设快递柜", "王前台"))
    r.suggestions.report(s.id, "王主任", datetime(2026, 9, 1, 11, 0))
    r.suggestions.decide(s.id, DecisionInput("王主任", datetime(2026, 9, 2, 9, 0), "采纳", plan="增设快递柜两组",
                                             owner="赵工程", due_on=date(2026, 9, 30)))
    q = r.surveys.save(pid, QuestionnaireDraft("保洁调查", "", (
        QuestionDraft("单选", "满意吗？", ("满意", "不满意")), QuestionDraft("文字", "意见？"))))
    r.surveys.add_response(q.id, ResponseDraft(date(2026, 9, 20), answers={q.questions[0].key: "满意"}), "王前台")


def test_every_page_model_keeps_the_qt_contract(ui_ctx, qtbot, qtmodeltester, clock) -> None:  # type: ignore[no-untyped-def]
    build_everything(ui_ctx.services, clock)
    tab = RevisitsTab(ui_ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.tasks.status_box.setCurrentText("全部")
    for page in (tab.tasks, tab.programme, tab.surveys, tab.opinions, tab.suggestions, tab.peers, tab.figures):
        tab.pages.setCurrentWidget(page)
    models = [tab.tasks.model, tab.programme.plans, tab.programme.due, tab.programme.visits, tab.surveys.model,
              tab.opinions.model, tab.suggestions.model, tab.peers.model, tab.figures.model]
    assert [m.rowCount() > 0 for m in models] == [True, True, True, False, True, True, True, False, True]
    for model in models:
        qtmodeltester.check(model)
    assert tab.figures.model.rowCount() == 13
    assert tab.figures.model.index(7, 1).data() == "—"  # August 2026: nothing due, no division by zero


def test_forum_through_the_visit_dialog_and_the_chart_of_a_question(ui_ctx, qtbot, clock) -> None:  # type: ignore[no-untyped-def]
    build_everything(ui_ctx.services, clock)
    tab = RevisitsTab(ui_ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.pages.setCurrentWidget(tab.programme)
    dialog = tab.programme.record_visit()
    assert isinstance(dialog, VisitDialog)
    dialog.kind.setCurrentText("住户座谈会")
    dialog.content.setPlainText("听取停车意见")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.form.errors["place"].text() == "地点不能为空"
    assert dialog.form.errors["attendees"].text() == "参会人员不能为空"
    dialog.place.setText("会所")
    dialog.attendees.setPlainText("业主代表10人")
    dialog.opinions.setPlainText("停车位不足\n路灯太暗")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    visits = tab.programme.visits
    assert visits.rowCount() == 1 and visits.index(0, 6).data() == "2条（未处理2）"
    due = [tab.programme.due.index(r, 2).data() for r in range(tab.programme.due.rowCount())]
    assert due == ["1–3栋", "5栋"]  # Q3 ends 09-30: both areas still due this month

    tab.pages.setCurrentWidget(tab.surveys)
    assert tab.surveys.summary.text() == "1人作答（共回收 1 份）"
    series = tab.surveys.chart.chart().series()
    assert len(series) == 1
    bars = series[0].barSets()[0]
    assert [bars.at(i) for i in range(bars.count())] == [1.0, 0.0]
    tab.surveys.question_box.setCurrentIndex(1)
    assert tab.surveys.chart.isHidden() and not tab.surveys.texts.isHidden()


def test_publishing_suggestions_previews_the_notice(ui_ctx, qtbot, clock) -> None:  # type: ignore[no-untyped-def]
    build_everything(ui_ctx.services, clock)
    tab = RevisitsTab(ui_ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.pages.setCurrentWidget(tab.suggestions)
    dialog = tab.suggestions.publish()
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    previews = visible(PdfPreviewDialog)
    assert len(previews) == 1 and previews[0].page_count == 1
    previews[0].close()
    assert tab.suggestions.model.index(0, 4).data() == "已张榜公布"
    assert ui_ctx.services.revisits.suggestions.list(None)[0].published_on == date(2026, 9, 24)

    # The 文明户 list and a blank questionnaire open in the preview too (ui/common/paper.show_pdf).
    tab.suggestions.print_candidates()
    tab.pages.setCurrentWidget(tab.surveys)
    tab.surveys.view.selectRow(0)
    tab.surveys.print_blank()
    previews = visible(PdfPreviewDialog)
    assert sorted(p.windowTitle() for p in previews) == ["2026年度「文明户」优先评选名单", "保洁调查"]
    for preview in previews:
        assert preview.page_count >= 1
        preview.close()


def test_main_window_shows_the_tab_and_opens_a_case_asked_for_by_it(ui_ctx, qtbot, clock) -> None:  # type: ignore[no-untyped-def]
    from wuye_desktop.ui.complaints.case_dialog import CaseDialog
    from wuye_desktop.ui.main_window import MainWindow

    case_id = complete_case(ui_ctx.services, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0))
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.show()
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "回访与意见" in titles
    window.tabs.setCurrentWidget(window.revisits_tab)
    tab = window.revisits_tab
    assert tab.tasks.model.rowCount() == 1
    tab.tasks.view.selectRow(0)
    tab.tasks.open_complaint()  # 「查看投诉」 goes through the main window to the complaint desk
    cases = visible(CaseDialog)
    assert window.tabs.currentWidget() is window.complaints_tab
    assert len(cases) == 1 and cases[0].state_label.text() == "已回复客户"
    cases[0].close()
    qtbot.wait(20)  # let the complaint desk's queued list refresh run while its tab still exists
    assert case_id
