"""The feedback poster as a worker meets it on the wall: A4, the station's name in Chinese,
a QR code a phone decodes to HQ's rating page for this station, no personal data; and no
poster at all, with the place to fix it named, while the HQ address is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from station_app.app import Station
from station_app.config.settings import HQ_URL
from station_app.domain.errors import ServiceError
from station_app.domain.station import StationProfile
from station_app.reports.feedback_poster import default_name, feedback_poster_pdf
from tests.reports.tools import (
    decode,
    needs_poppler,
    needs_zxing,
    pdf_page_size_mm,
    pdf_pages,
    pdf_text,
    render,
)

NAME = "合肥市庐阳区杏花村街道工会户外劳动者服务站点"


@pytest.fixture
def set_up(station: Station) -> Station:
    station.station.save_profile(StationProfile("HF-LY-0012", NAME))
    station.settings.set(HQ_URL, "https://hq.hfzgh.example.cn/api/v1/batches")
    station.settings.save()
    return station


@needs_poppler
@needs_zxing
def test_the_poster_names_the_station_and_its_code_opens_hqs_page(
    set_up: Station, tmp_path: Path
) -> None:
    poster = set_up.feedback.poster()
    assert poster.url == "https://hq.hfzgh.example.cn/r/HF-LY-0012"
    pdf = feedback_poster_pdf(poster, tmp_path / default_name(poster))
    assert pdf_pages(pdf) == 1
    width, height = pdf_page_size_mm(pdf)
    assert round(width) == 210 and round(height) == 297
    words = pdf_text(pdf).replace(" ", "").replace("\n", "")
    assert NAME in words
    for line in ("扫码评价本驿站", "1–5星", "留言", "如需回电", poster.url):
        assert line in words, line
    assert "王站长" not in words and "138" not in words
    (png,) = render(pdf, tmp_path, dpi=100)
    assert [found.text for found in decode(png)] == [poster.url]


def test_without_an_hq_address_the_poster_is_refused_saying_where_to_set_it(
    station: Station, tmp_path: Path
) -> None:
    station.station.save_profile(StationProfile("HF-LY-0012", NAME))
    with pytest.raises(ServiceError, match="同步"):
        station.feedback.poster()
    station.settings.set(HQ_URL, "hq dot example")
    with pytest.raises(ServiceError, match="总工会地址"):
        station.feedback.poster()
    assert list(tmp_path.glob("*.pdf")) == []
