"""Walk every page and dialog of the app on a screen of a given size and report what does
not fit: a button, label, check box or radio button whose text is cut, a part of a window
outside it, a window larger than the screen. Saves a screenshot of each.

Run in a process of its own (tests/ui/test_fit.py), because the screen's size is fixed when
Qt starts: ``QT_QPA_PLATFORM=offscreen:configfile=<json>`` gives the offscreen platform a
screen of that size. Prints one JSON object: ``{"problems": [...], "shots": [...],
"rows": {...}, "task_step": [shown, whole]}``, where ``rows`` has, for each list on each
page, how many of its rows show and it keeps (``[in its own frame, without scrolling the
page, kept]``), and
``task_step`` what the status bar shows of a running task's step and its whole text.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableView,
    QToolButton,
    QWidget,
)

CHECKED = (QPushButton, QLabel, QCheckBox, QRadioButton, QToolButton)
SLACK = 1  # pixels of rounding


def _plain(widget: QWidget, text: str) -> str:
    if isinstance(widget, QLabel) and (
        widget.textFormat() == Qt.TextFormat.RichText
        or (widget.textFormat() == Qt.TextFormat.AutoText and "<" in text and ">" in text)
    ):
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return re.sub("&(.)", r"\1", text)  # a mnemonic's & is not drawn


def _scrolled(widget: QWidget) -> bool:
    """Inside a scroll area: whatever does not fit can be scrolled to."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def text_problem(widget: QWidget) -> str | None:  # noqa: PLR0911 - one answer per kind
    """Why ``widget``'s text does not fit it, or None."""
    from station_app.ui.widgets.elided_label import ElidedLabel
    from station_app.ui.widgets.occupation_buttons import OccupationButton

    if isinstance(widget, ElidedLabel):
        return None  # shortens its text with "…" on purpose, whole in its tooltip
    text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
    text = _plain(widget, text).strip()
    if not text:
        return None
    rect = widget.contentsRect()
    metrics = widget.fontMetrics()
    if isinstance(widget, QLabel):
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + SLACK:
                return f"needs {needed} px of height, has {widget.height()}"
            return None
        lines = text.split("\n")
        width = max(metrics.horizontalAdvance(line) for line in lines)
        room = rect.width() - 2 * max(widget.margin(), 0) - max(widget.indent(), 0)
        if width > room + SLACK:
            return f"needs {width} px, has {room}"
        height = metrics.height() * len(lines)
        if height > rect.height() + SLACK + 2:
            return f"needs {height} px of height, has {rect.height()}"
        return None
    if isinstance(widget, OccupationButton):
        # Shortens a long label with "…" on purpose (whole in its tooltip): what it shows
        # must fit.
        needed = widget.width_for(widget.text())
        if widget.width() + SLACK < needed:
            return f"needs {needed} px, has {widget.width()}"
        return None
    hint = widget.sizeHint()
    if widget.width() + SLACK < hint.width():
        return f"needs {hint.width()} px, has {widget.width()}"
    least = min(hint.height(), widget.minimumSizeHint().height())
    if widget.height() + SLACK < least:
        return f"needs {least} px of height, has {widget.height()}"
    return None


def _shown(widget: QWidget, top: QWidget) -> QRect:
    """The part of ``widget`` (its own coordinates) its parents up to ``top`` leave in view."""
    rect = widget.rect()
    origin = QPoint(0, 0)
    while widget is not top and (parent := widget.parentWidget()) is not None:
        origin += widget.pos()
        rect = rect.translated(widget.pos()) & parent.rect()
        widget = parent
    return rect.translated(-origin)


def list_rows(window: QWidget) -> dict[str, list[float]]:
    """For each list shown: how many rows' height it shows inside the page (which may be
    scrolled to), in the window without scrolling, and how many it keeps (asks for)."""
    from station_app.ui.widgets.fitted_table import FittedTable

    rows: dict[str, list[float]] = {}
    for table in window.findChildren(FittedTable):
        if not table.isVisible() or table.window() is not window:
            continue
        viewport = table.viewport()
        page = viewport
        while page.parentWidget() is not None and page.objectName() != "pageContent":
            page = page.parentWidget()
        row = table.row_height()
        in_page = _shown(viewport, page).height() / row
        in_view = _shown(viewport, window).height() / row
        rows[table.objectName() or type(table).__name__] = [
            round(in_page, 1),
            round(in_view, 1),
            table.kept_rows,
        ]
    return rows


