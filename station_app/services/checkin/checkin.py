"""Check-in: the attendant's main job, and the source of every number HQ sees.

``scan`` is the hot path: a scanned QR text (or a card number typed by hand) becomes one
visit in three indexed statements (issuer and revocation, the card with its worker and
their visits, the insert) and one commit, written in SQLAlchemy Core
(``db/checkin_queries.py``). Whatever a scanner sends, it never raises for bad input:
anything that is not an acceptable card is REFUSED with a message that says why, and
nothing is written.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence

from sqlalchemy import Connection, case, delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from station_app.clock import Clock
from station_app.db import checkin_queries as queries
from station_app.db.engine import Database
from station_app.db.models import (
    Loan,
    Occupation,
    ServiceRecord,
    StationProfileRow,
    StockMovement,
    Visit,
)
from station_app.db.uow import CoreUnitOfWork, UnitOfWork
from station_app.domain.cards import (
    MAX_SCAN_LENGTH,
    PREFIX,
    CardClaim,
    CardRefused,
    Refusal,
    parse,
    verify,
)
from station_app.domain.catalog import FALLBACK_OCCUPATION
from station_app.domain.days import (
    day_bounds,
    local_date,
    month_bounds,
    to_local,
)
from station_app.domain.dedupe import is_repeat
from station_app.domain.enums import VisitSource
from station_app.domain.errors import ServiceError
from station_app.i18n import _
from station_app.i18n.formatting import short_date, time_of_day
from station_app.services.accounts import audit_writer as audit
from station_app.services.accounts.access import require_owner_or_admin
from station_app.services.checkin.outcomes import (
    CheckinResult,
    CheckinStatus,
    TodayCounts,
    VisitRow,
)
from station_app.services.checkin.visit_log import visit_rows
from station_app.services.station.labels import catalog_label, occupation_label, occupation_labels

log = logging.getLogger(__name__)
Month = tuple[dt.datetime, dt.datetime]  # [start, end) in UTC

GROUP_MAX = 50
UNDO_MINUTES = 10
_CARD_NO = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,39}$")  # as printed under the QR
_SERIAL = re.compile(r"^[0-9]{1,6}$")  # the serial alone: "31" is <station code>-000031


class _Refused(Exception):
    """Internal: the scan is refused with this (translated) message."""

    def __init__(self, message: str, card_no: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.card_no = card_no


def _not_a_card() -> _Refused:
    return _Refused(
        _(
            "This is not a station card. Scan the card's QR code again, or type the card number "
            "printed under it."
        )
    )


def _refusal_message(refused: CardRefused, claim: CardClaim | None) -> str:
    card_no = claim.card_no if claim else ""
    if refused.reason is Refusal.MALFORMED:
        return _not_a_card().message
    if refused.reason is Refusal.UNKNOWN_ISSUER:
        return _(
            "This card was issued by a station or headquarters this station does not trust "
            "yet (key {key_id}). Import the issuer's public key, or register the worker here."
        ).format(key_id=claim.key_id if claim else "?")
    if refused.reason is Refusal.BAD_SIGNATURE:
        return _(
            "This card's signature is not valid: it may be forged or damaged. Ask the worker "
            "for another card or register them again."
        )
    if refused.reason is Refusal.REVOKED:
        return _revoked(card_no).message
    if refused.reason is Refusal.EXPIRED:
        expired = claim.expires_on if claim and claim.expires_on else None
        return _expired(card_no, expired).message
    return _(
        "Card {card_no} is dated in the future ({day}). Check this computer's date and time; "
        "if they are right, the card is not genuine."
    ).format(card_no=card_no, day=short_date(claim.issued_on) if claim else "?")


def _revoked(card_no: str) -> _Refused:
    return _Refused(
        _(
            "Card {card_no} has been withdrawn (lost, replaced or erased) and no longer works. "
            "Ask the worker for their new card, or issue one on the Workers page."
        ).format(card_no=card_no),
        card_no,
    )


def _expired(card_no: str, day: dt.date | None) -> _Refused:
    return _Refused(
        _("Card {card_no} expired on {day}. Issue the worker a new card.").format(
            card_no=card_no, day=short_date(day) if day else "?"
        ),
        card_no,
    )


def _check_holder(holder: queries.Holder) -> None:
    if holder.withdrawn or holder.worker_erased:
        raise _revoked(holder.card_no)
    if holder.worker_id is not None and not holder.worker_active:
        raise _Refused(
            _(
                "{name}'s registration is deactivated, so the visit was not counted. Reactivate "
                "them on the Workers page if they use the station again."
            ).format(name=holder.worker_name),
            holder.card_no,
        )


class CheckinService:
    """Visits: scans, anonymous taps, undo, and the counters of the check-in page."""

    def __init__(self, db: Database, clock: Clock, dedupe_minutes: Callable[[], int]) -> None:
        self._db = db
        self._clock = clock
        self._dedupe_minutes = dedupe_minutes

    # -- scanning -----------------------------------------------------------------------

    def scan(self, code: str, *, now: dt.datetime | None = None) -> CheckinResult:
        """Check in the card behind ``code``: a scanned QR text or a typed card number.

        ACCEPTED writes one visit; ALREADY (same worker within the dedupe window) and
        REFUSED (anything else) write nothing. Never raises for bad input.
        """
        moment = self._clock.or_now(now)
        today = local_date(moment, self._clock.zone)
        text = code.strip().upper() if len(code) <= MAX_SCAN_LENGTH else ""
        scanned = text.startswith(PREFIX + ".")
        try:
            if not (scanned or _SERIAL.match(text) or _CARD_NO.match(text)):
                raise _not_a_card()
            with CoreUnitOfWork(self._db) as uow:
                conn = uow.connection
                month = month_bounds(today, self._clock.zone)
                if scanned:
                    holder, source = self._scanned(conn, text, today, month), VisitSource.CARD
                else:
                    holder, source = self._typed(conn, text, today, month), VisitSource.MANUAL
                result = self._admit(conn, holder, source, moment)
                if result.status is CheckinStatus.ACCEPTED:
                    uow.commit()
                return result
        except _Refused as refused:
            return CheckinResult(CheckinStatus.REFUSED, refused.message, card_no=refused.card_no)

    def _scanned(self, conn: Connection, text: str, today: dt.date, month: Month) -> queries.Holder:
        """The card behind a scanned QR text, once its signature and standing are checked."""
        claim: CardClaim | None = None
        try:
            parsed = parse(text)
            claim = parsed[0]
            issuer = queries.issuer(conn, claim.key_id, claim.card_no)
            trusted = {claim.key_id: issuer.public_key} if issuer.public_key is not None else {}
            revoked = frozenset({(claim.key_id, claim.card_no)}) if issuer.listed else frozenset()
            claim = verify(text, trusted, today, revoked, parsed=parsed)
        except CardRefused as refused:
            card_no = claim.card_no if claim else ""
            raise _Refused(_refusal_message(refused, claim), card_no) from None
        holder = queries.holder(conn, claim.card_no, month)
        if holder is None:
            # A genuine card from HQ or another trusted station, seen here for the first time.
            # Only the default list means the same everywhere: "custom_1" is one thing at
            # the issuing station and another here (or nothing), so it counts as "other".
            occupation = claim.occupation
            known = queries.occupation(conn, occupation)
            if known is None or not known[1]:
                occupation = FALLBACK_OCCUPATION
            queries.add_foreign_card(
                conn,
                card_no=claim.card_no,
                key_id=claim.key_id,
                occupation_code=occupation,
                issued_on=claim.issued_on,
                expires_on=claim.expires_on,
            )
            holder = queries.holder(conn, claim.card_no, month)
            assert holder is not None
        elif holder.issuer_key_id != claim.key_id:
            raise _Refused(
                _(
                    "Card {card_no} does not match the card registered here under that number. "
                    "Ask the worker for another card or register them again."
                ).format(card_no=claim.card_no),
                claim.card_no,
            )
        _check_holder(holder)
        return holder

    def _typed(self, conn: Connection, text: str, today: dt.date, month: Month) -> queries.Holder:
        """The card behind a card number typed by hand: one registered here, still valid."""
        card_no = text
        if _SERIAL.match(text):
            profile = conn.execute(
                select(StationProfileRow.code).where(StationProfileRow.id == 1)
            ).scalar()
            if profile is None:
                raise _not_a_card()
            card_no = f"{profile}-{int(text):06d}"
        holder = queries.holder(conn, card_no, month)
        if holder is None:
            raise _Refused(
                _(
                    "There is no card {card_no} at this station. Check the number, or scan the "
                    "card's QR code."
                ).format(card_no=card_no),
                card_no,
            )
        if holder.worker_id is None:
            raise _Refused(
                _(
                    "Card {card_no} was issued elsewhere, so its number cannot be typed in. "
                    "Scan its QR code instead."
                ).format(card_no=card_no),
                card_no,
            )
        if queries.is_listed(conn, holder.issuer_key_id, card_no):
            raise _revoked(card_no)
        _check_holder(holder)
        if holder.expires_on is not None and holder.expires_on < today:
            raise _expired(card_no, holder.expires_on)
        return holder

    def _admit(
        self,
        conn: Connection,
        holder: queries.Holder,
        source: VisitSource,
        moment: dt.datetime,
    ) -> CheckinResult:
        label = catalog_label(holder.occupation_name, holder.occupation_builtin)
        name, card_no = holder.worker_name, holder.card_no
        known = holder.worker_id is not None
        if is_repeat(holder.last_visit, moment, self._dedupe_minutes()):
            assert holder.last_visit is not None
            at = time_of_day(to_local(holder.last_visit, self._clock.zone))
            message = (
                _("{name} already checked in at {time}; not counted twice.").format(
                    name=name, time=at
                )
                if known
                else _("Card {card_no} already checked in at {time}; not counted twice.").format(
                    card_no=card_no, time=at
                )
            )
            same = Visit.worker_id == holder.worker_id if known else Visit.card_id == holder.card_id
            open_visit = conn.scalar(
                select(Visit.id)
                .where(same)
                .order_by(Visit.checked_in_at.desc(), Visit.id.desc())
                .limit(1)
            )
            return CheckinResult(
                CheckinStatus.ALREADY,
                message,
                worker_name=name,
                occupation_label=label,
                visits_this_month=holder.visits_this_month,
                card_no=card_no,
                open_visit_id=open_visit,
            )
        visit_id = queries.add_visit(
            conn,
            at=moment,
            source=source.value,
            occupation_code=holder.occupation_code,
            worker_id=holder.worker_id,
            card_id=holder.card_id,
        )
        count = holder.visits_this_month + 1
        message = (
            _("Welcome, {name}! Visit {n} this month.").format(name=name, n=count)
            if known
            else _("Welcome! Card {card_no} from another station: visit {n} this month.").format(
                card_no=card_no, n=count
            )
        )
        return CheckinResult(
            CheckinStatus.ACCEPTED,
            message,
            visit_ids=(visit_id,),
            worker_name=name,
            occupation_label=label,
            visits_this_month=count,
            card_no=card_no,
        )

    # -- anonymous visits and undo -----------------------------------------------------------

    def anonymous(
        self, occupation_code: str, count: int = 1, *, now: dt.datetime | None = None
    ) -> CheckinResult:
        """Count ``count`` visitors without a card (one visit each) under an occupation."""
        if not 1 <= count <= GROUP_MAX:
            raise ServiceError(
                _("A group can be 1 to {n} people. Count a bigger group in several steps.").format(
                    n=GROUP_MAX
                )
            )
        moment = self._clock.or_now(now)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            occupation = session.get(Occupation, occupation_code)
            if occupation is None or not occupation.active:
                raise ServiceError(_("Choose an occupation category from the list."))
            visits = [
                Visit(
                    checked_in_at=moment,
                    source=VisitSource.ANONYMOUS.value,
                    occupation_code=occupation.code,
                )
                for _ in range(count)
            ]
            session.add_all(visits)
            session.flush()
            label = occupation_label(session, occupation.code)
            message = (
                _("Anonymous visit counted: {occupation}.").format(occupation=label)
                if count == 1
                else _("{n} anonymous visits counted: {occupation}.").format(
                    n=count, occupation=label
                )
            )
            result = CheckinResult(
                CheckinStatus.ACCEPTED,
                message,
                visit_ids=tuple(visit.id for visit in visits),
                occupation_label=label,
            )
            uow.commit()
            return result

    def undo(self, visit_ids: Sequence[int], *, now: dt.datetime | None = None) -> None:
        """Remove visits written in the last 10 minutes, with their services, stock
        movements and loans; ServiceError (and nothing removed) otherwise."""
        ids = set(visit_ids)
        if not ids:
            return
        moment = self._clock.or_now(now)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            found = session.execute(
                select(Visit.checked_in_at, Visit.attendant_id).where(Visit.id.in_(ids))
            ).all()
            times = [at for at, _who in found]
            for _at, who in found:
                require_owner_or_admin(self._db, who)
            if len(times) != len(ids):
                raise ServiceError(
                    _("This visit was already undone. Check the recent visits list.")
                )
            if moment - min(times) > dt.timedelta(minutes=UNDO_MINUTES):
                raise ServiceError(
                    _(
                        "Only visits from the last {n} minutes can be undone. Ask the station "
                        "manager to correct older records."
                    ).format(n=UNDO_MINUTES)
                )
            movements = set(
                session.scalars(select(StockMovement.id).where(StockMovement.visit_id.in_(ids)))
            )
            movements |= {
                movement
                for movement in session.scalars(
                    select(ServiceRecord.stock_movement_id).where(ServiceRecord.visit_id.in_(ids))
                )
                if movement is not None
            }
            loans = list(
                session.execute(
                    select(Loan.id, Loan.return_movement_id).where(
                        or_(
                            Loan.lend_movement_id.in_(movements),
                            Loan.return_movement_id.in_(movements),
                        )
                    )
                )
            )
            movements |= {returned for _id, returned in loans if returned is not None}
            movements |= set(
                session.scalars(
                    select(StockMovement.id).where(StockMovement.reverses_id.in_(movements))
                )
            )
            try:
                session.execute(
                    delete(ServiceRecord).where(
                        or_(
                            ServiceRecord.visit_id.in_(ids),
                            ServiceRecord.stock_movement_id.in_(movements),
                        )
                    )
                )
                session.execute(delete(Loan).where(Loan.id.in_([loan for loan, _r in loans])))
                session.execute(delete(StockMovement).where(StockMovement.id.in_(movements)))
                session.execute(delete(Visit).where(Visit.id.in_(ids)))
                for visit_id in sorted(ids):
                    audit.record(session, "visit.undone", "visit", visit_id, at=self._clock.now())
            except IntegrityError:
                log.exception("undo of visits %s blocked by other records", sorted(ids))
                raise ServiceError(
                    _(
                        "This visit cannot be undone because later records depend on it. Ask "
                        "the station manager to correct it."
                    )
                ) from None
            uow.commit()

    # -- counters and the recent-visits list -------------------------------------------------

    def today(self, *, now: dt.datetime | None = None) -> TodayCounts:
        """Today's visits (local calendar day): total, distinct cards, anonymous, by occupation."""
        moment = self._clock.or_now(now)
        zone = self._clock.zone
        start, end = day_bounds(local_date(moment, zone), zone)
        in_day = (Visit.checked_in_at >= start, Visit.checked_in_at < end)
        with UnitOfWork(self._db, write=False) as uow:
            session = uow.session
            visits, distinct, anonymous = session.execute(
                select(
                    func.count(),
                    func.count(Visit.card_id.distinct()),
                    func.coalesce(
                        func.sum(case((Visit.source == VisitSource.ANONYMOUS.value, 1), else_=0)),
                        0,
                    ),
                ).where(*in_day)
            ).one()
            per_code = {
                code: visits_of_code
                for code, visits_of_code in session.execute(
                    select(Visit.occupation_code, func.count())
                    .where(*in_day)
                    .group_by(Visit.occupation_code)
                )
            }
            by_label: dict[str, int] = {}
            for code, label in occupation_labels(session).items():
                if per_code.get(code):
                    by_label[label] = by_label.get(label, 0) + per_code[code]
            return TodayCounts(
                visits=visits,
                distinct_workers=distinct,
                anonymous=anonymous,
                by_occupation=by_label,
            )

    def recent(self, offset: int, limit: int) -> list[VisitRow]:
        """Visits newest first, ``limit`` of them after skipping ``offset`` (for a lazy list).

        The page's ids come from walking the index on the check-in time alone (SQLite keeps
        the id in it), and only those rows are then read and joined: the deeper pages of a
        million visits cost tens of milliseconds, not the hundreds a joined OFFSET would.
        """
        page = (
            select(Visit.id)
            .order_by(Visit.checked_in_at.desc(), Visit.id.desc())
            .offset(max(0, offset))
            .limit(max(0, limit))
        )
        with UnitOfWork(self._db, write=False) as uow:
            rows = visit_rows(uow.session, Visit.id.in_(page))
        # The page is at most ``limit`` rows: ordering them here keeps SQLite from sorting.
        rows.sort(key=lambda row: (row.checked_in_at, row.id), reverse=True)
        return rows

    def count_visits(self) -> int:
        """How many visits the station has recorded (the length of the recent-visits list)."""
        with UnitOfWork(self._db, write=False) as uow:
            return uow.session.scalar(select(func.count()).select_from(Visit)) or 0
