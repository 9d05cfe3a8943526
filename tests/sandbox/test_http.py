"""The sandbox on its HTTP server (scb_console.infra.httpserver): what the move off aiohttp could
break. Raw bytes over real loopback sockets, the server in the test's own loop."""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import json
import uuid
from collections.abc import AsyncIterator, Mapping
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scb_console.core.clock import FakeClock, SystemClock
from scb_console.core.contract import PATH_AUTHORIZE, PATH_TOKEN, SANDBOX_BASE_PATH, StatusCode
from scb_console.sandbox import (
    DEMO_API_KEY,
    DEMO_API_SECRET,
    FaultSpec,
    SandboxConfig,
    SandboxServer,
)
from scb_console.sandbox.server import MAX_BODY, http_date

TOKEN = SANDBOX_BASE_PATH + PATH_TOKEN
TOKEN_BODY = json.dumps({"applicationKey": DEMO_API_KEY, "applicationSecret": DEMO_API_SECRET})


@pytest.fixture
async def server(clock: FakeClock) -> AsyncIterator[SandboxServer]:
    sandbox = SandboxServer(SandboxConfig.default(), clock=clock)
    await sandbox.start()
    try:
        yield sandbox
    finally:
        await sandbox.stop()


def token_request(port: int, body: str = TOKEN_BODY, **headers: str) -> bytes:
    lines = [
        f"POST {TOKEN} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Content-Type: application/json",
        f"resourceOwnerId: {DEMO_API_KEY}",
        f"requestUId: {uuid.uuid4()}",
        f"Content-Length: {len(body.encode())}",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()


class Answer:
    """One parsed HTTP/1.1 answer."""

    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name: str) -> str | None:
        values = self.all(name)
        return values[0] if values else None

    def all(self, name: str) -> list[str]:
        return [v for n, v in self.headers if n.lower() == name.lower()]

    def json(self) -> Any:
        return json.loads(self.body)


async def read_answer(reader: asyncio.StreamReader, *, head_only: bool = False) -> Answer:
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
    status_line, *lines = head.decode("latin-1").split("\r\n")[:-2]
    assert status_line.startswith("HTTP/1.1 "), status_line
    headers = [(n, v.strip()) for n, _, v in (line.partition(":") for line in lines)]
    answer = Answer(int(status_line.split()[1]), headers, b"")
    length = answer.header("Content-Length")
    assert length is not None, headers  # every answer is framed by its length
    if not head_only:
        answer.body = await asyncio.wait_for(reader.readexactly(int(length)), 10)
    return answer


@contextlib.asynccontextmanager
async def connection(port: int) -> AsyncIterator[tuple[asyncio.StreamReader, asyncio.StreamWriter]]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        yield reader, writer
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


async def exchange(port: int, data: bytes, *, head_only: bool = False) -> Answer:
    async with connection(port) as (reader, writer):
        writer.write(data)
        return await read_answer(reader, head_only=head_only)


async def test_keep_alive_serves_several_requests_on_one_connection(
    server: SandboxServer,
) -> None:
    async with connection(server.port) as (reader, writer):
        answers = []
        for _ in range(3):  # one after the other
            writer.write(token_request(server.port))
            answers.append(await read_answer(reader))
        writer.write(token_request(server.port) * 2)  # and two pipelined
        answers += [await read_answer(reader), await read_answer(reader)]
    assert [a.status for a in answers] == [200] * 5
    tokens = {a.json()["data"]["accessToken"] for a in answers}
    assert len(tokens) == 5
    assert all(a.header("Connection") is None for a in answers)  # not closed in between
    assert len(server.state.recent()) == 5


async def test_a_body_over_the_limit_is_413_in_scb_envelope(server: SandboxServer) -> None:
    body = '{"applicationKey": "' + "x" * MAX_BODY + '"}'
    answer = await exchange(server.port, token_request(server.port, body))
    assert answer.status == 413
    assert answer.header("Content-Type") == "application/json; charset=utf-8"
    envelope = answer.json()
    assert envelope["data"] is None
    assert envelope["status"]["code"] == StatusCode.INVALID_PARAMETERS
    assert "body too large" in envelope["status"]["description"]
    [entry] = server.state.recent()
    assert (entry["endpoint"], entry["status"], entry["scbCode"]) == ("token", 413, 1102)


async def test_a_body_over_the_limit_in_thai(server: SandboxServer) -> None:
    body = "x" * (MAX_BODY + 1)
    request = token_request(server.port, body, **{"accept-language": "th-TH"})
    answer = await exchange(server.port, request)
    assert answer.status == 413
    assert "บอดี้ใหญ่เกินไป" in answer.json()["status"]["description"]


