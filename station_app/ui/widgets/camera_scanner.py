"""Webcam scanning: QtMultimedia shows the camera, zxing-cpp reads the QR codes it sees.

Both come with the optional ``camera`` extra (PySide6-Addons, zxing-cpp). Without them, or
without a camera, ``camera_support()`` says so in a sentence the page shows, and nothing
here is imported: the rest of the check-in page works the same.

Decoding runs on its own worker thread (not the task runner: it touches no database and
must not queue behind a report), a few frames a second, never more than one at a time.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from PySide6.QtCore import QElapsedTimer, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QVBoxLayout, QWidget

from station_app.i18n import _

log = logging.getLogger(__name__)

DECODE_EVERY_MS = 250  # four tries a second finds a card held up to the camera at once
# Decoding a 1080p frame takes far longer than a 640-pixel one and finds no more QR codes
# held at arm's length; frames are scaled down to this width first.
DECODE_WIDTH = 640
# The camera sees the same card for many frames; it counts once until it has been away
# this long (the check-in service still refuses a second visit within its own window).
SAME_CODE_QUIET_MS = 3000

Importer = Callable[[str], ModuleType]


@dataclass(frozen=True)
class CameraSupport:
    ready: bool
    problem: str = ""  # translated, for the page; "" when ready


def camera_support(import_module: Importer = importlib.import_module) -> CameraSupport:
    """Can this PC scan with a webcam? Imports the optional parts only to find out."""
    try:
        multimedia = import_module("PySide6.QtMultimedia")
        import_module("PySide6.QtMultimediaWidgets")
        import_module("zxingcpp")
    except ImportError as exc:
        log.info("webcam scanning unavailable: %s", exc)
        return CameraSupport(False, _("The webcam scanning add-on is not installed"))
    if not multimedia.QMediaDevices.videoInputs():
        return CameraSupport(False, _("No camera found"))
    return CameraSupport(True)


def luminance(image: QImage, width: int = DECODE_WIDTH) -> tuple[bytes, int, int]:
    """The image as 8-bit grey rows with no padding, scaled down to at most ``width``."""
    if image.width() > width:
        image = image.scaledToWidth(width)
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    w, h, stride = grey.width(), grey.height(), grey.bytesPerLine()
    raw = bytes(grey.constBits())
    if stride != w:  # rows are padded to 4 bytes; zxing wants them packed
        raw = b"".join(raw[row * stride : row * stride + w] for row in range(h))
    return raw, w, h


def decode_qr(pixels: bytes, width: int, height: int) -> list[str]:
    """The texts of the QR codes in a grey image (needs zxing-cpp)."""
    # Imported by name: an optional extra, so type checkers may not have it either.
    zxingcpp: Any = importlib.import_module("zxingcpp")
    view = memoryview(pixels).cast("B", (height, width))
    found = zxingcpp.read_barcodes(view, formats=zxingcpp.BarcodeFormat.QRCode)
    return [code.text for code in found if code.text]


class _Relay(QObject):
    decoded = Signal(list)  # list[str]


class _Decode(QRunnable):
    def __init__(self, pixels: bytes, width: int, height: int, relay: _Relay) -> None:
        super().__init__()
        self._args = (pixels, width, height)
        self._relay = relay

    def run(self) -> None:
        try:
            texts = decode_qr(*self._args)
        except Exception:  # a decoder crash must not take the page down; the log keeps it
            log.exception("QR decoding failed")
            texts = []
        self._relay.decoded.emit(texts)


class FrameReader(QObject):
    """Takes camera frames, decodes a few a second off the GUI thread, emits each new code."""

    decoded = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.decoded.connect(self._done)
        self._busy = False
        self._since_frame = QElapsedTimer()
        self._last_text = ""
        self._since_text = QElapsedTimer()

    def wants_frame(self) -> bool:
        """False while decoding or too soon after the last frame (converting one costs)."""
        if self._busy:
            return False
        return not self._since_frame.isValid() or self._since_frame.elapsed() >= DECODE_EVERY_MS

    def offer(self, image: QImage) -> bool:
        """A new frame; returns True when it was taken for decoding."""
        if not self.wants_frame() or image.isNull():
            return False
        self._since_frame.start()
        self._busy = True
        pixels, width, height = luminance(image)
        self._pool.start(_Decode(pixels, width, height, self._relay))
        return True

    def _done(self, texts: list[str]) -> None:
        self._busy = False
        for text in texts:
            repeat = text == self._last_text and self._since_text.elapsed() < SAME_CODE_QUIET_MS
            self._last_text = text
            self._since_text.start()
            if not repeat:
                self.decoded.emit(text)

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)


class CameraScanner(QWidget):
    """The camera picture; ``decoded(text)`` for each QR code it reads.

    Only built when ``camera_support().ready``; QtMultimedia is imported here, at run time.
    """

    decoded = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        multimedia: Any = importlib.import_module("PySide6.QtMultimedia")
        widgets: Any = importlib.import_module("PySide6.QtMultimediaWidgets")
        self._camera: Any = multimedia.QCamera(multimedia.QMediaDevices.defaultVideoInput(), self)
        self._session: Any = multimedia.QMediaCaptureSession(self)
        self._session.setCamera(self._camera)
        self._video: Any = widgets.QVideoWidget(self)
        self._session.setVideoOutput(self._video)
        self._reader = FrameReader(self)
        self._reader.decoded.connect(self.decoded)
        self._video.videoSink().videoFrameChanged.connect(self._frame)
        self._camera.errorOccurred.connect(self._camera_error)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._video)

    def _frame(self, frame: Any) -> None:
        if self._reader.wants_frame():
            self._reader.offer(frame.toImage())

    def _camera_error(self, _error: object, text: str) -> None:
        log.warning("camera error: %s", text)

    def start(self) -> None:
        self._camera.start()

    def stop(self) -> None:
        self._camera.stop()
        self._reader.wait(2000)
