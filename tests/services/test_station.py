"""The station profile: what first run and settings save, and what they refuse."""

from __future__ import annotations

import pytest

from station_app import i18n
from station_app.domain.station import StationProfile
from station_app.services.errors import ValidationFailed


def test_a_new_station_has_no_profile_until_it_is_saved(station) -> None:
    assert station.station.profile() is None
    station.station.save_profile(StationProfile(" hf-ly-0012 ", " 庐阳区驿站 ", "合肥市庐阳区"))
    saved = station.station.profile()
    assert saved == StationProfile("HF-LY-0012", "庐阳区驿站", "合肥市庐阳区", "", "")


def test_saving_again_updates_the_one_profile(station) -> None:
    station.station.save_profile(StationProfile("HF-LY-0012", "旧名"))
    station.station.save_profile(StationProfile("HF-LY-0012", "新名", address="阜阳路88号"))
    profile = station.station.profile()
    assert profile is not None
    assert (profile.name, profile.address) == ("新名", "阜阳路88号")


@pytest.mark.parametrize(
    ("profile", "field", "words"),
    [
        (StationProfile("", "某驿站"), "code", "站点编码"),
        (StationProfile("站点一号", "某驿站"), "code", "HF-LY-0012"),
        (StationProfile("HF-LY-0012", "   "), "name", "名称"),
        (StationProfile("HF-LY-0012", "某驿站", address="x" * 201), "address", "200"),
    ],
)
def test_bad_profiles_are_refused_in_chinese_and_nothing_is_saved(
    station, profile: StationProfile, field: str, words: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        station.station.save_profile(profile)
    assert words in refused.value.problems[field]
    assert station.station.profile() is None


def test_default_lists_are_shown_in_the_attendants_language(station) -> None:
    occupations = [entry.label for entry in station.station.occupations()]
    assert occupations[:3] == ["环卫工人", "快递员", "外卖骑手"]
    assert "热水" in [entry.label for entry in station.station.service_types()]
    i18n.install("en")
    assert station.station.occupations()[0].label == "Sanitation worker"
