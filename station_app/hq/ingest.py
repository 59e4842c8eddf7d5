"""Receiving a batch: check everything, then store it in one transaction.

A batch is a station's day (``docs``: the summary format, ``domain/summary_format.py``).
Nothing of a batch is stored unless all of it is sound: the manifest, the station, the
signature by the station's registered key, the CSV's hash and row count, every row. Then:

- the same batch again (same id, same hash) is acknowledged and adds nothing;
- the same batch id with other content is a conflict: the station has a bug, HQ keeps what
  it had;
- a revision no newer than the one HQ holds for that station and day is recorded, not applied
  (a late retry of revision 1 after revision 2 arrived);
- otherwise the new revision replaces every row HQ holds for that station and day.

Two deliveries of the same batch at once (a retry while the first is still being written)
store it once: the station row is locked for the decision on PostgreSQL (``FOR UPDATE``),
SQLite runs writers one at a time (``BEGIN IMMEDIATE``, ``hq/db.py``), and the unique keys
catch anything that slips past, after which the decision is taken again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from sqlalchemy import and_, bindparam, delete, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from station_app.clock import Clock
from station_app.domain.summary_format import (
    MANIFEST_LINE,
    Manifest,
    SummaryFormatError,
    SummaryRow,
    check_file,
    sha256_hex,
    verify,
)
from station_app.hq.db import HqBatch, HqStation, HqValue
from station_app.hq.figures.rollups import apply_batch
from station_app.i18n import _

log = logging.getLogger(__name__)

MANIFEST_SUFFIX = ".manifest.json"
_ATTEMPTS = 3

# The statements of a delivery, built once: building them anew for every batch costs about
# as much as running them.

# Deliveries of one station wait for each other here (PostgreSQL; SQLite's BEGIN IMMEDIATE
# already did), so the reads after it see what the other one wrote.
_LOCK_STATION = (
    select(HqStation.key_id, HqStation.public_key)
    .where(HqStation.code == bindparam("code"))
    .with_for_update()
)
# This batch if HQ has it, and the revisions applied for the station's day, in one read
# (the primary key or the station-day index).
_KNOWN_BATCHES = select(
    HqBatch.batch_id, HqBatch.station_code, HqBatch.sha256, HqBatch.revision
).where(
    or_(
        HqBatch.batch_id == bindparam("batch_id"),
        and_(
            HqBatch.station_code == bindparam("code"),
            HqBatch.day == bindparam("day"),
            HqBatch.applied,
        ),
    )
)
_INSERT_BATCH = insert(HqBatch)
_DELETE_DAY = delete(HqValue).where(
    HqValue.station_code == bindparam("code"), HqValue.date == bindparam("day")
)
_INSERT_VALUES = insert(HqValue)


class Outcome(StrEnum):
    APPLIED = "applied"  # stored: its rows are HQ's figures for that day now
    ALREADY_HAD = "already_had"  # the same batch was stored before; nothing added
    SUPERSEDED = "superseded"  # HQ holds a newer (or the same) revision of that day
    CONFLICT = "conflict"  # the same batch id with other content
    INVALID = "invalid"  # malformed, tampered with, or from an unknown station
    FORBIDDEN = "forbidden"  # sent with another station's token


_HTTP_STATUS = {
    Outcome.APPLIED: 200,
    Outcome.ALREADY_HAD: 200,
    Outcome.SUPERSEDED: 200,
    Outcome.CONFLICT: 409,
    Outcome.INVALID: 422,
    Outcome.FORBIDDEN: 403,
}


@dataclass(frozen=True)
class Problem:
    """What is wrong with a batch; ``line`` is the CSV line (1 = the header), 0 when the
    problem is with the manifest or the file as a whole (as in ``summary_format``)."""

    line: int
    message: str


@dataclass(frozen=True)
class IngestResult:
    outcome: Outcome
    batch_id: str = ""
    problems: tuple[Problem, ...] = field(default=())

    @property
    def applied(self) -> bool:
        return self.outcome is Outcome.APPLIED

    @property
    def accepted(self) -> bool:
        """True when the station may consider the batch delivered."""
        return _HTTP_STATUS[self.outcome] == 200

    @property
    def http_status(self) -> int:
        return _HTTP_STATUS[self.outcome]

    def message(self) -> str:
        """One translated line for the person running HQ."""
        if self.outcome is Outcome.APPLIED:
            return _("stored")
        if self.outcome is Outcome.ALREADY_HAD:
            return _("already received; nothing added")
        if self.outcome is Outcome.SUPERSEDED:
            return _("an older revision than the one held; not applied")
        if self.outcome is Outcome.CONFLICT:
            return _("refused: a different batch was received before under the same batch id")
        if self.outcome is Outcome.FORBIDDEN:
            return _("refused: sent with another station's token")
        lines = [
            _("line {line}: {problem}").format(line=p.line, problem=p.message)
            if p.line != MANIFEST_LINE
            else p.message
            for p in self.problems
        ]
        return _("refused, nothing stored: {problems}").format(problems="; ".join(lines))


def _invalid(batch_id: str, *problems: Problem) -> IngestResult:
    return IngestResult(Outcome.INVALID, batch_id, tuple(problems))


def _format_problems(error: SummaryFormatError) -> tuple[Problem, ...]:
    return tuple(Problem(line, message) for line, message in error.problems)


SessionFactory = Callable[[], Session]


def ingest(
    session_factory: SessionFactory,
    manifest_json: bytes,
    csv: bytes,
    *,
    station_code_from_token: str | None,
    clock: Clock,
) -> IngestResult:
    """Check a batch and store it (see the module docstring for what each outcome means).

    ``station_code_from_token`` is the station the upload token belongs to (HTTP); None for
    a batch carried on a USB stick, which is trusted only through its signature. ``clock``:
    HQ's, for when the batch was received.
    """
    try:
        manifest = Manifest.from_json(manifest_json)
    except SummaryFormatError as error:
        return _invalid("", *_format_problems(error))
    batch_id = manifest.batch_id
    if station_code_from_token is not None and manifest.station_code != station_code_from_token:
        return IngestResult(Outcome.FORBIDDEN, batch_id)
    if manifest.period_end != manifest.period_start:
        return _invalid(
            batch_id,
            Problem(
                MANIFEST_LINE,
                _("A batch holds one day: its period must start and end on the same date."),
            ),
        )
    # The file is checked before the write lock is taken, so that one delivery's parsing
    # does not hold up another's; its problems are reported only once the sender is known
    # to be sound, as a batch from an unknown station says nothing about its file.
    file_problems: tuple[Problem, ...] = ()
    rows: Sequence[SummaryRow] = ()
    try:
        rows = check_file(csv, manifest)
    except SummaryFormatError as error:
        file_problems = _format_problems(error)
    sha256 = sha256_hex(csv)
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            return _receive(
                session_factory, manifest, rows, file_problems, sha256, received_at=clock.now()
            )
        except IntegrityError:
            # Another delivery of the same batch (or day) committed between our reads and our
            # writes; take the decision again on what is stored now.
            log.info("batch %s: concurrent delivery, attempt %d", batch_id, attempt)
    raise RuntimeError(f"batch {batch_id}: could not be stored after {_ATTEMPTS} attempts")


def _receive(
    session_factory: SessionFactory,
    manifest: Manifest,
    rows: Sequence[SummaryRow],
    file_problems: tuple[Problem, ...],
    sha256: str,
    *,
    received_at: dt.datetime,
) -> IngestResult:
    """The sender's check and the store in one transaction: one BEGIN (IMMEDIATE on SQLite)
    and one commit per batch, which is most of what a batch costs."""
    batch_id = manifest.batch_id
    code = manifest.station_code
    day = manifest.period_start
    with session_factory() as session, session.begin():
        # Core statements on the session's connection: no ORM objects are wanted here.
        connection = session.connection()
        station = connection.execute(_LOCK_STATION, {"code": code}).one_or_none()
        if station is None:
            return _invalid(
                batch_id,
                Problem(
                    MANIFEST_LINE,
                    _("Station {code} is not registered at headquarters.").format(code=code),
                ),
            )
        if not verify(manifest, station.public_key):
            return _invalid(
                batch_id,
                Problem(
                    MANIFEST_LINE,
                    _(
                        "The manifest's signature is not that of station {code}'s registered "
                        "key {key_id}: the batch was changed, or the station has a new key."
                    ).format(code=code, key_id=station.key_id),
                ),
            )
        if file_problems:
            return _invalid(batch_id, *file_problems)
        known = connection.execute(
            _KNOWN_BATCHES, {"batch_id": batch_id, "code": code, "day": day}
        ).all()
        for row in known:
            if row.batch_id == batch_id:
                same = row.sha256 == sha256 and row.station_code == code
                return IngestResult(Outcome.ALREADY_HAD if same else Outcome.CONFLICT, batch_id)
        held = max((row.revision for row in known), default=None)
        newer = held is None or manifest.revision > held
        connection.execute(
            _INSERT_BATCH,
            {
                "batch_id": batch_id,
                "station_code": code,
                "day": day,
                "revision": manifest.revision,
                "sha256": sha256,
                "row_count": len(rows),
                "received_at": received_at,
                "applied": newer,
            },
        )
        # The dashboard's rollups, in this transaction and before the old rows go (hq.figures).
        apply_batch(
            connection,
            code=code,
            day=day,
            received_at=received_at,
            applied=newer,
            replacing=held is not None,
            rows=rows,
        )
        if not newer:
            return IngestResult(Outcome.SUPERSEDED, batch_id)
        if held is not None:
            # A day's values are only ever written with an applied batch of that day: with
            # none applied before there is nothing to replace.
            connection.execute(_DELETE_DAY, {"code": code, "day": day})
        if rows:
            connection.execute(
                _INSERT_VALUES,
                [
                    {
                        "station_code": code,
                        "date": row.day,
                        "metric": row.metric.value,
                        "dimension": row.dimension,
                        "value": row.value,
                        "batch_id": batch_id,
                    }
                    for row in rows
                ],
            )
        return IngestResult(Outcome.APPLIED, batch_id)


@dataclass(frozen=True)
class FileReport:
    name: str  # the manifest's file name
    result: IngestResult


def ingest_folder(session_factory: SessionFactory, folder: Path, clock: Clock) -> list[FileReport]:
    """Ingest every ``*.manifest.json`` in a folder (a USB stick) with the CSV beside it,
    in its subfolders too (a station writes each run into a dated subfolder).

    Each batch stands alone: a bad one is reported and the others are still stored. The
    order does not matter: revisions are compared, not arrival times.
    """
    reports = []
    for manifest_path in sorted(folder.rglob("*" + MANIFEST_SUFFIX)):
        csv_path = manifest_path.with_name(
            manifest_path.name.removesuffix(MANIFEST_SUFFIX) + ".csv"
        )
        try:
            manifest_json = manifest_path.read_bytes()
            csv = csv_path.read_bytes()
        except OSError as error:
            result = _invalid(
                "",
                Problem(
                    MANIFEST_LINE,
                    _("Could not read {path}: {error}").format(
                        path=error.filename or csv_path, error=error.strerror or error
                    ),
                ),
            )
        else:
            result = ingest(
                session_factory, manifest_json, csv, station_code_from_token=None, clock=clock
            )
        reports.append(FileReport(manifest_path.relative_to(folder).as_posix(), result))
    return reports
