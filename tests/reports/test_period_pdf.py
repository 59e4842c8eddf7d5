"""The printed period report, read back the way a manager's PC would: poppler's text,
fonts and page boxes of the finished PDF, from hand-built reports."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from station_app import i18n
from station_app.domain.errors import ServiceError
from station_app.domain.period_report import Count, Figure, PeriodReport
from station_app.domain.periods import parse_week
from station_app.i18n import _
from station_app.reports.period_pdf import period_report_pdf
from tests.reports.pdf_words import bar_values, page_width, page_words
from tests.reports.report_samples import (
    STATION_CODE,
    STATION_NAME,
    busy_week,
    empty_week,
    long_report,
)
from tests.reports.tools import needs_poppler, pdf_fonts, pdf_pages, pdf_text, run

# Every test here reads times on a PC set to Beijing time (tests/conftest.py).
pytestmark = [needs_poppler, pytest.mark.usefixtures("china_time")]


def _signed(change: int) -> str:
    return f"+{change}" if change > 0 else f"\u2212{-change}" if change < 0 else "±0"


def _figures(report: PeriodReport) -> list[Figure]:
    return [
        report.visits,
        report.distinct_workers,
        report.new_registrations,
        report.union_members,
        report.wants_to_join,
        report.services,
    ]


def _write(report: PeriodReport, tmp_path: Path, name: str = "report.pdf", **kw: object) -> Path:
    target = tmp_path / name
    pages = period_report_pdf(report, target, **kw)  # type: ignore[arg-type]
    assert pages == pdf_pages(target)
    return target


def _shares(values: list[int], total: int) -> list[str]:
    """Tenths of a percent that add up to 1000: floor each, then one more tenth to the
    values with the largest remainders."""
    floors = [v * 1000 // total for v in values]
    rest = sorted(range(len(values)), key=lambda n: -((values[n] * 1000) % total))
    for n in rest[: 1000 - sum(floors)]:
        floors[n] += 1
    assert sum(floors) == 1000
    return [f"{t / 10:.1f}%" for t in floors]


def test_every_number_of_a_busy_week_is_printed(tmp_path: Path) -> None:
    report = busy_week()
    pdf = _write(report, tmp_path)
    text = pdf_text(pdf)
    lines = text.splitlines()

    # The header: who, which week, when it was made.
    assert STATION_NAME in text and STATION_CODE in text
    assert "2026年第47周 · 11月16日–11月22日" in text
    assert "2026-11-24 14:05" in text  # generated at 06:05 UTC, printed in Beijing time

    # Each key figure with its change from last week, right under it.
    for figure in _figures(report):
        change = _("vs last week {change}").format(change=_signed(figure.change))
        assert f"{figure.value}\n{change}" in text
    assert str(report.card_visits) in text and str(report.anonymous_visits) in text

    # Visits per day: the number over each day's bar is that day's count.
    words = page_words(pdf)[0]
    labels = [f"{d.day.month}/{d.day.day}" for d in report.visits_by_day]
    assert bar_values(words, labels) == {
        f"{d.day.month}/{d.day.day}": d.value for d in report.visits_by_day
    }

    # Occupations and services: a table row each, this week's and last week's numbers,
    # then a totals row; the shares add up to exactly 100%.
    total = report.visits.value
    shares = _shares([c.value for c in report.by_occupation], total)
    for c, share in zip(report.by_occupation, shares, strict=True):
        change = _signed(c.value - c.previous)
        assert f"{c.label} {c.value} {share} {c.previous} {change}" in lines
    previous = report.visits.previous
    assert f"合计 {total} 100.0% {previous} {_signed(total - previous)}" in lines
    for c in report.services_by_type:
        assert f"{c.label} {c.value} {c.previous} {_signed(c.value - c.previous)}" in lines
    given = (report.services.value, sum(c.previous for c in report.services_by_type))
    assert f"合计 {given[0]} {given[1]} {_signed(given[0] - given[1])}" in lines
    # The busiest hours: every hour with visits has its count over its bar.
    for count in {v for v in report.by_hour if v}:
        assert str(count) in lines

    # Stock: each item's row adds up from opening to closing stock, and so does the total.
    flat = text.replace("\n", "")
    for line in report.stock:
        # A long name wraps onto lines of its own; the numbers stay on one line.
        assert f"{line.name}（{line.unit}）" in flat
        closing = f"▲ {line.closing}" if line.below_minimum else str(line.closing)
        moves = (line.opening, line.received, line.issued, line.lent, line.returned)
        numbers = " ".join(str(n) for n in (*moves, line.discarded))
        adjusted = _signed(line.adjusted) if line.adjusted else "0"
        assert any(row.endswith(f"{numbers} {adjusted} {closing}") for row in lines)
    sums = [sum(getattr(line, name) for line in report.stock) for name in (
        "opening", "received", "issued", "lent", "returned", "discarded", "adjusted", "closing"
    )]  # fmt: skip
    assert sums[0] + sums[1] - sums[2] - sums[3] + sums[4] - sums[5] + sums[6] == sums[7]
    assert f"合计 {' '.join(str(n) for n in sums[:6])} {_signed(sums[6])} {sums[7]}" in lines
    short = [line for line in report.stock if line.below_minimum]
    # One mark per short item, and one in the sentence that explains it.
    assert short and text.count("▲") == len(short) + 1
    for line in short:
        assert f"{line.min_stock - line.stock} {line.unit}" in text
    assert "合计：2 项" in lines  # the short items, the batches, the overdue loans
    for batch in report.expiring:
        assert f"{batch.expires_on.isoformat()}" in text
        assert f"{batch.quantity} {batch.unit}" in text
    assert "2026-11-18 09:30 2026-11-18 23:59" in text
    assert _("{n} days overdue").format(n=4) in text
    assert _("{n} hours overdue").format(n=7) in text
    assert "匿名：押金 20 元" in text

    # Signatures for the attendant and the manager, and numbered pages.
    assert _("Attendant (signature)") in text and _("Station manager (signature)") in text
    pages = pdf_pages(pdf)
    for number in range(1, pages + 1):
        assert f"第 {number} 页 / 共 {pages} 页" in pdf_text(pdf, page=number)


def test_a_week_without_visits_prints_zeros_and_says_so(tmp_path: Path) -> None:
    report = empty_week()
    pdf = _write(report, tmp_path)
    text = pdf_text(pdf)
    assert text.count(_("vs last week {change}").format(change="±0")) == 6
    assert _("No visits in this period.") in text
    assert _("No services were recorded in this period.") in text
    assert _("No loans are overdue.") in text
    words = page_words(pdf)[0]
    labels = [f"{d.day.month}/{d.day.day}" for d in report.visits_by_day]
    assert set(bar_values(words, labels).values()) == {0}


def test_long_chinese_names_wrap_inside_the_page(tmp_path: Path) -> None:
    report = long_report()
    pdf = _write(report, tmp_path)
    flat = pdf_text(pdf).replace("\n", "")
    for line in report.stock:
        assert line.name in flat
    right_edge = page_width(pdf) - 18 * 72 / 25.4  # the right margin
    for number, words in enumerate(page_words(pdf), start=1):
        overflow = [w.text for w in words if w.right > right_edge + 1]
        assert not overflow, f"page {number}: {overflow}"


def test_a_long_report_numbers_every_page_and_repeats_headers(tmp_path: Path) -> None:
    report = long_report()
    pdf = _write(report, tmp_path)
    pages = pdf_pages(pdf)
    assert pages >= 3
    for number in range(1, pages + 1):
        text = pdf_text(pdf, page=number)
        assert f"第 {number} 页 / 共 {pages} 页" in text
        if number > 1:
            assert STATION_NAME in text  # the running header
    # The stock table runs over a page break and its header row comes again.
    heading = f"{_('Item (unit)')} {_('Opening stock')}"
    assert sum(heading in pdf_text(pdf, page=n) for n in range(1, pages + 1)) >= 2
    # A month: its title, and "比上月" instead of "比上周".
    assert "2026年11月" in pdf_text(pdf, page=1)
    assert _("vs last month {change}").format(change="+23") in pdf_text(pdf, page=1)


def test_only_the_bundled_font_is_used_and_it_is_embedded(tmp_path: Path) -> None:
    pdf = _write(busy_week(), tmp_path)
    fonts = pdf_fonts(pdf)
    assert fonts
    assert all("WenQuanYiMicroHei" in f.name and f.embedded and f.subset for f in fonts)


def test_the_english_report_has_english_headings(tmp_path: Path) -> None:
    i18n.install("en")
    pdf = _write(busy_week(), tmp_path)
    text = pdf_text(pdf)
    for heading in ("Weekly report", "Key figures", "Visits per day", "Visits by occupation"):
        assert heading in text
    assert "vs last week +23" in text
    assert "Nov 16–Nov 22" in text
    assert "Page 1 of" in text
    assert "Attendant (signature)" in text


def test_notes_are_printed_else_lines_are_left_to_write_on(tmp_path: Path) -> None:
    note = "周三下午停水，热水服务暂停半天。\n已联系物业维修。"
    with_notes = pdf_text(_write(busy_week(), tmp_path, "notes.pdf", notes=note))
    assert "周三下午停水，热水服务暂停半天。" in with_notes
    assert "已联系物业维修。" in with_notes
    blank = pdf_text(_write(busy_week(), tmp_path, "blank.pdf"))
    assert "停水" not in blank
    assert _("Notes") in blank


def test_the_logo_is_drawn_when_given_else_nothing(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 80), (200, 30, 30)).save(logo)
    with_logo = _write(busy_week(), tmp_path, "logo.pdf", logo=logo)
    assert len(run("pdfimages", "-list", with_logo).splitlines()) == 3  # header lines + one
    # The station's own logo from its settings, carried by the report.
    own = _write(replace(busy_week(), logo=logo), tmp_path, "own.pdf")
    assert len(run("pdfimages", "-list", own).splitlines()) == 3
    without = _write(busy_week(), tmp_path, "plain.pdf")
    assert len(run("pdfimages", "-list", without).splitlines()) == 2  # no picture
    assert "工会标志" not in pdf_text(without) and "标志" not in pdf_text(without)


def test_the_first_period_says_there_is_nothing_to_compare_with(tmp_path: Path) -> None:
    report = replace(busy_week(), has_previous=False)
    text = pdf_text(_write(report, tmp_path))
    assert text.count("首期，无可比较") == 6
    assert "比上周" not in text and "对比期间" not in text
    assert "这是本站第一个有来访记录的时段，没有可比较的上期数据。" in text
    assert "环卫工人 131 39.7% – –" in text.splitlines()


def test_a_week_across_the_new_year_names_both_years(tmp_path: Path) -> None:
    week = parse_week("2026-W01")  # Monday 29 December 2025 to Sunday 4 January 2026
    text = pdf_text(_write(busy_week(week), tmp_path))
    assert "2026年第1周 · 2025年12月29日–2026年1月4日" in text
    i18n.install("en")
    english = pdf_text(_write(busy_week(week), tmp_path, "en.pdf"))
    assert "Dec 29, 2025–Jan 4, 2026" in english


def test_the_last_page_has_figures_as_well_as_the_signatures(tmp_path: Path) -> None:
    for report in (busy_week(), long_report(), empty_week()):
        pdf = _write(report, tmp_path)
        last = pdf_text(pdf, page=pdf_pages(pdf))
        assert _("Overdue loans") in last and _("Station manager (signature)") in last


def test_a_bad_logo_is_refused_and_the_old_file_kept(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    bad = tmp_path / "logo.png"
    bad.write_text("not a picture")
    with pytest.raises(ServiceError, match=r"logo\.png"):
        period_report_pdf(busy_week(), target, logo=bad)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logo.png", "report.pdf"]


def test_a_report_can_be_written_to_an_open_stream(tmp_path: Path) -> None:
    stream = io.BytesIO()
    pages = period_report_pdf(busy_week(), stream)
    target = tmp_path / "stream.pdf"
    target.write_bytes(stream.getvalue())
    assert pdf_pages(target) == pages


def test_a_station_own_category_with_a_long_name_keeps_its_bar(tmp_path: Path) -> None:
    long_name = "城市园林绿化养护及道路清扫保洁临时聘用人员"
    report = busy_week()
    report = PeriodReport(
        **{**report.__dict__, "by_occupation": [Count("custom_1", long_name, 9, 2)]}
    )
    text = pdf_text(_write(report, tmp_path))
    assert f"{long_name} 9 " in text.replace("\n", " ")  # the table has the whole name
