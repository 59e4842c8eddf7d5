"""Cards withdrawn once for all stations: a card withdrawn at HQ with the command line is
refused at every station after its next sync (HQ's real web service on loopback, or a
folder carried back from HQ's clerk), scanned through the check-in service as the scanner
would; a newly registered station's cards are accepted elsewhere after a sync; a forged or
older trust bundle changes nothing. HQ on SQLite and on PostgreSQL, stations on real
SQLite files."""

from __future__ import annotations

import base64
import datetime as dt
import json
import sqlite3
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import update

from station_app.app import Station, open_station
from station_app.cli import main
from station_app.cli.exit_codes import EXIT_OK, EXIT_REFUSED
from station_app.clock import FrozenClock
from station_app.config.settings import SYNC_FOLDER, SYNC_MODE
from station_app.domain import trust_bundle
from station_app.domain.cards import key_id_of
from station_app.domain.station import StationProfile
from station_app.hq.audit import recent_events
from station_app.hq.db import HqDatabase, HqStation
from station_app.hq.stations import CONSOLE, add_station
from station_app.hq.trust import current_bundle, hq_public_key_file, list_revocations
from station_app.i18n import _
from station_app.services.checkin.outcomes import CheckinStatus
from station_app.services.people.worker_data import WorkerInput
from station_app.services.sync.trust import no_hq_key_message
from tests.clock_support import frozen_clock
from tests.services.sync_support import hq_app, quick_sync, served, use_hq


@dataclass
class Site:
    """A station on its own SQLite file, registered at HQ."""

    station: Station
    code: str
    token: str
    holders: dict[str, int] = field(default_factory=dict)  # card number -> worker id

    @property
    def key_id(self) -> str:
        return self.station.keyring.own_key_id()

    def card(self, name: str) -> tuple[str, str]:
        """A new worker's card: (card number, QR text)."""
        worker = self.station.workers.register(WorkerInput(name, "sanitation", consent=True))
        card = self.station.cards.issue(worker.id)
        self.holders[card.card_no] = worker.id
        return card.card_no, card.qr_text

    def scan(self, qr_text: str) -> tuple[CheckinStatus, str]:
        # An hour later each time: the same card twice within minutes is only "already in".
        assert isinstance(self.station.clock, FrozenClock)
        self.station.clock.advance(dt.timedelta(hours=1))
        result = self.station.checkin.scan(qr_text)
        return result.status, result.message

    def counts(self) -> tuple[int, int, int]:
        """(withdrawn cards, trusted keys in use, audit events), read straight from the file."""
        with sqlite3.connect(self.station.paths.database) as conn:
            revoked = conn.execute("SELECT count(*) FROM revoked_card").fetchone()[0]
            keys = conn.execute("SELECT count(*) FROM trusted_key WHERE active").fetchone()[0]
            events = conn.execute("SELECT count(*) FROM audit_event").fetchone()[0]
        return revoked, keys, events


@pytest.fixture
def sites(hq_db: HqDatabase, tmp_path: Path) -> Iterator[dict[str, Site]]:
    """Two stations, each registered at HQ and trusting HQ's key."""
    opened: dict[str, Site] = {}
    for code, name in (("HF-LY-0001", "龙岗驿站"), ("HF-LY-0002", "庐阳驿站")):
        station = open_station(tmp_path / code, clock=frozen_clock())
        station.station.save_profile(StationProfile(code, name))
        added = add_station(
            hq_db,
            code,
            name=name,
            district="庐阳区",
            key_text=station.keyring.export_public_key(),
            now=station.clock.now(),
        )
        station.keyring.import_key(hq_public_key_file(hq_db), kind="hq")
        opened[code] = Site(station, code, added.token)
    yield opened
    for site in opened.values():
        site.station.close()


def _hq_cli(hq_url: str, tmp_path: Path, *args: str) -> int:
    command = ["--data-dir", str(tmp_path / "hq-data"), "hq", *args, "--database", hq_url]
    return main(command, clock=frozen_clock())


def _revoke(hq_url: str, tmp_path: Path, key_id: str, card_no: str) -> None:
    assert _hq_cli(hq_url, tmp_path, "card", "revoke", key_id, card_no, "--reason", "遗失") == (
        EXIT_OK
    )


