"""Workers, cards and check-in from the command line: same rules, same messages, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from station_app.app import open_station
from station_app.cli import main
from station_app.clock import FrozenClock
from station_app.domain.station import StationProfile
from tests.clock_support import frozen_clock


def _set_up(folder: Path, code: str, name: str) -> Path:
    """A station whose first-run set-up was done in the window."""
    station = open_station(folder, clock=frozen_clock())
    try:
        station.station.save_profile(StationProfile(code, name))
    finally:
        station.close()
    return folder


@pytest.fixture
def here(tmp_path: Path) -> Path:
    return _set_up(tmp_path / "luyang", "HF-LY-0012", "庐阳区驿站")


class Run:
    """``run("worker", "list")`` → (exit code, stdout, stderr) for one station's folder."""

    def __init__(
        self, folder: Path, capsys: pytest.CaptureFixture[str], clock: FrozenClock
    ) -> None:
        self.folder = folder
        self.capsys = capsys
        self.clock = clock

    def __call__(self, *args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(self.folder), *args], clock=self.clock)
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def run(here: Path, capsys: pytest.CaptureFixture[str], clock: FrozenClock) -> Run:
    return Run(here, capsys, clock)


def test_register_issue_a_card_and_check_in(run: Run) -> None:
    # Given a worker registered from the command line
    code, out, _err = run(
        "worker", "add", "--name", "老王", "--occupation", "sanitation",
        "--phone", "138-0000-1234", "--member", "--consent",
    )  # fmt: skip
    assert code == 0 and "已登记来访者 1：老王，环卫工人" in out
    code, out, _err = run("worker", "list", "1234")
    assert code == 0 and "138****1234" in out and "13800001234" not in out
    # When a card is issued, Then its number and QR text are printed
    code, out, _err = run("card", "issue", "1", "--expires", "2099-12-31")
    assert code == 0
    card_no = "HF-LY-0012-000001"
    assert card_no in out
    qr_text = out.strip().splitlines()[-1]
    assert qr_text.startswith("YZ1.")
    # And the card checks in once; the second time is amber but not an error
    assert run("checkin", qr_text)[:2] == (0, "欢迎，老王！本月第 1 次来访。\n")
    code, out, _err = run("checkin", qr_text)
    assert code == 0 and "不重复计数" in out


def test_a_refusal_exits_1_with_the_message_on_stderr(run: Run) -> None:
    code, out, err = run("worker", "add", "--name", "老王", "--occupation", "sanitation")
    assert (code, out) == (1, "") and "同意" in err
    code, _out, err = run("checkin", "YZ1.DEADBEEF.HF-LY-0012-000001.X.20260101.0.AAAA")
    assert code == 1 and "尚未信任" in err
    code, _out, err = run("checkin", "\x1b[garbage")
    assert code == 1 and "不是驿站的会员卡" in err
    code, _out, err = run("card", "issue", "99")
    assert code == 1 and "99" in err


def test_anonymous_visits(run: Run) -> None:
    code, out, _err = run("checkin", "--anonymous", "courier", "--count", "3")
    assert code == 0 and "3 次匿名来访：快递员" in out
    assert run("checkin", "--anonymous", "chef")[0] == 1
    assert run("checkin")[0] == 1  # neither a code nor --anonymous
    with pytest.raises(SystemExit) as bad:
        run("checkin", "--anonymous", "courier", "--count", "0")
    assert bad.value.code == 2


def test_reissue_makes_the_old_card_fail(run: Run) -> None:
    run("worker", "add", "--name", "小李", "--occupation", "courier", "--consent")
    old = run("card", "issue", "1")[1].strip().splitlines()[-1]
    assert run("card", "issue", "1")[0] == 1  # already has a card: reissue instead
    code, out, _err = run("card", "reissue", "1", "--reason", "遗失")
    assert code == 0 and "HF-LY-0012-000002" in out
    code, _out, err = run("checkin", old)
    assert code == 1 and "已作废" in err


def test_erasing_needs_yes(run: Run) -> None:
    run("worker", "add", "--name", "老王", "--occupation", "sanitation", "--consent")
    code, _out, err = run("worker", "erase", "1")
    assert code == 1 and "--yes" in err
    assert "老王" in run("worker", "list")[1]
    assert run("worker", "erase", "1", "--yes")[0] == 0
    assert run("worker", "list")[1] == "没有找到来访者。\n"


def test_a_card_works_at_another_station_that_imported_the_key(
    run: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a card issued here and this station's key exported to a file
    run("worker", "add", "--name", "老王", "--occupation", "sanitation", "--consent")
    qr_text = run("card", "issue", "1")[1].strip().splitlines()[-1]
    key_file = tmp_path / "luyang.key"
    code, out, _err = run("key", "export", "-o", str(key_file))
    assert code == 0 and str(key_file) in out
    assert key_file.read_text(encoding="utf-8").startswith("YZKEY1 ")
    # When the neighbouring station imports it as another station's key
    there = Run(_set_up(tmp_path / "baohe", "HF-BH-0003", "包河区驿站"), capsys, run.clock)
    assert there("checkin", qr_text)[0] == 1
    code, out, _err = there("key", "import", str(key_file), "--kind", "station")
    assert code == 0 and "庐阳区驿站" in out
    # Then the card checks in there too
    code, out, _err = there("checkin", qr_text)
    assert code == 0 and "外站卡" in out
    assert "其他驿站" in there("key", "list")[1]
    # A file that is not a key is refused
    assert there("key", "import", str(tmp_path / "missing.key"))[0] == 1


def test_importing_a_revocation_list(run: Run, tmp_path: Path) -> None:
    run("worker", "add", "--name", "老王", "--occupation", "sanitation", "--consent")
    qr_text = run("card", "issue", "1")[1].strip().splitlines()[-1]
    key_id = qr_text.split(".")[1]
    listing = tmp_path / "revoked.csv"
    listing.write_text(
        f"key_id,card_no,revoked_on,reason\n{key_id},HF-LY-0012-000001,2026-11-20,遗失\n",
        encoding="utf-8",
    )
    code, out, _err = run("revocations", "import", str(listing))
    assert code == 0 and "新增 1 张" in out
    assert run("checkin", qr_text)[0] == 1
    listing.write_text("key_id,card_no,revoked_on,reason\nnonsense\n", encoding="utf-8")
    code, _out, err = run("revocations", "import", str(listing))
    assert code == 1 and "第 2 行" in err


def test_help_for_the_new_commands_is_in_chinese(run: Run) -> None:
    with pytest.raises(SystemExit):
        run("worker", "add", "--help")
    assert "来访者同意保存其个人信息" in run.capsys.readouterr().out


def test_a_demo_stations_key_is_refused_by_key_import(
    run: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a practice station with demo data, whose key is exported to a file
    demo = Run(tmp_path / "demo", capsys, run.clock)
    assert demo("demo", "--days", "3", "--until", "2026-08-31")[0] == 0
    key_file = tmp_path / "demo.key"
    code, _out, err = demo("key", "export", "-o", str(key_file))
    assert code == 0 and "演示驿站的密钥" in err
    assert key_file.read_text(encoding="utf-8").startswith("YZDEMO1 ")
    assert "（演示密钥）" in demo("key", "list")[1]
    # When a real station imports it, Then it is refused with the reason, and not trusted
    code, out, err = run("key", "import", str(key_file), "--kind", "station")
    assert (code, out) == (1, "")
    assert "演示驿站的密钥" in err and "Traceback" not in err
    assert run("key", "list")[1] == ""
