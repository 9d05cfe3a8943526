"""The Token check tab: support staff paste what a partner sent and see what is wrong.

What was pasted (an access token, a token response JSON, or a HAR file, pasted, dropped or
opened) is kept in memory only and shown **masked** (:func:`scb_console.core.masking.mask_text`);
no widget ever holds a token in full. :func:`scb_console.core.tokencheck.check_input` judges it;
the verdicts are shown as a list of cards (an icon and a colour per level), and the auth calls of a
HAR as a table with the failing ones highlighted.

"Call the profile API" sends the customer profile call with the token through the active profile's
client, only where that profile's environment is the one the token came from (the HAR says where;
for a pasted token the user confirms it), and asks the window's request gate first (production).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPen,
    QPixmap,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from scb_console.core.client import SCBClient
from scb_console.core.clock import Clock
from scb_console.core.errors import InputError, SCBConsoleError
from scb_console.core.har import MAX_HAR_BYTES
from scb_console.core.masking import mask, mask_text
from scb_console.core.models import TokenKind
from scb_console.core.tokencheck import (
    CheckResult,
    FlowRow,
    InputKind,
    Level,
    TokenFacts,
    Verdict,
    check_input,
    describe_base,
    detect_kind,
    format_utc,
    live_check,
    live_check_refusal,
)
from scb_console.ui import i18n, theme
from scb_console.ui.bridge import EngineBridge
from scb_console.ui.i18n import QT_TRANSLATE_NOOP

#: The bridge label of the live check task.
LIVE_LABEL: Final = "token_check_live"
#: The bridge label of a check run on a worker thread.
CHECK_LABEL: Final = "token_check"
#: Input larger than this is judged on a worker thread.
BACKGROUND_BYTES: Final = 1024 * 1024
#: At most this many verdict cards are shown (the rest are counted).
MAX_CARDS: Final = 200
#: How much of a pasted JSON is shown (masked) in the input area.
PREVIEW_CHARS: Final = 20_000

ClientProvider = Callable[[], SCBClient | None]

#: The flow table's column titles (English, marked for translation: shown translated).
_FLOW_HEADERS: Final = (
    "#",
    QT_TRANSLATE_NOOP("TokenCheckPanel", "Time (UTC)"),
    QT_TRANSLATE_NOOP("TokenCheckPanel", "Step"),
    "HTTP",
    QT_TRANSLATE_NOOP("TokenCheckPanel", "SCB code"),
    "requestUId",
    QT_TRANSLATE_NOOP("TokenCheckPanel", "Took"),
    QT_TRANSLATE_NOOP("TokenCheckPanel", "Host"),
    QT_TRANSLATE_NOOP("TokenCheckPanel", "What went wrong"),
)


def level_color(level: Level, dark: bool = False) -> QColor:
    if level is Level.ERROR:
        return theme.error_color(dark)
    if level is Level.WARN:
        return theme.warning_color(dark)
    return theme.status_color(theme.TokenStatus.VALID, dark)


def level_icon(level: Level, size: int = 20, dark: bool = False) -> QIcon:
    """A filled circle in the level's colour with a white check, exclamation mark or cross."""
    ratio = 2.0
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(level_color(level, dark))
    painter.drawEllipse(QRectF(0.5, 0.5, size - 1.0, size - 1.0))
    pen = QPen(QColor("#ffffff"), max(1.6, size / 9.0))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    s = float(size)
    if level is Level.OK:
        painter.drawPolyline(
            [QPointF(s * 0.28, s * 0.52), QPointF(s * 0.44, s * 0.67), QPointF(s * 0.72, s * 0.36)]
        )
    elif level is Level.WARN:
        painter.drawLine(QPointF(s * 0.5, s * 0.27), QPointF(s * 0.5, s * 0.58))
        painter.drawPoint(QPointF(s * 0.5, s * 0.74))
    else:
        painter.drawLine(QPointF(s * 0.33, s * 0.33), QPointF(s * 0.67, s * 0.67))
        painter.drawLine(QPointF(s * 0.67, s * 0.33), QPointF(s * 0.33, s * 0.67))
    painter.end()
    return QIcon(pixmap)


