"""Fault rehearsal: faults set from the panel are in force on the sandbox, and the flow shows
each one to the user as a clear message, with the window responsive; "All clear" mends it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from scb_console.core.clock import FakeClock
from scb_console.core.contract import Environment
from scb_console.core.flow import FlowState
from scb_console.sandbox import EmbeddedSandbox, Faults, FaultSpec
from scb_console.ui.faults_panel import (
    PRESETS,
    FaultsPanel,
    describe_faults,
    format_latency,
    format_offset,
    short_summary,
)
from scb_console.ui.main_window import MainWindow
from scb_console.ui.wizard import Step

from .conftest import WAIT_MS
from .test_gui_flows import approve, authorize, server_token, shot


def sandbox_faults(sandbox: EmbeddedSandbox) -> dict[str, Any]:
    """What the sandbox says is in force: GET /_sandbox/faults over loopback HTTP."""
    response = httpx.get(f"{sandbox.root_url}/_sandbox/faults", timeout=10)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def click(qtbot: Any, button: QAbstractButton) -> None:
    assert button.isVisible(), f"{button.objectName()} is not visible"
    assert button.isEnabled(), f"{button.objectName()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def panel(window: MainWindow, qtbot: Any) -> FaultsPanel:
    window.faults_action.trigger()  # Tools › Fault rehearsal… shows the dock
    qtbot.waitUntil(window.faults_dock.isVisible)
    return window.faults_panel


def failed_banner(window: MainWindow, qtbot: Any, step: Step) -> str:
    wizard = window.wizard
    qtbot.waitUntil(lambda: bool(wizard.banner_text(step)), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.bridge.running(), timeout=WAIT_MS)
    text = wizard.banner_text(step)
    assert "Traceback" not in text
    assert "\n" not in text
    return text


# --- the panel sets the faults -------------------------------------------------------------------


@pytest.mark.parametrize("preset", PRESETS, ids=[p.key for p in PRESETS])
def test_each_preset_is_in_force_on_the_sandbox(
    window: MainWindow, panel: FaultsPanel, sandbox: EmbeddedSandbox, qtbot: Any, preset: Any
) -> None:
    if preset.key == "clear":
        sandbox.set_faults(error_rate=0.5, endpoint="profile")
    click(qtbot, panel.preset_buttons[preset.key])
    assert sandbox_faults(sandbox) == preset.faults.to_json()
    indicator = window.faults_panel.indicator
    if preset.key == "clear":
        assert not indicator.isVisible()
        assert panel.active_title.text() == "✓ No faults"
        assert "All clear" in window.statusBar().currentMessage()
    else:
        assert indicator.isVisible()
        assert indicator.text().startswith("⚠ Faults on: ")
        assert panel.active_title.text() == "⚠ Faults on"
        assert "All endpoints" in panel.active_label.text()
        assert preset.label in window.statusBar().currentMessage()


def test_custom_faults_per_endpoint(
    window: MainWindow, panel: FaultsPanel, sandbox: EmbeddedSandbox, qtbot: Any
) -> None:
    panel.set_form(endpoint="token", error_rate=0.5, drop_rate=0.25)
    assert panel.apply_button.text() == "Apply to token"
    click(qtbot, panel.apply_button)
    panel.set_form(endpoint="refresh", clock_offset=-7200, malformed="html")
    assert panel.offset_words.text() == "= −2 h"
    click(qtbot, panel.apply_button)
    panel.set_form(endpoint=None, latency_ms=300)
    click(qtbot, panel.apply_button)
    faults = sandbox_faults(sandbox)
    assert faults["default"] == FaultSpec(latency_ms=300).to_json()
    assert faults["endpoints"] == {
        "token": FaultSpec(error_rate=0.5, drop_rate=0.25).to_json(),
        "refresh": FaultSpec(clock_offset=-7200, malformed="html").to_json(),
    }
    summary = panel.active_label.text()
    assert "300 ms latency" in summary
    assert "500/9700 on 50 % of calls" in summary
    assert "25 % of connections dropped" in summary
    assert "server clock −2 h" in summary
    assert "HTML error pages" in summary

    # choosing an endpoint shows its own settings; "Follow all" drops them
    panel.endpoint_combo.setCurrentIndex(panel.endpoint_combo.findData("token"))
    assert panel.error_spin.value() == 50
    assert "settings of its own" in panel.inherit_note.text()
    click(qtbot, panel.reset_endpoint_button)
    assert "token" not in sandbox_faults(sandbox)["endpoints"]
    assert panel.latency_spin.value() == 300  # now it shows what it inherits
    assert "follows the all-endpoints" in panel.inherit_note.text()
    assert not panel.reset_endpoint_button.isEnabled()

    panel.endpoint_combo.setCurrentIndex(panel.endpoint_combo.findData(""))
    click(qtbot, panel.reset_endpoint_button)  # "Clear" on all endpoints
    faults = sandbox_faults(sandbox)
    assert faults["default"] == FaultSpec().to_json()
    assert "refresh" in faults["endpoints"]
    click(qtbot, panel.all_clear_button)
    assert sandbox_faults(sandbox) == Faults().to_json()


def test_faults_set_elsewhere_show_up_on_the_next_tick(
    window: MainWindow, panel: FaultsPanel, sandbox: EmbeddedSandbox, qtbot: Any
) -> None:
    response = httpx.put(f"{sandbox.root_url}/_sandbox/faults", json={"error_rate": 1}, timeout=10)
    assert response.status_code == 200
    assert not panel.indicator.isVisible()
    with qtbot.waitSignal(panel.faults_changed, timeout=WAIT_MS):
        window.ticker.fire()
    assert panel.indicator.isVisible()
    assert "500/9700 on 100 % of calls" in panel.indicator.text()
    assert panel.error_spin.value() == 100


def test_faults_on_and_off_leave_the_status_bar_its_height(
    window: MainWindow, panel: FaultsPanel, sandbox: EmbeddedSandbox, qtbot: Any
) -> None:
    """The indicator is as tall hidden as shown (QStatusBar counts hidden items): a change of
    the status bar's height would lay out and repaint the whole window (10+ ms)."""
    window.show()
    qtbot.waitExposed(window)
    bar = window.statusBar()
    height = bar.height()
    central = window.centralWidget().geometry()
    for on in (True, False, True):
        sandbox.set_faults(latency_ms=2000 if on else 0)
        with qtbot.waitSignal(panel.faults_changed, timeout=WAIT_MS):
            window.ticker.fire()
        qtbot.wait(20)  # (the layout request is posted)
        assert panel.indicator.isVisible() is on
        assert bar.height() == height
        assert window.centralWidget().geometry() == central


