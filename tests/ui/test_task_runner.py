"""Long work runs in the background with a progress bar; the window never freezes."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QTimer

from station_app.app import Station
from station_app.domain.errors import ServiceError
from station_app.domain.progress import Progress
from station_app.ui.main_window import MainWindow
from station_app.ui.tasks import TaskRunner

GUI_THREAD = threading.get_ident()


@dataclass
class Outcome:
    """What the task's callbacks received, and on which thread they ran."""

    results: list[Any] = field(default_factory=list)
    failures: list[Exception] = field(default_factory=list)
    threads: list[int] = field(default_factory=list)

    def success(self, result: Any) -> None:
        self.threads.append(threading.get_ident())
        self.results.append(result)

    def failure(self, exc: Exception) -> None:
        self.threads.append(threading.get_ident())
        self.failures.append(exc)

    @property
    def ended(self) -> bool:
        return bool(self.results or self.failures)


def test_a_task_runs_in_the_background_and_shows_its_progress(
    qtbot: QtBot, window: MainWindow, runner: TaskRunner
) -> None:
    progress = window.task_progress
    assert not progress.isVisible()
    worker_threads: list[int] = []
    seen: list[tuple[int, int, bool, str]] = []  # value, maximum, visible, label at each step

    def look_at_the_bar(*_step: object) -> None:
        bar = progress.bar
        seen.append((bar.value(), bar.maximum(), progress.isVisible(), progress.label.text()))

    runner.progress.connect(look_at_the_bar)

    def make_report(report: Progress) -> str:
        worker_threads.append(threading.get_ident())
        for page in range(1, 6):
            report(page, 5, f"第 {page} 页")
        return "weekly-report.pdf"

    outcome = Outcome()
    # When a five-step task is started
    with qtbot.waitSignal(runner.started, timeout=2000) as started:
        runner.run("正在生成周报", make_report, outcome.success, outcome.failure)
    qtbot.waitUntil(lambda: outcome.ended, timeout=5000)

    # Then the status bar named it, and its bar went up step by step to the end
    assert started.args == ["正在生成周报"]
    assert [value for value, *_ in seen] == [1, 2, 3, 4, 5]
    assert seen[-1] == (5, 5, True, "正在生成周报：第 5 页")
    # The bar holds only the percentage: the step's words beside it never overflow it
    assert progress.bar.format() == "%p%"
    # And the work ran off the GUI thread, the result came back on it
    assert worker_threads
    assert worker_threads[0] != GUI_THREAD
    assert outcome.results == ["weekly-report.pdf"]
    assert outcome.threads == [GUI_THREAD]
    # And the bar is gone again
    assert not progress.isVisible()
    assert not runner.busy


def test_a_refused_task_hands_its_reason_to_on_failure(
    qtbot: QtBot, window: MainWindow, runner: TaskRunner
) -> None:
    refusal = ServiceError("总部服务器暂时无法连接，请稍后再试。")

    def sync(_report: Progress) -> None:
        raise refusal

    outcome = Outcome()
    runner.run("同步", sync, outcome.success, outcome.failure)
    qtbot.waitUntil(lambda: outcome.ended, timeout=5000)

    assert outcome.failures == [refusal]
    assert outcome.failures[0] is refusal
    assert outcome.results == []
    assert outcome.threads == [GUI_THREAD]
    assert not window.task_progress.isVisible()


def test_a_bug_in_a_task_reaches_on_failure_too(
    qtbot: QtBot, window: MainWindow, runner: TaskRunner
) -> None:
    def broken(_report: Progress) -> None:
        raise ZeroDivisionError("division by zero")

    outcome = Outcome()
    runner.run("备份", broken, outcome.success, outcome.failure)
    qtbot.waitUntil(lambda: outcome.ended, timeout=5000)

    assert len(outcome.failures) == 1
    assert isinstance(outcome.failures[0], ZeroDivisionError)
    assert not window.task_progress.isVisible()


