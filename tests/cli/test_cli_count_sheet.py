"""`station-app stock count-sheet`: the same PDF as the Inventory page prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from station_app.cli import main
from station_app.cli.exit_codes import EXIT_OK
from station_app.clock import FrozenClock
from tests.reports.tools import needs_poppler, pdf_text


@needs_poppler
def test_count_sheet_to_a_file_and_to_the_reports_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: FrozenClock
) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    items = tmp_path / "items.csv"
    items.write_text("name,category,unit\n饮用水,drinks,瓶\n雨伞,rain_gear,把\n", encoding="utf-8")
    assert main([*data, "items", "import", str(items)], clock=clock) == EXIT_OK
    assert main([*data, "stock", "receive", "饮用水", "24"], clock=clock) == EXIT_OK
    capsys.readouterr()

    chosen = tmp_path / "out" / "盘点.pdf"
    assert main([*data, "stock", "count-sheet", "-o", str(chosen)], clock=clock) == EXIT_OK
    assert str(chosen) in capsys.readouterr().out
    text = pdf_text(chosen)
    assert "饮用水 瓶 24" in text and "雨伞 把 0" in text

    assert main([*data, "stock", "count-sheet"], clock=clock) == EXIT_OK
    default = tmp_path / "data" / "reports" / f"count-sheet-{clock.today().isoformat()}.pdf"
    assert str(default) in capsys.readouterr().out
    assert "饮用水" in pdf_text(default)


def test_count_sheet_help_is_translated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: FrozenClock
) -> None:
    with pytest.raises(SystemExit):
        main(["--data-dir", str(tmp_path), "stock", "--help"], clock=clock)
    listing = capsys.readouterr().out
    assert "count-sheet" in listing and "打印盘点表" in listing
