"""HQ's web service (ASGI, Starlette): stations post their daily batches here.

``POST /api/v1/batches`` with ``Authorization: Bearer <station token>``, ``Content-Type:
application/json`` and a JSON body ``{"manifest": {...}, "csv": "<base64 of the CSV file>"}``;
the answers are those of the summary format's contract (``docs/summary-format-v1.md``: 200,
401, 403, 408, 409, 413, 415, 422, 429). ``GET /api/v1/trust`` (the same station token)
answers HQ's signed trust bundle (``hq/trust.py``). ``POST /api/v1/feedback`` (the same
token) takes a station's answers to workers' suggestions and its in-person feedback and
answers its suggestions (``hq/feedback.py``, ``docs/feedback.md``). ``GET /api/v1/health``
says the service and its database answer. The other paths are HQ's dashboard and the
workers' rating page (``hq/web``).

Nothing a client sends makes the service fail: every body is read by the format's strict
JSON reader (``summary_format.load_json``), within a size and a time limit, and an address
that keeps presenting unknown tokens is made to wait (``AuthThrottle``).

Needs the ``hq`` extra (starlette, uvicorn); the station app never imports this module.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from station_app import __version__
from station_app.clock import Clock, SystemClock
from station_app.domain.summary_format import SummaryFormatError, load_json
from station_app.hq import feedback
from station_app.hq.bodies import BodyTooLarge, read_body
from station_app.hq.db import HqDatabase
from station_app.hq.ingest import IngestResult, Outcome, ingest_upload
from station_app.hq.stations import station_for_token
from station_app.hq.trust import current_bundle
from station_app.i18n import _

# A day's CSV is at most a megabyte (``ingest.MAX_CSV_BYTES``), two in base64 with its
# manifest: a body over that is no batch.
MAX_BODY = 2 * 1024 * 1024
# A feedback request: 500 answers and 500 in-person entries of 500 characters, with room for
# JSON's escapes.
FEEDBACK_MAX_BODY = 4 * 1024 * 1024
# The whole body must have arrived this many seconds after the request did: a client that
# trickles it in holds a connection and a worker for nothing.
BODY_SECONDS = 30.0
# Unknown tokens from one address: this many are answered at once; after them each further
# attempt must wait twice as long as the one before (1 s, 2 s, 4 s … up to MAX_WAIT), and
# is answered 429 with Retry-After until then. A right token clears the address's count.
FREE_FAILURES = 5
MAX_WAIT = 15 * 60
FORGET_AFTER = dt.timedelta(days=1)  # an address quiet this long starts afresh
TRACKED_ADDRESSES = 10_000  # the oldest are forgotten first: the memory is bounded
# uvicorn's limits for ``serve``: an idle keep-alive connection is closed after this many
# seconds; above this many connections at once new ones get 503; a request's headers (any
# incomplete h11 event) may not exceed this many bytes.
KEEP_ALIVE_SECONDS = 5
MAX_CONNECTIONS = 200
MAX_HEADER_BYTES = 16 * 1024


@dataclass
class _Failures:
    count: int
    last: dt.datetime


class AuthThrottle:
    """Failed authentications per client address, and how long each must now wait."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._failures: OrderedDict[str, _Failures] = OrderedDict()

    def _wait(self, failures: _Failures) -> float:
        if failures.count < FREE_FAILURES:
            return 0.0
        doublings = min(failures.count - FREE_FAILURES, MAX_WAIT.bit_length())
        return float(min(2**doublings, MAX_WAIT))

    def _current(self, address: str) -> _Failures | None:
        failures = self._failures.get(address)
        if failures is not None and self._clock.now() - failures.last > FORGET_AFTER:
            del self._failures[address]
            return None
        return failures

    def retry_after(self, address: str) -> int:
        """Seconds ``address`` must still wait before it may try a token again (0: now)."""
        failures = self._current(address)
        if failures is None:
            return 0
        waited = (self._clock.now() - failures.last).total_seconds()
        return max(0, math.ceil(self._wait(failures) - waited))

    def failed(self, address: str) -> None:
        failures = self._current(address) or _Failures(0, self._clock.now())
        self._failures.pop(address, None)
        failures.count += 1
        failures.last = self._clock.now()
        self._failures[address] = failures
        while len(self._failures) > TRACKED_ADDRESSES:
            self._failures.popitem(last=False)

    def succeeded(self, address: str) -> None:
        self._failures.pop(address, None)


def _problems(*messages: tuple[int, str, str]) -> JSONResponse:
    return JSONResponse(
        {
            "status": "invalid",
            "problems": [
                {"line": line, "message": message, **({"rule": rule} if rule else {})}
                for line, message, rule in messages
            ],
        },
        status_code=422,
    )


def _bearer(request: Request) -> str:
    scheme, _sep, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _is_json(request: Request) -> bool:
    """``application/json``, with no charset or UTF-8's (the only one JSON allows)."""
    media_type, *parameters = request.headers.get("content-type", "").split(";")
    if media_type.strip().lower() != "application/json":
        return False
    for parameter in parameters:
        name, _sep, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in (
            "utf-8",
            "utf8",
        ):
            return False
    return True


def _refusal(status: str, message: str, code: int, **headers: str) -> JSONResponse:
    return JSONResponse({"status": status, "message": message}, status_code=code, headers=headers)


