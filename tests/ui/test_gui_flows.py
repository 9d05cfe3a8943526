"""The flows, clicked through the real window against the embedded sandbox over loopback HTTP.

Time is the sandbox's and the window's shared FakeClock: a test advances it and fires the
ticker, never sleeps.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QAbstractButton, QTableView

from scb_console.core.clock import FakeClock
from scb_console.core.contract import Environment
from scb_console.core.flow import FlowState
from scb_console.core.models import TokenKind, TokenSet
from scb_console.infra.httpserver import HttpServer, Request, Response
from scb_console.sandbox import DEMO_API_SECRET, EmbeddedSandbox
from scb_console.ui.app import apply_appearance
from scb_console.ui.main_window import MainWindow
from scb_console.ui.session import Services
from scb_console.ui.theme import CountdownState, is_dark
from scb_console.ui.wizard import Step

from .conftest import WAIT_MS, Runner

SHOTS = os.environ.get("SCB_UI_SHOTS")


def shot(window: MainWindow, name: str) -> None:
    """Save a screenshot when SCB_UI_SHOTS names a folder (to look at the window by eye)."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        window.grab().save(str(Path(SHOTS) / f"{name}.png"))


def click(qtbot: Any, button: QAbstractButton) -> None:
    assert button.isVisible(), f"{button.objectName()} is not visible"
    assert button.isEnabled(), f"{button.objectName()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def table_rows(window: MainWindow, name: str) -> int:
    table = window.findChild(QTableView, name)
    assert table is not None
    return table.model().rowCount()


def server_token(window: MainWindow, qtbot: Any) -> TokenSet:
    wizard = window.wizard
    wizard.go_to(Step.SERVER_TOKEN)
    with qtbot.waitSignal(window.bridge.token_obtained, timeout=WAIT_MS) as blocker:
        click(qtbot, wizard.server_token_button)
    token = blocker.args[0]
    assert isinstance(token, TokenSet)
    return token


def authorize(window: MainWindow, qtbot: Any) -> str:
    wizard = window.wizard
    wizard.go_to(Step.AUTHORIZE)
    click(qtbot, wizard.authorize_button)
    qtbot.waitUntil(
        lambda: wizard.deeplink_edit.text().startswith("scbeasysim://login/"), timeout=WAIT_MS
    )
    return wizard.deeplink_edit.text()


def approve(window: MainWindow, qtbot: Any) -> None:
    wizard = window.wizard
    flow = window.session.flow
    assert flow is not None
    click(qtbot, wizard.simulate_button)
    qtbot.waitUntil(lambda: flow.state is FlowState.CODE_RECEIVED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.bridge.running(), timeout=WAIT_MS)


def exchange(window: MainWindow, qtbot: Any) -> TokenSet:
    wizard = window.wizard
    flow = window.session.flow
    assert flow is not None
    wizard.go_to(Step.EXCHANGE)
    click(qtbot, wizard.exchange_button)
    qtbot.waitUntil(lambda: flow.state is FlowState.AUTHORIZED, timeout=WAIT_MS)
    assert flow.tokens is not None
    return flow.tokens


# --- the 2-legged flow ------------------------------------------------------------------------


def test_server_token_flow(window: MainWindow, qtbot: Any) -> None:
    wizard = window.wizard
    page = wizard.page(Step.SERVER_TOKEN)
    assert page.exchange is not None
    will_send = page.exchange.request_view.toPlainText()
    assert will_send.startswith("POST http://127.0.0.1:")
    assert "/v1/oauth/token" in will_send
    assert DEMO_API_SECRET not in will_send  # masked before sending...
    assert "sand…(24)" in will_send
    shown_uid = next(
        line.split(": ", 1)[1] for line in will_send.splitlines() if line.startswith("requestUId")
    )

    token = server_token(window, qtbot)

    assert token.kind is TokenKind.SERVER
    assert token.request_uid == shown_uid  # ...and exactly what was shown is what was sent
    qtbot.waitUntil(lambda: "HTTP 200" in page.exchange.answer_view.toPlainText())
    answer = page.exchange.answer_view.toPlainText()
    assert f"requestUId: {shown_uid}" in answer
    assert token.access_token not in answer
    assert token.access_token[:4] + "…" in wizard.server_token_value.text()
    assert wizard.server_token_countdown.text() == "30:00"
    assert table_rows(window, "tokenTable") == 1
    assert table_rows(window, "exchangeLogTable") == 1
    assert window.skew_label.text().startswith("Clock skew:")
    assert not wizard.banner_text(Step.SERVER_TOKEN)
    # the curl copy is masked
    assert DEMO_API_SECRET not in page.exchange.curl()
    assert page.exchange.curl().startswith("curl")


