"""The token table model: columns, masking, supersession, and a cheap tick for 1,000 rows."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt
import itertools
import uuid
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from scb_console.core.clock import FakeClock
from scb_console.core.contract import Environment
from scb_console.core.masking import mask
from scb_console.core.models import TokenKind, TokenSet
from scb_console.ui.theme import TokenStatus, is_dark, status_color
from scb_console.ui.token_model import TICK_COLUMNS, Column, SortRole, TokenTableModel

#: The status icons and colours need a QApplication even where no widget is shown.
pytestmark = pytest.mark.usefixtures("qapp")

_counter = itertools.count(1)


def make_token(
    clock: FakeClock,
    *,
    kind: TokenKind = TokenKind.USER,
    replaces: str | None = None,
    skew: float | None = 0.0,
    expires_in: int = 1800,
    profile: str = "Local sandbox",
    environment: Environment = Environment.LOCAL,
) -> TokenSet:
    """A token issued now on ``clock``, with fresh random secrets (uuid4, as SCB's look)."""
    access = str(uuid.uuid4())
    refresh = str(uuid.uuid4()) if kind is TokenKind.USER else None
    wall = clock.wall()
    server_now = int(wall + (skew or 0.0))
    raw: dict[str, Any] = {
        "accessToken": access,
        "tokenType": "Bearer",
        "expiresIn": expires_in,
        "expiresAt": server_now + expires_in,
    }
    if refresh is not None:
        raw |= {
            "refreshToken": refresh,
            "refreshExpiresIn": 3600,
            "refreshExpiresAt": server_now + 3600,
        }
    return TokenSet(
        kind=kind,
        access_token=access,
        token_type="Bearer",
        expires_in=expires_in,
        expires_at=server_now + expires_in,
        issued_mono=clock.monotonic(),
        issued_wall=wall,
        request_uid=f"{next(_counter):08d}-{uuid.uuid4()}"[:36],
        profile_name=profile,
        environment=environment,
        base_url="http://127.0.0.1:8765",
        refresh_token=refresh,
        refresh_expires_in=3600 if refresh else None,
        refresh_expires_at=server_now + 3600 if refresh else None,
        resource_owner_id="cust-0001" if refresh else None,
        server_date=None if skew is None else wall + skew,
        skew=skew,
        raw=raw,
        replaces=replaces,
    )


ALL_ROLES = [
    *range(0, 40),
    *range(int(Qt.ItemDataRole.UserRole), int(Qt.ItemDataRole.UserRole) + 8),
]


def _text(value: Any) -> str:
    if isinstance(value, QIcon):
        return ""
    return str(value)


def _cell(model: TokenTableModel, row: int, column: Column, role: int = 0) -> Any:
    return model.data(model.index(row, column), role)


def test_columns_and_headers(clock: FakeClock) -> None:
    model = TokenTableModel(clock)
    assert model.columnCount() == 11
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(11)]
    assert headers == [
        "Kind",
        "Profile",
        "Environment",
        "Token",
        "Issued",
        "Expires (server)",
        "Expires (local)",
        "Remaining",
        "Refresh remaining",
        "Status",
        "resourceOwnerId",
    ]
    for column in range(11):  # every header explains its field
        tip = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        assert isinstance(tip, str)
        assert len(tip) > 20


