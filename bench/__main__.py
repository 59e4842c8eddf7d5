"""Every benchmark in one go, then the combined table into bench/results/latest.md and the
README's Performance section.

    .venv/bin/python -m bench                (or: bash scripts/dev.sh bench)
    BENCH_QUICK=1 .venv/bin/python -m bench  (fewer rounds: a trial, not a result)
    .venv/bin/python -m bench checkin report (only these)

The large stations are built on the first run (about a minute for five years) and cached in
``bench/.cache`` by schema revision. Each benchmark writes ``bench/results/<name>.json``.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import time
from pathlib import Path

from bench.report import machine, table, write_table

BENCHMARKS = {
    "checkin": "bench.bench_checkin",
    "report": "bench.bench_report",
    "service_tap": "bench.bench_service_tap",
    "cold_start": "bench.bench_cold_start",
    "visit_list": "bench.bench_visit_list",
    "hq_ingest": "bench.bench_hq_ingest",
    "hq_dashboard": "bench.bench_hq_dashboard",
}
README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def update_readme() -> bool:
    """Put the latest table between the README's markers; False when it has none."""
    text = README.read_text(encoding="utf-8")
    block = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if not block.search(text):
        return False
    fresh = f"{START}\n{table()}{END}"
    README.write_text(block.sub(lambda _match: fresh, text), encoding="utf-8")
    return True


def main(names: list[str]) -> int:
    chosen = names or list(BENCHMARKS)
    unknown = [name for name in chosen if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
        return 2
    print(f"machine: {machine()}")
    if os.environ.get("BENCH_QUICK"):
        print("BENCH_QUICK is set: fewer rounds, for a trial")
    started = time.perf_counter()
    for name in chosen:
        print(f"\n=== {name} ===", flush=True)
        begun = time.perf_counter()
        importlib.import_module(BENCHMARKS[name]).main()
        print(f"=== {name}: {time.perf_counter() - begun:.0f} s", flush=True)
    write_table()
    if not os.environ.get("BENCH_QUICK"):
        update_readme()
    print(f"\nall done in {time.perf_counter() - started:.0f} s\n")
    print(table())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