async def _body(request: Request, max_body: int, seconds: float) -> bytes | JSONResponse:
    """The request's JSON body, or the answer refusing it (type, size, time)."""
    if not _is_json(request):
        return _refusal(
            "unsupported_media_type",
            _("The body must be sent as Content-Type: application/json (UTF-8)."),
            415,
        )
    try:
        async with asyncio.timeout(seconds):
            return await read_body(request, max_body)
    except BodyTooLarge:
        return _refusal(
            "too_large", _("The upload is larger than {n} bytes.").format(n=max_body), 413
        )
    except TimeoutError:
        return _refusal(
            "timeout",
            _("The body did not arrive within {n} seconds.").format(n=math.ceil(seconds)),
            408,
            Connection="close",
        )
    except ClientDisconnect:
        return _refusal("incomplete", _("The body ended before it was complete."), 400)


def _answer(result: IngestResult) -> JSONResponse:
    status = result.http_status
    if status == 200:
        body: dict[str, Any] = {
            "status": "ok",
            "batch_id": result.batch_id,
            "applied": result.applied,
        }
    elif result.outcome is Outcome.INVALID:
        return _problems(*((p.line, p.message, p.rule) for p in result.problems))
    else:
        body = {"status": result.outcome.value, "batch_id": result.batch_id}
        body["message"] = result.message()
    return JSONResponse(body, status_code=status)


def create_app(
    db: HqDatabase,
    *,
    max_body: int = MAX_BODY,
    clock: Clock | None = None,
    body_seconds: float = BODY_SECONDS,
    feedback_max_body: int = FEEDBACK_MAX_BODY,
) -> Starlette:
    """The ASGI application over an open HQ database, on ``clock`` (default: the
    computer's); a body must arrive within ``body_seconds``, a batch's within ``max_body``
    bytes and a feedback request's within ``feedback_max_body``."""
    hq_clock = clock or SystemClock()

    throttle = AuthThrottle(hq_clock)

    async def authorized_body(request: Request, limit: int) -> tuple[str, bytes] | JSONResponse:
        """The station a request's token names and its JSON body, or the answer refusing
        it: an address that keeps presenting unknown tokens waits; then type, size, time."""
        address = request.client.host if request.client else ""
        wait = throttle.retry_after(address)
        if wait:
            return _refusal(
                "too_many_attempts",
                _("Too many unknown tokens from this address: try again in {n} seconds.").format(
                    n=wait
                ),
                429,
                **{"Retry-After": str(wait)},
            )
        station_code = await run_in_threadpool(station_for_token, db, _bearer(request))
        if station_code is None:
            throttle.failed(address)
            return _unauthorized()
        throttle.succeeded(address)
        body = await _body(request, limit, body_seconds)
        if isinstance(body, JSONResponse):
            return body
        return station_code, body

    async def post_batch(request: Request) -> JSONResponse:
        received = await authorized_body(request, max_body)
        if isinstance(received, JSONResponse):
            return received
        station_code, body = received
        result = await run_in_threadpool(
            ingest_upload, db.sessions, body, station_code_from_token=station_code, clock=hq_clock
        )
        return _answer(result)

    async def post_feedback(request: Request) -> JSONResponse:
        received = await authorized_body(request, feedback_max_body)
        if isinstance(received, JSONResponse):
            return received
        station_code, body = received
        try:
            answers, in_person = feedback.read_exchange(load_json(body, _("The feedback request")))
        except SummaryFormatError as exc:
            return _problems(*((line, message, "") for line, message in exc.problems))
        except feedback.FeedbackBodyError as exc:
            return _problems(*((0, f"{where}: {message}", "") for where, message in exc.problems))
        done = await run_in_threadpool(
            feedback.exchange, db, station_code, answers, in_person, clock=hq_clock
        )
        return JSONResponse(
            {
                "status": "ok",
                "accepted": done.accepted,
                "unknown": done.unknown,
                "suggestions": done.suggestions,
            }
        )

    async def get_trust(request: Request) -> Response:
        if await run_in_threadpool(station_for_token, db, _bearer(request)) is None:
            return _unauthorized()
        bundle = await run_in_threadpool(current_bundle, db, now=hq_clock.now())
        return Response(bundle, media_type="application/json")

    async def health(request: Request) -> JSONResponse:
        await run_in_threadpool(db.ping)
        return JSONResponse({"status": "ok", "version": __version__})

    # The dashboard's pages take the rest of the paths (hq.web).
    from station_app.hq.web import web_routes

    return Starlette(
        routes=[
            Route("/api/v1/batches", post_batch, methods=["POST"]),
            Route("/api/v1/feedback", post_feedback, methods=["POST"]),
            Route("/api/v1/trust", get_trust, methods=["GET"]),
            Route("/api/v1/health", health, methods=["GET"]),
            *web_routes(db, hq_clock),
        ]
    )


def _unauthorized() -> JSONResponse:
    return _refusal(
        "unauthorized",
        _(
            "Missing or unknown station token. Use the token headquarters gave "
            "when the station was registered."
        ),
        401,
        **{"WWW-Authenticate": "Bearer"},
    )


def server_config(app: Any, *, host: str, port: int, log_level: str = "info") -> Any:
    """uvicorn's configuration for ``app`` with the service's limits (module constants):
    idle keep-alive, connections at once, size of a request's headers."""
    import uvicorn

    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        http="h11",  # the parser whose header limit is set here, whatever else is installed
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        limit_concurrency=MAX_CONNECTIONS,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
    )


def serve(database_url: str, *, host: str, port: int, clock: Clock) -> None:
    """Run the service until interrupted (Ctrl+C)."""
    import uvicorn

    db = HqDatabase.open(database_url)
    try:
        uvicorn.Server(server_config(create_app(db, clock=clock), host=host, port=port)).run()
    finally:
        db.close()
