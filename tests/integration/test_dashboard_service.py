"""The dashboard on known data (Fri 9 October 2026, 10:00 — the second working day after National Day):
today's deadlines in every module, the live emergency, certificates running out, the month's tiles."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from wuye_desktop.domain.complaint import Kind
from wuye_desktop.domain.repairs import DeviceState, Period as PlanPeriod, PlanKind
from wuye_desktop.domain.repairs_drafts import DeviceDraft
from wuye_desktop.domain.repairs_records import PlanDraft
from wuye_desktop.services.container import Services
from wuye_desktop.services.dashboard import COMPLAINT, FORM_RECORD, PLAN_TASK, REVISIT_TASK, TAB_REPAIRS, remaining_text
from tests.conftest import FakeClock
from tests.integration.test_form_records import filled
from tests.integration.test_monthly_stats import Builder

NOW = datetime(2026, 10, 9, 10, 0)


def build_today(services: Services, clock: FakeClock) -> dict[str, int]:
    clock.set(NOW)
    hy = services.settings.save_project("海悦管理处", "HY", 500).id
    b = Builder(services)
    # C1 was finished on Wed 30 Sep: its revisit is due two working days later, today (National Day off).
    b.register("C1", hy, "2026-09-30 09:00", front_desk="2026-09-30 09:05")
    b.handle("C1", "2026-09-30 09:30", "工程部", "2026-09-30 17:00", "2026-09-30 15:00", "2026-09-30 15:10",
             "2026-09-30 15:20", work_done="2026-09-30 14:40")
    b.register("C2", hy, "2026-10-08 09:00", category="鼠虫害防治", front_desk="2026-10-08 09:05")  # 派单 missed
    b.register("C3", hy, "2026-10-09 08:00", category="环境卫生绿化", front_desk="2026-10-09 08:00")  # 派单 by 20:00
    b.register("C4", hy, "2026-10-01 10:00", front_desk="2026-10-01 10:05")
    b.handle("C4", "2026-10-01 10:30", "保安部", "2026-10-01 17:00", "2026-10-01 15:00", "2026-10-01 15:10",
             "2026-10-01 15:20", work_done="2026-10-01 14:40")
    b.revisit("C4", "2026-10-08 10:00", "满意")
    b.close("C4", "2026-10-08 10:30")
    b.register("M1", hy, "2026-10-09 09:58", kind=Kind.MAJOR, category="电梯困人", front_desk="2026-10-09 09:58",
               unit="3栋电梯")
    device = services.repairs.devices.create(DeviceDraft("DT-01", "1号电梯", "电梯", "3栋", state=DeviceState.INTACT),
                                             hy, "王建国").id
    services.repairs.plans.create(PlanDraft("电梯日检", PlanKind.INSPECTION, PlanPeriod.DAILY, date(2026, 10, 8),
                                            (device,), "检查运行"), hy, "王建国", backfill=True)
    soon = services.form_records.save("qms-pm-31306", filled(services, "qms-pm-31306", issued_on=date(2025, 10, 12),
                                                             valid_until=date(2026, 10, 12)), hy, "陈静")
    return {"hy": hy, "device": device, "permit": soon.id, **b.ids}


@pytest.fixture
def today(any_services: Services, clock: FakeClock) -> dict[str, int]:
    return build_today(any_services, clock)


def test_deadlines_of_today_across_the_modules(any_services: Services, today: dict[str, int]) -> None:
    d = any_services.dashboard.load(today["hy"])
    assert d.now == NOW and d.scope == "海悦管理处"
    listed = [(i.module, i.kind, i.step, i.overdue, i.status_text(d.now)) for i in d.deadlines]
    # Overdue first, the oldest first; then what falls due today.
    assert listed[:2] == [("投诉", COMPLAINT, "派单", True, "已逾期12小时"),        # C2, due 21:05 yesterday
                          ("保养计划", PLAN_TASK, "巡检", True, "已逾期10小时")]    # yesterday's daily check
    assert ("投诉", COMPLAINT, "派单", False, "今天20:00到期") in listed
    assert ("回访", REVISIT_TASK, "回访", False, "今天23:59到期") in listed
    assert ("保养计划", PLAN_TASK, "巡检", False, "今天23:59到期") in listed
    # C1 waits for its revisit: listed once, as the revisit task, not again as a complaint.
    c1 = next(i for i in d.deadlines if i.kind == REVISIT_TASK)
    assert c1.subject == "A座1203 C1 装修噪音"
    assert all(i.subject.split()[1] != "C1" for i in d.deadlines if i.kind == COMPLAINT)
    assert all(i.subject.split()[1] != "C4" for i in d.deadlines)   # closed
    counts = {c.module: (c.overdue, c.today) for c in d.counts}
    assert counts == {"投诉": (1, 2), "回访": (0, 1), "维修工单": (0, 0), "保养计划": (1, 1)}


def test_the_live_emergency_with_the_next_step_of_its_ladder(any_services: Services, today: dict[str, int]) -> None:
    d = any_services.dashboard.load(today["hy"])
    [m1] = d.emergencies
    assert (m1.kind, m1.id, m1.module) == (COMPLAINT, today["M1"], "突发事件")
    assert m1.step == "知会部门"                               # 3 minutes from receipt (篇2 §6)
    assert m1.due_at == datetime(2026, 10, 9, 10, 1) and m1.status_text(d.now) == "今天10:01到期"


def test_certificates_running_out(any_services: Services, today: dict[str, int]) -> None:
    d = any_services.dashboard.load(today["hy"])
    assert d.expiring is not None
    [permit] = d.expiring
    assert (permit.kind, permit.id, permit.step) == (FORM_RECORD, today["permit"], "停车证到期")
    assert permit.status_text(d.now) == "还有3天"


def test_the_months_tiles_against_their_goals(any_services: Services, today: dict[str, int]) -> None:
    d = any_services.dashboard.load(today["hy"])
    tiles = {t.key: t for t in d.tiles}
    assert list(tiles) == ["received", "on_time_rate", "overdue_cases", "revisit_rate", "effective_rate",
                           "intact_rate"]
    assert tiles["received"].text == "4"                       # C2, C3, C4, M1 received in October
    assert tiles["effective_rate"].text == "0.80%" and tiles["effective_rate"].met is True   # 4 of 500
    # C1's and C4's revisits fall due tonight: C4's, made yesterday, counts as due and done; C1's is not
    # missing yet (the revisits tab's whole-month figure would read 50 % at this hour).
    revisit = tiles["revisit_rate"]
    assert (revisit.text, revisit.met, revisit.detail) == ("100.0%", True, "已回访 1／到期 1")
    intact = tiles["intact_rate"]
    assert (intact.text, intact.met, intact.opens) == ("100.0%", True, TAB_REPAIRS)
    assert dict(d.categories) == {"装修噪音": 1, "鼠虫害防治": 1, "环境卫生绿化": 1, "电梯困人": 1}
    assert [t.period.label for t in d.trend][-2:] == ["2026年9月", "2026年10月"]
    assert [t.complaints for t in d.trend][-2:] == [1, 4]


def test_a_month_just_begun_shows_no_figures_as_zeros(services: Services, clock: FakeClock) -> None:
    clock.set(datetime(2026, 11, 1, 8, 0))
    d = services.dashboard.load(None)
    tiles = {t.key: t for t in d.tiles}
    assert d.month_empty and d.deadlines == () and d.emergencies == ()
    assert tiles["received"].text == "—" and tiles["received"].detail == "本月尚无投诉"
    assert tiles["on_time_rate"].text == "—" and tiles["on_time_rate"].met is None


def test_remaining_texts() -> None:
    assert remaining_text(NOW - timedelta(minutes=5), NOW) == "已逾期5分钟"
    assert remaining_text(NOW - timedelta(days=3, hours=2), NOW) == "已逾期3天"
    assert remaining_text(NOW + timedelta(days=1), NOW) == "明天到期"
    assert remaining_text(NOW + timedelta(days=4), NOW) == "还有4天"
