"""Writing benchmark results: a JSON file per benchmark and a markdown table of all of them."""

from __future__ import annotations

import json
import os
import platform
import statistics
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


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def write(name: str, result: dict[str, Any]) -> Path:
    """Save one benchmark's result and rebuild the combined markdown table."""
    RESULTS.mkdir(exist_ok=True)
    result = {"benchmark": name, "machine": machine(), **result}
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _write_table()
    return path


def _write_table() -> None:
    rows = ["| benchmark | measure | ratio | goal | met |", "|---|---|---|---|---|"]
    machines = set()
    for path in sorted(RESULTS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        machines.add(data["machine"])
        for check in data["checks"]:
            if check["goal"] is None:  # measured and reported, not judged
                goal, met = "—", "—"
            else:
                goal = f"≤ {check['goal']}×"
                met = "yes" if check["ratio"] <= check["goal"] else "**no**"
            rows.append(
                f"| {data['benchmark']} | {check['measure']} | {check['ratio']:.2f}× "
                f"| {goal} | {met} |"
            )
    text = "\n".join(rows) + "\n\nMachine: " + "; ".join(sorted(machines)) + "\n"
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
