"""HQ-wide settings the admin changes on the dashboard (timeliness days, …)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from station_app.hq.audit import record
from station_app.hq.db import HqBase, HqDatabase
from station_app.hq.figures import DEFAULT_TIMELY_DAYS

TIMELY_DAYS = "timely_days"
MAX_TIMELY_DAYS = 60


class HqSetting(HqBase):
    __tablename__ = "hq_setting"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


def timely_days(db: HqDatabase) -> int:
    with db.sessions() as session:
        row = session.get(HqSetting, TIMELY_DAYS)
    if row is None or not row.value.isdigit():
        return DEFAULT_TIMELY_DAYS
    return int(row.value)


def set_timely_days(db: HqDatabase, days: int, *, by: str, now: dt.datetime) -> None:
    if not 0 <= days <= MAX_TIMELY_DAYS:
        raise ValueError(days)
    with db.sessions() as session:
        row = session.get(HqSetting, TIMELY_DAYS)
        before = row.value if row else str(DEFAULT_TIMELY_DAYS)
        if row is None:
            session.add(HqSetting(key=TIMELY_DAYS, value=str(days)))
        else:
            row.value = str(days)
        record(session, by, "setting.change", TIMELY_DAYS, f"{before} -> {days}", now)
        session.commit()
