"""Period reports as files in the station's reports folder: their names, and last week's
report saved at start-up without ever writing over a file that is already there.

The file name is ``<station code>-<period code>.pdf`` (``HF-LY-0012-2026-W47.pdf``), the
same as ``station-app report`` writes, so either finds what the other saved.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from pathlib import Path

from station_app.atomic_file import atomic_write
from station_app.domain.periods import Period, last_full_week
from station_app.reports.output import write_failed
from station_app.services.reporting.period_reports import ReportService

log = logging.getLogger(__name__)


def report_file_name(station_code: str, period: Period) -> str:
    return f"{station_code or 'station'}-{period.code()}.pdf"


def last_week_file(folder: Path, station_code: str, today: dt.date) -> Path:
    """Where last week's report is filed (it may not be there yet)."""
    return folder / report_file_name(station_code, last_full_week(today))


def save_new(data: bytes, target: Path) -> bool:
    """Write ``data`` as ``target`` unless a file of that name exists; False when one does.

    The file appears complete or not at all, and never in place of one another program
    made meanwhile (``atomic_file``'s ``overwrite=False``). Raises ServiceError
    (translated) when the folder cannot be written.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file where the folder should be, a read-only disk
        raise write_failed(target, exc) from exc
    if target.exists():
        return False
    try:
        with atomic_write(target, overwrite=False) as stream:
            stream.write(data)
    except FileExistsError:
        return False
    except OSError as exc:
        log.warning("cannot write %s: %s", target, exc)
        raise write_failed(target, exc) from exc
    return True


def save_last_week(
    reports: ReportService, folder: Path, station_code: str, today: dt.date
) -> Path | None:
    """Save last week's report into ``folder`` unless it is there; the file, or None."""
    from station_app.reports.period_pdf import period_report_pdf  # reportlab: only when used

    target = last_week_file(folder, station_code, today)
    if target.exists():
        return None
    buffer = io.BytesIO()
    period_report_pdf(reports.period_report(last_full_week(today)), buffer, zone=reports.zone)
    return target if save_new(buffer.getvalue(), target) else None
