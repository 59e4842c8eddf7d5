"""The dashboard's URL map."""

from __future__ import annotations

from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from station_app.hq.web import account_pages as accounts
from station_app.hq.web import card_pages as cards
from station_app.hq.web import feedback_pages as suggestions
from station_app.hq.web import figures_pages as figures
from station_app.hq.web import station_pages as stations
from station_app.hq.web.core import HERE, Handler, Web, page
from station_app.hq.web.rating_pages import rating_routes


def routes(web: Web) -> list[BaseRoute]:
    def get(path: str, handler: Handler, **kwargs: bool) -> Route:
        return Route(path, page(web, handler, **kwargs), methods=["GET"])

    def post(path: str, handler: Handler, **kwargs: bool) -> Route:
        return Route(path, page(web, handler, **kwargs), methods=["POST"])

    return [
        get("/", figures.overview),
        get("/reporting", figures.reporting_page),
        get("/screen", figures.screen),
        get("/rollup.pdf", figures.rollup_pdf),
        get("/export/overview/{table}.csv", figures.overview_csv),
        get("/export/reporting/{table}.csv", figures.reporting_csv),
        get("/export/station/{code}/{table}.csv", figures.station_csv),
        get("/cards", cards.cards, admin=True),
        post("/cards", cards.revoke, admin=True),
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
        get("/suggestions", suggestions.suggestions_page),
        get("/stations/{code}/edit", stations.edit_form, admin=True),
        post("/stations/{code}/edit", stations.edit, admin=True),
        post("/stations/{code}/token", stations.token, admin=True),
        post("/stations/{code}/active", stations.active, admin=True),
        *rating_routes(web),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
