"""Whatever reaches the check-in service (a scanner's garbage, a damaged or forged card, a
typed number) is either one accepted visit or a refusal in the attendant's language, and a
refusal writes nothing.

The codec on its own is fuzzed in tests/unit/test_card_codec.py; here the text goes the
whole way, through ``station.checkin.scan``, against a real station database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from station_app.app import Station
from station_app.domain.errors import ServiceError
from station_app.domain.station import StationProfile
from station_app.services.checkin.outcomes import CheckinResult, CheckinStatus
from station_app.services.people.worker_data import WorkerInput
from tests.fuzz.conftest import dump, fuzzing
from tests.services.helpers import STATION_CODE, Headquarters

NOW = dt.datetime(2026, 11, 24, 4, 0, tzinfo=dt.UTC)  # noon in Beijing
HQ = Headquarters()
CARD = HQ.card("HQ-000001")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# Characters a scanner or a keyboard can send: printable ASCII, controls, Chinese.
TYPED = st.characters(codec="utf-8", exclude_categories=["Cs"])


@dataclass(frozen=True)
class Desk:
    station: Station
    worker_card: str  # a card registered here, to be typed by hand
    worker_qr: str  # and its QR text, signed with this station's own key


@pytest.fixture(scope="module")
def desk(module_station: Station) -> Desk:
    module_station.station.save_profile(StationProfile(STATION_CODE, "庐阳区环卫工人爱心驿站"))
    module_station.keyring.import_key(HQ.key_file)
    worker = module_station.workers.register(WorkerInput("老王", "sanitation", consent=True))
    card = module_station.cards.issue(worker.id, today=dt.date(2026, 10, 8))
    return Desk(module_station, card.card_no, card.qr_text)


def _near(valid: str) -> st.SearchStrategy[str]:
    """``valid`` with characters changed, removed or added, a field swapped, or padded."""
    fields = valid.split(".")
    position = st.integers(0, len(valid))
    return st.one_of(
        st.tuples(position, TYPED).map(lambda p: valid[: p[0]] + p[1] + valid[p[0] + 1 :]),
        st.tuples(position, st.text(TYPED, max_size=5)).map(
            lambda p: valid[: p[0]] + p[1] + valid[p[0] :]
        ),
        st.tuples(position, st.integers(1, 20)).map(lambda p: valid[: p[0]] + valid[p[0] + p[1] :]),
        st.tuples(st.integers(0, len(fields) - 1), st.text(TYPED, max_size=30)).map(
            lambda p: ".".join([*fields[: p[0]], p[1], *fields[p[0] + 1 :]])
        ),
        st.tuples(st.text(" \t\r\n", max_size=3), st.text(" \t\r\n\x00", max_size=3)).map(
            lambda p: p[0] + valid + p[1]
        ),
        st.integers(2, 5).map(lambda n: valid * n),
        st.just(valid.lower()),
    )


# Cards HQ really signed, saying anything at all: unknown occupations, any dates.
_signed = st.builds(
    lambda card_no, occupation, issued, days: HQ.card(
        card_no,
        occupation,
        issued=issued,
        **({"expires": issued + dt.timedelta(days=days)} if days >= 0 else {}),
    ),
    st.from_regex(r"\AHQ-[A-Z0-9][A-Z0-9-]{2,20}\Z"),
    st.from_regex(r"\A[a-z0-9_]{1,32}\Z"),
    st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)),
    st.integers(-1, 800),
)


def _check_in(desk: Desk, text: str) -> None:
    station = desk.station
    visits, before = station.checkin.count_visits(), dump(station.db.engine)
    try:
        result = station.checkin.scan(text, now=NOW)
    except ServiceError as refused:  # a translated refusal is also acceptable
        result = CheckinResult(CheckinStatus.REFUSED, str(refused))
    assert isinstance(result, CheckinResult)
    event(result.status.value)  # --hypothesis-show-statistics: how many got how far
    assert result.message.strip() and "\n" not in result.message.strip()
    if result.status is CheckinStatus.ACCEPTED:
        assert len(result.visit_ids) == 1
        assert station.checkin.count_visits() == visits + 1
        return
    # Refused, or the same person again within the window: not a row more, not a row less.
    assert station.checkin.count_visits() == visits
    assert dump(station.db.engine) == before
    if result.status is CheckinStatus.REFUSED:
        assert CHINESE.search(result.message), result.message


@fuzzing
@given(
    st.one_of(
        st.text(TYPED, max_size=300),
        st.text(alphabet="YZ1.-ABCDEFGHQ0123456789", max_size=200),
        st.text(TYPED, max_size=200).map(lambda tail: "YZ1." + tail),
        st.binary(max_size=200).map(lambda raw: raw.decode("latin-1")),
        st.from_regex(r"\A[0-9]{1,7}\Z"),  # a serial typed by hand
        st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9-]{0,45}\Z"),  # a card number typed by hand
    )
)
@example("")
@example("0")
@example("YZ1." + "\udcff" * 10)  # undecodable bytes smuggled into text
@example("Y" * 513)
def test_anything_typed_or_scanned_is_a_visit_or_a_refusal(desk: Desk, text: str) -> None:
    _check_in(desk, text)


@fuzzing
@given(st.one_of(_near(CARD), _signed, _signed.flatmap(_near)))
@example(CARD)
@example(CARD)  # the same card again: already checked in, nothing written
def test_damaged_and_forged_cards_are_refused_and_genuine_ones_admitted(
    desk: Desk, text: str
) -> None:
    _check_in(desk, text)


@fuzzing
@given(st.data())
def test_damaged_copies_of_this_stations_own_card_are_refused(
    desk: Desk, data: st.DataObject
) -> None:
    _check_in(desk, data.draw(_near(desk.worker_qr)))


@fuzzing
@given(st.sampled_from([" ", "\t", "-", "0", "x"]), st.integers(0, 20), st.booleans())
def test_a_registered_cards_number_typed_with_slips_is_a_visit_or_a_refusal(
    desk: Desk, slip: str, position: int, lower: bool
) -> None:
    card_no = desk.worker_card.lower() if lower else desk.worker_card
    _check_in(desk, card_no[:position] + slip + card_no[position:])