_LEVEL_WORDS: Final = {
    Level.OK: QT_TRANSLATE_NOOP("TokenCheckPanel", "OK"),
    Level.WARN: QT_TRANSLATE_NOOP("TokenCheckPanel", "Warning"),
    Level.ERROR: QT_TRANSLATE_NOOP("TokenCheckPanel", "Problem"),
}


def _tr(text: str) -> str:
    """A text of the tables above in the interface language."""
    return QCoreApplication.translate("TokenCheckPanel", text)


class VerdictCard(QFrame):
    """One verdict: an icon, a bold title, the detail, and the requestUId (selectable)."""

    def __init__(self, verdict: Verdict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verdict = verdict
        self.setObjectName(f"verdict_{verdict.level.value}")
        self.setProperty("level", verdict.level.value)
        self._uid: QLabel | None = None
        icon = QLabel(self)
        self._icon = icon
        icon.setObjectName("verdictIcon")
        icon.setFixedSize(20, 20)
        icon.setAccessibleName(_tr(_LEVEL_WORDS[verdict.level]))
        title = QLabel(verdict.title, self)
        title.setObjectName("verdictTitle")
        title.setWordWrap(True)
        font = title.font()
        font.setWeight(QFont.Weight.DemiBold)
        title.setFont(font)
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(title)
        if verdict.detail:
            detail = QLabel(verdict.detail, self)
            detail.setObjectName("verdictDetail")
            detail.setWordWrap(True)
            detail.setTextFormat(Qt.TextFormat.PlainText)
            detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.addWidget(detail)
        if verdict.request_uid:
            uid = QLabel(f"requestUId {verdict.request_uid}", self)
            uid.setObjectName("verdictRequestUid")
            uid.setFont(theme.monospace_font(max(7.0, self.font().pointSizeF() - 1)))
            uid.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.addWidget(uid)
            self._uid = uid
        self._apply_colours(theme.is_dark(self.palette()))
        theme.follow(self, self._apply_colours)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 8, 10, 8)
        row.setSpacing(10)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        self.setAccessibleName(f"{_tr(_LEVEL_WORDS[verdict.level])}: {verdict.title}")
        self.setToolTip(verdict.detail)

    def _apply_colours(self, dark: bool) -> None:
        """The level's colour on the card's border, its tint, the icon; the requestUId muted."""
        level = self.verdict.level
        colour = level_color(level, dark)
        alpha = 0.08 if level is not Level.OK else 0.0
        border = "#30363d" if dark else "#d0d7de"
        self.setStyleSheet(
            f"QFrame#{self.objectName()} {{ border: 1px solid {border}; border-left: 4px solid "
            f"{colour.name()}; border-radius: 6px; background-color: "
            f"rgba({colour.red()}, {colour.green()}, {colour.blue()}, {alpha:.2f}); }}"
        )
        self._icon.setPixmap(level_icon(level, 18, dark).pixmap(18, 18))
        if self._uid is not None:
            self._uid.setStyleSheet(f"color: {theme.muted_color(dark).name()};")


