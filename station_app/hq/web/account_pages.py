"""Signing in and out, the language, HQ accounts, the audit trail and HQ's settings."""

from __future__ import annotations

from starlette.responses import Response

from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.hq import accounts
from station_app.hq.audit import recent_events
from station_app.hq.web import settings
from station_app.hq.web.core import (
    LANGUAGE_COOKIE,
    LANGUAGES,
    LOGIN_COOKIE,
    SESSION_COOKIE,
    Ctx,
    int_field,
    new_token,
    redirect,
    safe_next,
)
from station_app.i18n import _

YEAR = 365 * 24 * 3600


def login_form(ctx: Ctx) -> Response:
    if ctx.signed is not None:
        return redirect(safe_next(ctx.query("next", "/")))
    return _login_page(ctx, "", "")


def _login_page(ctx: Ctx, name: str, problem: str, status: int = 200) -> Response:
    token = new_token()
    ctx.set_cookies.append((LOGIN_COOKIE, token, None))
    return ctx.render(
        "login.html",
        status=status,
        login_csrf=token,
        name=name,
        problem=problem,
        next=safe_next(ctx.query("next", "/")),
    )


def login(ctx: Ctx) -> Response:
    name = ctx.form.get("name", "")
    try:
        signed = accounts.sign_in(
            ctx.db, name, ctx.form.get("password", ""), now=ctx.now, address=ctx.address
        )
    except ServiceError as exc:
        return _login_page(ctx, name, str(exc), status=401)
    response = redirect(safe_next(ctx.form.get("next", "/")))
    age = int((signed.expires_at - ctx.now).total_seconds())
    ctx.set_cookies.append((SESSION_COOKIE, signed.token, age))
    ctx.set_cookies.append((LOGIN_COOKIE, "", 0))
    return response


def logout(ctx: Ctx) -> Response:
    if ctx.signed is not None:
        accounts.sign_out(ctx.db, ctx.signed.token, who=ctx.who, now=ctx.now)
    ctx.set_cookies.append((SESSION_COOKIE, "", 0))
    return redirect("/login")


def language(ctx: Ctx) -> Response:
    chosen = ctx.request.path_params["language"]
    if chosen in LANGUAGES:
        ctx.set_cookies.append((LANGUAGE_COOKIE, chosen, YEAR))
    return redirect(safe_next(ctx.query("next", "/")))


def users(ctx: Ctx, problems: dict[str, str] | None = None, status: int = 200) -> Response:
    return ctx.render(
        "users.html",
        status=status,
        users=accounts.list_users(ctx.db),
        problems=problems or {},
        entered=ctx.form,
    )


def user_add(ctx: Ctx) -> Response:
    role_text = ctx.form.get("role", "")
    try:
        role = accounts.HqRole(role_text)
    except ValueError:
        return users(ctx, {"role": _("Choose a role.")}, status=422)
    password = ctx.form.get("password", "")
    if password != ctx.form.get("password2", ""):
        return users(ctx, {"password": _("The two passwords differ.")}, status=422)
    try:
        accounts.add_user(
            ctx.db,
            ctx.form.get("name", ""),
            role=role,
            district=ctx.form.get("district", ""),
            password=password,
            by=ctx.who,
            now=ctx.now,
        )
    except ValidationFailed as exc:
        return users(ctx, exc.problems, status=422)
    return redirect("/users")


def user_state(ctx: Ctx) -> Response:
    user_id = int(ctx.request.path_params["user_id"])
    active = ctx.form.get("active") == "1"
    if user_id == ctx.account.id and not active:
        return users(ctx, {"state": _("You cannot disable your own account.")}, status=422)
    try:
        accounts.set_user_state(ctx.db, user_id, active=active, by=ctx.who, now=ctx.now)
    except ServiceError as exc:
        return users(ctx, {"state": str(exc)}, status=422)
    return redirect("/users")


def audit(ctx: Ctx) -> Response:
    prefix = ctx.query("action")
    return ctx.render(
        "audit.html", events=recent_events(ctx.db, action_prefix=prefix), action=prefix
    )


def settings_page(ctx: Ctx, problem: str = "", status: int = 200) -> Response:
    return ctx.render(
        "settings.html",
        status=status,
        timely_days=settings.timely_days(ctx.db),
        problem=problem,
        max_days=settings.MAX_TIMELY_DAYS,
    )


def settings_save(ctx: Ctx) -> Response:
    days = int_field(ctx.form, "timely_days", -1)
    if not 0 <= days <= settings.MAX_TIMELY_DAYS:
        return settings_page(
            ctx,
            _("Enter a number of days from 0 to {n}.").format(n=settings.MAX_TIMELY_DAYS),
            status=422,
        )
    settings.set_timely_days(ctx.db, days, by=ctx.who, now=ctx.now)
    return redirect("/settings")
