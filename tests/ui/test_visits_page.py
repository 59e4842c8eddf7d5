"""The Visits page (来访记录): every visit, newest first, filtered as the attendant types,
more as the list scrolls; what it lists is checked against plain sqlite3 queries."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QComboBox

from station_app.app import Station
from station_app.i18n import _
from station_app.services.checkin.outcomes import CheckinStatus
from station_app.services.people.worker_data import WorkerInput
from station_app.ui.main_window import MainWindow
from station_app.ui.models.visits_model import CARD, NAME, OCCUPATION
from station_app.ui.pages.visits_page import VisitsController, VisitsPage, count_text
from station_app.ui.widgets.fitted_table import FittedTable
from tests.clock_support import START, frozen_clock
from tests.ui.keyboard import clear, type_text

LOCAL = START.astimezone().tzinfo  # the PC's zone
ANONYMOUS_GROUPS = 6  # 6 groups of 40 anonymous visitors: more than two pages of 100


def past(days_ago: int, minute: int) -> dt.datetime:
    """A morning ``days_ago`` days before yesterday: always before a check-in made now."""
    day = frozen_clock().today() - dt.timedelta(days=days_ago + 1)
    return dt.datetime.combine(day, dt.time(8), tzinfo=LOCAL) + dt.timedelta(minutes=minute)


@pytest.fixture
def visited(set_up_station: Station) -> Station:
    """Three registered workers with cards, each checked in on several days, and groups of
    anonymous couriers and sanitation workers, over the last ten days."""
    station = set_up_station
    cards = {}
    for name, occupation in (("王建国", "courier"), ("王秀英", "sanitation"), ("李强", "courier")):
        worker = station.workers.register(WorkerInput(name, occupation, consent=True))
        issued = station.cards.issue(worker.id, today=station.clock.today() - dt.timedelta(days=30))
        cards[name] = issued.qr_text
    for days_ago in range(9, -1, -1):  # in time order, as they happened
        for minute, text in enumerate(cards.values()):
            result = station.checkin.scan(text, now=past(days_ago, minute * 60))
            assert result.status is CheckinStatus.ACCEPTED, result.message
    for group in range(ANONYMOUS_GROUPS):
        occupation = "courier" if group % 2 else "sanitation"
        station.checkin.anonymous(occupation, 40, now=past(group, 200 + group))
    return station


@pytest.fixture
def controller(qtbot: QtBot, window: MainWindow, visited: Station) -> Iterator[VisitsController]:
    window.checkin.chime.enabled = False
    shown = window.visits
    with qtbot.waitSignal(shown.reader.finished, timeout=10_000):
        window.show_page("visits")
    yield shown
    shown.wait()


def database_ids(station: Station, where: str = "1", params: tuple[object, ...] = ()) -> list[int]:
    """Visit ids, newest first, straight from the file."""
    with sqlite3.connect(station.paths.database) as conn:
        rows = conn.execute(
            "SELECT v.id FROM visit v LEFT JOIN worker w ON w.id = v.worker_id"
            " LEFT JOIN card c ON c.id = v.card_id"
            f" WHERE {where} ORDER BY v.checked_in_at DESC, v.id DESC",
            params,
        ).fetchall()
    return [row[0] for row in rows]


def listed_ids(qtbot: QtBot, controller: VisitsController) -> list[int]:
    """Every row, asking for page after page as the list does when scrolled to its end."""
    model = controller.model
    while model.canFetchMore(model.index(0, 0).parent()):
        model.fetchMore(model.index(0, 0).parent())
        qtbot.waitUntil(lambda: not model.fetching, timeout=10_000)
    return [model.row(n).id for n in range(model.rowCount())]


def settle(qtbot: QtBot, controller: VisitsController) -> None:
    """Wait out the typing pause and the background read."""
    qtbot.waitUntil(lambda: not controller._timer.isActive(), timeout=5_000)
    qtbot.waitUntil(lambda: not controller.reader.busy, timeout=10_000)


def choose(combo: QComboBox, text: str) -> None:
    found = combo.findText(text)
    assert found >= 0, f"{text} is not offered"
    combo.setCurrentIndex(found)


def test_the_page_lists_every_visit_newest_first_and_counts_them(
    qtbot: QtBot, controller: VisitsController, visited: Station
) -> None:
    page: VisitsPage = controller.page
    everything = database_ids(visited)
    assert len(everything) == 30 + 40 * ANONYMOUS_GROUPS
    # The first page is there at once; the rest comes as the list scrolls.
    assert controller.model.rowCount() == 100
    assert page.count.text() == count_text(len(everything))
    assert listed_ids(qtbot, controller) == everything


def test_scrolling_down_loads_more(
    qtbot: QtBot, controller: VisitsController, visited: Station
) -> None:
    page = controller.page
    page.window().resize(1280, 800)
    assert controller.model.rowCount() == 100
    bar = page.table.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: controller.model.rowCount() > 100, timeout=10_000)
    shown = [controller.model.row(n).id for n in range(controller.model.rowCount())]
    assert shown == database_ids(visited)[: len(shown)]


def test_the_next_page_comes_a_screenful_before_the_end(
    qtbot: QtBot, controller: VisitsController
) -> None:
    page, model = controller.page, controller.model
    page.window().resize(1280, 800)
    bar = page.table.verticalScrollBar()
    bar.setValue(bar.maximum() - bar.pageStep() - 1)
    assert not model.fetching
    bar.setValue(bar.value() + 1)  # a screenful from the end
    qtbot.waitUntil(lambda: model.rowCount() > 100, timeout=10_000)
    assert bar.value() < bar.maximum()  # the attendant has not reached the end yet
    controller.wait()


@pytest.fixture
def many(visited: Station) -> Station:
    """Over 500 visits: the ten days above and six more groups before them."""
    for group in range(6):
        visited.checkin.anonymous("courier", 40, now=past(20 + group, 300))
    return visited


def test_scrolling_to_the_bottom_shows_every_visit_once_in_order_keeping_the_choice(
    qtbot: QtBot, window: MainWindow, many: Station
) -> None:
    window.resize(1024, 768)
    controller = window.visits
    with qtbot.waitSignal(controller.reader.finished, timeout=10_000):
        window.show_page("visits")
    settle(qtbot, controller)
    everything = database_ids(many)
    assert len(everything) == 510
    table, model = controller.page.table, controller.model
    table.setCurrentIndex(model.index(3, NAME))
    chosen = controller.current()
    bar = table.verticalScrollBar()
    pages = 0
    while model.canFetchMore(model.index(0, 0).parent()):
        shown = model.rowCount()
        bar.setValue(bar.maximum())  # as a wheel or a drag to the end does
        # The page is read on the page's reader; the rows on screen stay put meanwhile.
        assert model.fetching
        assert model.rowCount() == shown
        qtbot.waitUntil(lambda: model.rowCount() > shown, timeout=10_000)  # noqa: B023
        pages += 1
    assert pages == 5
    assert [model.row(n).id for n in range(model.rowCount())] == everything
    assert controller.current() == chosen
    assert table.currentIndex().row() == 3
    assert table.selectionModel().isRowSelected(3)
    controller.wait()


def test_a_filter_typed_while_a_page_is_read_shows_only_the_filters_rows(
    qtbot: QtBot, controller: VisitsController, visited: Station
) -> None:
    page, model = controller.page, controller.model
    page.window().resize(1280, 800)
    bar = page.table.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert model.fetching  # the second page is on its way
    choose(page.occupation, "快递员")  # before that page is back
    settle(qtbot, controller)
    expected = database_ids(visited, "v.occupation_code = 'courier'")
    assert len(expected) == 20 + 40 * (ANONYMOUS_GROUPS // 2)
    assert model.rowCount() == 100
    assert listed_ids(qtbot, controller) == expected
    assert page.count.text() == count_text(len(expected))


def test_typing_a_name_lists_that_workers_visits(
    qtbot: QtBot, controller: VisitsController, visited: Station
) -> None:
    page = controller.page
    type_text(qtbot, page.search, "王")
    settle(qtbot, controller)
    # Both 王 and nobody else, newest first
    expected = database_ids(visited, "w.display_name LIKE ?", ("%王%",))
    assert len(expected) == 20
    assert listed_ids(qtbot, controller) == expected
    assert {controller.model.index(n, NAME).data() for n in range(20)} == {"王建国", "王秀英"}
    assert page.count.text() == count_text(20)

    type_text(qtbot, page.search, "秀英")
    settle(qtbot, controller)
    assert listed_ids(qtbot, controller) == database_ids(visited, "w.display_name = ?", ("王秀英",))


def test_the_end_of_a_card_number_finds_the_cards_visits(
    qtbot: QtBot, controller: VisitsController, visited: Station
) -> None:
    with sqlite3.connect(visited.paths.database) as conn:
        (card_no,) = conn.execute(
            "SELECT card_no FROM card JOIN worker ON worker.id = card.worker_id"
            " WHERE display_name = '李强'"
        ).fetchone()
    type_text(qtbot, controller.page.search, card_no[-6:].lower())
    settle(qtbot, controller)
    assert listed_ids(qtbot, controller) == database_ids(visited, "c.card_no = ?", (card_no,))
    assert controller.model.index(0, CARD).data() == card_no


def test_an_occupation_finds_the_anonymous_visits_of_that_occupation(
    qtbot: QtBot, controller: VisitsController, visited: Station
) -> None:
    type_text(qtbot, controller.page.search, "环卫")
    settle(qtbot, controller)
    expected = database_ids(
        visited, "v.source = 'anonymous' AND v.occupation_code = ?", ("sanitation",)
    )
    assert len(expected) == 40 * (ANONYMOUS_GROUPS // 2)
    assert listed_ids(qtbot, controller) == expected
    assert controller.model.index(0, NAME).data() == _("Anonymous")


def test_the_occupation_kind_and_dates_narrow_the_list(
    qtbot: QtBot, controller: VisitsController, visited: Station
) -> None:
    page = controller.page
    choose(page.occupation, "快递员")
    settle(qtbot, controller)
    assert listed_ids(qtbot, controller) == database_ids(visited, "v.occupation_code = 'courier'")
    assert {controller.model.index(n, OCCUPATION).data() for n in range(10)} == {"快递员"}

    choose(page.kind, _("Card visits"))
    settle(qtbot, controller)
    card_couriers = database_ids(
        visited, "v.occupation_code = 'courier' AND v.source != 'anonymous'"
    )
    assert len(card_couriers) == 20
    assert listed_ids(qtbot, controller) == card_couriers

    # Yesterday and the day before (days_ago 0 and 1): 2 of the 3 cards are couriers
    today = controller.station.clock.today()
    controller.set_days(today - dt.timedelta(days=2), today - dt.timedelta(days=1))
    page.dated.setChecked(True)
    settle(qtbot, controller)
    shown = listed_ids(qtbot, controller)
    assert len(shown) == 4 and set(shown) <= set(card_couriers)
    assert page.count.text() == count_text(4)


def test_nothing_found_says_so_and_clearing_brings_everything_back(
    qtbot: QtBot, controller: VisitsController, visited: Station
) -> None:
    page = controller.page
    type_text(qtbot, page.search, "赵")
    settle(qtbot, controller)
    assert controller.model.rowCount() == 0
    assert page.empty.isVisible()
    assert page.empty.text() == _("No visits match. Check the spelling, or choose fewer filters.")
    assert page.count.text() == count_text(0)

    clear(qtbot, page.search)
    settle(qtbot, controller)
    assert not page.empty.isVisible()
    assert listed_ids(qtbot, controller) == database_ids(visited)


def test_a_new_station_says_it_has_no_visits_yet(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    with qtbot.waitSignal(window.visits.reader.finished, timeout=10_000):
        window.show_page("visits")
    settle(qtbot, window.visits)
    assert window.visits.page.empty.text() == _("No visits yet.")
    assert window.visits.page.empty.isVisible()
    window.visits.wait()


def test_a_check_in_appears_when_the_page_is_shown_again(
    qtbot: QtBot, window: MainWindow, controller: VisitsController, visited: Station
) -> None:
    before = controller.model.rowCount() and controller.model.row(0).id
    window.show_page("checkin")
    window.checkin.anonymous("sanitation")
    with qtbot.waitSignal(controller.reader.finished, timeout=10_000):
        window.show_page("visits")
    settle(qtbot, controller)
    assert controller.model.row(0).id == database_ids(visited)[0] != before


@pytest.mark.parametrize("size", [(1280, 800), (1024, 700)], ids=["1280x800", "1024x700"])
def test_screenshot(
    qtbot: QtBot,
    window: MainWindow,
    controller: VisitsController,
    size: tuple[int, int],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    window.resize(*size)
    type_text(qtbot, controller.page.search, "王")
    settle(qtbot, controller)
    qtbot.wait(50)
    folder = tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(exist_ok=True)
    shot = folder / f"visits-{size[0]}x{size[1]}.png"
    assert window.grab().save(str(shot))
    # Every column is wide enough to read (the card number keeps its serial)
    header = controller.page.table.horizontalHeader()
    assert all(header.sectionSize(n) >= 60 for n in range(4))


@pytest.mark.parametrize("width", [1024, 1366])
def test_the_columns_are_as_wide_as_qt_measures_their_cells(
    qtbot: QtBot, window: MainWindow, controller: VisitsController, width: int
) -> None:
    """The page measures its columns by their texts' widths; a table asking Qt's delegate
    for every cell's size, side by side, gives every column the same width."""
    window.resize(width, 768)
    table = controller.page.table
    assert len(listed_ids(qtbot, controller)) > 240
    asked = FittedTable()
    qtbot.addWidget(asked)
    asked.setModel(controller.model)
    asked.set_columns(table._columns, stretch=NAME)
    asked.resize(table.size())
    asked.show()
    qtbot.waitExposed(asked)
    for scrolled in (0, 120, 240):
        for view in (table, asked):
            view.scrollTo(controller.model.index(scrolled, 0))
            view.fit()
        assert asked.viewport().width() == table.viewport().width()
        header, measured = table.horizontalHeader(), asked.horizontalHeader()
        assert [header.sectionSize(n) for n in range(4)] == [
            measured.sectionSize(n) for n in range(4)
        ]
    controller.wait()
