"""How long the demo office takes to build (the newcomer waits for it on the first `wuye-desktop --demo`).

    python bench/bench_demo.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from wuye_desktop.services.container import open_services
from wuye_desktop.services.demo import _ensure_complaints_demo
from wuye_desktop.services.demo_repairs import ensure_repairs_demo
from wuye_desktop.services.demo_revisits import ensure_revisits_demo
from wuye_desktop.services.paths import DataPaths


def main(runs: int = 3) -> None:
    parts = {"complaints": _ensure_complaints_demo, "revisits": ensure_revisits_demo, "repairs": ensure_repairs_demo}
    figures: dict[str, list[float]] = {name: [] for name in ["open", *parts, "total"]}
    for _ in range(runs):
        started = time.perf_counter()
        services = open_services(DataPaths(Path(tempfile.mkdtemp(prefix="wuye-demo-"))))
        figures["open"].append(time.perf_counter() - started)
        for name, build in parts.items():
            t = time.perf_counter()
            build(services)
            figures[name].append(time.perf_counter() - t)
        figures["total"].append(time.perf_counter() - started)
        services.close()
    print(f"{'part':<12}{'median s':>10}")
    for name, values in figures.items():
        print(f"{name:<12}{statistics.median(values):>10.2f}")


if __name__ == "__main__":
    main()
