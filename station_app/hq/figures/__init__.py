"""HQ's figures: the data under the dashboard, the exports and the rollup PDF.

Every function reads the rollup tables (``hq.rollup``), kept as ingest applies each batch
(``rollups.apply_batch``), so a page costs a few rows per day of its period whatever the
history held. ``Scope`` limits a district viewer to their districts' stations.
"""

from __future__ import annotations

from station_app.hq.figures.evaluation import Evaluation, evaluations
from station_app.hq.figures.export import table_csv
from station_app.hq.figures.model import (
    LEVEL_METRICS,
    Breakdown,
    Compared,
    DayFigure,
    DistrictReporting,
    ItemLevel,
    LiveState,
    LiveStation,
    MetricFigure,
    Overview,
    Reporting,
    Scope,
    StationDay,
    StationFigures,
    StationReporting,
    StationTotal,
)
from station_app.hq.figures.queries import (
    DEFAULT_TIMELY_DAYS,
    UnknownStation,
    live_state,
    overview,
    reporting,
    station_figures,
    station_totals,
)
from station_app.hq.figures.rollups import (
    apply_batch,
    move_station,
    rebuild,
    rebuild_rollups,
    set_district,
)
from station_app.hq.figures.standing import DistrictStanding, by_district, worst_first

__all__ = [
    "DEFAULT_TIMELY_DAYS",
    "LEVEL_METRICS",
    "Breakdown",
    "Compared",
    "DayFigure",
    "DistrictReporting",
    "DistrictStanding",
    "Evaluation",
    "ItemLevel",
    "LiveState",
    "LiveStation",
    "MetricFigure",
    "Overview",
    "Reporting",
    "Scope",
    "StationDay",
    "StationFigures",
    "StationReporting",
    "StationTotal",
    "UnknownStation",
    "apply_batch",
    "by_district",
    "evaluations",
    "live_state",
    "move_station",
    "overview",
    "rebuild",
    "rebuild_rollups",
    "reporting",
    "set_district",
    "station_figures",
    "station_totals",
    "table_csv",
    "worst_first",
]
