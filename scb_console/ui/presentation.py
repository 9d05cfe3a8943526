"""Presentation mode: the console made for a room (View ▸ Presentation mode, ``--present``).

While on:

- type is larger across the window (fonts scaled by :data:`FONT_SCALE`; fixed-size parts such
  as the step list and the code ring grow with it), and the QR code is large;
- every secret is off the screen: the API secret leaves its field (kept aside, put back when
  the mode ends), and every control that reveals or copies a secret is disabled: the API
  secret's Show button, the token inspector's Reveal (``set_reveal_allowed(False)``), Copy
  Authorization header and Copy curl. Saving or testing the credentials is off too, since the
  secret field is empty;
- a banner in the environment's colour names where requests go;
- expiry notifications come as large toasts, driven by the shared tick: "Authorization code
  expires in 10 s", "Authorization code expired", "Access token expires in 1 min", ...

Turning it off restores everything as it was. :func:`presentation_for` gives a window's one
:class:`PresentationMode`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QObject,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from scb_console.core.contract import Environment
from scb_console.core.flow import FlowEvent, FlowState
from scb_console.core.models import TokenKind
from scb_console.ui import theme
from scb_console.ui.i18n import QT_TRANSLATE_NOOP
from scb_console.ui.wizard import Step

if TYPE_CHECKING:
    from scb_console.ui.main_window import MainWindow

#: How much larger type is in presentation mode.
FONT_SCALE = 1.35
#: The QR code's smallest side in presentation mode (logical pixels).
QR_SIDE = 380
#: How long a toast stays (ms).
TOAST_MS = 6000
#: Warn this many seconds before an authorization code expires.
CODE_WARNING_SECONDS = 10.0
#: Warn this many seconds before an access token expires.
TOKEN_WARNING_SECONDS = 60.0
#: Table columns at least this wide (pixels) keep their width in presentation mode.
_WIDE_COLUMN = 200
#: Qt's "no maximum" for a widget's size.
_NO_MAX = 16_777_215

_HIDDEN_SECRET_TEXT = QT_TRANSLATE_NOOP("PresentationMode", "•••••• (hidden)")
_OFF_TIP = QT_TRANSLATE_NOOP(
    "PresentationMode", "Turned off in presentation mode (secrets stay hidden)"
)

_ENV_WORDS: dict[Environment, str] = {
    Environment.LOCAL: QT_TRANSLATE_NOOP(
        "PresentationMode", "The sandbox built into this console · test customers, nothing real"
    ),
    Environment.SANDBOX: QT_TRANSLATE_NOOP("PresentationMode", "SCB's shared sandbox · test data"),
    Environment.UAT: QT_TRANSLATE_NOOP(
        "PresentationMode", "A partner's test stage before production"
    ),
    Environment.PRODUCTION: QT_TRANSLATE_NOOP(
        "PresentationMode", "Real customers and real accounts"
    ),
    Environment.CUSTOM: QT_TRANSLATE_NOOP("PresentationMode", "A custom server"),
}


def _tr(text: str) -> str:
    """A text of the tables above in the interface language."""
    return QCoreApplication.translate("PresentationMode", text)


class _StickyDisable(QObject):
    """Keeps widgets disabled while active, remembering what their owners wanted meanwhile."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wanted: dict[int, tuple[QWidget, bool, str]] = {}
        self._busy = False

    def hold(self, widget: QWidget, tooltip: str | None = None) -> None:
        if tooltip is None:
            tooltip = _tr(_OFF_TIP)
        if id(widget) in self._wanted:
            return
        wanted = not widget.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)
        self._wanted[id(widget)] = (widget, wanted, widget.toolTip())
        widget.installEventFilter(self)
        self._disable(widget)
        widget.setToolTip(tooltip)

    def release_all(self) -> None:
        for widget, wanted, tooltip in self._wanted.values():
            if not shiboken6.isValid(widget):
                continue
            widget.removeEventFilter(self)
            widget.setToolTip(tooltip)
            widget.setEnabled(wanted)
        self._wanted.clear()

    def _disable(self, widget: QWidget) -> None:
        self._busy = True
        try:
            widget.setEnabled(False)
        finally:
            self._busy = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.EnabledChange and isinstance(watched, QWidget):
            entry = self._wanted.get(id(watched))
            if entry is not None and not self._busy:
                wanted = not watched.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)
                self._wanted[id(watched)] = (watched, wanted, entry[2])
                if watched.isEnabled():
                    self._disable(watched)
        elif event.type() == QEvent.Type.ToolTipChange and isinstance(watched, QWidget):
            entry = self._wanted.get(id(watched))
            off = _tr(_OFF_TIP)
            if entry is not None and watched.toolTip() != off:
                self._wanted[id(watched)] = (watched, entry[1], watched.toolTip())
                watched.setToolTip(off)
        return False


