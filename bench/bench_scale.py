"""Speed at scale (issue 8): ten years of a large complex in one office, measured as a clerk waits.

    python bench/bench_scale.py [--quick] [--rebuild] [--repeat 5] [--starts 5]

Builds once, then reuses (bench/out/<VERSION>-full/ or -quick/, rebuilt when VERSION changes), an
SQLite office of 300,000 complaints (ten years, two projects), 50,000 clients with 500,000 form
records, 100,000 work orders and a revisit task for every handled complaint — through the area
benches' own builders (bench_complaints, bench_monthly_stats.enrich, bench_repairs, bench_archives).
``--quick`` builds and measures a tenth of it. The database is the folder's demo office, so
``python -m wuye_desktop --data-dir <folder> --demo`` opens it logged in without a password.

Then prints one table of medians, wall clock and CPU time:

* cold start to the main window's first paint: a child process ``python -m wuye_desktop`` under
  QT_QPA_PLATFORM=offscreen with WUYE_STARTUP_PROBE=shown (wuye_desktop/ui/startup_probe.py), and a
  bare PySide6 QMainWindow the same way; goal: within 2× the bare window;
* each list's first page, a filter and a pinyin-initials search through the service calls the lists
  make (complaints, clients, every form's records — the slowest form shown —, work orders, revisit
  tasks); goal < 0.1 s each;
* opening a client's archive (the archive dialog's call), the monthly statistics workbook, one form
  PDF and a batch of 1,000 (goals from the areas' own issues);
* the app's peak resident memory (VmHWM) after opening every tab and page; goal < 400 MB.

The machine may be shared: the load average is printed, and CPU times beside wall times.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sqlalchemy import func, insert, select  # noqa: E402

import bench_archives  # noqa: E402  (the builders of the area benches, reused as they are)
import bench_complaints  # noqa: E402
import bench_monthly_stats  # noqa: E402
import bench_repairs  # noqa: E402
from wuye_desktop.domain import archives as arc  # noqa: E402
from wuye_desktop.domain.complaint import State  # noqa: E402
from wuye_desktop.domain.listing import ComplaintFilter  # noqa: E402
from wuye_desktop.domain.repairs import OrderState, WorkOrderFilter  # noqa: E402
from wuye_desktop.domain.revisits import TaskFilter, TaskState, TaskStatus  # noqa: E402
from wuye_desktop.domain.stats import month_window  # noqa: E402
from wuye_desktop.services import demo_archives, demo_revisits  # noqa: E402
from wuye_desktop.services.container import Services, open_services  # noqa: E402
from wuye_desktop.services.demo import ensure_demo_data  # noqa: E402
from wuye_desktop.services.paths import DataPaths  # noqa: E402
from wuye_desktop.services.revisits import HANDLED_KINDS  # noqa: E402
from wuye_desktop.storage.models import ComplaintRow  # noqa: E402
from wuye_desktop.storage.models_archives import ClientRow, FormRecordRow  # noqa: E402
from wuye_desktop.storage.models_revisits import RevisitTaskRow  # noqa: E402

VERSION = "scale-1"  # change it when a builder changes: the cached office is rebuilt
OUT = ROOT / "bench" / "out"
FULL = {"complaints": 300_000, "clients": 50_000, "records": 500_000, "orders": 100_000}
LIST_GOAL = 0.1          # s, every list interaction
START_RATIO_GOAL = 2.0   # × the bare window
MEMORY_GOAL_MB = 400
ARCHIVE_GOAL = 0.5       # s, the archive dialog's data (issue 3 asks it to open «at once»)
WORKBOOK_GOAL = 1.0      # s, bench_monthly_stats
PDF_GOAL = 1.0           # s, one filled form
BATCH_GOAL = 4.0         # s, 1,000 filled forms (bench_archives)
REVISITORS = ("赵敏", "钱丽", "孙婷")


# --- building -------------------------------------------------------------------------------------

def sizes(quick: bool) -> dict[str, int]:
    return {k: v // 10 for k, v in FULL.items()} if quick else dict(FULL)


def data_root(quick: bool) -> Path:
    """The folder given to ``--data-dir``; the office is its demo database (``<root>/demo``)."""
    return OUT / f"{VERSION}-{'quick' if quick else 'full'}"


def build_key(n: dict[str, int]) -> str:
    return f"{VERSION}:" + ",".join(f"{k}={v}" for k, v in sorted(n.items()))


def revisit_tasks(svc: Services, now: datetime) -> int:
    """A task for every handled complaint that was completed (the revisits service makes one per
    completed pass, 篇2 §5): done when the case was revisited, else open — bulk, like the builders."""
    t = RevisitTaskRow
    with svc.engine.begin() as conn:
        rows = conn.execute(select(ComplaintRow.id, ComplaintRow.project_id, ComplaintRow.completed_at,
                                   ComplaintRow.revisit_due, ComplaintRow.revisited_at, ComplaintRow.revisit_result)
                            .where(ComplaintRow.kind.in_(HANDLED_KINDS), ComplaintRow.revisit_due.is_not(None),
                                   ComplaintRow.completed_at.is_not(None))).all()
        batch: list[dict[str, Any]] = []
        for i, r in enumerate(rows):
            done = r.revisited_at is not None
            batch.append(dict(project_id=r.project_id, complaint_id=r.id, cycle=0, completed_at=r.completed_at,
                              due_at=r.revisit_due, assignee=REVISITORS[i % 3],
                              state=TaskState.DONE.value if done else TaskState.OPEN.value,
                              done_at=r.revisited_at, visitor=REVISITORS[i % 3] if done else "",
                              method="电话" if done else "", satisfaction=r.revisit_result or "", content="",
                              follow_up="", follow_up_complaint_id=None, note="", created_at=r.completed_at,
                              updated_at=r.revisited_at or r.completed_at))
            if len(batch) == 20_000:
                conn.execute(insert(t), batch)
                batch.clear()
        if batch:
            conn.execute(insert(t), batch)
    return len(rows)


def schema_matches(paths: DataPaths) -> bool:
    """Every column of the models is in the file (a migration edited after the build asks a rebuild)."""
    import sqlite3

    from wuye_desktop.storage.schema import Base

    with sqlite3.connect(paths.database) as conn:
        for name, table in Base.metadata.tables.items():
            have = {row[1] for row in conn.execute(f"PRAGMA table_info('{name}')")}
            if not {c.name for c in table.columns} <= have:
                print(f"数据库缺少 {name} 的列：重新生成")
                return False
    return True


def build(root: Path, n: dict[str, int]) -> None:
    shutil.rmtree(root, ignore_errors=True)
    paths = DataPaths(root / "demo")
    now = datetime.now().replace(second=0, microsecond=0)
    svc = open_services(paths, clock=lambda: now)
    started = time.perf_counter()
    try:
        print(f"生成 {n['complaints']:,} 条投诉 → {paths.database}", flush=True)
        bench_complaints.build(svc, n["complaints"], now)
        month_start, _ = month_window(*((now.year, now.month - 1) if now.month > 1 else (now.year - 1, 12)))
        print("补全上月起各宗投诉的处理记录（月统计表用）", flush=True)
        bench_monthly_stats.enrich(svc, month_start, now)
        svc.settings.put(bench_monthly_stats.ENRICHED_KEY, month_start.isoformat())
        print(f"生成 {n['orders']:,} 张维修工单", flush=True)
        bench_repairs.build(svc, n["orders"])
        print(f"  回访任务 {revisit_tasks(svc, now):,} 条", flush=True)
        print(f"生成 {n['clients']:,} 位客户、{n['records']:,} 条登记表记录", flush=True)
        bench_archives.build(svc, n["clients"], n["records"])
        with svc.engine.begin() as conn:
            # That builder ends with ANALYZE; the program never runs it, so offices have no statistics —
            # and statistics made before an index existed steer SQLite away from it. Measured as run.
            conn.exec_driver_sql("DELETE FROM sqlite_stat1")
        # The demo parts see their data present and stay no-ops when the app opens the folder --demo.
        svc.settings.put(demo_revisits.DONE_KEY, "1")
        svc.settings.put(demo_archives.DONE_KEY, "1")
        ensure_demo_data(svc)
        svc.settings.put("bench_scale", build_key(n))
        svc.settings.put("bench_now", now.isoformat())
    finally:
        svc.close()
    print(f"  生成用时 {time.perf_counter() - started:.0f} 秒；数据库 {paths.database.stat().st_size / 2**20:.0f} MB",
          flush=True)


# --- measuring ------------------------------------------------------------------------------------

@dataclass
class Row:
    label: str
    wall: float | None      # s (or MB for memory)
    cpu: float | None
    goal: str
    ok: bool | None
    note: str = ""


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Median wall and CPU seconds of ``repeat`` calls after one warm-up call; the last result."""
    result = fn()
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), result


