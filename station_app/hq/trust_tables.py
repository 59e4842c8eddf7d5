"""HQ's tables for the trust bundle: its signing key, the cards it withdrew, the keys it
has published, and the bundle's sequence number (``hq/trust.py`` uses them)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from station_app.db.types import UTCDateTime
from station_app.hq.base import HqBase


class HqSigningKey(HqBase):
    """HQ's own Ed25519 key (one row): it signs the trust bundle and HQ-issued cards.

    The private half lives in HQ's database, so the database's backup carries it and the
    backup must be kept as safe as the key."""

    __tablename__ = "hq_signing_key"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[str] = mapped_column(String(8))
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    private_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class HqRevocation(HqBase):
    """A card withdrawn at HQ: every station refuses it after its next sync."""

    __tablename__ = "hq_revocation"

    key_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    card_no: Mapped[str] = mapped_column(String(40), primary_key=True)
    revoked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(200), default="")
    revoked_by: Mapped[str] = mapped_column(String(100), default="")


class HqPublishedKey(HqBase):
    """An issuer key HQ has put in a bundle; ``withdrawn_at`` once a later bundle no longer
    trusts it (a station's key replaced, a station removed), so stations stop trusting it."""

    __tablename__ = "hq_published_key"

    key_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    first_published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class HqTrustState(HqBase):
    """The bundle last issued (one row): its number, when, and a digest of its content, so
    a new number is given only when the content changed."""

    __tablename__ = "hq_trust_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    content_sha256: Mapped[str] = mapped_column(String(64))
