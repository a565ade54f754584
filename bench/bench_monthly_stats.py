"""Benchmark of the 《客户月投诉统计表》 at office scale: 300,000 complaints, the month's workbook.

    python bench/bench_monthly_stats.py [--rows 300000] [--month YYYY-MM] [--rebuild] [--repeat 5]

The database is built once in bench/out/monthly-stats-<rows>/ with the complaint desk's builder
(bench/bench_complaints.py: ten years, two projects, plausible states and late steps) and reused.
That builder records only the receipt event of each case; the statistics evaluate the events of
the cases that need it, so the measured month and the month running at the clock get full event
histories here (front desk, dispatch, completion, feedback, reply, revisit, close, the emergency
ladder of major cases), and their list columns are recomputed from those events by the complaint
service itself, so the two agree as they do in a real office.

Measured through ``services.monthly_stats`` — compute, then the whole workbook to a file (goal:
under 1 s) — and the database's grouped counts of the month alone (goal: tens of milliseconds).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_complaints  # noqa: E402  (the complaint desk's builder)

from wuye_desktop.domain.complaint import Action, Kind, State  # noqa: E402
from wuye_desktop.domain.stats import month_window, parse_month, report_cutoff  # noqa: E402
from wuye_desktop.export.xlsx_monthly import text_width  # noqa: E402
from wuye_desktop.services.container import Services, open_services  # noqa: E402
from wuye_desktop.services.paths import DataPaths  # noqa: E402
from wuye_desktop.storage import stats_queries  # noqa: E402
from wuye_desktop.storage.models import ComplaintEventRow, ComplaintRow  # noqa: E402

OUT = ROOT / "bench" / "out"
ENRICHED_KEY = "bench_monthly_enriched_from"
REVISITORS = ("赵敏", "钱丽", "孙婷")
LEADERS = ("陈主任", "刘总")


# --- giving a month its events ------------------------------------------------------------------

def _events_for(row: ComplaintRow, now: datetime, rng: random.Random) -> list[tuple[Action, datetime, str, dict[str, str]]]:
    """A life cycle consistent with the builder's columns (state and step times)."""
    state = State(row.state)
    desk = row.first_responder or "前台"
    steps: list[tuple[Action, datetime, str, dict[str, str]]] = []
    received = row.received_at
    if state is State.RECEIVED:
        return steps
    late_front = "交前台" in (row.late_steps or "")
    front = received + (timedelta(hours=rng.uniform(25, 40)) if late_front else timedelta(minutes=rng.randint(2, 40)))
    if row.dispatched_at and front > row.dispatched_at:
        front = row.dispatched_at - timedelta(minutes=5)
    steps.append((Action.TO_FRONT_DESK, front, desk, {}))
    if Kind(row.kind) is Kind.MAJOR:
        leader_at = received + timedelta(minutes=rng.choice((3, 4, 4, 8)))
        ladder = [(Action.LADDER_NOTIFY_DEPT, received + timedelta(minutes=rng.choice((1, 2, 2, 5)))),
                  (Action.LADDER_REPORT_LEADER, leader_at),
                  (Action.LADDER_OFFICE_WRITTEN, received + timedelta(hours=rng.choice((6, 20, 30)))),
                  (Action.LADDER_PHONE_BOARD, leader_at + timedelta(minutes=rng.choice((5, 8, 15)))),
                  (Action.LADDER_LEADER_WRITTEN, leader_at + timedelta(hours=rng.choice((24, 40, 60))))]
        if row.completed_at:
            ladder.append((Action.LADDER_DEVELOPER_VERIFY, row.completed_at + timedelta(hours=rng.choice((3, 6, 12)))))
        steps += [(a, t, rng.choice(LEADERS), {}) for a, t in ladder]
    if Kind(row.kind) is Kind.UNREASONABLE:
        explained = front + timedelta(minutes=rng.randint(20, 200))
        if row.closed_at and explained > row.closed_at:
            explained = row.closed_at - timedelta(minutes=10)
        steps.append((Action.EXPLAIN, explained, desk, {}))
        if state is State.ESCALATED:
            steps.append((Action.ESCALATE, explained + timedelta(hours=20), desk, {"head": "客服部经理"}))
    elif row.dispatched_at:
        due = row.dispatched_at + timedelta(hours=rng.choice((24, 48, 72)))
        if "限期处理" in (row.late_steps or "") and row.completed_at:
            due = min(due, row.completed_at - timedelta(hours=1))
        steps.append((Action.DISPATCH, row.dispatched_at, desk,
                      {"department": row.department or "工程部", "due_at": due.isoformat(sep=" ")}))
        if row.completed_at:
            steps.append((Action.COMPLETE, row.completed_at, (row.department or "工程部") + "师傅", {}))
            end = row.revisited_at or row.closed_at or now
            gap = max((end - row.completed_at) / 4, timedelta(minutes=1))
            feedback, reply = row.completed_at + min(gap, timedelta(minutes=40)), None
            if state not in (State.COMPLETED,):
                steps.append((Action.FEEDBACK, feedback, desk, {}))
            if state not in (State.COMPLETED, State.FEEDBACK_GIVEN):
                reply = feedback + min(gap, timedelta(minutes=40))
                steps.append((Action.REPLY, reply, desk, {}))
            if row.revisited_at:
                steps.append((Action.REVISIT, row.revisited_at, rng.choice(REVISITORS),
                              {"method": "电话", "satisfaction": row.revisit_result or "满意"}))
    if state is State.CLOSED and row.closed_at:
        steps.append((Action.CLOSE, row.closed_at, desk, {"confirmed_by": row.complainant}))
    return [s for s in steps if s[1] <= now]


