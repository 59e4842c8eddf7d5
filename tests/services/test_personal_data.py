"""PIPL: a worker's copy of their data, and erasing workers not seen for years."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import text

from station_app.config.settings import RETENTION_YEARS
from station_app.domain.errors import ServiceError
from station_app.i18n import _
from station_app.services.stock.stock_data import ItemInput
from tests.services.helpers import beijing


def _linked_visits(ready) -> dict[str, int]:
    """Visits by occupation, and how many still point at a worker or a card."""
    with ready.db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT occupation_code, count(*),"
                " sum(worker_id IS NOT NULL OR card_id IS NOT NULL)"
                " FROM visit GROUP BY occupation_code ORDER BY occupation_code"
            )
        )
        return {f"{code} {kind}": n for code, total, linked in rows
                for kind, n in (("all", total), ("linked", linked))}  # fmt: skip


def test_the_copy_holds_everything_about_the_worker_and_nobody_else(ready, register) -> None:
    # Given 老王 with a card, two visits (one with a drink), a borrowed umbrella…
    wang = register("老王", phone="13800001234", employer="环卫处", union_member=True)
    card = ready.cards.issue(wang.id, today=dt.date(2026, 11, 24))
    first = ready.checkin.scan(card.qr_text, now=beijing(24, 9)).visit_ids[0]
    ready.checkin.scan(card.qr_text, now=beijing(25, 15))
    ready.service_log.record(first, "hot_water", now=beijing(24, 9, 5))
    umbrella = ready.inventory.create_item(ItemInput("雨伞", "rain_gear", "把", lendable=True))
    ready.inventory.receive(umbrella.id, 2, now=beijing(24, 8))
    ready.lending.lend(umbrella.id, worker_id=wang.id, deposit_note="工作证", now=beijing(24, 9))
    # …and 李姐, who also came
    li = register("李姐", occupation="courier", phone="13900005678", employer="顺丰")
    li_card = ready.cards.issue(li.id, today=dt.date(2026, 11, 24))
    ready.checkin.scan(li_card.qr_text, now=beijing(24, 10))

    # When 老王 asks for a copy of his data
    raw = ready.workers.export_personal_data(wang.id)
    data = json.loads(raw.decode("utf-8"))

    # Then it is readable UTF-8 with his full phone number, his cards, visits and loan
    assert "老王" in raw.decode("utf-8")  # Chinese as is, not \\u escapes
    profile = data[_("Profile")]
    assert profile[_("Name")] == "老王"
    assert profile[_("Phone")] == "13800001234"
    assert profile[_("Employer")] == "环卫处"
    assert profile[_("Union member")] is True
    assert profile[_("Agreed to their details being kept on")] == wang.consent_on.isoformat()
    (held,) = data[_("Cards")]
    assert held[_("Card number")] == card.card_no
    assert held[_("Withdrawn at")] is None
    visits = data[_("Visit history")]
    assert [v[_("Time")] for v in visits] == ["2026-11-24 09:00", "2026-11-25 15:00"]
    assert [s[_("Service")] for s in visits[0][_("Services received")]] == ["热水"]
    (loan,) = data[_("Loans")]
    assert (loan[_("Item")], loan[_("Deposit")], loan[_("Returned at")]) == ("雨伞", "工作证", None)
    # And nothing of 李姐's
    text_of_copy = raw.decode("utf-8")
    for other in ("李姐", "13900005678", "顺丰", li_card.card_no, "2026-11-24 10:00"):
        assert other not in text_of_copy


def test_an_erased_workers_copy_says_nothing_personal_is_left(ready, register, clock) -> None:
    wang = register("老王", phone="13800001234", employer="环卫处")
    card = ready.cards.issue(wang.id, today=dt.date(2026, 11, 24))
    ready.checkin.scan(card.qr_text, now=beijing(24, 9))
    ready.workers.erase(wang.id)

    copy = ready.workers.export_personal_data(wang.id).decode("utf-8")

    data = json.loads(copy)
    assert set(data) == {_("Station"), _("Exported at"), _("Worker number"), _("Note")}
    assert data[_("Worker number")] == wang.id
    assert clock.today().isoformat() in data[_("Note")]  # the day of the erasure
    for personal in ("老王", "13800001234", "环卫处", card.card_no, _("Visit history")):
        assert personal not in copy


def test_an_unknown_worker_has_no_copy(ready) -> None:
    with pytest.raises(ServiceError, match="没有编号为 404 的来访者"):
        ready.workers.export_personal_data(404)


def test_retention_erases_exactly_the_workers_not_seen_for_the_set_years(
    ready, register, clock
) -> None:
    # Given three workers registered today; "now" is three years from today
    today = clock.now()
    later = today + dt.timedelta(days=3 * 365 + 1)
    gone = register("老王", phone="13800001234")  # came once, long ago
    never = register("刘阿姨", occupation="domestic_worker")  # registered, never came
    regular = register("李姐", occupation="courier", phone="13900005678")  # came last month
    for worker, when in (
        (gone, today + dt.timedelta(days=200)),
        (regular, later - dt.timedelta(days=30)),
    ):
        card = ready.cards.issue(worker.id)
        assert ready.checkin.scan(card.qr_text, now=when).status == "accepted"
    before = _linked_visits(ready)

    # When retention is off, nothing happens
    assert ready.settings.get(RETENTION_YEARS) == 0
    assert ready.workers.apply_retention(now=later) == 0
    assert ready.workers.count() == 3

    # When it is set to two years
    ready.settings.set(RETENTION_YEARS, 2)
    assert ready.workers.apply_retention(now=later) == 2

    # Then only the regular visitor is left; the old visit still counts, anonymously
    assert [w.display_name for w in ready.workers.find("", include_inactive=True)] == ["李姐"]
    for erased in (gone, never):
        with pytest.raises(ServiceError):
            ready.workers.get(erased.id)
    after = _linked_visits(ready)
    assert after == {**before, "sanitation linked": 0}
    assert after["sanitation all"] == 1
    assert after["courier linked"] == 1
    # And running it again erases nobody more
    assert ready.workers.apply_retention(now=later) == 0
