"""Every resource loads through scb_console.ui.resources: app icon, step icons, recoloured."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap
from PySide6.QtWidgets import QApplication

from scb_console.ui import resources
from scb_console.ui.resources import (
    APP_ICON_SIZES,
    ASSETS_DIR,
    STEP_ICON_NAMES,
    app_icon,
    app_icon_path,
    resource_path,
    step_icon,
)
from scb_console.ui.wizard import LABELS, Step

ROOT = Path(__file__).resolve().parents[2]


def visible(image: QImage, threshold: int = 128) -> int:
    """How many pixels have at least ``threshold`` alpha."""
    alpha = image.convertToFormat(QImage.Format.Format_Alpha8)
    bits, stride, width = bytes(alpha.constBits()), alpha.bytesPerLine(), alpha.width()
    rows = (bits[y * stride : y * stride + width] for y in range(alpha.height()))
    return sum(1 for row in rows for a in row if a >= threshold)


def opaque_pixels(image: QImage) -> list[QColor]:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return [
        image.pixelColor(x, y)
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() == 255
    ]


def test_the_app_icon_has_every_size(qapp: QApplication) -> None:
    icon = app_icon()
    assert not icon.isNull()
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert sizes == {(n, n) for n in APP_ICON_SIZES}
    for n in APP_ICON_SIZES:
        pixmap = icon.pixmap(QSize(n, n))
        assert (pixmap.width(), pixmap.height()) == (n, n)
        # the tile is opaque in the middle, transparent in the very corner
        image = pixmap.toImage()
        assert image.pixelColor(n // 2, n // 8).alpha() == 255
        assert image.pixelColor(0, 0).alpha() < 128


@pytest.mark.parametrize("size", APP_ICON_SIZES)
def test_every_app_icon_png_is_its_size(qapp: QApplication, size: int) -> None:
    image = QImage(str(app_icon_path(size)))
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()


@pytest.mark.parametrize("name", STEP_ICON_NAMES)
def test_every_step_icon_loads(qapp: QApplication, name: str) -> None:
    icon = step_icon(name, "#202020")
    assert not icon.isNull()
    for n in (16, 24, 48):
        assert visible(icon.pixmap(QSize(n, n)).toImage()) > n, f"{name} is empty at {n}px"


@pytest.mark.parametrize("step", list(Step))
def test_the_wizards_step_names_and_labels_find_an_icon(qapp: QApplication, step: Step) -> None:
    by_name = step_icon(step.name, "black").pixmap(24).toImage()
    by_label = step_icon(LABELS[step], "black").pixmap(24).toImage()
    assert by_name == by_label
    assert visible(by_name) > 24


@pytest.mark.parametrize("color", ["#d81b60", "#1e88e5", "white"])
def test_step_icons_are_drawn_in_the_colour_asked_for(qapp: QApplication, color: str) -> None:
    want = QColor(color)
    pixels = opaque_pixels(step_icon("refresh", want).pixmap(QSize(48, 48)).toImage())
    assert len(pixels) > 50
    assert all(p.rgb() == want.rgb() for p in pixels)


def test_a_translucent_colour_makes_a_translucent_icon(qapp: QApplication) -> None:
    image = step_icon("authorize", QColor(0, 0, 0, 100)).pixmap(48).toImage()
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    alphas = [image.pixelColor(x, y).alpha() for y in range(48) for x in range(48)]
    assert 80 <= max(alphas) <= 120


def test_icons_are_cached_and_each_caller_gets_its_own_copy(qapp: QApplication) -> None:
    first = step_icon("exchange", "#123456")
    assert step_icon("EXCHANGE", QColor("#123456")).cacheKey() == first.cacheKey()
    assert step_icon("exchange", "#654321").cacheKey() != first.cacheKey()
    assert app_icon().cacheKey() == app_icon().cacheKey()
    # a caller that adds to its icon changes no one else's
    mine = app_icon()
    mine.addPixmap(QPixmap(1000, 1000))
    assert QSize(1000, 1000) not in app_icon().availableSizes()


def test_unknown_names_and_colours_are_clear_errors(qapp: QApplication) -> None:
    with pytest.raises(ValueError, match="no step icon 'launch'; there are: server_token"):
        step_icon("launch", "black")
    with pytest.raises(ValueError, match="'not-a-colour' is not a colour"):
        step_icon("refresh", "not-a-colour")
    with pytest.raises(ValueError, match="comes in 16, 24"):
        app_icon_path(20)


def test_resource_path_stays_inside_the_assets() -> None:
    assert resource_path("app-icon.svg") == ASSETS_DIR / "app-icon.svg"
    assert resource_path("steps/refresh.svg").read_bytes().startswith(b"<?xml")
    with pytest.raises(ValueError, match="relative path inside the assets"):
        resource_path("../resources.py")
    with pytest.raises(ValueError, match="relative path inside the assets"):
        resource_path("/etc/passwd")
    with pytest.raises(FileNotFoundError, match=r"resource 'nope\.svg' is missing"):
        resource_path("nope.svg")


def test_every_step_svg_draws_in_the_placeholder_colour_only() -> None:
    """Recolouring replaces the placeholder: a fixed colour in a step SVG would not follow."""
    for name in STEP_ICON_NAMES:
        text = resource_path(f"steps/{name}.svg").read_text(encoding="utf-8")
        assert resources.PLACEHOLDER in text
        assert "#" not in text.replace("<!--", "").split("-->")[-1], name


def test_the_assets_are_current_with_their_sources() -> None:
    """scb_console/ui/assets/ is generated from resources/: a changed SVG needs a rebuild."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "resources" / "build_icons.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_app_icon_is_not_empty_at_any_size(qapp: QApplication) -> None:
    icon = QIcon(app_icon())
    for n in APP_ICON_SIZES:
        assert visible(icon.pixmap(n).toImage(), 255) > n * n // 2
