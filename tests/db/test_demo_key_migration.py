"""Revision 0011: demo keys already in a keyring are marked as such when it is upgraded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from station_app.app import open_station
from station_app.config.paths import DataPaths
from station_app.db.engine import make_engine
from station_app.db.migrate import upgrade
from station_app.domain.cards import key_id_of
from station_app.domain.demo_key import demo_private_bytes


def _public(private: bytes) -> bytes:
    key = Ed25519PrivateKey.from_private_bytes(private)
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def test_demo_keys_in_an_older_keyring_are_marked(data_dir: Path) -> None:
    # Given a keyring at revision 0010: a demo station's own key (seed 7), a neighbour's demo
    # key trusted back then (seed 2), and headquarters' real key
    paths = DataPaths(data_dir)
    paths.ensure()
    engine = make_engine(paths.database)
    upgrade(engine, "0010")
    engine.dispose()
    own_private = demo_private_bytes(7)
    keys = {
        "own": (_public(own_private), own_private),
        "station": (_public(demo_private_bytes(2)), None),
        "hq": (_public(Ed25519PrivateKey.generate().private_bytes_raw()), None),
    }
    with sqlite3.connect(paths.database) as conn:
        for kind, (public, private) in keys.items():
            conn.execute(
                "INSERT INTO trusted_key (key_id, public_key, private_key, owner, kind, added_at,"
                " active) VALUES (?, ?, ?, '', ?, '2026-05-01 02:30:00.000000', 1)",
                (key_id_of(public), public, private, kind),
            )
    # When the app upgrades it
    station = open_station(data_dir)
    try:
        # Then the keyring knows which keys are demo keys
        marked = {key.kind: key.demo for key in station.keyring.list_keys()}
        assert marked == {"own": True, "station": True, "hq": False}
        assert station.keyring.export_public_key().startswith("YZDEMO1 ")
    finally:
        station.close()
