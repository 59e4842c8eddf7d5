"""The example batches in docs/examples: the v2 one (docs/summary-format-v2.md) is what the
station writes today, the v1 one (docs/summary-format-v1.md) what an older station wrote;
HQ's side of the format accepts both."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

import pytest

from station_app.domain.summary_format import (
    SCHEMA_V1,
    SCHEMA_V2,
    Manifest,
    Metric,
    SummaryFormatError,
    check_file,
    counts_by,
    verify,
)
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


@pytest.mark.parametrize(
    ("stem", "schema"),
    [("summary-example", SCHEMA_V1), ("summary-example-v2", SCHEMA_V2)],
)
def test_the_example_parses_and_verifies(stem: str, schema: str) -> None:
    folder = EXAMPLES
    data = (folder / f"{stem}.csv").read_bytes()
    manifest = Manifest.from_json((folder / f"{stem}.manifest.json").read_bytes())
    _key_id, public, _owner = parse_key_file((folder / f"{stem}.key").read_text("utf-8"))
    assert manifest.schema == schema
    rows = check_file(data, manifest)
    assert verify(manifest, public)
    figures = counts_by(rows)
    assert figures[(Metric.VISITS, "total")] > 0
    assert (
        sum(n for (metric, dim), n in figures.items() if dim.startswith("hour:"))
        == figures[(Metric.VISITS, "total")]
    )


@pytest.mark.parametrize(("stem", "version"), [("summary-example", 1), ("summary-example-v2", 2)])
def test_the_format_document_shows_the_committed_example(stem: str, version: int) -> None:
    doc = (ROOT / "docs" / f"summary-format-v{version}.md").read_text("utf-8")
    for suffix in (".csv", ".manifest.json", ".key"):
        name = stem + suffix
        text = (EXAMPLES / name).read_bytes().decode("utf-8").replace("\r\n", "\n").strip()
        assert text in doc, f"docs/summary-format-v{version}.md does not show {name} as it is now"


def test_a_v2_metric_is_refused_in_a_v1_file() -> None:
    data = (EXAMPLES / "summary-example-v2.csv").read_bytes()
    manifest = Manifest.from_json((EXAMPLES / "summary-example-v2.manifest.json").read_bytes())
    with pytest.raises(SummaryFormatError) as refused:
        check_file(data, replace(manifest, schema=SCHEMA_V1))
    assert "posted_minutes" in refused.value.summary()
