"""Faults survived: the real window against the sandbox's fault injection over loopback HTTP.

Each test breaks one thing (a timeout, a 500, a malformed body, a dropped connection, a server
clock hours off, a refresh token that died) and checks the three promises of issue 7: the
window stays responsive, the error says what happened and names the request's ``requestUId``
(the one in the exchange log and in the sandbox's journal), and nothing already obtained is
lost. Retries happen only where they are safe: a refresh whose connection could not be made is
tried once more; an exchange (a code is single use) and a refresh that reached the server are
not.

Time is the window's FakeClock where the flow's deadlines matter. The timeouts are real but
short: the profile's timeout is 0.3 s and the sandbox's latency 1 s.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from scb_console.core.clock import FakeClock
from scb_console.core.flow import FlowState
from scb_console.core.models import TokenSet
from scb_console.sandbox import EmbeddedSandbox
from scb_console.ui.main_window import MainWindow
from scb_console.ui.wizard import Step

from .conftest import WAIT_MS
from .test_gui_flows import approve, authorize, click, exchange, server_token

#: The profile's timeout in these tests, and the sandbox latency that outlasts it.
SHORT_TIMEOUT = 0.3
SLOW_MS = 1000

_UID = re.compile(r"requestUId ([0-9a-f-]{36})")


def use_short_timeout(window: MainWindow) -> None:
    """Make the active profile time out after SHORT_TIMEOUT s (a new client and flow)."""
    profile = window.session.profile
    assert profile is not None
    window.on_profile_selected(replace(profile, timeout=SHORT_TIMEOUT))
    assert window.session.client is not None
    assert window.session.client.profile.timeout == SHORT_TIMEOUT


def banner(window: MainWindow, qtbot: Any, step: Step) -> str:
    """The step's red banner once the request is over: one line, no traceback."""
    wizard = window.wizard
    qtbot.waitUntil(lambda: bool(wizard.banner_text(step)), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.bridge.running(), timeout=WAIT_MS)
    text = wizard.banner_text(step)
    assert "Traceback" not in text
    assert "\n" not in text
    return text


def named_uid(text: str, window: MainWindow, step: str) -> str:
    """The requestUId the message names: the last exchange of ``step`` in the exchange log."""
    match = _UID.search(text)
    assert match is not None, f"no requestUId in {text!r}"
    records = [r for r in window.services.exchange_log.records if r.step == step]
    assert records, f"no {step} exchange in the log"
    assert records[-1].request_uid == match.group(1)
    assert records[-1].error is not None
    return match.group(1)


def journal(sandbox: EmbeddedSandbox, endpoint: str, *, code: bool | None = None) -> list[Any]:
    """The sandbox's journal entries of ``endpoint`` (``code``: code exchanges only, or
    server tokens only)."""
    entries = [e for e in sandbox.requests() if e["endpoint"] == endpoint]
    if code is not None:
        entries = [e for e in entries if ("authCode" in (e.get("requestBody") or {})) == code]
    return entries


def user_tokens(window: MainWindow, qtbot: Any) -> TokenSet:
    authorize(window, qtbot)
    approve(window, qtbot)
    return exchange(window, qtbot)


def token_rows(window: MainWindow) -> list[str]:
    model = window.inspector.model
    return [model.token_at(row).request_uid for row in range(model.rowCount())]


# --- the code exchange ---------------------------------------------------------------------------


