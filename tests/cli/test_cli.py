"""The command line speaks the station's language and says plainly when it cannot work."""

from __future__ import annotations

from pathlib import Path

import pytest

from station_app import __version__
from station_app.cli import main


def test_version(capsys, clock) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"], clock=clock)
    assert done.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_help_is_in_chinese_by_default_and_english_on_request(
    tmp_path: Path, capsys, clock
) -> None:
    with pytest.raises(SystemExit):
        main(["--data-dir", str(tmp_path), "--help"], clock=clock)
    chinese = capsys.readouterr().out
    assert chinese.startswith("用法：")
    assert "数据文件夹" in chinese
    with pytest.raises(SystemExit):
        main(["--data-dir", str(tmp_path), "--lang", "en", "--help"], clock=clock)
    assert capsys.readouterr().out.startswith("usage: ")


def test_a_bad_argument_is_explained_in_chinese(tmp_path: Path, capsys, clock) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", str(tmp_path), "demo", "--until", "昨天"], clock=clock)
    assert done.value.code == 2
    assert "日期" in capsys.readouterr().err


def test_an_unusable_data_folder_exits_2_with_a_message(tmp_path: Path, capsys, clock) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    code = main(["--data-dir", str(blocker), "demo", "--days", "1"], clock=clock)
    assert code == 2
    assert "无法使用数据文件夹" in capsys.readouterr().err
