"""The keyring and revocation lists: which cards this station accepts, offline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from station_app import i18n
from station_app.app import Station, open_station
from station_app.clock import FrozenClock
from station_app.domain.errors import ServiceError
from station_app.domain.station import StationProfile
from station_app.services.checkin.outcomes import CheckinStatus
from station_app.services.people.worker_data import WorkerInput
from tests.services.helpers import Headquarters, beijing


@pytest.fixture
def hq() -> Headquarters:
    return Headquarters()


@pytest.fixture
def neighbour(tmp_path: Path, clock: FrozenClock) -> Iterator[Station]:
    """Another station of the same district, with its own data folder and key."""
    other = open_station(tmp_path / "neighbour", clock=clock)
    other.station.save_profile(StationProfile("HF-BH-0003", "包河区快递小哥驿站"))
    yield other
    other.close()


def test_the_station_key_is_made_once_and_exported_as_one_line(ready) -> None:
    key_id = ready.keyring.own_key_id()
    assert ready.keyring.own_key_id() == key_id
    line = ready.keyring.export_public_key()
    assert line.startswith(f"YZKEY1 {key_id} ")
    assert line.endswith("HF-LY-0012 庐阳区环卫工人爱心驿站")
    assert "\n" not in line
    (own,) = ready.keyring.list_keys()
    assert (own.key_id, own.kind, own.kind_label, own.can_sign) == (key_id, "own", "本站", True)


def test_a_card_from_hq_is_refused_until_hqs_key_is_imported(ready, hq, row_counts) -> None:
    code = hq.card("HQ-HF-000123")
    # Given a station that does not know HQ's key yet, Then HQ's card is refused
    before = row_counts()
    refused = ready.checkin.scan(code, now=beijing(24, 9))
    assert refused.status is CheckinStatus.REFUSED
    assert hq.key_id in refused.message and "公钥" in refused.message
    assert row_counts() == before

    # When HQ's key file is imported
    key = ready.keyring.import_key(hq.key_file)
    assert (key.key_id, key.owner, key.kind_label, key.can_sign) == (
        hq.key_id,
        "合肥市总工会",
        "总工会",
        False,
    )

    # Then the same card is accepted, counted under the occupation it carries
    accepted = ready.checkin.scan(code, now=beijing(24, 9, 5))
    assert accepted.status is CheckinStatus.ACCEPTED
    assert accepted.occupation_label == "外卖骑手"
    assert accepted.worker_name == ""
    assert accepted.card_no == "HQ-HF-000123"
    assert accepted.visits_this_month == 1
    assert [k.kind for k in ready.keyring.list_keys()] == ["hq"]  # no own key until a card


def test_cards_of_a_neighbouring_station_work_here_once_its_key_is_trusted(
    ready, neighbour
) -> None:
    # Given a card the neighbouring station issued to one of its workers
    worker = neighbour.workers.register(WorkerInput("小刘", "courier", consent=True))
    card = neighbour.cards.issue(worker.id, today=dt.date(2026, 10, 8))
    # When its exported key is imported here as another station's
    ready.keyring.import_key(neighbour.keyring.export_public_key() + "\n", kind="station")
    # Then its card checks in here, twice in a month counted as two visits of one card
    first = ready.checkin.scan(card.qr_text, now=beijing(2, 9))
    second = ready.checkin.scan(card.qr_text, now=beijing(3, 9))
    assert (first.status, second.status) == (CheckinStatus.ACCEPTED, CheckinStatus.ACCEPTED)
    assert second.visits_this_month == 2
    assert ready.checkin.today(now=beijing(3, 12)).distinct_workers == 1
    # And when the key is removed again, its cards are refused
    ready.keyring.remove_key(neighbour.keyring.own_key_id())
    assert ready.checkin.scan(card.qr_text, now=beijing(4, 9)).status is CheckinStatus.REFUSED
    assert ready.keyring.list_keys() == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "YZKEY1"),
        ("hello", "YZKEY1"),
        ("YZKEY1 12345678 notbase32!!! 某站", "YZKEY1"),
        ("YZKEY1 12345678 " + "A" * 52 + " 某站", "不符"),  # a key, but not with that id
        ("YZKEY1 AAAAAAAA AAAA", "YZKEY1"),  # too short to be a key
    ],
)
def test_a_bad_key_file_is_refused_clearly(ready, text: str, words: str) -> None:
    with pytest.raises(ServiceError, match=words):
        ready.keyring.import_key(text)
    assert [k.kind for k in ready.keyring.list_keys()] == []  # nothing added (own not made)


def test_a_key_file_with_its_id_changed_is_refused(ready, hq) -> None:
    tampered = hq.key_file.replace(hq.key_id, "0" * 8)
    with pytest.raises(ServiceError, match="已被改动或损坏"):
        ready.keyring.import_key(tampered)


def test_the_own_key_can_neither_be_imported_nor_removed(ready) -> None:
    line = ready.keyring.export_public_key()
    with pytest.raises(ServiceError, match="本站自己的密钥"):
        ready.keyring.import_key(line, kind="station")
    with pytest.raises(ServiceError, match="本站自己的密钥"):
        ready.keyring.remove_key(ready.keyring.own_key_id())
    with pytest.raises(ServiceError):
        ready.keyring.import_key(line, kind="own")


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_revocation_list_refuses_its_cards_and_importing_it_again_adds_nothing(
    ready, hq, register, tmp_path: Path
) -> None:
    # Given HQ's key is trusted, and a local worker has a card
    ready.keyring.import_key(hq.key_file)
    worker = register("老王")
    local = ready.cards.issue(worker.id)
    lost_hq_card = hq.card("HQ-HF-000200")
    good_hq_card = hq.card("HQ-HF-000201")
    # When HQ's revocation list (with a BOM and Windows line ends, as Excel saves it) arrives
    listing = _write(
        tmp_path / "revoked.csv",
        "\ufeffkey_id,card_no,revoked_on,reason\r\n"
        f"{hq.key_id.lower()},hq-hf-000200,2026-11-20,遗失\r\n"
        "\r\n"
        f'{local.key_id},{local.card_no},2026-11-21,"冒用, 已收回"\r\n',
    )
    assert ready.keyring.import_revocations(listing) == 2
    # Then both listed cards are refused, the other HQ card still works
    assert ready.checkin.scan(lost_hq_card, now=beijing(24, 9)).status is CheckinStatus.REFUSED
    assert ready.checkin.scan(local.qr_text, now=beijing(24, 9)).status is CheckinStatus.REFUSED
    assert ready.checkin.scan(good_hq_card, now=beijing(24, 9)).status is CheckinStatus.ACCEPTED
    # …the local worker shows no current card…
    assert ready.workers.get(worker.id).card_no is None
    # …and the same file again adds nothing
    assert ready.keyring.import_revocations(listing) == 0


def test_a_revocation_list_with_bad_lines_is_refused_whole(
    ready, hq, row_counts, tmp_path: Path
) -> None:
    # Given a file with one good line and two bad ones
    listing = _write(
        tmp_path / "revoked.csv",
        "key_id,card_no,revoked_on,reason\n"
        f"{hq.key_id},HQ-HF-000200,2026-11-20,遗失\n"
        f"{hq.key_id},HQ-HF-000201,20.11.2026,遗失\n"
        "xyz,HQ-HF-000202,2026-11-20,遗失\n",
    )
    before = row_counts()
    # When it is imported, Then it is refused naming the bad lines, and nothing is written
    with pytest.raises(ServiceError) as refused:
        ready.keyring.import_revocations(listing)
    message = str(refused.value)
    assert "没有任何改动" in message
    assert "第 3 行" in message and "20.11.2026" in message
    assert "第 4 行" in message and "十六进制" in message
    assert "第 2 行" not in message
    assert row_counts() == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "\u6587\u4ef6\u662f\u7a7a\u7684"),  # 文件是空的
        (b"card,number\nA,B\n", "\u8868\u5934"),  # 表头
        ("key_id,card_no,revoked_on,reason\n遗失\n".encode(), "4 \u9879"),  # 4 项
        ("key_id,card_no,revoked_on,reason\n".encode("utf-16"), "UTF-8"),
    ],
)
def test_files_that_are_not_revocation_lists_are_refused(
    ready, tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(content)
    with pytest.raises(ServiceError, match=words):
        ready.keyring.import_revocations(path)


def test_a_missing_file_is_refused_with_its_name(ready, tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="无法读取"):
        ready.keyring.import_revocations(tmp_path / "nowhere.csv")


@pytest.fixture
def demo_station(tmp_path: Path) -> Iterator[Station]:
    """A practice station filled with demo data (its key made from the seed)."""
    demo = open_station(tmp_path / "demo")
    demo.demo.fill(seed=1, days=3, until=dt.date(2026, 8, 31))
    yield demo
    demo.close()


def test_a_demo_stations_key_is_marked_and_no_station_trusts_it(
    ready, demo_station, row_counts
) -> None:
    # Given a demo station: its keyring says its key is a demo key, and so does its key file
    (own,) = demo_station.keyring.list_keys()
    assert own.demo and own.can_sign
    exported = demo_station.keyring.export_public_key()
    assert exported.startswith(f"YZDEMO1 {own.key_id} ")
    before = row_counts()
    # When a real station imports that file, Then it is refused, saying why, in Chinese…
    with pytest.raises(ServiceError, match="演示驿站的密钥") as refused:
        ready.keyring.import_key(exported, kind="station")
    assert own.key_id in str(refused.value)
    # …and in English
    i18n.install("en")
    with pytest.raises(ServiceError, match="is a demo station's key"):
        ready.keyring.import_key(exported, kind="station")
    # …and with the mark edited away: the demo derivation is public, so it is recognised
    unmarked = exported.replace("YZDEMO1", "YZKEY1", 1)
    with pytest.raises(ServiceError, match="demo station's key"):
        ready.keyring.import_key(unmarked, kind="station")
    assert row_counts() == before
    # The demo station's own cards still work there
    (worker,) = demo_station.workers.find("", limit=1)
    (card,) = demo_station.cards.for_print([worker.id])
    assert demo_station.checkin.scan(card.qr_text).status is CheckinStatus.ACCEPTED


def test_a_real_stations_key_is_not_a_demo_key(ready) -> None:
    assert ready.keyring.export_public_key().startswith("YZKEY1 ")
    (own,) = ready.keyring.list_keys()
    assert not own.demo