def _use_folder(site: Site, stick: Path) -> None:
    site.station.settings.set(SYNC_MODE, "folder")
    site.station.settings.set(SYNC_FOLDER, str(stick))
    site.station.settings.save()


def _withdrawn_message(card_no: str) -> str:
    return _(
        "Card {card_no} has been withdrawn (lost, replaced or erased) and no longer works. "
        "Ask the worker for their new card, or issue one on the Workers page."
    ).format(card_no=card_no)


def test_a_card_withdrawn_at_hq_is_refused_at_every_station_after_its_https_sync(
    hq_db: HqDatabase, hq_url: str, sites: dict[str, Site], tmp_path: Path
) -> None:
    here, there = sites["HF-LY-0001"], sites["HF-LY-0002"]
    card_no, qr = there.card("老王")
    # Before any sync this station has never heard of the other station's key.
    assert here.scan(qr)[0] is CheckinStatus.REFUSED

    with served(hq_app(hq_db)) as url:
        use_hq(here.station, url, here.token)
        use_hq(there.station, url, there.token)
        first = quick_sync(here.station).sync_now()
        accepted_after_sync = here.scan(qr)[0]
        _revoke(hq_url, tmp_path, there.key_id, card_no)
        still_before_sync = here.scan(qr)[0]
        here_sync = quick_sync(here.station).sync_now()
        quick_sync(there.station).sync_now()

    # The registered station's cards are accepted once the bundle brought its key.
    assert first.failed == 0 and first.trust and first.trust in first.message
    assert accepted_after_sync is CheckinStatus.ACCEPTED
    assert still_before_sync is CheckinStatus.ACCEPTED
    # After the next sync, both the other station and the issuing station refuse the card.
    assert here.scan(qr) == (CheckinStatus.REFUSED, _withdrawn_message(card_no))
    assert there.scan(qr) == (CheckinStatus.REFUSED, _withdrawn_message(card_no))
    assert "1" in here_sync.trust and here_sync.trust in here_sync.message
    # The issuing station's worker list shows the card withdrawn: no current card.
    assert there.station.cards.current_card(there.holders[card_no]) is None
    assert "2" in here.station.sync.status().trust  # bundle no. 2: after the revocation
    assert [(r.key_id, r.card_no, r.reason) for r in list_revocations(hq_db)] == [
        (there.key_id, card_no, "遗失")
    ]


def test_a_card_withdrawn_at_hq_reaches_a_station_by_the_usb_stick(
    hq_db: HqDatabase, hq_url: str, sites: dict[str, Site], tmp_path: Path
) -> None:
    here, there = sites["HF-LY-0001"], sites["HF-LY-0002"]
    card_no, qr = here.card("老王")
    assert here.scan(qr)[0] is CheckinStatus.ACCEPTED
    stick = tmp_path / "U盘"
    stick.mkdir()
    _use_folder(here, stick)
    here.station.sync.sync_now()  # the day's summaries onto the stick
    _revoke(hq_url, tmp_path, here.key_id, card_no)

    # HQ's clerk reads the stick in; it goes back to the station with the bundle on it.
    _hq_cli(hq_url, tmp_path, "ingest", str(stick))
    assert (stick / trust_bundle.FILE_NAME).is_file()
    before = here.scan(qr)[0]
    outcome = here.station.sync.sync_now()

    assert before is CheckinStatus.ACCEPTED
    assert here.scan(qr) == (CheckinStatus.REFUSED, _withdrawn_message(card_no))
    assert outcome.trust and outcome.trust in outcome.message
    # The other station's key came with it too.
    assert there.key_id in {key.key_id for key in here.station.keyring.list_keys()}


def _bundle_on_stick(hq_db: HqDatabase, stick: Path) -> bytes:
    data = current_bundle(hq_db, now=frozen_clock().now())
    (stick / trust_bundle.FILE_NAME).write_bytes(data)
    return data


