"""Benchmark of the work-order list at scale: 100,000 work orders over five years, one project.

    python bench/bench_repairs.py [--rows 100000] [--rebuild] [--repeat 7] [--db URL]

The database is built once in bench/out/ (bulk inserts) and reused. Every figure goes through
``services.repairs.orders.page(…, with_total=True)`` — the code path of the 报修与派工 list — and is
reported as the first call and the median of the repeats (goal: < 100 ms).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, insert, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wuye_desktop.domain.repairs import (  # noqa: E402
    REPAIR_CATEGORIES,
    OrderState,
    Source,
    Urgency,
    WorkOrderFilter,
)
from wuye_desktop.services import demo  # noqa: E402
from wuye_desktop.services.container import Services, open_services  # noqa: E402
from wuye_desktop.services.paths import DataPaths  # noqa: E402
from wuye_desktop.services.repairs_orders import initials  # noqa: E402
from wuye_desktop.storage.models_repairs import WorkOrderRow  # noqa: E402

OUT = ROOT / "bench" / "out"
CHUNK = 20_000
NOW = datetime(2026, 9, 24, 9, 0)
SUBJECTS = ("卫生间漏水", "厨房下水道堵塞", "入户门锁芯坏", "插座没电", "楼道灯不亮", "热水器跳闸", "阳台渗水", "窗户把手松脱",
            "电梯按钮失灵", "水龙头滴水", "空调不制冷", "门禁刷卡无反应")


def build(services: Services, rows: int) -> None:
    rng = random.Random(100_000)
    pid = services.settings.projects()[0].id
    names = sorted({demo.person_name(rng) for _ in range(5000)}) + ["张三", "张顺", "张帅"]
    keys = {n: initials(n) for n in names}
    techs = ("李明", "赵强", "王建国", "罗刚", "电梯维保班")
    start = NOW - timedelta(days=5 * 365)
    step = (NOW - start) / rows
    with services.uow() as uow:
        s = uow.session
        s.execute(delete(WorkOrderRow))
        batch: list[dict[str, object]] = []
        for i in range(rows):
            received = start + step * i
            name = rng.choice(names)
            age = NOW - received
            if age < timedelta(days=2):
                state = rng.choice((OrderState.RECEIVED, OrderState.DISPATCHED, OrderState.IN_PROGRESS))
            elif age < timedelta(days=6):
                state = rng.choice((OrderState.AWAITING_REVISIT, OrderState.DONE))
            else:
                state = OrderState.CANCELLED if rng.random() < 0.02 else OrderState.DONE
            done = state in (OrderState.AWAITING_REVISIT, OrderState.DONE)
            completed = received + timedelta(hours=rng.randint(2, 30)) if done else None
            late = rng.random() < 0.08
            due = received + timedelta(hours=12) if state is OrderState.RECEIVED else None
            batch.append(dict(
                project_id=pid, number=f"BX-XM-{received.year}-{i + 1:06d}", received_at=received,
                source=rng.choice((Source.PHONE, Source.VISIT, Source.PHONE, Source.INTERNAL)).value,
                client=name, client_initials=keys[name], unit=demo.household_unit(rng), phone=demo.mobile(rng),
                location="", category=rng.choice(REPAIR_CATEGORIES), subject=rng.choice(SUBJECTS), description="",
                urgency=Urgency.URGENT.value if rng.random() < 0.01 else Urgency.NORMAL.value, received_by="陈静",
                state=state.value, technician=rng.choice(techs), team="", dispatched_at=received + timedelta(hours=1),
                completed_at=completed, result="已修复" if done else "", labour_minutes=60 if done else 0,
                charge="免费", charge_fen=0, signed_by="", sign_note="", revisit_result="",
                next_due_at=due, next_due_step="派工" if due else "", late_steps="限期完工" if late else "",
                has_late=late, open_steps=[{"label": "派工", "due": due.isoformat()}] if due else [],
                created_at=received, updated_at=received, version=1))
            if len(batch) == CHUNK:
                s.execute(insert(WorkOrderRow), batch)
                batch.clear()
        if batch:
            s.execute(insert(WorkOrderRow), batch)
        uow.commit()
    if services.engine.url.get_backend_name() == "postgresql":
        # A server's autovacuum would have analysed the table long before a clerk lists it.
        with services.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE work_order"))


def measure(services: Services, f: WorkOrderFilter, repeat: int) -> tuple[float, float, int]:
    times = []
    total = 0
    for _ in range(repeat + 1):
        t = time.perf_counter()
        page = services.repairs.orders.page(f, 0, 200, with_total=True)
        times.append(time.perf_counter() - t)
        total = page.total
    return times[0], statistics.median(times[1:]), total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--db", help="a PostgreSQL URL instead of the SQLite file in bench/out/")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    services = open_services(DataPaths(OUT / "repairs"), args.db, clock=lambda: NOW)
    try:
        with services.uow() as uow:
            have = uow.session.scalar(select(func.count(WorkOrderRow.id))) or 0
        if args.rebuild or have != args.rows:
            t = time.perf_counter()
            build(services, args.rows)
            print(f"built {args.rows:,} work orders in {time.perf_counter() - t:.1f} s")
        cases = {
            "first page, newest first": WorkOrderFilter(),
            "first page, oldest first": WorkOrderFilter(descending=False),
            "open orders (未结单)": WorkOrderFilter(open_only=True),
            "state 已结单": WorkOrderFilter(states=(OrderState.DONE.value,)),
            "overdue only": WorkOrderFilter(overdue_only=True),
            "urgent only": WorkOrderFilter(urgent_only=True),
            "technician 赵强": WorkOrderFilter(technician="赵强"),
            "sorted by next deadline": WorkOrderFilter(sort_key="next_due_at", descending=False),
            "one month (2026-08)": WorkOrderFilter(received_from=datetime(2026, 8, 1).date(),
                                                   received_to=datetime(2026, 8, 31).date()),
            "search pinyin 'zs'": WorkOrderFilter(search="zs"),
            "search name 张三": WorkOrderFilter(search="张三"),
            "search 2 chars 漏水": WorkOrderFilter(search="漏水"),
            "search phone digits": WorkOrderFilter(search="1380013"),
            "search number": WorkOrderFilter(search="BX-XM-2024-0400"),
        }
        # The list as a clerk of the project sees it (ctx.project_id set).
        pid = services.settings.projects()[0].id
        for name, f in list(cases.items())[:3] + [("search name 张三", WorkOrderFilter(search="张三")),
                                                  ("search pinyin 'zs'", WorkOrderFilter(search="zs"))]:
            cases[f"project: {name}"] = f.with_(project_id=pid)
        worst = 0.0
        print(f"{'case':32} {'first':>9} {'median':>9} {'total':>8}")
        for name, f in cases.items():
            first, median, total = measure(services, f, args.repeat)
            worst = max(worst, median)
            print(f"{name:32} {first * 1000:8.1f}ms {median * 1000:8.1f}ms {total:8,}")
        print(f"worst median: {worst * 1000:.1f} ms (goal < 100 ms)")
        return 0 if worst < 0.1 else 1
    finally:
        services.close()


if __name__ == "__main__":
    raise SystemExit(main())
