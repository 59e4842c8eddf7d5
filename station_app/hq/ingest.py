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

A batch id is its station's: the same id from another station is another batch, and can
neither block nor replace the first one's.

The figures are then held to HQ's validation rules (``hq/validation.py``): a day its own sums
contradict is refused like a malformed one; a doubtful one is stored and flagged.

Two deliveries of the same batch at once (a retry while the first is still being written)
store it once: the station row is locked for the decision on PostgreSQL (``FOR UPDATE``),
SQLite runs writers one at a time (``BEGIN IMMEDIATE``, ``hq/db.py``), and the unique keys
catch anything that slips past, after which the decision is taken again.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import errno
import logging
import os
import stat
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
    load_json,
    sha256_hex,
    verify,
)
from station_app.hq import validation
from station_app.hq.bulk import copy_rows
from station_app.hq.db import HqBase, HqBatch, HqStation, HqValue
from station_app.hq.figures.rollups import apply_batch
from station_app.i18n import _

log = logging.getLogger(__name__)

MANIFEST_SUFFIX = ".manifest.json"
_ATTEMPTS = 3
# The largest files a batch may have: a manifest is a few hundred bytes; a CSV of the format's
# MAX_ROWS rows with the longest item names stays under a megabyte.
MAX_MANIFEST_BYTES = 16 * 1024
MAX_CSV_BYTES = 1024 * 1024

# The statements of a delivery, built once: building them anew for every batch costs about
# as much as running them.

# Deliveries of one station wait for each other here (PostgreSQL; SQLite's BEGIN IMMEDIATE
# already did), so the reads after it see what the other one wrote.
_LOCK_STATION = (
    select(HqStation.key_id, HqStation.public_key, HqStation.district)
    .where(HqStation.code == bindparam("code"))
    .with_for_update()
)
# This batch if the station sent it before, and the revisions applied for the station's day,
# in one read (the primary key or the station-day index). Another station's batches are never
# looked at: a batch id is its station's.
_KNOWN_BATCHES = select(HqBatch.batch_id, HqBatch.sha256, HqBatch.revision).where(
    HqBatch.station_code == bindparam("code"),
    or_(
        HqBatch.batch_id == bindparam("batch_id"),
        and_(HqBatch.day == bindparam("day"), HqBatch.applied),
    ),
)
_INSERT_BATCH = insert(HqBatch)
_DELETE_DAY = delete(HqValue).where(
    HqValue.station_code == bindparam("code"), HqValue.date == bindparam("day")
)
_VALUE_TABLE = HqBase.metadata.tables[HqValue.__tablename__]
_VALUE_COLUMNS = ("station_code", "date", "metric", "dimension", "value", "batch_id")


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
    problem is with the manifest or the file as a whole (as in ``summary_format``); ``rule``
    the validation rule refusing it (``hq/validation.py``), empty for the format's checks."""

    line: int
    message: str
    rule: str = ""


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
    return _ingest(
        session_factory, manifest, csv, station_code_from_token=station_code_from_token, clock=clock
    )


def ingest_upload(
    session_factory: SessionFactory, body: bytes, *, station_code_from_token: str, clock: Clock
) -> IngestResult:
    """A batch as an HTTP body carries it, ``{"manifest": {…}, "csv": "<base64>"}``: the body
    is read by the same strict JSON reader as a manifest file (a field twice, in the manifest
    or around it, is refused here as there), then checked and stored as ``ingest`` does."""
    shape = Problem(
        MANIFEST_LINE,
        _('The body must be JSON: {"manifest": {…}, "csv": "<the CSV file in base64>"}.'),
    )
    try:
        payload = load_json(body, _("the body"))
    except SummaryFormatError as error:
        return _invalid("", *_format_problems(error), shape)
    if not isinstance(payload, dict) or set(payload) != {"manifest", "csv"}:
        return _invalid("", shape)
    encoded = payload["csv"]
    try:
        if not isinstance(encoded, str):
            raise ValueError
        csv = base64.b64decode(encoded.encode("ascii"), validate=True)
    except (ValueError, binascii.Error):  # non-ASCII text is a UnicodeEncodeError, a ValueError
        return _invalid(
            "", Problem(MANIFEST_LINE, _("“csv” must be the CSV file in base64 (RFC 4648)."))
        )
    try:
        manifest = Manifest.from_dict(payload["manifest"])
    except SummaryFormatError as error:
        return _invalid("", *_format_problems(error))
    return _ingest(
        session_factory, manifest, csv, station_code_from_token=station_code_from_token, clock=clock
    )


