"""Every icon and image the console shows, loaded through this one module.

The files live in ``scb_console/ui/assets/`` (generated from the sources in the repository's
``resources/`` folder by ``resources/build_icons.py``), next to this module, so a wheel, an
editable install and a PyInstaller bundle (which keeps the package layout under
``sys._MEIPASS``) all find them the same way: relative to ``__file__``.

- :func:`app_icon`: the application icon, every PNG size (16 to 512 px) in one QIcon.
- :func:`step_icon`: a wizard step's line icon in a colour (the palette's text colour, say), so
  it reads on light and dark palettes alike. The SVGs draw with ``currentColor``; the loader
  puts the wanted colour in its place and renders the result.
- :func:`resource_path`: the path of any asset by its name inside the assets folder.
- :func:`thai_font_path`: Noto Sans Thai (OFL, ``fonts/OFL.txt``), the Thai fallback font that
  :func:`scb_console.ui.i18n.register_fonts` registers at start-up.

Loaded icons are cached; each call returns a (cheap, implicitly shared) copy, so a caller that
adds pixmaps to its icon does not change anyone else's.
"""

from __future__ import annotations

import functools
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QByteArray, QRectF, QSize
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

#: The folder the assets are in.
ASSETS_DIR: Final = Path(__file__).resolve().with_name("assets")
#: Pixel sizes the application icon comes in (``icons/app-icon-<size>.png``).
APP_ICON_SIZES: Final = (16, 24, 32, 48, 64, 128, 256, 512)
#: The wizard step icons (``steps/<name>.svg``), in the wizard's order.
STEP_ICON_NAMES: Final = (
    "server_token",
    "authorize",
    "receive_code",
    "exchange",
    "refresh",
    "profile",
)
#: Other names a step goes by (the wizard's ``Step`` members and its task labels).
STEP_ICON_ALIASES: Final = {
    "receive": "receive_code",
    "simulate_approval": "receive_code",
    "exchange_code": "exchange",
    "customer_profile": "profile",
}
#: The family name of the bundled Thai font (``fonts/NotoSansThai-*.ttf``).
THAI_FONT_FAMILY: Final = "Noto Sans Thai"
#: The bundled Thai font's weights (``fonts/NotoSansThai-<weight>.ttf``).
THAI_FONT_WEIGHTS: Final = ("Regular", "Bold")
#: The colour in the step SVGs that :func:`step_icon` replaces.
PLACEHOLDER: Final = "currentColor"
#: Pixel sizes a step icon is rendered at (crisp at 1x and 2x for the common icon sizes).
STEP_ICON_SIZES: Final = (16, 20, 24, 32, 40, 48, 64, 96)


@functools.cache
def resource_path(name: str) -> Path:
    """The file ``name`` (``"app-icon.svg"``, ``"steps/refresh.svg"``) in the assets folder.

    Raises ValueError for a name that leaves the folder, FileNotFoundError (naming the file)
    for one that is not there.
    """
    relative = PurePosixPath(name.replace("\\", "/"))
    if not name or relative.is_absolute() or ".." in relative.parts:
        raise ValueError(f"resource name {name!r} must be a relative path inside the assets")
    path = ASSETS_DIR.joinpath(*relative.parts)
    if not path.is_file():
        raise FileNotFoundError(f"resource {name!r} is missing (looked for {path})")
    return path


def app_icon_path(size: int) -> Path:
    """The PNG of the application icon at ``size`` px (one of :data:`APP_ICON_SIZES`)."""
    if size not in APP_ICON_SIZES:
        sizes = ", ".join(map(str, APP_ICON_SIZES))
        raise ValueError(f"the app icon comes in {sizes} px, not {size}")
    return resource_path(f"icons/app-icon-{size}.png")


def thai_font_path(weight: str = "Regular") -> Path:
    """The bundled Noto Sans Thai TTF of ``weight`` (one of :data:`THAI_FONT_WEIGHTS`)."""
    if weight not in THAI_FONT_WEIGHTS:
        raise ValueError(f"the Thai font comes in {', '.join(THAI_FONT_WEIGHTS)}, not {weight!r}")
    return resource_path(f"fonts/NotoSansThai-{weight}.ttf")


@functools.cache
def _app_icon() -> QIcon:
    icon = QIcon()
    for size in APP_ICON_SIZES:
        icon.addFile(str(app_icon_path(size)), QSize(size, size))
    return icon


def app_icon() -> QIcon:
    """The application icon with a pixmap for every size in :data:`APP_ICON_SIZES`."""
    return QIcon(_app_icon())


def step_icon_name(name: str) -> str:
    """The canonical step icon name for ``name`` (case, ``-`` and aliases forgiven)."""
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    key = STEP_ICON_ALIASES.get(key, key)
    if key not in STEP_ICON_NAMES:
        raise ValueError(f"no step icon {name!r}; there are: {', '.join(STEP_ICON_NAMES)}")
    return key


def _color(color: QColor | str) -> QColor:
    qcolor = QColor(color)
    if not qcolor.isValid():
        raise ValueError(f"{color!r} is not a colour (use a name like 'navy' or '#RRGGBB')")
    return qcolor


def recolor_svg(svg: bytes, color: QColor | str) -> bytes:
    """The SVG with :data:`PLACEHOLDER` replaced by ``color``; a translucent colour makes the
    whole drawing that translucent."""
    qcolor = _color(color)
    text = svg.decode("utf-8").replace(PLACEHOLDER, qcolor.name(QColor.NameFormat.HexRgb))
    if qcolor.alpha() < 255:
        text = text.replace("<svg ", f'<svg opacity="{qcolor.alphaF():.3f}" ', 1)
    return text.encode("utf-8")


@functools.cache
def step_svg(name: str) -> bytes:
    """The step icon's SVG source (drawn in :data:`PLACEHOLDER`)."""
    return resource_path(f"steps/{step_icon_name(name)}.svg").read_bytes()


def render_svg(svg: bytes, size: int) -> QImage:
    """``svg`` rendered into a transparent ``size`` x ``size`` image."""
    from PySide6.QtGui import QImage
    from PySide6.QtSvg import QSvgRenderer  # QtSvg loads with the first SVG (not at start-up)

    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise ValueError("the SVG could not be parsed")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


@functools.lru_cache(maxsize=256)
def _step_icon(name: str, rgba: int) -> QIcon:
    svg = recolor_svg(step_svg(name), QColor.fromRgba(rgba))
    icon = QIcon()
    for size in STEP_ICON_SIZES:
        icon.addPixmap(QPixmap.fromImage(render_svg(svg, size)))
    return icon


def step_icon(name: str, color: QColor | str) -> QIcon:
    """A wizard step's icon drawn in ``color`` (a QColor, ``"#RRGGBB"`` or a colour name).

    ``name`` is one of :data:`STEP_ICON_NAMES` (or an alias: ``Step.RECEIVE.name``, the
    wizard's task labels). ValueError for an unknown name or colour.
    """
    return QIcon(_step_icon(step_icon_name(name), _color(color).rgba()))


def clear_caches() -> None:
    """Forget every loaded icon (before the QApplication they belong to goes away)."""
    resource_path.cache_clear()
    _app_icon.cache_clear()
    _step_icon.cache_clear()
    step_svg.cache_clear()