def test_a_timed_out_exchange_explains_the_code_may_be_used_and_is_not_retried(
    window: MainWindow, qtbot: Any, sandbox: EmbeddedSandbox
) -> None:
    use_short_timeout(window)
    server = server_token(window, qtbot)  # obtained before the trouble: must stay
    flow = window.session.flow
    assert flow is not None
    authorize(window, qtbot)
    approve(window, qtbot)
    code = flow.code
    assert code is not None
    sandbox.set_faults(endpoint="token", latency_ms=SLOW_MS)
    wizard = window.wizard
    wizard.go_to(Step.EXCHANGE)
    click(qtbot, wizard.exchange_button)

    # while the exchange is out, the window answers: another step, typing, the log's filter
    assert window.bridge.running("exchange_code")
    steps = wizard.step_list
    rect = steps.visualItemRect(steps.item(int(Step.SERVER_TOKEN)))
    qtbot.mouseClick(steps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert wizard.current_step is Step.SERVER_TOKEN
    qtbot.keyClicks(window.exchange_panel.filter_edit, "token")
    assert window.exchange_panel.filter_edit.text() == "token"
    assert window.bridge.running("exchange_code")
    window.exchange_panel.filter_edit.clear()

    text = banner(window, qtbot, Step.EXCHANGE)
    assert f"within {SHORT_TIMEOUT:g} s" in text
    assert "SCB may have used the code already" in text
    assert "try Exchange once more" in text
    uid = named_uid(text, window, "exchange_code")
    assert flow.state is FlowState.FAILED
    assert flow.code == code  # kept: the user decides whether to try once more
    assert token_rows(window) == [server.request_uid]  # nothing obtained is lost

    # the request reached the sandbox once: the console did not retry on its own. The sandbox
    # was still waiting (its latency) when the console gave up and hung up, so it never read
    # the code: the journal says the client was gone, and the code is still good.
    def sent() -> list[Any]:  # the journal masks and keeps the body only once it was read
        return [e for e in journal(sandbox, "token") if e["requestUId"] == uid]

    qtbot.waitUntil(lambda: bool(sent()), timeout=WAIT_MS)
    [entry] = sent()
    assert entry["fault"] == "client-gone"
    assert entry["status"] is None
    assert not journal(sandbox, "token", code=True)

    # the user tries once more, as the message offers, and gets the tokens
    sandbox.set_faults()
    wizard.go_to(Step.EXCHANGE)
    click(qtbot, wizard.exchange_button)
    qtbot.waitUntil(lambda: flow.state is FlowState.AUTHORIZED, timeout=WAIT_MS)
    assert not wizard.banner_text(Step.EXCHANGE)
    assert len(journal(sandbox, "token", code=True)) == 1  # the one the sandbox read
    assert len(token_rows(window)) == 2


def test_an_exchange_retried_after_the_server_spent_the_code_says_authorize_again(
    window: MainWindow, qtbot: Any, sandbox: EmbeddedSandbox
) -> None:
    flow = window.session.flow
    assert flow is not None
    authorize(window, qtbot)
    approve(window, qtbot)
    # the sandbox handles the exchange (the code is spent), then spoils the answer
    sandbox.set_faults(endpoint="token", malformed="truncated")
    wizard = window.wizard
    wizard.go_to(Step.EXCHANGE)
    click(qtbot, wizard.exchange_button)
    text = banner(window, qtbot, Step.EXCHANGE)
    assert "is not JSON" in text
    uid = named_uid(text, window, "exchange_code")
    [entry] = journal(sandbox, "token", code=True)
    assert (entry["requestUId"], entry["status"]) == (uid, 200)
    assert flow.state is FlowState.FAILED
    sandbox.set_faults()
    click(qtbot, wizard.exchange_button)  # once more: SCB refuses the spent code
    qtbot.waitUntil(lambda: flow.state is FlowState.CODE_EXPIRED, timeout=WAIT_MS)
    again = banner(window, qtbot, Step.EXCHANGE)
    assert "authorize again" in again.lower() or "start again" in again.lower()
    assert len(journal(sandbox, "token", code=True)) == 2
    click(qtbot, wizard.page(Step.EXCHANGE).banner.button)  # "Start again at step 1"
    qtbot.waitUntil(lambda: flow.state is FlowState.AWAITING_CONSENT, timeout=WAIT_MS)
    approve(window, qtbot)
    exchange(window, qtbot)
    assert len(token_rows(window)) == 1


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ({"drop_rate": 1.0}, "SCB may have used the code already"),
        ({"error_rate": 1.0}, "9700"),
    ],
    ids=["dropped", "500"],
)
def test_an_exchange_that_got_no_usable_answer_says_so(
    window: MainWindow, qtbot: Any, sandbox: EmbeddedSandbox, fault: dict[str, Any], words: str
) -> None:
    flow = window.session.flow
    assert flow is not None
    authorize(window, qtbot)
    approve(window, qtbot)
    sandbox.set_faults(endpoint="token", **fault)
    wizard = window.wizard
    wizard.go_to(Step.EXCHANGE)
    click(qtbot, wizard.exchange_button)
    text = banner(window, qtbot, Step.EXCHANGE)
    assert words in text
    uid = named_uid(text, window, "exchange_code")
    # sent once (no retry), and the fault struck before the sandbox read the code
    assert [e["requestUId"] for e in journal(sandbox, "token")] == [uid]
    assert not journal(sandbox, "token", code=True)
    assert flow.state is FlowState.FAILED
    assert token_rows(window) == []
    sandbox.set_faults()
    click(qtbot, wizard.exchange_button)  # so the code is still good: once more works
    qtbot.waitUntil(lambda: flow.state is FlowState.AUTHORIZED, timeout=WAIT_MS)