def test_row_shows_each_field(clock: FakeClock) -> None:
    model = TokenTableModel(clock)
    token = make_token(clock, skew=6.0)
    assert model.add_token(token) == 0
    local = dt.datetime.fromtimestamp(token.issued_wall).astimezone()
    server_expiry = dt.datetime.fromtimestamp(token.expires_at or 0).astimezone()
    assert _cell(model, 0, Column.KIND) == "User"
    assert _cell(model, 0, Column.PROFILE) == "Local sandbox"
    assert _cell(model, 0, Column.ENVIRONMENT) == "Local sandbox"
    assert _cell(model, 0, Column.TOKEN) == mask(token.access_token)
    assert _cell(model, 0, Column.ISSUED) == local.strftime("%H:%M:%S")
    assert _cell(model, 0, Column.EXPIRES_SERVER) == server_expiry.strftime("%H:%M:%S")
    local_expiry = local + dt.timedelta(seconds=1800)
    assert _cell(model, 0, Column.EXPIRES_LOCAL) == local_expiry.strftime("%H:%M:%S")
    assert _cell(model, 0, Column.REMAINING) == "30:00"
    assert _cell(model, 0, Column.REFRESH_REMAINING) == "1:00:00"
    assert _cell(model, 0, Column.STATUS) == "Valid"
    assert _cell(model, 0, Column.RESOURCE_OWNER) == "cust-0001"
    assert model.token_at(0) is token

    server = make_token(clock, kind=TokenKind.SERVER)
    model.add_token(server)
    assert _cell(model, 1, Column.KIND) == "Server"
    assert _cell(model, 1, Column.REFRESH_REMAINING) == "—"
    assert _cell(model, 1, Column.RESOURCE_OWNER) == "—"


def test_status_follows_the_clock(clock: FakeClock) -> None:
    model = TokenTableModel(clock)
    model.add_token(make_token(clock))
    clock.advance(1500)  # 300 s left: not yet expiring (< 5 min)
    assert model.status_at(0) is TokenStatus.VALID
    clock.advance(1)
    assert model.status_at(0) is TokenStatus.EXPIRING
    assert _cell(model, 0, Column.STATUS) == "Expiring"
    assert _cell(model, 0, Column.REMAINING) == "4:59"
    dark = is_dark()
    assert _cell(model, 0, Column.STATUS, Qt.ItemDataRole.ForegroundRole) == status_color(
        TokenStatus.EXPIRING, dark
    )
    clock.advance(299)
    assert model.status_at(0) is TokenStatus.EXPIRED
    assert _cell(model, 0, Column.REMAINING) == "0:00"
    assert _cell(model, 0, Column.REFRESH_REMAINING) == "30:00"
    assert isinstance(_cell(model, 0, Column.STATUS, Qt.ItemDataRole.DecorationRole), QIcon)
    clock.set_wall(0)  # a changed system clock changes nothing
    assert _cell(model, 0, Column.REFRESH_REMAINING) == "30:00"


def test_no_role_of_any_column_holds_a_token(clock: FakeClock) -> None:
    model = TokenTableModel(clock)
    tokens = [make_token(clock), make_token(clock, kind=TokenKind.SERVER)]
    tokens.append(make_token(clock, replaces=tokens[0].request_uid))
    for token in tokens:
        model.add_token(token)
    secrets = [
        value
        for token in tokens
        for value in (token.access_token, token.refresh_token)
        if value is not None
    ]
    seen = 0
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            for role in ALL_ROLES:
                text = _text(model.data(model.index(row, column), role))
                seen += bool(text)
                for secret in secrets:
                    assert secret not in text
                    assert secret[:9] not in text, (row, column, role)
    assert seen > 100  # the roles were really there to look at
    for column in range(model.columnCount()):
        for role in ALL_ROLES:
            text = _text(model.headerData(column, Qt.Orientation.Horizontal, role))
            assert not any(secret[:9] in text for secret in secrets)


def test_a_refresh_supersedes_the_token_it_replaces(qtbot: QtBot, clock: FakeClock) -> None:
    model = TokenTableModel(clock)
    first = make_token(clock)
    model.add_token(first)
    other = make_token(clock, profile="Other")
    model.add_token(other)
    clock.advance(600)
    refreshed = make_token(clock, replaces=first.request_uid)
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom, *_: changed.append((top.row(), bottom.row())))
    with qtbot.waitSignal(model.superseded, timeout=100) as blocker:
        model.add_token(refreshed)
    assert blocker.args == [first.request_uid, refreshed.request_uid]
    assert changed == [(0, 0)]
    assert model.status_at(0) is TokenStatus.SUPERSEDED
    assert _cell(model, 0, Column.STATUS) == "Superseded by refresh"
    assert refreshed.request_uid in _cell(model, 0, Column.STATUS, Qt.ItemDataRole.ToolTipRole)
    assert model.superseded_by(0) == refreshed.request_uid
    assert model.status_at(1) is TokenStatus.VALID
    assert model.status_at(2) is TokenStatus.VALID
    assert model.lineage(2) == [first, refreshed]
    assert model.lineage(1) == [other]
    again = make_token(clock, replaces=refreshed.request_uid)
    model.add_token(again)
    assert model.lineage(3) == [first, refreshed, again]
    assert model.status_at(2) is TokenStatus.SUPERSEDED


