"""Write the example batch shown in docs/summary-format-v2.md, from a demo station.

    python scripts/summary_example.py            # into docs/examples/
    python scripts/summary_example.py OUT_DIR

A demo station (fixed seed, its reproducible key) makes the summary of one day, with a
fixed batch id and creation time: Ed25519 signatures are deterministic, so the files come out
byte for byte the same each time. tests/services/test_summary_example.py regenerates them
and fails when the committed ones are stale.

Writes ``summary-example-v2.csv``, ``summary-example-v2.manifest.json`` and
``summary-example-v2.key`` (the demo station's public key file, to check the signature with).
The v1 example (``summary-example.*``, shown in docs/summary-format-v1.md) stays as a v1
station wrote it: HQ still accepts it byte for byte.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from station_app.app import open_station  # noqa: E402
from station_app.demo.fill import DemoService  # noqa: E402

OUT = ROOT / "docs" / "examples"
STEM = "summary-example-v2"
DAY = dt.date(2026, 11, 11)  # a Wednesday: the month's legal-advice morning
CHINA = dt.timezone(dt.timedelta(hours=8))
CREATED_AT = dt.datetime(2026, 11, 12, 1, 0, tzinfo=dt.UTC)
BATCH_ID = "3b1f6c2e-8d4a-4f0e-9c57-2a6d1e0b7f41"


def write_example(out: Path) -> dict[str, Path]:
    """Make the example batch and write its three files into ``out``; returns them by kind."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "csv": out / f"{STEM}.csv",
        "manifest": out / f"{STEM}.manifest.json",
        "key": out / f"{STEM}.key",
    }
    with tempfile.TemporaryDirectory() as folder:
        station = open_station(Path(folder))
        try:
            # The demo's posted hours and closed days go into the station's settings.
            DemoService(station.db, station.settings).fill(seed=3, days=45, until=DAY, busy=0.5)
            batch = station.summaries.make_batch(
                DAY, 1, batch_id=BATCH_ID, now=CREATED_AT, zone=CHINA
            )
            key = station.keyring.export_public_key()
        finally:
            station.close()
    paths["csv"].write_bytes(batch.csv)
    paths["manifest"].write_text(batch.manifest.to_json(), encoding="utf-8", newline="\n")
    paths["key"].write_text(key + "\n", encoding="utf-8", newline="\n")
    return paths


if __name__ == "__main__":
    for path in write_example(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT).values():
        print(path)