def test_a_forged_bundle_is_refused_and_changes_nothing(
    hq_db: HqDatabase, sites: dict[str, Site], tmp_path: Path
) -> None:
    here, there = sites["HF-LY-0001"], sites["HF-LY-0002"]
    _card_no, qr = here.card("老王")
    stick = tmp_path / "U盘"
    stick.mkdir()
    _use_folder(here, stick)
    document = json.loads(_bundle_on_stick(hq_db, stick))
    payload = json.loads(document["payload"])
    # Someone adds this station's card to the list, keeping HQ's signature…
    payload["revocations"].append(
        {
            "key_id": here.key_id,
            "card_no": here.card("小李")[0],
            "revoked_on": "2026-11-24",
            "reason": "x",
        }
    )
    tampered = {**document, "payload": json.dumps(payload)}
    # …or signs a whole list with a key of their own.
    forger = Ed25519PrivateKey.generate()
    forged = trust_bundle.encode(
        trust_bundle.TrustBundle(9, frozen_clock().now(), (), (there.key_id,), ()), forger
    )
    before = here.counts()

    messages = []
    for data in (json.dumps(tampered).encode("utf-8"), forged, b"\x00not json"):
        (stick / trust_bundle.FILE_NAME).write_bytes(data)
        outcome = here.station.sync.sync_now()
        messages.append(outcome.trust)
        assert outcome.trust in outcome.message
        assert here.station.sync.status().trust == outcome.trust

    assert messages[0] == _(
        "The trust bundle's signature is not headquarters': it was changed or forged. "
        "Nothing was applied."
    )
    assert key_id_of(forger.public_key().public_bytes_raw()) in messages[1]
    assert "YZTRUST1" in messages[2]
    assert here.counts() == before  # no card, no key, not even an audit event
    assert here.scan(qr)[0] is CheckinStatus.ACCEPTED


def test_an_older_bundle_is_refused_once_a_newer_one_is_applied(
    hq_db: HqDatabase, hq_url: str, sites: dict[str, Site], tmp_path: Path
) -> None:
    here = sites["HF-LY-0001"]
    card_no, qr = here.card("老王")
    stick = tmp_path / "U盘"
    stick.mkdir()
    _use_folder(here, stick)
    older = _bundle_on_stick(hq_db, stick)
    _revoke(hq_url, tmp_path, here.key_id, card_no)
    newer = _bundle_on_stick(hq_db, stick)
    assert json.loads(json.loads(newer)["payload"])["sequence"] == 2
    applied = here.station.sync.sync_now()
    counts = here.counts()

    (stick / trust_bundle.FILE_NAME).write_bytes(older)
    refused = here.station.sync.sync_now()

    assert "2" in applied.trust
    assert "1" in refused.trust and "2" in refused.trust
    assert refused.trust != applied.trust and refused.trust in refused.message
    assert here.counts() == counts
    assert here.scan(qr) == (CheckinStatus.REFUSED, _withdrawn_message(card_no))


def test_the_same_content_is_the_same_bundle_and_a_change_numbers_a_new_one(
    hq_db: HqDatabase, hq_url: str, sites: dict[str, Site], tmp_path: Path
) -> None:
    there = sites["HF-LY-0002"]
    first = current_bundle(hq_db, now=frozen_clock().now())
    later = frozen_clock().now() + dt.timedelta(days=1)

    assert current_bundle(hq_db, now=later) == first
    card_no = there.card("老王")[0]
    _revoke(hq_url, tmp_path, there.key_id, card_no)
    assert _hq_cli(hq_url, tmp_path, "card", "revoke", there.key_id, card_no, "--reason", "x") == (
        EXIT_REFUSED
    )
    assert _hq_cli(hq_url, tmp_path, "card", "revoke", "0BADBEEF", "HF-X-1", "--reason", "x") == (
        EXIT_REFUSED
    )
    second = json.loads(json.loads(current_bundle(hq_db, now=later))["payload"])
    assert second["sequence"] == 2
    assert [r["card_no"] for r in second["revocations"]] == [card_no]
    # HQ's audit trail holds the one withdrawal made, by the command line; no refusal
    withdrawals = recent_events(hq_db, action_prefix="card.")
    assert [(e.who, e.subject, e.detail) for e in withdrawals] == [
        (CONSOLE, f"{there.key_id} {card_no}", "遗失")
    ]


