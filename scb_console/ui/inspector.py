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
from functools import partial
from typing import Any, Final

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelection,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
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
from scb_console.ui import i18n, theme
from scb_console.ui.clipboard import copy_text, secret_clear_delay
from scb_console.ui.i18n import QT_TRANSLATE_NOOP
from scb_console.ui.theme import (
    TokenStatus,
    is_dark,
    monospace_font,
    status_color,
    warning_color,
)
from scb_console.ui.timeline import TimelineItem, TimelineWidget
from scb_console.ui.token_model import (
    TICK_COLUMNS,
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
        self._texts = i18n.Retranslator()
        # the warnings' colours (skew, status, "revealed") are put in stylesheets: made again
        theme.follow(self, lambda _dark: self._show_token(self._shown))

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
        self._texts.bind(
            self._timeline.set_placeholder,
            lambda: self.tr(
                "The validity windows of codes and tokens appear here, with a line for now"
            ),
        )
        self._build_layout()
        self._connect()
        self._show_token(None)

    # -- construction --------------------------------------------------------------------------

    def _button(self, text: Callable[[], str], name: str, tip: Callable[[], str]) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        self._texts.bind(button.setText, text)
        self._texts.bind(button.setToolTip, tip)
        self._texts.bind(button.setAccessibleName, lambda: text().rstrip("…"))
        return button

    def _build_actions(self) -> None:
        self._copy_header_button = self._button(
            lambda: self.tr("Copy Authorization header"),
            "copyAuthHeaderButton",
            lambda: self.tr(
                "Copy 'Bearer <token>' of the selected token (cleared from the clipboard after a "
                "while)"
            ),
        )
        self._copy_curl_button = self._button(
            lambda: self.tr("Copy curl"),
            "copyCurlButton",
            lambda: self.tr(
                "Copy a curl command of the customer profile call with the selected token"
            ),
        )
        self._refresh_button = self._button(
            lambda: self.tr("Refresh now"),
            "refreshNowButton",
            lambda: self.tr("Exchange the selected token's refresh token for a new access token"),
        )
        self._forget_button = self._button(
            lambda: self.tr("Forget"),
            "forgetTokenButton",
            lambda: self.tr(
                "Remove the selected token from this session (it stays valid at the server)"
            ),
        )
        self._count_label = QLabel(self)
        self._count_label.setObjectName("tokenCountLabel")

    def _build_table(self) -> None:
        table = QTableView(self)
        table.setObjectName("tokenTable")
        self._texts.bind(table.setAccessibleName, lambda: self.tr("Tokens"))
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
        model = self._model
        horizontal = Qt.Orientation.Horizontal

        def title(column: Column) -> str:
            return str(model.headerData(column, horizontal))

        samples = {
            Column.KIND: title(Column.KIND),
            Column.PROFILE: "Local sandbox",
            Column.ENVIRONMENT: "SCB production",
            Column.TOKEN: "abcd…(36)  ",
            Column.ISSUED: "00:00:00",
            Column.EXPIRES_SERVER: title(Column.EXPIRES_SERVER),
            Column.EXPIRES_LOCAL: title(Column.EXPIRES_LOCAL),
            Column.REMAINING: title(Column.REMAINING),
            Column.REFRESH_REMAINING: title(Column.REFRESH_REMAINING),
            Column.STATUS: TokenStatus.SUPERSEDED.label,
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
        self._detail_box = QGroupBox(self.tr("Selected token"), self)
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
        ctx = "TokenInspector"
        rows = (
            (
                QT_TRANSLATE_NOOP("TokenInspector", "Token"),
                self._summary_label,
                QT_TRANSLATE_NOOP("TokenInspector", "Kind, profile and environment of the token"),
            ),
            (
                "requestUId",
                self._uid_label,
                QT_TRANSLATE_NOOP("TokenInspector", "The requestUId of the call that obtained it"),
            ),
            (
                QT_TRANSLATE_NOOP("TokenInspector", "Issued"),
                self._issued_label,
                QT_TRANSLATE_NOOP(
                    "TokenInspector", "When it arrived (local clock) and the server's Date"
                ),
            ),
            (
                QT_TRANSLATE_NOOP("TokenInspector", "Expires"),
                self._expires_label,
                QT_TRANSLATE_NOOP(
                    "TokenInspector",
                    "expiresAt on the server's clock, and issued + expiresIn on the local clock",
                ),
            ),
            (
                QT_TRANSLATE_NOOP("TokenInspector", "Remaining"),
                self._remaining_label,
                QT_TRANSLATE_NOOP("TokenInspector", "Time left for the access and refresh tokens"),
            ),
            (
                QT_TRANSLATE_NOOP("TokenInspector", "Clock skew"),
                self._skew_label,
                QT_TRANSLATE_NOOP(
                    "TokenInspector",
                    "Server clock minus local clock, from the response's Date header",
                ),
            ),
            (
                QT_TRANSLATE_NOOP("TokenInspector", "Lineage"),
                self._lineage_label,
                QT_TRANSLATE_NOOP("TokenInspector", "Which refresh replaced which token"),
            ),
            (
                "resourceOwnerId",
                self._owner_label,
                QT_TRANSLATE_NOOP("TokenInspector", "The customer's id (user tokens only)"),
            ),
        )
        t = self._texts
        for text, label, tip in rows:
            caption = QLabel(fields)
            tip_text = partial(QCoreApplication.translate, ctx, tip)
            t.bind(caption.setText, partial(QCoreApplication.translate, ctx, text))
            t.bind(caption.setToolTip, tip_text)
            if label is not self._skew_label:  # a large skew explains itself there
                t.bind(label.setToolTip, tip_text)
            else:
                label.setToolTip(QCoreApplication.translate(ctx, tip))
            caption.setBuddy(label)
            form.addRow(caption, label)

        self._raw_box = QGroupBox(self)
        t.bind(self._raw_box.setTitle, lambda: self.tr("Raw response"))
        self._raw_box.setObjectName("tokenRawBox")
        self._reveal_button = QPushButton(self._raw_box)
        t.bind(self._reveal_button.setText, lambda: self.tr("Reveal"))
        self._reveal_button.setObjectName("revealTokenButton")
        self._reveal_button.setCheckable(True)
        self._reveal_button.setToolTip(
            self.tr(
                "Show the secrets in the raw response (hidden again when another token is selected)"
            )
        )
        self._raw_hint = QLabel(self.tr("Secrets masked"), self._raw_box)
        self._raw_hint.setObjectName("tokenRawHint")
        self._raw_view = QPlainTextEdit(self._raw_box)
        self._raw_view.setObjectName("tokenRawView")
        t.bind(self._raw_view.setAccessibleName, lambda: self.tr("Raw token response"))
        self._raw_view.setReadOnly(True)
        self._raw_view.setProperty("code", True)
        self._raw_view.setFont(monospace_font())
        self._raw_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        t.bind(
            self._raw_view.setPlaceholderText,
            lambda: self.tr("Select a token to see the response it came in"),
        )
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
        self._texts.bind(self._timeline.set_title, lambda: self.tr("Validity timeline"))
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
        copy = self._table.addAction("")
        copy.setObjectName("copyAuthHeaderAction")
        self._texts.bind(copy.setText, lambda: self.tr("Copy Authorization header"))
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_authorization_header)
        forget = self._table.addAction("")
        forget.setObjectName("forgetTokenAction")
        self._texts.bind(forget.setText, lambda: self.tr("Forget"))
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

    def changeEvent(self, event: QEvent) -> None:
        if i18n.is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        """Labels, headers, the table's cells, the detail and the timeline in the interface
        language now installed."""
        self._texts.apply()
        self._model.retranslate()
        self._update_reveal_tip()
        self._update_count()
        self._rebuild_timeline()
        self._show_token(self._shown)

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
        self._model.on_tick(self._rows_on_screen())
        self._timeline.on_tick()
        self._update_remaining()

    def _rows_on_screen(self) -> list[int] | None:
        """The model rows the table shows (what a tick must repaint), or None for every row:
        when the table is sorted by a time column, every row's change matters to the order."""
        if self._proxy.sortColumn() in TICK_COLUMNS:
            return None
        table = self._table
        if not table.isVisible():
            return []  # repainted in full when shown
        count = self._proxy.rowCount()
        if count == 0:
            return []
        first = table.rowAt(0)
        last = table.rowAt(table.viewport().height() - 1)
        first = 0 if first < 0 else first
        last = count - 1 if last < 0 else last
        rows = []
        for row in range(first, last + 1):
            source = self._proxy.mapToSource(self._proxy.index(row, 0))
            if source.isValid():
                rows.append(source.row())
        return rows

    def set_curl_provider(self, provider: CurlProvider | None) -> None:
        """How to build the curl of the profile call for a token; None disables the action."""
        self._curl_provider = provider
        self._update_actions()

    def set_reveal_allowed(self, allowed: bool) -> None:
        """Allow or forbid revealing secrets in the raw response (presentation mode forbids)."""
        self._reveal_allowed = allowed
        if not allowed:
            self._reveal_button.setChecked(False)
        self._update_reveal_tip()
        self._update_actions()

    def _update_reveal_tip(self) -> None:
        self._reveal_button.setToolTip(
            self.tr("Show the secrets in the raw response")
            if self._reveal_allowed
            else self.tr("Revealing secrets is turned off (presentation mode)")
        )

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
        self.message.emit(
            self.tr("Authorization header copied; the clipboard is cleared in {seconds} s").format(
                seconds=f"{delay:g}"
            )
        )

    def copy_curl(self) -> None:
        token = self.selected_token()
        if token is None or self._curl_provider is None:
            return
        delay = self._delay()
        copy_text(self._curl_provider(token), secret=True, clear_after=delay)
        self.message.emit(
            self.tr(
                "curl of the profile call copied; the clipboard is cleared in {seconds} s"
            ).format(seconds=f"{delay:g}")
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
        self.message.emit(
            self.tr("Forgot the token of requestUId {uid}").format(uid=token.request_uid)
        )
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
        self._update_count()
        if self.selected_token() is not self._shown:
            self.on_selection_changed()
        self._update_actions()

    def _update_count(self) -> None:
        count = self._model.rowCount()
        self._count_label.setText(
            self.tr("1 token") if count == 1 else self.tr("{count} tokens").format(count=count)
        )

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
                        self.tr("Server token · {who}").format(who=who),
                        token.issued_mono,
                        token.access_deadline.at,
                        "server",
                        superseded,
                    )
                )
                continue
            items.append(
                TimelineItem(
                    self.tr("Access · {who}").format(who=who),
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
                        self.tr("Refresh · {who}").format(who=who),
                        token.issued_mono,
                        refresh.at,
                        "refresh",
                        superseded,
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
            self._copy_curl_button.setToolTip(
                self.tr("No profile call is available for this token")
            )

    def _show_token(self, token: TokenSet | None) -> None:
        self._shown = token
        self._update_actions()
        self._show_raw(token)
        if token is None:
            self._detail_box.setTitle(self.tr("Selected token"))
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
            self._summary_label.setText(self.tr("Select a token in the table above"))
            return
        kind = self.tr("User token") if token.kind is TokenKind.USER else self.tr("Server token")
        self._detail_box.setTitle(
            self.tr("Selected token: {token}").format(token=mask(token.access_token))
        )
        self._summary_label.setText(
            self.tr("{kind} · profile {name} · {environment}").format(
                kind=kind, name=token.profile_name, environment=token.environment.label
            )
        )
        self._uid_label.setText(token.request_uid)
        server_date = (
            self.tr(" · server Date {time}").format(time=format_local_time(token.server_date))
            if token.server_date is not None
            else ""
        )
        self._issued_label.setText(
            self.tr("{time} local{server_date}").format(
                time=format_local_time(token.issued_wall), server_date=server_date
            )
        )
        self._issued_label.setToolTip(format_local_datetime(token.issued_wall))
        local_expiry = token.issued_wall + token.expires_in
        if token.expires_at is not None:
            expires = self.tr(
                "{server} server clock (expiresAt {epoch}) · {local} local clock"
            ).format(
                server=format_local_time(token.expires_at),
                epoch=token.expires_at,
                local=format_local_time(local_expiry),
            )
        else:
            expires = self.tr("{local} local clock (no expiresAt in the answer)").format(
                local=format_local_time(local_expiry)
            )
        self._expires_label.setText(expires)
        self._show_skew(token)
        self._show_lineage(token)
        self._owner_label.setText(token.resource_owner_id or self.tr("— (server tokens have none)"))
        self._update_remaining()

    def _show_skew(self, token: TokenSet) -> None:
        if token.skew is None:
            self._skew_label.setText(self.tr("unknown (the answer had no Date header)"))
            self._skew_label.setStyleSheet("")
            return
        direction = self.tr("server ahead") if token.skew > 0 else self.tr("server behind")
        if abs(token.skew) < 0.5:
            direction = self.tr("clocks agree")
        text = self.tr("{skew} s ({direction})").format(
            skew=f"{token.skew:+.1f}", direction=direction
        )
        if abs(token.skew) > SKEW_WARNING_SECONDS:
            text += self.tr("  ⚠ over {limit} s: trust the countdown, not expiresAt").format(
                limit=f"{SKEW_WARNING_SECONDS:g}"
            )
            self._skew_label.setToolTip(
                self.tr(
                    "The server's clock and this computer's differ by more than {limit} s, so "
                    "expiresAt (server clock) and the local expiry disagree. The countdowns use "
                    "expiresIn on a monotonic clock and stay right."
                ).format(limit=f"{SKEW_WARNING_SECONDS:g}")
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
        parts = [_short_uid(t.request_uid) for t in chain[:-1]] + [self.tr("this token")]
        text = " → ".join(parts) if len(chain) > 1 else self.tr("first token of its line")
        if token.replaces and len(chain) == 1:
            text = self.tr("refresh of {uid} (no longer in the table)").format(
                uid=_short_uid(token.replaces)
            )
        successor = self._model.superseded_by(row)
        if successor is not None:
            text += self.tr(" → superseded by {uid}").format(uid=_short_uid(successor))
        self._lineage_label.setText(text)
        issued = self.tr("{uid} issued {time}")
        self._lineage_label.setToolTip(
            "\n".join(
                issued.format(uid=t.request_uid, time=format_local_time(t.issued_wall))
                for t in chain
            )
            + (self.tr("\nreplaced by {uid}").format(uid=successor) if successor else "")
        )

    def _update_remaining(self) -> None:
        token = self._shown
        if token is None:
            return
        row = self._model.row_of(token.request_uid)
        status = self._model.status_at(row) if row is not None else TokenStatus.EXPIRED
        access = format_remaining(token.access_remaining(self._clock))
        refresh = token.refresh_remaining(self._clock)
        text = self.tr("{time} access").format(time=access)
        if refresh is not None:
            text += self.tr(" · {time} refresh").format(time=format_remaining(refresh))
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
            self._raw_hint.setText(self.tr("Secrets masked"))
            return
        data = raw_response(token)
        revealed = self._reveal_button.isChecked() and self._reveal_allowed
        shown = data if revealed else mask_json(data)
        self._raw_view.setPlainText(json.dumps(shown, indent=2, ensure_ascii=False))
        self._raw_hint.setText(
            self.tr("Secrets revealed: mind your screen") if revealed else self.tr("Secrets masked")
        )
        if revealed:
            colour = warning_color(is_dark(self.palette())).name()
            self._raw_hint.setStyleSheet(f"color: {colour}; font-weight: 600;")
        else:
            self._raw_hint.setStyleSheet("")


__all__ = ["CurlProvider", "TokenInspector", "raw_response"]
