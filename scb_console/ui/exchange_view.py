"""The exchange log on screen: a table of every HTTP exchange, a filter, the masked detail.

:class:`ExchangeLogModel` keeps nothing but the (already masked) records and computes each cell
when asked, so 100,000 exchanges cost a list of references. :class:`ExchangeLogPanel` adds the
view, a filter over all columns, the detail of the selected exchange, and the actions.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
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
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from scb_console.core.exchange import ExchangeLog, ExchangeRecord
from scb_console.ui.clipboard import copy_text
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
    ExchangeColumn.TIME: "Time",
    ExchangeColumn.STEP: "Step",
    ExchangeColumn.METHOD: "Method",
    ExchangeColumn.PATH: "Path",
    ExchangeColumn.STATUS: "Status",
    ExchangeColumn.SCB_CODE: "SCB code",
    ExchangeColumn.DURATION: "Duration (ms)",
    ExchangeColumn.REQUEST_UID: "requestUId",
}

_HEADER_TIPS: Final = {
    ExchangeColumn.TIME: "When the request was sent (local clock)",
    ExchangeColumn.STEP: "Which step of the flow made the call",
    ExchangeColumn.METHOD: "HTTP method",
    ExchangeColumn.PATH: "The request's path and query (secrets masked); the tooltip has the URL",
    ExchangeColumn.STATUS: "HTTP status of the answer; a dash when no answer came",
    ExchangeColumn.SCB_CODE: "status.code of SCB's envelope: 1000 is success; 9xxx are errors",
    ExchangeColumn.DURATION: "From sending the request to reading the whole answer",
    ExchangeColumn.REQUEST_UID: "The requestUId header the console sent: quote it to SCB "
    "support to find the call in their logs",
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
        return "error" if record.error else _DASH
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


def _cell(record: ExchangeRecord, column: int) -> str:
    return _CELLS[column](record)


def filter_text(record: ExchangeRecord) -> str:
    """Each column's text and the whole URL, lower-case, tab-separated: what the filter reads."""
    return "\t".join([cell(record) for cell in _CELLS] + [record.url]).lower()


def _pretty_body(body: str) -> str:
    if not body:
        return "(no body)"
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
        summary.append(f"SCB code {record.scb_code}")
    summary.append(f"requestUId {record.request_uid}")
    if record.status is None:
        lines.append(f"── No answer ({' · '.join(summary)})")
        if record.error:
            lines.append(record.error)
        return "\n".join(lines)
    lines.append(f"── HTTP {record.status} ({' · '.join(summary)})")
    if record.error:
        lines.append(f"Error: {record.error}")
    lines.extend(f"{name}: {value}" for name, value in record.response_headers)
    lines.append("")
    lines.append(_pretty_body(record.response_body))
    return "\n".join(lines)


