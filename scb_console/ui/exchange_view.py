"""The exchange log on screen: a table of every HTTP exchange, a filter, the masked detail.

:class:`ExchangeLogModel` keeps the (already masked) records and, per row, the lower-case text the
filter reads (made once); each cell is computed when asked. :class:`ExchangeLogPanel` adds the
view, a filter over all columns, the detail of the selected exchange, and the actions.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import json
import re
import time
import urllib.parse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Final, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QThread,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from scb_console.core.exchange import ExchangeLog, ExchangeRecord
from scb_console.ui import i18n
from scb_console.ui.clipboard import copy_text
from scb_console.ui.i18n import QT_TRANSLATE_NOOP
from scb_console.ui.theme import error_color, is_dark, monospace_font, tabular_figures

#: All columns' text joined (lower-case): what the filter matches against.
FilterTextRole: Final = int(Qt.ItemDataRole.UserRole) + 1

_Index = QModelIndex | QPersistentModelIndex


class ExchangeColumn(enum.IntEnum):
    TIME = 0
    STEP = 1
    METHOD = 2
    PATH = 3
    STATUS = 4
    SCB_CODE = 5
    DURATION = 6
    REQUEST_UID = 7


_HEADERS: Final = {
    ExchangeColumn.TIME: QT_TRANSLATE_NOOP("ExchangeLogModel", "Time"),
    ExchangeColumn.STEP: QT_TRANSLATE_NOOP("ExchangeLogModel", "Step"),
    ExchangeColumn.METHOD: QT_TRANSLATE_NOOP("ExchangeLogModel", "Method"),
    ExchangeColumn.PATH: QT_TRANSLATE_NOOP("ExchangeLogModel", "Path"),
    ExchangeColumn.STATUS: QT_TRANSLATE_NOOP("ExchangeLogModel", "Status"),
    ExchangeColumn.SCB_CODE: QT_TRANSLATE_NOOP("ExchangeLogModel", "SCB code"),
    ExchangeColumn.DURATION: QT_TRANSLATE_NOOP("ExchangeLogModel", "Duration (ms)"),
    ExchangeColumn.REQUEST_UID: "requestUId",
}

_HEADER_TIPS: Final = {
    ExchangeColumn.TIME: QT_TRANSLATE_NOOP(
        "ExchangeLogModel", "When the request was sent (local clock)"
    ),
    ExchangeColumn.STEP: QT_TRANSLATE_NOOP(
        "ExchangeLogModel", "Which step of the flow made the call"
    ),
    ExchangeColumn.METHOD: QT_TRANSLATE_NOOP("ExchangeLogModel", "HTTP method"),
    ExchangeColumn.PATH: QT_TRANSLATE_NOOP(
        "ExchangeLogModel", "The request's path and query (secrets masked); the tooltip has the URL"
    ),
    ExchangeColumn.STATUS: QT_TRANSLATE_NOOP(
        "ExchangeLogModel", "HTTP status of the answer; a dash when no answer came"
    ),
    ExchangeColumn.SCB_CODE: QT_TRANSLATE_NOOP(
        "ExchangeLogModel", "status.code of SCB's envelope: 1000 is success; 9xxx are errors"
    ),
    ExchangeColumn.DURATION: QT_TRANSLATE_NOOP(
        "ExchangeLogModel", "From sending the request to reading the whole answer"
    ),
    ExchangeColumn.REQUEST_UID: QT_TRANSLATE_NOOP(
        "ExchangeLogModel",
        "The requestUId header the console sent: quote it to SCB "
        "support to find the call in their logs",
    ),
}

_DASH: Final = "—"
_RIGHT: Final = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


#: Where an API path starts in a URL: its version segment (``/v1/``, ``/v2/``).
_API_PATH = re.compile(r"/v\d+/")


def _path_of(url: str) -> str:
    """The API path as the contract names it (``/v1/oauth/token``), with the query.

    The base URL's own path (``/partners/sandbox``) is left out: the column is narrow, and the
    tooltip and the detail show the whole URL.
    """
    parts = urllib.parse.urlsplit(url)
    path = parts.path or "/"
    found = _API_PATH.search(path)
    if found is not None and found.start() > 0:
        path = path[found.start() :]
    return f"{path}?{parts.query}" if parts.query else path


def _translate(text: str) -> str:
    """A header or tip of the tables above in the interface language."""
    return QCoreApplication.translate("ExchangeLogModel", text)


def is_failure(record: ExchangeRecord) -> bool:
    """No answer, an HTTP error status, an SCB error code, or an error message."""
    if record.error or record.status is None or record.status >= 400:
        return True
    return record.scb_code is not None and record.scb_code != 1000


def _time_text(record: ExchangeRecord) -> str:
    wall = record.started_wall
    millis = int(wall * 1000) % 1000
    return time.strftime("%H:%M:%S", time.localtime(wall)) + f".{millis:03d}"


def _status_text(record: ExchangeRecord) -> str:
    if record.status is None:
        return QCoreApplication.translate("ExchangeLogModel", "error") if record.error else _DASH
    return str(record.status)


def _scb_code_text(record: ExchangeRecord) -> str:
    return _DASH if record.scb_code is None else str(record.scb_code)


def _duration_text(record: ExchangeRecord) -> str:
    return f"{record.duration_ms:,.0f}"


#: The text of each column, indexed by column number (a tuple lookup: cheap per cell).
_CELLS: Final[tuple[Callable[[ExchangeRecord], str], ...]] = (
    _time_text,
    lambda record: record.step,
    lambda record: record.method,
    lambda record: _path_of(record.url),
    _status_text,
    _scb_code_text,
    _duration_text,
    lambda record: record.request_uid,
)


_COLUMN_COUNT: Final = len(ExchangeColumn)
_TEXT_ROLES: Final = frozenset(
    {int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.AccessibleTextRole)}
)
_FOREGROUND: Final = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT: Final = int(Qt.ItemDataRole.TextAlignmentRole)
_FONT: Final = int(Qt.ItemDataRole.FontRole)
_TOOLTIP: Final = int(Qt.ItemDataRole.ToolTipRole)
_RIGHT_COLUMNS: Final = frozenset(
    {int(ExchangeColumn.STATUS), int(ExchangeColumn.SCB_CODE), int(ExchangeColumn.DURATION)}
)
_ROW_FLAGS: Final = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_TABULAR_COLUMNS: Final = frozenset({int(ExchangeColumn.TIME), int(ExchangeColumn.DURATION)})


def _cell(record: ExchangeRecord, column: int) -> str:
    return _CELLS[column](record)


def filter_text(record: ExchangeRecord) -> str:
    """Each column's text and the whole URL, lower-case, tab-separated: what the filter reads."""
    return "\t".join([cell(record) for cell in _CELLS] + [record.url]).lower()


