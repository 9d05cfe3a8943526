"""The 3-legged flow against the real local sandbox over loopback HTTP.

A wrapping transport stands in for the network only where the sandbox cannot: a dropped
connection, a refused connection, a request that never gets an answer.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from scb_console.core import contract
from scb_console.core.client import SCBClient
from scb_console.core.clock import FakeClock
from scb_console.core.errors import (
    ApiError,
    ConnectError,
    ConnectionDropped,
    FlowError,
    RedirectError,
    RequestTimeout,
    SCBConsoleError,
)
from scb_console.core.flow import FlowCancelled, FlowEvent, FlowState, UserFlow
from scb_console.core.models import Profile, RedirectParams
from scb_console.infra.receiver import RedirectReceiver
from scb_console.sandbox import EmbeddedSandbox
from scb_console.sandbox.defaults import DEMO_CUSTOMERS

S = FlowState

# --- plumbing ---------------------------------------------------------------------------------


class Network(httpx.AsyncBaseTransport):
    """The real loopback network, with a switch per SCB path to break it on purpose.

    ``faults[path]`` is a list of what the next requests to ``path`` meet, in order:
    ``"refuse"`` (connection refused: nothing sent), ``"drop"`` (the server handled the request,
    then the connection dropped), ``"timeout"`` (handled, no answer read), ``"hang"`` (no answer
    until cancelled). ``sent[path]`` counts the requests that reached the transport.
    """

    def __init__(self) -> None:
        self._real = httpx.AsyncHTTPTransport()
        self.faults: dict[str, list[str]] = {}
        self.sent: dict[str, int] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix(contract.SANDBOX_BASE_PATH)
        self.sent[path] = self.sent.get(path, 0) + 1
        queue = self.faults.get(path)
        fault = queue.pop(0) if queue else None
        if fault == "refuse":
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        if fault == "hang":
            await asyncio.Event().wait()
        response = await self._real.handle_async_request(request)
        if fault in ("drop", "timeout"):
            await response.aread()
            await response.aclose()
            if fault == "drop":
                raise httpx.RemoteProtocolError("Server disconnected", request=request)
            raise httpx.ReadTimeout("timed out", request=request)
        return response

    async def aclose(self) -> None:
        await self._real.aclose()


class Recorder:
    def __init__(self) -> None:
        self.events: list[FlowEvent] = []

    def __call__(self, event: FlowEvent) -> None:
        self.events.append(event)

    @property
    def states(self) -> list[FlowState]:
        return [e.state for e in self.events]

    def assert_chained(self, start: FlowState = S.IDLE) -> None:
        """Every event starts where the one before it ended."""
        previous = start
        for event in self.events:
            assert event.previous == previous, self.events
            previous = event.state


@pytest.fixture
def network() -> Network:
    return Network()


@pytest.fixture
async def http(network: Network) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=network, timeout=10.0) as client:
        yield client


@pytest.fixture
def profile(sandbox: EmbeddedSandbox) -> Profile:
    return Profile(
        name="flow-test",
        environment=contract.Environment.LOCAL,
        api_key=sandbox.config.apps[0].api_key,
        base_url=sandbox.base_url,
        timeout=10.0,
    )


@pytest.fixture
def client(
    http: httpx.AsyncClient, profile: Profile, sandbox: EmbeddedSandbox, clock: FakeClock
) -> SCBClient:
    return SCBClient(http, profile, sandbox.config.apps[0].api_secret, clock=clock)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
async def flow(client: SCBClient, recorder: Recorder) -> AsyncIterator[UserFlow]:
    user_flow = UserFlow(client, refresh_retry_delay=0)
    user_flow.subscribe(recorder)
    yield user_flow
    user_flow.cancel()
    await user_flow.wait_idle()


async def approve(sandbox: EmbeddedSandbox, flow: UserFlow, customer: int = 0) -> str:
    """Sign in and consent as a demo customer, as SCB Easy would; the redirect URL."""
    result = flow.authorize_result
    assert result is not None
    assert result.login_id
    who = DEMO_CUSTOMERS[customer]
    async with httpx.AsyncClient() as browser:
        response = await browser.post(
            f"{sandbox.root_url}/_sandbox/logins/{result.login_id}/approve",
            json={"customerId": who.id, "pin": who.pin},
        )
    assert response.status_code == 200, response.text
    url = response.json()["redirectUrl"]
    assert isinstance(url, str)
    return url


async def deny(sandbox: EmbeddedSandbox, flow: UserFlow) -> str:
    result = flow.authorize_result
    assert result is not None
    async with httpx.AsyncClient() as browser:
        response = await browser.post(
            f"{sandbox.root_url}/_sandbox/logins/{result.login_id}/deny", json={}
        )
    assert response.status_code == 200, response.text
    url = response.json()["redirectUrl"]
    assert isinstance(url, str)
    return url


async def authorized(flow: UserFlow, sandbox: EmbeddedSandbox) -> None:
    """Drive a flow to AUTHORIZED through the sandbox (pasting the redirect URL)."""
    await flow.authorize()
    flow.accept_text(await approve(sandbox, flow))
    await flow.exchange()
    assert flow.state == S.AUTHORIZED


async def until(predicate: Callable[[], bool]) -> None:
    """Let the loop run (no time passes) until ``predicate`` holds."""
    for _ in range(1000):
        if predicate():
            return
        await asyncio.sleep(0)
    raise AssertionError("condition never became true")


# --- the whole flow ---------------------------------------------------------------------------


async def test_end_to_end_through_the_receiver(
    flow: UserFlow,
    sandbox: EmbeddedSandbox,
    recorder: Recorder,
    client: SCBClient,
    clock: FakeClock,
) -> None:
    async with RedirectReceiver() as receiver:
        sandbox.set_callback_url(receiver.callback_url)
        result = await flow.authorize()
        assert flow.state == S.AWAITING_CONSENT
        assert result.deeplink.startswith(f"{contract.DEEPLINK_SCHEME}://login/")
        assert flow.expected_state
        assert result.state == flow.expected_state
        receiver.arm(flow.expected_state, flow.accept_redirect)

        redirect_url = await approve(sandbox, flow)
        assert redirect_url.startswith(receiver.callback_url)
        async with httpx.AsyncClient() as browser:
            page = await browser.get(redirect_url)
        assert page.status_code == 200
        assert "return to SCB Console" in page.text
    assert flow.state == S.CODE_RECEIVED
    assert flow.code
    assert flow.code_remaining() == contract.CODE_TTL

    tokens = await flow.exchange()
    assert flow.state == S.AUTHORIZED
    assert flow.tokens is tokens
    assert flow.code is None  # spent
    assert tokens.refresh_token
    assert tokens.resource_owner_id == DEMO_CUSTOMERS[0].id
    assert (tokens.profile_name, tokens.environment) == ("flow-test", contract.Environment.LOCAL)

    clock.advance(120)
    renewed = await flow.refresh()
    assert flow.state == S.AUTHORIZED
    assert renewed.access_token != tokens.access_token
    assert renewed.replaces == tokens.request_uid
    assert flow.history == (tokens, renewed)

    profile = await client.customer_profile(renewed)
    assert profile.english_name == DEMO_CUSTOMERS[0].profile["engTitle"] + " Somchai Jaidee"

    assert recorder.states == [
        S.AWAITING_CONSENT,
        S.CODE_RECEIVED,
        S.EXCHANGING,
        S.AUTHORIZED,
        S.REFRESHING,
        S.AUTHORIZED,
    ]
    recorder.assert_chained()
    assert all(e.error is None for e in recorder.events)
    for event in recorder.events:  # no secret in a message
        for secret in (tokens.access_token, tokens.refresh_token, renewed.access_token):
            assert secret not in event.message


async def test_pasted_redirect_url_and_bare_code(flow: UserFlow, sandbox: EmbeddedSandbox) -> None:
    await flow.authorize()
    url = await approve(sandbox, flow)
    assert flow.accept_text(url) == S.CODE_RECEIVED
    code = flow.code
    assert code
    assert flow.redirect is not None
    assert flow.redirect.state == flow.expected_state
    # the same code, pasted bare, is taken too (no state to check)
    assert flow.accept_text(f"  {code}\n") == S.CODE_RECEIVED
    await flow.exchange()
    assert flow.state == S.AUTHORIZED


async def test_partner_pairs_come_back_as_extras(
    flow: UserFlow,
    sandbox: EmbeddedSandbox,
    http: httpx.AsyncClient,
    clock: FakeClock,
    profile: Profile,
) -> None:
    with_pairs = dataclasses.replace(profile, partner_query=(("order", "A-42"),))
    pair_flow = UserFlow(
        SCBClient(http, with_pairs, sandbox.config.apps[0].api_secret, clock=clock)
    )
    await pair_flow.authorize()
    pair_flow.accept_text(await approve(sandbox, pair_flow))
    assert pair_flow.redirect is not None
    assert ("order", "A-42") in pair_flow.redirect.extras


# --- the code ---------------------------------------------------------------------------------


async def test_code_expires_after_60_seconds(
    flow: UserFlow,
    sandbox: EmbeddedSandbox,
    recorder: Recorder,
    client: SCBClient,
    clock: FakeClock,
) -> None:
    await flow.authorize()
    flow.accept_text(await approve(sandbox, flow))
    code = flow.code
    assert code
    clock.advance(59)
    flow.tick()
    assert flow.state == S.CODE_RECEIVED
    clock.advance(2)
    flow.tick()
    assert flow.state == S.CODE_EXPIRED
    assert "expired" in recorder.events[-1].message
    assert flow.code is None
    with pytest.raises(FlowError, match="no authorization code"):
        await flow.exchange()
    # and the sandbox refuses the code too
    with pytest.raises(ApiError) as info:
        await client.exchange_code(code)
    assert info.value.code == contract.StatusCode.INVALID_TEMPORARY_TOKEN


async def test_exchange_refuses_an_expired_code_without_a_tick(
    flow: UserFlow, sandbox: EmbeddedSandbox, network: Network, clock: FakeClock
) -> None:
    await flow.authorize()
    flow.accept_text(await approve(sandbox, flow))
    clock.advance(61)
    with pytest.raises(FlowError, match="expired"):
        await flow.exchange()
    assert flow.state == S.CODE_EXPIRED
    assert network.sent.get(contract.PATH_TOKEN) is None  # never sent


async def test_sandbox_expires_the_code_first(
    flow: UserFlow, sandbox: EmbeddedSandbox, recorder: Recorder, clock: FakeClock
) -> None:
    # our 60 s count starts when the redirect arrives; should SCB's run out first, it says 9300
    sandbox.config.code_ttl = 10
    await flow.authorize()
    flow.accept_text(await approve(sandbox, flow))
    clock.advance(11)
    flow.tick()
    assert flow.state == S.CODE_RECEIVED
    with pytest.raises(ApiError) as info:
        await flow.exchange()
    assert info.value.code == contract.StatusCode.INVALID_TEMPORARY_TOKEN
    assert flow.state == S.CODE_EXPIRED
    assert recorder.events[-1].error is info.value


async def test_sandbox_refusing_a_used_code(
    flow: UserFlow, sandbox: EmbeddedSandbox, recorder: Recorder, network: Network
) -> None:
    await flow.authorize()
    flow.accept_text(await approve(sandbox, flow))
    code = flow.code
    assert code
    await flow.exchange()
    await flow.authorize()
    flow.accept_text(code)  # the old code pasted again: the sandbox says 9300
    with pytest.raises(ApiError):
        await flow.exchange()
    assert flow.state == S.CODE_EXPIRED
    assert recorder.events[-1].previous == S.EXCHANGING
    assert "authorize again" in recorder.events[-1].message


async def test_exchange_timeout_is_not_retried(
    flow: UserFlow, sandbox: EmbeddedSandbox, recorder: Recorder, network: Network
) -> None:
    await flow.authorize()
    flow.accept_text(await approve(sandbox, flow))
    network.faults[contract.PATH_TOKEN] = ["timeout"]  # the sandbox spends the code, no answer
    with pytest.raises(RequestTimeout):
        await flow.exchange()
    assert network.sent[contract.PATH_TOKEN] == 1  # no automatic retry
    assert flow.state == S.FAILED
    message = recorder.events[-1].message
    assert "may have used the code already" in message
    assert "start again at Authorize" in message
    # the user may try once more: the code was spent, SCB says so
    with pytest.raises(ApiError):
        await flow.exchange()
    assert flow.state == S.CODE_EXPIRED
    assert flow.tokens is None


async def test_exchange_dropped_connection(
    flow: UserFlow, sandbox: EmbeddedSandbox, recorder: Recorder, network: Network
) -> None:
    await flow.authorize()
    flow.accept_text(await approve(sandbox, flow))
    network.faults[contract.PATH_TOKEN] = ["drop"]
    with pytest.raises(ConnectionDropped):
        await flow.exchange()
    assert flow.state == S.FAILED
    assert "may have used the code already" in recorder.events[-1].message


async def test_exchange_refused_connection_keeps_the_code(
    flow: UserFlow, sandbox: EmbeddedSandbox, network: Network, recorder: Recorder
) -> None:
    await flow.authorize()
    flow.accept_text(await approve(sandbox, flow))
    network.faults[contract.PATH_TOKEN] = ["refuse"]
    with pytest.raises(ConnectError) as info:
        await flow.exchange()
    assert flow.state == S.FAILED
    assert "the code was not sent" in recorder.events[-1].message
    assert flow.last_error is info.value
    assert network.sent[contract.PATH_TOKEN] == 1
    await flow.exchange()  # nothing was sent: the same code still works
    assert flow.state == S.AUTHORIZED


# --- the redirect -----------------------------------------------------------------------------


async def test_deny(flow: UserFlow, sandbox: EmbeddedSandbox, recorder: Recorder) -> None:
    await flow.authorize()
    url = await deny(sandbox, flow)
    assert flow.accept_text(url) == S.DENIED
    event = recorder.events[-1]
    assert "the customer declined consent in SCB Easy" in event.message
    assert isinstance(event.error, RedirectError)
    with pytest.raises(FlowError):
        await flow.exchange()


async def test_state_mismatch_changes_nothing(
    flow: UserFlow, sandbox: EmbeddedSandbox, recorder: Recorder
) -> None:
    await flow.authorize()
    url = await approve(sandbox, flow)
    expected = flow.expected_state
    assert expected
    forged = url.replace(f"state={expected}", "state=attacker-state-0001")
    assert forged != url
    before = list(recorder.events)
    with pytest.raises(RedirectError, match="possible CSRF or an old link"):
        flow.accept_text(forged)
    assert flow.state == S.AWAITING_CONSENT
    assert recorder.events == before
    assert isinstance(flow.last_error, RedirectError)
    assert flow.accept_text(url) == S.CODE_RECEIVED  # the real one still works


async def test_garbage_paste(flow: UserFlow) -> None:
    with pytest.raises(RedirectError):
        flow.accept_text("not a redirect at all")
    assert flow.state == S.IDLE


async def test_redirect_with_status_but_no_code(flow: UserFlow) -> None:
    with pytest.raises(RedirectError, match="no code"):
        flow.accept_redirect(RedirectParams(code=None, state=None, status="error"))
    assert flow.state == S.IDLE


# --- refresh ----------------------------------------------------------------------------------


async def test_auto_refresh(
    flow: UserFlow, sandbox: EmbeddedSandbox, recorder: Recorder, clock: FakeClock
) -> None:
    flow.auto_refresh = True
    await authorized(flow, sandbox)
    first = flow.tokens
    assert first is not None
    clock.advance(contract.ACCESS_TTL - 61)  # 61 s left: not yet
    flow.tick()
    assert not flow.pending_tasks
    clock.advance(2)  # 59 s left: within the 60 s margin
    flow.tick()
    assert flow.pending_tasks
    flow.tick()  # a second tick starts no second refresh
    assert len(flow.pending_tasks) == 1
    await flow.wait_idle()
    assert flow.state == S.AUTHORIZED
    second = flow.tokens
    assert second is not None
    assert second.access_token != first.access_token
    assert second.replaces == first.request_uid
    assert flow.history == (first, second)
    assert second.access_remaining(clock) == contract.ACCESS_TTL
    assert recorder.states[-2:] == [S.REFRESHING, S.AUTHORIZED]
    assert "auto-refresh" in recorder.events[-1].message
    recorder.assert_chained()
    # again, a refresh later: the lineage continues
    clock.advance(contract.ACCESS_TTL - 30)
    flow.tick()
    await flow.wait_idle()
    third = flow.tokens
    assert third is not None
    assert third.replaces == second.request_uid
    assert len(flow.history) == 3


async def test_auto_refresh_off_lets_the_token_expire(
    flow: UserFlow, sandbox: EmbeddedSandbox, recorder: Recorder, clock: FakeClock
) -> None:
    await authorized(flow, sandbox)
    clock.advance(contract.ACCESS_TTL - 10)
    flow.tick()
    assert not flow.pending_tasks
    clock.advance(10)
    flow.tick()
    assert flow.state == S.TOKEN_EXPIRED
    await flow.refresh()  # a manual refresh from TOKEN_EXPIRED
    assert flow.state == S.AUTHORIZED


async def test_refresh_token_death(
    flow: UserFlow, sandbox: EmbeddedSandbox, recorder: Recorder, clock: FakeClock, network: Network
) -> None:
    flow.auto_refresh = True
    await authorized(flow, sandbox)
    tokens = flow.tokens
    clock.advance(contract.REFRESH_TTL + 1)
    flow.tick()
    assert flow.state == S.REFRESH_EXPIRED
    assert not flow.pending_tasks
    assert flow.tokens is tokens  # kept, for the record
    message = recorder.events[-1].message
    assert "refresh token is dead: authorize again" in message
    assert "auto-refresh stopped" in message
    flow.tick()
    assert recorder.events[-1].message == message  # said once
    with pytest.raises(FlowError, match="refresh token is dead"):
        await flow.refresh()
    assert network.sent.get(contract.PATH_REFRESH) is None  # a dead token is never sent


async def test_sandbox_says_the_refresh_token_is_dead(
    flow: UserFlow, sandbox: EmbeddedSandbox, recorder: Recorder, client: SCBClient
) -> None:
    sandbox.config.rotate_refresh = True
    await authorized(flow, sandbox)
    tokens = flow.tokens
    assert tokens is not None
    await client.refresh(tokens)  # someone else used it: the sandbox rotates, the old one dies
    with pytest.raises(ApiError) as info:
        await flow.refresh()
    assert info.value.code == contract.StatusCode.INVALID_TEMPORARY_TOKEN
    assert flow.state == S.REFRESH_EXPIRED
    assert "refresh token is dead: authorize again" in recorder.events[-1].message
    assert flow.tokens is tokens


async def test_failed_refresh_keeps_tokens(
    flow: UserFlow, sandbox: EmbeddedSandbox, recorder: Recorder, network: Network
) -> None:
    await authorized(flow, sandbox)
    tokens = flow.tokens
    network.faults[contract.PATH_REFRESH] = ["drop"]
    with pytest.raises(ConnectionDropped):
        await flow.refresh()
    assert network.sent[contract.PATH_REFRESH] == 1  # a dropped refresh is not retried
    assert flow.state == S.AUTHORIZED
    assert flow.tokens is tokens
    assert flow.history == (tokens,)
    event = recorder.events[-1]
    assert event.previous == S.REFRESHING
    assert isinstance(event.error, ConnectionDropped)
    assert "keeping the previous tokens" in event.message


async def test_failed_refresh_after_expiry_goes_to_token_expired(
    flow: UserFlow, sandbox: EmbeddedSandbox, network: Network, clock: FakeClock
) -> None:
    await authorized(flow, sandbox)
    clock.advance(contract.ACCESS_TTL + 5)
    network.faults[contract.PATH_REFRESH] = ["timeout"]
    with pytest.raises(RequestTimeout):
        await flow.refresh()
    assert flow.state == S.TOKEN_EXPIRED


async def test_sandbox_fault_on_refresh_keeps_tokens(
    flow: UserFlow, sandbox: EmbeddedSandbox, recorder: Recorder
) -> None:
    await authorized(flow, sandbox)
    tokens = flow.tokens
    async with httpx.AsyncClient() as admin:
        response = await admin.put(
            f"{sandbox.root_url}/_sandbox/faults",
            json={"endpoints": {"refresh": {"error_rate": 1.0}}},
        )
        assert response.status_code == 200, response.text
    with pytest.raises(ApiError) as info:
        await flow.refresh()
    assert info.value.http_status == 500
    assert flow.state == S.AUTHORIZED
    assert flow.tokens is tokens


async def test_refresh_retries_once_when_nothing_was_sent(
    flow: UserFlow, sandbox: EmbeddedSandbox, network: Network
) -> None:
    await authorized(flow, sandbox)
    network.faults[contract.PATH_REFRESH] = ["refuse"]
    await flow.refresh()
    assert network.sent[contract.PATH_REFRESH] == 2
    assert flow.state == S.AUTHORIZED
    assert len(flow.history) == 2


async def test_refresh_retries_only_once(
    flow: UserFlow, sandbox: EmbeddedSandbox, network: Network
) -> None:
    await authorized(flow, sandbox)
    tokens = flow.tokens
    network.faults[contract.PATH_REFRESH] = ["refuse", "refuse", "refuse"]
    with pytest.raises(ConnectError):
        await flow.refresh()
    assert network.sent[contract.PATH_REFRESH] == 2
    assert flow.tokens is tokens


async def test_failed_auto_refresh_backs_off(
    flow: UserFlow, sandbox: EmbeddedSandbox, network: Network, clock: FakeClock, recorder: Recorder
) -> None:
    flow.auto_refresh = True
    await authorized(flow, sandbox)
    network.faults[contract.PATH_REFRESH] = ["drop"]
    clock.advance(contract.ACCESS_TTL - 30)
    flow.tick()
    await flow.wait_idle()  # no unhandled task exception
    assert flow.state == S.AUTHORIZED
    assert isinstance(recorder.events[-1].error, ConnectionDropped)
    flow.tick()  # at once again: not yet, it backs off
    assert not flow.pending_tasks
    clock.advance(16)
    flow.tick()
    await flow.wait_idle()
    assert network.sent[contract.PATH_REFRESH] == 2
    assert len(flow.history) == 2


# --- cancel, reset, listeners -----------------------------------------------------------------


async def test_cancel_during_exchange(
    flow: UserFlow, sandbox: EmbeddedSandbox, recorder: Recorder, network: Network
) -> None:
    await flow.authorize()
    flow.accept_text(await approve(sandbox, flow))
    network.faults[contract.PATH_TOKEN] = ["hang"]
    exchanging = asyncio.ensure_future(flow.exchange())
    await until(lambda: network.sent.get(contract.PATH_TOKEN) == 1)
    assert flow.state == S.EXCHANGING
    flow.cancel()
    with pytest.raises(FlowCancelled):
        await exchanging
    assert flow.state == S.CANCELLED
    assert recorder.states[-2:] == [S.EXCHANGING, S.CANCELLED]
    await flow.wait_idle()
    assert not flow.pending_tasks


async def test_cancelling_the_caller_does_not_leave_the_flow_busy(
    flow: UserFlow, sandbox: EmbeddedSandbox, network: Network
) -> None:
    await authorized(flow, sandbox)
    network.faults[contract.PATH_REFRESH] = ["hang"]
    refreshing = asyncio.ensure_future(flow.refresh())
    await until(
        lambda: flow.state == S.REFRESHING and bool(network.sent.get(contract.PATH_REFRESH))
    )
    refreshing.cancel()
    with pytest.raises(asyncio.CancelledError):
        await refreshing
    assert flow.state == S.CANCELLED
    await flow.wait_idle()
    assert not flow.pending_tasks


async def test_cancel_a_pending_auto_refresh(
    flow: UserFlow, sandbox: EmbeddedSandbox, clock: FakeClock, network: Network
) -> None:
    flow.auto_refresh = True
    await authorized(flow, sandbox)
    tokens = flow.tokens
    network.faults[contract.PATH_REFRESH] = ["hang"]
    clock.advance(contract.ACCESS_TTL - 10)
    flow.tick()
    await until(lambda: bool(network.sent.get(contract.PATH_REFRESH)))
    flow.cancel()
    await flow.wait_idle()
    assert flow.state == S.CANCELLED
    assert flow.tokens is tokens
    flow.tick()  # cancelled: no more auto-refresh
    assert not flow.pending_tasks


@pytest.mark.parametrize("where", ["idle", "awaiting", "code", "authorized"])
async def test_cancel_from_any_state(
    flow: UserFlow, sandbox: EmbeddedSandbox, recorder: Recorder, where: str
) -> None:
    if where != "idle":
        await flow.authorize()
    if where in ("code", "authorized"):
        flow.accept_text(await approve(sandbox, flow))
    if where == "authorized":
        await flow.exchange()
    before = flow.state
    flow.cancel()
    assert flow.state == S.CANCELLED
    assert recorder.events[-1].previous == before
    assert flow.code is None
    count = len(recorder.events)
    flow.cancel()  # twice: nothing more
    assert len(recorder.events) == count


async def test_reset(flow: UserFlow, sandbox: EmbeddedSandbox, recorder: Recorder) -> None:
    await authorized(flow, sandbox)
    flow.reset()
    assert flow.state == S.IDLE
    assert flow.tokens is None
    assert flow.authorize_result is None
    assert flow.expected_state is None
    assert len(flow.history) == 1
    await authorized(flow, sandbox)  # and again from the start
    assert len(flow.history) == 2
    recorder.assert_chained()


async def test_refusals_name_the_problem(
    flow: UserFlow, sandbox: EmbeddedSandbox, network: Network
) -> None:
    with pytest.raises(FlowError, match="no authorization code"):
        await flow.exchange()
    with pytest.raises(FlowError, match="no refresh token"):
        await flow.refresh()
    await flow.authorize()
    flow.accept_text(await approve(sandbox, flow))
    network.faults[contract.PATH_TOKEN] = ["hang"]
    exchanging = asyncio.ensure_future(flow.exchange())
    await until(lambda: flow.state == S.EXCHANGING)
    for action in (flow.authorize(), flow.refresh(), flow.exchange()):
        with pytest.raises(FlowError, match="being exchanged"):
            await action
    with pytest.raises(FlowError, match="being exchanged"):
        flow.accept_text("abcdefgh")
    flow.cancel()
    with pytest.raises(FlowCancelled):
        await exchanging


async def test_authorize_failure(flow: UserFlow, recorder: Recorder, network: Network) -> None:
    network.faults[contract.PATH_AUTHORIZE] = ["refuse"]
    with pytest.raises(ConnectError):
        await flow.authorize()
    assert flow.state == S.FAILED
    assert recorder.events[-1].error is flow.last_error


async def test_listeners_unsubscribe_and_a_broken_one_does_not_break_the_flow(
    flow: UserFlow, sandbox: EmbeddedSandbox, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    late = Recorder()
    unsubscribe = flow.subscribe(late)

    def broken(event: FlowEvent) -> None:
        raise RuntimeError("listener bug")

    flow.subscribe(broken)
    await flow.authorize()
    assert len(late.events) == 1
    assert "listener bug" in caplog.text or "broken" in caplog.text
    unsubscribe()
    unsubscribe()  # twice is fine
    flow.accept_text(await approve(sandbox, flow))
    assert len(late.events) == 1
    assert recorder.states == [S.AWAITING_CONSENT, S.CODE_RECEIVED]


async def test_short_lived_tokens_do_not_refresh_on_every_tick(
    flow: UserFlow, sandbox: EmbeddedSandbox, clock: FakeClock
) -> None:
    # a 60 s margin on a 30 s token would refresh on every tick; half its life is used instead
    sandbox.config.token_ttl = 30
    flow.auto_refresh = True
    await authorized(flow, sandbox)
    clock.advance(10)
    flow.tick()
    assert not flow.pending_tasks
    clock.advance(6)
    flow.tick()
    assert flow.pending_tasks
    await flow.wait_idle()
    assert len(flow.history) == 2
    flow.tick()
    assert not flow.pending_tasks


async def test_a_scheduled_auto_refresh_yields_to_a_new_redirect(
    flow: UserFlow, sandbox: EmbeddedSandbox, clock: FakeClock, network: Network
) -> None:
    flow.auto_refresh = True
    await authorized(flow, sandbox)
    await flow.authorize()  # re-authorize while AUTHORIZED...
    clock.advance(contract.ACCESS_TTL - 30)
    flow.tick()  # ...AWAITING_CONSENT: no auto-refresh for the old tokens
    assert not flow.pending_tasks
    flow.reset()
    await authorized(flow, sandbox)
    clock.advance(contract.ACCESS_TTL - 30)
    flow.tick()  # scheduled, not started yet
    assert flow.pending_tasks
    flow.accept_text("a-pasted-code-1234")  # the user pastes a code meanwhile
    await flow.wait_idle()
    assert flow.state == S.CODE_RECEIVED  # the refresh did not run over the new code
    assert network.sent.get(contract.PATH_REFRESH) is None


async def test_authorize_cancels_a_scheduled_auto_refresh(
    flow: UserFlow, sandbox: EmbeddedSandbox, clock: FakeClock, network: Network
) -> None:
    flow.auto_refresh = True
    await authorized(flow, sandbox)
    clock.advance(contract.ACCESS_TTL - 30)
    flow.tick()
    assert flow.pending_tasks
    await flow.authorize()
    await flow.wait_idle()
    assert flow.state == S.AWAITING_CONSENT
    assert network.sent.get(contract.PATH_REFRESH) is None


async def test_a_listener_cancelling_on_the_first_event_stops_the_request(
    flow: UserFlow, sandbox: EmbeddedSandbox, network: Network
) -> None:
    await authorized(flow, sandbox)

    def cancel_on_refreshing(event: FlowEvent) -> None:
        if event.state == S.REFRESHING:
            flow.cancel()

    flow.subscribe(cancel_on_refreshing)
    with pytest.raises(FlowCancelled):
        await flow.refresh()
    assert flow.state == S.CANCELLED
    assert network.sent.get(contract.PATH_REFRESH) is None


async def test_a_bug_below_does_not_leave_the_flow_busy(
    flow: UserFlow, sandbox: EmbeddedSandbox, client: SCBClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await authorized(flow, sandbox)
    tokens = flow.tokens

    async def broken(previous: object) -> None:
        raise KeyError("oops")

    monkeypatch.setattr(client, "refresh", broken)
    with pytest.raises(SCBConsoleError, match="internal error"):
        await flow.refresh()
    assert flow.state == S.AUTHORIZED
    assert flow.tokens is tokens
