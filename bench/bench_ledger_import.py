"""Importing the office's ledger: 10,000 rows checked and written in one transaction, then the
revisits area's follow-up (revisit tasks for the imported cases).

    python bench/bench_ledger_import.py [ROWS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl

from wuye_desktop.services.container import open_services
from wuye_desktop.services.paths import DataPaths

HEADER = ["受理时间", "投诉人", "房号", "联系电话", "投诉主题", "投诉类别", "性质", "责任部门",
          "派单时间", "完成时间", "回访时间", "回访结果"]


def write_ledger(path: Path, rows: int) -> Path:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(HEADER)
    base = datetime(2026, 1, 5, 9, 0)
    for i in range(rows):
        t = base + timedelta(minutes=(37 * i) % (60 * 24 * 200))
        ws.append([t, f"客户{i}", f"{i % 30 + 1}栋{i % 3 + 1}单元{i % 20 + 101}", "13800138000", "楼上装修噪音",
                   "装修噪音", "一般", "保安部", t + timedelta(hours=1), t + timedelta(hours=5),
                   t + timedelta(days=1), "满意"])
    wb.save(path)
    return path


def main(rows: int = 10_000) -> None:
    folder = Path(tempfile.mkdtemp(prefix="wuye-ledger-"))
    path = write_ledger(folder / "ledger.xlsx", rows)
    services = open_services(DataPaths(folder / "data"))
    follow_ups = list(services.complaint_excel.after_import)
    services.complaint_excel.after_import.clear()
    pid = services.settings.projects()[0].id
    t0 = time.perf_counter()
    preview = services.complaint_excel.preview_import(path, pid)
    t1 = time.perf_counter()
    written = services.complaint_excel.commit_import(preview, "台账导入")
    t2 = time.perf_counter()
    for follow_up in follow_ups:
        follow_up()
    t3 = time.perf_counter()
    services.close()
    print(f"rows                     {written:>8}")
    print(f"check (preview)          {t1 - t0:>8.2f} s")
    print(f"write (one transaction)  {t2 - t1:>8.2f} s")
    print(f"revisit tasks follow-up  {t3 - t2:>8.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
