"""Settings survive restarts, damaged files, hand edits and newer apps' keys, and every
value read is of its setting's type and within its range."""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path
from typing import assert_type

import pytest

from station_app import i18n
from station_app.config.settings import (
    DAMAGED_SUFFIX,
    DEDUPE_MINUTES,
    HQ_TOKEN,
    LANGUAGE,
    REGISTRY,
    REPORT_AUTOSAVE,
    RETENTION_YEARS,
    SYNC_MODE,
    IntSetting,
    InvalidSetting,
    Settings,
)


def _written(path: Path, content: object) -> Path:
    path.write_text(json.dumps(content), encoding="utf-8")
    return path


def test_defaults_when_there_is_no_file(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path / "settings.json")
    assert settings.language == "zh_CN"
    assert settings.get(DEDUPE_MINUTES) == 30
    assert settings.get(REPORT_AUTOSAVE) is True
    assert settings.get(SYNC_MODE) == "off"


def test_values_come_typed(tmp_path: Path) -> None:
    path = _written(
        tmp_path / "settings.json",
        {"dedupe_minutes": 45, "report_autosave": False, "hq_token": "abc"},
    )
    settings = Settings.load(path)
    # assert_type is checked by mypy; at run time the values are what the file holds.
    minutes = assert_type(settings.get(DEDUPE_MINUTES), int)
    autosave = assert_type(settings.get(REPORT_AUTOSAVE), bool)
    token = assert_type(settings.get(HQ_TOKEN), str)
    assert (minutes, autosave, token) == (45, False, "abc")


def test_a_saved_choice_is_read_back_and_unknown_keys_are_kept(tmp_path: Path) -> None:
    path = _written(tmp_path / "settings.json", {"from_a_newer_app": {"colour": "teal"}})
    settings = Settings.load(path)
    settings.set(LANGUAGE, "en")
    settings.save()
    again = Settings.load(path)
    assert again.language == "en"
    assert json.loads(path.read_text(encoding="utf-8"))["from_a_newer_app"] == {"colour": "teal"}
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temporary files left


def test_the_file_keeps_its_json_types(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    settings = Settings.load(path)
    settings.update({"dedupe_minutes": 60, "report_autosave": False, "sync_folder": "E:\\驿站"})
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "dedupe_minutes": 60,
        "report_autosave": False,
        "sync_folder": "E:\\驿站",
    }


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_the_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    Settings.load(path).update({"hq_token": "secret"})  # the upload token
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("dedupe_minutes", "lots"),
        ("dedupe_minutes", "60"),
        ("dedupe_minutes", 0),
        ("dedupe_minutes", 241),
        ("dedupe_minutes", 30.5),
        ("dedupe_minutes", True),
        ("dedupe_minutes", None),
        ("retention_years", -1),
        ("retention_years", 100),
        ("report_autosave", 1),
        ("report_autosave", "false"),
        ("language", "klingon"),
        ("sync_mode", "ftp"),
        ("hq_url", 42),
        ("backup_folder", ["E:\\"]),
    ],
)
def test_a_hand_edited_value_that_does_not_fit_gives_the_default_and_is_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, key: str, value: object
) -> None:
    other, fitting = (RETENTION_YEARS, 2) if key == "report_autosave" else (REPORT_AUTOSAVE, False)
    path = _written(tmp_path / "settings.json", {key: value, other.key: fitting})

    with caplog.at_level(logging.WARNING, logger="station_app.config.settings"):
        settings = Settings.load(path)

    setting = REGISTRY[key]
    assert settings.get(setting) == setting.default
    assert key in caplog.text and repr(value) in caplog.text
    # What fits is kept, and the value that did not is not written back.
    assert settings.get(other) == fitting
    settings.save()
    assert json.loads(path.read_text(encoding="utf-8")) == {other.key: fitting}


@pytest.mark.parametrize("minutes", [1, 240])
def test_the_ends_of_a_range_fit(tmp_path: Path, minutes: int) -> None:
    path = _written(tmp_path / "settings.json", {"dedupe_minutes": minutes})
    assert Settings.load(path).get(DEDUPE_MINUTES) == minutes


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", "", "null", '"zh_CN"'])
def test_a_damaged_file_gives_the_defaults_and_is_kept_aside_when_next_saved(
    tmp_path: Path, content: str
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="utf-8")

    settings = Settings.load(path)
    assert settings.language == "zh_CN"
    assert path.read_text(encoding="utf-8") == content  # reading changes nothing

    settings.update({"dedupe_minutes": 10})
    aside = tmp_path / f"settings.json{DAMAGED_SUFFIX}"
    assert aside.read_text(encoding="utf-8") == content
    assert json.loads(path.read_text(encoding="utf-8")) == {"dedupe_minutes": 10}


def test_a_value_out_of_range_is_refused_in_the_users_language(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path / "settings.json")
    with pytest.raises(InvalidSetting) as refused:
        settings.set(DEDUPE_MINUTES, 241)
    assert (
        str(refused.value) == "“同一张卡在多少分钟内再次签到不重复计数”必须是 1 到 240 之间的整数。"
    )
    i18n.install("en")
    with pytest.raises(InvalidSetting, match="from 1 to 240"):
        settings.set(DEDUPE_MINUTES, 0)
    with pytest.raises(InvalidSetting, match="Chinese \\(Simplified\\) / English"):
        settings.set(LANGUAGE, "fr")
    assert settings.get(DEDUPE_MINUTES) == 30


def test_a_change_is_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    settings = Settings.load(path)
    settings.update({"dedupe_minutes": 10})
    before = path.read_bytes()

    with pytest.raises(InvalidSetting):
        settings.update({"report_autosave": False, "retention_years": 99})
    with pytest.raises(KeyError):
        settings.update({"report_autosave": False, "no_such_setting": 1})

    assert settings.get(REPORT_AUTOSAVE) is True
    assert path.read_bytes() == before
    assert settings.update({"dedupe_minutes": 10}) == []  # no change: nothing written
    assert settings.update({"dedupe_minutes": 11, "language": "zh_CN"}) == ["dedupe_minutes"]


def test_a_change_that_cannot_be_written_is_not_in_force(tmp_path: Path) -> None:
    (tmp_path / "blocked").write_text("a file where the folder should be", encoding="utf-8")
    settings = Settings.load(tmp_path / "blocked" / "settings.json")
    with pytest.raises(OSError):
        settings.update({"dedupe_minutes": 10})
    assert settings.get(DEDUPE_MINUTES) == 30


def test_only_declared_settings_exist(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path / "s.json")
    stranger = IntSetting("dedupe_minutes", 5, "Not the declared one", minimum=0, maximum=9)
    with pytest.raises(KeyError):
        settings.get(stranger)
    with pytest.raises(KeyError):
        settings.set(stranger, 5)
