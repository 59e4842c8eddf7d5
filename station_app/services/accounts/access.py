"""Who may do what: the checks every admin-only use case makes before it writes.

The services check, not only the pages: a button hidden from an attendant is a courtesy,
the refusal here is the rule (and the command line goes through the same services).
"""

from __future__ import annotations

from station_app.db.engine import Database
from station_app.domain.errors import ServiceError
from station_app.i18n import _


class NotPermitted(ServiceError):
    """Admin-only work asked for by an attendant, or any work with nobody signed in."""


def admin_only_message() -> str:
    return _("Only the station admin may do this. Ask the station manager to sign in.")


def require_admin(db: Database) -> None:
    if not db.duty.may_administer:
        raise NotPermitted(admin_only_message())


def require_owner_or_admin(db: Database, owner_id: int | None) -> None:
    """Undoing or correcting an entry: one's own, or anyone's for an admin."""
    if not db.duty.may_change(owner_id):
        raise NotPermitted(
            _(
                "This entry was made by another attendant; only the station admin may"
                " undo or change it."
            )
        )
