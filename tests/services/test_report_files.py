"""Report files in the reports folder: their names, and a new file never written over one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from station_app.domain.errors import ServiceError
from station_app.domain.periods import day_range, parse_month, parse_week
from station_app.services.reporting.report_files import last_week_file, report_file_name, save_new


def test_a_report_is_named_after_the_station_and_the_period(tmp_path: Path) -> None:
    assert report_file_name("HF-LY-0012", parse_week("2026-W47")) == "HF-LY-0012-2026-W47.pdf"
    assert report_file_name("HF-LY-0012", parse_month("2026-11")) == "HF-LY-0012-2026-11.pdf"
    days = day_range(dt.date(2026, 11, 1), dt.date(2026, 11, 15))
    assert report_file_name("", days) == "station-2026-11-01_2026-11-15.pdf"
    # Tuesday 24 November 2026: last week is week 47.
    assert last_week_file(tmp_path, "HF-LY-0012", dt.date(2026, 11, 24)) == (
        tmp_path / "HF-LY-0012-2026-W47.pdf"
    )


def test_a_new_file_is_written_whole_and_its_folder_made(tmp_path: Path) -> None:
    target = tmp_path / "reports" / "HF-LY-0012-2026-W47.pdf"

    assert save_new(b"%PDF-1.4 the week", target) is True

    assert target.read_bytes() == b"%PDF-1.4 the week"
    assert sorted(target.parent.iterdir()) == [target]  # no temporary file left beside it


def test_a_file_already_there_is_kept_as_it_is(tmp_path: Path) -> None:
    target = tmp_path / "HF-LY-0012-2026-W47.pdf"
    target.write_bytes(b"%PDF-1.4 signed by the manager")

    assert save_new(b"%PDF-1.4 made again", target) is False

    assert target.read_bytes() == b"%PDF-1.4 signed by the manager"
    assert sorted(tmp_path.iterdir()) == [target]


def test_a_folder_that_cannot_be_made_is_explained(tmp_path: Path) -> None:
    (tmp_path / "reports").write_text("a file in the way", encoding="utf-8")

    with pytest.raises(ServiceError, match="HF-LY-0012"):
        save_new(b"%PDF", tmp_path / "reports" / "HF-LY-0012-2026-W47.pdf")