def test_a_replaced_token_added_after_its_refresh_is_superseded(clock: FakeClock) -> None:
    model = TokenTableModel(clock)
    first = make_token(clock)
    model.add_token(make_token(clock, replaces=first.request_uid))
    model.add_token(first)
    assert model.status_at(1) is TokenStatus.SUPERSEDED


def test_forget_and_token_at(clock: FakeClock) -> None:
    model = TokenTableModel(clock)
    tokens = [make_token(clock) for _ in range(3)]
    for token in tokens:
        model.add_token(token)
    assert model.forget(1) is tokens[1]
    assert model.tokens() == [tokens[0], tokens[2]]
    assert model.row_of(tokens[2].request_uid) == 1
    assert model.row_of(tokens[1].request_uid) is None
    with pytest.raises(IndexError, match="no token at row 5"):
        model.token_at(5)
    with pytest.raises(IndexError):
        model.forget(-1)
    model.clear()
    assert model.rowCount() == 0


def test_sort_role_orders_by_time_left(clock: FakeClock) -> None:
    model = TokenTableModel(clock)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    for expires_in in (900, 1800, 60):
        model.add_token(make_token(clock, expires_in=expires_in))
    proxy.sort(Column.REMAINING, Qt.SortOrder.AscendingOrder)
    shown = [proxy.index(row, Column.REMAINING).data() for row in range(3)]
    assert shown == ["1:00", "15:00", "30:00"]
    assert isinstance(model.data(model.index(0, Column.REMAINING), SortRole), float)


def test_tick_is_one_signal_over_the_time_columns_of_1000_rows(clock: FakeClock) -> None:
    model = TokenTableModel(clock)
    for _ in range(1000):
        model.add_token(make_token(clock))
    signals: list[tuple[int, int, int, int]] = []

    def on_changed(
        top: QModelIndex | QPersistentModelIndex,
        bottom: QModelIndex | QPersistentModelIndex,
        roles: list[int],
    ) -> None:
        signals.append((top.row(), top.column(), bottom.row(), bottom.column()))

    model.dataChanged.connect(on_changed)
    model.on_tick()
    assert signals == [(0, TICK_COLUMNS[0], 999, TICK_COLUMNS[-1])]
    assert [Column(c) for c in range(TICK_COLUMNS[0], TICK_COLUMNS[-1] + 1)] == [
        Column.REMAINING,
        Column.REFRESH_REMAINING,
        Column.STATUS,
    ]


class _CountingModel(TokenTableModel):
    def __init__(self, clock: FakeClock) -> None:
        super().__init__(clock)
        self.rows_asked: set[int] = set()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if index.column() == Column.REMAINING and role == Qt.ItemDataRole.DisplayRole:
            self.rows_asked.add(index.row())
        return super().data(index, role)


def test_a_tick_repaints_only_the_visible_rows(qtbot: QtBot, clock: FakeClock) -> None:
    model = _CountingModel(clock)
    for _ in range(1000):
        model.add_token(make_token(clock))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(900, 300)
    view.show()
    qtbot.waitExposed(view)
    model.rows_asked.clear()
    clock.advance(1)
    model.on_tick()
    qtbot.waitUntil(lambda: bool(model.rows_asked), timeout=2000)
    assert 0 < len(model.rows_asked) < 30  # the rows on screen, not the 1,000
    assert max(model.rows_asked) < 30
