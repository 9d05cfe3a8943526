"""The token table's model: every token of the session, with live remaining times.

Model/view, so a thousand rows cost what the visible ones cost: :meth:`TokenTableModel.on_tick`
emits ONE ``dataChanged`` over the time-dependent columns only, and the view repaints the rows it
shows. The text of the other columns is computed once, when the token is added.

No role of any column ever holds an unmasked token: the Token column shows
:func:`~scb_console.core.masking.mask` of it, and :meth:`token_at` is the only way to the
:class:`~scb_console.core.models.TokenSet` itself.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from scb_console.core.clock import Clock, format_remaining
from scb_console.core.masking import mask
from scb_console.core.models import TokenKind, TokenSet
from scb_console.ui import i18n
from scb_console.ui.i18n import QT_TRANSLATE_NOOP
from scb_console.ui.theme import (
    TokenStatus,
    is_dark,
    monospace_font,
    status_color,
    tabular_figures,
)

#: Sort key role: numbers for times, an ordinal for the status, lower-case text otherwise.
SortRole: Final = int(Qt.ItemDataRole.UserRole) + 1
#: The row's ``requestUId`` (not a secret), for lookups from a proxy index.
RequestUidRole: Final = int(Qt.ItemDataRole.UserRole) + 2

_Index = QModelIndex | QPersistentModelIndex
translate = QCoreApplication.translate


class Column(enum.IntEnum):
    KIND = 0
    PROFILE = 1
    ENVIRONMENT = 2
    TOKEN = 3
    ISSUED = 4
    EXPIRES_SERVER = 5
    EXPIRES_LOCAL = 6
    REMAINING = 7
    REFRESH_REMAINING = 8
    STATUS = 9
    RESOURCE_OWNER = 10


#: The time-dependent columns: one contiguous block, refreshed by each tick.
TICK_COLUMNS: Final = (Column.REMAINING, Column.REFRESH_REMAINING, Column.STATUS)

_HEADERS: Final = {
    Column.KIND: QT_TRANSLATE_NOOP("TokenTableModel", "Kind"),
    Column.PROFILE: QT_TRANSLATE_NOOP("TokenTableModel", "Profile"),
    Column.ENVIRONMENT: QT_TRANSLATE_NOOP("TokenTableModel", "Environment"),
    Column.TOKEN: QT_TRANSLATE_NOOP("TokenTableModel", "Token"),
    Column.ISSUED: QT_TRANSLATE_NOOP("TokenTableModel", "Issued"),
    Column.EXPIRES_SERVER: QT_TRANSLATE_NOOP("TokenTableModel", "Expires (server)"),
    Column.EXPIRES_LOCAL: QT_TRANSLATE_NOOP("TokenTableModel", "Expires (local)"),
    Column.REMAINING: QT_TRANSLATE_NOOP("TokenTableModel", "Remaining"),
    Column.REFRESH_REMAINING: QT_TRANSLATE_NOOP("TokenTableModel", "Refresh remaining"),
    Column.STATUS: QT_TRANSLATE_NOOP("TokenTableModel", "Status"),
    Column.RESOURCE_OWNER: "resourceOwnerId",  # SCB's header name, in every language
}

_HEADER_TIPS: Final = {
    Column.KIND: QT_TRANSLATE_NOOP(
        "TokenTableModel",
        "Server token (2-legged: API key and secret) or user token (3-legged: "
        "a customer's consent, or a refresh of one)",
    ),
    Column.PROFILE: QT_TRANSLATE_NOOP(
        "TokenTableModel", "The profile whose credentials obtained the token"
    ),
    Column.ENVIRONMENT: QT_TRANSLATE_NOOP(
        "TokenTableModel", "Where the token was issued; a token only works in that environment"
    ),
    Column.TOKEN: QT_TRANSLATE_NOOP(
        "TokenTableModel", "The access token, masked: its first 4 characters and its length"
    ),
    Column.ISSUED: QT_TRANSLATE_NOOP(
        "TokenTableModel", "When the response arrived, on this computer's clock"
    ),
    Column.EXPIRES_SERVER: QT_TRANSLATE_NOOP(
        "TokenTableModel", "expiresAt from the response: the expiry on the server's clock"
    ),
    Column.EXPIRES_LOCAL: QT_TRANSLATE_NOOP(
        "TokenTableModel",
        "Issued + expiresIn on this computer's clock; differs from the "
        "server's expiry by the clock skew",
    ),
    Column.REMAINING: QT_TRANSLATE_NOOP(
        "TokenTableModel",
        "Time left before the access token expires (from expiresIn, counted on "
        "a monotonic clock that a changed system clock does not move)",
    ),
    Column.REFRESH_REMAINING: QT_TRANSLATE_NOOP(
        "TokenTableModel",
        "Time left before the refresh token expires (refreshExpiresIn); "
        "after that the customer must authorize again",
    ),
    Column.STATUS: QT_TRANSLATE_NOOP(
        "TokenTableModel",
        "Valid, expiring (under 5 minutes left), expired, or superseded by a refresh",
    ),
    Column.RESOURCE_OWNER: QT_TRANSLATE_NOOP(
        "TokenTableModel",
        "The customer's id (resourceOwnerId response header of the code "
        "exchange); customer calls send it back",
    ),
}

_STATUS_ORDER: Final = {
    TokenStatus.VALID: 0,
    TokenStatus.EXPIRING: 1,
    TokenStatus.EXPIRED: 2,
    TokenStatus.SUPERSEDED: 3,
}

_DASH: Final = "—"

#: The roles a tick changes.
_TICK_ROLES: Final = [
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.AccessibleTextRole,
    SortRole,
]

# data() runs for every painted cell and role: plain ints and a tuple, not enum look-ups
_COLUMNS: Final = tuple(Column)
_COLUMN_COUNT: Final = len(_COLUMNS)
_DISPLAY: Final = int(Qt.ItemDataRole.DisplayRole)
_ACCESSIBLE: Final = int(Qt.ItemDataRole.AccessibleTextRole)
_TOOLTIP: Final = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND: Final = int(Qt.ItemDataRole.ForegroundRole)
_DECORATION: Final = int(Qt.ItemDataRole.DecorationRole)
_FONT: Final = int(Qt.ItemDataRole.FontRole)
_ALIGNMENT: Final = int(Qt.ItemDataRole.TextAlignmentRole)
_ANSWERED_ROLES: Final = frozenset(
    (_DISPLAY, _ACCESSIBLE, SortRole, _TOOLTIP, _FOREGROUND, _DECORATION, _FONT, _ALIGNMENT)
) | {RequestUidRole}
_RIGHT_ALIGNED: Final = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def format_local_time(epoch: float | None, *, seconds: bool = True) -> str:
    """``14:32:05`` in the local time zone (a dash for None)."""
    if epoch is None:
        return _DASH
    moment = dt.datetime.fromtimestamp(epoch).astimezone()
    return moment.strftime("%H:%M:%S" if seconds else "%H:%M")


def format_local_datetime(epoch: float | None) -> str:
    """``15 Jun 2025 14:32:05 +07:00`` in the local time zone and the interface's locale
    (``15 มิ.ย. 2568 14:32:05 +07:00`` in Thai with Buddhist-era years); a dash for None."""
    if epoch is None:
        return _DASH
    moment = dt.datetime.fromtimestamp(epoch).astimezone()
    offset = moment.isoformat(timespec="seconds")[19:] or "+00:00"
    return f"{i18n.format_date(epoch)} {moment.strftime('%H:%M:%S')} {offset}"


def _header(column: Column) -> str:
    return translate("TokenTableModel", _HEADERS[column])


def _header_tip(column: Column) -> str:
    return translate("TokenTableModel", _HEADER_TIPS[column])


@dataclass(slots=True)
class _Row:
    """One token and the text of its columns that never change."""

    token: TokenSet
    static: dict[Column, str]
    static_tips: dict[Column, str]
    superseded_by: str | None = None
    #: The status the last per-row tick told views about: the Status cell is repainted only
    #: when it changes.
    ticked_status: TokenStatus | None = None


class TokenTableModel(QAbstractTableModel):
    """Rows of :class:`TokenSet`; columns :class:`Column`; tick with :meth:`on_tick`."""

    #: A row became superseded: (old requestUId, new requestUId).
    superseded = Signal(str, str)

    def __init__(
        self, clock: Clock, parent: QObject | None = None, *, expiring_at: float = 300.0
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._expiring_at = float(expiring_at)
        self._rows: list[_Row] = []
        #: requestUId -> requestUId of the token that replaced it by a refresh.
        self._replaced_by: dict[str, str] = {}
        self._icons: dict[tuple[TokenStatus, bool], QIcon] = {}
        self._fonts: dict[Column, QFont] = {}  # made on first use, then reused by every cell

    # -- public API ----------------------------------------------------------------------------

    @property
    def clock(self) -> Clock:
        return self._clock

    @property
    def expiring_at(self) -> float:
        return self._expiring_at

    def add_token(self, token: TokenSet) -> int:
        """Append a token; return its row. A refresh marks the token it replaces superseded."""
        row = len(self._rows)
        entry = self._make_row(token)
        entry.superseded_by = self._replaced_by.get(token.request_uid)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(entry)
        self.endInsertRows()
        if token.replaces:
            self._replaced_by[token.replaces] = token.request_uid
            old = self.row_of(token.replaces)
            if old is not None and self._rows[old].superseded_by is None:
                self._rows[old].superseded_by = token.request_uid
                self.dataChanged.emit(
                    self.index(old, 0), self.index(old, len(Column) - 1), self._all_roles()
                )
                self.superseded.emit(token.replaces, token.request_uid)
        return row

    def forget(self, row: int) -> TokenSet:
        """Remove a row; return its token."""
        if not 0 <= row < len(self._rows):
            raise IndexError(f"no token at row {row}")
        self.beginRemoveRows(QModelIndex(), row, row)
        entry = self._rows.pop(row)
        self.endRemoveRows()
        return entry.token

    def retranslate(self) -> None:
        """Every text again in the interface language (headers, kinds, tips, dates)."""
        for entry in self._rows:
            fresh = self._make_row(entry.token)
            entry.static, entry.static_tips = fresh.static, fresh.static_tips
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(Column) - 1)
            )

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self._replaced_by.clear()
        self.endResetModel()

    def token_at(self, row: int) -> TokenSet:
        if not 0 <= row < len(self._rows):
            raise IndexError(f"no token at row {row}")
        return self._rows[row].token

    def tokens(self) -> list[TokenSet]:
        return [entry.token for entry in self._rows]

    def row_of(self, request_uid: str) -> int | None:
        """The row of the token with this ``requestUId`` (the newest if several), or None."""
        for row in range(len(self._rows) - 1, -1, -1):
            if self._rows[row].token.request_uid == request_uid:
                return row
        return None

    def superseded_by(self, row: int) -> str | None:
        """The ``requestUId`` of the refresh that replaced this row's token, or None."""
        return self._rows[row].superseded_by

    def lineage(self, row: int) -> list[TokenSet]:
        """The chain of tokens this one descends from by refresh, oldest first, itself last."""
        chain = [self.token_at(row)]
        seen = {chain[0].request_uid}
        while chain[0].replaces and chain[0].replaces not in seen:
            previous = self.row_of(chain[0].replaces)
            if previous is None:
                break
            chain.insert(0, self._rows[previous].token)
            seen.add(chain[0].request_uid)
        return chain

    def status_at(self, row: int) -> TokenStatus:
        entry = self._rows[row]
        if entry.superseded_by is not None:
            return TokenStatus.SUPERSEDED
        remaining = entry.token.access_remaining(self._clock)
        if remaining <= 0:
            return TokenStatus.EXPIRED
        if remaining < self._expiring_at:
            return TokenStatus.EXPIRING
        return TokenStatus.VALID

    def on_tick(self, rows: Iterable[int] | None = None) -> None:
        """Tell views the time-dependent columns changed: one signal, whatever the row count.

        ``rows``: only these rows changed as far as the caller cares (the ones a view shows),
        one signal per changed cell. A sorting proxy reacts to a signal over every row by
        visiting every row (two Python calls per row): for a thousand tokens most of a tick.
        """
        if not self._rows:
            return
        if rows is None:
            self.dataChanged.emit(
                self.index(0, TICK_COLUMNS[0]),
                self.index(len(self._rows) - 1, TICK_COLUMNS[-1]),
                _TICK_ROLES,
            )
            return
        count = len(self._rows)
        for row in sorted({r for r in rows if 0 <= r < count}):
            entry = self._rows[row]
            status = self.status_at(row)
            # one signal per cell: a view repaints exactly that cell (over a range it repaints
            # the cell beside it too); the Status cell only when the status changed
            for column in TICK_COLUMNS:
                if column is Column.STATUS and status is entry.ticked_status:
                    continue
                index = self.index(row, column)
                self.dataChanged.emit(index, index, _TICK_ROLES)
            entry.ticked_status = status

    # -- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return _header(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _header_tip(column)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if role not in _ANSWERED_ROLES:  # most roles a delegate asks for: nothing to look up
            return None
        row = index.row()
        if not 0 <= row < len(self._rows) or not index.isValid():
            return None
        column = _COLUMNS[index.column()]
        entry = self._rows[row]
        if role in (_DISPLAY, _ACCESSIBLE):
            return self._display(row, entry, column)
        if role == SortRole:
            return self._sort_key(row, entry, column)
        if role == _TOOLTIP:
            return self._tooltip(row, entry, column)
        if role == _FOREGROUND:
            return self._foreground(row, column)
        if role == _DECORATION:
            return self._status_icon(self.status_at(row)) if column is Column.STATUS else None
        if role == _FONT:
            return self._font(column)
        if role == _ALIGNMENT:
            if column is Column.REMAINING or column is Column.REFRESH_REMAINING:
                return _RIGHT_ALIGNED
            return None
        if role == RequestUidRole:
            return entry.token.request_uid
        return None

    def _font(self, column: Column) -> QFont | None:
        if column is not Column.TOKEN and column is not Column.REMAINING:
            return None
        font = self._fonts.get(column)
        if font is None:
            if column is Column.TOKEN:
                font = monospace_font()
            else:
                font = QFont()
                tabular_figures(font)
            self._fonts[column] = font
        return font

    # -- cells ---------------------------------------------------------------------------------

    def _make_row(self, token: TokenSet) -> _Row:
        issued = token.issued_wall
        local_expiry = issued + token.expires_in
        static = {
            Column.KIND: translate("TokenTableModel", "User")
            if token.kind is TokenKind.USER
            else translate("TokenTableModel", "Server"),
            Column.PROFILE: token.profile_name,
            Column.ENVIRONMENT: token.environment.label,
            Column.TOKEN: mask(token.access_token),
            Column.ISSUED: format_local_time(issued),
            Column.EXPIRES_SERVER: format_local_time(token.expires_at),
            Column.EXPIRES_LOCAL: format_local_time(local_expiry),
            Column.RESOURCE_OWNER: token.resource_owner_id or _DASH,
        }
        refresh = (
            translate("TokenTableModel", "\nRefresh token: {token}").format(
                token=mask(token.refresh_token)
            )
            if token.refresh_token
            else ""
        )
        server_expiry = (
            translate(
                "TokenTableModel",
                "expiresAt {epoch} = {date}\n(the server's clock, shown in your time zone)",
            ).format(epoch=token.expires_at, date=format_local_datetime(token.expires_at))
            if token.expires_at is not None
            else translate("TokenTableModel", "The response had no expiresAt")
        )
        skew = (
            translate("TokenTableModel", "\nClock skew: {skew} s (server minus local)").format(
                skew=f"{token.skew:+.1f}"
            )
            if token.skew is not None
            else ""
        )
        tips = {
            Column.KIND: _header_tip(Column.KIND),
            Column.PROFILE: translate(
                "TokenTableModel", "Profile {name!r}\nBase URL: {url}"
            ).format(name=token.profile_name, url=token.base_url),
            Column.ENVIRONMENT: _header_tip(Column.ENVIRONMENT),
            Column.TOKEN: translate(
                "TokenTableModel", "{type} {token} (masked){refresh}\nrequestUId: {uid}"
            ).format(
                type=token.token_type or "Bearer",
                token=mask(token.access_token),
                refresh=refresh,
                uid=token.request_uid,
            ),
            Column.ISSUED: translate(
                "TokenTableModel", "Received {date} (local clock){skew}"
            ).format(date=format_local_datetime(issued), skew=skew),
            Column.EXPIRES_SERVER: server_expiry,
            Column.EXPIRES_LOCAL: translate(
                "TokenTableModel", "Issued + expiresIn ({seconds} s) = {date} (local clock){skew}"
            ).format(seconds=token.expires_in, date=format_local_datetime(local_expiry), skew=skew),
            Column.RESOURCE_OWNER: _header_tip(Column.RESOURCE_OWNER)
            if token.resource_owner_id
            else translate(
                "TokenTableModel", "Server tokens have no resource owner: no customer consented"
            ),
        }
        return _Row(token=token, static=static, static_tips=tips)

    def _display(self, row: int, entry: _Row, column: Column) -> str:
        if column is Column.REMAINING:
            return format_remaining(entry.token.access_remaining(self._clock))
        if column is Column.REFRESH_REMAINING:
            remaining = entry.token.refresh_remaining(self._clock)
            return _DASH if remaining is None else format_remaining(remaining)
        if column is Column.STATUS:
            return self.status_at(row).label
        return entry.static[column]

    def _sort_key(self, row: int, entry: _Row, column: Column) -> Any:
        token = entry.token
        if column is Column.REMAINING:
            return token.access_remaining(self._clock)
        if column is Column.REFRESH_REMAINING:
            remaining = token.refresh_remaining(self._clock)
            return -1.0 if remaining is None else remaining
        if column is Column.STATUS:
            return _STATUS_ORDER[self.status_at(row)]
        if column is Column.ISSUED:
            return token.issued_wall
        if column is Column.EXPIRES_SERVER:
            return float(token.expires_at) if token.expires_at is not None else -1.0
        if column is Column.EXPIRES_LOCAL:
            return token.issued_wall + token.expires_in
        return entry.static[column].lower()

    def _tooltip(self, row: int, entry: _Row, column: Column) -> str:
        if column is Column.REMAINING:
            remaining = entry.token.access_remaining(self._clock)
            return (
                translate("TokenTableModel", "{left} left of {total}").format(
                    left=format_remaining(remaining),
                    total=format_remaining(entry.token.expires_in),
                )
                + "\n"
                + _header_tip(Column.REMAINING)
            )
        if column is Column.REFRESH_REMAINING:
            if entry.token.refresh_deadline is None:
                return translate(
                    "TokenTableModel", "No refresh token: server tokens are requested again instead"
                )
            return _header_tip(Column.REFRESH_REMAINING)
        if column is Column.STATUS:
            status = self.status_at(row)
            if status is TokenStatus.SUPERSEDED:
                return translate(
                    "TokenTableModel", "Replaced by the refresh with requestUId {uid}"
                ).format(uid=entry.superseded_by)
            return _header_tip(Column.STATUS)
        return entry.static_tips[column]

    def _foreground(self, row: int, column: Column) -> QColor | None:
        if column not in (Column.STATUS, Column.REMAINING):
            return None
        status = self.status_at(row)
        if column is Column.REMAINING and status is TokenStatus.VALID:
            return None
        return status_color(status, is_dark())

    def _status_icon(self, status: TokenStatus) -> QIcon:
        dark = is_dark()
        key = (status, dark)
        icon = self._icons.get(key)
        if icon is None:
            icon = QIcon()
            for size in (12, 24):  # crisp at 1x and 2x
                pixmap = QPixmap(size, size)
                pixmap.fill(Qt.GlobalColor.transparent)
                painter = QPainter(pixmap)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(status_color(status, dark))
                margin = size / 6
                painter.drawEllipse(
                    pixmap.rect().toRectF().adjusted(margin, margin, -margin, -margin)
                )
                painter.end()
                icon.addPixmap(pixmap)
            self._icons[key] = icon
        return icon

    def _all_roles(self) -> Sequence[int]:
        return []  # every role