def _pretty_body(body: str) -> str:
    if not body:
        return QCoreApplication.translate("ExchangeLogPanel", "(no body)")
    try:
        decoded = json.loads(body)
    except ValueError:
        return body
    return json.dumps(decoded, indent=2, ensure_ascii=False)


def format_exchange(record: ExchangeRecord) -> str:
    """The detail text of one exchange: request line, headers, body, then the answer's."""
    lines = [f"{record.method} {record.url}"]
    lines.extend(f"{name}: {value}" for name, value in record.request_headers)
    lines.append("")
    if record.request_body or record.method not in {"GET", "HEAD", "DELETE"}:
        lines.append(_pretty_body(record.request_body))
        lines.append("")
    summary = [f"{record.duration_ms:,.0f} ms"]
    if record.scb_code is not None:
        summary.append(
            QCoreApplication.translate("ExchangeLogPanel", "SCB code {code}").format(
                code=record.scb_code
            )
        )
    summary.append(f"requestUId {record.request_uid}")
    if record.status is None:
        lines.append(
            QCoreApplication.translate("ExchangeLogPanel", "── No answer ({summary})").format(
                summary=" · ".join(summary)
            )
        )
        if record.error:
            lines.append(record.error)
        return "\n".join(lines)
    lines.append(f"── HTTP {record.status} ({' · '.join(summary)})")
    if record.error:
        lines.append(
            QCoreApplication.translate("ExchangeLogPanel", "Error: {error}").format(
                error=record.error
            )
        )
    lines.extend(f"{name}: {value}" for name, value in record.response_headers)
    lines.append("")
    lines.append(_pretty_body(record.response_body))
    return "\n".join(lines)