# --- the 3-legged flow ------------------------------------------------------------------------


def test_full_three_legged_flow(window: MainWindow, qtbot: Any, clock: FakeClock) -> None:
    wizard = window.wizard
    flow = window.session.flow
    assert flow is not None

    deeplink = authorize(window, qtbot)
    assert wizard.qr.text() == deeplink
    assert flow.state is FlowState.AWAITING_CONSENT
    assert wizard.open_consent_button.isEnabled()
    assert wizard.expected_state_label.text() == flow.expected_state
    opened: list[str] = []
    wizard.open_url = lambda url: opened.append(url.toString())
    click(qtbot, wizard.open_consent_button)
    assert opened
    assert opened[0].endswith(f"/_sandbox/easy/login/{flow.authorize_result.login_id}")
    shot(window, "step1-authorize")

    approve(window, qtbot)  # approval -> redirect GET -> the loopback receiver -> the flow
    assert wizard.current_step is Step.RECEIVE
    assert wizard.code_countdown.text() == "1:00"
    assert flow.code is not None
    assert flow.code not in wizard.code_label.text()
    shot(window, "step2-code")

    clock.advance(15)
    window.ticker.fire()
    assert wizard.code_countdown.text() == "0:45"

    tokens = exchange(window, qtbot)
    assert tokens.kind is TokenKind.USER
    assert wizard.current_step is Step.EXCHANGE
    assert wizard.access_countdown.text() == "30:00"
    assert wizard.refresh_countdown.text() == "1:00:00"
    assert wizard.owner_value.text() == "sb-customer-001"
    curl = window.profile_call_curl(tokens)  # the token inspector's "Copy curl" (a secret copy)
    assert curl.startswith("curl")
    assert "/v2/customers/profile" in curl
    assert tokens.access_token in curl
    assert tokens.access_token not in wizard.access_value.text()
    shot(window, "step3-exchange")

    clock.advance(60)
    window.ticker.fire()
    assert wizard.access_countdown.text() == "29:00"
    assert wizard.refresh_countdown.text() == "59:00"

    wizard.go_to(Step.REFRESH)
    click(qtbot, wizard.refresh_button)
    qtbot.waitUntil(lambda: len(flow.history) == 2 and flow.state is FlowState.AUTHORIZED)
    refreshed = flow.tokens
    assert refreshed is not None
    assert refreshed.replaces == tokens.request_uid
    assert wizard.refresh_access_countdown.text() == "30:00"
    shot(window, "step4-refresh")

    wizard.go_to(Step.PROFILE)
    click(qtbot, wizard.call_profile_button)
    qtbot.waitUntil(lambda: wizard.thai_name_label.text() != "—", timeout=WAIT_MS)
    assert wizard.thai_name_label.text() == "นาย สมชาย ใจดี"
    assert wizard.english_name_label.text() == "Mr. Somchai Jaidee"
    assert table_rows(window, "tokenTable") == 2
    assert table_rows(window, "exchangeLogTable") == 4  # authorize, exchange, refresh, profile
    shot(window, "step5-profile")
    wizard.go_to(Step.EXCHANGE)
    shot(window, "main")  # after the whole flow: tokens, countdowns, the exchange log
    window.show_tokens_action.trigger()
    assert window.tabs.tabText(1) == "Tokens (2)"
    shot(window, "tokens-tab")


