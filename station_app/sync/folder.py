"""Delivery to a folder (a USB stick carried to HQ, or a shared folder HQ collects from).

Each file goes to a temporary name in the same folder and is then renamed into place
(``station_app.atomic_file``), the CSV before the manifest: HQ reads a batch by its
manifest, so a stick pulled out half-way never shows HQ a manifest without its complete CSV.
"""

from __future__ import annotations

import errno
from pathlib import Path

from station_app.atomic_file import atomic_write
from station_app.i18n import _
from station_app.sync.delivery import Delivery, Parcel, Verdict

MANIFEST_SUFFIX = ".manifest.json"
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _write_atomically(path: Path, data: bytes) -> None:
    with atomic_write(path) as stream:
        stream.write(data)


class FolderTransport:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

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
            _write_atomically(self.folder / f"{parcel.stem}.csv", parcel.csv)
            _write_atomically(
                self.folder / f"{parcel.stem}{MANIFEST_SUFFIX}",
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
