"""ComplaintTableModel: Qt's model contract, paging with fetchMore, SQL sorting, colours by deadline."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from PySide6.QtCore import QModelIndex, Qt

from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.domain.listing import ComplaintFilter
from wuye_desktop.services.complaint_views import ComplaintView, OpenStep, Page
from wuye_desktop.ui.complaints.model import (
    AMBER,
    COL_COMPLAINANT,
    COL_NEXT_DUE,
    COL_NUMBER,
    COL_OVERDUE,
    COL_RECEIVED,
    GREY,
    PAGE_SIZE,
    RED,
    ROW_ROLE,
    SORT_ROLE,
    TONE_ROLE,
    ComplaintTableModel,
)

NOW = datetime(2026, 9, 24, 9, 0)


def view(i: int, **changes: object) -> ComplaintView:
    base = ComplaintView(
        id=i, project_id=1, number=f"XM-2026-{i:05d}", received_at=NOW - timedelta(minutes=i),
        complainant=f"客户{i}", unit=f"A座{i}", phone="13800138000", subject="漏水", channel="电话",
        kind="一般", category="公共设施故障", state="前台处理中", department="", first_responder="",
        dispatched_at=None, completed_at=None, revisit_due=None, revisited_at=None, revisit_result="",
        next_due_at=NOW + timedelta(hours=12), next_due_step="派单", done_late=(),
        open_steps=(OpenStep("派单", NOW + timedelta(hours=12)),), emergency_active=False, version=1)
    return replace(base, **changes)  # type: ignore[arg-type]


class FakeListing:
    """Stands in for ComplaintService.page: ``count`` rows, records every query."""

    def __init__(self, count: int) -> None:
        self.rows = [view(i) for i in range(1, count + 1)]
        self.calls: list[tuple[ComplaintFilter, int, int, bool]] = []

    def __call__(self, f: ComplaintFilter, offset: int, limit: int, with_total: bool = True) -> Page:
        self.calls.append((f, offset, limit, with_total))
        rows = sorted(self.rows, key=lambda v: getattr(v, f.sort_key), reverse=f.descending)
        return Page(tuple(rows[offset:offset + limit]), len(rows) if with_total else 0, False)


def test_model_passes_qtmodeltester_while_paging(qtmodeltester):
    listing = FakeListing(PAGE_SIZE * 2 + 30)
    model = ComplaintTableModel(listing, lambda: NOW)
    model.reload()
    assert model.rowCount() == PAGE_SIZE and model.total == PAGE_SIZE * 2 + 30
    assert model.canFetchMore(QModelIndex())
    qtmodeltester.check(model, force_py=True)
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE_SIZE * 2 + 30
    assert not model.canFetchMore(QModelIndex())
    assert [c[1] for c in listing.calls] == [0, PAGE_SIZE, PAGE_SIZE * 2]
    assert [c[3] for c in listing.calls] == [True, False, False]  # counted once, not per page
    qtmodeltester.check(model, force_py=True)


def test_model_on_the_real_service_passes_qtmodeltester(qtmodeltester, ui_ctx):
    for name in ("张三", "李四", "王五"):
        ui_ctx.services.complaints.register(
            ComplaintDraft(received_at=ui_ctx.now(), complainant=name, unit="A座1", phone="13800138000",
                           subject="漏水", category="公共设施故障", front_desk_at=ui_ctx.now()),
            ui_ctx.working_project_id, "前台")
    model = ComplaintTableModel(ui_ctx.services.complaints.page, ui_ctx.now)
    model.set_filter(ComplaintFilter(project_id=ui_ctx.project_id))
    assert model.rowCount() == 3
    qtmodeltester.check(model, force_py=True)


def test_sort_requeries_with_the_sort_key(qtmodeltester):
    listing = FakeListing(5)
    model = ComplaintTableModel(listing, lambda: NOW)
    model.reload()
    model.sort(COL_COMPLAINANT, Qt.SortOrder.AscendingOrder)
    f = listing.calls[-1][0]
    assert (f.sort_key, f.descending) == ("complainant", False)
    assert [model.index(r, COL_COMPLAINANT).data() for r in range(5)] == [f"客户{i}" for i in range(1, 6)]
    calls = len(listing.calls)
    model.sort(COL_OVERDUE, Qt.SortOrder.AscendingOrder)  # not a SQL column: ignored
    assert len(listing.calls) == calls
    assert model.sort_column() == COL_COMPLAINANT


def test_roles_give_the_view_object_and_sortable_values():
    model = ComplaintTableModel(FakeListing(2), lambda: NOW)
    model.reload()
    index = model.index(0, COL_RECEIVED)
    assert isinstance(index.data(ROW_ROLE), ComplaintView)
    assert index.data(SORT_ROLE) == index.data(ROW_ROLE).received_at.isoformat()
    assert index.data() == f"{index.data(ROW_ROLE).received_at:%Y-%m-%d %H:%M}"


def test_colours_follow_the_clock():
    now = [NOW]
    listing = FakeListing(0)
    listing.rows = [view(1), view(2, state="已结案", next_due_at=None, open_steps=(), done_late=("回访",))]
    model = ComplaintTableModel(listing, lambda: now[0])
    model.reload()
    open_row = model.row_of(1)
    closed_row = model.row_of(2)
    assert model.index(open_row, COL_NUMBER).data(TONE_ROLE) == ""
    assert model.index(open_row, COL_NUMBER).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(closed_row, COL_NUMBER).data(Qt.ItemDataRole.ForegroundRole) == GREY
    # A closed case that was late keeps its 超时环节 (RULES.md: overdue stays overdue), in red.
    assert model.index(closed_row, COL_OVERDUE).data() == "回访"
    assert model.index(closed_row, COL_OVERDUE).data(Qt.ItemDataRole.ForegroundRole) == RED
    now[0] = NOW + timedelta(hours=9)  # 3 hours left: amber
    model.refresh_times()
    assert model.index(open_row, COL_NUMBER).data(Qt.ItemDataRole.ForegroundRole) == AMBER
    assert model.index(open_row, COL_NEXT_DUE).data() == "派单 剩余 3小时00分"
    now[0] = NOW + timedelta(hours=12, minutes=30)
    model.refresh_times()
    assert model.index(open_row, COL_NUMBER).data(TONE_ROLE) == "overdue"
    assert model.index(open_row, COL_NEXT_DUE).data() == "派单 超时 30分00秒"
    assert model.index(open_row, COL_OVERDUE).data() == "派单"
