"""Display names for the codes in the stations' figures, in the current language.

The default occupations and services mean the same at every station (``domain.catalog``),
so HQ names them as the station's own pages do. A station's own entries (``custom_1``,
``own_3``) mean something only at that station: HQ shows them as such, with their code.
"""

from __future__ import annotations

from station_app.domain.catalog import OCCUPATIONS, SERVICE_TYPES
from station_app.domain.summary_format import METRIC_LABELS, Metric
from station_app.i18n import _

_OCCUPATION_LABELS = {entry.code: entry.label for entry in OCCUPATIONS}
_SERVICE_LABELS = {entry.code: entry.label for entry in SERVICE_TYPES}


def occupation_name(code: str) -> str:
    label = _OCCUPATION_LABELS.get(code)
    if label is not None:
        return _(label)
    if code.startswith("custom_"):
        return _("A station's own category ({code})").format(code=code)
    return code


def service_name(code: str) -> str:
    label = _SERVICE_LABELS.get(code)
    if label is not None:
        return _(label)
    if code.startswith("own_"):
        return _("A station's own service ({code})").format(code=code)
    return code


def metric_label(metric: Metric) -> str:
    return _(METRIC_LABELS[metric])


def hour_name(hour: str) -> str:
    """``07`` → ``07:00–08:00``."""
    start = int(hour)
    return f"{start:02d}:00–{(start + 1) % 24:02d}:00"


def district_name(district: str) -> str:
    return district or _("(no district)")
