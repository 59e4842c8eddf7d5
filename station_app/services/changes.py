"""What a use case changed, said in the words of what the screens show (``Subject``).

``with record_changes() as recording: …`` collects, for the work done inside it on this
thread, the subjects of every table a unit of work committed writes to (``db/uow.py``
reports them; ``TABLE_SUBJECTS`` names them) and of the changes made outside the database
that a service notes itself (``note``: the settings file, who is on duty). Nothing is
recorded for a unit that rolled back, and nothing for a read: the recording says what did
change, not what a use case meant to change. Work outside a recording is not tracked.

The GUI runs its writes inside a recording and announces the result to its pages
(``ui/ops.py``); the command line has nobody to tell and records nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum

from station_app.db.commits import commit_listener

log = logging.getLogger(__name__)


class Subject(StrEnum):
    VISITS = "visits"
    SERVICES = "services"  # service records (what a visit received)
    STOCK = "stock"  # items, their movements and balances
    LOANS = "loans"
    WORKERS = "workers"  # registered workers and every card, ours or from elsewhere
    SERVICE_TYPES = "service_types"
    OCCUPATIONS = "occupations"
    PROFILE = "profile"  # the station's details
    SETTINGS = "settings"  # settings.json
    ACCOUNTS = "accounts"  # the attendants list (names, roles, PINs, locks)
    DUTY = "duty"  # who is on duty: a sign-in, a hand-over
    KEYS = "keys"  # trusted keys and revoked cards
    SYNC = "sync"  # the summaries queued for headquarters
    AUDIT = "audit"  # the audit trail
    SELF_CHECK = "self_check"  # the self-checks of the station's facilities
    ACTIVITIES = "activities"  # activities, their types, and campaigns
    FEEDBACK = "feedback"  # workers' feedback on the station and what was done about it


# Every table of the station's database (a test keeps this in step with the models).
TABLE_SUBJECTS: dict[str, Subject] = {
    "visit": Subject.VISITS,
    "service_record": Subject.SERVICES,
    "inventory_item": Subject.STOCK,
    "stock_movement": Subject.STOCK,
    "stock_balance": Subject.STOCK,
    "loan": Subject.LOANS,
    "worker": Subject.WORKERS,
    "card": Subject.WORKERS,
    "service_type": Subject.SERVICE_TYPES,
    "occupation": Subject.OCCUPATIONS,
    "station_profile": Subject.PROFILE,
    "attendant": Subject.ACCOUNTS,
    "trusted_key": Subject.KEYS,
    "revoked_card": Subject.KEYS,
    "trust_bundle_state": Subject.KEYS,
    "outbox_batch": Subject.SYNC,
    "audit_event": Subject.AUDIT,
    "self_check": Subject.SELF_CHECK,
    "self_check_item": Subject.SELF_CHECK,
    "activity_type": Subject.ACTIVITIES,
    "activity": Subject.ACTIVITIES,
    "activity_participant": Subject.ACTIVITIES,
    "activity_item": Subject.ACTIVITIES,
    "campaign": Subject.ACTIVITIES,
    "campaign_item": Subject.ACTIVITIES,
    "feedback": Subject.FEEDBACK,
    "feedback_exchange_state": Subject.SYNC,
}


@dataclass(frozen=True)
class Changes:
    """The subjects some work changed; empty (false) when it changed nothing."""

    subjects: frozenset[Subject] = frozenset()

    @classmethod
    def of(cls, *subjects: Subject) -> Changes:
        return cls(frozenset(subjects))

    def __bool__(self) -> bool:
        return bool(self.subjects)

    def __contains__(self, subject: object) -> bool:
        return subject in self.subjects

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.subjects | other.subjects)

    def only(self, subjects: Iterable[Subject]) -> Changes:
        """The part of these changes among ``subjects`` (what one screen shows)."""
        return Changes(self.subjects & frozenset(subjects))


def subjects_of(tables: Iterable[str]) -> set[Subject]:
    found = set()
    for table in tables:
        subject = TABLE_SUBJECTS.get(table)
        if subject is None:
            log.warning("table %s has no subject: its changes are not announced", table)
        else:
            found.add(subject)
    return found


class Recording:
    """What the work inside one ``record_changes()`` changed so far."""

    def __init__(self) -> None:
        self._subjects: set[Subject] = set()

    @property
    def changes(self) -> Changes:
        return Changes(frozenset(self._subjects))

    def add(self, subjects: Iterable[Subject]) -> None:
        self._subjects.update(subjects)

    def committed(self, tables: frozenset[str]) -> None:
        self.add(subjects_of(tables))


_recording: ContextVar[Recording | None] = ContextVar("recording", default=None)


@contextmanager
def record_changes() -> Iterator[Recording]:
    """Record what the work inside changes, on this thread. A recording inside another one
    hands what it recorded to the outer one too; so does one left by an exception, since
    what was committed before it stays changed."""
    outer = _recording.get()
    recording = Recording()
    token = _recording.set(recording)
    listening = commit_listener.set(recording.committed)
    try:
        yield recording
    finally:
        commit_listener.reset(listening)
        _recording.reset(token)
        if outer is not None:
            outer.add(recording.changes.subjects)


def note(*subjects: Subject) -> None:
    """A change outside the database (the settings file, who is on duty), made just now."""
    recording = _recording.get()
    if recording is not None:
        recording.add(subjects)
