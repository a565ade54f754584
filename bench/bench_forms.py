"""Batch printing speed: 1,000 filled records of one form into one PDF (issue «Client archives»: < 4 s).

    python bench/bench_forms.py [--form qms-pm-31301] [--count 1000] [--out /tmp/bench_forms.pdf]

Prints the wall-clock and CPU time to draw the batch (records are built beforehand) and, for
comparison, what reportlab alone takes for the same number of pages of 120 strings. On a shared
machine the CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4

from wuye_desktop.export.fonts import make_canvas, register_fonts
from wuye_desktop.export.pdf_forms import render_batch
from wuye_desktop.formspecs import load_all
from wuye_desktop.formspecs.samples import sample_values
from wuye_desktop.locations import FORMS_DIR


def reportlab_alone(count: int, out: Path) -> tuple[float, float]:
    """A baseline: each page draws a 30-row grid and ~100 Chinese strings with the embedded font."""
    font = register_fonts()
    start, cpu = time.perf_counter(), time.process_time()
    c = make_canvas(str(out), pagesize=A4)
    for page in range(count):
        c.setFont(font, 10)
        for row in range(30):
            y = 780 - row * 24
            c.rect(40, y - 6, 515, 24)
            for col in range(4):
                c.drawString(48 + col * 128, y, f"客户档案{page % 97}·{row}-{col}")
        c.showPage()
    c.save()
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--form", default="qms-pm-31301")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench_forms.pdf"))
    args = parser.parse_args()

    spec = load_all(FORMS_DIR)[args.form]
    records = [sample_values(spec, seed) for seed in range(args.count)]
    start, cpu = time.perf_counter(), time.process_time()
    render_batch(spec, records, args.out, company="深圳市鹏城物业管理有限公司", project="华信商住大厦管理处")
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    size = args.out.stat().st_size / 1024 / 1024
    print(f"{args.form}: {args.count} filled records in {elapsed:.2f} s (CPU {cpu:.2f} s, "
          f"{cpu / args.count * 1000:.2f} ms each), {size:.1f} MB → {args.out}", flush=True)
    wall, cpu = reportlab_alone(args.count, args.out.with_name("bench_reportlab_alone.pdf"))
    print(f"reportlab alone, {args.count} pages of 120 strings: {wall:.2f} s (CPU {cpu:.2f} s)")


if __name__ == "__main__":
    main()
