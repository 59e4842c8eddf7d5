"""The workers' page: ``/r/<station code>``, opened from the QR code of the station's poster.

A worker rates the station (1 to 5 stars) and may leave a suggestion, without signing in:
the page never reads the dashboard's session, links nowhere else, and is its own route.
No personal data is asked; a mobile number only when the worker asks for a call back.

The form is protected by a token bound to a random cookie (``SameSite=Strict``: another
site's page cannot post it) and to the station; the ratings per client address are limited
(``feedback.RatingGuard``). The body is read within a size and a time limit and only as
``application/x-www-form-urlencoded``; nothing half-valid is stored.
"""

from __future__ import annotations

import asyncio
import secrets
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from station_app.hq import feedback
from station_app.hq.bodies import BodyTooLarge, read_body
from station_app.hq.web.core import LANGUAGE_COOKIE, LANGUAGES, SECURITY_HEADERS, Web, set_cookie
from station_app.i18n import DEFAULT_LANGUAGE, _, speaking

NONCE_COOKIE = "hq_rate"
NONCE_AGE = 60 * 60 * 24
MAX_FORM_BODY = 16 * 1024  # 500 Chinese characters percent-encoded are 4.5 KB
FORM_SECONDS = 20.0
FORM_FIELDS = 8
FORM_TYPE = "application/x-www-form-urlencoded"


def rating_language(request: Request) -> str:
    """``?lang=`` on the page, else the dashboard's cookie, else the phone's first language
    that is Chinese or English; Chinese when none is."""
    for chosen in (request.query_params.get("lang", ""), request.cookies.get(LANGUAGE_COOKIE, "")):
        if chosen in LANGUAGES:
            return chosen
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh_CN"
        if tag.startswith("en"):
            return "en"
    return DEFAULT_LANGUAGE


def rating_routes(web: Web) -> list[Route]:
    guard = feedback.RatingGuard(web.clock)

    def render(template: str, language: str, status: int = 200, **values: object) -> HTMLResponse:
        page = web.templates.get_template(template).render(
            language=language, other_languages=LANGUAGES, **values
        )
        return HTMLResponse(page, status_code=status)

    def refusal(
        request: Request, values: dict[str, str] | None, nonce: str, code: str
    ) -> tuple[int, str] | None:
        """Why a posted form is not even checked (status, message), or None."""
        if values is None:
            return 400, _("The form could not be read. Please fill it in again.")
        if not guard.form_token_valid(values.get("token", ""), nonce, code):
            return 403, _("This form has expired. Please choose your rating again and send it.")
        if not guard.allowed(request.client.host if request.client else ""):
            return 429, _(
                "Too many ratings have been sent from this network. Please try again later."
            )
        return None

    async def rate(request: Request) -> Response:
        language = rating_language(request)
        with speaking(language):
            response = await _answer(request, language)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    async def _answer(request: Request, language: str) -> Response:
        code = request.path_params["code"]
        station = await run_in_threadpool(feedback.public_station, web.db, code)
        if station is None:
            return render(
                "rate_message.html",
                language,
                404,
                title=_("Station not found"),
                message=_(
                    "This station is not known or no longer in service. Check the poster's QR code."
                ),
            )
        nonce = request.cookies.get(NONCE_COOKIE, "")
        fresh_nonce = "" if nonce else secrets.token_urlsafe(24)

        def form(
            status: int = 200,
            values: dict[str, str] | None = None,
            problems: dict[str, str] | None = None,
            message: str = "",
        ) -> Response:
            response = render(
                "rate.html",
                language,
                status,
                station=station,
                token=guard.form_token(nonce or fresh_nonce, station.code),
                values=values or {},
                problems=problems or {},
                refusal=message,
                text_max=feedback.TEXT_MAX,
            )
            if fresh_nonce:
                set_cookie(request, response, NONCE_COOKIE, fresh_nonce, NONCE_AGE)
            return response

        if request.method == "GET":
            return form()
        values = await _read_form(request)
        refused = refusal(request, values, nonce, station.code)
        if refused is not None or values is None:
            status, message = refused or (400, "")
            return form(status, values, message=message)
        rating, problems = feedback.check_rating(values)
        address = request.client.host if request.client else ""
        if rating is None:
            return form(422, values, problems)
        await run_in_threadpool(
            feedback.store_rating,
            web.db,
            station.code,
            rating,
            client_key=guard.client_key(address),
            now=web.clock.now(),
        )
        guard.given(address)
        return render(
            "rate_message.html",
            language,
            title=_("Thank you!"),
            message=_("Your rating of {name} has been received.").format(name=station.name),
            thanks=True,
            called_back=rating.phone is not None,
        )

    return [Route("/r/{code}", rate, methods=["GET", "POST"])]


async def _read_form(request: Request) -> dict[str, str] | None:
    """The form's fields (the first of each name), or None for a body that is not a small
    UTF-8 form arriving in time."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != FORM_TYPE:
        return None
    try:
        async with asyncio.timeout(FORM_SECONDS):
            body = await read_body(request, MAX_FORM_BODY)
        text = body.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=FORM_FIELDS, errors="strict")
    except (BodyTooLarge, ClientDisconnect, TimeoutError, ValueError):
        return None
    values: dict[str, str] = {}
    for name, value in pairs:
        values.setdefault(name, value)
    return values
