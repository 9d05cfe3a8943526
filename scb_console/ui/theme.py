"""Colours, fonts and the application stylesheet: one place for how the console looks.

Every colour comes in a light and a dark variant (GitHub's Primer palette, which reads well on
both); widgets ask :func:`is_dark` of the palette they paint with and pick the matching one.

The appearance changes while the console runs (View ▸ Appearance, or the system's light/dark
switch with "System" picked): :func:`apply_appearance` sets the palette and tells
:func:`notifier`'s ``changed`` signal. What is painted asks :func:`is_dark` at each paint and
needs nothing more; a colour put in a stylesheet once would stay as it was, so such widgets take
their stylesheet from :func:`styled` (made again on every change) or redo their colours in a
callback given to :func:`follow`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

from scb_console.core.contract import Environment
from scb_console.ui import qtfix  # noqa: F401  (guards against a PySide6 refcount bug)
from scb_console.ui.i18n import QT_TRANSLATE_NOOP

# ---------------------------------------------------------------------------------------------
# Light / dark


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the palette's window is darker than its text (a dark appearance)."""
    if palette is None:
        palette = QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return window.lightnessF() < text.lightnessF()


#: View ▸ Appearance: follow the system, or always light, or always dark.
APPEARANCES: Final = ("system", "light", "dark")


class _Notifier(QObject):
    """Tells that the appearance changed: ``changed(dark)``."""

    changed = Signal(bool)


_notifier: _Notifier | None = None


def notifier() -> _Notifier:
    """The one object whose ``changed(dark)`` signal follows the appearance."""
    global _notifier
    if _notifier is None:
        _notifier = _Notifier()
    return _notifier


class _Follower(QObject):
    """Calls ``callback(dark)`` on each change, for as long as its owner (its parent) lives."""

    def __init__(self, owner: QObject, callback: Callable[[bool], object]) -> None:
        super().__init__(owner)
        self.setObjectName("themeFollower")
        self._callback = callback
        notifier().changed.connect(self._on_changed)

    def _on_changed(self, dark: bool) -> None:
        self._callback(dark)


def follow(owner: QObject, callback: Callable[[bool], object]) -> None:
    """Call ``callback(dark)`` whenever the appearance changes, while ``owner`` lives."""
    _Follower(owner, callback)


def styled(widget: QWidget, make: Callable[[bool], str]) -> None:
    """``widget``'s stylesheet is ``make(dark)``: now, and again whenever the appearance
    changes."""
    widget.setStyleSheet(make(is_dark()))
    follow(widget, lambda dark: widget.setStyleSheet(make(dark)))


def system_is_dark(app: QGuiApplication) -> bool:
    """Whether the system asks for a dark appearance."""
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def appearance_is_dark(app: QGuiApplication, appearance: str) -> bool:
    """Dark or not, for View ▸ Appearance's ``appearance`` (``"system"``: the system's)."""
    if appearance == "dark":
        return True
    if appearance == "light":
        return False
    return system_is_dark(app)


def _pick(pair: tuple[str, str], dark: bool) -> QColor:
    return QColor(pair[1] if dark else pair[0])


def dark_palette() -> QPalette:
    """A neutral dark palette (for tests, screenshots, and platforms without a dark theme)."""
    palette = QPalette()
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    colours = {
        role.Window: "#1f2328",
        role.WindowText: "#e6edf3",
        role.Base: "#161b22",
        role.AlternateBase: "#1c2128",
        role.ToolTipBase: "#2d333b",
        role.ToolTipText: "#e6edf3",
        role.PlaceholderText: "#7d8590",
        role.Text: "#e6edf3",
        role.Button: "#2d333b",
        role.ButtonText: "#e6edf3",
        role.BrightText: "#ffffff",
        role.Light: "#444c56",
        role.Midlight: "#373e47",
        role.Mid: "#30363d",
        role.Dark: "#0d1117",
        role.Shadow: "#010409",
        role.Highlight: "#1f6feb",
        role.HighlightedText: "#ffffff",
        role.Link: "#58a6ff",
        role.LinkVisited: "#bc8cff",
    }
    for colour_role, value in colours.items():
        palette.setColor(colour_role, QColor(value))
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, colour_role, QColor("#6e7681"))
    return palette


def light_palette() -> QPalette:
    """A neutral light palette, the counterpart of :func:`dark_palette`."""
    palette = QPalette()
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    colours = {
        role.Window: "#f6f8fa",
        role.WindowText: "#1f2328",
        role.Base: "#ffffff",
        role.AlternateBase: "#f6f8fa",
        role.ToolTipBase: "#ffffff",
        role.ToolTipText: "#1f2328",
        role.PlaceholderText: "#6e7781",
        role.Text: "#1f2328",
        role.Button: "#f3f4f6",
        role.ButtonText: "#1f2328",
        role.BrightText: "#000000",
        role.Light: "#ffffff",
        role.Midlight: "#eaeef2",
        role.Mid: "#d0d7de",
        role.Dark: "#8c959f",
        role.Shadow: "#57606a",
        role.Highlight: "#0969da",
        role.HighlightedText: "#ffffff",
        role.Link: "#0969da",
        role.LinkVisited: "#8250df",
    }
    for colour_role, value in colours.items():
        palette.setColor(colour_role, QColor(value))
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, colour_role, QColor("#8c959f"))
    return palette