# --- the refresh ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ({"error_rate": 1.0}, "9700"),
        ({"malformed": "truncated"}, "is not JSON"),
        ({"malformed": "html"}, "is an HTML page"),
        ({"drop_rate": 1.0}, "closed the connection"),
        ({"latency_ms": SLOW_MS}, f"within {SHORT_TIMEOUT:g} s"),
    ],
    ids=["500", "truncated", "html", "dropped", "timeout"],
)
def test_a_failed_refresh_keeps_the_tokens_and_is_not_retried(
    window: MainWindow,
    qtbot: Any,
    sandbox: EmbeddedSandbox,
    fault: dict[str, Any],
    words: str,
) -> None:
    use_short_timeout(window)
    tokens = user_tokens(window, qtbot)
    flow = window.session.flow
    assert flow is not None
    rows_before = token_rows(window)
    sandbox.set_faults(endpoint="refresh", **fault)
    wizard = window.wizard
    wizard.go_to(Step.REFRESH)
    click(qtbot, wizard.refresh_button)
    text = banner(window, qtbot, Step.REFRESH)
    assert words in text, text
    assert "keeping the previous tokens" in text
    uid = named_uid(text, window, "refresh")
    # nothing lost: the same tokens, still in the inspector and on the page, still usable
    assert flow.tokens is tokens
    assert flow.state is FlowState.AUTHORIZED
    assert token_rows(window) == rows_before
    assert window.inspector.selected_token() is tokens
    assert wizard.refresh_button.isEnabled()
    assert wizard.call_profile_button.isEnabled()
    # the refresh reached the server (or may have): never sent twice
    qtbot.waitUntil(lambda: bool(journal(sandbox, "refresh")), timeout=WAIT_MS)
    assert [e["requestUId"] for e in journal(sandbox, "refresh")] == [uid]
    # and the tokens still work
    sandbox.set_faults()
    wizard.go_to(Step.PROFILE)
    click(qtbot, wizard.call_profile_button)
    qtbot.waitUntil(lambda: wizard.thai_name_label.text() != "—", timeout=WAIT_MS)


