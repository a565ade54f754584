"""「工作台」 through pytest-qt: tiles show the month's figures coloured by their goals, the lists hold
today's deadlines, and a double-click or Enter opens the record — in the main window, the case."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from wuye_desktop.services.dashboard import COMPLAINT, FORM_RECORD, REVISIT_TASK, TAB_REVISITS
from wuye_desktop.ui.dashboard.model import COL_MODULE, COL_NUMBER, COL_STATUS, COL_STEP, ROW_ROLE
from wuye_desktop.ui.dashboard.tab import DashboardTab
from tests.integration.test_dashboard_service import build_today


def visible(cls):  # type: ignore[no-untyped-def]
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]


@pytest.fixture
def data(ui_ctx, clock) -> dict[str, int]:  # type: ignore[no-untyped-def]
    ids = build_today(ui_ctx.services, clock)
    ui_ctx.set_project(ids["hy"])
    return ids


@pytest.fixture
def tab(ui_ctx, data, qtbot) -> DashboardTab:  # type: ignore[no-untyped-def]
    tab = DashboardTab(ui_ctx)
    qtbot.addWidget(tab)
    tab.refresh()      # jobs run serially in tests: loaded before this returns
    return tab


def row_of(model, kind: str, step: str) -> int:  # type: ignore[no-untyped-def]
    return next(r for r in range(model.rowCount())
                if model.index(r, 0).data(ROW_ROLE).kind == kind and model.index(r, COL_STEP).data() == step)


def test_tiles_show_the_months_figures_against_their_goals(tab: DashboardTab) -> None:
    shown = {t.title_label.text(): (t.value_label.text(), t.goal_label.text(), t.tone) for t in tab.tiles}
    assert shown["本月受理投诉"] == ("4", "", "")
    assert shown["有效投诉率"] == ("0.80%", "目标 1% 以下（已达标）", "met")
    assert shown["设备完好率"] == ("100.0%", "目标 98% 以上（已达标）", "met")
    assert shown["回访率"][0] == "100.0%"
    assert tab.heading.text() == "今天 2026年10月9日 星期五　·　海悦管理处"
    assert tab.updated_label.text() == "更新于 10:00"


def test_a_missed_goal_is_red(tab: DashboardTab, ui_ctx, clock) -> None:  # type: ignore[no-untyped-def]
    ui_ctx.services.settings.save_project("海悦管理处", "HY", 100, project_id=ui_ctx.project_id)
    tab.refresh()
    effective = next(t for t in tab.tiles if t.title_label.text() == "有效投诉率")
    assert (effective.value_label.text(), effective.tone) == ("4.00%", "missed")
    assert "未达标" in effective.goal_label.text()
    assert "#c62828" in effective.styleSheet()


def test_the_lists_hold_todays_deadlines(tab: DashboardTab, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = tab.deadlines_model
    assert model.rowCount() == 6
    assert [model.index(0, c).data() for c in (COL_STATUS, COL_MODULE, COL_STEP)] == ["已逾期12小时", "投诉", "派单"]
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).name() == "#c62828"
    assert model.index(0, COL_STEP).data(Qt.ItemDataRole.BackgroundRole).name() == "#fdecea"   # the whole row
    today = next(r for r in range(model.rowCount()) if not model.index(r, 0).data(ROW_ROLE).overdue)
    assert model.index(today, COL_STATUS).data(Qt.ItemDataRole.ForegroundRole).name() == "#b26a00"  # amber status
    assert model.index(today, COL_STEP).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(today, COL_STEP).data(Qt.ItemDataRole.BackgroundRole) is None
    assert tab.deadlines_box.title() == "今日到期与逾期（逾期 2 项，今天到期 4 项）"
    assert tab.emergencies_model.rowCount() == 1
    assert tab.emergencies_model.index(0, COL_STEP).data() == "知会部门"
    assert tab.expiring_model.index(0, COL_STATUS).data() == "还有3天"
    assert tab.expiring_model.index(0, COL_STEP).data() == "停车证到期"
    for m in (model, tab.emergencies_model, tab.expiring_model):
        qtmodeltester.check(m)
    assert tab.category_chart.counts and tab.trend_chart.series_values["投诉"][-1] == 4


def test_double_click_and_enter_open_the_record_behind_an_item(tab: DashboardTab, data, qtbot) -> None:  # type: ignore[no-untyped-def]
    view, model = tab.deadlines_view, tab.deadlines_model
    tab.show()
    row = row_of(model, COMPLAINT, "派单")
    rect = view.visualRect(model.index(row, COL_NUMBER))
    # A real double-click presses first (the view opens only the row the press was on).
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(tab.record_activated) as blocker:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [COMPLAINT, data["C2"]]
    view.setFocus()
    view.setCurrentIndex(model.index(row_of(model, REVISIT_TASK, "回访"), 0))
    with qtbot.waitSignal(tab.record_activated) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args[0] == REVISIT_TASK
    tab.expiring_view.setCurrentIndex(tab.expiring_model.index(0, 0))
    with qtbot.waitSignal(tab.record_activated) as blocker:
        qtbot.keyClick(tab.expiring_view, Qt.Key.Key_Enter)
    assert blocker.args == [FORM_RECORD, data["permit"]]


def test_a_tile_opens_the_list_behind_it(tab: DashboardTab, qtbot) -> None:  # type: ignore[no-untyped-def]
    tab.show()
    revisit = next(t for t in tab.tiles if t.title_label.text() == "回访率")
    with qtbot.waitSignal(tab.record_activated) as blocker:
        qtbot.mouseDClick(revisit, Qt.MouseButton.LeftButton)
    assert blocker.args == [TAB_REVISITS, 0]


def test_it_reloads_when_data_changes(tab: DashboardTab, ui_ctx, data, qtbot) -> None:  # type: ignore[no-untyped-def]
    tab.show()
    from wuye_desktop.domain.complaint import Action
    from wuye_desktop.services.complaints import StepInput

    ui_ctx.services.complaints.act(data["C3"], StepInput(Action.DISPATCH, "王前台", datetime(2026, 10, 9, 10, 0), "",
                                                         {"department": "保洁部", "due_at": "2026-10-09 16:00"}))
    with qtbot.waitSignal(tab.refreshed, timeout=3000):
        ui_ctx.data_changed.emit("complaints")
    steps = [tab.deadlines_model.index(r, COL_STEP).data() for r in range(tab.deadlines_model.rowCount())]
    assert "限期处理" in steps        # C3's next step is now the department's own deadline


def test_the_main_window_opens_with_the_dashboard_and_a_double_click_opens_the_case(ui_ctx, data, qtbot) -> None:  # type: ignore[no-untyped-def]
    from wuye_desktop.ui.complaints.case_dialog import CaseDialog
    from wuye_desktop.ui.main_window import MainWindow

    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.show()
    assert window.tabs.tabText(0) == "工作台" and window.tabs.currentWidget() is window.dashboard_tab
    assert window.tabs.tabText(window.tabs.count() - 1) == "统计报表"
    dash = window.dashboard_tab
    assert dash.deadlines_model.rowCount() == 6      # loaded when first shown
    view, model = dash.deadlines_view, dash.deadlines_model
    rect = view.visualRect(model.index(row_of(model, COMPLAINT, "派单"), COL_NUMBER))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    cases = visible(CaseDialog)
    assert window.tabs.currentWidget() is window.complaints_tab
    assert len(cases) == 1 and "HY-2026-00002" in cases[0].windowTitle()
    cases[0].close()
    window.open_record(TAB_REVISITS, 0)
    assert window.tabs.currentWidget() is window.revisits_tab
    qtbot.wait(20)
    window.close()
