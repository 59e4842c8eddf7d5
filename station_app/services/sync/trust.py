"""Applying headquarters' trust bundle at the station (``domain.trust_bundle``).

Each sync fetches HQ's signed bundle (HTTPS) or reads it from the USB stick (folder) and
hands the files here. A bundle is applied only when it is signed by a headquarters key this
station trusts (``station-app key import FILE --kind hq``) and is numbered above the one
applied last; otherwise nothing is applied and the sync status says why. Applying is one
unit of work:

- its withdrawn cards join ``revoked_card`` (source ``imported``), and cards known here show
  as withdrawn in the worker list;
- the keys it trusts that this station does not know yet are added (kind ``station``, or
  ``hq`` for another headquarters key HQ vouches for). A key already in the keyring is left
  as it is: one the admin removed stays removed (the admin can import it again);
- the keys it lists as withdrawn stop being trusted, whoever added them (HQ's word on a
  station's key is final), except the station's own key and the HQ key that signed the
  bundle;
- its number is kept (``trust_bundle_state``) and an audit event written.

The unit of work writes ``trusted_key`` and ``revoked_card``, so the pages following
``Subject.KEYS`` and ``Subject.WORKERS`` refresh (``services/changes.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from station_app.clock import Clock
from station_app.db.engine import Database
from station_app.db.models import RevokedCard, TrustBundleState, TrustedKey
from station_app.db.uow import UnitOfWork
from station_app.domain.days import day_start
from station_app.domain.demo_key import is_demo_public_key
from station_app.domain.enums import KeyKind, RevocationSource
from station_app.domain.trust_bundle import (
    KIND_HQ,
    BundleRefused,
    TrustBundle,
    decode,
    signer_key_id,
)
from station_app.i18n import _
from station_app.i18n.formatting import short_date
from station_app.services.accounts import audit_writer as audit
from station_app.services.people.keyring import IMPORT_CHUNK, mark_cards_revoked
from station_app.sync.delivery import TrustFetch


def no_hq_key_message() -> str:
    return _(
        "Cards withdrawn at headquarters cannot reach this station yet: import headquarters' "
        "key file as headquarters' key (Keys page, or station-app key import FILE --kind hq)."
    )


def _hq_keys(session: Session) -> dict[str, bytes]:
    return {
        key_id: public
        for key_id, public in session.execute(
            select(TrustedKey.key_id, TrustedKey.public_key).where(
                TrustedKey.kind == KeyKind.HQ, TrustedKey.active
            )
        )
    }


def _state(session: Session) -> TrustBundleState:
    state = session.get(TrustBundleState, 1)
    if state is None:
        state = TrustBundleState(id=1, sequence=0, hq_key_id="", problem="")
        session.add(state)
    return state


def trust_status(db: Database) -> str:
    """One sentence for the sync status: the bundle applied last, why the last one offered
    was refused, or that no HQ key is imported ("" before any bundle was seen)."""
    with UnitOfWork(db, write=False) as uow:
        if not _hq_keys(uow.session):
            return no_hq_key_message()
        state = uow.session.get(TrustBundleState, 1)
        if state is None:
            return ""
        if state.problem:
            return state.problem
        if state.sequence and state.issued_at is not None:
            return _(
                "Headquarters' list of trusted keys and withdrawn cards: no. {n} of {day}."
            ).format(n=state.sequence, day=short_date(state.issued_at.date()))
        return ""


def _pick(files: Sequence[bytes], hq_keys: dict[str, bytes]) -> tuple[TrustBundle | None, str, str]:
    """The newest genuine bundle among ``files`` with its signer's key id, or the reason
    none is genuine."""
    best: TrustBundle | None = None
    signer = ""
    problem = ""
    for data in files:
        try:
            key_id = signer_key_id(data)
        except BundleRefused as refused:
            problem = str(refused)
            continue
        public = hq_keys.get(key_id)
        if public is None:
            problem = _(
                "The trust bundle is signed with key {key_id}, which is not a headquarters key "
                "this station trusts; nothing was applied. Import headquarters' key file again "
                "if headquarters changed its key."
            ).format(key_id=key_id)
            continue
        try:
            bundle = decode(data, public)
        except BundleRefused as refused:
            problem = str(refused)
            continue
        if best is None or bundle.sequence > best.sequence:
            best, signer = bundle, key_id
    return best, signer, problem


@dataclass(frozen=True)
class TrustReceived:
    message: str  # one sentence ("" when there was nothing new to say)
    # False when the message is the standing one of a station without HQ's key: the sync
    # status shows it; the outcome of every run need not repeat it
    news: bool = True


def receive_trust(db: Database, clock: Clock, fetch: Callable[[], TrustFetch]) -> TrustReceived:
    """Fetch HQ's bundle (``fetch``: the transport's), apply the newest genuine one if it is
    newer than the one applied last, and say what became of it. Without an HQ key nothing
    is fetched: nothing could be checked."""
    with UnitOfWork(db, write=False) as uow:
        if not _hq_keys(uow.session):
            return TrustReceived(no_hq_key_message(), news=False)
    fetched = fetch()
    if not fetched.files:
        return TrustReceived(fetched.message)
    with UnitOfWork(db) as uow:
        hq_keys = _hq_keys(uow.session)
        if not hq_keys:  # removed by the admin while the bundle was on its way
            return TrustReceived(no_hq_key_message(), news=False)
        received = _receive(uow.session, fetched.files, hq_keys, clock)
        uow.commit()  # a current bundle changed nothing: nothing is written, nothing announced
        return received


def _receive(
    session: Session, files: Sequence[bytes], hq_keys: dict[str, bytes], clock: Clock
) -> TrustReceived:
    now = clock.now()
    bundle, signer, problem = _pick(files, hq_keys)
    state = _state(session)
    if bundle is not None and bundle.sequence == state.sequence:
        if state.problem:  # a refused one before; this one is the current one again
            state.problem, state.checked_at = "", now
        return TrustReceived("")
    if bundle is not None and bundle.sequence < state.sequence:
        problem = _(
            "The trust bundle offered (no. {n}) is older than the one this station "
            "applied already (no. {m}); nothing was applied."
        ).format(n=bundle.sequence, m=state.sequence)
    if bundle is None or bundle.sequence < state.sequence:
        state.problem, state.checked_at = problem[:500], now
        return TrustReceived(problem)
    message = _apply(session, bundle, signer, clock)
    state.sequence = bundle.sequence
    state.issued_at = bundle.issued_at
    state.hq_key_id = signer
    state.applied_at = state.checked_at = now
    state.problem = ""
    return TrustReceived(message)


def _apply(session: Session, bundle: TrustBundle, signer: str, clock: Clock) -> str:
    now = clock.now()
    keys = {row.key_id: row for row in session.scalars(select(TrustedKey))}
    added = 0
    for key in bundle.keys:
        if key.key_id in keys or is_demo_public_key(key.public_key):
            continue
        session.add(
            TrustedKey(
                key_id=key.key_id,
                public_key=key.public_key,
                owner=key.owner,
                kind=KeyKind.HQ if key.kind == KIND_HQ else KeyKind.STATION,
                active=True,
                added_at=now,
            )
        )
        added += 1
    withdrawn = 0
    for key_id in bundle.withdrawn_keys:
        row = keys.get(key_id)
        if row is None or not row.active or row.kind == KeyKind.OWN or key_id == signer:
            continue
        row.active = False
        withdrawn += 1
    before = session.scalar(select(func.count()).select_from(RevokedCard)) or 0
    rows = [
        {
            "key_id": r.key_id,
            "card_no": r.card_no,
            "revoked_at": day_start(r.revoked_on, clock.zone),
            "reason": r.reason,
            "source": RevocationSource.IMPORTED.value,
        }
        for r in bundle.revocations
    ]
    statement = sqlite_insert(RevokedCard).on_conflict_do_nothing(
        index_elements=["key_id", "card_no"]
    )
    for start in range(0, len(rows), IMPORT_CHUNK):
        session.execute(statement, rows[start : start + IMPORT_CHUNK])
    cards = (session.scalar(select(func.count()).select_from(RevokedCard)) or 0) - before
    mark_cards_revoked(session)
    audit.record(
        session,
        "trust.apply",
        "trust_bundle",
        bundle.sequence,
        f"signer {signer}; {added} keys added, {withdrawn} keys withdrawn, {cards} cards new",
        at=now,
    )
    return _(
        "Applied headquarters' list no. {n}: {cards} more withdrawn cards, {added} keys "
        "added, {withdrawn} keys withdrawn."
    ).format(n=bundle.sequence, cards=cards, added=added, withdrawn=withdrawn)
