"""Phone demo (LAN mode), in the real window: the warning first, the QR code on the LAN address,
the phone's approval handed to the console without the receiver, and off closes the listener.

Never a real network interface: the "LAN address" is 127.0.0.2, a loopback alias, injected as
the only address to offer.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from scb_console.core.clock import FakeClock
from scb_console.core.flow import FlowState
from scb_console.infra.receiver import RedirectReceiver
from scb_console.sandbox import EmbeddedSandbox
from scb_console.ui.lan_mode import WARNING_TEXT, LanMode, LanModeDialog
from scb_console.ui.main_window import MainWindow
from scb_console.ui.session import Services
from scb_console.ui.wizard import Step

from .conftest import WAIT_MS
from .test_gui_flows import _decode, authorize, exchange, shot

LAN = "127.0.0.2"
CUSTOMER = "sb-customer-001"
PIN = "123456"


def _loopback_alias_works(address: str = "127.0.0.2") -> bool:
    """Linux routes all of 127.0.0.0/8 to lo; macOS has only 127.0.0.1 unless aliased."""
    try:
        with socket.socket() as probe:
            probe.bind((address, 0))
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(
    not _loopback_alias_works(), reason="127.0.0.2 is not a loopback address here"
)


class Confirm:
    """The confirmation hook: records what it was offered, answers as told."""

    def __init__(self, answer: str | None) -> None:
        self.answer = answer
        self.offered: list[list[str]] = []

    def __call__(self, candidates: Sequence[str]) -> str | None:
        self.offered.append(list(candidates))
        return self.answer


def lan_window(window: MainWindow, answer: str | None = LAN) -> Confirm:
    confirm = Confirm(answer)
    window.lan_mode.addresses = lambda: [LAN]  # never a real interface in tests
    window.lan_mode.confirm = confirm
    return confirm


def switch_on(window: MainWindow) -> str:
    lan_window(window)
    window.lan_mode_action.trigger()  # Tools › Phone demo (LAN mode)
    root = window.lan_mode.root_url
    assert root is not None
    return root


def login_id(window: MainWindow) -> str:
    flow = window.session.flow
    assert flow is not None
    assert flow.authorize_result is not None
    assert flow.authorize_result.login_id
    return flow.authorize_result.login_id


def phone_approves(url: str, action: str = "approve") -> httpx.Response:
    """What the phone's browser does: open the page, post its form with the page's own origin
    (a real Chromium sends that under the page's same-origin referrer policy)."""
    parts = urlsplit(url)
    with httpx.Client(timeout=10) as phone:
        page = phone.get(url)
        assert page.status_code == 200, page.text
        assert "<form" in page.text
        return phone.post(
            url,
            data={"customerId": CUSTOMER, "pin": PIN, "action": action},
            headers={"Origin": f"{parts.scheme}://{parts.netloc}"},
        )


# --- on and off ----------------------------------------------------------------------------------


def test_off_by_default_and_asks_before_switching_on(
    window: MainWindow, sandbox: EmbeddedSandbox
) -> None:
    lan = window.lan_mode
    assert not lan.enabled
    assert not window.lan_mode_action.isChecked()
    assert not lan.indicator.isVisible()
    assert sandbox.lan_root_url is None

    confirm = lan_window(window, answer=None)  # the user cancels the warning
    window.lan_mode_action.trigger()
    assert confirm.offered == [[LAN]]
    assert not lan.enabled
    assert not window.lan_mode_action.isChecked()
    assert sandbox.lan_root_url is None  # nothing listens before the user said yes

    confirm.answer = LAN
    window.lan_mode_action.trigger()
    assert len(confirm.offered) == 2
    assert lan.enabled
    assert window.lan_mode_action.isChecked()
    assert sandbox.lan_root_url == f"http://{LAN}:{sandbox.port}"
    assert lan.indicator.isVisible()
    assert lan.indicator.text() == f"⚠ LAN mode on: {LAN}:{sandbox.port}"
    assert "reach the consent page" in window.statusBar().currentMessage()


def test_the_warning_dialog_is_shown_and_must_be_confirmed(
    window: MainWindow, sandbox: EmbeddedSandbox, qtbot: Any
) -> None:
    """The real dialog (no hook): it warns, offers the address, and only "on" switches on."""
    window.lan_mode.addresses = lambda: [LAN]
    seen: list[str] = []

    def answer(accept: bool) -> Callable[[], None]:
        def act() -> None:
            dialog = QApplication.activeModalWidget()
            assert isinstance(dialog, LanModeDialog)
            seen.append(dialog.warning_label.text())
            assert dialog.address() == LAN
            assert sandbox.lan_root_url is None  # asked before anything listens
            if accept:
                dialog.enable_button.click()
            else:
                dialog.reject()

        return act

    QTimer.singleShot(0, answer(False))
    window.lan_mode_action.trigger()
    assert seen == [WARNING_TEXT]
    assert not window.lan_mode.enabled
    assert "reachable from the network" in WARNING_TEXT
    assert "anyone on this network" in WARNING_TEXT

    QTimer.singleShot(0, answer(True))
    window.lan_mode_action.trigger()
    assert len(seen) == 2
    assert window.lan_mode.enabled
    assert sandbox.lan_root_url is not None


def test_the_dialog_refuses_a_wildcard_or_a_name(qtbot: Any) -> None:
    dialog = LanModeDialog([LAN, "127.0.0.3"])
    qtbot.addWidget(dialog)
    assert dialog.address_combo.count() == 2
    dialog.address_combo.setEditText("0.0.0.0")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "every interface" in dialog.error_label.text()
    dialog.address_combo.setEditText("laptop.local")
    dialog.accept()
    assert "not an IP address" in dialog.error_label.text()
    dialog.address_combo.setEditText("127.0.0.3")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.address() == "127.0.0.3"


def test_an_address_that_cannot_be_used_leaves_it_off(
    window: MainWindow, sandbox: EmbeddedSandbox
) -> None:
    lan_window(window, answer="0.0.0.0")
    window.lan_mode_action.trigger()
    assert not window.lan_mode.enabled
    assert not window.lan_mode_action.isChecked()
    assert sandbox.lan_root_url is None
    message = window.statusBar().currentMessage()
    assert message.startswith("LAN mode stays off:")
    assert "every interface" in message


def test_switching_off_closes_the_listener(window: MainWindow, sandbox: EmbeddedSandbox) -> None:
    root = switch_on(window)
    port = int(root.rsplit(":", 1)[1])
    assert httpx.get(f"{root}/_sandbox/faults", timeout=10).status_code == 403
    window.lan_mode_action.trigger()  # off again
    assert not window.lan_mode.enabled
    assert not window.lan_mode_action.isChecked()
    assert not window.lan_mode.indicator.isVisible()
    assert sandbox.lan_root_url is None
    with pytest.raises(OSError), socket.create_connection((LAN, port), timeout=5):
        pass
    assert "answers on this machine only" in window.statusBar().currentMessage()


def test_closing_the_window_switches_it_off(window: MainWindow, sandbox: EmbeddedSandbox) -> None:
    switch_on(window)
    window.close()
    assert sandbox.lan_root_url is None


# --- the QR code and the hand-off ----------------------------------------------------------------


def test_qr_code_encodes_the_consent_page_on_the_lan(
    window: MainWindow, sandbox: EmbeddedSandbox, qtbot: Any
) -> None:
    root = switch_on(window)
    deeplink = authorize(window, qtbot)
    wizard = window.wizard
    expected = f"{root}/_sandbox/easy/login/{login_id(window)}"
    assert _decode(wizard.qr.grab().toImage()) == [expected]
    assert wizard.deeplink_edit.text() == deeplink  # the deeplink stays shown as text
    assert deeplink.startswith("scbeasysim://login/")
    assert wizard.lan_qr_note.isVisible()
    assert f"{LAN}:{sandbox.port}" in wizard.lan_qr_note.text()
    assert "deeplink below" in wizard.lan_qr_note.text()
    assert wizard.lan_qr_note.toolTip() == expected
    shot(window, "lan-qr")

    window.lan_mode_action.trigger()  # off: the QR code is the deeplink again
    assert _decode(wizard.qr.grab().toImage()) == [deeplink]
    assert not wizard.lan_qr_note.isVisible()


def test_phone_approval_is_handed_to_the_console_without_the_receiver(
    make_window: Callable[..., MainWindow],
    services: Services,
    receiver: RedirectReceiver,
    qtbot: Any,
    clock: FakeClock,
) -> None:
    window = make_window(replace(services, receiver=None))  # no loopback receiver at all
    switch_on(window)
    authorize(window, qtbot)
    flow = window.session.flow
    assert flow is not None
    wizard = window.wizard
    url = _decode(wizard.qr.grab().toImage())[0]  # what the phone scans
    assert url.startswith(f"http://{LAN}:")

    answer = phone_approves(url)

    assert answer.status_code == 200
    assert "Approved — look at the console screen" in answer.text
    assert "127.0.0.1" not in answer.text  # no redirect the phone cannot follow
    qtbot.waitUntil(lambda: flow.state is FlowState.CODE_RECEIVED, timeout=WAIT_MS)
    assert wizard.current_step is Step.RECEIVE
    assert wizard.code_countdown.text() == "1:00"  # the countdown is on screen at once
    assert "Approved on a phone" in window.statusBar().currentMessage()
    assert not receiver.used
    shot(window, "lan-code-received")
    clock.advance(12)
    window.ticker.fire()
    assert wizard.code_countdown.text() == "0:48"
    tokens = exchange(window, qtbot)
    assert tokens.resource_owner_id == CUSTOMER


def test_phone_denial_is_shown_on_the_console(window: MainWindow, qtbot: Any) -> None:
    switch_on(window)
    authorize(window, qtbot)
    flow = window.session.flow
    assert flow is not None
    answer = phone_approves(window.wizard.qr_text(), action="deny")
    assert "Declined" in answer.text
    qtbot.waitUntil(lambda: flow.state is FlowState.DENIED, timeout=WAIT_MS)
    assert "declined consent" in window.wizard.banner_text(Step.RECEIVE)


def test_a_stale_approval_is_a_clear_message(window: MainWindow, qtbot: Any) -> None:
    switch_on(window)
    authorize(window, qtbot)
    first = window.wizard.qr_text()
    flow = window.session.flow
    assert flow is not None
    # the first authorize may still be finishing: the button is enabled again only then
    qtbot.waitUntil(lambda: window.wizard.authorize_button.isEnabled(), timeout=WAIT_MS)
    window.wizard.authorize_button.click()  # a new sign-in: a new state
    qtbot.waitUntil(lambda: window.wizard.qr_text() != first, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.bridge.running(), timeout=WAIT_MS)
    phone_approves(first)  # the phone approves the old one
    qtbot.waitUntil(lambda: bool(window.wizard.banner_text(Step.RECEIVE)), timeout=WAIT_MS)
    assert "state" in window.wizard.banner_text(Step.RECEIVE).lower()
    assert flow.state is FlowState.AWAITING_CONSENT  # the right approval may still come


def test_without_a_sandbox_lan_mode_says_why(qtbot: Any) -> None:
    lan = LanMode(None, confirm=Confirm(LAN), addresses=lambda: [LAN])
    messages: list[str] = []
    lan.message.connect(messages.append)
    assert not lan.enable()
    assert messages == ["The phone demo needs the local sandbox, which is not running"]