def child(cmd: list[str], mode: str, cwd: Path) -> dict[str, Any]:
    """Run ``cmd`` offscreen; return its probe line with ``wall`` (process start → first paint)."""
    # Compiled bytecode as an installed program has it (PYTHONDONTWRITEBYTECODE would recompile every
    # module at each start), kept under bench/out/ so the source tree stays clean.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WUYE_STARTUP_PROBE=mode,
               PYTHONPYCACHEPREFIX=str(OUT / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.time()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    for line in done.stdout.splitlines():
        if line.startswith("WUYE_PROBE "):
            figures: dict[str, Any] = json.loads(line.removeprefix("WUYE_PROBE "))
            figures["wall"] = figures["shown_at"] - started
            return figures
    raise RuntimeError(f"子进程没有报告窗口显示（退出码 {done.returncode}）：\n{done.stdout}\n{done.stderr[-3000:]}")


BARE_WINDOW = """
import json, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not hasattr(self, "done"):
            self.done = {"shown_at": time.time(), "cpu": time.process_time()}
            print("WUYE_PROBE " + json.dumps(self.done), flush=True)
            QTimer.singleShot(0, app.quit)
        return False

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1360, 860)
probe = Probe()
window.installEventFilter(probe)
window.show()
app.exec()
"""


def starts(root: Path, runs: int) -> list[Row]:
    app_cmd = [sys.executable, "-m", "wuye_desktop", "--data-dir", str(root), "--demo"]
    bare_cmd = [sys.executable, "-c", BARE_WINDOW]
    child(bare_cmd, "shown", ROOT)  # the first runs compile the bytecode and warm the file cache
    child(app_cmd, "shown", ROOT)
    app_runs, bare_runs = [], []
    for _ in range(runs):  # interleaved: a change of machine load hits both alike
        bare_runs.append(child(bare_cmd, "shown", ROOT))
        app_runs.append(child(app_cmd, "shown", ROOT))
    app_wall = statistics.median(r["wall"] for r in app_runs)
    app_cpu = statistics.median(r["cpu"] for r in app_runs)
    bare_wall = statistics.median(r["wall"] for r in bare_runs)
    bare_cpu = statistics.median(r["cpu"] for r in bare_runs)
    ratio = app_wall / bare_wall
    tabs = child(app_cmd, "tabs", ROOT)
    peak = tabs["tabs"].get("VmHWM", 0) / 1024
    return [
        Row("冷启动：空白 PySide6 主窗口（对照）", bare_wall, bare_cpu, "—", None),
        Row("冷启动：本程序主窗口首次绘制", app_wall, app_cpu, f"≤ {START_RATIO_GOAL:.0f}× 空白窗口",
            ratio <= START_RATIO_GOAL, f"{ratio:.1f}×（CPU {app_cpu / bare_cpu:.1f}×）"),
        Row("内存：打开每个标签页后的峰值（VmHWM）", peak, None, f"< {MEMORY_GOAL_MB} MB", peak < MEMORY_GOAL_MB,
            f"启动时 {app_runs[-1].get('VmHWM', 0) / 1024:.0f} MB"),
    ]


def lists(svc: Services, now: datetime, repeat: int) -> list[Row]:
    rows: list[Row] = []
    hy = next(p.id for p in svc.settings.projects() if p.code == "HY")
    today = now.date()

    def row(label: str, fn: Callable[[], Any], note: Callable[[Any], str] = lambda page: "") -> None:
        wall, cpu, result = timed(fn, repeat)
        rows.append(Row(label, wall, cpu, f"< {LIST_GOAL * 1000:.0f} ms", wall < LIST_GOAL, note(result)))

    def total(page: Any) -> str:
        return f"{'超过' if getattr(page, 'capped', False) else ''}{page.total:,} 条"

    c = svc.complaints
    base = ComplaintFilter(project_id=hy)
    row("投诉：第一页", lambda: c.page(base, 0, 200, with_total=True), total)
    row("投诉：筛选 已结案+室内设施维修", lambda: c.page(base.with_(states=(State.CLOSED.value,),
                                                             category="室内设施维修"), 0, 200, True), total)
    row("投诉：拼音搜索 zs", lambda: c.page(base.with_(search="zs"), 0, 200, True), total)

    a = svc.archives
    row("客户：第一页", lambda: a.clients(arc.ClientQuery(hy, today=today)), total)
    row("客户：筛选 在住", lambda: a.clients(arc.ClientQuery(hy, state="在住", today=today)), total)
    row("客户：拼音搜索 zs", lambda: a.clients(arc.ClientQuery(hy, "zs", today=today)), total)

    forms = svc.form_records
    year_start = date(today.year, 1, 1)
    for label, make in (("第一页", lambda n: arc.RecordQuery(n, hy)),
                        ("筛选 今年登记", lambda n: arc.RecordQuery(n, hy, registered_from=year_start)),
                        ("拼音搜索 zs", lambda n: arc.RecordQuery(n, hy, "zs"))):
        worst: tuple[float, float, str, Any] | None = None
        for number in forms.specs:
            query = make(number)
            wall, cpu, page = timed(lambda q=query: forms.page(q), repeat)
            if worst is None or wall > worst[0]:
                worst = (wall, cpu, number, page)
        assert worst is not None
        rows.append(Row(f"登记表记录：{label}（{len(forms.specs)} 种表中最慢）", worst[0], worst[1],
                        f"< {LIST_GOAL * 1000:.0f} ms", worst[0] < LIST_GOAL, f"{worst[2]}：{total(worst[3])}"))

    orders = svc.repairs.orders
    wo = WorkOrderFilter(project_id=hy)
    row("维修工单：第一页", lambda: orders.page(wo, 0, 200, with_total=True), total)
    row("维修工单：筛选 已结单+技工", lambda: orders.page(wo.with_(states=(OrderState.DONE.value,), technician="赵强"),
                                                   0, 200, True), total)
    row("维修工单：拼音搜索 zs", lambda: orders.page(wo.with_(search="zs"), 0, 200, True), total)

    tasks = svc.revisits
    tf = TaskFilter(project_id=hy)
    row("回访任务：第一页", lambda: tasks.page(tf, 0, 200, with_total=True), total)
    row("回访任务：筛选 超时回访", lambda: tasks.page(tf.with_(status=TaskStatus.LATE.value), 0, 200, True), total)
    row("回访任务：拼音搜索 zs", lambda: tasks.page(tf.with_(search="zs"), 0, 200, True), total)
    return rows


def documents(svc: Services, now: datetime, repeat: int, batch: int) -> list[Row]:
    out = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    rows: list[Row] = []
    with svc.uow() as uow:
        s = uow.session
        # A client with several records: the archive dialog's usual load.
        client_id = s.scalar(select(FormRecordRow.client_id).group_by(FormRecordRow.client_id)
                             .order_by(func.count().desc()).limit(1))
        clients = s.scalar(select(func.count()).select_from(ClientRow)) or 0
    wall, cpu, archive = timed(lambda: svc.archives.client_archive(client_id, "bench"), repeat)
    records = sum(len(v) for v in archive.items.values())
    rows.append(Row(f"打开客户档案（{clients:,} 位客户中记录最多的一位）", wall, cpu, f"< {ARCHIVE_GOAL:.1f} s",
                    wall < ARCHIVE_GOAL, f"{records} 项"))

    y, m = (now.year, now.month - 1) if now.month > 1 else (now.year - 1, 12)
    target = out / "monthly.xlsx"
    wall, cpu, _ = timed(lambda: svc.monthly_stats.write_workbook(y, m, None, target), max(repeat // 2, 1))
    rows.append(Row(f"月投诉统计表工作簿（全公司 {y}年{m}月）", wall, cpu, f"< {WORKBOOK_GOAL:.0f} s",
                    wall < WORKBOOK_GOAL, f"{target.stat().st_size // 1024} KB"))

    hy = next(p.id for p in svc.settings.projects() if p.code == "HY")
    ids = svc.form_records.ids(arc.RecordQuery("qms-pm-31301", hy))
    wall, cpu, _ = timed(lambda: svc.form_records.print_record(ids[0], "bench", out / "one.pdf"), repeat)
    rows.append(Row("一份登记表 PDF（31301）", wall, cpu, f"< {PDF_GOAL:.0f} s", wall < PDF_GOAL))
    chosen = ids[:batch]
    w, c = time.perf_counter(), time.process_time()
    svc.form_records.print_batch(chosen, "bench", out / "batch.pdf")
    wall, cpu = time.perf_counter() - w, time.process_time() - c
    rows.append(Row(f"批量打印 {len(chosen):,} 份（31301，一次）", wall, cpu, f"< {BATCH_GOAL:.0f} s", wall < BATCH_GOAL,
                    f"{(out / 'batch.pdf').stat().st_size / 2**20:.1f} MB"))
    shutil.rmtree(out, ignore_errors=True)
    return rows


def _pad(text: str, width: int, right: bool = False) -> str:
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    fill = " " * max(width - shown, 0)
    return fill + text if right else text + fill


def print_table(rows: list[Row]) -> None:
    cols = (("项目", 50, False), ("墙钟中位数", 12, True), ("CPU中位数", 12, True), ("  目标", 22, False),
            ("结果", 6, False), ("说明", 0, False))
    print("".join(_pad(name, w, r) for name, w, r in cols))
    print("-" * 130)
    for r in rows:
        memory = r.label.startswith("内存")
        wall = "—" if r.wall is None else (f"{r.wall:.0f} MB" if memory else
                                           f"{r.wall * 1000:.1f} ms" if r.wall < 1 else f"{r.wall:.2f} s")
        cpu = "—" if r.cpu is None else (f"{r.cpu * 1000:.1f} ms" if r.cpu < 1 else f"{r.cpu:.2f} s")
        verdict = "" if r.ok is None else ("PASS" if r.ok else "MISS")
        cells = (r.label, wall, cpu, "  " + r.goal, verdict, r.note)
        print("".join(_pad(cell, w, right) for cell, (_, w, right) in zip(cells, cols)), flush=True)
    print("-" * 130)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="大型项目十年数据的性能测试（issue 8）")
    parser.add_argument("--quick", action="store_true", help="十分之一的数据，快速检查")
    parser.add_argument("--rebuild", action="store_true", help="重新生成数据")
    parser.add_argument("--repeat", type=int, default=5, help="每项重复次数（取中位数）")
    parser.add_argument("--starts", type=int, default=5, help="冷启动测量次数（取中位数）")
    parser.add_argument("--batch", type=int, default=1000, help="批量打印份数")
    parser.add_argument("--skip-start", action="store_true", help="不测启动与内存")
    args = parser.parse_args(argv)

    n = sizes(args.quick)
    root = data_root(args.quick)
    paths = DataPaths(root / "demo")
    stored = None
    if paths.database.exists() and not args.rebuild:
        probe = open_services(paths)
        stored, stored_now = probe.settings.get("bench_scale"), probe.settings.get("bench_now")
        probe.close()
    if stored != build_key(n) or not schema_matches(paths):
        build(root, n)
        probe = open_services(paths)
        stored_now = probe.settings.get("bench_now")
        probe.close()
    else:
        print(f"沿用已有数据：{paths.database}（{build_key(n)}；--rebuild 重新生成）")
    now = datetime.fromisoformat(str(stored_now))
    print(f"时钟固定为 {now:%Y-%m-%d %H:%M}；开始时负载 {os.getloadavg()[0]:.2f}（{os.cpu_count()} 核）", flush=True)

    rows: list[Row] = []
    if not args.skip_start:
        rows += starts(root, args.starts)
    svc = open_services(paths, clock=lambda: now)
    try:
        rows += lists(svc, now, args.repeat)
        rows += documents(svc, now, args.repeat, args.batch)
    finally:
        svc.close()
    print()
    print_table(rows)
    misses = [r for r in rows if r.ok is False]
    load = os.getloadavg()
    print(f"{'全部达标' if not misses else f'{len(misses)} 项未达标'}；"
          f"数据：{n['complaints']:,} 条投诉、{n['clients']:,} 位客户、{n['records']:,} 条登记表记录、"
          f"{n['orders']:,} 张工单；测量结束时负载 {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}（{os.cpu_count()} 核）")
    return 1 if misses else 0


if __name__ == "__main__":
    raise SystemExit(main())