async def test_a_body_over_the_limit_on_an_admin_route_is_admin_json(
    server: SandboxServer,
) -> None:
    body = "x" * (MAX_BODY + 1)
    data = (
        f"PUT /_sandbox/faults HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n{body}"
    ).encode()
    answer = await exchange(server.port, data)
    assert answer.status == 413
    assert set(answer.json()) == {"error"}
    assert str(MAX_BODY) in answer.json()["error"]


async def test_a_chunked_body_over_the_limit_is_413(server: SandboxServer) -> None:
    chunk = b"x" * 40_000
    data = (
        f"POST {TOKEN} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    ).encode() + (b"%x\r\n%s\r\n" % (len(chunk), chunk)) * 2
    answer = await exchange(server.port, data)
    assert answer.status == 413
    assert answer.json()["status"]["code"] == StatusCode.INVALID_PARAMETERS


async def test_a_chunked_body_is_read_whole(server: SandboxServer) -> None:
    body = TOKEN_BODY.encode()
    data = (
        (
            f"POST {TOKEN} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"resourceOwnerId: {DEMO_API_KEY}\r\nrequestUId: u-1\r\n"
            "Transfer-Encoding: chunked\r\n\r\n"
        ).encode()
        + b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in (body[:10], body[10:]))
        + b"0\r\n\r\n"
    )
    answer = await exchange(server.port, data)
    assert answer.status == 200, answer.body
    assert answer.json()["status"]["code"] == StatusCode.SUCCESS


@pytest.mark.parametrize(
    "data",
    [
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",  # TLS on plain HTTP
        b"GET\r\n\r\n",
        b"GET / HTTP/1.1 trailing\r\nHost: x\r\n\r\n",
        b"GET /_sandbox/health HTTP/1.1\r\nbad header line\r\n\r\n",
    ],
)
async def test_garbage_is_a_400_scb_envelope(server: SandboxServer, data: bytes) -> None:
    answer = await exchange(server.port, data)
    assert answer.status == 400
    envelope = answer.json()
    assert envelope["data"] is None
    assert envelope["status"]["code"] == StatusCode.INVALID_PARAMETERS
    assert answer.header("Connection") == "close"


