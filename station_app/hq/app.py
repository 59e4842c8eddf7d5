"""HQ's web service (ASGI, Starlette): stations post their daily batches here.

``POST /api/v1/batches`` with ``Authorization: Bearer <station token>`` and a JSON body
``{"manifest": {...}, "csv": "<base64 of the CSV file>"}``; the answers are those of the
summary format's contract (200, 401, 403, 409, 422, and 413 for a body over the limit).
``GET /api/v1/trust`` (the same station token) answers HQ's signed trust bundle
(``hq/trust.py``). ``GET /api/v1/health`` says the service and its database answer.

Needs the ``hq`` extra (starlette, uvicorn); the station app never imports this module.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from station_app import __version__
from station_app.clock import Clock, SystemClock
from station_app.domain.summary_format import MANIFEST_LINE
from station_app.hq.db import HqDatabase
from station_app.hq.ingest import IngestResult, Outcome, ingest
from station_app.hq.stations import station_for_token
from station_app.hq.trust import current_bundle
from station_app.i18n import _

# A day's CSV is a few kilobytes (a few hundred rows); 5 MB leaves room for anything honest.
MAX_BODY = 5 * 1024 * 1024


class BodyTooLarge(Exception):
    pass


def _problems(*messages: tuple[int, str]) -> JSONResponse:
    return JSONResponse(
        {
            "status": "invalid",
            "problems": [{"line": line, "message": message} for line, message in messages],
        },
        status_code=422,
    )


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it passes ``limit`` (a false Content-Length included)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _bearer(request: Request) -> str:
    scheme, _sep, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _answer(result: IngestResult) -> JSONResponse:
    status = result.http_status
    if status == 200:
        body: dict[str, Any] = {
            "status": "ok",
            "batch_id": result.batch_id,
            "applied": result.applied,
        }
    elif result.outcome is Outcome.INVALID:
        return _problems(*((p.line, p.message) for p in result.problems))
    else:
        body = {"status": result.outcome.value, "batch_id": result.batch_id}
        body["message"] = result.message()
    return JSONResponse(body, status_code=status)


def create_app(
    db: HqDatabase, *, max_body: int = MAX_BODY, clock: Clock | None = None
) -> Starlette:
    """The ASGI application over an open HQ database, on ``clock`` (default: the
    computer's)."""
    hq_clock = clock or SystemClock()

    async def post_batch(request: Request) -> JSONResponse:
        station_code = await run_in_threadpool(station_for_token, db, _bearer(request))
        if station_code is None:
            return JSONResponse(
                {
                    "status": "unauthorized",
                    "message": _(
                        "Missing or unknown station token. Use the token headquarters gave "
                        "when the station was registered."
                    ),
                },
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        try:
            body = await _read_body(request, max_body)
        except BodyTooLarge:
            return JSONResponse(
                {
                    "status": "too_large",
                    "message": _("The upload is larger than {n} bytes.").format(n=max_body),
                },
                status_code=413,
            )
        try:
            payload = json.loads(body)
            manifest = payload["manifest"]
            csv = base64.b64decode(payload["csv"], validate=True)
            if not isinstance(manifest, dict):
                raise TypeError
        except (ValueError, KeyError, TypeError, binascii.Error):
            return _problems(
                (
                    MANIFEST_LINE,
                    _(
                        'The body must be JSON: {"manifest": {…}, "csv": "<the CSV file in '
                        'base64>"}.'
                    ),
                )
            )
        manifest_json = json.dumps(manifest, ensure_ascii=False).encode("utf-8")
        result = await run_in_threadpool(
            ingest,
            db.sessions,
            manifest_json,
            csv,
            station_code_from_token=station_code,
            clock=hq_clock,
        )
        return _answer(result)

    async def get_trust(request: Request) -> Response:
        if await run_in_threadpool(station_for_token, db, _bearer(request)) is None:
            return _trust_unauthorized()
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
            Route("/api/v1/trust", get_trust, methods=["GET"]),
            Route("/api/v1/health", health, methods=["GET"]),
            *web_routes(db, hq_clock),
        ]
    )


def _trust_unauthorized() -> JSONResponse:
    return JSONResponse(
        {
            "status": "unauthorized",
            "message": _(
                "Missing or unknown station token. Use the token headquarters gave "
                "when the station was registered."
            ),
        },
        status_code=401,
        headers={"WWW-Authenticate": "Bearer"},
    )


def serve(database_url: str, *, host: str, port: int, clock: Clock) -> None:
    """Run the service until interrupted (Ctrl+C)."""
    import uvicorn

    db = HqDatabase.open(database_url)
    try:
        uvicorn.run(create_app(db, clock=clock), host=host, port=port, log_level="info")
    finally:
        db.close()
