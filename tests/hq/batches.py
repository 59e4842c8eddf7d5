"""Valid (and deliberately broken) station batches for the HQ tests, signed with a real
Ed25519 key the way a station signs them (``domain.summary_format.sign``)."""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select

from station_app.domain.cards import key_id_of
from station_app.domain.summary_format import (
    Manifest,
    Metric,
    SummaryRow,
    file_stem,
    sha256_hex,
    sign,
    write_csv,
)
from station_app.hq.db import HqDatabase, HqValue

DAY = dt.date(2026, 11, 23)
CREATED = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class StationKey:
    code: str
    private: Ed25519PrivateKey

    @property
    def key_file(self) -> str:
        """The station's public key file, as ``station-app key export`` writes it."""
        public = self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        encoded = base64.b32encode(public).decode("ascii").rstrip("=")
        return f"YZKEY1 {key_id_of(public)} {encoded} {self.code} 测试驿站\n"


def new_station(code: str = "HF-LY-0001") -> StationKey:
    return StationKey(code, Ed25519PrivateKey.generate())


Figures = dict[tuple[str, str], int]

BASIC: Figures = {
    ("visits", "total"): 12,
    ("visits", "occupation:courier"): 7,
    ("visits", "occupation:sanitation"): 5,
    ("distinct_workers", "total"): 4,
    ("new_registrations", "total"): 1,
    ("union_members", "total"): 2,
    ("wants_to_join", "total"): 1,
    ("overdue_loans", "total"): 0,
    ("services", "type:hot_water"): 9,
}


@dataclass(frozen=True)
class Batch:
    manifest: Manifest
    csv: bytes

    @property
    def manifest_json(self) -> bytes:
        return self.manifest.to_json().encode("utf-8")

    @property
    def batch_id(self) -> str:
        return self.manifest.batch_id

    def save(self, folder: Path) -> Path:
        """Write the two files as a station drops them on a USB stick; the manifest's path."""
        stem = file_stem(
            self.manifest.station_code, self.manifest.period_start, self.manifest.revision
        )
        (folder / f"{stem}.csv").write_bytes(self.csv)
        path = folder / f"{stem}.manifest.json"
        path.write_bytes(self.manifest_json)
        return path


def make_batch(
    station: StationKey,
    figures: Figures = BASIC,
    *,
    day: dt.date = DAY,
    revision: int = 1,
    batch_id: str | None = None,
    signer: Ed25519PrivateKey | None = None,
) -> Batch:
    rows = [
        SummaryRow(station.code, day, Metric(metric), dimension, value)
        for (metric, dimension), value in figures.items()
    ]
    csv = write_csv(rows)
    manifest = Manifest(
        batch_id=batch_id or str(uuid.uuid4()),
        station_code=station.code,
        period_start=day,
        period_end=day,
        revision=revision,
        row_count=len(rows),
        sha256=sha256_hex(csv),
        created_at=CREATED,
    )
    return Batch(sign(manifest, signer or station.private), csv)


def with_csv(batch: Batch, csv: bytes, signer: Ed25519PrivateKey) -> Batch:
    """The same manifest (id, revision) re-signed over another CSV: what a buggy station
    that reused a batch id, or a forger holding its key, would send."""
    manifest = replace(batch.manifest, sha256=sha256_hex(csv), key_id="", signature="")
    return Batch(sign(manifest, signer), csv)


def stored_values(db: HqDatabase, code: str, day: dt.date = DAY) -> Figures:
    with db.sessions() as session:
        rows = session.execute(
            select(HqValue.metric, HqValue.dimension, HqValue.value).where(
                HqValue.station_code == code, HqValue.date == day
            )
        )
        return {(metric, dimension): value for metric, dimension, value in rows}