# ---------------------------------------------------------------------------------------------
# Environment badge

#: (light, dark) background of each environment's badge; the text on it is white.
_ENV_BADGE: Final[dict[Environment, tuple[str, str]]] = {
    Environment.LOCAL: ("#1a7f37", "#238636"),  # green: safe to play
    Environment.SANDBOX: ("#0969da", "#1f6feb"),  # blue: SCB's shared sandbox
    Environment.UAT: ("#8250df", "#8957e5"),  # purple: a partner's test stage
    Environment.PRODUCTION: ("#cf222e", "#da3633"),  # red: real customers
    Environment.CUSTOM: ("#57606a", "#6e7681"),  # grey: somewhere else
}


def environment_color(environment: Environment | str, dark: bool = False) -> QColor:
    """The badge colour of an environment (unknown names get the neutral grey)."""
    try:
        env = Environment(environment)
    except ValueError:
        env = Environment.CUSTOM
    return _pick(_ENV_BADGE[env], dark)


def environment_badge_stylesheet(environment: Environment | str, dark: bool = False) -> str:
    """A stylesheet for a QLabel used as the environment badge: a rounded pill, white text."""
    colour = environment_color(environment, dark).name()
    return (
        f"QLabel {{ background-color: {colour}; color: #ffffff; border-radius: 9px;"
        " padding: 2px 10px; font-weight: 600; }"
    )


# ---------------------------------------------------------------------------------------------
# Countdowns and token status


class CountdownState(enum.StrEnum):
    IDLE = "idle"  # no deadline set
    NORMAL = "normal"
    AMBER = "amber"
    RED = "red"
    EXPIRED = "expired"


_COUNTDOWN: Final[dict[CountdownState, tuple[str, str]]] = {
    CountdownState.IDLE: ("#8c959f", "#6e7681"),
    CountdownState.NORMAL: ("#1a7f37", "#3fb950"),
    CountdownState.AMBER: ("#bf8700", "#d29922"),
    CountdownState.RED: ("#cf222e", "#f85149"),
    CountdownState.EXPIRED: ("#8c959f", "#6e7681"),
}


def countdown_color(state: CountdownState, dark: bool = False) -> QColor:
    return _pick(_COUNTDOWN[state], dark)


