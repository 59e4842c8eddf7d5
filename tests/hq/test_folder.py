"""HQ taking in a folder (a USB stick): only regular files inside the folder, within the size
a batch can have, are read; a link, a pipe or an oversized file is named and skipped while
the sound batches beside it are stored."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from station_app.hq.db import HqDatabase
from station_app.hq.ingest import MAX_CSV_BYTES, MAX_MANIFEST_BYTES, FileReport, ingest_folder
from station_app.hq.stations import add_station
from station_app.i18n import _
from tests.clock_support import START, frozen_clock
from tests.hq.batches import BASIC, DAY, StationKey, make_batch, new_station, stored_values

OTHER_DAY = DAY - dt.timedelta(days=1)


@pytest.fixture
def station(hq_db: HqDatabase) -> StationKey:
    key = new_station("HF-LY-0001")
    add_station(
        hq_db, key.code, name="龙岗驿站", district="龙岗区", key_text=key.key_file, now=START
    )
    return key


@pytest.fixture
def stick(tmp_path: Path, station: StationKey) -> Path:
    """A USB stick's folder holding one sound batch (of OTHER_DAY) in a dated subfolder."""
    folder = tmp_path / "usb"
    (folder / "station-summaries-2026-11-24").mkdir(parents=True)
    make_batch(station, day=OTHER_DAY).save(folder / "station-summaries-2026-11-24")
    return folder


def _reports(db: HqDatabase, folder: Path) -> dict[str, FileReport]:
    return {report.name: report for report in ingest_folder(db.sessions, folder, frozen_clock())}


def _linked(path: str) -> str:
    return _("{path} is a symbolic link: only regular files inside the folder are read.").format(
        path=path
    )


def _refusal(report: FileReport) -> str:
    assert not report.result.accepted
    [problem] = report.result.problems
    return problem.message


def test_a_linked_manifest_is_not_followed(
    hq_db: HqDatabase, station: StationKey, stick: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    real = make_batch(station).save(outside)
    (stick / real.name).symlink_to(real)
    (stick / real.name.replace(".manifest.json", ".csv")).symlink_to(
        real.with_name(real.name.replace(".manifest.json", ".csv"))
    )

    reports = _reports(hq_db, stick)

    assert _refusal(reports[real.name]) == _linked(real.name)
    assert stored_values(hq_db, station.code, DAY) == {}
    assert stored_values(hq_db, station.code, OTHER_DAY) == BASIC


def test_a_linked_csv_beside_a_real_manifest_is_not_followed(
    hq_db: HqDatabase, station: StationKey, stick: Path, tmp_path: Path
) -> None:
    manifest = make_batch(station).save(stick)
    csv = manifest.with_name(manifest.name.replace(".manifest.json", ".csv"))
    moved = tmp_path / "outside.csv"
    csv.rename(moved)
    csv.symlink_to(moved)

    reports = _reports(hq_db, stick)

    assert _refusal(reports[manifest.name]) == _linked(csv.name)
    assert stored_values(hq_db, station.code, DAY) == {}


def test_a_linked_folder_is_named_and_not_entered(
    hq_db: HqDatabase, station: StationKey, stick: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    make_batch(station).save(outside)
    (stick / "station-summaries-2026-11-25").symlink_to(outside, target_is_directory=True)

    reports = _reports(hq_db, stick)

    assert _refusal(reports["station-summaries-2026-11-25"]) == _linked(
        "station-summaries-2026-11-25"
    )
    assert stored_values(hq_db, station.code, DAY) == {}
    assert stored_values(hq_db, station.code, OTHER_DAY) == BASIC


def test_a_pipe_is_not_read(hq_db: HqDatabase, station: StationKey, stick: Path) -> None:
    manifest = make_batch(station).save(stick)
    csv = manifest.with_name(manifest.name.replace(".manifest.json", ".csv"))
    csv.unlink()
    os.mkfifo(csv)  # nobody writes to it: reading it would wait for ever

    reports = _reports(hq_db, stick)

    assert _refusal(reports[manifest.name]) == _(
        "{path} is not a regular file (a device, pipe or socket): not read."
    ).format(path=csv.name)
    assert stored_values(hq_db, station.code, DAY) == {}
    assert stored_values(hq_db, station.code, OTHER_DAY) == BASIC


@pytest.mark.parametrize(
    ("suffix", "limit"), [(".csv", MAX_CSV_BYTES), (".manifest.json", MAX_MANIFEST_BYTES)]
)
def test_a_file_over_the_size_of_a_batch_is_not_read(
    hq_db: HqDatabase, station: StationKey, stick: Path, suffix: str, limit: int
) -> None:
    manifest = make_batch(station).save(stick)
    big = manifest.with_name(manifest.name.replace(".manifest.json", suffix))
    with big.open("ab") as file:
        file.write(b" " * (limit + 1))

    reports = _reports(hq_db, stick)

    assert _refusal(reports[manifest.name]) == _(
        "{path} is larger than {n} bytes: not read."
    ).format(path=big.name, n=limit)
    assert stored_values(hq_db, station.code, DAY) == {}
    assert stored_values(hq_db, station.code, OTHER_DAY) == BASIC


def test_the_folder_given_may_itself_be_a_link(
    hq_db: HqDatabase, station: StationKey, stick: Path, tmp_path: Path
) -> None:
    alias = tmp_path / "mounted"
    alias.symlink_to(stick, target_is_directory=True)

    reports = _reports(hq_db, alias)

    assert [report.result.applied for report in reports.values()] == [True]
    assert stored_values(hq_db, station.code, OTHER_DAY) == BASIC
