"""Names of the station's list entries in the attendant's language."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.db.models import Occupation
from station_app.i18n import _


def catalog_label(name: str, builtin: bool) -> str:
    """Built-in names are English msgids; a station's own entries are shown as typed."""
    return _(name) if builtin else name


def occupation_labels(session: Session) -> dict[str, str]:
    """Occupation code → label, in the catalog's order (inactive ones too: old visits)."""
    rows = session.execute(
        select(Occupation.code, Occupation.name, Occupation.builtin).order_by(
            Occupation.sort_order, Occupation.code
        )
    )
    return {code: catalog_label(name, builtin) for code, name, builtin in rows}


def occupation_label(session: Session, code: str) -> str:
    row = session.get(Occupation, code)
    return code if row is None else catalog_label(row.name, row.builtin)
