"""Workers' feedback on the dashboard: the suggestions page and a station's ratings."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from station_app.domain.periods import Period
from station_app.hq import feedback
from station_app.hq.feedback_tables import ANSWERED, OPEN, SOURCE_WEB
from station_app.hq.web.core import Ctx
from station_app.i18n import N_

STATUSES = {OPEN: N_("Waiting for an answer"), ANSWERED: N_("Answered"), "all": N_("All")}
SOURCES = {SOURCE_WEB: N_("Workers' page"), "in_person": N_("In person")}


def suggestions_page(ctx: Ctx) -> Response:
    """Every suggestion the account may see (its district's), open ones by default."""
    status = ctx.query("status", OPEN)
    if status not in STATUSES:
        status = OPEN
    rows = feedback.suggestion_rows(
        ctx.db,
        ctx.now,
        districts=ctx.account.districts,
        status=None if status == "all" else status,
    )
    return ctx.render(
        "suggestions.html", rows=rows, chosen=status, statuses=STATUSES, sources=SOURCES
    )


def station_feedback_values(ctx: Ctx, code: str, period: Period) -> dict[str, Any]:
    """What a station's page shows of its feedback: its ratings over ``period``, its open
    suggestions (whenever they came) and those answered."""
    found = feedback.rating_figures(
        ctx.db, period, ctx.web.clock.zone, districts=ctx.account.districts, codes=[code]
    )
    rows = feedback.suggestion_rows(ctx.db, ctx.now, districts=ctx.account.districts, code=code)
    return {
        "ratings": found.get(code, feedback.RatingFigures(None, 0, 0)),
        "open_suggestions": [row for row in rows if row.status == OPEN],
        "answered_suggestions": [row for row in rows if row.status == ANSWERED],
        "sources": SOURCES,
    }
