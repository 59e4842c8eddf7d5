"""Small helpers shared by the use-case tests."""

from __future__ import annotations

import base64
import datetime as dt

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from station_app.domain.cards import CardClaim, encode, key_id_of

CHINA = dt.timezone(dt.timedelta(hours=8))
STATION_CODE = "HF-LY-0012"


def beijing(day: int, hour: int, minute: int = 0, month: int = 11) -> dt.datetime:
    """A moment on the station's wall clock (Beijing time) in 2026."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=CHINA)


class Headquarters:
    """HQ as a station sees it: a key pair, its key file, and the cards it signs."""

    def __init__(self) -> None:
        self.key = Ed25519PrivateKey.generate()
        public = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.key_id = key_id_of(public)
        encoded = base64.b32encode(public).decode().rstrip("=")
        # Written by hand from the format documented in services/keys.py
        self.key_file = f"# 合肥市总工会\nYZKEY1 {self.key_id} {encoded} 合肥市总工会\n"

    def card(self, card_no: str, occupation: str = "delivery_rider", **dates: dt.date) -> str:
        issued = dates.get("issued", dt.date(2026, 6, 1))
        claim = CardClaim(self.key_id, card_no, occupation, issued, dates.get("expires"))
        return encode(claim, self.key)
