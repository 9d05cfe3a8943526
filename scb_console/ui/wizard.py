"""The flow wizard: the server token and the four steps of the 3-legged flow, then a profile call.

A vertical step list on the left, one page per step on the right. Each page says what the step
does, has one primary action, shows what it WILL send (method, URL, headers and body, secrets
masked) before sending, then the answer (status, SCB code, requestUId, masked body), and can copy
the request as curl (masked). A failure shows as a red banner on its page, naming the requestUId;
nothing already obtained is lost.

The wizard drives the active :class:`~scb_console.core.flow.UserFlow` through the
:class:`~scb_console.ui.bridge.EngineBridge` (every request is an asyncio task; nothing blocks)
and follows the flow's events. Its countdowns update on the shared tick.

Only the step on screen is built with the wizard; the others are built by :meth:`FlowWizard.
build_pages` (the main window calls it after its first frame) or when first shown or used:
each page widget (``wizard.exchange_button``...) is an attribute that builds its page on first
read. What the wizard knows (the flow, the last answers, a banner meant for a page not built
yet) lives in the wizard, and a page shows it when it is built.
"""

from __future__ import annotations

import enum
import json
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, overload

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QCursor,
    QDesktopServices,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from scb_console.core import contract
from scb_console.core.clock import Clock, Deadline, format_remaining
from scb_console.core.contract import Environment
from scb_console.core.errors import RedirectError, SCBConsoleError, TransportError
from scb_console.core.exchange import ExchangeRecord
from scb_console.core.flow import FlowEvent, FlowState, UserFlow
from scb_console.core.masking import mask
from scb_console.core.models import CustomerProfile, RedirectParams, TokenSet
from scb_console.ui import i18n, theme
from scb_console.ui.bridge import EngineBridge
from scb_console.ui.clipboard import copy_text
from scb_console.ui.countdown import CountdownBar, CountdownWidget
from scb_console.ui.i18n import QT_TRANSLATE_NOOP
from scb_console.ui.session import ConsoleSession, Services

if TYPE_CHECKING:  # loaded with the page that shows it (after the first frame)
    from PySide6.QtWidgets import QStyleOptionViewItem

    from scb_console.ui.qr import QrCodeWidget

log = logging.getLogger(__name__)
translate = QCoreApplication.translate
W = TypeVar("W")


class Step(enum.IntEnum):
    SERVER_TOKEN = 0
    AUTHORIZE = 1
    RECEIVE = 2
    EXCHANGE = 3
    REFRESH = 4
    PROFILE = 5


#: Task labels (the bridge's) and exchange-log step names, per wizard step.
LABELS: dict[Step, str] = {
    Step.SERVER_TOKEN: "server_token",
    Step.AUTHORIZE: "authorize",
    Step.RECEIVE: "simulate_approval",
    Step.EXCHANGE: "exchange_code",
    Step.REFRESH: "refresh",
    Step.PROFILE: "customer_profile",
}
_STEP_OF_LABEL = {label: step for step, label in LABELS.items()}

#: Each step's title and subtitle (English, marked for translation: see :func:`step_title`).
_TITLES: dict[Step, tuple[str, str]] = {
    Step.SERVER_TOKEN: (
        QT_TRANSLATE_NOOP("FlowWizard", "Server token"),
        QT_TRANSLATE_NOOP("FlowWizard", "2-legged, the app alone"),
    ),
    Step.AUTHORIZE: (
        QT_TRANSLATE_NOOP("FlowWizard", "Authorize"),
        QT_TRANSLATE_NOOP("FlowWizard", "Deeplink and QR code"),
    ),
    Step.RECEIVE: (
        QT_TRANSLATE_NOOP("FlowWizard", "Receive the code"),
        QT_TRANSLATE_NOOP("FlowWizard", "Redirect; 60 s to use it"),
    ),
    Step.EXCHANGE: (
        QT_TRANSLATE_NOOP("FlowWizard", "Exchange the code"),
        QT_TRANSLATE_NOOP("FlowWizard", "Code → user tokens"),
    ),
    Step.REFRESH: (
        QT_TRANSLATE_NOOP("FlowWizard", "Refresh"),
        QT_TRANSLATE_NOOP("FlowWizard", "New access token"),
    ),
    Step.PROFILE: (
        QT_TRANSLATE_NOOP("FlowWizard", "Customer profile"),
        QT_TRANSLATE_NOOP("FlowWizard", "Prove the token works"),
    ),
}

_SUMMARIES: dict[Step, str] = {
    Step.SERVER_TOKEN: QT_TRANSLATE_NOOP(
        "FlowWizard",
        "POST /v1/oauth/token with the API key and secret. The server token (30 minutes) "
        "calls APIs on the app's own behalf; no customer is involved.",
    ),
    Step.AUTHORIZE: QT_TRANSLATE_NOOP(
        "FlowWizard",
        "GET /v2/oauth/authorize returns a deeplink that opens SCB Easy's sign-in and consent "
        "page. Scan the QR code with the SCB Easy (simulator) app, or open the link.",
    ),
    Step.RECEIVE: QT_TRANSLATE_NOOP(
        "FlowWizard",
        "After the customer consents, SCB Easy redirects to your callback URL with code, state "
        "and status. The console's loopback receiver catches it, or paste the redirect here. "
        "The code expires after 1 minute.",
    ),
    Step.EXCHANGE: QT_TRANSLATE_NOOP(
        "FlowWizard",
        "POST /v1/oauth/token with the authorization code: SCB answers with an access token "
        "(30 minutes), a refresh token (60 minutes) and the customer's resourceOwnerId.",
    ),
    Step.REFRESH: QT_TRANSLATE_NOOP(
        "FlowWizard",
        "POST /v1/oauth/token/refresh with the refresh token returns a new access token with "
        "the same access rights, without asking the customer again.",
    ),
    Step.PROFILE: QT_TRANSLATE_NOOP(
        "FlowWizard",
        "GET /v2/customers/profile with the user's access token and resourceOwnerId: a call "
        "that proves the token works.",
    ),
}


def step_title(step: Step) -> tuple[str, str]:
    """The step's title and subtitle in the interface language."""
    title, subtitle = _TITLES[step]
    return translate("FlowWizard", title), translate("FlowWizard", subtitle)


def step_summary(step: Step) -> str:
    """What the step does, in the interface language."""
    return translate("FlowWizard", _SUMMARIES[step])


class PreparedLike(Protocol):
    """What the wizard reads from the client's ``prepare_*`` results."""

    method: str
    url: str
    request_uid: str

    def masked_headers(self) -> Any: ...

    def masked_body_text(self) -> str: ...

    def to_curl(self, reveal: bool = False) -> str: ...


def _header_pairs(headers: Any) -> list[tuple[str, str]]:
    if hasattr(headers, "items"):
        return [(str(k), str(v)) for k, v in headers.items()]
    return [(str(k), str(v)) for k, v in headers]


def format_request(prepared: PreparedLike) -> str:
    """Method, URL, masked headers and masked body, as text."""
    lines = [f"{prepared.method} {prepared.url}"]
    lines += [f"{name}: {value}" for name, value in _header_pairs(prepared.masked_headers())]
    body = prepared.masked_body_text()
    if body:
        lines.append("")
        try:
            lines.append(json.dumps(json.loads(body), indent=2, ensure_ascii=False))
        except ValueError:
            lines.append(body)
    return "\n".join(lines)


def _pretty_body(text: str) -> str:
    if not text:
        return ""
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except ValueError:
        return text if len(text) <= 4000 else text[:4000] + "\n…"


def format_answer(record: ExchangeRecord) -> str:
    """Status line, requestUId, masked headers and the masked (pretty) body of an exchange."""
    if record.status is None:
        head = translate("FlowWizard", "No answer · {ms} ms").format(ms=f"{record.duration_ms:.0f}")
    else:
        scb = f" · SCB {record.scb_code}" if record.scb_code is not None else ""
        head = f"HTTP {record.status}{scb} · {record.duration_ms:.0f} ms"
    lines = [head, f"requestUId: {record.request_uid}"]
    if record.error:
        lines.append(translate("FlowWizard", "error: {error}").format(error=record.error))
    if record.response_headers:
        lines.append("")
        lines += [f"{name}: {value}" for name, value in record.response_headers]
    body = _pretty_body(record.response_body)
    if body:
        lines += ["", body]
    return "\n".join(lines)


def _code_font(edit: QPlainTextEdit) -> None:
    edit.setFont(theme.monospace_font())
    edit.setProperty("code", True)
    edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    edit.setReadOnly(True)


class ErrorBanner(QFrame):
    """A red banner at the top of a step: the message (with its requestUId) and an action."""

    action_clicked = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)

        def stylesheet(dark: bool) -> str:
            red = theme.error_color(dark)
            rgba = f"rgba({red.red()}, {red.green()}, {red.blue()}, 0.12)"
            return (
                f"#{name} {{ background-color: {rgba}; border: 1px solid {red.name()};"
                " border-radius: 6px; }"
                f"#{name} QLabel {{ color: {red.name()}; }}"
            )

        theme.styled(self, stylesheet)
        self.label = QLabel()
        self.label.setObjectName(f"{name}Text")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton()
        self.button.setObjectName(f"{name}Action")
        self.button.setVisible(False)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self._texts = i18n.Retranslator()
        self._texts.bind(self.close_button.setAccessibleName, lambda: self.tr("Dismiss message"))
        self.close_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.button.clicked.connect(self.action_clicked)
        self.close_button.clicked.connect(self.clear)
        self._texts.bind(self.setAccessibleName, lambda: self.tr("Error"))
        self.setVisible(False)

    def changeEvent(self, event: QEvent) -> None:
        if i18n.is_language_change(event):
            self._texts.apply()
        super().changeEvent(event)

    def show_message(self, text: str, action: str | None = None) -> None:
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self.button.setText(action or "")
        self.button.setVisible(bool(action))
        self.setVisible(True)

    def clear(self) -> None:
        self.label.clear()
        self.button.setVisible(False)
        self.setVisible(False)

    def text(self) -> str:
        return self.label.text() if not self.isHidden() else ""


