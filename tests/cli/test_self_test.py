"""`station-app --self-test`: the check a volunteer runs after installing, and the one the
frozen-bundle test (packaging/test_bundle.sh) runs inside the PyInstaller bundle."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from station_app import __version__
from station_app.cli import main
from station_app.cli.self_test import run_self_test
from tests.clock_support import frozen_clock


def test_the_self_test_passes_step_by_step_and_leaves_the_stations_data_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], clock
) -> None:
    # Given a PC whose own data folder is somewhere else
    own_data = tmp_path / "station-app"
    monkeypatch.setenv("STATION_APP_DATA_DIR", str(own_data))

    # When the volunteer runs the self-test
    code = main(["--self-test"], clock=clock)

    # Then every step says it is fine, in Chinese, and the last line says it passed
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines[0] == f"驿站 Station {__version__} 自检"
    steps = lines[1:-1]
    assert [line.split(" ", 1)[0] for line in steps] == ["正常"] * 6
    assert [line.split(" ", 1)[1].split("：", 1)[0] for line in steps] == [
        "资源文件",
        "数据库",
        "驿站资料",
        "签到",
        "周报",
        "许可证",
    ]
    assert "已凭二维码签到" in steps[3]
    assert lines[-1] == "自检通过。"
    # And the station's own data folder was never created
    assert not own_data.exists()


def test_a_failing_step_is_named_and_the_exit_code_is_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a place where no database can be made (a file, not a folder)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")

    # When the self-test runs there
    code = run_self_test(blocker, clock=frozen_clock())

    # Then it stops at the database step, says so, and does not claim success
    out = capsys.readouterr().out
    assert code == 1
    assert "正常 资源文件" in out
    assert "失败 数据库：" in out
    assert "自检通过" not in out


@pytest.mark.slow
def test_the_installed_command_runs_the_self_test_and_prints_its_version(tmp_path: Path) -> None:
    # The same entry point as the frozen app's: `python -m station_app`.
    env = {**os.environ, "STATION_APP_DATA_DIR": str(tmp_path / "own")}
    version = subprocess.run(
        [sys.executable, "-m", "station_app", "--version"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert version.returncode == 0
    assert version.stdout.strip() == f"station-app {__version__}"
    checked = subprocess.run(
        [sys.executable, "-m", "station_app", "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[-1] == "自检通过。"
