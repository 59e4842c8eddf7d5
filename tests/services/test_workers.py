"""Registered workers: what the attendant types, finds and erases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from station_app import i18n
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.services.people.worker_data import WorkerInput
from tests.services.helpers import beijing


def test_a_registered_worker_is_shown_with_a_masked_phone_and_their_occupation(ready) -> None:
    # Given the attendant types a name with stray spaces and a phone with separators
    worker = ready.workers.register(
        WorkerInput(
            "  老王 ",
            "sanitation",
            phone="138 0000-1234",
            employer="庐阳区环卫作业公司",
            union_member=True,
            consent=True,
        ),
        today=dt.date(2026, 11, 24),
    )
    # Then the worker list shows the tidy name, the occupation in Chinese, a masked phone…
    assert worker.display_name == "老王"
    assert worker.occupation_label == "环卫工人"
    assert worker.phone_masked == "138****1234"
    assert worker.consent_on == dt.date(2026, 11, 24)
    assert worker.active and worker.card_no is None
    # …and the full number is kept (normalized) for the station only
    with ready.db.engine.connect() as conn:
        assert conn.execute(text("SELECT phone FROM worker")).scalar_one() == "13800001234"
    assert ready.workers.get(worker.id) == worker


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (WorkerInput("   ", "sanitation", consent=True), "display_name", "姓名"),
        (WorkerInput("王" * 51, "sanitation", consent=True), "display_name", "50"),
        (WorkerInput("老王", "sanitation", phone="12345", consent=True), "phone", "11 位手机号码"),
        (WorkerInput("老王", "sanitation", phone="2380000123a", consent=True), "phone", "手机"),
        (WorkerInput("老王", "astronaut", consent=True), "occupation_code", "职业类别"),
        (WorkerInput("老王", "sanitation"), "consent", "同意"),
    ],
)
def test_bad_registrations_are_refused_in_chinese_and_nothing_is_saved(
    ready, data: WorkerInput, field: str, words: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        ready.workers.register(data)
    assert words in refused.value.problems[field]
    assert ready.workers.count(include_inactive=True) == 0


def test_every_problem_is_reported_at_once(ready) -> None:
    with pytest.raises(ValidationFailed) as refused:
        ready.workers.register(WorkerInput("", "", phone="1"))
    assert set(refused.value.problems) == {"display_name", "phone", "occupation_code", "consent"}


def test_a_switched_off_occupation_cannot_be_chosen_but_a_worker_may_keep_it(
    ready, register
) -> None:
    # Given a worker registered as a courier, and the station then switches couriers off
    worker = register("小李", "courier")
    with ready.db.engine.begin() as conn:
        conn.execute(text("UPDATE occupation SET active = 0 WHERE code = 'courier'"))
    # When someone new is registered as a courier, Then that is refused
    with pytest.raises(ValidationFailed) as refused:
        register("小张", "courier")
    assert "occupation_code" in refused.value.problems
    # But the existing courier's phone can still be corrected without changing occupation
    updated = ready.workers.update(
        worker.id, WorkerInput("小李", "courier", phone="13912345678", consent=True)
    )
    assert updated.phone_masked == "139****5678"


def test_editing_keeps_the_first_consent_date(ready) -> None:
    worker = ready.workers.register(
        WorkerInput("老王", "sanitation", consent=True), today=dt.date(2026, 5, 1)
    )
    updated = ready.workers.update(
        worker.id, WorkerInput("王师傅", "courier", employer="顺丰", consent=True)
    )
    assert (updated.display_name, updated.occupation_label, updated.employer) == (
        "王师傅",
        "快递员",
        "顺丰",
    )
    assert updated.consent_on == dt.date(2026, 5, 1)
    with pytest.raises(ValidationFailed) as refused:
        ready.workers.update(worker.id, WorkerInput("王师傅", "courier", consent=False))
    assert "consent" in refused.value.problems


def test_find_by_name_phone_ending_and_card_number(ready, register) -> None:
    # Given three workers, one with a card
    wang = register("王建国", phone="13800001234")
    li = register("李秀英", "courier", phone="13900005678")
    zhang = register("张伟", "delivery_rider")
    card = ready.cards.issue(zhang.id)

    def names(query: str) -> list[str]:
        return [w.display_name for w in ready.workers.find(query)]

    # Then a part of a name, the last digits of a phone or the card number finds the right one
    assert names("秀英") == ["李秀英"]
    assert names("1234") == ["王建国"]
    assert names("0000 5678") == ["李秀英"]
    assert names(card.card_no.lower()) == ["张伟"]
    assert names(card.card_no[-6:]) == ["张伟"]  # the serial printed on the card
    assert names("no such person") == []
    # An empty search lists everyone, the most recently registered first
    assert names("") == ["张伟", "李秀英", "王建国"]
    assert [w.id for w in ready.workers.find("", limit=2)] == [zhang.id, li.id]
    assert ready.workers.find("张伟")[0].card_no == card.card_no
    assert wang.id != zhang.id


def test_search_text_is_not_a_pattern(ready, register) -> None:
    register("王_1")
    register("王a1")
    assert [w.display_name for w in ready.workers.find("_")] == ["王_1"]
    assert [w.display_name for w in ready.workers.find("%")] == []


def test_a_deactivated_worker_is_hidden_unless_asked_for(ready, register) -> None:
    worker = register("老王")
    ready.workers.deactivate(worker.id)
    assert ready.workers.find("老王") == []
    assert [w.active for w in ready.workers.find("老王", include_inactive=True)] == [False]
    assert (ready.workers.count(), ready.workers.count(include_inactive=True)) == (0, 1)
    assert ready.workers.reactivate(worker.id).active
    assert ready.workers.count() == 1


def test_erasing_removes_the_person_but_keeps_the_visits_as_anonymous_counts(
    ready, register
) -> None:
    # Given a sanitation worker with a card who came twice, and a courier who came once
    wang = register("老王", phone="13800001234", employer="环卫处", union_member=True)
    card = ready.cards.issue(wang.id, today=dt.date(2026, 11, 24))
    ready.checkin.scan(card.qr_text, now=beijing(24, 9))
    ready.checkin.scan(card.qr_text, now=beijing(24, 15))
    ready.checkin.anonymous("courier", now=beijing(24, 10))
    before = ready.checkin.today(now=beijing(24, 18))

    # When the worker asks to be erased
    ready.workers.erase(wang.id)

    # Then the person is gone: not found, not counted, nothing personal left in the row
    assert ready.workers.find("老王", include_inactive=True) == []
    assert ready.workers.count(include_inactive=True) == 0
    with pytest.raises(ServiceError):
        ready.workers.get(wang.id)
    with ready.db.engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT display_name, phone, employer, union_member, consent_on, active,"
                " erased_at IS NOT NULL FROM worker"
            )
        ).one()
        assert tuple(row) == ("", None, "", 0, None, 0, 1)
        linked = conn.execute(
            text("SELECT count(*) FROM visit WHERE worker_id IS NOT NULL OR card_id IS NOT NULL")
        ).scalar_one()
        assert linked == 0
    # …their card no longer works…
    assert ready.checkin.scan(card.qr_text, now=beijing(25, 9)).status == "refused"
    # …and the day's figures by occupation are what they were
    after = ready.checkin.today(now=beijing(24, 18))
    assert after.visits == before.visits == 3
    assert after.by_occupation == before.by_occupation == {"环卫工人": 2, "快递员": 1}
    assert after.anonymous == 3
    # Erasing twice is not an error
    ready.workers.erase(wang.id)


def test_an_unknown_worker_is_refused_with_a_message(ready) -> None:
    with pytest.raises(ServiceError, match="没有编号为 404 的来访者"):
        ready.workers.get(404)


def test_labels_follow_the_language(ready, register) -> None:
    worker = register("老王")
    i18n.install("en")
    assert ready.workers.get(worker.id).occupation_label == "Sanitation worker"


def test_editing_with_the_masked_phone_keeps_the_number_and_empty_removes_it(
    ready, register
) -> None:
    worker = register("老王", phone="13800001234")
    kept = ready.workers.update(
        worker.id, WorkerInput("王师傅", "sanitation", phone="138****1234", consent=True)
    )
    assert kept.phone_masked == "138****1234"
    removed = ready.workers.update(worker.id, WorkerInput("王师傅", "sanitation", consent=True))
    assert removed.phone_masked == ""