class ExchangePane(QWidget):
    """What the step will send, and what came back; copy as curl (masked)."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._curl = ""
        self._placeholder: str | None = None
        t = self._texts = i18n.Retranslator()
        self.tabs = QTabWidget(self)  # (made in place: see MainWindow._build)
        self.tabs.setObjectName(f"{key}ExchangeTabs")
        self.tabs.setDocumentMode(True)
        self.request_view = QPlainTextEdit()
        self.request_view.setObjectName(f"{key}RequestView")
        t.bind(
            self.request_view.setAccessibleName,
            lambda: self.tr("Request that will be sent (secrets masked)"),
        )
        _code_font(self.request_view)
        self.answer_view = QPlainTextEdit()
        self.answer_view.setObjectName(f"{key}AnswerView")
        t.bind(self.answer_view.setAccessibleName, lambda: self.tr("Answer (secrets masked)"))
        _code_font(self.answer_view)
        t.bind(self.answer_view.setPlaceholderText, lambda: self.tr("Nothing sent yet."))
        self.tabs.addTab(self.request_view, "")
        self.tabs.addTab(self.answer_view, "")
        t.bind(lambda s: self.tabs.setTabText(0, s), lambda: self.tr("Will send"))
        t.bind(lambda s: self.tabs.setTabText(1, s), lambda: self.tr("Answer"))
        self.curl_button = QToolButton()
        self.curl_button.setObjectName(f"{key}CurlButton")
        t.bind(self.curl_button.setText, lambda: self.tr("Copy as curl"))
        self.curl_button.setAutoRaise(True)
        t.bind(
            self.curl_button.setToolTip,
            lambda: self.tr(
                "Copy this request as a curl command; secrets become shell variables "
                "(SCB_API_SECRET, ...)"
            ),
        )
        t.bind(self.curl_button.setAccessibleName, lambda: self.tr("Copy the request as curl"))
        self.tabs.setCornerWidget(self.curl_button, Qt.Corner.TopRightCorner)
        self.note = _muted("", f"{key}RequestNote")
        small = QFont(self.note.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.note.setFont(small)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.note)
        self.curl_button.clicked.connect(self.on_curl_clicked)
        self.curl_button.setEnabled(False)

    def set_request(self, prepared: PreparedLike | None, note: str = "") -> None:
        if prepared is None:
            self.request_view.setPlainText("")
            self.request_view.setPlaceholderText(note or self.tr("Nothing to send yet."))
            self._curl = ""
        else:
            text = format_request(prepared)
            if self.request_view.toPlainText() != text:
                self.request_view.setPlainText(text)
            self._curl = prepared.to_curl(reveal=False)
        self.note.setText(note if prepared is not None else "")
        self.note.setVisible(bool(note) and prepared is not None)
        self.curl_button.setEnabled(bool(self._curl))

    def changeEvent(self, event: QEvent) -> None:
        if i18n.is_language_change(event):
            self._texts.apply()
        super().changeEvent(event)

    def set_answer(self, record: ExchangeRecord | None) -> None:
        self.answer_view.setPlainText("" if record is None else format_answer(record))
        if record is not None:
            self.tabs.setCurrentWidget(self.answer_view)

    def show_request_tab(self) -> None:
        self.tabs.setCurrentWidget(self.request_view)

    def curl(self) -> str:
        return self._curl

    def on_curl_clicked(self) -> None:
        if self._curl:
            copy_text(self._curl)


class StepPage(QWidget):
    """One step: title, explanation, error banner, an action bar, the step's content, and the
    exchange pane (what it will send, what came back) beside it."""

    #: The banner's action button was clicked.
    banner_action = Signal()

    def __init__(self, step: Step, *, with_exchange: bool = True) -> None:
        super().__init__()
        self.step = step
        self._sized = False
        #: The share of the page's width the step's own content gets at first.
        self.body_share = 0.52
        key = LABELS[step].replace("_", " ").title().replace(" ", "")
        key = key[0].lower() + key[1:]
        self.key = key
        self.setObjectName(f"{key}Page")
        self.title = QLabel()
        self.title.setObjectName("stepTitle")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.summary = _muted("", "stepSummary")
        self._retranslate_title()
        #: The error banner, made when first shown (see :attr:`banner`).
        self._banner: ErrorBanner | None = None
        self.action_bar = QHBoxLayout()
        self.action_bar.setSpacing(8)
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(10)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 16, 10)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        self._layout = layout  # the banner goes under the summary when first shown
        layout.addLayout(self.action_bar)
        # the splitter and what is in it are made in place (see MainWindow._build)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        body_widget = QWidget(self.splitter)
        body_widget.setObjectName(f"{key}Body")
        body_widget.setLayout(self.body)
        self.exchange: ExchangePane | None = (
            ExchangePane(key, self.splitter) if with_exchange else None
        )
        self.splitter.setObjectName(f"{key}Splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(14)
        self.splitter.addWidget(body_widget)
        if self.exchange is not None:
            self.splitter.addWidget(self.exchange)
            self.splitter.setStretchFactor(0, 1)
            self.splitter.setStretchFactor(1, 1)
        layout.addWidget(self.splitter, 1)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized and self.exchange is not None:
            self._sized = True
            total = self.splitter.width()
            body = round(total * self.body_share)
            self.splitter.setSizes([body, total - body])

    def _retranslate_title(self) -> None:
        title, _ = step_title(self.step)
        self.title.setText(
            self.tr("Step {number} · {title}").format(number=int(self.step), title=title)
        )
        self.title.setAccessibleName(self.title.text())
        self.summary.setText(step_summary(self.step))

    def changeEvent(self, event: QEvent) -> None:
        if i18n.is_language_change(event):
            self._retranslate_title()
        super().changeEvent(event)

    @property
    def banner(self) -> ErrorBanner:
        """The red banner under the summary (hidden when there is no error)."""
        if self._banner is None:
            banner = ErrorBanner(f"{self.key}Banner")
            self._banner = banner
            self._layout.insertWidget(2, banner)
            banner.action_clicked.connect(self.banner_action)
        return self._banner

    def show_error(self, text: str, action: str | None = None) -> None:
        self.banner.show_message(text, action)

    def clear_error(self) -> None:
        if self._banner is not None:
            self._banner.clear()

    def banner_text(self) -> str:
        return self._banner.text() if self._banner is not None else ""


def _primary(button: QPushButton) -> QPushButton:
    button.setProperty("primary", True)
    button.setMinimumHeight(32)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


def _muted(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);")  # follows light and dark
    return label


def _value_label(name: str) -> QLabel:
    label = QLabel("—")
    label.setObjectName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setFont(theme.monospace_font())
    label.setWordWrap(True)
    return label


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(12)
    form.setVerticalSpacing(8)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


@dataclass
class _StepStatus:
    done: bool = False
    error: bool = False


_ICONS: dict[tuple[int, str, bool, bool], QIcon] = {}


def _step_icon(number: int, colour: QColor, *, filled: bool, check: bool) -> QIcon:
    """A numbered (or ticked) circle, drawn at 24 px and at the screens' scale (sharp there)."""
    key = (number, colour.name(), filled, check)
    cached = _ICONS.get(key)
    if cached is not None:
        return cached
    icon = QIcon()
    app = QGuiApplication.instance()
    ratio = app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0
    for size in sorted({24, math.ceil(24 * max(1.0, ratio))}):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen_width = max(1.5, size / 14)
        inset = pen_width
        if filled:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
        else:
            painter.setPen(QPen(colour, pen_width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QRectF(inset, inset, size - 2 * inset, size - 2 * inset))
        font = QFont()
        font.setPixelSize(int(size * 0.5))
        font.setWeight(QFont.Weight.Bold)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff") if filled else colour)
        painter.drawText(
            pixmap.rect(), int(Qt.AlignmentFlag.AlignCenter), "✓" if check else str(number)
        )
        painter.end()
        icon.addPixmap(pixmap)
    _ICONS[key] = icon
    return icon


#: Item data role holding a step's subtitle.
_SUBTITLE_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class _StepDelegate(QStyledItemDelegate):
    """Paints a step: its icon, the title, and a muted subtitle under it.

    The picture of each row that is neither the current step nor under the mouse is kept (a
    pixmap per look: size, texts, icon, colours, font, pixel ratio): the list repaints all its
    rows whenever the current step or a status changes, some 0.15 ms of text layout per row
    each time, and those rows look as before. The current and the hovered row are drawn each
    time: keeping their looks too held some 20 pictures (0.9 MiB) after one flow for one row's
    worth of time per repaint."""

    #: Looks kept at most (7 steps, a status or two each; ~45 KB each); the cache starts over
    #: past it.
    CACHE_SIZE = 16

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self._view = view  # (a Python reference: ``parent()`` would make PySide look it up)
        self._rows: dict[tuple[object, ...], QPixmap] = {}

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        metrics = option.fontMetrics
        return QSize(option.rect.width(), max(48, metrics.height() * 2 + 18))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        palette = option.palette
        dark = theme.is_dark(palette)
        # selected (the current step) and hovered, from the view itself: ``option.state`` would
        # make PySide wrap QStyle, ``viewport()`` look up every widget class (some 8 ms of
        # Python enums before the first frame); the list has no frame, so the viewport is at
        # its contents' corner
        view = self._view
        selected = index.row() == view.currentRow()
        hovered = view.underMouse() and option.rect.contains(
            view.mapFromGlobal(QCursor.pos()) - view.contentsRect().topLeft()
        )
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        subtitle = str(index.data(_SUBTITLE_ROLE) or "")
        width, height = option.rect.width(), option.rect.height()
        if selected or hovered:  # (one row or two: drawn as they are, not kept)
            painter.save()
            self._draw(
                painter,
                option.rect,
                option,
                icon,
                title,
                subtitle,
                selected=selected,
                hovered=hovered,
                dark=dark,
            )
            painter.restore()
            return
        ratio = view.devicePixelRatioF()
        key = (
            width,
            height,
            ratio,
            dark,
            title,
            subtitle,
            icon.cacheKey() if isinstance(icon, QIcon) else 0,
            option.font.key(),
            palette.color(QPalette.ColorRole.Text).rgba(),
        )
        pixmap = self._rows.get(key)
        if pixmap is None:
            pixmap = QPixmap(max(1, round(width * ratio)), max(1, round(height * ratio)))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            row = QPainter(pixmap)
            self._draw(
                row,
                QRect(0, 0, width, height),
                option,
                icon,
                title,
                subtitle,
                selected=False,
                hovered=False,
                dark=dark,
            )
            row.end()
            if len(self._rows) >= self.CACHE_SIZE:
                self._rows.clear()
            self._rows[key] = pixmap
        painter.drawPixmap(option.rect.topLeft(), pixmap)

    @staticmethod
    def _draw(
        painter: QPainter,
        area: QRect,
        option: QStyleOptionViewItem,
        icon: object,
        title: str,
        subtitle: str,
        *,
        selected: bool,
        hovered: bool,
        dark: bool,
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(area).adjusted(2, 2, -2, -2)
        if selected or hovered:
            accent = QColor("#1f6feb" if dark else "#0969da")
            accent.setAlphaF(0.16 if selected else 0.07)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent)
            painter.drawRoundedRect(rect, 7, 7)
        side = 24
        icon_rect = QRect(int(rect.left()) + 8, int(rect.center().y() - side / 2), side, side)
        if isinstance(icon, QIcon):
            icon.paint(painter, icon_rect)
        text_left = icon_rect.right() + 10
        width = int(rect.right()) - text_left - 4
        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold if selected else QFont.Weight.Medium)
        sub_font = QFont(option.font)
        sub_font.setPointSizeF(option.font.pointSizeF() * 0.88)
        title_metrics = QFontMetrics(title_font)
        sub_metrics = QFontMetrics(sub_font)
        total = title_metrics.height() + sub_metrics.height() + 2
        top = int(rect.center().y() - total / 2)
        painter.setFont(title_font)
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        painter.drawText(
            QRect(text_left, top, width, title_metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            title_metrics.elidedText(title, Qt.TextElideMode.ElideRight, width),
        )
        painter.setFont(sub_font)
        painter.setPen(theme.muted_color(dark))
        painter.drawText(
            QRect(text_left, top + title_metrics.height() + 2, width, sub_metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            sub_metrics.elidedText(subtitle, Qt.TextElideMode.ElideRight, width),
        )


class _OnPage(Generic[W]):
    """A widget of one step's page: reading it builds the page first when it is not built
    yet (see the module), so ``wizard.exchange_button`` always works."""

    def __init__(self, step: Step) -> None:
        self.step = step
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, wizard: None, owner: type | None = None) -> _OnPage[W]: ...

    @overload
    def __get__(self, wizard: FlowWizard, owner: type | None = None) -> W: ...

    def __get__(self, wizard: FlowWizard | None, owner: type | None = None) -> W | _OnPage[W]:
        if wizard is None:
            return self
        try:
            value: W = wizard.__dict__[self.name]
        except KeyError:
            wizard.page(self.step)
            value = wizard.__dict__[self.name]
        return value

    def __set__(self, wizard: FlowWizard, value: W) -> None:
        wizard.__dict__[self.name] = value


class FlowWizard(QWidget):
    """The six steps, driven through the bridge; follows the active flow's events."""

    #: ``(step)``: the page shown changed.
    step_changed = Signal(int)
    #: A one-line message for the status bar.
    message = Signal(str)
    #: A code's validity window, for the token timeline: ``(label, start_mono, end_mono)``.
    code_window = Signal(str, float, float)
    #: The auto-refresh setting changed (the box or the margin): read :meth:`auto_refresh_setting`.
    auto_refresh_changed = Signal()

    # each page's widgets (built with their page: see _OnPage)
    server_token_button: _OnPage[QPushButton] = _OnPage(Step.SERVER_TOKEN)
    server_token_value: _OnPage[QLabel] = _OnPage(Step.SERVER_TOKEN)
    server_type_value: _OnPage[QLabel] = _OnPage(Step.SERVER_TOKEN)
    server_uid_value: _OnPage[QLabel] = _OnPage(Step.SERVER_TOKEN)
    server_token_countdown: _OnPage[CountdownBar] = _OnPage(Step.SERVER_TOKEN)
    authorize_button: _OnPage[QPushButton] = _OnPage(Step.AUTHORIZE)
    customer_combo: _OnPage[QComboBox] = _OnPage(Step.AUTHORIZE)
    simulate_button: _OnPage[QPushButton] = _OnPage(Step.AUTHORIZE)
    open_consent_button: _OnPage[QPushButton] = _OnPage(Step.AUTHORIZE)
    sandbox_box: _OnPage[QWidget] = _OnPage(Step.AUTHORIZE)
    qr: _OnPage[QrCodeWidget] = _OnPage(Step.AUTHORIZE)
    deeplink_edit: _OnPage[QLineEdit] = _OnPage(Step.AUTHORIZE)
    copy_deeplink_button: _OnPage[QToolButton] = _OnPage(Step.AUTHORIZE)
    lan_qr_note: _OnPage[QLabel] = _OnPage(Step.AUTHORIZE)
    redirect_paste_edit: _OnPage[QLineEdit] = _OnPage(Step.RECEIVE)
    use_redirect_button: _OnPage[QPushButton] = _OnPage(Step.RECEIVE)
    receive_status: _OnPage[QLabel] = _OnPage(Step.RECEIVE)
    receiver_label: _OnPage[QLabel] = _OnPage(Step.RECEIVE)
    expected_state_label: _OnPage[QLabel] = _OnPage(Step.RECEIVE)
    code_label: _OnPage[QLabel] = _OnPage(Step.RECEIVE)
    extras_label: _OnPage[QLabel] = _OnPage(Step.RECEIVE)
    code_countdown: _OnPage[CountdownWidget] = _OnPage(Step.RECEIVE)
    restart_button: _OnPage[QPushButton] = _OnPage(Step.RECEIVE)
    goto_exchange_button: _OnPage[QPushButton] = _OnPage(Step.RECEIVE)
    exchange_button: _OnPage[QPushButton] = _OnPage(Step.EXCHANGE)
    exchange_code_label: _OnPage[QLabel] = _OnPage(Step.EXCHANGE)
    access_value: _OnPage[QLabel] = _OnPage(Step.EXCHANGE)
    refresh_value: _OnPage[QLabel] = _OnPage(Step.EXCHANGE)
    owner_value: _OnPage[QLabel] = _OnPage(Step.EXCHANGE)
    access_countdown: _OnPage[CountdownBar] = _OnPage(Step.EXCHANGE)
    refresh_countdown: _OnPage[CountdownBar] = _OnPage(Step.EXCHANGE)
    refresh_button: _OnPage[QPushButton] = _OnPage(Step.REFRESH)
    auto_refresh_check: _OnPage[QCheckBox] = _OnPage(Step.REFRESH)
    margin_spin: _OnPage[QSpinBox] = _OnPage(Step.REFRESH)
    refresh_access_countdown: _OnPage[CountdownBar] = _OnPage(Step.REFRESH)
    refresh_refresh_countdown: _OnPage[CountdownBar] = _OnPage(Step.REFRESH)
    refresh_count_label: _OnPage[QLabel] = _OnPage(Step.REFRESH)
    refresh_access_value: _OnPage[QLabel] = _OnPage(Step.REFRESH)
    call_profile_button: _OnPage[QPushButton] = _OnPage(Step.PROFILE)
    thai_name_label: _OnPage[QLabel] = _OnPage(Step.PROFILE)
    english_name_label: _OnPage[QLabel] = _OnPage(Step.PROFILE)
    profile_form_labels: _OnPage[dict[str, QLabel]] = _OnPage(Step.PROFILE)
    profile_details: _OnPage[QLabel] = _OnPage(Step.PROFILE)

    def __init__(
        self,
        session: ConsoleSession,
        bridge: EngineBridge,
        services: Services,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("flowWizard")
        self._session = session
        self._bridge = bridge
        self._services = services
        self._clock: Clock = services.clock
        self._status = {step: _StepStatus() for step in Step}
        #: What each row of the step list shows now (icon, accessible text): a row is set again
        #: only when that changes, since every set repaints the list (some 80 times a flow).
        self._step_rows: dict[Step, tuple[tuple[int, str, bool, bool], str]] = {}
        self._records: dict[str, ExchangeRecord] = {}
        self._server_token: TokenSet | None = None
        self._server_prepared: Any = None
        self._previews: dict[Step, tuple[tuple[object, ...], Any]] = {}
        self._shown_flow_error: SCBConsoleError | None = None
        self._profile_result: CustomerProfile | None = None
        #: Opens a URL in the browser (tests replace it).
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        #: Phone demo (LAN mode): the sandbox's root URL on the LAN, or None (off).
        self._lan_root_url: str | None = None
        #: The last flow event shown in the status corner (redrawn on a language change).
        self._last_event: FlowEvent | None = None
        #: The received code's deadline, for the code ring (its page may come later).
        self._code_deadline: Deadline | None = None
        #: Auto-refresh on, and its margin in seconds (the Refresh page shows them when built).
        self._auto_refresh = False
        self._margin = 60
        #: Banners for pages not built yet: ``(text, action)``, shown when the page is.
        self._pending_banners: dict[Step, tuple[str, str | None]] = {}
        self._texts = i18n.Retranslator()
        self._build()
        self._connect_signals()
        self.refresh_view()
        theme.follow(self, lambda _dark: self._update_step_list())  # (the step icons' colours)

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.step_list = QListWidget()
        self.step_list.setObjectName("stepList")
        t = self._texts
        t.bind(self.step_list.setAccessibleName, lambda: self.tr("Steps of the flow"))
        self.step_list.setItemDelegate(_StepDelegate(self.step_list))
        self.step_list.setMouseTracking(True)
        self.step_list.setFrameShape(QFrame.Shape.NoFrame)
        self.step_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.step_list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.step_list.setStyleSheet("QListWidget#stepList { background: transparent; }")
        self.step_list.setFixedWidth(212)
        row_height = max(48, self.fontMetrics().height() * 2 + 18)
        self.step_list.setFixedHeight(row_height * len(Step) + 8)
        for _step in Step:
            self.step_list.addItem(QListWidgetItem())
        t.bind(lambda _: self._retranslate_steps(), lambda: "")

        self.flow_status = QLabel()
        self.flow_status.setObjectName("flowStatus")
        self.flow_status.setWordWrap(True)
        t.bind(self.flow_status.setAccessibleName, lambda: self.tr("Flow status"))
        self.flow_status.setFixedWidth(204)
        self.flow_status.setTextFormat(Qt.TextFormat.RichText)
        self.flow_status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)

        self.stack = QStackedWidget()
        self.stack.setObjectName("stepStack")
        #: The pages built so far (see the module); :meth:`page` builds one.
        self.pages: dict[Step, StepPage] = {}
        self._builders: dict[Step, Callable[[], StepPage]] = {
            Step.SERVER_TOKEN: self._build_server_page,
            Step.AUTHORIZE: self._build_authorize_page,
            Step.RECEIVE: self._build_receive_page,
            Step.EXCHANGE: self._build_exchange_page,
            Step.REFRESH: self._build_refresh_page,
            Step.PROFILE: self._build_profile_page,
        }
        self._placeholders: dict[Step, QWidget] = {}
        for step in Step:
            placeholder = QWidget()
            placeholder.setObjectName(f"stepPlaceholder{int(step)}")
            self._placeholders[step] = placeholder
            self.stack.addWidget(placeholder)

        left = QVBoxLayout()
        left.setContentsMargins(8, 10, 4, 10)
        left.setSpacing(6)
        left.addWidget(self.step_list)
        left.addStretch(1)
        left.addWidget(self.flow_status)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(left)
        separator = QFrame()
        separator.setFrameShape(QFrame.Shape.VLine)
        separator.setObjectName("stepSeparator")
        separator.setStyleSheet("#stepSeparator { color: palette(mid); }")
        layout.addWidget(separator)
        layout.addWidget(self.stack, 1)
        self.step_list.setCurrentRow(0)
        self.page(Step.SERVER_TOKEN)  # the one on screen

    def _build_server_page(self) -> StepPage:
        page = StepPage(Step.SERVER_TOKEN)
        t = self._texts
        self.server_token_button = _primary(QPushButton())
        t.bind(self.server_token_button.setText, lambda: self.tr("Get server token"))
        self.server_token_button.setObjectName("serverTokenButton")
        t.bind(
            self.server_token_button.setToolTip,
            lambda: self.tr("Send POST /v1/oauth/token with the key and secret"),
        )
        t.bind(self.server_token_button.setAccessibleName, lambda: self.tr("Get server token"))
        page.action_bar.addWidget(self.server_token_button)
        page.action_bar.addStretch(1)
        self.server_token_value = _value_label("serverTokenValue")
        self.server_type_value = _value_label("serverTokenType")
        self.server_uid_value = _value_label("serverTokenRequestUid")
        self.server_token_countdown = CountdownBar(caption="")
        t.bind(
            self.server_token_countdown.setAccessibleName,
            lambda: self.tr("Server token: time left"),
        )
        self.server_token_countdown.setObjectName("serverTokenCountdown")
        form = _form()
        t.row(form, lambda: self.tr("Access token"), self.server_token_value)
        t.row(form, lambda: self.tr("Token type"), self.server_type_value)
        t.row(form, lambda: self.tr("Expires in"), self.server_token_countdown)
        form.addRow("requestUId", self.server_uid_value)
        page.body.addLayout(form)
        page.body.addStretch(1)
        return page

    def _build_authorize_page(self) -> StepPage:
        page = StepPage(Step.AUTHORIZE)
        t = self._texts
        self.authorize_button = _primary(QPushButton())
        t.bind(self.authorize_button.setText, lambda: self.tr("Get authorize link"))
        self.authorize_button.setObjectName("authorizeButton")
        t.bind(
            self.authorize_button.setToolTip,
            lambda: self.tr("Send GET /v2/oauth/authorize with a fresh random state"),
        )
        t.bind(self.authorize_button.setAccessibleName, lambda: self.tr("Get authorize link"))

        self.customer_combo = QComboBox()
        self.customer_combo.setObjectName("testCustomerCombo")
        t.bind(self.customer_combo.setAccessibleName, lambda: self.tr("Test customer"))
        from scb_console.sandbox.defaults import DEMO_CUSTOMERS
        from scb_console.ui.qr import QrCodeWidget

        for customer in DEMO_CUSTOMERS:
            profile = customer.profile
            name = f"{profile.get('engFirstName', '')} {profile.get('engLastName', '')}".strip()
            self.customer_combo.addItem(name or customer.id, customer.id)
        t.bind(lambda _: self._retranslate_customers(), lambda: "")
        t.bind(
            self.customer_combo.setToolTip,
            lambda: self.tr("The local sandbox's test customer who approves"),
        )
        self.simulate_button = QPushButton()
        t.bind(self.simulate_button.setText, lambda: self.tr("Simulate approval"))
        self.simulate_button.setObjectName("simulateApprovalButton")
        t.bind(
            self.simulate_button.setToolTip,
            lambda: self.tr(
                "Approve as the chosen test customer through the sandbox's approve endpoint; the "
                "redirect then arrives at the loopback receiver, as from a phone"
            ),
        )
        self.open_consent_button = QPushButton()
        t.bind(self.open_consent_button.setText, lambda: self.tr("Open consent page"))
        self.open_consent_button.setObjectName("openConsentButton")
        t.bind(
            self.open_consent_button.setToolTip,
            lambda: self.tr(
                "Open the local sandbox's SCB Easy simulator page for this sign-in in the browser"
            ),
        )
        self.sandbox_box = QWidget()
        self.sandbox_box.setObjectName("sandboxActions")
        sandbox_row = QHBoxLayout(self.sandbox_box)
        sandbox_row.setContentsMargins(0, 0, 0, 0)
        sandbox_row.setSpacing(6)
        separator = QFrame()
        separator.setFrameShape(QFrame.Shape.VLine)
        separator.setObjectName("sandboxSeparator")
        separator.setStyleSheet("#sandboxSeparator { color: palette(mid); }")
        sandbox_row.addWidget(separator)
        sandbox_row.addWidget(self.customer_combo)
        sandbox_row.addWidget(self.simulate_button)
        sandbox_row.addWidget(self.open_consent_button)
        page.action_bar.addWidget(self.authorize_button)
        page.action_bar.addWidget(self.sandbox_box)
        page.action_bar.addStretch(1)

        self.qr = QrCodeWidget(placeholder=self.tr("The deeplink's QR code appears here"))
        t.bind(
            lambda s: self.qr.set_placeholder(s),
            lambda: self.tr("The deeplink's QR code appears here"),
        )
        self.qr.setObjectName("deeplinkQr")
        self.qr.setMinimumSize(200, 200)
        self.deeplink_edit = QLineEdit()
        self.deeplink_edit.setObjectName("deeplinkEdit")
        self.deeplink_edit.setReadOnly(True)
        self.deeplink_edit.setPlaceholderText("scbeasysim://login/…")
        self.deeplink_edit.setProperty("code", True)
        t.bind(self.deeplink_edit.setAccessibleName, lambda: self.tr("Deeplink"))
        t.bind(
            self.deeplink_edit.setToolTip,
            lambda: self.tr(
                "The authorize deeplink (callbackUrl in SCB's answer): it opens SCB Easy's sign-in"
            ),
        )
        self.copy_deeplink_button = QToolButton()
        self.copy_deeplink_button.setObjectName("copyDeeplinkButton")
        t.bind(self.copy_deeplink_button.setText, lambda: self.tr("Copy"))
        t.bind(
            self.copy_deeplink_button.setToolTip,
            lambda: self.tr("Copy the deeplink (Ctrl+Shift+C)"),
        )
        t.bind(self.copy_deeplink_button.setAccessibleName, lambda: self.tr("Copy deeplink"))
        link_row = QHBoxLayout()
        link_row.setSpacing(4)
        link_row.addWidget(self.deeplink_edit, 1)
        link_row.addWidget(self.copy_deeplink_button)
        self.lan_qr_note = QLabel()
        self.lan_qr_note.setObjectName("lanQrNote")
        self.lan_qr_note.setWordWrap(True)
        self.lan_qr_note.setTextFormat(Qt.TextFormat.RichText)
        self.lan_qr_note.setAlignment(Qt.AlignmentFlag.AlignCenter)

        def note_stylesheet(dark: bool) -> str:
            amber = theme.warning_color(dark)
            return (
                f"#lanQrNote {{ border: 1px solid {amber.name()}; border-radius: 6px; "
                f"padding: 6px; background: rgba({amber.red()}, {amber.green()}, {amber.blue()}, "
                "0.08); }"
            )

        theme.styled(self.lan_qr_note, note_stylesheet)
        self.lan_qr_note.setVisible(False)
        page.body.addWidget(self.qr, 1)
        page.body.addWidget(self.lan_qr_note)
        page.body.addLayout(link_row)
        return page

    def _build_receive_page(self) -> StepPage:
        page = StepPage(Step.RECEIVE, with_exchange=False)
        t = self._texts
        self.redirect_paste_edit = QLineEdit()
        self.redirect_paste_edit.setObjectName("redirectPasteEdit")
        t.bind(
            self.redirect_paste_edit.setPlaceholderText,
            lambda: self.tr("Or paste the redirect URL, its query string, or the code"),
        )
        t.bind(self.redirect_paste_edit.setAccessibleName, lambda: self.tr("Redirect URL or code"))
        t.bind(
            self.redirect_paste_edit.setToolTip,
            lambda: self.tr(
                "When the redirect went elsewhere (your own callback URL, a phone), paste the "
                "whole redirect URL, its query string or just the code"
            ),
        )
        self.use_redirect_button = QPushButton()
        t.bind(self.use_redirect_button.setText, lambda: self.tr("Use"))
        self.use_redirect_button.setObjectName("useRedirectButton")
        t.bind(
            self.use_redirect_button.setToolTip, lambda: self.tr("Take the pasted redirect or code")
        )
        page.action_bar.addWidget(self.redirect_paste_edit, 1)
        page.action_bar.addWidget(self.use_redirect_button)

        self.receive_status = QLabel(_receive_status(FlowState.IDLE))
        self.receive_status.setObjectName("receiveStatus")
        self.receive_status.setWordWrap(True)
        status_font = QFont(self.receive_status.font())
        status_font.setPointSizeF(status_font.pointSizeF() * 1.1)
        status_font.setWeight(QFont.Weight.DemiBold)
        self.receive_status.setFont(status_font)
        self.receiver_label = _value_label("receiverAddress")
        self.expected_state_label = _value_label("expectedState")
        self.code_label = _value_label("receivedCode")
        self.extras_label = _value_label("redirectExtras")
        form = _form()
        t.row(form, lambda: self.tr("Receiver"), self.receiver_label)
        t.row(form, lambda: self.tr("Expected state"), self.expected_state_label)
        t.row(form, lambda: self.tr("Code"), self.code_label)
        t.row(form, lambda: self.tr("Partner pairs"), self.extras_label)
        t.bind(
            self.receiver_label.setToolTip,
            lambda: self.tr("The console's loopback receiver: the callback URL to register"),
        )
        t.bind(
            self.expected_state_label.setToolTip,
            lambda: self.tr(
                "The random state sent on authorize; the redirect must "
                "carry it back (it protects against forged redirects)"
            ),
        )
        t.bind(
            self.code_label.setToolTip,
            lambda: self.tr("The authorization code (masked): single use, 60 seconds"),
        )
        t.bind(
            self.extras_label.setToolTip,
            lambda: self.tr("Your own query pairs, echoed back on the redirect"),
        )

        self.code_countdown = CountdownWidget(
            caption=self.tr("Code"),
            amber_at=20.0,
            red_at=10.0,
            expired_text=self.tr("code expired"),
        )
        t.bind(self.code_countdown.set_caption, lambda: self.tr("Code"))
        t.bind(self.code_countdown.set_expired_text, lambda: self.tr("code expired"))
        self.code_countdown.setObjectName("codeCountdown")
        self.code_countdown.setFixedSize(200, 200)
        self.restart_button = _primary(QPushButton())
        t.bind(self.restart_button.setText, lambda: self.tr("Start again at step 1"))
        self.restart_button.setObjectName("restartButton")
        t.bind(
            self.restart_button.setToolTip,
            lambda: self.tr("Ask for a new deeplink (authorize again)"),
        )
        self.restart_button.setVisible(False)
        self.goto_exchange_button = _primary(QPushButton())
        t.bind(self.goto_exchange_button.setText, lambda: self.tr("Exchange now →"))
        self.goto_exchange_button.setObjectName("gotoExchangeButton")
        t.bind(self.goto_exchange_button.setToolTip, lambda: self.tr("Go to step 3 (Ctrl+Enter)"))
        self.goto_exchange_button.setVisible(False)

        left = QVBoxLayout()
        left.setSpacing(12)
        left.addWidget(self.receive_status)
        left.addLayout(form)
        left.addStretch(1)
        ring = QVBoxLayout()
        ring.setSpacing(10)
        ring.addWidget(self.code_countdown, 0, Qt.AlignmentFlag.AlignHCenter)
        ring.addWidget(self.goto_exchange_button, 0, Qt.AlignmentFlag.AlignHCenter)
        ring.addWidget(self.restart_button, 0, Qt.AlignmentFlag.AlignHCenter)
        ring.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(28)
        row.addLayout(left, 3)
        row.addLayout(ring, 2)
        page.body.addLayout(row, 1)
        return page

    def _token_countdowns(self, prefix: str) -> tuple[CountdownBar, CountdownBar]:
        access = CountdownBar(caption="", amber_at=300.0, red_at=60.0)
        access.setObjectName(f"{prefix}AccessCountdown")
        self._texts.bind(access.setAccessibleName, lambda: self.tr("Access token: time left"))
        refresh = CountdownBar(caption="", amber_at=300.0, red_at=60.0)
        self._texts.bind(refresh.setAccessibleName, lambda: self.tr("Refresh token: time left"))
        refresh.setObjectName(f"{prefix}RefreshCountdown")
        return access, refresh

    def _build_exchange_page(self) -> StepPage:
        page = StepPage(Step.EXCHANGE)
        t = self._texts
        self.exchange_button = _primary(QPushButton())
        t.bind(self.exchange_button.setText, lambda: self.tr("Exchange code for tokens"))
        self.exchange_button.setObjectName("exchangeButton")
        t.bind(
            self.exchange_button.setToolTip,
            lambda: self.tr("Send POST /v1/oauth/token with the authorization code"),
        )
        page.action_bar.addWidget(self.exchange_button)
        page.action_bar.addStretch(1)
        self.exchange_code_label = _value_label("exchangeCode")
        self.access_value = _value_label("accessTokenValue")
        self.refresh_value = _value_label("refreshTokenValue")
        self.owner_value = _value_label("resourceOwnerValue")
        self.access_countdown, self.refresh_countdown = self._token_countdowns("exchange")
        form = _form()
        t.row(form, lambda: self.tr("Code"), self.exchange_code_label)
        t.row(form, lambda: self.tr("Access token"), self.access_value)
        form.addRow("", self.access_countdown)
        t.row(form, lambda: self.tr("Refresh token"), self.refresh_value)
        form.addRow("", self.refresh_countdown)
        form.addRow("resourceOwnerId", self.owner_value)
        t.bind(
            self.owner_value.setToolTip,
            lambda: self.tr(
                "The customer's id from the resourceOwnerId response header; customer APIs "
                "send it back"
            ),
        )
        page.body.addLayout(form)
        page.body.addStretch(1)
        return page

    def _build_refresh_page(self) -> StepPage:
        page = StepPage(Step.REFRESH)
        t = self._texts
        self.refresh_button = _primary(QPushButton())
        t.bind(self.refresh_button.setText, lambda: self.tr("Refresh now"))
        self.refresh_button.setObjectName("refreshButton")
        t.bind(
            self.refresh_button.setToolTip,
            lambda: self.tr("Send POST /v1/oauth/token/refresh with the refresh token"),
        )
        self.auto_refresh_check = QCheckBox()
        t.bind(self.auto_refresh_check.setText, lambda: self.tr("Refresh automatically"))
        self.auto_refresh_check.setObjectName("autoRefreshCheck")
        t.bind(
            self.auto_refresh_check.setToolTip,
            lambda: self.tr(
                "Refresh the access token by itself, this many seconds before it expires (the "
                "same request as Refresh now)"
            ),
        )
        self.margin_spin = QSpinBox()
        self.margin_spin.setObjectName("refreshMarginSpin")
        self.margin_spin.setRange(5, 1500)
        self.margin_spin.setValue(self._margin)
        self.auto_refresh_check.setChecked(self._auto_refresh)
        t.bind(self.margin_spin.setSuffix, lambda: self.tr(" s early"))
        t.bind(
            self.margin_spin.setAccessibleName, lambda: self.tr("Auto-refresh margin in seconds")
        )
        t.bind(
            self.margin_spin.setToolTip,
            lambda: self.tr("How many seconds before expiry auto-refresh asks"),
        )
        t.bind(
            lambda suffix: self.margin_spin.setMinimumWidth(
                self.margin_spin.fontMetrics().horizontalAdvance(f"0000{suffix}") + 48
            ),
            lambda: self.tr(" s early"),
        )
        page.action_bar.addWidget(self.refresh_button)
        page.action_bar.addSpacing(12)
        page.action_bar.addWidget(self.auto_refresh_check)
        page.action_bar.addWidget(self.margin_spin)
        page.action_bar.addStretch(1)
        self.refresh_access_countdown, self.refresh_refresh_countdown = self._token_countdowns(
            "refresh"
        )
        self.refresh_count_label = _muted(self.tr("No refresh yet."), "refreshCount")
        self.refresh_access_value = _value_label("refreshPageAccessValue")
        form = _form()
        t.row(form, lambda: self.tr("Access token"), self.refresh_access_value)
        form.addRow("", self.refresh_access_countdown)
        t.row(form, lambda: self.tr("Refresh token"), self.refresh_refresh_countdown)
        page.body.addLayout(form)
        page.body.addWidget(self.refresh_count_label)
        page.body.addStretch(1)
        return page

    def _build_profile_page(self) -> StepPage:
        page = StepPage(Step.PROFILE)
        t = self._texts
        self.call_profile_button = _primary(QPushButton())
        t.bind(self.call_profile_button.setText, lambda: self.tr("Call customer profile"))
        self.call_profile_button.setObjectName("callProfileButton")
        t.bind(
            self.call_profile_button.setToolTip,
            lambda: self.tr("Send GET /v2/customers/profile with the user token"),
        )
        page.action_bar.addWidget(self.call_profile_button)
        page.action_bar.addStretch(1)
        self.thai_name_label = QLabel("—")
        self.thai_name_label.setObjectName("thaiNameLabel")
        t.bind(self.thai_name_label.setAccessibleName, lambda: self.tr("Name in Thai"))
        big = QFont(self.thai_name_label.font())
        big.setPointSizeF(big.pointSizeF() * 1.7)
        big.setWeight(QFont.Weight.DemiBold)
        self.thai_name_label.setFont(big)
        self.thai_name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.english_name_label = QLabel("—")
        self.english_name_label.setObjectName("englishNameLabel")
        t.bind(self.english_name_label.setAccessibleName, lambda: self.tr("Name in English"))
        medium = QFont(self.english_name_label.font())
        medium.setPointSizeF(medium.pointSizeF() * 1.25)
        self.english_name_label.setFont(medium)
        self.english_name_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.profile_form_labels: dict[str, QLabel] = {}
        form = _form()
        for key, caption in (
            ("citizenID", QT_TRANSLATE_NOOP("FlowWizard", "Citizen ID")),
            ("birthDate", QT_TRANSLATE_NOOP("FlowWizard", "Birth date")),
            ("mobile", QT_TRANSLATE_NOOP("FlowWizard", "Mobile")),
            ("email", QT_TRANSLATE_NOOP("FlowWizard", "Email")),
        ):
            label = QLabel("—")
            label.setObjectName(f"profile_{key}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.profile_form_labels[key] = label
            t.row(form, partial(translate, "FlowWizard", caption), label)
        self.profile_details = _muted("", "profileDetails")
        page.body.addWidget(self.thai_name_label)
        page.body.addWidget(self.english_name_label)
        page.body.addSpacing(6)
        page.body.addLayout(form)
        page.body.addWidget(self.profile_details)
        page.body.addStretch(1)
        return page

    def _connect_signals(self) -> None:
        self.step_list.currentRowChanged.connect(self.on_step_selected)
        self._bridge.flow_changed.connect(self.on_flow_changed)
        self._bridge.failed.connect(self.on_task_failed)
        self._bridge.succeeded.connect(self.on_task_succeeded)
        self._bridge.started.connect(self.on_task_started)
        self._bridge.cancelled.connect(self.on_task_cancelled)
        self._bridge.exchange_recorded.connect(self.on_exchange_recorded)

    # --- public --------------------------------------------------------------------------------

    @property
    def current_step(self) -> Step:
        return Step(max(0, self.stack.currentIndex()))

    def go_to(self, step: Step) -> None:
        self.step_list.setCurrentRow(int(step))

    def page(self, step: Step) -> StepPage:
        """The step's page, built now if it was not yet."""
        page = self.pages.get(step)
        if page is None:
            page = self._build_page(step)
        return page

    def is_built(self, step: Step) -> bool:
        return step in self.pages

    def build_pages(self, count: int | None = None) -> None:
        """Build up to ``count`` pages not built yet (all of them when None), in step order."""
        todo = [step for step in Step if step not in self.pages]
        for step in todo if count is None else todo[:count]:
            self._build_page(step)

    def _build_page(self, step: Step) -> StepPage:
        page = self._builders[step]()
        self.pages[step] = page
        placeholder = self._placeholders.pop(step)
        index = int(step)
        current = self.stack.currentIndex() == index
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        if current:
            self.stack.setCurrentIndex(index)
        self._connect_page(step, page)
        self._sync_page(step, page)
        return page

    def _connect_page(self, step: Step, page: StepPage) -> None:
        page.banner_action.connect(lambda: self.on_banner_action(step))
        d = self.__dict__  # the page's widgets (no _OnPage lookup needed: just built)
        if step is Step.SERVER_TOKEN:
            d["server_token_button"].clicked.connect(self.on_server_token_clicked)
        elif step is Step.AUTHORIZE:
            d["authorize_button"].clicked.connect(self.on_authorize_clicked)
            d["copy_deeplink_button"].clicked.connect(self.on_copy_deeplink_clicked)
            d["open_consent_button"].clicked.connect(self.on_open_consent_clicked)
            d["simulate_button"].clicked.connect(self.on_simulate_clicked)
        elif step is Step.RECEIVE:
            d["use_redirect_button"].clicked.connect(self.on_use_redirect_clicked)
            d["redirect_paste_edit"].returnPressed.connect(self.on_use_redirect_clicked)
            d["restart_button"].clicked.connect(self.on_restart_clicked)
            d["goto_exchange_button"].clicked.connect(self.on_goto_exchange_clicked)
            d["code_countdown"].expired.connect(self.on_code_countdown_expired)
        elif step is Step.EXCHANGE:
            d["exchange_button"].clicked.connect(self.on_exchange_clicked)
        elif step is Step.REFRESH:
            d["refresh_button"].clicked.connect(self.on_refresh_clicked)
            d["auto_refresh_check"].toggled.connect(self.on_auto_refresh_toggled)
            d["margin_spin"].valueChanged.connect(self.on_margin_changed)
        else:
            d["call_profile_button"].clicked.connect(self.on_call_profile_clicked)

    def _sync_page(self, step: Step, page: StepPage) -> None:
        """A page just built shows what the wizard knows already."""
        pending = self._pending_banners.pop(step, None)
        if pending is not None:
            page.show_error(*pending)
        if page.exchange is not None:
            page.exchange.set_answer(self._records.get(LABELS[step]))
            page.exchange.show_request_tab()
        if step is Step.SERVER_TOKEN:
            self._show_server_token()
        elif step is Step.RECEIVE:
            self._show_code_deadline()
        elif step in (Step.EXCHANGE, Step.REFRESH):
            self._update_token_views()
        elif step is Step.PROFILE:
            self._show_profile_result()
        self._refresh_page(step)

    def banner_text(self, step: Step) -> str:
        page = self.pages.get(step)
        if page is None:
            pending = self._pending_banners.get(step)
            return pending[0] if pending is not None else ""
        return page.banner_text()

    def _show_error(self, step: Step, text: str, action: str | None = None) -> None:
        page = self.pages.get(step)
        if page is None:
            self._pending_banners[step] = (text, action)
        else:
            page.show_error(text, action)

    def _clear_error(self, step: Step) -> None:
        page = self.pages.get(step)
        if page is None:
            self._pending_banners.pop(step, None)
        else:
            page.clear_error()

    @property
    def flow(self) -> UserFlow | None:
        return self._session.flow

    def set_auto_refresh(self, on: bool, margin: int) -> None:
        self._auto_refresh, self._margin = on, margin
        if Step.REFRESH in self.pages:
            self.margin_spin.setValue(margin)
            self.auto_refresh_check.setChecked(on)

    def auto_refresh_setting(self) -> tuple[bool, int]:
        """``(on, margin in seconds)`` of auto-refresh, as set."""
        return self._auto_refresh, self._margin

    def on_profile_changed(self) -> None:
        """A new profile (so a new client and flow) is active: clear what belonged to the old."""
        self._server_token = None
        self._server_prepared = None
        self._previews.clear()
        self._profile_result = None
        self._records.clear()
        self._shown_flow_error = None
        self._code_deadline = None
        self._pending_banners.clear()
        for status in self._status.values():
            status.done = status.error = False
        for step, page in self.pages.items():
            page.clear_error()
            if page.exchange is not None:
                page.exchange.set_answer(None)
                page.exchange.show_request_tab()
            self._reset_page(step)
        self._update_token_views()
        flow = self.flow
        self._last_event = None
        if flow is not None:
            flow.auto_refresh = self._auto_refresh
            flow.refresh_margin = float(self._margin)
        self._show_flow_status()
        self.go_to(Step.SERVER_TOKEN)
        self.refresh_view()

    def _reset_page(self, step: Step) -> None:
        """A built page back to how a new page starts (what a new profile clears)."""
        if step is Step.SERVER_TOKEN:
            self._show_server_token()
        elif step is Step.AUTHORIZE:
            self.qr.set_text("")
            self.deeplink_edit.clear()
        elif step is Step.RECEIVE:
            self.redirect_paste_edit.clear()
            self.code_countdown.set_deadline(None, 0)
        elif step is Step.REFRESH:
            self.refresh_count_label.setText(self.tr("No refresh yet."))
        elif step is Step.PROFILE:
            self._show_profile_result()

    def _show_flow_status(self) -> None:
        """The corner under the steps: the flow's state and what its last event said."""
        flow = self.flow
        event = self._last_event
        if flow is None and self._session.profile is None:
            self.flow_status.setText(
                self.tr("<b>No profile</b><br>Pick or add one under Credentials")
            )
        elif event is None or flow is None:  # (no flow yet: its profile is activated soon)
            state = flow.state if flow is not None else FlowState.IDLE
            self.flow_status.setText(
                self.tr(
                    "<b>{state}</b><br>Start with step 0, or with Authorize for a customer's token"
                ).format(state=_escape(state.label))
            )
        else:
            self.flow_status.setText(
                f"<b>{_escape(event.state.label)}</b><br>{_escape(_capital(event.message))}"
            )

    def changeEvent(self, event: QEvent) -> None:
        if i18n.is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        """The wizard's texts in the interface language now installed (the pages' titles and
        banners follow on the same event); what it computed from the flow is redrawn."""
        self._texts.apply()
        self._show_flow_status()
        self._update_token_views()
        if (
            Step.REFRESH in self.pages
            and self._profile_result is None
            and self.flow is not None
            and self.flow.tokens is None
        ):
            self.refresh_count_label.setText(self.tr("No refresh yet."))
        self._previews.clear()  # the notes under each request are words too
        self.refresh_view()

    def _retranslate_steps(self) -> None:
        for step in Step:
            item = self.step_list.item(int(step))
            if item is None:
                continue
            title, subtitle = step_title(step)
            item.setText(title)
            item.setData(_SUBTITLE_ROLE, subtitle)
            item.setToolTip(step_summary(step))

    def _retranslate_customers(self) -> None:
        for index in range(self.customer_combo.count()):
            customer_id = str(self.customer_combo.itemData(index))
            self.customer_combo.setItemData(
                index,
                self.tr("Test customer {id}").format(id=customer_id),
                Qt.ItemDataRole.ToolTipRole,
            )

    def trigger_primary(self) -> None:
        """Ctrl+Enter: do the current step's action, or go to the next step when it is done."""
        if self._session.profile is not None and self.flow is None:
            return  # its flow is being made (the services finish starting): nothing to do yet
        step = self.current_step
        button = self._primary_button(step)
        if button is not None and button.isEnabled() and not self._status[step].done:
            button.click()
            return
        if step < Step.PROFILE:
            self.go_to(Step(step + 1))
        elif button is not None and button.isEnabled():
            button.click()

    def copy_current(self) -> str:
        """Ctrl+Shift+C: copy the deeplink on step 1, else the step's request as curl (masked)."""
        step = self.current_step
        text = ""
        if step is Step.AUTHORIZE and self.deeplink_edit.text():
            text = self.deeplink_edit.text()
        elif step is Step.RECEIVE:
            text = self.receiver_label.text() if self._services.callback_url else ""
        else:
            exchange = self.page(step).exchange
            text = exchange.curl() if exchange is not None else ""
        if text:
            copy_text(text)
            self.message.emit(self.tr("Copied"))
        return text

    def _primary_button(self, step: Step) -> QPushButton | None:
        return {
            Step.SERVER_TOKEN: self.server_token_button,
            Step.AUTHORIZE: self.authorize_button,
            Step.RECEIVE: self.simulate_button if self._is_local() else self.use_redirect_button,
            Step.EXCHANGE: self.exchange_button,
            Step.REFRESH: self.refresh_button,
            Step.PROFILE: self.call_profile_button,
        }[step]

    # --- actions -------------------------------------------------------------------------------

    def _is_local(self) -> bool:
        return self._session.environment is Environment.LOCAL and self._services.sandbox is not None

    def _start(self, step: Step, coro_factory: Callable[[], Any]) -> bool:
        """Clear the step's banner and run the request, unless the gate says no."""
        if not self._bridge.request_allowed():
            coro = None
        else:
            try:
                coro = coro_factory()
            except SCBConsoleError as exc:
                self._fail(step, str(exc))
                return False
        if coro is None:
            return False
        self._clear_error(step)
        self._status[step].error = False
        self._bridge.run(coro, label=LABELS[step])
        self.refresh_view()
        return True

    def on_server_token_clicked(self) -> None:
        def make() -> Any:
            client = self._session.require_client()
            prepared = self._server_prepared
            self._server_prepared = None  # a requestUId is used once
            return client.server_token(prepared=prepared)

        self._start(Step.SERVER_TOKEN, make)

    def on_authorize_clicked(self) -> None:
        def make() -> Any:
            return self._session.require_flow().authorize()

        self._start(Step.AUTHORIZE, make)

    def on_restart_clicked(self) -> None:
        self.go_to(Step.AUTHORIZE)
        self.on_authorize_clicked()

    def on_goto_exchange_clicked(self) -> None:
        self.go_to(Step.EXCHANGE)

    def on_banner_action(self, step: Step) -> None:
        self._clear_error(step)
        self.on_restart_clicked()

    def on_copy_deeplink_clicked(self) -> None:
        if self.deeplink_edit.text():
            copy_text(self.deeplink_edit.text())
            self.message.emit(self.tr("Deeplink copied"))

    def consent_url(self) -> str | None:
        flow = self.flow
        root = self._services.sandbox_root_url
        if flow is None or root is None or flow.authorize_result is None:
            return None
        login_id = flow.authorize_result.login_id
        return f"{root}/_sandbox/easy/login/{login_id}" if login_id else None

    def set_lan_root_url(self, root_url: str | None) -> None:
        """Phone demo (LAN mode) on (the sandbox's LAN root URL) or off (None)."""
        self._lan_root_url = root_url
        self.refresh_view()

    def qr_text(self) -> str:
        """What the QR code encodes: the deeplink, or in LAN mode (local sandbox only) the
        consent page on the LAN address, for a phone in the room."""
        flow = self.flow
        result = flow.authorize_result if flow is not None else None
        if result is None:
            return ""
        root = self._lan_root_url
        if root is not None and self._is_local() and result.login_id:
            return f"{root}/_sandbox/easy/login/{result.login_id}"
        return result.deeplink

    def on_open_consent_clicked(self) -> None:
        url = self.consent_url()
        if url:
            self.open_url(QUrl(url))

    def on_simulate_clicked(self) -> None:
        customer_id = str(self.customer_combo.currentData() or "")

        def make() -> Any:
            return self._simulate_approval(customer_id)

        self._start(Step.RECEIVE, make)

    async def _simulate_approval(self, customer_id: str) -> str:
        """Approve as a test customer; the redirect goes to the receiver (or into the flow)."""
        flow = self._session.require_flow()
        root = self._services.sandbox_root_url
        result = flow.authorize_result
        if root is None or result is None or result.login_id is None:
            raise RedirectError(
                self.tr("nothing to approve: get an authorize link from the local sandbox")
            )
        import httpx

        from scb_console.sandbox.defaults import DEMO_CUSTOMERS

        pin = next((c.pin for c in DEMO_CUSTOMERS if c.id == customer_id), "")
        http = self._services.http
        url = f"{root}/_sandbox/logins/{result.login_id}/approve"
        try:
            response = await http.post(url, json={"customerId": customer_id, "pin": pin})
        except httpx.HTTPError as exc:
            raise TransportError(
                self.tr("the sandbox did not answer the approval: {error}").format(error=exc),
                url=url,
            ) from None
        if response.status_code != 200:
            raise RedirectError(
                self.tr("the sandbox refused the approval (HTTP {status}): {text}").format(
                    status=response.status_code, text=response.text[:200]
                )
            )
        try:
            redirect_url = str(response.json()["redirectUrl"])
        except (ValueError, KeyError, TypeError):
            raise RedirectError(
                self.tr("the sandbox's approval answer has no redirectUrl")
            ) from None
        callback = self._services.callback_url
        receiver = self._services.receiver
        if receiver is not None and callback and redirect_url.startswith(callback):
            # the real path: the browser's GET of the redirect lands on the loopback receiver
            try:
                answer = await http.get(redirect_url)
            except httpx.HTTPError as exc:
                raise TransportError(
                    self.tr("the loopback receiver did not answer: {error}").format(error=exc),
                    url=callback,
                ) from None
            if flow.state is not FlowState.CODE_RECEIVED and answer.status_code >= 400:
                raise RedirectError(
                    self.tr("the receiver refused the redirect (HTTP {status})").format(
                        status=answer.status_code
                    )
                )
        else:
            flow.accept_text(redirect_url)
        return redirect_url

    def on_redirect(self, params: RedirectParams) -> None:
        """The loopback receiver's callback: hand the redirect to the flow."""
        flow = self.flow
        if flow is None:
            return
        try:
            flow.accept_redirect(params)
        except SCBConsoleError as exc:
            self._fail(Step.RECEIVE, str(exc))

    def on_use_redirect_clicked(self) -> None:
        text = self.redirect_paste_edit.text()
        flow = self.flow
        if flow is None:
            self._fail(Step.RECEIVE, self.tr("No profile is selected"))
            return
        self._clear_error(Step.RECEIVE)
        try:
            flow.accept_text(text)
        except SCBConsoleError as exc:
            self._fail(Step.RECEIVE, str(exc))
            return
        self.redirect_paste_edit.clear()

    def on_exchange_clicked(self) -> None:
        def make() -> Any:
            return self._session.require_flow().exchange()

        self._start(Step.EXCHANGE, make)

    def on_refresh_clicked(self) -> None:
        def make() -> Any:
            return self._session.require_flow().refresh()

        self._start(Step.REFRESH, make)

    def on_call_profile_clicked(self) -> None:
        def make() -> Any:
            flow = self._session.require_flow()
            tokens = flow.tokens
            if tokens is None:
                raise RedirectError(self.tr("no user token yet: walk steps 1 to 3 first"))
            return self._session.require_client().customer_profile(tokens)

        self._start(Step.PROFILE, make)

    def on_auto_refresh_toggled(self, on: bool) -> None:
        self._auto_refresh = on
        flow = self.flow
        if flow is not None:
            flow.auto_refresh = on
            flow.refresh_margin = float(self._margin)
        self.margin_spin.setEnabled(True)
        self.auto_refresh_changed.emit()

    def on_margin_changed(self, value: int) -> None:
        self._margin = value
        flow = self.flow
        if flow is not None:
            flow.refresh_margin = float(value)
        self.auto_refresh_changed.emit()

    # --- engine events -------------------------------------------------------------------------

    def _fail(self, step: Step, text: str, action: str | None = None) -> None:
        self._status[step].error = True
        self._show_error(step, text, action)
        self.message.emit(text)
        self._update_step_list()

    def on_task_started(self, label: str) -> None:
        self.refresh_view()

    def on_task_cancelled(self, label: str) -> None:
        self.refresh_view()

    def on_task_failed(self, label: str, message: str) -> None:
        step = _STEP_OF_LABEL.get(label)
        if step is None:
            return
        flow = self.flow
        shown = self._shown_flow_error
        if (
            flow is not None
            and shown is not None
            and str(shown) == message
            and self.banner_text(step)  # (a new click cleared it: then say it again)
        ):
            self.refresh_view()  # the flow's event already explained it, at more length
            return
        # a failed approval or redirect, or a dead refresh token, is mended by a new sign-in
        dead = step is Step.REFRESH and flow is not None and flow.state is FlowState.REFRESH_EXPIRED
        self._fail(
            step, message, self.tr("Authorize again") if step is Step.RECEIVE or dead else None
        )
        self.refresh_view()

    def on_task_succeeded(self, label: str, result: object) -> None:
        step = _STEP_OF_LABEL.get(label)
        if step is None:
            return
        self._status[step].done = True
        if step is Step.SERVER_TOKEN and isinstance(result, TokenSet):
            self._server_token = result
            self._show_server_token()
        elif step is Step.PROFILE and isinstance(result, CustomerProfile):
            self._profile_result = result
            self._show_profile_result()
        self.refresh_view()

    def _show_server_token(self) -> None:
        """The server token page's facts (when it is built): the last server token or none."""
        if Step.SERVER_TOKEN not in self.pages:
            return
        result = self._server_token
        if result is None:
            for label in (self.server_token_value, self.server_type_value, self.server_uid_value):
                label.setText("—")
            self.server_token_countdown.set_deadline(None, 0)
            return
        self.server_token_value.setText(mask(result.access_token))
        self.server_type_value.setText(
            self.tr("{type} · expiresIn {seconds} s ({duration})").format(
                type=result.token_type,
                seconds=result.expires_in,
                duration=format_remaining(result.expires_in),
            )
        )
        self.server_uid_value.setText(result.request_uid)
        self.server_token_countdown.set_deadline(
            result.access_deadline, result.expires_in, self._clock
        )

    def _show_profile_result(self) -> None:
        """The customer profile page's facts (when it is built): the last answer or none."""
        if Step.PROFILE not in self.pages:
            return
        result = self._profile_result
        if result is None:
            self.thai_name_label.setText("—")
            self.english_name_label.setText("—")
            for label in self.profile_form_labels.values():
                label.setText("—")
            self.profile_details.setText("")
            return
        self.thai_name_label.setText(result.thai_name or "—")
        self.english_name_label.setText(result.english_name or "—")
        for key, field_label in self.profile_form_labels.items():
            value = result.raw.get(key)
            text = value if isinstance(value, str) and value else "—"
            if key == "citizenID" and text != "—":
                text = mask(text)  # personal data: enough to tell customers apart
            field_label.setText(text)
        self.profile_details.setText(
            self.tr("requestUId {uid}. The full answer (masked) is under Answer.").format(
                uid=result.request_uid
            )
        )

    def _show_code_deadline(self) -> None:
        """The code ring (when its page is built): the received code's deadline or none."""
        if Step.RECEIVE not in self.pages:
            return
        deadline = self._code_deadline
        if deadline is None:
            self.code_countdown.set_deadline(None, 0)
        else:
            self.code_countdown.set_deadline(deadline, contract.CODE_TTL, self._clock)

    def on_exchange_recorded(self, record: ExchangeRecord) -> None:
        profile = self._session.profile
        if profile is not None and record.profile_name != profile.name:
            return
        self._records[record.step] = record
        for step, page in self.pages.items():
            if LABELS[step] == record.step and page.exchange is not None:
                page.exchange.set_answer(record)
        if record.step == LABELS[Step.SERVER_TOKEN]:
            self._server_prepared = None
        self._refresh_previews()

    def on_flow_changed(self, event: FlowEvent) -> None:
        flow = self.flow
        state = event.state
        self._last_event = event
        self._show_flow_status()
        if state is FlowState.AWAITING_CONSENT:
            for step in (Step.AUTHORIZE, Step.RECEIVE, Step.EXCHANGE):
                self._clear_error(step)
                self._status[step].error = False
            self._status[Step.AUTHORIZE].done = True
            for step in (Step.RECEIVE, Step.EXCHANGE):
                self._status[step].done = False
            self._arm_receiver()
        elif state is FlowState.CODE_RECEIVED:
            self._clear_error(Step.RECEIVE)
            self._clear_error(Step.EXCHANGE)
            self._status[Step.RECEIVE].done = True
            self._status[Step.RECEIVE].error = False
            if flow is not None and flow.code_deadline is not None:
                deadline = flow.code_deadline
                self._code_deadline = deadline
                self._show_code_deadline()
                self.code_window.emit(
                    self.tr("code {code}").format(code=mask(flow.code or "")),
                    deadline.at - contract.CODE_TTL,
                    deadline.at,
                )
            if self.current_step in (Step.AUTHORIZE, Step.RECEIVE):
                self.go_to(Step.RECEIVE)
        elif state is FlowState.CODE_EXPIRED:
            if Step.RECEIVE in self.pages:
                self.code_countdown.update_from(self._clock)
            self._status[Step.RECEIVE].done = False
            text = (
                self.tr("Code expired: start again at step 1.")
                if event.previous is FlowState.CODE_RECEIVED
                else f"{_capital(event.message)}"
            )
            self._shown_flow_error = event.error
            for step in (Step.RECEIVE, Step.EXCHANGE):
                self._status[step].error = True
                self._show_error(step, text, self.tr("Start again at step 1"))
        elif state is FlowState.AUTHORIZED:
            self._status[Step.EXCHANGE].done = True
            self._clear_error(Step.EXCHANGE)
            self._status[Step.EXCHANGE].error = False
            if event.previous is FlowState.REFRESHING:
                self._status[Step.REFRESH].done = True
            if event.error is not None:  # a failed refresh that kept the tokens
                self._shown_flow_error = event.error
                self._fail(Step.REFRESH, _capital(event.message))
            else:
                self._clear_error(Step.REFRESH)
                self._status[Step.REFRESH].error = False
            self._update_token_views()
            if self.current_step in (Step.RECEIVE, Step.EXCHANGE) and (
                event.previous is FlowState.EXCHANGING
            ):
                self.go_to(Step.EXCHANGE)
        elif state in (FlowState.TOKEN_EXPIRED, FlowState.REFRESH_EXPIRED):
            self._update_token_views()
            action = self.tr("Authorize again") if state is FlowState.REFRESH_EXPIRED else None
            self._shown_flow_error = event.error
            self._fail(Step.REFRESH, _capital(event.message), action)
        elif state is FlowState.DENIED:
            self._shown_flow_error = event.error
            self._fail(Step.RECEIVE, _capital(event.message), self.tr("Authorize again"))
        elif state is FlowState.FAILED:
            self._shown_flow_error = event.error
            step = Step.EXCHANGE if event.previous is FlowState.EXCHANGING else Step.AUTHORIZE
            self._fail(step, _capital(event.message))
        elif state in (FlowState.IDLE, FlowState.CANCELLED):
            self._code_deadline = None
            self._show_code_deadline()
        self.refresh_view()

    def _arm_receiver(self) -> None:
        receiver = self._services.receiver
        flow = self.flow
        if receiver is None or flow is None:
            return
        try:
            receiver.arm(flow.expected_state, self.on_redirect)
        except Exception as exc:  # the receiver is a convenience: pasting still works
            log.warning("could not arm the redirect receiver: %s", exc)
            self._fail(
                Step.RECEIVE,
                self.tr(
                    "The loopback receiver is not listening ({error}); paste the redirect"
                ).format(error=exc),
            )

    def on_code_countdown_expired(self) -> None:
        flow = self.flow
        if flow is not None:
            flow.tick()

    def on_step_selected(self, row: int) -> None:
        if row < 0:
            return
        self.page(Step(row))
        self.stack.setCurrentIndex(row)
        self._refresh_previews()
        self.step_changed.emit(row)

    def on_tick(self) -> None:
        """The shared 1 Hz tick: advance the flow's deadlines and every countdown on screen."""
        flow = self.flow
        if flow is not None:
            flow.tick()
        pages = self.pages
        countdowns: list[CountdownWidget | CountdownBar] = []
        if Step.RECEIVE in pages:
            countdowns.append(self.code_countdown)
        if Step.SERVER_TOKEN in pages:
            countdowns.append(self.server_token_countdown)
        if Step.EXCHANGE in pages:
            countdowns += (self.access_countdown, self.refresh_countdown)
        if Step.REFRESH in pages:
            countdowns += (self.refresh_access_countdown, self.refresh_refresh_countdown)
        for countdown in countdowns:
            countdown.update_from(self._clock)

    # --- views ---------------------------------------------------------------------------------

    def _update_token_views(self) -> None:
        """The user tokens on the Exchange and Refresh pages (those built)."""
        flow = self.flow
        tokens = flow.tokens if flow is not None else None
        exchange, refresh_page = Step.EXCHANGE in self.pages, Step.REFRESH in self.pages
        bars: list[tuple[CountdownBar, CountdownBar]] = []
        labels: list[QLabel] = []
        if exchange:
            bars.append((self.access_countdown, self.refresh_countdown))
            labels += (self.access_value, self.refresh_value, self.owner_value)
        if refresh_page:
            bars.append((self.refresh_access_countdown, self.refresh_refresh_countdown))
            labels.append(self.refresh_access_value)
        if tokens is None:
            for access, refresh in bars:
                access.set_deadline(None, 0)
                refresh.set_deadline(None, 0)
            for label in labels:
                label.setText("—")
            return
        for access, refresh in bars:
            access.set_deadline(tokens.access_deadline, tokens.expires_in, self._clock)
            refresh.set_deadline(
                tokens.refresh_deadline, tokens.refresh_expires_in or 0, self._clock
            )
        access_text = f"{mask(tokens.access_token)} · {tokens.token_type}"
        if exchange:
            self.access_value.setText(access_text)
            self.refresh_value.setText(mask(tokens.refresh_token) if tokens.refresh_token else "—")
            self.owner_value.setText(tokens.resource_owner_id or "—")
        if not refresh_page:
            return
        self.refresh_access_value.setText(access_text)
        history = flow.history if flow is not None else ()
        refreshes = sum(1 for t in history if t.replaces is not None)
        if refreshes:
            text = (
                self.tr("{count} refreshes so far; the last replaced token {uid}")
                if refreshes != 1
                else self.tr("1 refresh so far; the last replaced token {uid}")
            )
            self.refresh_count_label.setText(
                text.format(count=refreshes, uid=tokens.replaces or "—")
            )

    def refresh_view(self) -> None:
        """Enable what can be done now; show the flow's facts on each page (built)."""
        for step in list(self.pages):
            self._refresh_page(step)
        self._update_step_list()
        self._refresh_previews()

    def _refresh_page(self, step: Step) -> None:
        """What :meth:`refresh_view` shows on the page of ``step`` (which is built)."""
        flow = self.flow
        has_client = self._session.client is not None
        state = flow.state if flow is not None else FlowState.IDLE
        busy = state.busy
        running = self._bridge.running
        code = flow.code if flow is not None else None
        tokens = flow.tokens if flow is not None else None
        if step is Step.SERVER_TOKEN:
            self.server_token_button.setEnabled(
                has_client and not running(LABELS[Step.SERVER_TOKEN])
            )
        elif step is Step.AUTHORIZE:
            self.authorize_button.setEnabled(
                has_client and not busy and not running(LABELS[Step.AUTHORIZE])
            )
            result = flow.authorize_result if flow is not None else None
            deeplink = result.deeplink if result is not None else ""
            if self.deeplink_edit.text() != deeplink:
                self.deeplink_edit.setText(deeplink)
                self.deeplink_edit.setCursorPosition(0)
            qr_text = self.qr_text()
            if self.qr.text() != qr_text:
                self.qr.set_text(qr_text)
            lan_qr = bool(qr_text) and qr_text != deeplink
            if lan_qr:
                where = _escape(qr_text.split("/")[2])
                self.lan_qr_note.setText(
                    self.tr(
                        "<b>Phone demo (LAN mode)</b>: a phone on this network scans this code "
                        "and opens the consent page on <b>{where}</b>.<br>The deeplink below is "
                        "what SCB Easy would open."
                    ).format(where=where)
                )
                self.lan_qr_note.setToolTip(qr_text)
                self.lan_qr_note.setAccessibleName(
                    self.tr("Phone demo: the QR code opens {url}").format(url=qr_text)
                )
            self.lan_qr_note.setVisible(lan_qr)
            self.copy_deeplink_button.setEnabled(bool(deeplink))
            local = self._is_local()
            self.sandbox_box.setVisible(local)
            awaiting = state is FlowState.AWAITING_CONSENT
            self.open_consent_button.setEnabled(
                local and awaiting and self.consent_url() is not None
            )
            self.simulate_button.setEnabled(
                local and awaiting and not running(LABELS[Step.RECEIVE])
            )
            self.customer_combo.setEnabled(local and awaiting)
        elif step is Step.RECEIVE:
            callback = self._services.callback_url
            if callback:
                self.receiver_label.setText(callback)
            else:
                problem = self._services.receiver_problem or self.tr("not listening")
                self.receiver_label.setText(
                    self.tr("— ({problem}: paste the redirect)").format(problem=problem)
                )
            expected = flow.expected_state if flow is not None else None
            self.expected_state_label.setText(expected or "—")
            self.code_label.setText(mask(code) if code else "—")
            self.use_redirect_button.setEnabled(flow is not None and not busy)
            self.redirect_paste_edit.setEnabled(flow is not None and not busy)
            self.receive_status.setText(_receive_status(state))
            expired = state is FlowState.CODE_EXPIRED
            self.restart_button.setVisible(expired or state is FlowState.DENIED)
            self.goto_exchange_button.setVisible(state is FlowState.CODE_RECEIVED)
        elif step is Step.EXCHANGE:
            if code:
                self.exchange_code_label.setText(mask(code))
            elif flow is not None and flow.tokens is not None:
                self.exchange_code_label.setText(self.tr("— (spent: a code is single use)"))
            else:
                self.exchange_code_label.setText(self.tr("— (receive one in step 2)"))
            can_exchange = code is not None and state in (
                FlowState.CODE_RECEIVED,
                FlowState.FAILED,
            )
            self.exchange_button.setEnabled(can_exchange and not busy)
        elif step is Step.REFRESH:
            self.refresh_button.setEnabled(
                tokens is not None and tokens.refresh_token is not None and not busy
            )
        else:
            self.call_profile_button.setEnabled(
                tokens is not None and not running(LABELS[Step.PROFILE])
            )

    def _update_step_list(self) -> None:
        dark = theme.is_dark(self.palette())
        accent = QColor("#1f6feb" if dark else "#0969da")
        done = theme.status_color(theme.TokenStatus.VALID, dark)
        error = theme.error_color(dark)
        muted = theme.muted_color(dark)
        current = self.current_step
        for step in Step:
            status = self._status[step]
            item = self.step_list.item(int(step))
            if item is None:
                continue
            if status.error:
                colour, filled, check = error, True, False
            elif status.done:
                colour, filled, check = done, True, True
            elif step == current:
                colour, filled, check = accent, True, False
            else:
                colour, filled, check = muted, False, False
            title = step_title(step)[0]
            state = (
                self.tr("failed")
                if status.error
                else self.tr("done")
                if status.done
                else self.tr("to do")
            )
            text = self.tr("Step {number}: {title}, {state}").format(
                number=int(step), title=title, state=state
            )
            icon_key = (int(step), colour.name(), filled, check)
            if self._step_rows.get(step) == (icon_key, text):
                continue
            self._step_rows[step] = (icon_key, text)
            item.setIcon(_step_icon(int(step), colour, filled=filled, check=check))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text)

    def _refresh_previews(self) -> None:
        """Show what the visible step will send, built from the active client (no I/O).

        A preview is rebuilt only when what it is built from changes (the client, the code, the
        tokens), so its requestUId does not change under the reader's eyes.
        """
        step = self.current_step
        page = self.pages.get(step)
        if page is None or page.exchange is None:
            return
        client = self._session.client
        flow = self.flow
        if client is None:
            if self._session.profile is not None:  # its client is made in a moment
                page.exchange.set_request(None, " ")
            else:
                page.exchange.set_request(None, self.tr("Select a profile first."))
            return
        note = self.tr("Secrets are masked. Each request is sent with a fresh requestUId.")
        tokens = flow.tokens if flow is not None else None
        code = flow.code if flow is not None else None
        expected = flow.expected_state if flow is not None else None
        build: Callable[[], Any]
        if step is Step.SERVER_TOKEN:
            key: tuple[object, ...] = (id(client), id(self._server_prepared))
            note = self.tr("Exactly this request (this requestUId) is sent. Secrets are masked.")

            def build() -> Any:
                if self._server_prepared is None:
                    self._server_prepared = client.prepare_server_token()
                return self._server_prepared

        elif step is Step.AUTHORIZE:
            key = (id(client),)
            note = self.tr("A fresh random state is sent, and must come back on the redirect.")

            def build() -> Any:
                return client.prepare_authorize(state="<fresh random state>")

        elif step is Step.EXCHANGE:
            if code is None:
                page.exchange.set_request(None, self.tr("Needs an authorization code (step 2)."))
                return
            key = (id(client), code, expected)

            def build() -> Any:
                return client.prepare_exchange_code(code, state=expected)

        elif step is Step.REFRESH:
            if tokens is None or tokens.refresh_token is None:
                page.exchange.set_request(None, self.tr("Needs a refresh token (step 3)."))
                return
            refresh_token = tokens.refresh_token
            key = (id(client), refresh_token)

            def build() -> Any:
                return client.prepare_refresh(refresh_token)

        else:
            if tokens is None:
                page.exchange.set_request(None, self.tr("Needs a user access token (step 3)."))
                return
            user_tokens = tokens
            key = (id(client), tokens.request_uid, tokens.access_token)

            def build() -> Any:
                return client.prepare_customer_profile(user_tokens)

        cached = self._previews.get(step)
        if cached is not None and cached[0] == key:
            page.exchange.set_request(cached[1], note)
            return
        try:
            prepared = build()
        except SCBConsoleError as exc:
            page.exchange.set_request(
                None, self.tr("Cannot build the request: {error}").format(error=exc)
            )
            return
        self._previews[step] = (key, prepared)
        page.exchange.set_request(prepared, note)


def _receive_status(state: FlowState) -> str:
    exchanged = translate("FlowWizard", "The code was exchanged for tokens.")
    return {
        FlowState.IDLE: translate("FlowWizard", "Waiting for authorize (step 1)."),
        FlowState.AWAITING_CONSENT: translate(
            "FlowWizard", "Waiting for the customer to approve in SCB Easy…"
        ),
        FlowState.CODE_RECEIVED: translate(
            "FlowWizard", "Code received. Exchange it before the ring runs out."
        ),
        FlowState.EXCHANGING: translate("FlowWizard", "Exchanging the code…"),
        FlowState.AUTHORIZED: exchanged,
        FlowState.REFRESHING: exchanged,
        FlowState.CODE_EXPIRED: translate("FlowWizard", "Code expired, start again at step 1."),
        FlowState.DENIED: translate(
            "FlowWizard", "The customer denied the request: authorize again."
        ),
        FlowState.FAILED: translate(
            "FlowWizard", "The last request failed: see the message above."
        ),
        FlowState.CANCELLED: translate("FlowWizard", "Cancelled."),
        FlowState.TOKEN_EXPIRED: exchanged,
        FlowState.REFRESH_EXPIRED: translate(
            "FlowWizard", "The refresh token is dead: authorize again."
        ),
    }.get(state, "")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