def _ingest(
    session_factory: SessionFactory,
    manifest: Manifest,
    csv: bytes,
    *,
    station_code_from_token: str | None,
    clock: Clock,
) -> IngestResult:
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
    received_at = clock.now()
    # The file is checked before the write lock is taken, so that one delivery's parsing
    # does not hold up another's; its problems are reported only once the sender is known
    # to be sound, as a batch from an unknown station says nothing about its file.
    file_problems: tuple[Problem, ...] = ()
    rows: Sequence[SummaryRow] = ()
    findings: list[validation.Finding] = []
    try:
        rows = check_file(csv, manifest)
    except SummaryFormatError as error:
        file_problems = _format_problems(error)
    else:
        findings = validation.check(rows, manifest.period_start, received_at)
        file_problems = tuple(
            Problem(finding.line, finding.message(), finding.rule)
            for finding in validation.refusals(findings)
        )
    sha256 = sha256_hex(csv)
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            return _receive(
                session_factory,
                manifest,
                rows,
                file_problems,
                sha256,
                findings=findings,
                received_at=received_at,
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
    findings: Sequence[validation.Finding],
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
                same = row.sha256 == sha256
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
            district=station.district,
            day=day,
            received_at=received_at,
            applied=newer,
            replacing=held is not None,
            rows=rows,
        )
        if not newer:
            return IngestResult(Outcome.SUPERSEDED, batch_id)
        if held is not None:
            # A day's values and flags are only ever written with an applied batch of that
            # day: with none applied before there is nothing to replace.
            connection.execute(_DELETE_DAY, {"code": code, "day": day})
            validation.clear_flags(connection, code, day)
        copy_rows(
            connection,
            _VALUE_TABLE,
            _VALUE_COLUMNS,
            [(code, row.day, row.metric.value, row.dimension, row.value, batch_id) for row in rows],
        )
        validation.add_flags(connection, code, day, batch_id, findings)
        return IngestResult(Outcome.APPLIED, batch_id)


@dataclass(frozen=True)
class FileReport:
    name: str  # the manifest's file name
    result: IngestResult


class _Unreadable(Exception):
    """A file of the folder that is not read, and why (translated)."""


def _read_regular(name: str, shown: str, dir_fd: int, limit: int) -> bytes:
    """The bytes of ``name`` in the folder open as ``dir_fd`` (``shown`` in messages), if it
    is a regular file (not a link, device or pipe) of at most ``limit`` bytes. Opened without
    following a link and without blocking on a pipe, then checked on the open file itself:
    what is read is what was checked."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _Unreadable(
                _(
                    "{path} is a symbolic link: only regular files inside the folder are read."
                ).format(path=shown)
            ) from None
        raise _Unreadable(
            _("Could not read {path}: {error}").format(path=shown, error=error.strerror or error)
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _Unreadable(
                _("{path} is not a regular file (a device, pipe or socket): not read.").format(
                    path=shown
                )
            )
        too_large = _("{path} is larger than {n} bytes: not read.").format(path=shown, n=limit)
        if info.st_size > limit:
            raise _Unreadable(too_large)
        with os.fdopen(os.dup(fd), "rb") as file:
            data = file.read(limit + 1)
        if len(data) > limit:
            raise _Unreadable(too_large)
        return data
    finally:
        os.close(fd)


def ingest_folder(session_factory: SessionFactory, folder: Path, clock: Clock) -> list[FileReport]:
    """Ingest every ``*.manifest.json`` in a folder (a USB stick) with the CSV beside it,
    in its subfolders too (a station writes each run into a dated subfolder).

    Only regular files inside ``folder`` are read: a link (to a file or a folder, inside or
    out), a device or a pipe is reported and skipped, and so is a file over the size a batch
    can have. Each batch stands alone: a bad one is reported and the others are still stored.
    The order does not matter: revisions are compared, not arrival times.
    """
    reports = []
    # The folder given may itself be reached through a link (a mount point's alias): it is
    # followed; nothing below it is.
    folder = folder.resolve()
    for dirpath, dirnames, filenames, dir_fd in os.fwalk(folder):
        relative = Path(dirpath).relative_to(folder)
        for name in list(dirnames):
            try:
                mode = os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode
            except OSError:  # gone since it was listed
                continue
            if stat.S_ISLNK(mode):
                # fwalk would skip it silently; say so, as for a linked file.
                dirnames.remove(name)
                shown = (relative / name).as_posix()
                message = _(
                    "{path} is a symbolic link: only regular files inside the folder are read."
                ).format(path=shown)
                reports.append(FileReport(shown, _invalid("", Problem(MANIFEST_LINE, message))))
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith(MANIFEST_SUFFIX):
                continue
            shown = (relative / name).as_posix()
            csv_name = name.removesuffix(MANIFEST_SUFFIX) + ".csv"
            try:
                manifest_json = _read_regular(name, shown, dir_fd, MAX_MANIFEST_BYTES)
                csv = _read_regular(
                    csv_name, (relative / csv_name).as_posix(), dir_fd, MAX_CSV_BYTES
                )
            except _Unreadable as why:
                result = _invalid("", Problem(MANIFEST_LINE, str(why)))
            else:
                result = ingest(
                    session_factory, manifest_json, csv, station_code_from_token=None, clock=clock
                )
            reports.append(FileReport(shown, result))
    return sorted(reports, key=lambda report: report.name)
