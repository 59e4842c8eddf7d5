"""Webcam scanning: QtMultimedia shows the camera, zxing-cpp reads the QR codes it sees.

Both come with the optional ``camera`` extra (PySide6-Addons, zxing-cpp). Without them, or
without a camera, ``camera_support()`` says so in a sentence the page shows, and nothing
here is imported: the rest of the check-in page works the same.

Decoding runs on its own worker thread (not the task runner: it touches no database and
must not queue behind a report), a few frames a second, never more than one at a time.

Without a camera (tests, a headless PC) everything but the camera itself still runs for
real: tests/ui/test_camera_scanner.py puts QVideoFrames of a rendered e-card into the
picture's video sink, the way a camera does.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from PySide6.QtCore import (
    QElapsedTimer,
    QLoggingCategory,
    QObject,
    QRunnable,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QVBoxLayout, QWidget

from station_app.i18n import _

log = logging.getLogger(__name__)

DECODE_EVERY_MS = 250  # four tries a second finds a card held up to the camera at once
# A card's signed QR code is dense (49 modules wide) and needs about 2 pixels a module to
# be read: scaled to 640 pixels, a 1080p picture only finds it when the phone fills half
# the picture's height; at 1280, from about 30 % (tests/ui/test_camera_scanner.py). A try
# at 1280 took 1-10 ms on a dev PC, on the decoder thread. Wider frames are scaled down.
DECODE_WIDTH = 1280
# The camera sees the same card for many frames; it counts once until it has been away
# this long (the check-in service still refuses a second visit within its own window).
SAME_CODE_QUIET_MS = 3000

Importer = Callable[[str], ModuleType]

# QtMultimedia looks for optional system libraries as it loads, PipeWire for sound devices
# (it falls back to PulseAudio) and VA-API for hardware video decoding (it falls back to
# the CPU), and warns for each one missing. Neither is needed to read a webcam, so on a
# station PC the warnings are noise (and the tests fail on any Qt warning). A rule in
# QT_LOGGING_RULES still overrides this one, for whoever wants to see them.
QUIET_LIBRARY_PROBES = "qt.multimedia.symbolsresolver.warning=false"


def import_multimedia(import_module: Importer = importlib.import_module) -> ModuleType:
    """PySide6.QtMultimedia, without its warnings about optional system libraries.

    Raises ImportError when PySide6-Addons is missing or cannot load (on Linux it needs
    libpulse0).
    """
    QLoggingCategory.setFilterRules(QUIET_LIBRARY_PROBES)  # before the import: it warns
    return import_module("PySide6.QtMultimedia")


@dataclass(frozen=True)
class CameraSupport:
    ready: bool
    problem: str = ""  # translated, for the page; "" when ready


def camera_support(import_module: Importer = importlib.import_module) -> CameraSupport:
    """Can this PC scan with a webcam? Imports the optional parts only to find out."""
    try:
        multimedia = import_multimedia(import_module)
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


# Most webcams deliver YUV, whose Y plane already is the grey picture the decoder wants:
# planar and semi-planar formats keep it whole in plane 0 ...
LUMA_PLANE_FORMATS = frozenset(
    {"Format_Y8", "Format_NV12", "Format_NV21", "Format_YUV420P", "Format_YUV422P", "Format_YV12"}
)
# ... packed 4:2:2 ones interleave it: every other byte, from this one.
PACKED_LUMA_START = {"Format_YUYV": 0, "Format_UYVY": 1}


def frame_image(frame: Any) -> QImage:
    """A camera frame (a QVideoFrame) as a QImage of its own, for ``FrameReader.offer``.

    The Y plane of a YUV frame is copied as grey, an RGB frame as it is: both skip the
    colour conversion of ``QVideoFrame.toImage()``, which costs more on the GUI thread and
    wants a GPU (without one Qt warns, then converts on the CPU). Other formats (MJPEG,
    10-bit, frames kept on the GPU) still go through ``toImage()``.
    """
    multimedia: Any = importlib.import_module("PySide6.QtMultimedia")
    pixel = frame.pixelFormat()
    image_format = multimedia.QVideoFrameFormat.imageFormatFromPixelFormat(pixel)
    if image_format == QImage.Format.Format_Invalid:
        image_format = QImage.Format.Format_Grayscale8
        if pixel.name not in LUMA_PLANE_FORMATS and pixel.name not in PACKED_LUMA_START:
            return frame.toImage()
    if not frame.map(multimedia.QVideoFrame.MapMode.ReadOnly):
        return frame.toImage()
    try:
        width, height, stride = frame.width(), frame.height(), frame.bytesPerLine(0)
        plane = bytes(frame.bits(0))
    finally:
        frame.unmap()
    if len(plane) < stride * height:  # not what the format promised; let Qt convert it
        return frame.toImage()
    if pixel.name in PACKED_LUMA_START:
        first = PACKED_LUMA_START[pixel.name]
        rows = (plane[row * stride + first : row * stride + 2 * width : 2] for row in range(height))
        plane, stride = b"".join(rows), width
    # copy(): the QImage must own its pixels, not borrow ``plane``'s.
    return QImage(plane, width, height, stride, image_format).copy()


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

    ``failed(message)`` (translated) when the camera cannot be started or stops working;
    the camera is then off. Only built when ``camera_support().ready``; QtMultimedia is
    imported here, at run time.
    """

    decoded = Signal(str)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._multimedia: Any = import_multimedia()
        widgets: Any = importlib.import_module("PySide6.QtMultimediaWidgets")
        # The device is chosen at each start(): the camera may have been plugged in, or
        # another one made the default, since the page was built.
        self._camera: Any = self._multimedia.QCamera(self)
        self._session: Any = self._multimedia.QMediaCaptureSession(self)
        self._session.setCamera(self._camera)
        self._video: Any = widgets.QVideoWidget(self)
        self._session.setVideoOutput(self._video)
        self._reader = FrameReader(self)
        self._reader.decoded.connect(self.decoded)
        self._unreadable_logged = False
        self._video.videoSink().videoFrameChanged.connect(self._frame)
        self._camera.errorOccurred.connect(self._camera_error)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._video)

    def _frame(self, frame: Any) -> None:
        if not self._reader.wants_frame():
            return
        try:
            image = frame_image(frame)
        except Exception:  # one odd frame must not stop the camera; log it once, not 30x/s
            if not self._unreadable_logged:
                log.exception("camera frame could not be read (%s)", frame.pixelFormat())
                self._unreadable_logged = True
            return
        self._reader.offer(image)

    def _camera_error(self, error: object, text: str) -> None:
        log.warning("camera error %s: %s", error, text)
        self._camera.stop()
        self.failed.emit(_("No camera found"))

    def start(self) -> None:
        device = self._multimedia.QMediaDevices.defaultVideoInput()
        if device.isNull():
            log.info("webcam switched on, but no camera is connected")
            self.failed.emit(_("No camera found"))
            return
        log.info("starting camera %s", device.description())
        self._camera.setCameraDevice(device)
        self._camera.start()

    def stop(self) -> None:
        self._camera.stop()
        self._reader.wait(2000)