def test_indicator_opens_the_panel_and_the_view_menu_lists_it(
    window: MainWindow, sandbox: EmbeddedSandbox, qtbot: Any
) -> None:
    assert not window.faults_dock.isVisible()  # a rehearsal tool: hidden until asked for
    titles = [action.text() for action in window.view_menu.actions()]
    assert "Fault rehearsal" in titles
    window.faults_panel.apply_preset("slow")
    indicator = window.faults_panel.indicator
    assert indicator.isVisible()
    assert indicator.text() == "⚠ Faults on: 2 s latency"
    assert "All clear" in indicator.toolTip()
    click(qtbot, indicator)
    assert window.faults_dock.isVisible()


def test_disabled_with_the_reason_for_another_profile(
    window: MainWindow, panel: FaultsPanel, sandbox: EmbeddedSandbox, qtbot: Any
) -> None:
    assert panel.available
    assert not panel.unavailable_label.isVisible()
    panel.apply_preset("down")
    assert window.credentials.add_profile("Partner UAT", Environment.UAT)
    assert window.session.profile is not None
    assert window.session.profile.name == "Partner UAT"
    assert not panel.available
    assert panel.unavailable_label.isVisible()
    reason = panel.unavailable_label.text()
    assert "local sandbox only" in reason
    assert "Partner UAT" in reason
    assert not panel.custom_box.isEnabled()
    assert not panel.preset_buttons["slow"].isEnabled()
    assert not panel.apply_preset("slow")
    assert panel.all_clear_button.isEnabled()  # faults can always be ended
    assert panel.indicator.isVisible()  # the sandbox still misbehaves: say so
    shot(window, "faults-unavailable")
    window.credentials.select_profile("Local sandbox")
    assert panel.available
    assert panel.custom_box.isEnabled()
    assert not panel.unavailable_label.isVisible()


def test_without_a_sandbox_the_panel_says_so(qtbot: Any) -> None:
    panel = FaultsPanel(None)
    qtbot.addWidget(panel)
    assert not panel.available
    assert "not running" in panel.unavailable_label.text()
    assert not panel.all_clear_button.isEnabled()
    assert not panel.apply_form()


# --- the flow runs into each fault ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("down", ["server-side error", "9700", "HTTP 500", "requestUId"]),
        ("garbled", ["is not JSON", "requestUId"]),
        ("html", ["is an HTML page", "requestUId"]),
        ("drop", ["closed the connection", "requestUId"]),
    ],
)
def test_each_fault_is_a_clear_message_then_all_clear_mends_it(
    window: MainWindow, panel: FaultsPanel, qtbot: Any, setup: str, expected: list[str]
) -> None:
    if setup == "html":
        panel.set_form(endpoint="token", malformed="html")
        click(qtbot, panel.apply_button)
    else:
        click(qtbot, panel.preset_buttons[setup])
    wizard = window.wizard
    wizard.go_to(Step.SERVER_TOKEN)
    click(qtbot, wizard.server_token_button)
    banner = failed_banner(window, qtbot, Step.SERVER_TOKEN)
    for phrase in expected:
        assert phrase in banner, (phrase, banner)
    shot(window, f"fault-{setup}")

    click(qtbot, panel.all_clear_button)
    server_token(window, qtbot)
    assert not wizard.banner_text(Step.SERVER_TOKEN)


