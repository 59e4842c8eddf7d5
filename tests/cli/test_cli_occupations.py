"""`station-app occupation …`: list, add, hide and show categories; refusals exit 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from station_app.app import open_station
from station_app.cli import main
from station_app.clock import FrozenClock
from station_app.domain.station import StationProfile
from tests.clock_support import frozen_clock


@pytest.fixture
def folder(tmp_path: Path, clock: FrozenClock) -> Path:
    """A station whose first-run set-up was done in the window."""
    data = tmp_path / "luyang"
    station = open_station(data, clock=clock)
    try:
        station.station.save_profile(StationProfile("HF-LY-0012", "庐阳区驿站"))
    finally:
        station.close()
    return data


class Run:
    """``run("occupation", "list")`` → (exit code, stdout, stderr)."""

    def __init__(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.folder = folder
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(self.folder), *args], clock=frozen_clock())
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def run(folder: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    return Run(folder, capsys)


def rows(out: str) -> list[list[str]]:
    return [line.split("\t") for line in out.splitlines()]


def test_list_add_hide_and_show(run: Run) -> None:
    # The default list, with codes, in the catalog's order
    code, out, _err = run("occupation", "list")
    assert code == 0
    assert rows(out)[:2] == [["sanitation", "环卫工人"], ["courier", "快递员"]]
    assert rows(out)[-1] == ["other", "其他户外劳动者"]

    # Adding one prints its code; it goes last
    code, out, _err = run("occupation", "add", " 园林绿化工 ")
    assert (code, out) == (0, "已添加职业类别“园林绿化工”，编码 custom_1。\n")
    assert rows(run("occupation", "list")[1])[-1] == ["custom_1", "园林绿化工"]

    # Hiding marks it in the list; showing takes the mark away
    code, out, _err = run("occupation", "hide", "courier")
    assert code == 0 and out == "已隐藏“快递员”。以往的来访和已登记的来访者仍保留此类别。\n"
    assert rows(run("occupation", "list")[1])[1] == ["courier", "快递员", "（已隐藏）"]
    assert run("checkin", "--anonymous", "courier")[0] == 1
    code, out, _err = run("occupation", "show", "courier")
    assert code == 0 and out == "“快递员”已重新显示在签到页上。\n"
    assert rows(run("occupation", "list")[1])[1] == ["courier", "快递员"]


def test_the_new_category_works_for_workers_cards_and_anonymous_visits(run: Run) -> None:
    run("occupation", "add", "园林绿化工")
    code, out, _err = run("checkin", "--anonymous", "custom_1", "--count", "2")
    assert code == 0 and "园林绿化工" in out
    code, out, _err = run(
        "worker", "add", "--name", "老周", "--occupation", "custom_1", "--consent"
    )
    assert code == 0 and "园林绿化工" in out
    qr_text = run("card", "issue", "1")[1].strip().splitlines()[-1]
    # Hidden later, the worker's card still checks in
    run("occupation", "hide", "custom_1")
    code, out, _err = run("checkin", qr_text)
    assert (code, out) == (0, "欢迎，老周！本月第 1 次来访。\n")
    assert "园林绿化工" in run("worker", "list")[1]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("add", "外卖 骑手"), "“外卖骑手”已在列表中。"),
        (("add", ""), "请输入职业类别的名称。"),
        (("hide", "other"), "“其他户外劳动者”不能隐藏"),
        (("hide", "astronaut"), "没有编码为 astronaut 的职业类别。"),
        (("show", "astronaut"), "没有编码为 astronaut 的职业类别。"),
    ],
)
def test_refusals_exit_1_with_the_message_on_stderr(
    run: Run, args: tuple[str, ...], words: str
) -> None:
    before = run("occupation", "list")[1]
    code, out, err = run("occupation", *args)
    assert (code, out) == (1, "")
    assert words in err
    assert run("occupation", "list")[1] == before


def test_help_is_in_chinese(run: Run) -> None:
    with pytest.raises(SystemExit):
        run("occupation", "--help")
    out = run.capsys.readouterr().out
    assert "列出各类别及其编码" in out and "重新显示已隐藏的类别" in out
    with pytest.raises(SystemExit):
        run("occupation", "add", "--help")
    assert "类别名称" in run.capsys.readouterr().out


@pytest.mark.slow
def test_the_installed_command_exits_1_when_refused(folder: Path) -> None:
    """The real program in its own process: exit code and message as a script sees them."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "station_app", "--data-dir", str(folder), "occupation"]
    added = subprocess.run(
        [*command, "add", "园林绿化工"], env=env, capture_output=True, text=True, check=False
    )
    assert (added.returncode, added.stdout.strip()) == (
        0,
        "已添加职业类别“园林绿化工”，编码 custom_1。",
    )
    refused = subprocess.run(
        [*command, "hide", "other"], env=env, capture_output=True, text=True, check=False
    )
    assert refused.returncode == 1
    assert refused.stderr.startswith("“其他户外劳动者”不能隐藏")
