"""Activities and campaigns: record an activity (its items handed out from stock like any
issue, earliest expiry first, all or nothing), extend the list of activity types, define a
campaign and read its report, and sum a period's activities for the weekly report.

An attendant on duty records activities; the list of types and the campaigns are the
station's settings, the admin's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.clock import Clock
from station_app.db.engine import Database
from station_app.db.models import (
    Activity,
    ActivityItem,
    ActivityParticipant,
    ActivityType,
    Campaign,
    CampaignItem,
    InventoryItem,
    Occupation,
)
from station_app.db.uow import UnitOfWork
from station_app.domain.activities import (
    CAMPAIGN_NAME_MAX,
    PARTICIPANTS_MAX,
    PARTNER_MAX,
    TYPE_NAME_MAX,
    ActivitiesSummary,
    ActivityInput,
    ActivityTypeView,
    ActivityView,
    CampaignReport,
    CampaignView,
    KitLine,
    most_first,
)
from station_app.domain.catalog import clean_name, name_key
from station_app.domain.enums import MovementKind
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.i18n import _
from station_app.services.accounts import audit_writer as audit
from station_app.services.accounts.access import require_admin
from station_app.services.station.labels import catalog_label, occupation_labels
from station_app.services.stock import journal
from station_app.services.stock.inventory import MAX_QUANTITY, find_item


def _type_labels(session: Session) -> dict[str, str]:
    rows = session.execute(
        select(ActivityType.code, ActivityType.name, ActivityType.builtin).order_by(
            ActivityType.sort_order, ActivityType.code
        )
    )
    return {code: catalog_label(name, builtin) for code, name, builtin in rows}


def activities_between(session: Session, first: dt.date, last: dt.date) -> ActivitiesSummary:
    """The activities held from ``first`` to ``last`` (local days, both included)."""
    types = _type_labels(session)
    occupations = occupation_labels(session)
    held = list(session.scalars(select(Activity).where(Activity.held_on.between(first, last))))
    ids = [row.id for row in held]
    by_type = Counter(types.get(row.type_code, row.type_code) for row in held)
    people: Counter[str] = Counter()
    for code, count in session.execute(
        select(ActivityParticipant.occupation_code, func.sum(ActivityParticipant.count))
        .where(ActivityParticipant.activity_id.in_(ids))
        .group_by(ActivityParticipant.occupation_code)
    ):
        people[occupations.get(code, code)] += int(count)
    items, units = _handed_out(session, ids)
    return ActivitiesSummary(
        count=len(held),
        people=sum(people.values()),
        by_type=most_first(dict(by_type)),
        by_occupation=most_first(dict(people)),
        items=most_first(items, units),
    )


def _handed_out(
    session: Session, activity_ids: list[int], item_ids: list[int] | None = None
) -> tuple[dict[str, int], dict[str, str]]:
    """Item name → units handed out at those activities, and item name → unit."""
    query = (
        select(InventoryItem.name, InventoryItem.unit, func.sum(ActivityItem.quantity))
        .join(InventoryItem, InventoryItem.id == ActivityItem.item_id)
        .where(ActivityItem.activity_id.in_(activity_ids))
        .group_by(InventoryItem.id)
    )
    if item_ids is not None:
        query = query.where(ActivityItem.item_id.in_(item_ids))
    counts: dict[str, int] = {}
    units: dict[str, str] = {}
    for name, unit, total in session.execute(query):
        counts[name] = int(total)
        units[name] = unit
    return counts, units


class ActivityService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    # -- types -------------------------------------------------------------------------

    def types(self) -> list[ActivityTypeView]:
        with UnitOfWork(self._db, write=False) as uow:
            rows = uow.session.scalars(
                select(ActivityType).order_by(ActivityType.sort_order, ActivityType.code)
            )
            return [
                ActivityTypeView(row.code, catalog_label(row.name, row.builtin), row.builtin)
                for row in rows
            ]

    def add_type(self, name: str) -> ActivityTypeView:
        """A station's own activity type (admin only), shown as typed, last in the list."""
        text = clean_name(name)
        if not text:
            raise ValidationFailed({"name": _("Enter the name of the activity type.")})
        if len(text) > TYPE_NAME_MAX or not text.isprintable():
            raise ValidationFailed(
                {
                    "name": _(
                        "An activity type's name has at most {n} characters, and no control "
                        "characters."
                    ).format(n=TYPE_NAME_MAX)
                }
            )
        require_admin(self._db)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            rows = list(session.scalars(select(ActivityType)))
            for row in rows:
                label = catalog_label(row.name, row.builtin)
                if name_key(text) in (name_key(row.name), name_key(label)):
                    raise ValidationFailed(
                        {"name": _("The list already has “{name}”.").format(name=label)}
                    )
            taken = {row.code for row in rows}
            number = len(rows) + 1
            while f"own_{number}" in taken:
                number += 1
            row = ActivityType(
                code=f"own_{number}",
                name=text,
                builtin=False,
                sort_order=max((r.sort_order for r in rows), default=-1) + 1,
            )
            session.add(row)
            session.flush()
            audit.record(
                session, "activity_type.added", "activity_type", row.code, at=self._clock.now()
            )
            uow.commit()
            return ActivityTypeView(row.code, text, False)

    # -- activities --------------------------------------------------------------------

    def record(self, data: ActivityInput) -> ActivityView:
        """Record an activity held today or before, with its items handed out from stock.

        Refused whole (nothing written, no stock moved) when any item is short, or the
        input is wrong (ValidationFailed, a message per field)."""
        partner = clean_name(data.partner)
        problems: dict[str, str] = {}
        if data.held_on > self._clock.today():
            problems["held_on"] = _("An activity can only be recorded once it was held.")
        if len(partner) > PARTNER_MAX:
            problems["partner"] = _("The partner's name has at most {n} characters.").format(
                n=PARTNER_MAX
            )
        counts = {code: n for code, n in data.participants.items() if n}
        if any(n < 0 for n in counts.values()):
            problems["participants"] = _("A number of people cannot be negative.")
        elif not counts:
            problems["participants"] = _("Enter how many people took part, by occupation.")
        elif sum(counts.values()) > PARTICIPANTS_MAX:
            problems["participants"] = _(
                "At most {n} people can be counted for one activity. Check the numbers."
            ).format(n=PARTICIPANTS_MAX)
        item_ids = [handout.item_id for handout in data.items]
        if len(set(item_ids)) != len(item_ids):
            problems["items"] = _("List each item once, with the total handed out.")
        elif any(not 0 < handout.quantity <= MAX_QUANTITY for handout in data.items):
            problems["items"] = _("Each item's quantity must be a whole number above zero.")
        if problems:
            raise ValidationFailed(problems)
        now = self._clock.now()
        with UnitOfWork(self._db) as uow:
            session = uow.session
            kind = session.get(ActivityType, data.type_code)
            if kind is None:
                raise ServiceError(_("Choose the activity's type from the list."))
            known = set(session.scalars(select(Occupation.code)))
            if not set(counts) <= known:
                raise ServiceError(_("Choose the occupations from the list."))
            row = Activity(
                held_on=data.held_on, type_code=kind.code, partner=partner, recorded_at=now
            )
            session.add(row)
            session.flush()
            for code, n in counts.items():
                session.add(ActivityParticipant(activity_id=row.id, occupation_code=code, count=n))
            for handout in data.items:
                item = find_item(session, handout.item_id)
                moved = journal.take_out(
                    session,
                    item,
                    MovementKind.ISSUE,
                    handout.quantity,
                    moment=now,
                    reason=_("Activity: {type}").format(
                        type=catalog_label(kind.name, kind.builtin)
                    ),
                )
                session.add(
                    ActivityItem(
                        activity_id=row.id,
                        item_id=item.id,
                        quantity=handout.quantity,
                        movement_id=moved[0].id,
                    )
                )
            session.flush()
            audit.record(
                session,
                "activity.recorded",
                "activity",
                row.id,
                f"{kind.code} {sum(counts.values())}",
                at=now,
            )
            view = self._view(session, row)
            uow.commit()
        return view

    def recent(self, limit: int = 50) -> list[ActivityView]:
        """The latest activities, the most recent day first."""
        with UnitOfWork(self._db, write=False) as uow:
            rows = uow.session.scalars(
                select(Activity).order_by(Activity.held_on.desc(), Activity.id.desc()).limit(limit)
            )
            return [self._view(uow.session, row) for row in rows]

    def between(self, first: dt.date, last: dt.date) -> ActivitiesSummary:
        with UnitOfWork(self._db, write=False) as uow:
            return activities_between(uow.session, first, last)

    def _view(self, session: Session, row: Activity) -> ActivityView:
        occupations = occupation_labels(session)
        people = {
            occupations.get(p.occupation_code, p.occupation_code): p.count
            for p in session.scalars(
                select(ActivityParticipant).where(ActivityParticipant.activity_id == row.id)
            )
        }
        items, units = _handed_out(session, [row.id])
        return ActivityView(
            id=row.id,
            held_on=row.held_on,
            type_label=_type_labels(session).get(row.type_code, row.type_code),
            partner=row.partner,
            people=sum(people.values()),
            participants=most_first(people),
            items=most_first(items, units),
        )

    # -- campaigns ---------------------------------------------------------------------

    def define_campaign(
        self, name: str, starts_on: dt.date, ends_on: dt.date, kit_item_ids: list[int]
    ) -> CampaignView:
        """A named period with its kit items (admin only)."""
        text = clean_name(name)
        problems: dict[str, str] = {}
        if not text:
            problems["name"] = _("Enter the campaign's name.")
        elif len(text) > CAMPAIGN_NAME_MAX:
            problems["name"] = _("A campaign's name has at most {n} characters.").format(
                n=CAMPAIGN_NAME_MAX
            )
        if ends_on < starts_on:
            problems["ends_on"] = _("The campaign must end on or after the day it starts.")
        if not kit_item_ids:
            problems["kit"] = _("Choose at least one kit item.")
        if problems:
            raise ValidationFailed(problems)
        require_admin(self._db)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            if session.scalar(select(Campaign.id).where(Campaign.name == text)) is not None:
                raise ValidationFailed(
                    {"name": _("There is already a campaign called “{name}”.").format(name=text)}
                )
            row = Campaign(name=text, starts_on=starts_on, ends_on=ends_on)
            session.add(row)
            session.flush()
            for item_id in dict.fromkeys(kit_item_ids):
                find_item(session, item_id)
                session.add(CampaignItem(campaign_id=row.id, item_id=item_id))
            session.flush()
            audit.record(
                session, "campaign.defined", "campaign", row.id, text, at=self._clock.now()
            )
            view = _campaign_view(session, row)
            uow.commit()
        return view

    def campaigns(self) -> list[CampaignView]:
        """Every campaign, the latest first."""
        with UnitOfWork(self._db, write=False) as uow:
            rows = uow.session.scalars(
                select(Campaign).order_by(Campaign.starts_on.desc(), Campaign.id.desc())
            )
            return [_campaign_view(uow.session, row) for row in rows]

    def campaign_report(self, campaign_id: int) -> CampaignReport:
        """What the campaign's activities handed out of its kit, to how many people of which
        occupations, and what is left of each kit item now. The campaign's activities are
        those held in its period that handed out one of its kit items."""
        with UnitOfWork(self._db, write=False) as uow:
            session = uow.session
            row = session.get(Campaign, campaign_id)
            if row is None:
                raise ServiceError(_("There is no such campaign. Reload the list."))
            kit = list(
                session.scalars(
                    select(InventoryItem)
                    .join(CampaignItem, CampaignItem.item_id == InventoryItem.id)
                    .where(CampaignItem.campaign_id == row.id)
                    .order_by(InventoryItem.name)
                )
            )
            kit_ids = [item.id for item in kit]
            ids = list(
                session.scalars(
                    select(Activity.id)
                    .join(ActivityItem, ActivityItem.activity_id == Activity.id)
                    .where(
                        Activity.held_on.between(row.starts_on, row.ends_on),
                        ActivityItem.item_id.in_(kit_ids),
                    )
                    .distinct()
                )
            )
            occupations = occupation_labels(session)
            people: Counter[str] = Counter()
            for code, count in session.execute(
                select(ActivityParticipant.occupation_code, func.sum(ActivityParticipant.count))
                .where(ActivityParticipant.activity_id.in_(ids))
                .group_by(ActivityParticipant.occupation_code)
            ):
                people[occupations.get(code, code)] += int(count)
            handed, _units = _handed_out(session, ids, kit_ids)
            return CampaignReport(
                campaign=_campaign_view(session, row),
                activities=len(ids),
                people=sum(people.values()),
                by_occupation=most_first(dict(people)),
                kit=tuple(
                    KitLine(
                        item.name,
                        item.unit,
                        handed.get(item.name, 0),
                        journal.stock_of(session, item.id),
                    )
                    for item in kit
                ),
            )


def _campaign_view(session: Session, row: Campaign) -> CampaignView:
    names = session.scalars(
        select(InventoryItem.name)
        .join(CampaignItem, CampaignItem.item_id == InventoryItem.id)
        .where(CampaignItem.campaign_id == row.id)
        .order_by(InventoryItem.name)
    )
    return CampaignView(row.id, row.name, row.starts_on, row.ends_on, tuple(names))
