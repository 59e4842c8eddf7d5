"""HQ's dashboard: server-rendered pages (Starlette + Jinja2) next to the upload API.

Chinese by default, English by choice (a cookie). Staff sign in (``hq.accounts``); every page
and export is filtered on the server by what the account may see; every form carries the
session's CSRF token; every change is written to HQ's audit trail (``hq.audit``). No page
loads anything from outside the server: the charts' library is shipped in ``static/``.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from station_app.clock import Clock
from station_app.hq.db import HqDatabase


def web_routes(db: HqDatabase, clock: Clock) -> list[BaseRoute]:
    """The dashboard's routes, to mount at the root of HQ's application."""
    from station_app.hq.web.core import Web
    from station_app.hq.web.routes import routes

    return routes(Web.over(db, clock))
