"""`station-app attendant …`: the way back when the only admin forgot their PIN."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from station_app.app import open_station
from station_app.cli import main
from station_app.cli.exit_codes import EXIT_OK, EXIT_REFUSED
from station_app.services.accounts.attendants import SignInRefused


def _pin(monkeypatch: pytest.MonkeyPatch, pin: str) -> None:
    """The PIN piped in, as a script would (a terminal asks twice, unseen)."""
    monkeypatch.setattr("sys.stdin", io.StringIO(pin + "\n"))


def test_a_locked_out_admin_gets_a_new_pin_from_the_command_line(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch, clock
) -> None:
    data = tmp_path / "data"
    base = ["--data-dir", str(data)]
    station = open_station(data, console=False, clock=clock)
    station.accounts.create_first_admin("王站长", "2580", "2580")
    admin = station.accounts.current()
    assert admin is not None
    for _try in range(5):
        with pytest.raises(SignInRefused):
            station.accounts.sign_in(admin.id, "0000")
    station.close()

    _pin(monkeypatch, "1234")
    assert main([*base, "attendant", "reset-pin", "王站长"], clock=clock) == EXIT_REFUSED
    assert "1234" in capsys.readouterr().err
    _pin(monkeypatch, "4826")
    assert main([*base, "attendant", "reset-pin", "王站长"], clock=clock) == EXIT_OK
    _pin(monkeypatch, "9753")
    assert main([*base, "attendant", "add", "李明"], clock=clock) == EXIT_OK
    capsys.readouterr()
    assert main([*base, "attendant", "list"], clock=clock) == EXIT_OK
    assert capsys.readouterr().out.splitlines() == ["李明\t值班员", "王站长\t站长"]

    station = open_station(data, console=False, clock=clock)
    try:
        assert station.accounts.sign_in(admin.id, "4826").is_admin  # the lock is lifted
    finally:
        station.close()
    with sqlite3.connect(data / "station.sqlite3") as conn:
        reset = conn.execute(
            "SELECT attendant_id FROM audit_event WHERE action = 'account.secret_reset'"
        ).fetchall()
    assert reset == [(None,)]  # made on the command line
