"""Changing the settings through the service: checked, saved whole, audited."""

from __future__ import annotations

import json

import pytest

from station_app.app import Station, open_station
from station_app.config.settings import DEDUPE_MINUTES, SYNC_MODE
from station_app.domain.errors import ServiceError
from station_app.services.accounts.audit_reader import AuditFilter


def _settings_events(station: Station) -> list[str]:
    rows = station.audit.events(AuditFilter(), 0, 50)
    return [row.action for row in rows if row.action == "settings.changed"]


def test_a_value_out_of_range_is_refused_in_chinese_and_nothing_changes(station: Station) -> None:
    with pytest.raises(ServiceError) as refused:
        station.config.change({"sync_mode": "folder", "dedupe_minutes": 1000})

    assert (
        str(refused.value) == "“同一张卡在多少分钟内再次签到不重复计数”必须是 1 到 240 之间的整数。"
    )
    assert station.settings.get(DEDUPE_MINUTES) == 30
    assert station.settings.get(SYNC_MODE) == "off"
    assert not station.paths.settings.exists()
    assert _settings_events(station) == []


def test_a_choice_not_offered_is_refused_naming_the_choices(station: Station) -> None:
    with pytest.raises(ServiceError, match="关闭 / 存到文件夹或U盘"):
        station.config.change({"sync_mode": "carrier pigeon"})


def test_a_change_is_saved_kept_at_the_next_start_and_audited(station: Station) -> None:
    assert station.config.change({"dedupe_minutes": 45, "sync_mode": "off"}) == ["dedupe_minutes"]

    assert json.loads(station.paths.settings.read_text(encoding="utf-8")) == {"dedupe_minutes": 45}
    assert _settings_events(station) == ["settings.changed"]
    data_dir = station.paths.root
    station.close()
    again = open_station(data_dir)
    try:
        assert again.settings.get(DEDUPE_MINUTES) == 45
    finally:
        again.close()
