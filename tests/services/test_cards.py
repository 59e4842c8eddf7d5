"""Cards: issued with the station's own signature, replaced when lost, printed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from station_app.domain.cards import parse
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.services.checkin.outcomes import CheckinStatus
from station_app.services.people.worker_data import WorkerInput
from tests.services.helpers import STATION_CODE, beijing


def test_a_new_card_carries_the_station_code_a_serial_and_a_signed_qr(ready, register) -> None:
    # Given two registered workers
    first, second = register("老王"), register("小李", "courier")
    # When each gets a card
    one = ready.cards.issue(first.id, today=dt.date(2026, 11, 24))
    two = ready.cards.issue(second.id, expires_on=dt.date(2027, 11, 23))
    # Then the numbers follow one another under the station's code
    assert (one.card_no, two.card_no) == (f"{STATION_CODE}-000001", f"{STATION_CODE}-000002")
    assert one.worker_id == first.id and not one.revoked
    assert one.key_id == ready.keyring.own_key_id()
    # …and the QR says what the card is, for the occupation of its holder, and nothing personal
    claim, _body, _sig = parse(two.qr_text)
    assert (claim.card_no, claim.occupation, claim.expires_on) == (
        two.card_no,
        "courier",
        dt.date(2027, 11, 23),
    )
    assert "小李" not in two.qr_text
    # The worker list shows the card
    assert ready.workers.get(first.id).card_no == one.card_no
    assert ready.cards.current_card(first.id) == one


def test_a_second_card_is_refused_while_the_first_is_valid(ready, register) -> None:
    worker = register("老王")
    card = ready.cards.issue(worker.id)
    with pytest.raises(ServiceError, match="补卡") as refused:
        ready.cards.issue(worker.id)
    assert card.card_no in str(refused.value)


def test_an_expired_card_may_be_followed_by_a_new_one(ready, register) -> None:
    worker = register("老王")
    ready.cards.issue(worker.id, expires_on=dt.date(2026, 1, 31), today=dt.date(2026, 1, 1))
    renewed = ready.cards.issue(worker.id, today=dt.date(2026, 2, 1))
    assert renewed.card_no.endswith("000002")


def test_an_expiry_in_the_past_is_refused(ready, register) -> None:
    worker = register("老王")
    with pytest.raises(ValidationFailed) as refused:
        ready.cards.issue(worker.id, expires_on=dt.date(2026, 1, 1), today=dt.date(2026, 2, 1))
    assert "有效期" in refused.value.problems["expires_on"]


def test_reissuing_a_lost_card_withdraws_the_old_one(ready, register) -> None:
    # Given a worker whose card has been used
    worker = register("老王")
    old = ready.cards.issue(worker.id, today=dt.date(2026, 11, 24))
    assert ready.checkin.scan(old.qr_text, now=beijing(24, 9)).status is CheckinStatus.ACCEPTED

    # When the card is reported lost and a new one issued
    new = ready.cards.reissue(worker.id, reason="遗失", today=dt.date(2026, 11, 24))

    # Then the old card is refused, the new one works, and the visits count together
    assert new.card_no != old.card_no
    refused = ready.checkin.scan(old.qr_text, now=beijing(24, 12))
    assert refused.status is CheckinStatus.REFUSED
    assert "已作废" in refused.message
    accepted = ready.checkin.scan(new.qr_text, now=beijing(24, 12))
    assert accepted.status is CheckinStatus.ACCEPTED
    assert accepted.visits_this_month == 2
    assert ready.workers.get(worker.id).card_no == new.card_no
    # Typing the old number by hand does not get around it either
    assert ready.checkin.scan(old.card_no, now=beijing(24, 18)).status is CheckinStatus.REFUSED


def test_reissue_needs_a_reason(ready, register) -> None:
    worker = register("老王")
    ready.cards.issue(worker.id)
    with pytest.raises(ValidationFailed) as refused:
        ready.cards.reissue(worker.id, reason="  ")
    assert "原因" in refused.value.problems["reason"]
    assert ready.cards.current_card(worker.id) is not None


def test_a_revoked_card_number_is_never_given_out_again(ready, register) -> None:
    worker = register("老王")
    first = ready.cards.issue(worker.id)
    ready.cards.revoke(first.card_no.lower(), "损坏")
    assert ready.cards.current_card(worker.id) is None
    second = ready.cards.issue(worker.id)
    assert second.card_no.endswith("000002")
    # withdrawing twice changes nothing
    assert ready.cards.revoke(first.card_no, "again").revoked


def _revocation_list(tmp_path: Path, *lines: str) -> Path:
    listing = tmp_path / "revoked.csv"
    listing.write_text("key_id,card_no,revoked_on,reason\n" + "\n".join(lines) + "\n")
    return listing


def test_numbers_named_by_a_revocation_list_are_never_issued(ready, register, tmp_path) -> None:
    # Given a station that issued card 000001 and a revocation list naming the next serial
    # under its own key, and numbers of its numbering far ahead under other keys
    first = ready.cards.issue(register("老王").id)
    own = ready.keyring.own_key_id()
    listing = _revocation_list(
        tmp_path,
        f"{own},{STATION_CODE}-000002,2026-11-20,lost",
        f"0000ABCD,{STATION_CODE}-000500,2026-11-20,typo",
        f"0000ABCD,{STATION_CODE}-ABC999,2026-11-20,not a serial",
        f"0000ABCD,{STATION_CODE}-1-999999,2026-11-20,another numbering",
    )
    assert ready.keyring.import_revocations(listing) == 4

    # When cards are issued
    second = ready.cards.issue(register("小李").id)
    third = ready.cards.issue(register("小张").id, today=dt.date(2026, 11, 1))

    # Then each has a number of its own, past every number the station knows of
    assert first.card_no == f"{STATION_CODE}-000001"
    assert (second.card_no, third.card_no) == (f"{STATION_CODE}-000501", f"{STATION_CODE}-000502")
    assert ready.checkin.scan(third.qr_text, now=beijing(24, 9)).status is CheckinStatus.ACCEPTED


def test_numbering_goes_on_past_the_last_six_digit_serial(ready, register, tmp_path) -> None:
    # Given a revocation list naming the last six-digit serial of the station
    own = ready.keyring.own_key_id()
    ready.keyring.import_revocations(
        _revocation_list(tmp_path, f"{own},{STATION_CODE}-999999,2026-11-20,lost")
    )
    # When two cards are issued, then neither collides with the other or the list
    numbers = [ready.cards.issue(register(name).id).card_no for name in ("老王", "小李")]
    assert numbers == [f"{STATION_CODE}-1000000", f"{STATION_CODE}-1000001"]


def test_no_card_number_left_is_a_clear_refusal(ready, register, tmp_path) -> None:
    # A list naming a serial as long as a card number can be leaves no number to give
    serial = "9" * (40 - len(STATION_CODE) - 1)
    ready.keyring.import_revocations(
        _revocation_list(tmp_path, f"0000ABCD,{STATION_CODE}-{serial},2026-11-20,lost")
    )
    worker = register("老王")
    with pytest.raises(ServiceError, match="总工会"):
        ready.cards.issue(worker.id)
    assert ready.cards.current_card(worker.id) is None


def test_a_deactivated_worker_gets_no_card(ready, register) -> None:
    worker = register("老王")
    ready.workers.deactivate(worker.id)
    with pytest.raises(ServiceError, match="停用"):
        ready.cards.issue(worker.id)


def test_cards_need_the_station_code_first(station) -> None:
    worker = station.workers.register(WorkerInput("老王", "sanitation", consent=True))
    with pytest.raises(ServiceError, match="站点编码"):
        station.cards.issue(worker.id)


def test_printing_skips_workers_without_a_valid_card_and_keeps_the_order(ready, register) -> None:
    # Given three workers: two with cards, one without
    wang, li, zhang = register("老王"), register("小李", "courier"), register("张伟")
    wang_card = ready.cards.issue(wang.id, expires_on=dt.date(2099, 12, 31))
    li_card = ready.cards.issue(li.id)
    # When their cards are printed in the order chosen
    printed = ready.cards.for_print([li.id, zhang.id, wang.id, 999])
    # Then the sheet has the two cards, with what the attendant and a scanner need
    assert [(p.display_name, p.occupation_label, p.card_no) for p in printed] == [
        ("小李", "快递员", li_card.card_no),
        ("老王", "环卫工人", wang_card.card_no),
    ]
    assert printed[0].station_name == "庐阳区环卫工人爱心驿站"
    assert printed[0].qr_text == li_card.qr_text
    assert printed[1].expires_on == dt.date(2099, 12, 31)
    # A withdrawn card is not printed
    ready.cards.revoke(li_card.card_no, "遗失")
    assert [p.display_name for p in ready.cards.for_print([li.id, wang.id])] == ["老王"]