async def test_head_health_answers_without_a_body(server: SandboxServer) -> None:
    async with connection(server.port) as (reader, writer):
        writer.write(b"HEAD /_sandbox/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        head = await read_answer(reader, head_only=True)
        # the connection stays usable: the next answer starts right after the head
        writer.write(b"GET /_sandbox/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        get = await read_answer(reader)
    assert head.status == 200
    assert head.header("Content-Length") == str(len(get.body))
    assert get.json() == {"status": "ok"}


async def test_a_dropped_connection_sends_nothing(server: SandboxServer) -> None:
    server.faults = server.faults.with_endpoint("token", FaultSpec(drop_rate=1.0))
    async with connection(server.port) as (reader, writer):
        writer.write(token_request(server.port))
        try:
            rest = await asyncio.wait_for(reader.read(), 10)
        except ConnectionResetError:
            rest = b""
    assert rest == b""
    [entry] = server.state.recent()
    assert (entry["fault"], entry["status"]) == ("drop", None)


async def test_a_client_that_hangs_up_during_latency_spends_nothing(clock: FakeClock) -> None:
    """The console gave up (its timeout) while the sandbox waited out a latency fault: the
    sandbox notes the client was gone and does not spend the code (the console may retry)."""
    heard: asyncio.Queue[Mapping[str, Any]] = asyncio.Queue()
    server = SandboxServer(SandboxConfig.default(), clock=clock, on_request=heard.put_nowait)
    await server.start()
    try:
        async with httpx.AsyncClient(base_url=server.root_url, timeout=10) as http:
            code = await _code(http, server)
            body = {
                "applicationKey": DEMO_API_KEY,
                "applicationSecret": DEMO_API_SECRET,
                "authCode": code,
            }
            while not heard.empty():
                heard.get_nowait()
            server.faults = server.faults.with_endpoint("token", FaultSpec(latency_ms=100))
            async with connection(server.port) as (_, writer):
                writer.write(token_request(server.port, json.dumps(body)))
                await writer.drain()
            entry = await asyncio.wait_for(heard.get(), 10)
            assert (entry["fault"], entry["status"]) == ("client-gone", None)
            server.faults = server.faults.with_endpoint("token", FaultSpec())
            again = await http.post(
                TOKEN,
                headers={"resourceOwnerId": DEMO_API_KEY, "requestUId": "u-2"},
                json=body,
            )
            assert again.status_code == 200, again.text  # the code was still good
            assert "refreshToken" in again.json()["data"]
    finally:
        await server.stop()


async def _code(http: httpx.AsyncClient, server: SandboxServer) -> str:
    login = await http.get(
        server.base_url + PATH_AUTHORIZE,
        headers={
            "apikey": DEMO_API_KEY,
            "apisecret": DEMO_API_SECRET,
            "resourceOwnerId": DEMO_API_KEY,
            "requestUId": "u-1",
            "response-channel": "mobile",
            "endState": "mobile_app",
        },
    )
    assert login.status_code == 200, login.text
    login_id = login.json()["data"]["callbackUrl"].rsplit("/", 1)[1]
    approved = await http.post(
        f"/_sandbox/logins/{login_id}/approve",
        json={"customerId": "sb-customer-001", "pin": "123456"},
    )
    assert approved.status_code == 200, approved.text
    return str(httpx.URL(approved.json()["redirectUrl"]).params["code"])


async def test_start_stop_start_again_in_one_loop(clock: FakeClock) -> None:
    server = SandboxServer(SandboxConfig.default(), clock=clock)
    for _ in range(2):
        base = await server.start()
        assert server.running
        assert await server.start() == base  # already running: the same URL
        answer = await exchange(server.port, token_request(server.port))
        assert answer.status == 200
        port = server.port
        await server.stop()
        assert not server.running
        with pytest.raises(OSError):
            await asyncio.open_connection("127.0.0.1", port)
    await server.stop()  # twice is fine
    assert len(server.state.recent()) == 2


async def test_405_names_the_allowed_methods(server: SandboxServer) -> None:
    api = await exchange(server.port, f"GET {TOKEN} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    assert (api.status, api.header("Allow")) == (405, "POST")
    assert api.json()["status"]["code"] == StatusCode.WRONG_METHOD
    admin = await exchange(
        server.port, b"DELETE /_sandbox/faults HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    assert (admin.status, admin.header("Allow")) == (405, "GET, PUT")
    assert "GET, PUT" in admin.json()["error"]


async def test_one_date_header_from_the_fake_clock(server: SandboxServer, clock: FakeClock) -> None:
    clock.advance(10_000)
    answer = await exchange(server.port, token_request(server.port))
    [date] = answer.all("Date")
    assert email.utils.parsedate_to_datetime(date).timestamp() == int(clock.wall())


async def test_one_date_header_from_the_system_clock() -> None:
    server = SandboxServer(SandboxConfig.default(), clock=SystemClock())
    await server.start()
    try:
        before = int(SystemClock().wall())
        answer = await exchange(server.port, token_request(server.port))
        after = SystemClock().wall()
    finally:
        await server.stop()
    [date] = answer.all("Date")
    assert before <= email.utils.parsedate_to_datetime(date).timestamp() <= after


async def test_http_10_is_answered_and_closed(server: SandboxServer) -> None:
    async with connection(server.port) as (reader, writer):
        writer.write(b"GET /_sandbox/health HTTP/1.0\r\n\r\n")
        answer = await read_answer(reader)
        assert await asyncio.wait_for(reader.read(), 10) == b""
    assert answer.json() == {"status": "ok"}


async def test_a_consent_form_that_is_not_utf8_shows_the_page_again(
    server: SandboxServer,
) -> None:
    async with httpx.AsyncClient(base_url=server.root_url, timeout=10) as http:
        login = await http.get(
            server.base_url + PATH_AUTHORIZE,
            headers={
                "apikey": DEMO_API_KEY,
                "apisecret": DEMO_API_SECRET,
                "resourceOwnerId": DEMO_API_KEY,
                "requestUId": "u-1",
                "response-channel": "mobile",
                "endState": "mobile_app",
            },
        )
        login_id = login.json()["data"]["callbackUrl"].rsplit("/", 1)[1]
        answer = await http.post(
            f"/_sandbox/easy/login/{login_id}",
            content=b"customerId=\xff\xfe&pin=123456",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert 400 <= answer.status_code < 500
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert "<form" in answer.text  # the page again, with what went wrong
    assert server.state.get_login(login_id) is not None  # still pending


@given(st.integers(min_value=0, max_value=253_402_300_799))  # to the end of the year 9999
def test_http_date_is_what_email_utils_gives(epoch: int) -> None:
    assert http_date(epoch) == email.utils.formatdate(epoch, usegmt=True)


def test_new_uuid_is_a_random_version_4_uuid() -> None:
    from scb_console.sandbox.protocol import new_uuid

    made = [new_uuid() for _ in range(2000)]
    assert len(set(made)) == len(made)
    for text in made:
        parsed = uuid.UUID(text)
        assert str(parsed) == text  # canonical: lower-case, dashed
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
