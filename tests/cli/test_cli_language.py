"""`--lang` holds for the whole run: every message the command prints and every document it
writes, whatever language the station's settings name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from station_app import i18n
from station_app.cli import main
from station_app.cli.exit_codes import EXIT_OK, EXIT_REFUSED
from station_app.clock import FrozenClock
from station_app.config.paths import DataPaths
from station_app.config.settings import Settings
from tests.reports.tools import needs_poppler, pdf_text

pytestmark = [needs_poppler, pytest.mark.usefixtures("china_time")]


@pytest.fixture
def chinese_station(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: FrozenClock
) -> Iterator[list[str]]:
    """A demo station whose settings say Chinese."""
    data = tmp_path / "data"
    args = ["--data-dir", str(data)]
    assert main([*args, "demo", "--days", "14", "--until", "2026-08-30"], clock=clock) == EXIT_OK
    assert Settings.load(DataPaths(data).settings).language == "zh_CN"
    capsys.readouterr()
    yield args
    i18n.install("zh_CN")  # the next test starts in the default language


def test_lang_en_prints_and_writes_english_on_a_chinese_station(
    chinese_station: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    clock: FrozenClock,
) -> None:
    pdf = tmp_path / "week.pdf"
    sheet = tmp_path / "sheet.pdf"
    # When a report and a count sheet are asked for in English
    english = [*chinese_station, "--lang", "en"]
    assert (
        main([*english, "report", "weekly", "--week", "2026-W35", "-o", str(pdf)], clock=clock)
        == EXIT_OK
    )
    assert main([*english, "stock", "count-sheet", "-o", str(sheet)], clock=clock) == EXIT_OK
    # Then the command said so in English
    out = capsys.readouterr().out
    assert f"Report saved to {pdf}" in out
    assert "Count sheet of" in out
    assert "报表已保存" not in out
    # And the documents are in English
    report = pdf_text(pdf)
    assert "Visits" in report
    assert "来访人次" not in report
    assert "第 1 页" not in report
    assert "Count sheet" in pdf_text(sheet) or "count sheet" in pdf_text(sheet).lower()


def test_lang_en_refuses_bad_input_in_english(
    chinese_station: list[str], capsys: pytest.CaptureFixture[str], clock: FrozenClock
) -> None:
    # When a week that does not exist is asked for
    code = main(
        [*chinese_station, "--lang", "en", "report", "weekly", "--week", "2026-W60"], clock=clock
    )
    # Then it is refused in English
    assert code == EXIT_REFUSED
    err = capsys.readouterr().err
    assert err.strip() and err.isascii()


def test_without_lang_the_settings_language_holds(
    chinese_station: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    clock: FrozenClock,
) -> None:
    pdf = tmp_path / "week.pdf"
    assert (
        main(
            [*chinese_station, "report", "weekly", "--week", "2026-W35", "-o", str(pdf)],
            clock=clock,
        )
        == EXIT_OK
    )
    assert "报表已保存" in capsys.readouterr().out
    assert "来访人次" in pdf_text(pdf)
