"""Workers' cards: issue, reissue (a lost card), withdraw, and what to print.

A card's QR text is signed with the station's own key (``domain.cards``). It is not
stored: Ed25519 signatures are deterministic, so the same card always gives the same text,
and it is made again whenever a card is shown or printed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import QueryableAttribute, Session

from station_app.clock import Clock
from station_app.db.engine import Database
from station_app.db.models import Card, RevokedCard, StationProfileRow, Worker
from station_app.db.uow import UnitOfWork
from station_app.domain.cards import CardClaim, encode
from station_app.domain.enums import RevocationSource
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.domain.printables import CardPrint
from station_app.i18n import _
from station_app.services.accounts import audit_writer as audit
from station_app.services.people.keyring import own_key_row, signing_key
from station_app.services.people.worker_data import CardView
from station_app.services.station.labels import occupation_labels

REASON_MAX = 200
SERIAL_DIGITS = 6
CARD_NO_MAX = 40  # what the card format carries (domain.cards)
_ENCODABLE_OCCUPATION = re.compile(r"^[a-z0-9_]{1,32}$")


def revoke_card_row(session: Session, card: Card, reason: str, at: dt.datetime) -> None:
    """Withdraw ``card`` and put it on the list every scan consults."""
    card.revoked_at = at
    card.revoke_reason = reason[:REASON_MAX]
    session.execute(
        sqlite_insert(RevokedCard)
        .values(
            key_id=card.issuer_key_id[:8],
            card_no=card.card_no,
            revoked_at=at,
            reason=reason[:REASON_MAX],
            source=RevocationSource.LOCAL.value,
        )
        .on_conflict_do_nothing(index_elements=["key_id", "card_no"])
    )


def _is_valid(card: Card, today: dt.date) -> bool:
    return card.revoked_at is None and (card.expires_on is None or card.expires_on >= today)


def _claim(card: Card) -> CardClaim:
    return CardClaim(
        key_id=card.issuer_key_id,
        card_no=card.card_no,
        occupation=card.occupation_code,
        issued_on=card.issued_on,
        expires_on=card.expires_on,
    )


class _Signer:
    """Makes QR texts for cards this station signed; others (HQ's, demo) have none here."""

    def __init__(self, session: Session, now: dt.datetime) -> None:
        row = own_key_row(session, added_at=now)
        self.key_id = row.key_id
        self._key = signing_key(row)

    def qr_text(self, card: Card) -> str:
        if card.issuer_key_id != self.key_id or card.revoked_at is not None:
            return ""
        return encode(_claim(card), self._key)


def _view(card: Card, signer: _Signer) -> CardView:
    return CardView(
        card_no=card.card_no,
        worker_id=card.worker_id,
        key_id=card.issuer_key_id,
        issued_on=card.issued_on,
        expires_on=card.expires_on,
        revoked=card.revoked_at is not None,
        qr_text=signer.qr_text(card),
    )


def _station_code(session: Session) -> str:
    profile = session.get(StationProfileRow, 1)
    if profile is None:
        raise ServiceError(
            _(
                "Enter the station's code and name first (the app asks for them when it starts "
                "for the first time): card numbers begin with the station code."
            )
        )
    return profile.code


def _highest_serial(session: Session, column: QueryableAttribute[str], prefix: str) -> int:
    """The largest number after ``prefix`` among the values of ``column`` that are
    ``prefix`` followed by digits only, compared as numbers of any length (1000000 is past
    999999; SQLite's integers would stop at 2**63)."""
    digits = func.ltrim(func.substr(column, len(prefix) + 1), "0")
    found = session.scalar(
        select(digits)
        .where(column.op("GLOB")(f"{prefix}[0-9]*"), ~digits.op("GLOB")("*[^0-9]*"))
        .order_by(func.length(digits).desc(), digits.desc())
        .limit(1)
    )
    return int(found or 0)


def _next_card_no(session: Session, station_code: str) -> str:
    """``<station code>-<serial>``: past every number of this station's numbering it knows.

    That is its cards (its own, and any first seen here) and every withdrawn card, whatever
    key it is listed under: a revocation list may name numbers this station never issued
    (a typo, another key of this station), and a new card must never be one of them. A
    serial past 999999 simply grows a digit.
    """
    prefix = f"{station_code}-"
    serial = max(
        _highest_serial(session, Card.card_no, prefix),
        _highest_serial(session, RevokedCard.card_no, prefix),
    )
    card_no = f"{prefix}{serial + 1:0{SERIAL_DIGITS}d}"
    if len(card_no) > CARD_NO_MAX:
        raise ServiceError(
            _(
                "No card number is left for station code {code}: the numbers known here "
                "(cards and revocation lists) go up to {card_no}. Ask headquarters."
            ).format(code=station_code, card_no=f"{prefix}{serial}"[:60])
        )
    return card_no


def _reason(reason: str) -> str:
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise ValidationFailed(
            {"reason": _("Say why the card is withdrawn, for example: lost, damaged.")}
        )
    if len(cleaned) > REASON_MAX:
        raise ValidationFailed({"reason": _("At most {n} characters.").format(n=REASON_MAX)})
    return cleaned


def _card_worker(session: Session, worker_id: int) -> Worker:
    worker = session.get(Worker, worker_id)
    if worker is None or worker.erased_at is not None:
        raise ServiceError(
            _("There is no worker number {id}. Search for the worker again.").format(id=worker_id)
        )
    if not worker.active:
        raise ServiceError(
            _(
                "{name} is deactivated. Reactivate them on the Workers page before giving "
                "them a card."
            ).format(name=worker.display_name)
        )
    return worker


def _issue(
    session: Session, worker: Worker, expires_on: dt.date | None, today: dt.date, now: dt.datetime
) -> CardView:
    if expires_on is not None and expires_on < today:
        raise ValidationFailed(
            {"expires_on": _("The expiry date has passed. Choose a later date, or none.")}
        )
    code = _station_code(session)
    signer = _Signer(session, now)
    occupation = worker.occupation_code
    if not _ENCODABLE_OCCUPATION.match(occupation):
        occupation = "other"  # a station's own code the card format cannot carry
    card = Card(
        card_no=_next_card_no(session, code),
        worker_id=worker.id,
        issuer_key_id=signer.key_id,
        occupation_code=occupation,
        issued_on=today,
        expires_on=expires_on,
        revoke_reason="",
    )
    session.add(card)
    try:
        session.flush()
    except IntegrityError as exc:
        if "card.card_no" not in str(exc.orig):
            raise
        # Another program issued the same number in the meantime (both read the same highest
        # number): nothing was written here, and trying again picks the next one.
        raise ServiceError(
            _(
                "Card number {card_no} was taken by another card at the same moment. "
                "Nothing was changed; issue the card again."
            ).format(card_no=card.card_no)
        ) from None
    return _view(card, signer)


class CardService:
    """Cards this station issues to its registered workers."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def issue(
        self, worker_id: int, *, expires_on: dt.date | None = None, today: dt.date | None = None
    ) -> CardView:
        """A new card for a worker who has no valid one (a lost card: use ``reissue``)."""
        today = today or self._clock.today()
        with UnitOfWork(self._db) as uow:
            session = uow.session
            worker = _card_worker(session, worker_id)
            held = session.scalars(select(Card).where(Card.worker_id == worker.id))
            valid = [card.card_no for card in held if _is_valid(card, today)]
            if valid:
                raise ServiceError(
                    _(
                        "{name} already has card {card_no}. To replace a lost or damaged card, "
                        "use “Reissue card”: the old card then stops working."
                    ).format(name=worker.display_name, card_no=valid[-1])
                )
            view = _issue(session, worker, expires_on, today, self._clock.now())
            audit.record(session, "card.issue", "card", view.card_no, at=self._clock.now())
            uow.commit()
            return view

    def reissue(
        self,
        worker_id: int,
        *,
        reason: str,
        expires_on: dt.date | None = None,
        today: dt.date | None = None,
    ) -> CardView:
        """Withdraw the worker's current card(s) and issue a new one, in one step."""
        reason = _reason(reason)
        today = today or self._clock.today()
        with UnitOfWork(self._db) as uow:
            session = uow.session
            worker = _card_worker(session, worker_id)
            now = self._clock.now()
            for card in session.scalars(
                select(Card).where(Card.worker_id == worker.id, Card.revoked_at.is_(None))
            ):
                revoke_card_row(session, card, reason, now)
                audit.record(
                    session, "card.revoke", "card", card.card_no, reason, at=self._clock.now()
                )
            view = _issue(session, worker, expires_on, today, self._clock.now())
            audit.record(session, "card.issue", "card", view.card_no, reason, at=self._clock.now())
            uow.commit()
            return view

    def revoke(self, card_no: str, reason: str) -> CardView:
        """Withdraw a card: it is refused from now on. Withdrawing it again changes nothing."""
        reason = _reason(reason)
        wanted = card_no.strip().upper()
        with UnitOfWork(self._db) as uow:
            session = uow.session
            card = session.scalars(select(Card).where(Card.card_no == wanted)).first()
            if card is None:
                raise ServiceError(
                    _("There is no card {card_no} at this station. Check the number.").format(
                        card_no=wanted[:40]
                    )
                )
            if card.revoked_at is None:
                revoke_card_row(session, card, reason, self._clock.now())
                audit.record(
                    session, "card.revoke", "card", card.card_no, reason, at=self._clock.now()
                )
            view = _view(card, _Signer(session, self._clock.now()))
            uow.commit()
            return view

    def current_card(self, worker_id: int) -> CardView | None:
        """The worker's newest card that is not withdrawn (it may have expired), or None."""
        with UnitOfWork(self._db) as uow:
            session = uow.session
            card = session.scalars(
                select(Card)
                .where(Card.worker_id == worker_id, Card.revoked_at.is_(None))
                .order_by(Card.id.desc())
                .limit(1)
            ).first()
            if card is None:
                return None
            view = _view(card, _Signer(session, self._clock.now()))
            uow.commit()  # the station's key is created on first use
            return view

    def for_print(self, worker_ids: Sequence[int]) -> list[CardPrint]:
        """What to print for each worker, in the order given.

        Workers without a valid card signed here (none, withdrawn, expired, or from the demo
        data) and deactivated or erased workers are left out.
        """
        today = self._clock.today()
        with UnitOfWork(self._db) as uow:
            session = uow.session
            profile = session.get(StationProfileRow, 1)
            station_name = profile.name if profile else ""
            signer = _Signer(session, self._clock.now())
            labels = occupation_labels(session)
            ids = list(dict.fromkeys(worker_ids))
            workers = {
                w.id: w
                for w in session.scalars(
                    select(Worker).where(
                        Worker.id.in_(ids), Worker.active, Worker.erased_at.is_(None)
                    )
                )
            }
            newest: dict[int, Card] = {}
            for card in session.scalars(
                select(Card)
                .where(Card.worker_id.in_(list(workers)), Card.revoked_at.is_(None))
                .order_by(Card.id)
            ):
                if card.worker_id is not None and _is_valid(card, today):
                    newest[card.worker_id] = card
            printable: list[CardPrint] = []
            for worker_id in ids:
                valid = newest.get(worker_id)
                qr_text = signer.qr_text(valid) if valid else ""
                if valid is None or not qr_text:
                    continue
                printable.append(
                    CardPrint(
                        display_name=workers[worker_id].display_name,
                        occupation_label=labels.get(valid.occupation_code, valid.occupation_code),
                        station_name=station_name,
                        card_no=valid.card_no,
                        qr_text=qr_text,
                        issued_on=valid.issued_on,
                        expires_on=valid.expires_on,
                    )
                )
            uow.commit()
            return printable
