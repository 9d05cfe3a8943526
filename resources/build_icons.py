"""Render SCB Console's icons from the SVG sources here into the package's asset folder.

    python resources/build_icons.py           # (re)write scb_console/ui/assets/
    python resources/build_icons.py --check   # exit 1 when the assets are stale

``resources/`` holds the sources (what a person edits); ``scb_console/ui/assets/`` holds what
the running app loads (copies of the SVGs and the PNG renders), so a wheel, an editable install
and a PyInstaller bundle all find them next to :mod:`scb_console.ui.resources`. The assets are
generated: edit the sources, run this script, commit both. Rendering uses QtSvg (part of
PySide6-Essentials) on the offscreen platform, so it runs without a display.

The 16 and 32 px renders come from ``app-icon-16.svg`` and the 24 px one from
``app-icon-24.svg``: those are drawn on a pixel grid, where the full drawing's details would blur.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Final

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE: Final = Path(__file__).resolve().parent
ASSETS: Final = HERE.parent / "scb_console" / "ui" / "assets"

#: Pixel sizes of the application icon's PNG renders.
SIZES: Final = (16, 24, 32, 48, 64, 128, 256, 512)
#: Which source each size is drawn from (the rest: ``app-icon.svg``).
PIXEL_GRID_SOURCES: Final = {16: "app-icon-16.svg", 24: "app-icon-24.svg", 32: "app-icon-16.svg"}
#: Largest mean difference (0-255 per channel) a committed PNG may have from a fresh render:
#: room for a Qt release that anti-aliases an edge a little differently, none for a new drawing.
TOLERANCE: Final = 1.0


def source_for(size: int) -> Path:
    return HERE / PIXEL_GRID_SOURCES.get(size, "app-icon.svg")


def png_name(size: int) -> str:
    return f"icons/app-icon-{size}.png"


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"build_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit("build_icons: Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def copied_svgs() -> Iterator[tuple[Path, str]]:
    """(source, name inside the assets folder) for every SVG the app loads."""
    yield HERE / "app-icon.svg", "app-icon.svg"
    for svg in sorted((HERE / "steps").glob("*.svg")):
        yield svg, f"steps/{svg.name}"


def copied_fonts() -> Iterator[tuple[Path, str]]:
    """(source, name inside the assets folder) for the Thai font files and their licence
    (see fonts/README.md): copied as they are."""
    for name in ("NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf", "OFL.txt"):
        yield HERE / "fonts" / name, f"fonts/{name}"


def mean_difference(a: QImage, b: QImage) -> float:
    """Mean absolute difference per channel of two same-sized ARGB32 images."""
    a = a.convertToFormat(QImage.Format.Format_ARGB32)
    b = b.convertToFormat(QImage.Format.Format_ARGB32)
    first, second = bytes(a.constBits()), bytes(b.constBits())
    return sum(abs(x - y) for x, y in zip(first, second, strict=True)) / len(first)


def build() -> list[str]:
    """Write every asset; returns the names written."""
    written = []
    for source, name in (*copied_svgs(), *copied_fonts()):
        target = ASSETS / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        written.append(name)
    for size in SIZES:
        target = ASSETS / png_name(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png_bytes(render(source_for(size), size)))
        written.append(png_name(size))
    return written


def check() -> list[str]:
    """What is stale or missing in the assets folder (empty when all is current)."""
    problems = []
    for source, name in (*copied_svgs(), *copied_fonts()):
        target = ASSETS / name
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            problems.append(f"{name} differs from resources/{source.relative_to(HERE)}")
    expected = {name for _, name in copied_svgs()}
    for extra in sorted((ASSETS / "steps").glob("*.svg")):
        if f"steps/{extra.name}" not in expected:
            problems.append(f"steps/{extra.name} has no source in resources/steps/")
    for size in SIZES:
        target = ASSETS / png_name(size)
        committed = QImage(str(target))
        if committed.isNull():
            problems.append(f"{png_name(size)} is missing or unreadable")
            continue
        if committed.size().width() != size or committed.size().height() != size:
            problems.append(f"{png_name(size)} is {committed.width()}x{committed.height()}")
            continue
        difference = mean_difference(committed, render(source_for(size), size))
        if difference > TOLERANCE:
            problems.append(f"{png_name(size)} differs from its SVG (mean {difference:.2f})")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the assets are current")
    args = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    assert app is not None
    if args.check:
        problems = check()
        for problem in problems:
            print(f"build_icons: stale: {problem}", file=sys.stderr)
        if problems:
            print("build_icons: run `python resources/build_icons.py`", file=sys.stderr)
            return 1
        print("build_icons: assets are current")
        return 0
    for name in build():
        print(f"wrote scb_console/ui/assets/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
