"""Writing benchmark results: a JSON file per benchmark and a markdown table of all of them."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics
from functools import cache
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": percentile(samples, 0.50) * 1000,
        "p99_ms": percentile(samples, 0.99) * 1000,
        "mean_ms": statistics.fmean(samples) * 1000,
        "n": len(samples),
    }


def _first(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1]
    except OSError:
        pass
    return ""


@cache
def machine() -> str:
    """CPU, cores, memory, system, Python and SQLite: what a ratio was measured on."""
    cpu = _first("/proc/cpuinfo", "model name") or platform.processor() or platform.machine()
    memory = _first("/proc/meminfo", "MemTotal")
    ram = f"{int(memory.split()[0]) / 1024 / 1024:.1f} GiB RAM" if memory else "RAM unknown"
    system = _first("/etc/os-release", "PRETTY_NAME=").strip('"') or platform.platform()
    return (
        f"{cpu}, {os.cpu_count()} cores, {ram}, {system}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def write(name: str, result: dict[str, Any]) -> Path:
    """Save one benchmark's result and rebuild the combined markdown table."""
    RESULTS.mkdir(exist_ok=True)
    result = {"benchmark": name, "machine": machine(), **result}
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_table()
    return path


def table() -> str:
    """The markdown table of every result in ``RESULTS``, and the machines they ran on."""
    rows = [
        "| benchmark | metric | baseline | measured | ratio | goal | met |",
        "|---|---|---|---|---|---|---|",
    ]
    machines = set()
    for path in sorted(RESULTS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        machines.add(data["machine"])
        for check in data["checks"]:
            if check["goal"] is None:  # measured and reported, not judged
                goal, met = "—", "—"
            else:
                goal = f"≤ {check['goal']:g}×"
                met = "yes" if check["ratio"] <= check["goal"] else "**no**"
            rows.append(
                f"| {data['benchmark']} | {check['measure']} | {check.get('baseline', '—')} "
                f"| {check.get('measured', '—')} | {check['ratio']:.2f}× | {goal} | {met} |"
            )
    return "\n".join(rows) + "\n\nMachine: " + "; ".join(sorted(machines)) + "\n"


def write_table() -> Path:
    path = RESULTS / "latest.md"
    path.write_text(table(), encoding="utf-8")
    return path
