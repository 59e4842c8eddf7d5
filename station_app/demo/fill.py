"""Demo data: fill an empty station with a believable year, to try the app and its reports.

The story itself is told in the ``demo_*`` modules (people, calendar, visits, stock, loans,
build); this one reads what the station already has, writes the rows in bulk and commits
once. The same seed, period and station give the same rows, so screenshots and tests can
rely on them; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from station_app.config.settings import CLOSED_DAYS, POSTED_HOURS, Settings
from station_app.db.engine import Database
from station_app.db.models import (
    Activity,
    ActivityItem,
    ActivityParticipant,
    Attendant,
    AuditEvent,
    Base,
    Campaign,
    CampaignItem,
    Card,
    FeedbackRow,
    InventoryItem,
    Loan,
    Occupation,
    SelfCheckItemRow,
    SelfCheckRow,
    ServiceRecord,
    ServiceType,
    StationProfileRow,
    StockMovement,
    Visit,
    Worker,
)
from station_app.db.uow import UnitOfWork
from station_app.demo.build import DemoBuilder, DemoPlan, DemoRows, FirstIds, Row
from station_app.demo.calendar import local_moment
from station_app.demo.duty import WEEK_HOURS
from station_app.demo.identity import DEMO_ACCOUNTS, DEMO_PROFILE
from station_app.domain.accounts import hash_secret
from station_app.domain.demo_key import demo_signing_key
from station_app.domain.enums import Role
from station_app.domain.errors import ServiceError
from station_app.domain.progress import Progress, no_progress
from station_app.i18n import _
from station_app.services.people.keyring import own_key_row

CHUNK = 2000  # rows per executemany: big enough to be fast, small enough for a smooth bar
SAVING = 2  # writing the rows takes about twice as long as making them up


@dataclass(frozen=True)
class DemoSummary:
    """How many rows of each kind the demo added."""

    workers: int
    visits: int
    services: int
    items: int
    movements: int
    loans: int


class DemoService:
    """Demo data for trying the app: refused once the station has real (or demo) visits.

    With the station's ``settings`` the demo's posted hours (where none were posted) and
    closed days are saved too, so the hours kept read against them."""

    def __init__(self, db: Database, settings: Settings | None = None) -> None:
        self._db = db
        self._settings = settings

    def has_visits(self) -> bool:
        """True when the station has at least one visit (demo data is then refused)."""
        with UnitOfWork(self._db, write=False) as uow:
            return _has_visits(uow.session)

    def fill(
        self,
        *,
        seed: int = 1,
        days: int = 365,
        until: dt.date,
        busy: float = 1.0,
        progress: Progress = no_progress,
    ) -> DemoSummary:
        """Add ``days`` days of demo visits ending on ``until``, with workers, stock and loans.

        ``busy`` scales the number of visits a day (1.0 ≈ 90; benchmarks use about 6 for the
        550 a day of a very busy station). Keeps an existing station profile and creates the
        demo one otherwise. Raises
        ServiceError when the station already has visits: demo data never mixes with real.
        """
        if days < 1:
            raise ServiceError(_("Choose at least one day of demo data."))
        first_day = until - dt.timedelta(days=days - 1)
        total = (1 + SAVING) * days
        with UnitOfWork(self._db) as uow:
            session = uow.session
            if _has_visits(session):
                raise ServiceError(
                    _(
                        "Demo data is only added to an empty station, and this one already has "
                        "visits. Use a new data folder to try the demo."
                    )
                )
            progress(0, total, _("Creating workers"))
            set_up = local_moment(first_day - dt.timedelta(days=1), 9 * 3600)
            station_code = _ensure_profile(session, set_up)
            _ensure_accounts(session, set_up)
            # Made from the seed, so the same seed gives the same cards; anyone can make it,
            # so it is marked as a demo key and other stations refuse to trust it.
            key = own_key_row(
                session, new_key=lambda: demo_signing_key(seed), added_at=set_up, demo=True
            )
            plan = replace(
                _plan(session, first_day, days, station_code), busy=busy, card_key_id=key.key_id
            )
            builder = DemoBuilder(random.Random(seed), plan)
            message = _("Generating visits")
            rows = builder.build(lambda done: progress(done, total, message))
            message = _("Saving demo data")
            _save(
                session,
                rows,
                lambda share: progress(days + round(SAVING * days * share), total, message),
            )
            uow.commit()
        if self._settings is not None:
            _post_hours(self._settings, rows.closed_days)
        progress(total, total, _("Demo data ready"))
        return DemoSummary(
            workers=len(rows.workers),
            visits=len(rows.visits),
            services=len(rows.services),
            items=len(rows.items),
            movements=len(rows.movements),
            loans=len(rows.loans),
        )


def _post_hours(settings: Settings, closed: dict[dt.date, str]) -> None:
    """The demo's hours where the station posted none, and its closed days beside any
    the station declared itself."""
    values: dict[str, object] = {}
    posted: tuple[str, ...] = settings.get(POSTED_HOURS)
    if not any(posted):
        values[POSTED_HOURS.key] = list(WEEK_HOURS)
    declared_before: tuple[tuple[str, str], ...] = settings.get(CLOSED_DAYS)
    declared = dict(declared_before)
    for day, note in closed.items():
        declared.setdefault(day.isoformat(), note)
    values[CLOSED_DAYS.key] = sorted(declared.items())
    settings.update(values)


def _has_visits(session: Session) -> bool:
    return bool(session.scalar(select(select(Visit.id).exists())))


# The practice station's sign-ins (README, and the sign-in screen of a demo station).


def _ensure_accounts(session: Session, set_up: dt.datetime) -> None:
    """A station admin and an attendant to sign in as, where nobody was set up yet."""
    if session.scalar(select(select(Attendant.id).exists())):
        return
    for name, role, pin in DEMO_ACCOUNTS:
        session.add(
            Attendant(name=name, role=role, secret_hash=hash_secret(pin), created_at=set_up)
        )


def _ensure_profile(session: Session, set_up: dt.datetime) -> str:
    """The station's code; a demo profile is created only where none was set up."""
    row = session.get(StationProfileRow, 1)
    if row is None:
        row = StationProfileRow(id=1, created_at=set_up, updated_at=set_up, **asdict(DEMO_PROFILE))
        session.add(row)
        session.flush()
    return row.code


