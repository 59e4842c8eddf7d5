"""The scanner is told apart from a person by timing alone, wherever the focus is."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget

from station_app.ui.widgets.scan_detector import (
    HOLD_MS,
    MAX_GAP_MS,
    MAX_LENGTH,
    MIN_LENGTH,
    BurstTiming,
    ScanDetector,
)
from tests.ui.keyboard import TimedKeys

CODE = "YZ1.3FA9C2D1.Y-000123.SANITATION.20260501.0.MFRGGZDFMZTWQ2LKNNWG23TPOBYXE"


def feed(timing: BurstTiming, keys: list[tuple[int, str]], enter_at: int) -> str | None:
    for stamp, text in keys:
        timing.add(stamp, text)
    return timing.finish(enter_at)


def evenly(text: str, start: int, gap: int) -> list[tuple[int, str]]:
    return [(start + i * gap, char) for i, char in enumerate(text)]


# --- the timing rules, without Qt ------------------------------------------------------


def test_a_fast_run_ending_in_enter_is_a_scan() -> None:
    timing = BurstTiming()
    keys = evenly(CODE, 1000, 4)
    assert feed(timing, keys, enter_at=keys[-1][0] + 4) == CODE


def test_a_person_typing_is_never_a_scan() -> None:
    timing = BurstTiming()
    keys = evenly("Y-000123", 1000, 120)
    assert feed(timing, keys, enter_at=keys[-1][0] + 120) is None


def test_each_slow_key_starts_a_new_run() -> None:
    timing = BurstTiming()
    assert timing.add(1000, "a") is False
    assert timing.add(1000 + MAX_GAP_MS + 1, "b") is False
    assert timing.text == "b"
    assert timing.add(1000 + MAX_GAP_MS + 2, "c") is True
    assert timing.text == "bc"


def test_the_gap_limit_is_inclusive() -> None:
    keys = evenly("ABCDEF", 0, MAX_GAP_MS)
    assert feed(BurstTiming(), keys, enter_at=5 * MAX_GAP_MS + MAX_GAP_MS) == "ABCDEF"
    keys = evenly("ABCDEF", 0, MAX_GAP_MS + 1)
    assert feed(BurstTiming(), keys, enter_at=5 * (MAX_GAP_MS + 1) + 1) is None


def test_a_short_fast_run_is_two_rolled_keys_not_a_scan() -> None:
    keys = evenly("ab12c"[: MIN_LENGTH - 1], 0, 5)
    assert feed(BurstTiming(), keys, enter_at=30) is None


def test_enter_long_after_a_fast_run_is_not_a_scan() -> None:
    keys = evenly(CODE, 0, 4)
    assert feed(BurstTiming(), keys, enter_at=keys[-1][0] + 500) is None


def test_a_slow_start_then_a_burst_is_the_burst() -> None:
    # The attendant pressed a key, then the scanner read a card.
    keys = [(0, "x"), *evenly(CODE, 400, 3)]
    assert feed(BurstTiming(), keys, enter_at=400 + 3 * len(CODE)) == CODE


def test_a_clock_going_backwards_ends_the_run() -> None:
    timing = BurstTiming()
    timing.add(1000, "a")
    assert timing.add(990, "b") is False
    assert timing.text == "b"


def test_caps_lock_control_characters_and_chinese_are_passed_on_for_the_service_to_judge() -> None:
    for code in (CODE.lower(), "YZ1.\x1d\x04ABC", "中文扫码内容测试"):
        keys = evenly(code, 0, 4)
        assert feed(BurstTiming(), keys, enter_at=4 * len(code)) == code


def test_an_absurdly_long_burst_is_cut_and_flagged() -> None:
    timing = BurstTiming()
    for stamp, text in evenly("A" * 100_000, 0, 1):
        timing.add(stamp, text)
    assert timing.overflowed
    assert timing.length == 100_000
    scanned = timing.finish(100_000)
    assert scanned is not None
    assert len(scanned) == MAX_LENGTH  # the service refuses it as too long


def test_finish_ends_the_run_either_way() -> None:
    timing = BurstTiming()
    feed(timing, evenly(CODE, 0, 4), enter_at=4 * len(CODE))
    assert timing.length == 0
    assert timing.finish(4 * len(CODE) + 1) is None


# --- real key events in a window -------------------------------------------------------


class Form(QWidget):
    """A window with two fields and a button, like a page that takes scans."""

    def __init__(self) -> None:
        super().__init__()
        self.name = QLineEdit()
        self.card = QLineEdit()
        self.button = QPushButton("OK")
        layout = QVBoxLayout(self)
        for widget in (self.name, self.card, self.button):
            layout.addWidget(widget)
        self.detector = ScanDetector(self)
        self.entered: list[str] = []
        self.card.returnPressed.connect(lambda: self.entered.append(self.card.text()))


@pytest.fixture
def form(qtbot: QtBot) -> Iterator[Form]:
    widget = Form()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.detector.install()
    yield widget
    widget.detector.uninstall()


def test_a_burst_while_typing_in_a_field_is_a_scan_and_leaves_the_field_alone(
    qtbot: QtBot, form: Form
) -> None:
    # Given the attendant has typed a name into a field
    form.name.setFocus()
    keys = TimedKeys()
    keys.person_types("Li")
    qtbot.waitUntil(lambda: form.name.text() == "Li")

    # When the scanner reads a card while the cursor sits in that field
    with qtbot.waitSignal(form.detector.scanned, timeout=1000) as scanned:
        keys.scan(CODE)

    # Then the code is announced and none of it lands in the field
    assert scanned.args == [CODE]
    assert form.name.text() == "Li"
    assert not form.detector.holding


def test_a_burst_of_chinese_text_is_still_a_scan(qtbot: QtBot, form: Form) -> None:
    form.card.setFocus()
    with qtbot.waitSignal(form.detector.scanned, timeout=1000) as scanned:
        TimedKeys().scan("驿站卡号测试一二三")
    assert scanned.args == ["驿站卡号测试一二三"]
    assert form.card.text() == ""
    assert form.entered == []


def test_slow_typing_reaches_the_field_and_enter_works_as_usual(qtbot: QtBot, form: Form) -> None:
    form.card.setFocus()
    keys = TimedKeys()
    with qtbot.assertNotEmitted(form.detector.scanned):
        keys.person_types("Y-000123")
        keys.enter(gap_ms=TimedKeys.PERSON_GAP_MS)
    assert form.entered == ["Y-000123"]


def test_enter_right_after_the_last_typed_key_still_sees_the_whole_text(
    qtbot: QtBot, form: Form
) -> None:
    # The last key is still held back when Enter comes; it must be delivered first.
    form.card.setFocus()
    keys = TimedKeys()
    keys.person_types("Y-000123")
    keys.enter(gap_ms=MAX_GAP_MS // 2)
    assert form.entered == ["Y-000123"]


def test_a_held_key_arrives_on_its_own_within_a_moment(qtbot: QtBot, form: Form) -> None:
    form.card.setFocus()
    TimedKeys().person_types("7")
    assert form.detector.holding
    qtbot.waitUntil(lambda: form.card.text() == "7", timeout=HOLD_MS * 10)
    assert not form.detector.holding


def test_a_click_delivers_what_was_typed_before_it(qtbot: QtBot, form: Form) -> None:
    seen: list[str] = []
    form.button.clicked.connect(lambda: seen.append(form.card.text()))
    form.card.setFocus()
    TimedKeys().person_types("Y-9")
    qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)
    assert seen == ["Y-9"]


def test_a_fast_run_without_enter_is_typed_as_usual(qtbot: QtBot, form: Form) -> None:
    # A scanner set up without the Enter suffix: its text lands in the field, as typed.
    form.card.setFocus()
    keys = TimedKeys()
    with qtbot.assertNotEmitted(form.detector.scanned, wait=HOLD_MS * 3):
        keys.type("Y-000123", gap_ms=TimedKeys.SCANNER_GAP_MS)
    qtbot.waitUntil(lambda: form.card.text() == "Y-000123")


def test_editing_keys_and_shortcuts_pass_straight_through(qtbot: QtBot, form: Form) -> None:
    form.card.setFocus()
    form.card.setText("Y-00012")
    keys = TimedKeys()
    keys.press(Qt.Key.Key_Backspace, "\b", gap_ms=500)
    assert form.card.text() == "Y-0001"
    keys.press(Qt.Key.Key_A, "\x01", gap_ms=500, modifiers=Qt.KeyboardModifier.ControlModifier)
    assert form.card.selectedText() == "Y-0001"
    assert not form.detector.holding


def test_a_held_down_key_repeating_fast_is_not_a_scan(qtbot: QtBot, form: Form) -> None:
    form.card.setFocus()
    keys = TimedKeys()
    keys.press(Qt.Key.Key_0, "0", gap_ms=500)
    for _repeat in range(10):
        keys.press(Qt.Key.Key_0, "0", gap_ms=30, auto_repeat=True)
    with qtbot.assertNotEmitted(form.detector.scanned):
        keys.enter(gap_ms=30)
    assert form.card.text() == "0" * 11
    assert form.entered == ["0" * 11]


def test_scanner_garbage_that_never_ends_is_dropped_not_typed(qtbot: QtBot, form: Form) -> None:
    form.card.setFocus()
    keys = TimedKeys()
    with qtbot.waitSignal(form.detector.rejected, timeout=2000) as rejected:
        keys.type("\x07Z" * 400, gap_ms=1)
    # (A run never starts with a control character: that first BEL went to the field.)
    assert rejected.args[0].startswith("Z\x07Z")
    assert form.card.text() == ""


def test_a_garbage_burst_ending_in_enter_goes_to_the_service_cut_short(
    qtbot: QtBot, form: Form
) -> None:
    form.card.setFocus()
    with qtbot.waitSignal(form.detector.scanned, timeout=1000) as scanned:
        TimedKeys().scan("A" * 5000)
    assert scanned.args == ["A" * MAX_LENGTH]
    assert form.card.text() == ""


def test_keys_in_another_window_are_left_alone(qtbot: QtBot, form: Form) -> None:
    other = QLineEdit()
    qtbot.addWidget(other)
    other.show()
    with qtbot.assertNotEmitted(form.detector.scanned):
        TimedKeys().scan("Y-000123", to=other)
    assert other.text() == "Y-000123"


def test_after_uninstall_nothing_is_held(qtbot: QtBot, form: Form) -> None:
    form.detector.uninstall()
    form.card.setFocus()
    with qtbot.assertNotEmitted(form.detector.scanned):
        TimedKeys().scan("Y-000123")
    assert form.card.text() == "Y-000123"
