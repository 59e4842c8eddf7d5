"""`station-app hq user add`: the one command that makes the dashboard's first admin."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from station_app.cli import main
from station_app.cli.exit_codes import EXIT_OK, EXIT_REFUSED
from station_app.hq.accounts import HqRole, list_users, sign_in
from station_app.hq.audit import recent_events
from station_app.hq.db import HqDatabase


def _hq(tmp_path: Path, *args: str) -> list[str]:
    return ["--data-dir", str(tmp_path / "hq-data"), "hq", *args]


def test_user_add_reads_the_password_from_a_pipe_and_the_admin_can_sign_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, clock
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert main(_hq(tmp_path, "user", "add", "王统计", "--role", "admin"), clock=clock) == EXIT_OK
    assert "王统计" in capsys.readouterr().out
    db = HqDatabase.open(f"sqlite:///{tmp_path / 'hq-data' / 'hq.sqlite3'}")
    try:
        [user] = list_users(db)
        assert (user.name, user.role) == ("王统计", HqRole.ADMIN.value)
        signed = sign_in(db, "王统计", "a long enough password", now=clock.now())
        assert signed.account.is_admin
        assert [(e.who, e.action) for e in recent_events(db)][-1] == ("console", "user.add")
    finally:
        db.close()


def test_user_add_refuses_a_short_password_and_a_viewer_without_district(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, clock
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(_hq(tmp_path, "user", "add", "李", "--role", "admin"), clock=clock) == EXIT_REFUSED
    assert "10" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert main(_hq(tmp_path, "user", "add", "李", "--role", "viewer"), clock=clock) == EXIT_REFUSED
    assert "区" in capsys.readouterr().err
