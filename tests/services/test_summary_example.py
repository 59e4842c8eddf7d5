"""The example batch in docs/examples (shown in docs/summary-format-v1.md) is what the
station writes today, and HQ's side of the format accepts it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from station_app.domain.summary_format import Manifest, Metric, check_file, counts_by, verify
from station_app.services.people.keyring import parse_key_file

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"


def _example_script():
    path = ROOT / "scripts" / "summary_example.py"
    spec = importlib.util.spec_from_file_location("summary_example", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_example_is_what_the_station_writes(tmp_path: Path) -> None:
    fresh = _example_script().write_example(tmp_path)
    for path in fresh.values():
        committed = EXAMPLES / path.name
        assert committed.read_bytes() == path.read_bytes(), (
            f"{committed.name} is stale: run python scripts/summary_example.py"
        )


def test_the_example_parses_and_verifies() -> None:
    folder = EXAMPLES
    data = (folder / "summary-example.csv").read_bytes()
    manifest = Manifest.from_json((folder / "summary-example.manifest.json").read_bytes())
    _key_id, public, _owner = parse_key_file((folder / "summary-example.key").read_text("utf-8"))
    rows = check_file(data, manifest)
    assert verify(manifest, public)
    figures = counts_by(rows)
    assert figures[(Metric.VISITS, "total")] > 0
    assert (
        sum(n for (metric, dim), n in figures.items() if dim.startswith("hour:"))
        == figures[(Metric.VISITS, "total")]
    )


def test_the_format_document_shows_the_committed_example() -> None:
    doc = (ROOT / "docs" / "summary-format-v1.md").read_text("utf-8")
    for name in ("summary-example.csv", "summary-example.manifest.json", "summary-example.key"):
        text = (EXAMPLES / name).read_bytes().decode("utf-8").replace("\r\n", "\n").strip()
        assert text in doc, f"docs/summary-format-v1.md does not show {name} as it is now"