def enrich(services: Services, start: datetime, now: datetime) -> int:
    """Give every case received since ``start`` its events and recompute its columns from them."""
    rng = random.Random(11)
    complaints = services.complaints
    done = 0
    with services.uow() as uow:
        s = uow.session
        ids = list(s.scalars(select(ComplaintRow.id).where(ComplaintRow.received_at >= start)
                             .order_by(ComplaintRow.id)))
    for i in range(0, len(ids), 1000):
        with services.uow() as uow:
            s = uow.session
            rows = s.scalars(select(ComplaintRow).where(ComplaintRow.id.in_(ids[i:i + 1000]))
                             .options(selectinload(ComplaintRow.events)))
            for row in rows:
                row.events[:] = [e for e in row.events if e.action == Action.RECEIVE.value]
                for action, at, by, data in sorted(_events_for(row, now, rng), key=lambda x: x[1]):
                    row.events.append(ComplaintEventRow(action=action.value, at=at, by=by, note="", data=data,
                                                        recorded_at=at))
                # The complaint service's own bookkeeping keeps the list columns in step with events.
                complaints._refresh(row, now)  # noqa: SLF001 — the one source of the columns
                done += 1
            uow.commit()
        print(f"\r  已补全 {done:>6,} / {len(ids):,} 宗投诉的处理记录", end="", flush=True)
    print()
    return done


# --- measuring -------------------------------------------------------------------------------------

def pad(text: str, width: int) -> str:
    """Left-justify ``text`` to ``width`` terminal columns (a Chinese character takes two)."""
    return text + " " * max(0, width - text_width(text))


CPU: list[float] = []   # processor time of the last timed() repeats, to read beside wall time


