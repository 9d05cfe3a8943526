"""The token inspector: every token of the session, its detail, its timeline, and actions.

Table (``tokenTable``) over :class:`~scb_console.ui.token_model.TokenTableModel` through a
sorting proxy; a detail pane for the selected token (both clocks and the skew, the lineage of
refreshes, the raw response masked unless revealed); the validity timeline (``tokenTimeline``);
and the actions: copy the ``Authorization`` header, copy a curl of the profile call, refresh now,
forget. Secrets copied to the clipboard are taken back out of it after a delay.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Final

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from scb_console.core.clock import Clock, format_remaining
from scb_console.core.contract import Field
from scb_console.core.masking import mask, mask_json
from scb_console.core.models import TokenKind, TokenSet
from scb_console.ui.clipboard import copy_text, secret_clear_delay
from scb_console.ui.theme import (
    TokenStatus,
    is_dark,
    monospace_font,
    status_color,
    warning_color,
)
from scb_console.ui.timeline import TimelineItem, TimelineWidget
from scb_console.ui.token_model import (
    Column,
    SortRole,
    TokenTableModel,
    format_local_datetime,
    format_local_time,
)

#: Above this many seconds of clock skew the detail pane warns.
SKEW_WARNING_SECONDS: Final = 5.0
#: Code windows kept on the timeline (the newest).
MAX_CODE_WINDOWS: Final = 5

CurlProvider = Callable[[TokenSet], str]

_DASH: Final = "—"


def raw_response(token: TokenSet) -> dict[str, Any]:
    """The token response's ``data`` as received, or rebuilt from the token's fields."""
    if token.raw:
        return dict(token.raw)
    data: dict[str, Any] = {
        Field.ACCESS_TOKEN: token.access_token,
        Field.TOKEN_TYPE: token.token_type,
        Field.EXPIRES_IN: token.expires_in,
        Field.EXPIRES_AT: token.expires_at,
    }
    if token.refresh_token is not None:
        data[Field.REFRESH_TOKEN] = token.refresh_token
        data[Field.REFRESH_EXPIRES_IN] = token.refresh_expires_in
        data[Field.REFRESH_EXPIRES_AT] = token.refresh_expires_at
    return data


def _short_uid(uid: str) -> str:
    return uid if len(uid) <= 13 else f"{uid[:8]}…"


class TokenInspector(QWidget):
    """The token table, the selected token's detail and the validity timeline."""

    #: "Refresh now" was clicked for this :class:`TokenSet`.
    refresh_requested = Signal(object)
    #: "Forget" removed this :class:`TokenSet` from the table.
    forgotten = Signal(object)
    #: A short message for the status bar ("Authorization header copied ...").
    message = Signal(str)
    #: The selected token changed (a :class:`TokenSet`, or None).
    selection_changed = Signal(object)

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tokenInspector")
        self._clock = clock
        self._curl_provider: CurlProvider | None = None
        self._reveal_allowed = True
        self._clear_delay: float | None = None
        self._code_windows: list[TimelineItem] = []
        self._shown: TokenSet | None = None

        self._model = TokenTableModel(clock, self)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self._model)
        self._proxy.setSortRole(SortRole)
        self._proxy.setDynamicSortFilter(True)

        self._build_actions()
        self._build_table()
        self._build_detail()
        self._timeline = TimelineWidget(clock, self)
        self._timeline.setObjectName("tokenTimeline")
        self._timeline.set_placeholder(
            "The validity windows of codes and tokens appear here, with a line for now"
        )
        self._build_layout()
        self._connect()
        self._show_token(None)

    # -- construction --------------------------------------------------------------------------

    def _button(self, text: str, name: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAccessibleName(text.rstrip("…"))
        return button

    def _build_actions(self) -> None:
        self._copy_header_button = self._button(
            "Copy Authorization header",
            "copyAuthHeaderButton",
            "Copy 'Bearer <token>' of the selected token (cleared from the clipboard after a "
            "while)",
        )
        self._copy_curl_button = self._button(
            "Copy curl",
            "copyCurlButton",
            "Copy a curl command of the customer profile call with the selected token",
        )
        self._refresh_button = self._button(
            "Refresh now",
            "refreshNowButton",
            "Exchange the selected token's refresh token for a new access token",
        )
        self._forget_button = self._button(
            "Forget",
            "forgetTokenButton",
            "Remove the selected token from this session (it stays valid at the server)",
        )
        self._count_label = QLabel(self)
        self._count_label.setObjectName("tokenCountLabel")

    def _build_table(self) -> None:
        table = QTableView(self)
        table.setObjectName("tokenTable")
        table.setAccessibleName("Tokens")
        table.setModel(self._proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.verticalHeader().setVisible(False)
        vertical = table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        metrics = self.fontMetrics()
        samples = {
            Column.KIND: "Server",
            Column.PROFILE: "Local sandbox",
            Column.ENVIRONMENT: "SCB production",
            Column.TOKEN: "abcd…(36)  ",
            Column.ISSUED: "00:00:00",
            Column.EXPIRES_SERVER: "Expires (server)",
            Column.EXPIRES_LOCAL: "Expires (local)",
            Column.REMAINING: "Remaining",
            Column.REFRESH_REMAINING: "Refresh remaining",
            Column.STATUS: "Superseded by refresh",
        }
        for column, sample in samples.items():
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 34)
        # room for the header and three rows, however the splitter is dragged
        table.setMinimumHeight(header.sizeHint().height() + 3 * vertical.defaultSectionSize() + 4)
        self._table = table

    def _value_label(self, name: str) -> QLabel:
        label = QLabel(_DASH, self)
        label.setObjectName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        return label

    def _build_detail(self) -> None:
        self._detail_box = QGroupBox("Selected token", self)
        self._detail_box.setObjectName("tokenDetail")
        # The fields scroll when the pane is short, so the table and timeline keep their room.
        scroll = QScrollArea(self._detail_box)
        scroll.setObjectName("tokenDetailScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setStyleSheet(
            "QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }"
        )
        fields = QWidget(scroll)
        fields.setAutoFillBackground(False)
        scroll.setWidget(fields)
        box_layout = QVBoxLayout(self._detail_box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(scroll)
        form = QFormLayout(fields)
        form.setContentsMargins(4, 0, 4, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(6)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._summary_label = self._value_label("tokenSummaryLabel")
        self._uid_label = self._value_label("tokenRequestUidLabel")
        self._uid_label.setFont(monospace_font())
        self._issued_label = self._value_label("tokenIssuedLabel")
        self._expires_label = self._value_label("tokenExpiresLabel")
        self._remaining_label = self._value_label("tokenRemainingLabel")
        self._skew_label = self._value_label("tokenSkewLabel")
        self._lineage_label = self._value_label("tokenLineageLabel")
        self._owner_label = self._value_label("tokenOwnerLabel")
        rows = (
            ("Token", self._summary_label, "Kind, profile and environment of the token"),
            ("requestUId", self._uid_label, "The requestUId of the call that obtained it"),
            ("Issued", self._issued_label, "When it arrived (local clock) and the server's Date"),
            (
                "Expires",
                self._expires_label,
                "expiresAt on the server's clock, and issued + expiresIn on the local clock",
            ),
            ("Remaining", self._remaining_label, "Time left for the access and refresh tokens"),
            (
                "Clock skew",
                self._skew_label,
                "Server clock minus local clock, from the response's Date header",
            ),
            ("Lineage", self._lineage_label, "Which refresh replaced which token"),
            ("resourceOwnerId", self._owner_label, "The customer's id (user tokens only)"),
        )
        for text, label, tip in rows:
            caption = QLabel(text, fields)
            caption.setToolTip(tip)
            label.setToolTip(tip)
            caption.setBuddy(label)
            form.addRow(caption, label)

        self._raw_box = QGroupBox("Raw response", self)
        self._raw_box.setObjectName("tokenRawBox")
        self._reveal_button = QPushButton("Reveal", self._raw_box)
        self._reveal_button.setObjectName("revealTokenButton")
        self._reveal_button.setCheckable(True)
        self._reveal_button.setToolTip(
            "Show the secrets in the raw response (hidden again when another token is selected)"
        )
        self._raw_hint = QLabel("Secrets masked", self._raw_box)
        self._raw_hint.setObjectName("tokenRawHint")
        self._raw_view = QPlainTextEdit(self._raw_box)
        self._raw_view.setObjectName("tokenRawView")
        self._raw_view.setAccessibleName("Raw token response")
        self._raw_view.setReadOnly(True)
        self._raw_view.setProperty("code", True)
        self._raw_view.setFont(monospace_font())
        self._raw_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._raw_view.setPlaceholderText("Select a token to see the response it came in")
        raw_top = QHBoxLayout()
        raw_top.addWidget(self._raw_hint, 1)
        raw_top.addWidget(self._reveal_button)
        raw_layout = QVBoxLayout(self._raw_box)
        raw_layout.addLayout(raw_top)
        raw_layout.addWidget(self._raw_view, 1)

    def _build_layout(self) -> None:
        actions = QHBoxLayout()
        actions.setSpacing(8)
        for button in (
            self._copy_header_button,
            self._copy_curl_button,
            self._refresh_button,
            self._forget_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self._count_label)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(6)
        top_layout.addLayout(actions)
        top_layout.addWidget(self._table, 1)

        # A card, not a group box: the timeline paints its own title, leaving room for bars.
        timeline_box = QFrame(self)
        timeline_box.setObjectName("tokenTimelineBox")
        timeline_box.setProperty("card", True)
        timeline_box.setFrameShape(QFrame.Shape.StyledPanel)
        self._timeline.set_title("Validity timeline")
        timeline_layout = QVBoxLayout(timeline_box)
        timeline_layout.setContentsMargins(2, 2, 2, 2)
        timeline_layout.addWidget(self._timeline)

        self._bottom = bottom = QSplitter(Qt.Orientation.Horizontal, self)
        bottom.setObjectName("tokenDetailSplitter")
        bottom.setChildrenCollapsible(False)
        bottom.addWidget(self._detail_box)
        bottom.addWidget(self._raw_box)
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 2)

        self._splitter = QSplitter(Qt.Orientation.Vertical, self)
        self._splitter.setObjectName("tokenInspectorSplitter")
        self._splitter.setChildrenCollapsible(False)
        self._splitter.addWidget(top)
        self._splitter.addWidget(timeline_box)
        self._splitter.addWidget(bottom)
        self._splitter.setStretchFactor(0, 4)
        self._splitter.setStretchFactor(1, 3)
        self._splitter.setStretchFactor(2, 3)
        self._sized = False
        timeline_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._splitter)

    def _connect(self) -> None:
        self._copy_header_button.clicked.connect(self.copy_authorization_header)
        self._copy_curl_button.clicked.connect(self.copy_curl)
        self._refresh_button.clicked.connect(self.request_refresh)
        self._forget_button.clicked.connect(self.forget_selected)
        self._reveal_button.toggled.connect(self.on_reveal_toggled)
        self._table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self._model.rowsInserted.connect(self._on_rows_changed)
        self._model.rowsRemoved.connect(self._on_rows_changed)
        self._model.modelReset.connect(self._on_rows_changed)
        self._model.superseded.connect(self._on_superseded)
        copy = self._table.addAction("Copy Authorization header")
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_authorization_header)
        forget = self._table.addAction("Forget")
        forget.setShortcut(QKeySequence.StandardKey.Delete)
        forget.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        forget.triggered.connect(self.forget_selected)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:  # first show: table 40 %, timeline 27 %, detail 33 %
            self._sized = True
            total = max(self._splitter.height(), 300)
            self._splitter.setSizes([total * 40 // 100, total * 27 // 100, total * 33 // 100])
            width = max(self._bottom.width(), 400)
            self._bottom.setSizes([width * 58 // 100, width * 42 // 100])

    # -- public API ----------------------------------------------------------------------------

    @property
    def model(self) -> TokenTableModel:
        return self._model

    @property
    def proxy(self) -> QSortFilterProxyModel:
        return self._proxy

    @property
    def table(self) -> QTableView:
        return self._table

    @property
    def timeline(self) -> TimelineWidget:
        return self._timeline

    @property
    def raw_view(self) -> QPlainTextEdit:
        return self._raw_view

    def add_token(self, token: TokenSet) -> None:
        """Add a token; it is selected when nothing was, or when it refreshes the selected one."""
        selected = self.selected_token()
        row = self._model.add_token(token)
        if selected is None or (token.replaces and token.replaces == selected.request_uid):
            self.select_source_row(row)

    def add_code_window(self, label: str, start_mono: float, end_mono: float) -> None:
        """Show an authorization code's validity window (60 s) on the timeline."""
        self._code_windows.append(TimelineItem(label, start_mono, end_mono, "code"))
        del self._code_windows[:-MAX_CODE_WINDOWS]
        self._rebuild_timeline()

    def on_tick(self) -> None:
        """Refresh every time-dependent display (call on the shared ticker's tick)."""
        self._model.on_tick()
        self._timeline.on_tick()
        self._update_remaining()

    def set_curl_provider(self, provider: CurlProvider | None) -> None:
        """How to build the curl of the profile call for a token; None disables the action."""
        self._curl_provider = provider
        self._update_actions()

    def set_reveal_allowed(self, allowed: bool) -> None:
        """Allow or forbid revealing secrets in the raw response (presentation mode forbids)."""
        self._reveal_allowed = allowed
        if not allowed:
            self._reveal_button.setChecked(False)
        self._reveal_button.setToolTip(
            "Show the secrets in the raw response"
            if allowed
            else "Revealing secrets is turned off (presentation mode)"
        )
        self._update_actions()

    def reveal_allowed(self) -> bool:
        return self._reveal_allowed

    def set_reveal(self, revealed: bool) -> None:
        """Reveal (if allowed) or mask the raw response."""
        self._reveal_button.setChecked(revealed and self._reveal_allowed)

    def is_revealed(self) -> bool:
        return self._reveal_button.isChecked()

    def set_clipboard_clear_delay(self, seconds: float | None) -> None:
        """How long copied secrets stay on the clipboard; None: the application's setting."""
        self._clear_delay = seconds

    def selected_token(self) -> TokenSet | None:
        row = self.selected_source_row()
        return None if row is None else self._model.token_at(row)

    def selected_source_row(self) -> int | None:
        rows = self._table.selectionModel().selectedRows()
        if not rows:
            return None
        source = self._proxy.mapToSource(rows[0])
        return source.row() if source.isValid() else None

    def select_source_row(self, row: int) -> None:
        """Select the model's ``row`` (wherever sorting put it)."""
        index = self._proxy.mapFromSource(self._model.index(row, 0))
        if index.isValid():
            self._table.selectRow(index.row())
            self._table.scrollTo(index)

    def copy_authorization_header(self) -> None:
        token = self.selected_token()
        if token is None:
            return
        delay = self._delay()
        copy_text(token.authorization_header, secret=True, clear_after=delay)
        self.message.emit(f"Authorization header copied; the clipboard is cleared in {delay:g} s")

    def copy_curl(self) -> None:
        token = self.selected_token()
        if token is None or self._curl_provider is None:
            return
        delay = self._delay()
        copy_text(self._curl_provider(token), secret=True, clear_after=delay)
        self.message.emit(
            f"curl of the profile call copied; the clipboard is cleared in {delay:g} s"
        )

    def request_refresh(self) -> None:
        token = self.selected_token()
        if token is not None and token.refresh_token is not None:
            self.refresh_requested.emit(token)

    def forget_selected(self) -> None:
        row = self.selected_source_row()
        if row is not None:
            self.forget(row)

    def forget(self, row: int) -> TokenSet:
        """Remove the model's ``row``; emits :attr:`forgotten`."""
        token = self._model.forget(row)
        self.forgotten.emit(token)
        self.message.emit(f"Forgot the token of requestUId {token.request_uid}")
        return token

    # -- slots ---------------------------------------------------------------------------------

    def on_selection_changed(self, *_: QItemSelection) -> None:
        token = self.selected_token()
        if token is not self._shown:
            self._reveal_button.setChecked(False)
        self._show_token(token)
        self.selection_changed.emit(token)

    def on_reveal_toggled(self, checked: bool) -> None:
        self._show_raw(self._shown)

    # -- internals -----------------------------------------------------------------------------

    def _delay(self) -> float:
        return secret_clear_delay() if self._clear_delay is None else self._clear_delay

    def _on_rows_changed(self, *_: Any) -> None:
        self._rebuild_timeline()
        count = self._model.rowCount()
        self._count_label.setText(f"{count} token" + ("" if count == 1 else "s"))
        if self.selected_token() is not self._shown:
            self.on_selection_changed()
        self._update_actions()

    def _on_superseded(self, old_uid: str, new_uid: str) -> None:
        self._rebuild_timeline()
        if self._shown is not None and self._shown.request_uid in (old_uid, new_uid):
            self._show_token(self._shown)

    def _rebuild_timeline(self) -> None:
        items: list[TimelineItem] = []
        for row, token in enumerate(self._model.tokens()):
            superseded = self._model.superseded_by(row) is not None
            who = f"{token.profile_name} · {_short_uid(token.request_uid)}"
            if token.kind is TokenKind.SERVER:
                items.append(
                    TimelineItem(
                        f"Server token · {who}",
                        token.issued_mono,
                        token.access_deadline.at,
                        "server",
                        superseded,
                    )
                )
                continue
            items.append(
                TimelineItem(
                    f"Access · {who}",
                    token.issued_mono,
                    token.access_deadline.at,
                    "access",
                    superseded,
                )
            )
            refresh = token.refresh_deadline
            if refresh is not None:
                items.append(
                    TimelineItem(
                        f"Refresh · {who}", token.issued_mono, refresh.at, "refresh", superseded
                    )
                )
        self._timeline.set_items([*self._code_windows, *items])

    def _update_actions(self) -> None:
        token = self.selected_token()
        has = token is not None
        self._copy_header_button.setEnabled(has)
        self._copy_curl_button.setEnabled(has and self._curl_provider is not None)
        self._refresh_button.setEnabled(
            has and token is not None and token.refresh_token is not None
        )
        self._forget_button.setEnabled(has)
        self._reveal_button.setEnabled(has and self._reveal_allowed)
        if self._curl_provider is None:
            self._copy_curl_button.setToolTip("No profile call is available for this token")

    def _show_token(self, token: TokenSet | None) -> None:
        self._shown = token
        self._update_actions()
        self._show_raw(token)
        if token is None:
            self._detail_box.setTitle("Selected token")
            for label in (
                self._summary_label,
                self._uid_label,
                self._issued_label,
                self._expires_label,
                self._remaining_label,
                self._skew_label,
                self._lineage_label,
                self._owner_label,
            ):
                label.setText(_DASH)
                label.setStyleSheet("")
            self._summary_label.setText("Select a token in the table above")
            return
        kind = "User token" if token.kind is TokenKind.USER else "Server token"
        self._detail_box.setTitle(f"Selected token: {mask(token.access_token)}")
        self._summary_label.setText(
            f"{kind} · profile {token.profile_name} · {token.environment.label}"
        )
        self._uid_label.setText(token.request_uid)
        server_date = (
            f" · server Date {format_local_time(token.server_date)}"
            if token.server_date is not None
            else ""
        )
        self._issued_label.setText(f"{format_local_time(token.issued_wall)} local{server_date}")
        self._issued_label.setToolTip(format_local_datetime(token.issued_wall))
        local_expiry = token.issued_wall + token.expires_in
        if token.expires_at is not None:
            expires = (
                f"{format_local_time(token.expires_at)} server clock "
                f"(expiresAt {token.expires_at}) · {format_local_time(local_expiry)} local clock"
            )
        else:
            expires = f"{format_local_time(local_expiry)} local clock (no expiresAt in the answer)"
        self._expires_label.setText(expires)
        self._show_skew(token)
        self._show_lineage(token)
        self._owner_label.setText(token.resource_owner_id or "— (server tokens have none)")
        self._update_remaining()

    def _show_skew(self, token: TokenSet) -> None:
        if token.skew is None:
            self._skew_label.setText("unknown (the answer had no Date header)")
            self._skew_label.setStyleSheet("")
            return
        direction = "server ahead" if token.skew > 0 else "server behind"
        if abs(token.skew) < 0.5:
            direction = "clocks agree"
        text = f"{token.skew:+.1f} s ({direction})"
        if abs(token.skew) > SKEW_WARNING_SECONDS:
            text += f"  ⚠ over {SKEW_WARNING_SECONDS:g} s: trust the countdown, not expiresAt"
            self._skew_label.setToolTip(
                "The server's clock and this computer's differ by more than "
                f"{SKEW_WARNING_SECONDS:g} s, so expiresAt (server clock) and the local expiry "
                "disagree. The countdowns use expiresIn on a monotonic clock and stay right."
            )
            colour = warning_color(is_dark(self.palette())).name()
            self._skew_label.setStyleSheet(f"color: {colour}; font-weight: 600;")
        else:
            self._skew_label.setStyleSheet("")
        self._skew_label.setText(text)

    def _show_lineage(self, token: TokenSet) -> None:
        row = self._model.row_of(token.request_uid)
        if row is None:
            self._lineage_label.setText(_DASH)
            return
        chain = self._model.lineage(row)
        parts = [_short_uid(t.request_uid) for t in chain[:-1]] + ["this token"]
        text = " → ".join(parts) if len(chain) > 1 else "first token of its line"
        if token.replaces and len(chain) == 1:
            text = f"refresh of {_short_uid(token.replaces)} (no longer in the table)"
        successor = self._model.superseded_by(row)
        if successor is not None:
            text += f" → superseded by {_short_uid(successor)}"
        self._lineage_label.setText(text)
        self._lineage_label.setToolTip(
            "\n".join(f"{t.request_uid} issued {format_local_time(t.issued_wall)}" for t in chain)
            + (f"\nreplaced by {successor}" if successor else "")
        )

    def _update_remaining(self) -> None:
        token = self._shown
        if token is None:
            return
        row = self._model.row_of(token.request_uid)
        status = self._model.status_at(row) if row is not None else TokenStatus.EXPIRED
        access = format_remaining(token.access_remaining(self._clock))
        refresh = token.refresh_remaining(self._clock)
        text = f"{access} access"
        if refresh is not None:
            text += f" · {format_remaining(refresh)} refresh"
        text += f" · {status.label.lower()}"
        self._remaining_label.setText(text)
        if status is TokenStatus.VALID:
            self._remaining_label.setStyleSheet("")
        else:
            colour = status_color(status, is_dark(self.palette())).name()
            self._remaining_label.setStyleSheet(f"color: {colour};")

    def _show_raw(self, token: TokenSet | None) -> None:
        if token is None:
            self._raw_view.setPlainText("")
            self._raw_hint.setText("Secrets masked")
            return
        data = raw_response(token)
        revealed = self._reveal_button.isChecked() and self._reveal_allowed
        shown = data if revealed else mask_json(data)
        self._raw_view.setPlainText(json.dumps(shown, indent=2, ensure_ascii=False))
        self._raw_hint.setText(
            "Secrets revealed: mind your screen" if revealed else "Secrets masked"
        )
        if revealed:
            colour = warning_color(is_dark(self.palette())).name()
            self._raw_hint.setStyleSheet(f"color: {colour}; font-weight: 600;")
        else:
            self._raw_hint.setStyleSheet("")


__all__ = ["CurlProvider", "TokenInspector", "raw_response"]
