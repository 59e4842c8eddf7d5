"""Settings survive restarts, damaged files and newer apps' keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from station_app.config.settings import Settings


def test_defaults_when_there_is_no_file(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path / "settings.json")
    assert settings.language == "zh_CN"
    assert settings["dedupe_minutes"] == 30


def test_a_saved_choice_is_read_back_and_unknown_keys_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"from_a_newer_app": 1}), encoding="utf-8")
    settings = Settings.load(path)
    settings["language"] = "en"
    settings.save()
    again = Settings.load(path)
    assert again.language == "en"
    assert json.loads(path.read_text(encoding="utf-8"))["from_a_newer_app"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temporary files left


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", "", '{"language": "klingon"}'])
def test_a_damaged_file_gives_the_defaults(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="utf-8")
    assert Settings.load(path).language == "zh_CN"


def test_unknown_settings_cannot_be_set(tmp_path: Path) -> None:
    with pytest.raises(KeyError):
        Settings.load(tmp_path / "s.json")["no_such_setting"] = 1
