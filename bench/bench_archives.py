"""Client archives at scale (issue «Client archives»): 50,000 clients and 500,000 form records.

    python bench/bench_archives.py [--db /tmp/bench_archives.sqlite3] [--rebuild] [--clients 50000]
                                   [--records 500000] [--runs 5] [--print 1000] [--pg URL]

Builds the data once (bulk inserts through the same column builders the services use: the records'
search text with names, pinyin initials, units, phones, plates and ID last digits; clients' search text
with their units), then times what a clerk waits for — goal < 0.1 s each: the client list searched by
a Chinese name, by pinyin initials, by phone digits, by unit; a form's list, searched by name, initials,
plate and a text that matches nothing (the worst case reads the form's whole index range) — first page
and count, median of ``--runs``. Then batch printing 1,000 filled records of 31301 into one PDF through
FormRecordService.print_batch (read from the database and drawn) — goal < 4 s; bench/bench_forms.py
gives the drawing alone. Wall-clock and CPU time are printed (the machine may be shared).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select  # noqa: E402

from wuye_desktop.domain import archives as arc  # noqa: E402
from wuye_desktop.formspecs.samples import id_card, mobile, person, sample_values  # noqa: E402
from wuye_desktop.formspecs.values import clean_record  # noqa: E402
from wuye_desktop.services.archives import client_search_text  # noqa: E402
from wuye_desktop.services.complaints import pinyin_initials  # noqa: E402
from wuye_desktop.services.container import Services, open_services  # noqa: E402
from wuye_desktop.services.form_records import record_columns  # noqa: E402
from wuye_desktop.services.paths import DataPaths  # noqa: E402
from wuye_desktop.storage.models_archives import ClientRow, FormRecordRow, OccupancyRow, UnitRow  # noqa: E402

NOW = datetime(2026, 9, 24, 9, 0)
POOL = 300  # distinct sample records per form; each stored record takes one and gets its own unit and client
BATCH = 5000


def clock() -> datetime:
    return NOW


def build(svc: Services, n_clients: int, n_records: int) -> None:
    rng = random.Random(7)
    pid = svc.settings.projects()[0].id
    t0 = time.perf_counter()
    units: list[tuple[int, str]] = []
    with svc.engine.begin() as conn:
        rows = []
        for b in "ABCDEFGH":
            for floor in range(1, 41):
                for room in range(1, 21):
                    label = f"{b}座{floor}{room:02d}"
                    rows.append({"project_id": pid, "building": f"{b}座", "entrance": "", "floor": floor,
                                 "room": f"{floor}{room:02d}", "kind": "写字间" if floor > 3 else "商铺",
                                 "floor_area": None, "label": label, "unit_key": arc.unit_key(label), "remarks": "",
                                 "created_at": NOW, "updated_at": NOW})
        conn.execute(insert(UnitRow), rows)
        units = [(r.id, r.label) for r in conn.execute(select(UnitRow.id, UnitRow.label))]
    print(f"  {len(units)} units in {time.perf_counter() - t0:.1f} s", flush=True)
    t0 = time.perf_counter()
    clients: list[tuple[int, str, str]] = []
    with svc.engine.begin() as conn:
        for start in range(0, n_clients, BATCH):
            rows, stays = [], []
            for i in range(start, min(start + BATCH, n_clients)):
                name = person(rng) if i % 3 else f"{person(rng)[:1]}氏{rng.choice('科贸信达华安鑫')}有限公司{i}"
                phone = mobile(rng)
                id_no = id_card(rng) if i % 3 else ""
                uid, label = units[i % len(units)]
                rows.append({"project_id": pid, "kind": "个人" if i % 3 else "单位", "name": name,
                             "initials": pinyin_initials(name), "id_type": "居民身份证" if id_no else "",
                             "id_no": id_no, "phone": phone, "phone_digits": phone, "email": "", "contact": "",
                             "address": "", "nature": "", "industry": "", "legal_rep": "", "remarks": "",
                             "search_text": client_search_text(name, "", phone, id_no, [label]),
                             "created_at": NOW, "updated_at": NOW, "version": 1})
            ids = list(conn.scalars(insert(ClientRow).returning(ClientRow.id, sort_by_parameter_order=True), rows))
            for cid, row in zip(ids, rows):
                uid, label = units[(cid - 1) % len(units)]
                stays.append({"unit_id": uid, "client_id": cid, "role": "租户", "move_in": NOW.date(),
                              "move_out": None, "note": "", "created_at": NOW, "created_by": "bench"})
                clients.append((cid, str(row["name"]), label))
            conn.execute(insert(OccupancyRow), stays)
    print(f"  {n_clients} clients in {time.perf_counter() - t0:.1f} s", flush=True)

    t0 = time.perf_counter()
    specs = svc.form_records.specs
    pools: dict[str, list[dict[str, Any]]] = {}
    for number, spec in specs.items():
        pool = []
        for seed in range(POOL):
            clean = clean_record(spec, sample_values(spec, seed), today=NOW.date())
            cols = record_columns(spec, clean)
            own = {str(clean.get("client") or "").replace(" ", "").lower(),
                   pinyin_initials(str(clean.get("client") or "")), str(clean.get("unit") or "").lower(),
                   arc.unit_key(str(clean.get("unit") or "")).lower()}
            cols["rest"] = " ".join(w for w in cols["search_text"].split() if w not in own)
            pool.append(cols)
        pools[number] = pool
    print(f"  sample pools in {time.perf_counter() - t0:.1f} s", flush=True)
    t0 = time.perf_counter()
    numbers = list(specs)
    done = 0
    with svc.engine.begin() as conn:
        while done < n_records:
            rows = []
            for i in range(done, min(done + BATCH, n_records)):
                number = numbers[i % len(numbers)]
                base = pools[number][rng.randrange(POOL)]
                cid, name, label = clients[rng.randrange(len(clients))]
                data = dict(base["data"])
                if "client" in data:
                    data["client"] = name
                if "unit" in data:
                    data["unit"] = label
                search = f"{name.lower()} {pinyin_initials(name)} {label.lower()} {base['rest']}"[:600]
                rows.append({"form_number": number, "project_id": pid, "unit_id": None, "client_id": cid,
                             "unit_text": label, "client_text": name, "data": data, "search_text": search,
                             "registered_on": base["registered_on"], "expires_on": base["expires_on"],
                             "confirmation": "", "created_at": NOW, "updated_at": NOW, "created_by": "bench",
                             "updated_by": "bench", "version": 1})
            conn.execute(insert(FormRecordRow), rows)
            done += len(rows)
            if done % 50000 == 0:
                print(f"  … {done} records ({time.perf_counter() - t0:.0f} s)", flush=True)
    with svc.engine.begin() as conn:
        if svc.engine.url.get_backend_name() == "sqlite":
            conn.exec_driver_sql("ANALYZE")
        else:
            conn.exec_driver_sql("ANALYZE")
    print(f"  {n_records} form records in {time.perf_counter() - t0:.1f} s", flush=True)


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    walls, cpus, result = [], [], None
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench_archives"))
    parser.add_argument("--pg", default="", help="PostgreSQL URL instead of the SQLite file")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--clients", type=int, default=50_000)
    parser.add_argument("--records", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--print", dest="print_count", type=int, default=1000)
    args = parser.parse_args()
    paths = DataPaths(args.db)
    if args.rebuild and not args.pg and paths.root.exists():
        for f in paths.root.glob("wuye.sqlite3*"):
            f.unlink()
    svc = open_services(paths, args.pg or None, clock=clock)
    try:
        with svc.uow() as uow:
            have = uow.session.scalar(select(func.count()).select_from(FormRecordRow)) or 0
        if have < args.records:
            print(f"building {args.clients} clients and {args.records} form records …", flush=True)
            build(svc, args.clients, args.records)
        pid = svc.settings.projects()[0].id
        a, forms = svc.archives, svc.form_records
        with svc.uow() as uow:
            sample = uow.session.execute(select(ClientRow.name, ClientRow.initials, ClientRow.phone)
                                         .where(ClientRow.kind == "个人").limit(1).offset(args.clients // 3)).one()
            data = uow.session.scalar(select(FormRecordRow.data).where(
                FormRecordRow.form_number == "qms-pm-31306").limit(1).offset(args.records // 40))
            plate = str((data or {}).get("plate") or "粤B12345")
        print(f"\nsearches (median of {args.runs}; first page of 200 + count):", flush=True)
        cases: list[tuple[str, Callable[[], Any]]] = [
            (f"clients: name 「{sample.name}」", lambda: a.clients(arc.ClientQuery(pid, sample.name))),
            (f"clients: initials 「{sample.initials}」", lambda: a.clients(arc.ClientQuery(pid, sample.initials))),
            (f"clients: phone digits 「{sample.phone[-6:]}」", lambda: a.clients(arc.ClientQuery(pid, sample.phone[-6:]))),
            ("clients: unit 「C座1812」", lambda: a.clients(arc.ClientQuery(pid, "C座1812"))),
            ("clients: no match 「无此客户」", lambda: a.clients(arc.ClientQuery(pid, "无此客户"))),
            ("31306 list, no search", lambda: forms.page(arc.RecordQuery("qms-pm-31306", pid))),
            (f"31306: name 「{sample.name}」", lambda: forms.page(arc.RecordQuery("qms-pm-31306", pid, sample.name))),
            (f"31306: initials 「{sample.initials}」",
             lambda: forms.page(arc.RecordQuery("qms-pm-31306", pid, sample.initials))),
            (f"31306: plate 「{plate}」", lambda: forms.page(arc.RecordQuery("qms-pm-31306", pid, plate))),
            ("31313: no match 「无此持卡人」 (worst case)", lambda: forms.page(arc.RecordQuery("qms-pm-31313", pid, "无此持卡人"))),
            ("31301 company-wide, name", lambda: forms.page(arc.RecordQuery("qms-pm-31301", None, sample.name))),
        ]
        worst = 0.0
        for label, fn in cases:
            wall, cpu, page = timed(fn, args.runs)
            worst = max(worst, wall)
            total = f"超过{page.total}" if page.capped else str(page.total)
            print(f"  {label:<40} {wall * 1000:7.1f} ms (CPU {cpu * 1000:6.1f} ms)  {total} found", flush=True)
        print(f"  slowest search: {worst * 1000:.1f} ms — goal < 100 ms: {'met' if worst < 0.1 else 'NOT met'}")

        ids = forms.ids(arc.RecordQuery("qms-pm-31301", pid))[: args.print_count]
        wall, cpu, _ = timed(lambda: forms.records(ids), 3)
        print(f"\nreading {len(ids)} filled 31301 records with their typed values: {wall:.2f} s (CPU {cpu:.2f} s)")
        out = Path("/tmp/bench_archives_batch.pdf")
        wall, cpu, _ = timed(lambda: forms.print_batch(ids, "bench", out), 1)
        size = out.stat().st_size / 1024 / 1024
        print(f"batch printing {len(ids)} filled 31301 records (read from the database and drawn): "
              f"{wall:.2f} s (CPU {cpu:.2f} s), {size:.1f} MB — goal < 4 s: {'met' if wall < 4 else 'NOT met'}")
    finally:
        svc.close()


if __name__ == "__main__":
    main()
