"""Webcam scanning with QtMultimedia really loaded (PySide6-Addons, the ``camera`` extra).

A test PC has no camera, so the tests do what a camera does: put QVideoFrames, in the
pixel formats webcams deliver, into the picture's video sink. Each frame shows a worker's
real e-card (the PNG made for their phone) held up in the middle of a 1280 × 720 picture.

The dev extra brings the camera extra. Where QtMultimedia still cannot load (on
Debian/Ubuntu it needs ``apt-get install libpulse0``, which ``scripts/dev.sh`` installs) a
plain ``pytest`` skips them and says why; the test command allows no skips.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter

from station_app.app import Station
from station_app.reports.ecard import ecard_png
from station_app.services.checkin.outcomes import CheckinStatus
from station_app.services.people.worker_data import CardView, WorkerInput
from station_app.ui.main_window import MainWindow
from station_app.ui.pages.checkin_page import CheckinController, CheckinPage
from station_app.ui.widgets.camera_scanner import (
    CameraSupport,
    camera_support,
    decode_qr,
    frame_image,
    import_multimedia,
    luminance,
)
from tests.ui.keyboard import TimedKeys

try:
    multimedia: Any = import_multimedia()
    multimedia_widgets: Any = importlib.import_module("PySide6.QtMultimediaWidgets")
except ImportError as exc:  # not installed, or a system library it needs is missing
    pytest.skip(
        f"QtMultimedia is not available ({exc}); these tests need the camera extra",
        allow_module_level=True,
    )
pytest.importorskip("zxingcpp", reason="decoding needs zxing-cpp (dev and camera extras)")

PixelFormat = multimedia.QVideoFrameFormat.PixelFormat
FRAME_WIDTH, FRAME_HEIGHT = 1280, 720  # a common webcam picture
NO_CAMERA = "没有找到摄像头"


@pytest.fixture
def page(window: MainWindow) -> CheckinPage:
    return window.checkin_page


@pytest.fixture
def controller(window: MainWindow) -> CheckinController:
    window.checkin.chime.enabled = False
    return window.checkin


@pytest.fixture
def card(set_up_station: Station) -> CardView:
    """Given a registered worker with a card."""
    worker = set_up_station.workers.register(WorkerInput("张秀兰", "sanitation", consent=True))
    return set_up_station.cards.issue(worker.id)


@pytest.fixture
def qr_text(card: CardView) -> str:
    return card.qr_text


@pytest.fixture
def phone(set_up_station: Station, card: CardView, tmp_path: Path) -> QImage:
    """The worker's phone screen, showing their e-card (1080 × 2160 pixels)."""
    assert card.worker_id is not None
    [printable] = set_up_station.cards.for_print([card.worker_id])
    assert printable.qr_text == card.qr_text
    screen = QImage(str(ecard_png(printable, tmp_path / "ecard.png")))
    assert not screen.isNull()
    return screen