def test_the_window_keeps_working_while_a_task_takes_half_a_second(
    qtbot: QtBot, window: MainWindow, runner: TaskRunner
) -> None:
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))

    def slow(report: Progress) -> int:
        for step in range(25):
            time.sleep(0.02)  # in the worker: this is the slow work, not synchronisation
            report(step + 1, 25)
        return 25

    outcome = Outcome()
    timer.start()
    started = time.monotonic()
    runner.run("导入", slow, outcome.success, outcome.failure)
    assert runner.busy
    qtbot.waitUntil(lambda: outcome.ended, timeout=5000)
    finished = time.monotonic()
    timer.stop()

    assert outcome.results == [25]
    during = [tick for tick in ticks if started <= tick <= finished]
    # A frozen GUI thread would deliver one (coalesced) tick at the end, if any.
    assert finished - started >= 0.45
    assert len(during) >= 8, f"only {len(during)} timer ticks in {finished - started:.2f} s"
    gaps = [later - earlier for earlier, later in itertools.pairwise(during)]
    assert max(gaps) < 0.25


def test_a_second_task_waits_its_turn_and_the_bar_names_the_one_running(
    qtbot: QtBot, window: MainWindow, runner: TaskRunner
) -> None:
    progress = window.task_progress
    may_end = {"first": threading.Event(), "second": threading.Event()}

    def task(name: str) -> Callable[[Progress], str]:
        def work(_report: Progress) -> str:
            may_end[name].wait(5)
            return name

        return work

    first, second = Outcome(), Outcome()
    try:
        # Given a report is being made and a sync is queued behind it
        with qtbot.waitSignal(runner.started, timeout=2000):
            runner.run("生成周报", task("first"), first.success, first.failure)
            runner.run("同步", task("second"), second.success, second.failure)
        # Then the bar names the report, not the sync that waits
        assert progress.isVisible()
        assert progress.label.text() == "生成周报"

        # When the report is done, the bar stays and names the sync
        with qtbot.waitSignal(runner.started, timeout=5000) as second_started:
            may_end["first"].set()
        assert second_started.args == ["同步"]
        assert first.results == ["first"]
        assert progress.isVisible()
        assert progress.label.text() == "同步"
    finally:
        for event in may_end.values():
            event.set()
    qtbot.waitUntil(lambda: second.ended, timeout=5000)

    assert second.results == ["second"]
    assert not progress.isVisible()


def test_a_long_step_is_readable_beside_the_bar_on_a_1024_wide_window_never_spilling_out(
    qtbot: QtBot, window: MainWindow, runner: TaskRunner, set_up_station: Station
) -> None:
    may_end = threading.Event()
    step = "正在制作 2026年11月20日 的每日汇总（HF-LY-0001_2026-11-20_r1）"

    def sync(report: Progress) -> None:
        report(3, 400, step)
        may_end.wait(5)

    outcome = Outcome()
    # A status bar as crowded as in a shift: the station, who is on duty, 交班, the date
    set_up_station.accounts.create_first_admin("王站长", "2580", "2580")
    window.show_duty()
    window.resize(1024, 700)
    assert window.hand_over_button.isVisible()
    progress = window.task_progress
    station_text = window.station_label.text()
    try:
        runner.run("正在同步", sync, outcome.success, outcome.failure)
        qtbot.waitUntil(lambda: progress.bar.value() == 3)
        bar = progress.bar
        assert bar.text() == "0%"
        assert bar.fontMetrics().horizontalAdvance(bar.text()) < bar.contentsRect().width()
        # The whole step is in the tooltip; what is shown fits the label…
        assert progress.label.toolTip() == f"正在同步：{step}"
        label = progress.label
        # …and is the step's beginning, readable: the station's name gave way to it
        beginning = "正在同步：正在制作 2026年11月20日"
        qtbot.waitUntil(lambda: label.displayed_text().startswith(beginning))
        shown = label.displayed_text()
        assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
        assert window.station_label.text() == station_text  # whole in its tooltip
        assert window.attendant_label.isVisible()
    finally:
        may_end.set()
    qtbot.waitUntil(lambda: outcome.ended, timeout=5000)
    # Once the task is done the station's name is whole again
    qtbot.waitUntil(lambda: not progress.isVisible())
    station = window.station_label
    qtbot.waitUntil(lambda: station.displayed_text() == station_text)
