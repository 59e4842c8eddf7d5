"""CSV downloads of the dashboard's tables, made for Excel (``figures.table_csv``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import quote

from starlette.responses import Response

from station_app.hq.figures import table_csv


def csv_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence[object]]
) -> Response:
    return Response(
        table_csv(headers, rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )
