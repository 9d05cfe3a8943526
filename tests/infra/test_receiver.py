"""The loopback redirect receiver, over real HTTP from httpx."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator

import httpx
import pytest

from scb_console.core import contract
from scb_console.core.errors import RedirectError
from scb_console.core.models import RedirectParams
from scb_console.infra.receiver import ReceiverError, RedirectReceiver

CODE = "a2f816bf-5e33-4a7b-a3fd-3babd1e95428"
STATE = "Zq3vN8d0mKx1sJ4pYt7wLw"


@pytest.fixture
async def receiver() -> AsyncIterator[RedirectReceiver]:
    rec = RedirectReceiver()
    await rec.start()
    try:
        yield rec
    finally:
        await rec.stop()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10.0) as client:
        yield client


class Seen:
    def __init__(self) -> None:
        self.params: list[RedirectParams] = []

    def __call__(self, params: RedirectParams) -> None:
        self.params.append(params)


async def test_start_returns_a_loopback_callback_url(receiver: RedirectReceiver) -> None:
    url = receiver.callback_url
    assert url == f"http://127.0.0.1:{receiver.port}{contract.RECEIVER_PATH}"
    assert receiver.port
    assert await receiver.start() == url  # idempotent


async def test_good_redirect(receiver: RedirectReceiver, http: httpx.AsyncClient) -> None:
    seen = Seen()
    receiver.arm(STATE, seen)
    response = await http.get(
        receiver.callback_url,
        params={"code": CODE, "state": STATE, "status": "success", "order": "4+2"},
    )
    assert response.status_code == 200
    assert "Done — return to SCB Console" in response.text
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    assert CODE not in response.text
    assert seen.params == [RedirectParams(CODE, STATE, "success", (("order", "4+2"),))]
    assert await receiver.wait(timeout=1) == seen.params[0]
    assert receiver.used
    assert not receiver.armed


async def test_wrong_state_is_refused_and_the_right_one_still_works(
    receiver: RedirectReceiver, http: httpx.AsyncClient
) -> None:
    seen = Seen()
    receiver.arm(STATE, seen)
    wrong = await http.get(receiver.callback_url, params={"code": CODE, "state": "evil-state-99"})
    assert wrong.status_code == 400
    assert "Wrong state" in wrong.text
    assert "possible CSRF" in wrong.text
    assert STATE not in wrong.text
    missing = await http.get(receiver.callback_url, params={"code": CODE})
    assert missing.status_code == 400
    assert "got no state" in missing.text
    assert seen.params == []
    right = await http.get(receiver.callback_url, params={"code": CODE, "state": STATE})
    assert right.status_code == 200
    assert len(seen.params) == 1


async def test_second_use_is_gone(receiver: RedirectReceiver, http: httpx.AsyncClient) -> None:
    seen = Seen()
    receiver.arm(STATE, seen)
    query = {"code": CODE, "state": STATE}
    assert (await http.get(receiver.callback_url, params=query)).status_code == 200
    again = await http.get(receiver.callback_url, params=query)
    assert again.status_code == 410
    assert "already" in again.text
    assert len(seen.params) == 1


async def test_not_armed(receiver: RedirectReceiver, http: httpx.AsyncClient) -> None:
    response = await http.get(receiver.callback_url, params={"code": CODE, "state": STATE})
    assert response.status_code == 409
    assert "not waiting" in response.text


async def test_rearming_allows_a_new_sign_in(
    receiver: RedirectReceiver, http: httpx.AsyncClient
) -> None:
    first, second = Seen(), Seen()
    receiver.arm(STATE, first)
    await http.get(receiver.callback_url, params={"code": CODE, "state": STATE})
    receiver.arm("new-state-1234", second)
    response = await http.get(
        receiver.callback_url, params={"code": CODE, "state": "new-state-1234"}
    )
    assert response.status_code == 200
    assert len(first.params) == len(second.params) == 1


async def test_wrong_path_and_method(receiver: RedirectReceiver, http: httpx.AsyncClient) -> None:
    seen = Seen()
    receiver.arm(STATE, seen)
    base = receiver.callback_url.removesuffix(contract.RECEIVER_PATH)
    for path in ("/", "/favicon.ico", "/callback/x", "/callbackx"):
        response = await http.get(base + path, params={"code": CODE, "state": STATE})
        assert response.status_code == 404, path
    post = await http.post(receiver.callback_url, params={"code": CODE, "state": STATE})
    assert post.status_code == 405
    head = await http.head(receiver.callback_url, params={"code": CODE, "state": STATE})
    assert head.status_code == 405  # a HEAD (a link prefetcher) must not spend the redirect
    assert seen.params == []
    assert receiver.armed


async def test_denied(receiver: RedirectReceiver, http: httpx.AsyncClient) -> None:
    seen = Seen()
    receiver.arm(STATE, seen)
    response = await http.get(receiver.callback_url, params={"status": "denied", "state": STATE})
    assert response.status_code == 200
    assert "Consent was declined" in response.text
    assert seen.params == [RedirectParams(None, STATE, "denied")]
    assert (await receiver.wait(timeout=1)).status == "denied"


async def test_redirect_without_code_or_status(
    receiver: RedirectReceiver, http: httpx.AsyncClient
) -> None:
    seen = Seen()
    receiver.arm(None, seen)
    response = await http.get(receiver.callback_url, params={"order": "42"})
    assert response.status_code == 400
    assert "no code and no status" in response.text
    response = await http.get(receiver.callback_url, params={"status": "error"})
    assert response.status_code == 400
    assert seen.params == []


async def test_oversized_request(
    receiver: RedirectReceiver, http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    seen = Seen()
    receiver.arm(STATE, seen)
    query = {"code": CODE, "state": STATE}
    with caplog.at_level(logging.DEBUG, logger="scb_console"):
        huge = await http.get(receiver.callback_url, params={**query, "x": "y" * 20_000})
        assert huge.status_code == 431
        assert "Too large" in huge.text
        fat_header = await http.get(
            receiver.callback_url, params=query, headers={"x-pad": "p" * 20_000}
        )
        assert fat_header.status_code == 431
        body = await http.request("GET", receiver.callback_url, params=query, content=b"z" * 5000)
        assert body.status_code == 413
        assert "carries no body" in body.text

        async def chunks() -> AsyncIterator[bytes]:
            yield b"z" * 700
            yield b"z" * 700

        chunked = await http.request("GET", receiver.callback_url, params=query, content=chunks())
        assert chunked.status_code == 413
    # the server refused them by itself: whatever it logged names no code and has no traceback
    for record in caplog.records:
        if record.name.startswith("scb_console"):
            assert CODE not in record.getMessage()
            assert record.exc_info is None
            assert record.levelno < logging.WARNING
    # none of them reached the callback; the real redirect still works
    assert seen.params == []
    ok = await http.get(receiver.callback_url, params=query)
    assert ok.status_code == 200
    assert len(seen.params) == 1


async def test_fifty_concurrent_connections_one_winner(receiver: RedirectReceiver) -> None:
    seen = Seen()
    receiver.arm(STATE, seen)
    limits = httpx.Limits(max_connections=50, max_keepalive_connections=0)
    async with httpx.AsyncClient(timeout=10.0, limits=limits) as http:
        responses = await asyncio.gather(
            *(
                http.get(receiver.callback_url, params={"code": f"{CODE}-{i}", "state": STATE})
                for i in range(50)
            )
        )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [410] * 49
    assert len(seen.params) == 1


async def test_callback_error_is_shown(receiver: RedirectReceiver, http: httpx.AsyncClient) -> None:
    def broken(params: RedirectParams) -> None:
        raise RedirectError("the flow is busy exchanging another code")

    receiver.arm(STATE, broken)
    response = await http.get(receiver.callback_url, params={"code": CODE, "state": STATE})
    assert response.status_code == 500
    assert "the flow is busy exchanging another code" in response.text


async def test_wait_times_out_and_needs_arming(receiver: RedirectReceiver) -> None:
    with pytest.raises(RuntimeError, match="arm"):
        await receiver.wait(timeout=0)
    receiver.arm(STATE)
    with pytest.raises(RedirectError, match="no redirect arrived within 0 s"):
        await receiver.wait(timeout=0)


async def test_stop_releases_a_waiter() -> None:
    rec = RedirectReceiver()
    await rec.start()
    rec.arm(STATE)
    waiter = asyncio.ensure_future(rec.wait(timeout=30))
    await asyncio.sleep(0)
    await rec.stop()
    with pytest.raises(RedirectError, match="stopped"):
        await waiter
    assert not rec.running


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.com", ""])
async def test_loopback_only(host: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        RedirectReceiver(host=host)


async def test_ipv6_loopback_and_localhost() -> None:
    if socket.has_ipv6:
        try:
            async with RedirectReceiver(host="::1") as rec:
                assert rec.callback_url.startswith("http://[::1]:")
        except ReceiverError:
            pass  # no IPv6 loopback on this machine
    async with RedirectReceiver(host="localhost") as rec:
        assert rec.callback_url.startswith("http://localhost:")


async def test_port_conflict_names_the_port() -> None:
    async with RedirectReceiver() as first:
        port = first.port
        assert port is not None
        clash = RedirectReceiver(port=port)
        with pytest.raises(ReceiverError, match=f"port {port} is already in use"):
            await clash.start()
        assert not clash.running


async def test_chosen_port(unused_tcp_port: int) -> None:
    async with RedirectReceiver(port=unused_tcp_port) as rec:
        assert rec.callback_url == f"http://127.0.0.1:{unused_tcp_port}/callback"


async def test_no_access_log_of_the_code(
    receiver: RedirectReceiver, http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    receiver.arm(STATE, Seen())
    with caplog.at_level(logging.DEBUG):
        response = await http.get(receiver.callback_url, params={"code": CODE, "state": STATE})
    assert response.status_code == 200
    # no access log: the server and the receiver log nothing about a request that went well
    assert [r.getMessage() for r in caplog.records if r.name.startswith("scb_console")] == []
