"""The token inspector: selection, detail, reveal, timeline, and its actions (clipboard too)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QTableView, QWidget
from pytestqt.qtbot import QtBot

from scb_console.core.clock import FakeClock
from scb_console.core.masking import mask
from scb_console.core.models import TokenKind, TokenSet
from scb_console.ui import clipboard
from scb_console.ui.clipboard import (
    cancel_secret_clear,
    copy_text,
    secret_clear_pending,
    set_secret_clear_delay,
)
from scb_console.ui.inspector import TokenInspector
from scb_console.ui.theme import TokenStatus
from scb_console.ui.timeline import TimelineWidget
from tests.ui.test_token_model import make_token


@pytest.fixture
def inspector(qtbot: QtBot, clock: FakeClock) -> TokenInspector:
    widget = TokenInspector(clock)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    return widget


@pytest.fixture(autouse=True)
def _clean_clipboard(qapp: QGuiApplication) -> Iterator[None]:
    yield
    cancel_secret_clear()
    QGuiApplication.clipboard().clear()
    set_secret_clear_delay(clipboard.DEFAULT_SECRET_CLEAR_SECONDS)


def _button(inspector: TokenInspector, name: str) -> QPushButton:
    button = inspector.findChild(QPushButton, name)
    assert isinstance(button, QPushButton), name
    return button


def _click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _visible_text(widget: QWidget) -> str:
    parts = []
    for label in widget.findChildren(QLabel):
        parts += [label.text(), label.toolTip()]
    for edit in widget.findChildren(QPlainTextEdit):
        parts.append(edit.toPlainText())
    for button in widget.findChildren(QPushButton):
        parts += [button.text(), button.toolTip()]
    return "\n".join(parts)


def test_object_names_for_automation(inspector: TokenInspector) -> None:
    assert inspector.findChild(QTableView, "tokenTable") is inspector.table
    assert inspector.findChild(TimelineWidget, "tokenTimeline") is inspector.timeline
    for name in ("copyAuthHeaderButton", "copyCurlButton", "refreshNowButton", "forgetTokenButton"):
        assert not _button(inspector, name).isEnabled()  # nothing selected yet


def test_adding_a_token_selects_it_and_fills_the_detail(
    inspector: TokenInspector, clock: FakeClock
) -> None:
    token = make_token(clock, skew=1.2)
    inspector.add_token(token)
    assert inspector.model.rowCount() == 1
    assert inspector.selected_token() is token
    text = _visible_text(inspector)
    assert token.request_uid in text
    assert "+1.2 s (server ahead)" in text
    assert "⚠" not in text
    assert "30:00 access · 1:00:00 refresh · valid" in text
    # a second token does not steal the selection
    other = make_token(clock, kind=TokenKind.SERVER)
    inspector.add_token(other)
    assert inspector.selected_token() is token
    # ... unless it refreshes the selected one
    refreshed = make_token(clock, replaces=token.request_uid)
    inspector.add_token(refreshed)
    assert inspector.selected_token() is refreshed
    assert inspector.model.status_at(0) is TokenStatus.SUPERSEDED


def test_secrets_never_on_screen_until_revealed(
    inspector: TokenInspector, clock: FakeClock
) -> None:
    token = make_token(clock)
    assert token.refresh_token is not None
    inspector.add_token(token)
    text = _visible_text(inspector)
    assert token.access_token not in text
    assert token.refresh_token not in text
    assert mask(token.access_token) in inspector.raw_view.toPlainText()

    inspector.set_reveal(True)
    assert inspector.is_revealed()
    assert token.access_token in inspector.raw_view.toPlainText()
    assert token.refresh_token in inspector.raw_view.toPlainText()

    # selecting another token masks again
    other = make_token(clock)
    inspector.add_token(other)
    inspector.select_source_row(1)
    assert not inspector.is_revealed()
    assert other.access_token not in inspector.raw_view.toPlainText()

    # presentation mode: the Reveal button is off and stays off
    inspector.set_reveal(True)
    inspector.set_reveal_allowed(False)
    reveal = _button(inspector, "revealTokenButton")
    assert not reveal.isEnabled()
    assert not reveal.isChecked()
    inspector.set_reveal(True)
    assert not inspector.is_revealed()
    assert other.access_token not in _visible_text(inspector)


def test_large_skew_warns_and_lineage_is_shown(inspector: TokenInspector, clock: FakeClock) -> None:
    first = make_token(clock, skew=-7.5)
    inspector.add_token(first)
    assert "⚠" in inspector.findChild(QLabel, "tokenSkewLabel").text()
    assert "server behind" in inspector.findChild(QLabel, "tokenSkewLabel").text()
    clock.advance(600)
    second = make_token(clock, replaces=first.request_uid, skew=0.0)
    inspector.add_token(second)
    lineage = inspector.findChild(QLabel, "tokenLineageLabel").text()
    assert lineage == f"{first.request_uid[:8]}… → this token"
    assert "⚠" not in inspector.findChild(QLabel, "tokenSkewLabel").text()
    inspector.select_source_row(0)
    lineage = inspector.findChild(QLabel, "tokenLineageLabel").text()
    assert lineage == f"first token of its line → superseded by {second.request_uid[:8]}…"


def test_copy_authorization_header_is_cleared_after_the_delay(
    inspector: TokenInspector, clock: FakeClock, qtbot: QtBot
) -> None:
    token = make_token(clock)
    inspector.add_token(token)
    inspector.set_clipboard_clear_delay(0.05)
    board = QGuiApplication.clipboard()
    with qtbot.waitSignal(inspector.message, timeout=100) as blocker:
        _click(qtbot, _button(inspector, "copyAuthHeaderButton"))
    assert board.text() == f"Bearer {token.access_token}"
    assert blocker.args == ["Authorization header copied; the clipboard is cleared in 0.05 s"]
    assert secret_clear_pending()
    qtbot.waitUntil(lambda: board.text() == "", timeout=2000)
    assert not secret_clear_pending()


def test_clearing_leaves_what_the_user_copied_since(qapp: QGuiApplication, qtbot: QtBot) -> None:
    board = QGuiApplication.clipboard()
    set_secret_clear_delay(0.05)
    copy_text("Bearer secret-token-value", secret=True)
    assert board.text() == "Bearer secret-token-value"
    assert board.mimeData().data("x-kde-passwordManagerHint").data() == b"secret"
    board.setText("something the user copied")
    qtbot.waitUntil(lambda: not secret_clear_pending(), timeout=2000)
    assert board.text() == "something the user copied"
    copy_text("not a secret")
    assert board.text() == "not a secret"
    assert not secret_clear_pending()
    with pytest.raises(ValueError, match="negative"):
        set_secret_clear_delay(-1)


def test_copy_curl_uses_the_injected_provider(
    inspector: TokenInspector, clock: FakeClock, qtbot: QtBot
) -> None:
    token = make_token(clock)
    inspector.add_token(token)
    curl = _button(inspector, "copyCurlButton")
    assert not curl.isEnabled()  # no provider yet
    seen: list[TokenSet] = []

    def provider(t: TokenSet) -> str:
        seen.append(t)
        return f"curl -H 'authorization: Bearer {t.access_token}' http://127.0.0.1/profile"

    inspector.set_curl_provider(provider)
    inspector.set_clipboard_clear_delay(60)
    _click(qtbot, curl)
    assert seen == [token]
    assert token.access_token in QGuiApplication.clipboard().text()
    assert secret_clear_pending()
    inspector.set_curl_provider(None)
    assert not curl.isEnabled()


def test_refresh_now_emits_the_token(
    inspector: TokenInspector, clock: FakeClock, qtbot: QtBot
) -> None:
    server = make_token(clock, kind=TokenKind.SERVER)
    inspector.add_token(server)
    refresh = _button(inspector, "refreshNowButton")
    assert not refresh.isEnabled()  # a server token has no refresh token
    user = make_token(clock)
    inspector.add_token(user)
    inspector.select_source_row(1)
    with qtbot.waitSignal(inspector.refresh_requested, timeout=100) as blocker:
        _click(qtbot, refresh)
    assert blocker.args == [user]


def test_forget_removes_the_row_and_its_bars(
    inspector: TokenInspector, clock: FakeClock, qtbot: QtBot
) -> None:
    token = make_token(clock)
    inspector.add_token(token)
    assert len(inspector.timeline.items()) == 2  # access and refresh windows
    with qtbot.waitSignal(inspector.forgotten, timeout=100) as blocker:
        _click(qtbot, _button(inspector, "forgetTokenButton"))
    assert blocker.args == [token]
    assert inspector.model.rowCount() == 0
    assert inspector.selected_token() is None
    assert inspector.timeline.items() == []
    assert inspector.raw_view.toPlainText() == ""
    assert not _button(inspector, "forgetTokenButton").isEnabled()


def test_timeline_has_code_and_token_windows(inspector: TokenInspector, clock: FakeClock) -> None:
    now = clock.monotonic()
    inspector.add_code_window("Authorization code", now, now + 60)
    inspector.add_token(make_token(clock, kind=TokenKind.SERVER))
    inspector.add_token(make_token(clock))
    kinds = [item.kind for item in inspector.timeline.items()]
    assert kinds == ["code", "server", "access", "refresh"]
    for i in range(8):
        inspector.add_code_window(f"code {i}", now, now + 60)
    assert [i.kind for i in inspector.timeline.items()].count("code") == 5


def test_tick_updates_remaining_time(inspector: TokenInspector, clock: FakeClock) -> None:
    inspector.add_token(make_token(clock))
    remaining = inspector.findChild(QLabel, "tokenRemainingLabel")
    assert remaining.text().startswith("30:00 access")
    clock.advance(1700)
    inspector.on_tick()
    assert remaining.text() == "1:40 access · 31:40 refresh · expiring"
    table_cell = inspector.proxy.index(0, 7).data()
    assert table_cell == "1:40"


def test_sorting_keeps_actions_on_the_right_token(
    inspector: TokenInspector, clock: FakeClock, qtbot: QtBot
) -> None:
    long_lived = make_token(clock, expires_in=1800)
    short_lived = make_token(clock, expires_in=60)
    inspector.add_token(long_lived)
    inspector.add_token(short_lived)
    inspector.table.sortByColumn(7, Qt.SortOrder.AscendingOrder)  # Remaining
    inspector.table.selectRow(0)  # the first row shown is the short-lived token (model row 1)
    assert inspector.selected_token() is short_lived
    with qtbot.waitSignal(inspector.forgotten, timeout=100) as blocker:
        inspector.forget_selected()
    assert blocker.args == [short_lived]
    assert inspector.model.tokens() == [long_lived]


def test_inspector_renders(inspector: TokenInspector, clock: FakeClock) -> None:
    inspector.add_token(make_token(clock))
    image = inspector.grab().toImage()
    assert not image.isNull()
    assert len({image.pixel(x, y) for x in range(0, 1100, 7) for y in range(0, 800, 7)}) > 10