def held_up(phone: QImage, width: int, height: int, phone_height: int) -> QImage:
    """What a ``width`` × ``height`` webcam sees: ``phone``, ``phone_height`` pixels tall."""
    if phone_height != phone.height():
        phone = phone.scaledToHeight(phone_height, Qt.TransformationMode.SmoothTransformation)
    picture = QImage(width, height, QImage.Format.Format_RGB32)
    picture.fill(Qt.GlobalColor.darkGray)
    painter = QPainter(picture)
    painter.drawImage((width - phone.width()) // 2, (height - phone.height()) // 2, phone)
    painter.end()
    return picture


@pytest.fixture
def scene(phone: QImage) -> QImage:
    """The phone held close, filling the picture's height."""
    return held_up(phone, FRAME_WIDTH, FRAME_HEIGHT, FRAME_HEIGHT)


def _fill(frame: Any, plane: int, rows: list[bytes]) -> None:
    stride = frame.bytesPerLine(plane)
    data = b"".join(row.ljust(stride, b"\0") for row in rows)
    frame.bits(plane)[: len(data)] = data


def camera_frame(picture: QImage, pixel_format: Any) -> Any:
    """``picture`` as a QVideoFrame in ``pixel_format``, with the layout a camera gives it."""
    if pixel_format == PixelFormat.Format_BGRX8888:  # what a QImage in RGB32 becomes
        frame = multimedia.QVideoFrame(picture.convertToFormat(QImage.Format.Format_RGB32))
        assert frame.pixelFormat() == pixel_format
        return frame
    grey = picture.convertToFormat(QImage.Format.Format_Grayscale8)
    w, h = grey.width(), grey.height()
    raw = bytes(grey.constBits())
    luma = [raw[y * grey.bytesPerLine() : y * grey.bytesPerLine() + w] for y in range(h)]
    frame = multimedia.QVideoFrame(multimedia.QVideoFrameFormat(picture.size(), pixel_format))
    assert frame.map(multimedia.QVideoFrame.MapMode.WriteOnly)
    if pixel_format in (PixelFormat.Format_YUYV, PixelFormat.Format_UYVY):  # packed 4:2:2
        first = 0 if pixel_format == PixelFormat.Format_YUYV else 1
        rows = []
        for row in luma:
            packed = bytearray([128]) * (2 * w)
            packed[first::2] = row
            rows.append(bytes(packed))
        _fill(frame, 0, rows)
    elif pixel_format == PixelFormat.Format_P010:  # 10 bits in the top of 16, little-endian
        _fill(frame, 0, [bytes(b for v in row for b in (0, v)) for row in luma])
        _fill(frame, 1, [bytes([0, 128]) * w] * (h // 2))
    else:  # planar or semi-planar 8-bit: Y first, then neutral chroma
        _fill(frame, 0, luma)
        for plane in range(1, frame.planeCount()):
            frame.bits(plane)[:] = bytes([128]) * frame.mappedBytes(plane)
    frame.unmap()
    assert frame.isValid()
    return frame


def test_with_the_add_on_the_page_says_whether_there_is_a_camera_and_scanning_still_works(
    page: CheckinPage, set_up_station: Station, qr_text: str
) -> None:
    if multimedia.QMediaDevices.videoInputs():
        # A developer's PC with a webcam: the switch is there to use, with nothing beside it
        assert camera_support() == CameraSupport(True)
        assert not page.camera_note.isVisible()
        assert page.camera_button.isEnabled()
    else:
        # A test PC has none: the page says so, in plain Chinese
        assert camera_support() == CameraSupport(False, NO_CAMERA)
        assert page.camera_note.isVisible()
        assert page.camera_note.text() == NO_CAMERA
        assert not page.camera_button.isEnabled()
    # When a card is scanned with the USB scanner, Then it counts as always
    TimedKeys().scan(qr_text)
    assert page.feedback.state == "accepted"


def test_a_camera_gone_since_the_page_opened_turns_the_switch_back_off(
    page: CheckinPage, controller: CheckinController
) -> None:
    # Given a page built while a camera was there, which is now unplugged
    page.camera_button.setEnabled(True)
    page.show_camera_problem("")
    # When the attendant switches the webcam on
    page.camera_button.click()
    # Then it goes back off with the reason beside it, and no empty picture stays open
    assert controller.camera is not None
    assert not page.camera_button.isChecked()
    assert not page.camera_view.isVisible()
    assert page.camera_note.isVisible()
    assert page.camera_note.text() == NO_CAMERA
    assert page.camera_button.isEnabled()  # plug one in and try again


# The picture itself (QVideoWidget) draws through the GPU; the offscreen test platform has
# none, and Qt says so once before drawing on the CPU.
@pytest.mark.qt_log_ignore("No RHI backend")
def test_an_ecard_held_up_to_the_webcam_checks_the_worker_in_once(
    qtbot: QtBot,
    page: CheckinPage,
    controller: CheckinController,
    set_up_station: Station,
    scene: QImage,
) -> None:
    # Given the page's own camera scanner (switched on; no camera here, so it is off again)
    page.camera_button.setEnabled(True)
    page.camera_button.click()
    assert controller.camera is not None
    sink = controller.camera.findChild(multimedia_widgets.QVideoWidget).videoSink()
    frame = camera_frame(scene, PixelFormat.Format_NV12)
    # When the camera delivers a picture of the worker's e-card
    with qtbot.waitSignal(controller.result_shown, timeout=5000) as shown:
        sink.setVideoFrame(frame)
    # Then the worker is checked in, as with the USB scanner
    assert shown.args[0].status is CheckinStatus.ACCEPTED
    assert page.feedback.state == "accepted"
    assert set_up_station.checkin.count_visits() == 1
    # And the same card, still in front of the camera a moment later, is not read again
    with qtbot.assertNotEmitted(controller.result_shown, wait=100):
        for _frame in range(8):
            sink.setVideoFrame(frame)
            qtbot.wait(100)
    assert controller.camera is not None
    controller.camera.stop()  # waits for the decoder thread


@pytest.mark.parametrize(
    "name",
    ["NV12", "NV21", "YUV420P", "YV12", "YUV422P", "Y8", "YUYV", "UYVY", "BGRX8888"],
)
def test_a_card_is_read_from_each_frame_format_webcams_deliver(
    name: str, scene: QImage, qr_text: str
) -> None:
    frame = camera_frame(scene, getattr(PixelFormat, f"Format_{name}"))
    image = frame_image(frame)
    assert image.size() == scene.size()
    assert decode_qr(*luminance(image)) == [qr_text]


# Formats without a grey plane to copy (here 10-bit) are converted by Qt, on the GPU if it
# can; the offscreen test platform has none, which Qt may say (once) before using the CPU.
@pytest.mark.qt_log_ignore("No RHI backend")
def test_a_card_is_read_from_a_frame_qt_has_to_convert(scene: QImage, qr_text: str) -> None:
    frame = camera_frame(scene, PixelFormat.Format_P010)
    assert decode_qr(*luminance(frame_image(frame))) == [qr_text]


def test_a_card_further_from_a_full_hd_webcam_is_still_read(phone: QImage, qr_text: str) -> None:
    # The phone is 40 % of the picture's height; its QR code (49 modules) about 160 pixels
    # wide: 3 pixels a module, 2 in the 1280 decoded (in 640, too few to be found).
    picture = held_up(phone, 1920, 1080, 420)
    frame = camera_frame(picture, PixelFormat.Format_NV12)
    assert decode_qr(*luminance(frame_image(frame))) == [qr_text]
