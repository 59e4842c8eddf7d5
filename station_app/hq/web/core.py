"""What every dashboard page shares: who is signed in, the language, CSRF, rendering."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from station_app.clock import Clock
from station_app.hq.accounts import ROLE_NAMES, Account, SignedIn, session_for
from station_app.hq.db import HqDatabase
from station_app.hq.web.tables import change
from station_app.i18n import DEFAULT_LANGUAGE, N_, _, speaking

HERE = Path(__file__).parent
SESSION_COOKIE = "hq_session"
LOGIN_COOKIE = "hq_login"  # the sign-in form's CSRF token, before there is a session
LANGUAGE_COOKIE = "hq_lang"
LANGUAGES = {"zh_CN": "中文", "en": "English"}
MAX_FORM_FIELDS = 60
MAX_UPLOAD = 64 * 1024  # a key file is under 200 bytes

# The menu: (path, label, for admins only).
NAV: tuple[tuple[str, str, bool], ...] = (
    ("/", N_("Overview"), False),
    ("/reporting", N_("Reporting"), False),
    ("/stations", N_("Stations"), False),
    ("/suggestions", N_("Suggestions"), False),
    ("/screen", N_("Big screen"), False),
    ("/cards", N_("Withdrawn cards"), True),
    ("/users", N_("Accounts"), True),
    ("/audit", N_("Audit trail"), True),
    ("/settings", N_("Settings"), True),
)

# No inline script or style and nothing from elsewhere: the charts read their figures from
# JSON blocks (type="application/json", never executed).
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@dataclass
class Web:
    db: HqDatabase
    clock: Clock
    templates: Environment

    @classmethod
    def over(cls, db: HqDatabase, clock: Clock) -> Web:
        env = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.globals["_"] = _
        env.globals["languages"] = LANGUAGES
        env.globals["role_names"] = ROLE_NAMES
        env.globals["change"] = change
        env.filters["when"] = lambda value: when(value, clock)
        return cls(db, clock, env)


def when(value: dt.datetime | None, clock: Clock) -> str:
    """A moment in HQ's zone, to the minute; a dash for none."""
    if value is None:
        return "—"
    return value.astimezone(clock.zone).strftime("%Y-%m-%d %H:%M")


@dataclass
class Ctx:
    """One request, as a page handler sees it (in a worker thread)."""

    web: Web
    request: Request
    language: str
    now: dt.datetime
    signed: SignedIn | None
    form: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    set_cookies: list[tuple[str, str, int | None]] = field(default_factory=list)

    @property
    def db(self) -> HqDatabase:
        return self.web.db

    @property
    def account(self) -> Account:
        assert self.signed is not None  # only pages that require a session ask
        return self.signed.account

    @property
    def who(self) -> str:
        return self.signed.account.name if self.signed else "anonymous"

    @property
    def address(self) -> str:
        return self.request.client.host if self.request.client else ""

    def query(self, name: str, default: str = "") -> str:
        return self.request.query_params.get(name, default)

    def render(self, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        account = self.signed.account if self.signed else None
        nav = [
            (href, _(label))
            for href, label, admin_only in NAV
            if account is not None and (account.is_admin or not admin_only)
        ]
        page = self.web.templates.get_template(template).render(
            ctx=self,
            nav=nav,
            account=account,
            csrf=self.signed.csrf if self.signed else "",
            language=self.language,
            path=self.request.url.path,
            full_path=_full_path(self.request),
            **values,
        )
        return HTMLResponse(page, status_code=status)


def _full_path(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def is_https(request: Request) -> bool:
    """Came over HTTPS, directly or through a TLS reverse proxy that says so."""
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def set_cookie(
    request: Request, response: Response, name: str, value: str, age: int | None
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=age,
        path="/",
        httponly=True,
        samesite="strict",
        secure=is_https(request),
    )


def language_of(request: Request) -> str:
    chosen = request.cookies.get(LANGUAGE_COOKIE, "")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def safe_next(target: str) -> str:
    """Only a path on this server (an open redirect would lend HQ's name to anyone)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def redirect(target: str) -> RedirectResponse:
    return RedirectResponse(target, status_code=303)


Handler = Callable[[Ctx], Response]


async def _read_form(request: Request) -> tuple[dict[str, str], dict[str, bytes]]:
    form = await request.form(max_files=2, max_fields=MAX_FORM_FIELDS, max_part_size=MAX_UPLOAD)
    fields: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            data = await value.read(MAX_UPLOAD + 1)
            if data:
                files[key] = data[: MAX_UPLOAD + 1]
        else:
            fields.setdefault(key, value)
    await form.close()
    return fields, files


def page(
    web: Web, handler: Handler, *, admin: bool = False, public: bool = False
) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint around ``handler``: the language, the session (sign-in page otherwise),
    the admin check, the form with its CSRF check (403 without a valid token), then the
    handler in a worker thread, and the security headers on whatever it answers."""

    async def endpoint(request: Request) -> Response:
        language = language_of(request)
        with speaking(language):
            response = await _answer(request, language)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    async def _answer(request: Request, language: str) -> Response:
        now = web.clock.now()
        signed = await run_in_threadpool(
            session_for, web.db, request.cookies.get(SESSION_COOKIE, ""), now=now
        )
        ctx = Ctx(web, request, language, now, signed)
        if signed is None and not public:
            if request.method != "GET":
                return ctx.render("error.html", status=403, message=_("Sign in first."))
            return redirect("/login?next=" + quote(_full_path(request), safe=""))
        if admin and signed is not None and not signed.account.is_admin:
            return ctx.render(
                "error.html", status=403, message=_("Only an HQ admin may open this page.")
            )
        if request.method == "POST":
            try:
                ctx.form, ctx.files = await _read_form(request)
            except (HTTPException, MultiPartException, ValueError):
                return ctx.render(
                    "error.html", status=400, message=_("The form could not be read.")
                )
            expected = signed.csrf if signed is not None else request.cookies.get(LOGIN_COOKIE, "")
            given = ctx.form.get("csrf", "")
            if not expected or not hmac.compare_digest(expected.encode(), given.encode()):
                return ctx.render(
                    "error.html",
                    status=403,
                    message=_(
                        "This form has expired or did not come from this site. Open the page "
                        "again and repeat."
                    ),
                )
        response = await run_in_threadpool(handler, ctx)
        for name, value, age in ctx.set_cookies:
            set_cookie(request, response, name, value, age)
        return response

    return endpoint


def new_token() -> str:
    return secrets.token_urlsafe(32)


def int_field(form: Mapping[str, str], name: str, default: int) -> int:
    text = form.get(name, "").strip()
    return int(text) if text.isdigit() else default