class ExchangeLogModel(QAbstractTableModel):
    """The records of an :class:`ExchangeLog`, one row each, kept in step by subscription."""

    def __init__(self, log: ExchangeLog | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[ExchangeRecord] = []
        self._log: ExchangeLog | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._max_records: int | None = None
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
        return 0 if parent.isValid() else len(ExchangeColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(ExchangeColumn):
            return None
        column = ExchangeColumn(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _HEADER_TIPS[column]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._records):
            return None
        record = self._records[row]
        column = ExchangeColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _cell(record, column)
        if role == FilterTextRole:
            return filter_text(record)
        if role == Qt.ItemDataRole.ForegroundRole:
            return error_color(is_dark()) if is_failure(record) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            ExchangeColumn.STATUS,
            ExchangeColumn.SCB_CODE,
            ExchangeColumn.DURATION,
        ):
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole:
            if column is ExchangeColumn.REQUEST_UID:
                return monospace_font()
            if column in (ExchangeColumn.TIME, ExchangeColumn.DURATION):
                return tabular_figures(QFont())
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
        return _HEADER_TIPS[column]

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
        self.endInsertRows()
        if self._max_records is not None and len(self._records) > self._max_records:
            extra = len(self._records) - self._max_records
            self.beginRemoveRows(QModelIndex(), 0, extra - 1)
            del self._records[:extra]
            self.endRemoveRows()

    def _on_log_cleared(self) -> None:
        self.beginResetModel()
        self._records.clear()
        self.endResetModel()


class ExchangeFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose joined text contains every word of the filter (any order)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self.setFilterRole(FilterTextRole)

    def set_filter_text(self, text: str) -> None:
        words = tuple(text.lower().split())
        if words == self._words:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+: invalidateRowsFilter is deprecated
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._words = words
            self.invalidateRowsFilter()

    def filter_text(self) -> str:
        return " ".join(self._words)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        if isinstance(model, ExchangeLogModel):  # skip the QVariant round trip: 100,000 rows
            text = filter_text(model.record_at(source_row))
        else:
            text = model.data(model.index(source_row, 0, source_parent), FilterTextRole)
        return isinstance(text, str) and all(word in text for word in self._words)


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

        self._filter_edit = QLineEdit(self)
        self._filter_edit.setObjectName("exchangeFilterEdit")
        self._filter_edit.setPlaceholderText("Filter: step, path, status, SCB code, requestUId…")
        self._filter_edit.setClearButtonEnabled(True)
        self._filter_edit.setAccessibleName("Filter exchanges")
        self._filter_edit.setToolTip(
            "Shows the exchanges whose columns contain every word typed (any order, any case)"
        )
        self._count_label = QLabel(self)
        self._count_label.setObjectName("exchangeCountLabel")

        self._copy_uid_button = QPushButton("Copy requestUId", self)
        self._copy_uid_button.setObjectName("copyRequestUidButton")
        self._copy_uid_button.setToolTip("Copy the selected exchange's requestUId (for support)")
        self._export_button = QPushButton("Export HAR…", self)
        self._export_button.setObjectName("exportHarButton")
        self._export_button.setToolTip(
            "Save every exchange as a HAR file (secrets stay masked), for a bug report"
        )
        self._clear_button = QPushButton("Clear", self)
        self._clear_button.setObjectName("clearExchangeLogButton")
        self._clear_button.setToolTip("Forget every exchange in this log")

        self._table = QTableView(self)
        self._table.setObjectName("exchangeLogTable")
        self._table.setAccessibleName("Exchange log")
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
        self._detail.setAccessibleName("Exchange detail")
        self._detail.setReadOnly(True)
        self._detail.setProperty("code", True)
        self._detail.setFont(monospace_font())
        self._detail.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._detail.setPlaceholderText(
            "Select an exchange to see its request and answer (secrets masked)"
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
        self._model.modelReset.connect(self.on_selection_changed)
        copy = self._table.addAction("Copy requestUId")
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_request_uid)

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

    def clear(self) -> None:
        self._model.clear()
        self._detail.clear()
        self._follow = True

    # -- slots ---------------------------------------------------------------------------------

    def on_filter_changed(self, text: str) -> None:
        self._proxy.set_filter_text(text)
        self._update_count()

    def on_export_clicked(self) -> None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export the exchange log as HAR",
            f"scb-console-{stamp}.har",
            "HTTP Archive (*.har);;All files (*)",
        )
        if not path:
            return
        try:
            self.export_har(path)
        except OSError as exc:
            QMessageBox.warning(
                self, "Export HAR", f"Could not write {path}: {exc.strerror or exc}"
            )

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

    def _schedule_count(self, *_: object) -> None:
        """Update the count and actions once per event-loop turn, not once per row."""
        if not self._count_pending:
            self._count_pending = True
            QTimer.singleShot(0, self, self._update_count)

    def _update_count(self) -> None:
        self._count_pending = False
        total = self._model.rowCount()
        shown = self._proxy.rowCount()
        noun = "exchange" if total == 1 else "exchanges"
        text = f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun}"
        self._count_label.setText(text)
        self._update_actions()

    def _update_actions(self) -> None:
        has_rows = self._model.rowCount() > 0
        self._copy_uid_button.setEnabled(self.selected_record() is not None)
        self._export_button.setEnabled(has_rows)
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
