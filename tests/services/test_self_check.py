"""The station admin's self-check of its facilities: saved with its day and who made it,
shown in the weekly report (the items missing or broken, or "all there"), refused to an
attendant, and owed again each quarter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from station_app.app import Station, open_station
from station_app.clock import FrozenClock
from station_app.domain.enums import Role
from station_app.domain.errors import ServiceError
from station_app.domain.periods import week_of
from station_app.domain.self_check import SELF_CHECK_ITEMS, SelfCheckAnswer
from station_app.domain.station import StationProfile
from station_app.reports.period_pdf import period_report_pdf
from station_app.services.accounts.access import NotPermitted
from tests.reports.tools import needs_poppler, pdf_text
from tests.services.helpers import CHINA

ADMIN_PIN = "2580"
CLERK_PIN = "1357"


@pytest.fixture
def desk(data_dir: Path, clock: FrozenClock, china_time: None) -> Iterator[Station]:
    """Opened as the GUI opens it: the admin 王站长 signed in, an attendant 李明 on the list."""
    opened = open_station(data_dir, console=False, clock=clock)
    opened.accounts.create_first_admin("王站长", ADMIN_PIN, ADMIN_PIN)
    opened.station.save_profile(StationProfile("HF-LY-0012", "庐阳区环卫工人爱心驿站"))
    opened.accounts.add("李明", Role.ATTENDANT, CLERK_PIN, CLERK_PIN)
    yield opened
    opened.close()


def _two_broken(station: Station) -> list[SelfCheckAnswer]:
    answers = station.self_check.blank()
    broken = {"microwave": "加热不转", "rating_qr": "二维码被撕掉了"}
    return [
        SelfCheckAnswer(answer.code, answer.code not in broken, broken.get(answer.code, ""))
        for answer in answers
    ]


def _rows(station: Station, sql: str) -> list[tuple[object, ...]]:
    with station.db.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


@needs_poppler
def test_two_broken_items_are_in_the_weekly_report_with_the_day_and_who(
    desk: Station, clock: FrozenClock, tmp_path: Path
) -> None:
    assert desk.self_check.status().startswith("还没有")
    saved = desk.self_check.save(_two_broken(desk))
    assert saved.by == "王站长"
    assert saved.checked_on == clock.today()
    assert [answer.label for answer in saved.problems] == ["微波炉", "评价二维码公示"]
    assert len(saved.answers) == len(SELF_CHECK_ITEMS)
    audited = "SELECT action, detail FROM audit_event WHERE action LIKE 'self_check%'"
    assert _rows(desk, audited) == [("self_check.saved", "microwave rating_qr")]

    clock.advance(dt.timedelta(minutes=1))
    report = desk.reports.period_report(week_of(clock.today()), now=clock.now(), zone=CHINA)
    assert report.self_check == saved
    target = tmp_path / "week.pdf"
    period_report_pdf(report, target, zone=CHINA)
    printed = " ".join(pdf_text(target).split())
    assert "设施自查" in printed
    assert "11-24" in printed or "11月24日" in printed
    assert "王站长" in printed
    assert "微波炉" in printed and "加热不转" in printed
    assert "评价二维码公示" in printed and "二维码被撕掉了" in printed
    assert "空调" not in printed  # in order: not listed

    # Fixed the next day: the report says everything is there.
    clock.advance(dt.timedelta(days=1))
    desk.self_check.save([SelfCheckAnswer(code, True) for code, _label in SELF_CHECK_ITEMS])
    report = desk.reports.period_report(week_of(clock.today()), now=clock.now(), zone=CHINA)
    period_report_pdf(report, target, zone=CHINA)
    printed = " ".join(pdf_text(target).split())
    assert "全部齐全" in printed and "微波炉" not in printed
    assert "本季度尚未自查" not in printed

    # The next quarter's weekly report says this quarter's is still to do.
    clock.advance(dt.timedelta(days=40))
    report = desk.reports.period_report(week_of(clock.today()), now=clock.now(), zone=CHINA)
    period_report_pdf(report, target, zone=CHINA)
    assert "本季度尚未自查" in " ".join(pdf_text(target).split())


def test_an_attendant_is_refused_and_nothing_is_written(desk: Station) -> None:
    attendant = next(view.id for view in desk.accounts.on_duty() if view.name == "李明")
    desk.accounts.sign_in(attendant, CLERK_PIN)
    with pytest.raises(NotPermitted, match="站长"):
        desk.self_check.save(_two_broken(desk))
    assert _rows(desk, "SELECT count(*) FROM self_check") == [(0,)]
    assert _rows(desk, "SELECT count(*) FROM self_check_item") == [(0,)]


def test_a_list_missing_an_item_or_a_long_note_is_refused_whole(desk: Station) -> None:
    answers = _two_broken(desk)
    with pytest.raises(ServiceError, match="每一项"):
        desk.self_check.save(answers[1:])
    answers[0] = SelfCheckAnswer(answers[0].code, False, "长" * 201)
    with pytest.raises(ServiceError, match="200"):
        desk.self_check.save(answers)
    assert _rows(desk, "SELECT count(*) FROM self_check") == [(0,)]
    assert desk.self_check.latest() is None


def test_a_quarter_later_the_self_check_is_due_then_overdue(
    desk: Station, clock: FrozenClock
) -> None:
    desk.self_check.save(_two_broken(desk))  # 2026-11-24, in the fourth quarter
    assert "本季度的自查已完成" in desk.self_check.status()
    clock.advance(dt.timedelta(days=92))  # 2027-02-24
    status = desk.self_check.status()
    assert "2026-11-24" in status and "2027-03-31" in status and "到期" in status
    clock.advance(dt.timedelta(days=92))  # 2027-05-27: none in the first quarter
    assert "逾期" in desk.self_check.status()
    # The new one starts from what the last one found.
    assert [answer.ok for answer in desk.self_check.blank()] == [
        answer.ok for answer in _two_broken(desk)
    ]