class PresentationToast(QFrame):
    """A large notification over the top of the window, gone after a few seconds."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("presentationToast")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label = QLabel(self)
        self.label.setObjectName("presentationToastText")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.font())
        font.setPointSizeF((font.pointSizeF() if font.pointSizeF() > 0 else 10.0) * 2.1)
        font.setWeight(QFont.Weight.DemiBold)
        self.label.setFont(font)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(34, 18, 34, 18)
        layout.addWidget(self.label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self._kind = "info"
        self._anchor: QWidget | None = None
        self.hide()

    def set_anchor(self, widget: QWidget | None) -> None:
        """The part of the window the toast shows over."""
        self._anchor = widget

    def show_message(self, text: str, kind: str = "warning", duration_ms: int = TOAST_MS) -> None:
        """Show ``text`` (``kind``: ``warning``, ``error`` or ``info``) for ``duration_ms``."""
        dark = theme.is_dark(self.palette())
        colour = {
            "error": theme.error_color(dark),
            "warning": theme.warning_color(dark),
        }.get(kind, QColor("#1f6feb" if dark else "#0969da"))
        self._kind = kind
        self.setStyleSheet(
            "#presentationToast { background-color: rgba(22, 27, 34, 0.94);"
            f" border: 3px solid {colour.name()}; border-radius: 16px; }}"
            "#presentationToastText { color: #ffffff; }"
        )
        self.label.setText(text)
        self.setAccessibleName(text)
        self.adjustSize()
        self.place(self._anchor)
        self.show()
        self.raise_()
        self._timer.start(duration_ms)

    @property
    def kind(self) -> str:
        return self._kind

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def place(self, anchor: QWidget | None = None) -> None:
        """Over the top right of ``anchor`` (the wizard's tabs): clear of the QR code."""
        parent = self.parentWidget()
        if parent is None:
            return
        self.adjustSize()
        size = self.sizeHint().expandedTo(QSize(420, 0))
        self.resize(min(size.width(), max(200, parent.width() - 40)), size.height())
        area = parent.rect()
        if anchor is not None and anchor.isVisible():
            area = QRect(anchor.mapTo(parent, QPoint(0, 0)), anchor.size())
        x = area.right() - self.width() - 24
        y = area.top() + 40
        self.move(QPoint(max(0, x), max(0, y)))


class _EnvironmentBanner(QToolBar):
    """The big coloured strip naming the environment (a fixed tool bar at the top)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Environment"), parent)
        self.setObjectName("presentationBanner")
        self._shown: tuple[Environment | None, str] | None = None
        theme.follow(self, lambda _dark: self._reshow())
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        box = QWidget()
        box.setObjectName("presentationBannerBox")
        self.name_label = QLabel()
        self.name_label.setObjectName("environmentBannerName")
        self.words_label = QLabel()
        self.words_label.setObjectName("environmentBannerWords")
        self.profile_label = QLabel()
        self.profile_label.setObjectName("environmentBannerProfile")
        self.profile_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        base = QFont(self.font())
        size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
        name_font = QFont(base)
        name_font.setPointSizeF(size * 1.9)
        name_font.setWeight(QFont.Weight.Bold)
        name_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 104)
        self.name_label.setFont(name_font)
        words_font = QFont(base)
        words_font.setPointSizeF(size * 1.3)
        self.words_label.setFont(words_font)
        self.profile_label.setFont(words_font)
        row = QHBoxLayout(box)
        row.setContentsMargins(18, 8, 18, 8)
        row.setSpacing(22)
        row.addWidget(self.name_label)
        row.addWidget(self.words_label, 1)
        row.addWidget(self.profile_label)
        self.addWidget(box)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self._shown is not None:
            self.show_environment(*self._shown)
        super().changeEvent(event)

    def _reshow(self) -> None:
        if self._shown is not None:
            self.show_environment(*self._shown)

    def show_environment(self, environment: Environment | None, profile_name: str) -> None:
        self._shown = (environment, profile_name)
        dark = theme.is_dark(self.palette())
        env = environment if environment is not None else Environment.CUSTOM
        colour = theme.environment_color(env, dark)
        self.setStyleSheet(
            f"#presentationBanner {{ background-color: {colour.name()}; border: none;"
            " padding: 0; spacing: 0; }"
            "#presentationBanner QLabel { color: #ffffff; }"
        )
        if environment is None:
            self.name_label.setText(self.tr("NO PROFILE"))
            self.words_label.setText(self.tr("Pick a profile under Credentials"))
            self.profile_label.setText("")
        else:
            self.name_label.setText(environment.label.upper())
            self.words_label.setText(_tr(_ENV_WORDS.get(environment, "")))
            self.profile_label.setText(self.tr("Profile: {name}").format(name=profile_name))
        self.setAccessibleName(self.tr("Environment: {name}").format(name=self.name_label.text()))

    def text(self) -> str:
        return " · ".join(
            t
            for t in (
                self.name_label.text(),
                self.words_label.text(),
                self.profile_label.text(),
            )
            if t
        )


class CentralStage(QWidget):
    """The window's central tabs with room above them for the demo caption."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("centralStage")
        self.top = QVBoxLayout()
        self.top.setContentsMargins(0, 0, 0, 0)
        self.top.setSpacing(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(self.top)
        layout.addWidget(content, 1)
        self.content = content


def central_stage(window: QMainWindow) -> CentralStage:
    """The window's :class:`CentralStage`, wrapping its central widget on first use."""
    current = window.centralWidget()
    if isinstance(current, CentralStage):
        return current
    content = window.takeCentralWidget()
    stage = CentralStage(content if content is not None else QWidget())
    window.setCentralWidget(stage)
    content_widget = stage.content
    content_widget.show()
    return stage


class PresentationMode(QObject):
    """A window's presentation mode; see the module's docstring."""

    #: ``(on)``: the mode was turned on or off.
    toggled = Signal(bool)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("presentationMode")
        self._window = window
        self._enabled = False
        self._fonts: list[tuple[QWidget, bool, QFont]] = []
        self._scaled: dict[int, QWidget] = {}
        self._sizes: list[tuple[QWidget, QSize, QSize]] = []
        self._splitter_sizes: list[int] = []
        self._headers: list[tuple[QTableView, int, list[int]]] = []
        self._window_state: QByteArray | None = None
        self._sticky = _StickyDisable(self)
        self._actions: list[tuple[QAction, bool]] = []
        self._secret: str | None = None
        self._secret_placeholder = ""
        self._reveal_was_allowed = True
        self._announced: set[str] = set()
        self._connections: list[Any] = []
        self.banner: _EnvironmentBanner | None = None
        self.toast = PresentationToast(window)
        self.toast.set_anchor(window.tabs)
        window.installEventFilter(self)

    # --- public --------------------------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        return self._enabled

    def is_enabled(self) -> bool:
        return self._enabled

    def toggle(self) -> None:
        self.set_enabled(not self._enabled)

    def set_enabled(self, on: bool) -> None:
        if on == self._enabled:
            self._sync_action()
            return
        self._enabled = on
        if on:
            self._scale_fonts()
            self._enlarge()
            self._hide_secrets()
            self._show_banner()
            self._start_notifications()
        else:
            self._stop_notifications()
            self._remove_banner()
            self._restore_secrets()
            self._restore_sizes()
            self._restore_fonts()
        self._sync_action()
        self._window.on_message(
            self.tr("Presentation mode: large type, secrets hidden")
            if on
            else self.tr("Presentation mode is off: secrets can be revealed again")
        )
        self.toggled.emit(on)

    def adopt(self, widget: QWidget) -> None:
        """Scale a part added to the window while the mode is on (restored with the rest)."""
        if not self._enabled:
            return
        for child in [widget, *widget.findChildren(QWidget)]:
            self._scale_one(child)

    def banner_text(self) -> str:
        return self.banner.text() if self.banner is not None else ""

    def notify(self, text: str, kind: str = "warning") -> None:
        """Show a large toast (only while the mode is on)."""
        if self._enabled:
            self.toast.show_message(text, kind)

    # --- type ----------------------------------------------------------------------------------

    def _scale_fonts(self) -> None:
        """Give every part of the window a font ``FONT_SCALE`` times larger.

        Each widget gets its own font: with the application's style sheet in force a parent's
        font does not reach its children. All fonts are read before any is changed, so none is
        scaled twice.
        """
        window = self._window
        central_stage(window)  # before reading fonts: wrapping it later would reparent the tabs
        widgets = [window, *window.findChildren(QWidget)]
        originals = [
            (w, w.testAttribute(Qt.WidgetAttribute.WA_SetFont), QFont(w.font()))
            for w in widgets
            if w is window or (not w.isWindow() and w is not self.toast)
        ]
        for widget, had, font in originals:
            self._apply_scaled(widget, had, font)

    def _apply_scaled(self, widget: QWidget, had: bool, font: QFont) -> None:
        self._fonts.append((widget, had, QFont(font)))
        self._scaled[id(widget)] = widget
        scaled = QFont(font)
        _scale_font(scaled)
        widget.setFont(scaled)

    def _scale_one(self, widget: QWidget) -> None:
        if self._scaled.get(id(widget)) is widget or widget.isWindow():
            return
        had = widget.testAttribute(Qt.WidgetAttribute.WA_SetFont)
        self._apply_scaled(widget, had, QFont(widget.font()))

    def _restore_fonts(self) -> None:
        """Give every widget its own font back, parents before children (with a style sheet in
        force, a widget's font is resolved against its parent's as it is set)."""
        alive = [entry for entry in self._fonts if shiboken6.isValid(entry[0])]
        alive.sort(key=lambda entry: _depth(entry[0]))
        for widget, had, font in alive:
            widget.setFont(font if had else QFont())
            if not had:  # let the style sheet put its own font rules (weights) back
                style = widget.style()
                style.unpolish(widget)
                style.polish(widget)
        self._fonts.clear()
        self._scaled.clear()

    # --- sizes ---------------------------------------------------------------------------------

    def _enlarge(self) -> None:
        window = self._window
        self._window_state = window.saveState()
        scroll = window.credentials_dock.widget()
        if scroll is not None:
            self._sizes.append((scroll, scroll.minimumSize(), scroll.maximumSize()))
        self._fit_credentials(grow=True)
        QTimer.singleShot(0, self._fit_credentials)  # again once shown (--present) and laid out
        self._headers = []
        for view in window.findChildren(QTableView):
            rows, columns = view.verticalHeader(), view.horizontalHeader()
            widths = [columns.sectionSize(i) for i in range(columns.count())]
            self._headers.append((view, rows.defaultSectionSize(), widths))
            rows.setDefaultSectionSize(round(rows.defaultSectionSize() * FONT_SCALE))
            for i, width in enumerate(widths):  # the narrow columns, so headings still fit
                if width < _WIDE_COLUMN and (
                    columns.sectionResizeMode(i) is QHeaderView.ResizeMode.Interactive
                ):
                    columns.resizeSection(i, round(width * FONT_SCALE))
        wizard = window.wizard
        for widget in (wizard.step_list, wizard.flow_status, wizard.code_countdown):
            self._scale_fixed(widget, FONT_SCALE)
        qr = wizard.qr
        self._sizes.append((qr, qr.minimumSize(), qr.maximumSize()))
        qr.setMinimumSize(QR_SIDE, QR_SIDE)
        splitter = wizard.page(Step.AUTHORIZE).splitter
        self._splitter_sizes = splitter.sizes()
        total = sum(self._splitter_sizes)
        if total > 0 and len(self._splitter_sizes) == 2:
            body = round(total * 0.62)
            splitter.setSizes([body, total - body])

    def _fit_credentials(self, *, grow: bool = False) -> None:
        """Room for the credentials form at its larger size (``grow``: a third wider)."""
        if not self._enabled:
            return
        window = self._window
        dock = window.credentials_dock
        scroll = dock.widget()
        if scroll is None:
            return
        wanted = window.credentials.minimumSizeHint().width() + 4
        scroll.setMinimumWidth(max(scroll.minimumWidth(), wanted))
        if dock.isVisible() and not dock.isFloating():
            width = round(dock.width() * FONT_SCALE) if grow else dock.width()
            window.resizeDocks([dock], [max(width, wanted + 8)], Qt.Orientation.Horizontal)

    def _scale_fixed(self, widget: QWidget, factor: float) -> None:
        minimum, maximum = widget.minimumSize(), widget.maximumSize()
        self._sizes.append((widget, minimum, maximum))
        if minimum.width() == maximum.width() and 0 < maximum.width() < _NO_MAX:
            widget.setFixedWidth(round(maximum.width() * factor))
        if minimum.height() == maximum.height() and 0 < maximum.height() < _NO_MAX:
            widget.setFixedHeight(round(maximum.height() * factor))

    def _restore_sizes(self) -> None:
        for widget, minimum, maximum in reversed(self._sizes):
            if shiboken6.isValid(widget):
                widget.setMinimumSize(minimum)
                widget.setMaximumSize(maximum)
        self._sizes.clear()
        splitter = self._window.wizard.page(Step.AUTHORIZE).splitter
        if self._splitter_sizes and sum(self._splitter_sizes) > 0:
            splitter.setSizes(self._splitter_sizes)
        self._splitter_sizes = []
        for view, height, widths in self._headers:
            if not shiboken6.isValid(view):
                continue
            view.verticalHeader().setDefaultSectionSize(height)
            columns = view.horizontalHeader()
            for i, width in enumerate(widths[: columns.count()]):
                if columns.sectionResizeMode(i) is QHeaderView.ResizeMode.Interactive:
                    columns.resizeSection(i, width)
        self._headers = []
        if self._window_state is not None:
            self._window.restoreState(self._window_state)
            self._window_state = None

    # --- secrets -------------------------------------------------------------------------------

    def _hide_secrets(self) -> None:
        window = self._window
        credentials = window.credentials
        edit = credentials.api_secret_edit
        self._secret_placeholder = edit.placeholderText()
        self._take_secret()
        edit.setPlaceholderText(_tr(_HIDDEN_SECRET_TEXT))
        for widget in (
            credentials.secret,
            credentials.secret.reveal,
            credentials.save_button,
            credentials.revert_button,
            credentials.test_button,
        ):
            self._sticky.hold(widget)
        inspector = window.inspector
        self._reveal_was_allowed = inspector.reveal_allowed()
        inspector.set_reveal_allowed(False)
        for name in ("revealTokenButton", "copyAuthHeaderButton", "copyCurlButton"):
            button = inspector.findChild(QWidget, name)
            if isinstance(button, QWidget):
                self._sticky.hold(button)
        self._actions = []
        for action in inspector.table.actions():
            if "copy" in action.objectName().lower() or "copy" in action.text().lower():
                self._actions.append((action, action.isEnabled()))
                action.setEnabled(False)
        self._link(credentials.profile_selected, self._on_profile_selected)

    def _take_secret(self) -> None:
        """Move the API secret out of its field (the field's own text, kept aside)."""
        edit = self._window.credentials.api_secret_edit
        text = edit.text()
        if text:
            self._secret = text
        elif self._secret is None:
            self._secret = ""
        edit.blockSignals(True)
        try:
            edit.clear()
        finally:
            edit.blockSignals(False)

    def _restore_secrets(self) -> None:
        window = self._window
        credentials = window.credentials
        self._sticky.release_all()
        edit = credentials.api_secret_edit
        edit.setPlaceholderText(self._secret_placeholder)
        if self._secret and not edit.text():
            edit.blockSignals(True)
            try:
                edit.setText(self._secret)
            finally:
                edit.blockSignals(False)
        self._secret = None
        for action, was_enabled in self._actions:
            if shiboken6.isValid(action):
                action.setEnabled(was_enabled)
        self._actions = []
        window.inspector.set_reveal_allowed(self._reveal_was_allowed)

    def _on_profile_selected(self, *_args: object) -> None:
        if not self._enabled:
            return
        self._secret = None  # the new profile's secret replaces the one kept aside
        self._take_secret()
        self._update_banner()

    # --- banner --------------------------------------------------------------------------------

    def _show_banner(self) -> None:
        window = self._window
        banner = _EnvironmentBanner(window)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)
        banner.show()
        self.banner = banner
        self._update_banner()
        self._link(window.credentials.profile_selected, self._update_banner)

    def _update_banner(self, *_args: object) -> None:
        banner = self.banner
        if banner is None:
            return
        profile = self._window.session.profile
        banner.show_environment(
            profile.environment if profile is not None else None,
            profile.name if profile is not None else "",
        )

    def _remove_banner(self) -> None:
        banner = self.banner
        self.banner = None
        if banner is not None and shiboken6.isValid(banner):
            self._window.removeToolBar(banner)
            banner.deleteLater()

    # --- expiry notifications ------------------------------------------------------------------

    def _start_notifications(self) -> None:
        self._announced = set()
        self._check_expiry(quiet_expired=True)  # old news: say only what is coming
        self._link(self._window.ticker.tick, self._on_tick)
        self._link(self._window.bridge.flow_changed, self._on_flow_event)

    def _stop_notifications(self) -> None:
        for connection in self._connections:
            QObject.disconnect(connection)
        self._connections = []
        self.toast.hide()

    def _on_tick(self) -> None:
        self._check_expiry(quiet_expired=False)

    def _announce(self, key: str, text: str, kind: str, *, quiet: bool) -> None:
        """Say ``text`` once per ``key`` (``quiet``: only remember it as said)."""
        if key in self._announced:
            return
        self._announced.add(key)
        if not quiet:
            self.notify(text, kind)

    def _check_expiry(self, *, quiet_expired: bool) -> None:
        window = self._window
        clock = window.clock
        flow = window.session.flow
        if flow is not None and flow.state is FlowState.CODE_RECEIVED:
            deadline = flow.code_deadline
            if deadline is not None:
                left = deadline.remaining(clock)
                if 0 < left <= CODE_WARNING_SECONDS:
                    self._announce(
                        f"code-soon:{deadline.at}",
                        self.tr("Authorization code expires in {seconds} s").format(
                            seconds=math.ceil(left)
                        ),
                        "warning",
                        quiet=False,
                    )
        model = window.inspector.model
        for row in range(model.rowCount()):
            if model.superseded_by(row) is not None:
                continue
            token = model.token_at(row)
            user = token.kind is TokenKind.USER
            left = token.access_remaining(clock)
            if left <= 0:
                self._announce(
                    f"expired:{token.request_uid}",
                    self.tr("Access token expired") if user else self.tr("Server token expired"),
                    "error",
                    quiet=quiet_expired,
                )
            elif left <= TOKEN_WARNING_SECONDS:
                soon = (
                    self.tr("Access token expires in {time}")
                    if user
                    else self.tr("Server token expires in {time}")
                )
                self._announce(
                    f"soon:{token.request_uid}",
                    soon.format(time=_minutes(left)),
                    "warning",
                    quiet=False,
                )

    def _on_flow_event(self, event: object) -> None:
        if not isinstance(event, FlowEvent):
            return
        if event.state is FlowState.CODE_EXPIRED and event.previous is FlowState.CODE_RECEIVED:
            self.notify(self.tr("Authorization code expired"), "error")
        elif event.state is FlowState.REFRESH_EXPIRED:
            self.notify(self.tr("Refresh token expired: the customer signs in again"), "error")
        elif event.state is FlowState.TOKEN_EXPIRED:
            tokens = self._window.session.flow.tokens if self._window.session.flow else None
            key = f"expired:{tokens.request_uid}" if tokens is not None else "expired:flow"
            self._announce(key, self.tr("Access token expired"), "error", quiet=False)

    # --- plumbing ------------------------------------------------------------------------------

    def _link(self, signal: Any, slot: Any) -> None:
        """Connect ``slot`` for as long as the mode is on."""
        self._connections.append(signal.connect(slot))

    def _sync_action(self) -> None:
        action = getattr(self._window, "presentation_action", None)
        if isinstance(action, QAction) and action.isChecked() != self._enabled:
            action.blockSignals(True)
            action.setChecked(self._enabled)
            action.blockSignals(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        resized = watched is self._window and event.type() == QEvent.Type.Resize
        if resized and self.toast.isVisible():
            self.toast.place(self._window.tabs)
        return False


def _scale_font(font: QFont, factor: float = FONT_SCALE) -> None:
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    elif font.pixelSize() > 0:
        font.setPixelSize(round(font.pixelSize() * factor))


def _depth(widget: QWidget) -> int:
    depth = 0
    parent = widget.parentWidget()
    while parent is not None:
        depth += 1
        parent = parent.parentWidget()
    return depth


def _minutes(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return QCoreApplication.translate("PresentationMode", "{n} min").format(n=minutes)


def presentation_for(window: MainWindow) -> PresentationMode:
    """The window's presentation mode (created, off, on first use)."""
    found = window.findChild(PresentationMode, "presentationMode")
    if isinstance(found, PresentationMode):
        return found
    return PresentationMode(window)
