"""Withdrawing a card at every station (``hq.trust``), recorded in HQ's audit trail."""

from __future__ import annotations

from starlette.responses import Response

from station_app.domain.errors import ServiceError
from station_app.hq.trust import list_revocations, revoke_card
from station_app.hq.web.core import Ctx, redirect


def cards(ctx: Ctx, problem: str = "", status: int = 200) -> Response:
    return ctx.render(
        "cards.html",
        status=status,
        revocations=list_revocations(ctx.db),
        problem=problem,
        entered=ctx.form,
    )


def revoke(ctx: Ctx) -> Response:
    key_id, card_no = ctx.form.get("key_id", ""), ctx.form.get("card_no", "")
    reason = ctx.form.get("reason", "")
    try:
        revoke_card(ctx.db, key_id, card_no, reason, by=ctx.who, now=ctx.now)
    except ServiceError as exc:
        return cards(ctx, str(exc), status=422)
    return redirect("/cards")
