"""Benchmark of the complaint list at office scale: 300,000 complaints over ten years, two projects.

    python bench/bench_complaints.py [--rows 300000] [--rebuild] [--repeat 7] [--db URL]

The database is built once in bench/out/ (bulk inserts, about half a minute) and reused. The
figures are measured through ``services.complaints.page(…, with_total=True)`` — the code path
the complaint list uses — as the first call and the median of the repeats (goal: < 100 ms).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import time
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time as dtime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wuye_desktop.domain.complaint import Action, Channel, Kind, State  # noqa: E402
from wuye_desktop.domain.listing import ComplaintFilter  # noqa: E402
from wuye_desktop.services import demo  # noqa: E402
from wuye_desktop.services.complaints import pinyin_initials  # noqa: E402
from wuye_desktop.services.container import Services, open_services  # noqa: E402
from wuye_desktop.services.paths import DataPaths  # noqa: E402
from wuye_desktop.storage.models import (  # noqa: E402
    ComplaintEventRow,
    ComplaintRow,
    NumberSequenceRow,
    SettingRow,
)
from wuye_desktop.storage.schema import Base  # noqa: E402

OUT = ROOT / "bench" / "out"
YEARS = 10
CHUNK = 20_000


# --- building ---------------------------------------------------------------------------------

@dataclass
class Pools:
    names: list[tuple[str, str]]              # (name, pinyin initials)
    units: dict[str, list[tuple[str, str]]]   # project code -> (unit, phone)
    templates: dict[str, list[tuple[str, str, str, str]]]  # code -> (category, subject, content, dept)


def make_pools(rng: random.Random) -> Pools:
    names = sorted({demo.person_name(rng) for _ in range(6000)})
    # A few common names so a pinyin search finds many rows, as it does in a real ledger.
    names += ["张三", "张顺", "张帅", "张淑珍", "张胜利"]
    units = {
        "HY": [(f"{b}栋{u}单元{f}{r:02d}", demo.mobile(rng)) for b in range(1, 13) for u in range(1, 4)
               for f in range(1, 19) for r in range(1, 5)],
        "JR": [(f"{t}座{f}{r:02d}", demo.mobile(rng)) for t in "AB" for f in range(3, 33) for r in range(1, 13)],
    }
    templates = {
        "HY": [(cat, s, c, d) for cat, items in demo.GENERAL_TEMPLATES.items() for s, c, d in items],
        "JR": [(cat, s, c, d) for cat, items in demo.OFFICE_TEMPLATES.items() for s, c, d in items],
    }
    return Pools([(n, pinyin_initials(n)) for n in names], units, templates)


class RowMaker:
    """Plausible denormalised rows: the states follow the life cycle, late steps stay late."""

    def __init__(self, services: Services, now: datetime, project_ids: dict[str, int], seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.project_ids = project_ids
        self.pools = make_pools(self.rng)
        self.calendar = services.calendar.calendar()
        self.sequences: dict[tuple[str, int], int] = {}
        self.desks = {code: list(demo.FRONT_DESK[code]) for code in demo.FRONT_DESK}

    @lru_cache(maxsize=8192)
    def revisit_due(self, day: date) -> datetime:
        # 篇2 §5: two working days after completion, to 23:59:59 (the real calendar, with 调休).
        return self.calendar.working_days_deadline(datetime.combine(day, dtime(12)), 2)

    def minutes(self, t: datetime, lo: float, hi: float) -> datetime:
        return t + timedelta(minutes=self.rng.randint(int(lo * 60), int(hi * 60)))

    def row(self, received: datetime) -> tuple[dict[str, Any], dict[str, Any]]:
        rng, now = self.rng, self.now
        code = "HY" if rng.random() < 0.62 else "JR"
        category, subject, content, dept = rng.choice(self.pools.templates[code])
        name, initials = rng.choice(self.pools.names)
        unit, phone = rng.choice(self.pools.units[code])
        if rng.random() < 0.15:
            phone = demo.mobile(rng)
        kind = rng.choices((Kind.GENERAL, Kind.MAJOR, Kind.UNREASONABLE, Kind.SUGGESTION), (85, 2, 8, 5))[0]
        if kind is Kind.MAJOR:
            category, (subject, content, dept) = rng.choice(list(demo.MAJOR_TEMPLATES.items()))
        key = (code, received.year)
        self.sequences[key] = self.sequences.get(key, 0) + 1
        desk = rng.choice(self.desks[code])
        late: list[str] = []
        front = self.minutes(received, 25, 40) if rng.random() < 0.03 else self.minutes(received, 0.1, 0.7)
        if front > received + timedelta(hours=24):
            late.append("交前台")
        # Old cases are nearly all closed; a few straggle (and are overdue), recent ones are in flight.
        stuck = rng.random() < (0.004 if received < now - timedelta(days=30) else 0.05)
        times: list[tuple[State, datetime]] = [(State.AT_FRONT_DESK, front)]
        dispatched = completed = revisit_due = revisited = closed = None
        due = None
        if kind is Kind.UNREASONABLE:
            explained = self.minutes(front, 0.5, 4)
            times.append((State.EXPLAINED, explained))
            last = explained
            if rng.random() < 0.3:
                last = self.minutes(explained, 20, 30)
                times.append((State.ESCALATED, last))
            times.append((State.CLOSED, self.minutes(last, 2, 24)))
        else:
            dispatched = self.minutes(front, 13, 20) if rng.random() < 0.06 else self.minutes(front, 0.3, 3)
            due = dispatched + timedelta(hours=rng.choice((24, 48, 72)))
            completed = self.minutes(dispatched, 2, 30)
            if completed > due and rng.random() < 0.7:
                completed = due - timedelta(minutes=rng.randint(10, 120))
            feedback = self.minutes(completed, 0.2, 1.8)
            replied = self.minutes(feedback, 0.5, 4)
            revisit_due = self.revisit_due(completed.date())
            if rng.random() < 0.07:
                revisited = revisit_due + timedelta(hours=rng.randint(10, 30))
            else:
                revisited = max(min(self.minutes(replied, 10, 40), revisit_due - timedelta(hours=1)),
                                replied + timedelta(minutes=20))
            closed = self.minutes(revisited, 0.2, 3)
            times += [(State.DISPATCHED, dispatched), (State.COMPLETED, completed),
                      (State.FEEDBACK_GIVEN, feedback), (State.REPLIED, replied),
                      (State.REVISITED, revisited), (State.CLOSED, closed)]
        done = [(s, t) for s, t in times if t <= now]
        if stuck and len(done) > 1:
            done = done[:rng.randint(1, len(done) - 1)]
        state = done[-1][0] if done else State.RECEIVED
        reached = {s: t for s, t in done}
        reached[State.RECEIVED] = received

        def at(s: State) -> datetime | None:
            return reached.get(s)

        # Steps done late (篇2: a late step stays late) and the open steps with their due times.
        if (t := at(State.DISPATCHED)) and t > front + timedelta(hours=12):
            late.append("派单")
        if (t := at(State.COMPLETED)) and due and t > due:
            late.append("限期处理")
        if (t := at(State.REVISITED)) and revisit_due and t > revisit_due:
            late.append("回访")
        open_steps: list[tuple[str, datetime]] = []
        if state is State.RECEIVED:
            open_steps = [("交前台", received + timedelta(hours=24))]
        elif state is State.AT_FRONT_DESK:
            open_steps = [("核实", datetime.combine(front.date(), dtime(23, 59, 59))),
                          ("派单", front + timedelta(hours=12))] if kind is not Kind.SUGGESTION else [
                              ("核实", datetime.combine(front.date(), dtime(23, 59, 59)))]
        elif state is State.DISPATCHED and due:
            open_steps = [("限期处理", due)]
        elif state is State.COMPLETED and completed and revisit_due:
            open_steps = [("反馈首问人", completed + timedelta(hours=2)), ("回访", revisit_due)]
        elif state in (State.FEEDBACK_GIVEN, State.REPLIED) and revisit_due:
            open_steps = [("回访", revisit_due)]
        if kind is Kind.SUGGESTION:
            open_steps = [s for s in open_steps if s[0] in ("交前台", "核实")]
        open_steps.sort(key=lambda s: s[1])
        is_closed = state is State.CLOSED
        if is_closed:
            late += [label for label, due_at in open_steps if due_at < now]
        number = f"{code}-{received.year}-{self.sequences[key]:05d}"
        row = dict(
            project_id=self.project_ids[code], number=number, received_at=received, complainant=name,
            complainant_initials=initials, unit=unit, phone=phone, subject=subject, content=content,
            channel=rng.choices(list(Channel), (30, 55, 10, 5))[0].value, kind=kind.value, category=category,
            first_responder=desk if rng.random() < 0.8 else rng.choice(("孙伟", "周涛", "高勇", "李明")),
            department=dept if at(State.DISPATCHED) or kind is Kind.UNREASONABLE else "",
            state=state.value, remarks="",
            dispatched_at=at(State.DISPATCHED), completed_at=at(State.COMPLETED),
            revisit_due=revisit_due if at(State.COMPLETED) else None, revisited_at=at(State.REVISITED),
            revisit_result=rng.choices(("满意", "基本满意", "不满意"), (78, 18, 4))[0] if at(State.REVISITED) else "",
            closed_at=at(State.CLOSED),
            next_due_at=open_steps[0][1] if open_steps and not is_closed else None,
            next_due_step=open_steps[0][0] if open_steps and not is_closed else "",
            late_steps="、".join(dict.fromkeys(late)), has_late=bool(late),
            open_steps=[] if is_closed else [{"label": lb, "due": d.isoformat()} for lb, d in open_steps],
            emergency_active=False, group_id=None, created_at=received, updated_at=reached[state], version=1,
        )
        event = dict(action=Action.RECEIVE.value, at=received, by=row["first_responder"], note="", data={},
                     recorded_at=received)
        return row, event


def receipt_times(n: int, now: datetime, rng: random.Random) -> list[datetime]:
    """``n`` receipt times over ten years, in office hours mostly, sorted (ids grow with time)."""
    start = now - timedelta(days=365 * YEARS)
    span = (now - start).total_seconds()
    times = []
    for _ in range(n):
        t = start + timedelta(seconds=rng.random() * span)
        if rng.random() < 0.85 and not 8 <= t.hour < 21:
            t = t.replace(hour=rng.randint(8, 20))
        times.append(min(t.replace(second=0, microsecond=0), now - timedelta(minutes=1)))
    times.sort()
    return times


def build(services: Services, rows: int, now: datetime) -> None:
    settings = services.settings
    existing = settings.projects(include_inactive=True)
    by_code = {p.code: p.id for p in existing}
    ids = {}
    for i, (code, name, households) in enumerate(demo.PROJECTS):
        # A new database holds one placeholder project: it becomes the first bench project.
        placeholder = existing[0].id if i == 0 and len(existing) == 1 and code not in by_code else None
        ids[code] = settings.save_project(name, code, households, by_code.get(code, placeholder)).id
    maker = RowMaker(services, now, ids)
    times = receipt_times(rows, now, maker.rng)
    engine = services.engine
    started = time.perf_counter()
    indexes = list(Base.metadata.tables["complaint"].indexes)
    with engine.begin() as conn:
        conn.execute(delete(ComplaintEventRow))
        conn.execute(delete(ComplaintRow))
        # Bulk loading is several times faster with the indexes built once afterwards.
        for index in indexes:
            index.drop(conn)
    generating = 0.0
    for offset in range(0, rows, CHUNK):
        t0 = time.perf_counter()
        batch = [maker.row(t) for t in times[offset:offset + CHUNK]]
        generating += time.perf_counter() - t0
        with engine.begin() as conn:
            first_id = (conn.scalar(select(func.max(ComplaintRow.id))) or 0) + 1
            conn.execute(insert(ComplaintRow), [dict(r, id=first_id + i) for i, (r, _) in enumerate(batch)])
            conn.execute(insert(ComplaintEventRow),
                         [dict(e, complaint_id=first_id + i) for i, (_, e) in enumerate(batch)])
        done = offset + len(batch)
        if done % 100_000 == 0 or done == rows:
            print(f"  已写入 {done:>7,} / {rows:,} 条投诉（{time.perf_counter() - started:5.1f} 秒）", flush=True)
    print(f"（其中生成数据 {generating:.1f} 秒）")
    t0 = time.perf_counter()
    with engine.begin() as conn:
        for index in indexes:
            index.create(conn)
    print(f"  建立索引 {time.perf_counter() - t0:.1f} 秒")
    with engine.begin() as conn:
        conn.execute(delete(NumberSequenceRow))
        conn.execute(insert(NumberSequenceRow), [dict(scope=f"TS-{code}", year=year, last=last)
                                                 for (code, year), last in maker.sequences.items()])
        conn.execute(delete(SettingRow).where(SettingRow.key.in_(("bench_rows", "bench_now"))))
        conn.execute(insert(SettingRow), [dict(key="bench_rows", value=str(rows)),
                                          dict(key="bench_now", value=now.isoformat())])
    if engine.url.get_backend_name() != "sqlite":
        # PostgreSQL's autovacuum would analyse the new rows within a minute; do it now. SQLite is
        # measured as the program runs it: without ANALYZE statistics.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE complaint")


# --- measuring -----------------------------------------------------------------------------------

def scenarios(services: Services) -> list[tuple[str, ComplaintFilter]]:
    hy = next(p.id for p in services.settings.projects() if p.code == "HY")
    base = ComplaintFilter(project_id=hy)
    return [
        ("打开列表（本管理处，按受理时间倒序）", base),
        ("筛选：状态=已结案 + 类别=室内设施维修", base.with_(states=(State.CLOSED.value,), category="室内设施维修")),
        ("筛选：状态=已派单 + 类别=公共设施故障", base.with_(states=(State.DISPATCHED.value,), category="公共设施故障")),
        ("筛选：仅未结案", base.with_(open_only=True)),
        ("筛选：仅超时", base.with_(overdue_only=True)),
        ("筛选：4小时内到期", base.with_(due_within_hours=4)),
        ("筛选：责任部门=工程部", base.with_(department="工程部")),
        ("筛选：我的首问案件（陈静）", base.with_(first_responder="陈静")),
        ("筛选：受理日期为上个月", base.with_(received_from=date.today().replace(day=1) - timedelta(days=28),
                                           received_to=date.today().replace(day=1) - timedelta(days=1))),
        ("搜索：拼音首字母 zs", base.with_(search="zs")),
        ("搜索：两个汉字「漏水」", base.with_(search="漏水")),
        ("搜索：房号「3栋2单元」", base.with_(search="3栋2单元")),
        ("搜索：电话号码前7位", base.with_(search="1380013")),
        ("搜索：无匹配的中文（最坏情况）", base.with_(search="钢琴漏电")),
        ("排序：按下一期限", base.with_(sort_key="next_due_at", descending=False)),
        ("排序：按投诉人", base.with_(sort_key="complainant", descending=False)),
        ("全公司：仅未结案", ComplaintFilter(open_only=True)),
    ]


def measure(services: Services, f: ComplaintFilter, repeat: int) -> tuple[float, float, float, int, int, bool]:
    """(first call, median wall time, median CPU time, rows shown, total, capped)."""
    walls, cpus = [], []
    page = None
    for _ in range(repeat + 1):
        wall, cpu = time.perf_counter(), time.process_time()
        page = services.complaints.page(f, 0, 200, with_total=True)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    assert page is not None
    return (walls[0], statistics.median(walls[1:]), statistics.median(cpus[1:]), len(page.rows), page.total,
            page.capped)


def _pad(text: str, width: int, right: bool = False) -> str:
    """Pad to a display width: a Chinese character takes two columns of a terminal."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    fill = " " * max(width - shown, 0)
    return fill + text if right else text + fill


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="投诉列表性能测试（30万条投诉）")
    parser.add_argument("--rows", type=int, default=300_000, help="投诉条数（默认 300000）")
    parser.add_argument("--rebuild", action="store_true", help="重新生成数据库")
    parser.add_argument("--repeat", type=int, default=7, help="每项重复次数（取中位数）")
    parser.add_argument("--db", metavar="URL", help="改用数据库服务器（如 PostgreSQL），而非 bench/out 下的 SQLite")
    parser.add_argument("--goal-ms", type=float, default=100.0, help="目标（毫秒），默认 100")
    parser.add_argument("--only", metavar="文字", default="", help="只测名称中含该文字的项目")
    args = parser.parse_args(argv)

    paths = DataPaths(OUT / f"complaints-{args.rows}")
    probe = open_services(paths, args.db)
    stored_rows = probe.settings.get("bench_rows")
    stored_now = probe.settings.get("bench_now")
    probe.close()
    if args.rebuild or stored_rows != str(args.rows) or not stored_now:
        if not args.db:
            shutil.rmtree(paths.root, ignore_errors=True)  # a clean file; a server database is reused
        now = datetime.now().replace(second=0, microsecond=0)
        print(f"生成 {args.rows:,} 条投诉（{YEARS} 年，2 个管理处）→ {args.db or paths.database}")
        builder = open_services(paths, args.db, clock=lambda: now)
        started = time.perf_counter()
        build(builder, args.rows, now)
        print(f"  生成用时 {time.perf_counter() - started:.1f} 秒")
        builder.close()
        stored_now = now.isoformat()
    else:
        print(f"沿用已有数据库：{args.db or paths.database}（{args.rows:,} 条，--rebuild 重新生成）")
    now = datetime.fromisoformat(stored_now)
    started = time.perf_counter()
    services = open_services(paths, args.db, clock=lambda: now)
    print(f"打开数据库（含迁移检查）：{(time.perf_counter() - started) * 1000:.0f} 毫秒；时钟固定为 {now:%Y-%m-%d %H:%M}")
    print()
    columns = (("项目", 40, False), ("首次", 9, True), ("中位数", 9, True), ("CPU中位数", 11, True),
               ("本页", 6, True), ("总数", 10, True), ("结果", 6, True))
    print("".join(_pad(name, width, right) for name, width, right in columns) + "    （毫秒）")
    print("-" * 96)
    misses = 0
    for label, f in scenarios(services):
        if args.only not in label:
            continue
        first, median, cpu, shown, total, capped = measure(services, f, args.repeat)
        ok = median * 1000 < args.goal_ms
        misses += not ok
        cells = (label, f"{first * 1000:.1f}", f"{median * 1000:.1f}", f"{cpu * 1000:.1f}", str(shown),
                 f"{total:,}" + ("+" if capped else ""), "达标" if ok else "超标")
        print("".join(_pad(cell, width, right) for cell, (_, width, right) in zip(cells, columns)), flush=True)
    services.close()
    print("-" * 96)
    print(f"目标：每项中位数 < {args.goal_ms:.0f} 毫秒（services.complaints.page(…, with_total=True)，每页 200 行）；"
          f"{'全部达标' if not misses else f'{misses} 项超标'}")
    return 0 if not misses else 1


if __name__ == "__main__":
    raise SystemExit(main())