def test_keyboard_walks_the_flow(window: MainWindow, qtbot: Any) -> None:
    """Ctrl+Enter sends the current step, or moves on when it is done."""
    wizard = window.wizard
    flow = window.session.flow
    assert flow is not None
    window.activateWindow()
    wizard.go_to(Step.AUTHORIZE)

    def ctrl_enter() -> None:
        qtbot.keyClick(wizard.step_list, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    ctrl_enter()
    qtbot.waitUntil(lambda: flow.state is FlowState.AWAITING_CONSENT, timeout=WAIT_MS)
    ctrl_enter()  # authorize is done: on to step 2
    assert wizard.current_step is Step.RECEIVE
    ctrl_enter()  # on the local sandbox: simulate approval
    qtbot.waitUntil(lambda: flow.state is FlowState.CODE_RECEIVED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.bridge.running(), timeout=WAIT_MS)
    ctrl_enter()  # the code is in: on to step 3
    assert wizard.current_step is Step.EXCHANGE
    qtbot.keyClick(
        wizard.step_list,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("curl")
    assert flow.code is not None
    assert flow.code not in copied  # masked: the code is a secret


# --- time ---------------------------------------------------------------------------------------


def test_code_expiry_and_restart(window: MainWindow, qtbot: Any, clock: FakeClock) -> None:
    wizard = window.wizard
    flow = window.session.flow
    assert flow is not None
    authorize(window, qtbot)
    approve(window, qtbot)
    countdown = wizard.code_countdown
    assert countdown.state() is CountdownState.NORMAL

    clock.advance(41)
    window.ticker.fire()
    assert countdown.text() == "0:19"
    assert countdown.state() is CountdownState.AMBER
    clock.advance(10)
    window.ticker.fire()
    assert countdown.state() is CountdownState.RED

    clock.advance(10)  # 61 s after the code arrived
    window.ticker.fire()
    assert flow.state is FlowState.CODE_EXPIRED
    assert countdown.state() is CountdownState.EXPIRED
    assert "code expired" in wizard.banner_text(Step.RECEIVE).lower()
    assert "start again at step 1" in wizard.banner_text(Step.RECEIVE).lower()
    assert not wizard.exchange_button.isEnabled()
    shot(window, "step2-expired")

    click(qtbot, wizard.restart_button)  # one click: a new authorize
    qtbot.waitUntil(lambda: flow.state is FlowState.AWAITING_CONSENT, timeout=WAIT_MS)
    assert wizard.current_step is Step.AUTHORIZE
    assert not wizard.banner_text(Step.RECEIVE)
    approve(window, qtbot)
    exchange(window, qtbot)


def test_auto_refresh(window: MainWindow, qtbot: Any, clock: FakeClock) -> None:
    wizard = window.wizard
    flow = window.session.flow
    assert flow is not None
    authorize(window, qtbot)
    approve(window, qtbot)
    first = exchange(window, qtbot)
    wizard.go_to(Step.REFRESH)
    wizard.margin_spin.setValue(120)
    click(qtbot, wizard.auto_refresh_check)
    assert flow.auto_refresh
    assert flow.refresh_margin == 120

    clock.advance(1800 - 121)
    window.ticker.fire()
    assert len(flow.history) == 1  # not due yet
    clock.advance(2)
    with qtbot.waitSignal(window.bridge.token_obtained, timeout=WAIT_MS) as blocker:
        window.ticker.fire()
    second = blocker.args[0]
    assert second.replaces == first.request_uid
    qtbot.waitUntil(lambda: flow.state is FlowState.AUTHORIZED)
    assert wizard.refresh_access_countdown.text() == "30:00"
    assert table_rows(window, "tokenTable") == 2
    assert window.settings.auto_refresh()
    assert window.settings.refresh_margin() == 120


# --- failures -----------------------------------------------------------------------------------


def test_wrong_secret_is_named_and_the_window_stays_usable(window: MainWindow, qtbot: Any) -> None:
    panel = window.credentials
    panel.api_secret_edit.setText("not-the-secret")
    click(qtbot, panel.test_button)
    qtbot.waitUntil(panel.test_result.isVisible, timeout=WAIT_MS)
    text = panel.test_result.text()
    assert "Key or secret" in text
    assert "9500" in text
    assert "requestUId" in text

    panel.api_secret_edit.setText(DEMO_API_SECRET)
    click(qtbot, panel.test_button)
    qtbot.waitUntil(lambda: panel.test_result.text().startswith("✓"), timeout=WAIT_MS)

    # the same through the wizard: a saved wrong secret, a red banner, then a fix
    panel.api_secret_edit.setText("not-the-secret")
    panel.on_field_edited()
    assert panel.save_current()
    wizard = window.wizard
    wizard.go_to(Step.SERVER_TOKEN)
    click(qtbot, wizard.server_token_button)
    qtbot.waitUntil(lambda: bool(wizard.banner_text(Step.SERVER_TOKEN)), timeout=WAIT_MS)
    banner = wizard.banner_text(Step.SERVER_TOKEN)
    assert "9500" in banner
    assert "requestUId" in banner
    assert "Traceback" not in banner
    shot(window, "error-wrong-secret")
    panel.api_secret_edit.setText(DEMO_API_SECRET)
    panel.on_field_edited()
    assert panel.save_current()
    server_token(window, qtbot)
    assert not wizard.banner_text(Step.SERVER_TOKEN)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _custom_profile(window: MainWindow, name: str, base_url: str) -> None:
    panel = window.credentials
    assert panel.add_profile(name, Environment.CUSTOM)
    panel.environment_combo.setCurrentIndex(panel.environment_combo.findData("custom"))
    panel.base_url_edit.setText(base_url)
    panel.api_key_edit.setText("some-key")
    panel.api_secret_edit.setText("some-secret")
    panel.on_field_edited()
    assert panel.save_current()
    assert window.session.profile is not None
    assert window.session.profile.name == name


def test_dead_server(window: MainWindow, qtbot: Any) -> None:
    _custom_profile(window, "Dead", f"http://127.0.0.1:{_closed_port()}/partners/sandbox")
    wizard = window.wizard
    wizard.go_to(Step.SERVER_TOKEN)
    click(qtbot, wizard.server_token_button)
    qtbot.waitUntil(lambda: bool(wizard.banner_text(Step.SERVER_TOKEN)), timeout=WAIT_MS)
    banner = wizard.banner_text(Step.SERVER_TOKEN)
    assert "connect" in banner.lower()
    assert "requestUId" in banner
    panel = window.credentials
    click(qtbot, panel.test_button)
    qtbot.waitUntil(panel.test_result.isVisible, timeout=WAIT_MS)
    assert panel.test_result.text().startswith("✗ Network")

    panel.select_profile("Local sandbox")  # still usable: the sandbox answers
    server_token(window, qtbot)


def test_malformed_answer_from_the_sandbox(
    window: MainWindow, qtbot: Any, sandbox: EmbeddedSandbox
) -> None:
    sandbox.set_faults(endpoint="token", malformed="html")
    wizard = window.wizard
    wizard.go_to(Step.SERVER_TOKEN)
    click(qtbot, wizard.server_token_button)
    qtbot.waitUntil(lambda: bool(wizard.banner_text(Step.SERVER_TOKEN)), timeout=WAIT_MS)
    banner = wizard.banner_text(Step.SERVER_TOKEN)
    assert "requestUId" in banner
    assert "Traceback" not in banner
    assert "\n" not in banner
    panel = window.credentials
    click(qtbot, panel.test_button)
    qtbot.waitUntil(panel.test_result.isVisible, timeout=WAIT_MS)
    assert panel.test_result.text().startswith("✗ Server")
    sandbox.set_faults()
    server_token(window, qtbot)


def test_html_from_a_custom_server(window: MainWindow, qtbot: Any, run: Runner) -> None:
    async def html_page(request: Request) -> Response:
        return Response.html("<html><h1>Bad gateway</h1></html>", status=502)

    server = HttpServer(html_page)
    port = run(server.start("127.0.0.1", 0))
    try:
        _custom_profile(window, "Proxy", f"http://127.0.0.1:{port}/partners")
        wizard = window.wizard
        wizard.go_to(Step.SERVER_TOKEN)
        click(qtbot, wizard.server_token_button)
        qtbot.waitUntil(lambda: bool(wizard.banner_text(Step.SERVER_TOKEN)), timeout=WAIT_MS)
        banner = wizard.banner_text(Step.SERVER_TOKEN)
        assert "502" in banner
        assert "requestUId" in banner
        window.credentials.select_profile("Local sandbox")
        server_token(window, qtbot)
    finally:
        run(server.stop())


def test_pasted_redirect_with_the_wrong_state(window: MainWindow, qtbot: Any) -> None:
    wizard = window.wizard
    flow = window.session.flow
    assert flow is not None
    authorize(window, qtbot)
    wizard.go_to(Step.RECEIVE)
    wizard.redirect_paste_edit.setText("http://127.0.0.1/callback?code=abcdef123&state=forged")
    click(qtbot, wizard.use_redirect_button)
    assert "state" in wizard.banner_text(Step.RECEIVE).lower()
    assert flow.state is FlowState.AWAITING_CONSENT
    wizard.redirect_paste_edit.setText(f"code=abcdef123&state={flow.expected_state}&status=success")
    click(qtbot, wizard.use_redirect_button)
    assert flow.state is FlowState.CODE_RECEIVED
    assert not wizard.banner_text(Step.RECEIVE)


# --- the QR code --------------------------------------------------------------------------------


def _decode(image: QImage) -> list[str]:
    """Decode every QR code in ``image`` (converted to an 8-bit grey buffer zxing-cpp reads)."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = grey.width(), grey.height(), grey.bytesPerLine()
    data = bytes(grey.constBits())
    rows = b"".join(data[row * stride : row * stride + width] for row in range(height))
    pixels = memoryview(rows).cast("B", (height, width))
    return [barcode.text for barcode in zxingcpp.read_barcodes(pixels)]


def test_qr_code_scans_back_to_the_deeplink_at_two_sizes(window: MainWindow, qtbot: Any) -> None:
    deeplink = authorize(window, qtbot)
    qr = window.wizard.qr
    assert min(qr.width(), qr.height()) >= 240  # large in the default window
    big = qr.grab().toImage()
    assert _decode(big) == [deeplink]
    qr.setFixedSize(150, 150)
    qtbot.waitUntil(lambda: qr.width() == 150)
    small = qr.grab().toImage()
    assert small.width() == 150
    assert _decode(small) == [deeplink]


# --- first launch and later launches ------------------------------------------------------------


def test_first_launch_selects_the_local_sandbox_with_demo_credentials(
    window: MainWindow, services: Services
) -> None:
    panel = window.credentials
    assert [p.name for p in panel.profiles] == ["Local sandbox"]
    assert panel.profile_list.currentItem().text() == "Local sandbox"
    assert services.sandbox is not None
    app = services.sandbox.config.apps[0]
    assert panel.api_key_edit.text() == app.api_key
    assert panel.api_secret_edit.text() == app.api_secret
    assert panel.base_url_edit.text() == services.sandbox.base_url
    assert window.session.profile is not None
    assert window.session.profile.environment is Environment.LOCAL
    assert window.env_badge.text() == "Local sandbox"
    assert window.wizard.server_token_button.isEnabled()


def test_later_launch_opens_the_last_profile(
    make_window: Callable[..., MainWindow], services: Services
) -> None:
    first = make_window(services)
    assert first.credentials.add_profile("Partner UAT", Environment.UAT)
    first.close()
    second = make_window(services)
    assert second.session.profile is not None
    assert second.session.profile.name == "Partner UAT"
    assert second.env_badge.text() == "SCB UAT"


def test_countdowns_follow_the_fake_clock(window: MainWindow, qtbot: Any, clock: FakeClock) -> None:
    token = server_token(window, qtbot)
    bar = window.wizard.server_token_countdown
    assert bar.text() == "30:00"
    for _ in range(3):
        clock.advance(600)
        window.ticker.fire()
    assert bar.text() == "0:00"
    assert bar.state() is CountdownState.EXPIRED
    assert token.access_remaining(clock) == 0


def test_dark_palette_keeps_the_qr_code_scannable(
    make_window: Callable[..., MainWindow], services: Services, qtbot: Any, qapp: Any
) -> None:
    apply_appearance(qapp, dark=True)
    try:
        window = make_window(services)
        assert is_dark(window.palette())
        deeplink = authorize(window, qtbot)
        image = window.wizard.qr.grab().toImage()
        assert _decode(image) == [deeplink]  # black on white whatever the palette
        approve(window, qtbot)
        exchange(window, qtbot)
        shot(window, "dark-step3-exchange")
    finally:
        apply_appearance(qapp, dark=False)
