"""Delivery to a folder (a USB stick carried to HQ, or a shared folder HQ collects from).

A run writes into a subfolder named after the day it wrote (``station-summaries-<date>``),
so a stick shared with other files keeps its top level tidy and HQ's clerk sees which
visit to the station brought what. The chosen folder itself is never created (it is
usually a stick not plugged in); the dated subfolder inside it is.

Each file goes to a temporary name in the same folder and is then renamed into place
(``station_app.atomic_file``), the CSV before the manifest: HQ reads a batch by its
manifest, so a stick pulled out half-way never shows HQ a manifest without its complete CSV.

Workers' feedback is not carried this way: HQ's suggestions come from its public page and
answers go back only over HTTPS (``exchange_feedback`` says so).

HQ's clerk puts HQ's trust bundle (``station-trust.json``) at the top of the stick when
reading it in; ``fetch_trust`` reads it there, and in the dated subfolders in case the clerk
read in one subfolder only. The station applies the newest genuine one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
from pathlib import Path
from typing import Any

from station_app.atomic_file import atomic_write
from station_app.domain.trust_bundle import FILE_NAME as TRUST_FILE
from station_app.domain.trust_bundle import MAX_BYTES as TRUST_MAX_BYTES
from station_app.i18n import _
from station_app.sync.delivery import Delivery, FeedbackExchange, Parcel, TrustFetch, Verdict

MANIFEST_SUFFIX = ".manifest.json"
SUBFOLDER_PREFIX = "station-summaries-"
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _write_atomically(path: Path, data: bytes) -> None:
    with atomic_write(path) as stream:
        stream.write(data)


def dated_subfolder(folder: Path, written_on: dt.date) -> Path:
    """Where a run on ``written_on`` (a local day) puts its files inside ``folder``."""
    return folder / f"{SUBFOLDER_PREFIX}{written_on.isoformat()}"


class FolderTransport:
    def __init__(self, folder: Path, written_on: dt.date) -> None:
        self.folder = folder
        self.target = dated_subfolder(folder, written_on)

    def send(self, parcel: Parcel) -> Delivery:
        if not self.folder.is_dir():
            # Not created on the fly: a missing folder is usually a USB stick not plugged in,
            # and creating it would leave the files on the PC's own disk.
            return Delivery(
                Verdict.REFUSED,
                _(
                    "The folder {folder} is not there. Plug in the USB stick (or choose the "
                    "folder again in the settings), then sync again."
                ).format(folder=self.folder),
                stop=True,
            )
        try:
            self.target.mkdir(exist_ok=True)
            _write_atomically(self.target / f"{parcel.stem}.csv", parcel.csv)
            _write_atomically(
                self.target / f"{parcel.stem}{MANIFEST_SUFFIX}",
                parcel.manifest_json.encode("utf-8"),
            )
        except OSError as error:
            if error.errno in _FULL:
                message = _(
                    "The USB stick or disk at {folder} is full. Free some space or use "
                    "another stick, then sync again."
                ).format(folder=self.folder)
            else:
                message = _(
                    "Could not write to {folder} ({error}). Check that the USB stick is "
                    "plugged in and not write-protected, then sync again."
                ).format(folder=self.folder, error=error.strerror or error)
            return Delivery(Verdict.REFUSED, message, stop=True)
        return Delivery(Verdict.DELIVERED)

    def fetch_trust(self) -> TrustFetch:
        if not self.folder.is_dir():
            return TrustFetch(
                message=_(
                    "The folder {folder} is not there, so headquarters' list of withdrawn "
                    "cards was not read. Plug in the USB stick, then sync again."
                ).format(folder=self.folder)
            )
        candidates = [self.folder / TRUST_FILE]
        with contextlib.suppress(OSError):
            candidates += sorted(self.folder.glob(f"{SUBFOLDER_PREFIX}*/{TRUST_FILE}"))
        files = []
        for path in candidates:
            try:
                # Only a regular file of a sane size: a stick may hold anything.
                if path.is_symlink() or not path.is_file():
                    continue
                with path.open("rb") as stream:
                    data = stream.read(TRUST_MAX_BYTES + 1)
            except OSError:
                continue
            files.append(data)
        return TrustFetch(tuple(files))

    def exchange_feedback(self, body: dict[str, Any]) -> FeedbackExchange:
        return FeedbackExchange(
            message=_(
                "Workers' feedback travels only over the internet: choose the headquarters "
                "server in the settings to receive suggestions and send answers."
            )
        )
