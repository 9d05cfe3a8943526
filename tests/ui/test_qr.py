"""The QR code widget: crisp modules, a quiet zone, and it scans back to the exact deeplink."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import math

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from scb_console.ui.qr import QUIET_ZONE, QrCodeWidget, qr_matrix, render_qr_image
from scb_console.ui.theme import dark_palette, is_dark

DEEPLINK = "scbeasysim://login/a2f816bf-5e33-4a7b-a3fd-3babd1e95428"


def _to_pil(image: QImage) -> Image.Image:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    data = bytes(rgb.constBits())[: stride * height]
    return Image.frombuffer("RGB", (width, height), data, "raw", "RGB", stride, 1)


def _decode(image: QImage) -> list[str]:
    results = zxingcpp.read_barcodes(_to_pil(image), formats=zxingcpp.BarcodeFormat.QRCode)
    return [result.text for result in results]


def _colours(image: QImage, left: int, top: int, side: int) -> set[int]:
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    return {
        rgb.pixel(x, y) & 0xFFFFFF for y in range(top, top + side) for x in range(left, left + side)
    }


def _widget(qtbot: QtBot, side: int) -> QrCodeWidget:
    widget = QrCodeWidget()
    qtbot.addWidget(widget)
    widget.set_text(DEEPLINK)
    widget.resize(side, side)
    return widget


def test_matrix_has_a_quiet_zone_and_finder_patterns() -> None:
    matrix = qr_matrix(DEEPLINK)
    size = len(matrix)
    assert all(len(row) == size for row in matrix)
    assert (size - 2 * QUIET_ZONE - 21) % 4 == 0  # a real QR version: 21 + 4k modules
    for i in range(QUIET_ZONE):  # the border is light all round
        assert not any(matrix[i])
        assert not any(matrix[size - 1 - i])
        assert not any(row[i] for row in matrix)
        assert not any(row[size - 1 - i] for row in matrix)
    q = QUIET_ZONE  # the top-left finder pattern: a dark 7x7 ring
    assert all(matrix[q][q : q + 7])
    assert all(matrix[q + 6][q : q + 7])
    assert not matrix[q + 1][q + 1]
    assert matrix[q + 3][q + 3]


@pytest.mark.parametrize("side", [180, 600])
def test_rendered_widget_decodes_to_the_exact_deeplink(qtbot: QtBot, side: int) -> None:
    widget = _widget(qtbot, side)
    image = widget.grab().toImage()
    assert image.width() == side
    assert _decode(image) == [DEEPLINK]


@pytest.mark.parametrize("side", [180, 600])
def test_modules_are_whole_pixels_pure_black_on_pure_white(qtbot: QtBot, side: int) -> None:
    widget = _widget(qtbot, side)
    modules = widget.module_count()
    assert widget.module_size() == math.floor(side / modules) >= 3
    image = widget.grab().toImage()
    # no anti-aliasing: only two colours anywhere in the code's square
    assert _colours(image, 0, 0, side) == {0x000000, 0xFFFFFF}
    # the symbol is centered: equal light margins (to the pixel) left/right and top/bottom
    module = widget.module_size()
    offset = (side - module * modules) // 2
    first_dark = offset + QUIET_ZONE * module
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    assert rgb.pixel(first_dark, first_dark) & 0xFFFFFF == 0x000000  # finder pattern corner
    assert rgb.pixel(first_dark - 1, first_dark) & 0xFFFFFF == 0xFFFFFF  # quiet zone before it


def test_dark_palette_still_paints_black_on_white_and_scans(qtbot: QtBot) -> None:
    widget = _widget(qtbot, 240)
    widget.setPalette(dark_palette())
    assert is_dark(widget.palette())
    image = widget.grab().toImage()
    assert _decode(image) == [DEEPLINK]
    assert QColor(image.pixel(1, 1)) == QColor(255, 255, 255)


def test_non_square_widget_centres_a_square_code(qtbot: QtBot) -> None:
    widget = _widget(qtbot, 200)
    widget.resize(400, 200)
    image = widget.grab().toImage()
    assert _decode(image) == [DEEPLINK]
    # outside the centered 200 px square the widget's own background shows (not the code)
    assert widget.module_size() == 200 // widget.module_count()


def test_geometry_is_square_and_never_too_small_to_scan(qtbot: QtBot) -> None:
    widget = _widget(qtbot, 300)
    assert widget.hasHeightForWidth()
    assert widget.heightForWidth(321) == 321
    assert widget.minimumSizeHint().width() >= widget.module_count() * 3
    assert widget.sizeHint().width() > widget.minimumSizeHint().width()


def test_empty_widget_shows_a_placeholder_and_accessible_text(qtbot: QtBot) -> None:
    widget = QrCodeWidget(placeholder="Authorize to get a QR code")
    qtbot.addWidget(widget)
    widget.resize(200, 200)
    assert widget.text() == ""
    assert widget.module_count() == 0
    assert widget.accessibleName() == "QR code"
    assert "Authorize to get a QR code" in widget.accessibleDescription()
    assert _decode(widget.grab().toImage()) == []
    widget.set_text(DEEPLINK)
    assert widget.text() == DEEPLINK
    assert DEEPLINK in widget.accessibleDescription()
    widget.set_text("")
    assert widget.module_count() == 0


def test_text_too_long_for_a_qr_code_is_a_clear_message(qtbot: QtBot) -> None:
    widget = QrCodeWidget()
    qtbot.addWidget(widget)
    widget.set_text("x" * 5000)
    assert widget.error() == "text too long for a QR code (5000 characters)"
    assert widget.module_count() == 0
    widget.grab()  # paints the message, does not raise
    with pytest.raises(ValueError, match="too long"):
        qr_matrix("x" * 5000)


def test_render_image_for_copying_scans(qtbot: QtBot) -> None:
    assert _decode(render_qr_image(DEEPLINK, 400)) == [DEEPLINK]
    widget = _widget(qtbot, 100)
    assert _decode(widget.to_image(320)) == [DEEPLINK]