def timed(fn, repeat: int) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    """(first wall time, median wall time of the repeats, result); the median CPU time goes to CPU."""
    times, cpu, result = [], [], None
    for _ in range(repeat + 1):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    CPU[:] = [statistics.median(cpu[1:])]
    return times[0], statistics.median(times[1:]), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="客户月投诉统计表性能测试（30万条投诉）")
    parser.add_argument("--rows", type=int, default=300_000, help="投诉条数（默认 300000）")
    parser.add_argument("--month", help="统计月份 YYYY-MM（默认：时钟所在月的上一个月）")
    parser.add_argument("--rebuild", action="store_true", help="重新生成数据库")
    parser.add_argument("--repeat", type=int, default=5, help="每项重复次数（取中位数）")
    args = parser.parse_args(argv)

    paths = DataPaths(OUT / f"monthly-stats-{args.rows}")
    probe = open_services(paths)
    stored_rows, stored_now = probe.settings.get("bench_rows"), probe.settings.get("bench_now")
    probe.close()
    if args.rebuild or stored_rows != str(args.rows) or not stored_now:
        now = datetime.now().replace(second=0, microsecond=0)
        print(f"生成 {args.rows:,} 条投诉（{bench_complaints.YEARS} 年，2 个管理处）→ {paths.database}")
        builder = open_services(paths, clock=lambda: now)
        started = time.perf_counter()
        bench_complaints.build(builder, args.rows, now)
        builder.settings.put(ENRICHED_KEY, "")
        print(f"  生成用时 {time.perf_counter() - started:.1f} 秒")
        builder.close()
        stored_now = now.isoformat()
    now = datetime.fromisoformat(stored_now)
    year, month = parse_month(args.month) if args.month else ((now.year, now.month - 1) if now.month > 1
                                                              else (now.year - 1, 12))
    start, _ = month_window(year, month)
    services = open_services(paths, clock=lambda: now)
    if services.settings.get(ENRICHED_KEY) != start.isoformat():
        print(f"补全 {year}年{month}月起各宗投诉的处理记录（事件）……")
        started = time.perf_counter()
        enrich(services, start, now)
        services.settings.put(ENRICHED_KEY, start.isoformat())
        print(f"  用时 {time.perf_counter() - started:.1f} 秒")
    print(f"数据库：{paths.database}（{args.rows:,} 条投诉）；时钟固定为 {now:%Y-%m-%d %H:%M}")
    hy = next(p for p in services.settings.projects() if p.code == "HY")
    stats = services.monthly_stats
    out_dir = Path(tempfile.mkdtemp(prefix="monthly-stats-"))
    running = (now.year, now.month)
    print()
    print(f"{pad('项目', 52)}{'首次(ms)':>10}{'中位数(ms)':>11}{'CPU(ms)':>9}  说明")
    print("-" * 118)
    misses = 0
    cutoff = report_cutoff(year, month, now)
    end = month_window(year, month)[1]
    with services.uow() as uow:
        first, median, groups = timed(lambda: stats_queries.clean_group_counts(uow.session, start, end, cutoff, None),
                                      args.repeat)
    print(f"{pad(f'数据库分组计数（全公司，{year}年{month}月）', 52)}{first * 1000:>10.1f}{median * 1000:>11.1f}{CPU[0] * 1000:>9.1f}  "
          f"GROUP BY 得 {len(groups)} 组（目标：数十毫秒）")  # type: ignore[arg-type]
    for label, (y, m), project in (
            (f"全公司 {year}年{month}月", (year, month), None),
            (f"{hy.name} {year}年{month}月", (year, month), hy.id),
            (f"全公司 {running[0]}年{running[1]}月（本月，截至此刻）", running, None)):
        first, median, result = timed(lambda: stats.compute(y, m, project), args.repeat)
        computed = result
        print(f"{pad('统计 ' + label, 52)}{first * 1000:>10.1f}{median * 1000:>11.1f}{CPU[0] * 1000:>9.1f}  "
              f"受理 {computed.total.received:,} 宗，超时案件 {len(computed.overdue_cases):,} 宗")  # type: ignore[attr-defined]
        target = out_dir / f"{y}-{m:02d}-{project or 'all'}.xlsx"
        first, median, _ = timed(lambda: stats.write_workbook(y, m, project, target), args.repeat)
        ok = median < 1.0
        misses += not ok
        print(f"{pad('统计并写出工作簿 ' + label, 52)}{first * 1000:>10.1f}{median * 1000:>11.1f}{CPU[0] * 1000:>9.1f}  "
              f"{target.stat().st_size // 1024} KB，{'达标' if ok else '超标'}（目标 < 1000 ms）")
    started = time.perf_counter()
    exact = stats.compute(year, month, None, exact_only=True)
    fast = stats.compute(year, month, None)
    agree = all(getattr(exact, f) == getattr(fast, f) for f in (
        "categories", "kinds", "total", "departments", "first_responders", "clerks", "majors", "overdue_cases"))
    print(f"{pad('逐宗按事件核算（对照，全公司）', 52)}{(time.perf_counter() - started) * 1000:>10.0f}{'':>20}  "
          f"与 SQL 分组结果{'一致' if agree else '不一致！'}")
    services.close()
    print("-" * 118)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"工作簿在 {out_dir}；{'全部达标' if not misses else f'{misses} 项超标'}；"
          f"测量时系统负载 {load:.1f}（{os.cpu_count()} 核）——负载高时墙钟时间偏长，可参照 CPU 时间")
    return 0 if not misses and agree else 1


if __name__ == "__main__":
    raise SystemExit(main())
