"""The station profile and its lists: what first run and settings save, and what they refuse."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from sqlalchemy import text

from station_app import i18n
from station_app.app import Station
from station_app.domain.cards import parse
from station_app.domain.catalog import SHOWN_MAX
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.domain.station import StationProfile
from station_app.services.checkin.outcomes import CheckinStatus
from station_app.services.people.worker_data import WorkerInput, WorkerView
from station_app.services.station.profile import CatalogEntry, OccupationEntry
from tests.services.helpers import Headquarters, beijing


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


# -- the occupation list: a station adds its own categories and hides the ones it never sees


def _shown(station: Station) -> list[str]:
    return [entry.label for entry in station.station.occupations()]


def test_an_added_category_gets_a_card_safe_code_and_goes_last(station: Station) -> None:
    added = station.station.add_occupation("  园林   绿化工 ")
    assert added == CatalogEntry("custom_1", "园林 绿化工")
    assert station.station.add_occupation("市政维修工").code == "custom_2"
    assert _shown(station)[-2:] == ["园林 绿化工", "市政维修工"]
    everything = station.station.all_occupations()
    assert everything[-1] == OccupationEntry("custom_2", "市政维修工", builtin=False, active=True)
    assert everything[0] == OccupationEntry("sanitation", "环卫工人", builtin=True, active=True)
    # Cards carry the code: it must pass the card format's check
    assert all(re.fullmatch(r"[a-z0-9_]{1,32}", entry.code) for entry in everything)
    # Shown as typed in every language
    i18n.install("en")
    assert _shown(station)[-1] == "市政维修工"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("外卖 骑手", "“外卖骑手”已在列表中"),  # the label, spaces aside
        ("food-delivery RIDER", "“外卖骑手”已在列表中"),  # the stored name, any letter case
        ("ＣＯＵＲＩＥＲ", "“快递员”已在列表中"),  # full-width letters are the same letters
        ("", "请输入职业类别的名称"),
        ("   ", "请输入职业类别的名称"),
        ("绿" * 21, "最多 20 个字"),
        ("园林\x00绿化工", "控制字符"),
    ],
)
def test_a_name_that_is_empty_long_or_already_listed_is_refused_in_chinese(
    station: Station, name: str, words: str
) -> None:
    before = station.station.all_occupations()
    with pytest.raises(ValidationFailed) as refused:
        station.station.add_occupation(name)
    assert words in refused.value.problems["name"]
    assert station.station.all_occupations() == before


def test_a_name_twenty_characters_long_is_accepted(station: Station) -> None:
    assert station.station.add_occupation("绿" * 20).label == "绿" * 20


def test_adding_a_hidden_category_again_says_to_show_it(station: Station) -> None:
    station.station.add_occupation("园林绿化工")
    station.station.set_occupation_active("custom_1", False)
    with pytest.raises(ValidationFailed) as refused:
        station.station.add_occupation("园林绿化工")
    assert (
        refused.value.problems["name"]
        == "“园林绿化工”已在列表中，只是被隐藏了。请重新显示它，不必再添加。"
    )


def test_a_hidden_category_leaves_the_buttons_and_comes_back_in_its_place(
    station: Station,
) -> None:
    station.station.set_occupation_active("courier", False)
    assert "快递员" not in _shown(station)
    hidden = [entry for entry in station.station.all_occupations() if not entry.active]
    assert hidden == [OccupationEntry("courier", "快递员", builtin=True, active=False)]
    station.station.set_occupation_active("courier", True)
    assert _shown(station)[:3] == ["环卫工人", "快递员", "外卖骑手"]
    # Hiding or showing twice changes nothing
    station.station.set_occupation_active("courier", True)
    assert _shown(station)[:3] == ["环卫工人", "快递员", "外卖骑手"]


def test_other_can_never_be_hidden(station: Station) -> None:
    with pytest.raises(ServiceError) as refused:
        station.station.set_occupation_active("other", False)
    assert str(refused.value).startswith("“其他户外劳动者”不能隐藏")
    assert "其他户外劳动者" in _shown(station)


def test_the_last_category_shown_stays(station: Station) -> None:
    # "other" cannot be hidden here; a hand-edited database can still get down to one
    with station.db.engine.begin() as conn:
        conn.execute(text("UPDATE occupation SET active = 0 WHERE code NOT IN ('courier')"))
    with pytest.raises(ServiceError) as refused:
        station.station.set_occupation_active("courier", False)
    assert "最后一个" in str(refused.value)
    assert _shown(station) == ["快递员"]


def test_an_unknown_code_is_refused(station: Station) -> None:
    with pytest.raises(ServiceError) as refused:
        station.station.set_occupation_active("astronaut", False)
    assert str(refused.value) == "没有编码为 astronaut 的职业类别。"


def test_at_most_twelve_are_shown_at_once(station: Station) -> None:
    # The ten defaults and two more fill the check-in page on a small screen
    station.station.add_occupation("园林绿化工")
    station.station.add_occupation("市政维修工")
    assert len(_shown(station)) == SHOWN_MAX == 12
    with pytest.raises(ValidationFailed) as refused:
        station.station.add_occupation("电力抢修工")
    assert "最多" in refused.value.problems["name"] and "12" in refused.value.problems["name"]
    # Hiding one makes room; showing it again while full is refused
    station.station.set_occupation_active("traffic_warden", False)
    station.station.add_occupation("电力抢修工")
    with pytest.raises(ServiceError):
        station.station.set_occupation_active("traffic_warden", True)
    assert len(_shown(station)) == 12


def test_a_hidden_category_keeps_its_workers_and_visits(
    ready: Station, register: Callable[..., WorkerView]
) -> None:
    # Given a worker and visits under the station's own category
    code = ready.station.add_occupation("园林绿化工").code
    worker = register("老周", code)
    card = ready.cards.issue(worker.id, today=dt.date(2026, 11, 1))
    ready.checkin.scan(card.qr_text, now=beijing(24, 9))
    ready.checkin.anonymous(code, 2, now=beijing(24, 10))

    # When the station hides it
    ready.station.set_occupation_active(code, False)

    # Then the worker, the visits and today's numbers still say 园林绿化工
    assert ready.workers.get(worker.id).occupation_label == "园林绿化工"
    assert {row.occupation_label for row in ready.checkin.recent(0, 10)} == {"园林绿化工"}
    assert ready.checkin.today(now=beijing(24, 11)).by_occupation == {"园林绿化工": 3}
    # And the worker's card still checks in under it, later that day
    later = ready.checkin.scan(card.qr_text, now=beijing(24, 15))
    assert (later.status, later.occupation_label) == (CheckinStatus.ACCEPTED, "园林绿化工")
    # The worker's other details can still be changed without choosing another category
    changed = ready.workers.update(worker.id, WorkerInput("老周师傅", code, consent=True))
    assert (changed.display_name, changed.occupation_code) == ("老周师傅", code)
    # But no new visit or worker can be counted under it
    with pytest.raises(ServiceError):
        ready.checkin.anonymous(code, now=beijing(24, 16))
    with pytest.raises(ValidationFailed) as refused:
        register("小孙", code)
    assert "occupation_code" in refused.value.problems


def test_a_card_of_this_station_carries_its_own_category_and_checks_in(
    ready: Station, register: Callable[..., WorkerView]
) -> None:
    code = ready.station.add_occupation("园林绿化工").code
    card = ready.cards.issue(register("老周", code).id, today=dt.date(2026, 11, 1))
    claim, _body, _signature = parse(card.qr_text)
    assert claim.occupation == "custom_1"
    result = ready.checkin.scan(card.qr_text, now=beijing(24, 9))
    assert (result.status, result.worker_name) == (CheckinStatus.ACCEPTED, "老周")
    assert result.occupation_label == "园林绿化工"


def test_a_foreign_card_counts_a_station_code_as_other_but_a_hidden_default_as_itself(
    ready: Station,
) -> None:
    # "custom_1" on another station's card is that station's category, not ours
    ready.station.add_occupation("园林绿化工")
    ready.station.set_occupation_active("security_guard", False)
    hq = Headquarters()
    ready.keyring.import_key(hq.key_file)
    theirs = ready.checkin.scan(hq.card("HQ-HF-000101", "custom_1"), now=beijing(24, 9))
    assert (theirs.status, theirs.occupation_label) == (CheckinStatus.ACCEPTED, "其他户外劳动者")
    guard = ready.checkin.scan(hq.card("HQ-HF-000102", "security_guard"), now=beijing(24, 9))
    assert (guard.status, guard.occupation_label) == (CheckinStatus.ACCEPTED, "保安")
