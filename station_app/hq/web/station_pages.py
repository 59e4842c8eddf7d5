"""The stations: list, register, edit with its history, upload token, withdrawal."""

from __future__ import annotations

import datetime as dt

from starlette.responses import Response

from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.hq import stations
from station_app.hq.web.core import Ctx, redirect, when
from station_app.hq.web.exports import csv_response
from station_app.hq.web.feedback_pages import station_feedback_values
from station_app.hq.web.figures_pages import station_figure_values
from station_app.i18n import N_, _

WEEKDAY_NAMES = (
    N_("Mon"),
    N_("Tue"),
    N_("Wed"),
    N_("Thu"),
    N_("Fri"),
    N_("Sat"),
    N_("Sun"),
)
FIELD_NAMES = {
    "name": N_("Station name"),
    "district": N_("District"),
    "address": N_("Address"),
    "opening_hours": N_("Opening hours"),
    "opened_on": N_("Opened on"),
    "closed_weekdays": N_("Closed weekdays"),
    "key": N_("Key"),
    "active": N_("Active"),
}


def station_list(ctx: Ctx) -> Response:
    return ctx.render("stations.html", rows=stations.station_rows(ctx.db, ctx.account.districts))


def station_list_csv(ctx: Ctx) -> Response:
    rows = stations.station_rows(ctx.db, ctx.account.districts)
    return csv_response(
        "stations.csv",
        [_("Code"), _("Station name"), _("District"), _("Last contact"), _("Active")],
        [
            (
                row.code,
                row.name,
                row.district,
                when(row.last_contact, ctx.web.clock) if row.last_contact else "",
                _("yes") if row.active else _("no"),
            )
            for row in rows
        ],
    )


def _details(ctx: Ctx) -> tuple[stations.StationDetails, dict[str, str]]:
    form = ctx.form
    problems: dict[str, str] = {}
    opened_on: dt.date | None = None
    opened_text = form.get("opened_on", "").strip()
    if opened_text:
        try:
            opened_on = dt.date.fromisoformat(opened_text)
        except ValueError:
            problems["opened_on"] = _("Enter the date as YYYY-MM-DD, for example 2026-03-01.")
    closed = "".join(sorted(day for day in "1234567" if form.get(f"closed_{day}") == "1"))
    details = stations.StationDetails(
        name=form.get("name", ""),
        district=form.get("district", ""),
        address=form.get("address", ""),
        opening_hours=form.get("opening_hours", ""),
        opened_on=opened_on,
        closed_weekdays=closed,
    )
    return details, problems


def _key_text(ctx: Ctx) -> str:
    uploaded = ctx.files.get("key_file", b"")
    if uploaded:
        return uploaded.decode("utf-8", errors="replace")
    return ctx.form.get("key_text", "")


def _form_page(
    ctx: Ctx,
    *,
    station: object | None,
    problems: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    return ctx.render(
        "station_form.html",
        status=status,
        station=station,
        values=ctx.form,
        problems=problems or {},
        weekdays=WEEKDAY_NAMES,
    )


def new_form(ctx: Ctx) -> Response:
    return _form_page(ctx, station=None)


def register(ctx: Ctx) -> Response:
    details, problems = _details(ctx)
    key_text = _key_text(ctx)
    if not key_text.strip():
        problems["key"] = _("Upload or paste the station's public key file.")
    if problems:
        return _form_page(ctx, station=None, problems=problems, status=422)
    try:
        added = stations.add_station(
            ctx.db,
            ctx.form.get("code", ""),
            name=details.name,
            district=details.district,
            key_text=key_text,
            now=ctx.now,
            details=details,
            by=ctx.who,
        )
    except ValidationFailed as exc:
        return _form_page(ctx, station=None, problems=exc.problems, status=422)
    except ServiceError as exc:
        return _form_page(ctx, station=None, problems={"key": str(exc)}, status=422)
    return ctx.render("token.html", code=added.code, name=added.name, token=added.token)


def _visible(ctx: Ctx) -> stations.HqStation | None:
    station = stations.get_station(ctx.db, ctx.request.path_params["code"])
    if station is None or not ctx.account.may_see(station.district):
        return None  # another district's station is as good as absent
    return station


def not_found(ctx: Ctx) -> Response:
    return ctx.render("error.html", status=404, message=_("No such station."))


def edit_form(ctx: Ctx) -> Response:
    station = _visible(ctx)
    if station is None:
        return not_found(ctx)
    ctx.form = {
        "name": station.name,
        "district": station.district,
        "address": station.address,
        "opening_hours": station.opening_hours,
        "opened_on": station.opened_on.isoformat() if station.opened_on else "",
        **{f"closed_{day}": "1" for day in station.closed_weekdays},
    }
    return _form_page(ctx, station=station)


def edit(ctx: Ctx) -> Response:
    station = _visible(ctx)
    if station is None:
        return not_found(ctx)
    details, problems = _details(ctx)
    if problems:
        return _form_page(ctx, station=station, problems=problems, status=422)
    try:
        stations.update_station(
            ctx.db, station.code, details, key_text=_key_text(ctx), by=ctx.who, now=ctx.now
        )
    except ValidationFailed as exc:
        return _form_page(ctx, station=station, problems=exc.problems, status=422)
    except ServiceError as exc:
        return _form_page(ctx, station=station, problems={"key": str(exc)}, status=422)
    return redirect(f"/stations/{station.code}")


def token(ctx: Ctx) -> Response:
    station = _visible(ctx)
    if station is None:
        return not_found(ctx)
    if ctx.form.get("action") == "revoke":
        stations.revoke_token(ctx.db, station.code, by=ctx.who, now=ctx.now)
        return redirect(f"/stations/{station.code}")
    new = stations.issue_token(ctx.db, station.code, by=ctx.who, now=ctx.now)
    return ctx.render("token.html", code=station.code, name=station.name, token=new)


def active(ctx: Ctx) -> Response:
    station = _visible(ctx)
    if station is None:
        return not_found(ctx)
    stations.set_active(
        ctx.db, station.code, active=ctx.form.get("active") == "1", by=ctx.who, now=ctx.now
    )
    return redirect(f"/stations/{station.code}")


def station_page(ctx: Ctx) -> Response:
    station = _visible(ctx)
    if station is None:
        return not_found(ctx)
    values = station_figure_values(ctx, station.code)
    return ctx.render(
        "station.html",
        station=station,
        has_token=not station.token_hash.startswith(stations.REVOKED_PREFIX),
        revisions=stations.revisions(ctx.db, station.code),
        field_names=FIELD_NAMES,
        weekdays=WEEKDAY_NAMES,
        **values,
        **station_feedback_values(ctx, station.code, values["period"]),
    )
