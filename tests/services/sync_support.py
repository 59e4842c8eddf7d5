"""For the sync tests: a station with a few days of demo visits, HQ's real web service under
uvicorn on a loopback port (optionally behind a misbehaving wrapper), and totals on both
sides worked out independently (HQ's stored values; the station's own day figures)."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import uvicorn
from sqlalchemy import select

from station_app.app import Station
from station_app.clock import Clock
from station_app.config.settings import HQ_TOKEN, HQ_URL, HTTP_PROXY, SYNC_MODE, Settings
from station_app.demo.fill import DemoService
from station_app.hq.app import create_app
from station_app.hq.db import HqDatabase, HqValue
from station_app.hq.stations import add_station
from station_app.services.sync.sending import SyncService
from station_app.sync.https import HttpsTransport
from tests.clock_support import frozen_clock
from tests.services.helpers import STATION_CODE

DAYS = 4


def fill_demo(station: Station, days: int = DAYS) -> list[dt.date]:
    """``days`` days of demo visits up to yesterday (on the station's clock); the days."""
    yesterday = station.clock.today() - dt.timedelta(days=1)
    DemoService(station.db).fill(seed=3, days=days, until=yesterday, busy=0.3)
    return [yesterday - dt.timedelta(days=n) for n in range(days - 1, -1, -1)]


def quick_sync(station: Station, *, timeout: float = 10.0, tries: int = 2) -> SyncService:
    """The station's sync service with short pauses between tries (tests cannot wait 15 s).

    The timeout is reached only by an answer that is late: the faults under test (a refused
    or cut connection, a 500) fail at once, and the slow-answer test sets its own. It is
    generous because a healthy HQ on a busy test machine can take seconds to answer (its
    first batch starts a worker thread and compiles its statements)."""

    def transport(settings: Settings) -> HttpsTransport:
        return HttpsTransport(
            settings.get(HQ_URL),
            settings.get(HQ_TOKEN),
            proxy=settings.get(HTTP_PROXY),
            timeout=timeout,
            retry_delays=(0.05,) * (tries - 1),
        )

    return SyncService(
        station.db, station.clock, station.settings, station.summaries, https=transport
    )


def use_hq(station: Station, url: str, token: str) -> None:
    station.settings.set(SYNC_MODE, "https")
    station.settings.set(HQ_URL, url)
    station.settings.set(HQ_TOKEN, token)
    station.settings.save()


def register_at_hq(hq: HqDatabase, station: Station) -> str:
    """The station registered at HQ with its real public key; its upload token."""
    key_text = station.keyring.export_public_key()
    added = add_station(
        hq,
        STATION_CODE,
        name="庐阳驿站",
        district="庐阳区",
        key_text=key_text,
        now=station.clock.now(),
    )
    return added.token


def hq_totals(db: HqDatabase, code: str) -> Counter[str]:
    """HQ's figures for the station, summed per metric over every day."""
    with db.sessions() as session:
        rows = session.execute(
            select(HqValue.metric, HqValue.value).where(HqValue.station_code == code)
        )
        totals: Counter[str] = Counter()
        for metric, value in rows:
            totals[metric] += value
        return totals


def station_totals(station: Station, days: list[dt.date]) -> Counter[str]:
    """The station's own figures for those days, summed per metric."""
    totals: Counter[str] = Counter()
    for day in days:
        for row in station.summaries.day_rows(day):
            totals[row.metric.value] += row.value
    return totals


def hq_days(db: HqDatabase, code: str) -> set[dt.date]:
    with db.sessions() as session:
        return set(
            session.scalars(select(HqValue.date).where(HqValue.station_code == code).distinct())
        )


@contextmanager
def served(app: Any) -> Iterator[str]:
    """``app`` under a real uvicorn server on a free loopback port; its base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="critical", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(20)


def hq_app(db: HqDatabase, clock: Clock | None = None) -> Any:
    """HQ's web service on ``clock`` (the station's, when HQ must see the station's moves
    in time) or a clock of its own, standing still like the station's."""
    return create_app(db, clock=clock or frozen_clock())


class Faulty:
    """An ASGI wrapper around HQ's app: the first ``times`` requests get ``fault`` ("500":
    an error page without HQ seeing the batch; "slow": HQ answers, but only after
    ``delay`` seconds), then every request goes through untouched."""

    def __init__(self, app: Any, fault: str, times: int, delay: float = 0.0) -> None:
        self.app, self.fault, self.left, self.delay = app, fault, times, delay
        self.requests = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].endswith("/batches"):
            await self.app(scope, receive, send)
            return
        self.requests += 1
        if self.left <= 0:
            await self.app(scope, receive, send)
            return
        self.left -= 1
        if self.fault == "500":
            await send({"type": "http.response.start", "status": 500, "headers": []})
            await send({"type": "http.response.body", "body": b"Internal Server Error"})
            return
        await asyncio.sleep(self.delay)
        await self.app(scope, receive, send)


@contextmanager
def cutting_server(keep: int = 200) -> Iterator[str]:
    """A server that reads the request's first ``keep`` bytes, then closes the connection:
    an upload cut off mid-way (a dropped mobile connection, a proxy giving up)."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()
    cuts: list[int] = []

    def run() -> None:
        while not stop.is_set():
            try:
                connection, _address = listener.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(2)
                with suppress(OSError):
                    connection.recv(keep)
                cuts.append(1)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def free_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