def window_problems(window: QWidget, name: str) -> Iterator[str]:
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    if frame.width() > screen.width() or frame.height() > screen.height():
        yield f"{name}: window {frame.width()}×{frame.height()} larger than the screen"
    elif not screen.contains(frame):
        yield f"{name}: window at {frame.x()},{frame.y()} runs off the screen"
    inside = QRect(QPoint(0, 0), window.size())
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CHECKED) or not widget.isVisible():
            continue
        if isinstance(widget, QWidget) and widget.window() is not window:
            continue
        label = _describe(widget)
        why = text_problem(widget)
        if why:
            yield f"{name}: {label} cut: {why}"
        if not _scrolled(widget):
            place = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
            if not inside.contains(place):
                yield f"{name}: {label} outside the window ({place} in {inside})"


def _describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
    short = " ".join(text.split())[:60]
    return f"{type(widget).__name__}#{widget.objectName() or '-'} {short!r}"


class Walk:
    def __init__(self, app: QApplication, out: Path, tag: str) -> None:
        self.app = app
        self.out = out
        self.tag = tag
        self.problems: list[str] = []
        self.shots: list[str] = []
        self.rows: dict[str, dict[str, list[float]]] = {}
        self.task_step: list[str] = []
        self.settle: Callable[[], None] = self.app.processEvents

    def look(self, window: QWidget, name: str) -> None:
        self.settle()
        self.problems.extend(window_problems(window, name))
        if name.startswith("page-"):
            self.rows[name] = list_rows(window)
        path = self.out / f"{self.tag}-{name}.png"
        window.grab().save(str(path))
        self.shots.append(str(path))

    def dialog(self, name: str, dialog: QWidget | None) -> None:
        if dialog is None:
            self.problems.append(f"{name}: the dialog did not open")
            return
        if not dialog.isVisible():
            dialog.show()
        self.settle()
        self.look(dialog, name)
        if isinstance(dialog, QDialog):
            dialog.reject()
        else:
            dialog.close()
        self.settle()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--language", required=True)
    parser.add_argument("--text-size", type=int, default=100)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--tag", required=True)
    args = parser.parse_args(argv)

    from station_app import i18n
    from station_app.app import closed_station_backups, open_station
    from station_app.config.settings import LANGUAGE, TEXT_SIZE
    from station_app.demo.fill import DemoService
    from station_app.demo.identity import DEMO_ACCOUNTS
    from station_app.ui.dialogs.about_dialog import AboutDialog
    from station_app.ui.dialogs.attendants_dialog import AttendantDialog
    from station_app.ui.dialogs.first_run import FirstRunDialog
    from station_app.ui.dialogs.restore_dialog import RestoreDialog
    from station_app.ui.launch import make_application
    from station_app.ui.main_window import MainWindow
    from station_app.ui.tasks import TaskRunner
    from tests.clock_support import frozen_clock

    app = make_application()
    clock = frozen_clock()
    data_dir = args.out / f"data-{args.tag}"
    station = open_station(data_dir, clock=clock, console=False)
    station.settings.update({LANGUAGE.key: args.language, TEXT_SIZE.key: str(args.text_size)})
    i18n.install(args.language)
    runner = TaskRunner()
    walk = Walk(app, args.out, args.tag)
    shown: list[MainWindow] = []

    def window_readers() -> list[TaskRunner]:
        # Pages with a reader of their own (the visits page)
        return [r for w in shown for r in w.findChildren(TaskRunner)]

    def settle() -> None:
        for _ in range(3):
            app.processEvents()
            runner.wait(10_000)
            for reader in window_readers():
                reader.wait(10_000)
            app.processEvents()

    walk.settle = settle

    # The first run, before anything is set up.
    first_run = FirstRunDialog(
        station.station, station.accounts, demo=lambda _p: None, runner=runner
    )
    walk.dialog("first-run", first_run)
    walk.dialog("restore", RestoreDialog(closed_station_backups(data_dir, clock), None, runner))

    today = clock.today()
    DemoService(station.db).fill(days=14, until=today - dt.timedelta(days=1))
    window = MainWindow(station, runner)
    shown.append(window)
    window.show_placed()
    settle()
    if not window.isMaximized():
        walk.problems.append("main window: not maximised on a screen up to 1366×768")
    walk.look(window, "sign-in")
    admin_name, _role, admin_pin = DEMO_ACCOUNTS[0]
    admin = next(p for p in station.accounts.on_duty() if p.name == admin_name)
    station.accounts.sign_in(admin.id, admin_pin)
    window.show_duty()
    settle()

    for key in window.page_keys:
        window.show_page(key)
        settle()
        page = window.pages.currentWidget()
        for view in page.findChildren(QTableView):
            model = view.model()
            if view.isVisible() and model is not None and model.rowCount() > 0:
                view.selectRow(0)
        settle()
        walk.look(window, f"page-{key}")

    # A task running, its step in the status bar (beside the station and who is on duty)
    window.show_page("checkin")
    settle()
    may_end = threading.Event()
    task = i18n._("Printing {file}").format(file="cards-2026-11-24.pdf")
    step = i18n._("Page {page} of {total}").format(page=3, total=400)

    def printing(report: Callable[[int, int, str], None]) -> None:
        report(3, 400, step)
        may_end.wait(10)

    runner.run(task, printing, lambda _result: None, lambda _failure: None)
    label = window.task_progress.label
    for _ in range(200):
        app.processEvents()
        if label.text().endswith(step) and label.width() >= label.minimumSizeHint().width():
            break
        threading.Event().wait(0.01)
    app.processEvents()
    walk.problems.extend(window_problems(window, "task-running"))
    path = args.out / f"{args.tag}-task-running.png"
    window.grab().save(str(path))
    walk.shots.append(str(path))
    walk.task_step = [label.displayed_text(), label.text()]
    may_end.set()
    settle()

    inventory = window.inventory
    window.show_page("inventory")
    settle()
    for name in ("add_item", "receive", "issue", "adjust", "discard", "history", "stocktake"):
        walk.dialog(f"stock-{name}", getattr(inventory, name)())
    walk.dialog("stock-lend", inventory.lend())

    window.show_page("workers")
    settle()
    workers = window.workers
    walk.dialog("worker-register", workers.register())
    walk.dialog("worker-edit", workers.edit())
    walk.dialog("worker-erase", workers.ask_erase())

    window.show_page("services")
    settle()
    services = window.services
    walk.dialog("service-correct", services.correct())
    walk.dialog("service-remove", services.ask_remove())
    walk.dialog("service-types", services.edit_types())

    # Workers' feedback, the activities page's third tab: the demo's two open suggestions
    window.show_page("activities")
    settle()
    feedback = window.activities_page.feedback
    window.activities_page.tabs.setCurrentWidget(feedback)
    settle()
    feedback.table.selectRow(0)
    walk.look(window, "page-activities-feedback")
    walk.dialog("feedback-answer", feedback.answer())
    walk.dialog("feedback-in-person", feedback.record_in_person())

    window.show_page("settings")
    settle()
    walk.dialog("restore-confirm", window.settings_page.ask_restore())
    walk.dialog("about", AboutDialog(data_dir, window))
    walk.dialog("attendants", window.open_attendants())
    walk.dialog("attendant-add", AttendantDialog(station.accounts, window.ops, None, window))
    box = QMessageBox(window)
    box.setText(i18n._("Hand over"))
    walk.dialog("message", box)

    window.close()
    settle()
    runner.wait(10_000)
    station.close()
    print(
        json.dumps(
            {
                "problems": walk.problems,
                "shots": walk.shots,
                "rows": walk.rows,
                "task_step": walk.task_step,
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