class VerdictList(QScrollArea):
    """The verdicts as cards, errors first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictList")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._inner = QWidget()
        self._inner.setObjectName("verdictListInner")
        self._layout = QVBoxLayout(self._inner)
        self._layout.setContentsMargins(0, 0, 4, 0)
        self._layout.setSpacing(6)
        self._placeholder = QLabel(
            self.tr("Paste (Ctrl+V) or open what the partner sent: the verdicts appear here."),
            self._inner,
        )
        self._placeholder.setObjectName("verdictPlaceholder")
        self._placeholder.setWordWrap(True)
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.styled(self._placeholder, lambda dark: f"color: {theme.muted_color(dark).name()};")
        self._layout.addWidget(self._placeholder)
        self._layout.addStretch(1)
        self.setWidget(self._inner)
        self._verdicts: list[Verdict] = []
        self._pinned: list[Verdict] = []

    def changeEvent(self, event: QEvent) -> None:
        if i18n.is_language_change(event):
            self._placeholder.setText(
                self.tr("Paste (Ctrl+V) or open what the partner sent: the verdicts appear here.")
            )
        super().changeEvent(event)

    @property
    def verdicts(self) -> list[Verdict]:
        """What is shown, in order: pinned live checks, then errors, warnings, what is fine."""
        return [*self._pinned, *self._verdicts]

    def cards(self) -> list[VerdictCard]:
        return self._inner.findChildren(VerdictCard)

    def set_verdicts(self, verdicts: list[Verdict]) -> None:
        """Show ``verdicts``, errors first (and forget what :meth:`prepend` pinned)."""
        self._pinned = []
        self._verdicts = sorted(verdicts, key=lambda v: v.level.rank)
        self._render()

    def prepend(self, verdict: Verdict) -> None:
        """Pin ``verdict`` (a live check's) above the others, whatever its level."""
        self._pinned.insert(0, verdict)
        self._render()

    def _render(self) -> None:
        for card in self.cards():
            card.setParent(None)
            card.deleteLater()
        for extra in self._inner.findChildren(QLabel, "verdictMore"):
            extra.setParent(None)
            extra.deleteLater()
        shown = [*self._pinned, *self._verdicts]
        self._placeholder.setVisible(not shown)
        index = 1  # after the placeholder
        for verdict in shown[:MAX_CARDS]:
            self._layout.insertWidget(index, VerdictCard(verdict, self._inner))
            index += 1
        if len(shown) > MAX_CARDS:
            more = QLabel(
                self.tr("… and {count} more").format(count=len(shown) - MAX_CARDS), self._inner
            )
            more.setObjectName("verdictMore")
            self._layout.insertWidget(index, more)
        for card in self.cards():
            card.show()
        self._layout.activate()  # lay the cards out now, not on the next pass
        self.verticalScrollBar().setValue(0)


class PasteArea(QPlainTextEdit):
    """Where the partner's text goes: it takes a paste or a drop, keeps it, and shows it masked.

    The widget never holds the text as given: it shows :meth:`preview` of it.
    """

    #: Text was pasted or dropped (the raw text is in :attr:`raw`).
    text_received = Signal()
    #: A file was dropped (its path).
    file_dropped = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tokenCheckInput")
        self.setReadOnly(True)
        self.setAcceptDrops(True)
        self.setProperty("code", True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self._set_texts()
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        #: The last text pasted or dropped, until the panel takes it.
        self.raw = ""

    def _set_texts(self) -> None:
        self.setPlaceholderText(
            self.tr(
                "Paste here (Ctrl+V): an access token, a token response JSON (SCB's whole answer "
                "or its data), or a HAR file's text; or drop or open a .har / .json file. What "
                "you paste is shown masked and kept only in memory."
            )
        )
        self.setAccessibleName(self.tr("What the partner sent (shown masked)"))

    def changeEvent(self, event: QEvent) -> None:
        if i18n.is_language_change(event):
            self._set_texts()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_clipboard()
            event.accept()
            return
        super().keyPressEvent(event)

    def paste_clipboard(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None:
            self._take(mime)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasText() or source.hasUrls()

    def insertFromMimeData(self, source: QMimeData) -> None:
        self._take(source)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime is not None and (mime.hasText() or mime.hasUrls()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: Any) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if mime is not None:
            self._take(mime)
            event.acceptProposedAction()

    def _take(self, mime: QMimeData) -> None:
        if mime.hasUrls():
            local = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
            if local:
                self.file_dropped.emit(local[0])
                return
        if mime.hasText():
            self.raw = mime.text()
            self.text_received.emit()


#: JSON keys whose string values are never secrets (kept readable in the preview).
_SAFE_KEYS: Final = frozenset({"tokenType", "description", "callbackUrl", "status", "code"})
#: A run of characters that may be a token (masked in a preview of JSON that cannot be read).
_TOKENISH: Final = re.compile(r"[A-Za-z0-9._~+/=-]{16,}")


def _mask_strings(value: Any, key: str = "") -> Any:
    """A copy of decoded JSON with every string that could be a token masked."""
    if isinstance(value, dict):
        return {k: _mask_strings(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask_strings(item, key) for item in value]
    if isinstance(value, str) and key not in _SAFE_KEYS and len(value) >= 16:
        return mask(value)
    return value


def _preview(text: str, kind: InputKind) -> str:
    """What the input area shows for ``text``: masked, and short."""
    if kind is InputKind.TOKEN:
        value = text.strip()
        scheme, sep, rest = value.partition(" ")
        if sep and scheme.lower() in ("bearer", "authorization:"):
            return f"{scheme} {mask(rest.strip())}"
        return mask(value)
    if kind is InputKind.HAR:
        return (
            f"HAR text · {len(text):,} characters\n(contents not shown: they hold tokens; the "
            "verdicts below show them masked)"
        )
    try:
        if len(text) > PREVIEW_CHARS:
            raise ValueError("too long to pretty-print")
        decoded = json.loads(text)
        shown = json.dumps(_mask_strings(decoded), indent=2, ensure_ascii=False)
    except (ValueError, RecursionError):
        shown = _TOKENISH.sub(lambda m: mask(m.group(0)), mask_text(text[:PREVIEW_CHARS]))
    if len(text) > PREVIEW_CHARS:
        shown += f"\n… ({len(text) - PREVIEW_CHARS:,} more characters not shown)"
    return shown


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _checked(raw: str | bytes, clock: Clock, owner: str, name: str) -> CheckResult | str:
    """check_input's result, or its one-line error message (safe to run on a worker thread)."""
    try:
        return check_input(raw, clock=clock, resource_owner_id=owner, name=name)
    except SCBConsoleError as exc:
        return str(exc)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _counts(errors: int, warnings: int, fine: int) -> str:
    """``1 problem, 2 warnings, 3 ok`` in the interface language."""
    source = "{errors} problems, {warnings} warnings, {fine} ok"
    template = QCoreApplication.translate(
        "TokenCheckPanel", "{errors} problems, {warnings} warnings, {fine} ok"
    )
    if template == source:  # English: "1 problem", "2 problems"
        return f"{_count(errors, 'problem')}, {_count(warnings, 'warning')}, {fine} ok"
    return template.format(errors=errors, warnings=warnings, fine=fine)


class TokenCheckPanel(QWidget):
    """Paste or open, see the verdicts, the HAR's flow, and try the token live."""

    #: A short message for the status bar.
    message = Signal(str)
    #: A check finished (the :class:`CheckResult`).
    checked = Signal(object)
    #: A live check finished (its :class:`Verdict`).
    live_checked = Signal(object)

    def __init__(
        self,
        clock: Clock,
        bridge: EngineBridge,
        client_provider: ClientProvider,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tokenCheckPanel")
        self._clock = clock
        self._bridge = bridge
        self._client_provider = client_provider
        self._raw: str | bytes | None = None
        self._raw_name = ""
        self._result: CheckResult | None = None
        #: Bumped by each new check: a background check that finishes late is dropped.
        self._generation = 0
        self._texts = i18n.Retranslator()
        self._build()
        self._connect()
        self._update_input_state()
        theme.follow(self, lambda _dark: self._reshow_flow())  # (colours in its items)

    def changeEvent(self, event: QEvent) -> None:
        if i18n.is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        """The panel's own words in the interface language now installed (the verdicts are
        the token check's, as they were made)."""
        self._texts.apply()
        self.flow_model.setHorizontalHeaderLabels([_tr(h) for h in _FLOW_HEADERS])
        if self._result is not None:
            self._show_result(self._result)
        self._update_live_state()

    # --- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.input = PasteArea(self)
        self.input.setFixedHeight(76)
        self.paste_button = self._button(
            lambda: self.tr("Paste"), "tokenCheckPaste", lambda: self.tr("Paste from the clipboard")
        )
        self.open_button = self._button(
            lambda: self.tr("Open file…"),
            "tokenCheckOpen",
            lambda: self.tr("Open a HAR file or a token response JSON file"),
        )
        self.clear_button = self._button(
            lambda: self.tr("Clear"), "tokenCheckClear", lambda: self.tr("Forget what was pasted")
        )
        self.kind_label = QLabel(self)
        self.kind_label.setObjectName("tokenCheckKind")
        self.owner_edit = QLineEdit(self)
        self.owner_edit.setObjectName("tokenCheckOwner")
        self._texts.bind(
            self.owner_edit.setPlaceholderText,
            lambda: self.tr("the customer's id from the code exchange (for the live call)"),
        )
        self.owner_edit.setAccessibleName("resourceOwnerId")
        self.owner_edit.setClearButtonEnabled(True)
        self.owner_label = QLabel("resourceOwnerId", self)
        self.owner_label.setBuddy(self.owner_edit)
        self.confirm_check = QCheckBox(self)
        self.confirm_check.setObjectName("tokenCheckConfirmEnvironment")
        self.check_button = self._button(
            lambda: self.tr("Check"),
            "tokenCheckButton",
            lambda: self.tr("Judge what was pasted by both clocks (no request is sent)"),
        )
        self.check_button.setProperty("primary", True)
        self.live_button = self._button(
            lambda: self.tr("Call the profile API"),
            "tokenCheckLive",
            lambda: self.tr(
                "Send GET /v2/customers/profile with this token through the active profile, to "
                "see whether it still works"
            ),
        )
        self.live_reason = QLabel(self)
        self.live_reason.setObjectName("tokenCheckLiveReason")
        self.live_reason.setWordWrap(True)
        theme.styled(self.live_reason, lambda dark: f"color: {theme.muted_color(dark).name()};")
        theme.styled(self.kind_label, lambda dark: f"color: {theme.muted_color(dark).name()};")

        input_box = QGroupBox(self)
        self._texts.bind(input_box.setTitle, lambda: self.tr("What the partner sent"))
        input_box.setObjectName("tokenCheckInputBox")
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for button in (self.paste_button, self.open_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addSpacing(8)
        buttons.addWidget(self.kind_label, 1)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.live_button)
        details = QHBoxLayout()
        details.setSpacing(8)
        details.addWidget(self.owner_label)
        details.addWidget(self.owner_edit, 2)
        details.addSpacing(8)
        details.addWidget(self.confirm_check, 3)
        box_layout = QVBoxLayout(input_box)
        box_layout.setSpacing(6)
        box_layout.addLayout(buttons)
        box_layout.addWidget(self.input)
        box_layout.addLayout(details)
        box_layout.addWidget(self.live_reason)

        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("tokenCheckSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdicts = VerdictList(self)
        verdict_box = QGroupBox(self)
        self._texts.bind(verdict_box.setTitle, lambda: self.tr("Verdicts"))
        verdict_box.setObjectName("tokenCheckVerdictBox")
        verdict_layout = QVBoxLayout(verdict_box)
        verdict_layout.addWidget(self.summary_label)
        verdict_layout.addWidget(self.verdicts, 1)

        self.flow_model = QStandardItemModel(0, len(_FLOW_HEADERS), self)
        self.flow_model.setHorizontalHeaderLabels([_tr(h) for h in _FLOW_HEADERS])
        self.flow_table = QTableView(self)
        self.flow_table.setObjectName("tokenCheckFlowTable")
        self.flow_table.setModel(self.flow_model)
        self.flow_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.flow_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.flow_table.setAlternatingRowColors(True)
        self.flow_table.setWordWrap(False)
        self.flow_table.verticalHeader().setVisible(False)
        header = self.flow_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.flow_box = QGroupBox(self)
        self._texts.bind(
            self.flow_box.setTitle, lambda: self.tr("Auth calls in the HAR, as the flow")
        )
        self.flow_box.setObjectName("tokenCheckFlowBox")
        flow_layout = QVBoxLayout(self.flow_box)
        flow_layout.addWidget(self.flow_table)
        flow_layout.addStretch(1)  # room the rows do not need stays below them
        self.flow_box.setVisible(False)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("tokenCheckSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(verdict_box)
        self.splitter.addWidget(self.flow_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        input_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout.addWidget(input_box)
        layout.addWidget(self.splitter, 1)

    def _button(self, text: Callable[[], str], name: str, tip: Callable[[], str]) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        self._texts.bind(button.setText, text)
        self._texts.bind(button.setToolTip, tip)
        self._texts.bind(button.setAccessibleName, lambda: text().rstrip("…"))
        return button

    def _connect(self) -> None:
        self.input.text_received.connect(self.on_text_received)
        self.input.file_dropped.connect(self.open_file)
        self.paste_button.clicked.connect(self.input.paste_clipboard)
        self.open_button.clicked.connect(self.on_open_clicked)
        self.clear_button.clicked.connect(self.clear)
        self.check_button.clicked.connect(self.run_check)
        self.live_button.clicked.connect(self.on_live_clicked)
        self.owner_edit.editingFinished.connect(self._update_live_state)
        self.owner_edit.textChanged.connect(self._update_live_state)
        self.confirm_check.toggled.connect(self._update_live_state)

    # --- input --------------------------------------------------------------------------------

    @property
    def result(self) -> CheckResult | None:
        return self._result

    def set_input_text(self, text: str, *, check: bool = True) -> None:
        """Take ``text`` as if it was pasted (kept in memory, shown masked)."""
        self._raw = text
        self._raw_name = ""
        kind = detect_kind(text)
        self.input.setPlainText(_preview(text, kind))
        self.kind_label.setText(self.tr("Pasted: {kind}").format(kind=kind.label))
        self._update_input_state()
        if check:
            self.run_check()

    def on_text_received(self) -> None:
        self.set_input_text(self.input.raw)
        self.input.raw = ""

    def open_file(self, path: str | Path) -> None:
        """Read a HAR or token response file (size checked before reading) and check it."""
        target = Path(path)
        try:
            size = target.stat().st_size
            if size > MAX_HAR_BYTES:
                raise InputError(
                    f"{target.name} is {size / (1024 * 1024):.1f} MiB; SCB Console reads files "
                    f"up to {MAX_HAR_BYTES // (1024 * 1024)} MiB"
                )
            with target.open("rb") as handle:
                data = handle.read(MAX_HAR_BYTES + 1)
        except OSError as exc:
            self._show_error(
                self.tr("Could not read {path}: {error}").format(
                    path=target, error=exc.strerror or exc
                )
            )
            return
        except SCBConsoleError as exc:
            self._show_error(str(exc))
            return
        self._raw = data
        self._raw_name = target.name
        self.input.setPlainText(
            self.tr(
                "{name} · {size} bytes\n(contents not shown: they may hold tokens; the verdicts "
                "below show them masked)"
            ).format(name=target.name, size=f"{size:,}")
        )
        self.kind_label.setText(self.tr("Opened: {name}").format(name=target.name))
        self._update_input_state()
        self.run_check()

    def on_open_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a HAR file or a token response"),
            "",
            self.tr("HAR or JSON (*.har *.json);;All files (*)"),
        )
        if path:
            self.open_file(path)

    def clear(self) -> None:
        self._generation += 1
        self._raw = None
        self._raw_name = ""
        self._result = None
        self.input.clear()
        self.kind_label.setText("")
        self.owner_edit.clear()
        self.summary_label.setText("")
        self.verdicts.set_verdicts([])
        self.flow_model.removeRows(0, self.flow_model.rowCount())
        self.flow_box.setVisible(False)
        self._update_input_state()

    # --- checking -------------------------------------------------------------------------------

    def run_check(self) -> CheckResult | None:
        """Judge what was given (no request is sent); shows and returns the result.

        Input over :data:`BACKGROUND_BYTES` is judged on a worker thread, so a 50 MiB HAR
        does not freeze the window: then None is returned and ``checked`` says when it is done.
        """
        raw = self._raw
        if raw is None:
            self.message.emit(self.tr("Paste or open what the partner sent first"))
            return None
        owner = self.owner_edit.text()
        name = self._raw_name or "HAR file"
        if len(raw) > BACKGROUND_BYTES and _loop_running():
            self._generation += 1
            generation = self._generation
            task = self._bridge.run(
                asyncio.to_thread(_checked, raw, self._clock, owner, name), label=CHECK_LABEL
            )
            task.add_done_callback(lambda done: self._on_check_done(done, generation))
            self.summary_label.setText(
                self.tr("Reading {name} ({size} MiB)…").format(
                    name=name, size=f"{len(raw) / (1024 * 1024):.1f}"
                )
            )
            self.check_button.setEnabled(False)
            return None
        self._generation += 1
        return self._apply(_checked(raw, self._clock, owner, name))

    def _on_check_done(self, task: asyncio.Task[CheckResult | str], generation: int) -> None:
        self._update_input_state()
        if task.cancelled() or task.exception() is not None or generation != self._generation:
            return  # cancelled, or replaced by newer input
        self._apply(task.result())

    def _apply(self, outcome: CheckResult | str) -> CheckResult | None:
        if isinstance(outcome, str):
            self._show_error(outcome)
            return None
        self._result = outcome
        self._show_result(outcome)
        self.checked.emit(outcome)
        return outcome

    def _show_error(self, text: str) -> None:
        self._result = None
        self.summary_label.setText("")
        self.verdicts.set_verdicts(
            [
                Verdict(
                    Level.ERROR, self.tr("This cannot be read"), mask_text(text, self._literals())
                )
            ]
        )
        self.flow_model.removeRows(0, self.flow_model.rowCount())
        self.flow_box.setVisible(False)
        self.message.emit(mask_text(text, self._literals()))
        self._update_live_state()

    def _literals(self) -> tuple[str, ...]:
        raw = self._raw
        if isinstance(raw, str) and len(raw) <= 8192 and "{" not in raw:
            return tuple(part for part in raw.split() if len(part) > 8)
        return ()

    def _show_result(self, result: CheckResult) -> None:
        counts = {level: 0 for level in Level}
        for verdict in result.verdicts:
            counts[verdict.level] += 1
        checked = (
            self.tr("Checked an {kind}")
            if result.kind is InputKind.TOKEN
            else self.tr("Checked a {kind}")
        )
        parts = [checked.format(kind=result.kind.label)]
        if result.kind is InputKind.HAR:
            parts.append(
                self.tr("{entries} entries, {calls} auth calls").format(
                    entries=result.entry_count, calls=len(result.flow)
                )
            )
        candidate = result.candidate
        if candidate is not None:
            kind = self.tr("token")
            if candidate.kind is TokenKind.USER:
                kind = self.tr("user token")
            elif candidate.kind is TokenKind.SERVER:
                kind = self.tr("server token")
            where = (
                self.tr(" from {where}").format(where=describe_base(candidate.base_url))
                if candidate.base_url
                else ""
            )
            parts.append(f"{kind} {candidate.masked}{where}")
        parts.append(_counts(counts[Level.ERROR], counts[Level.WARN], counts[Level.OK]))
        self.summary_label.setText(" · ".join(parts))
        self.verdicts.set_verdicts(list(result.verdicts))
        self._show_flow(result.flow)
        if candidate is not None and candidate.resource_owner_id and not self.owner_edit.text():
            self.owner_edit.setPlaceholderText(
                self.tr("{owner} (from the {source})").format(
                    owner=candidate.resource_owner_id, source=candidate.source
                )
            )
        self._update_live_state()

    def _reshow_flow(self) -> None:
        if self._result is not None:
            self._show_flow(self._result.flow)

    def _show_flow(self, rows: tuple[FlowRow, ...]) -> None:
        model = self.flow_model
        model.removeRows(0, model.rowCount())
        visible = self._result is not None and self._result.kind is InputKind.HAR
        self.flow_box.setVisible(visible)
        if not visible:
            return
        dark = theme.is_dark(self.palette())
        mono = theme.monospace_font()
        for row in rows:
            cells = [
                str(row.index + 1),
                format_utc(row.started).removesuffix(" UTC")[11:] if row.started else "—",
                row.step.label,
                "—" if row.status is None else str(row.status),
                "—" if row.scb_code is None else str(row.scb_code),
                row.request_uid or "—",
                "—" if row.duration_ms is None else f"{row.duration_ms:.0f} ms",
                row.origin.split("://", 1)[-1],
                row.note,
            ]
            items = [QStandardItem(mask_text(text)) for text in cells]
            items[2].setIcon(level_icon(row.level, 14, dark))
            items[5].setFont(mono)
            if row.level is not Level.OK:
                tint = QColor(level_color(row.level, dark))
                tint.setAlpha(40)
                for item in items:
                    item.setBackground(tint)
                items[8].setForeground(level_color(row.level, dark))
            for item in items:
                item.setToolTip(f"{row.method} {row.origin}{row.path}")
            items[1].setToolTip(format_utc(row.started))
            if row.note:
                items[8].setToolTip(row.note)
            model.appendRow(items)
        self._fit_flow_table()

    def _fit_flow_table(self) -> None:
        """The flow table takes the room its rows need (up to 10), the verdicts the rest."""
        table = self.flow_table
        for column in range(len(_FLOW_HEADERS) - 1):  # the last one stretches (tooltip: all)
            table.resizeColumnToContents(column)
        table.resizeRowsToContents()
        rows = min(max(self.flow_model.rowCount(), 1), 10)
        row_height = table.verticalHeader().defaultSectionSize()
        if self.flow_model.rowCount():
            row_height = max(row_height, table.rowHeight(0))
        height = table.horizontalHeader().sizeHint().height() + rows * row_height
        height += 2 * table.frameWidth() + table.horizontalScrollBar().sizeHint().height()
        table.setMaximumHeight(height + 2)
        margins = self.flow_box.contentsMargins()
        layout = self.flow_box.layout()
        extra = 0
        if layout is not None:
            inner = layout.contentsMargins()
            extra = inner.top() + inner.bottom()
        self.flow_box.setMaximumHeight(height + margins.top() + margins.bottom() + extra + 40)

    # --- the live check -----------------------------------------------------------------------

    def _target(self) -> TokenFacts | None:
        """The token a live check would send, with the resourceOwnerId typed in (if any)."""
        result = self._result
        candidate = result.candidate if result is not None else None
        if candidate is None:
            return None
        owner = self.owner_edit.text().strip()
        if owner and owner != candidate.resource_owner_id:
            candidate = replace(candidate, resource_owner_id=owner)
        return candidate

    def _update_input_state(self) -> None:
        has_input = self._raw is not None
        self.check_button.setEnabled(has_input and not self._bridge.running(CHECK_LABEL))
        self.clear_button.setEnabled(has_input)
        self._update_live_state()

    def _update_live_state(self, *_: object) -> None:
        client = self._client_provider()
        target = self._target()
        busy = self._bridge.running(LIVE_LABEL)
        needs_confirm = target is not None and target.base_url is None and client is not None
        self.confirm_check.setVisible(needs_confirm)
        if client is not None:
            here = describe_base(client.profile.resolved_base_url)
            self.confirm_check.setText(self.tr("It was issued by {where}").format(where=here))
            self.confirm_check.setToolTip(
                self.tr(
                    "Confirm that the token comes from {where}, the environment of the active "
                    "profile {name!r}: only then is it sent there"
                ).format(where=here, name=client.profile.name)
            )
        self.owner_label.setVisible(self._result is None or self._result.kind is not InputKind.HAR)
        self.owner_edit.setVisible(self.owner_label.isVisible())
        if busy:
            reason = self.tr("Calling the profile API…")
        elif target is None:
            reason = "" if self._result is None else self.tr("No token to try in what was given")
        elif client is None:
            reason = self.tr("Not sent: select a profile first (Credentials panel)")
        else:
            reason = (
                live_check_refusal(target, client, confirmed=self.confirm_check.isChecked()) or ""
            )
        self.live_reason.setText(reason)
        self.live_reason.setVisible(bool(reason))
        self.live_button.setEnabled(
            not busy and target is not None and client is not None and not reason
        )

    def on_live_clicked(self) -> None:
        self.start_live_check()

    def start_live_check(self) -> bool:
        """Start the live profile call; False (with the reason shown) when it is not sent."""
        client = self._client_provider()
        target = self._target()
        if client is None or target is None:
            self._update_live_state()
            return False
        refusal = live_check_refusal(target, client, confirmed=self.confirm_check.isChecked())
        if refusal is not None:
            self.verdicts.prepend(Verdict(Level.WARN, self.tr("Live check not sent"), refusal))
            self.live_reason.setText(refusal)
            self.live_reason.setVisible(True)
            return False
        if not self._bridge.request_allowed():
            return False
        task = self._bridge.run(
            live_check(target, client, confirmed=self.confirm_check.isChecked()),
            label=LIVE_LABEL,
        )
        task.add_done_callback(self._on_live_done)
        self._update_live_state()
        return True

    def _on_live_done(self, task: Any) -> None:
        if task.cancelled() or task.exception() is not None:
            self._update_live_state()
            return
        verdict = task.result()
        if isinstance(verdict, Verdict):
            self.verdicts.prepend(verdict)
            self.message.emit(verdict.title)
            self.live_checked.emit(verdict)
        self._update_live_state()

    def on_profile_changed(self, *_: object) -> None:
        """The active profile changed: the live check's target environment with it."""
        self.confirm_check.setChecked(False)
        self._update_live_state()