def test_a_refresh_that_could_not_connect_is_tried_once_more(
    window: MainWindow, qtbot: Any, sandbox: EmbeddedSandbox
) -> None:
    tokens = user_tokens(window, qtbot)
    flow = window.session.flow
    assert flow is not None
    flow.refresh_retry_delay = 0.05  # the backoff (1 s in the app), short for the test
    sandbox.stop()  # nothing listens: the request is never sent, so a retry is safe
    wizard = window.wizard
    wizard.go_to(Step.REFRESH)
    click(qtbot, wizard.refresh_button)
    text = banner(window, qtbot, Step.REFRESH)
    assert "keeping the previous tokens" in text
    assert "requestUId" in text
    refreshes = [r for r in window.services.exchange_log.records if r.step == "refresh"]
    assert len(refreshes) == 2  # the first try and the one retry
    assert all(r.status is None and r.error for r in refreshes)
    assert refreshes[0].request_uid != refreshes[1].request_uid
    assert flow.tokens is tokens
    assert window.inspector.selected_token() is tokens


# --- time ----------------------------------------------------------------------------------------


def test_a_server_clock_hours_behind_is_shown_and_the_countdowns_stay_right(
    window: MainWindow, qtbot: Any, sandbox: EmbeddedSandbox
) -> None:
    hours = 3
    sandbox.set_faults(endpoint="token", clock_offset=-hours * 3600)
    tokens = user_tokens(window, qtbot)
    assert tokens.skew == pytest.approx(-hours * 3600, abs=2)
    status = window.skew_label.text()
    assert status.startswith("⚠ Clock skew: −10800")
    detail = window.inspector.findChild(QLabel, "tokenSkewLabel")
    assert detail is not None
    assert window.inspector.selected_token() is tokens
    assert "-10800" in detail.text()
    assert "server behind" in detail.text()
    assert "⚠" in detail.text()
    # the countdowns run on the local monotonic clock: still a full 30 minutes
    assert window.wizard.access_countdown.text() == "30:00"
    assert tokens.expires_at is not None
    assert tokens.expires_at < tokens.issued_wall  # by the server's clock it expired already


def test_a_refresh_token_that_died_says_authorize_again_and_keeps_the_tokens(
    window: MainWindow, qtbot: Any, clock: FakeClock
) -> None:
    tokens = user_tokens(window, qtbot)
    flow = window.session.flow
    assert flow is not None
    clock.advance(3601)  # past the refresh token's 60 minutes
    window.ticker.fire()
    assert flow.state is FlowState.REFRESH_EXPIRED
    wizard = window.wizard
    text = wizard.banner_text(Step.REFRESH)
    assert "authorize again" in text.lower()
    assert wizard.page(Step.REFRESH).banner.button.text() == "Authorize again"
    assert flow.tokens is tokens
    assert token_rows(window) == [tokens.request_uid]  # shown as expired, not dropped
    wizard.go_to(Step.REFRESH)
    click(qtbot, wizard.refresh_button)  # asking anyway: refused here, with the same words
    qtbot.waitUntil(lambda: not window.bridge.running(), timeout=WAIT_MS)
    assert "authorize again" in wizard.banner_text(Step.REFRESH).lower()
    assert wizard.page(Step.REFRESH).banner.button.text() == "Authorize again"
    assert not [r for r in window.services.exchange_log.records if r.step == "refresh"]
    click(qtbot, wizard.page(Step.REFRESH).banner.button)
    qtbot.waitUntil(lambda: flow.state is FlowState.AWAITING_CONSENT, timeout=WAIT_MS)


def test_a_refresh_token_the_server_voided_says_authorize_again(
    window: MainWindow, qtbot: Any, sandbox: EmbeddedSandbox
) -> None:
    tokens = user_tokens(window, qtbot)
    flow = window.session.flow
    assert flow is not None
    sandbox.reset()  # the sandbox forgets every token (as a revocation would)
    wizard = window.wizard
    wizard.go_to(Step.REFRESH)
    click(qtbot, wizard.refresh_button)
    qtbot.waitUntil(lambda: flow.state is FlowState.REFRESH_EXPIRED, timeout=WAIT_MS)
    text = banner(window, qtbot, Step.REFRESH)
    assert "9300" in text
    assert "authorize again" in text.lower()
    named_uid(text, window, "refresh")
    assert flow.tokens is tokens
    assert token_rows(window) == [tokens.request_uid]
