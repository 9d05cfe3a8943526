"""The Token check tab, in the real window against the embedded sandbox: a valid token (checked
live), an expired one, a token of another environment, and the HAR of a failed flow made by
clicking through the window; tokens are masked in every widget."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from scb_console.core.clock import FakeClock
from scb_console.core.flow import FlowState
from scb_console.core.masking import mask
from scb_console.core.models import TokenSet
from scb_console.core.tokencheck import InputKind, Level
from scb_console.sandbox import EmbeddedSandbox
from scb_console.sandbox.defaults import DEMO_CUSTOMERS
from scb_console.ui.main_window import MainWindow
from scb_console.ui.token_check import BACKGROUND_BYTES, TokenCheckPanel, VerdictCard
from scb_console.ui.wizard import Step
from tests.core.test_tokencheck import ACCESS, REFRESH, hand_written_har

from .conftest import WAIT_MS
from .test_gui_flows import approve, authorize, click, exchange

SHOTS = os.environ.get("SCB_UI_SHOTS")


def shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        QApplication.processEvents()  # the cards just added are shown on the next pass
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def open_tab(window: MainWindow) -> TokenCheckPanel:
    panel = window.token_check
    window.tabs.setCurrentWidget(panel)
    return panel


def user_token(window: MainWindow, qtbot: Any) -> TokenSet:
    authorize(window, qtbot)
    approve(window, qtbot)
    token = exchange(window, qtbot)
    qtbot.waitUntil(lambda: not window.bridge.running(), timeout=WAIT_MS)
    return token


def card_titles(panel: TokenCheckPanel, level: Level | None = None) -> list[str]:
    return [
        card.verdict.title
        for card in panel.verdicts.cards()
        if level is None or card.verdict.level is level
    ]


def widget_texts(root: QWidget) -> str:
    """Every text the widgets under ``root`` show (labels, edits, item views)."""
    parts: list[str] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLabel | QLineEdit):
            parts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            parts.append(widget.toPlainText())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
            for row in range(model.rowCount()):
                for column in range(columns):
                    index = model.index(row, column)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = model.data(index, role)
                        if value is not None:
                            parts.append(str(value))
        parts.append(widget.toolTip())
        parts.append(widget.accessibleName())
    return "\n".join(parts)


# --- a valid token, checked live --------------------------------------------------------------


def test_a_valid_token_is_checked_live_and_shown_masked(
    window: MainWindow, qtbot: Any, clock: FakeClock
) -> None:
    token = user_token(window, qtbot)
    panel = open_tab(window)
    records = len(window.services.exchange_log)
    QGuiApplication.clipboard().setText(f"Bearer {token.access_token}")
    panel.input.setFocus()
    qtbot.keyClick(panel.input, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # paste

    result = panel.result
    assert result is not None
    assert result.kind is InputKind.TOKEN
    assert panel.input.toPlainText() == f"Bearer {mask(token.access_token)}"
    assert card_titles(panel) == ["Expiry unknown"]
    assert not panel.live_button.isEnabled()
    assert panel.live_reason.text().startswith("Not sent: confirm that this token was issued")
    assert panel.confirm_check.isVisible()
    assert "Local sandbox (127.0.0.1:" in panel.confirm_check.text()

    panel.confirm_check.setChecked(True)
    assert panel.live_reason.text().startswith("Not sent: the customer profile call needs")
    assert token.resource_owner_id is not None
    panel.owner_edit.setText(token.resource_owner_id)
    assert panel.live_reason.text() == ""
    assert panel.live_button.isEnabled()
    with qtbot.waitSignal(panel.live_checked, timeout=WAIT_MS) as blocker:
        click(qtbot, panel.live_button)
    verdict = blocker.args[0]
    assert verdict.level is Level.OK
    assert card_titles(panel)[0] == "The token works: the customer profile call succeeded"
    log = window.services.exchange_log.records
    assert len(log) == records + 1
    assert log[-1].step == "customer_profile"
    assert log[-1].request_uid == verdict.request_uid
    assert verdict.title in window.statusBar().currentMessage()
    shot(panel, "token-check-live")
    texts = widget_texts(window)
    assert token.access_token not in texts
    assert mask(token.access_token) in texts


# --- an expired token ---------------------------------------------------------------------------


def test_an_expired_token_response(window: MainWindow, qtbot: Any, clock: FakeClock) -> None:
    token = user_token(window, qtbot)
    panel = open_tab(window)
    answer = json.dumps(
        {"status": {"code": 1000, "description": "Success"}, "data": dict(token.raw)}
    )
    panel.set_input_text(answer)
    assert card_titles(panel, Level.ERROR) == []
    assert card_titles(panel)[0] == (
        "The access token is valid for 30 min by the server's clock (expiresAt)"
    )
    shown = panel.input.toPlainText()
    assert '"tokenType": "Bearer"' in shown
    assert mask(token.access_token) in shown
    assert token.access_token not in shown
    assert token.refresh_token is not None
    assert token.refresh_token not in shown

    clock.advance(1801)
    click(qtbot, panel.check_button)  # check again, later
    errors = card_titles(panel, Level.ERROR)
    assert errors == ["The access token expired 1 s ago by the server's clock (expiresAt)"]
    first = panel.verdicts.cards()[0]
    assert first.verdict.level is Level.ERROR  # errors first
    assert first.property("level") == "error"
    assert "1 problem, 0 warnings" in panel.summary_label.text()
    shot(panel, "token-check-expired")
    assert token.access_token not in widget_texts(window)


# --- a token of another environment -------------------------------------------------------------


def test_a_har_with_a_token_of_another_environment(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    panel = open_tab(window)
    path = tmp_path / "partner.har"
    path.write_text(json.dumps(hand_written_har()), encoding="utf-8")
    panel.open_file(path)

    result = panel.result
    assert result is not None
    assert result.kind is InputKind.HAR
    assert "partner.har" in panel.input.toPlainText()
    assert "A token was used against the wrong environment" in card_titles(panel, Level.ERROR)
    assert panel.flow_box.isVisible()
    model = panel.flow_model
    assert model.rowCount() == 2
    assert model.item(0, 2).text() == "Code exchange"
    assert model.item(1, 2).text() == "Customer profile"
    assert model.item(1, 5).text() == "uid-profile"
    assert "token from another environment" in model.item(1, 8).text()
    assert model.item(1, 0).background().color().alpha() > 0  # highlighted
    assert model.item(0, 0).background().style() == Qt.BrushStyle.NoBrush
    # the live check: the token came from SCB's sandbox, the active profile is local
    assert not panel.confirm_check.isVisible()
    assert not panel.live_button.isEnabled()
    assert panel.live_reason.text().startswith(
        "Not sent: this token came from SCB sandbox (api-sandbox.partners.scb)"
    )
    assert panel.start_live_check() is False
    assert card_titles(panel)[0] == "Live check not sent"
    assert len(window.services.exchange_log) == 0
    shot(panel, "token-check-wrong-environment")
    texts = widget_texts(window)
    assert ACCESS not in texts
    assert REFRESH not in texts


# --- the HAR of a failed flow, made in the window -------------------------------------------


def approve_outside(sandbox: EmbeddedSandbox, login_id: str) -> str:
    """The customer approves, but the redirect is not handed over: it is pasted later."""
    customer = DEMO_CUSTOMERS[0]
    response = httpx.post(
        f"{sandbox.root_url}/_sandbox/logins/{login_id}/approve",
        json={"customerId": customer.id, "pin": customer.pin},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return str(response.json()["redirectUrl"])


def test_the_har_of_a_failed_flow(
    window: MainWindow,
    qtbot: Any,
    clock: FakeClock,
    sandbox: EmbeddedSandbox,
    tmp_path: Path,
) -> None:
    log = window.services.exchange_log
    # 1. a wrong secret, tried with "Test credentials"
    window.credentials.api_secret_edit.setText("not-the-secret-000000")
    click(qtbot, window.credentials.test_button)
    qtbot.waitUntil(lambda: len(log) == 1 and not window.bridge.running(), timeout=WAIT_MS)
    assert log.records[0].scb_code == 9500
    # 2. a code pasted more than a minute after the customer approved
    flow = window.session.flow
    assert flow is not None
    authorize(window, qtbot)
    qtbot.waitUntil(lambda: not window.bridge.running(), timeout=WAIT_MS)
    assert flow.authorize_result is not None
    assert flow.authorize_result.login_id is not None
    redirect = approve_outside(sandbox, flow.authorize_result.login_id)
    clock.advance(75)
    window.wizard.go_to(Step.RECEIVE)
    window.wizard.redirect_paste_edit.setText(redirect)
    qtbot.keyClick(window.wizard.redirect_paste_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: flow.state is FlowState.CODE_RECEIVED, timeout=WAIT_MS)
    window.wizard.go_to(Step.EXCHANGE)
    click(qtbot, window.wizard.exchange_button)
    qtbot.waitUntil(lambda: flow.state is FlowState.CODE_EXPIRED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.bridge.running(), timeout=WAIT_MS)
    records = log.records
    assert [(r.step, r.scb_code) for r in records] == [
        ("server_token", 9500),
        ("authorize", 1000),
        ("exchange_code", 9300),
    ]
    # 3. exported as HAR, opened in the token check
    path = window.exchange_panel.export_har(tmp_path / "failed.har")
    panel = open_tab(window)
    panel.open_file(path)

    errors = {card.verdict.title: card.verdict for card in panel.verdicts.cards()}
    secret = errors["Wrong API key or secret"]
    assert secret.level is Level.ERROR
    assert secret.request_uid == records[0].request_uid
    code = errors["Expired or already used authorization code"]
    assert code.request_uid == records[2].request_uid
    assert "1 min 15 s after the authorize request" in code.detail
    uids = [card.findChild(QLabel, "verdictRequestUid") for card in panel.verdicts.cards()[:2]]
    assert [label.text() for label in uids if label is not None] == [
        f"requestUId {records[0].request_uid}",
        f"requestUId {records[2].request_uid}",
    ]
    model = panel.flow_model
    assert [model.item(row, 2).text() for row in range(model.rowCount())] == [
        "Server token",
        "Authorize",
        "Code exchange",
    ]
    assert [model.item(row, 4).text() for row in range(3)] == ["9500", "1000", "9300"]
    assert model.item(2, 8).text() == "expired or already used authorization code"
    assert not panel.live_button.isEnabled()  # nothing but masked tokens in our own HAR
    shot(panel, "token-check-failed-flow")
    if SHOTS:  # the tab with room to breathe, for the screenshot
        window.exchange_dock.setVisible(False)
        window.resize(1400, 900)
        shot(window, "token-check-window")


# --- input that cannot be read ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"log": {"entries": [{"request": ', "cut short"),
        ("not a token", "contains spaces or line breaks"),
    ],
)
def test_unreadable_input_is_one_clear_verdict(
    window: MainWindow, qtbot: Any, text: str, words: str
) -> None:
    panel = open_tab(window)
    panel.set_input_text(text)
    cards = panel.verdicts.cards()
    assert len(cards) == 1
    assert cards[0].verdict.title == "This cannot be read"
    assert words in cards[0].verdict.detail
    assert words in window.statusBar().currentMessage()
    assert panel.result is None
    assert not panel.live_button.isEnabled()


def test_files_over_the_limit_and_missing_files(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    panel = open_tab(window)
    big = tmp_path / "huge.har"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)
    panel.open_file(big)
    assert "up to 50 MiB" in panel.verdicts.cards()[0].verdict.detail
    panel.open_file(tmp_path / "missing.har")
    assert "Could not read" in panel.verdicts.cards()[0].verdict.detail
    click(qtbot, panel.clear_button) if panel.clear_button.isEnabled() else panel.clear()
    assert panel.verdicts.cards() == []
    assert panel.input.toPlainText() == ""


def test_a_dropped_file_is_opened(window: MainWindow, qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QUrl

    panel = open_tab(window)
    path = tmp_path / "partner.har"
    path.write_text(json.dumps(hand_written_har()), encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    panel.input.insertFromMimeData(mime)
    assert panel.result is not None
    assert panel.result.kind is InputKind.HAR
    assert isinstance(panel.verdicts.cards()[0], VerdictCard)


def test_a_large_har_is_checked_on_a_worker_thread(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    doc = hand_written_har()
    filler = {
        "startedDateTime": "2025-06-15T15:09:01.000Z",
        "request": {"method": "GET", "url": "https://cdn.example.test/app.js"},
        "response": {"status": 200, "content": {"text": "x" * 4000}},
    }
    doc["log"]["entries"] += [filler] * 400  # about 1.6 MB
    path = tmp_path / "big.har"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert path.stat().st_size > BACKGROUND_BYTES
    panel = open_tab(window)
    with qtbot.waitSignal(panel.checked, timeout=WAIT_MS) as blocker:
        panel.open_file(path)
        assert panel.summary_label.text().startswith("Reading big.har (1.")
        assert not panel.check_button.isEnabled()
    result = blocker.args[0]
    assert result.entry_count == 403
    assert "A token was used against the wrong environment" in card_titles(panel, Level.ERROR)
    assert panel.check_button.isEnabled()
    assert panel.summary_label.text().startswith("Checked a HAR file · 403 entries, 2 auth calls")
