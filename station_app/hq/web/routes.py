"""The dashboard's URL map."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from station_app.hq.web import account_pages as accounts
from station_app.hq.web import station_pages as stations
from station_app.hq.web.core import HERE, Ctx, Handler, Web, page, redirect


def home(ctx: Ctx) -> Response:
    return redirect("/stations")


def routes(web: Web) -> list[BaseRoute]:
    def get(path: str, handler: Handler, **kwargs: bool) -> Route:
        return Route(path, page(web, handler, **kwargs), methods=["GET"])

    def post(path: str, handler: Handler, **kwargs: bool) -> Route:
        return Route(path, page(web, handler, **kwargs), methods=["POST"])

    return [
        get("/", home),
        get("/login", accounts.login_form, public=True),
        post("/login", accounts.login, public=True),
        post("/logout", accounts.logout),
        get("/language/{language}", accounts.language, public=True),
        get("/users", accounts.users, admin=True),
        post("/users", accounts.user_add, admin=True),
        post("/users/{user_id:int}/state", accounts.user_state, admin=True),
        get("/audit", accounts.audit, admin=True),
        get("/settings", accounts.settings_page, admin=True),
        post("/settings", accounts.settings_save, admin=True),
        get("/stations", stations.station_list),
        get("/stations.csv", stations.station_list_csv),
        get("/stations/new", stations.new_form, admin=True),
        post("/stations/new", stations.register, admin=True),
        get("/stations/{code}", stations.station_page),
        get("/stations/{code}/edit", stations.edit_form, admin=True),
        post("/stations/{code}/edit", stations.edit, admin=True),
        post("/stations/{code}/token", stations.token, admin=True),
        post("/stations/{code}/active", stations.active, admin=True),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