def test_an_exchange_that_meets_a_500_works_after_all_clear(
    window: MainWindow, panel: FaultsPanel, qtbot: Any
) -> None:
    flow = window.session.flow
    assert flow is not None
    authorize(window, qtbot)
    approve(window, qtbot)
    panel.set_form(endpoint="token", error_rate=1.0)
    click(qtbot, panel.apply_button)
    wizard = window.wizard
    wizard.go_to(Step.EXCHANGE)
    click(qtbot, wizard.exchange_button)
    banner = failed_banner(window, qtbot, Step.EXCHANGE)
    assert "9700" in banner
    assert flow.state is FlowState.FAILED
    click(qtbot, panel.all_clear_button)
    click(qtbot, wizard.exchange_button)  # the code was not spent: a 500 is not handled
    qtbot.waitUntil(lambda: flow.state is FlowState.AUTHORIZED, timeout=WAIT_MS)
    assert not wizard.banner_text(Step.EXCHANGE)


def test_server_clock_ahead_shows_as_clock_skew(
    window: MainWindow, panel: FaultsPanel, qtbot: Any
) -> None:
    click(qtbot, panel.preset_buttons["clock"])
    token = server_token(window, qtbot)
    assert token.skew is not None
    assert token.skew == pytest.approx(7200, abs=2)
    assert window.skew_label.text().startswith("⚠ Clock skew: +72")
    click(qtbot, panel.all_clear_button)
    server_token(window, qtbot)
    assert not window.skew_label.text().startswith("⚠")


def test_window_stays_responsive_while_a_slow_request_is_out(
    window: MainWindow, panel: FaultsPanel, qtbot: Any, clock: FakeClock
) -> None:
    # the one test on the real clock: the sandbox really waits 1.5 s before it answers
    panel.set_form(latency_ms=1500)
    click(qtbot, panel.apply_button)
    wizard = window.wizard
    wizard.go_to(Step.SERVER_TOKEN)
    click(qtbot, wizard.server_token_button)
    assert window.bridge.running("server_token")
    assert window.busy_bar.isVisible()
    # while it is out: clicks elsewhere are handled at once
    steps = wizard.step_list
    rect = steps.visualItemRect(steps.item(int(Step.PROFILE)))
    qtbot.mouseClick(steps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert wizard.current_step is Step.PROFILE
    panel.endpoint_combo.setCurrentIndex(panel.endpoint_combo.findData("token"))
    assert panel.apply_button.text() == "Apply to token"
    qtbot.keyClicks(wizard.redirect_paste_edit, "typing while waiting")
    assert wizard.redirect_paste_edit.text() == "typing while waiting"
    assert window.bridge.running("server_token")  # all of that happened while it was out
    with qtbot.waitSignal(window.bridge.token_obtained, timeout=WAIT_MS):
        pass
    qtbot.waitUntil(lambda: not window.busy_bar.isVisible(), timeout=WAIT_MS)
    click(qtbot, panel.all_clear_button)
    assert not panel.indicator.isVisible()


# --- words ------------------------------------------------------------------------------------


def test_words_for_faults() -> None:
    assert format_latency(300) == "300 ms"
    assert format_latency(2000) == "2 s"
    assert format_latency(1500) == "1.5 s"
    assert format_offset(7200) == "+2 h"
    assert format_offset(-5400) == "−1 h 30 min"
    assert format_offset(45) == "+45 s"
    assert format_offset(3605) == "+1 h"
    assert format_offset(0) == "0 s"
    assert format_offset(90061) == "+1 d 1 h"
    faults = Faults(
        FaultSpec(latency_ms=2000), {"token": FaultSpec(), "profile": FaultSpec(drop_rate=1)}
    )
    assert describe_faults(faults) == [
        ("All endpoints", "2 s latency"),
        ("token", "no fault (overrides all endpoints)"),
        ("profile", "100 % of connections dropped"),
    ]
    assert short_summary(faults) == "2 s latency (+1 more)"
    assert short_summary(Faults()) == ""
    assert short_summary(Faults(endpoints={"refresh": FaultSpec(error_rate=0.1)})) == (
        "refresh: 500/9700 on 10 % of calls"
    )
