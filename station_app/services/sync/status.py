"""Plain dataclasses the sync service returns (the Sync page and ``station-app sync`` show them).

``SyncService.status()`` and ``SyncService.sync_now()`` fill them.
Times are aware UTC (the UI shows local time); days are the station's local days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class SyncStatus:
    mode: str  # "off" | "folder" | "https"
    destination: str  # the folder or the HQ URL ("" when off)
    last_success: dt.datetime | None  # aware UTC
    last_attempt: dt.datetime | None
    last_error: str  # plain words in the user's language, "" if the last attempt succeeded
    pending_days: list[dt.date]  # days queued and not yet acknowledged (folder: not yet written)
    # HQ's trust bundle: the one applied last, why the last one offered was refused, or
    # that no HQ key is imported ("" when sending is off or no bundle was seen yet)
    trust: str = ""
    # Workers' feedback: when it was last exchanged with HQ, or why the last try failed
    feedback: str = ""

    @property
    def pending(self) -> int:
        return len(self.pending_days)


@dataclass(frozen=True)
class SyncOutcome:
    queued: int  # new days or new revisions queued by this run
    sent: int  # batches delivered (HQ said ok, or written to the folder)
    failed: int  # still pending after this run
    message: str  # one sentence for the attendant / the terminal
    trust: str = ""  # what became of HQ's trust bundle ("" when nothing new): also in message
    feedback: str = ""  # what the feedback exchange brought or why it failed: also in message
