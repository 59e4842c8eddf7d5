"""`station-app report weekly|monthly|range`, end to end: a demo station, the command, and
the printed numbers read back from the PDF and checked against tests/report_oracle.py,
which recomputes them from the database rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from station_app.cli import main
from station_app.cli.exit_codes import EXIT_OK, EXIT_REFUSED
from station_app.clock import FrozenClock
from station_app.domain.periods import parse_week
from station_app.i18n import _
from tests.report_oracle import expected_report
from tests.reports.pdf_words import bar_values, page_words
from tests.reports.tools import needs_poppler, pdf_text

UNTIL = "2026-08-30"  # a Sunday, long past: the report is taken as of the week's end
WEEK = "2026-W35"  # Monday 24 to Sunday 30 August 2026


# Every test here reads times on a PC set to Beijing time (tests/conftest.py).
pytestmark = [needs_poppler, pytest.mark.usefixtures("china_time")]


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: FrozenClock) -> list[str]:
    args = ["--data-dir", str(tmp_path / "data")]
    assert (
        main([*args, "demo", "--days", "21", "--until", UNTIL, "--seed", "5"], clock=clock)
        == EXIT_OK
    )
    capsys.readouterr()
    return args


def _n(value: int) -> str:
    return f"{value:,}"  # Babel groups thousands with a comma in both languages


def _signed(change: int) -> str:
    return f"+{_n(change)}" if change > 0 else f"\u2212{_n(-change)}" if change < 0 else "±0"


def _label(names: dict[str, tuple[str, int]], code: str) -> str:
    name, builtin = names[code]
    return _(name) if builtin else name  # built-in names are stored as English msgids


def test_the_weekly_report_prints_the_numbers_of_the_rows(
    data: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: FrozenClock
) -> None:
    assert main([*data, "report", "weekly", "--week", WEEK], clock=clock) == EXIT_OK
    database = tmp_path / "data" / "station.sqlite3"
    expected = expected_report(
        database, parse_week(WEEK), dt.datetime(2026, 8, 30, 16, 0, tzinfo=dt.UTC), None
    )
    pdf = tmp_path / "data" / "reports" / f"{expected['station_code']}-{WEEK}.pdf"
    assert str(pdf) in capsys.readouterr().out
    text = pdf_text(pdf)
    lines = text.splitlines()
    assert expected["station_name"] in text
    assert "2026年第35周 · 8月24日–8月30日" in text

    for key in (
        "visits",
        "distinct_workers",
        "new_registrations",
        "union_members",
        "wants_to_join",
        "services",
    ):
        value, previous = expected[key]
        change = _("vs last week {change}").format(change=_signed(value - previous))
        assert f"{_n(value)}\n{change}" in text, key
    assert expected["visits"][0] > 0
    assert _n(expected["card_visits"]) in text and _n(expected["anonymous_visits"]) in text

    per_day = {f"{d.month}/{d.day}": n for d, n in expected["visits_by_day"]}
    assert bar_values(page_words(pdf)[0], list(per_day)) == per_day

    for code, (visits, previous) in expected["by_occupation"].items():
        label = _label(expected["occupation_names"], code)
        row = next(line for line in lines if line.startswith(f"{label} "))
        cells = row.removeprefix(f"{label} ").split()
        assert cells[0] == _n(visits) and cells[2:] == [_n(previous), _signed(visits - previous)]
    for code, (given, previous) in expected["services_by_type"].items():
        label = _label(expected["service_names"], code)
        assert f"{label} {_n(given)} {_n(previous)} {_signed(given - previous)}" in lines


def test_a_week_that_does_not_exist_is_refused(
    data: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: FrozenClock
) -> None:
    assert main([*data, "report", "weekly", "--week", "2026-W99"], clock=clock) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert _("Week {week} of {year} does not exist.").format(week=99, year=2026) in err
    assert main([*data, "report", "monthly", "--month", "十一月"], clock=clock) == EXIT_REFUSED
    assert _("Write the month like 2026-11.") in capsys.readouterr().err
    assert not (tmp_path / "data" / "reports").exists()


def test_a_month_and_a_range_to_a_chosen_file(
    data: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: FrozenClock
) -> None:
    month = tmp_path / "out" / "八月.pdf"
    notes = "8月27日停电两小时。"
    assert main([*data, "report", "monthly", "--month", "2026-08", "-o", str(month),
                 "--notes", notes], clock=clock) == EXIT_OK  # fmt: skip
    assert str(month) in capsys.readouterr().out
    text = pdf_text(month)
    assert "2026年8月" in text and notes in text
    # The demo's three weeks all lie in August: no month before it to compare with.
    assert _("first period: nothing to compare with") in text
    assert _("vs last month {change}").split("{")[0].strip() not in text

    ranged = tmp_path / "range.pdf"
    args = ["report", "range", "--from", "2026-08-20", "--to", "2026-08-26", "-o", str(ranged)]
    assert main([*data, *args], clock=clock) == EXIT_OK
    assert "2026年8月20日–8月26日" in pdf_text(ranged)
    assert _("vs previous period {change}").split("{")[0].strip() in pdf_text(ranged)
    assert main(
        [*data, "report", "range", "--from", "2026-08-26", "--to", "2026-08-20"], clock=clock
    ) == (EXIT_REFUSED)
    assert _("The last day comes before the first.") in capsys.readouterr().err
