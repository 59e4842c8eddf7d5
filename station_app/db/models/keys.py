"""The keyring of trusted card issuers and the list of withdrawn cards.

A card is checked offline: its signature against a key in ``trusted_key`` (the station's
own, HQ's, or another station's) and its number against ``revoked_card``. Only the
station's own key has a private half, to sign the cards it issues.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from station_app.db.models.base import Base
from station_app.db.types import UTCDateTime


class TrustedKey(Base):
    """An Ed25519 public key whose cards this station accepts."""

    __tablename__ = "trusted_key"

    key_id: Mapped[str] = mapped_column(String(8), primary_key=True)  # domain.cards.key_id_of
    public_key: Mapped[bytes] = mapped_column(LargeBinary)  # raw 32 bytes
    private_key: Mapped[bytes | None] = mapped_column(LargeBinary)  # only the station's own
    owner: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(16))  # KeyKind: own | hq | station
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # removed keys stay, inactive
    # Made from the demo data's seed (domain.demo_key): anyone can sign with it. Only the
    # own key of a demo station, or one trusted before stations refused demo keys.
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class RevokedCard(Base):
    """A withdrawn card (lost, replaced, erased): refused wherever it is scanned."""

    __tablename__ = "revoked_card"
    # The unique index is also the one a scan looks a card up by.
    __table_args__ = (UniqueConstraint("key_id", "card_no", name="key_card"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[str] = mapped_column(String(8))
    card_no: Mapped[str] = mapped_column(String(40))
    revoked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(16))  # RevocationSource: local | imported


class TrustBundleState(Base):
    """The headquarters trust bundle this station applied last (one row, once there is one):
    a bundle numbered lower is refused, so an old file on a stick never undoes a newer one.
    ``problem``: why the last bundle offered was not applied ("" when it was, or was current).
    """

    __tablename__ = "trust_bundle_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # 0: none applied yet
    issued_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    hq_key_id: Mapped[str] = mapped_column(String(8), default="")
    applied_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    checked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    problem: Mapped[str] = mapped_column(String(500), default="")
