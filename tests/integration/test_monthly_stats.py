"""The 《客户月投诉统计表》 computed on a known data set built through the complaint service, on
SQLite and PostgreSQL: the 合计 row, each category and kind row, on-time rates, the month's
boundaries, the cut-off, a month over the National Day holiday, and an empty month.

The September 2026 data set of 海悦管理处 (cut-off 2026-10-01 00:00), case by case:

G1 一般 装修噪音 电话 李四      09-01  all on time, revisited 满意, closed                   (clean)
G2 一般 公共设施故障 来访 李四  09-10  dispatched 22:00, 2 h after its 12 h → 派单 late; 基本满意
G3 一般 公共设施故障 书面 钱五  09-24  done on time; revisit due Tue 09-29 (Mid-Autumn 25–27 off)
                                     made Wed 09-30 → 回访 late; 不满意
G4 一般 环境卫生绿化 电话 李四  09-28  done; revisit due 09-30, made only 10-09 → missing at the
                                     cut-off: 回访 overdue, 应回访 but not 已回访
G5 一般 环境卫生绿化 电话 钱五  09-30 23:59  belongs to September; front desk only 10-01 00:10
G7 一般 室内设施维修 电话 李四  09-29  promised 09-30 12:00, done 10-08 → 限期处理 overdue, not done
G8 一般 鼠虫害防治 来访 钱五    09-15  never verified or dispatched → 核实, 派单 overdue (open)
U1 非合理 其他物业服务 李四     09-05  explained and closed                                  (clean)
S1 合理化建议 书面 钱五         09-08  verified, open                                        (clean)
M1 重大 电梯困人 李四           09-20  ladder: 上报领导 8 min (5), 领导书面报告 49 h (48),
                                     发展商验证 13 h (8) late; revisited 满意
outside the month: A0 08-31 23:59 and G6 10-01 00:00; B1 (翠苑管理处) 09-12 on time, 满意 (clean)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from wuye_desktop.domain.complaint import Action, Channel, Kind
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.domain.stats import STEP_LABELS, Counts
from wuye_desktop.services.complaints import StepInput

T = datetime.fromisoformat


@dataclass
class DataSet:
    hy: int
    cy: int
    ids: dict[str, int]


class Builder:
    def __init__(self, services) -> None:  # type: ignore[no-untyped-def]
        self.svc = services.complaints
        self.ids: dict[str, int] = {}

    def register(self, name: str, project: int, received: str, *, kind: Kind = Kind.GENERAL,
                 category: str = "装修噪音", channel: Channel = Channel.PHONE, responder: str = "李四",
                 front_desk: str | None = None, unit: str = "A座1203") -> None:
        draft = ComplaintDraft(
            received_at=T(received), complainant="张三", unit=unit, phone="13800138000",
            subject=f"{name} {category}", content=f"{name} 的投诉内容", channel=channel, kind=kind,
            category=category, first_responder=responder, front_desk_at=T(front_desk) if front_desk else None)
        self.ids[name] = self.svc.register(draft, project, "王前台").id

    def act(self, name: str, action: Action, at: str, by: str = "王前台", note: str = "记录", **data: str) -> None:
        self.svc.act(self.ids[name], StepInput(action, by, T(at), note, data))

    def handle(self, name: str, dispatch: str, dept: str, due: str, complete: str, feedback: str, reply: str,
               *, dispatcher: str = "王前台", work_done: str | None = None) -> None:
        """Dispatch → complete → feedback → reply, each at the given time."""
        self.act(name, Action.DISPATCH, dispatch, dispatcher, department=dept, due_at=due)
        extra = {"work_done_at": work_done} if work_done else {}
        self.act(name, Action.COMPLETE, complete, f"{dept}师傅", "已处理", **extra)
        self.act(name, Action.FEEDBACK, feedback, dispatcher, "已告知首问人")
        self.act(name, Action.REPLY, reply, dispatcher, "已回复客户")

    def revisit(self, name: str, at: str, satisfaction: str, by: str = "赵回访") -> None:
        self.act(name, Action.REVISIT, at, by, "回访记录", method="电话", satisfaction=satisfaction)

    def close(self, name: str, at: str) -> None:
        self.act(name, Action.CLOSE, at, "王前台", "", confirmed_by="张三")


def build_september(services, clock) -> DataSet:  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 10, 20, 10, 0))
    hy = services.settings.save_project("海悦管理处", "HY", 800).id
    cy = services.settings.save_project("翠苑管理处", "CY", 500).id
    b = Builder(services)
    b.register("A0", hy, "2026-08-31 23:59", front_desk="2026-08-31 23:59")
    b.register("G1", hy, "2026-09-01 09:00", front_desk="2026-09-01 09:10")
    b.handle("G1", "2026-09-01 09:30", "保安部", "2026-09-01 18:00", "2026-09-01 16:00", "2026-09-01 16:30",
             "2026-09-01 17:00", work_done="2026-09-01 15:30")
    b.revisit("G1", "2026-09-02 10:00", "满意")
    b.close("G1", "2026-09-02 10:30")

    b.register("G2", hy, "2026-09-10 08:00", category="公共设施故障", channel=Channel.VISIT,
               front_desk="2026-09-10 08:05")
    b.handle("G2", "2026-09-10 22:00", "工程部", "2026-09-11 12:00", "2026-09-11 11:00", "2026-09-11 11:30",
             "2026-09-11 12:00", work_done="2026-09-11 10:30")
    b.revisit("G2", "2026-09-14 09:00", "基本满意")
    b.close("G2", "2026-09-14 09:30")

    b.register("G3", hy, "2026-09-24 10:00", category="公共设施故障", channel=Channel.WRITTEN, responder="钱五",
               front_desk="2026-09-24 10:10")
    b.handle("G3", "2026-09-24 10:30", "工程部", "2026-09-24 17:00", "2026-09-24 16:00", "2026-09-24 16:10",
             "2026-09-24 16:30", dispatcher="孙前台", work_done="2026-09-24 15:50")
    b.revisit("G3", "2026-09-30 09:00", "不满意")
    b.close("G3", "2026-09-30 10:00")

    b.register("G4", hy, "2026-09-28 09:00", category="环境卫生绿化", front_desk="2026-09-28 09:05")
    b.handle("G4", "2026-09-28 09:20", "保洁部", "2026-09-28 12:00", "2026-09-28 11:00", "2026-09-28 11:20",
             "2026-09-28 11:40", work_done="2026-09-28 10:40")
    b.revisit("G4", "2026-10-09 10:00", "满意")            # after the cut-off, and late

    b.register("G5", hy, "2026-09-30 23:59", category="环境卫生绿化", responder="钱五")
    b.act("G5", Action.TO_FRONT_DESK, "2026-10-01 00:10")

    b.register("G6", hy, "2026-10-01 00:00", front_desk="2026-10-01 00:10")

    b.register("G7", hy, "2026-09-29 14:00", category="室内设施维修", front_desk="2026-09-29 14:05")
    b.act("G7", Action.DISPATCH, "2026-09-29 14:30", department="工程部", due_at="2026-09-30 12:00")
    b.act("G7", Action.COMPLETE, "2026-10-08 10:00", "工程部师傅", "已修复")

    b.register("G8", hy, "2026-09-15 10:00", category="鼠虫害防治", channel=Channel.VISIT, responder="钱五",
               front_desk="2026-09-15 10:05")

    b.register("U1", hy, "2026-09-05 09:00", kind=Kind.UNREASONABLE, category="其他物业服务",
               front_desk="2026-09-05 09:05")
    b.act("U1", Action.EXPLAIN, "2026-09-05 10:00", note="已耐心解释")
    b.close("U1", "2026-09-05 11:00")

    b.register("S1", hy, "2026-09-08 09:00", kind=Kind.SUGGESTION, category="环境卫生绿化",
               channel=Channel.WRITTEN, responder="钱五", front_desk="2026-09-08 09:30")
    b.act("S1", Action.VERIFY, "2026-09-08 11:00", note="已到现场查看")

    b.register("M1", hy, "2026-09-20 20:00", kind=Kind.MAJOR, category="电梯困人", front_desk="2026-09-20 20:01")
    b.act("M1", Action.LADDER_NOTIFY_DEPT, "2026-09-20 20:02")
    b.act("M1", Action.DISPATCH, "2026-09-20 20:03", department="工程部", due_at="2026-09-20 20:45")
    b.act("M1", Action.LADDER_REPORT_LEADER, "2026-09-20 20:08", "陈主任")
    b.act("M1", Action.LADDER_PHONE_BOARD, "2026-09-20 20:15", "刘总")
    b.act("M1", Action.COMPLETE, "2026-09-20 20:40", "工程部师傅", "已救出乘客", work_done_at="2026-09-20 20:35")
    b.act("M1", Action.FEEDBACK, "2026-09-20 20:50")
    b.act("M1", Action.REPLY, "2026-09-20 21:00")
    b.act("M1", Action.LADDER_DEVELOPER_VERIFY, "2026-09-21 09:00", "发展商客服")
    b.act("M1", Action.LADDER_OFFICE_WRITTEN, "2026-09-21 19:00", "陈主任")
    b.revisit("M1", "2026-09-22 10:00", "满意")
    b.act("M1", Action.LADDER_LEADER_WRITTEN, "2026-09-23 21:00", "刘总")
    b.close("M1", "2026-09-23 22:00")

    b.register("B1", cy, "2026-09-12 10:00", responder="周六", front_desk="2026-09-12 10:05")
    b.handle("B1", "2026-09-12 10:30", "保安部", "2026-09-12 18:00", "2026-09-12 15:00", "2026-09-12 15:10",
             "2026-09-12 15:20", dispatcher="吴前台")
    b.revisit("B1", "2026-09-14 10:00", "满意", by="吴前台")
    b.close("B1", "2026-09-14 10:10")
    return DataSet(hy, cy, b.ids)


def steps(**overdue: int) -> tuple[int, ...]:
    return tuple(overdue.get(label, 0) for label in STEP_LABELS)


HY_TOTAL = Counts(received=10, completed=6, on_time=5, overdue_cases=6,
                  steps=steps(核实=1, 派单=2, 限期处理=1, 回访=2, 上报领导=1, 领导书面报告=1, 发展商验证=1),
                  revisit_due=5, revisited=4, satisfied=2, basic=1, unsatisfied=1)


@pytest.fixture
def september(any_services, clock) -> DataSet:  # type: ignore[no-untyped-def]
    return build_september(any_services, clock)


def test_total_row_of_a_project(any_services, september) -> None:  # type: ignore[no-untyped-def]
    stats = any_services.monthly_stats.compute(2026, 9, september.hy)
    assert stats.total == HY_TOTAL
    assert stats.total.on_time_rate == pytest.approx(5 / 6)
    assert stats.total.satisfaction_rate == pytest.approx(0.75)
    assert stats.total.revisit_rate == pytest.approx(0.8)
    assert stats.cutoff == datetime(2026, 10, 1)
    assert stats.cutoff_text == "2026年9月30日24:00"
    assert stats.office_text == "物业管理服务有限公司　海悦管理处"


def test_category_rows(any_services, september) -> None:  # type: ignore[no-untyped-def]
    stats = any_services.monthly_stats.compute(2026, 9, september.hy)
    rows = {r.label: r.counts for r in stats.categories}
    assert list(rows) == ["装修噪音", "公共设施故障", "室内设施维修", "环境卫生绿化", "鼠虫害防治", "其他物业服务",
                          "电梯困人"]
    assert [rows[k].received for k in rows] == [1, 2, 1, 2, 1, 1, 1]
    public = rows["公共设施故障"]   # G2 and G3
    assert (public.completed, public.on_time, public.overdue_cases) == (2, 1, 2)
    assert (public.step("派单"), public.revisit_late, public.revisited) == (1, 1, 2)
    assert (public.basic, public.unsatisfied, public.satisfaction_rate) == (1, 1, 0.5)
    green = rows["环境卫生绿化"]    # G4 (revisit missing at the cut-off) and G5 (received 23:59)
    assert (green.received, green.completed, green.revisit_due, green.revisited) == (2, 1, 1, 0)
    assert green.revisit_rate == 0.0 and green.satisfaction_rate is None
    assert rows["鼠虫害防治"].steps == steps(核实=1, 派单=1)
    assert rows["室内设施维修"].steps == steps(限期处理=1)
    assert rows["室内设施维修"].on_time_rate is None          # nothing completed: 「—」
    lift = rows["电梯困人"]
    assert lift.steps == steps(上报领导=1, 领导书面报告=1, 发展商验证=1)
    assert (lift.completed, lift.on_time) == (1, 1)           # the ladder is not a handling step
    # The category rows add up to the complaints; the suggestion is counted on its own row.
    assert sum(r.counts.received for r in stats.categories) == 9


def test_kind_rows(any_services, september) -> None:  # type: ignore[no-untyped-def]
    stats = any_services.monthly_stats.compute(2026, 9, september.hy)
    rows = {r.label: r.counts for r in stats.kinds}
    assert list(rows) == ["一般投诉", "重大投诉（突发事件）", "非合理投诉", "投诉小计", "其中：书面投诉", "合理化建议"]
    general = rows["一般投诉"]
    assert (general.received, general.completed, general.on_time, general.overdue_cases) == (7, 4, 3, 5)
    assert (general.revisit_due, general.revisited, general.satisfaction_rate) == (4, 3, pytest.approx(2 / 3))
    assert rows["重大投诉（突发事件）"].received == 1
    unreasonable = rows["非合理投诉"]
    assert (unreasonable.received, unreasonable.completed, unreasonable.on_time) == (1, 1, 1)
    assert unreasonable.revisit_rate is None and unreasonable.satisfaction_rate is None
    assert rows["投诉小计"].received == 9
    written = rows["其中：书面投诉"]     # G3 only: the written suggestion S1 is not a complaint
    assert (written.received, written.revisit_late, written.unsatisfied, written.satisfaction_rate) == (1, 1, 1, 0.0)
    suggestion = rows["合理化建议"]
    assert (suggestion.received, suggestion.completed, suggestion.on_time_rate) == (1, 0, None)
    assert rows["投诉小计"] + suggestion == stats.total


def test_department_responder_and_clerk_tables(any_services, september) -> None:  # type: ignore[no-untyped-def]
    stats = any_services.monthly_stats.compute(2026, 9, september.hy)
    depts = {r.label: r.counts for r in stats.departments}
    assert list(depts) == ["工程部", "（未派单）", "保安部", "保洁部"]
    eng = depts["工程部"]                    # G2, G3, G7, M1
    assert (eng.received, eng.completed, eng.on_time, eng.step("限期处理")) == (4, 3, 2, 1)
    assert eng.on_time_rate == pytest.approx(2 / 3)
    assert depts["保安部"].on_time_rate == 1.0
    people = {r.label: r.counts.received for r in stats.first_responders}
    assert people == {"李四": 6, "钱五": 4}
    clerks = {r.name: r for r in stats.clerks}
    assert [r.name for r in stats.clerks] == ["王前台", "赵回访", "孙前台"]
    wang = clerks["王前台"]
    assert (wang.dispatched, wang.dispatch_late, wang.replied, wang.on_time_rate) == (5, 1, 4, 0.8)
    zhao = clerks["赵回访"]                  # G4's revisit on 10-09 is after the cut-off
    assert (zhao.revisited, zhao.revisit_late, zhao.on_time_rate) == (4, 1, 0.75)
    assert (clerks["孙前台"].dispatched, clerks["孙前台"].replied) == (1, 1)


def test_major_events_and_overdue_cases(any_services, september) -> None:  # type: ignore[no-untyped-def]
    stats = any_services.monthly_stats.compute(2026, 9, september.hy)
    [major] = stats.majors
    ladder = {s.label: s for s in major.ladder}
    assert ladder["知会部门"].done_at == T("2026-09-20 20:02") and not ladder["知会部门"].status.name.endswith("LATE")
    assert ladder["上报领导"].status.value == "超时完成"
    assert ladder["电话上报董事"].due_at == T("2026-09-20 20:18")
    assert ladder["领导书面报告"].due_at == T("2026-09-22 20:08")
    assert ladder["发展商验证"].due_at == T("2026-09-21 04:35")
    overdue = [(o.subject.split()[0], o.steps) for o in stats.overdue_cases]
    assert overdue == [("G2", ("派单",)), ("G8", ("核实", "派单")), ("M1", ("上报领导", "领导书面报告", "发展商验证")),
                       ("G3", ("回访",)), ("G4", ("回访",)), ("G7", ("限期处理",))]
    assert {o.subject.split()[0]: o.state for o in stats.overdue_cases}["G7"] == "已派单"


def test_company_wide_adds_every_project(any_services, september) -> None:  # type: ignore[no-untyped-def]
    stats = any_services.monthly_stats.compute(2026, 9, None)
    assert stats.project_name == "全公司"
    assert stats.total == HY_TOTAL + Counts(received=1, completed=1, on_time=1, revisit_due=1, revisited=1,
                                            satisfied=1)
    assert {r.name for r in stats.clerks} == {"王前台", "赵回访", "孙前台", "吴前台"}


def test_month_boundaries(any_services, september) -> None:  # type: ignore[no-untyped-def]
    """23:59 on the last day belongs to the month; 00:00 of the next day to the next month."""
    aug = any_services.monthly_stats.compute(2026, 8, september.hy)
    assert aug.total.received == 1                      # A0 at 08-31 23:59
    sep = any_services.monthly_stats.compute(2026, 9, september.hy)
    numbers = {o.number for o in sep.overdue_cases}
    assert sep.total.received == 10                     # G5 at 09-30 23:59 in, G6 at 10-01 00:00 out
    assert any_services.complaints.get(september.ids["G6"]).row.number not in numbers


def test_the_cut_off_ignores_what_happened_later(any_services, september, clock) -> None:  # type: ignore[no-untyped-def]
    """Printed again in November, September shows the same figures (G4's late revisit and G7's
    completion in October do not change it)."""
    before = any_services.monthly_stats.compute(2026, 9, september.hy)
    clock.set(datetime(2026, 11, 20, 9, 0))
    assert any_services.monthly_stats.compute(2026, 9, september.hy).total == before.total


def test_sql_grouping_and_exact_evaluation_agree(any_services, september) -> None:  # type: ignore[no-untyped-def]
    fast = any_services.monthly_stats.compute(2026, 9, None)
    slow = any_services.monthly_stats.compute(2026, 9, None, exact_only=True)
    for name in ("categories", "kinds", "total", "departments", "first_responders", "clerks", "majors",
                 "overdue_cases", "trend"):
        assert getattr(fast, name) == getattr(slow, name), name


def test_a_running_month_is_counted_up_to_now(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 9, 15, 21, 0))
    hy = any_services.settings.save_project("海悦管理处", "HY").id
    b = Builder(any_services)
    b.register("G8", hy, "2026-09-15 10:00", front_desk="2026-09-15 10:05")
    stats = any_services.monthly_stats.compute(2026, 9, hy)
    assert stats.cutoff_text == "2026年9月15日21:00（本月尚未结束）"
    assert stats.total.overdue_cases == 0                # dispatch is due at 22:05
    clock.set(datetime(2026, 9, 15, 22, 30))
    assert any_services.monthly_stats.compute(2026, 9, hy).total.steps == steps(派单=1)
    b.act("G8", Action.DISPATCH, "2026-09-15 22:30", department="保洁部", due_at="2026-09-16 12:00")
    late = any_services.monthly_stats.compute(2026, 9, hy)   # a dispatch of this very minute counts
    assert late.total.steps == steps(派单=1) and late.clerks[0].dispatch_late == 1
    with pytest.raises(ValidationError) as info:
        any_services.monthly_stats.compute(2026, 10, hy)
    assert info.value.errors == {"month": "2026年10月尚未开始，不能统计"}


def test_october_over_the_national_day_holiday(any_services, september, clock) -> None:  # type: ignore[no-untyped-def]
    """Revisit deadlines count official working days: after a completion on 10-02 (holiday) the
    revisit is due 10-09; after Thu 10-08 it is due Sat 10-10, a 调休 workday."""
    b = Builder(any_services)
    b.ids.update(september.ids)
    b.handle("G6", "2026-10-01 08:00", "保安部", "2026-10-02 12:00", "2026-10-02 10:00", "2026-10-02 10:20",
             "2026-10-02 10:40", work_done="2026-10-02 09:30")
    b.revisit("G6", "2026-10-09 10:00", "满意")          # on time (weekends-only would say due 10-06)
    clock.set(datetime(2026, 11, 5, 9, 0))
    b.register("O1", september.hy, "2026-10-08 09:00", front_desk="2026-10-08 09:05")
    b.handle("O1", "2026-10-08 09:30", "保安部", "2026-10-08 17:00", "2026-10-08 16:00", "2026-10-08 16:20",
             "2026-10-08 16:40")
    b.revisit("O1", "2026-10-12 09:00", "基本满意")       # late: due Sat 10-10 23:59:59
    stats = any_services.monthly_stats.compute(2026, 10, september.hy)
    assert stats.total == Counts(received=2, completed=2, on_time=2, overdue_cases=1, steps=steps(回访=1),
                                 revisit_due=2, revisited=2, satisfied=1, basic=1)
    assert [o.subject.split()[0] for o in stats.overdue_cases] == ["O1"]
    assert stats.total.revisit_rate == 1.0


def test_an_empty_month(any_services, september) -> None:  # type: ignore[no-untyped-def]
    stats = any_services.monthly_stats.compute(2026, 9, september.cy)  # 翠苑: only B1
    assert not stats.empty
    empty = any_services.monthly_stats.compute(2026, 7, september.hy)
    assert empty.empty
    assert (empty.categories, empty.departments, empty.clerks, empty.majors, empty.overdue_cases) == ((),) * 5
    assert empty.total.on_time_rate is None and empty.total.satisfaction_rate is None


def test_trend_of_twelve_months(any_services, september) -> None:  # type: ignore[no-untyped-def]
    stats = any_services.monthly_stats.compute(2026, 9, september.hy)
    assert [p.label for p in stats.trend][:2] == ["2025年10月", "2025年11月"]
    assert len(stats.trend) == 12
    aug, sep = stats.trend[-2], stats.trend[-1]
    assert (aug.general, aug.total) == (1, 1)
    assert (sep.general, sep.major, sep.unreasonable, sep.suggestion, sep.written, sep.total) == (7, 1, 1, 1, 1, 10)
    assert sum(p.total for p in stats.trend[:-2]) == 0


def test_reopened_redispatched_and_answered_cases_agree_on_both_paths(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    """A reopened case (two cycles), a case handed on to a second department after a late first
    dispatch, and one whose department answered with a new due time: counted from the database
    and evaluated from the events, the tables are the same."""
    clock.set(datetime(2026, 12, 10, 9, 0))
    hy = any_services.settings.save_project("海悦管理处", "HY").id
    b = Builder(any_services)
    b.register("R1", hy, "2026-11-02 09:00", front_desk="2026-11-02 09:05")
    b.handle("R1", "2026-11-02 09:30", "工程部", "2026-11-02 17:00", "2026-11-02 16:00", "2026-11-02 16:10",
             "2026-11-02 16:20")
    b.revisit("R1", "2026-11-03 10:00", "不满意")
    b.act("R1", Action.REOPEN, "2026-11-03 10:30", note="业主反映仍然漏水")
    b.act("R1", Action.DISPATCH, "2026-11-04 09:00", "孙前台", department="工程部", due_at="2026-11-04 12:00")
    b.act("R1", Action.COMPLETE, "2026-11-04 15:00", "工程部师傅", "已更换水管")      # after its 12:00
    b.register("R2", hy, "2026-11-05 08:00", category="公共设施故障", front_desk="2026-11-05 08:00")
    b.act("R2", Action.DISPATCH, "2026-11-05 21:00", department="保安部", due_at="2026-11-06 12:00")  # late
    b.act("R2", Action.DISPATCH, "2026-11-06 09:00", "孙前台", department="工程部", due_at="2026-11-06 18:00")
    b.register("R3", hy, "2026-11-09 10:00", category="室内设施维修", front_desk="2026-11-09 10:00")
    b.act("R3", Action.DISPATCH, "2026-11-09 10:30", department="工程部", due_at="2026-11-09 17:00")
    b.act("R3", Action.RESPOND, "2026-11-09 13:30", "工程部师傅", "需订购配件", due_at="2026-11-11 17:00")
    b.act("R3", Action.COMPLETE, "2026-11-11 16:00", "工程部师傅", "已修复")
    b.act("R3", Action.FEEDBACK, "2026-11-11 16:10")
    fast = any_services.monthly_stats.compute(2026, 11, hy)
    slow = any_services.monthly_stats.compute(2026, 11, hy, exact_only=True)
    for name in ("categories", "kinds", "total", "departments", "first_responders", "clerks", "overdue_cases"):
        assert getattr(fast, name) == getattr(slow, name), name
    overdue = {o.subject.split()[0]: o.steps for o in fast.overdue_cases}
    assert overdue == {"R1": ("核实", "派单", "限期处理", "反馈首问人", "回访"),   # the second cycle's steps
                       "R2": ("派单", "限期处理"), "R3": ("回应", "回访")}
    clerks = {r.name: r for r in fast.clerks}
    assert (clerks["王前台"].dispatched, clerks["王前台"].dispatch_late) == (3, 1)      # R2's first dispatch
    assert (clerks["孙前台"].dispatched, clerks["孙前台"].dispatch_late) == (2, 1)      # R1 again late; R2 handed on