def _plan(session: Session, first_day: dt.date, days: int, station_code: str) -> DemoPlan:
    occupations = list(
        session.scalars(
            select(Occupation.code)
            .where(Occupation.active)
            .order_by(Occupation.sort_order, Occupation.code)
        )
    )
    if not occupations:
        raise ServiceError(_("Turn on at least one occupation category before adding demo data."))
    service_types = {
        code: type_id
        for code, type_id in session.execute(
            select(ServiceType.code, ServiceType.id)
            .where(ServiceType.active)
            .order_by(ServiceType.sort_order, ServiceType.code)
        )
    }
    attendants = tuple(
        session.scalars(
            select(Attendant.id)
            .where(Attendant.active)
            .order_by((Attendant.role == Role.ADMIN.value).desc(), Attendant.id)
        )
    )
    return DemoPlan(
        attendants=attendants,
        first_day=first_day,
        days=days,
        occupations=occupations,
        service_types=service_types,
        station_code=station_code,
        taken_card_nos=set(session.scalars(select(Card.card_no))),
        first=FirstIds(
            worker=_next_id(session, Worker.id),
            card=_next_id(session, Card.id),
            item=_next_id(session, InventoryItem.id),
            visit=_next_id(session, Visit.id),
            service=_next_id(session, ServiceRecord.id),
            movement=_next_id(session, StockMovement.id),
            loan=_next_id(session, Loan.id),
            activity=_next_id(session, Activity.id),
            campaign=_next_id(session, Campaign.id),
            self_check=_next_id(session, SelfCheckRow.id),
        ),
    )


def _next_id(session: Session, key: InstrumentedAttribute[int]) -> int:
    """Past the largest id in the table and, where ids are never reused (AUTOINCREMENT), past
    every id it ever gave out: an undone visit's id stays unused by the demo's rows too."""
    used = session.scalar(select(func.max(key))) or 0
    given = session.scalar(
        text("SELECT seq FROM sqlite_sequence WHERE name = :name"),
        {"name": key.class_.__tablename__},
    )
    return max(used, given or 0) + 1


def _save(session: Session, rows: DemoRows, on_share: Callable[[float], None]) -> None:
    """Insert in dependency order: each table only points at rows already written."""
    tables: list[tuple[type[Base], list[Row]]] = [
        (InventoryItem, rows.items),
        (Worker, rows.workers),
        (Card, rows.cards),
        (Visit, rows.visits),
        (StockMovement, rows.movements),
        (ServiceRecord, rows.services),
        (Loan, rows.loans),
        (FeedbackRow, rows.feedback),
        (Activity, rows.activities),
        (ActivityParticipant, rows.participants),
        (ActivityItem, rows.activity_items),
        (Campaign, rows.campaigns),
        (CampaignItem, rows.campaign_items),
        (SelfCheckRow, rows.self_checks),
        (SelfCheckItemRow, rows.self_check_items),
        (AuditEvent, rows.audit),
    ]
    total = sum(len(table_rows) for _model, table_rows in tables) or 1
    written = 0
    for model, table_rows in tables:
        # A Core insert skips the ORM's per-row bookkeeping: half the time for a year's rows.
        table = Base.metadata.tables[model.__tablename__]
        for start in range(0, len(table_rows), CHUNK):
            chunk = table_rows[start : start + CHUNK]
            session.execute(insert(table), chunk)
            written += len(chunk)
            on_share(written / total)
    _link_consumption(session, rows.consumes)


def _link_consumption(session: Session, consumes: dict[str, tuple[int, int]]) -> None:
    """Giving drinking water now takes a bottle from stock, first aid a plaster."""
    for code, (item_id, quantity) in consumes.items():
        session.execute(
            update(ServiceType)
            .where(ServiceType.code == code)
            .values(consumes_item_id=item_id, consumes_quantity=quantity)
        )