class ExchangeLogModel(QAbstractTableModel):
    """The records of an :class:`ExchangeLog`, one row each, kept in step by subscription."""

    def __init__(self, log: ExchangeLog | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[ExchangeRecord] = []
        #: Each row's :func:`filter_text`, computed once (on append, or on the first filter).
        self._haystacks: list[str | None] = []
        self._log: ExchangeLog | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._max_records: int | None = None
        #: The cells' fonts, made once (a new QFont per painted cell costs a font lookup).
        self._mono_font: QFont | None = None
        self._tabular_font: QFont | None = None
        if log is not None:
            self.set_log(log)

    # -- public API ----------------------------------------------------------------------------

    @property
    def log(self) -> ExchangeLog | None:
        return self._log

    def set_log(self, log: ExchangeLog | None) -> None:
        """Show ``log`` (its current records, then each new one); None detaches."""
        self.detach()
        self.beginResetModel()
        self._log = log
        self._records = list(log.records) if log is not None else []
        self._haystacks = [None] * len(self._records)
        self._max_records = log.max_records if log is not None else None
        self.endResetModel()
        if log is not None:
            self._unsubscribe = log.subscribe(self._on_record, on_clear=self._on_cleared_anywhere)

    def detach(self) -> None:
        """Stop following the log (the rows stay)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def record_at(self, row: int) -> ExchangeRecord:
        if not 0 <= row < len(self._records):
            raise IndexError(f"no exchange at row {row}")
        return self._records[row]

    def haystack(self, row: int) -> str:
        """:func:`filter_text` of the record at ``row``, computed once and kept."""
        text = self._haystacks[row]
        if text is None:
            text = self._haystacks[row] = filter_text(self._records[row])
        return text

    def matching_rows(self, words: Iterable[str]) -> list[bool]:
        """For each row, whether its :func:`filter_text` contains every one of ``words``
        (lower-case)."""
        needles = tuple(words)
        if None in self._haystacks:  # records taken over by set_log: their text, once
            for row, text in enumerate(self._haystacks):
                if text is None:
                    self._haystacks[row] = filter_text(self._records[row])
        haystacks = cast("list[str]", self._haystacks)
        if len(needles) == 1:
            needle = needles[0]
            return [needle in text for text in haystacks]
        return [all(needle in text for needle in needles) for text in haystacks]

    def records(self) -> list[ExchangeRecord]:
        return list(self._records)

    def clear(self) -> None:
        """Clear the rows (and the log, which tells every other view too)."""
        if self._log is not None:
            self._log.clear()  # calls _on_log_cleared
        else:
            self._on_log_cleared()

    # -- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMN_COUNT

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        # One Python call instead of three (hasIndex asks rowCount and columnCount): the
        # proxy maps every cell it paints through here.
        if 0 <= row < len(self._records) and 0 <= column < _COLUMN_COUNT and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(ExchangeColumn):
            return None
        column = ExchangeColumn(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return _translate(_HEADERS[column])
        if role == Qt.ItemDataRole.ToolTipRole:
            return _translate(_HEADER_TIPS[column])
        return None

    def retranslate(self) -> None:
        """Headers and cells again, in the interface language now installed."""
        self._mono_font = self._tabular_font = None
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(ExchangeColumn) - 1)
        if self._records:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._records) - 1, len(ExchangeColumn) - 1)
            )

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every cell painted: the cheap roles return first.
        row = index.row()  # -1 for an invalid index
        if not 0 <= row < len(self._records):
            return None
        column = index.column()
        if role in _TEXT_ROLES:
            return _CELLS[column](self._records[row])
        if role == _FOREGROUND:
            return error_color(is_dark()) if is_failure(self._records[row]) else None
        if role == _ALIGNMENT:
            return _RIGHT if column in _RIGHT_COLUMNS else None
        if role == _FONT:
            if column == ExchangeColumn.REQUEST_UID:
                if self._mono_font is None:
                    self._mono_font = monospace_font()
                return self._mono_font
            if column in _TABULAR_COLUMNS:
                if self._tabular_font is None:
                    self._tabular_font = tabular_figures(QFont())
                return self._tabular_font
            return None
        if role == FilterTextRole:
            return self.haystack(row)
        if role == _TOOLTIP:
            return self._tooltip(self._records[row], ExchangeColumn(column))
        return None

    # -- internals -----------------------------------------------------------------------------

    @staticmethod
    def _tooltip(record: ExchangeRecord, column: ExchangeColumn) -> str:
        if column is ExchangeColumn.PATH:
            return f"{record.method} {record.url}"
        if record.error:
            return record.error
        if column is ExchangeColumn.TIME:
            moment = dt.datetime.fromtimestamp(record.started_wall).astimezone()
            return moment.isoformat(sep=" ", timespec="milliseconds")
        return _translate(_HEADER_TIPS[column])

    def _on_record(self, record: ExchangeRecord) -> None:
        if QThread.currentThread() is self.thread():
            self._append(record)
        else:  # a log fed from another thread: insert on ours, in order
            QTimer.singleShot(0, self, lambda: self._append(record))

    def _on_cleared_anywhere(self) -> None:
        if QThread.currentThread() is self.thread():
            self._on_log_cleared()
        else:
            QTimer.singleShot(0, self, self._on_log_cleared)

    def _append(self, record: ExchangeRecord) -> None:
        row = len(self._records)
        self.beginInsertRows(QModelIndex(), row, row)
        self._records.append(record)
        self._haystacks.append(filter_text(record))
        self.endInsertRows()
        if self._max_records is not None and len(self._records) > self._max_records:
            extra = len(self._records) - self._max_records
            self.beginRemoveRows(QModelIndex(), 0, extra - 1)
            del self._records[:extra]
            del self._haystacks[:extra]
            self.endRemoveRows()

    def _on_log_cleared(self) -> None:
        self.beginResetModel()
        self._records.clear()
        self._haystacks.clear()
        self.endResetModel()


class ExchangeFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose joined text contains every word of the filter (any order)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        #: While the filter changes: whether each source row matches, by row.
        self._verdicts: list[bool] | None = None
        self.setFilterRole(FilterTextRole)

    def set_filter_text(self, text: str) -> None:
        words = tuple(text.lower().split())
        if words == self._words:
            return
        self._words = words
        model = self.sourceModel()
        if words and isinstance(model, ExchangeLogModel):
            # Every row's verdict in one pass; filterAcceptsRow then only looks it up.
            self._verdicts = model.matching_rows(words)
        try:
            # One layout change (the mapping rebuilt in one pass, selection kept), not a
            # rowsRemoved/rowsInserted per run of hidden rows: 100,000 rows in tens of ms.
            self.invalidate()
        finally:
            self._verdicts = None

    def filter_text(self) -> str:
        return " ".join(self._words)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        verdicts = self._verdicts
        if verdicts is not None and source_row < len(verdicts):
            return verdicts[source_row]
        if not self._words:
            return True
        model = self.sourceModel()
        if isinstance(model, ExchangeLogModel):  # skip the QVariant round trip: 100,000 rows
            text = model.haystack(source_row)
        else:
            text = model.data(model.index(source_row, 0, source_parent), FilterTextRole)
        return isinstance(text, str) and all(word in text for word in self._words)


#: While rows stream in, the table repaints at most once per this many ms: painting the rows on
#: screen costs ~10 ms, which once per appended row would stall the GUI on every request.
_REPAINT_INTERVAL_MS: Final = 50


class ExchangeLogPanel(QWidget):
    """The exchange log: filter, table, detail, and Copy requestUId / Export HAR… / Clear."""

    #: A HAR file was written (its path).
    har_exported = Signal(str)

    def __init__(self, log: ExchangeLog | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exchangeLogPanel")
        self._model = ExchangeLogModel(log, self)
        self._proxy = ExchangeFilterProxy(self)
        self._proxy.setSourceModel(self._model)
        self._follow = True
        self._count_pending = False
        #: When rows last arrived (time.monotonic), and the timer that lets a held repaint run.
        self._rows_at = -1.0
        self._repaint_timer = QTimer(self)
        self._repaint_timer.setSingleShot(True)
        self._repaint_timer.setInterval(_REPAINT_INTERVAL_MS)
        self._repaint_timer.timeout.connect(self._resume_painting)
        #: Exports running on a worker thread (kept referenced until they end).
        self._exports: set[asyncio.Task[Path | None]] = set()
        self._texts = i18n.Retranslator()
        t = self._texts

        self._filter_edit = QLineEdit(self)
        self._filter_edit.setObjectName("exchangeFilterEdit")
        t.bind(
            self._filter_edit.setPlaceholderText,
            lambda: self.tr("Filter: step, path, status, SCB code, requestUId…"),
        )
        self._filter_edit.setClearButtonEnabled(True)
        t.bind(self._filter_edit.setAccessibleName, lambda: self.tr("Filter exchanges"))
        t.bind(
            self._filter_edit.setToolTip,
            lambda: self.tr(
                "Shows the exchanges whose columns contain every word typed (any order, any case)"
            ),
        )
        self._count_label = QLabel(self)
        self._count_label.setObjectName("exchangeCountLabel")

        self._copy_uid_button = QPushButton(self)
        t.bind(self._copy_uid_button.setText, lambda: self.tr("Copy requestUId"))
        self._copy_uid_button.setObjectName("copyRequestUidButton")
        t.bind(
            self._copy_uid_button.setToolTip,
            lambda: self.tr("Copy the selected exchange's requestUId (for support)"),
        )
        self._export_button = QPushButton(self)
        t.bind(self._export_button.setText, lambda: self.tr("Export HAR…"))
        self._export_button.setObjectName("exportHarButton")
        t.bind(
            self._export_button.setToolTip,
            lambda: self.tr(
                "Save every exchange as a HAR file (secrets stay masked), for a bug report"
            ),
        )
        self._clear_button = QPushButton(self)
        t.bind(self._clear_button.setText, lambda: self.tr("Clear"))
        self._clear_button.setObjectName("clearExchangeLogButton")
        t.bind(self._clear_button.setToolTip, lambda: self.tr("Forget every exchange in this log"))

        self._table = QTableView(self)
        self._table.setObjectName("exchangeLogTable")
        t.bind(self._table.setAccessibleName, lambda: self.tr("Exchange log"))
        self._table.setModel(self._proxy)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setAlternatingRowColors(True)
        self._table.setShowGrid(False)
        self._table.setWordWrap(False)
        self._table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._table.verticalHeader().setVisible(False)
        # Fixed row heights: the view never measures 100,000 rows.
        vertical = self._table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self._table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ExchangeColumn.PATH, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        widths = {
            ExchangeColumn.TIME: "00:00:00.000",
            ExchangeColumn.STEP: "customer_profile",
            ExchangeColumn.METHOD: "DELETE",
            ExchangeColumn.STATUS: "Status",
            ExchangeColumn.SCB_CODE: "SCB code",
            ExchangeColumn.DURATION: "Duration (ms)",
            ExchangeColumn.REQUEST_UID: "00000000-0000-0000-0000-000000000000",
        }
        for column, sample in widths.items():
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)

        self._detail = QPlainTextEdit(self)
        self._detail.setObjectName("exchangeDetailView")
        t.bind(self._detail.setAccessibleName, lambda: self.tr("Exchange detail"))
        self._detail.setReadOnly(True)
        self._detail.setProperty("code", True)
        self._detail.setFont(monospace_font())
        self._detail.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        t.bind(
            self._detail.setPlaceholderText,
            lambda: self.tr("Select an exchange to see its request and answer (secrets masked)"),
        )

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self._filter_edit, 1)
        top.addWidget(self._count_label)
        top.addSpacing(8)
        top.addWidget(self._copy_uid_button)
        top.addWidget(self._export_button)
        top.addWidget(self._clear_button)

        self._splitter = QSplitter(Qt.Orientation.Vertical, self)
        self._splitter.setObjectName("exchangeLogSplitter")
        self._splitter.setChildrenCollapsible(False)
        self._splitter.addWidget(self._table)
        self._splitter.addWidget(self._detail)
        self._splitter.setStretchFactor(0, 3)
        self._splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self._splitter, 1)

        self._connect()
        self._update_count()
        self._update_actions()

    def _connect(self) -> None:
        self._filter_edit.textChanged.connect(self.on_filter_changed)
        self._copy_uid_button.clicked.connect(self.copy_request_uid)
        self._export_button.clicked.connect(self.on_export_clicked)
        self._clear_button.clicked.connect(self.clear)
        self._table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        scroll = self._table.verticalScrollBar()
        scroll.valueChanged.connect(self.on_scrolled)
        scroll.rangeChanged.connect(self.on_scroll_range_changed)
        for signal in (
            self._proxy.rowsInserted,
            self._proxy.rowsRemoved,
            self._proxy.modelReset,
            self._proxy.layoutChanged,
        ):
            signal.connect(self._schedule_count)
        self._proxy.rowsInserted.connect(self._throttle_painting)
        self._model.modelReset.connect(self.on_selection_changed)
        copy = self._table.addAction("")
        copy.setObjectName("copyRequestUidAction")
        self._texts.bind(copy.setText, lambda: self.tr("Copy requestUId"))
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_request_uid)

    def changeEvent(self, event: QEvent) -> None:
        if i18n.is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        """The panel's words, the table's headers and the detail in the interface language."""
        self._texts.apply()
        self._model.retranslate()
        self._update_count()
        self.on_selection_changed()

    # -- public API ----------------------------------------------------------------------------

    @property
    def model(self) -> ExchangeLogModel:
        return self._model

    @property
    def proxy(self) -> ExchangeFilterProxy:
        return self._proxy

    @property
    def table(self) -> QTableView:
        return self._table

    @property
    def filter_edit(self) -> QLineEdit:
        return self._filter_edit

    @property
    def detail_view(self) -> QPlainTextEdit:
        return self._detail

    def set_log(self, log: ExchangeLog | None) -> None:
        self._model.set_log(log)
        self._follow = True
        self._update_actions()

    def set_filter_text(self, text: str) -> None:
        self._filter_edit.setText(text)

    def visible_row_count(self) -> int:
        return self._proxy.rowCount()

    def selected_record(self) -> ExchangeRecord | None:
        rows = self._table.selectionModel().selectedRows()
        if not rows:
            return None
        source = self._proxy.mapToSource(rows[0])
        return self._model.record_at(source.row()) if source.isValid() else None

    def select_row(self, row: int) -> None:
        """Select the ``row``-th visible exchange."""
        index = self._proxy.index(row, 0)
        if index.isValid():
            self._table.selectRow(row)
            self._table.scrollTo(index)

    def is_following(self) -> bool:
        """True while new rows scroll the table to the bottom (the user has not scrolled up)."""
        return self._follow

    def copy_request_uid(self) -> None:
        record = self.selected_record()
        if record is not None and record.request_uid:
            copy_text(record.request_uid)

    def export_har(self, path: str | Path) -> Path:
        """Write the whole log as HAR to ``path`` (secrets stay masked); raises OSError."""
        log = self._model.log
        if log is None:
            log = ExchangeLog()
            for record in self._model.records():
                log.append(record)
        written = log.write_har(path)
        self.har_exported.emit(str(written))
        return written

    @property
    def exporting(self) -> bool:
        """True while a HAR export runs on its worker thread."""
        return bool(self._exports)

    def start_export(self, path: str | Path) -> asyncio.Task[Path | None] | None:
        """Export the log as HAR without blocking the GUI: the records are taken here (a
        snapshot), the HAR is built and written on a worker thread; a failure is shown in a
        message box. Without a running asyncio loop the file is written right away (None)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            try:
                self.export_har(path)
            except OSError as exc:
                self._export_failed(path, exc)
            return None
        task = loop.create_task(self._export_in_background(Path(path)))
        self._exports.add(task)
        self._export_button.setEnabled(False)
        task.add_done_callback(self._export_done)
        return task

    async def _export_in_background(self, path: Path) -> Path | None:
        import functools

        from scb_console.core.har import write_har_steps
        from scb_console.ui.worker import write_file_sliced

        records = tuple(self._model.records())
        try:
            await write_file_sliced(
                path,
                functools.partial(write_har_steps, records),
                parent=self,
                title=self.tr("Export HAR"),
            )
        except OSError as exc:
            self._export_failed(path, exc)
            return None
        self.har_exported.emit(str(path))
        return path

    def _export_done(self, task: asyncio.Task[Path | None]) -> None:
        self._exports.discard(task)
        self._update_actions()

    def _export_failed(self, path: str | Path, exc: OSError) -> None:
        from PySide6.QtWidgets import QMessageBox  # (dialogs load when first used)

        QMessageBox.warning(
            self,
            self.tr("Export HAR"),
            self.tr("Could not write {path}: {error}").format(path=path, error=exc.strerror or exc),
        )

    def clear(self) -> None:
        self._model.clear()
        self._detail.clear()
        self._follow = True

    # -- slots ---------------------------------------------------------------------------------

    def on_filter_changed(self, text: str) -> None:
        before = self.selected_record()
        self._proxy.set_filter_text(text)
        self._update_count()
        if self.selected_record() is not before:  # the selected row was filtered out
            self.on_selection_changed()

    def on_export_clicked(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the exchange log as HAR"),
            f"scb-console-{stamp}.har",
            self.tr("HTTP Archive (*.har);;All files (*)"),
        )
        if not path:
            return
        self.start_export(path)

    def on_selection_changed(self, *_: QItemSelection) -> None:
        record = self.selected_record()
        self._detail.setPlainText(format_exchange(record) if record is not None else "")
        self._update_actions()

    def on_scrolled(self, value: int) -> None:
        scroll = self._table.verticalScrollBar()
        self._follow = value >= scroll.maximum() - 2

    def on_scroll_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._follow:
            self._table.verticalScrollBar().setValue(maximum)

    # -- internals -----------------------------------------------------------------------------

    def _throttle_painting(self, *_: object) -> None:
        """Rows arrived: the first after a quiet spell paints at once; those that follow
        within :data:`_REPAINT_INTERVAL_MS` are painted together when the timer fires."""
        now = time.monotonic()
        if self._repaint_timer.isActive():
            self._rows_at = now
            return
        if now - self._rows_at < _REPAINT_INTERVAL_MS / 1000:
            self._table.viewport().setUpdatesEnabled(False)
            self._repaint_timer.start()
        self._rows_at = now

    def _resume_painting(self) -> None:
        self._table.viewport().setUpdatesEnabled(True)  # schedules one repaint of it all

    def _schedule_count(self, *_: object) -> None:
        """Update the count and actions once per event-loop turn, not once per row."""
        if not self._count_pending:
            self._count_pending = True
            QTimer.singleShot(0, self, self._update_count)

    def _update_count(self) -> None:
        self._count_pending = False
        total = self._model.rowCount()
        shown = self._proxy.rowCount()
        if shown == total:
            text = (
                self.tr("1 exchange")
                if total == 1
                else self.tr("{total} exchanges").format(total=f"{total:,}")
            )
        else:
            text = (
                self.tr("{shown} of 1 exchange")
                if total == 1
                else self.tr("{shown} of {total} exchanges")
            ).format(shown=f"{shown:,}", total=f"{total:,}")
        self._count_label.setText(text)
        self._update_actions()

    def _update_actions(self) -> None:
        has_rows = self._model.rowCount() > 0
        self._copy_uid_button.setEnabled(self.selected_record() is not None)
        self._export_button.setEnabled(has_rows and not self._exports)
        self._clear_button.setEnabled(has_rows)


__all__ = [
    "ExchangeColumn",
    "ExchangeFilterProxy",
    "ExchangeLogModel",
    "ExchangeLogPanel",
    "FilterTextRole",
    "filter_text",
    "format_exchange",
    "is_failure",
]