def test_a_station_key_replaced_at_hq_is_withdrawn_at_the_stations(
    hq_db: HqDatabase, sites: dict[str, Site], tmp_path: Path
) -> None:
    here, there = sites["HF-LY-0001"], sites["HF-LY-0002"]
    _card_no, qr = there.card("老王")
    stick = tmp_path / "U盘"
    stick.mkdir()
    _use_folder(here, stick)
    _bundle_on_stick(hq_db, stick)
    here.station.sync.sync_now()
    assert here.scan(qr)[0] is CheckinStatus.ACCEPTED
    # HQ's record of the other station now holds another key (the station was set up anew).
    replacement = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    with hq_db.sessions() as session:
        session.execute(
            update(HqStation)
            .where(HqStation.code == there.code)
            .values(key_id=key_id_of(replacement), public_key=replacement)
        )
        session.commit()

    _bundle_on_stick(hq_db, stick)
    here.station.sync.sync_now()

    assert here.scan(qr)[0] is CheckinStatus.REFUSED
    keys = {key.key_id for key in here.station.keyring.list_keys()}
    assert there.key_id not in keys and key_id_of(replacement) in keys
    assert here.key_id in keys  # its own key is never touched


def test_without_hqs_key_the_summaries_still_go_and_the_status_says_why(
    hq_db: HqDatabase, tmp_path: Path
) -> None:
    station = open_station(tmp_path / "station", clock=frozen_clock())
    try:
        station.station.save_profile(StationProfile("HF-LY-0003", "新站"))
        token = add_station(
            hq_db,
            "HF-LY-0003",
            name="新站",
            district="",
            key_text=station.keyring.export_public_key(),
            now=station.clock.now(),
        ).token
        worker = station.workers.register(WorkerInput("老王", "sanitation", consent=True))
        station.checkin.scan(station.cards.issue(worker.id).qr_text)
        station.clock.advance(dt.timedelta(days=1))
        # HQ lives in the same time as the station: yesterday is over for both
        with served(hq_app(hq_db, station.clock)) as url:
            use_hq(station, url, token)
            outcome = quick_sync(station).sync_now()
        status = station.sync.status()
    finally:
        station.close()

    assert (outcome.sent, outcome.failed) == (1, 0)
    assert outcome.trust == no_hq_key_message()
    assert status.trust == no_hq_key_message() and status.last_error == ""


def test_the_trust_route_wants_a_station_token(hq_db: HqDatabase, sites: dict[str, Site]) -> None:
    with served(hq_app(hq_db)) as url:
        request = urllib.request.Request(f"{url}/api/v1/trust")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=20)
        request.add_header("Authorization", f"Bearer {sites['HF-LY-0001'].token}")
        with urllib.request.urlopen(request, timeout=20) as response:
            document = json.load(response)
    refused.value.close()

    assert refused.value.code == 401
    assert document["format"] == "YZTRUST1"
    hq_key = hq_public_key_file(hq_db).split()
    assert document["key_id"] == hq_key[1]
    public = base64.b32decode(hq_key[2] + "=" * (-len(hq_key[2]) % 8))
    assert trust_bundle.decode(json.dumps(document).encode("utf-8"), public).sequence == 1


def test_hqs_key_file_imports_at_a_station_and_the_card_list_shows_what_was_withdrawn(
    hq_db: HqDatabase,
    hq_url: str,
    sites: dict[str, Site],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    there = sites["HF-LY-0002"]
    key_file = tmp_path / "hq.key"
    card_no = there.card("老王")[0]
    _revoke(hq_url, tmp_path, there.key_id, card_no)
    capsys.readouterr()

    assert _hq_cli(hq_url, tmp_path, "key", "export", "-o", str(key_file)) == EXIT_OK
    assert _hq_cli(hq_url, tmp_path, "card", "list") == EXIT_OK
    listed = capsys.readouterr().out.splitlines()[-1].split("\t")
    newcomer = tmp_path / "newcomer"
    command = ["--data-dir", str(newcomer), "key", "import", str(key_file), "--kind", "hq"]
    status = main(command, clock=frozen_clock())

    assert key_file.read_text(encoding="utf-8") == hq_public_key_file(hq_db)
    assert listed == [there.key_id, card_no, "2026-11-24", "HF-LY-0002 庐阳驿站", "遗失"]
    assert status == EXIT_OK
    with sqlite3.connect(newcomer / "station.sqlite3") as conn:
        kinds = conn.execute("SELECT key_id, kind FROM trusted_key WHERE kind = 'hq'").fetchall()
    assert kinds == [(key_file.read_text(encoding="utf-8").split()[1], "hq")]
