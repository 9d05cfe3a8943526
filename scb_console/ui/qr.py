"""A QR code that scans: painted module by module on whole device pixels, black on white.

The matrix comes from the ``qrcode`` library (error correction M, a 4-module quiet zone); the
widget paints it itself so it stays crisp at any size and any device pixel ratio: every module is
the same whole number of device pixels (``floor(side / modules)``), with no smoothing, centered on
a pure white square whatever the palette (a QR code on a dark background does not scan well).
"""

from __future__ import annotations

import math
from typing import Final

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from scb_console.ui.worker import preload_later

#: Quiet zone around the symbol, in modules (the QR standard's minimum).
QUIET_ZONE: Final = 4
#: Smallest module size (device pixels) the widget allows itself to be shrunk to.
MIN_MODULE_PX: Final = 3
#: The module size the widget asks for when it has room.
PREFERRED_MODULE_PX: Final = 7

_BLACK: Final = QColor(0, 0, 0)
_WHITE: Final = QColor(255, 255, 255)


#: The QR mask pattern used (0-7), fixed so no best-mask search runs on the GUI thread.
QR_MASK_PATTERN: Final = 2


def qr_matrix(text: str, *, border: int = QUIET_ZONE) -> list[list[bool]]:
    """The QR symbol of ``text`` (error correction M), quiet zone included; True is dark.

    Raises ``ValueError`` when the text is too long for any QR code.
    """
    # imported on first use: qrcode pulls in PIL, which the first frame does not need
    import qrcode
    from qrcode.exceptions import DataOverflowError

    # a fixed mask: any of the 8 is valid and decodes alike; qrcode's search for the best one
    # renders all 8 and costs tens of milliseconds on the GUI thread
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=border,
        box_size=1,
        mask_pattern=QR_MASK_PATTERN,
    )
    code.add_data(text.encode("utf-8"))
    try:
        code.make(fit=True)
    except (DataOverflowError, ValueError) as exc:
        raise ValueError(f"text too long for a QR code ({len(text)} characters)") from exc
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def paint_matrix(painter: QPainter, matrix: list[list[bool]], side: int, origin: QPoint) -> int:
    """Paint ``matrix`` into the ``side``-pixel square at ``origin`` (device pixels).

    Returns the module size used (0 when the square is too small for one pixel per module).
    The square is filled white; the symbol is centered in it on whole pixels.
    """
    modules = len(matrix)
    module = side // modules if modules else 0
    painter.fillRect(QRect(origin, QSize(side, side)), _WHITE)
    if module == 0:
        return 0
    offset = (side - module * modules) // 2
    x0 = origin.x() + offset
    y0 = origin.y() + offset
    for r, row in enumerate(matrix):
        y = y0 + r * module
        c = 0
        while c < modules:  # one rectangle per horizontal run of dark modules
            if not row[c]:
                c += 1
                continue
            start = c
            while c < modules and row[c]:
                c += 1
            painter.fillRect(x0 + start * module, y, (c - start) * module, module, _BLACK)
    return module


def render_qr_image(text: str, side: int) -> QImage:
    """A ``side`` x ``side`` image of the QR code of ``text`` (for copying or saving)."""
    matrix = qr_matrix(text)
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(_WHITE)
    painter = QPainter(image)
    try:
        paint_matrix(painter, matrix, side, QPoint(0, 0))
    finally:
        painter.end()
    return image


class QrCodeWidget(QWidget):
    """Shows ``text`` as a QR code; square, as large as its space allows, always scannable."""

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "") -> None:
        super().__init__(parent)
        self._text = ""
        self._matrix: list[list[bool]] = []
        self._error = ""
        self._placeholder = placeholder or self.tr("The QR code of the deeplink appears here")
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(self.tr("QR code"))
        self._update_accessibility()
        # qrcode (and PIL) load on a worker thread once the first frame is out, so the first
        # authorize does not wait ~30 ms for them
        preload_later(("qrcode",))

    # -- public API ----------------------------------------------------------------------------

    def set_text(self, text: str) -> None:
        """Encode ``text`` (an empty string shows the placeholder)."""
        if text == self._text and not self._error:
            return
        self._text = text
        self._error = ""
        self._matrix = []
        if text:
            try:
                self._matrix = qr_matrix(text)
            except ValueError as exc:
                self._error = str(exc)
        self._update_accessibility()
        self.updateGeometry()
        self.update()

    def text(self) -> str:
        return self._text

    def matrix(self) -> list[list[bool]]:
        """The symbol being shown, quiet zone included (empty when there is none)."""
        return [list(row) for row in self._matrix]

    def module_count(self) -> int:
        """Modules per side, quiet zone included (0 when empty)."""
        return len(self._matrix)

    def module_size(self) -> int:
        """Device pixels per module at the widget's current size (0 when empty)."""
        if not self._matrix:
            return 0
        return self._side_device_px() // len(self._matrix)

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self.update()

    def placeholder(self) -> str:
        return self._placeholder

    def error(self) -> str:
        """Why the text could not be encoded, or an empty string."""
        return self._error

    def to_image(self, side: int) -> QImage:
        """The code as an image of ``side`` pixels (a white square when empty)."""
        if not self._matrix:
            image = QImage(side, side, QImage.Format.Format_RGB32)
            image.fill(_WHITE)
            return image
        return render_qr_image(self._text, side)

    # -- geometry ------------------------------------------------------------------------------

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def _modules_for_hint(self) -> int:
        # Before any text, size for a typical deeplink (version 4: 33 + 8 quiet zone modules).
        return len(self._matrix) or 41

    def minimumSizeHint(self) -> QSize:
        side = self._modules_for_hint() * MIN_MODULE_PX
        return QSize(side, side)

    def sizeHint(self) -> QSize:
        side = self._modules_for_hint() * PREFERRED_MODULE_PX
        return QSize(side, side)

    # -- painting ------------------------------------------------------------------------------

    def _side_device_px(self) -> int:
        ratio = self.devicePixelRatioF()
        return math.floor(min(self.width(), self.height()) * ratio)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            if self._matrix:
                self._paint_code(painter)
            else:
                self._paint_placeholder(painter)
        finally:
            painter.end()

    def _paint_code(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        ratio = self.devicePixelRatioF()
        # Work in device pixels so modules land on whole physical pixels at any scale factor.
        painter.scale(1 / ratio, 1 / ratio)
        width = math.floor(self.width() * ratio)
        height = math.floor(self.height() * ratio)
        side = min(width, height)
        origin = QPoint((width - side) // 2, (height - side) // 2)
        paint_matrix(painter, self._matrix, side, origin)

    def _paint_placeholder(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        side = min(self.width(), self.height()) - 2
        rect = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        palette = self.palette()
        pen = QPen(palette.color(QPalette.ColorRole.Mid), 1.5, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, 10, 10)
        message = self._error or self._placeholder
        colour = palette.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(colour)
        painter.drawText(
            rect.adjusted(16, 16, -16, -16),
            int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            message,
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.setAccessibleName(self.tr("QR code"))
            self._update_accessibility()
        super().changeEvent(event)

    def _update_accessibility(self) -> None:
        if self._matrix:
            self.setAccessibleDescription(self.tr("QR code of: {text}").format(text=self._text))
            self.setToolTip(
                self.tr("Scan with the SCB Easy app (or the sandbox simulator) to sign in")
            )
        else:
            self.setAccessibleDescription(self._error or self._placeholder)
            self.setToolTip("")