class TokenStatus(enum.StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        """The status for people, in the interface language."""
        return QCoreApplication.translate("TokenStatus", _STATUS_LABELS[self])


_STATUS_LABELS: Final = {
    TokenStatus.VALID: QT_TRANSLATE_NOOP("TokenStatus", "Valid"),
    TokenStatus.EXPIRING: QT_TRANSLATE_NOOP("TokenStatus", "Expiring"),
    TokenStatus.EXPIRED: QT_TRANSLATE_NOOP("TokenStatus", "Expired"),
    TokenStatus.SUPERSEDED: QT_TRANSLATE_NOOP("TokenStatus", "Superseded by refresh"),
}

_STATUS: Final[dict[TokenStatus, tuple[str, str]]] = {
    TokenStatus.VALID: ("#1a7f37", "#3fb950"),
    TokenStatus.EXPIRING: ("#9a6700", "#d29922"),
    TokenStatus.EXPIRED: ("#cf222e", "#f85149"),
    TokenStatus.SUPERSEDED: ("#6e7781", "#8b949e"),
}


def status_color(status: TokenStatus | str, dark: bool = False) -> QColor:
    return _pick(_STATUS[TokenStatus(status)], dark)


#: Timeline bar colours per item kind.
_TIMELINE: Final[dict[str, tuple[str, str]]] = {
    "access": ("#0969da", "#388bfd"),
    "refresh": ("#8250df", "#a371f7"),
    "code": ("#bf8700", "#d29922"),
    "server": ("#1b7c83", "#39c5cf"),
}


def timeline_color(kind: str, dark: bool = False) -> QColor:
    return _pick(_TIMELINE.get(kind, ("#57606a", "#8b949e")), dark)


def error_color(dark: bool = False) -> QColor:
    """Text colour of failed exchanges and error messages."""
    return _pick(("#cf222e", "#f85149"), dark)


def warning_color(dark: bool = False) -> QColor:
    return _pick(("#9a6700", "#d29922"), dark)


def muted_color(dark: bool = False) -> QColor:
    """Secondary text: captions, placeholders, greyed-out items."""
    return _pick(("#6e7781", "#8b949e"), dark)


# ---------------------------------------------------------------------------------------------
# Fonts and the stylesheet


def monospace_font(point_size: float | None = None) -> QFont:
    """The system's fixed-pitch font (tokens, JSON, headers), optionally at a given size."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    # Thai in a JSON body (thaiFirstName) comes from the bundled Thai font, not an empty box
    font.setFamilies([*(font.families() or [font.family()]), THAI_FALLBACK_FAMILY])
    if point_size is not None:
        font.setPointSizeF(point_size)
    return font


def tabular_figures(font: QFont) -> QFont:
    """``font`` with tabular (fixed-width) digits, so a ticking time does not wobble."""
    font.setFeature(QFont.Tag("tnum"), 1)
    return font


#: The families the stylesheet asks for in code views, best first.
MONOSPACE_FAMILIES: Final = (
    '"JetBrains Mono", "Cascadia Mono", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace, '
    '"Noto Sans Thai"'
)
#: The bundled Thai font (scb_console.ui.resources.THAI_FONT_FAMILY): every font's fallback.
THAI_FALLBACK_FAMILY: Final = "Noto Sans Thai"


def app_stylesheet(dark: bool) -> str:
    """A light-touch application stylesheet: padding, rounded group boxes, readable code views,
    flat scroll bars.

    Colours come from the palette (``palette(...)``) wherever possible, so it works with the
    system's light and dark palettes alike; only the accents are fixed.

    The scroll bars are a rounded handle on a clear groove, without arrow buttons (as in most
    developer tools now). Besides the look, Fusion's own scroll bar costs about 1 ms to paint
    (a vertical one: its gradients are drawn rotated), on every repaint of every scroll area
    that shows one; this one costs 0.02 ms. A page switch in the wizard repaints three of them.
    """
    border = "#30363d" if dark else "#d0d7de"
    group_bg = "#1c2128" if dark else "#ffffff"
    accent = "#1f6feb" if dark else "#0969da"
    accent_hover = "#388bfd" if dark else "#0550ae"
    header_bg = "#22272e" if dark else "#f6f8fa"
    handle = "#484f58" if dark else "#c4ccd4"
    handle_hover = "#6e7681" if dark else "#8c959f"
    return f"""
QGroupBox {{
    border: 1px solid {border};
    border-radius: 8px;
    margin-top: 0px;
    padding: 30px 10px 10px 10px;
    background-color: {group_bg};
}}
QFrame[card="true"] {{
    border: 1px solid {border};
    border-radius: 8px;
    background-color: {group_bg};
}}
QGroupBox::title {{
    subcontrol-origin: padding;
    subcontrol-position: top left;
    left: 12px;
    top: 9px;
    padding: 0;
    font-weight: 600;
}}
QPushButton {{
    padding: 5px 14px;
    border: 1px solid {border};
    border-radius: 6px;
    background-color: palette(button);
}}
QPushButton:hover {{
    border-color: {accent};
}}
QPushButton:pressed, QPushButton:checked {{
    background-color: palette(midlight);
}}
QPushButton[primary="true"] {{
    background-color: {accent};
    border-color: {accent};
    color: #ffffff;
    font-weight: 600;
}}
QPushButton[primary="true"]:hover {{
    background-color: {accent_hover};
}}
QLineEdit, QPlainTextEdit, QTextEdit, QSpinBox, QDoubleSpinBox, QComboBox {{
    padding: 4px 6px;
    border: 1px solid {border};
    border-radius: 6px;
    background-color: palette(base);
    selection-background-color: {accent};
}}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus {{
    border-color: {accent};
}}
QPlainTextEdit[code="true"], QLineEdit[code="true"] {{
    font-family: {MONOSPACE_FAMILIES};
}}
QTableView {{
    border: 1px solid {border};
    border-radius: 6px;
    gridline-color: {border};
    background-color: palette(base);
    alternate-background-color: palette(alternate-base);
    selection-background-color: {accent};
    selection-color: #ffffff;
}}
QScrollBar:vertical {{
    width: 12px;
    background: transparent;
    margin: 0;
}}
QScrollBar:horizontal {{
    height: 12px;
    background: transparent;
    margin: 0;
}}
QScrollBar::handle {{
    background: {handle};
    border-radius: 4px;
    margin: 2px;
}}
QScrollBar::handle:hover, QScrollBar::handle:pressed {{
    background: {handle_hover};
}}
QScrollBar::handle:vertical {{
    min-height: 24px;
}}
QScrollBar::handle:horizontal {{
    min-width: 24px;
}}
QScrollBar::add-line, QScrollBar::sub-line {{
    width: 0;
    height: 0;
    border: none;
    background: none;
}}
QScrollBar::add-page, QScrollBar::sub-page {{
    background: none;
}}
QHeaderView::section {{
    background-color: {header_bg};
    border: none;
    border-right: 1px solid {border};
    border-bottom: 1px solid {border};
    padding: 4px 6px;
    font-weight: 600;
}}
QSplitter::handle {{
    background-color: transparent;
}}
QToolTip {{
    border: 1px solid {border};
    padding: 4px;
}}
QStatusBar QLabel {{
    padding: 0 6px;
}}
"""
